//! The web application (F27, F30): server-rendered Dutch pages for professionals and a portal for families.
//!
//! Pages are askama templates (checked at compile time) styled with the NL Design System's Utrecht
//! components and a neutral theme of design tokens, served from `/assets`. Plain links and forms work without
//! JavaScript. Every form carries the session's CSRF token; every handler reaches personal data only through
//! the access layer, as the API does. A refused form comes back with the errors next to the fields, in
//! Dutch, and with what the user typed.

mod accounts;
mod assets;
mod authority;
mod cases;
mod choose;
mod consent;
mod corrections;
mod emergency;
mod figures;
mod format;
mod glossary;
mod households;
mod justice;
mod lawyer;
mod letters;
mod oidc;
mod partners;
mod portal;
mod processing;
mod questionnaire;
mod regions;
mod research;
mod rights;
mod second_factor;
mod settings;
mod sign_in;
mod signals;
mod steering;
mod webhooks;

use crate::AppState;
use crate::access::{FamilyMember, Session, SignedIn, Visitor};
use crate::error::ApiError;
use askama::Template;
use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use regie_domain::{Action, OrganisationKind};

/// The name of the session cookie.
const SESSION_COOKIE: &str = "regie_sessie";

/// A cookie's name: with the `__Host-` prefix whenever cookies are Secure, so that no other host (a
/// subdomain) can plant or overwrite it; the plain name for the plain-HTTP demo.
fn cookie_name(base: &str, secure: bool) -> String {
    if secure {
        format!("__Host-{base}")
    } else {
        base.to_owned()
    }
}

/// Secure cookies when Regie is configured to run behind TLS, or the request reached us over TLS (a proxy in
/// front says so).
fn behind_tls(state: &AppState, headers: &axum::http::HeaderMap) -> bool {
    state.secure_cookies
        || headers
            .get("x-forwarded-proto")
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"))
}

/// The value of the cookie `base` (under its `__Host-` name when cookies are Secure), or "" without one.
fn cookie_value(state: &AppState, headers: &axum::http::HeaderMap, jar: &CookieJar, base: &str) -> String {
    (jar.get(&cookie_name(base, behind_tls(state, headers))))
        .map(|c| c.value().to_owned())
        .unwrap_or_default()
}

/// The pages' routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(assets::router())
        .merge(sign_in::router())
        .merge(second_factor::router())
        .merge(oidc::router())
        .merge(households::router())
        .merge(cases::router())
        .merge(signals::router())
        .merge(portal::router())
        .merge(settings::router())
        .merge(emergency::router())
        .merge(processing::router())
        .merge(consent::router())
        .merge(accounts::router())
        .merge(webhooks::router())
        .merge(justice::router())
        .merge(authority::router())
        .merge(partners::router())
        .merge(rights::router())
        .merge(letters::router())
        .merge(lawyer::router())
        .merge(glossary::router())
        .merge(steering::router())
        .merge(research::router())
        .merge(regions::router())
        .merge(questionnaire::router())
        .merge(corrections::router())
}

