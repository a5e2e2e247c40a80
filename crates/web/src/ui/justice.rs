//! The court route in the browser (F13–F15): the case's "Kinderbescherming" page, where the case team asks
//! the Raad to investigate, the Raad accepts and concludes, and the GI executes its measures; the work list
//! of the Raad, the court and the GI; and the court's page of a request, with the hearing and the decision.
//! The court never sees the household's file, only the request's minimal data.

use super::PageError;
use super::choose::{Chooser, ProfessionalChoice, SearchQuery, chooser};
use super::format::{date, page_number, paged};
use super::{FormState, Layout, PagePath, PageResult, Posted, Pro, page, page_with, posted, see};
use crate::AppState;
use crate::access::CourtFile;
use crate::api::justice::{
    ConclusionBody, ConclusionKind, DecisionBody, GrantBody, HeardBody, HeardKind, conclusion as parse_conclusion,
    decision_beside, extension,
};
use crate::error::{ApiError, Fields};
use askama::Template;
use axum::Router;
use axum::extract::Query;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use regie_access::{ConclusionInput, Whose};
use regie_domain::directory::Choosing;
use regie_domain::involvement::Involvement;
use regie_domain::justice::{Asked, Justice, Measure, MeasureKind, Outcome, WorkKind};
use regie_domain::time::{parse_date, today};
use regie_domain::{CaseId, DomainError, LegalFrame, OrganisationKind, PersonId, ProfessionalId, Reason, time};
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/kinderbescherming", get(worklist))
        .route("/zaken/{id}/kinderbescherming", get(case_page))
        .route("/zaken/{id}/kinderbescherming/{action}", super::form_post(2, act))
        .route("/zaken/{id}/verzoeken/{number}", get(court_page))
        .route(
            "/zaken/{id}/verzoeken/{number}/{action}",
            super::form_post(1, court_act),
        )
}

/// One line of the work list.
struct WorkRow {
    /// The case's page, when the work is the viewer's, their team's or nobody's yet; else none, the file
    /// being the colleague's.
    href: Option<String>,
    /// The colleague of another team whose work it is, by name.
    holder: Option<String>,
    /// An investigation of that colleague, to take over: the case, its version and the investigation.
    take_over: Option<(String, i64, u32)>,
    /// Measures of that colleague, to take over with a reason: the case, its version and a name for the
    /// reason's field that no other line has.
    take_over_measures: Option<(String, i64, String)>,
    household: String,
    what: &'static str,
    due: String,
    urgent: bool,
    /// How many measures of the case this line stands for (one line per case for the same work and day).
    count: usize,
    /// Whether it is assigned to nobody yet (shown where work is assigned: not at the court).
    unassigned: bool,
}

#[derive(Template)]
#[template(path = "justice_worklist.html")]
struct WorklistPage {
    layout: Layout,
    rows: Vec<WorkRow>,
    /// What of the organisation's work is assigned to its professionals, in words ("de onderzoeken die u
    /// doet" at the Raad, "de maatregelen die u uitvoert" at a GI); none at the court, whose requests are
    /// nobody's in particular, so the page offers "only mine" only with it.
    assigned: Option<&'static str>,
    /// How many lines the list has in all.
    total: u64,
    /// Whether it shows only the viewer's own work and what nobody has yet.
    mine: bool,
    /// Whether a line is a colleague's whom the viewer does not cover for (shown without a link).
    others: bool,
    /// "1–50 van 1.234".
    shown: String,
    /// The addresses of the previous and the next page, if any.
    previous: Option<String>,
    next: Option<String>,
}

/// Which page of the justice worklist (`?pagina=2`), and whether only the viewer's own work (`?mijn=ja`).
#[derive(Debug, serde::Deserialize)]
struct WorklistQuery {
    pagina: Option<String>,
    mijn: Option<String>,
}

