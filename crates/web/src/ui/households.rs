//! The professional's start: the worklists, finding a household, the household page and opening a case.

use super::format::{date, moment};
use super::{FormState, Layout, PagePath, PageResult, Posted, Pro, page, page_with, posted, see};
use crate::AppState;
use crate::access::{Duplicate, KnownElsewhere, NamedEvent, PersonRegistration, Scope, WorkItem};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::routing::get;
use regie_access::HouseholdQuery;
use regie_domain::consent::Basis;
use regie_domain::household::check_membership_start;
use regie_domain::person::{MatchReason, Prefix};
use regie_domain::portal::Contribution;
use regie_domain::route::ScaleForm;
use regie_domain::time::parse_date;
use regie_domain::time::{now, today};
use regie_domain::{
    Address, Case, DomainError, Household, HouseholdId, Lead, LegalFrame, Membership, MembershipId, Person,
    ProfessionalId, Relation, ShortText,
};
use serde::Deserialize;
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/werklijst", get(worklist))
        .route("/huishoudens", get(search_form).post(search))
        .route("/huishoudens/{id}", get(household))
        .route("/huishoudens/{id}/zaak", super::form_post(1, open_case))
        .route("/huishoudens/nieuw", get(new_household).post(create_household))
        .route("/huishoudens/{id}/leden", super::form_post(1, add_member))
        .route("/huishoudens/{id}/leden/einde", super::form_post(2, end_member))
        .route("/huishoudens/{id}/samenvoegen", super::form_post(1, merge_members))
        .route(
            "/huishoudens/{id}/samenvoegingen/{merge}/ongedaan",
            super::form_post(3, undo_merge),
        )
        .route("/huishoudens/{id}/radar", get(radar))
}

#[derive(Template)]
#[template(path = "new_household.html")]
struct NewHouseholdPage {
    layout: Layout,
    form: FormState,
}

async fn new_household(pro: Pro) -> PageResult {
    page(NewHouseholdPage {
        layout: Layout::new("Nieuw huishouden", Some(&pro.session), "/huishoudens"),
        form: FormState::default(),
    })
}

/// The domain names an address's fields "address.street"; the form calls them "street".
fn unprefixed(form: &mut FormState) {
    for (field, _) in &mut form.errors {
        if let Some(rest) = field.strip_prefix("address.") {
            *field = rest.to_owned();
        }
    }
}

async fn create_household(State(state): State<AppState>, pro: Pro, body: Posted) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    let scope = state.access.scope(pro.me.actor());
    let result: Result<HouseholdId, crate::error::ApiError> = async {
        let mut errors = Vec::new();
        let name = ShortText::parse("name", form.value("name"))
            .map_err(|e| errors.push(e))
            .ok();
        let parts = ["street", "house_number", "postcode", "city"].map(|f| form.value(f).trim().to_owned());
        let address = if parts.iter().all(String::is_empty) {
            None
        } else {
            Address::parse(Prefix::Address, &parts[0], &parts[1], &parts[2], &parts[3])
                .map_err(|e| errors.extend(e))
                .ok()
        };
        let (Some(name), true) = (name, errors.is_empty()) else {
            return Err(errors.into());
        };
        let household = Household {
            id: HouseholdId::new(),
            region_id: pro.me.organisation.region_id,
            name,
            address,
            registered_by: None,
            version: 1,
        };
        scope.create_household(&household).await?;
        Ok(household.id)
    }
    .await;
    match result {
        Ok(id) => see(format!("/huishoudens/{id}")),
        Err(e) => {
            let status = form.refuse(e)?;
            unprefixed(&mut form);
            page_with(
                status,
                NewHouseholdPage {
                    layout: Layout::new("Nieuw huishouden", Some(&pro.session), "/huishoudens"),
                    form,
                },
            )
        }
    }
}

