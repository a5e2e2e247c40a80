//! Break the glass through the API: an emergency access to a file, and its review.

use crate::AppState;
use crate::access::SignedIn;
use crate::error::{ApiError, ApiJson, ApiPath, Problem};
use axum::extract::State;
use axum::http::StatusCode;
use jiff::Timestamp;
use jiff::civil::Date;
use regie_domain::emergency::{EmergencyAccess, EmergencyReason};
use regie_domain::{EmergencyAccessId, HouseholdId, ProfessionalId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(break_glass))
        .routes(routes!(reviews))
        .routes(routes!(review))
        .routes(routes!(decide_complaint))
}

/// Why you need a file you are not involved in, now.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BreakGlassBody {
    /// `acute_danger`, `lead_unreachable`, `urgent_partner_request` or `other`.
    pub reason: String,
    /// The emergency in your own words: your reviewer and the family read it.
    pub explanation: String,
}

/// A judgement of an emergency access.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewBody {
    /// Whether the access was justified.
    pub justified: bool,
    /// Why; required when it was not.
    #[serde(default)]
    pub note: String,
}

/// An emergency access.
#[derive(Debug, Serialize, ToSchema)]
pub struct EmergencyView {
    /// Identifier.
    pub id: EmergencyAccessId,
    /// Who broke the glass.
    pub professional: ProfessionalId,
    /// Their name (in the reviewer's list).
    pub professional_name: Option<String>,
    /// Whose file.
    pub household_id: HouseholdId,
    /// Why, from the short list.
    pub reason: EmergencyReason,
    /// Why, in their words.
    pub explanation: String,
    /// From when.
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
    /// Until when it opens the file (the end of that Dutch day).
    #[schema(value_type = String, format = DateTime)]
    pub until: Timestamp,
    /// The working day by which it is judged.
    #[schema(value_type = String, format = Date)]
    pub review_due: Date,
    /// Justified or not, once judged.
    pub justified: Option<bool>,
    /// The reviewer's note.
    pub review_note: Option<String>,
    /// The household's complaints about it.
    pub complaints: Vec<regie_domain::emergency::EmergencyComplaint>,
}

fn view(a: EmergencyAccess, professional_name: Option<String>) -> EmergencyView {
    EmergencyView {
        id: a.id,
        professional: a.professional,
        professional_name,
        household_id: a.household,
        reason: a.reason,
        justified: a.review.as_ref().map(|r| r.justified),
        review_note: a.review.and_then(|r| r.note),
        complaints: a.complaints,
        explanation: a.explanation,
        at: a.at,
        until: a.until,
        review_due: a.review_due,
    }
}

#[utoipa::path(post, path = "/households/{id}/emergency-access", tag = "households",
    params(("id" = HouseholdId, Path, description = "Household id")), request_body = BreakGlassBody,
    responses((status = 201, body = EmergencyView, description = "The file opens to you, for reading, until the end of the day; your reviewer judges it"),
        (status = 409, body = Problem, description = "You already work in this file"), (status = 422, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn break_glass(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<HouseholdId>,
    ApiJson(body): ApiJson<BreakGlassBody>,
) -> Result<(StatusCode, axum::Json<EmergencyView>), ApiError> {
    let access = (state.access.scope(me.actor()))
        .break_glass(id, &body.reason, &body.explanation)
        .await?;
    Ok((StatusCode::CREATED, axum::Json(view(access, None))))
}

#[utoipa::path(get, path = "/emergency-accesses", tag = "households",
    responses((status = 200, body = Vec<EmergencyView>, description = "Your organisation's emergency accesses, those to judge first"),
        (status = 403, body = Problem), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn reviews(State(state): State<AppState>, me: SignedIn) -> Result<axum::Json<Vec<EmergencyView>>, ApiError> {
    let items = state.access.scope(me.actor()).emergency_reviews().await?;
    Ok(axum::Json(
        items
            .into_iter()
            .map(|i| view(i.access, Some(i.professional_name)))
            .collect(),
    ))
}

#[utoipa::path(post, path = "/emergency-accesses/{id}/review", tag = "households",
    params(("id" = EmergencyAccessId, Path, description = "Emergency access id")), request_body = ReviewBody,
    responses((status = 200, body = EmergencyView), (status = 409, body = Problem, description = "Already judged"),
        (status = 422, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn review(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<EmergencyAccessId>,
    ApiJson(body): ApiJson<ReviewBody>,
) -> Result<axum::Json<EmergencyView>, ApiError> {
    let judged = (state.access.scope(me.actor()))
        .review_emergency(id, body.justified, &body.note)
        .await?;
    Ok(axum::Json(view(judged, None)))
}

/// The organisation's decision on a household's complaint about an emergency access.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmergencyComplaintBody {
    /// Well founded, partly or not.
    pub finding: Option<regie_domain::complaint::Finding>,
    /// Why, and what the organisation does about it (the member reads it).
    pub reason: String,
}

#[utoipa::path(post, path = "/emergency-accesses/{id}/complaints/{number}/decision", tag = "households",
    params(("id" = EmergencyAccessId, Path, description = "Emergency access id"), ("number" = u32, Path, description = "The complaint's number")),
    request_body = EmergencyComplaintBody,
    responses((status = 200, body = EmergencyView, description = "Decided by the organisation's reviewer, never the professional who broke the glass (Awb art. 9:7); the member reads it in the portal"),
        (status = 409, body = Problem, description = "Already decided"), (status = 422, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn decide_complaint(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath((id, number)): ApiPath<(EmergencyAccessId, u32)>,
    ApiJson(body): ApiJson<EmergencyComplaintBody>,
) -> Result<axum::Json<EmergencyView>, ApiError> {
    let (finding, reason) = crate::api::corrections::complaint_decision(body.finding, &body.reason)?;
    let decided = (state.access.scope(me.actor()))
        .decide_emergency_complaint(id, number, finding, reason)
        .await?;
    Ok(axum::Json(view(decided, None)))
}
