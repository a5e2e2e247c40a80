//! Break the glass in the browser: the emergency access form for a household one is not involved in, and
//! the reviewer's list of the organisation's emergency accesses with a judgement for each.

use super::format::{date, moment};
use super::{FormState, Layout, PagePath, PageResult, Posted, Pro, page, page_with, posted, see};
use crate::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use regie_domain::emergency::EmergencyReason;
use regie_domain::{EmergencyAccessId, HouseholdId, time};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/huishoudens/{id}/noodtoegang", get(form).post(open))
        .route("/noodtoegang", get(reviews))
        .route("/noodtoegang/{id}", super::form_post(1, judge))
        .route(
            "/noodtoegang/{id}/klachten/{number}",
            super::form_post(3, decide_complaint),
        )
}

#[derive(Template)]
#[template(path = "emergency.html")]
struct EmergencyPage {
    layout: Layout,
    action: String,
    reasons: Vec<(String, String)>,
    form: FormState,
}

fn emergency_page(pro: &Pro, id: HouseholdId, form: FormState) -> EmergencyPage {
    EmergencyPage {
        layout: Layout::new("Noodtoegang", Some(&pro.session), "/huishoudens"),
        action: format!("/huishoudens/{id}/noodtoegang"),
        reasons: EmergencyReason::ALL
            .iter()
            .map(|r| (r.code().to_owned(), r.label_nl().to_owned()))
            .collect(),
        form,
    }
}

async fn form(pro: Pro, PagePath(id): PagePath<HouseholdId>) -> PageResult {
    regie_domain::policy::require(pro.me.organisation.kind, regie_domain::Action::BreakTheGlass)
        .map_err(crate::error::ApiError::from)?;
    page(emergency_page(&pro, id, FormState::default()))
}

async fn open(
    State(state): State<AppState>,
    pro: Pro,
    PagePath(id): PagePath<HouseholdId>,
    body: Posted,
) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    let result = (state.access.scope(pro.me.actor()))
        .break_glass(id, form.value("reason"), form.value("explanation"))
        .await;
    match result {
        Ok(_) => see(format!("/huishoudens/{id}")),
        Err(e) => {
            let status = form.refuse(e)?;
            page_with(status, emergency_page(&pro, id, form))
        }
    }
}

/// One emergency access on the reviewer's list.
struct ReviewRow {
    id: String,
    household: String,
    who: String,
    when: String,
    reason: &'static str,
    explanation: String,
    due: String,
    overdue: bool,
    judgement: Option<String>,
    /// The household's complaints about it: (number, text, decision in words if decided, the key of its
    /// form: the access and the number).
    complaints: Vec<(u32, String, Option<String>, String)>,
}

#[derive(Template)]
#[template(path = "emergency_reviews.html")]
struct ReviewsPage {
    layout: Layout,
    rows: Vec<ReviewRow>,
    form: FormState,
    open_count: usize,
}

async fn reviews_page(state: &AppState, pro: &Pro, form: FormState) -> Result<ReviewsPage, super::PageError> {
    let items = state.access.scope(pro.me.actor()).emergency_reviews().await?;
    let today = time::today();
    let rows: Vec<ReviewRow> = items
        .into_iter()
        .map(|i| {
            let a = i.access;
            ReviewRow {
                id: a.id.to_string(),
                household: a.household.to_string(),
                who: i.professional_name,
                when: moment(a.at),
                reason: a.reason.label_nl(),
                explanation: a.explanation.clone(),
                complaints: (a.complaints.iter())
                    .map(|c| {
                        (
                            c.number,
                            format!(
                                "Klacht van het gezin, ingediend op {}, beslissen uiterlijk {}: “{}”",
                                date(c.filed_on),
                                date(c.due),
                                c.text
                            ),
                            c.decision
                                .as_ref()
                                .map(|d| format!("Op {} beslist: {}. {}", date(d.on), d.finding.label_nl(), d.reason)),
                            format!("{}-{}", a.id, c.number),
                        )
                    })
                    .collect(),
                due: date(a.review_due),
                overdue: a.review_overdue(today),
                judgement: a.review.as_ref().map(|r| {
                    let verdict = if r.justified { "terecht" } else { "niet terecht" };
                    match &r.note {
                        Some(n) => format!("Beoordeeld als {verdict}: {n}"),
                        None => format!("Beoordeeld als {verdict}."),
                    }
                }),
            }
        })
        .collect();
    Ok(ReviewsPage {
        layout: Layout::new("Noodtoegang beoordelen", Some(&pro.session), "/noodtoegang"),
        open_count: rows.iter().filter(|r| r.judgement.is_none()).count(),
        rows,
        form,
    })
}

async fn reviews(State(state): State<AppState>, pro: Pro) -> PageResult {
    page(reviews_page(&state, &pro, FormState::default()).await?)
}

async fn judge(
    State(state): State<AppState>,
    pro: Pro,
    PagePath(id): PagePath<EmergencyAccessId>,
    body: Posted,
) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    let justified = match form.value("justified") {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    let result = match justified {
        Some(justified) => {
            (state.access.scope(pro.me.actor()))
                .review_emergency(id, justified, form.value("note"))
                .await
        }
        None => Err(regie_domain::DomainError::invalid(
            "justified",
            "required",
            "choose whether the access was justified",
            "Kies of de noodtoegang terecht was.",
        )
        .into()),
    };
    match result {
        Ok(_) => see("/noodtoegang"),
        Err(e) => {
            let status = form.refuse(e)?;
            form.default_value("for", id.to_string());
            page_with(status, reviews_page(&state, &pro, form).await?)
        }
    }
}

/// The reviewer decides on a household's complaint about an emergency access.
async fn decide_complaint(
    State(state): State<AppState>,
    pro: Pro,
    PagePath((id, number)): PagePath<(EmergencyAccessId, u32)>,
    body: Posted,
) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    // The page has a form per complaint: the refusal belongs to this one.
    form.default_value("for", format!("{id}-{number}"));
    let finding = regie_domain::complaint::Finding::parse(form.value("finding"));
    let result = async {
        let (finding, reason) = crate::api::corrections::complaint_decision(finding, form.value("reason"))?;
        (state.access.scope(pro.me.actor()))
            .decide_emergency_complaint(id, number, finding, reason)
            .await
            .map_err(crate::error::ApiError::from)
    }
    .await;
    match result {
        Ok(_) => see("/noodtoegang"),
        Err(e) => {
            let status = form.refuse(e)?;
            page_with(status, reviews_page(&state, &pro, form).await?)
        }
    }
}
