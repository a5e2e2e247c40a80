//! Worries coming in (F3–F6): the meldcode assistant and the report to Veilig Thuis it leads to, the
//! triage list with its statutory deadlines, and a signal with the radar and the safety assessment.

use super::format::{capitalise, count, date, page_number, paged};
use super::{FormState, Layout, PageError, PagePath, PageResult, Posted, Pro, page, page_with, posted, see};
use crate::AppState;
use crate::access::{Scope, TriageItem};
use crate::error::ApiError;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::routing::get;
use regie_domain::calendar::Calendar;
use regie_domain::meldcode::{Afwegingskader, MeldcodeSteps};
use regie_domain::signal::{
    AssessmentOutcome, MeldcodeRecord, NewSignal, Reporter, Signal, SignalKind, SourceCategory, observed,
};
use regie_domain::time::today;
use regie_domain::{DomainError, OrganisationKind, Person, ProfessionalId, SignalId};
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/meldcode", get(meldcode).post(weigh))
        .route("/meldcode/melding", super::form_post(1, report))
        .route("/triage", get(triage))
        .route("/triage/onderzoeken", get(investigations))
        .route("/triage/onderzoeken/{case}/{signal}", super::form_post(2, take_over))
        .route(
            "/triage/onderzoeken/{case}/{signal}/afronden",
            super::form_post(3, conclude),
        )
        .route("/signalen/nieuw", get(intake).post(save_intake))
        .route("/mijn-meldingen", get(my_reports))
        .route("/signalen/{id}", get(signal).post(assess))
}

/// The five questions of the afwegingskader, with their form names.
const QUESTIONS: [(&str, &str); 5] = [
    (
        "suspicion",
        "1. Is er een vermoeden van huiselijk geweld of kindermishandeling?",
    ),
    ("unsafety", "2. Is er sprake van acute of structurele onveiligheid?"),
    (
        "can_help",
        "3. Kan ik, of mijn organisatie, passende hulp bieden of organiseren?",
    ),
    (
        "help_accepted",
        "4. Aanvaarden de betrokkenen die hulp en werken ze mee?",
    ),
    (
        "lasting_safety",
        "5. Leidt de hulp binnen de gewenste termijn tot duurzame veiligheid?",
    ),
];

/// The fields of steps 1 to 4: (name, label, hint).
const STEPS: [(&str, &str, &str); 5] = [
    (
        "signals",
        "Stap 1. Welke signalen heeft u in kaart gebracht?",
        "Wat heeft u gezien of gehoord, wanneer, en van wie?",
    ),
    (
        "colleague_consulted",
        "Stap 2. Met wie heeft u collegiaal overlegd?",
        "Bijvoorbeeld de aandachtsfunctionaris of de intern begeleider.",
    ),
    (
        "vt_advice",
        "Stap 2. Wat adviseerde Veilig Thuis? (als u advies vroeg)",
        "",
    ),
    (
        "client_conversation",
        "Stap 3. Wat kwam er uit het gesprek met de ouders of het kind?",
        "Als een gesprek niet veilig was: waarom niet.",
    ),
    (
        "weighing",
        "Stap 4. Hoe weegt u het geweld of de kindermishandeling?",
        "Gebruik zo nodig een risicotaxatie-instrument.",
    ),
];

