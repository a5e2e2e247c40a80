//! The justice partners (F17): the OM registers a criminal case and the Reclassering a supervision about a
//! household member (by BSN and date of birth together), and each reads back only its own tracks; the case
//! team asks a partner to coordinate.

use crate::AppState;
use crate::access::{NamedChild, OwnTrack, SignedIn};
use crate::error::{ApiError, ApiJson, ApiPath, Problem};
use axum::extract::State;
use axum::http::StatusCode;
use regie_domain::justice::MeasureKind;
use regie_domain::partners::{Track, TrackInput};
use regie_domain::{HouseholdId, OrganisationId, ProfessionalId, TrackId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register_track, my_tracks))
        .routes(routes!(update_track))
        .routes(routes!(ask_coordination))
        .routes(routes!(om_measure_request))
        .routes(routes!(om_extension_request))
}

/// A track about a person: the minimal data set.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TrackBody {
    /// The person's BSN.
    pub bsn: String,
    /// Their date of birth (YYYY-MM-DD): it must match the BSN's person.
    pub date_of_birth: String,
    /// Your reference (a parketnummer, a case number).
    pub reference: String,
    /// For the OM: `investigation`, `prosecution`, `trial` or `settled`.
    #[serde(default)]
    pub status: String,
    /// For the Reclassering: the supervisor, and how to reach them.
    #[serde(default)]
    pub supervisor: String,
    /// Since when (YYYY-MM-DD).
    pub from: String,
    /// Until when, if known (YYYY-MM-DD).
    #[serde(default)]
    pub until: String,
}

#[utoipa::path(post, path = "/justice-tracks", tag = "partners", request_body = TrackBody,
    responses((status = 201, body = Track), (status = 422, body = Problem), (status = 403, body = Problem), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn register_track(
    State(state): State<AppState>,
    me: SignedIn,
    ApiJson(body): ApiJson<TrackBody>,
) -> Result<(StatusCode, axum::Json<Track>), ApiError> {
    let input = TrackInput {
        reference: &body.reference,
        status: &body.status,
        supervisor: &body.supervisor,
        from: &body.from,
        until: &body.until,
    };
    let scope = state.access.scope(me.actor());
    let track = scope.register_track(&body.bsn, &body.date_of_birth, input).await?;
    Ok((StatusCode::CREATED, axum::Json(track)))
}

/// Your own track, with the case team's contact when they asked to coordinate.
#[derive(Debug, Serialize, ToSchema)]
pub struct OwnTrackView {
    /// The track.
    pub track: Track,
    /// Who asked to coordinate: name, organisation, phone and e-mail.
    pub contact: Option<ContactView>,
    /// For the OM: measures it asked for in this household that end within six weeks without the GI
    /// having requested their extension; the OM may request it (art. 1:260 lid 1 BW).
    pub extension_due: Vec<DueMeasureView>,
}

/// A measure the OM may request the extension of.
#[derive(Debug, Serialize, ToSchema)]
pub struct DueMeasureView {
    /// Its number in the case (send it back to request the extension).
    pub number: u32,
    /// Which measure.
    pub kind: MeasureKind,
    /// The child's name.
    pub child: String,
    /// The day it ends.
    #[schema(value_type = String, format = Date)]
    pub until: jiff::civil::Date,
}

/// A professional to contact.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContactView {
    /// Name.
    pub name: String,
    /// Organisation.
    pub organisation: String,
    /// Work phone.
    pub phone: Option<String>,
    /// Work e-mail.
    pub email: Option<String>,
}

impl From<OwnTrack> for OwnTrackView {
    fn from(t: OwnTrack) -> Self {
        Self {
            track: t.track,
            contact: t.contact.map(|(p, organisation)| ContactView {
                name: p.display_name,
                organisation,
                phone: p.contact.phone,
                email: p.contact.email,
            }),
            extension_due: (t.due.into_iter())
                .map(|d| DueMeasureView {
                    number: d.number,
                    kind: d.kind,
                    child: d.child,
                    until: d.until,
                })
                .collect(),
        }
    }
}

#[utoipa::path(get, path = "/justice-tracks", tag = "partners",
    responses((status = 200, body = Vec<OwnTrackView>, description = "Your organisation's tracks, nothing else of the households"), (status = 403, body = Problem), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn my_tracks(State(state): State<AppState>, me: SignedIn) -> Result<axum::Json<Vec<OwnTrackView>>, ApiError> {
    let tracks = state.access.scope(me.actor()).my_tracks().await?;
    Ok(axum::Json(tracks.into_iter().map(Into::into).collect()))
}

/// Where a criminal case stands now.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TrackStatusBody {
    /// `investigation`, `prosecution`, `trial` or `settled`.
    pub status: String,
    /// Until when, if known (YYYY-MM-DD).
    #[serde(default)]
    pub until: String,
}

