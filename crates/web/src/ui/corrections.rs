//! The professionals' pages of the family's rights (F16): the lead's page of a household member's correction
//! request (AVG art. 16: the entry as it stands, what the member asks, the term; the decision, the corrected
//! text or the ground for a refusal, and a one-time extension of the term with a notice), and the page of a
//! complaint about a decision, decided by the organisation that made it; and the lead's page of a request
//! to destroy the household's file (Jeugdwet art. 7.3.9), granted (the file is destroyed at once) or
//! refused on a ground the law allows. Read by the API's parsers.

use super::format::{date, moment};
use super::{FormState, Layout, PagePath, PageResult, Posted, Pro, page_with, posted, see};
use crate::AppState;
use crate::api::corrections::{DestructionChoice, complaint_decision, decision, destruction_decision};
use crate::error::ApiError;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use regie_domain::{CaseId, Reason};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/zaken/{id}/correcties/{number}", get(correction))
        .route("/zaken/{id}/correcties/{number}/{action}", super::form_post(2, act))
        .route("/zaken/{id}/klachten/{number}", get(complaint))
        .route(
            "/zaken/{id}/klachten/{number}/beslissen",
            super::form_post(2, decide_complaint),
        )
        .route("/zaken/{id}/vernietiging/{number}", get(destruction))
        .route(
            "/zaken/{id}/vernietiging/{number}/beslissen",
            super::form_post(2, decide_destruction),
        )
}

#[derive(Template)]
#[template(path = "correction.html")]
struct CorrectionPage {
    layout: Layout,
    id: String,
    household_id: String,
    version: i64,
    number: u32,
    asked_by: String,
    asked_on: String,
    asked: String,
    due: String,
    extended: Option<String>,
    entry_what: String,
    entry_at: String,
    entry_reason: Option<String>,
    open: bool,
    may_extend: bool,
    choices: Vec<(String, String)>,
    form: FormState,
    extend: FormState,
}

async fn show(
    state: &AppState,
    pro: &Pro,
    (id, number): (CaseId, u32),
    [form, extend]: [FormState; 2],
    status: StatusCode,
) -> PageResult {
    let scope = state.access.scope(pro.me.actor());
    let (case, file) = super::cases::case_file(&scope, id).await?;
    let Some(c) = (case.route.rectification.corrections.iter()).find(|c| c.number == number) else {
        return Err(ApiError::from(regie_access::AccessError::not_found("correction")).into());
    };
    let timeline = scope.timeline(id).await?;
    let entry = timeline.iter().find(|e| e.event.seq == c.entry);
    let asked_by = (file.members.iter())
        .find(|m| m.person.id == c.by)
        .map_or_else(|| "Een gezinslid".to_owned(), |m| m.person.name.full());
    page_with(
        status,
        CorrectionPage {
            layout: Layout::new(format!("Correctieverzoek {number}"), Some(&pro.session), "/huishoudens"),
            id: id.to_string(),
            household_id: case.household_id.to_string(),
            version: case.version,
            number,
            asked_by,
            asked_on: date(c.asked_on),
            asked: c.asked.clone(),
            due: date(c.due),
            extended: c.extended.clone(),
            entry_what: entry.map(|e| e.event.change.summary_nl()).unwrap_or_default(),
            entry_at: entry.map(|e| moment(e.event.at)).unwrap_or_default(),
            entry_reason: entry.and_then(|e| e.event.reason.clone()),
            open: c.open(),
            may_extend: c.extended.is_none() && regie_domain::time::today() <= c.due,
            choices: vec![
                ("yes".into(), "Toewijzen: de tekst wordt verbeterd".into()),
                ("no".into(), "Afwijzen, met de grond".into()),
            ],
            form,
            extend,
        },
    )
}

async fn correction(State(state): State<AppState>, pro: Pro, PagePath(key): PagePath<(CaseId, u32)>) -> PageResult {
    show(&state, &pro, key, Default::default(), StatusCode::OK).await
}

