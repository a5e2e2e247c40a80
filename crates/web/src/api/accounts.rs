//! An organisation's accounts through the API, for its functional administrator: who has one, and a
//! password reset that ends the colleague's sessions.

use crate::AppState;
use crate::access::SignedIn;
use crate::error::{ApiError, ApiPath, Problem};
use axum::extract::State;
use regie_domain::ProfessionalId;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(accounts))
        .routes(routes!(reset_password))
}

/// A professional of the administrator's organisation.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountView {
    /// Identifier.
    pub id: ProfessionalId,
    /// The username they sign in with.
    pub username: String,
    /// Their name.
    pub display_name: String,
}

/// A new, temporary password, shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResetView {
    /// Whose.
    pub username: String,
    /// To pass on in person; the colleague then chooses their own.
    pub temporary_password: String,
}

#[utoipa::path(get, path = "/accounts", tag = "accounts",
    responses((status = 200, body = Vec<AccountView>, description = "Your organisation's professionals, by name"),
        (status = 403, body = Problem, description = "Only the organisation's administrator"), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn accounts(State(state): State<AppState>, me: SignedIn) -> Result<axum::Json<Vec<AccountView>>, ApiError> {
    let found = state.access.scope(me.actor()).administered().await?;
    Ok(axum::Json(
        found
            .into_iter()
            .map(|p| AccountView {
                id: p.id,
                username: p.username,
                display_name: p.display_name,
            })
            .collect(),
    ))
}

#[utoipa::path(post, path = "/accounts/{username}/password-reset", tag = "accounts",
    params(("username" = String, Path, description = "The colleague's username")),
    responses((status = 200, body = ResetView, description = "A new temporary password; every session of the account has ended and its sign-in lock is lifted"),
        (status = 404, body = Problem, description = "No account of this name in your organisation"),
        (status = 422, body = Problem, description = "Your own account: change your password yourself"),
        (status = 403, body = Problem, description = "Only the organisation's administrator"), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn reset_password(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(username): ApiPath<String>,
) -> Result<axum::Json<ResetView>, ApiError> {
    let temporary_password = state.access.scope(me.actor()).reset_password(&username).await?;
    Ok(axum::Json(ResetView {
        username,
        temporary_password,
    }))
}
