//! Working on a case: the joint analysis, the safety plan with the family's answer, scaling up and down,
//! the consultation's answer, the fixed contact person, and help with its waiting time. Handlers parse the
//! form, the domain decides, the access layer reads and writes; a refused form comes back as typed.

use super::choose::{ListSearch, ProfessionalChoice, SearchQuery};
use super::format::{count, date, moment};
use super::households::{ContributionRow, contribution_rows, lead_text, names_of};
use super::{FormState, Layout, PageError, PagePath, PageResult, Posted, Pro, page, page_with, posted, see};
use crate::AppState;
use crate::access::{HouseholdFile, Scope};
use crate::error::{ApiError, Fields};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::routing::{MethodRouter, get};
use regie_domain::analysis::{
    Disagreement, MemberAnalysis, Part, Perspectives, ScoreGiver, ScoreInput, score_from_text,
};
use regie_domain::directory::{Choices, Choosing};
use regie_domain::error::both;
use regie_domain::plan::{ActionInput, ActionRef, ActionStatus, AnswerVia, FamilyAnswer, FamilyResponse, Owner};
use regie_domain::route::ScaleUpRequest;
use regie_domain::time::{parse_date, today};
use regie_domain::{
    Case, CaseId, DomainError, Ground, Lead, LegalFrame, OrganisationId, PersonId, Phase, ProfessionalId, Reason,
    ScaleForm, ShortText, Standing,
};
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/zaken/{id}", get(case_home))
        .route("/zaken/{id}/analyse", get(analysis).post(save_analysis))
        .route("/zaken/{id}/analyse/bewerken", get(edit_analysis))
        .route("/zaken/{id}/analyse/versies/{version}", get(analysis_version))
        .route("/zaken/{id}/plan", get(plan).post(save_plan))
        .route("/zaken/{id}/plan/bewerken", get(edit_plan))
        .route("/zaken/{id}/plan/versies/{version}", get(plan_version))
        .route("/zaken/{id}/plan/antwoord", super::form_post(1, family_answer))
        .route("/zaken/{id}/opschalen", form_page(scale_up_spec).post(save_scale_up))
        .route(
            "/zaken/{id}/afschalen",
            form_page(scale_down_spec).post(save_scale_down),
        )
        .route(
            "/zaken/{id}/consultatie",
            form_page(consultation_spec).post(save_consultation),
        )
        .route("/zaken/{id}/regie", form_page(lead_spec).post(save_lead))
        .route(
            "/zaken/{id}/opschaling",
            form_page(scale_hand_over_spec).post(save_scale_hand_over),
        )
        .route("/zaken/{id}/hulp", get(help).post(save_help))
        .route("/zaken/{id}/hulp/{number}", super::form_post(1, update_help))
        .route("/zaken/{id}/fase", form_page(phase_spec).post(save_phase))
        .route("/zaken/{id}/kader", form_page(legal_frame_spec).post(save_legal_frame))
        .route("/zaken/{id}/afsluiten", form_page(close_spec).post(save_close))
        .route("/zaken/{id}/plan/acties/{number}", super::form_post(2, action_status))
        .route("/zaken/{id}/plan/evaluatie", super::form_post(1, evaluate))
        .route("/zaken/{id}/signalen/{signal}/gezien", super::form_post(3, signal_seen))
        .route("/zaken/{id}/consultatie/gelezen", super::form_post(2, answer_seen))
        .route("/zaken/{id}/consultatie/voorstel", super::form_post(2, accept_proposal))
        .route("/zaken/{id}/gezin/gelezen", super::form_post(2, family_seen))
}

/// A case with its household's file, read through the access layer.
pub(super) async fn case_file(scope: &Scope<'_>, id: CaseId) -> Result<(Case, HouseholdFile), ApiError> {
    let case = scope.case(id).await?;
    let file = scope.household_file(case.household_id).await?;
    Ok((case, file))
}

/// The current members of a household: (id, name, relation and age).
fn current_members(file: &HouseholdFile) -> Vec<(PersonId, String, String)> {
    let today = today();
    file.members
        .iter()
        .filter(|m| m.membership.is_current_on(today))
        .map(|m| {
            (
                m.person.id,
                m.person.name.full(),
                format!("{}, {} jaar", m.membership.relation.label_nl(), m.person.age_on(today)),
            )
        })
        .collect()
}

/// The professionals working on a case.
pub(super) fn involved(case: &Case) -> Vec<ProfessionalId> {
    let mut ids = vec![case.lead.primary];
    ids.extend(case.lead.secondary);
    ids.extend(case.route.scale.as_ref().map(|s| s.rvt_professional));
    let mut seen = std::collections::HashSet::new();
    ids.retain(|id| seen.insert(*id));
    ids
}

/// The heading of a case's pages: "Huishouden Koster · fase analyse".
fn case_title(what: &str, file: &HouseholdFile, case: &Case) -> String {
    format!(
        "{what} — {} (fase {})",
        file.household.name.as_str(),
        case.phase.label_nl()
    )
}

/// After a refusal: the status to answer with, the reasons kept in the form.
fn refused(form: &mut FormState, e: impl Into<ApiError>) -> Result<StatusCode, PageError> {
    form.refuse(e)
}

// ---------------------------------------------------------------------------------------------- analysis

/// One text cell of the form: the professionals' text and the family's own words.
struct Cell {
    question: &'static str,
    pro: String,
    family: String,
}

/// One of the three columns.
struct Column {
    title: &'static str,
    cells: Vec<Cell>,
}

/// One member's part of the analysis form.
struct MemberForm {
    name: String,
    about: String,
    columns: Vec<Column>,
}

/// A score field: (field name, label).
struct ScoreField {
    name: String,
    label: String,
}

/// One member's part of an analysis, to read.
struct MemberShown {
    name: String,
    /// Per question: what the professionals wrote and what the family said in their own words.
    parts: Vec<(&'static str, String, String)>,
}

/// An analysis (the current one or an earlier version) as read.
struct AnalysisShown {
    version: u32,
    at: String,
    /// Per member, what was recorded.
    members: Vec<MemberShown>,
    scores: Vec<(String, u8)>,
    disagreement: Vec<&'static str>,
}

#[derive(Template)]
#[template(path = "analysis.html")]
struct AnalysisPage {
    layout: Layout,
    household_id: String,
    action: String,
    /// Reading, changing, or an earlier version.
    versions: Versions,
    current: Option<AnalysisShown>,
    contributions: Vec<ContributionRow>,
    members: Vec<MemberForm>,
    scores: Vec<ScoreField>,
    form: FormState,
}

fn field(person: PersonId, section: &str, side: &str) -> String {
    format!("{person}.{section}.{side}")
}

fn disagreement_nl(d: &Disagreement) -> &'static str {
    match d {
        Disagreement::ProfessionalsApart => "De professionals schatten de veiligheid 3 of meer punten verschillend in.",
        Disagreement::FamilyDiffers => {
            "Het gezin schat de veiligheid 3 of meer punten anders in dan de professionals. Bespreek dit samen."
        }
    }
}

