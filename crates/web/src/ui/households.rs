//! The professional's start: the worklists, finding a household, the household page and opening a case.

use super::format::{date, moment};
use super::{FormState, Layout, PageResult, Posted, Pro, page, page_with, posted, see};
use crate::AppState;
use crate::access::{Scope, WorkItem};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use regie_domain::portal::Contribution;
use regie_domain::route::ScaleForm;
use regie_domain::time::{now, today};
use regie_domain::{Case, HouseholdId, Lead, LegalFrame, ProfessionalId, Reason};
use regie_store::HouseholdQuery;
use serde::Deserialize;
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/werklijst", get(worklist))
        .route("/huishoudens", get(search))
        .route("/huishoudens/{id}", get(household))
        .route("/huishoudens/{id}/zaak", post(open_case))
}

/// One row of a worklist.
pub struct WorkRow {
    household_id: String,
    household_name: String,
    phase: &'static str,
    legal_frame: &'static str,
    attention: Vec<String>,
}

fn work_rows(items: Vec<WorkItem>) -> Vec<WorkRow> {
    items
        .into_iter()
        .map(|i| WorkRow {
            household_id: i.case.household_id.to_string(),
            household_name: i.household_name,
            phase: i.case.phase.label_nl(),
            legal_frame: i.case.legal_frame.label_nl(),
            attention: i.attention.iter().map(|a| a.summary_nl()).collect(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "worklist.html")]
struct WorklistPage {
    layout: Layout,
    team: bool,
    has_team: bool,
    rows: Vec<WorkRow>,
}

#[derive(Deserialize)]
struct WorklistQuery {
    team: Option<String>,
}

async fn worklist(State(state): State<AppState>, pro: Pro, Query(q): Query<WorklistQuery>) -> PageResult {
    let scope = state.access.scope(pro.me.actor());
    let team = q.team.is_some() && pro.me.professional.team_id.is_some();
    let items = match (team, pro.me.professional.team_id) {
        (true, Some(t)) => scope.team_worklist(t).await?,
        _ => scope.my_worklist().await?,
    };
    let title = if team {
        "Werklijst van mijn team"
    } else {
        "Mijn werklijst"
    };
    page(WorklistPage {
        layout: Layout::new(title, Some(&pro.session), "/werklijst"),
        team,
        has_team: pro.me.professional.team_id.is_some(),
        rows: work_rows(items),
    })
}

/// One household in the search results.
struct FoundRow {
    id: String,
    name: String,
    address: String,
    members: i64,
    case: String,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    layout: Layout,
    q: String,
    searched: bool,
    rows: Vec<FoundRow>,
}

#[derive(Deserialize)]
struct SearchQuery {
    q: Option<String>,
}

async fn search(State(state): State<AppState>, pro: Pro, Query(q): Query<SearchQuery>) -> PageResult {
    let text = q.q.unwrap_or_default();
    let mut rows = Vec::new();
    let searched = !text.trim().is_empty();
    if searched {
        let scope = state.access.scope(pro.me.actor());
        for s in scope.list_households(&HouseholdQuery::typed(&text, None, 50)).await? {
            rows.push(FoundRow {
                id: s.household.id.to_string(),
                name: s.household.name.as_str().to_owned(),
                address: s.household.address.as_ref().map(address_line).unwrap_or_default(),
                members: s.members,
                case: s
                    .open_case
                    .map_or_else(|| "geen".to_owned(), |(_, p)| format!("fase {}", p.label_nl())),
            });
        }
    }
    page(SearchPage {
        layout: Layout::new("Huishouden zoeken", Some(&pro.session), "/huishoudens"),
        q: text,
        searched,
        rows,
    })
}

pub(super) fn address_line(a: &regie_domain::Address) -> String {
    format!(
        "{} {}, {} {}",
        a.street.as_str(),
        a.house_number.as_str(),
        a.postcode,
        a.city.as_str()
    )
}

/// A member as the household page shows them.
struct MemberRow {
    name: String,
    relation: &'static str,
    born: String,
    age: i16,
    bsn: String,
    current: bool,
}

/// One line of a timeline in plain words.
pub struct TimelineRow {
    /// When.
    pub at: String,
    /// What happened.
    pub what: String,
    /// Why, if given.
    pub reason: Option<String>,
    /// Who, for which organisation.
    pub who: String,
}

/// What a family member added in the portal.
pub struct ContributionRow {
    /// When.
    pub at: String,
    /// Who.
    pub who: String,
    /// What.
    pub what: String,
    /// Their words.
    pub text: Option<String>,
}

pub(super) fn contribution_row(c: &regie_domain::portal::FamilyContribution, who: String) -> ContributionRow {
    let text = match &c.contribution {
        Contribution::OwnWords { words, .. } => words.clone(),
        Contribution::PlanAnswer { why, .. } => why.clone(),
        Contribution::CorrectionRequest { text } => Some(text.clone()),
    };
    ContributionRow {
        at: moment(c.at),
        who,
        what: c.contribution.summary_nl(),
        text,
    }
}

/// The open case as the household page shows it.
struct CaseBlock {
    id: String,
    phase: &'static str,
    legal_frame: &'static str,
    lead: String,
    scale: Option<String>,
    consultation_open: bool,
    scaled_up: bool,
    rvt_here: bool,
    timeline: Vec<TimelineRow>,
    contributions: Vec<ContributionRow>,
}

#[derive(Template)]
#[template(path = "household.html")]
struct HouseholdPage {
    layout: Layout,
    id: String,
    name: String,
    address: String,
    members: Vec<MemberRow>,
    case: Option<CaseBlock>,
    form: FormState,
    frames: Vec<(String, String)>,
}

/// The names of the region's professionals: "Fatima El Amrani (Lokaal team Voorbeeldstad-Noord)".
pub(super) async fn names(state: &AppState) -> Result<HashMap<ProfessionalId, String>, super::PageError> {
    Ok(state
        .access
        .directory()
        .await?
        .into_iter()
        .map(|(p, o)| (p.id, format!("{} ({})", p.display_name, o.name)))
        .collect())
}

pub(super) fn lead_text(lead: &Lead, names: &HashMap<ProfessionalId, String>) -> String {
    let name = |id: &ProfessionalId| names.get(id).cloned().unwrap_or_else(|| "onbekend".into());
    match &lead.secondary {
        Some(s) => format!("duo: {} en {}", name(&lead.primary), name(s)),
        None => name(&lead.primary),
    }
}

/// The timeline of a case in plain words.
pub(super) async fn timeline_rows(scope: &Scope<'_>, case: &Case) -> Result<Vec<TimelineRow>, super::PageError> {
    Ok(scope
        .timeline(case.id)
        .await?
        .into_iter()
        .rev()
        .map(|e| TimelineRow {
            at: moment(e.event.at),
            what: e.event.change.summary_nl(),
            reason: e.event.reason.as_ref().map(|r| r.as_str().to_owned()),
            who: format!("{} ({})", e.actor_name, e.organisation_name),
        })
        .collect())
}

async fn household_page(
    state: &AppState,
    pro: &Pro,
    id: HouseholdId,
    form: FormState,
) -> Result<HouseholdPage, super::PageError> {
    let scope = state.access.scope(pro.me.actor());
    let file = scope.household_file(id).await?;
    let today = today();
    let names = names(state).await?;
    let members = file
        .members
        .iter()
        .map(|m| MemberRow {
            name: m.person.name.full(),
            relation: m.membership.relation.label_nl(),
            born: date(m.person.date_of_birth),
            age: m.person.age_on(today),
            bsn: m.person.bsn.as_ref().map(|b| b.as_string()).unwrap_or_default(),
            current: m.membership.is_current_on(today),
        })
        .collect();
    let case = match &file.open_case {
        Some(c) => {
            let given: HashMap<_, _> = file
                .members
                .iter()
                .map(|m| (m.person.id, m.person.name.given.as_str().to_owned()))
                .collect();
            let contributions = scope
                .contributions(c.id)
                .await?
                .iter()
                .rev()
                .map(|k| contribution_row(k, given.get(&k.person_id).cloned().unwrap_or_default()))
                .collect();
            Some(CaseBlock {
                id: c.id.to_string(),
                phase: c.phase.label_nl(),
                legal_frame: c.legal_frame.label_nl(),
                lead: lead_text(&c.lead, &names),
                scale: c.route.scale.as_ref().map(|s| {
                    let mut text = format!(
                        "{} met {} ({}), sinds {}",
                        s.form.label_nl(),
                        names.get(&s.rvt_professional).cloned().unwrap_or_default(),
                        s.ground.label_nl(),
                        moment(s.since)
                    );
                    if let Some(d) = s.deadline {
                        text.push_str(&format!("; antwoord uiterlijk {}", date(d)));
                    }
                    text
                }),
                consultation_open: c
                    .route
                    .scale
                    .as_ref()
                    .is_some_and(|s| s.form == ScaleForm::Consultation && s.answered_at.is_none()),
                scaled_up: c.route.scale.is_some(),
                rvt_here: c
                    .route
                    .scale
                    .as_ref()
                    .is_some_and(|s| s.rvt_professional == pro.me.professional.id),
                timeline: timeline_rows(&scope, c).await?,
                contributions,
            })
        }
        None => None,
    };
    Ok(HouseholdPage {
        layout: Layout::new(file.household.name.as_str(), Some(&pro.session), "/huishoudens"),
        id: id.to_string(),
        name: file.household.name.as_str().to_owned(),
        address: file.household.address.as_ref().map(address_line).unwrap_or_default(),
        members,
        case,
        form,
        // Only the frames the organisation may set (a local team works voluntarily; drang needs VT or the Raad).
        frames: LegalFrame::ALL
            .iter()
            .filter(|f| {
                regie_domain::policy::require(pro.me.organisation.kind, regie_domain::Action::SetLegalFrame(**f))
                    .is_ok()
            })
            .map(|f| (f.as_str().to_owned(), f.label_nl().to_owned()))
            .collect(),
    })
}

async fn household(State(state): State<AppState>, pro: Pro, Path(id): Path<HouseholdId>) -> PageResult {
    let mut form = FormState::default();
    form.default_value("legal_frame", "voluntary");
    page(household_page(&state, &pro, id, form).await?)
}

async fn open_case(State(state): State<AppState>, pro: Pro, Path(id): Path<HouseholdId>, body: Posted) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    let scope = state.access.scope(pro.me.actor());
    let result: Result<(), crate::error::ApiError> = async {
        let reason = Reason::parse_optional("reason", Some(form.value("reason")))?;
        let frame = LegalFrame::parse(form.value("legal_frame")).ok_or_else(|| {
            regie_domain::DomainError::invalid("legal_frame", "required", "choose a legal frame", "kies een kader")
        })?;
        let me = scope.actor();
        let lead = Lead::new((me.professional, me.kind), None)?;
        let (case, event) = Case::open(id, lead, frame, reason, &me, now())?;
        scope.open_case(&case, &event).await
    }
    .await;
    match result {
        Ok(()) => see(format!("/huishoudens/{id}")),
        Err(e) => {
            let status = form.refuse(e)?;
            page_with(status, household_page(&state, &pro, id, form).await?)
        }
    }
}
