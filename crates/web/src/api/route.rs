//! The route (F9–F12): scaling up and down with the Regional Safety Team, the joint analysis, the safety
//! plan with the family's answer and evaluations, help with waiting times, the catalogue of help kinds, and
//! the worklists. Handlers parse, the domain decides, the access layer reads and writes.

use super::cases::case_response;
use super::views::*;
use crate::AppState;
use crate::access::{SignedIn, WorkItem};
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery, Fields, Problem};
use axum::extract::State;
use jiff::civil::Date;
use regie_domain::analysis::{Analysis, MemberAnalysis, ScoreInput};
use regie_domain::help::HelpKind;
use regie_domain::plan::{ActionInput, ActionRef, ActionStatus, FamilyAnswer, SafetyPlan};
use regie_domain::route::ScaleUpRequest;
use regie_domain::time::parse_date;
use regie_domain::worklist::Attention;
use regie_domain::{CaseChange, CaseId, Ground, PersonId, ProfessionalId, Reason, ScaleForm, TeamId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(scale_up))
        .routes(routes!(answer_consultation))
        .routes(routes!(answer_seen))
        .routes(routes!(family_seen))
        .routes(routes!(scale_down))
        .routes(routes!(hand_over_scale_up))
        .routes(routes!(record_analysis))
        .routes(routes!(analysis_versions))
        .routes(routes!(record_plan))
        .routes(routes!(plan_versions))
        .routes(routes!(family_response))
        .routes(routes!(evaluate_plan))
        .routes(routes!(action_status))
        .routes(routes!(request_help))
        .routes(routes!(update_help))
        .routes(routes!(help_kinds))
        .routes(routes!(put_help_kind))
        .routes(routes!(my_worklist))
        .routes(routes!(team_worklist))
}

type CaseResult = Result<axum::Json<CaseView>, ApiError>;

/// Bring the Regional Safety Team in (opschalen, F9).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScaleUpBody {
    /// Consultation (the lead stays), joint work (a duo) or transfer (the RVT professional leads).
    pub form: ScaleForm,
    /// Why, in the shared language.
    pub ground: Ground,
    /// The professional of Veilig Thuis, the Raad or a GI who is brought in.
    pub rvt_professional: ProfessionalId,
    /// For a consultation: the date (YYYY-MM-DD, today or later) by which the RVT answers.
    pub deadline: Option<String>,
    /// Why, in your own words.
    pub reason: String,
    /// The case version this change is based on.
    pub version: i64,
}