/// Security headers for every response: no framing, no sniffing, only our own scripts and styles; and
/// nothing stored in a cache unless the response says otherwise (only the stylesheets do).
pub async fn security_headers(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Pages and API answers hold personal data: no copy in a shared cache, nor in the browser's after
    // signing out.
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// What every page's frame shows: who is signed in, the navigation and the CSRF token for its forms.
pub struct Layout {
    /// The page title (before " — Regie").
    pub title: String,
    /// The signed-in user's name, if any.
    pub user: Option<String>,
    /// Their organisation, or "Portaal" for a family member.
    pub organisation: Option<String>,
    /// The navigation: (href, label, current).
    pub nav: Vec<(&'static str, &'static str, bool)>,
    /// The session's CSRF token (empty when signed out).
    pub csrf: String,
    /// A professional is signed in (they keep their own contact details).
    pub professional: bool,
}

impl Layout {
    /// The definition of a term of the shared language (`regie_domain::glossary`), for a page that uses
    /// it to show it inline; empty for an unknown code (a test checks every code the templates use).
    pub fn term(&self, code: &str) -> &'static str {
        regie_domain::glossary::find(code).map_or("", |t| t.definition)
    }

    /// The Dutch name of a glossary term, by its code.
    pub fn term_name(&self, code: &str) -> &'static str {
        regie_domain::glossary::find(code).map_or("", |t| t.nl)
    }

    /// The frame for a page `title` at `path`, as `session` sees it.
    fn new(title: impl Into<String>, session: Option<&Session>, path: &str) -> Self {
        let (user, organisation, nav) = match session.map(|s| &s.visitor) {
            Some(Visitor::Professional(me)) => {
                let may = |action| regie_domain::policy::require(me.organisation.kind, action).is_ok();
                let mut nav = Vec::new();
                if may(Action::ReadHouseholdFile) {
                    nav.extend([("/werklijst", "Werklijst"), ("/huishoudens", "Huishoudens")]);
                }
                if may(Action::ReceiveSignal) {
                    nav.push(("/triage", "Triage"));
                }
                if may(Action::LeadCase) {
                    nav.push(("/vragenlijsten", "Vragenlijsten"));
                }
                if may(Action::Investigate) || may(Action::Decide) || may(Action::ExecuteMeasure) {
                    nav.push(("/kinderbescherming", "Kinderbescherming"));
                }
                if may(Action::RegisterJusticeTrack) {
                    nav.push(("/trajecten", "Trajecten"));
                }
                if may(Action::ReportSignal) {
                    nav.extend([("/meldcode", "Meldcode"), ("/mijn-meldingen", "Mijn meldingen")]);
                }
                if may(Action::ReadSteeringFigures) {
                    nav.push(("/stuurinformatie", "Stuurinformatie"));
                }
                if may(Action::ReadResearchData) {
                    nav.push(("/onderzoek", "Onderzoek"));
                }
                if may(Action::ReadSteeringFigures) || may(Action::ReadResearchData) {
                    nav.push(("/regios", "Regio's vergelijken"));
                }
                if may(Action::ConfigureCatalogue) || me.region_administrator {
                    nav.push(("/beheer", "Beheer"));
                }
                if me.reviewer {
                    nav.push(("/noodtoegang", "Noodtoegang"));
                }
                if me.administrator {
                    nav.push(("/accounts", "Accounts"));
                    let kind = me.organisation.kind;
                    if regie_domain::notification::EventType::ALL
                        .iter()
                        .any(|t| t.may_subscribe(kind))
                    {
                        nav.push(("/koppelingen", "Koppelingen"));
                    }
                }
                (
                    Some(me.professional.display_name.clone()),
                    Some(me.organisation.name.clone()),
                    nav,
                )
            }
            Some(Visitor::Family(member)) => (
                Some(member.person.name.given.as_str().to_owned()),
                Some("Portaal voor gezinnen".to_owned()),
                vec![("/portaal", "Mijn gezin")],
            ),
            None => (None, None, vec![]),
        };
        Self {
            title: title.into(),
            user,
            organisation,
            nav: nav
                .into_iter()
                .map(|(href, label)| (href, label, path.starts_with(href)))
                .collect(),
            csrf: session.map(|s| s.csrf_token.clone()).unwrap_or_default(),
            professional: matches!(session.map(|s| &s.visitor), Some(Visitor::Professional(_))),
        }
    }
}

/// The codes of the shared language's terms that running texts use (F25; `regie_domain::glossary::used_in`),
/// for `templates/terms.html` to define beside them.
pub(super) fn terms_in<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<&'static str> {
    regie_domain::glossary::used_in(texts)
        .into_iter()
        .map(|t| t.code)
        .collect()
}

/// The terms a timeline's entries and their reasons use.
pub(super) fn timeline_terms(rows: &[households::TimelineRow]) -> Vec<&'static str> {
    terms_in(
        rows.iter()
            .flat_map(|r| std::iter::once(r.what.as_str()).chain(r.reason.as_deref())),
    )
}

/// Where a professional starts: the first page their organisation's tasks give them.
pub fn start_page(kind: OrganisationKind) -> &'static str {
    let may = |action| regie_domain::policy::require(kind, action).is_ok();
    if may(Action::ReadHouseholdFile) {
        "/werklijst"
    } else if may(Action::ReadSteeringFigures) {
        "/stuurinformatie"
    } else if may(Action::ReadResearchData) {
        "/onderzoek"
    } else if may(Action::ReportSignal) {
        "/meldcode"
    } else {
        "/start"
    }
}

/// A page that failed: rendered as a calm Dutch page with the right status.
#[derive(Debug)]
pub enum PageError {
    /// Not signed in (or the session ended): to the sign-in page.
    SignIn,
    /// Signed in with a temporary password: to the password page, before anything else.
    ChangePassword,
    /// Refused by the access layer, not found, or anything else the user caused.
    User(StatusCode, String),
    /// Our failure; the details go to the log, never to the page.
    Internal(ApiError),
}