#[derive(Template)]
#[template(path = "meldcode.html")]
struct MeldcodePage {
    layout: Layout,
    form: FormState,
    questions: Vec<(String, String)>,
    steps: Vec<(&'static str, &'static str, &'static str)>,
    outcome: Option<Outcome>,
}

/// What the afwegingskader concluded.
struct Outcome {
    label: &'static str,
    report: bool,
}

fn meldcode_page(pro: &Pro, form: FormState, outcome: Option<Outcome>) -> MeldcodePage {
    MeldcodePage {
        layout: Layout::new("Meldcode-assistent", Some(&pro.session), "/meldcode"),
        form,
        questions: QUESTIONS
            .iter()
            .map(|(n, q)| ((*n).to_owned(), (*q).to_owned()))
            .collect(),
        steps: STEPS.to_vec(),
        outcome,
    }
}

async fn meldcode(pro: Pro) -> PageResult {
    // Not offered to an organisation without the task (a court, a municipality): a refusal, not a form.
    regie_domain::policy::require(pro.me.organisation.kind, regie_domain::Action::ReportSignal)
        .map_err(ApiError::from)?;
    page(meldcode_page(&pro, FormState::default(), None))
}

fn yes_no(form: &FormState, name: &str) -> Option<bool> {
    match form.value(name) {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

/// The meldcode record the form describes.
fn record(form: &FormState) -> Result<MeldcodeRecord, Vec<DomainError>> {
    let steps = MeldcodeSteps {
        signals: form.value("signals").to_owned(),
        colleague_consulted: form.value("colleague_consulted").to_owned(),
        vt_advice: Some(form.value("vt_advice").to_owned()).filter(|v| !v.trim().is_empty()),
        client_conversation: form.value("client_conversation").to_owned(),
        weighing: form.value("weighing").to_owned(),
    };
    MeldcodeRecord::new(&steps, answers(form))
}

/// The afwegingskader's answers as ticked, as far as they are asked: the page shows the five questions at
/// once, so a choice ticked after the answer that decided is not asked.
fn answers(form: &FormState) -> Afwegingskader {
    Afwegingskader {
        suspicion: yes_no(form, "suspicion"),
        unsafety: yes_no(form, "unsafety"),
        can_help: yes_no(form, "can_help"),
        help_accepted: yes_no(form, "help_accepted"),
        lasting_safety: yes_no(form, "lasting_safety"),
    }
    .asked()
}

/// The domain names fields "steps.signals" and "answers.suspicion"; the form calls them "signals" and
/// "suspicion".
fn form_field(domain_field: &str) -> &str {
    domain_field.rsplit('.').next().unwrap_or(domain_field)
}

fn refuse(form: &mut FormState, e: ApiError) -> Result<StatusCode, PageError> {
    let status = form.refuse(e)?;
    for (field, _) in &mut form.errors {
        *field = form_field(field).to_owned();
    }
    Ok(status)
}

/// Step 5: weighs the answers and keeps the professional's record of the walk through the meldcode.
async fn weigh(State(state): State<AppState>, pro: Pro, body: Posted) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    let scope = state.access.scope(pro.me.actor());
    let result: Result<MeldcodeRecord, ApiError> = async {
        let record = record(&form)?;
        scope.record_meldcode(record.clone(), None, Vec::new()).await?;
        Ok(record)
    }
    .await;
    match result {
        Ok(record) => {
            let outcome = Outcome {
                label: record.outcome.label_nl(),
                report: record.outcome.reports(),
            };
            form.default_value("observed", form.value("signals").to_owned());
            form.default_value("shielded", "no");
            form.default_value("acute", "no");
            page(meldcode_page(&pro, form, Some(outcome)))
        }
        Err(e) => {
            let status = refuse(&mut form, e)?;
            page_with(status, meldcode_page(&pro, form, None))
        }
    }
}

/// The person a report is about, as the reporter describes them.
fn subject(form: &FormState) -> Result<Person, Vec<DomainError>> {
    Person::typed(
        form.value("given_name"),
        form.value("family_name"),
        form.value("date_of_birth"),
        form.value("bsn"),
        None,
        today(),
    )
}

/// The report to Veilig Thuis that the meldcode led to.
async fn report(State(state): State<AppState>, pro: Pro, body: Posted) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    let scope = state.access.scope(pro.me.actor());
    let result: Result<Signal, ApiError> = async {
        // Every wrong field at once: the meldcode's steps and questions, whom it is about, what was seen.
        let mut wrong = crate::error::Fields::default();
        let record = wrong.check_all(record(&form));
        let person = wrong.check_all(subject(&form));
        let observed = wrong.check(observed(form.value("observed")));
        wrong.finish()?;
        let (record, person, observed) = (
            record.expect("checked"),
            person.expect("checked"),
            observed.expect("checked"),
        );
        let vt = (state.access.organisations(pro.me.organisation.region_id).await?)
            .into_iter()
            .find(|o| o.kind == OrganisationKind::Vt)
            .map(|o| o.id)
            .ok_or_else(|| {
                ApiError::from(DomainError::conflict(
                    None,
                    "no_vt",
                    "there is no Veilig Thuis in your region",
                    "in uw regio is geen Veilig Thuis ingericht; neem contact op met de functioneel beheerder",
                ))
            })?;
        let category = match pro.me.organisation.kind {
            OrganisationKind::School => SourceCategory::School,
            OrganisationKind::Police => SourceCategory::Police,
            OrganisationKind::LocalTeam => SourceCategory::LocalTeam,
            _ => SourceCategory::OtherProfessional,
        };
        let new = NewSignal {
            kind: SignalKind::Report,
            reporter: Reporter {
                category,
                name: Some(pro.me.professional.display_name.clone()),
                organisation: Some(pro.me.organisation.name.clone()),
                contact: Some(form.value("contact").to_owned()).filter(|c| !c.trim().is_empty()),
                professional_id: None,
            },
            shielded: form.value("shielded") == "yes",
            household_id: None,
            persons: Vec::new(),
            observed,
            received_on: today(),
            acute: form.value("acute") == "yes",
            meldcode: Some(record),
        };
        scope
            .report_about(new, Some(vt), vec![person])
            .await
            .map_err(crate::error::ApiError::from)
    }
    .await;
    match result {
        Ok(signal) => page(ReportedPage {
            layout: Layout::new("Melding verstuurd", Some(&pro.session), "/meldcode"),
            deadline: signal.assessment_deadline.map(date),
        }),
        Err(e) => {
            let status = refuse(&mut form, e)?;
            // The report's part stays on the page with its fields' errors, even when a step is wrong too.
            let outcome = answers(&form).outcome().ok().map(|o| Outcome {
                label: o.label_nl(),
                report: o.reports(),
            });
            page_with(status, meldcode_page(&pro, form, outcome))
        }
    }
}

#[derive(Template)]
#[template(path = "reported.html")]
struct ReportedPage {
    layout: Layout,
    deadline: Option<String>,
}

/// A signal on the triage list.
struct TriageRow {
    id: String,
    received: String,
    /// "Melding", "Adviesvraag".
    kind_title: String,
    /// Whom it is about: the persons by name and age, else the household.
    about: String,
    /// The linked household's open case: its phase and fixed contact person.
    case: Option<String>,
    /// About a child, linked to a household where no child lives.
    check_link: bool,
    source: &'static str,
    deadline: String,
    overdue: bool,
    acute: bool,
    flagged: bool,
}

#[derive(Template)]
#[template(path = "triage.html")]
struct TriagePage {
    layout: Layout,
    /// The safety assessment's norm, in words ("5 werkdagen").
    norm: String,
    rows: Vec<TriageRow>,
    /// "1–50 van 4.089": which of how many waiting this page shows.
    shown: String,
    /// The page before and after this one, where there is one.
    previous: Option<u32>,
    next: Option<u32>,
}

/// Which page of the triage list (`?pagina=2`).
#[derive(serde::Deserialize)]
struct TriageQuery {
    pagina: Option<String>,
}

fn kind_nl(k: SignalKind) -> &'static str {
    match k {
        SignalKind::Report => "melding",
        SignalKind::AdviceRequest => "adviesvraag",
    }
}

