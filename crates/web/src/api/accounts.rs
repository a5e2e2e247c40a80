//! An organisation's accounts through the API, for its functional administrator: who has one, a password
//! reset that ends the colleague's sessions, the work a leaving colleague still holds and the end of their
//! access, and its teams' contact details; and each professional's own contact details, which families read
//! in the portal.

use crate::AppState;
use crate::access::SignedIn;
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery, Problem, in_range, in_ranges};
use axum::extract::State;
use regie_domain::{Contact, ProfessionalId, TeamId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(accounts))
        .routes(routes!(reset_password))
        .routes(routes!(departure))
        .routes(routes!(end_access))
        .routes(routes!(teams))
        .routes(routes!(set_team_contact))
        .routes(routes!(own_contact, set_own_contact))
}

/// A work phone number and e-mail address; empty or absent means none.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactBody {
    /// 10 to 15 digits, with spaces, "+", "-" or brackets.
    #[serde(default)]
    pub phone: Option<String>,
    /// Like name@organisation.nl.
    #[serde(default)]
    pub email: Option<String>,
}

impl ContactBody {
    /// The phone as typed; absent is empty.
    fn phone(&self) -> &str {
        self.phone.as_deref().unwrap_or_default()
    }

    /// The e-mail as typed; absent is empty.
    fn email(&self) -> &str {
        self.email.as_deref().unwrap_or_default()
    }
}

impl From<Contact> for ContactBody {
    fn from(c: Contact) -> Self {
        Self {
            phone: c.phone,
            email: c.email,
        }
    }
}

/// A team of the administrator's organisation.
#[derive(Debug, Serialize, ToSchema)]
pub struct TeamView {
    /// Identifier.
    pub id: TeamId,
    /// Its name.
    pub name: String,
    /// How a family reaches it when their contact person gave no details of their own.
    pub contact: ContactBody,
}

fn team_view(t: regie_domain::Team) -> TeamView {
    TeamView {
        id: t.id,
        name: t.name,
        contact: t.contact.into(),
    }
}

