//! The shared language (F25; `regie_domain::glossary`): every term with its definition, for professionals,
//! families and anyone else, signed in or not.

use super::{Layout, MaybeSession, PageResult, page};
use crate::AppState;
use askama::Template;
use axum::Router;
use axum::routing::get;
use regie_domain::glossary::{TERMS, Term};

pub fn router() -> Router<AppState> {
    Router::new().route("/begrippen", get(glossary))
}

#[derive(Template)]
#[template(path = "glossary.html")]
struct GlossaryPage {
    layout: Layout,
    terms: &'static [Term],
}

async fn glossary(MaybeSession(session): MaybeSession) -> PageResult {
    page(GlossaryPage {
        layout: Layout::new("Begrippen", session.as_ref(), "/begrippen"),
        terms: TERMS,
    })
}