/// "4 december 2026 (vandaag)", "… (over 3 werkdagen)", "… (2 werkdagen verstreken)".
fn deadline_text(deadline: Option<jiff::civil::Date>) -> String {
    match deadline {
        Some(d) => format!("{} ({})", date(d), Calendar::default().deadline_nl(d, today())),
        None => "geen termijn".into(),
    }
}

/// Whom a signal is about, in a few words: "Sem de Boer (8 jaar)", else its household, else unknown.
fn about(item: &TriageItem) -> String {
    let today = today();
    let persons: Vec<String> = (item.subjects.iter())
        .map(|p| format!("{} ({} jaar)", p.name.full(), p.age_on(today)))
        .collect();
    match (persons.is_empty(), &item.surroundings.household) {
        (false, _) => persons.join(", "),
        (true, Some(h)) => h.name.as_str().to_owned(),
        (true, None) => "onbekend".to_owned(),
    }
}

/// The linked household's open case in words: "lopende zaak (fase analyse), vaste contactpersoon: …".
fn case_text(item: &TriageItem, names: &HashMap<ProfessionalId, String>) -> Option<String> {
    item.surroundings.open_case.as_ref().map(|c| {
        format!(
            "lopende zaak (fase {}), vaste contactpersoon: {}",
            c.phase.label_nl(),
            super::households::lead_text(&c.lead, names)
        )
    })
}