async fn worklist(State(state): State<AppState>, pro: Pro, Query(q): Query<WorklistQuery>) -> PageResult {
    let mut wrong = Vec::new();
    let number = page_number(q.pagina.as_deref()).unwrap_or_else(|| {
        wrong.push("Het paginanummer moet een heel getal vanaf 1 zijn.");
        1
    });
    let court = pro.me.organisation.kind == OrganisationKind::Court;
    let gi = pro.me.organisation.kind == OrganisationKind::Gi;
    let assigned = match pro.me.organisation.kind {
        OrganisationKind::Court => None,
        OrganisationKind::Rvdk => Some("de onderzoeken die u doet"),
        _ => Some("de maatregelen die u uitvoert"),
    };
    let mine = match q.mijn.as_deref() {
        None => false,
        // The court's requests are nobody's in particular: its whole list.
        Some("ja") => !court,
        Some(_) => {
            wrong.push("Alleen uw eigen werk tonen kan met mijn=ja; laat het anders weg.");
            false
        }
    };
    if !wrong.is_empty() {
        return Err(PageError::User(
            StatusCode::BAD_REQUEST,
            format!("{} Ga naar de eerste pagina van Kinderbescherming.", wrong.join(" ")),
        ));
    }
    let whose = if mine { Whose::Mine } else { Whose::Organisation };
    let size = regie_access::JUSTICE_PAGE;
    let offset = (number - 1).saturating_mul(size);
    let (items, total) = (state.access.scope(pro.me.actor()))
        .justice_worklist(whose, size, offset)
        .await?;
    let (shown, previous, next) = paged(number, size, items.len(), total);
    let at = |n: u32| format!("/kinderbescherming?pagina={n}{}", if mine { "&mijn=ja" } else { "" });
    let holders: Vec<ProfessionalId> = (items.iter().filter(|i| !i.yours))
        .filter_map(|i| i.work.professional)
        .collect();
    let holders = super::households::names_of(&state, &pro, &holders).await?;
    let mut offered = std::collections::HashSet::new();
    let rows: Vec<WorkRow> = (items.iter())
        .map(|i| WorkRow {
            href: i.yours.then(|| match court {
                true => format!("/zaken/{}/verzoeken/{}", i.case_id, i.work.number),
                false => format!("/zaken/{}/kinderbescherming", i.case_id),
            }),
            holder: (!i.yours).then(|| {
                let p = i.work.professional.and_then(|p| holders.get(&p).cloned());
                p.unwrap_or_else(|| "een collega".into())
            }),
            take_over: (!i.yours && i.work.kind == WorkKind::ConcludeInvestigation)
                .then(|| (i.case_id.to_string(), i.version, i.work.number)),
            // Once a case: the take-over passes all of the GI's measures in it.
            take_over_measures: (!i.yours && gi && i.work.kind.on_measures() && offered.insert(i.case_id))
                .then(|| (i.case_id.to_string(), i.version, format!("reden-{}", i.case_id))),
            household: i.household_name.clone(),
            what: i.work.kind.label_nl(),
            due: if i.work.due == jiff::civil::Date::MAX {
                "—".into()
            } else {
                date(i.work.due)
            },
            urgent: i.work.kind.needs_action() && i.work.due <= today(),
            count: i.numbers.len(),
            unassigned: !court && i.work.professional.is_none(),
        })
        .collect();
    page(WorklistPage {
        layout: Layout::new("Kinderbescherming", Some(&pro.session), "/kinderbescherming"),
        others: items.iter().any(|i| !i.yours),
        rows,
        assigned,
        total,
        mine,
        shown,
        previous: previous.map(at),
        next: next.map(at),
    })
}

/// What the page shows of the route, in words.
struct Line {
    title: String,
    lines: Vec<String>,
}

