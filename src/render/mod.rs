//! Rendering pages through Tera templates.
//!
//! Every output page is a [`Route`]; [`Renderer::render`] turns one route into HTML using the
//! site's templates (site `templates/` over theme over the built-in default). Rendering reads
//! the assembled [`Site`](crate::assemble::Site) and never changes it, so routes render in
//! parallel.
//!
//! A page is made in two steps: [`variables`] gives a route's template variables (a
//! [`PageContext`](page_context::PageContext), with [`meta`] and the values of [`context`]), and the renderer renders
//! them. The page cache keys a page by those variables ([`key`]) before it is rendered.

pub mod builtin;
pub mod context;
pub mod diagrams;
pub mod i18n;
pub mod key;
pub mod meta;
pub mod page_context;
pub mod print;
pub mod renderer;
pub mod route;
pub mod sections;
pub mod svg;
pub mod templates;
pub mod variables;

pub use print::print_order;
pub use renderer::Renderer;
pub use route::Route;
