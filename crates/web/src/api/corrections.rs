//! The professionals' side of the family's rights (F16): the lead decides on a household member's request
//! to correct a timeline entry, or extends its term once with a notice (AVG art. 16 and 12 lid 3); the
//! organisation that made a decision decides on a member's complaint about it (Jeugdwet art. 4.2.1, Awb
//! chapter 9); the lead decides on a member's request to destroy the household's file (Jeugdwet art.
//! 7.3.9). The member asks in the portal; each is on the lead's worklist with its term.

use super::cases::case_response;
use super::views::CaseView;
use crate::AppState;
use crate::access::SignedIn;
use crate::error::{ApiError, ApiJson, ApiPath, Fields, Problem};
use axum::extract::State;
use regie_domain::complaint::Finding;
use regie_domain::retention::RefusalGround;
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
        .routes(routes!(decide_complaint))
        .routes(routes!(decide_destruction))
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

/// The organisation's decision on a complaint.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ComplaintDecisionBody {
    /// Well founded, partly or not.
    pub finding: Option<Finding>,
    /// Why, and what the organisation does about it (the member reads it).
    pub reason: String,
    /// The case version this change is based on.
    pub version: i64,
}

/// The complaint's decision as typed, every wrong field at once.
pub(crate) fn complaint_decision(finding: Option<Finding>, reason: &str) -> Result<(Finding, Reason), ApiError> {
    let mut wrong = Fields::default();
    if finding.is_none() {
        wrong.push(DomainError::invalid(
            "finding",
            "required",
            "say whether the complaint is well founded",
            "Kies of de klacht gegrond, deels gegrond of ongegrond is.",
        ));
    }
    let reason = wrong.check(Reason::parse("reason", reason));
    wrong.finish()?;
    Ok((finding.expect("checked"), reason.expect("checked")))
}

#[utoipa::path(post, path = "/cases/{id}/complaints/{number}/decision", tag = "cases", request_body = ComplaintDecisionBody,
    params(("id" = CaseId, Path, description = "Case id"), ("number" = u32, Path, description = "The complaint's number in the case")),
    responses((status = 200, body = CaseView, description = "Decided, by the organisation that made the decision complained about"), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn decide_complaint(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath((id, number)): ApiPath<(CaseId, u32)>,
    ApiJson(body): ApiJson<ComplaintDecisionBody>,
) -> Result<axum::Json<CaseView>, ApiError> {
    let (finding, reason) = complaint_decision(body.finding, &body.reason)?;
    let scope = state.access.scope(me.actor());
    let case = scope
        .change_case(id, body.version, |c, a, at| {
            c.decide_complaint(number, finding, reason, a, at)
        })
        .await?;
    Ok(case_response(&case))
}

/// The lead's decision on a request to destroy the file.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DestructionChoice {
    /// Granted: the household's whole file is destroyed at once.
    Grant,
    /// Refused: keeping it is of substantial interest to someone else.
    OthersInterest,
    /// Refused: a legal rule is against destruction (a measure in force).
    LegalDuty,
}

/// The lead's decision on a request to destroy the file, with the reason the member reads.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DestructionDecisionBody {
    /// Granted, or refused on one of the two grounds the law allows.
    pub decision: Option<DestructionChoice>,
    /// Why (the member reads it in their letter).
    pub reason: String,
    /// The case version this change is based on.
    pub version: i64,
}

/// What came of the decision.
#[derive(Debug, serde::Serialize, ToSchema)]
pub struct DestructionOutcome {
    /// The file was destroyed: the case, the household and its persons are gone.
    pub destroyed: bool,
    /// The case after a refusal.
    pub case: Option<CaseView>,
}

/// The destruction decision as typed, every wrong field at once: the refusal's ground (none for a grant)
/// and the reason.
pub(crate) fn destruction_decision(
    choice: Option<DestructionChoice>,
    reason: &str,
) -> Result<(Option<RefusalGround>, Reason), ApiError> {
    let mut wrong = Fields::default();
    if choice.is_none() {
        wrong.push(DomainError::invalid(
            "decision",
            "required",
            "say whether the file is destroyed, or on which ground it is not",
            "Kies of u het dossier vernietigt, of op welke grond u het verzoek afwijst.",
        ));
    }
    let reason = wrong.check(Reason::parse("reason", reason));
    wrong.finish()?;
    let refused = match choice.expect("checked") {
        DestructionChoice::Grant => None,
        DestructionChoice::OthersInterest => Some(RefusalGround::OthersInterest),
        DestructionChoice::LegalDuty => Some(RefusalGround::LegalDuty),
    };
    Ok((refused, reason.expect("checked")))
}

#[utoipa::path(post, path = "/cases/{id}/destruction-requests/{number}/decision", tag = "cases", request_body = DestructionDecisionBody,
    params(("id" = CaseId, Path, description = "Case id"), ("number" = u32, Path, description = "The request's number in the case")),
    responses((status = 200, body = DestructionOutcome, description = "Decided by the lead: a refusal stays in the case with a letter to the member; a grant destroys the household's whole file at once (Jeugdwet art. 7.3.9), leaving a destruction record without personal data"), (status = 404, body = Problem), (status = 409, body = Problem, description = "A measure in force forbids a grant (legal_duty), or the request was decided"), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn decide_destruction(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath((id, number)): ApiPath<(CaseId, u32)>,
    ApiJson(body): ApiJson<DestructionDecisionBody>,
) -> Result<axum::Json<DestructionOutcome>, ApiError> {
    let (refused, reason) = destruction_decision(body.decision, &body.reason)?;
    let scope = state.access.scope(me.actor());
    let case = scope
        .decide_destruction(id, body.version, number, refused, reason)
        .await?;
    Ok(axum::Json(DestructionOutcome {
        destroyed: case.is_none(),
        case: case.as_ref().map(CaseView::from),
    }))
}
