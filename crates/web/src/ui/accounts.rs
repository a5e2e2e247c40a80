//! The organisation's accounts, for its functional administrator (issue 12, item 9): the colleagues, by name
//! and at most 50 at a time with a search by name or username (a local team of a large region has
//! thousands), each with a button that gives them a new, temporary password and ends their sessions, and a
//! link to end the access of one who leaves (`/accounts/beeindigen`: the work still in their name, as counts,
//! then the end once it is handed over); the newest resets; and the teams' contact details. And for every
//! professional, their own contact details (`/mijn-gegevens`), which families read in the portal.

use super::choose::{ListSearch, Listed, SearchQuery};
use super::{FormState, Layout, PageResult, Posted, Pro, page, page_with, posted, see};
use crate::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use regie_domain::TeamId;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/accounts", get(accounts).post(reset))
        .route("/accounts/team", super::form_post(1, team_contact))
        .route("/accounts/beeindigen", get(confirm_end).post(end))
        .route("/mijn-gegevens", get(own).post(save_own))
}

/// How many accounts the page lists at most, and how many of the newest resets it shows.
const SHOWN: usize = 50;

/// The accounts' list, for its search's note.
const ACCOUNTS: Listed = Listed {
    what: ("account", "accounts"),
    by: "naam of gebruikersnaam",
    hint: "Zoek op een deel van een naam of gebruikersnaam.",
    empty: "Uw organisatie heeft nog geen accounts.",
};

/// A colleague's account on the page.
struct AccountRow {
    username: String,
    name: String,
    own: bool,
    /// "Toegang beëindigd op …" once they left.
    ended: Option<String>,
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
    /// The search above the list, carried along by each row's form.
    search: ListSearch,
    reset: Option<Reset>,
    /// The name of the colleague whose access just ended.
    ended: Option<String>,
    form: FormState,
    /// The teams: (id, name, phone, e-mail).
    teams: Vec<(String, String, String, String)>,
    /// The teams to choose from in the contact form: (id, name).
    team_options: Vec<(String, String)>,
    /// The team contact form.
    team_form: FormState,
    /// The newest password resets of the organisation's accounts, newest first: "when: whose, by whom".
    resets: Vec<String>,
    /// Whether there may be older resets than those shown.
    more_resets: bool,
}

/// What the accounts page shows after a change: a password just reset, or an access just ended.
#[derive(Default)]
struct Done {
    reset: Option<Reset>,
    ended: Option<String>,
}

async fn accounts_page(
    state: &AppState,
    pro: &Pro,
    done: Done,
    form: FormState,
    mut team_form: FormState,
    search: &str,
) -> Result<AccountsPage, super::PageError> {
    let scope = state.access.scope(pro.me.actor());
    let all = scope.administered().await?;
    let words = regie_domain::directory::SearchWords::new(search);
    let found: Vec<_> = all.iter().filter(|p| p.found_by(&words)).collect();
    let counts = (found.len().min(SHOWN), found.len(), all.len());
    let order = "De accounts staan op naam.";
    let search = ListSearch::new("Account zoeken", ("/accounts".into(), search), counts, order, &ACCOUNTS);
    let teams = scope.administered_teams().await?;
    let resets: Vec<String> = (scope.password_resets(SHOWN).await?.into_iter())
        .map(|(username, by, at)| {
            format!(
                "{}: tijdelijk wachtwoord voor {username}, gegeven door {by}.",
                super::format::moment(at)
            )
        })
        .collect();
    if let [only] = teams.as_slice() {
        team_form.default_value("phone", only.contact.phone.clone().unwrap_or_default());
        team_form.default_value("email", only.contact.email.clone().unwrap_or_default());
    }
    Ok(AccountsPage {
        team_options: teams.iter().map(|t| (t.id.to_string(), t.name.clone())).collect(),
        teams: teams
            .into_iter()
            .map(|t| {
                let (phone, email) = (t.contact.phone.unwrap_or_default(), t.contact.email.unwrap_or_default());
                (t.id.to_string(), t.name, phone, email)
            })
            .collect(),
        team_form,
        layout: Layout::new("Accounts", Some(&pro.session), "/accounts"),
        rows: (found.into_iter().take(SHOWN))
            .map(|p| AccountRow {
                own: p.id == pro.me.professional.id,
                username: p.username.clone(),
                name: p.display_name.clone(),
                ended: (p.ended).map(|e| format!("Toegang beëindigd op {}.", super::format::moment(e.at))),
            })
            .collect(),
        search,
        reset: done.reset,
        ended: done.ended,
        form,
        more_resets: resets.len() == SHOWN,
        resets,
    })
}

async fn accounts(State(state): State<AppState>, pro: Pro, Query(q): Query<SearchQuery>) -> PageResult {
    let page_ = accounts_page(
        &state,
        &pro,
        Done::default(),
        FormState::default(),
        FormState::default(),
        q.text(),
    );
    page(page_.await?)
}

