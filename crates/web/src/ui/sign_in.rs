//! Signing in and out, the start page and the accessibility statement.

use super::{
    FormState, Layout, MaybeSession, PageError, PageForm, PageResult, Posted, SESSION_COOKIE, behind_tls, cookie_name,
    cookie_value, page, page_with, posted,
};
use crate::AppState;
use crate::access::{SignInRefused, SignInStep, Visitor};
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};

/// The cookie that carries the sign-in form's CSRF nonce before there is a session.
pub(super) const SIGN_IN_COOKIE: &str = "regie_inlog";

/// The cookie that carries a half-done sign-in (the password was right, the second factor is to come).
pub(super) const CHALLENGE_COOKIE: &str = "regie_stap2";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/inloggen", get(sign_in_page).post(sign_in))
        .route("/uitloggen", super::form_post(1, sign_out))
        .route("/wachtwoord", get(password_page).post(change_password))
        .route("/toegankelijkheid", get(accessibility))
        .route("/start", get(start))
}

async fn home(MaybeSession(session): MaybeSession) -> Redirect {
    match session.map(|s| (s.must_change, s.visitor)) {
        Some((true, _)) => Redirect::to("/wachtwoord"),
        Some((_, Visitor::Professional(me))) => Redirect::to(super::start_page(me.organisation.kind)),
        Some((_, Visitor::Family(_))) => Redirect::to("/portaal"),
        None => Redirect::to("/inloggen"),
    }
}

#[derive(Template)]
#[template(path = "sign_in.html")]
pub(super) struct SignInPage {
    layout: Layout,
    form: FormState,
    /// The organisations whose professionals sign in through their own identity provider: (id, name).
    providers: Vec<(String, String)>,
}

impl SignInPage {
    /// The sign-in page with this form and the organisations' own sign-in buttons.
    pub(super) async fn new(state: &AppState, form: FormState) -> Result<Self, PageError> {
        let providers = state.access.sign_in_providers().await?;
        Ok(Self {
            layout: Layout::new("Inloggen", None, "/inloggen"),
            form,
            providers: providers.into_iter().map(|(id, name)| (id.to_string(), name)).collect(),
        })
    }
}

/// A fresh sign-in form token, with its nonce in a cookie.
pub(super) async fn with_form_token(
    state: &AppState,
    headers: &HeaderMap,
    jar: CookieJar,
    form: &mut FormState,
) -> Result<CookieJar, PageError> {
    let (nonce, token) = state.access.sign_in_form_token().await?;
    form.values.retain(|(k, _)| k != "csrf");
    form.default_value("csrf", token);
    Ok(jar.add(cookie(SIGN_IN_COOKIE, nonce, behind_tls(state, headers))))
}

/// Whether a posted sign-in form's token is the MAC of its cookie's nonce.
pub(super) async fn sign_in_form_valid(
    state: &AppState,
    headers: &HeaderMap,
    jar: &CookieJar,
    form: &FormState,
) -> Result<bool, PageError> {
    let nonce = cookie_value(state, headers, jar, SIGN_IN_COOKIE);
    Ok(state
        .access
        .sign_in_form_token_valid(&nonce, form.value("csrf"))
        .await?)
}