/// Adds a member: a new person, or (after the duplicate check) one already registered.
async fn add_member(
    State(state): State<AppState>,
    pro: Pro,
    PagePath(id): PagePath<HouseholdId>,
    body: Posted,
) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    let scope = state.access.scope(pro.me.actor());
    let today = today();
    let result: Result<Option<Vec<Duplicate>>, crate::error::ApiError> = async {
        // Every wrong field at once: the relation, the first day and (for someone new) the person.
        let mut errors: Vec<DomainError> = Vec::new();
        let relation = (Relation::ALL.into_iter())
            .find(|r| r.as_str() == form.value("relation"))
            .ok_or_else(|| {
                DomainError::invalid(
                    "relation",
                    "required",
                    "choose a relation",
                    "Kies de relatie tot het huishouden.",
                )
            })
            .map_err(|e| errors.push(e))
            .ok();
        let from = (parse_date("from", form.value("from")).and_then(|d| check_membership_start(d, today)))
            .map_err(|e| errors.push(e))
            .ok();
        let new_person = match form.value("existing") {
            "" | "new" => Person::typed(
                form.value("given_name"),
                form.value("family_name"),
                form.value("date_of_birth"),
                form.value("bsn"),
                None,
                today,
            )
            .map_err(|e| errors.extend(e))
            .ok(),
            _ => None,
        };
        let (Some(relation), Some(from), true) = (relation, from, errors.is_empty()) else {
            return Err(errors.into());
        };
        let person_id = match new_person {
            Some(person) => match scope.register_person(&person, form.value("existing") == "new").await? {
                PersonRegistration::Created(p) => p.id,
                PersonRegistration::PossibleDuplicates(matches) => return Ok(Some(matches)),
            },
            None => form.value("existing").parse().map_err(|_| {
                DomainError::invalid(
                    "existing",
                    "required",
                    "choose a person",
                    "Kies de persoon die al bekend is, of kies voor een nieuwe persoon.",
                )
            })?,
        };
        let membership = Membership {
            id: MembershipId::new(),
            household_id: id,
            person_id,
            relation,
            from,
            to: None,
        };
        scope.add_member(&membership).await?;
        Ok(None)
    }
    .await;
    let matches = match result {
        Ok(None) => return see(format!("/huishoudens/{id}#leden")),
        Ok(Some(matches)) => matches,
        Err(e) => {
            let status = form.refuse(e)?;
            let page_ = household_page(&state, &pro, id, FormState::default(), form, Vec::new()).await?;
            return page_with(status, page_);
        }
    };
    let same_bsn = matches.iter().any(|m| m.reason() == MatchReason::SameBsn);
    form.add_error(
        "existing",
        if same_bsn {
            "Er is al iemand met dit BSN. Kies die persoon."
        } else {
            "Er bestaat al iemand met deze naam en geboortedatum. Is het dezelfde persoon?"
        },
    );
    let choices = matches
        .iter()
        .map(|d| match d {
            Duplicate::Visible(m) => {
                let bsn = m
                    .person
                    .bsn
                    .as_ref()
                    .map(|b| format!(", BSN {}", b.as_string()))
                    .unwrap_or_default();
                (
                    m.person.id.to_string(),
                    format!(
                        "{}, geboren {}{bsn}",
                        m.person.name.full(),
                        date(m.person.date_of_birth)
                    ),
                )
            }
            Duplicate::Elsewhere { person_id, known, .. } => (
                person_id.to_string(),
                format!("Deze persoon is bekend bij {}", known_line(known)),
            ),
        })
        .chain((!same_bsn).then(|| ("new".to_owned(), "Nee, het is iemand anders: nieuwe persoon".to_owned())))
        .collect();
    let page_ = household_page(&state, &pro, id, FormState::default(), form, choices).await?;
    page_with(StatusCode::CONFLICT, page_)
}

/// Ends a membership: the person no longer lives in the household from a date on.
async fn end_member(
    State(state): State<AppState>,
    pro: Pro,
    PagePath(id): PagePath<HouseholdId>,
    body: Posted,
) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    let scope = state.access.scope(pro.me.actor());
    let result: Result<_, crate::error::ApiError> = async {
        let membership = form
            .value("membership")
            .parse::<MembershipId>()
            .map_err(|_| DomainError::invalid("membership", "required", "choose who", "kies wie hier niet meer woont"));
        let (membership, to) = regie_domain::error::both(membership, parse_date("to", form.value("to")))?;
        scope
            .end_member(id, membership, to)
            .await
            .map_err(crate::error::ApiError::from)
    }
    .await;
    match result {
        Ok(_) => see(format!("/huishoudens/{id}#leden")),
        Err(e) => {
            let status = form.refuse(e)?;
            let mut member = FormState::default();
            member.default_value("from", today().to_string());
            let mut page_ = household_page(&state, &pro, id, FormState::default(), member, Vec::new()).await?;
            page_.ending = form;
            page_with(status, page_)
        }
    }
}

/// What the radar shows about a household: signals per year and open cases, here and at the same address.
struct RadarRow {
    household: String,
    years: String,
}

#[derive(Template)]
#[template(path = "radar.html")]
struct RadarPage {
    layout: Layout,
    id: String,
    flagged: bool,
    signals: usize,
    cases: usize,
    rows: Vec<RadarRow>,
}