/// Resets a colleague's password and shows the temporary one on the page (never in an address).
async fn reset(State(state): State<AppState>, pro: Pro, body: Posted) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    match state
        .access
        .scope(pro.me.actor())
        .reset_password(form.value("username"))
        .await
    {
        Ok((colleague, password)) => {
            let reset = Reset {
                name: colleague.display_name,
                username: colleague.username,
                password,
            };
            let search = form.value("zoek");
            page(
                accounts_page(
                    &state,
                    &pro,
                    Done {
                        reset: Some(reset),
                        ended: None,
                    },
                    FormState::default(),
                    FormState::default(),
                    search,
                )
                .await?,
            )
        }
        Err(e) => {
            let status = form.refuse(e)?;
            let search = form.value("zoek").to_owned();
            page_with(
                status,
                accounts_page(&state, &pro, Done::default(), form, FormState::default(), &search).await?,
            )
        }
    }
}

/// Changes a team's phone and e-mail; every wrong field is named at once.
async fn team_contact(State(state): State<AppState>, pro: Pro, body: Posted) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    let team = form.value("team").parse::<TeamId>();
    let result = match team {
        Ok(team) => {
            (state.access.scope(pro.me.actor()))
                .set_team_contact(team, form.value("phone"), form.value("email"))
                .await
        }
        Err(_) => Err(regie_domain::DomainError::invalid(
            "team",
            "required",
            "choose a team",
            "Kies het team waarvan u de contactgegevens wijzigt.",
        )
        .into()),
    };
    match result {
        Ok(_) => see("/accounts"),
        Err(e) => {
            let status = form.refuse(e)?;
            let search = form.value("zoek").to_owned();
            page_with(
                status,
                accounts_page(&state, &pro, Done::default(), FormState::default(), form, &search).await?,
            )
        }
    }
}

#[derive(Template)]
#[template(path = "account_end.html")]
struct EndPage {
    layout: Layout,
    name: String,
    username: String,
    /// The work still in their name, in a Dutch phrase; empty when nothing is left.
    held: String,
    /// Why the access cannot end now (the domain's words); none when it can.
    refusal: Option<String>,
    /// The accounts list's search, to go back to.
    search: String,
    form: FormState,
}

/// The query of the page that ends an access: whose, and the accounts list's search to go back to.
#[derive(serde::Deserialize)]
struct EndQuery {
    #[serde(default)]
    username: String,
    #[serde(default)]
    zoek: String,
}

async fn end_page(
    state: &AppState,
    pro: &Pro,
    username: &str,
    search: String,
    form: FormState,
) -> Result<EndPage, super::PageError> {
    let d = state.access.scope(pro.me.actor()).departure(username).await?;
    // After a refused end the form's summary says why already.
    let refusal = (d.refusal())
        .filter(|_| !form.refused())
        .map(|e| super::sentence(&e.nl));
    Ok(EndPage {
        layout: Layout::new("Toegang beëindigen", Some(&pro.session), "/accounts"),
        held: d.held.nl(),
        refusal,
        name: d.colleague.display_name,
        username: d.colleague.username,
        search,
        form,
    })
}

/// Before an access ends: what the colleague still holds, and the button to end it when nothing is left.
async fn confirm_end(State(state): State<AppState>, pro: Pro, Query(q): Query<EndQuery>) -> PageResult {
    page(end_page(&state, &pro, &q.username, q.zoek, FormState::default()).await?)
}

/// Ends a colleague's access and shows the accounts page with the news; a refusal shows the page again.
async fn end(State(state): State<AppState>, pro: Pro, body: Posted) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    let username = form.value("username").to_owned();
    let search = form.value("zoek").to_owned();
    match state.access.scope(pro.me.actor()).end_access(&username).await {
        Ok(colleague) => {
            let done = Done {
                reset: None,
                ended: Some(colleague.display_name),
            };
            let page_ = accounts_page(&state, &pro, done, FormState::default(), FormState::default(), &search);
            page(page_.await?)
        }
        Err(e) => {
            let status = form.refuse(e)?;
            page_with(status, end_page(&state, &pro, &username, search, form).await?)
        }
    }
}

#[derive(Template)]
#[template(path = "own_contact.html")]
struct OwnContactPage {
    layout: Layout,
    form: FormState,
    saved: bool,
}

async fn own(State(state): State<AppState>, pro: Pro) -> PageResult {
    let contact = state.access.scope(pro.me.actor()).own_contact().await?;
    let mut form = FormState::default();
    form.default_value("phone", contact.phone.unwrap_or_default());
    form.default_value("email", contact.email.unwrap_or_default());
    page(OwnContactPage {
        layout: Layout::new("Mijn contactgegevens", Some(&pro.session), "/mijn-gegevens"),
        form,
        saved: false,
    })
}

/// Saves the professional's own phone and e-mail; every wrong field is named at once.
async fn save_own(State(state): State<AppState>, pro: Pro, body: Posted) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    let result = (state.access.scope(pro.me.actor()))
        .set_own_contact(form.value("phone"), form.value("email"))
        .await;
    let (status, saved) = match result {
        Ok(_) => (axum::http::StatusCode::OK, true),
        Err(e) => (form.refuse(e)?, false),
    };
    page_with(
        status,
        OwnContactPage {
            layout: Layout::new("Mijn contactgegevens", Some(&pro.session), "/mijn-gegevens"),
            form,
            saved,
        },
    )
}
