//! The second factor in the browser (F30): the sign-in's second step (a code from the app or a recovery code),
//! setting one up (at a professional's first sign-in where it is required, or by choice), the recovery codes
//! shown once, and the page where a signed-in user sees, renews or switches off their own.

use super::sign_in::{CHALLENGE_COOKIE, cookie, refuse_sign_in};
use super::{
    FormState, Layout, MaybeSession, PageError, PageForm, PageResult, Posted, SESSION_COOKIE, behind_tls, cookie_name,
    cookie_value, form_post, page, page_with, posted, see,
};
use crate::AppState;
use crate::access::{Enrolment, OwnSecondFactor, Session, SignInRefused};
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::Cookie;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/inloggen/code", get(code_page).post(code))
        .route("/inloggen/koppelen", get(enrol_page).post(enrol))
        .route("/tweede-factor", get(settings_page))
        .route("/tweede-factor/instellen", form_post(1, begin))
        .route("/tweede-factor/bevestigen", form_post(1, confirm))
        .route("/tweede-factor/wijzigen", form_post(1, change))
}

#[derive(Template)]
#[template(path = "second_factor_code.html")]
struct CodePage {
    layout: Layout,
    form: FormState,
}

#[derive(Template)]
#[template(path = "second_factor_enrol.html")]
struct EnrolPage {
    layout: Layout,
    form: FormState,
    enrolment: Enrolment,
    /// The QR code as inline SVG.
    qr: String,
    /// Where the form goes.
    action: &'static str,
    /// Set up during a sign-in (required), not by choice.
    at_sign_in: bool,
}

#[derive(Template)]
#[template(path = "recovery_codes.html")]
struct RecoveryCodesPage {
    layout: Layout,
    codes: Vec<String>,
    /// Where to go on.
    next: &'static str,
}

#[derive(Template)]
#[template(path = "second_factor.html")]
struct SettingsPage {
    layout: Layout,
    own: OwnSecondFactor,
    form: FormState,
    /// The Dutch date the operator last reset it.
    last_reset: Option<String>,
}

/// The `otpauth://` address as a QR code in inline SVG (without its XML declaration).
fn qr_svg(uri: &str) -> String {
    let Ok(code) = qrcode::QrCode::new(uri.as_bytes()) else {
        return String::new();
    };
    let svg = (code.render::<qrcode::render::svg::Color>())
        .min_dimensions(200, 200)
        .build();
    match svg.split_once("?>") {
        Some((_, rest)) => rest.to_owned(),
        None => svg,
    }
}

/// The half-done sign-in's cookie value, or "".
fn challenge(state: &AppState, headers: &HeaderMap, jar: &CookieJar) -> String {
    cookie_value(state, headers, jar, CHALLENGE_COOKIE)
}

/// A form of the sign-in's second step, its token bound to the half-done sign-in.
async fn challenge_form(state: &AppState, challenge: &str) -> Result<FormState, PageError> {
    let mut form = FormState::default();
    form.default_value("csrf", state.access.form_token_for(challenge).await?);
    Ok(form)
}

/// A posted form of the sign-in's second step, its token checked against the half-done sign-in.
async fn posted_challenge(state: &AppState, challenge: &str, PageForm(values): Posted) -> Result<FormState, PageError> {
    let form = FormState::with(values);
    if !state
        .access
        .sign_in_form_token_valid(challenge, form.value("csrf"))
        .await?
    {
        return Err(PageError::User(
            StatusCode::FORBIDDEN,
            "Dit formulier is verlopen. Log opnieuw in met uw gebruikersnaam en wachtwoord.".into(),
        ));
    }
    Ok(form)
}

/// The session cookie replaces the half-done sign-in's.
fn signed_in(jar: CookieJar, session: String, secure: bool) -> CookieJar {
    jar.remove(
        Cookie::build(cookie_name(CHALLENGE_COOKIE, secure))
            .path("/")
            .secure(secure),
    )
    .add(cookie(SESSION_COOKIE, session, secure))
}