async fn act(
    State(state): State<AppState>,
    pro: Pro,
    PagePath((id, number, action)): PagePath<(CaseId, u32, String)>,
    body: Posted,
) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    let scope = state.access.scope(pro.me.actor());
    let extending = action == "verlengen";
    let result: Result<(), ApiError> = async {
        let version = form.value("version").parse().unwrap_or(0);
        if extending {
            let notice = Reason::parse("notice", form.value("notice"))?;
            scope
                .change_case(id, version, |c, a, at| c.extend_correction(number, notice, a, at))
                .await?;
        } else {
            let accepted = match form.value("accepted") {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            };
            let (corrected, reason) = decision(accepted, form.value("corrected"), form.value("reason"))?;
            scope
                .change_case(id, version, |c, a, at| {
                    c.decide_correction(number, corrected, reason, a, at)
                })
                .await?;
        }
        Ok(())
    }
    .await;
    match result {
        Ok(()) => see(format!("/zaken/{id}/correcties/{number}")),
        Err(e) => {
            let status = form.refuse(e)?;
            let forms = if extending {
                [FormState::default(), form]
            } else {
                [form, FormState::default()]
            };
            show(&state, &pro, (id, number), forms, status).await
        }
    }
}

#[derive(Template)]
#[template(path = "complaint.html")]
struct ComplaintPage {
    layout: Layout,
    id: String,
    household_id: String,
    version: i64,
    number: u32,
    by: String,
    organisation: String,
    filed_on: String,
    due: String,
    text: String,
    entry_what: String,
    entry_at: String,
    entry_reason: Option<String>,
    /// The decision, once taken, in words.
    decided: Option<String>,
    /// The viewer's organisation decides on it.
    mine: bool,
    findings: Vec<(String, String)>,
    form: FormState,
}

async fn complaint_show(
    state: &AppState,
    pro: &Pro,
    (id, number): (CaseId, u32),
    form: FormState,
    status: StatusCode,
) -> PageResult {
    let scope = state.access.scope(pro.me.actor());
    let (case, file) = super::cases::case_file(&scope, id).await?;
    let Some(k) = (case.route.rectification.complaints.iter()).find(|k| k.number == number) else {
        return Err(ApiError::from(regie_access::AccessError::not_found("complaint")).into());
    };
    let timeline = scope.timeline(id).await?;
    let entry = timeline.iter().find(|e| e.event.seq == k.entry);
    let by = (file.members.iter())
        .find(|m| m.person.id == k.by)
        .map_or_else(|| "Een gezinslid".to_owned(), |m| m.person.name.full());
    use regie_domain::complaint::Finding;
    page_with(
        status,
        ComplaintPage {
            layout: Layout::new(format!("Klacht {number}"), Some(&pro.session), "/huishoudens"),
            id: id.to_string(),
            household_id: case.household_id.to_string(),
            version: case.version,
            number,
            by,
            organisation: entry.map(|e| e.organisation_name.clone()).unwrap_or_default(),
            filed_on: date(k.filed_on),
            due: date(k.due),
            text: k.text.clone(),
            entry_what: entry.map(|e| e.event.change.summary_nl()).unwrap_or_default(),
            entry_at: entry.map(|e| moment(e.event.at)).unwrap_or_default(),
            entry_reason: entry.and_then(|e| e.event.reason.clone()),
            decided: k.decision.as_ref().map(|d| {
                format!(
                    "Op {} beslist: de klacht is {}. {}",
                    date(d.on),
                    d.finding.label_nl(),
                    d.reason
                )
            }),
            mine: k.organisation == pro.me.organisation.id,
            findings: [Finding::WellFounded, Finding::PartlyWellFounded, Finding::Unfounded]
                .iter()
                .map(|f| (super::cases::serde_code(f), f.label_nl().to_owned()))
                .collect(),
            form,
        },
    )
}

async fn complaint(State(state): State<AppState>, pro: Pro, PagePath(key): PagePath<(CaseId, u32)>) -> PageResult {
    complaint_show(&state, &pro, key, FormState::default(), StatusCode::OK).await
}

async fn decide_complaint(
    State(state): State<AppState>,
    pro: Pro,
    PagePath((id, number)): PagePath<(CaseId, u32)>,
    body: Posted,
) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    let scope = state.access.scope(pro.me.actor());
    let result: Result<(), ApiError> = async {
        let version = form.value("version").parse().unwrap_or(0);
        let finding = regie_domain::complaint::Finding::parse(form.value("finding"));
        let (finding, reason) = complaint_decision(finding, form.value("reason"))?;
        scope
            .change_case(id, version, |c, a, at| {
                c.decide_complaint(number, finding, reason, a, at)
            })
            .await?;
        Ok(())
    }
    .await;
    match result {
        Ok(()) => see(format!("/zaken/{id}/klachten/{number}")),
        Err(e) => {
            let status = form.refuse(e)?;
            complaint_show(&state, &pro, (id, number), form, status).await
        }
    }
}

