//! Cases: the one client route of a household (F7), its lead (F8) and legal frame (F13), and its timeline.

use super::views::*;
use crate::AppState;
use crate::access::{Scope, SignedIn};
use crate::error::{ApiError, ApiJson, ApiPath, Fields, Problem};
use axum::extract::State;
use axum::http::StatusCode;
use regie_domain::time::now;
use regie_domain::{Case, CaseId, HouseholdId, Lead, LegalFrame, Phase, ProfessionalId, Reason};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(open_case))
        .routes(routes!(get_case))
        .routes(routes!(change_phase))
        .routes(routes!(change_lead))
        .routes(routes!(change_legal_frame))
        .routes(routes!(close_case))
        .routes(routes!(timeline))
}

/// The fixed contact person or duo, by professional id.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LeadBody {
    /// The (first) fixed contact person.
    pub primary: ProfessionalId,
    /// The second of a duo.
    pub secondary: Option<ProfessionalId>,
}

impl LeadBody {
    /// Looks up the professionals and builds the lead.
    pub async fn resolve(&self, scope: &Scope<'_>) -> Result<Lead, ApiError> {
        let mut wrong = Fields::default();
        let lead = self.checked(scope, &mut wrong).await?;
        wrong.finish()?;
        Ok(lead.expect("checked"))
    }

    /// Looks up the professionals and builds the lead; what is wrong with either (unknown, of another
    /// region, gone, or the pair) is kept in `wrong`, beside the request's other wrong fields.
    pub async fn checked(&self, scope: &Scope<'_>, wrong: &mut Fields) -> Result<Option<Lead>, ApiError> {
        let primary = wrong.check(scope.candidate(self.primary, "lead.primary").await?);
        let secondary = match self.secondary {
            Some(id) => wrong.check(scope.candidate(id, "lead.secondary").await?).map(Some),
            None => Some(None),
        };
        let (Some(primary), Some(secondary)) = (primary, secondary) else {
            return Ok(None);
        };
        Ok(wrong.check(Lead::new(
            (primary.professional, primary.kind),
            secondary.map(|s| (s.professional, s.kind)),
        )))
    }
}

/// A case to open.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenCase {
    /// The household (at most one open case each).
    pub household_id: HouseholdId,
    /// The fixed contact person or duo.
    pub lead: LeadBody,
    /// The legal frame; default voluntary.
    pub legal_frame: Option<LegalFrame>,
    /// Why the case opens, in words the family will read in the portal.
    pub reason: String,
}

pub(super) fn case_response(case: &Case) -> axum::Json<CaseView> {
    axum::Json(case.into())
}