#[utoipa::path(get, path = "/teams", tag = "accounts",
    responses((status = 200, body = Vec<TeamView>, description = "Your organisation's teams"),
        (status = 403, body = Problem, description = "Only the organisation's administrator"), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn teams(State(state): State<AppState>, me: SignedIn) -> Result<axum::Json<Vec<TeamView>>, ApiError> {
    let found = state.access.scope(me.actor()).administered_teams().await?;
    Ok(axum::Json(found.into_iter().map(team_view).collect()))
}

#[utoipa::path(put, path = "/teams/{id}/contact", tag = "accounts",
    params(("id" = TeamId, Path, description = "Team id")), request_body = ContactBody,
    responses((status = 200, body = TeamView), (status = 422, body = Problem),
        (status = 404, body = Problem, description = "No team of this id in your organisation"),
        (status = 403, body = Problem, description = "Only the organisation's administrator"), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn set_team_contact(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<TeamId>,
    ApiJson(body): ApiJson<ContactBody>,
) -> Result<axum::Json<TeamView>, ApiError> {
    let team = (state.access.scope(me.actor()))
        .set_team_contact(id, body.phone(), body.email())
        .await?;
    Ok(axum::Json(team_view(team)))
}

#[utoipa::path(get, path = "/me/contact", tag = "me",
    responses((status = 200, body = ContactBody, description = "Your work phone and e-mail, as families read them"),
        (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn own_contact(State(state): State<AppState>, me: SignedIn) -> Result<axum::Json<ContactBody>, ApiError> {
    Ok(axum::Json(state.access.scope(me.actor()).own_contact().await?.into()))
}

#[utoipa::path(put, path = "/me/contact", tag = "me", request_body = ContactBody,
    responses((status = 200, body = ContactBody), (status = 422, body = Problem), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn set_own_contact(
    State(state): State<AppState>,
    me: SignedIn,
    ApiJson(body): ApiJson<ContactBody>,
) -> Result<axum::Json<ContactBody>, ApiError> {
    let contact = (state.access.scope(me.actor()))
        .set_own_contact(body.phone(), body.email())
        .await?;
    Ok(axum::Json(contact.into()))
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
    /// When their access ended (they left the organisation); absent while they work here.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub ended_at: Option<jiff::Timestamp>,
}

fn account_view(p: regie_domain::Professional) -> AccountView {
    AccountView {
        id: p.id,
        username: p.username,
        display_name: p.display_name,
        ended_at: p.ended.map(|e| e.at),
    }
}

/// A colleague who may be leaving: the work still in their name, which someone else must take over before
/// their access can end, and whether it can end now.
#[derive(Debug, Serialize, ToSchema)]
pub struct DepartureView {
    /// Whose.
    pub account: AccountView,
    /// The work held, as counts (no family is named).
    pub holdings: regie_domain::departure::Holdings,
    /// The same in a Dutch phrase; empty when nothing is held.
    pub holdings_nl: String,
    /// Whether you may end the access now.
    pub may_end: bool,
    /// Why not, when not: the refusal `POST /accounts/{username}/end` would give (its `code` and Dutch text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refusal_code: Option<String>,
    /// Why not, in Dutch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refusal_nl: Option<String>,
}

/// A new, temporary password, shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResetView {
    /// Whose.
    pub username: String,
    /// To pass on in person; the colleague then chooses their own.
    pub temporary_password: String,
}

/// A page of the organisation's accounts, with a search.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AccountsParams {
    /// Words that each start a word of the name or username (case and accents do not matter); all when absent.
    pub q: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// How many of the first to skip, 0 to 1,000,000 (default 0): the next page starts at `offset + limit`.
    #[param(minimum = 0, maximum = 1_000_000)]
    pub offset: Option<u32>,
}

#[utoipa::path(get, path = "/accounts", tag = "accounts", params(AccountsParams),
    responses((status = 200, body = Vec<AccountView>, description = "A page of your organisation's professionals found by the search, by name (those who left too, with `ended_at`); the header `X-Total-Count` says how many were found in all",
            headers(("X-Total-Count" = u64, description = "How many accounts the search found in all"))),
        (status = 400, body = Problem), (status = 403, body = Problem, description = "Only the organisation's administrator"), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn accounts(
    State(state): State<AppState>,
    me: SignedIn,
    ApiQuery(params): ApiQuery<AccountsParams>,
) -> Result<impl axum::response::IntoResponse, ApiError> {
    let [limit, offset] = in_ranges([
        in_range("limit", params.limit, 50, 1..=200),
        in_range("offset", params.offset, 0, 0..=1_000_000),
    ])?;
    let words = regie_domain::directory::SearchWords::new(params.q.as_deref().unwrap_or_default());
    let found: Vec<_> = (state.access.scope(me.actor()).administered().await?.into_iter())
        .filter(|p| p.found_by(&words))
        .collect();
    let total = found.len();
    let page: Vec<AccountView> = (found.into_iter())
        .skip(offset as usize)
        .take(limit as usize)
        .map(account_view)
        .collect();
    Ok(([("x-total-count", total.to_string())], axum::Json(page)))
}

#[utoipa::path(get, path = "/accounts/{username}/departure", tag = "accounts",
    params(("username" = String, Path, description = "The colleague's username")),
    responses((status = 200, body = DepartureView, description = "The work still in the colleague's name, as counts (no family is named), and whether the access can end now"),
        (status = 404, body = Problem, description = "No account of this name in your organisation"),
        (status = 403, body = Problem, description = "Only the organisation's administrator"), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn departure(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(username): ApiPath<String>,
) -> Result<axum::Json<DepartureView>, ApiError> {
    let d = state.access.scope(me.actor()).departure(&username).await?;
    let refusal = d.refusal().map(|e| (e.code.to_owned(), e.nl.clone()));
    Ok(axum::Json(DepartureView {
        holdings_nl: d.held.nl(),
        holdings: d.held,
        may_end: refusal.is_none(),
        refusal_code: refusal.as_ref().map(|(code, _)| code.clone()),
        refusal_nl: refusal.map(|(_, nl)| nl),
        account: account_view(d.colleague),
    }))
}

#[utoipa::path(post, path = "/accounts/{username}/end", tag = "accounts",
    params(("username" = String, Path, description = "The colleague's username")),
    responses((status = 200, body = AccountView, description = "The access has ended: the colleague's sessions and API tokens are gone and they cannot sign in"),
        (status = 404, body = Problem, description = "No account of this name in your organisation"),
        (status = 409, body = Problem, description = "Work is still in the colleague's name (hand it over first), or the access has already ended"),
        (status = 422, body = Problem, description = "Your own account"),
        (status = 403, body = Problem, description = "Only the organisation's administrator; a colleague who holds a role is the operator's"), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn end_access(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(username): ApiPath<String>,
) -> Result<axum::Json<AccountView>, ApiError> {
    let ended = state.access.scope(me.actor()).end_access(&username).await?;
    Ok(axum::Json(account_view(ended)))
}

#[utoipa::path(post, path = "/accounts/{username}/password-reset", tag = "accounts",
    params(("username" = String, Path, description = "The colleague's username")),
    responses((status = 200, body = ResetView, description = "A new temporary password; every session of the account has ended and its sign-in lock is lifted"),
        (status = 404, body = Problem, description = "No account of this name in your organisation"),
        (status = 409, body = Problem, description = "The colleague's access has ended"),
        (status = 422, body = Problem, description = "Your own account: change your password yourself"),
        (status = 403, body = Problem, description = "Only the organisation's administrator"), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn reset_password(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(username): ApiPath<String>,
) -> Result<axum::Json<ResetView>, ApiError> {
    let (colleague, temporary_password) = state.access.scope(me.actor()).reset_password(&username).await?;
    Ok(axum::Json(ResetView {
        username: colleague.username,
        temporary_password,
    }))
}