async fn analysis_page(
    state: &AppState,
    pro: &Pro,
    id: CaseId,
    mode: PlanMode,
    form: Option<FormState>,
) -> Result<AnalysisPage, PageError> {
    let scope = state.access.scope(pro.me.actor());
    let (case, file) = case_file(&scope, id).await?;
    let versions: Vec<regie_domain::analysis::Analysis> = (scope.timeline(id).await?.into_iter())
        .filter_map(|e| match e.event.change {
            regie_domain::CaseChange::AnalysisRecorded { analysis } => Some(analysis),
            _ => None,
        })
        .collect();
    let current = case.route.analysis.as_ref();
    let shown = match mode {
        PlanMode::Version(n) => Some((versions.iter()).find(|v| v.version == n).ok_or_else(|| {
            PageError::User(StatusCode::NOT_FOUND, "Deze versie van de analyse bestaat niet.".into())
        })?),
        _ => current,
    };
    // Whom the page names: who may score (the case's professionals and the actor) and who scored the
    // version shown.
    let named: Vec<ProfessionalId> = (involved(&case).into_iter())
        .chain(std::iter::once(pro.me.professional.id))
        .chain(
            (shown.iter())
                .flat_map(|a| a.scores.iter())
                .filter_map(|s| match s.giver {
                    ScoreGiver::Professional { professional_id } => Some(professional_id),
                    ScoreGiver::Member { .. } => None,
                }),
        )
        .collect();
    let names = names_of(state, pro, &named).await?;
    let members = current_members(&file);
    let member_name: HashMap<PersonId, String> = members.iter().map(|(id, n, _)| (*id, n.clone())).collect();
    let giver_name = |g: &ScoreGiver| match g {
        ScoreGiver::Professional { professional_id } => names.get(professional_id).cloned().unwrap_or_default(),
        ScoreGiver::Member { person_id } => member_name.get(person_id).cloned().unwrap_or_default(),
    };
    let form = form.unwrap_or_else(|| {
        // A new version starts from the current one.
        let mut form = FormState::default();
        if let Some(a) = current {
            for m in &a.members {
                for part in Part::ALL {
                    let (section, p) = (part.code(), m.part(part));
                    form.default_value(
                        &field(m.person_id, section, "pro"),
                        p.professionals.clone().unwrap_or_default(),
                    );
                    form.default_value(
                        &field(m.person_id, section, "family"),
                        p.family.clone().unwrap_or_default(),
                    );
                }
            }
            for s in &a.scores {
                form.default_value(&score_field(&s.giver), s.score.to_string());
            }
        }
        form
    });
    let mut form = form;
    form.default_value("version", case.version.to_string());
    let member_forms = members
        .iter()
        .map(|(pid, name, about)| {
            let mut columns: Vec<Column> = Vec::new();
            for part in Part::ALL {
                let (section, title) = (part.code(), part.column_nl());
                let cell = Cell {
                    question: part.question_nl(),
                    pro: field(*pid, section, "pro"),
                    family: field(*pid, section, "family"),
                };
                match columns.last_mut() {
                    Some(c) if c.title == title => c.cells.push(cell),
                    _ => columns.push(Column {
                        title,
                        cells: vec![cell],
                    }),
                }
            }
            MemberForm {
                name: name.clone(),
                about: about.clone(),
                columns,
            }
        })
        .collect();
    let mut scores: Vec<ScoreField> = involved(&case)
        .into_iter()
        .chain(std::iter::once(pro.me.professional.id))
        .map(|p| ScoreGiver::Professional { professional_id: p })
        .chain(members.iter().map(|(p, _, _)| ScoreGiver::Member { person_id: *p }))
        .map(|g| ScoreField {
            name: score_field(&g),
            label: format!("Veiligheidscijfer van {}", giver_name(&g)),
        })
        .collect();
    let mut seen = std::collections::HashSet::new();
    scores.retain(|f| seen.insert(f.name.clone()));
    let contributions = contribution_rows(&scope, &case, &file).await?.rows;
    Ok(AnalysisPage {
        layout: Layout::new(case_title("Analyse", &file, &case), Some(&pro.session), "/huishoudens"),
        household_id: file.household.id.to_string(),
        action: format!("/zaken/{id}/analyse"),
        versions: Versions::new(
            mode,
            current.map(|c| c.version),
            versions.iter().map(|v| (v.version, v.recorded_at)),
        ),
        current: shown.map(|a| AnalysisShown {
            version: a.version,
            at: moment(a.recorded_at),
            members: (a.members.iter())
                .map(|m| {
                    let name = member_name
                        .get(&m.person_id)
                        .cloned()
                        .unwrap_or_else(|| "Een gezinslid".into());
                    let parts = (Part::ALL.into_iter())
                        .map(|part| {
                            let p = m.part(part);
                            let text = |t: &Option<String>| t.clone().unwrap_or_default();
                            (part.question_nl(), text(&p.professionals), text(&p.family))
                        })
                        .filter(|(_, pros, family)| !pros.is_empty() || !family.is_empty())
                        .collect();
                    MemberShown { name, parts }
                })
                .collect(),
            scores: a.scores.iter().map(|s| (giver_name(&s.giver), s.score)).collect(),
            disagreement: a.disagreement.iter().map(disagreement_nl).collect(),
        }),
        contributions,
        members: member_forms,
        scores,
        form,
    })
}

fn score_field(g: &ScoreGiver) -> String {
    match g {
        ScoreGiver::Professional { professional_id } => format!("score.p.{professional_id}"),
        ScoreGiver::Member { person_id } => format!("score.m.{person_id}"),
    }
}

async fn analysis(State(state): State<AppState>, pro: Pro, PagePath(id): PagePath<CaseId>) -> PageResult {
    page(analysis_page(&state, &pro, id, PlanMode::Read, None).await?)
}

async fn edit_analysis(State(state): State<AppState>, pro: Pro, PagePath(id): PagePath<CaseId>) -> PageResult {
    page(analysis_page(&state, &pro, id, PlanMode::Edit, None).await?)
}

async fn analysis_version(
    State(state): State<AppState>,
    pro: Pro,
    PagePath((id, version)): PagePath<(CaseId, u32)>,
) -> PageResult {
    page(analysis_page(&state, &pro, id, PlanMode::Version(version), None).await?)
}

async fn save_analysis(
    State(state): State<AppState>,
    pro: Pro,
    PagePath(id): PagePath<CaseId>,
    body: Posted,
) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    let scope = state.access.scope(pro.me.actor());
    let (case, file) = case_file(&scope, id).await?;
    // Every cell checked here, so that each wrong one is named at its own field.
    let mut wrong_cells = Vec::new();
    let mut cell = |name: String| match regie_domain::analysis::cell_text(form.value(&name)) {
        Ok(text) => text,
        Err(e) => {
            wrong_cells.push((name, e.nl));
            None
        }
    };
    let members: Vec<MemberAnalysis> = current_members(&file)
        .iter()
        .map(|(p, _, _)| {
            MemberAnalysis::from_parts(*p, |part| Perspectives {
                professionals: cell(field(*p, part.code(), "pro")),
                family: cell(field(*p, part.code(), "family")),
            })
        })
        .collect();
    for (name, nl) in wrong_cells {
        form.add_error(&name, super::sentence(&nl));
    }
    let givers = involved(&case)
        .into_iter()
        .chain(std::iter::once(pro.me.professional.id))
        .map(|p| ScoreGiver::Professional { professional_id: p })
        .chain(members.iter().map(|m| ScoreGiver::Member { person_id: m.person_id }));
    let mut scores = Vec::new();
    for g in givers {
        let name = score_field(&g);
        if scores.iter().any(|s: &ScoreInput| s.giver == g) {
            continue;
        }
        match score_from_text(form.value(&name)) {
            Ok(Some(score)) => scores.push(ScoreInput {
                giver: g,
                score: i64::from(score),
            }),
            Ok(None) => {}
            Err(e) => form.add_error(&name, e.nl),
        }
    }
    let version = form.value("version").parse::<i64>().unwrap_or_default();
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    if !form.refused() {
        let result = scope
            .change_case_in_context(id, version, |c, ctx, a, at| {
                c.record_analysis(members, scores, ctx, a, at)
            })
            .await;
        match result {
            Ok(_) => return see(format!("/zaken/{id}/analyse")),
            Err(e) => status = refused(&mut form, e)?,
        }
    }
    page_with(
        status,
        analysis_page(&state, &pro, id, PlanMode::Edit, Some(form)).await?,
    )
}

// -------------------------------------------------------------------------------------------------- plan

/// An action of the plan as shown.
struct ActionShown {
    number: u32,
    description: String,
    owner: String,
    deadline: String,
    status: &'static str,
    status_code: String,
    overdue: bool,
    /// Why a change of its status was refused, shown beside its choice.
    status_error: Option<String>,
}

/// The current plan as read.
struct PlanShown {
    version: u32,
    at: String,
    conditions: Vec<String>,
    goals: Vec<String>,
    actions: Vec<ActionShown>,
    family: String,
    portal_answers: Vec<String>,
    evaluations: Vec<(String, String)>,
}

/// One row of the action fields.
struct ActionRow {
    description: String,
    owner: String,
    deadline: String,
}

#[derive(Template)]
#[template(path = "plan.html")]
struct PlanPage {
    layout: Layout,
    household_id: String,
    action: String,
    answer_action: String,
    analysis_href: String,
    has_analysis: bool,
    /// Reading, changing, or an earlier version.
    versions: Versions,
    current: Option<PlanShown>,
    contributions: Vec<ContributionRow>,
    owners: Vec<(String, String)>,
    members: Vec<(String, String)>,
    rows: Vec<ActionRow>,
    statuses: Vec<(String, String)>,
    case_version: i64,
    form: FormState,
    answer: FormState,
    small: FormState,
}

