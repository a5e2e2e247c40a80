//! Parental authority (gezag) in the browser: who holds it over each child, on the household page and on
//! its own page with the form that registers it (as in effect: a gezagsbeëindigende maatregel in force puts
//! the GI in the parents' place, `regie_domain::authority::in_effect`).

use super::format::date;
use super::{FormState, Layout, PagePath, PageResult, Posted, Pro, page_with, posted, see};
use crate::AppState;
use crate::access::HouseholdFile;
use crate::error::{ApiError, Fields};
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use regie_domain::authority::Holder;
use regie_domain::time::{parse_date, today};
use regie_domain::{DomainError, HouseholdId, Organisation, PersonId};

pub fn router() -> Router<AppState> {
    Router::new().route("/huishoudens/{id}/gezag", get(authority).post(record))
}

/// Who holds authority over each current child, in words: "Noor Verhoef (14 jaar): Ilse Verhoef, sinds
/// 24-9-2012".
pub(super) fn lines(file: &HouseholdFile, organisations: &[Organisation]) -> Vec<String> {
    let now = today();
    let person = |p: PersonId| {
        (file.members.iter().map(|m| &m.person))
            .find(|x| x.id == p)
            .map_or_else(|| "onbekend".to_owned(), |x| x.name.full())
    };
    let organisation =
        |o| (organisations.iter().find(|org| org.id == o)).map_or_else(|| "een GI".to_owned(), |org| org.name.clone());
    (file.members.iter())
        .filter(|m| m.membership.is_current_on(now) && m.person.age_on(now) < 18)
        .map(|m| {
            let child = format!("{} ({} jaar)", m.person.name.full(), m.person.age_on(now));
            match file.authority.iter().find(|a| a.child == m.person.id) {
                None => format!("{child}: niet vastgelegd"),
                Some(a) => {
                    let holders: Vec<String> = (a.holders.iter())
                        .map(|h| match h {
                            Holder::Person { person_id } => person(*person_id),
                            Holder::Guardian { organisation_id } => {
                                format!("{} (voogd)", organisation(*organisation_id))
                            }
                        })
                        .collect();
                    format!("{child}: {}, sinds {}", holders.join(" en "), date(a.since))
                }
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "authority.html")]
struct AuthorityPage {
    layout: Layout,
    id: String,
    lines: Vec<String>,
    form: FormState,
    children: Vec<(String, String)>,
    holders: Vec<(String, String)>,
    second: Vec<(String, String)>,
}

async fn show(state: &AppState, pro: &Pro, id: HouseholdId, form: FormState, status: StatusCode) -> PageResult {
    let scope = state.access.scope(pro.me.actor());
    let file = scope.household_file(id).await?;
    let organisations = state.access.organisations(pro.me.organisation.region_id).await?;
    let now = today();
    let current = || file.members.iter().filter(|m| m.membership.is_current_on(now));
    let children = std::iter::once((String::new(), "Kies een kind".to_owned()))
        .chain(current().filter(|m| m.person.age_on(now) < 18).map(|m| {
            (
                m.person.id.to_string(),
                format!("{} ({} jaar)", m.person.name.full(), m.person.age_on(now)),
            )
        }))
        .collect();
    let adults: Vec<(String, String)> = current()
        .filter(|m| m.person.age_on(now) >= 18)
        .map(|m| (format!("person:{}", m.person.id), m.person.name.full()))
        .collect();
    let gis: Vec<(String, String)> = (organisations.iter())
        .filter(|o| o.kind == regie_domain::OrganisationKind::Gi)
        .map(|o| (format!("guardian:{}", o.id), format!("{} (voogdij)", o.name)))
        .collect();
    page_with(
        status,
        AuthorityPage {
            layout: Layout::new("Gezag", Some(&pro.session), "/huishoudens"),
            id: id.to_string(),
            lines: lines(&file, &organisations),
            children,
            holders: std::iter::once((String::new(), "Kies wie het gezag heeft".to_owned()))
                .chain(adults.iter().cloned())
                .chain(gis)
                .collect(),
            second: std::iter::once((String::new(), "Niemand anders".to_owned()))
                .chain(adults)
                .collect(),
            form,
        },
    )
}

async fn authority(State(state): State<AppState>, pro: Pro, PagePath(id): PagePath<HouseholdId>) -> PageResult {
    show(&state, &pro, id, FormState::default(), StatusCode::OK).await
}

/// A holder as chosen: "person:<id>" or "guardian:<id>".
fn holder(value: &str) -> Option<Holder> {
    let (kind, id) = value.split_once(':')?;
    match kind {
        "person" => id.parse().ok().map(|person_id| Holder::Person { person_id }),
        "guardian" => id
            .parse()
            .ok()
            .map(|organisation_id| Holder::Guardian { organisation_id }),
        _ => None,
    }
}

async fn record(
    State(state): State<AppState>,
    pro: Pro,
    PagePath(id): PagePath<HouseholdId>,
    body: Posted,
) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    let result: Result<(), ApiError> = async {
        let mut wrong = Fields::default();
        let child: Option<PersonId> = form.value("child").parse().ok();
        if child.is_none() {
            wrong.push(DomainError::invalid(
                "child",
                "required",
                "choose the child",
                "Kies het kind.",
            ));
        }
        let since = wrong.check(parse_date("since", form.value("since")));
        let holders: Vec<Holder> = [form.value("holders"), form.value("second")]
            .into_iter()
            .filter_map(holder)
            .collect();
        wrong.finish()?;
        let scope = state.access.scope(pro.me.actor());
        scope
            .record_authority(id, child.expect("checked"), holders, since.expect("checked"))
            .await?;
        Ok(())
    }
    .await;
    match result {
        Ok(()) => see(format!("/huishoudens/{id}")),
        Err(e) => {
            let status = form.refuse(e)?;
            show(&state, &pro, id, form, status).await
        }
    }
}