#[utoipa::path(post, path = "/cases", tag = "cases", request_body = OpenCase,
    responses((status = 201, body = CaseView), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn open_case(
    State(state): State<AppState>,
    me: SignedIn,
    ApiJson(body): ApiJson<OpenCase>,
) -> Result<(StatusCode, axum::Json<CaseView>), ApiError> {
    let scope = state.access.scope(me.actor());
    let mut wrong = Fields::default();
    let reason = wrong.check(regie_domain::case::opening_reason(&body.reason));
    let lead = body.lead.checked(&scope, &mut wrong).await?;
    wrong.finish()?;
    let (reason, lead) = (Some(reason.expect("checked")), lead.expect("checked"));
    let frame = body.legal_frame.unwrap_or(LegalFrame::Voluntary);
    let (case, event) = Case::open(body.household_id, lead, frame, reason, &scope.actor(), now())?;
    scope.open_case(&case, &event).await?;
    Ok((StatusCode::CREATED, case_response(&case)))
}

#[utoipa::path(get, path = "/cases/{id}", tag = "cases", params(("id" = CaseId, Path, description = "Case id")),
    responses((status = 200, body = CaseView), (status = 404, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn get_case(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<CaseId>,
) -> Result<axum::Json<CaseView>, ApiError> {
    Ok(case_response(&state.access.scope(me.actor()).case(id).await?))
}

/// Move to another phase: the next one, or back to an earlier one with a reason.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePhase {
    /// The new phase.
    pub to: Phase,
    /// Why; required when going back.
    pub reason: Option<String>,
    /// The case version this change is based on.
    pub version: i64,
}

#[utoipa::path(post, path = "/cases/{id}/phase", tag = "cases", request_body = ChangePhase, params(("id" = CaseId, Path, description = "Case id")),
    responses((status = 200, body = CaseView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn change_phase(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<CaseId>,
    ApiJson(body): ApiJson<ChangePhase>,
) -> Result<axum::Json<CaseView>, ApiError> {
    let reason = Reason::parse_optional("reason", body.reason.as_deref())?;
    let scope = state.access.scope(me.actor());
    let case = scope
        .change_case(id, body.version, |c, a, at| c.change_phase(body.to, reason, a, at))
        .await?;
    Ok(case_response(&case))
}

/// Change the fixed contact person (a handoff).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeLead {
    /// The new lead.
    pub lead: LeadBody,
    /// Why.
    pub reason: String,
    /// The case version this change is based on.
    pub version: i64,
}

#[utoipa::path(post, path = "/cases/{id}/lead", tag = "cases", request_body = ChangeLead, params(("id" = CaseId, Path, description = "Case id")),
    responses((status = 200, body = CaseView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn change_lead(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<CaseId>,
    ApiJson(body): ApiJson<ChangeLead>,
) -> Result<axum::Json<CaseView>, ApiError> {
    let scope = state.access.scope(me.actor());
    let mut wrong = Fields::default();
    let reason = wrong.check(Reason::parse("reason", &body.reason));
    let lead = body.lead.checked(&scope, &mut wrong).await?;
    wrong.finish()?;
    let (reason, lead) = (reason.expect("checked"), lead.expect("checked"));
    let case = scope
        .change_case(id, body.version, |c, a, at| c.change_lead(lead, reason, a, at))
        .await?;
    Ok(case_response(&case))
}

/// Change the legal frame.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeLegalFrame {
    /// The new frame.
    pub to: LegalFrame,
    /// Why.
    pub reason: String,
    /// The case version this change is based on.
    pub version: i64,
}

#[utoipa::path(post, path = "/cases/{id}/legal-frame", tag = "cases", request_body = ChangeLegalFrame, params(("id" = CaseId, Path, description = "Case id")),
    responses((status = 200, body = CaseView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn change_legal_frame(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<CaseId>,
    ApiJson(body): ApiJson<ChangeLegalFrame>,
) -> Result<axum::Json<CaseView>, ApiError> {
    let reason = Reason::parse("reason", &body.reason)?;
    let scope = state.access.scope(me.actor());
    let case = scope
        .change_case_in_context(id, body.version, |c, ctx, a, at| {
            c.change_legal_frame(body.to, reason, &ctx.variant, a, at)
        })
        .await?;
    Ok(case_response(&case))
}

/// Close the case.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseCase {
    /// Why.
    pub reason: String,
    /// The case version this change is based on.
    pub version: i64,
}

#[utoipa::path(post, path = "/cases/{id}/close", tag = "cases", request_body = CloseCase, params(("id" = CaseId, Path, description = "Case id")),
    responses((status = 200, body = CaseView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn close_case(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<CaseId>,
    ApiJson(body): ApiJson<CloseCase>,
) -> Result<axum::Json<CaseView>, ApiError> {
    let reason = Reason::parse("reason", &body.reason)?;
    let scope = state.access.scope(me.actor());
    let case = scope
        .change_case(id, body.version, |c, a, at| c.close(reason, a, at))
        .await?;
    Ok(case_response(&case))
}

#[utoipa::path(get, path = "/cases/{id}/events", tag = "cases", params(("id" = CaseId, Path, description = "Case id")),
    responses((status = 200, body = Vec<EventView>), (status = 404, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn timeline(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<CaseId>,
) -> Result<axum::Json<Vec<EventView>>, ApiError> {
    let events = state.access.scope(me.actor()).timeline(id).await?;
    Ok(axum::Json(
        events
            .into_iter()
            .map(|n| EventView {
                seq: n.event.seq,
                at: n.event.at,
                actor: n.event.actor,
                actor_name: n.actor_name,
                organisation: n.event.organisation,
                organisation_name: n.organisation_name,
                reason: n.event.reason,
                summary_nl: n.event.change.summary_nl(),
                change: n.event.change,
            })
            .collect(),
    ))
}
