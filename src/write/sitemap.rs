//! `sitemap.xml` and `robots.txt`.

use std::fmt::Write;

use super::feed::xml_escape;
use crate::assemble::Site;
use crate::render::Route;

/// A sitemap of every route a search engine should index (not 404, search or print).
pub fn sitemap(site: &Site, routes: &[Route]) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for route in routes {
        if matches!(route, Route::NotFound | Route::Search | Route::Print) {
            continue;
        }
        let _ = write!(
            x,
            "  <url><loc>{}</loc>",
            xml_escape(&site.urls.absolute(&route.site_path(site)))
        );
        if let Route::Doc(i) = route
            && let Some(date) = site.last_updated[*i].or(site.docs[*i].post().map(|p| p.date))
        {
            let _ = write!(x, "<lastmod>{}</lastmod>", date.iso_date());
        }
        x.push_str("</url>\n");
    }
    x.push_str("</urlset>\n");
    x
}

/// `robots.txt` pointing at the sitemap.
pub fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        site.urls.absolute("sitemap.xml")
    )
}
