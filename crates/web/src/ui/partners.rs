//! The justice partners' page (F17): the OM and the Reclassering see their own tracks, with whom to contact
//! where the case team asked to coordinate, and register a new one by BSN and date of birth. The case team
//! sees a household's tracks on its page and asks a partner to coordinate.

use super::format::date;
use super::{FormState, Layout, PagePath, PageResult, Posted, Pro, page_with, posted, see};
use crate::AppState;
use crate::error::ApiError;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use regie_domain::partners::{CriminalStatus, TrackInput};
use regie_domain::{HouseholdId, OrganisationKind, TrackId};

pub fn router() -> Router<AppState> {
    Router::new().route("/trajecten", get(tracks).post(register)).route(
        "/huishoudens/{id}/trajecten/{track}/afstemming",
        super::form_post(3, coordinate),
    )
}

struct TrackRow {
    summary: String,
    period: String,
    contact: Option<String>,
}

#[derive(Template)]
#[template(path = "partner_tracks.html")]
struct TracksPage {
    layout: Layout,
    om: bool,
    rows: Vec<TrackRow>,
    form: FormState,
    statuses: Vec<(String, String)>,
}

async fn show(state: &AppState, pro: &Pro, form: FormState, status: StatusCode) -> PageResult {
    let own = state.access.scope(pro.me.actor()).my_tracks().await?;
    let rows = own
        .into_iter()
        .map(|o| TrackRow {
            summary: o.track.summary_nl(),
            period: match o.track.until {
                Some(u) => format!("van {} tot {}", date(o.track.from), date(u)),
                None => format!("sinds {}", date(o.track.from)),
            },
            contact: o.contact.map(|(p, org)| {
                let how: Vec<String> = [p.contact.phone, p.contact.email].into_iter().flatten().collect();
                format!(
                    "{} ({}){}",
                    p.display_name,
                    org,
                    if how.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", how.join(", "))
                    }
                )
            }),
        })
        .collect();
    page_with(
        status,
        TracksPage {
            layout: Layout::new("Trajecten", Some(&pro.session), "/trajecten"),
            om: pro.me.organisation.kind == OrganisationKind::Prosecutor,
            rows,
            form,
            statuses: std::iter::once((String::new(), "Kies de stand".to_owned()))
                .chain(
                    CriminalStatus::ALL
                        .iter()
                        .map(|s| (s.as_str().to_owned(), s.label_nl().to_owned())),
                )
                .collect(),
        },
    )
}

async fn tracks(State(state): State<AppState>, pro: Pro) -> PageResult {
    show(&state, &pro, FormState::default(), StatusCode::OK).await
}

async fn register(State(state): State<AppState>, pro: Pro, body: Posted) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    let input = TrackInput {
        reference: form.value("reference"),
        status: form.value("status"),
        supervisor: form.value("supervisor"),
        from: form.value("from"),
        until: form.value("until"),
    };
    let result = (state.access.scope(pro.me.actor()))
        .register_track(form.value("bsn"), form.value("date_of_birth"), input)
        .await;
    match result {
        Ok(_) => see("/trajecten"),
        Err(e) => {
            let status = form.refuse(ApiError::from(e))?;
            show(&state, &pro, form, status).await
        }
    }
}

async fn coordinate(
    State(state): State<AppState>,
    pro: Pro,
    PagePath((id, track)): PagePath<(HouseholdId, TrackId)>,
    body: Posted,
) -> PageResult {
    posted(&pro.session, body)?;
    state.access.scope(pro.me.actor()).ask_coordination(id, track).await?;
    see(format!("/huishoudens/{id}"))
}