fn describe(
    justice: &Justice,
    name: &dyn Fn(PersonId) -> String,
    executors: &HashMap<ProfessionalId, String>,
) -> Vec<Line> {
    let mut out = Vec::new();
    for i in &justice.investigations {
        let mut lines = vec![format!("Gevraagd op {}: {}", date(i.requested_on), i.reason)];
        if let Some(d) = i.deadline {
            lines.push(format!("Aangenomen; uiterlijk af op {}.", date(d)));
        }
        match &i.outcome {
            Some(regie_domain::justice::InvestigationOutcome::Request { request }) => {
                lines.push(format!("Afgerond: verzoek {request} aan de rechtbank."))
            }
            Some(regie_domain::justice::InvestigationOutcome::HandedBack { advice }) => {
                lines.push(format!("Afgerond, terug met advies: {advice}"))
            }
            None => {}
        }
        out.push(Line {
            title: format!("Onderzoek {} door de Raad voor de Kinderbescherming", i.number),
            lines,
        });
    }
    for r in &justice.requests {
        let asked = r.asked.label_nl();
        let children: Vec<String> = r.children.iter().map(|c| name(*c)).collect();
        let mut lines = vec![
            format!("Ingediend op {} voor {}.", date(r.filed_on), children.join(", ")),
            format!("Gronden: {}", r.grounds),
        ];
        match (&r.hearing, &r.decision) {
            (_, Some(d)) => {
                lines.push(format!("Beschikking op {}: {}.", date(d.on), d.outcome.label_nl()));
                lines.push(format!(
                    "Hoger beroep kan tot en met {} (drie maanden na de beschikking).",
                    date(d.appeal_until)
                ));
            }
            (Some(h), None) => {
                let to_hear: Vec<String> = h.to_hear.iter().map(|c| name(*c)).collect();
                lines.push(format!("Zitting op {}.", date(h.on)));
                if !to_hear.is_empty() {
                    lines.push(format!(
                        "Mag de rechter vertellen wat het ervan vindt (12 jaar of ouder): {}.",
                        to_hear.join(", ")
                    ));
                }
            }
            (None, None) => lines.push("Wacht op een zitting.".into()),
        }
        out.push(Line {
            title: format!("Verzoek {} aan de rechtbank: {asked}", r.number),
            lines,
        });
    }
    let now = time::today();
    for m in &justice.measures {
        let mut lines = vec![format!(
            "Voor {}, sinds {}{}.",
            name(m.child),
            date(m.start),
            m.until.map(|u| format!(", tot {}", date(u))).unwrap_or_default()
        )];
        if m.kind == MeasureKind::Placement {
            lines.push(match m.placed_on {
                Some(d) => format!("Uithuisplaatsing uitgevoerd op {}.", date(d)),
                None => format!(
                    "Nog niet gebruikt: de machtiging vervalt op {}.",
                    date(regie_domain::justice::lapses_on(m.start))
                ),
            });
        }
        if m.ended_on.is_none() {
            let who = executors.get(&m.executor.professional);
            lines.push(format!("Jeugdbeschermer: {}.", who.map_or("onbekend", String::as_str)));
        }
        lines.push(if m.in_force(now) {
            "Loopt.".into()
        } else {
            format!("Afgelopen op {}.", m.ends_on().map(date).unwrap_or_default())
        });
        out.push(Line {
            title: format!("Maatregel {}: {} ({})", m.number, m.kind.label_nl(), m.kind.article()),
            lines,
        });
    }
    out
}

#[derive(Template)]
#[template(path = "justice_case.html")]
struct CasePage {
    layout: Layout,
    id: String,
    household_id: String,
    version: i64,
    frame: &'static str,
    lines: Vec<Line>,
    form: FormState,
    /// Which forms the actor gets.
    may_ask: bool,
    accept: Option<u32>,
    /// An investigation a colleague of the Raad accepted, to take over: (number, the investigator's name).
    take_over: Option<(u32, String)>,
    conclude: Option<u32>,
    /// The measures the actor executes (to end).
    measures: Vec<(String, String)>,
    /// The measures whose extension the actor may request.
    extendable: Vec<(String, String)>,
    children: Vec<(String, String)>,
    /// The jeugdbeschermer to choose when concluding an investigation with a request for a measure.
    executor: Option<Chooser>,
    /// The jeugdbeschermer of the actor's GI to hand its measures and requests over to, when it has any.
    successor: Option<Chooser>,
    /// The requests for new measures the actor's organisation filed that wait for the court (number, the
    /// request with the jeugdbeschermer named in it), with the choice of another of the same GI.
    rename: Option<(Vec<(String, String)>, Chooser)>,
    kinds: Vec<(String, String)>,
    frames: Vec<(String, String)>,
    /// The region's Raden and courts to choose from, where it has more than one (else empty: the only one
    /// is meant).
    raads: Vec<(String, String)>,
    courts: Vec<(String, String)>,
}