async fn triage(State(state): State<AppState>, pro: Pro, Query(q): Query<TriageQuery>) -> PageResult {
    let Some(number) = page_number(q.pagina.as_deref()) else {
        return Err(PageError::User(
            StatusCode::BAD_REQUEST,
            "Het paginanummer moet een heel getal vanaf 1 zijn. Ga naar de eerste pagina van de triage.".into(),
        ));
    };
    let scope = state.access.scope(pro.me.actor());
    let size = regie_access::TRIAGE_PAGE;
    let offset = (number - 1).saturating_mul(size);
    let (items, total) = scope.triage(size, offset).await?;
    let (shown, previous, next) = paged(number, size, items.len(), total);
    let norms = scope.norms().await?;
    let leads: Vec<ProfessionalId> = (items.iter())
        .filter_map(|i| i.surroundings.open_case.as_ref())
        .flat_map(super::cases::involved)
        .collect();
    let names = super::households::names_of(&state, &pro, &leads).await?;
    let today = today();
    page(TriagePage {
        layout: Layout::new("Triage", Some(&pro.session), "/triage"),
        norm: count(i64::from(norms.safety_assessment_working_days), "werkdag", "werkdagen"),
        shown,
        previous,
        next,
        rows: items
            .iter()
            .map(|item| (item, &item.signal))
            .map(|(item, s)| TriageRow {
                id: s.id.to_string(),
                received: date(s.received_on),
                kind_title: capitalise(kind_nl(s.kind)),
                about: about(item),
                case: case_text(item, &names),
                check_link: item.surroundings.child_outside_household,
                // Even where a shielded report comes from (a neighbour, a relative) can point to who made it.
                source: if s.reporter_visible_to(pro.me.organisation.kind) {
                    s.reporter.category.label_nl()
                } else {
                    "afgeschermd"
                },
                deadline: deadline_text(s.assessment_deadline),
                overdue: s.is_overdue(today),
                acute: s.acute,
                flagged: s.radar.flagged,
            })
            .collect(),
    })
}

/// One investigation on the organisation's list.
struct InvestigationRow {
    household: String,
    /// The household's file, when the investigation is the viewer's or their team's.
    href: Option<String>,
    received: String,
    deadline: String,
    overdue: bool,
    /// The colleague whose investigation it is, by name, when the viewer does not cover for them.
    holder: Option<String>,
    /// Where to post its take-over, the case's version, and a name for the reason's field that no other
    /// line has.
    take_over: Option<(String, i64, String)>,
    /// The same, for concluding the viewer's own investigation.
    conclude: Option<(String, i64, String)>,
}

#[derive(Template)]
#[template(path = "investigations.html")]
struct InvestigationsPage {
    layout: Layout,
    rows: Vec<InvestigationRow>,
    /// Whether a line is a colleague's whom the viewer does not cover for (shown without a link).
    others: bool,
    total: u64,
    shown: String,
    previous: Option<u32>,
    next: Option<u32>,
}

/// The investigations the organisation does after an assessment: each its investigator's, whose team opens
/// the file; a colleague of another team takes one over here, with a reason.
async fn investigations(State(state): State<AppState>, pro: Pro, Query(q): Query<TriageQuery>) -> PageResult {
    let Some(number) = page_number(q.pagina.as_deref()) else {
        return Err(PageError::User(
            StatusCode::BAD_REQUEST,
            "Het paginanummer moet een heel getal vanaf 1 zijn. Ga naar de eerste pagina van de onderzoeken.".into(),
        ));
    };
    let scope = state.access.scope(pro.me.actor());
    let size = regie_access::INVESTIGATIONS_PAGE;
    let (items, total) = scope.investigations(size, (number - 1).saturating_mul(size)).await?;
    let (shown, previous, next) = paged(number, size, items.len(), total);
    let holders: Vec<ProfessionalId> = (items.iter().filter(|i| !i.yours)).map(|i| i.investigator).collect();
    let holders = super::households::names_of(&state, &pro, &holders).await?;
    let today = today();
    page(InvestigationsPage {
        layout: Layout::new("Onderzoeken", Some(&pro.session), "/triage"),
        others: items.iter().any(|i| !i.yours),
        rows: (items.iter())
            .map(|i| InvestigationRow {
                household: i.household_name.clone(),
                href: i.yours.then(|| format!("/huishoudens/{}", i.household_id)),
                received: date(i.received_on),
                deadline: i.deadline.map_or_else(|| "—".into(), date),
                overdue: i.deadline.is_some_and(|d| d < today),
                holder: (!i.yours).then(|| {
                    holders
                        .get(&i.investigator)
                        .cloned()
                        .unwrap_or_else(|| "een collega".into())
                }),
                take_over: (!i.yours).then(|| {
                    (
                        format!("/triage/onderzoeken/{}/{}", i.case_id, i.signal_id),
                        i.version,
                        format!("reden-{}", i.signal_id),
                    )
                }),
                conclude: i.yours.then(|| {
                    (
                        format!("/triage/onderzoeken/{}/{}/afronden", i.case_id, i.signal_id),
                        i.version,
                        format!("bevindingen-{}", i.signal_id),
                    )
                }),
            })
            .collect(),
        total,
        shown,
        previous,
        next,
    })
}