impl From<regie_access::AccessError> for PageError {
    fn from(e: regie_access::AccessError) -> Self {
        ApiError::from(e).into()
    }
}

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> Self {
        match e {
            ApiError::User { status, errors, .. } => {
                let text = errors
                    .iter()
                    .map(|e| sentence(&e.detail_nl))
                    .collect::<Vec<_>>()
                    .join(" ");
                PageError::User(status, text)
            }
            e @ ApiError::Internal(_) => PageError::Internal(e),
        }
    }
}

impl From<askama::Error> for PageError {
    fn from(e: askama::Error) -> Self {
        PageError::Internal(ApiError::Internal(Box::new(e)))
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    layout: Layout,
    message: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (status, title, message) = match self {
            PageError::SignIn => return Redirect::to("/inloggen").into_response(),
            PageError::ChangePassword => return Redirect::to("/wachtwoord").into_response(),
            PageError::User(status, message) => {
                let title = match status {
                    StatusCode::FORBIDDEN => "Geen toegang",
                    StatusCode::NOT_FOUND => "Niet gevonden",
                    _ => "Dat lukte niet",
                };
                (status, title, message)
            }
            PageError::Internal(e) => {
                tracing::error!(error = %e, "page failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Er ging iets mis",
                    "Er ging bij ons iets mis. Probeer het later opnieuw; blijft het misgaan, neem dan contact op met de functioneel beheerder.".to_owned(),
                )
            }
        };
        let shown = ErrorShown { title, message };
        let mut response = shown.render(status, None);
        // [`with_navigation`] renders it again with the visitor's navigation and sign-out.
        response.extensions_mut().insert(shown);
        response
    }
}

/// An error page as shown, kept with the response so that it can be shown again with the navigation.
#[derive(Debug, Clone)]
struct ErrorShown {
    title: &'static str,
    message: String,
}

impl ErrorShown {
    fn render(&self, status: StatusCode, session: Option<&Session>) -> Response {
        let page = ErrorPage {
            layout: Layout::new(self.title, session, ""),
            message: self.message.clone(),
        };
        match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => status.into_response(),
        }
    }
}

/// An error page (a refusal, a page not found) keeps the navigation and the sign-out for a signed-in
/// visitor: only then is their session looked up, and the page rendered again with it.
pub async fn with_navigation(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    // Only what finds the session is kept: the cookies, and whether the request came over TLS.
    let mut bare = axum::http::Request::new(());
    for name in [header::COOKIE, header::HeaderName::from_static("x-forwarded-proto")] {
        for value in request.headers().get_all(&name) {
            bare.headers_mut().append(name.clone(), value.clone());
        }
    }
    let response = next.run(request).await;
    let Some(shown) = response.extensions().get::<ErrorShown>().cloned() else {
        return response;
    };
    let (mut parts, ()) = bare.into_parts();
    match MaybeSession::from_request_parts(&mut parts, &state).await {
        Ok(MaybeSession(Some(session))) => shown.render(response.status(), Some(&session)),
        _ => response,
    }
}

/// A form's address takes only a POST; a GET (a reload, a bookmark, a shared link) goes back to the page
/// with the form: the address `up` steps up ("/portaal/plan" one step up is "/portaal").
pub(super) fn form_post<H, T>(up: usize, handler: H) -> axum::routing::MethodRouter<AppState>
where
    H: axum::handler::Handler<T, AppState>,
    T: 'static,
{
    axum::routing::post(handler).get(move |uri: axum::http::Uri| async move {
        let mut path = uri.path().trim_end_matches('/').to_owned();
        for _ in 0..up {
            path.truncate(path.rfind('/').unwrap_or(0));
        }
        see(if path.is_empty() { "/" } else { &path })
    })
}

/// A page's result.
pub type PageResult = Result<Response, PageError>;

/// Renders a template as a 200 page.
fn page(t: impl Template) -> PageResult {
    Ok(Html(t.render()?).into_response())
}

/// Renders a template with a status (a refused form is 422).
fn page_with(status: StatusCode, t: impl Template) -> PageResult {
    Ok((status, Html(t.render()?)).into_response())
}

/// After a successful form: see the result (303, so a reload does not post again).
fn see(location: impl AsRef<str>) -> PageResult {
    Ok(Redirect::to(location.as_ref()).into_response())
}

/// The visitor's session, if signed in.
pub struct MaybeSession(pub Option<Session>);