/// The region's organisations of `kind` as a form's options, after one that asks to choose; none where the
/// region has one or none (the access layer then takes the only one, or says that there is none).
pub(super) fn organisation_options(
    organisations: &[regie_domain::Organisation],
    kind: OrganisationKind,
    ask: &str,
) -> Vec<(String, String)> {
    let of_kind: Vec<_> = organisations.iter().filter(|o| o.kind == kind).collect();
    if of_kind.len() < 2 {
        return Vec::new();
    }
    std::iter::once((String::new(), ask.to_owned()))
        .chain(of_kind.into_iter().map(|o| (o.id.to_string(), o.name.clone())))
        .collect()
}

async fn show(state: &AppState, pro: &Pro, id: CaseId, form: FormState, status: StatusCode) -> PageResult {
    let scope = state.access.scope(pro.me.actor());
    let (case, file) = super::cases::case_file(&scope, id).await?;
    let now = today();
    let names: Vec<(PersonId, String)> = (file.members.iter())
        .map(|m| {
            (
                m.person.id,
                format!("{} ({} jaar)", m.person.name.full(), m.person.age_on(now)),
            )
        })
        .collect();
    let name = |p: PersonId| (names.iter().find(|(i, _)| *i == p)).map_or("een kind".into(), |(_, n)| n.clone());
    let kind = pro.me.organisation.kind;
    let org = pro.me.organisation.id;
    let justice = &case.route.justice;
    let open = justice.investigations.iter().find(|i| i.open() && i.raad == org);
    let conclude = open.filter(|i| i.accepted_on.is_some()).map(|i| i.number);
    // The GI executes its measures and requests their extension; the Raad (or the OM) that asked for a
    // measure may request its extension in the last weeks when the GI has not (art. 1:260 lid 1 BW).
    let measures: Vec<&Measure> = if kind == OrganisationKind::Gi {
        (justice.measures.iter())
            .filter(|m| m.ended_on.is_none() && m.executor.organisation == org)
            .collect()
    } else {
        Vec::new()
    };
    // The GI's jeugdbeschermer (or their team) hands its measures over to another of its own; its task in
    // the file alone is not enough (the domain refuses it).
    let stands = matches!(file.ground, Involvement::Lead | Involvement::Rvt | Involvement::Team);
    let hands_over = stands && case.is_open() && !measures.is_empty();
    // A request the actor's organisation filed and the court has still to decide: it may name another
    // jeugdbeschermer of the same GI in it.
    // Only for a request for new measures, by the Raad (the OM reads no case): an extension follows the
    // measure's jeugdbeschermer, whom the GI hands over. Not beside the conclusion's choice of a
    // jeugdbeschermer: one choice with its search a page.
    let requester = regie_domain::policy::require(kind, regie_domain::Action::RequestMeasure).is_ok();
    let pending: Vec<&regie_domain::justice::CourtRequest> = (justice.requests.iter())
        .filter(|r| case.is_open() && r.pending() && r.filed_by == Some(org))
        .filter(|r| matches!(r.asked, Asked::Measures { .. }))
        .filter(|_| requester && conclude.is_none())
        .collect();
    let executors: Vec<ProfessionalId> = (justice.measures.iter())
        .filter(|m| m.ended_on.is_none())
        .map(|m| m.executor.professional)
        .chain(open.and_then(|i| i.investigator))
        .chain(pending.iter().map(|r| r.executor.professional))
        .collect();
    let executors = super::households::names_of(state, pro, &executors).await?;
    let take_over = (open.filter(|i| i.accepted_on.is_some()))
        .and_then(|i| {
            i.investigator
                .filter(|p| *p != pro.me.professional.id)
                .map(|p| (i.number, p))
        })
        .map(|(n, p)| (n, executors.get(&p).cloned().unwrap_or_else(|| "een collega".into())));
    let organisations = state.access.organisations(pro.me.organisation.region_id).await?;
    let option = |m: &Measure| {
        (
            m.number.to_string(),
            format!("{} voor {}", m.kind.label_nl(), name(m.child)),
        )
    };
    let page_ = CasePage {
        layout: Layout::new("Kinderbescherming", Some(&pro.session), "/huishoudens"),
        id: id.to_string(),
        household_id: case.household_id.to_string(),
        version: case.version,
        frame: case.legal_frame.label_nl(),
        lines: describe(justice, &name, &executors),
        may_ask: matches!(
            kind,
            OrganisationKind::LocalTeam | OrganisationKind::Vt | OrganisationKind::Gi
        ) && case.is_open()
            && !justice.investigations.iter().any(|i| i.open()),
        accept: open.filter(|i| i.accepted_on.is_none()).map(|i| i.number),
        take_over,
        conclude,
        measures: (measures.iter()).map(|m| option(m)).collect(),
        extendable: if kind == OrganisationKind::Gi {
            (measures.iter())
                .filter(|m| m.kind.extendable())
                .map(|m| option(m))
                .collect()
        } else {
            justice.step_in(org, now).map(option).collect()
        },
        children: (file.members.iter())
            .filter(|m| m.membership.is_current_on(now) && m.person.age_on(now) < 18)
            .map(|m| (m.person.id.to_string(), name(m.person.id)))
            .collect(),
        executor: match conclude {
            Some(_) => Some(executor(state, pro, &form).await?),
            None => None,
        },
        successor: match hands_over {
            true => Some(successor(state, pro, &form).await?),
            false => None,
        },
        rename: match pending.is_empty() {
            true => None,
            false => {
                let mut choice = ProfessionalChoice::new(
                    "to",
                    "Welke jeugdbeschermer van dezelfde GI noemt u in het verzoek?",
                    "Kies een jeugdbeschermer",
                    Choosing::Executor,
                );
                // Only that GI's jeugdbeschermers, when the pending requests name one GI (as they nearly
                // always do); the domain refuses another GI's with a sentence either way.
                let gis: std::collections::BTreeSet<_> = pending.iter().map(|r| r.executor.organisation).collect();
                if let (1, Some(gi)) = (gis.len(), gis.first()) {
                    choice = choice.of(*gi);
                }
                let requests = (pending.iter())
                    .map(|r| {
                        let named = executors.get(&r.executor.professional).cloned();
                        let named = named.unwrap_or_else(|| "een jeugdbeschermer".into());
                        (r.number.to_string(), format!("Verzoek {}, nu met {named}", r.number))
                    })
                    .collect();
                Some((requests, chooser(state, pro, &form, choice).await?))
            }
        },
        kinds: vec![
            ("supervision".into(), "Ondertoezichtstelling".into()),
            (
                "supervision+placement".into(),
                "Ondertoezichtstelling met machtiging uithuisplaatsing".into(),
            ),
            (
                "provisional_supervision".into(),
                "Voorlopige ondertoezichtstelling (spoed)".into(),
            ),
            (
                "provisional_supervision+placement".into(),
                "Voorlopige ondertoezichtstelling met machtiging uithuisplaatsing (spoed)".into(),
            ),
            ("authority_termination".into(), "Gezagsbeëindigende maatregel".into()),
            ("hand_back".into(), "Geen maatregel: terug met advies".into()),
        ],
        frames: vec![
            ("".into(), "Er loopt nog een andere maatregel".into()),
            ("voluntary".into(), "Vrijwillig".into()),
            ("pressure".into(), "Drang".into()),
        ],
        form,
        raads: organisation_options(&organisations, OrganisationKind::Rvdk, "Kies de Raad"),
        courts: organisation_options(&organisations, OrganisationKind::Court, "Kies de rechtbank"),
    };
    page_with(status, page_)
}