async fn radar(State(state): State<AppState>, pro: Pro, PagePath(id): PagePath<HouseholdId>) -> PageResult {
    let scope = state.access.scope(pro.me.actor());
    let found = scope.household_radar(id).await?;
    let rows = found
        .per_household
        .iter()
        .map(|h| RadarRow {
            household: if h.household_id == id {
                "dit huishouden".into()
            } else {
                "een huishouden op hetzelfde adres".into()
            },
            years: h
                .per_year
                .iter()
                .map(|(y, n)| format!("{y}: {n}"))
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect();
    page(RadarPage {
        layout: Layout::new("Radar", Some(&pro.session), "/huishoudens"),
        id: id.to_string(),
        flagged: found.flagged,
        signals: found.signals.len(),
        cases: found.cases.len(),
        rows,
    })
}

/// One row of a worklist.
pub struct WorkRow {
    household_id: String,
    household_name: String,
    /// The fixed contact person, on the team's list.
    lead: Option<String>,
    /// On a colleague's list: what they hold in this case.
    held: Option<String>,
    phase: &'static str,
    legal_frame: &'static str,
    attention: Vec<String>,
}

fn work_rows(
    items: Vec<WorkItem>,
    names: Option<&HashMap<ProfessionalId, String>>,
    colleague: Option<ProfessionalId>,
) -> Vec<WorkRow> {
    let today = regie_domain::time::today();
    items
        .into_iter()
        .map(|i| WorkRow {
            household_id: i.case.household_id.to_string(),
            household_name: i.household_name,
            lead: names.map(|n| lead_text(&i.case.lead, n)),
            held: (i.held.zip(colleague)).map(|(h, c)| h.here_nl(i.case.lead.includes(c))),
            phase: i.case.phase.label_nl(),
            legal_frame: i.case.legal_frame.label_nl(),
            attention: i.attention.iter().map(|a| a.summary_nl(today)).collect(),
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
    /// The shared language's terms the rows use.
    terms: Vec<&'static str>,
    /// The user just handed a case over and is no longer involved in its household.
    handed_over: bool,
    /// On the team's list: its members to show the work of one (id, name), and whose is shown.
    colleagues: Vec<(String, String)>,
    of: String,
    /// Whose work is shown, in words, when one colleague's.
    of_name: Option<String>,
    /// How many cases, in words.
    count: String,
}

#[derive(Deserialize)]
struct WorklistQuery {
    team: Option<String>,
    /// On the team's list: only the work of this colleague.
    van: Option<String>,
    /// Set after the user handed a case over and is no longer involved in its household.
    overgedragen: Option<String>,
}

async fn worklist(State(state): State<AppState>, pro: Pro, Query(q): Query<WorklistQuery>) -> PageResult {
    let scope = state.access.scope(pro.me.actor());
    let team = q.team.is_some() && pro.me.professional.team_id.is_some();
    let (mut colleagues, mut of_name, mut colleague) = (Vec::new(), None, None);
    let of = q.van.as_deref().unwrap_or_default().trim().to_owned();
    let items = match (team, pro.me.professional.team_id) {
        (true, Some(t)) => {
            let members = scope.own_team(t).await?;
            colleagues = (members.iter())
                .map(|p| {
                    let left = if p.ended.is_some() {
                        ", werkt hier niet meer"
                    } else {
                        ""
                    };
                    (p.id.to_string(), format!("{}{left}", p.display_name))
                })
                .collect();
            match of.as_str() {
                "" => scope.team_worklist(t).await?,
                raw => {
                    let id = raw.parse::<ProfessionalId>().map_err(|_| {
                        super::PageError::User(
                            StatusCode::UNPROCESSABLE_ENTITY,
                            "Kies bij Werk van een collega uit uw eigen team.".into(),
                        )
                    })?;
                    of_name = (members.iter().find(|p| p.id == id)).map(|p| p.display_name.clone());
                    colleague = Some(id);
                    scope.team_worklist_of(t, id).await?
                }
            }
        }
        _ => scope.my_worklist().await?,
    };
    let title = if team {
        "Werklijst van mijn team"
    } else {
        "Mijn werklijst"
    };
    let names = match team {
        true => {
            let ids: Vec<ProfessionalId> = (items.iter())
                .flat_map(|i| std::iter::once(i.case.lead.primary).chain(i.case.lead.secondary))
                .collect();
            Some(names_of(&state, &pro, &ids).await?)
        }
        false => None,
    };
    let rows = work_rows(items, names.as_ref(), colleague);
    let count = super::format::count(
        i64::try_from(rows.len()).unwrap_or(i64::MAX),
        "lopende zaak",
        "lopende zaken",
    );
    let terms = super::terms_in((rows.iter()).flat_map(|r| {
        [r.phase, r.legal_frame]
            .into_iter()
            .chain(r.attention.iter().map(String::as_str))
    }));
    page(WorklistPage {
        layout: Layout::new(title, Some(&pro.session), "/werklijst"),
        team,
        has_team: pro.me.professional.team_id.is_some(),
        rows,
        terms,
        handed_over: q.overgedragen.is_some(),
        colleagues,
        of,
        of_name,
        count,
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
    /// Why the search could not be done (a date that does not exist), as a sentence.
    error: Option<String>,
    searched: bool,
    rows: Vec<FoundRow>,
    /// Households the professional is not involved in: only to whom they are known (text, household id).
    elsewhere: Vec<(String, String)>,
    /// The professional's organisation may break the glass in an emergency.
    may_break_glass: bool,
}

/// "Lokaal team Noord (contactpersoon Fatima El Amrani)", for each household known elsewhere.
fn known_line(known: &[KnownElsewhere]) -> String {
    let parts: Vec<String> = known
        .iter()
        .map(|k| match &k.contact {
            Some(c) => format!("{} (contactpersoon {c})", k.organisation),
            None => k.organisation.clone(),
        })
        .collect();
    if parts.is_empty() {
        "een andere organisatie".into()
    } else {
        parts.join(" en ")
    }
}

/// The search form. It is posted, not sent in the address: names, birth dates and BSNs stay out of browser
/// history and the access logs of proxies.
async fn search_form(pro: Pro) -> PageResult {
    regie_domain::policy::require(pro.me.organisation.kind, regie_domain::Action::ReadHouseholdFile)
        .map_err(crate::error::ApiError::from)?;
    page(SearchPage {
        layout: Layout::new("Huishouden zoeken", Some(&pro.session), "/huishoudens"),
        q: String::new(),
        error: None,
        searched: false,
        rows: Vec::new(),
        elsewhere: Vec::new(),
        may_break_glass: false,
    })
}

async fn search(State(state): State<AppState>, pro: Pro, body: Posted) -> PageResult {
    let form = posted(&pro.session, body)?;
    let text = form.value("q").to_owned();
    let mut rows = Vec::new();
    let mut elsewhere = Vec::new();
    let error = (regie_domain::time::check_search_dates("q", &text).err()).map(|e| super::sentence(&e.nl));
    let searched = !text.trim().is_empty() && error.is_none();
    if searched {
        let scope = state.access.scope(pro.me.actor());
        let found = scope.list_households(&HouseholdQuery::typed(&text, None, 50)).await?;
        elsewhere = (found.known_elsewhere.iter())
            .map(|k| (known_line(std::slice::from_ref(k)), k.household_id.to_string()))
            .collect();
        for s in found.households {
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
        error,
        searched,
        rows,
        elsewhere,
        may_break_glass: regie_domain::policy::require(pro.me.organisation.kind, regie_domain::Action::BreakTheGlass)
            .is_ok(),
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
    person_id: String,
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
    /// Why, if given: as corrected, when a correction of it was accepted.
    pub reason: Option<String>,
    /// Who, for which organisation.
    pub who: String,
    /// An accepted correction: when, and what the entry said before ("Gecorrigeerd op …").
    pub corrected: Option<String>,
    /// The family's own statements beside it: who, when, and their words.
    pub statements: Vec<String>,
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
    /// Added after the case's lead last looked.
    pub new: bool,
}

/// A contribution as a page shows it; marked new against the case's `route` when shown to a professional.
pub(super) fn contribution_row(
    c: &regie_domain::portal::FamilyContribution,
    who: String,
    route: Option<&regie_domain::route::Route>,
) -> ContributionRow {
    let text = match &c.contribution {
        Contribution::OwnWords { words, .. } => words.clone(),
        Contribution::PlanAnswer { why, .. } => why.clone(),
        Contribution::CorrectionRequest { text, .. } => Some(text.clone()),
    };
    ContributionRow {
        at: moment(c.at),
        who,
        what: c.contribution.summary_nl(),
        text,
        new: route.is_some_and(|r| r.family_unseen(c.at)),
    }
}

/// A member's answer to a plan version given in the portal.
pub(super) struct PortalAnswer {
    pub plan_version: u32,
    /// The member's given name.
    pub who: String,
    pub agreed: bool,
    pub why: Option<String>,
    /// When, in words.
    pub at: String,
    /// Shared with the household, or for the professionals only.
    pub shared: bool,
}

/// What the household's members added in the portal to a case, as the case's pages show it.
pub(super) struct FamilyWords {
    /// Newest first, each with the member's given name and whether it came after the lead last looked.
    pub rows: Vec<ContributionRow>,
    /// The moment of the newest one the lead has not looked at.
    pub newest_unseen: Option<jiff::Timestamp>,
    /// Each member's latest answer in the portal to each plan version.
    pub plan_answers: Vec<PortalAnswer>,
    /// Every contribution as recorded, oldest first.
    pub all: Vec<regie_domain::portal::FamilyContribution>,
}

/// What the household's members added in the portal to a case (the read is logged once).
pub(super) async fn contribution_rows(
    scope: &Scope<'_>,
    case: &regie_domain::Case,
    file: &crate::access::HouseholdFile,
) -> Result<FamilyWords, super::PageError> {
    let given: HashMap<_, _> = file
        .members
        .iter()
        .map(|m| (m.person.id, m.person.name.given.as_str().to_owned()))
        .collect();
    let found = scope.contributions(case.id).await?;
    let newest_unseen = (found.iter().map(|c| c.at))
        .filter(|at| case.route.family_unseen(*at))
        .max();
    let who = |c: &regie_domain::portal::FamilyContribution| given.get(&c.person_id).cloned().unwrap_or_default();
    let rows = (found.iter().rev())
        .map(|c| contribution_row(c, who(c), Some(&case.route)))
        .collect();
    let mut answered = std::collections::HashSet::new();
    let plan_answers = (found.iter().rev())
        .filter_map(|c| match &c.contribution {
            // Each member's latest answer to a version counts.
            Contribution::PlanAnswer { plan_version, .. } if !answered.insert((c.person_id, *plan_version)) => None,
            Contribution::PlanAnswer {
                plan_version,
                agreed,
                why,
            } => Some(PortalAnswer {
                plan_version: *plan_version,
                who: who(c),
                agreed: *agreed,
                why: why.clone(),
                at: moment(c.at),
                shared: c.shared,
            }),
            _ => None,
        })
        .collect();
    Ok(FamilyWords {
        rows,
        newest_unseen,
        plan_answers,
        all: found,
    })
}

/// The open case as the household page shows it.
struct CaseBlock {
    id: String,
    version: i64,
    /// Signals linked to the case: (signal id, what and when, seen).
    signals: Vec<(String, String, bool)>,
    phase: &'static str,
    legal_frame: &'static str,
    /// The frame's code, for its definition in the shared language.
    legal_frame_code: &'static str,
    lead: String,
    scale: Option<String>,
    consultation_open: bool,
    /// What needs the viewer's attention in this case, as their worklist says it.
    attention: Vec<String>,
    /// The RVT's answer to the consultation, once there is one.
    answer: Option<String>,
    /// The viewer is the lead and has not read the answer yet.
    answer_to_read: bool,
    /// The RVT's proposal (joint work or a transfer) that the viewer, the lead, can accept in one step.
    accept: Option<&'static str>,
    /// The moment of the newest contribution the viewer, the lead, has not looked at yet.
    family_unseen_until: Option<String>,
    scaled_up: bool,
    rvt_here: bool,
    timeline: Vec<TimelineRow>,
    /// The shared language's terms the timeline uses.
    terms: Vec<&'static str>,
    contributions: Vec<ContributionRow>,
    /// The open correction requests: (their page, "number, asked on, decide by").
    corrections: Vec<(String, String)>,
    /// The family's complaints about decisions, with where they stand: (their page, text).
    complaints: Vec<(String, String)>,
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
    /// The legal frames the organisation may open a case in, each with its definition (F25).
    frames: Vec<(String, String, String)>,
    member: FormState,
    relations: Vec<(String, String)>,
    choices: Vec<(String, String)>,
    /// The current memberships, to end one: (membership id, name).
    current: Vec<(String, String)>,
    /// The form that ends a membership.
    ending: FormState,
    uses_radar: bool,
    /// Read under an emergency access (break-the-glass): read only, logged as such.
    emergency: bool,
    /// An anonymous consultation: no names, BSNs, addresses or dates of birth.
    anonymous: bool,
    /// Who holds parental authority over each child, in words.
    authority: Vec<String>,
    /// The justice partners' tracks: (track id, in words, whether coordination can still be asked).
    tracks: Vec<(String, String, bool)>,
    /// The letters sent to the members, newest first (none in an anonymous consultation).
    letters: Vec<super::letters::LetterRow>,
    /// How long the file is kept, in words (none in an anonymous consultation).
    retention: Option<String>,
    /// The family's requests to destroy the file: (their page, text).
    destructions: Vec<(String, String)>,
    /// The members' lawyers, in words.
    lawyers: Vec<String>,
    /// Every member, past and present, to merge two records of one person: (id, "name, born ...").
    people: Vec<(String, String)>,
    /// The form that merges two records.
    merge: FormState,
    /// The merges of the members: (merge id, in words, whether it can still be undone).
    merges: Vec<(String, String, bool)>,
}

/// Professionals by their names with their organisations: "Fatima El Amrani (Lokaal team Voorbeeldstad-Noord)";
/// one who left says so, for the colleagues who take their work over.
fn name_map(
    directory: Vec<(regie_domain::Professional, regie_domain::Organisation)>,
) -> HashMap<ProfessionalId, String> {
    (directory.into_iter())
        .map(|(p, o)| {
            let left = if p.ended.is_some() {
                ", werkt hier niet meer"
            } else {
                ""
            };
            (p.id, format!("{} ({}{left})", p.display_name, o.name))
        })
        .collect()
}

/// The names of these professionals of the region, for a page that shows a few: "Fatima El Amrani (Lokaal
/// team Voorbeeldstad-Noord)".
pub(super) async fn names_of(
    state: &AppState,
    pro: &Pro,
    ids: &[ProfessionalId],
) -> Result<HashMap<ProfessionalId, String>, super::PageError> {
    Ok(name_map(
        state.access.directory_of(pro.me.organisation.region_id, ids).await?,
    ))
}

pub(super) fn lead_text(lead: &Lead, names: &HashMap<ProfessionalId, String>) -> String {
    let name = |id: &ProfessionalId| names.get(id).cloned().unwrap_or_else(|| "onbekend".into());
    match &lead.secondary {
        Some(s) => format!("duo: {} en {}", name(&lead.primary), name(s)),
        None => name(&lead.primary),
    }
}

/// A case's timeline in plain words, newest first: an entry whose correction was accepted shows the
/// corrected text, with when and what it said before; the family's own statements stand beside their entry
/// (AVG art. 16).
pub(super) fn timeline_rows(events: &[NamedEvent]) -> Vec<TimelineRow> {
    use regie_domain::CaseChange::OwnStatementAdded;
    let corrected = regie_domain::correction::accepted(events.iter().map(|e| &e.event.change));
    let mut statements: std::collections::HashMap<i64, Vec<String>> = std::collections::HashMap::new();
    for e in events {
        if let OwnStatementAdded { statement } = &e.event.change {
            statements.entry(statement.entry).or_default().push(format!(
                "Eigen verklaring van {} ({}): “{}”",
                e.actor_name,
                moment(statement.at),
                statement.text
            ));
        }
    }
    events
        .iter()
        .rev()
        .map(|e| {
            let seq = e.event.seq;
            let original = e.event.reason.as_ref().map(|r| r.as_str().to_owned());
            let (reason, corrected) = match corrected.get(&seq) {
                Some(d) => (
                    d.corrected.clone(),
                    Some(format!(
                        "Gecorrigeerd op {}, op verzoek van het gezin. Eerder stond er: “{}”",
                        date(d.on),
                        original.unwrap_or_default()
                    )),
                ),
                None => (original, None),
            };
            TimelineRow {
                at: moment(e.event.at),
                what: e.event.change.summary_nl(),
                reason,
                who: format!("{} ({})", e.actor_name, e.organisation_name),
                corrected,
                statements: statements.remove(&seq).unwrap_or_default(),
            }
        })
        .collect()
}

async fn household_page(
    state: &AppState,
    pro: &Pro,
    id: HouseholdId,
    form: FormState,
    member: FormState,
    choices: Vec<(String, String)>,
) -> Result<HouseholdPage, super::PageError> {
    let scope = state.access.scope(pro.me.actor());
    let file = scope.household_file(id).await?;
    let today = today();
    let merged = scope.merges(id).await?;
    // Only the professionals this page names: the lead, the RVT professional and who merged.
    let mut named: Vec<ProfessionalId> = merged.iter().map(|m| m.by).collect();
    named.extend(file.open_case.iter().flat_map(super::cases::involved));
    let names = names_of(state, pro, &named).await?;
    let members = file
        .members
        .iter()
        .map(|m| MemberRow {
            person_id: m.person.id.to_string(),
            name: m.person.name.full(),
            relation: m.membership.relation.label_nl(),
            born: if file.anonymous {
                "niet gedeeld".to_owned()
            } else {
                date(m.person.date_of_birth)
            },
            age: m.person.age_on(today),
            bsn: m.person.bsn.as_ref().map(|b| b.as_string()).unwrap_or_default(),
            current: m.membership.is_current_on(today),
        })
        .collect();
    let case = match &file.open_case {
        Some(c) => {
            let events = scope.timeline(c.id).await?;
            let organisation = |id: regie_domain::OrganisationId| {
                (events.iter())
                    .find(|e| e.event.organisation == id)
                    .map_or_else(|| "de organisatie".to_owned(), |e| e.organisation_name.clone())
            };
            let words = contribution_rows(&scope, c, &file).await?;
            // What needs the viewer's attention in this case, as their worklist would say it.
            let catalogue = scope.help_kinds().await?;
            let me = [pro.me.professional.id];
            let attention = (regie_domain::worklist::attention(c, &catalogue, &words.all, &me, today).iter())
                .map(|a| a.summary_nl(today))
                .collect();
            let (contributions, newest_unseen) = (words.rows, words.newest_unseen);
            let lead_here = c.lead.includes(pro.me.professional.id);
            let answer = c.route.scale.as_ref().filter(|s| s.answered_at.is_some());
            // The lead's answer to read, with the proposal they may take up in one step.
            let to_read = answer.filter(|s| s.answer_unseen() && lead_here);
            let variant = scope.route_variant().await?;
            let timeline = timeline_rows(&events);
            Some(CaseBlock {
                attention,
                family_unseen_until: newest_unseen.filter(|_| lead_here).map(|t| t.to_string()),
                answer: answer.map(|s| {
                    let mut text = format!(
                        "Beantwoord op {}: “{}”",
                        s.answered_at.map(moment).unwrap_or_default(),
                        s.answer.clone().unwrap_or_default()
                    );
                    if let Some(p) = s.proposal {
                        text.push_str(&format!(" Voorstel van het RVT: {}.", p.proposal_nl()));
                    }
                    if s.answer_seen_at.is_some() {
                        text.push_str(" Gelezen door de vaste contactpersoon.");
                    }
                    text
                }),
                answer_to_read: to_read.is_some(),
                // A proposal the region's variant no longer uses cannot be taken up.
                accept: to_read
                    .and_then(|s| s.proposal)
                    .filter(|p| *p != ScaleForm::Consultation && variant.uses(*p))
                    .map(|p| p.proposal_nl()),
                id: c.id.to_string(),
                version: c.version,
                signals: c
                    .route
                    .signals
                    .iter()
                    .map(|l| {
                        let kind = match l.kind {
                            regie_domain::signal::SignalKind::Report => "Melding",
                            regie_domain::signal::SignalKind::AdviceRequest => "Adviesvraag",
                        };
                        (
                            l.signal_id.to_string(),
                            format!(
                                "{kind} van {}, beoordeeld: {}",
                                date(l.received_on),
                                l.outcome.label_nl()
                            ),
                            l.seen_at.is_some(),
                        )
                    })
                    .collect(),
                phase: c.phase.label_nl(),
                legal_frame: c.legal_frame.label_nl(),
                legal_frame_code: c.legal_frame.as_str(),
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
                    let giver = |p: regie_domain::PersonId| {
                        (file.members.iter())
                            .find(|m| m.person.id == p)
                            .map_or_else(|| "een gezinslid".to_owned(), |m| m.person.name.full())
                    };
                    text.push_str(&match &s.basis {
                        Some(b @ Basis::Consent { person, .. }) => {
                            format!("; gedeeld op {}", b.label_nl(&giver(*person)))
                        }
                        Some(b) => format!("; gedeeld op {}", b.label_nl("")),
                        None => "; zonder namen: er was geen grondslag om ze te delen".to_owned(),
                    });
                    text
                }),
                consultation_open: c.route.scale.as_ref().is_some_and(|s| s.consultation_open()),
                scaled_up: c.route.scale.is_some(),
                rvt_here: c
                    .route
                    .scale
                    .as_ref()
                    .is_some_and(|s| s.rvt_professional == pro.me.professional.id),
                terms: super::timeline_terms(&timeline),
                timeline,
                complaints: (c.route.rectification.complaints.iter())
                    .map(|k| {
                        let status = match &k.decision {
                            None => format!("beslissing uiterlijk {}", date(k.due)),
                            Some(d) => format!("{} op {}", d.finding.label_nl(), date(d.on)),
                        };
                        (
                            format!("/zaken/{}/klachten/{}", c.id, k.number),
                            format!(
                                "Klacht {} bij {}, ingediend op {}: {status}",
                                k.number,
                                organisation(k.organisation),
                                date(k.filed_on)
                            ),
                        )
                    })
                    .collect(),
                corrections: (c.route.rectification.corrections.iter())
                    .filter(|k| k.open())
                    .map(|k| {
                        (
                            format!("/zaken/{}/correcties/{}", c.id, k.number),
                            format!(
                                "Correctieverzoek {} van {}: beslis uiterlijk {}",
                                k.number,
                                date(k.asked_on),
                                date(k.due)
                            ),
                        )
                    })
                    .collect(),
                contributions,
            })
        }
        None => None,
    };
    let (letters, retention, destructions, lawyers, merges) = if file.anonymous {
        (Vec::new(), None, Vec::new(), Vec::new(), Vec::new())
    } else {
        let kept = scope.retention(id).await?;
        let name = |p: regie_domain::PersonId| {
            (file.members.iter())
                .find(|m| m.person.id == p)
                .map_or_else(|| "een gezinslid".to_owned(), |m| m.person.name.full())
        };
        let destructions = (kept.requests.iter())
            .map(|(case, r)| {
                let status = match &r.decision {
                    None => format!("beslis uiterlijk {}", date(r.due)),
                    Some(d) if d.refused.is_some() => format!("afgewezen op {}", date(d.on)),
                    Some(d) => format!("toegewezen op {}", date(d.on)),
                };
                (
                    format!("/zaken/{case}/vernietiging/{}", r.number),
                    format!("Verzoek {} om vernietiging van {}: {status}", r.number, name(r.by)),
                )
            })
            .collect();
        let letters = super::letters::rows(&scope.letters(id).await?, |l| {
            let file = if l.lawyer.is_some() { "advocaat" } else { "brief" };
            format!("/huishoudens/{id}/brieven/{}/{}/{}/{file}.pdf", l.case, l.entry, l.to)
        });
        let lawyers = (scope.lawyers(id).await?.iter())
            .map(|l| {
                let reach: Vec<&str> = [l.contact.phone.as_deref(), l.contact.email.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect();
                let consent = if l.consent.is_some() {
                    "; leest mee met toestemming"
                } else {
                    ""
                };
                format!("{} ({}){consent}", l.label_nl(&name(l.client)), reach.join(", "))
            })
            .collect();
        let merges = (merged.iter())
            .map(|m| {
                let undone = m
                    .undone_at
                    .map(|t| format!(" Ongedaan gemaakt op {}.", moment(t)))
                    .unwrap_or_default();
                (
                    m.id.to_string(),
                    format!(
                        "Op {} samengevoegd, door {}: “{}”.{undone}",
                        moment(m.at),
                        names.get(&m.by).cloned().unwrap_or_default(),
                        m.reason
                    ),
                    m.undone_at.is_none(),
                )
            })
            .collect();
        (letters, Some(kept.retention.label_nl()), destructions, lawyers, merges)
    };
    Ok(HouseholdPage {
        letters,
        retention,
        destructions,
        lawyers,
        people: std::iter::once((String::new(), "Kies een persoon".to_owned()))
            .chain((file.members.iter()).map(|m| {
                (
                    m.person.id.to_string(),
                    format!("{}, geboren {}", m.person.name.full(), date(m.person.date_of_birth)),
                )
            }))
            .collect(),
        merge: FormState::default(),
        merges,
        emergency: file.ground == crate::access::Involvement::Emergency,
        anonymous: file.anonymous,
        authority: super::authority::lines(&file, &state.access.organisations(pro.me.organisation.region_id).await?),
        tracks: (file.tracks.iter())
            .map(|t| {
                let who = (file.members.iter())
                    .find(|m| m.person.id == t.person)
                    .map_or_else(|| "een gezinslid".to_owned(), |m| m.person.name.full());
                let asked = if t.coordination.is_some() {
                    "; om afstemming gevraagd"
                } else {
                    ""
                };
                (
                    t.id.to_string(),
                    format!("{who}: {}, sinds {}{asked}", t.summary_nl(), date(t.from)),
                    t.coordination.is_none(),
                )
            })
            .collect(),
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
            .map(|f| {
                let definition = regie_domain::glossary::find(f.as_str()).map_or("", |t| t.definition);
                (f.as_str().to_owned(), f.label_nl().to_owned(), definition.to_owned())
            })
            .collect(),
        member,
        relations: Relation::ALL
            .iter()
            .map(|r| (r.as_str().to_owned(), r.label_nl().to_owned()))
            .collect(),
        choices,
        current: std::iter::once((String::new(), "Kies wie".to_owned()))
            .chain(
                file.members
                    .iter()
                    .filter(|m| m.membership.is_current_on(today))
                    .map(|m| (m.membership.id.to_string(), m.person.name.full())),
            )
            .collect(),
        ending: {
            let mut f = FormState::default();
            f.default_value("to", today.to_string());
            f
        },
        uses_radar: regie_domain::policy::require(pro.me.organisation.kind, regie_domain::Action::UseRadar).is_ok(),
    })
}

/// The household page again with a refused form of its open case (taking up the RVT's proposal), its
/// reasons next to the fields.
pub(super) async fn refused_household_page(
    state: &AppState,
    pro: &Pro,
    id: HouseholdId,
    form: FormState,
    status: StatusCode,
) -> PageResult {
    page_with(
        status,
        household_page(state, pro, id, form, FormState::default(), Vec::new()).await?,
    )
}

async fn household(State(state): State<AppState>, pro: Pro, PagePath(id): PagePath<HouseholdId>) -> PageResult {
    let mut form = FormState::default();
    form.default_value("legal_frame", "voluntary");
    let mut member = FormState::default();
    member.default_value("from", today().to_string());
    page(household_page(&state, &pro, id, form, member, Vec::new()).await?)
}

async fn open_case(
    State(state): State<AppState>,
    pro: Pro,
    PagePath(id): PagePath<HouseholdId>,
    body: Posted,
) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    let scope = state.access.scope(pro.me.actor());
    let result: Result<(), crate::error::ApiError> = async {
        let reason = regie_domain::case::opening_reason(form.value("reason"));
        let frame = LegalFrame::parse(form.value("legal_frame")).ok_or_else(|| {
            regie_domain::DomainError::invalid("legal_frame", "required", "choose a legal frame", "Kies een kader.")
        });
        let (reason, frame) = regie_domain::error::both(reason, frame)?;
        let reason = Some(reason);
        let me = scope.actor();
        let lead = Lead::new((me.professional, me.kind), None)?;
        let (case, event) = Case::open(id, lead, frame, reason, &me, now())?;
        scope
            .open_case(&case, &event)
            .await
            .map_err(crate::error::ApiError::from)
    }
    .await;
    match result {
        Ok(()) => see(format!("/huishoudens/{id}")),
        Err(e) => {
            let status = form.refuse(e)?;
            page_with(
                status,
                household_page(&state, &pro, id, form, FormState::default(), Vec::new()).await?,
            )
        }
    }
}

/// Two records of one person, merged from the household page: `retired` goes into `into`.
async fn merge_members(
    State(state): State<AppState>,
    pro: Pro,
    PagePath(id): PagePath<HouseholdId>,
    body: Posted,
) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    let scope = state.access.scope(pro.me.actor());
    let result: Result<_, crate::error::ApiError> = async {
        let mut wrong = crate::error::Fields::default();
        let person = |field: &'static str, what: &'static str| {
            form.value(field)
                .parse::<regie_domain::PersonId>()
                .map_err(|_| DomainError::invalid(field, "required", "choose a person", what))
        };
        let retired = wrong.check(person("retired", "Kies wie dubbel is ingeschreven."));
        let into = wrong.check(person("into", "Kies met wie dat dezelfde persoon is."));
        if form.value("merge_reason").trim().is_empty() {
            wrong.push(DomainError::invalid(
                "merge_reason",
                "required",
                "say why they are one person",
                "Schrijf waarom het dezelfde persoon is.",
            ));
        }
        wrong.finish()?;
        let (retired, into) = (retired.expect("checked"), into.expect("checked"));
        scope
            .merge_persons(retired, into, form.value("merge_reason"))
            .await
            .map_err(|e| crate::error::ApiError::from(e).renamed("reason", "merge_reason"))
    }
    .await;
    match result {
        Ok(_) => see(format!("/huishoudens/{id}#samenvoegen")),
        Err(e) => {
            let status = form.refuse(e)?;
            merge_refused(&state, &pro, id, form, status).await
        }
    }
}

/// The household page again with the refused merge form (or undo) and its reasons.
async fn merge_refused(
    state: &AppState,
    pro: &Pro,
    id: HouseholdId,
    form: FormState,
    status: StatusCode,
) -> PageResult {
    let mut page_ = household_page(state, pro, id, FormState::default(), FormState::default(), Vec::new()).await?;
    page_.merge = form;
    page_with(status, page_)
}

async fn undo_merge(
    State(state): State<AppState>,
    pro: Pro,
    PagePath((id, merge)): PagePath<(HouseholdId, regie_domain::MergeId)>,
    body: Posted,
) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    match state.access.scope(pro.me.actor()).undo_merge(merge).await {
        Ok(()) => see(format!("/huishoudens/{id}#samenvoegen")),
        Err(e) => {
            let status = form.refuse(e)?;
            merge_refused(&state, &pro, id, form, status).await
        }
    }
}
