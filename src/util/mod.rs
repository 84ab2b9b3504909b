//! Leaf helpers the pipeline's steps share; none of them imports anything else of roadbook.

pub mod fs;
pub mod html;
pub mod memory;
pub mod slug;
pub mod text_width;
pub mod timing;
pub mod url;
pub mod utf8;
