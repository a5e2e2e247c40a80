//! The justice partners' page (F17): the OM and the Reclassering see their own tracks, with whom to contact
//! where the case team asked to coordinate, and register a new one by BSN and date of birth. The case team
//! sees a household's tracks on its page and asks a partner to coordinate.

use super::choose::SearchQuery;
use super::format::date;
use super::{FormState, Layout, PagePath, PageResult, Posted, Pro, page_with, posted, see};
use crate::AppState;
use crate::access::NamedChild;
use crate::api::justice::extension;
use crate::error::{ApiError, Fields};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::routing::get;
use regie_domain::justice::MeasureKind;
use regie_domain::partners::{CriminalStatus, TrackInput, TrackKind};
use regie_domain::{DomainError, HouseholdId, OrganisationKind, ProfessionalId, Reason, TrackId};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/trajecten", get(tracks).post(register))
        .route("/trajecten/verzoek", super::form_post(1, om_request))
        .route("/trajecten/verlenging", super::form_post(1, om_extension))
        .route(
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
    /// The OM's request for a measure (its errors and what was typed).
    request: FormState,
    /// The measures the OM may request the extension of, and that form.
    due: Vec<(String, String)>,
    extension: FormState,
    tracks: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    /// The jeugdbeschermer the OM's request names (the OM only).
    executor: Option<super::choose::Chooser>,
    /// The region's courts to choose from for the OM's requests, where it has more than one.
    courts: Vec<(String, String)>,
}

/// The page with each form's state: registering a track, the OM's request, the OM's extension request.
async fn show(state: &AppState, pro: &Pro, forms: [FormState; 3], status: StatusCode) -> PageResult {
    let [form, request, extension] = forms;
    let own = state.access.scope(pro.me.actor()).my_tracks().await?;
    let om = pro.me.organisation.kind == OrganisationKind::Prosecutor;
    let executor = match om {
        true => Some(super::justice::executor(state, pro, &request).await?),
        false => None,
    };
    let courts = match om {
        true => super::justice::organisation_options(
            &state.access.organisations(pro.me.organisation.region_id).await?,
            OrganisationKind::Court,
            "Kies de rechtbank",
        ),
        false => Vec::new(),
    };
    let tracks = std::iter::once((String::new(), "Kies de strafzaak".to_owned()))
        .chain(
            (own.iter())
                .filter(|o| o.track.kind == TrackKind::CriminalCase)
                .map(|o| (o.track.id.to_string(), o.track.summary_nl())),
        )
        .collect();
    // The OM's measures it may request the extension of, as "track:number".
    let due = (own.iter())
        .flat_map(|o| {
            o.due.iter().map(|d| {
                (
                    format!("{}:{}", o.track.id, d.number),
                    format!(
                        "{} voor {}, loopt af op {} ({})",
                        super::format::capitalise(d.kind.label_nl()),
                        d.child,
                        date(d.until),
                        o.track.summary_nl()
                    ),
                )
            })
        })
        .collect();
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
            om,
            rows,
            form,
            statuses: std::iter::once((String::new(), "Kies de stand".to_owned()))
                .chain(
                    CriminalStatus::ALL
                        .iter()
                        .map(|s| (s.as_str().to_owned(), s.label_nl().to_owned())),
                )
                .collect(),
            request,
            due,
            extension,
            tracks,
            courts,
            kinds: (MeasureKind::ALL.iter())
                .map(|k| (k.as_str().to_owned(), super::format::capitalise(k.label_nl())))
                .collect(),
            executor,
        },
    )
}

