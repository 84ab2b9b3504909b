//! What a build keeps for the next one, under `.roadbook-cache/`: rendered page bodies
//! ([`bodies`]) and rendered pages ([`pages`]), both in the checked file format of
//! [`blob_file`].

pub mod blob_file;
pub mod bodies;
pub mod lazy;
pub mod pages;
