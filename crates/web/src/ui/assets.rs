//! The stylesheets, embedded in the binary: the NL Design System's Utrecht components and the neutral
//! "voorbeeld" theme of design tokens (both from npm, copied by `scripts/vendor-css` and checked against
//! `e2e/package-lock.json` by `scripts/test`), and Regie's few layout rules.

use super::PagePath;
use crate::AppState;
use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

const FILES: [(&str, &str); 3] = [
    ("utrecht.css", include_str!("../../assets/utrecht.css")),
    ("voorbeeld-theme.css", include_str!("../../assets/voorbeeld-theme.css")),
    ("regie.css", include_str!("../../assets/regie.css")),
];

/// `GET /assets/{file}`, gzipped for browsers that accept it (only the stylesheets: compressing pages that
/// hold a CSRF token next to what a user typed would open them to BREACH).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/assets/{file}", get(asset))
        .layer(tower_http::compression::CompressionLayer::new())
}

async fn asset(PagePath(file): PagePath<String>) -> Response {
    match FILES.iter().find(|(name, _)| *name == file) {
        Some((_, body)) => (
            [
                (header::CONTENT_TYPE, "text/css; charset=utf-8"),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            *body,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
