//! The experience questionnaires (F24; `regie_access::Invitation`): after a key moment of the household's
//! case a member answers, in the portal, three or four questions from 1 to 5, or leaves them open, and may
//! add an open answer; the case's fixed contact person answers their own at `/vragenlijsten`. Voluntary;
//! kept apart from the file, never with the respondent's name.

use super::{Family, FormState, Layout, PageResult, Posted, Pro, page_with, posted, see};
use crate::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use regie_access::Invitation;
use regie_domain::CaseId;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/portaal/vragenlijst/{case}/{seq}", get(form).post(answer))
        .route("/vragenlijsten", get(list))
        .route("/vragenlijsten/{case}/{seq}", get(pro_form).post(pro_answer))
}

#[derive(Template)]
#[template(path = "questionnaire.html")]
struct QuestionnairePage {
    layout: Layout,
    form: FormState,
    invitation: Invitation,
    /// Each question: its code and text.
    questions: &'static [(&'static str, &'static str)],
    /// The choices of every question.
    scores: Vec<(String, String)>,
    action: String,
    youth: bool,
    /// A professional's questionnaire: back to their list, not the portal.
    back: &'static str,
    /// When the moment was, in Dutch.
    when: String,
    open_label: &'static str,
}

/// The questionnaire offered to the member after event `seq` of `case`; a 404 when there is none.
async fn offered(state: &AppState, family: &Family, case: CaseId, seq: i64) -> Result<Invitation, super::PageError> {
    let scope = state.access.family_scope(family.member.clone());
    (scope.questionnaires().await?.into_iter())
        .find(|i| i.case == case && i.seq == seq)
        .ok_or_else(|| regie_access::AccessError::not_found("questionnaire").into())
}

/// The form's page for a member (`family`) or the contact person.
fn render(
    family: Option<&Family>,
    pro: Option<&Pro>,
    invitation: Invitation,
    form: FormState,
    status: StatusCode,
) -> PageResult {
    let youth = invitation.respondent == regie_domain::questionnaire::Respondent::Youth;
    let mut scores = vec![(String::new(), "Geen antwoord".to_owned())];
    scores.extend((1..=5).map(|n| {
        let text = match n {
            1 => "1 (helemaal niet)".to_owned(),
            5 => "5 (helemaal wel)".to_owned(),
            n => n.to_string(),
        };
        (n.to_string(), text)
    }));
    let (session, back) = match (family, pro) {
        (Some(f), _) => (Some(&f.session), "/portaal"),
        (None, p) => (p.map(|p| &p.session), "/vragenlijsten"),
    };
    page_with(
        status,
        QuestionnairePage {
            layout: Layout::new("Vragenlijst", session, back),
            action: format!(
                "{}/{}/{}",
                if back == "/portaal" {
                    "/portaal/vragenlijst"
                } else {
                    back
                },
                invitation.case,
                invitation.seq
            ),
            back,
            when: super::format::date(regie_domain::time::date_in_nl(invitation.at)),
            open_label: if youth {
                "Wil je nog iets kwijt? (mag leeg blijven)"
            } else {
                "Wilt u nog iets kwijt? (mag leeg blijven)"
            },
            questions: invitation.respondent.questions(),
            invitation,
            form,
            scores,
            youth,
        },
    )
}

async fn form(State(state): State<AppState>, family: Family, Path((case, seq)): Path<(CaseId, i64)>) -> PageResult {
    let invitation = offered(&state, &family, case, seq).await?;
    let form = FormState::with(blank(&invitation));
    render(Some(&family), None, invitation, form, StatusCode::OK)
}

async fn answer(
    State(state): State<AppState>,
    family: Family,
    Path((case, seq)): Path<(CaseId, i64)>,
    body: Posted,
) -> PageResult {
    let mut form = posted(&family.session, body)?;
    let scope = state.access.family_scope(family.member.clone());
    let fields: Vec<(String, String)> = form.fields().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
    match scope.answer_questionnaire(case, seq, &fields, form.value("open")).await {
        Ok(()) => see("/portaal?vragenlijst=bedankt#vragenlijsten"),
        Err(e) => {
            let status = form.refuse(e)?;
            let invitation = offered(&state, &family, case, seq).await?;
            render(Some(&family), None, invitation, form, status)
        }
    }
}

/// Every question on "Geen antwoord", as the form starts.
fn blank(invitation: &Invitation) -> Vec<(String, String)> {
    (invitation.respondent.questions().iter())
        .map(|(code, _)| ((*code).to_owned(), String::new()))
        .collect()
}

#[derive(Template)]
#[template(path = "questionnaires.html")]
struct ListPage {
    layout: Layout,
    /// What happened when, and the questionnaire's address.
    offered: Vec<(String, String)>,
}

/// The contact person's questionnaires not yet answered.
async fn list(State(state): State<AppState>, pro: Pro) -> PageResult {
    let offered = state.access.scope(pro.me.actor()).questionnaires().await?;
    page_with(
        StatusCode::OK,
        ListPage {
            layout: Layout::new("Vragenlijsten", Some(&pro.session), "/vragenlijsten"),
            offered: (offered.iter())
                .map(|i| {
                    (
                        format!(
                            "{}: {}.",
                            super::format::date(regie_domain::time::date_in_nl(i.at)),
                            i.moment.label_nl()
                        ),
                        format!("/vragenlijsten/{}/{}", i.case, i.seq),
                    )
                })
                .collect(),
        },
    )
}

async fn pro_offered(state: &AppState, pro: &Pro, case: CaseId, seq: i64) -> Result<Invitation, super::PageError> {
    (state.access.scope(pro.me.actor()).questionnaires().await?.into_iter())
        .find(|i| i.case == case && i.seq == seq)
        .ok_or_else(|| regie_access::AccessError::not_found("questionnaire").into())
}

async fn pro_form(State(state): State<AppState>, pro: Pro, Path((case, seq)): Path<(CaseId, i64)>) -> PageResult {
    let invitation = pro_offered(&state, &pro, case, seq).await?;
    let form = FormState::with(blank(&invitation));
    render(None, Some(&pro), invitation, form, StatusCode::OK)
}

async fn pro_answer(
    State(state): State<AppState>,
    pro: Pro,
    Path((case, seq)): Path<(CaseId, i64)>,
    body: Posted,
) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    let fields: Vec<(String, String)> = form.fields().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
    let scope = state.access.scope(pro.me.actor());
    match scope.answer_questionnaire(case, seq, &fields, form.value("open")).await {
        Ok(()) => see("/vragenlijsten?bedankt"),
        Err(e) => {
            let status = form.refuse(e)?;
            let invitation = pro_offered(&state, &pro, case, seq).await?;
            render(None, Some(&pro), invitation, form, status)
        }
    }
}