impl FromRequestParts<AppState> for MaybeSession {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let jar = CookieJar::from_headers(&parts.headers);
        match jar.get(&cookie_name(SESSION_COOKIE, behind_tls(state, &parts.headers))) {
            Some(c) => Ok(Self(state.access.session(c.value()).await?)),
            None => Ok(Self(None)),
        }
    }
}

/// A signed-in professional and their session.
pub struct Pro {
    /// The professional.
    pub me: SignedIn,
    /// The session.
    pub session: Session,
}

impl FromRequestParts<AppState> for Pro {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let MaybeSession(session) = MaybeSession::from_request_parts(parts, state).await?;
        match session {
            Some(session) if session.must_change => Err(PageError::ChangePassword),
            Some(session) => match &session.visitor {
                Visitor::Professional(me) => Ok(Self {
                    me: me.clone(),
                    session,
                }),
                Visitor::Family(_) => Err(PageError::User(
                    StatusCode::FORBIDDEN,
                    "Deze pagina is voor professionals. Uw eigen gegevens vindt u in het portaal.".into(),
                )),
            },
            None => Err(PageError::SignIn),
        }
    }
}

/// A signed-in household member and their session.
pub struct Family {
    /// The member.
    pub member: FamilyMember,
    /// The session.
    pub session: Session,
}

impl FromRequestParts<AppState> for Family {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let MaybeSession(session) = MaybeSession::from_request_parts(parts, state).await?;
        match session {
            Some(session) => match &session.visitor {
                Visitor::Family(member) => Ok(Self {
                    member: member.clone(),
                    session,
                }),
                Visitor::Professional(_) => Err(PageError::User(
                    StatusCode::FORBIDDEN,
                    "Het portaal is voor gezinnen.".into(),
                )),
            },
            None => Err(PageError::SignIn),
        }
    }
}

/// A submitted form: its fields in order, as typed, so a refused form can be shown again as it was.
#[derive(Debug, Default, Clone)]
pub struct FormState {
    values: Vec<(String, String)>,
    errors: Vec<(String, String)>,
    /// Refused because the user may not do this (a statutory task, involvement), not for what they typed.
    forbidden: bool,
}

impl FormState {
    /// A form filled with these values.
    fn with(values: Vec<(String, String)>) -> Self {
        Self {
            values,
            ..Self::default()
        }
    }

