//! Signals (F3–F6): reports and advice requests coming in, the meldcode assistant, Veilig Thuis's triage
//! with its statutory deadline, the radar, and the reporter's view of their report's status. A shielded
//! reporter is shown to Veilig Thuis only.

use super::cases::{LeadBody, case_response};
use super::views::CaseView;
use crate::AppState;
use crate::access::SignedIn;
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery, Problem, in_range, in_ranges};
use axum::extract::State;
use axum::http::StatusCode;
use jiff::civil::Date;
use regie_domain::meldcode::{Afwegingskader, MeldcodeOutcome, MeldcodeSteps};
use regie_domain::signal::{
    Assessment, AssessmentOutcome, Meldcode, MeldcodeRecord, NewSignal, Norms, Radar, Reporter, Signal, SignalKind,
    SignalStatus, SourceCategory,
};
use regie_domain::{CaseId, HouseholdId, Organisation, OrganisationId, PersonId, SignalId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(receive_signal))
        .routes(routes!(get_signal))
        .routes(routes!(assess_signal))
        .routes(routes!(signal_status))
        .routes(routes!(my_reports))
        .routes(routes!(measure_notices))
        .routes(routes!(triage))
        .routes(routes!(meldcode, my_meldcodes))
        .routes(routes!(get_norms, put_norms))
        .routes(routes!(signal_seen))
        .routes(routes!(investigations))
        .routes(routes!(take_over_signal_investigation))
        .routes(routes!(conclude_signal_investigation))
        .routes(routes!(household_radar))
}

#[utoipa::path(get, path = "/households/{id}/radar", tag = "signals", params(("id" = HouseholdId, Path, description = "Household id")),
    responses((status = 200, body = Radar, description = "Earlier signals and open cases about the household, its members and its address, with the signals per year"), (status = 404, body = Problem), (status = 403, body = Problem), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn household_radar(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<HouseholdId>,
) -> Result<axum::Json<Radar>, ApiError> {
    Ok(axum::Json(state.access.scope(me.actor()).household_radar(id).await?))
}

/// Who reported.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReporterBody {
    /// Where the signal comes from.
    pub category: SourceCategory,
    /// The reporter's name; a citizen may stay anonymous.
    pub name: Option<String>,
    /// A professional reporter's organisation.
    pub organisation: Option<String>,
    /// How to reach the reporter.
    pub contact: Option<String>,
}

/// The meldcode assistant's steps and answers.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeldcodeBody {
    /// Steps 1 to 4: what was done.
    pub steps: MeldcodeSteps,
    /// Step 5: the afwegingskader's answers, in order.
    pub answers: Afwegingskader,
}

/// A signal coming in.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignalBody {
    /// Report (melding) or advice request (adviesvraag).
    pub kind: SignalKind,
    /// Who reported. When you report yourself to another organisation, describe yourself here.
    pub reporter: ReporterBody,
    /// Shield the reporter from the family: only Veilig Thuis sees who it is.
    #[serde(default)]
    pub shielded: bool,
    /// The household it concerns, if known.
    pub household_id: Option<HouseholdId>,
    /// The persons it concerns (find them with the duplicate check of `POST /persons`).
    #[serde(default)]
    pub persons: Vec<PersonId>,
    /// What was seen or heard.
    pub observed: String,
    /// When it was received (YYYY-MM-DD, today or earlier; default today).
    #[schema(value_type = Option<String>, format = Date)]
    pub received_on: Option<Date>,
    /// Acute: the safety assessment is due the same day.
    #[serde(default)]
    pub acute: bool,
    /// Report to this organisation (Veilig Thuis or a local team) instead of registering it for your own.
    pub received_by: Option<OrganisationId>,
    /// The meldcode assistant's record, when the report comes from it; it must lead to a report.
    pub meldcode: Option<MeldcodeBody>,
}

/// A signal, as the viewer may see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignalView {
    /// Identifier.
    pub id: SignalId,
    /// Report or advice request.
    pub kind: SignalKind,
    /// Who reported; left out when shielded and the viewer is not Veilig Thuis.
    pub reporter: Option<Reporter>,
    /// Whether the reporter is shielded from the family.
    pub shielded: bool,
    /// The household.
    pub household_id: Option<HouseholdId>,
    /// The persons.
    pub persons: Vec<PersonId>,
    /// What was seen or heard.
    pub observed: String,
    /// When it was received.
    #[schema(value_type = String, format = Date)]
    pub received_on: Date,
    /// The organisation that received it.
    pub received_by: OrganisationId,
    /// Marked acute.
    pub acute: bool,
    /// The safety assessment's deadline.
    #[schema(value_type = Option<String>, format = Date)]
    pub assessment_deadline: Option<Date>,
    /// Not assessed after its deadline.
    pub overdue: bool,
    /// The assessment.
    pub assessment: Option<Assessment>,
    /// Earlier signals and open cases about the same people; only for the receiving organisation.
    pub radar: Option<Radar>,
    /// The meldcode assistant's record; of a shielded report, only for the receiving organisation.
    pub meldcode: Option<MeldcodeRecord>,
    /// Send this back with an assessment; a stale version gets 409.
    pub version: i64,
}

