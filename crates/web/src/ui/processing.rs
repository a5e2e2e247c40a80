//! Who processed whose data, and why (F20, B2): the family's page "Wie heeft uw gegevens bekeken", the same
//! log per household for its case team and the reviewer, and the register of processing activities.

use super::format::moment;
use super::{Family, Layout, MaybeSession, PageError, PagePath, PageResult, Pro, page};
use crate::AppState;
use crate::access::{ProcessingLine, Visitor};
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use regie_domain::register::{ACTIVITIES, Activity};
use regie_domain::{HouseholdId, Relation};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/portaal/verwerkingen", get(family_log))
        .route("/huishoudens/{id}/verwerkingen", get(household_log))
        .route("/verwerkingsregister", get(register))
}

/// One processing as a line on the page; the same processing repeated on one day is one line with a count.
#[derive(PartialEq, Eq)]
struct LogRow {
    at: String,
    day: jiff::civil::Date,
    times: usize,
    who: String,
    what: String,
    why: String,
    ground: String,
    emergency: bool,
}

fn rows(lines: Vec<ProcessingLine>, family: bool) -> Vec<LogRow> {
    let rows = lines.into_iter().map(|l| LogRow {
        at: moment(l.at),
        day: regie_domain::time::date_in_nl(l.at),
        times: 1,
        who: match &l.family_member {
            None if l.automatic => format!("{} (automatisch, door Regie)", l.organisation),
            Some(me) if family => format!("{}, in het portaal", super::format::capitalise(me)),
            Some(member) => format!("{member} (gezinslid), in het portaal"),
            None if l.professional.is_empty() => format!("{} ({})", l.organisation, l.kind.label_nl()),
            None => format!("{}, {}", l.professional, l.organisation),
        },
        what: if l.operation == "write" {
            "gegevens vastgelegd of gewijzigd".into()
        } else {
            "gegevens bekeken".into()
        },
        why: l.activity.map_or_else(
            || "werk in het dossier".to_owned(),
            |a| {
                if family {
                    a.plain_nl.to_owned()
                } else {
                    a.name_nl.to_owned()
                }
            },
        ),
        ground: l.activity.map_or_else(String::new, |a| a.ground.to_owned()),
        emergency: l.emergency,
    });
    // One line per day, organisation (or professional), purpose, read or write, and emergency, at its
    // latest moment; newest first.
    let mut grouped: Vec<LogRow> = Vec::new();
    for row in rows {
        let same = |g: &LogRow| {
            (g.day, &g.who, &g.what, &g.why, g.emergency) == (row.day, &row.who, &row.what, &row.why, row.emergency)
        };
        match grouped.iter_mut().find(|g| same(g)) {
            Some(g) => g.times += 1,
            None => grouped.push(row),
        }
    }
    grouped
}

#[derive(Template)]
#[template(path = "processing_log.html")]
struct LogPage {
    layout: Layout,
    intro: String,
    rows: Vec<LogRow>,
    back: (String, String),
}

async fn family_log(State(state): State<AppState>, family: Family) -> PageResult {
    let lines = state
        .access
        .family_scope(family.member.clone())
        .processing_log()
        .await?;
    // A youth is spoken to with "je", an adult with "u".
    let youth = state
        .access
        .family_scope(family.member.clone())
        .view()
        .await?
        .members
        .iter()
        .any(|(p, r)| p.id == family.member.person.id && *r == Relation::Child);
    let (title, intro) = if youth {
        (
            "Wie heeft jouw gegevens bekeken",
            "Hier zie je welke organisatie jouw gegevens heeft bekeken of vastgelegd, wanneer, waarvoor en op grond van welke wet. Noodtoegang betekent: iemand die niet aan jouw gezin werkt, heeft het dossier in een noodgeval geopend. Dat wordt altijd gecontroleerd.",
        )
    } else {
        (
            "Wie heeft uw gegevens bekeken",
            "Hier ziet u welke organisatie uw gegevens, en die van uw kinderen onder de 16, heeft bekeken of vastgelegd: wanneer, waarvoor en op grond van welke wet. Noodtoegang betekent: iemand die niet aan uw gezin werkt, heeft het dossier in een noodgeval geopend. Dat wordt altijd gecontroleerd.",
        )
    };
    page(LogPage {
        layout: Layout::new(title, Some(&family.session), "/portaal"),
        intro: intro.into(),
        rows: rows(lines, true),
        back: ("/portaal".into(), "Terug naar mijn gezin".into()),
    })
}

async fn household_log(State(state): State<AppState>, pro: Pro, PagePath(id): PagePath<HouseholdId>) -> PageResult {
    let lines = state.access.scope(pro.me.actor()).household_log(id).await?;
    page(LogPage {
        layout: Layout::new("Verwerkingen van dit huishouden", Some(&pro.session), "/huishoudens"),
        intro: "Wie de gegevens van dit huishouden en zijn leden heeft bekeken of vastgelegd, met de verwerkingsactiviteit en de grondslag; de nieuwste eerst. Het gezin ziet hetzelfde overzicht, zonder namen van professionals en zonder melders.".into(),
        rows: rows(lines, false),
        back: (format!("/huishoudens/{id}"), "Terug naar het huishouden".into()),
    })
}

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage {
    layout: Layout,
    family: bool,
    activities: &'static [Activity],
}

async fn register(MaybeSession(session): MaybeSession) -> PageResult {
    let session = session.ok_or(PageError::SignIn)?;
    let family = matches!(session.visitor, Visitor::Family(_));
    page(RegisterPage {
        layout: Layout::new("Verwerkingsregister", Some(&session), "/verwerkingsregister"),
        family,
        activities: ACTIVITIES,
    })
}
