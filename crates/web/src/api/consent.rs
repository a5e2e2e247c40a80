//! Consent through the API (F18): a household's consents to share its data, recording one, and recording
//! that one was revoked.

use crate::AppState;
use crate::access::{ConsentItem, SignedIn};
use crate::error::{ApiError, ApiJson, ApiPath, Problem};
use axum::extract::State;
use axum::http::StatusCode;
use jiff::Timestamp;
use jiff::civil::Date;
use regie_domain::consent::{ConsentForm, Manner, Purpose, Revocation};
use regie_domain::{ConsentId, HouseholdId, OrganisationId, PersonId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, record))
        .routes(routes!(revoke))
}

/// A household member's consent, as they gave it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentBody {
    /// Who gave it: a current member of the household, 16 or older.
    pub person_id: String,
    /// `rvt_consultation`, `rvt_joint_work` or `rvt_transfer`.
    pub purpose: String,
    /// The organisation of the Regional Safety Team (Veilig Thuis, the Raad or a GI) it lets Regie share with.
    pub organisation_id: String,
    /// The day it was given, `YYYY-MM-DD`: today or earlier.
    pub from: String,
    /// `verbal` or `written`.
    pub manner: String,
}

/// A consent to share a household's data.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsentView {
    /// Identifier.
    pub id: ConsentId,
    /// Whose household.
    pub household_id: HouseholdId,
    /// Who gave it.
    pub person_id: PersonId,
    /// Their name.
    pub person_name: Option<String>,
    /// What for.
    pub purpose: Purpose,
    /// With which organisation.
    pub organisation_id: OrganisationId,
    /// Its name.
    pub organisation_name: Option<String>,
    /// From which day.
    #[schema(value_type = String, format = Date)]
    pub from: Date,
    /// How it was given.
    pub manner: Manner,
    /// When it was recorded.
    #[schema(value_type = String, format = DateTime)]
    pub recorded_at: Timestamp,
    /// Whether it holds today.
    pub in_force: bool,
    /// Its end, once revoked.
    pub revoked: Option<Revocation>,
}

fn view(item: ConsentItem) -> ConsentView {
    let c = item.consent;
    ConsentView {
        in_force: c.in_force(regie_domain::time::today()),
        id: c.id,
        household_id: c.household,
        person_id: c.person,
        person_name: Some(item.person_name),
        purpose: c.purpose,
        organisation_id: c.organisation,
        organisation_name: Some(item.organisation_name),
        from: c.from,
        manner: c.manner,
        recorded_at: c.recorded_at,
        revoked: c.revoked,
    }
}

fn bare(c: regie_domain::consent::Consent) -> ConsentView {
    ConsentView {
        person_name: None,
        organisation_name: None,
        ..view(ConsentItem {
            consent: c,
            person_name: String::new(),
            organisation_name: String::new(),
        })
    }
}

#[utoipa::path(get, path = "/households/{id}/consents", tag = "households",
    params(("id" = HouseholdId, Path, description = "Household id")),
    responses((status = 200, body = Vec<ConsentView>, description = "The household's consents, oldest first, those revoked included"),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn list(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<HouseholdId>,
) -> Result<axum::Json<Vec<ConsentView>>, ApiError> {
    let items = state.access.scope(me.actor()).consents(id).await?;
    Ok(axum::Json(items.into_iter().map(view).collect()))
}

#[utoipa::path(post, path = "/households/{id}/consents", tag = "households",
    params(("id" = HouseholdId, Path, description = "Household id")), request_body = ConsentBody,
    responses((status = 201, body = ConsentView, description = "Recorded: from its first day the household's data may be shared for its purpose"),
        (status = 422, body = Problem, description = "Every wrong field at once"),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn record(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<HouseholdId>,
    ApiJson(body): ApiJson<ConsentBody>,
) -> Result<(StatusCode, axum::Json<ConsentView>), ApiError> {
    let form = ConsentForm {
        person: &body.person_id,
        purpose: &body.purpose,
        organisation: &body.organisation_id,
        from: &body.from,
        manner: &body.manner,
    };
    let consent = state.access.scope(me.actor()).record_consent(id, &form).await?;
    Ok((StatusCode::CREATED, axum::Json(bare(consent))))
}

#[utoipa::path(post, path = "/households/{id}/consents/{consent_id}/revoke", tag = "households",
    params(("id" = HouseholdId, Path, description = "Household id"), ("consent_id" = ConsentId, Path, description = "Consent id")),
    responses((status = 200, body = ConsentView, description = "Revoked: nothing more is shared on it; what was shared stays"),
        (status = 409, body = Problem, description = "Already revoked"),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn revoke(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath((id, consent_id)): ApiPath<(HouseholdId, ConsentId)>,
) -> Result<axum::Json<ConsentView>, ApiError> {
    let revoked = (state.access.scope(me.actor())).revoke_consent(id, consent_id).await?;
    Ok(axum::Json(bare(revoked)))
}
