//! The region's directory as a form's choice of a professional: whom a case may be handed to (the fixed
//! contact person, the second of a duo), the Regional Safety Team's professionals to scale up to, and the
//! GIs' jeugdbeschermers for a measure, and the colleagues of one's own GI to hand its measures over to; the
//! chooser's own team first, searched by name, team or organisation
//! (`regie_domain::directory::choices`). Directory data only, never a family's.

use crate::AppState;
use crate::access::SignedIn;
use crate::error::{ApiError, ApiQuery, Problem, in_range, in_ranges};
use axum::extract::State;
use regie_domain::OrganisationId;
use regie_domain::directory::{Choices, Choosing};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(professionals))
}

/// Which choice, searched how, and how many at most.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ChoiceParams {
    /// Whom the choice is of: `lead` (who may lead a case), `rvt` (the Regional Safety Team's professionals),
    /// `executor` (a GI's jeugdbeschermers) or `successor` (the jeugdbeschermers of one's own GI).
    #[param(inline)]
    pub choice: Choosing,
    /// Words that must each occur in the professional's name, team or organisation (case and diacritics
    /// ignored).
    pub q: Option<String>,
    /// At most this many professionals, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// Only the professionals of this organisation: for example the GI whose jeugdbeschermer a request to
    /// the court names, when the Raad names another one of the same GI. An organisation of another region,
    /// or one the choice does not admit, gives an empty list.
    pub organisation: Option<OrganisationId>,
}

#[utoipa::path(get, path = "/professionals", tag = "directory", params(ChoiceParams),
    responses((status = 200, body = Choices, description = "The region's professionals of this choice"),
        (status = 400, body = Problem, description = "An unknown choice, an organisation that is not an id, or a limit out of range, named"),
        (status = 403, body = Problem, description = "Not an organisation whose forms offer this choice (who changes a lead, scales up, requests or executes a measure)"),
        (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn professionals(
    State(state): State<AppState>,
    me: SignedIn,
    ApiQuery(params): ApiQuery<ChoiceParams>,
) -> Result<axum::Json<Choices>, ApiError> {
    let [limit] = in_ranges([in_range("limit", params.limit, 50, 1..=200)])?;
    let search = params.q.as_deref().unwrap_or_default();
    let choices = (state.access)
        .choices(&me, (params.choice, params.organisation), (search, &[]), limit as usize)
        .await?;
    Ok(axum::Json(choices))
}