/// Shows a signal to a viewer of organisation kind `viewer`: a shielded reporter only to Veilig Thuis.
pub fn signal_view(s: Signal, viewer: &Organisation) -> SignalView {
    let today = regie_domain::time::today();
    // The radar and the meldcode record are for the organisation that received the signal: a reporter
    // learns nothing about the family's history, and a shielded reporter's own notes stay with Veilig Thuis.
    let receiver = viewer.id == s.received_by;
    let sees_reporter = s.reporter_visible_to(viewer.kind);
    SignalView {
        overdue: s.is_overdue(today),
        reporter: sees_reporter.then_some(s.reporter),
        id: s.id,
        kind: s.kind,
        shielded: s.shielded,
        household_id: s.household_id,
        persons: s.persons,
        observed: s.observed,
        received_on: s.received_on,
        received_by: s.received_by,
        acute: s.acute,
        assessment_deadline: s.assessment_deadline,
        assessment: s.assessment,
        radar: receiver.then_some(s.radar),
        meldcode: s.meldcode.filter(|_| receiver || !s.shielded),
        version: s.version,
    }
}

#[utoipa::path(post, path = "/signals", tag = "signals", request_body = SignalBody,
    responses((status = 201, body = SignalView), (status = 422, body = Problem), (status = 403, body = Problem), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn receive_signal(
    State(state): State<AppState>,
    me: SignedIn,
    ApiJson(body): ApiJson<SignalBody>,
) -> Result<(StatusCode, axum::Json<SignalView>), ApiError> {
    // The domain refuses a meldcode record whose outcome is not a report.
    let meldcode = match &body.meldcode {
        Some(m) => Some(MeldcodeRecord::new(&m.steps, m.answers)?),
        None => None,
    };
    let new = NewSignal {
        kind: body.kind,
        reporter: Reporter {
            category: body.reporter.category,
            name: body.reporter.name,
            organisation: body.reporter.organisation,
            contact: body.reporter.contact,
            professional_id: None,
        },
        shielded: body.shielded,
        household_id: body.household_id,
        persons: body.persons,
        observed: body.observed,
        received_on: body.received_on.unwrap_or_else(regie_domain::time::today),
        acute: body.acute,
        meldcode,
    };
    let scope = state.access.scope(me.actor());
    let signal = scope.receive_signal(new, body.received_by).await?;
    Ok((StatusCode::CREATED, axum::Json(signal_view(signal, &me.organisation))))
}

#[utoipa::path(get, path = "/signals/{id}", tag = "signals", params(("id" = SignalId, Path, description = "Signal id")),
    responses((status = 200, body = SignalView), (status = 404, body = Problem), (status = 403, body = Problem), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn get_signal(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<SignalId>,
) -> Result<axum::Json<SignalView>, ApiError> {
    let signal = state.access.scope(me.actor()).signal(id).await?;
    Ok(axum::Json(signal_view(signal, &me.organisation)))
}

/// The safety assessment of a signal your organisation received.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentBody {
    /// What follows.
    pub outcome: AssessmentOutcome,
    /// Why.
    pub summary: String,
    /// When a new case must be opened: its lead (default: you).
    pub lead: Option<LeadBody>,
    /// The signal version this is based on.
    pub version: i64,
}

/// An assessed signal, with the case it opened or joined.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssessedView {
    /// The signal.
    pub signal: SignalView,
    /// The case it opened or joined.
    pub case: Option<CaseView>,
}

