//! rundbrief: a quarterly newsletter with an integrated blog, from Markdown to
//! the subscriber's inbox. The binary in `main.rs` is a thin shell over this
//! library; each module below owns one concern of DESIGN.md.

pub mod address;
pub mod archive;
pub mod build;
pub mod calendar;
pub mod checks;
pub mod config;
pub mod content;
pub mod delivery;
pub mod diagnostic;
pub mod dns_check;
pub mod email_images;
pub mod fsx;
pub mod link_check;
pub mod locale;
pub mod mail;
pub mod name;
pub mod optin;
pub mod preview;
mod render;
pub mod returns;
pub mod scaffold;
pub mod schedule;
pub mod secret;
pub mod store;
pub mod subscriber_csv;
mod toml_errors;
pub mod urls;
pub mod web;
pub mod workspace;

pub use config::Config;
pub use workspace::Workspace;
