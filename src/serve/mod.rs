//! `roadbook serve`: build into memory, serve over HTTP on loopback, watch the site, rebuild
//! incrementally and reload the browser.

pub mod deps;
pub mod project;
pub mod store;
