//! "Mijn dossier" (F16; AVG art. 15, Jeugdwet art. 7.3.10): a household member downloads their copy of the
//! file from the portal; a professional of an involved organisation downloads it for a member who asked in
//! writing, from the household page. What is in it, and what is left out, is the access layer's
//! (`regie_access::FileCopy`).

use super::{Family, PagePath, PageResult, Pro};
use crate::AppState;
use crate::access::FileCopy;
use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use regie_domain::{HouseholdId, PersonId};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/portaal/mijn-dossier.json", get(own_copy))
        .route("/huishoudens/{id}/leden/{person}/afschrift.json", get(copy_for))
}

/// The copy as a JSON file to save, named after the day it was made.
fn download(file: &FileCopy) -> PageResult {
    let body = serde_json::to_string_pretty(file).map_err(|e| crate::error::ApiError::Internal(Box::new(e)))?;
    let name = format!(
        "attachment; filename=\"mijn-dossier-{}.json\"",
        regie_domain::time::date_in_nl(file.made_at)
    );
    Ok((
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, name),
        ],
        body,
    )
        .into_response())
}

async fn own_copy(State(state): State<AppState>, family: Family) -> PageResult {
    let file = state.access.family_scope(family.member.clone()).file_copy().await?;
    download(&file)
}

async fn copy_for(
    State(state): State<AppState>,
    pro: Pro,
    PagePath((id, person)): PagePath<(HouseholdId, PersonId)>,
) -> PageResult {
    let file = state.access.scope(pro.me.actor()).file_copy(id, person).await?;
    download(&file)
}
