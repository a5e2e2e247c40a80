//! Persons, with the duplicate check that keeps one person one record (F2).

use super::views::*;
use crate::AppState;
use crate::access::{PersonRegistration, SignedIn};
use crate::error::{ApiError, ApiJson, ApiPath, Fields, Problem};
use axum::extract::State;
use axum::http::StatusCode;
use regie_domain::{Person, PersonId, time};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_person))
        .routes(routes!(get_person))
        .routes(routes!(merge_person))
        .routes(routes!(undo_merge))
}

/// A new person.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePerson {
    /// Given name(s).
    pub given_name: String,
    /// Family name including any prefix, e.g. "van den Berg".
    pub family_name: String,
    /// Date of birth, `YYYY-MM-DD`.
    pub date_of_birth: String,
    /// BSN, optional; must pass the 11-proef.
    pub bsn: Option<String>,
    /// Address, optional.
    pub address: Option<AddressBody>,
    /// Create the person even though people with the same name and date of birth exist. Never overrides a
    /// BSN that is already registered.
    #[serde(default)]
    pub confirm_new: bool,
}

/// Registers a person. When a person with the same BSN, or with the same name and date of birth, already
/// exists, the answer is 409 `possible_duplicate` listing them in `data.matches`; resend with
/// `confirm_new: true` to create a new person anyway (not possible for the same BSN).
#[utoipa::path(post, path = "/persons", tag = "persons", request_body = CreatePerson,
    responses((status = 201, body = PersonView), (status = 409, body = Problem, description = "possible duplicates in data.matches"),
        (status = 422, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn create_person(
    State(state): State<AppState>,
    me: SignedIn,
    ApiJson(body): ApiJson<CreatePerson>,
) -> Result<(StatusCode, axum::Json<PersonView>), ApiError> {
    let mut f = Fields::default();
    let address = body.address.as_ref().and_then(|a| f.check_all(a.parse()));
    let person = f.check_all(Person::typed(
        &body.given_name,
        &body.family_name,
        &body.date_of_birth,
        body.bsn.as_deref().unwrap_or(""),
        None,
        time::today(),
    ));
    f.finish()?;
    let person = Person {
        address,
        ..person.expect("checked")
    };
    match state
        .access
        .scope(me.actor())
        .register_person(&person, body.confirm_new)
        .await?
    {
        PersonRegistration::Created(p) => Ok((StatusCode::CREATED, axum::Json((&p).into()))),
        PersonRegistration::PossibleDuplicates(matches) => {
            let views: Vec<PersonMatchView> = matches.iter().map(Into::into).collect();
            let same_bsn = views
                .iter()
                .any(|m| m.reason == regie_domain::person::MatchReason::SameBsn);
            let (en, nl) = if same_bsn {
                (
                    "a person with this BSN is already registered: use the existing person",
                    "er is al een persoon met dit BSN: gebruik de bestaande persoon",
                )
            } else {
                (
                    "a person with the same name and date of birth exists: use them, or resend with confirm_new to create a new person",
                    "er bestaat al een persoon met dezelfde naam en geboortedatum: gebruik die, of verstuur opnieuw met confirm_new om toch een nieuwe persoon aan te maken",
                )
            };
            let field = if same_bsn { "bsn" } else { "confirm_new" };
            Err(
                ApiError::user(StatusCode::CONFLICT, Some(field), "possible_duplicate", en, nl)
                    .with_data(serde_json::json!({ "matches": views })),
            )
        }
    }
}

#[utoipa::path(get, path = "/persons/{id}", tag = "persons", params(("id" = PersonId, Path, description = "Person id")),
    responses((status = 200, body = PersonFileView), (status = 308, description = "The record was merged into another: Location names the surviving record"), (status = 404, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn get_person(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<PersonId>,
) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    let scope = state.access.scope(me.actor());
    if let Some(survivor) = scope.merged_into(id).await? {
        return Ok(axum::response::Redirect::permanent(&format!("/api/v1/persons/{survivor}")).into_response());
    }
    let (person, memberships) = scope.person(id).await?;
    Ok(axum::Json(PersonFileView {
        person: (&person).into(),
        memberships: memberships.iter().map(Into::into).collect(),
    })
    .into_response())
}

/// A merge as the API shows it: who, into whom, why, by whom and when; not the documents it moved.
#[derive(Debug, serde::Serialize, ToSchema)]
pub struct MergeView {
    /// Identifier, to undo it.
    pub id: regie_domain::MergeId,
    /// The record that stays.
    pub survivor: PersonId,
    /// The record merged into it.
    pub retired: PersonId,
    /// Why they are one person.
    pub reason: String,
    /// Who merged them.
    pub by: regie_domain::ProfessionalId,
    /// When.
    #[schema(value_type = String, format = DateTime)]
    pub at: jiff::Timestamp,
    /// How many cases recorded it.
    pub cases: usize,
}

/// Two person records are one person: this one goes into `into`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeBody {
    /// The record that stays.
    pub into: PersonId,
    /// Why they are one person (kept with the merge and on each affected case).
    pub reason: String,
}

#[utoipa::path(post, path = "/persons/{id}/merge", tag = "persons", request_body = MergeBody,
    params(("id" = PersonId, Path, description = "The record to merge into `into`; it then answers with a pointer to it")),
    responses((status = 200, body = MergeView, description = "Merged (F2): every reference moved to the surviving record, the merge an event on each affected case, both ids kept in the processing log; undo with POST /merges/{id}/undo while nothing new was recorded"), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem, description = "Not involved in every household of both records")),
    security(("bearer" = [])))]
async fn merge_person(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<PersonId>,
    ApiJson(body): ApiJson<MergeBody>,
) -> Result<axum::Json<MergeView>, ApiError> {
    let scope = state.access.scope(me.actor());
    let m = scope.merge_persons(id, body.into, &body.reason).await?;
    Ok(axum::Json(MergeView {
        id: m.id,
        survivor: m.survivor,
        retired: m.retired,
        reason: m.reason,
        by: m.by,
        at: m.at,
        cases: m.cases.len(),
    }))
}

#[utoipa::path(post, path = "/merges/{id}/undo", tag = "persons",
    params(("id" = regie_domain::MergeId, Path, description = "The merge")),
    responses((status = 204, description = "Undone: both records separate again, every moved reference back, an event on each affected case"), (status = 404, body = Problem), (status = 409, body = Problem, description = "Something new was recorded on an affected case since, or it was undone already"), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn undo_merge(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<regie_domain::MergeId>,
) -> Result<StatusCode, ApiError> {
    state.access.scope(me.actor()).undo_merge(id).await?;
    Ok(StatusCode::NO_CONTENT)
}