#[derive(Template)]
#[template(path = "destruction.html")]
struct DestructionPage {
    layout: Layout,
    /// The lead granted it: the file is gone.
    destroyed: bool,
    id: String,
    household_id: String,
    version: i64,
    number: u32,
    by: String,
    asked_on: String,
    due: String,
    text: Option<String>,
    retention: String,
    /// The decision, once taken, in words.
    decided: Option<String>,
    choices: Vec<(String, String)>,
    form: FormState,
}

async fn destruction_show(
    state: &AppState,
    pro: &Pro,
    (id, number): (CaseId, u32),
    form: FormState,
    status: StatusCode,
) -> PageResult {
    let scope = state.access.scope(pro.me.actor());
    let (case, file) = super::cases::case_file(&scope, id).await?;
    let Some(r) = (case.route.rectification.destructions.iter()).find(|r| r.number == number) else {
        return Err(ApiError::from(regie_access::AccessError::not_found("destruction")).into());
    };
    let by = (file.members.iter())
        .find(|m| m.person.id == r.by)
        .map_or_else(|| "Een gezinslid".to_owned(), |m| m.person.name.full());
    let retention = scope.retention(case.household_id).await?.retention.label_nl();
    page_with(
        status,
        DestructionPage {
            layout: Layout::new(
                format!("Verzoek {number} om vernietiging"),
                Some(&pro.session),
                "/huishoudens",
            ),
            destroyed: false,
            id: id.to_string(),
            household_id: case.household_id.to_string(),
            version: case.version,
            number,
            by,
            asked_on: date(r.asked_on),
            due: date(r.due),
            text: r.text.clone(),
            retention,
            decided: r.decision.as_ref().map(|d| match d.refused {
                Some(ground) => format!("Op {} afgewezen: {}. {}", date(d.on), ground.label_nl(), d.reason),
                None => format!("Op {} toegewezen. {}", date(d.on), d.reason),
            }),
            choices: vec![
                ("grant".into(), "Toewijzen: het dossier wordt vernietigd".into()),
                (
                    "others_interest".into(),
                    "Afwijzen: het bewaren is van groot belang voor iemand anders".into(),
                ),
                ("legal_duty".into(), "Afwijzen: de wet verbiedt vernietiging".into()),
            ],
            form,
        },
    )
}

async fn destruction(State(state): State<AppState>, pro: Pro, PagePath(key): PagePath<(CaseId, u32)>) -> PageResult {
    destruction_show(&state, &pro, key, FormState::default(), StatusCode::OK).await
}

async fn decide_destruction(
    State(state): State<AppState>,
    pro: Pro,
    PagePath((id, number)): PagePath<(CaseId, u32)>,
    body: Posted,
) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    let scope = state.access.scope(pro.me.actor());
    let result: Result<bool, ApiError> = async {
        let version = form.value("version").parse().unwrap_or(0);
        let choice = super::cases::parse_code::<DestructionChoice>("decision", form.value("decision")).ok();
        let (refused, reason) = destruction_decision(choice, form.value("reason"))?;
        Ok(scope
            .decide_destruction(id, version, number, refused, reason)
            .await?
            .is_none())
    }
    .await;
    match result {
        Ok(false) => see(format!("/zaken/{id}/vernietiging/{number}")),
        Ok(true) => page_with(
            StatusCode::OK,
            DestructionPage {
                layout: Layout::new("Het dossier is vernietigd", Some(&pro.session), "/huishoudens"),
                destroyed: true,
                id: String::new(),
                household_id: String::new(),
                version: 0,
                number,
                by: String::new(),
                asked_on: String::new(),
                due: String::new(),
                text: None,
                retention: String::new(),
                decided: None,
                choices: Vec::new(),
                form: FormState::default(),
            },
        ),
        Err(e) => {
            let status = form.refuse(e)?;
            destruction_show(&state, &pro, (id, number), form, status).await
        }
    }
}
