//! The lawyer's page (F16; `regie_access::LawyerView`): with the access code their client handed them, a
//! lawyer reads the court proceedings concerning the client and the copies of the letters about them,
//! read-only. The lawyer has no account: the code, typed into a form (never in an address, which could
//! end up in a log), opens the page for that one answer.

use super::format::date;
use super::{FormState, Layout, PageForm, PageResult, Posted, page, page_with};
use crate::AppState;
use crate::error::ApiError;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use regie_access::LawyerView;
use regie_domain::PersonId;

pub fn router() -> Router<AppState> {
    Router::new().route("/advocaat", get(form).post(read))
}

/// What the page shows of the client's court proceedings.
struct Shown {
    client: String,
    lawyer: String,
    /// Each request, line by line.
    requests: Vec<Vec<String>>,
    measures: Vec<String>,
    /// Each letter: its subject with its date, and its sections.
    letters: Vec<(String, Vec<(String, String)>)>,
}

#[derive(Template)]
#[template(path = "lawyer.html")]
struct LawyerPage {
    layout: Layout,
    view: Option<Shown>,
    form: FormState,
}

fn shown(v: LawyerView) -> Shown {
    let name = |p: &PersonId| {
        (v.names.iter())
            .find(|(id, _)| id == p)
            .map_or_else(|| "een kind".to_owned(), |(_, n)| n.clone())
    };
    let requests = (v.requests.iter())
        .map(|r| {
            let children: Vec<String> = r.children.iter().map(name).collect();
            let mut lines = vec![
                format!(
                    "{}, voor {}, ingediend op {}",
                    r.asked.label_nl(),
                    children.join(" en "),
                    date(r.filed_on)
                ),
                format!("Gronden: {}", r.grounds),
            ];
            if let Some(h) = &r.hearing {
                lines.push(format!("Zitting op {}", date(h.on)));
            }
            match &r.decision {
                Some(d) => lines.push(format!(
                    "Beschikking van {}: {}. Hoger beroep tot en met {}.",
                    date(d.on),
                    d.outcome.label_nl(),
                    date(d.appeal_until)
                )),
                None => lines.push("De kinderrechter heeft nog niet beslist.".to_owned()),
            }
            lines
        })
        .collect();
    let measures = (v.measures.iter())
        .map(|m| {
            let until = m.until.map(|u| format!(" tot {}", date(u))).unwrap_or_default();
            let ended = m
                .ended_on
                .map(|e| format!(", geëindigd op {}", date(e)))
                .unwrap_or_default();
            format!(
                "{} voor {}, vanaf {}{until}{ended}",
                m.kind.label_nl(),
                name(&m.child),
                date(m.start)
            )
        })
        .collect();
    let letters = (v.letters.iter())
        .map(|l| {
            (
                format!("{} ({})", l.subject, super::format::moment(l.at)),
                l.sections.iter().map(|s| (s.heading.clone(), s.text.clone())).collect(),
            )
        })
        .collect();
    Shown {
        client: v.client,
        lawyer: format!("{} ({})", v.lawyer.name, v.lawyer.office),
        requests,
        measures,
        letters,
    }
}

async fn form() -> PageResult {
    page(LawyerPage {
        layout: Layout::new("Inzage voor de advocaat", None, "/advocaat"),
        view: None,
        form: FormState::default(),
    })
}

async fn read(State(state): State<AppState>, PageForm(values): Posted) -> PageResult {
    let mut form = FormState::with(values);
    let code = form.value("code").to_owned();
    match state.access.lawyer_view(&code).await {
        Ok(v) => page(LawyerPage {
            layout: Layout::new(format!("Stukken over {}", v.client), None, "/advocaat"),
            view: Some(shown(v)),
            form: FormState::default(),
        }),
        Err(e) => {
            let status = form.refuse(ApiError::from(e))?;
            // The access code is a secret: never sent back.
            form.forget(&["code"]);
            page_with(
                status,
                LawyerPage {
                    layout: Layout::new("Inzage voor de advocaat", None, "/advocaat"),
                    view: None,
                    form,
                },
            )
        }
    }
}