async fn tracks(State(state): State<AppState>, pro: Pro, Query(q): Query<SearchQuery>) -> PageResult {
    let mut request = FormState::default();
    request.default_value("zoek", q.text());
    show(
        &state,
        &pro,
        [FormState::default(), request, FormState::default()],
        StatusCode::OK,
    )
    .await
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
            show(&state, &pro, [form, FormState::default(), FormState::default()], status).await
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

/// The OM requests the extension of measures it asked for when the GI has not (art. 1:260 lid 1 BW).
/// The choices are "track:number"; one request is for one criminal case's household.
async fn om_extension(State(state): State<AppState>, pro: Pro, body: Posted) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    let result: Result<u32, ApiError> = async {
        let chosen: Vec<(TrackId, u32)> = (form.values("measures").iter())
            .filter_map(|v| {
                let (t, n) = v.split_once(':')?;
                Some((t.parse().ok()?, n.parse().ok()?))
            })
            .collect();
        let track = chosen.first().map(|(t, _)| *t);
        let measures: Vec<u32> = chosen.iter().map(|(_, n)| *n).collect();
        if chosen.iter().any(|(t, _)| Some(*t) != track) {
            return Err(DomainError::invalid(
                "measures",
                "different_cases",
                "choose measures of one criminal case's household: request each household's extension on its own",
                "Kies maatregelen uit het huishouden van één strafzaak; vraag de verlenging per huishouden aan.",
            )
            .into());
        }
        // Named apart from the OM request's grounds on the same page.
        let (measures, grounds) = extension(measures, "extension_grounds", form.value("extension_grounds"))?;
        let scope = state.access.scope(pro.me.actor());
        // No measure chosen is refused by `extension`, so there is a track.
        let track = track.ok_or_else(|| regie_access::AccessError::not_found("track"))?;
        let court = form.value("extension_court").parse().ok();
        Ok(scope.om_extension_request(track, measures, grounds, court).await?)
    }
    .await;
    match result {
        Ok(_) => see("/trajecten"),
        Err(e) => {
            let status = form.refuse(e)?;
            // Named apart from the OM request's court on the same page.
            form.rename_errors("court", "extension_court");
            show(&state, &pro, [FormState::default(), FormState::default(), form], status).await
        }
    }
}

/// The OM's own request to the court for a measure: a criminal-case track, the measure, one child by BSN
/// and date of birth, the grounds and the jeugdbeschermer; every wrong field at once.
async fn om_request(State(state): State<AppState>, pro: Pro, body: Posted) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    if super::choose::searching(&form) {
        let forms = [FormState::default(), form, FormState::default()];
        return show(&state, &pro, forms, StatusCode::OK).await;
    }
    let result: Result<u32, ApiError> = async {
        let mut wrong = Fields::default();
        let track: Option<TrackId> = form.value("track").parse().ok();
        if track.is_none() {
            wrong.push(DomainError::invalid(
                "track",
                "required",
                "choose the criminal case",
                "Kies de strafzaak.",
            ));
        }
        let kind = MeasureKind::parse(form.value("kind"));
        if kind.is_none() {
            wrong.push(DomainError::invalid(
                "kind",
                "required",
                "choose the measure",
                "Kies de maatregel die u vraagt.",
            ));
        }
        let executor: Option<ProfessionalId> = form.value("executor").parse().ok();
        if executor.is_none() {
            wrong.push(DomainError::invalid(
                "executor",
                "required",
                "choose the jeugdbeschermer",
                "Kies de jeugdbeschermer van de GI die de maatregel uitvoert.",
            ));
        }
        // The child's fields, named apart from the registration's on the same page, each checked here so that
        // their reasons stand next to them.
        wrong.check(regie_domain::Bsn::parse("child_bsn", form.value("child_bsn")));
        let born = regie_domain::time::parse_date("child_date_of_birth", form.value("child_date_of_birth"));
        wrong.check(born);
        wrong.check(Reason::parse("grounds", form.value("grounds")));
        wrong.finish()?;
        let child = NamedChild {
            bsn: form.value("child_bsn"),
            date_of_birth: form.value("child_date_of_birth"),
        };
        Ok(state
            .access
            .scope(pro.me.actor())
            .om_measure_request(
                track.expect("checked"),
                vec![kind.expect("checked")],
                &[child],
                form.value("grounds"),
                executor.expect("checked"),
                form.value("court").parse().ok(),
            )
            .await?)
    }
    .await;
    match result {
        Ok(_) => see("/trajecten"),
        Err(e) => {
            let status = form.refuse(e)?;
            // A child the household does not know: the access layer names the request's children.
            form.rename_errors("children", "child_bsn");
            show(&state, &pro, [FormState::default(), form, FormState::default()], status).await
        }
    }
}
