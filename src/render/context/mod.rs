//! What templates see: serializable views of pages, links, dates and lists, built from the
//! [`Site`](crate::assemble::Site). Every field always exists (absent values are `null` or
//! empty lists), so templates can test them with `{% if %}` without tripping Tera's strict
//! undefined check. docs/templates.md lists every variable.
//!
//! [`views`] builds the values ([`Views`], and [`SiteValues`] made once per site);
//! [`shapes`] are their types; [`page`] and [`site`] make the `page` and `site` variables.

pub mod page;
pub mod shapes;
pub mod site;
pub mod views;

pub use shapes::SeriesCtx;
pub use views::{SiteValues, Views};
