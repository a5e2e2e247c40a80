//! Households and their members (F1).

use super::views::*;
use crate::AppState;
use crate::access::SignedIn;
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery, Fields, Problem, in_range, in_ranges};
use axum::extract::State;
use axum::http::StatusCode;
use regie_access::HouseholdQuery;
use regie_domain::household::check_membership_start;
use regie_domain::{Household, HouseholdId, Membership, MembershipId, PersonId, Relation, ShortText, time};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_households, create_household))
        .routes(routes!(get_household))
        .routes(routes!(add_member))
        .routes(routes!(end_member))
        .routes(routes!(put_authority))
        .routes(routes!(file_copy))
        .routes(routes!(letters))
        .routes(routes!(retention))
        .routes(routes!(lawyers))
}

/// Search and paging for the household list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    /// Words that must each start a word of the household's name or of a current member's name, BSN or date
    /// of birth (`31-12-2015` or `2015-12-31`).
    pub q: Option<String>,
    /// Continue after this household (the `next` of the previous page).
    pub after: Option<HouseholdId>,
    /// Page size, 1 to 100 (default 50).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
}

#[utoipa::path(get, path = "/households", tag = "households", params(ListParams),
    responses((status = 200, body = HouseholdPage), (status = 400, body = Problem), (status = 422, body = Problem, description = "A search word shaped like a date that does not exist"), (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn list_households(
    State(state): State<AppState>,
    me: SignedIn,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Result<axum::Json<HouseholdPage>, ApiError> {
    let [limit] = in_ranges([in_range("limit", params.limit, 50, 1..=100)])?;
    regie_domain::time::check_search_dates("q", params.q.as_deref().unwrap_or(""))?;
    let query = HouseholdQuery::typed(params.q.as_deref().unwrap_or(""), params.after, limit);
    let page = state.access.scope(me.actor()).list_households(&query).await?;
    let items = page
        .households
        .iter()
        .map(|s| HouseholdSummaryView {
            household: (&s.household).into(),
            members: s.members,
            open_case: s.open_case.map(|(id, phase)| OpenCaseRef { id, phase }),
        })
        .collect();
    Ok(axum::Json(HouseholdPage {
        items,
        known_elsewhere: page.known_elsewhere.iter().map(Into::into).collect(),
        next: page.next_after,
    }))
}

/// A new household.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateHousehold {
    /// How professionals refer to it, e.g. "Huishouden De Vries".
    pub name: String,
    /// Where it lives.
    pub address: Option<AddressBody>,
}

#[utoipa::path(post, path = "/households", tag = "households", request_body = CreateHousehold,
    responses((status = 201, body = HouseholdView), (status = 422, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn create_household(
    State(state): State<AppState>,
    me: SignedIn,
    ApiJson(body): ApiJson<CreateHousehold>,
) -> Result<(StatusCode, axum::Json<HouseholdView>), ApiError> {
    let mut f = Fields::default();
    let name = f.check(ShortText::parse("name", &body.name));
    let address = body.address.as_ref().map(|a| f.check_all(a.parse()));
    f.finish()?;
    let household = Household {
        id: HouseholdId::new(),
        region_id: me.organisation.region_id,
        name: name.expect("checked"),
        address: address.map(|a| a.expect("checked")),
        registered_by: None,
        version: 1,
    };
    state.access.scope(me.actor()).create_household(&household).await?;
    Ok((StatusCode::CREATED, axum::Json((&household).into())))
}

#[utoipa::path(get, path = "/households/{id}", tag = "households", params(("id" = HouseholdId, Path, description = "Household id")),
    responses((status = 200, body = HouseholdFileView), (status = 404, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn get_household(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<HouseholdId>,
) -> Result<axum::Json<HouseholdFileView>, ApiError> {
    let file = state.access.scope(me.actor()).household_file(id).await?;
    let today = time::today();
    Ok(axum::Json(HouseholdFileView {
        household: (&file.household).into(),
        members: file
            .members
            .iter()
            .map(|m| MemberView {
                membership: (&m.membership).into(),
                person: (&m.person).into(),
                current: m.membership.is_current_on(today),
            })
            .collect(),
        open_case: file.open_case.as_ref().map(Into::into),
        anonymous: file.anonymous,
        authority: file.authority,
        tracks: file.tracks,
    }))
}

/// A person joining a household.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddMember {
    /// The person (create them first with `POST /persons`).
    pub person_id: PersonId,
    /// How they relate to the household.
    pub relation: Relation,
    /// First day of membership, `YYYY-MM-DD`; default today.
    pub from: Option<String>,
}

#[utoipa::path(post, path = "/households/{id}/members", tag = "households", request_body = AddMember,
    params(("id" = HouseholdId, Path, description = "Household id")),
    responses((status = 201, body = MembershipView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn add_member(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<HouseholdId>,
    ApiJson(body): ApiJson<AddMember>,
) -> Result<(StatusCode, axum::Json<MembershipView>), ApiError> {
    let today = time::today();
    let from = match body.from.as_deref() {
        Some(raw) => time::parse_date("from", raw).and_then(|d| check_membership_start(d, today))?,
        None => today,
    };
    let membership = Membership {
        id: MembershipId::new(),
        household_id: id,
        person_id: body.person_id,
        relation: body.relation,
        from,
        to: None,
    };
    state.access.scope(me.actor()).add_member(&membership).await?;
    Ok((StatusCode::CREATED, axum::Json((&membership).into())))
}

/// The end of a membership.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndMember {
    /// Last day of membership, `YYYY-MM-DD`; default today.
    pub to: Option<String>,
}

#[utoipa::path(post, path = "/households/{id}/members/{membership_id}/end", tag = "households", request_body = EndMember,
    params(("id" = HouseholdId, Path, description = "Household id"), ("membership_id" = MembershipId, Path, description = "Membership id")),
    responses((status = 200, body = MembershipView), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn end_member(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath((id, membership_id)): ApiPath<(HouseholdId, MembershipId)>,
    ApiJson(body): ApiJson<EndMember>,
) -> Result<axum::Json<MembershipView>, ApiError> {
    let to = match body.to.as_deref() {
        Some(raw) => time::parse_date("to", raw)?,
        None => time::today(),
    };
    let ended = state.access.scope(me.actor()).end_member(id, membership_id, to).await?;
    Ok(axum::Json((&ended).into()))
}

/// Who holds parental authority over a child (gezag): one or two adults, or a GI alone as guardian.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AuthorityBody {
    /// The holders: `{"kind": "person", "person_id": …}` or `{"kind": "guardian", "organisation_id": …}`.
    pub holders: Vec<regie_domain::authority::Holder>,
    /// Since when (YYYY-MM-DD, today or earlier).
    pub since: String,
}

#[utoipa::path(put, path = "/households/{id}/authority/{child}", tag = "households", request_body = AuthorityBody,
    params(("id" = HouseholdId, Path, description = "Household id"), ("child" = PersonId, Path, description = "The child, a current member")),
    responses((status = 200, body = regie_domain::authority::Authority, description = "Registered; earlier registrations stay in the record"), (status = 404, body = Problem), (status = 422, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn put_authority(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath((id, child)): ApiPath<(HouseholdId, PersonId)>,
    ApiJson(body): ApiJson<AuthorityBody>,
) -> Result<axum::Json<regie_domain::authority::Authority>, ApiError> {
    let since = regie_domain::time::parse_date("since", &body.since)?;
    let scope = state.access.scope(me.actor());
    Ok(axum::Json(
        scope.record_authority(id, child, body.holders, since).await?,
    ))
}

#[utoipa::path(get, path = "/households/{id}/members/{person}/file-copy", tag = "households",
    params(("id" = HouseholdId, Path, description = "Household id"), ("person" = PersonId, Path, description = "The member who asked, a current member")),
    responses((status = 200, body = Object, description = "A copy of the file for a member who asked for it outside the portal (inzage en afschrift, AVG art. 15): their own data and that of the children under 16 over whom they hold authority, every case as the portal shows it, their consents and who processed their data; never a reporter, another member's own words or another household. Logged under the register's activity subject_access."), (status = 404, body = Problem), (status = 422, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn file_copy(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath((id, person)): ApiPath<(HouseholdId, PersonId)>,
) -> Result<axum::Json<regie_access::FileCopy>, ApiError> {
    let scope = state.access.scope(me.actor());
    Ok(axum::Json(scope.file_copy(id, person).await?))
}

#[utoipa::path(get, path = "/households/{id}/letters", tag = "households",
    params(("id" = HouseholdId, Path, description = "Household id")),
    responses((status = 200, body = Vec<regie_domain::letter::Letter>, description = "Every letter in plain Dutch sent to the household's members about a decision that affects them (a scale-up, a change of legal frame, a measure requested, decided or ended, a refused correction, a decided complaint), newest first: one per adult and per child of 12 or older concerned. The PDF of each is at /huishoudens/{id}/brieven/{case}/{entry}/{to}/brief.pdf."), (status = 404, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn letters(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<HouseholdId>,
) -> Result<axum::Json<Vec<regie_domain::letter::Letter>>, ApiError> {
    Ok(axum::Json(state.access.scope(me.actor()).letters(id).await?))
}

/// How long a household's file is kept, and the requests to destroy it.
#[derive(Debug, serde::Serialize, ToSchema)]
pub struct RetentionBody {
    /// The retention: while a case is open, until a day under a rule, or always.
    pub retention: regie_domain::retention::Retention,
    /// The requests to destroy the file, in its current case.
    pub requests: Vec<DestructionRequestView>,
}

/// A request to destroy the file, with its case.
#[derive(Debug, serde::Serialize, ToSchema)]
pub struct DestructionRequestView {
    /// The case it is in.
    pub case: regie_domain::CaseId,
    /// The request.
    pub request: regie_domain::retention::DestructionRequest,
}

#[utoipa::path(get, path = "/households/{id}/retention", tag = "households",
    params(("id" = HouseholdId, Path, description = "Household id")),
    responses((status = 200, body = RetentionBody, description = "How long the file is kept (F21): while a case is open; then the longest term that applies — 20 years after the help (Jeugdwet art. 7.3.8), until the youngest child is 18 when Veilig Thuis was involved, 30 years after coming of age after a measure, 100 years after birth after the Raad's investigation, always after a gezagsbeëindigende maatregel — and the family's requests to destroy it"), (status = 404, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn retention(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<HouseholdId>,
) -> Result<axum::Json<RetentionBody>, ApiError> {
    let view = state.access.scope(me.actor()).retention(id).await?;
    Ok(axum::Json(RetentionBody {
        retention: view.retention,
        requests: (view.requests.into_iter())
            .map(|(case, request)| DestructionRequestView { case, request })
            .collect(),
    }))
}

#[utoipa::path(get, path = "/households/{id}/lawyers", tag = "households",
    params(("id" = HouseholdId, Path, description = "Household id")),
    responses((status = 200, body = Vec<regie_domain::lawyer::Lawyer>, description = "The lawyers the household's members registered in the portal: they receive a copy of the letters about requests and decisions on measures, and read the court proceedings concerning their client while the client consents"), (status = 404, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn lawyers(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<HouseholdId>,
) -> Result<axum::Json<Vec<regie_domain::lawyer::Lawyer>>, ApiError> {
    Ok(axum::Json(state.access.scope(me.actor()).lawyers(id).await?))
}
