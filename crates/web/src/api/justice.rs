//! The court route (F13–F15, F17): asking the Raad to investigate, the Raad's conclusion and request, the
//! court's inbox, hearing and decision, and the GI's execution of a measure. Handlers parse (every wrong
//! field at once), the domain decides, the access layer checks the statutory task and involvement.

use super::cases::case_response;
use super::views::CaseView;
use crate::AppState;
use crate::access::{CourtFile, JusticeItem, SignedIn};
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery, Fields, Problem, in_range, in_ranges};
use axum::extract::State;
use jiff::civil::Date;
use regie_access::{ConclusionInput, Whose};
use regie_domain::justice::{ChildHeard, CourtRequest, DecisionInput, Investigation, Measure, MeasureKind, Outcome};
use regie_domain::time::parse_date;
use regie_domain::{CaseId, DomainError, LegalFrame, OrganisationId, PersonId, ProfessionalId, Reason};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(request_investigation))
        .routes(routes!(accept_investigation))
        .routes(routes!(take_over_investigation))
        .routes(routes!(conclude_investigation))
        .routes(routes!(request_extension))
        .routes(routes!(record_placement))
        .routes(routes!(end_measure))
        .routes(routes!(hand_over_measures))
        .routes(routes!(take_over_measures))
        .routes(routes!(name_other_executor))
        .routes(routes!(justice_worklist))
        .routes(routes!(court_file))
        .routes(routes!(schedule_hearing))
        .routes(routes!(decide))
}

type CaseResult = Result<axum::Json<CaseView>, ApiError>;

/// Ask the Raad voor de Kinderbescherming to investigate (verzoek tot onderzoek).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InvestigationBody {
    /// The Raad; the region's only Raad when left out.
    #[serde(default)]
    pub raad: Option<OrganisationId>,
    /// Why, in your own words (the family reads it).
    pub reason: String,
    /// The case version this change is based on.
    pub version: i64,
}