/// The jeugdbeschermers of the region's GIs to choose from, for a form's `executor` choice.
pub(super) async fn executor(state: &AppState, pro: &Pro, form: &FormState) -> Result<Chooser, PageError> {
    let choice = ProfessionalChoice::new(
        "executor",
        "Welke jeugdbeschermer voert de maatregel uit?",
        "Kies een jeugdbeschermer",
        Choosing::Executor,
    );
    chooser(state, pro, form, choice).await
}

/// The jeugdbeschermers of the actor's own GI, for the hand-over's `to` choice.
async fn successor(state: &AppState, pro: &Pro, form: &FormState) -> Result<Chooser, PageError> {
    let choice = ProfessionalChoice::new(
        "to",
        "Aan welke jeugdbeschermer van uw GI draagt u de maatregelen over?",
        "Kies een jeugdbeschermer",
        Choosing::Successor,
    );
    chooser(state, pro, form, choice).await
}

async fn case_page(
    State(state): State<AppState>,
    pro: Pro,
    PagePath(id): PagePath<CaseId>,
    Query(q): Query<SearchQuery>,
) -> PageResult {
    let mut form = FormState::default();
    form.default_value("zoek", q.text());
    show(&state, &pro, id, form, StatusCode::OK).await
}

fn version(form: &FormState) -> Result<i64, DomainError> {
    form.value("version")
        .parse()
        .map_err(|_| DomainError::invalid("version", "required", "reload the page", "laad de pagina opnieuw"))
}