#[utoipa::path(post, path = "/justice-tracks/{id}/status", tag = "partners", request_body = TrackStatusBody,
    params(("id" = TrackId, Path, description = "Track id")),
    responses((status = 200, body = Track), (status = 404, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn update_track(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<TrackId>,
    ApiJson(body): ApiJson<TrackStatusBody>,
) -> Result<axum::Json<Track>, ApiError> {
    let scope = state.access.scope(me.actor());
    Ok(axum::Json(scope.update_track(id, &body.status, &body.until).await?))
}

/// No fields: the case team asks the partner to coordinate.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CoordinationBody {}

#[utoipa::path(post, path = "/households/{id}/justice-tracks/{track}/coordination", tag = "partners", request_body = CoordinationBody,
    params(("id" = HouseholdId, Path, description = "Household id"), ("track" = TrackId, Path, description = "Track id")),
    responses((status = 200, body = Track, description = "The partner now sees whom to contact"), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn ask_coordination(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath((id, track)): ApiPath<(HouseholdId, TrackId)>,
    ApiJson(_body): ApiJson<CoordinationBody>,
) -> Result<axum::Json<Track>, ApiError> {
    Ok(axum::Json(
        state.access.scope(me.actor()).ask_coordination(id, track).await?,
    ))
}

/// A child named by the OM: BSN and date of birth together.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChildBody {
    /// The BSN.
    pub bsn: String,
    /// The date of birth (YYYY-MM-DD).
    pub date_of_birth: String,
}

/// The OM's own request to the court for a measure (art. 1:255 lid 1 BW).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OmRequestBody {
    /// The measures asked.
    pub kinds: Vec<MeasureKind>,
    /// The children, each by BSN and date of birth; they live in the household of the track's person.
    pub children: Vec<ChildBody>,
    /// The grounds.
    pub grounds: String,
    /// The GI's jeugdbeschermer who declared themselves willing to execute it.
    pub executor: ProfessionalId,
    /// The court; the region's only court when left out.
    #[serde(default)]
    pub court: Option<OrganisationId>,
}

/// What the OM learns of its request: its number in the case and that it is filed.
#[derive(Debug, Serialize, ToSchema)]
pub struct FiledView {
    /// The request's number.
    pub request: u32,
}

#[utoipa::path(post, path = "/justice-tracks/{id}/measure-request", tag = "partners", request_body = OmRequestBody,
    params(("id" = TrackId, Path, description = "Your criminal case's track")),
    responses((status = 201, body = FiledView, description = "Filed with the court; it joins the household's open case"), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem), (status = 403, body = Problem), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn om_measure_request(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<TrackId>,
    ApiJson(body): ApiJson<OmRequestBody>,
) -> Result<(StatusCode, axum::Json<FiledView>), ApiError> {
    let children: Vec<NamedChild> = (body.children.iter())
        .map(|c| NamedChild {
            bsn: &c.bsn,
            date_of_birth: &c.date_of_birth,
        })
        .collect();
    let scope = state.access.scope(me.actor());
    let request = scope
        .om_measure_request(id, body.kinds, &children, &body.grounds, body.executor, body.court)
        .await?;
    Ok((StatusCode::CREATED, axum::Json(FiledView { request })))
}

/// The OM's request to extend measures it asked for, when the GI has not (art. 1:260 lid 1 BW).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OmExtensionBody {
    /// The measures' numbers, as `extension_due` lists them.
    pub measures: Vec<u32>,
    /// The grounds.
    pub grounds: String,
    /// The court; the region's only court when left out.
    #[serde(default)]
    pub court: Option<OrganisationId>,
}

#[utoipa::path(post, path = "/justice-tracks/{id}/extension-request", tag = "partners", request_body = OmExtensionBody,
    params(("id" = TrackId, Path, description = "Your criminal case's track")),
    responses((status = 201, body = FiledView, description = "Filed with the court"), (status = 404, body = Problem), (status = 409, body = Problem, description = "The GI requests first: the OM may from six weeks before the end"), (status = 422, body = Problem), (status = 403, body = Problem), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn om_extension_request(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<TrackId>,
    ApiJson(body): ApiJson<OmExtensionBody>,
) -> Result<(StatusCode, axum::Json<FiledView>), ApiError> {
    let (measures, grounds) = super::justice::extension(body.measures, "grounds", &body.grounds)?;
    let scope = state.access.scope(me.actor());
    let request = scope.om_extension_request(id, measures, grounds, body.court).await?;
    Ok((StatusCode::CREATED, axum::Json(FiledView { request })))
}