#[utoipa::path(post, path = "/cases/{id}/scale-up", tag = "route", request_body = ScaleUpBody, params(("id" = CaseId, Path, description = "Case id")),
    responses((status = 200, body = CaseView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn scale_up(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<CaseId>,
    ApiJson(body): ApiJson<ScaleUpBody>,
) -> CaseResult {
    // Every wrong field at once: the reason, the deadline and the RVT professional.
    let mut wrong = Fields::default();
    let reason = wrong.check(Reason::parse("reason", &body.reason));
    let deadline = match body.deadline.as_deref() {
        Some(d) => wrong.check(parse_date("deadline", d)).map(Some),
        None => Some(None),
    };
    let scope = state.access.scope(me.actor());
    let rvt_professional = wrong.check(scope.candidate(body.rvt_professional, "rvt_professional").await?);
    wrong.finish()?;
    let request = ScaleUpRequest {
        form: body.form,
        ground: body.ground,
        rvt_professional: rvt_professional.expect("checked"),
        deadline: deadline.expect("checked"),
        reason: reason.expect("checked"),
    };
    let case = scope
        .change_case_in_context(id, body.version, |c, ctx, a, at| c.scale_up(request, ctx, a, at))
        .await?;
    Ok(case_response(&case))
}

/// The RVT's answer to a consultation.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerConsultation {
    /// The answer or advice.
    pub answer: String,
    /// What the RVT proposes to the lead: `consultation` (advice only), `joint_work` or `transfer`. The
    /// lead takes a proposal up by scaling up to it, or marks the answer read.
    #[serde(default)]
    pub proposal: Option<ScaleForm>,
    /// The case version this change is based on.
    pub version: i64,
}

#[utoipa::path(post, path = "/cases/{id}/consultation/answer", tag = "route", request_body = AnswerConsultation, params(("id" = CaseId, Path, description = "Case id")),
    responses((status = 200, body = CaseView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn answer_consultation(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<CaseId>,
    ApiJson(body): ApiJson<AnswerConsultation>,
) -> CaseResult {
    let answer = Reason::parse("answer", &body.answer)?;
    let scope = state.access.scope(me.actor());
    let case = scope
        .change_case_in_context(id, body.version, |c, ctx, a, at| {
            c.answer_consultation(answer, body.proposal, &ctx.variant, a, at)
        })
        .await?;
    Ok(case_response(&case))
}

#[utoipa::path(post, path = "/cases/{id}/consultation/answer/seen", tag = "route", request_body = super::signals::SeenBody, params(("id" = CaseId, Path, description = "Case id")),
    responses((status = 200, body = CaseView, description = "The lead read the RVT's answer; it leaves their worklist"), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn answer_seen(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<CaseId>,
    ApiJson(body): ApiJson<super::signals::SeenBody>,
) -> CaseResult {
    let scope = state.access.scope(me.actor());
    let case = scope
        .change_case(id, body.version, |c, a, at| c.mark_answer_seen(a, at))
        .await?;
    Ok(case_response(&case))
}

/// What the lead looked at of what the household added in the portal.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FamilySeenBody {
    /// The moment of the newest contribution the lead saw; later ones stay on their worklist.
    #[schema(value_type = String, format = DateTime)]
    pub until: jiff::Timestamp,
    /// The case version this change is based on.
    pub version: i64,
}

#[utoipa::path(post, path = "/cases/{id}/family/seen", tag = "route", request_body = FamilySeenBody, params(("id" = CaseId, Path, description = "Case id")),
    responses((status = 200, body = CaseView, description = "What the family added up to `until` leaves the lead's worklist"), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn family_seen(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<CaseId>,
    ApiJson(body): ApiJson<FamilySeenBody>,
) -> CaseResult {
    let scope = state.access.scope(me.actor());
    let case = scope
        .change_case(id, body.version, |c, a, at| c.mark_family_seen(body.until, a, at))
        .await?;
    Ok(case_response(&case))
}

/// Hand the case back to the local team (afschalen).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScaleDownBody {
    /// Why.
    pub reason: String,
    /// The case version this change is based on.
    pub version: i64,
}

#[utoipa::path(post, path = "/cases/{id}/scale-down", tag = "route", request_body = ScaleDownBody, params(("id" = CaseId, Path, description = "Case id")),
    responses((status = 200, body = CaseView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn scale_down(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<CaseId>,
    ApiJson(body): ApiJson<ScaleDownBody>,
) -> CaseResult {
    let reason = Reason::parse("reason", &body.reason)?;
    let scope = state.access.scope(me.actor());
    let case = scope
        .change_case_in_context(id, body.version, |c, ctx, a, at| c.scale_down(reason, ctx, a, at))
        .await?;
    Ok(case_response(&case))
}

/// Another professional takes over a part of the scale-up: the RVT's, or the local team's.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HandOverScaleUpBody {
    /// Who hands their part over: the RVT professional, or a professional of the local team in the
    /// scale-up (their member of a duo, or whom a scale-down hands the case back to).
    pub from: ProfessionalId,
    /// Who takes it over: for the RVT's part a professional of Veilig Thuis, the Raad or a GI; for the
    /// local team's part a professional of a local team, or the other one of a local duo.
    pub to: ProfessionalId,
    /// Why; the family reads it.
    pub reason: String,
    /// The case version this change is based on.
    pub version: i64,
}

#[utoipa::path(post, path = "/cases/{id}/scale-up/hand-over", tag = "route", request_body = HandOverScaleUpBody, params(("id" = CaseId, Path, description = "Case id")),
    responses((status = 200, body = CaseView, description = "The part changed hands; the form, ground and deadline stay"), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn hand_over_scale_up(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<CaseId>,
    ApiJson(body): ApiJson<HandOverScaleUpBody>,
) -> CaseResult {
    let scope = state.access.scope(me.actor());
    let case = scope
        .hand_over_scale_up(id, body.version, body.from, body.to, &body.reason)
        .await?;
    Ok(case_response(&case))
}

/// A new version of the joint analysis (F10).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnalysisBody {
    /// Every current household member, once: worries, what works and next steps, each with the
    /// professionals' text and the family's own words.
    pub members: Vec<MemberAnalysis>,
    /// Safety scores, 0 to 10: one per professional working on the case and per member who gives one.
    #[serde(default)]
    pub scores: Vec<ScoreInput>,
    /// The case version this change is based on.
    pub version: i64,
}

#[utoipa::path(post, path = "/cases/{id}/analysis", tag = "route", request_body = AnalysisBody, params(("id" = CaseId, Path, description = "Case id")),
    responses((status = 200, body = CaseView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn record_analysis(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<CaseId>,
    ApiJson(body): ApiJson<AnalysisBody>,
) -> CaseResult {
    let scope = state.access.scope(me.actor());
    let case = scope
        .change_case_in_context(id, body.version, |c, ctx, a, at| {
            c.record_analysis(body.members, body.scores, ctx, a, at)
        })
        .await?;
    Ok(case_response(&case))
}

#[utoipa::path(get, path = "/cases/{id}/analysis/versions", tag = "route", params(("id" = CaseId, Path, description = "Case id")),
    responses((status = 200, body = Vec<Analysis>, description = "Every version, oldest first"), (status = 404, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn analysis_versions(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<CaseId>,
) -> Result<axum::Json<Vec<Analysis>>, ApiError> {
    let events = state.access.scope(me.actor()).timeline(id).await?;
    Ok(axum::Json(
        events
            .into_iter()
            .filter_map(|e| match e.event.change {
                CaseChange::AnalysisRecorded { analysis } => Some(analysis),
                _ => None,
            })
            .collect(),
    ))
}

/// A new version of the safety plan (F11).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanBody {
    /// Safety conditions: what must be true for the children to be safe; not negotiable.
    #[serde(default)]
    pub conditions: Vec<String>,
    /// Goals.
    #[serde(default)]
    pub goals: Vec<String>,
    /// Actions with owner, deadline and status.
    #[serde(default)]
    pub actions: Vec<ActionInput>,
    /// The case version this change is based on.
    pub version: i64,
}

#[utoipa::path(post, path = "/cases/{id}/plan", tag = "route", request_body = PlanBody, params(("id" = CaseId, Path, description = "Case id")),
    responses((status = 200, body = CaseView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn record_plan(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<CaseId>,
    ApiJson(body): ApiJson<PlanBody>,
) -> CaseResult {
    let scope = state.access.scope(me.actor());
    let case = scope
        .change_case_in_context(id, body.version, |c, ctx, a, at| {
            c.record_plan(&body.conditions, &body.goals, body.actions, ctx, a, at)
        })
        .await?;
    Ok(case_response(&case))
}

#[utoipa::path(get, path = "/cases/{id}/plan/versions", tag = "route", params(("id" = CaseId, Path, description = "Case id")),
    responses((status = 200, body = Vec<SafetyPlan>, description = "Every version as first recorded, oldest first; the case's route holds the current one with its answer and evaluations"), (status = 404, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn plan_versions(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<CaseId>,
) -> Result<axum::Json<Vec<SafetyPlan>>, ApiError> {
    let events = state.access.scope(me.actor()).timeline(id).await?;
    Ok(axum::Json(
        events
            .into_iter()
            .filter_map(|e| match e.event.change {
                CaseChange::PlanRecorded { plan } => Some(plan),
                _ => None,
            })
            .collect(),
    ))
}

/// The family's answer to the current plan version.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FamilyResponseBody {
    /// The plan version answered (must be the current one).
    pub plan_version: u32,
    /// Whether they agree.
    pub agreed: bool,
    /// The household members who answer.
    pub by: Vec<PersonId>,
    /// Why not, in their words; required when they do not agree.
    pub why: Option<String>,
    /// The case version this change is based on.
    pub version: i64,
}

#[utoipa::path(post, path = "/cases/{id}/plan/response", tag = "route", request_body = FamilyResponseBody, params(("id" = CaseId, Path, description = "Case id")),
    responses((status = 200, body = CaseView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn family_response(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<CaseId>,
    ApiJson(body): ApiJson<FamilyResponseBody>,
) -> CaseResult {
    let answer = FamilyAnswer::typed(body.plan_version, Some(body.agreed), body.by, body.why.as_deref())?;
    let scope = state.access.scope(me.actor());
    let case = scope
        .change_case_in_context(id, body.version, |c, ctx, a, at| {
            c.record_family_response(answer, ctx, a, at)
        })
        .await?;
    Ok(case_response(&case))
}

/// An evaluation of the current plan version.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvaluationBody {
    /// The plan version evaluated (must be the current one).
    pub plan_version: u32,
    /// The day of the evaluation (YYYY-MM-DD, today or earlier).
    #[schema(value_type = String, format = Date)]
    pub on: Date,
    /// What was found.
    pub text: String,
    /// The case version this change is based on.
    pub version: i64,
}

#[utoipa::path(post, path = "/cases/{id}/plan/evaluations", tag = "route", request_body = EvaluationBody, params(("id" = CaseId, Path, description = "Case id")),
    responses((status = 200, body = CaseView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn evaluate_plan(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<CaseId>,
    ApiJson(body): ApiJson<EvaluationBody>,
) -> CaseResult {
    let scope = state.access.scope(me.actor());
    let case = scope
        .change_case_in_context(id, body.version, |c, ctx, a, at| {
            c.evaluate_plan(body.plan_version, body.on, &body.text, ctx, a, at)
        })
        .await?;
    Ok(case_response(&case))
}

/// A new status for an action of the current plan version.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionStatusBody {
    /// The plan version (must be the current one).
    pub plan_version: u32,
    /// The new status.
    pub status: ActionStatus,
    /// A note, e.g. what was done.
    pub note: Option<String>,
    /// The case version this change is based on.
    pub version: i64,
}

#[utoipa::path(post, path = "/cases/{id}/plan/actions/{number}/status", tag = "route", request_body = ActionStatusBody,
    params(("id" = CaseId, Path, description = "Case id"), ("number" = u32, Path, description = "The action's number in the plan")),
    responses((status = 200, body = CaseView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn action_status(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath((id, number)): ApiPath<(CaseId, u32)>,
    ApiJson(body): ApiJson<ActionStatusBody>,
) -> CaseResult {
    let scope = state.access.scope(me.actor());
    let case = scope
        .change_case_in_context(id, body.version, |c, ctx, a, at| {
            let action = ActionRef {
                plan_version: body.plan_version,
                number,
            };
            c.set_action_status(action, body.status, body.note.as_deref(), ctx, a, at)
        })
        .await?;
    Ok(case_response(&case))
}

/// Help asked for a household member (F12).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HelpBody {
    /// Who receives it: a current household member.
    pub person_id: PersonId,
    /// A help kind's code from the catalogue (`GET /help-kinds`).
    pub kind: String,
    /// Who provides it.
    pub provider: String,
    /// When it was asked for (YYYY-MM-DD, today or earlier).
    #[schema(value_type = String, format = Date)]
    pub requested_on: Date,
    /// When it started, if it has.
    #[schema(value_type = Option<String>, format = Date)]
    pub started_on: Option<Date>,
    /// The case version this change is based on.
    pub version: i64,
}

#[utoipa::path(post, path = "/cases/{id}/help", tag = "route", request_body = HelpBody, params(("id" = CaseId, Path, description = "Case id")),
    responses((status = 200, body = CaseView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn request_help(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<CaseId>,
    ApiJson(body): ApiJson<HelpBody>,
) -> CaseResult {
    let scope = state.access.scope(me.actor());
    let case = scope
        .change_case_in_context(id, body.version, |c, ctx, a, at| {
            c.request_help(
                body.person_id,
                &body.kind,
                &body.provider,
                body.requested_on,
                body.started_on,
                ctx,
                a,
                at,
            )
        })
        .await?;
    Ok(case_response(&case))
}

/// Help started or ended.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HelpUpdateBody {
    /// When it started.
    #[schema(value_type = Option<String>, format = Date)]
    pub started_on: Option<Date>,
    /// When it ended.
    #[schema(value_type = Option<String>, format = Date)]
    pub ended_on: Option<Date>,
    /// The case version this change is based on.
    pub version: i64,
}

#[utoipa::path(post, path = "/cases/{id}/help/{number}", tag = "route", request_body = HelpUpdateBody,
    params(("id" = CaseId, Path, description = "Case id"), ("number" = u32, Path, description = "The help's number in the case")),
    responses((status = 200, body = CaseView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn update_help(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath((id, number)): ApiPath<(CaseId, u32)>,
    ApiJson(body): ApiJson<HelpUpdateBody>,
) -> CaseResult {
    let scope = state.access.scope(me.actor());
    let case = scope
        .change_case_in_context(id, body.version, |c, ctx, a, at| {
            c.update_help(number, body.started_on, body.ended_on, ctx, a, at)
        })
        .await?;
    Ok(case_response(&case))
}

#[utoipa::path(get, path = "/help-kinds", tag = "route",
    responses((status = 200, body = Vec<HelpKind>), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn help_kinds(State(state): State<AppState>, me: SignedIn) -> Result<axum::Json<Vec<HelpKind>>, ApiError> {
    Ok(axum::Json(state.access.scope(me.actor()).help_kinds().await?))
}

/// A help kind's name and waiting norm.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HelpKindBody {
    /// The Dutch name shown to users.
    pub name_nl: String,
    /// The longest acceptable wait from request to start, in days (1 to 730).
    pub waiting_norm_days: i64,
}

#[utoipa::path(put, path = "/help-kinds/{code}", tag = "route", request_body = HelpKindBody,
    params(("code" = String, Path, description = "The help kind's code, e.g. debt_help")),
    responses((status = 200, body = HelpKind), (status = 422, body = Problem), (status = 403, body = Problem), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn put_help_kind(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(code): ApiPath<String>,
    ApiJson(body): ApiJson<HelpKindBody>,
) -> Result<axum::Json<HelpKind>, ApiError> {
    let kind = HelpKind::new(&code, &body.name_nl, body.waiting_norm_days)?;
    state.access.scope(me.actor()).put_help_kind(&kind).await?;
    Ok(axum::Json(kind))
}

/// A case as a worklist shows it: where it stands, not what is in it (the analysis, plan and help stay in
/// the case itself).
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseSummaryView {
    /// Identifier.
    pub id: CaseId,
    /// The household.
    pub household_id: regie_domain::HouseholdId,
    /// Where on the route it is.
    pub phase: regie_domain::Phase,
    /// The legal frame.
    pub legal_frame: regie_domain::LegalFrame,
    /// The fixed contact person or duo.
    pub lead: regie_domain::Lead,
    /// The form of scaling up, while the RVT is in.
    pub scale: Option<ScaleForm>,
    /// Number of changes of lead.
    pub handoffs: i32,
    /// The case's version.
    pub version: i64,
}

/// One open case on a worklist, with what needs attention.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorkItemView {
    /// The case.
    pub case: CaseSummaryView,
    /// Its household's name.
    pub household_name: String,
    /// What needs attention today; empty when nothing does.
    pub attention: Vec<Attention>,
    /// On a colleague's list (`professional`): what that colleague holds in this case.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub held: Option<regie_domain::departure::Holdings>,
}

fn worklist_view(items: Vec<WorkItem>) -> axum::Json<Vec<WorkItemView>> {
    axum::Json(work_items(items))
}

fn work_items(items: Vec<WorkItem>) -> Vec<WorkItemView> {
    items
        .into_iter()
        .map(|i| WorkItemView {
            case: CaseSummaryView {
                id: i.case.id,
                household_id: i.case.household_id,
                phase: i.case.phase,
                legal_frame: i.case.legal_frame,
                lead: i.case.lead,
                scale: i.case.route.scale.as_ref().map(|s| s.form),
                handoffs: i.case.handoffs,
                version: i.case.version,
            },
            household_name: i.household_name,
            attention: i.attention,
            held: i.held,
        })
        .collect()
}

/// A team's worklist: its open cases and, for Veilig Thuis and the local team, the signals their
/// organisation has not assessed yet (earliest deadline first, overdue ones flagged).
#[derive(Debug, Serialize, ToSchema)]
pub struct TeamWorklistView {
    /// The open cases of the team's professionals, those needing attention first.
    pub cases: Vec<WorkItemView>,
    /// Signals waiting for assessment.
    pub triage: Vec<super::signals::SignalView>,
}

#[utoipa::path(get, path = "/worklist", tag = "worklist",
    responses((status = 200, body = Vec<WorkItemView>, description = "The signed-in professional's open cases (as lead, in a duo or consulted), those needing attention first"), (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn my_worklist(State(state): State<AppState>, me: SignedIn) -> Result<axum::Json<Vec<WorkItemView>>, ApiError> {
    Ok(worklist_view(state.access.scope(me.actor()).my_worklist().await?))
}

/// Whose work a team's worklist shows.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct TeamWorklistParams {
    /// Only the cases in which this member of the team holds work — as the fixed contact person or whom a
    /// scale-down returns to, as the RVT's professional, on a justice route — in households the caller
    /// works in too, also after the colleague's access ended: to pass on the work of a colleague who is
    /// away or leaving. Without it, the whole team's.
    pub professional: Option<ProfessionalId>,
}

#[utoipa::path(get, path = "/teams/{id}/worklist", tag = "worklist", params(("id" = TeamId, Path, description = "Team id"), TeamWorklistParams),
    responses((status = 200, body = TeamWorklistView, description = "With `professional`, that colleague's cases and no signals"), (status = 422, body = Problem, description = "`professional` is not in the team"), (status = 400, body = Problem, description = "An unknown parameter, or `professional` that is not an id, named"), (status = 404, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn team_worklist(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<TeamId>,
    ApiQuery(params): ApiQuery<TeamWorklistParams>,
) -> Result<axum::Json<TeamWorklistView>, ApiError> {
    let scope = state.access.scope(me.actor());
    if let Some(colleague) = params.professional {
        let cases = work_items(scope.team_worklist_of(id, colleague).await?);
        return Ok(axum::Json(TeamWorklistView {
            cases,
            triage: Vec::new(),
        }));
    }
    let cases = work_items(scope.team_worklist(id).await?);
    let receives = regie_domain::policy::decide(me.organisation.kind, regie_domain::Action::ReceiveSignal)
        == regie_domain::Decision::Allowed;
    let triage = match receives {
        true => scope.triage_signals(regie_access::TRIAGE_PAGE, 0).await?.0,
        false => Vec::new(),
    };
    Ok(axum::Json(TeamWorklistView {
        cases,
        triage: triage
            .into_iter()
            .map(|s| super::signals::signal_view(s, &me.organisation))
            .collect(),
    }))
}