async fn act(
    State(state): State<AppState>,
    pro: Pro,
    PagePath((id, action)): PagePath<(CaseId, String)>,
    body: Posted,
) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    if super::choose::searching(&form) {
        return show(&state, &pro, id, form, StatusCode::OK).await;
    }
    let scope = state.access.scope(pro.me.actor());
    let result: Result<(), ApiError> = async {
        let version = version(&form)?;
        match action.as_str() {
            "onderzoek" => {
                let raad = form.value("raad").parse().ok();
                scope
                    .request_investigation(id, version, raad, form.value("reason"))
                    .await?;
            }
            "aannemen" => {
                let n = form.value("number").parse().unwrap_or(0);
                scope.accept_investigation(id, version, n).await?;
            }
            "overnemen" => {
                let n = form.value("number").parse().unwrap_or(0);
                scope.take_over_investigation(id, version, n).await?;
            }
            "maatregelen-overnemen" => {
                scope.take_over_measures(id, version, form.value("reason")).await?;
            }
            "afronden" => {
                let n = form.value("number").parse().unwrap_or(0);
                scope.conclude_investigation(id, version, n, conclusion(&form)?).await?;
            }
            "verlenging" => {
                let measures = form.values("measures").iter().filter_map(|m| m.parse().ok()).collect();
                let (measures, grounds) = extension(measures, "extension_grounds", form.value("extension_grounds"))?;
                // Named apart from the conclusion's court on the same page.
                let court = form.value("extension_court").parse().ok();
                scope.request_extension(id, version, measures, grounds, court).await?;
            }
            "einde" => {
                // The measure and the reason at once.
                let n = form.value("measure").parse::<u32>().map_err(|_| {
                    DomainError::invalid(
                        "measure",
                        "required",
                        "choose the measure that ends",
                        "kies de maatregel die eindigt",
                    )
                });
                let frame = LegalFrame::parse(form.value("frame_after"));
                let (n, reason) = regie_domain::error::both(n, Reason::parse("end_reason", form.value("end_reason")))?;
                scope.end_measure(id, version, n, frame, reason).await?;
            }
            "overdragen" => {
                let reason = form.value("handover_reason");
                let to = chosen(&form, reason, "Kies de jeugdbeschermer die de maatregelen overneemt.")?;
                scope.hand_over_measures(id, version, to, reason).await?;
            }
            "jeugdbeschermer" => {
                let n = form.value("number").parse().unwrap_or(0);
                let reason = form.value("rename_reason");
                let to = chosen(&form, reason, "Kies de jeugdbeschermer die u in het verzoek noemt.")?;
                scope.name_other_executor(id, version, n, to, reason).await?;
            }
            _ => return Err(ApiError::from(regie_access::AccessError::not_found("page"))),
        }
        Ok(())
    }
    .await;
    match result {
        Ok(()) => see(format!("/zaken/{id}/kinderbescherming")),
        // Taken over from the worklist too, by a colleague who may not read the file before it is theirs: a
        // refusal (another took it over first, say) is told on a page of its own.
        Err(e) if action == "overnemen" || action == "maatregelen-overnemen" => Err(e.into()),
        Err(e) => {
            let status = form.refuse(e)?;
            // The hand-over's and the request's reasons have names of their own: the page asks for other
            // reasons too.
            match action.as_str() {
                "overdragen" => form.rename_errors("reason", "handover_reason"),
                "jeugdbeschermer" => form.rename_errors("reason", "rename_reason"),
                "verlenging" => form.rename_errors("court", "extension_court"),
                _ => {}
            }
            show(&state, &pro, id, form, status).await
        }
    }
}

