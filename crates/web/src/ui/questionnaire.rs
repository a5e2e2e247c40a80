//! The experience questionnaire in the portal (F24; `regie_access::Invitation`): after a key moment of the
//! household's case a member answers three or four questions from 1 to 5, or leaves them open, and may add
//! an open answer. Voluntary; kept apart from the file, never with the member's name.

use super::{Family, FormState, Layout, PageResult, Posted, page_with, posted, see};
use crate::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use regie_access::Invitation;
use regie_domain::CaseId;

pub fn router() -> Router<AppState> {
    Router::new().route("/portaal/vragenlijst/{case}/{seq}", get(form).post(answer))
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

fn render(family: &Family, invitation: Invitation, form: FormState, status: StatusCode) -> PageResult {
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
    page_with(
        status,
        QuestionnairePage {
            layout: Layout::new("Vragenlijst", Some(&family.session), "/portaal"),
            action: format!("/portaal/vragenlijst/{}/{}", invitation.case, invitation.seq),
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
    // Every question starts on "Geen antwoord".
    let blank = (invitation.respondent.questions().iter())
        .map(|(code, _)| ((*code).to_owned(), String::new()))
        .collect();
    render(&family, invitation, FormState::with(blank), StatusCode::OK)
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
            render(&family, invitation, form, status)
        }
    }
}
