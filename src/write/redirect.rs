//! The redirect page written at each old path a page lists in `aliases`.
//!
//! A static host cannot answer 301, so the page does what Jekyll's and Hugo's alias pages do:
//! a `<meta http-equiv="refresh">` for browsers, `rel="canonical"` for search engines (which then
//! index the new URL, not this one), `noindex`, and a plain link for anything that follows
//! neither.

use crate::assemble::{Redirect, Site};
use crate::diagnostics::{Cause, Diagnostic};
use crate::util::html::{escape, escape_attr};

/// The HTML of the redirect page `r`.
pub fn page(site: &Site, r: &Redirect) -> String {
    let doc = &site.docs[r.doc];
    let target = doc.site_path();
    let href = escape_attr(&site.urls.path(&target));
    let canonical = escape_attr(&site.urls.absolute(&target));
    let title = escape(&doc.title);
    let lang = escape_attr(&site.config.language);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title}</title>\n<link rel=\"canonical\" href=\"{canonical}\">\n\
         <meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={href}\">\n</head>\n\
         <body>\n<p><a href=\"{href}\">{title}</a></p>\n</body>\n</html>\n"
    )
}

/// An error for each redirect whose file is also a generated page (`tags/…/`, `blog/page/2/`)
/// or a static file: the old path is taken, so it cannot redirect.
pub fn clashes<'a>(site: &Site, taken: impl Fn(&str) -> Option<&'a str>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for r in site.redirects.iter() {
        let Some(what) = taken(&r.file) else { continue };
        let doc = &site.docs[r.doc];
        let mut d = Diagnostic::error(format!("alias `/{}` is already taken by {what}", r.path));
        if let Some(alias) = doc
            .aliases
            .iter()
            .find(|a| crate::assemble::aliases::normalize(&a.id).as_deref() == Ok(r.path.as_str()))
        {
            d = d.with_label(&doc.source, alias.span.clone(), "a redirect here would replace it");
        }
        problems.push(
            d.with_help("remove the alias, or rename the file in static/")
                .with_cause(Cause::Schema),
        );
    }
    problems
}