    /// The first value of field `name`, or "".
    pub fn value(&self, name: &str) -> &str {
        self.values
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Every value of field `name` (checkboxes).
    pub fn values(&self, name: &str) -> Vec<String> {
        (self.values.iter())
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// Every field with its value, in order.
    pub fn fields(&self) -> impl Iterator<Item = (&str, &str)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Whether field `name` has value `value` (for radio buttons, checkboxes and selects).
    pub fn has(&self, name: &str, value: impl AsRef<str>) -> bool {
        self.values.iter().any(|(k, v)| k == name && v == value.as_ref())
    }

    /// Sets a value, if the field has none yet (a default).
    fn default_value(&mut self, name: &str, value: impl Into<String>) {
        if !self.values.iter().any(|(k, _)| k == name) {
            self.values.push((name.to_owned(), value.into()));
        }
    }

    /// The error on field `name`, if any.
    pub fn error(&self, name: &str) -> Option<&str> {
        self.errors.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Every error, with the field it belongs to ("" for the form as a whole).
    pub fn errors(&self) -> &[(String, String)] {
        &self.errors
    }

    /// Whether the summary can link to the field: it was on the form as an input the user filled in.
    pub fn linkable(&self, name: &str) -> bool {
        !matches!(name, "" | "version" | "plan_version" | "number" | "csrf")
            && self.values.iter().any(|(k, _)| k == name)
    }

    /// Whether the form was refused.
    pub fn refused(&self) -> bool {
        !self.errors.is_empty()
    }

    /// Forgets what was typed in these fields (passwords are never shown again); the fields stay on the
    /// form, empty, so that the summary still links to them.
    fn forget(&mut self, fields: &[&str]) {
        for (_, value) in self.values.iter_mut().filter(|(k, _)| fields.contains(&k.as_str())) {
            value.clear();
        }
    }

    /// Whether the refusal is about who may do this rather than about what was typed.
    pub fn forbidden(&self) -> bool {
        self.forbidden
    }

    /// Adds an error on a field, once.
    fn add_error(&mut self, field: &str, message: impl Into<String>) {
        let error = (field.to_owned(), message.into());
        if !self.errors.contains(&error) {
            self.errors.push(error);
        }
    }

    /// Gives the reasons the layers below named field `from` to the form's field `to`, where the form names it
    /// otherwise (the OM's request names its one child's BSN `child_bsn`, apart from the registration's `bsn`
    /// on the same page, since each id is there once).
    fn rename_errors(&mut self, from: &str, to: &str) {
        for (field, _) in self.errors.iter_mut().filter(|(f, _)| f == from) {
            *field = to.to_owned();
        }
    }

    /// Takes the reasons of a refusal; an internal failure is passed on.
    fn refuse(&mut self, e: impl Into<ApiError>) -> Result<StatusCode, PageError> {
        match e.into() {
            ApiError::User { status, errors, .. } => {
                for e in errors {
                    // Each reason once, however many rules found it.
                    self.add_error(e.field.as_deref().unwrap_or_default(), sentence(&e.detail_nl));
                }
                self.forbidden = status == StatusCode::FORBIDDEN;
                if status == StatusCode::CONFLICT {
                    // Someone changed the case meanwhile: the page shows it as it is now, with what the user
                    // typed, and the next submit is based on the current version.
                    self.values.retain(|(k, _)| k != "version" && k != "plan_version");
                }
                Ok(if status == StatusCode::FORBIDDEN || status == StatusCode::CONFLICT {
                    status
                } else {
                    StatusCode::UNPROCESSABLE_ENTITY
                })
            }
            e @ ApiError::Internal(_) => Err(PageError::Internal(e)),
        }
    }

    /// Checks the CSRF token against the session's.
    fn check_csrf(&self, session: &Session) -> Result<(), PageError> {
        if constant_time_eq(self.value("csrf").as_bytes(), session.csrf_token.as_bytes()) {
            Ok(())
        } else {
            Err(PageError::User(
                StatusCode::FORBIDDEN,
                "Dit formulier is verlopen of kwam niet van Regie. Ga terug, laad de pagina opnieuw en probeer het nog eens.".into(),
            ))
        }
    }
}

/// A reason as a sentence: "een BSN heeft negen cijfers" becomes "Een BSN heeft negen cijfers.".
pub(super) fn sentence(text: &str) -> String {
    let mut chars = text.trim().chars();
    let mut s: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    if !s.ends_with(['.', '?', '!']) {
        s.push('.');
    }
    s
}

/// Compares two byte strings in time independent of where they differ.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A path parameter; one that does not parse (a mistyped id) is a Dutch "not found" page.
#[derive(axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(PageError))]
pub struct PagePath<T>(pub T);

impl From<axum::extract::rejection::PathRejection> for PageError {
    fn from(_: axum::extract::rejection::PathRejection) -> Self {
        not_found()
    }
}

/// A posted form; a body that is no form is a Dutch refusal.
#[derive(axum::extract::FromRequest)]
#[from_request(via(axum::Form), rejection(PageError))]
pub struct PageForm<T>(pub T);

/// A posted form's fields, in order, as typed.
type Posted = PageForm<Vec<(String, String)>>;

impl From<axum::extract::rejection::FormRejection> for PageError {
    fn from(_: axum::extract::rejection::FormRejection) -> Self {
        PageError::User(
            StatusCode::BAD_REQUEST,
            "Dit formulier kwam niet goed aan. Ga terug en probeer het nog eens.".into(),
        )
    }
}

/// The page for an address that leads nowhere.
pub fn not_found() -> PageError {
    PageError::User(
        StatusCode::NOT_FOUND,
        "Deze pagina bestaat niet. Controleer het adres, of ga naar de startpagina.".into(),
    )
}

/// A posted form, its CSRF token checked against the session's.
fn posted(session: &Session, PageForm(values): Posted) -> Result<FormState, PageError> {
    let form = FormState::with(values);
    form.check_csrf(session)?;
    Ok(form)
}

#[cfg(test)]
mod tests {
    use super::*;
    use regie_domain::DomainError;

    #[test]
    fn a_reason_found_twice_is_shown_once_and_every_field_is_named() {
        let why = || DomainError::invalid("why", "required", "say why", "vertel waarom");
        let other = DomainError::invalid("score", "out_of_range", "0 to 10", "een cijfer van 0 tot 10");
        let mut form = FormState::default();
        let status = form
            .refuse(regie_access::AccessError::from(vec![why(), other, why()]))
            .unwrap();
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let shown: Vec<&str> = form.errors().iter().map(|(field, _)| field.as_str()).collect();
        assert_eq!(shown, ["why", "score"]);
        assert_eq!(form.error("why"), Some("Vertel waarom."));
    }
}
