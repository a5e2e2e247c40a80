//! The `regie` command's integration tests, in one binary (one link instead of one a file): the commands,
//! `regie serve` as a process, the log, backups and the demo.

mod common;

mod account;
mod backup;
mod bench;
mod demo;
mod figures;
mod generate;
mod import;
mod log;
mod region;
mod retention;
mod servers;
mod telemetry;
mod webhooks;
