//! rundbrief's integration tests: one binary, the real `rundbrief` executable
//! run against copies of the sample workspace (the repository root), each
//! test changing what it needs to prove one behaviour.

mod dns_server;
mod returned;
mod scripted;
mod smtp;
mod util;

mod archive;
mod build;
mod calendar;
mod check;
mod cli;
mod consent_import;
mod dns;
mod editor;
mod images;
mod import_mail;
mod inbox;
mod journey;
mod languages;
mod layers;
mod legal;
mod local_attacks;
mod looks;
mod mailings;
mod preferences;
mod preview;
mod relays;
mod retention;
mod scaffold;
mod schedules;
mod send;
mod serve;
mod serve_attacks;
mod snapshots;
mod subscribers;
mod toml_errors;
mod welcome;