fn owner_code(o: &Owner) -> String {
    match o {
        Owner::Member { person_id } => format!("m:{person_id}"),
        Owner::Professional { professional_id } => format!("p:{professional_id}"),
        Owner::Organisation { organisation_id } => format!("o:{organisation_id}"),
    }
}

fn parse_owner(code: &str) -> Option<Owner> {
    let (kind, id) = code.split_once(':')?;
    let id = id.parse().ok()?;
    match kind {
        "m" => Some(Owner::Member {
            person_id: PersonId(id),
        }),
        "p" => Some(Owner::Professional {
            professional_id: ProfessionalId(id),
        }),
        "o" => Some(Owner::Organisation {
            organisation_id: regie_domain::OrganisationId(id),
        }),
        _ => None,
    }
}

/// How the analysis and plan pages show them: what was agreed, to read; the current version with its
/// forms, to change it (a separate step); or an earlier version as it was recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PlanMode {
    Read,
    Edit,
    Version(u32),
}

/// Where a page of an analysis or plan stands among its versions.
struct Versions {
    /// The forms are shown: changing is a step of its own.
    editing: bool,
    /// An earlier version is shown, as it was recorded.
    earlier: Option<u32>,
    /// The earlier versions to link to: (number, recorded at).
    list: Vec<(u32, String)>,
}

impl Versions {
    fn new(mode: PlanMode, current: Option<u32>, all: impl Iterator<Item = (u32, jiff::Timestamp)>) -> Self {
        Self {
            editing: mode == PlanMode::Edit,
            earlier: match mode {
                PlanMode::Version(n) => Some(n),
                _ => None,
            },
            list: all
                .filter(|(v, _)| current != Some(*v))
                .map(|(v, at)| (v, moment(at)))
                .collect(),
        }
    }
}

async fn plan_page(
    state: &AppState,
    pro: &Pro,
    id: CaseId,
    mode: PlanMode,
    form: Option<FormState>,
    answer: Option<FormState>,
    small: Option<FormState>,
) -> Result<PlanPage, PageError> {
    let scope = state.access.scope(pro.me.actor());
    let (case, file) = case_file(&scope, id).await?;
    // Every version as first recorded, from the case's events.
    let versions: Vec<regie_domain::plan::SafetyPlan> = (scope.timeline(id).await?.into_iter())
        .filter_map(|e| match e.event.change {
            regie_domain::CaseChange::PlanRecorded { plan } => Some(plan),
            _ => None,
        })
        .collect();
    let names = names_of(state, pro, &involved(&case)).await?;
    let members = current_members(&file);
    let mut owners: Vec<(String, String)> = members
        .iter()
        .map(|(p, n, _)| (format!("m:{p}"), format!("{n} (gezin)")))
        .collect();
    owners.extend(
        involved(&case)
            .into_iter()
            .map(|p| (format!("p:{p}"), names.get(&p).cloned().unwrap_or_default())),
    );
    let owner_name = |o: &Owner| {
        let code = owner_code(o);
        owners
            .iter()
            .find(|(c, _)| *c == code)
            .map_or_else(|| "een organisatie".to_owned(), |(_, n)| n.clone())
    };
    let member_name = |p: &PersonId| {
        members
            .iter()
            .find(|(id, _, _)| id == p)
            .map_or_else(String::new, |(_, n, _)| n.clone())
    };
    let current = case.route.plan.as_ref();
    let shown =
        match mode {
            PlanMode::Version(n) => Some((versions.iter()).find(|v| v.version == n).ok_or_else(|| {
                PageError::User(StatusCode::NOT_FOUND, "Deze versie van het plan bestaat niet.".into())
            })?),
            _ => current,
        };
    let today = today();
    let form = form.unwrap_or_else(|| {
        let mut form = FormState::default();
        if let Some(p) = current {
            form.default_value("conditions", p.conditions.join("\n"));
            form.default_value("goals", p.goals.join("\n"));
            for (i, a) in p.actions.iter().enumerate() {
                form.default_value(&format!("a{i}.description"), a.description.clone());
                form.default_value(&format!("a{i}.owner"), owner_code(&a.owner));
                form.default_value(&format!("a{i}.deadline"), a.deadline.to_string());
            }
        }
        form
    });
    let mut form = form;
    form.default_value("version", case.version.to_string());
    let rows = (0..current.map_or(0, |p| p.actions.len()).max(2) + 1)
        .map(|i| ActionRow {
            description: format!("a{i}.description"),
            owner: format!("a{i}.owner"),
            deadline: format!("a{i}.deadline"),
        })
        .collect();
    let mut answer = answer.unwrap_or_default();
    answer.default_value("version", case.version.to_string());
    // The action and evaluation forms share one state: their errors show above the actions.
    let mut small = small.unwrap_or_default();
    small.default_value("on", today.to_string());
    if let Some(p) = current {
        answer.default_value("plan_version", p.version.to_string());
    }
    let words = contribution_rows(&scope, &case, &file).await?;
    Ok(PlanPage {
        layout: Layout::new(
            case_title("Veiligheidsplan", &file, &case),
            Some(&pro.session),
            "/huishoudens",
        ),
        household_id: file.household.id.to_string(),
        action: format!("/zaken/{id}/plan"),
        answer_action: format!("/zaken/{id}/plan/antwoord"),
        analysis_href: format!("/zaken/{id}/analyse"),
        has_analysis: case.route.analysis.is_some(),
        versions: Versions::new(
            mode,
            current.map(|c| c.version),
            versions.iter().map(|v| (v.version, v.recorded_at)),
        ),
        current: shown.map(|p| PlanShown {
            version: p.version,
            at: moment(p.recorded_at),
            conditions: p.conditions.clone(),
            goals: p.goals.clone(),
            actions: p
                .actions
                .iter()
                .map(|a| ActionShown {
                    number: a.number,
                    description: a.description.clone(),
                    owner: owner_name(&a.owner),
                    deadline: date(a.deadline),
                    status: a.status.label_nl(),
                    status_code: serde_code(&a.status),
                    overdue: a.is_overdue(today),
                    status_error: small.error(&format!("status-{}", a.number)).map(str::to_owned),
                })
                .collect(),
            family: match &p.family {
                None => "Het gezin heeft nog niet gezegd of het instemt met deze versie.".into(),
                Some(r) => {
                    let (agreed, why) = match r {
                        FamilyResponse::Agreed { .. } => ("Eens", String::new()),
                        FamilyResponse::NotAgreed { why, .. } => ("Niet eens", format!(" Waarom: {why}")),
                    };
                    let at = match r {
                        FamilyResponse::Agreed { at, .. } | FamilyResponse::NotAgreed { at, .. } => moment(*at),
                    };
                    let via = if r.via() == AnswerVia::Professional {
                        ""
                    } else {
                        ", in het portaal"
                    };
                    let by = r.by().iter().map(&member_name).collect::<Vec<_>>().join(", ");
                    format!("{agreed}: {by} ({at}{via}).{why}")
                }
            },
            // Each member's own latest answer in the portal, including what they gave for the
            // professionals only.
            portal_answers: (words.plan_answers.iter())
                .filter(|a| a.plan_version == p.version)
                .map(|a| {
                    format!(
                        "{} gaf in het portaal ({}) aan {} te zijn met deze versie{}{}",
                        a.who,
                        a.at,
                        if a.agreed { "het eens" } else { "het niet eens" },
                        a.why.as_ref().map_or_else(|| ".".to_owned(), |w| format!(": “{w}”")),
                        if a.shared {
                            ""
                        } else {
                            " (alleen voor de professionals)"
                        }
                    )
                })
                .collect(),
            evaluations: p.evaluations.iter().map(|e| (date(e.on), e.text.clone())).collect(),
        }),
        contributions: words.rows,
        members: members.iter().map(|(p, n, _)| (p.to_string(), n.clone())).collect(),
        owners,
        rows,
        statuses: ActionStatus::ALL
            .iter()
            .map(|s| (serde_code(s), s.label_nl().to_owned()))
            .collect(),
        case_version: case.version,
        form,
        answer,
        small,
    })
}