#[utoipa::path(post, path = "/cases/{id}/investigations", tag = "justice", request_body = InvestigationBody, params(("id" = CaseId, Path, description = "Case id")),
    responses((status = 200, body = CaseView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn request_investigation(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<CaseId>,
    ApiJson(body): ApiJson<InvestigationBody>,
) -> CaseResult {
    let scope = state.access.scope(me.actor());
    Ok(case_response(
        &scope
            .request_investigation(id, body.version, body.raad, &body.reason)
            .await?,
    ))
}

/// A change that needs only the case version.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VersionBody {
    /// The case version this change is based on.
    pub version: i64,
}

#[utoipa::path(post, path = "/cases/{id}/investigations/{number}/accept", tag = "justice", request_body = VersionBody,
    params(("id" = CaseId, Path, description = "Case id"), ("number" = u32, Path, description = "The investigation's number in the case")),
    responses((status = 200, body = CaseView, description = "The Raad accepted; the acting professional investigates, due within the region's norm"), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn accept_investigation(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath((id, number)): ApiPath<(CaseId, u32)>,
    ApiJson(body): ApiJson<VersionBody>,
) -> CaseResult {
    let scope = state.access.scope(me.actor());
    Ok(case_response(
        &scope.accept_investigation(id, body.version, number).await?,
    ))
}

#[utoipa::path(post, path = "/cases/{id}/investigations/{number}/take-over", tag = "justice", request_body = VersionBody,
    params(("id" = CaseId, Path, description = "Case id"), ("number" = u32, Path, description = "The investigation's number in the case")),
    responses((status = 200, body = CaseView, description = "You investigate from now on, in place of the colleague of the Raad who accepted it; the deadline stays"), (status = 404, body = Problem), (status = 409, body = Problem, description = "Not accepted yet, already yours, concluded, or the case changed"), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn take_over_investigation(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath((id, number)): ApiPath<(CaseId, u32)>,
    ApiJson(body): ApiJson<VersionBody>,
) -> CaseResult {
    let scope = state.access.scope(me.actor());
    Ok(case_response(
        &scope.take_over_investigation(id, body.version, number).await?,
    ))
}

/// How the Raad concludes its investigation.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConclusionKind {
    /// File a request with the court.
    Request,
    /// Hand the case back with advice.
    HandBack,
}

/// The Raad's conclusion: a request to the court (the measures, the children, the grounds, the GI's
/// jeugdbeschermer who will execute), or back with advice.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConclusionBody {
    /// `request` or `hand_back`.
    pub outcome: ConclusionKind,
    /// For a request: the measures asked.
    #[serde(default)]
    pub kinds: Vec<MeasureKind>,
    /// For a request: the children.
    #[serde(default)]
    pub children: Vec<PersonId>,
    /// For a request: its grounds.
    #[serde(default)]
    pub grounds: Option<String>,
    /// For a request: the court; the region's only court when left out.
    #[serde(default)]
    pub court: Option<OrganisationId>,
    /// For a request: the GI's jeugdbeschermer who declared themselves willing to execute it.
    #[serde(default)]
    pub executor: Option<ProfessionalId>,
    /// For a hand-back: the advice.
    #[serde(default)]
    pub advice: Option<String>,
    /// The case version this change is based on.
    pub version: i64,
}

fn required(field: &'static str, en: &'static str, nl: &'static str) -> DomainError {
    DomainError::invalid(field, "required", en, nl)
}

#[utoipa::path(post, path = "/cases/{id}/investigations/{number}/conclusion", tag = "justice", request_body = ConclusionBody,
    params(("id" = CaseId, Path, description = "Case id"), ("number" = u32, Path, description = "The investigation's number in the case")),
    responses((status = 200, body = CaseView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn conclude_investigation(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath((id, number)): ApiPath<(CaseId, u32)>,
    ApiJson(body): ApiJson<ConclusionBody>,
) -> CaseResult {
    let input = conclusion(&body)?;
    let scope = state.access.scope(me.actor());
    Ok(case_response(
        &scope.conclude_investigation(id, body.version, number, input).await?,
    ))
}

/// The conclusion as typed, every wrong field reported at once.
pub(crate) fn conclusion(body: &ConclusionBody) -> Result<ConclusionInput, ApiError> {
    let mut wrong = Fields::default();
    match body.outcome {
        ConclusionKind::HandBack => {
            let advice = match body.advice.as_deref() {
                Some(a) => wrong.check(Reason::parse("advice", a)),
                None => wrong.check(Err(required("advice", "give the advice", "vul het advies in"))),
            };
            wrong.finish()?;
            Ok(ConclusionInput::HandBack {
                advice: advice.expect("checked"),
            })
        }
        ConclusionKind::Request => {
            let grounds = match body.grounds.as_deref() {
                Some(g) => wrong.check(Reason::parse("grounds", g)),
                None => wrong.check(Err(required(
                    "grounds",
                    "give the grounds of the request",
                    "vul de gronden van het verzoek in",
                ))),
            };
            if body.kinds.is_empty() {
                wrong.push(regie_domain::justice::no_measure_asked());
            }
            if body.children.is_empty() {
                wrong.push(required(
                    "children",
                    "name the children the request is about",
                    "kies de kinderen om wie het verzoek gaat",
                ));
            }
            if body.executor.is_none() {
                wrong.push(required(
                    "executor",
                    "name the GI's jeugdbeschermer who will execute the measure",
                    "kies de jeugdbeschermer van de GI die de maatregel uitvoert",
                ));
            }
            wrong.finish()?;
            Ok(ConclusionInput::Request {
                kinds: body.kinds.clone(),
                children: body.children.clone(),
                grounds: grounds.expect("checked"),
                court: body.court,
                executor: body.executor.expect("checked"),
            })
        }
    }
}

/// Request the extension of running measures (art. 1:260 BW): the GI that executes them, or else the Raad.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtensionBody {
    /// The measures' numbers in the case.
    pub measures: Vec<u32>,
    /// The grounds.
    pub grounds: String,
    /// The court; the region's only court when left out.
    #[serde(default)]
    pub court: Option<OrganisationId>,
    /// The case version this change is based on.
    pub version: i64,
}

#[utoipa::path(post, path = "/cases/{id}/extension-requests", tag = "justice", request_body = ExtensionBody, params(("id" = CaseId, Path, description = "Case id")),
    responses((status = 200, body = CaseView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn request_extension(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<CaseId>,
    ApiJson(body): ApiJson<ExtensionBody>,
) -> CaseResult {
    let (measures, grounds) = extension(body.measures, "grounds", &body.grounds)?;
    let scope = state.access.scope(me.actor());
    let case = scope
        .request_extension(id, body.version, measures, grounds, body.court)
        .await?;
    Ok(case_response(&case))
}

/// An extension request as typed, with every wrong field at once: no measure chosen, no grounds (named
/// `grounds_field` on the form).
pub(crate) fn extension(
    measures: Vec<u32>,
    grounds_field: &'static str,
    grounds: &str,
) -> Result<(Vec<u32>, Reason), ApiError> {
    let mut wrong = Fields::default();
    if measures.is_empty() {
        wrong.push(DomainError::invalid(
            "measures",
            "required",
            "choose the measures to extend",
            "Kies de maatregelen die verlengd moeten worden.",
        ));
    }
    let grounds = wrong.check(Reason::parse(grounds_field, grounds));
    wrong.finish()?;
    Ok((measures, grounds.expect("checked")))
}

/// A placement authorisation was used.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlacementBody {
    /// The day the child was placed (YYYY-MM-DD).
    pub placed_on: String,
    /// The case version this change is based on.
    pub version: i64,
}

#[utoipa::path(post, path = "/cases/{id}/measures/{number}/placement", tag = "justice", request_body = PlacementBody,
    params(("id" = CaseId, Path, description = "Case id"), ("number" = u32, Path, description = "The measure's number in the case")),
    responses((status = 200, body = CaseView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn record_placement(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath((id, number)): ApiPath<(CaseId, u32)>,
    ApiJson(body): ApiJson<PlacementBody>,
) -> CaseResult {
    let on = parse_date("placed_on", &body.placed_on)?;
    let scope = state.access.scope(me.actor());
    Ok(case_response(
        &scope.record_placement(id, body.version, number, on).await?,
    ))
}

/// A measure ends early (its ground is gone), or its expiry is recorded.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndMeasureBody {
    /// When it is the last measure in force: `voluntary` or `pressure`, the frame the case continues in.
    #[serde(default)]
    pub frame_after: Option<LegalFrame>,
    /// Why (the family reads it).
    pub reason: String,
    /// The case version this change is based on.
    pub version: i64,
}

#[utoipa::path(post, path = "/cases/{id}/measures/{number}/end", tag = "justice", request_body = EndMeasureBody,
    params(("id" = CaseId, Path, description = "Case id"), ("number" = u32, Path, description = "The measure's number in the case")),
    responses((status = 200, body = CaseView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn end_measure(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath((id, number)): ApiPath<(CaseId, u32)>,
    ApiJson(body): ApiJson<EndMeasureBody>,
) -> CaseResult {
    let reason = Reason::parse("reason", &body.reason)?;
    let scope = state.access.scope(me.actor());
    let case = scope
        .end_measure(id, body.version, number, body.frame_after, reason)
        .await?;
    Ok(case_response(&case))
}

/// Another jeugdbeschermer: for the measures a GI hands over, or in a request still at the court.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HandOverBody {
    /// The jeugdbeschermer of the same GI who executes the measures from now on, or is named in the request.
    pub to: ProfessionalId,
    /// Why (the family reads it).
    pub reason: String,
    /// The case version this change is based on.
    pub version: i64,
}

/// Hand every measure the GI executes in the case, and every request at the court whose measure it is to
/// execute, over to another of its jeugdbeschermers; they take the place in the lead too (a change of lead,
/// F8). For the jeugdbeschermer who executes them, or their team where the region lets teams cover.
#[utoipa::path(post, path = "/cases/{id}/measures/hand-over", tag = "justice", request_body = HandOverBody,
    params(("id" = CaseId, Path, description = "Case id")),
    responses((status = 200, body = CaseView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn hand_over_measures(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<CaseId>,
    ApiJson(body): ApiJson<HandOverBody>,
) -> CaseResult {
    let scope = state.access.scope(me.actor());
    Ok(case_response(
        &scope
            .hand_over_measures(id, body.version, body.to, &body.reason)
            .await?,
    ))
}

/// Why a professional takes work over (a GI's measures, an investigation after an assessment), with the
/// version.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TakeOverBody {
    /// Why (the family reads it), for example that the colleague who did the work left.
    pub reason: String,
    /// The case version this change is based on.
    pub version: i64,
}

/// Take over every measure your GI executes in the case, and every request at the court whose measure it is
/// to execute: you become their jeugdbeschermer and take the place in the lead (a change of lead, F8). For
/// any jeugdbeschermer of the GI, from its worklist, when the one who executes them left or fell ill and
/// nobody who stands in the case hands them over; you read the file once they are yours.
#[utoipa::path(post, path = "/cases/{id}/measures/take-over", tag = "justice", request_body = TakeOverBody,
    params(("id" = CaseId, Path, description = "Case id")),
    responses((status = 200, body = CaseView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn take_over_measures(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<CaseId>,
    ApiJson(body): ApiJson<TakeOverBody>,
) -> CaseResult {
    let scope = state.access.scope(me.actor());
    Ok(case_response(
        &scope.take_over_measures(id, body.version, &body.reason).await?,
    ))
}

/// Name another jeugdbeschermer of the same GI in a request still at the court: when the one the GI named
/// leaves or falls ill before the decision. Only the organisation that filed the request; the GI has no part
/// in the family until the court decides, and tells the requester.
#[utoipa::path(post, path = "/cases/{id}/court-requests/{number}/executor", tag = "justice", request_body = HandOverBody,
    params(("id" = CaseId, Path, description = "Case id"), ("number" = u32, Path, description = "The request's number in the case")),
    responses((status = 200, body = CaseView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn name_other_executor(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath((id, number)): ApiPath<(CaseId, u32)>,
    ApiJson(body): ApiJson<HandOverBody>,
) -> CaseResult {
    let scope = state.access.scope(me.actor());
    Ok(case_response(
        &scope
            .name_other_executor(id, body.version, number, body.to, &body.reason)
            .await?,
    ))
}

/// One line of the Raad's, the court's or the GI's worklist.
#[derive(Debug, Serialize, ToSchema)]
pub struct JusticeItemView {
    /// The case.
    pub case_id: CaseId,
    /// The case's version: send it back to take an investigation over
    /// (`POST /cases/{id}/investigations/{number}/take-over`).
    pub version: i64,
    /// Whether you may read the case: work on its route is yours, your team's (where the region lets a team
    /// cover for its members) or nobody's yet. Work assigned to a colleague you do not cover for is listed
    /// for the overview; its file is theirs until you take it over.
    pub yours: bool,
    /// Its household's name.
    pub household_name: String,
    /// What is to be done: `accept_investigation`, `conclude_investigation`, `schedule_hearing`, `decide`,
    /// `measure_ending`, `provisional_ending`, `placement_unused`, `measure_expired`, `extension_pending`,
    /// `measure_running`; for the Raad that asked for a measure, `extension_not_requested` (it may request
    /// the extension the GI did not, art. 1:260 lid 1 BW).
    pub work: String,
    /// The same, in Dutch.
    pub label_nl: String,
    /// The investigation's, request's or measure's number in the case (the first of `numbers`).
    pub number: u32,
    /// Every number this item stands for: the same work on the same day for several children's measures of
    /// one case is one item.
    pub numbers: Vec<u32>,
    /// The professional it is assigned to: the Raad's investigator once an investigation is accepted, the
    /// GI's jeugdbeschermer of a measure; absent while it is the organisation's, nobody's in particular.
    pub assigned_to: Option<ProfessionalId>,
    /// When it is due (none for a measure that runs until the child comes of age).
    #[schema(value_type = Option<String>, format = Date)]
    pub due: Option<Date>,
    /// Whether it asks for action now.
    pub needs_action: bool,
}

impl From<&JusticeItem> for JusticeItemView {
    fn from(i: &JusticeItem) -> Self {
        Self {
            case_id: i.case_id,
            version: i.version,
            yours: i.yours,
            household_name: i.household_name.clone(),
            work: i.work.kind.as_str().into(),
            label_nl: i.work.kind.label_nl().into(),
            number: i.work.number,
            numbers: i.numbers.clone(),
            assigned_to: i.work.professional,
            due: (i.work.due != Date::MAX).then_some(i.work.due),
            needs_action: i.work.kind.needs_action(),
        }
    }
}

/// Paging through the justice worklist, and whose work it shows.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct JusticeWorklistParams {
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// How many of the first items to skip, 0 to 1,000,000 (default 0): the next page starts at
    /// `offset + limit`.
    #[param(minimum = 0, maximum = 1_000_000)]
    pub offset: Option<u32>,
    /// Only the work assigned to you (the measures you execute, the investigations you do) and the work
    /// assigned to nobody yet, such as an investigation not yet accepted (default false: all of your
    /// organisation's).
    pub mine: Option<bool>,
}

#[utoipa::path(get, path = "/justice/worklist", tag = "justice", params(JusticeWorklistParams),
    responses((status = 200, body = Vec<JusticeItemView>, description = "A page of the work the organisation has on court routes: the Raad's investigations, the court's requests (its inbox), the GI's measures with their reminders; what needs action first, then soonest due. The header `X-Total-Count` says how many items there are in all",
        headers(("X-Total-Count" = u64, description = "How many items the list has in all"))),
        (status = 400, body = Problem), (status = 403, body = Problem), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn justice_worklist(
    State(state): State<AppState>,
    me: SignedIn,
    ApiQuery(params): ApiQuery<JusticeWorklistParams>,
) -> Result<impl axum::response::IntoResponse, ApiError> {
    let [limit, offset] = in_ranges([
        in_range("limit", params.limit, regie_access::JUSTICE_PAGE, 1..=200),
        in_range("offset", params.offset, 0, 0..=1_000_000),
    ])?;
    let whose = if params.mine.unwrap_or(false) {
        Whose::Mine
    } else {
        Whose::Organisation
    };
    let (items, total) = (state.access.scope(me.actor()))
        .justice_worklist(whose, limit, offset)
        .await?;
    let views: Vec<JusticeItemView> = items.iter().map(Into::into).collect();
    Ok(([("x-total-count", total.to_string())], axum::Json(views)))
}

/// A child a request is about, as the court sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChildView {
    /// The person.
    pub person_id: PersonId,
    /// Full name.
    pub name: String,
    /// Date of birth.
    #[schema(value_type = String, format = Date)]
    pub date_of_birth: Date,
    /// Age on the hearing day (or today, before one is set).
    pub age: i16,
    /// Whether they are to be given the chance to be heard (12 or older, art. 809 Rv).
    pub to_be_heard: bool,
}

/// A request as the court sees it: the minimal data set for deciding (F17), nothing else of the file.
#[derive(Debug, Serialize, ToSchema)]
pub struct CourtFileView {
    /// The case.
    pub case_id: CaseId,
    /// Send this back with a hearing or decision.
    pub version: i64,
    /// The household's name.
    pub household_name: String,
    /// The request, with its hearing and decision.
    pub request: CourtRequest,
    /// The children it concerns.
    pub children: Vec<ChildView>,
    /// The household's adults (the parents, as parties).
    pub parents: Vec<String>,
    /// Who filed it.
    pub filed_by: String,
    /// The GI and jeugdbeschermer who will execute it.
    pub executor: String,
    /// The investigation it rests on.
    pub investigation: Option<Investigation>,
    /// For an extension: the measures as they run.
    pub measures: Vec<Measure>,
}

impl From<CourtFile> for CourtFileView {
    fn from(f: CourtFile) -> Self {
        let to_hear = |p: PersonId| f.request.hearing.as_ref().is_some_and(|h| h.to_hear.contains(&p));
        Self {
            children: (f.children.iter())
                .map(|c| ChildView {
                    person_id: c.person_id,
                    name: c.name.clone(),
                    date_of_birth: c.date_of_birth,
                    age: c.age,
                    to_be_heard: to_hear(c.person_id) || (f.request.hearing.is_none() && c.age >= 12),
                })
                .collect(),
            case_id: f.case_id,
            version: f.version,
            household_name: f.household_name,
            request: f.request,
            parents: f.parents,
            filed_by: f.filed_by,
            executor: f.executor,
            investigation: f.investigation,
            measures: f.measures,
        }
    }
}

type CourtResult = Result<axum::Json<CourtFileView>, ApiError>;

#[utoipa::path(get, path = "/cases/{id}/court-requests/{number}", tag = "justice",
    params(("id" = CaseId, Path, description = "Case id"), ("number" = u32, Path, description = "The request's number in the case")),
    responses((status = 200, body = CourtFileView, description = "For the court it was filed with"), (status = 404, body = Problem), (status = 403, body = Problem), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn court_file(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath((id, number)): ApiPath<(CaseId, u32)>,
) -> CourtResult {
    Ok(axum::Json(
        state.access.scope(me.actor()).court_file(id, number).await?.into(),
    ))
}

/// The hearing's day.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HearingBody {
    /// The day (YYYY-MM-DD, today or later).
    pub hearing_on: String,
    /// The case version this change is based on.
    pub version: i64,
}

#[utoipa::path(post, path = "/cases/{id}/court-requests/{number}/hearing", tag = "justice", request_body = HearingBody,
    params(("id" = CaseId, Path, description = "Case id"), ("number" = u32, Path, description = "The request's number in the case")),
    responses((status = 200, body = CourtFileView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn schedule_hearing(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath((id, number)): ApiPath<(CaseId, u32)>,
    ApiJson(body): ApiJson<HearingBody>,
) -> CourtResult {
    let on = parse_date("hearing_on", &body.hearing_on)?;
    let scope = state.access.scope(me.actor());
    Ok(axum::Json(
        scope.schedule_hearing(id, body.version, number, on).await?.into(),
    ))
}

/// What the court grants of one measure.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GrantBody {
    /// The measure.
    pub kind: MeasureKind,
    /// The day it ends (YYYY-MM-DD); none for a gezagsbeëindigende maatregel. An error on it names the field
    /// `until.<kind>`.
    #[serde(default)]
    pub until: Option<String>,
}

/// Whether a child of 12 or older was heard.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum HeardKind {
    /// They gave their view.
    Heard,
    /// They were invited and chose not to come.
    Declined,
    /// Not heard, for the reason given.
    NotHeard,
}

/// The hearing of one child.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HeardBody {
    /// The child.
    pub person_id: PersonId,
    /// Heard, declined or not heard.
    pub heard: HeardKind,
    /// Why not, for `not_heard`.
    #[serde(default)]
    pub reason: Option<String>,
}

/// The court's decision (beschikking).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionBody {
    /// Granted, partly granted or rejected.
    pub outcome: Outcome,
    /// What is granted, with its end; empty for a rejection.
    #[serde(default)]
    pub granted: Vec<GrantBody>,
    /// The children it grants for; every child of the request when left out. A grant for fewer children
    /// is `partly_granted`.
    #[serde(default)]
    pub children: Vec<PersonId>,
    /// The first day in force (YYYY-MM-DD); today when left out.
    #[serde(default)]
    pub start: Option<String>,
    /// For each child of 12 or older: whether they were heard (art. 809 Rv).
    #[serde(default)]
    pub heard: Vec<HeardBody>,
    /// Why the court decides a provisional measure before hearing a child of 12 or older (art. 809 lid 3 Rv).
    #[serde(default)]
    pub urgent: Option<String>,
    /// The decision in words: the family reads it in the case's timeline.
    pub reason: String,
    /// The case version this change is based on.
    pub version: i64,
}

#[utoipa::path(post, path = "/cases/{id}/court-requests/{number}/decision", tag = "justice", request_body = DecisionBody,
    params(("id" = CaseId, Path, description = "Case id"), ("number" = u32, Path, description = "The request's number in the case")),
    responses((status = 200, body = CourtFileView, description = "Decided; a grant puts the case in the mandatory frame and brings the GI in"), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn decide(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath((id, number)): ApiPath<(CaseId, u32)>,
    ApiJson(body): ApiJson<DecisionBody>,
) -> CourtResult {
    let input = decision(number, &body)?;
    let scope = state.access.scope(me.actor());
    Ok(axum::Json(scope.decide(id, body.version, input).await?.into()))
}

/// The decision as typed, every wrong field reported at once.
pub(crate) fn decision(request: u32, body: &DecisionBody) -> Result<DecisionInput, ApiError> {
    decision_beside(request, body, Fields::default())
}

/// [`decision`], beside the errors the caller found already (`wrong`), all named together.
pub(crate) fn decision_beside(request: u32, body: &DecisionBody, mut wrong: Fields) -> Result<DecisionInput, ApiError> {
    let reason = wrong.check(Reason::parse("reason", &body.reason));
    let start = match body.start.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(s) => wrong.check(parse_date("start", s)),
        None => Some(regie_domain::time::today()),
    };
    let mut granted = Vec::new();
    for g in &body.granted {
        let until = match g.until.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(s) => match wrong.check(parse_date(g.kind.until_field(), s)) {
                Some(d) => Some(d),
                None => continue,
            },
            None => None,
        };
        granted.push((g.kind, until));
    }
    let mut heard = Vec::new();
    for h in &body.heard {
        let record = match h.heard {
            HeardKind::Heard => ChildHeard::Heard,
            HeardKind::Declined => ChildHeard::Declined,
            HeardKind::NotHeard => match h.reason.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
                Some(r) => ChildHeard::NotHeard { reason: r.to_owned() },
                None => {
                    wrong.push(required(
                        "heard",
                        "say why a child was not heard",
                        "vul in waarom een kind niet gehoord is",
                    ));
                    continue;
                }
            },
        };
        heard.push((h.person_id, record));
    }
    let urgent = match body.urgent.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(u) => wrong.check(Reason::parse("urgent", u)),
        None => None,
    };
    wrong.finish()?;
    Ok(DecisionInput {
        request,
        outcome: body.outcome,
        granted,
        children: body.children.clone(),
        start: start.expect("checked"),
        heard,
        urgent,
        reason: reason.expect("checked"),
    })
}