/// Takes over a colleague's investigation from the list; then the household's file opens. A refusal
/// (another took it over first, no reason given) is told on a page of its own: the file is not the
/// professional's to show before.
async fn take_over(
    State(state): State<AppState>,
    pro: Pro,
    PagePath((case, signal)): PagePath<(regie_domain::CaseId, SignalId)>,
    body: Posted,
) -> PageResult {
    let form = posted(&pro.session, body)?;
    let version = form.value("version").parse::<i64>().unwrap_or_default();
    let scope = state.access.scope(pro.me.actor());
    let taken = scope
        .take_over_signal_investigation(case, signal, version, form.value("reason"))
        .await
        .map_err(ApiError::from)?;
    see(format!("/huishoudens/{}", taken.household_id))
}

/// Concludes one's own investigation from the list, with its findings; back to the list. A refusal is told
/// on a page of its own, as the take-over's.
async fn conclude(
    State(state): State<AppState>,
    pro: Pro,
    PagePath((case, signal)): PagePath<(regie_domain::CaseId, SignalId)>,
    body: Posted,
) -> PageResult {
    let form = posted(&pro.session, body)?;
    let version = form.value("version").parse::<i64>().unwrap_or_default();
    let scope = state.access.scope(pro.me.actor());
    scope
        .conclude_signal_investigation(case, signal, version, form.value("conclusion"))
        .await
        .map_err(ApiError::from)?;
    see("/triage/onderzoeken")
}

#[derive(Template)]
#[template(path = "signal.html")]
struct SignalPage {
    layout: Layout,
    action: String,
    kind: &'static str,
    received: String,
    deadline: String,
    acute: bool,
    reporter: Option<String>,
    shielded: bool,
    observed: String,
    persons: Vec<String>,
    /// The linked household's name, for its receiver.
    household_name: Option<String>,
    /// The linked household's open case: phase and fixed contact person, for its receiver.
    case: Option<String>,
    /// About a child, linked to a household where no child lives: the assessor checks the link.
    check_link: bool,
    household: Option<String>,
    radar: Option<RadarShown>,
    meldcode: Option<&'static str>,
    assessment: Option<String>,
    can_assess: bool,
    outcomes: Vec<(String, String)>,
    form: FormState,
}

/// What the radar found, for the receiver.
struct RadarShown {
    flagged: bool,
    earlier: usize,
    cases: usize,
}

