//! Consent in the browser (F18): the household's consents for its case team, with the form that records one
//! and a button that records its revocation; and the portal page where a member sees the consents they gave
//! and revokes one.

use super::format::{date, moment};
use super::{Family, FormState, Layout, PagePath, PageResult, Posted, Pro, page, page_with, posted, see};
use crate::AppState;
use crate::access::ConsentItem;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use regie_domain::consent::{ConsentForm, Manner, Purpose, Revoker};
use regie_domain::route::is_rvt;
use regie_domain::{ConsentId, HouseholdId, Relation, time};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/huishoudens/{id}/toestemming", get(consents).post(record))
        .route(
            "/huishoudens/{id}/toestemming/{consent}/intrekken",
            super::form_post(2, revoke),
        )
        .route("/portaal/toestemming", get(family_consents))
        .route(
            "/portaal/toestemming/{consent}/intrekken",
            super::form_post(2, family_revoke),
        )
}

/// One consent as a block on the page.
struct ConsentRow {
    id: String,
    who: String,
    purpose: &'static str,
    organisation: String,
    from: String,
    manner: &'static str,
    /// "Geldt" or "Ingetrokken op … door …".
    status: String,
    in_force: bool,
}

fn row(item: ConsentItem, family: bool) -> ConsentRow {
    let c = item.consent;
    let today = time::today();
    let status = match c.revoked {
        Some(r) => {
            let by = match r.by {
                Revoker::Family(_) if family => "zelf, in het portaal",
                Revoker::Family(_) => "door het gezinslid zelf, in het portaal",
                Revoker::Professional(_) => "doorgegeven aan een professional",
            };
            format!("Ingetrokken op {} ({by})", moment(r.at))
        }
        None if c.in_force(today) => "Geldt".to_owned(),
        None => format!("Geldt vanaf {}", date(c.from)),
    };
    ConsentRow {
        id: c.id.to_string(),
        who: item.person_name,
        purpose: c.purpose.label_nl(),
        organisation: item.organisation_name,
        from: date(c.from),
        manner: c.manner.label_nl(),
        in_force: c.revoked.is_none(),
        status,
    }
}

#[derive(Template)]
#[template(path = "consents.html")]
struct ConsentsPage {
    layout: Layout,
    id: String,
    rows: Vec<ConsentRow>,
    form: FormState,
    /// The form that records a revocation (its errors).
    revoking: FormState,
    members: Vec<(String, String)>,
    purposes: Vec<(String, String)>,
    organisations: Vec<(String, String)>,
    manners: Vec<(String, String)>,
}

async fn consents_page(
    state: &AppState,
    pro: &Pro,
    id: HouseholdId,
    form: FormState,
    revoking: FormState,
) -> Result<ConsentsPage, super::PageError> {
    let scope = state.access.scope(pro.me.actor());
    let rows = scope.consents(id).await?.into_iter().map(|c| row(c, false)).collect();
    let file = scope.household_file(id).await?;
    let today = time::today();
    let members = std::iter::once((String::new(), "Kies een gezinslid".to_owned()))
        .chain(
            (file.members.iter())
                .filter(|m| m.membership.is_current_on(today))
                .map(|m| {
                    let label = format!("{} ({} jaar)", m.person.name.full(), m.person.age_on(today));
                    (m.person.id.to_string(), label)
                }),
        )
        .collect();
    let organisations = std::iter::once((String::new(), "Kies een organisatie".to_owned()))
        .chain(
            (state
                .access
                .organisations(pro.me.organisation.region_id)
                .await?
                .into_iter())
            .filter(|o| is_rvt(o.kind))
            .map(|o| (o.id.to_string(), o.name)),
        )
        .collect();
    Ok(ConsentsPage {
        layout: Layout::new("Toestemming om gegevens te delen", Some(&pro.session), "/huishoudens"),
        id: id.to_string(),
        rows,
        form,
        revoking,
        members,
        purposes: (Purpose::ALL.iter())
            .map(|p| (p.code().to_owned(), p.label_nl().to_owned()))
            .collect(),
        organisations,
        manners: (Manner::ALL.iter())
            .map(|m| (m.code().to_owned(), m.label_nl().to_owned()))
            .collect(),
    })
}

async fn consents(State(state): State<AppState>, pro: Pro, PagePath(id): PagePath<HouseholdId>) -> PageResult {
    let mut form = FormState::default();
    form.default_value("from", time::today().to_string());
    page(consents_page(&state, &pro, id, form, FormState::default()).await?)
}

async fn record(
    State(state): State<AppState>,
    pro: Pro,
    PagePath(id): PagePath<HouseholdId>,
    body: Posted,
) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    let given = ConsentForm {
        person: form.value("person_id"),
        purpose: form.value("purpose"),
        organisation: form.value("organisation_id"),
        from: form.value("from"),
        manner: form.value("manner"),
    };
    let result = state.access.scope(pro.me.actor()).record_consent(id, &given).await;
    match result {
        Ok(_) => see(format!("/huishoudens/{id}/toestemming")),
        Err(e) => {
            let status = form.refuse(e)?;
            page_with(
                status,
                consents_page(&state, &pro, id, form, FormState::default()).await?,
            )
        }
    }
}

async fn revoke(
    State(state): State<AppState>,
    pro: Pro,
    PagePath((id, consent)): PagePath<(HouseholdId, ConsentId)>,
    body: Posted,
) -> PageResult {
    let mut revoking = posted(&pro.session, body)?;
    let result = (state.access.scope(pro.me.actor())).revoke_consent(id, consent).await;
    match result {
        Ok(_) => see(format!("/huishoudens/{id}/toestemming")),
        Err(e) => {
            let status = revoking.refuse(e)?;
            let mut form = FormState::default();
            form.default_value("from", time::today().to_string());
            page_with(status, consents_page(&state, &pro, id, form, revoking).await?)
        }
    }
}

#[derive(Template)]
#[template(path = "portal_consents.html")]
struct FamilyConsentsPage {
    layout: Layout,
    youth: bool,
    rows: Vec<ConsentRow>,
    form: FormState,
}

async fn family_page(
    state: &AppState,
    family: &Family,
    form: FormState,
) -> Result<FamilyConsentsPage, super::PageError> {
    let scope = state.access.family_scope(family.member.clone());
    let rows = scope.consents().await?.into_iter().map(|c| row(c, true)).collect();
    // A youth is spoken to with "je", an adult with "u".
    let youth =
        (scope.view().await?.members.iter()).any(|(p, r)| p.id == family.member.person.id && *r == Relation::Child);
    let title = if youth { "Jouw toestemming" } else { "Uw toestemming" };
    Ok(FamilyConsentsPage {
        layout: Layout::new(title, Some(&family.session), "/portaal"),
        youth,
        rows,
        form,
    })
}

async fn family_consents(State(state): State<AppState>, family: Family) -> PageResult {
    page(family_page(&state, &family, FormState::default()).await?)
}

async fn family_revoke(
    State(state): State<AppState>,
    family: Family,
    PagePath(consent): PagePath<ConsentId>,
    body: Posted,
) -> PageResult {
    let mut form = posted(&family.session, body)?;
    let result = (state.access.family_scope(family.member.clone()))
        .revoke_consent(consent)
        .await;
    match result {
        Ok(_) => see("/portaal/toestemming"),
        Err(e) => {
            let status = form.refuse(e)?;
            page_with(status, family_page(&state, &family, form).await?)
        }
    }
}