/// The jeugdbeschermer chosen in the form's `to`; when none is, that refusal (`nl`) with the `reason`'s, if
/// that is wrong too.
fn chosen(form: &FormState, reason: &str, nl: &'static str) -> Result<ProfessionalId, ApiError> {
    form.value("to").parse().map_err(|_| {
        let to = DomainError::invalid("to", "required", "choose a jeugdbeschermer", nl);
        let wrong: Vec<DomainError> = std::iter::once(to)
            .chain(Reason::parse("reason", reason).err())
            .collect();
        wrong.into()
    })
}

/// The Raad's conclusion as typed: the form's choice (`kinds`: a measure, measures joined by "+", or
/// `hand_back`) as the API's body, read by the API's parser, so both report every wrong field the same way.
fn conclusion(form: &FormState) -> Result<ConclusionInput, ApiError> {
    let choice = form.value("kinds");
    let hand_back = choice == "hand_back";
    let body = ConclusionBody {
        outcome: if hand_back {
            ConclusionKind::HandBack
        } else {
            ConclusionKind::Request
        },
        kinds: if hand_back {
            Vec::new()
        } else {
            choice.split('+').filter_map(MeasureKind::parse).collect()
        },
        children: (form.values("children").iter())
            .filter_map(|c| c.parse().ok())
            .collect(),
        grounds: Some(form.value("grounds").to_owned()),
        court: form.value("court").parse().ok(),
        executor: form.value("executor").parse().ok(),
        advice: Some(form.value("advice").to_owned()),
        version: 0,
    };
    parse_conclusion(&body)
}

#[derive(Template)]
#[template(path = "court_request.html")]
struct CourtPage {
    layout: Layout,
    action: String,
    file: CourtFile,
    asked: String,
    lines: Vec<String>,
    form: FormState,
    kinds: Vec<(String, String)>,
    outcomes: Vec<(String, String)>,
    heard: Vec<(String, String)>,
    /// The request's children, to grant for some of them only.
    children: Vec<(String, String)>,
}

async fn court_show(
    state: &AppState,
    pro: &Pro,
    id: CaseId,
    number: u32,
    form: FormState,
    status: StatusCode,
) -> PageResult {
    let file = state.access.scope(pro.me.actor()).court_file(id, number).await?;
    let asked = file.request.asked.label_nl();
    let kinds = match &file.request.asked {
        Asked::Measures { kinds } => kinds.clone(),
        Asked::Extension { .. } => file.measures.iter().map(|m| m.kind).collect(),
    };
    let mut kinds: Vec<(String, String)> = kinds.iter().map(|k| (k.as_str().into(), k.label_nl().into())).collect();
    kinds.sort();
    kinds.dedup();
    let mut lines = Vec::new();
    if let Some(i) = &file.investigation {
        let mut line = format!("Onderzoek van de Raad, gevraagd op {}", date(i.requested_on));
        if let Some(d) = i.concluded_on {
            line.push_str(&format!(", afgerond op {}", date(d)));
        }
        lines.push(line + ".");
    }
    if let Some(h) = &file.request.hearing {
        lines.push(format!("Zitting op {}.", date(h.on)));
    }
    if let Some(d) = &file.request.decision {
        lines.push(format!(
            "Beschikking op {}: {}. Hoger beroep kan tot en met {}.",
            date(d.on),
            d.outcome.label_nl(),
            date(d.appeal_until)
        ));
    }
    page_with(
        status,
        CourtPage {
            layout: Layout::new(format!("Verzoek {number}"), Some(&pro.session), "/kinderbescherming"),
            action: format!("/zaken/{id}/verzoeken/{number}"),
            asked,
            lines,
            kinds,
            outcomes: [Outcome::Granted, Outcome::PartlyGranted, Outcome::Rejected]
                .iter()
                .map(|o| (super::cases::serde_code(o), o.label_nl().to_owned()))
                .collect(),
            children: (file.children.iter())
                .map(|c| (c.person_id.to_string(), format!("{} ({} jaar)", c.name, c.age)))
                .collect(),
            heard: vec![
                ("heard".into(), "Gehoord".into()),
                ("declined".into(), "Wilde niet gehoord worden".into()),
                ("not_heard".into(), "Niet gehoord (vul de reden in)".into()),
            ],
            file,
            form,
        },
    )
}

