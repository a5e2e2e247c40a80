//! The family portal (F16, in part): a parent or a youth of 12 or older sees their own household's route —
//! the contact person, the plan and its actions, the analysis with their own words and score, every change
//! with its reason — and adds their own words and score, answers a plan version, or asks for a correction.

use super::format::{date, moment};
use super::households::{ContributionRow, TimelineRow, contribution_row, timeline_rows};
use super::{Family, FormState, Layout, PageError, PagePath, PageResult, Posted, page, page_with, posted, see};
use crate::AppState;
use crate::access::PortalView;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use regie_domain::analysis::{Part, ScoreGiver};
use regie_domain::plan::{AnswerVia, FamilyResponse, Owner};
use regie_domain::portal::Contribution;
use regie_domain::time::today;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/portaal", get(portal))
        .route("/portaal/eigen-woorden", super::form_post(1, own_words))
        .route("/portaal/plan", super::form_post(1, plan_answer))
        .route("/portaal/correctie", super::form_post(1, correction))
        .route("/portaal/verlenging", super::form_post(1, extension))
        .route("/portaal/eigen-verklaring", super::form_post(1, own_statement))
        .route("/portaal/klacht", super::form_post(1, complaint))
        .route("/portaal/vernietiging", super::form_post(1, destruction))
        .route("/portaal/advocaat", super::form_post(1, lawyer))
        .route("/portaal/noodtoegang", super::form_post(1, emergency_complaint))
        .route("/portaal/advocaat/{action}", super::form_post(2, lawyer_action))
}

