//! The organisation's accounts, for its functional administrator (issue 12, item 9): every colleague with
//! a button that gives them a new, temporary password and ends their sessions.

use super::{FormState, Layout, PageResult, Posted, Pro, page, page_with, posted};
use crate::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::routing::get;

pub fn router() -> Router<AppState> {
    Router::new().route("/accounts", get(accounts).post(reset))
}

/// A colleague's account on the page.
struct AccountRow {
    username: String,
    name: String,
    own: bool,
}

/// A password just reset: for whom, and the temporary password, shown this once.
struct Reset {
    name: String,
    username: String,
    password: String,
}

#[derive(Template)]
#[template(path = "accounts.html")]
struct AccountsPage {
    layout: Layout,
    rows: Vec<AccountRow>,
    reset: Option<Reset>,
    form: FormState,
}

async fn accounts_page(
    state: &AppState,
    pro: &Pro,
    reset: Option<Reset>,
    form: FormState,
) -> Result<AccountsPage, super::PageError> {
    let found = state.access.scope(pro.me.actor()).administered().await?;
    Ok(AccountsPage {
        layout: Layout::new("Accounts", Some(&pro.session), "/accounts"),
        rows: found
            .into_iter()
            .map(|p| AccountRow {
                own: p.id == pro.me.professional.id,
                username: p.username,
                name: p.display_name,
            })
            .collect(),
        reset,
        form,
    })
}

async fn accounts(State(state): State<AppState>, pro: Pro) -> PageResult {
    page(accounts_page(&state, &pro, None, FormState::default()).await?)
}

/// Resets a colleague's password and shows the temporary one on the page (never in an address).
async fn reset(State(state): State<AppState>, pro: Pro, body: Posted) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    let username = form.value("username").to_owned();
    let scope = state.access.scope(pro.me.actor());
    match scope.reset_password(&username).await {
        Ok(password) => {
            let name = (scope.administered().await?.into_iter())
                .find(|p| p.username == username)
                .map_or_else(|| username.clone(), |p| p.display_name);
            let reset = Reset {
                name,
                username,
                password,
            };
            page(accounts_page(&state, &pro, Some(reset), FormState::default()).await?)
        }
        Err(e) => {
            let status = form.refuse(e)?;
            page_with(status, accounts_page(&state, &pro, None, form).await?)
        }
    }
}