async fn court_page(
    State(state): State<AppState>,
    pro: Pro,
    PagePath((id, number)): PagePath<(CaseId, u32)>,
) -> PageResult {
    let mut form = FormState::default();
    form.default_value("start", today().to_string());
    court_show(&state, &pro, id, number, form, StatusCode::OK).await
}

async fn court_act(
    State(state): State<AppState>,
    pro: Pro,
    PagePath((id, number, action)): PagePath<(CaseId, u32, String)>,
    body: Posted,
) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    let scope = state.access.scope(pro.me.actor());
    let result: Result<(), ApiError> = async {
        let version = version(&form)?;
        match action.as_str() {
            "zitting" => {
                let on = parse_date("hearing_on", form.value("hearing_on"))?;
                scope.schedule_hearing(id, version, number, on).await?;
            }
            "beschikking" => {
                let (body, wrong) = decision_body(&form);
                let input = decision_beside(number, &body, wrong)?;
                scope.decide(id, version, input).await?;
            }
            _ => return Err(ApiError::from(regie_access::AccessError::not_found("page"))),
        }
        Ok(())
    }
    .await;
    match result {
        // After the decision the request leaves the court's work: back to the list.
        Ok(()) if action == "beschikking" => see("/kinderbescherming"),
        Ok(()) => see(format!("/zaken/{id}/verzoeken/{number}")),
        Err(e) => {
            // The groups of choices send nothing when none is made: on the form all the same, so that the
            // summary links to them.
            for group in ["outcome", "granted", "heard"] {
                form.default_value(group, "");
            }
            let status = form.refuse(e)?;
            court_show(&state, &pro, id, number, form, status).await
        }
    }
}

/// The decision form as the API's body: the outcome, what is granted with its end, and for each child to
/// be heard the record (fields `heard_<person>` and `reason_<person>`); with a missing outcome as the
/// first wrong field (the body then reads it as granted, so that the rest is checked beside it).
fn decision_body(form: &FormState) -> (DecisionBody, Fields) {
    let mut wrong = Fields::default();
    let outcome = match form.value("outcome") {
        "granted" => Outcome::Granted,
        "partly_granted" => Outcome::PartlyGranted,
        "rejected" => Outcome::Rejected,
        _ => {
            wrong.push(DomainError::invalid(
                "outcome",
                "required",
                "choose the decision",
                "Kies de beslissing: toegewezen, gedeeltelijk toegewezen of afgewezen.",
            ));
            Outcome::Granted
        }
    };
    let granted = if outcome == Outcome::Rejected {
        Vec::new()
    } else {
        form.values("granted")
            .iter()
            .filter_map(|k| MeasureKind::parse(k))
            .map(|kind| GrantBody {
                kind,
                until: Some(form.value(kind.until_field()).to_owned()).filter(|u| !u.trim().is_empty()),
            })
            .collect()
    };
    let heard = (form.fields())
        .filter_map(|(k, v)| k.strip_prefix("heard_").map(|p| (p.to_owned(), v.to_owned())))
        .filter_map(|(p, v)| {
            let person: PersonId = p.parse().ok()?;
            let heard = match v.as_str() {
                "heard" => HeardKind::Heard,
                "declined" => HeardKind::Declined,
                "not_heard" => HeardKind::NotHeard,
                _ => return None,
            };
            Some(HeardBody {
                person_id: person,
                heard,
                reason: Some(form.value(&format!("reason_{p}")).to_owned()),
            })
        })
        .collect();
    let body = DecisionBody {
        outcome,
        granted,
        children: form.values("children").iter().filter_map(|c| c.parse().ok()).collect(),
        start: Some(form.value("start").to_owned()),
        heard,
        urgent: Some(form.value("urgent").to_owned()),
        reason: form.value("reason").to_owned(),
        version: 0,
    };
    (body, wrong)
}
