//! The experience questionnaires (F24; `regie_access::Invitation`): after a key moment of the household's
//! case a member answers, in the portal, three or four questions from 1 to 5, or leaves them open, and may
//! add an open answer; the case's fixed contact person answers their own at `/vragenlijsten`. Voluntary;
//! kept apart from the file, never with the respondent's name.

use super::{Family, FormState, Layout, PagePath, PageResult, Posted, Pro, page_with, posted, see};
use crate::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
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
    /// Each question: its code and text.
    questions: &'static [(&'static str, &'static str)],
    /// The choices of every question.
    scores: Vec<(String, String)>,
    action: String,
    youth: bool,
    /// A professional's questionnaire: back to their list, not the portal.
    back: &'static str,
    /// What happened when, in Dutch.
    moment: String,
    open_label: &'static str,
}

/// The form's page, posted to `{prefix}/{case}/{seq}`, with a way `back` without answering.
fn render(
    session: &regie_access::Session,
    (prefix, back): (&str, &'static str),
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
    page_with(
        status,
        QuestionnairePage {
            layout: Layout::new("Vragenlijst", Some(session), back),
            action: format!("{prefix}/{}/{}", invitation.case, invitation.seq),
            back,
            moment: invitation.text_nl(),
            open_label: if youth {
                "Wil je nog iets kwijt? (mag leeg blijven)"
            } else {
                "Wilt u nog iets kwijt? (mag leeg blijven)"
            },
            questions: invitation.respondent.questions(),
            form,
            scores,
            youth,
        },
    )
}

async fn form(
    State(state): State<AppState>,
    family: Family,
    PagePath((case, seq)): PagePath<(CaseId, i64)>,
) -> PageResult {
    let scope = state.access.family_scope(family.member.clone());
    let invitation = scope.questionnaire(case, seq).await?;
    let form = FormState::with(blank(&invitation));
    render(&family.session, PORTAL, invitation, form, StatusCode::OK)
}

async fn answer(
    State(state): State<AppState>,
    family: Family,
    PagePath((case, seq)): PagePath<(CaseId, i64)>,
    body: Posted,
) -> PageResult {
    let mut form = posted(&family.session, body)?;
    let scope = state.access.family_scope(family.member.clone());
    let fields: Vec<(String, String)> = form.fields().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
    match scope.answer_questionnaire(case, seq, &fields, form.value("open")).await {
        Ok(()) => see("/portaal?vragenlijst=bedankt#vragenlijsten"),
        Err(e) => {
            let status = form.refuse(e)?;
            let invitation = scope.questionnaire(case, seq).await?;
            render(&family.session, PORTAL, invitation, form, status)
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

/// Where a member's questionnaire is posted, and the way back.
pub(super) const PORTAL: (&str, &str) = ("/portaal/vragenlijst", "/portaal");
/// Where the contact person's questionnaire is posted, and the way back.
const OWN: (&str, &str) = ("/vragenlijsten", "/vragenlijsten");

/// The contact person's questionnaires not yet answered.
async fn list(State(state): State<AppState>, pro: Pro) -> PageResult {
    let offered = state.access.scope(pro.me.actor()).questionnaires().await?;
    page_with(
        StatusCode::OK,
        ListPage {
            layout: Layout::new("Vragenlijsten", Some(&pro.session), "/vragenlijsten"),
            offered: (offered.iter())
                .map(|i| (i.text_nl(), format!("{}/{}/{}", OWN.0, i.case, i.seq)))
                .collect(),
        },
    )
}

async fn pro_form(
    State(state): State<AppState>,
    pro: Pro,
    PagePath((case, seq)): PagePath<(CaseId, i64)>,
) -> PageResult {
    let invitation = state.access.scope(pro.me.actor()).questionnaire(case, seq).await?;
    let form = FormState::with(blank(&invitation));
    render(&pro.session, OWN, invitation, form, StatusCode::OK)
}

async fn pro_answer(
    State(state): State<AppState>,
    pro: Pro,
    PagePath((case, seq)): PagePath<(CaseId, i64)>,
    body: Posted,
) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    let fields: Vec<(String, String)> = form.fields().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
    let scope = state.access.scope(pro.me.actor());
    match scope.answer_questionnaire(case, seq, &fields, form.value("open")).await {
        Ok(()) => see("/vragenlijsten?bedankt"),
        Err(e) => {
            let status = form.refuse(e)?;
            let invitation = scope.questionnaire(case, seq).await?;
            render(&pro.session, OWN, invitation, form, status)
        }
    }
}
