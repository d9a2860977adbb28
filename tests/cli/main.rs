//! Integration tests: the `sprx` binary run against casebooks in temp dirs,
//! hermetically (HOME inside the temp dir, no global or system git config,
//! fixed author, fixed clock through SPRX_NOW). One module per command area.

mod common;

mod cache;
mod caseload;
mod check;
mod concurrency;
mod crash;
mod create;
mod day;
mod demo;
mod edit;
mod episodes;
mod equality;
mod erase;
mod examples;
mod exports;
mod files;
mod generated;
mod hardening;
mod import;
mod index;
mod init;
mod lifecycle;
mod page;
mod properties;
mod readers;
mod refusals;
mod report;
mod repository;
mod services;
mod settings;
mod show_list;
pub mod snapshots;
mod sync;