async fn code_page(State(state): State<AppState>, headers: HeaderMap, jar: CookieJar) -> PageResult {
    let challenge = challenge(&state, &headers, &jar);
    if challenge.is_empty() {
        return Ok(Redirect::to("/inloggen").into_response());
    }
    page(CodePage {
        layout: Layout::new("Inloggen: tweede stap", None, "/inloggen/code"),
        form: challenge_form(&state, &challenge).await?,
    })
}

async fn code(State(state): State<AppState>, headers: HeaderMap, jar: CookieJar, body: Posted) -> PageResult {
    let challenge = challenge(&state, &headers, &jar);
    let mut form = posted_challenge(&state, &challenge, body).await?;
    if form.value("code").trim().is_empty() {
        form.add_error("code", "Vul de code van zes cijfers uit uw app in, of een herstelcode.");
    } else {
        match state.access.sign_in_with_code(&challenge, form.value("code")).await {
            Ok(session) => {
                let jar = signed_in(jar, session, behind_tls(&state, &headers));
                return Ok((jar, Redirect::to("/")).into_response());
            }
            Err(refused) => refuse_sign_in(&mut form, refused)?,
        }
    }
    // A code is never shown again.
    form.forget(&["code"]);
    page_with(
        StatusCode::UNPROCESSABLE_ENTITY,
        CodePage {
            layout: Layout::new("Inloggen: tweede stap", None, "/inloggen/code"),
            form,
        },
    )
}

fn enrol_at_sign_in(form: FormState, enrolment: Enrolment) -> EnrolPage {
    EnrolPage {
        layout: Layout::new("Tweede factor instellen", None, "/inloggen/koppelen"),
        form,
        qr: qr_svg(&enrolment.uri),
        enrolment,
        action: "/inloggen/koppelen",
        at_sign_in: true,
    }
}

async fn enrol_page(State(state): State<AppState>, headers: HeaderMap, jar: CookieJar) -> PageResult {
    let challenge = challenge(&state, &headers, &jar);
    let enrolment = match state.access.enrolment_at_sign_in(&challenge).await {
        Ok(enrolment) => enrolment,
        Err(SignInRefused::Store(e)) => return Err(e.into()),
        // No half-done sign-in (or an expired one): start again.
        Err(_) => return Ok(Redirect::to("/inloggen").into_response()),
    };
    page(enrol_at_sign_in(challenge_form(&state, &challenge).await?, enrolment))
}

async fn enrol(State(state): State<AppState>, headers: HeaderMap, jar: CookieJar, body: Posted) -> PageResult {
    let challenge = challenge(&state, &headers, &jar);
    let mut form = posted_challenge(&state, &challenge, body).await?;
    if form.value("code").trim().is_empty() {
        form.add_error("code", "Vul de code van zes cijfers in die uw app toont.");
    } else {
        match state.access.enrol_at_sign_in(&challenge, form.value("code")).await {
            Ok((session, codes)) => {
                let jar = signed_in(jar, session, behind_tls(&state, &headers));
                let page = RecoveryCodesPage {
                    layout: Layout::new("Uw herstelcodes", None, "/inloggen/koppelen"),
                    codes,
                    next: "/",
                };
                return Ok((jar, axum::response::Html(page.render()?)).into_response());
            }
            // No recovery codes exist yet: only the app's code is asked for.
            Err(SignInRefused::WrongCode) => form.add_error(
                "code",
                "Deze code klopt niet. Typ de code van zes cijfers die uw app nu toont; staat de klok van uw telefoon goed?",
            ),
            Err(refused) => refuse_sign_in(&mut form, refused)?,
        }
    }
    form.forget(&["code"]);
    match state.access.enrolment_at_sign_in(&challenge).await {
        Ok(enrolment) => page_with(StatusCode::UNPROCESSABLE_ENTITY, enrol_at_sign_in(form, enrolment)),
        Err(SignInRefused::Store(e)) => Err(e.into()),
        Err(_) => Ok(Redirect::to("/inloggen").into_response()),
    }
}