async fn plan(State(state): State<AppState>, pro: Pro, PagePath(id): PagePath<CaseId>) -> PageResult {
    page(plan_page(&state, &pro, id, PlanMode::Read, None, None, None).await?)
}

async fn edit_plan(State(state): State<AppState>, pro: Pro, PagePath(id): PagePath<CaseId>) -> PageResult {
    page(plan_page(&state, &pro, id, PlanMode::Edit, None, None, None).await?)
}

async fn plan_version(
    State(state): State<AppState>,
    pro: Pro,
    PagePath((id, version)): PagePath<(CaseId, u32)>,
) -> PageResult {
    page(plan_page(&state, &pro, id, PlanMode::Version(version), None, None, None).await?)
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

async fn save_plan(
    State(state): State<AppState>,
    pro: Pro,
    PagePath(id): PagePath<CaseId>,
    body: Posted,
) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    let scope = state.access.scope(pro.me.actor());
    let mut actions = Vec::new();
    for i in 0..50 {
        let d = format!("a{i}.description");
        if !form.values.iter().any(|(k, _)| *k == d) {
            break;
        }
        let description = form.value(&d).trim().to_owned();
        if description.is_empty() {
            continue;
        }
        // Each action's owner and deadline are named beside that action, both at once; a new action's
        // deadline is today or later (the domain says so too, but not of which action).
        let owner = parse_owner(form.value(&format!("a{i}.owner")));
        let deadline = parse_date("deadline", form.value(&format!("a{i}.deadline")));
        if owner.is_none() {
            form.add_error(&format!("a{i}.owner"), "Kies wie deze actie doet.");
        }
        match deadline {
            Err(_) => form.add_error(&format!("a{i}.deadline"), "Vul een datum in, bijvoorbeeld 2026-12-31."),
            Ok(d) if d < today() => form.add_error(
                &format!("a{i}.deadline"),
                "Kies een termijn van vandaag of later: de actie moet nog gebeuren.",
            ),
            Ok(_) => {}
        }
        if let (Some(owner), Ok(deadline)) = (owner, deadline) {
            actions.push(ActionInput {
                description,
                owner,
                deadline,
                status: None,
            });
        }
    }
    let conditions = lines(form.value("conditions"));
    let goals = lines(form.value("goals"));
    let version = form.value("version").parse::<i64>().unwrap_or_default();
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    if !form.refused() {
        let result = scope
            .change_case_in_context(id, version, |c, ctx, a, at| {
                c.record_plan(&conditions, &goals, actions, ctx, a, at)
            })
            .await;
        match result {
            Ok(_) => return see(format!("/zaken/{id}/plan")),
            Err(e) => status = refused(&mut form, e)?,
        }
    }
    page_with(
        status,
        plan_page(&state, &pro, id, PlanMode::Edit, Some(form), None, None).await?,
    )
}

async fn family_answer(
    State(state): State<AppState>,
    pro: Pro,
    PagePath(id): PagePath<CaseId>,
    body: Posted,
) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    let scope = state.access.scope(pro.me.actor());
    let by: Vec<PersonId> = form
        .values
        .iter()
        .filter(|(k, _)| k == "by")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    let result: Result<_, ApiError> = async {
        // Every wrong field at once: the choice, who answers, and why not.
        let agreed = match form.value("agreed") {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        };
        let plan_version = form.value("plan_version").parse().unwrap_or_default();
        let answer = FamilyAnswer::typed(plan_version, agreed, by, Some(form.value("why")))?;
        let version = form.value("version").parse::<i64>().unwrap_or_default();
        scope
            .change_case_in_context(id, version, |c, ctx, a, at| {
                c.record_family_response(answer, ctx, a, at)
            })
            .await
            .map_err(crate::error::ApiError::from)
    }
    .await;
    match result {
        Ok(_) => see(format!("/zaken/{id}/plan")),
        Err(e) => {
            let status = refused(&mut form, e)?;
            page_with(
                status,
                plan_page(&state, &pro, id, PlanMode::Edit, None, Some(form), None).await?,
            )
        }
    }
}

// ----------------------------------------------------------------------------- the smaller case forms