/// A member's part of the analysis, as the family reads it.
struct MemberAnalysisShown {
    name: String,
    parts: Vec<(&'static str, String, String)>,
}

/// The plan as the family reads it.
struct PlanShown {
    version: u32,
    conditions: Vec<String>,
    goals: Vec<String>,
    actions: Vec<(String, String, String, &'static str)>,
    answer: String,
}

/// A contact person as the portal shows them.
struct ContactShown {
    /// "Fatima El Amrani van Lokaal team Voorbeeldstad-Noord".
    who: String,
    /// Their phone: as shown, and as a tel: address.
    phone: Option<(String, String)>,
    /// Their e-mail address.
    email: Option<String>,
    /// They left their organisation: the family reaches the team until another takes over.
    left: bool,
    /// The phone number is their team's.
    team_phone: bool,
    /// The e-mail address is their team's.
    team_email: bool,
}

/// The court route as the family reads it: what measure, for whom, since and until when, what they can do
/// and until when they can appeal (three months after the decision, art. 806 and 358 Rv); a request waiting
/// at the court, with the hearing and who may tell the judge their view (art. 809 Rv).
fn justice_shown(
    justice: &regie_domain::justice::Justice,
    name: &dyn Fn(regie_domain::PersonId) -> String,
    youth: bool,
) -> Vec<String> {
    let (you, your) = if youth { ("je", "je") } else { ("u", "uw") };
    let mut out = Vec::new();
    for r in justice.requests.iter().filter(|r| r.pending()) {
        let mut text = format!(
            "Er ligt een verzoek bij de kinderrechter (ingediend op {}).",
            date(r.filed_on)
        );
        if let Some(h) = &r.hearing {
            text.push_str(&format!(" De zitting is op {}.", date(h.on)));
            if !h.to_hear.is_empty() {
                let names: Vec<String> = h.to_hear.iter().map(|p| name(*p)).collect();
                text.push_str(&format!(
                    " {} mag de rechter vooraf vertellen wat {} ervan vindt; dat hoeft niet.",
                    names.join(" en "),
                    if names.len() == 1 { "die" } else { "zij" }
                ));
            }
        }
        out.push(text);
    }
    let today = today();
    for m in &justice.measures {
        let mut text = format!(
            "{} voor {}, sinds {}{}.",
            super::format::capitalise(m.kind.label_nl()),
            name(m.child),
            date(m.start),
            m.until.map(|u| format!(" tot {}", date(u))).unwrap_or_default()
        );
        if !m.in_force(today) {
            text.push_str(" Deze maatregel is afgelopen.");
        }
        let decision = (justice.requests.iter())
            .filter(|r| r.number == m.request || m.extended_by.contains(&r.number))
            .filter_map(|r| r.decision.as_ref())
            .max_by_key(|d| d.on);
        if let Some(d) = decision.filter(|d| d.appeal_until >= today) {
            text.push_str(&format!(
                " Bent {you} het niet eens met de beslissing van de rechter? Dan kan {you} tot en met {} in hoger beroep gaan bij het gerechtshof, met een advocaat. {} hebt recht op hulp van een advocaat; vraag {your} contactpersoon of het Juridisch Loket.",
                date(d.appeal_until),
                super::format::capitalise(you)
            ));
        }
        out.push(text);
    }
    out
}

#[derive(Template)]
#[template(path = "portal.html")]
struct PortalPage {
    layout: Layout,
    /// A child of the household: spoken to with "je", an adult with "u".
    youth: bool,
    /// The member's own latest safety score from the portal, with when they gave it.
    own_score: Option<String>,
    household: String,
    members: Vec<String>,
    has_case: bool,
    phase: String,
    legal_frame: String,
    /// The frame's code, for its definition in the shared language.
    legal_frame_code: &'static str,
    /// The court route in plain words: each measure, and a request waiting at the court (F15, F16).
    justice: Vec<String>,
    /// The contact persons.
    contacts: Vec<ContactShown>,
    /// Whether one of them still works there (none when every one has left).
    contact_stays: bool,
    plan: Option<PlanShown>,
    analysis: Vec<MemberAnalysisShown>,
    scores: Vec<(String, u8)>,
    timeline: Vec<TimelineRow>,
    /// The shared language's terms the timeline uses.
    timeline_terms: Vec<&'static str>,
    contributions: Vec<ContributionRow>,
    words: FormState,
    answer: FormState,
    correction: FormState,
    /// For a parent: their children's measures in their last weeks without an extension requested by the
    /// GI, which they may ask the court to extend themselves (art. 1:260 lid 1 BW); and that form.
    extendable: Vec<(String, String)>,
    extension: FormState,
    /// The timeline's entries to point a correction at ("Iets anders" first) and an own statement at:
    /// (sequence number, "when: what").
    correction_entries: Vec<(String, String)>,
    statement_entries: Vec<(String, String)>,
    /// The own statement's form.
    statement: FormState,
    /// The decisions one may complain about: (sequence number, "when: what").
    decisions: Vec<(String, String)>,
    /// The member's complaints with where they stand.
    complaints: Vec<String>,
    /// The complaint's form.
    complaint: FormState,
    /// The letters addressed to the member, newest first.
    letters: Vec<super::letters::LetterRow>,
    /// The member's requests to destroy the file, with where they stand.
    destructions: Vec<String>,
    /// The form to ask for destruction.
    destruction: FormState,
    /// The member's lawyer in words, and since when they may read along, if they may.
    lawyer: Option<(String, Option<String>)>,
    /// The access code for the lawyer, shown once, right after the consent.
    lawyer_code: Option<String>,
    /// The form to register a lawyer.
    lawyer_form: FormState,
    /// The emergency accesses to the file, in words, each with the member's complaints about it.
    emergencies: Vec<(String, Vec<String>)>,
    /// The questionnaires offered: what happened when, and the questionnaire's address.
    questionnaires: Vec<(String, String)>,
    /// Just back from answering a questionnaire.
    thanks: bool,
    /// The accesses to complain about: (id, "when: organisation").
    emergency_choices: Vec<(String, String)>,
    /// The form to complain about one.
    emergency_form: FormState,
}

fn portal_page(family: &Family, view: PortalView, forms: [FormState; 9]) -> PortalPage {
    let [
        words,
        mut answer,
        correction,
        extension,
        statement,
        complaint,
        destruction,
        lawyer_form,
        emergency_form,
    ] = forms;
    let decisions = std::iter::once((String::new(), "Kies een beslissing".to_owned()))
        .chain(
            (view.timeline.iter().rev())
                .filter(|e| {
                    regie_domain::complaint::subject(&e.event.change) == regie_domain::complaint::Subject::Decision
                })
                .map(|e| {
                    (
                        e.event.seq.to_string(),
                        format!("{}: {}", moment(e.event.at), e.event.change.summary_nl()),
                    )
                }),
        )
        .collect();
    let organisation_of = |id: regie_domain::OrganisationId| {
        (view.timeline.iter())
            .find(|e| e.event.organisation == id)
            .map_or_else(|| "de organisatie".to_owned(), |e| e.organisation_name.clone())
    };
    let complaints = (view.case.iter())
        .flat_map(|c| c.route.rectification.complaints.iter())
        .map(|k| match &k.decision {
            None => format!(
                "Klacht {} bij {}, ingediend op {}: in behandeling; beslissing uiterlijk {}.",
                k.number,
                organisation_of(k.organisation),
                date(k.filed_on),
                date(k.due)
            ),
            Some(d) => format!(
                "Klacht {} bij {}, ingediend op {}: op {} beslist, {}. {}",
                k.number,
                organisation_of(k.organisation),
                date(k.filed_on),
                date(d.on),
                d.finding.label_nl(),
                d.reason
            ),
        })
        .collect();
    let entries: Vec<(String, String)> = (view.timeline.iter().rev())
        .map(|e| {
            (
                e.event.seq.to_string(),
                format!("{}: {}", moment(e.event.at), e.event.change.summary_nl()),
            )
        })
        .collect();
    let name_of = |id| {
        view.members
            .iter()
            .find(|(p, _)| p.id == id)
            .map_or_else(|| "een gezinslid".to_owned(), |(p, _)| p.name.full())
    };
    let case = view.case.as_ref();
    let plan = case.and_then(|c| c.route.plan.as_ref());
    if let Some(p) = plan {
        answer.default_value("plan_version", p.version.to_string());
    }
    let contact_of = |id| {
        (view.contacts.iter()).find(|c| c.professional.id == id).map_or_else(
            || "een professional".to_owned(),
            |c| format!("{} ({})", c.professional.display_name, c.organisation.name),
        )
    };
    let today = today();
    let me = family.member.person.id;
    let youth =
        (view.members.iter()).any(|(p, r)| p.id == me && *r == regie_domain::Relation::Child && p.age_on(today) < 18);
    let parent = (view.members.iter()).any(|(p, r)| p.id == me && *r == regie_domain::Relation::Parent);
    let children: Vec<_> = (view.members.iter())
        .filter(|(_, r)| *r == regie_domain::Relation::Child)
        .map(|(p, _)| p.id)
        .collect();
    let extendable = match case {
        Some(c) if parent => (c.route.justice.not_extended(today))
            .filter(|m| children.contains(&m.child))
            .map(|m| {
                (
                    m.number.to_string(),
                    format!(
                        "{} voor {}, tot {}",
                        super::format::capitalise(m.kind.label_nl()),
                        name_of(m.child),
                        m.until.map(date).unwrap_or_default()
                    ),
                )
            })
            .collect(),
        _ => Vec::new(),
    };
    let own_score = view.contributions.iter().rev().find_map(|(c, _)| match c.contribution {
        Contribution::OwnWords { score: Some(s), .. } if c.person_id == me => {
            Some(format!("{s} (op {})", moment(c.at)))
        }
        _ => None,
    });
    let timeline = timeline_rows(&view.timeline);
    PortalPage {
        layout: Layout::new("Mijn gezin", Some(&family.session), "/portaal"),
        youth,
        own_score,
        household: family.member.household.name.as_str().to_owned(),
        members: view
            .members
            .iter()
            .map(|(p, r)| format!("{} ({})", p.name.full(), r.label_nl()))
            .collect(),
        has_case: case.is_some(),
        phase: case.map(|c| c.phase.label_nl().to_owned()).unwrap_or_default(),
        legal_frame: case.map(|c| c.legal_frame.label_nl().to_owned()).unwrap_or_default(),
        legal_frame_code: case.map(|c| c.legal_frame.as_str()).unwrap_or_default(),
        justice: case
            .map(|c| justice_shown(&c.route.justice, &name_of, youth))
            .unwrap_or_default(),
        contact_stays: view.contacts.iter().any(|c| c.professional.ended.is_none()),
        contacts: view
            .contacts
            .iter()
            .map(|c| ContactShown {
                who: format!("{} van {}", c.professional.display_name, c.organisation.name),
                phone: (c.contact.phone.clone())
                    .map(|t| (t.clone(), t.chars().filter(|c| !c.is_whitespace()).collect())),
                email: c.contact.email.clone(),
                left: c.professional.ended.is_some(),
                team_phone: c.team_phone,
                team_email: c.team_email,
            })
            .collect(),
        plan: plan.map(|p| PlanShown {
            version: p.version,
            conditions: p.conditions.clone(),
            goals: p.goals.clone(),
            actions: p
                .actions
                .iter()
                .map(|a| {
                    let who = match a.owner {
                        Owner::Member { person_id } => name_of(person_id),
                        Owner::Professional { professional_id } => contact_of(professional_id),
                        Owner::Organisation { .. } => "een hulpverlener".into(),
                    };
                    let status = if a.is_overdue(today) {
                        "over de datum"
                    } else {
                        a.status.label_nl()
                    };
                    (a.description.clone(), who, date(a.deadline), status)
                })
                .collect(),
            answer: match &p.family {
                Some(FamilyResponse::Agreed {
                    at,
                    via: AnswerVia::Professional,
                    ..
                }) => {
                    format!("Uw gezin was het eens met deze versie ({}).", moment(*at))
                }
                Some(FamilyResponse::NotAgreed {
                    at,
                    why,
                    via: AnswerVia::Professional,
                    ..
                }) => {
                    format!("Uw gezin was het niet eens met deze versie ({}): {why}", moment(*at))
                }
                // Answered in the portal: the latest answer this member may read.
                _ => match portal_answer(&view, p.version) {
                    Some(answer) => answer,
                    None => "Uw gezin heeft nog niet gezegd of het het eens is met deze versie.".into(),
                },
            },
        }),
        analysis: case
            .and_then(|c| c.route.analysis.as_ref())
            .map(|a| {
                a.members
                    .iter()
                    .map(|m| MemberAnalysisShown {
                        name: name_of(m.person_id),
                        parts: Part::ALL
                            .into_iter()
                            .map(|part| {
                                let p = m.part(part);
                                (
                                    part.question_nl(),
                                    p.professionals.clone().unwrap_or_default(),
                                    p.family.clone().unwrap_or_default(),
                                )
                            })
                            .collect(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        scores: case
            .and_then(|c| c.route.analysis.as_ref())
            .map(|a| {
                a.scores
                    .iter()
                    .map(|s| {
                        let who = match s.giver {
                            ScoreGiver::Member { person_id } => name_of(person_id),
                            ScoreGiver::Professional { professional_id } => contact_of(professional_id),
                        };
                        (who, s.score)
                    })
                    .collect()
            })
            .unwrap_or_default(),
        timeline_terms: super::timeline_terms(&timeline),
        timeline,
        contributions: view
            .contributions
            .iter()
            .rev()
            // "Nieuw" is for the lead's eyes.
            .map(|(c, who)| contribution_row(c, who.clone(), None))
            .collect(),
        words,
        answer,
        correction,
        extendable,
        extension,
        correction_entries: std::iter::once((String::new(), "Iets anders".to_owned()))
            .chain(entries.iter().cloned())
            .collect(),
        statement_entries: std::iter::once((String::new(), "Kies een onderdeel".to_owned()))
            .chain(entries)
            .collect(),
        statement,
        decisions,
        complaints,
        complaint,
        destructions: (view.destructions.iter())
            .map(|r| match &r.decision {
                None => format!(
                    "Gevraagd op {}; de vaste contactpersoon beslist uiterlijk {}.",
                    date(r.asked_on),
                    date(r.due)
                ),
                Some(d) => match d.refused {
                    Some(ground) => format!(
                        "Gevraagd op {}; afgewezen op {}: {}. {}",
                        date(r.asked_on),
                        date(d.on),
                        ground.label_nl(),
                        d.reason
                    ),
                    None => format!("Gevraagd op {}; toegewezen op {}.", date(r.asked_on), date(d.on)),
                },
            })
            .collect(),
        destruction,
        lawyer: view.lawyer.as_ref().map(|l| {
            let reach: Vec<&str> = [l.contact.phone.as_deref(), l.contact.email.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            (
                format!("{}, {} ({})", l.name, l.office, reach.join(", ")),
                l.consent.map(moment),
            )
        }),
        lawyer_code: None,
        lawyer_form,
        thanks: false,
        questionnaires: (view.questionnaires.iter())
            .map(|i| {
                (
                    i.text_nl(),
                    format!("{}/{}/{}", super::questionnaire::PORTAL.0, i.case, i.seq),
                )
            })
            .collect(),
        emergencies: (view.emergencies.iter())
            .map(|(a, organisation)| {
                (
                    format!(
                        "{}: {organisation} opende het dossier met noodtoegang ({}).",
                        moment(a.at),
                        a.reason.label_nl()
                    ),
                    (a.complaints.iter())
                        .map(|c| match &c.decision {
                            None => format!(
                                "Uw klacht van {}: in behandeling; beslissing uiterlijk {}.",
                                date(c.filed_on),
                                date(c.due)
                            ),
                            Some(d) => format!(
                                "Uw klacht van {}: beslist, {}. {}",
                                date(c.filed_on),
                                d.finding.label_nl(),
                                d.reason
                            ),
                        })
                        .collect(),
                )
            })
            .collect(),
        emergency_choices: std::iter::once((String::new(), "Kies een noodtoegang".to_owned()))
            .chain(
                (view.emergencies.iter())
                    .map(|(a, organisation)| (a.id.to_string(), format!("{}: {organisation}", moment(a.at)))),
            )
            .collect(),
        emergency_form,
        letters: super::letters::rows(&view.letters, |l| {
            format!("/portaal/brieven/{}/{}/brief.pdf", l.case, l.entry)
        }),
    }
}

/// The latest answer to plan version `version` given in the portal, in words.
fn portal_answer(view: &PortalView, version: u32) -> Option<String> {
    view.contributions.iter().rev().find_map(|(c, who)| match &c.contribution {
        Contribution::PlanAnswer {
            plan_version,
            agreed,
            why,
        } if *plan_version == version => Some(format!(
            "{who} gaf op {} in het portaal aan {} te zijn met deze versie{} Uw contactpersoon bespreekt dit met u.",
            moment(c.at),
            if *agreed { "het eens" } else { "het niet eens" },
            why.as_ref().map_or_else(|| ".".to_owned(), |w| format!(": “{w}”"))
        )),
        _ => None,
    })
}

/// The portal's address after a questionnaire was answered: `/portaal?vragenlijst=bedankt`.
#[derive(Debug, Default, serde::Deserialize)]
struct PortalQuery {
    vragenlijst: Option<String>,
}

async fn portal(State(state): State<AppState>, family: Family, Query(q): Query<PortalQuery>) -> PageResult {
    let view = state.access.family_scope(family.member.clone()).view().await?;
    page(PortalPage {
        thanks: q.vragenlijst.as_deref() == Some("bedankt"),
        ..portal_page(&family, view, Default::default())
    })
}

/// Adds what the member says; a refused form comes back in place `slot` of the page (0 words, 1 answer,
/// 2 correction).
async fn contribute(
    state: &AppState,
    family: &Family,
    body: Posted,
    slot: usize,
    make: impl FnOnce(&FormState, &regie_domain::Case) -> Result<Contribution, Vec<regie_domain::DomainError>>,
) -> PageResult {
    let mut form = posted(&family.session, body)?;
    let scope = state.access.family_scope(family.member.clone());
    // Only for the professionals, unless the writer chose to let the household read it too.
    let shared = form.has("shared", "yes");
    match scope.contribute(shared, |case| make(&form, case)).await {
        Ok(_) => see("/portaal#inbreng"),
        Err(e) => {
            let status = form.refuse(e)?;
            refused(state, family, slot, form, status).await
        }
    }
}

/// The portal again with a refused form in place `slot` (see `portal_page`), every wrong field named.
async fn refused(
    state: &AppState,
    family: &Family,
    slot: usize,
    form: FormState,
    status: axum::http::StatusCode,
) -> PageResult {
    let mut forms: [FormState; 9] = Default::default();
    forms[slot] = form;
    // A processing of its own: the refused one may have begun its span without writing it.
    let view = (state.access.family_scope(family.member.clone()).view().await).map_err(PageError::from)?;
    page_with(status, portal_page(family, view, forms))
}

async fn own_words(State(state): State<AppState>, family: Family, body: Posted) -> PageResult {
    contribute(&state, &family, body, 0, |form, _| {
        Contribution::own_words(form.value("words"), form.value("score"))
    })
    .await
}

async fn plan_answer(State(state): State<AppState>, family: Family, body: Posted) -> PageResult {
    contribute(&state, &family, body, 1, |form, case| {
        let agreed = match form.value("agreed") {
            "yes" => true,
            "no" => false,
            _ => {
                return Err(vec![regie_domain::DomainError::invalid(
                    "agreed",
                    "required",
                    "say whether you agree",
                    "kies of u het eens bent",
                )]);
            }
        };
        let version = form.value("plan_version").parse().unwrap_or_default();
        Contribution::plan_answer(&case.route, version, agreed, form.value("why")).map_err(|e| vec![e])
    })
    .await
}

async fn correction(State(state): State<AppState>, family: Family, body: Posted) -> PageResult {
    contribute(&state, &family, body, 2, |form, _| {
        // An entry of the timeline goes to the lead to decide on; anything else stays a contribution.
        let entry = form.value("entry").parse().ok();
        Contribution::correction(form.value("text"), entry).map_err(|e| vec![e])
    })
    .await
}

/// A parent asks the court themselves to extend their children's measures the GI did not ask to extend
/// (art. 1:260 lid 1 BW); a missing choice and missing grounds are named at once.
async fn extension(State(state): State<AppState>, family: Family, body: Posted) -> PageResult {
    let mut form = posted(&family.session, body)?;
    let scope = state.access.family_scope(family.member.clone());
    let measures = form.values("measures").iter().filter_map(|m| m.parse().ok()).collect();
    let result = async {
        let (measures, grounds) =
            crate::api::justice::extension(measures, "extension_grounds", form.value("extension_grounds"))?;
        Ok::<_, crate::error::ApiError>(scope.request_extension(measures, grounds).await?)
    }
    .await;
    match result {
        Ok(_) => see("/portaal#rechter"),
        Err(e) => {
            let status = form.refuse(e)?;
            refused(&state, &family, 3, form, status).await
        }
    }
}

/// The member's own statement beside an entry of the timeline (eigen verklaring, AVG art. 16): the entry
/// and the words, both named at once when missing.
async fn own_statement(State(state): State<AppState>, family: Family, body: Posted) -> PageResult {
    let mut form = posted(&family.session, body)?;
    let scope = state.access.family_scope(family.member.clone());
    let result = async {
        let mut wrong = crate::error::Fields::default();
        let entry: Option<i64> = form.value("statement_entry").parse().ok();
        if entry.is_none() {
            wrong.push(regie_domain::DomainError::invalid(
                "statement_entry",
                "required",
                "choose the entry your statement is about",
                "Kies het onderdeel van de tijdlijn waar uw verklaring bij hoort.",
            ));
        }
        let text = wrong.check(regie_domain::Reason::parse("statement", form.value("statement")));
        wrong.finish()?;
        scope
            .add_own_statement(entry.expect("checked"), text.expect("checked"))
            .await
            .map_err(|e| crate::error::ApiError::from(e).renamed("entry", "statement_entry"))
    }
    .await;
    match result {
        Ok(()) => see("/portaal#verloop"),
        Err(e) => {
            let status = form.refuse(e)?;
            refused(&state, &family, 4, form, status).await
        }
    }
}

/// The member's complaint about a decision, with the organisation that made it: the decision and the words,
/// both named at once when missing.
async fn complaint(State(state): State<AppState>, family: Family, body: Posted) -> PageResult {
    let mut form = posted(&family.session, body)?;
    let scope = state.access.family_scope(family.member.clone());
    let result = async {
        let mut wrong = crate::error::Fields::default();
        let entry: Option<i64> = form.value("complaint_entry").parse().ok();
        if entry.is_none() {
            wrong.push(regie_domain::DomainError::invalid(
                "complaint_entry",
                "required",
                "choose the decision you complain about",
                "Kies de beslissing waar uw klacht over gaat.",
            ));
        }
        let text = wrong.check(regie_domain::Reason::parse("complaint", form.value("complaint")));
        wrong.finish()?;
        scope
            .file_complaint(entry.expect("checked"), text.expect("checked"))
            .await
            .map_err(|e| crate::error::ApiError::from(e).renamed("entry", "complaint_entry"))
    }
    .await;
    match result {
        Ok(()) => see("/portaal#klacht"),
        Err(e) => {
            let status = form.refuse(e)?;
            refused(&state, &family, 5, form, status).await
        }
    }
}

async fn destruction(State(state): State<AppState>, family: Family, body: Posted) -> PageResult {
    let mut form = posted(&family.session, body)?;
    let scope = state.access.family_scope(family.member.clone());
    let text = form.value("destruction_text").trim();
    let result = async {
        let text = match text {
            "" => None,
            t => Some(regie_domain::Reason::parse("destruction_text", t)?),
        };
        scope
            .request_destruction(text)
            .await
            .map_err(|e| crate::error::ApiError::from(e).renamed("destruction", "destruction_text"))
    }
    .await;
    match result {
        Ok(_) => see("/portaal#vernietiging"),
        Err(e) => {
            let status = form.refuse(e)?;
            refused(&state, &family, 6, form, status).await
        }
    }
}

async fn lawyer(State(state): State<AppState>, family: Family, body: Posted) -> PageResult {
    let mut form = posted(&family.session, body)?;
    let scope = state.access.family_scope(family.member.clone());
    let result = scope
        .register_lawyer(
            form.value("lawyer_name"),
            form.value("lawyer_office"),
            form.value("lawyer_phone"),
            form.value("lawyer_email"),
        )
        .await
        .map_err(|e| {
            crate::error::ApiError::from(e)
                .renamed("phone", "lawyer_phone")
                .renamed("email", "lawyer_email")
        });
    match result {
        Ok(_) => see("/portaal#advocaat"),
        Err(e) => {
            let status = form.refuse(e)?;
            refused(&state, &family, 7, form, status).await
        }
    }
}

/// Lets the lawyer read along (the code is shown on this one answer), stops it, or removes the lawyer.
async fn lawyer_action(
    State(state): State<AppState>,
    family: Family,
    PagePath(action): PagePath<String>,
    body: Posted,
) -> PageResult {
    posted(&family.session, body)?;
    let scope = state.access.family_scope(family.member.clone());
    match action.as_str() {
        "toestemming" => {
            let code = scope.consent_to_lawyer().await.map_err(PageError::from)?;
            let view = scope.view().await.map_err(PageError::from)?;
            let mut shown = portal_page(&family, view, Default::default());
            shown.lawyer_code = Some(code);
            page(shown)
        }
        "stoppen" => {
            scope.withdraw_lawyer_consent().await.map_err(PageError::from)?;
            see("/portaal#advocaat")
        }
        "verwijderen" => {
            scope.remove_lawyer().await.map_err(PageError::from)?;
            see("/portaal#advocaat")
        }
        _ => Err(PageError::from(crate::error::ApiError::from(
            regie_access::AccessError::not_found("action"),
        ))),
    }
}

/// A complaint about an emergency access to the household's file: every missing field at once.
async fn emergency_complaint(State(state): State<AppState>, family: Family, body: Posted) -> PageResult {
    let mut form = posted(&family.session, body)?;
    let scope = state.access.family_scope(family.member.clone());
    let result = async {
        let mut wrong = crate::error::Fields::default();
        let id = form.value("emergency").parse::<regie_domain::EmergencyAccessId>().ok();
        if id.is_none() {
            wrong.push(regie_domain::DomainError::invalid(
                "emergency",
                "required",
                "choose the emergency access you complain about",
                "Kies de noodtoegang waar uw klacht over gaat.",
            ));
        }
        let text = wrong.check(regie_domain::Reason::parse(
            "emergency_complaint",
            form.value("emergency_complaint"),
        ));
        wrong.finish()?;
        scope
            .complain_about_emergency(id.expect("checked"), text.expect("checked"))
            .await
            .map_err(crate::error::ApiError::from)
    }
    .await;
    match result {
        Ok(()) => see("/portaal#noodtoegang"),
        Err(e) => {
            let status = form.refuse(e)?;
            refused(&state, &family, 8, form, status).await
        }
    }
}
