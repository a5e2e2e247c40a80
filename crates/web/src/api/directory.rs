//! The region's directory as a form's choice of a professional: whom a case may be handed to (the fixed
//! contact person, the second of a duo), the Regional Safety Team's professionals to scale up to, and the
//! GIs' jeugdbeschermers for a measure; the chooser's own team first, searched by name, team or organisation
//! (`regie_domain::directory::choices`). Directory data only, never a family's.

use crate::AppState;
use crate::access::SignedIn;
use crate::error::{ApiError, ApiQuery, Problem, in_range, in_ranges};
use axum::extract::State;
use regie_domain::ProfessionalId;
use regie_domain::directory::{Choices, Choosing};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
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
    /// Whom the choice is of: `lead` (who may lead a case), `rvt` (the Regional Safety Team's professionals)
    /// or `executor` (a GI's jeugdbeschermers).
    #[param(inline)]
    pub choice: Choosing,
    /// Words that must each occur in the professional's name, team or organisation (case and diacritics
    /// ignored).
    pub q: Option<String>,
    /// At most this many professionals, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
}

/// The professionals of a choice, grouped by team.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChoicesView {
    /// How many professionals the choice admits, searched or not.
    pub admitted: usize,
    /// How many of them match the search; more than the groups hold when the limit cut them.
    pub found: usize,
    /// The chooser's own team first, then the rest of their organisation, then the other organisations.
    pub groups: Vec<ChoiceGroupView>,
}

/// One team's professionals (or an organisation's without a team).
#[derive(Debug, Serialize, ToSchema)]
pub struct ChoiceGroupView {
    /// "Team Noord (Lokaal team Voorbeeld)", or the organisation's name.
    pub label: String,
    /// The team's name, if the group is a team.
    pub team: Option<String>,
    /// The organisation's name.
    pub organisation: String,
    /// The chooser's own team.
    pub own_team: bool,
    /// Its professionals, by name.
    pub professionals: Vec<ChoiceView>,
}

/// A professional to choose.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChoiceView {
    /// Identifier, as a case change takes it.
    pub id: ProfessionalId,
    /// Name.
    pub name: String,
    /// Their organisation's name.
    pub organisation: String,
}

impl From<Choices> for ChoicesView {
    fn from(c: Choices) -> Self {
        Self {
            admitted: c.admitted,
            found: c.found,
            groups: (c.groups.into_iter())
                .map(|g| ChoiceGroupView {
                    label: g.label,
                    team: g.team,
                    organisation: g.organisation,
                    own_team: g.own_team,
                    professionals: (g.options.into_iter())
                        .map(|o| ChoiceView {
                            id: o.id,
                            name: o.name,
                            organisation: o.organisation,
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

#[utoipa::path(get, path = "/professionals", tag = "directory", params(ChoiceParams),
    responses((status = 200, body = ChoicesView, description = "The region's professionals of this choice"),
        (status = 400, body = Problem, description = "An unknown choice or a limit out of range, named"),
        (status = 403, body = Problem, description = "Not an organisation whose forms offer this choice (who changes a lead, scales up, or requests a measure)"),
        (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn professionals(
    State(state): State<AppState>,
    me: SignedIn,
    ApiQuery(params): ApiQuery<ChoiceParams>,
) -> Result<axum::Json<ChoicesView>, ApiError> {
    let [limit] = in_ranges([in_range("limit", params.limit, 50, 1..=200)])?;
    let search = params.q.as_deref().unwrap_or_default();
    let choices = (state.access)
        .choices(&me, params.choice, (search, &[]), limit as usize)
        .await?;
    Ok(axum::Json(choices.into()))
}