#[utoipa::path(post, path = "/signals/{id}/assessment", tag = "signals", request_body = AssessmentBody, params(("id" = SignalId, Path, description = "Signal id")),
    responses((status = 200, body = AssessedView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn assess_signal(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<SignalId>,
    ApiJson(body): ApiJson<AssessmentBody>,
) -> Result<axum::Json<AssessedView>, ApiError> {
    let scope = state.access.scope(me.actor());
    let lead = match &body.lead {
        Some(l) => Some(l.resolve(&scope).await?),
        None => None,
    };
    let (signal, case) = scope
        .assess_signal(id, body.version, body.outcome, &body.summary, lead)
        .await?;
    Ok(axum::Json(AssessedView {
        signal: signal_view(signal, &me.organisation),
        case: case.as_ref().map(|c| case_response(c).0),
    }))
}

/// Where a report stands, as its reporter sees it: no content.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignalStatusView {
    /// Identifier.
    pub id: SignalId,
    /// Report or advice request.
    pub kind: SignalKind,
    /// When it was received.
    #[schema(value_type = String, format = Date)]
    pub received_on: Date,
    /// Received or assessed.
    pub status: SignalStatus,
    /// What kind of follow-up the assessment decided.
    pub follow_up: Option<AssessmentOutcome>,
}

fn status_view(s: &regie_access::ReportStatus) -> SignalStatusView {
    SignalStatusView {
        id: s.id,
        kind: s.kind,
        received_on: s.received_on,
        status: s.status,
        follow_up: s.follow_up,
    }
}

#[utoipa::path(get, path = "/signals/{id}/status", tag = "signals", params(("id" = SignalId, Path, description = "Signal id")),
    responses((status = 200, body = SignalStatusView), (status = 404, body = Problem), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn signal_status(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<SignalId>,
) -> Result<axum::Json<SignalStatusView>, ApiError> {
    let signal = state.access.scope(me.actor()).signal_status(id).await?;
    Ok(axum::Json(status_view(&signal)))
}

#[utoipa::path(get, path = "/my-reports", tag = "signals",
    responses((status = 200, body = Vec<SignalStatusView>, description = "The reports you made through Regie, newest first"), (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn my_reports(
    State(state): State<AppState>,
    me: SignedIn,
) -> Result<axum::Json<Vec<SignalStatusView>>, ApiError> {
    let reports = state.access.scope(me.actor()).my_reports().await?;
    Ok(axum::Json(reports.iter().map(status_view).collect()))
}

/// A child protection measure in force in a household the police reported (F17: nothing else of the file).
#[derive(Debug, Serialize, ToSchema)]
pub struct MeasureNoticeView {
    /// The police's report.
    pub signal_id: SignalId,
    /// Since when a measure is in force.
    #[schema(value_type = String, format = Date)]
    pub since: jiff::civil::Date,
    /// The GI that executes it: the police's contact.
    pub executor: String,
}

#[utoipa::path(get, path = "/my-reports/measures", tag = "signals",
    responses((status = 200, body = Vec<MeasureNoticeView>, description = "For the police: their reports about a household where a child protection measure is in force now, since when and with which GI; empty for anyone else"), (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn measure_notices(
    State(state): State<AppState>,
    me: SignedIn,
) -> Result<axum::Json<Vec<MeasureNoticeView>>, ApiError> {
    let notices = state.access.scope(me.actor()).measure_notices().await?;
    Ok(axum::Json(
        notices
            .into_iter()
            .map(|n| MeasureNoticeView {
                signal_id: n.signal_id,
                since: n.since,
                executor: n.executor,
            })
            .collect(),
    ))
}

/// Paging through the triage list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct TriageParams {
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// How many of the most urgent to skip, 0 to 1,000,000 (default 0): the next page starts at
    /// `offset + limit`.
    #[param(minimum = 0, maximum = 1_000_000)]
    pub offset: Option<u32>,
}

#[utoipa::path(get, path = "/triage", tag = "signals", params(TriageParams),
    responses((status = 200, body = Vec<SignalView>, description = "A page of the signals your organisation received and has not assessed, earliest deadline first; the header `X-Total-Count` says how many wait in all",
        headers(("X-Total-Count" = u64, description = "How many signals wait for assessment in all"))),
        (status = 400, body = Problem), (status = 403, body = Problem), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn triage(
    State(state): State<AppState>,
    me: SignedIn,
    ApiQuery(params): ApiQuery<TriageParams>,
) -> Result<impl axum::response::IntoResponse, ApiError> {
    let [limit, offset] = in_ranges([
        in_range("limit", params.limit, regie_access::TRIAGE_PAGE, 1..=200),
        in_range("offset", params.offset, 0, 0..=1_000_000),
    ])?;
    let scope = state.access.scope(me.actor());
    let (open, total) = scope.triage_signals(limit, offset).await?;
    let views: Vec<SignalView> = open.into_iter().map(|s| signal_view(s, &me.organisation)).collect();
    Ok(([("x-total-count", total.to_string())], axum::Json(views)))
}

/// A walk through the meldcode, to keep whatever its outcome.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeldcodeRecordBody {
    /// Steps 1 to 4: what was done.
    pub steps: MeldcodeSteps,
    /// Step 5: the afwegingskader's answers, in order.
    pub answers: Afwegingskader,
    /// The household it is about, if known.
    pub household_id: Option<HouseholdId>,
    /// The persons it is about.
    #[serde(default)]
    pub persons: Vec<PersonId>,
}

/// The meldcode assistant's outcome, as kept.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeldcodeView {
    /// What the answers lead to.
    pub outcome: MeldcodeOutcome,
    /// In Dutch.
    pub outcome_nl: String,
    /// Whether to report to Veilig Thuis: then send the same steps and answers with `POST /signals`.
    pub report: bool,
    /// The kept record.
    pub meldcode: Meldcode,
}

fn meldcode_view(meldcode: Meldcode) -> MeldcodeView {
    let outcome = meldcode.record.outcome;
    MeldcodeView {
        outcome,
        outcome_nl: outcome.label_nl().into(),
        report: outcome.reports(),
        meldcode,
    }
}

#[utoipa::path(post, path = "/meldcode", tag = "signals", request_body = MeldcodeRecordBody,
    responses((status = 201, body = MeldcodeView), (status = 422, body = Problem), (status = 403, body = Problem), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn meldcode(
    State(state): State<AppState>,
    me: SignedIn,
    ApiJson(body): ApiJson<MeldcodeRecordBody>,
) -> Result<(StatusCode, axum::Json<MeldcodeView>), ApiError> {
    // Without the task, a refusal is the answer, whatever the answers were.
    regie_domain::policy::require(me.organisation.kind, regie_domain::Action::ReportSignal)?;
    let record = MeldcodeRecord::new(&body.steps, body.answers)?;
    let kept = state
        .access
        .scope(me.actor())
        .record_meldcode(record, body.household_id, body.persons)
        .await?;
    Ok((StatusCode::CREATED, axum::Json(meldcode_view(kept))))
}

#[utoipa::path(get, path = "/meldcode", tag = "signals",
    responses((status = 200, body = Vec<MeldcodeView>, description = "Your own meldcode records, newest first"), (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn my_meldcodes(State(state): State<AppState>, me: SignedIn) -> Result<axum::Json<Vec<MeldcodeView>>, ApiError> {
    let kept = state.access.scope(me.actor()).my_meldcodes().await?;
    Ok(axum::Json(kept.into_iter().map(meldcode_view).collect()))
}

#[utoipa::path(get, path = "/norms", tag = "signals",
    responses((status = 200, body = Norms), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn get_norms(State(state): State<AppState>, me: SignedIn) -> Result<axum::Json<Norms>, ApiError> {
    Ok(axum::Json(state.access.scope(me.actor()).norms().await?))
}

#[utoipa::path(put, path = "/norms", tag = "signals", request_body = Norms,
    responses((status = 200, body = Norms), (status = 422, body = Problem), (status = 403, body = Problem), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn put_norms(
    State(state): State<AppState>,
    me: SignedIn,
    ApiJson(norms): ApiJson<Norms>,
) -> Result<axum::Json<Norms>, ApiError> {
    state.access.scope(me.actor()).put_norms(&norms).await?;
    Ok(axum::Json(norms))
}

/// Mark something on a case as seen by its lead: a linked signal, or the RVT's answer to a consultation.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SeenBody {
    /// The case version this change is based on.
    pub version: i64,
}

#[utoipa::path(post, path = "/cases/{id}/signals/{signal_id}/seen", tag = "signals", request_body = SeenBody,
    params(("id" = CaseId, Path, description = "Case id"), ("signal_id" = SignalId, Path, description = "Signal id")),
    responses((status = 200, body = CaseView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn signal_seen(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath((id, signal_id)): ApiPath<(CaseId, SignalId)>,
    ApiJson(body): ApiJson<SeenBody>,
) -> Result<axum::Json<CaseView>, ApiError> {
    let case = state
        .access
        .scope(me.actor())
        .change_case(id, body.version, |c, a, at| c.mark_signal_seen(signal_id, a, at))
        .await?;
    Ok(case_response(&case))
}

/// An investigation after an assessment, on the list of the organisation that does it.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvestigationView {
    /// The case it runs in.
    pub case_id: CaseId,
    /// The case's version: send it back to take the investigation over
    /// (`POST /cases/{id}/signals/{signal_id}/take-over`).
    pub version: i64,
    /// The signal whose assessment started it.
    pub signal_id: SignalId,
    /// The household.
    pub household_id: HouseholdId,
    /// Its name.
    pub household_name: String,
    /// When the signal was received.
    #[schema(value_type = String, format = Date)]
    pub received_on: Date,
    /// The investigation's deadline.
    #[schema(value_type = Option<String>, format = Date)]
    pub deadline: Option<Date>,
    /// Who investigates.
    pub investigator: regie_domain::ProfessionalId,
    /// Whether you may read the household's file: the investigation is yours, or your team's where the
    /// region lets a team cover for its members. Else it is a colleague's, listed for the overview; its
    /// file opens to you once you take it over.
    pub yours: bool,
}

impl From<&regie_access::InvestigationItem> for InvestigationView {
    fn from(i: &regie_access::InvestigationItem) -> Self {
        Self {
            case_id: i.case_id,
            version: i.version,
            signal_id: i.signal_id,
            household_id: i.household_id,
            household_name: i.household_name.clone(),
            received_on: i.received_on,
            deadline: i.deadline,
            investigator: i.investigator,
            yours: i.yours,
        }
    }
}

#[utoipa::path(get, path = "/investigations", tag = "signals", params(TriageParams),
    responses((status = 200, body = Vec<InvestigationView>, description = "A page of the investigations your organisation does after an assessment (Veilig Thuis, Wmo 2015 art. 4.1.1 lid 2) in cases still open, the first deadline first; the header `X-Total-Count` says how many there are in all",
        headers(("X-Total-Count" = u64, description = "How many investigations run in all"))),
        (status = 400, body = Problem), (status = 403, body = Problem), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn investigations(
    State(state): State<AppState>,
    me: SignedIn,
    ApiQuery(params): ApiQuery<TriageParams>,
) -> Result<impl axum::response::IntoResponse, ApiError> {
    let [limit, offset] = in_ranges([
        in_range("limit", params.limit, regie_access::INVESTIGATIONS_PAGE, 1..=200),
        in_range("offset", params.offset, 0, 0..=1_000_000),
    ])?;
    let (items, total) = state.access.scope(me.actor()).investigations(limit, offset).await?;
    let views: Vec<InvestigationView> = items.iter().map(Into::into).collect();
    Ok(([("x-total-count", total.to_string())], axum::Json(views)))
}

/// Take over the investigation the assessment of a signal started in the case: you investigate, and where
/// the investigator led the case you become its lead (the family's fixed contact person). For any
/// professional of the organisation that investigates, from its list of investigations, when the
/// investigator left or fell ill and their team does not cover for them; you read the file once it is
/// yours. The reason says why; the family reads it when you become their fixed contact person.
#[utoipa::path(post, path = "/cases/{id}/signals/{signal_id}/take-over", tag = "signals", request_body = super::justice::TakeOverBody,
    params(("id" = CaseId, Path, description = "Case id"), ("signal_id" = SignalId, Path, description = "Signal id")),
    responses((status = 200, body = CaseView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn take_over_signal_investigation(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath((id, signal_id)): ApiPath<(CaseId, SignalId)>,
    ApiJson(body): ApiJson<super::justice::TakeOverBody>,
) -> Result<axum::Json<CaseView>, ApiError> {
    let scope = state.access.scope(me.actor());
    let case = scope
        .take_over_signal_investigation(id, signal_id, body.version, &body.reason)
        .await?;
    Ok(case_response(&case))
}

/// The findings of an investigation after an assessment, with the version.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConclusionBody {
    /// What the investigation found, and what follows (help with the local team, a request to the Raad).
    pub conclusion: String,
    /// The case version this change is based on.
    pub version: i64,
}

/// Conclude the investigation the assessment of a signal started in the case: for its investigator and,
/// where the region lets a team cover for its members, their team. It then no longer opens the file to
/// them; what follows is the case's (help with the local team, a request to the Raad to investigate).
#[utoipa::path(post, path = "/cases/{id}/signals/{signal_id}/conclusion", tag = "signals", request_body = ConclusionBody,
    params(("id" = CaseId, Path, description = "Case id"), ("signal_id" = SignalId, Path, description = "Signal id")),
    responses((status = 200, body = CaseView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn conclude_signal_investigation(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath((id, signal_id)): ApiPath<(CaseId, SignalId)>,
    ApiJson(body): ApiJson<ConclusionBody>,
) -> Result<axum::Json<CaseView>, ApiError> {
    let scope = state.access.scope(me.actor());
    let case = scope
        .conclude_signal_investigation(id, signal_id, body.version, &body.conclusion)
        .await?;
    Ok(case_response(&case))
}