pub(super) fn cookie(name: &'static str, value: String, secure: bool) -> Cookie<'static> {
    Cookie::build((cookie_name(name, secure), value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .build()
}

async fn sign_in_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
    MaybeSession(session): MaybeSession,
) -> PageResult {
    if session.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    let mut form = FormState::default();
    let jar = with_form_token(&state, &headers, jar, &mut form).await?;
    let html = SignInPage::new(&state, form).await?.render()?;
    Ok((jar, axum::response::Html(html)).into_response())
}

async fn sign_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
    PageForm(values): Posted,
) -> PageResult {
    let mut form = FormState::with(values);
    let secure = behind_tls(&state, &headers);
    if !sign_in_form_valid(&state, &headers, &jar, &form).await? {
        return Err(PageError::User(
            StatusCode::FORBIDDEN,
            "Het inlogformulier is verlopen. Ga terug, laad de pagina opnieuw en probeer het nog eens.".into(),
        ));
    }
    let username = form.value("username").trim().to_owned();
    let password = form.value("password").to_owned();
    if username.is_empty() {
        form.add_error("username", "Vul uw gebruikersnaam in.");
    }
    if password.is_empty() {
        form.add_error("password", "Vul uw wachtwoord in.");
    }
    if !form.refused() {
        let jar = jar.remove(
            Cookie::build(cookie_name(SIGN_IN_COOKIE, secure))
                .path("/")
                .secure(secure),
        );
        let next = |name, value, to| Ok((jar.add(cookie(name, value, secure)), Redirect::to(to)).into_response());
        match state.access.sign_in(&username, &password).await {
            Ok(SignInStep::Signed(session)) => return next(SESSION_COOKIE, session, "/"),
            Ok(SignInStep::Code(challenge)) => return next(CHALLENGE_COOKIE, challenge, "/inloggen/code"),
            Ok(SignInStep::Enrol(challenge)) => return next(CHALLENGE_COOKIE, challenge, "/inloggen/koppelen"),
            Err(SignInRefused::Wrong) => form.add_error(
                "",
                "Deze combinatie van gebruikersnaam en wachtwoord kennen we niet. Let op: na een paar mislukte pogingen duurt inloggen langer.",
            ),
            Err(refused) => refuse_sign_in(&mut form, refused)?,
        }
    }
    // Never send the password back.
    form.forget(&["password"]);
    page_with(StatusCode::UNPROCESSABLE_ENTITY, SignInPage::new(&state, form).await?)
}

/// What a professional whose access has ended reads when they sign in, with a password or through their
/// organisation.
pub(super) const ACCESS_ENDED: &str = "Uw toegang tot Regie is beëindigd, omdat u niet meer bij uw organisatie werkt. Klopt dat niet? Neem dan contact op met de functioneel beheerder van uw organisatie.";

/// Puts a refused sign-in step's reason on its form; a failing store is passed on.
pub(super) fn refuse_sign_in(form: &mut FormState, refused: SignInRefused) -> Result<(), PageError> {
    let (field, message) = match refused {
        SignInRefused::Wrong => (
            "",
            "Deze combinatie van gebruikersnaam en wachtwoord kennen we niet. Let op: na een paar mislukte pogingen duurt inloggen langer.".to_owned(),
        ),
        SignInRefused::Locked(minutes) => (
            "",
            format!(
                "Er is te vaak een verkeerd wachtwoord of een verkeerde code gebruikt. Probeer het over {} opnieuw.",
                super::format::count(minutes, "minuut", "minuten")
            ),
        ),
        SignInRefused::Expired => (
            "",
            "Uw inlogpoging is verlopen. Log opnieuw in met uw gebruikersnaam en wachtwoord.".to_owned(),
        ),
        SignInRefused::WrongCode => (
            "code",
            "Deze code klopt niet. Typ de code van zes cijfers die uw app nu toont, of een ongebruikte herstelcode.".to_owned(),
        ),
        SignInRefused::Ended => ("", ACCESS_ENDED.to_owned()),
        SignInRefused::ReusedCode => (
            "code",
            "Deze code is al gebruikt. Wacht tot uw app een nieuwe code toont en typ die in.".to_owned(),
        ),
        SignInRefused::Store(e) => return Err(e.into()),
    };
    form.add_error(field, message);
    Ok(())
}

async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
    MaybeSession(session): MaybeSession,
    form: Posted,
) -> PageResult {
    if let Some(session) = &session {
        posted(session, form)?;
    }
    let secure = behind_tls(&state, &headers);
    let name = cookie_name(SESSION_COOKIE, secure);
    if let Some(c) = jar.get(&name) {
        state.access.sign_out(c.value()).await?;
    }
    // A __Host- cookie is only removed by a cookie that is Secure too.
    let jar = jar.remove(Cookie::build(name).path("/").secure(secure));
    Ok((jar, Redirect::to("/inloggen")).into_response())
}

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage {
    layout: Layout,
    /// A youth in the portal is spoken to with "je".
    youth: bool,
    /// Signed in with a temporary password, which must be replaced first.
    temporary: bool,
    form: FormState,
    /// The password was changed: every session ended, this one too.
    changed: bool,
}

/// Changing one's own password, for professionals and household members alike.
/// Whether the visitor is a household member under 18, spoken to with "je".
fn youth(session: &crate::access::Session) -> bool {
    matches!(&session.visitor, Visitor::Family(m) if m.person.age_on(regie_domain::time::today()) < 18)
}

async fn password_page(MaybeSession(session): MaybeSession) -> PageResult {
    let session = session.ok_or(PageError::SignIn)?;
    page(PasswordPage {
        youth: youth(&session),
        temporary: session.must_change,
        layout: Layout::new("Wachtwoord wijzigen", Some(&session), "/wachtwoord"),
        form: FormState::default(),
        changed: false,
    })
}

async fn change_password(
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
    MaybeSession(session): MaybeSession,
    body: Posted,
) -> PageResult {
    let session = session.ok_or(PageError::SignIn)?;
    let mut form = posted(&session, body)?;
    let cookie = cookie_value(&state, &headers, &jar, SESSION_COOKIE);
    let (current, new, repeated) = (form.value("current"), form.value("new"), form.value("repeated"));
    match state.access.change_own_password(&cookie, current, new, repeated).await {
        Ok(()) => page(PasswordPage {
            youth: youth(&session),
            temporary: false,
            layout: Layout::new("Wachtwoord gewijzigd", None, "/wachtwoord"),
            form: FormState::default(),
            changed: true,
        }),
        Err(e) => {
            let status = form.refuse(e)?;
            // Passwords are never sent back to the page.
            form.forget(&["current", "new", "repeated"]);
            page_with(
                status,
                PasswordPage {
                    youth: youth(&session),
                    temporary: session.must_change,
                    layout: Layout::new("Wachtwoord wijzigen", Some(&session), "/wachtwoord"),
                    form,
                    changed: false,
                },
            )
        }
    }
}

#[derive(Template)]
#[template(path = "accessibility.html")]
struct AccessibilityPage {
    layout: Layout,
}

async fn accessibility(MaybeSession(session): MaybeSession) -> PageResult {
    page(AccessibilityPage {
        layout: Layout::new("Toegankelijkheid", session.as_ref(), "/toegankelijkheid"),
    })
}

#[derive(Template)]
#[template(path = "start.html")]
struct StartPage {
    layout: Layout,
    organisation: String,
}

/// The start page of a professional whose organisation has no work in Regie yet (the court).
async fn start(pro: super::Pro) -> PageResult {
    page(StartPage {
        layout: Layout::new("Welkom", Some(&pro.session), "/start"),
        organisation: pro.me.organisation.name.clone(),
    })
}
