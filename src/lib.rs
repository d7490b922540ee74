//! sotay: a static documentation generator for Vietnamese handbooks.
//!
//! The pipeline runs one way, one module per stage:
//! [`content`] (load) → [`markdown`] (render) → [`site`] (assemble) → [`output`] (write),
//! driven by [`build`]. [`text`] holds the Vietnamese text rules every stage shares, and
//! [`diagnostics`] the `file:line:col` errors shown to authors.

pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod markdown;
pub mod new_page;
pub mod output;
pub mod print;
pub mod search;
pub mod serve;
pub mod site;
pub mod text;
