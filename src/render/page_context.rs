//! A route's template variables, made but not yet rendered: what the page cache keys pages by.

use serde::Serialize;

use super::context::Views;
use super::diagrams::Drawing;
use crate::assemble::Site;
use crate::diagnostics::Diagnostic;

/// A route's template context, made but not rendered: the template, then the variables in the
/// order they were made. A document page's body HTML (`page.content`, tens of kilobytes, maybe
/// in the body cache file) and its drawing (a roadmap's layout takes milliseconds) are added
/// only when the page is rendered, so a page taken from the page cache never reads the one nor
/// draws the other: [`PageKeys`](super::key::PageKeys) keys them by their hashes.
#[derive(Debug)]
pub struct PageContext {
    pub(super) template: String,
    pub(super) vars: Vec<(&'static str, tera::Value)>,
    /// The document whose body HTML becomes `page.content`.
    pub(super) content: Option<usize>,
    /// The drawing the page shows, with its key: drawn only when the page is rendered.
    pub(super) drawing: Option<(Drawing, u64)>,
}

impl PageContext {
    pub(super) fn insert(&mut self, name: &'static str, value: &(impl Serialize + ?Sized)) {
        self.insert_value(name, tera::Value::from_serializable(value));
    }

    pub(super) fn insert_value(&mut self, name: &'static str, value: tera::Value) {
        self.vars.push((name, value));
    }

    /// Document `i` as the `page` variable.
    pub(super) fn insert_page(&mut self, views: &Views, i: usize) {
        self.insert("page", &views.page(i));
        self.content = Some(i);
    }

    /// The template that renders the page.
    pub fn template(&self) -> &str {
        &self.template
    }

    /// The variables, in the order they were made (`page` without its `content`).
    pub fn vars(&self) -> &[(&'static str, tera::Value)] {
        &self.vars
    }

    /// The document whose body HTML becomes `page.content`, if any.
    pub fn content(&self) -> Option<usize> {
        self.content
    }

    /// The drawing the page shows and its key, if any.
    pub fn drawing(&self) -> Option<(Drawing, u64)> {
        self.drawing
    }
}

/// The `page` value with document `i`'s body HTML as its `content`.
pub(super) fn with_content(page: tera::Value, site: &Site, i: usize) -> Result<tera::Value, Diagnostic> {
    let doc = &site.docs[i];
    let html = site.bodies[i]
        .html
        .get()
        .map_err(|e| Diagnostic::error(e.to_string()).with_path(&doc.source.path))?;
    let mut map = page.into_map().unwrap_or_default();
    map.insert("content".into(), tera::Value::from(html.into_owned()));
    Ok(tera::Value::from(map))
}
