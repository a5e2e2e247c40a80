//! The lead's side of the right to rectification (F16; AVG art. 16 and 12 lid 3): decide on a household
//! member's request to correct a timeline entry, or extend its term once with a notice. The member asks in
//! the portal; the request is on the lead's worklist with its term (`correction_due`).

use super::cases::case_response;
use super::views::CaseView;
use crate::AppState;
use crate::access::SignedIn;
use crate::error::{ApiError, ApiJson, ApiPath, Fields, Problem};
use axum::extract::State;
use regie_domain::{CaseId, DomainError, Reason};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(decide_correction))
        .routes(routes!(extend_correction))
}

/// The lead's decision on a correction request.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectionDecisionBody {
    /// Whether the entry is corrected.
    pub accepted: Option<bool>,
    /// The entry's corrected text, when accepted.
    #[serde(default)]
    pub corrected: Option<String>,
    /// Why: what was corrected, or the ground of the refusal (the member reads it).
    pub reason: String,
    /// The case version this change is based on.
    pub version: i64,
}

/// The decision as typed, every wrong field at once: accepted or not, the corrected text when accepted, the
/// reason.
pub(crate) fn decision(
    accepted: Option<bool>,
    corrected: &str,
    reason: &str,
) -> Result<(Option<Reason>, Reason), ApiError> {
    let mut wrong = Fields::default();
    if accepted.is_none() {
        wrong.push(DomainError::invalid(
            "accepted",
            "required",
            "say whether the entry is corrected",
            "Kies of u de correctie toewijst of afwijst.",
        ));
    }
    let corrected = match accepted {
        Some(true) => wrong.check(Reason::parse("corrected", corrected)),
        _ => None,
    };
    let reason = wrong.check(Reason::parse("reason", reason));
    wrong.finish()?;
    Ok((corrected, reason.expect("checked")))
}

#[utoipa::path(post, path = "/cases/{id}/corrections/{number}/decision", tag = "cases", request_body = CorrectionDecisionBody,
    params(("id" = CaseId, Path, description = "Case id"), ("number" = u32, Path, description = "The correction request's number in the case")),
    responses((status = 200, body = CaseView, description = "Decided: an accepted correction changes the entry's text, the old text stays in the history"), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn decide_correction(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath((id, number)): ApiPath<(CaseId, u32)>,
    ApiJson(body): ApiJson<CorrectionDecisionBody>,
) -> Result<axum::Json<CaseView>, ApiError> {
    let (corrected, reason) = decision(
        body.accepted,
        body.corrected.as_deref().unwrap_or_default(),
        &body.reason,
    )?;
    let scope = state.access.scope(me.actor());
    let case = scope
        .change_case(id, body.version, |c, a, at| {
            c.decide_correction(number, corrected, reason, a, at)
        })
        .await?;
    Ok(case_response(&case))
}

/// The lead extends a correction request's term once, by two months, telling the member why.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectionExtensionBody {
    /// Why more time is needed (the member reads it).
    pub notice: String,
    /// The case version this change is based on.
    pub version: i64,
}

#[utoipa::path(post, path = "/cases/{id}/corrections/{number}/extension", tag = "cases", request_body = CorrectionExtensionBody,
    params(("id" = CaseId, Path, description = "Case id"), ("number" = u32, Path, description = "The correction request's number in the case")),
    responses((status = 200, body = CaseView, description = "The term is now three months from the request"), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn extend_correction(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath((id, number)): ApiPath<(CaseId, u32)>,
    ApiJson(body): ApiJson<CorrectionExtensionBody>,
) -> Result<axum::Json<CaseView>, ApiError> {
    let notice = Reason::parse("notice", &body.notice)?;
    let scope = state.access.scope(me.actor());
    let case = scope
        .change_case(id, body.version, |c, a, at| c.extend_correction(number, notice, a, at))
        .await?;
    Ok(case_response(&case))
}