/// A field of a simple form.
enum Field {
    /// Several lines of text.
    Area(&'static str, &'static str, &'static str),
    /// A date (YYYY-MM-DD).
    Date(&'static str, &'static str, &'static str),
    /// One line of text.
    Text(&'static str, &'static str, &'static str),
    /// One of a list.
    Select(&'static str, &'static str, Vec<(String, String)>),
    /// A professional, from a list grouped by team with a search above the form.
    Professional(ProfessionalChoice),
    /// One of a few, all visible.
    Radios(&'static str, &'static str, Vec<(String, String)>),
    /// One of a few terms of the shared language, each with its definition inline (F25).
    Terms(&'static str, &'static str, Vec<(String, String, String)>),
}

/// A value that is a term of the shared language, as a `Field::Terms` option: its code, its Dutch name and
/// its definition (`regie_domain::glossary`).
fn term_option(code: String, label: &str) -> (String, String, String) {
    let definition = regie_domain::glossary::find(&code).map_or("", |t| t.definition);
    (code, label.to_owned(), definition.to_owned())
}

#[derive(Template)]
#[template(path = "case_form.html")]
struct CaseFormPage {
    layout: Layout,
    household_id: String,
    intro: Vec<String>,
    rows: Vec<Row>,
    action: String,
    submit: &'static str,
    fields: Vec<Field>,
    /// The search of the form's professional choices, if it has any, shown just above the first of them.
    search: Option<ListSearch>,
    /// The name of the first professional choice, which the search stands above.
    search_at: &'static str,
    /// Whether the refusal is of a row's own form, whose summary stands with that row.
    row_refused: bool,
    form: FormState,
}

/// A line above a simple form, optionally with its own small form (the dates of a help).
struct Row {
    what: String,
    details: String,
    /// The line's own small form, when it can be updated.
    update: Option<RowForm>,
}

/// The dates of one help, as stored or, after a refusal, as typed.
struct RowForm {
    number: u32,
    started: String,
    ended: String,
    /// The ids of the two inputs: the plain field names on the refused row, so the error summary links there.
    ids: (String, String),
}

/// What a simple case form is made from.
struct Known {
    /// The signed-in professional.
    me: regie_domain::Actor,
    case: Case,
    file: HouseholdFile,
    /// The names of the professionals the case names (its leads, past and present, and its RVT professional).
    names: HashMap<ProfessionalId, String>,
    help_kinds: Vec<regie_domain::help::HelpKind>,
    /// The region's route variant: which forms of scaling up it uses, who leads joint work, who applies
    /// pressure.
    variant: regie_domain::route::RouteVariant,
    /// Where the signed-in professional stands towards the case.
    standing: Standing,
}

/// What a simple case form needs: its title, introduction, fields and button.
struct Spec {
    title: &'static str,
    path: &'static str,
    intro: Vec<String>,
    rows: Vec<Row>,
    fields: Vec<Field>,
    submit: &'static str,
}

async fn show(
    state: &AppState,
    pro: &Pro,
    id: CaseId,
    form: Option<FormState>,
    status: StatusCode,
    spec: fn(&Known) -> Spec,
) -> PageResult {
    let scope = state.access.scope(pro.me.actor());
    let (case, file) = case_file(&scope, id).await?;
    let mut named = involved(&case);
    for lead in case.route.scale.iter().map(|s| s.local_lead) {
        named.extend(std::iter::once(lead.primary).chain(lead.secondary));
    }
    let known = Known {
        me: pro.me.actor(),
        names: names_of(state, pro, &named).await?,
        help_kinds: scope.help_kinds().await?,
        variant: scope.route_variant().await?,
        standing: scope.standing(&case).await?,
        case,
        file,
    };
    let mut s = spec(&known);
    let (case, file) = (&known.case, &known.file);
    let mut form = form.unwrap_or_default();
    let action = format!("/zaken/{id}/{}", s.path);
    // The professional choices, read once per kind of choice (the duo's two fields share theirs). Each keeps
    // the case's leads and what the form chose already, whatever the search: searching the second of a duo
    // does not take away the first.
    let named: Vec<&str> = (s.fields.iter())
        .filter_map(|f| match f {
            Field::Professional(choice) => Some(choice.name),
            _ => None,
        })
        .collect();
    let mut keep = super::choose::chosen(&form, named);
    keep.extend(std::iter::once(case.lead.primary).chain(case.lead.secondary));
    let (mut search, mut search_at) = (None, "");
    let mut loaded: Vec<((Choosing, Option<OrganisationId>), Choices)> = Vec::new();
    for field in &mut s.fields {
        if let Field::Professional(choice) = field {
            let whom = (choice.choosing, choice.of);
            if !loaded.iter().any(|(c, _)| *c == whom) {
                let choices = super::choose::load(state, pro, whom, form.value("zoek"), &keep).await?;
                loaded.push((whom, choices));
            }
            if let Some((_, choices)) = loaded.iter().find(|(c, _)| *c == whom) {
                choice.fill(choices);
                let text = form.value("zoek");
                if search.is_none() {
                    search = Some(ListSearch::of_choices(text, choice.choosing, choices));
                    search_at = choice.name;
                }
            }
        }
    }
    // A refused row form comes back as typed, with its errors (`row_refused`: not under the new request).
    let mut row_refused = false;
    for row in s.rows.iter_mut().filter_map(|r| r.update.as_mut()) {
        if form.value("number") == row.number.to_string() {
            row.started = form.value("started_on").to_owned();
            row.ended = form.value("ended_on").to_owned();
            row.ids = ("started_on".into(), "ended_on".into());
            row_refused = true;
        }
    }
    form.default_value("version", case.version.to_string());
    page_with(
        status,
        CaseFormPage {
            layout: Layout::new(case_title(s.title, file, case), Some(&pro.session), "/huishoudens"),
            household_id: file.household.id.to_string(),
            intro: s.intro,
            rows: s.rows,
            action,
            submit: s.submit,
            fields: s.fields,
            search,
            search_at,
            row_refused,
            form,
        },
    )
}

/// `GET` of a simple case form: the page `spec` describes, for the case in the path.
fn form_page(spec: fn(&Known) -> Spec) -> MethodRouter<AppState> {
    get(
        move |State(state): State<AppState>, pro: Pro, PagePath(id): PagePath<CaseId>, Query(q): Query<SearchQuery>| async move {
            let mut form = FormState::default();
            form.default_value("zoek", q.text());
            show(&state, &pro, id, Some(form), StatusCode::OK, spec).await
        },
    )
}

/// Runs a case change from a simple form; on refusal the form comes back with its reasons.
async fn change<F>(
    state: &AppState,
    pro: &Pro,
    id: CaseId,
    body: Posted,
    spec: fn(&Known) -> Spec,
    run: F,
) -> PageResult
where
    F: AsyncFnOnce(&Scope<'_>, &FormState, i64) -> Result<(), ApiError>,
{
    let mut form = posted(&pro.session, body)?;
    if super::choose::searching(&form) {
        return show(state, pro, id, Some(form), StatusCode::OK, spec).await;
    }
    let scope = state.access.scope(pro.me.actor());
    let version = form.value("version").parse::<i64>().unwrap_or_default();
    match run(&scope, &form, version).await {
        Ok(()) => match scope.case(id).await {
            Ok(case) => see(format!("/huishoudens/{}", case.household_id)),
            // Handed over outside their team: the file is no longer theirs to open, and the worklist says so.
            Err(e) if e.is_not_involved() => see("/werklijst?overgedragen=1"),
            Err(e) => Err(e.into()),
        },
        Err(e) => {
            let status = refused(&mut form, e)?;
            show(state, pro, id, Some(form), status, spec).await
        }
    }
}

/// What each form of scaling up means in the region's variant, in one paragraph.
fn scale_up_intro(v: &regie_domain::route::RouteVariant) -> String {
    let mut parts = Vec::new();
    if v.consultation {
        parts.push("Bij consultatie blijft u de vaste contactpersoon en geeft het Regionaal Veiligheidsteam advies voor een datum.");
    }
    if v.joint_work && v.joint_work_rvt_leads {
        parts.push("Bij samenwerking vormt u een duo en wordt de RVT-professional de vaste contactpersoon.");
    } else if v.joint_work {
        parts.push("Bij samenwerking vormt u een duo en blijft u de vaste contactpersoon.");
    }
    if v.transfer {
        parts.push("Bij overdracht neemt de RVT-professional het over.");
    }
    parts.push("Het gezin houdt dezelfde zaak, zonder nieuwe intake.");
    parts.join(" ")
}

fn scale_up_spec(k: &Known) -> Spec {
    let (case, names) = (&k.case, &k.names);
    Spec {
        title: "Opschalen",
        path: "opschalen",
        intro: vec![
            format!("Vaste contactpersoon nu: {}.", lead_text(&case.lead, names)),
            scale_up_intro(&k.variant),
        ],
        rows: vec![],
        fields: vec![
            Field::Terms(
                "form",
                "Vorm",
                (k.variant.forms().iter())
                    .map(|f| term_option(serde_code(f), f.label_nl()))
                    .collect(),
            ),
            Field::Terms(
                "ground",
                "Grond",
                [
                    Ground::AcuteUnsafety,
                    Ground::StructuralUnsafety,
                    Ground::DevelopmentThreat,
                    Ground::PartnerRequest,
                ]
                .iter()
                .map(|g| term_option(serde_code(g), g.label_nl()))
                .collect(),
            ),
            Field::Professional(ProfessionalChoice::new(
                "rvt_professional",
                "Professional van het RVT",
                "Kies een professional",
                Choosing::Rvt,
            )),
            Field::Date(
                "deadline",
                "Antwoord uiterlijk (bij consultatie)",
                "Een datum, vandaag of later.",
            ),
            Field::Area("reason", "Waarom", "In uw eigen woorden; het gezin leest dit ook."),
        ],
        submit: "Opschalen",
    }
}

/// The stable code serde gives a unit variant ("joint_work").
pub(super) fn serde_code<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

pub(super) fn parse_code<T: serde::de::DeserializeOwned>(field: &'static str, raw: &str) -> Result<T, DomainError> {
    serde_json::from_value(serde_json::Value::String(raw.to_owned()))
        .map_err(|_| DomainError::invalid(field, "required", "choose one", "maak een keuze"))
}

fn professional_field(field: &'static str, raw: &str) -> Result<ProfessionalId, DomainError> {
    raw.parse()
        .map_err(|_| DomainError::invalid(field, "required", "choose a professional", "Kies een professional."))
}

async fn save_scale_up(
    State(state): State<AppState>,
    pro: Pro,
    PagePath(id): PagePath<CaseId>,
    body: Posted,
) -> PageResult {
    change(&state, &pro, id, body, scale_up_spec, async |scope, form, version| {
        // Every wrong field at once.
        let mut errors: Vec<DomainError> = Vec::new();
        let mut keep = |e: DomainError| errors.push(e);
        let form_kind = parse_code::<ScaleForm>("form", form.value("form"))
            .map_err(&mut keep)
            .ok();
        let ground = parse_code::<Ground>("ground", form.value("ground"))
            .map_err(&mut keep)
            .ok();
        let rvt = professional_field("rvt_professional", form.value("rvt_professional"))
            .map_err(&mut keep)
            .ok();
        let deadline = match form.value("deadline").trim() {
            "" => Ok(None),
            d => parse_date("deadline", d).map(Some),
        }
        .map_err(&mut keep)
        .ok();
        let reason = Reason::parse("reason", form.value("reason")).map_err(&mut keep).ok();
        let (Some(form_kind), Some(ground), Some(rvt), Some(deadline), Some(reason)) =
            (form_kind, ground, rvt, deadline, reason)
        else {
            return Err(errors.into());
        };
        let rvt_professional = scope.lead_candidate(rvt, "rvt_professional").await?;
        let request = ScaleUpRequest {
            form: form_kind,
            ground,
            rvt_professional,
            deadline,
            reason,
        };
        scope
            .change_case_in_context(id, version, |c, ctx, a, at| c.scale_up(request, ctx, a, at))
            .await?;
        Ok(())
    })
    .await
}

fn scale_down_spec(k: &Known) -> Spec {
    let (case, names) = (&k.case, &k.names);
    Spec {
        title: "Afschalen",
        path: "afschalen",
        intro: vec![format!(
            "De zaak gaat terug naar het lokaal team; de vaste contactpersoon wordt weer {}.",
            case.route
                .scale
                .as_ref()
                .map_or_else(|| lead_text(&case.lead, names), |s| lead_text(&s.local_lead, names))
        )],
        rows: vec![],
        fields: vec![Field::Area(
            "reason",
            "Waarom",
            "Wat is er veranderd aan de veiligheid?",
        )],
        submit: "Afschalen",
    }
}

async fn save_scale_down(
    State(state): State<AppState>,
    pro: Pro,
    PagePath(id): PagePath<CaseId>,
    body: Posted,
) -> PageResult {
    change(&state, &pro, id, body, scale_down_spec, async |scope, form, version| {
        let reason = Reason::parse("reason", form.value("reason"))?;
        scope
            .change_case_in_context(id, version, |c, ctx, a, at| c.scale_down(reason, ctx, a, at))
            .await?;
        Ok(())
    })
    .await
}

fn consultation_spec(k: &Known) -> Spec {
    let (case, names) = (&k.case, &k.names);
    let mut intro = vec![format!("Vaste contactpersoon: {}.", lead_text(&case.lead, names))];
    if let Some(d) = case.route.scale.as_ref().and_then(|s| s.deadline) {
        intro.push(format!("Uw antwoord wordt uiterlijk {} verwacht.", date(d)));
    }
    Spec {
        title: "Consultatie beantwoorden",
        path: "consultatie",
        intro,
        rows: vec![],
        fields: vec![
            Field::Area("answer", "Uw antwoord of advies", ""),
            Field::Radios(
                "proposal",
                "Uw voorstel aan de vaste contactpersoon",
                // Advice only is always possible; joint work and a transfer where the region uses them.
                (ScaleForm::ALL.iter())
                    .filter(|f| **f == ScaleForm::Consultation || k.variant.uses(**f))
                    .map(|f| (serde_code(f), super::format::capitalise(f.proposal_nl())))
                    .collect(),
            ),
        ],
        submit: "Antwoord versturen",
    }
}

async fn save_consultation(
    State(state): State<AppState>,
    pro: Pro,
    PagePath(id): PagePath<CaseId>,
    body: Posted,
) -> PageResult {
    change(
        &state,
        &pro,
        id,
        body,
        consultation_spec,
        async |scope, form, version| {
            // Both fields are judged before either is refused, so the form names every wrong one at once.
            let answer = Reason::parse("answer", form.value("answer"));
            let proposal = parse_code::<ScaleForm>("proposal", form.value("proposal"));
            let (answer, proposal) = regie_domain::error::both(answer, proposal)?;
            scope
                .change_case_in_context(id, version, |c, ctx, a, at| {
                    c.answer_consultation(answer, Some(proposal), &ctx.variant, a, at)
                })
                .await?;
            Ok(())
        },
    )
    .await
}

fn lead_spec(k: &Known) -> Spec {
    let (case, names) = (&k.case, &k.names);
    Spec {
        title: "Vaste contactpersoon wijzigen",
        path: "regie",
        intro: vec![
            format!("Nu: {}.", lead_text(&case.lead, names)),
            format!(
                "Deze zaak wisselde {} keer van contactpersoon. Elk gezin houdt liefst één vast gezicht.",
                case.handoffs
            ),
        ],
        rows: vec![],
        fields: vec![
            Field::Professional(ProfessionalChoice::new(
                "primary",
                "Nieuwe vaste contactpersoon",
                "Kies een professional",
                Choosing::Lead,
            )),
            Field::Professional(ProfessionalChoice::new(
                "secondary",
                "Tweede van een duo (als u samen optrekt)",
                "Geen duo",
                Choosing::Lead,
            )),
            Field::Area("reason", "Waarom", "Het gezin leest dit ook."),
        ],
        submit: "Wijzigen",
    }
}

async fn save_lead(
    State(state): State<AppState>,
    pro: Pro,
    PagePath(id): PagePath<CaseId>,
    body: Posted,
) -> PageResult {
    change(&state, &pro, id, body, lead_spec, async |scope, form, version| {
        // What the form itself can tell is wrong, at once: the choices and the reason.
        let mut wrong = Fields::default();
        let primary = wrong.check(professional_field("primary", form.value("primary")));
        let secondary = match form.value("secondary") {
            "" => Some(None),
            s => wrong.check(professional_field("secondary", s)).map(Some),
        };
        let reason = wrong.check(Reason::parse("reason", form.value("reason")));
        wrong.finish()?;
        let (primary, secondary, reason) = (
            primary.expect("checked"),
            secondary.expect("checked"),
            reason.expect("checked"),
        );
        // Both choices looked up, each wrong one named.
        let mut wrong = Fields::default();
        let primary = wrong.check(scope.candidate(primary, "primary").await?);
        let secondary = match secondary {
            None => Some(None),
            Some(s) => wrong.check(scope.candidate(s, "secondary").await?).map(Some),
        };
        wrong.finish()?;
        let (primary, secondary) = (primary.expect("checked"), secondary.expect("checked"));
        let lead = Lead::new(
            (primary.professional, primary.kind),
            secondary.map(|s| (s.professional, s.kind)),
        )?;
        scope
            .change_case(id, version, |c, a, at| c.change_lead(lead, reason, a, at))
            .await?;
        Ok(())
    })
    .await
}

fn scale_hand_over_spec(k: &Known) -> Spec {
    let (case, names) = (&k.case, &k.names);
    let name = |id: &ProfessionalId| names.get(id).cloned().unwrap_or_else(|| "onbekend".into());
    let mut intro = Vec::new();
    let mut parts = Vec::new();
    if let Some(scale) = &case.route.scale {
        intro.push(format!(
            "Opgeschaald naar het RVT ({}): {} doet het deel van het RVT, {} het deel van het lokaal team.",
            scale.form.label_nl(),
            name(&scale.rvt_professional),
            lead_text(&scale.local_lead, names)
        ));
        parts.push((
            scale.rvt_professional.to_string(),
            format!("{}: het deel van het RVT", name(&scale.rvt_professional)),
        ));
        // The local team chooses its own: the RVT is offered only its own part.
        if scale.local_side(&k.me, k.standing) {
            let local = scale.local_lead;
            parts.extend(
                (std::iter::once(local.primary).chain(local.secondary))
                    .map(|p| (p.to_string(), format!("{}: het deel van het lokaal team", name(&p)))),
            );
        }
    }
    if parts.is_empty() {
        intro.push(
            "Deze zaak is niet opgeschaald: er is geen deel van een opschaling om over te dragen. Wijzig de vaste \
             contactpersoon in plaats daarvan."
                .into(),
        );
    }
    intro.push(
        "Gaat een professional weg, of neemt een collega het werk over? Kies wie het overdraagt en wie het \
         overneemt. Het gezin houdt dezelfde zaak: de vorm, de grond en de termijn blijven."
            .into(),
    );
    intro.push(
        "Het deel van het RVT gaat naar een professional van Veilig Thuis, de Raad voor de Kinderbescherming of \
         een GI. Het lokaal team kiest zelf wie namens het lokaal team aan de zaak werkt; werkt het lokaal team \
         met een duo, dan kan de ander het deel ook alleen overnemen."
            .into(),
    );
    Spec {
        title: "Professional in de opschaling wisselen",
        path: "opschaling",
        intro,
        rows: vec![],
        fields: vec![
            Field::Radios("from", "Wie draagt het werk over", parts),
            Field::Professional(ProfessionalChoice::new(
                "to",
                "Wie neemt het over",
                "Kies een professional",
                Choosing::Lead,
            )),
            Field::Area("reason", "Waarom", "In uw eigen woorden; het gezin leest dit ook."),
        ],
        submit: "Wisselen",
    }
}

async fn save_scale_hand_over(
    State(state): State<AppState>,
    pro: Pro,
    PagePath(id): PagePath<CaseId>,
    body: Posted,
) -> PageResult {
    change(
        &state,
        &pro,
        id,
        body,
        scale_hand_over_spec,
        async |scope, form, version| {
            // Every wrong field at once: the choices here, the successor and the reason in the access layer.
            let from = (form.value("from").parse::<ProfessionalId>()).map_err(|_| {
                DomainError::invalid(
                    "from",
                    "required",
                    "choose who hands their part over",
                    "Kies wie het werk overdraagt.",
                )
            });
            let to = professional_field("to", form.value("to"));
            let reason = Reason::parse("reason", form.value("reason"));
            let (Ok(from), Ok(to), Ok(_)) = (&from, &to, &reason) else {
                return Err(([from.err(), to.err(), reason.err()].into_iter().flatten())
                    .collect::<Vec<_>>()
                    .into());
            };
            scope
                .hand_over_scale_up(id, version, *from, *to, form.value("reason"))
                .await?;
            Ok(())
        },
    )
    .await
}

fn help_spec(k: &Known) -> Spec {
    let (case, file) = (&k.case, &k.file);
    let today = today();
    let name = |p: &PersonId| {
        file.members
            .iter()
            .find(|m| m.person.id == *p)
            .map_or_else(String::new, |m| m.person.name.full())
    };
    let rows = case
        .route
        .help
        .iter()
        .map(|h| {
            let waited = count(h.waiting_days(today), "dag", "dagen");
            let details = match (h.started_on, h.ended_on) {
                (Some(s), Some(e)) => format!("gestart op {} (na {waited}), beëindigd op {}", date(s), date(e)),
                (Some(s), None) => format!("gestart op {} (na {waited} wachten)", date(s)),
                (None, _) => format!("aangevraagd op {}, wacht nu {waited}", date(h.requested_on)),
            };
            Row {
                what: format!("{}: {} bij {}", name(&h.person_id), h.kind_name_nl, h.provider),
                details,
                update: Some(RowForm {
                    number: h.number,
                    started: h.started_on.map(|d| d.to_string()).unwrap_or_default(),
                    ended: h.ended_on.map(|d| d.to_string()).unwrap_or_default(),
                    ids: (format!("started_on-{}", h.number), format!("ended_on-{}", h.number)),
                }),
            }
        })
        .collect();
    let mut persons = vec![(String::new(), "Kies een gezinslid".to_owned())];
    persons.extend(current_members(file).into_iter().map(|(p, n, _)| (p.to_string(), n)));
    Spec {
        title: "Hulp en wachttijd",
        path: "hulp",
        intro: vec!["Hulp die is aangevraagd, met de wachttijd tot de start.".into()],
        rows,
        fields: vec![
            Field::Select("person_id", "Voor wie", persons),
            Field::Select("kind", "Soort hulp", {
                let mut kinds = vec![(String::new(), "Kies een soort hulp".to_owned())];
                kinds.extend(k.help_kinds.iter().map(|h| (h.code.clone(), h.name_nl.clone())));
                kinds
            }),
            Field::Text("provider", "Aanbieder", "Bijvoorbeeld: Schuldhulp Voorbeeldstad"),
            Field::Date("requested_on", "Aangevraagd op", "Een datum, bijvoorbeeld vandaag."),
        ],
        submit: "Hulp aanvragen",
    }
}

async fn help(State(state): State<AppState>, pro: Pro, PagePath(id): PagePath<CaseId>) -> PageResult {
    let mut form = FormState::default();
    form.default_value("requested_on", today().to_string());
    show(&state, &pro, id, Some(form), StatusCode::OK, help_spec).await
}

async fn save_help(
    State(state): State<AppState>,
    pro: Pro,
    PagePath(id): PagePath<CaseId>,
    body: Posted,
) -> PageResult {
    change(&state, &pro, id, body, help_spec, async |scope, form, version| {
        // Every field the form can tell is wrong, at once; the domain then checks the member, the catalogue
        // and the day against the case.
        let mut wrong = Fields::default();
        let person = wrong.check(form.value("person_id").parse::<PersonId>().map_err(|_| {
            DomainError::invalid(
                "person_id",
                "required",
                "choose the household member the help is for",
                "kies het gezinslid voor wie de hulp is",
            )
        }));
        let requested_on = wrong.check(parse_date("requested_on", form.value("requested_on")));
        let kind = form.value("kind");
        if kind.is_empty() {
            wrong.push(DomainError::invalid(
                "kind",
                "required",
                "choose a kind of help",
                "kies een soort hulp",
            ));
        }
        let provider = wrong.check(ShortText::parse("provider", form.value("provider")));
        wrong.finish()?;
        let (person, requested_on) = (person.expect("checked"), requested_on.expect("checked"));
        let provider = provider.expect("checked");
        let provider = provider.as_str();
        scope
            .change_case_in_context(id, version, |c, ctx, a, at| {
                c.request_help(person, kind, provider, requested_on, None, ctx, a, at)
            })
            .await?;
        Ok(())
    })
    .await
}

fn phase_spec(k: &Known) -> Spec {
    let next = Phase::ALL
        .iter()
        .filter(|p| **p != k.case.phase && **p != Phase::Closed)
        .map(|p| (p.as_str().to_owned(), p.label_nl().to_owned()))
        .collect();
    Spec {
        title: "Fase wijzigen",
        path: "fase",
        intro: vec![format!(
            "De zaak is nu in de fase {}. De route is vraag, analyse, plan, uitvoering, evaluatie; terug kan ook, met een reden.",
            k.case.phase.label_nl()
        )],
        rows: vec![],
        fields: vec![
            Field::Select("to", "Naar de fase", next),
            Field::Area(
                "reason",
                "Reden",
                "Nodig als u een fase teruggaat; het gezin leest dit ook.",
            ),
        ],
        submit: "Fase wijzigen",
    }
}

async fn save_phase(
    State(state): State<AppState>,
    pro: Pro,
    PagePath(id): PagePath<CaseId>,
    body: Posted,
) -> PageResult {
    change(&state, &pro, id, body, phase_spec, async |scope, form, version| {
        let to = Phase::parse(form.value("to")).ok_or_else(|| {
            ApiError::from(DomainError::invalid(
                "to",
                "required",
                "choose a phase",
                "kies een fase",
            ))
        })?;
        let reason = Reason::parse_optional("reason", Some(form.value("reason")))?;
        scope
            .change_case(id, version, |c, a, at| c.change_phase(to, reason, a, at))
            .await?;
        Ok(())
    })
    .await
}

fn legal_frame_spec(k: &Known) -> Spec {
    let kind = k.me.kind;
    let frames = LegalFrame::ALL
        .iter()
        .filter(|f| **f != k.case.legal_frame)
        .filter(|f| k.case.may_set_frame(**f, kind, &k.variant).is_ok())
        .map(|f| term_option(f.as_str().to_owned(), f.label_nl()))
        .collect::<Vec<_>>();
    let mut intro = vec![format!(
        "Het kader is nu {}. Vrijwillig, drang (Veilig Thuis of de Raad) en gedwongen (na een uitspraak van de rechter, met een GI) blijven scherp gescheiden.",
        k.case.legal_frame.label_nl()
    )];
    if k.variant.local_pressure_after_consultation {
        intro.push("In deze regio mag het lokaal team zelf drang inzetten zodra het RVT de consultatie over de zaak heeft beantwoord.".into());
    }
    if frames.is_empty() {
        intro.push("Uw organisatie kan het kader van deze zaak niet wijzigen.".into());
    }
    Spec {
        title: "Kader wijzigen",
        path: "kader",
        intro,
        rows: vec![],
        fields: vec![
            Field::Terms("to", "Nieuw kader", frames),
            Field::Area("reason", "Reden", "Het gezin leest dit ook."),
        ],
        submit: "Kader wijzigen",
    }
}

async fn save_legal_frame(
    State(state): State<AppState>,
    pro: Pro,
    PagePath(id): PagePath<CaseId>,
    body: Posted,
) -> PageResult {
    change(
        &state,
        &pro,
        id,
        body,
        legal_frame_spec,
        async |scope, form, version| {
            let to = LegalFrame::parse(form.value("to"))
                .ok_or_else(|| DomainError::invalid("to", "required", "choose a legal frame", "kies een kader"));
            let (to, reason) = both(to, Reason::parse("reason", form.value("reason")))?;
            scope
                .change_case_in_context(id, version, |c, ctx, a, at| {
                    c.change_legal_frame(to, reason, &ctx.variant, a, at)
                })
                .await?;
            Ok(())
        },
    )
    .await
}

fn close_spec(_: &Known) -> Spec {
    Spec {
        title: "Zaak afsluiten",
        path: "afsluiten",
        intro: vec![
            "Sluit de zaak af als het gezin geen hulp van ons meer nodig heeft. De tijdlijn blijft bewaard.".into(),
        ],
        rows: vec![],
        fields: vec![Field::Area("reason", "Waarom", "Het gezin leest dit ook.")],
        submit: "Zaak afsluiten",
    }
}

async fn save_close(
    State(state): State<AppState>,
    pro: Pro,
    PagePath(id): PagePath<CaseId>,
    body: Posted,
) -> PageResult {
    change(&state, &pro, id, body, close_spec, async |scope, form, version| {
        let reason = Reason::parse("reason", form.value("reason"))?;
        scope
            .change_case(id, version, |c, a, at| c.close(reason, a, at))
            .await?;
        Ok(())
    })
    .await
}

async fn update_help(
    State(state): State<AppState>,
    pro: Pro,
    PagePath((id, number)): PagePath<(CaseId, u32)>,
    body: Posted,
) -> PageResult {
    change(&state, &pro, id, body, help_spec, async |scope, form, version| {
        let date = |field: &'static str| match form.value(field).trim() {
            "" => Ok(None),
            d => parse_date(field, d).map(Some),
        };
        let (started, ended) = both(date("started_on"), date("ended_on"))?;
        scope
            .change_case_in_context(id, version, |c, ctx, a, at| {
                c.update_help(number, started, ended, ctx, a, at)
            })
            .await?;
        Ok(())
    })
    .await
}

async fn action_status(
    State(state): State<AppState>,
    pro: Pro,
    PagePath((id, number)): PagePath<(CaseId, u32)>,
    body: Posted,
) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    let scope = state.access.scope(pro.me.actor());
    let result: Result<_, ApiError> = async {
        let status: ActionStatus = parse_code("status", form.value("status"))?;
        let plan_version = form.value("plan_version").parse().unwrap_or_default();
        let version = form.value("version").parse::<i64>().unwrap_or_default();
        let note = Some(form.value("note").trim()).filter(|n| !n.is_empty());
        let action = ActionRef { plan_version, number };
        scope
            .change_case_in_context(id, version, |c, ctx, a, at| {
                c.set_action_status(action, status, note, ctx, a, at)
            })
            .await
            .map_err(crate::error::ApiError::from)
    }
    .await;
    match result {
        Ok(_) => see(format!("/zaken/{id}/plan/bewerken")),
        Err(e) => {
            let status = refused(&mut form, e)?;
            // The page has a choice of status per action: the error and the summary's link go to this one.
            form.rename_errors("status", &format!("status-{number}"));
            let chosen = form.value("status").to_owned();
            form.default_value(&format!("status-{number}"), chosen);
            page_with(
                status,
                plan_page(&state, &pro, id, PlanMode::Edit, None, None, Some(form)).await?,
            )
        }
    }
}

async fn evaluate(State(state): State<AppState>, pro: Pro, PagePath(id): PagePath<CaseId>, body: Posted) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    let scope = state.access.scope(pro.me.actor());
    let result: Result<_, ApiError> = async {
        // The day and the text at once; the domain checks the day against today and the plan.
        let (on, _) = both(
            parse_date("on", form.value("on")),
            regie_domain::plan::evaluation_text(form.value("text")),
        )?;
        let plan_version = form.value("plan_version").parse().unwrap_or_default();
        let version = form.value("version").parse::<i64>().unwrap_or_default();
        let text = form.value("text").to_owned();
        scope
            .change_case_in_context(id, version, |c, ctx, a, at| {
                c.evaluate_plan(plan_version, on, &text, ctx, a, at)
            })
            .await
            .map_err(crate::error::ApiError::from)
    }
    .await;
    match result {
        Ok(_) => see(format!("/zaken/{id}/plan/bewerken")),
        Err(e) => {
            let status = refused(&mut form, e)?;
            page_with(
                status,
                plan_page(&state, &pro, id, PlanMode::Edit, None, None, Some(form)).await?,
            )
        }
    }
}

/// A case's own address leads to its household's page, where the case is shown.
async fn case_home(State(state): State<AppState>, pro: Pro, PagePath(id): PagePath<CaseId>) -> PageResult {
    let case = state.access.scope(pro.me.actor()).case(id).await?;
    see(format!("/huishoudens/{}", case.household_id))
}

/// A one-button change from the household page ("Gezien", "Antwoord gelezen"): made on the posted case
/// version, then back to the household page at `anchor`.
async fn button_change(
    state: &AppState,
    pro: &Pro,
    id: CaseId,
    form: &FormState,
    anchor: &str,
    change: impl FnOnce(&Case, &regie_domain::Actor, jiff::Timestamp) -> Result<(Case, regie_domain::NewEvent), DomainError>,
) -> PageResult {
    let version = form.value("version").parse::<i64>().unwrap_or_default();
    let case = state
        .access
        .scope(pro.me.actor())
        .change_case(id, version, change)
        .await?;
    see(format!("/huishoudens/{}{anchor}", case.household_id))
}

/// The lead read the RVT's answer (and, where it proposed joint work or a transfer, did not take it up).
async fn answer_seen(
    State(state): State<AppState>,
    pro: Pro,
    PagePath(id): PagePath<CaseId>,
    body: Posted,
) -> PageResult {
    let form = posted(&pro.session, body)?;
    button_change(&state, &pro, id, &form, "", |c, a, at| c.mark_answer_seen(a, at)).await
}

/// The lead takes up the RVT's proposal in one step: the case scales up to joint work or a transfer with
/// the consulted professional, on the consultation's ground.
async fn accept_proposal(
    State(state): State<AppState>,
    pro: Pro,
    PagePath(id): PagePath<CaseId>,
    body: Posted,
) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    let scope = state.access.scope(pro.me.actor());
    let version = form.value("version").parse::<i64>().unwrap_or_default();
    let result: Result<Case, ApiError> = async {
        let reason = Reason::parse("reason", form.value("reason"))?;
        let case = scope.case(id).await?;
        let Some(scale) = case.route.scale.as_ref().filter(|s| s.answer_unseen()) else {
            return Err(DomainError::conflict(
                Some("reason"),
                "no_unread_answer",
                "this case has no answer from the RVT waiting to be read",
                "deze zaak heeft geen antwoord van het RVT dat nog gelezen moet worden",
            )
            .into());
        };
        let Some(proposal) = scale.proposal.filter(|p| *p != ScaleForm::Consultation) else {
            return Err(DomainError::conflict(
                Some("reason"),
                "no_proposal",
                "the RVT proposed no joint work or transfer",
                "het RVT stelde geen samenwerking of overdracht voor",
            )
            .into());
        };
        let request = ScaleUpRequest {
            form: proposal,
            ground: scale.ground,
            rvt_professional: scope.lead_candidate(scale.rvt_professional, "reason").await?,
            deadline: None,
            reason,
        };
        Ok(scope
            .change_case_in_context(id, version, |c, ctx, a, at| c.scale_up(request, ctx, a, at))
            .await?)
    }
    .await;
    match result {
        Ok(case) => see(format!("/huishoudens/{}", case.household_id)),
        Err(e) => {
            let status = refused(&mut form, e)?;
            // A processing of its own: the refused one may have begun its span without writing it.
            let case = state.access.scope(pro.me.actor()).case(id).await?;
            super::households::refused_household_page(&state, &pro, case.household_id, form, status).await
        }
    }
}

/// The lead looked at what the household added in the portal, up to the newest they were shown.
async fn family_seen(
    State(state): State<AppState>,
    pro: Pro,
    PagePath(id): PagePath<CaseId>,
    body: Posted,
) -> PageResult {
    let form = posted(&pro.session, body)?;
    let until: jiff::Timestamp = form.value("until").parse().map_err(|_| {
        ApiError::from(DomainError::invalid(
            "until",
            "date_format",
            "the moment of the newest contribution seen",
            "het moment van de nieuwste inbreng die u las",
        ))
    })?;
    button_change(&state, &pro, id, &form, "#inbreng", |c, a, at| {
        c.mark_family_seen(until, a, at)
    })
    .await
}

async fn signal_seen(
    State(state): State<AppState>,
    pro: Pro,
    PagePath((id, signal)): PagePath<(CaseId, regie_domain::SignalId)>,
    body: Posted,
) -> PageResult {
    let form = posted(&pro.session, body)?;
    button_change(&state, &pro, id, &form, "", |c, a, at| {
        c.mark_signal_seen(signal, a, at)
    })
    .await
}
