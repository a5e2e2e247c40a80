//! The web crate's integration tests, in one binary (one link instead of one a file): the API, the pages
//! and the access rules, each test on SQLite and on PostgreSQL.

#[macro_use]
mod common;

mod api;
mod justice;
mod matrix;
mod need_to_know;
mod oidc;
mod questionnaire;
mod regions;
mod research;
mod rights;
mod route;
mod second_factor;
mod signals;
mod steering;
mod ui;
mod webhooks;