async fn signal_page(
    state: &AppState,
    scope: &Scope<'_>,
    pro: &Pro,
    id: SignalId,
    form: FormState,
) -> Result<SignalPage, PageError> {
    let item = scope.signal_with_subjects(id).await?;
    let leads: Vec<ProfessionalId> = (item.surroundings.open_case.iter())
        .flat_map(super::cases::involved)
        .collect();
    let names = super::households::names_of(state, pro, &leads).await?;
    let case = case_text(&item, &names);
    let check_link = item.surroundings.child_outside_household;
    let household_name = item.surroundings.household.as_ref().map(|h| h.name.as_str().to_owned());
    let (s, subjects) = (item.signal, item.subjects);
    let mut persons = Vec::new();
    for person in subjects {
        persons.push(format!(
            "{}, geboren {}",
            person.name.full(),
            date(person.date_of_birth)
        ));
    }
    let receiver = s.received_by == pro.me.organisation.id;
    let reporter = s.reporter_visible_to(pro.me.organisation.kind).then(|| {
        [
            Some(s.reporter.category.label_nl().to_owned()),
            s.reporter.name.clone(),
            s.reporter.organisation.clone(),
            s.reporter.contact.clone(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ")
    });
    let mut form = form;
    form.default_value("version", s.version.to_string());
    Ok(SignalPage {
        layout: Layout::new(
            format!("{} van {}", capitalise(kind_nl(s.kind)), date(s.received_on)),
            Some(&pro.session),
            "/triage",
        ),
        action: format!("/signalen/{id}"),
        kind: kind_nl(s.kind),
        received: date(s.received_on),
        deadline: deadline_text(s.assessment_deadline),
        acute: s.acute,
        reporter,
        shielded: s.shielded,
        observed: s.observed.clone(),
        persons,
        household_name,
        case,
        check_link,
        household: match s.household_id {
            Some(h) if scope.involved_in(h).await? => Some(h.to_string()),
            _ => None,
        },
        radar: receiver.then_some(RadarShown {
            flagged: s.radar.flagged,
            earlier: s.radar.signals.len(),
            cases: s.radar.cases.len(),
        }),
        meldcode: s
            .meldcode
            .as_ref()
            .filter(|_| receiver || !s.shielded)
            .map(|m| m.outcome.label_nl()),
        assessment: s
            .assessment
            .as_ref()
            .map(|a| format!("{}: {}", a.outcome.label_nl(), a.summary)),
        can_assess: receiver && s.assessment.is_none(),
        outcomes: [
            AssessmentOutcome::NoFurtherAction,
            AssessmentOutcome::Advice,
            AssessmentOutcome::LocalTeam,
            AssessmentOutcome::RvtCase,
            AssessmentOutcome::Investigation,
        ]
        .iter()
        .map(|o| (super::cases::serde_code(o), o.label_nl().to_owned()))
        .collect(),
        form,
    })
}

async fn signal(State(state): State<AppState>, pro: Pro, PagePath(id): PagePath<SignalId>) -> PageResult {
    let scope = state.access.scope(pro.me.actor());
    page(signal_page(&state, &scope, &pro, id, FormState::default()).await?)
}

async fn assess(State(state): State<AppState>, pro: Pro, PagePath(id): PagePath<SignalId>, body: Posted) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    let scope = state.access.scope(pro.me.actor());
    let result: Result<_, ApiError> = async {
        let outcome: AssessmentOutcome = super::cases::parse_code("outcome", form.value("outcome"))?;
        let version = form.value("version").parse::<i64>().unwrap_or_default();
        scope
            .assess_signal(id, version, outcome, form.value("summary"), None)
            .await
            .map_err(crate::error::ApiError::from)
    }
    .await;
    match result {
        // The household's file if the assessor still works in it (an investigation), else the assessed
        // signal: a report handed to the local team is no longer Veilig Thuis's to read.
        Ok((_, Some(case))) if scope.involved_in(case.household_id).await? => {
            see(format!("/huishoudens/{}", case.household_id))
        }
        Ok(_) => see(format!("/signalen/{id}")),
        Err(e) => {
            let status = form.refuse(e)?;
            match signal_page(&state, &scope, &pro, id, form).await {
                Ok(page_) => page_with(status, page_),
                // A colleague of another team assessed it meanwhile: the signal is no longer this
                // professional's to read, and the page says what happened instead of "not found".
                Err(PageError::User(StatusCode::NOT_FOUND, _)) => Err(PageError::User(
                    StatusCode::CONFLICT,
                    "Een collega heeft dit signaal intussen beoordeeld. Het staat niet meer op uw triagelijst.".into(),
                )),
                Err(e) => Err(e),
            }
        }
    }
}

#[derive(Template)]
#[template(path = "intake.html")]
struct IntakePage {
    layout: Layout,
    form: FormState,
    categories: Vec<(String, String)>,
}

fn intake_page(pro: &Pro, form: FormState) -> IntakePage {
    IntakePage {
        layout: Layout::new("Signaal registreren", Some(&pro.session), "/triage"),
        form,
        categories: SourceCategory::ALL
            .iter()
            .map(|c| (c.as_str().to_owned(), c.label_nl().to_owned()))
            .collect(),
    }
}

async fn intake(pro: Pro) -> PageResult {
    let mut form = FormState::default();
    form.default_value("kind", "report");
    form.default_value("received_on", today().to_string());
    form.default_value("shielded", "no");
    form.default_value("acute", "no");
    page(intake_page(&pro, form))
}

/// A signal the organisation receives itself: a phone call, a letter, a police report.
async fn save_intake(State(state): State<AppState>, pro: Pro, body: Posted) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    let scope = state.access.scope(pro.me.actor());
    let result: Result<Signal, ApiError> = async {
        let mut errors = Vec::new();
        let kind: Option<SignalKind> = super::cases::parse_code("kind", form.value("kind"))
            .map_err(|e| errors.push(ApiError::from(e)))
            .ok();
        let category = SourceCategory::parse(form.value("category"));
        if category.is_none() {
            errors.push(
                DomainError::invalid(
                    "category",
                    "required",
                    "choose where it comes from",
                    "kies waar het vandaan komt",
                )
                .into(),
            );
        }
        let received_on = regie_domain::time::parse_date("received_on", form.value("received_on"))
            .map_err(|e| errors.push(e.into()))
            .ok();
        let person = subject(&form).map_err(|e| errors.push(e.into())).ok();
        let observed = observed(form.value("observed")).map_err(|e| errors.push(e.into())).ok();
        let (Some(kind), Some(category), Some(received_on), Some(person), Some(observed)) =
            (kind, category, received_on, person, observed)
        else {
            return Err(merge(errors));
        };
        let text = |f: &str| Some(form.value(f).trim().to_owned()).filter(|v| !v.is_empty());
        let new = NewSignal {
            kind,
            reporter: Reporter {
                category,
                name: text("reporter_name"),
                organisation: text("reporter_organisation"),
                contact: text("contact"),
                professional_id: None,
            },
            shielded: form.value("shielded") == "yes",
            household_id: None,
            persons: Vec::new(),
            observed,
            received_on,
            acute: form.value("acute") == "yes",
            meldcode: None,
        };
        scope
            .report_about(new, None, vec![person])
            .await
            .map_err(crate::error::ApiError::from)
    }
    .await;
    match result {
        Ok(signal) => see(format!("/signalen/{}", signal.id)),
        Err(e) => {
            let status = refuse(&mut form, e)?;
            // The reporter's fields carry their own names on this page.
            form.rename_errors("name", "reporter_name");
            form.rename_errors("organisation", "reporter_organisation");
            page_with(status, intake_page(&pro, form))
        }
    }
}

