//! The JSON API under `/api/v1`, documented by the OpenAPI document it generates (`GET /api/openapi.json`).

pub mod accounts;
pub mod cases;
pub mod consent;
pub mod corrections;
pub mod directory;
pub mod emergency;
pub mod households;
pub mod justice;
pub mod partners;
pub mod persons;
pub mod regions;
pub mod research;
pub mod route;
pub mod signals;
pub mod steering;
pub mod views;
pub mod webhooks;

use crate::AppState;
use crate::access::SignedIn;
use crate::error::Problem;
use regie_domain::Role;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use views::MeView;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Regie API",
        description = "One shared case platform for a region's child and family protection chain. Every \
            error is an RFC 9457 problem document (`application/problem+json`) naming the field, a stable code, \
            and the reason in English and Dutch.",
        license(name = "EUPL-1.2")
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "households", description = "Households (huishoudens) and their members"),
        (name = "persons", description = "Persons, with the duplicate check"),
        (name = "cases", description = "The one client route of a household: phase, lead, legal frame, timeline"),
        (name = "route", description = "Scaling up and down with the Regional Safety Team, joint analysis, safety plan, help"),
        (name = "worklist", description = "What needs attention, for a professional and for a team"),
        (name = "signals", description = "Reports and advice requests, the meldcode assistant, triage and the radar"),
        (name = "me", description = "The signed-in professional"),
        (name = "accounts", description = "An organisation's accounts, for its functional administrator"),
        (name = "directory", description = "The region's directory: a form's choice of a professional (who may lead a case, the Regional Safety Team's professionals, a GI's jeugdbeschermers)"),
        (name = "partners", description = "The justice partners' tracks: the OM's criminal cases and the Reclassering's supervision of household members"),
        (name = "justice", description = "The court route: the Raad's investigation and request, the court's hearing and decision, the GI's measures"),
        (name = "regions", description = "The region's configuration: its route variant, organisations and teams, for its functional administrator"),
        (name = "steering", description = "Figures for steering, for the municipality: aggregates of the chain, never a person"),
        (name = "research", description = "Action research, for the pilot region's researchers: client journeys as aggregates and a k-anonymous export, never a person"),
        (name = "webhooks", description = "Notifications to an organisation's own systems: CloudEvents after the NL GOV profile, without personal data, each pointing to the API resource to read")
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("`regie token issue --user NAME`"))
                    .build(),
            ),
        );
    }
}

/// The API routes with their OpenAPI document (paths relative to `/api/v1`).
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(me))
        .routes(routes!(terms))
        .merge(households::router())
        .merge(persons::router())
        .merge(cases::router())
        .merge(corrections::router())
        .merge(route::router())
        .merge(signals::router())
        .merge(emergency::router())
        .merge(consent::router())
        .merge(accounts::router())
        .merge(directory::router())
        .merge(justice::router())
        .merge(partners::router())
        .merge(steering::router())
        .merge(regions::router())
        .merge(research::router())
        .merge(webhooks::router())
}

#[utoipa::path(get, path = "/terms", tag = "me",
    responses((status = 200, body = Vec<regie_domain::glossary::Term>, description = "The shared language (F25): every term with its Dutch name, the English name code and API use, and its definition in plain Dutch, as the pages show them inline and at /begrippen"), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn terms(_me: SignedIn) -> axum::Json<&'static [regie_domain::glossary::Term]> {
    axum::Json(regie_domain::glossary::TERMS)
}

#[utoipa::path(get, path = "/me", tag = "me", responses((status = 200, body = MeView), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn me(me: SignedIn) -> axum::Json<MeView> {
    axum::Json(MeView {
        id: me.professional.id,
        username: me.professional.username,
        display_name: me.professional.display_name,
        organisation_id: me.organisation.id,
        organisation_name: me.organisation.name,
        organisation_kind: me.organisation.kind,
        roles: [
            (me.reviewer, Role::Reviewer),
            (me.administrator, Role::Administrator),
            (me.region_administrator, Role::RegionAdministrator),
        ]
        .into_iter()
        .filter_map(|(holds, role)| holds.then_some(role))
        .collect(),
    })
}