/// The signed-in visitor (not one who must first replace a temporary password) and their cookie value.
fn own(
    state: &AppState,
    headers: &HeaderMap,
    jar: &CookieJar,
    session: Option<Session>,
) -> Result<(Session, String), PageError> {
    let session = session.ok_or(PageError::SignIn)?;
    if session.must_change {
        return Err(PageError::ChangePassword);
    }
    Ok((session, cookie_value(state, headers, jar, SESSION_COOKIE)))
}

async fn settings(
    state: &AppState,
    session: &Session,
    cookie: &str,
    status: StatusCode,
    form: FormState,
) -> PageResult {
    let own = state.access.own_second_factor(cookie).await?;
    page_with(
        status,
        SettingsPage {
            layout: Layout::new("Tweede factor", Some(session), "/tweede-factor"),
            last_reset: own.last_reset.map(super::format::moment),
            own,
            form,
        },
    )
}

async fn settings_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
    MaybeSession(session): MaybeSession,
) -> PageResult {
    let (session, cookie) = own(&state, &headers, &jar, session)?;
    settings(&state, &session, &cookie, StatusCode::OK, FormState::default()).await
}

fn enrol_by_choice(session: &Session, form: FormState, enrolment: Enrolment) -> EnrolPage {
    EnrolPage {
        layout: Layout::new("Tweede factor instellen", Some(session), "/tweede-factor"),
        form,
        qr: qr_svg(&enrolment.uri),
        enrolment,
        action: "/tweede-factor/bevestigen",
        at_sign_in: false,
    }
}

async fn begin(
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
    MaybeSession(session): MaybeSession,
    body: Posted,
) -> PageResult {
    let (session, cookie) = own(&state, &headers, &jar, session)?;
    let mut form = posted(&session, body)?;
    match state.access.begin_own_second_factor(&cookie).await {
        Ok(enrolment) => page(enrol_by_choice(&session, form, enrolment)),
        Err(e) => {
            let status = form.refuse(e)?;
            settings(&state, &session, &cookie, status, form).await
        }
    }
}

async fn confirm(
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
    MaybeSession(session): MaybeSession,
    body: Posted,
) -> PageResult {
    let (session, cookie) = own(&state, &headers, &jar, session)?;
    let mut form = posted(&session, body)?;
    match state
        .access
        .confirm_own_second_factor(&cookie, form.value("code"))
        .await
    {
        Ok(codes) => page(RecoveryCodesPage {
            layout: Layout::new("Uw herstelcodes", Some(&session), "/tweede-factor"),
            codes,
            next: "/tweede-factor",
        }),
        Err(e) => {
            let status = form.refuse(e)?;
            form.forget(&["code"]);
            let enrolment = state.access.own_enrolment(&cookie).await;
            match enrolment {
                Ok(enrolment) => page_with(status, enrol_by_choice(&session, form, enrolment)),
                // Switched on meanwhile (another tab): the settings page says how it stands.
                Err(_) => settings(&state, &session, &cookie, status, form).await,
            }
        }
    }
}

async fn change(
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
    MaybeSession(session): MaybeSession,
    body: Posted,
) -> PageResult {
    let (session, cookie) = own(&state, &headers, &jar, session)?;
    let mut form = posted(&session, body)?;
    let code = form.value("code").to_owned();
    let result = if code.trim().is_empty() {
        Err(regie_domain::DomainError::invalid(
            "code",
            "required",
            "type a code from your app",
            "Vul de code van zes cijfers uit uw app in, of een herstelcode.",
        )
        .into())
    } else if form.value("action") == "off" {
        (state.access.switch_off_own_second_factor(&cookie, &code).await).map(|()| None)
    } else {
        state.access.renew_own_recovery_codes(&cookie, &code).await.map(Some)
    };
    match result {
        Ok(Some(codes)) => page(RecoveryCodesPage {
            layout: Layout::new("Uw nieuwe herstelcodes", Some(&session), "/tweede-factor"),
            codes,
            next: "/tweede-factor",
        }),
        Ok(None) => see("/tweede-factor"),
        Err(e) => {
            let status = form.refuse(e)?;
            form.forget(&["code"]);
            settings(&state, &session, &cookie, status, form).await
        }
    }
}