/// Several refusals as one.
fn merge(errors: Vec<ApiError>) -> ApiError {
    let mut all = Vec::new();
    for e in errors {
        match e {
            ApiError::User { errors, .. } => all.extend(errors),
            internal @ ApiError::Internal(_) => return internal,
        }
    }
    ApiError::User {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        errors: all,
        data: None,
    }
}

/// A report of the professional's own, and where it stands.
struct ReportRow {
    received: String,
    to: String,
    status: String,
    /// For the police: a child protection measure is in force in the household, since when, with which GI.
    measure: Option<String>,
}

#[derive(Template)]
#[template(path = "my_reports.html")]
struct MyReportsPage {
    layout: Layout,
    rows: Vec<ReportRow>,
}

async fn my_reports(State(state): State<AppState>, pro: Pro) -> PageResult {
    let scope = state.access.scope(pro.me.actor());
    let reports = scope.my_reports().await?;
    let notices = scope.measure_notices().await?;
    let organisations: std::collections::HashMap<_, _> =
        (state.access.organisations(pro.me.organisation.region_id).await?)
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect();
    page(MyReportsPage {
        layout: Layout::new("Mijn meldingen", Some(&pro.session), "/mijn-meldingen"),
        rows: reports
            .iter()
            .map(|s| ReportRow {
                received: date(s.received_on),
                to: organisations.get(&s.received_by).cloned().unwrap_or_default(),
                status: match (s.follow_up, s.assessment_deadline) {
                    (Some(outcome), _) => format!("beoordeeld: {}", outcome.label_nl()),
                    (None, Some(d)) => format!("wordt beoordeeld, uiterlijk {}", date(d)),
                    (None, None) => "ontvangen".to_owned(),
                },
                measure: (notices.iter().find(|n| n.signal_id == s.id)).map(|n| {
                    format!(
                        "Er loopt een kinderbeschermingsmaatregel sinds {}; {} voert haar uit en is uw aanspreekpunt",
                        date(n.since),
                        n.executor
                    )
                }),
            })
            .collect(),
    })
}
