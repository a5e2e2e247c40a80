//! Signing in through the organisation's own identity provider (F30, OIDC NL GOV): the sign-in page's
//! button for an organisation sends the browser to its provider, with the `state` in a cookie of this
//! browser; the provider sends it back to `/inloggen/terug`, where the access layer checks everything and
//! starts the session. A refusal shows the sign-in page with what to do, and creates no session.

use super::sign_in::{SignInPage, cookie, sign_in_form_valid, with_form_token};
use super::{
    FormState, PageError, PageForm, PageResult, Posted, SESSION_COOKIE, behind_tls, cookie_name, cookie_value,
    page_with,
};
use crate::AppState;
use crate::access::OidcRefused;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::Cookie;
use serde::Deserialize;

/// The cookie that carries the `state` of a sign-in at a provider.
const STATE_COOKIE: &str = "regie_oidc";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/inloggen/organisatie", post(start))
        .route("/inloggen/terug", get(back))
}

/// Where the provider sends the browser back: this server as the browser reached it (the provider only
/// sends it to an address registered for Regie).
fn redirect_uri(state: &AppState, headers: &HeaderMap) -> String {
    let scheme = if behind_tls(state, headers) { "https" } else { "http" };
    let host = (headers.get(header::HOST))
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    format!("{scheme}://{host}/inloggen/terug")
}

/// The sign-in page again, with a message about the provider's sign-in.
async fn refused(
    state: &AppState,
    headers: &HeaderMap,
    jar: CookieJar,
    status: StatusCode,
    message: &str,
) -> PageResult {
    let mut form = FormState::default();
    form.add_error("", message);
    let jar = with_form_token(state, headers, jar, &mut form).await?;
    let secure = behind_tls(state, headers);
    let jar = jar.remove(
        Cookie::build(cookie_name(STATE_COOKIE, secure))
            .path("/")
            .secure(secure),
    );
    Ok((jar, page_with(status, SignInPage::new(state, form).await?)?).into_response())
}

async fn start(
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
    PageForm(values): Posted,
) -> PageResult {
    let form = FormState::with(values);
    if !sign_in_form_valid(&state, &headers, &jar, &form).await? {
        return Err(PageError::User(
            StatusCode::FORBIDDEN,
            "Het inlogformulier is verlopen. Ga terug, laad de pagina opnieuw en probeer het nog eens.".into(),
        ));
    }
    let Ok(organisation) = form.value("organisation").parse() else {
        return refused(
            &state,
            &headers,
            jar,
            StatusCode::UNPROCESSABLE_ENTITY,
            "Kies uw organisatie uit de lijst.",
        )
        .await;
    };
    match state
        .access
        .oidc_start(organisation, &redirect_uri(&state, &headers))
        .await
    {
        Ok((url, oidc_state)) => {
            let jar = jar.add(cookie(STATE_COOKIE, oidc_state, behind_tls(&state, &headers)));
            Ok((jar, Redirect::to(&url)).into_response())
        }
        Err(OidcRefused::Store(e)) => Err(e.into()),
        Err(why) => {
            tracing::warn!(?why, "a sign-in at an identity provider could not start");
            let message = "De inlogdienst van uw organisatie is nu niet bereikbaar. Probeer het over een paar minuten opnieuw, of log in met uw wachtwoord.";
            refused(&state, &headers, jar, StatusCode::BAD_GATEWAY, message).await
        }
    }
}

/// What the provider sends back.
#[derive(Deserialize)]
struct Back {
    #[serde(default)]
    state: String,
    #[serde(default)]
    code: String,
    /// The provider's refusal, when the professional cancelled or it said no.
    error: Option<String>,
}

async fn back(
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
    Query(back): Query<Back>,
) -> PageResult {
    let secure = behind_tls(&state, &headers);
    if back.error.is_some() {
        let message =
            "Inloggen bij uw organisatie is afgebroken of geweigerd. Probeer het opnieuw, of log in met uw wachtwoord.";
        return refused(&state, &headers, jar, StatusCode::FORBIDDEN, message).await;
    }
    let cookie_state = cookie_value(&state, &headers, &jar, STATE_COOKIE);
    let result = (state.access)
        .oidc_finish(&cookie_state, &back.state, &back.code, &redirect_uri(&state, &headers))
        .await;
    let message = match result {
        Ok(session) => {
            let jar = jar
                .remove(
                    Cookie::build(cookie_name(STATE_COOKIE, secure))
                        .path("/")
                        .secure(secure),
                )
                .add(cookie(SESSION_COOKIE, session, secure));
            return Ok((jar, Redirect::to("/")).into_response());
        }
        Err(OidcRefused::Store(e)) => return Err(e.into()),
        Err(OidcRefused::Expired) => {
            "Deze inlogpoging is verlopen of al gebruikt. Kies opnieuw uw organisatie om in te loggen."
        }
        Err(OidcRefused::UnknownUser) => {
            "Uw organisatie kent u, maar Regie nog niet: er is geen account met uw gebruikersnaam bij uw organisatie. Vraag de functioneel beheerder van uw organisatie om een account."
        }
        Err(OidcRefused::Ended) => super::sign_in::ACCESS_ENDED,
        Err(why) => {
            tracing::warn!(?why, "a sign-in through an identity provider was refused");
            "Het inloggen via uw organisatie kon niet worden gecontroleerd. U bent niet ingelogd. Probeer het opnieuw; lukt het weer niet, meld het dan bij de servicedesk van uw organisatie."
        }
    };
    refused(&state, &headers, jar, StatusCode::FORBIDDEN, message).await
}
