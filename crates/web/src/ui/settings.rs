//! The region's configuration (F26, F12, F5): for the municipality, the catalogue of help kinds with their
//! waiting norms and the statutory norms that set deadlines and the radar's reach; for the region's
//! functional administrator, besides those, its route variant and its organisations and teams. No page
//! here shows data of a family.

use super::{FormState, Layout, PageResult, Posted, Pro, page, page_with, posted, see};
use crate::AppState;
use crate::error::ApiError;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use regie_domain::help::HelpKind;
use regie_domain::route::{RouteVariant, ScaleForm};
use regie_domain::signal::Norms;
use regie_domain::{DomainError, OrganisationId, OrganisationKind};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/beheer", get(settings))
        .route("/beheer/normen", super::form_post(1, save_norms))
        .route("/beheer/hulpsoorten", super::form_post(1, save_help_kind))
        .route("/beheer/route", super::form_post(1, save_variant))
        .route("/beheer/organisaties", super::form_post(1, add_organisation))
        .route("/beheer/teams", super::form_post(1, add_team))
}

/// An organisation of the region as the page lists it.
struct OrganisationLine {
    name: String,
    kind: &'static str,
    teams: Vec<String>,
}

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsPage {
    layout: Layout,
    region: String,
    /// The actor is the region's functional administrator: the route variant and the directory are theirs.
    administrator: bool,
    kinds: Vec<HelpKind>,
    variant: Vec<(&'static str, String)>,
    organisations: Vec<OrganisationLine>,
    norms: FormState,
    kind: FormState,
    route: FormState,
    organisation: FormState,
    team: FormState,
    form_options: Vec<(&'static str, &'static str)>,
    kind_options: Vec<(String, String)>,
    organisation_options: Vec<(String, String)>,
}

/// The page's forms, each with what was posted and refused, or empty.
#[derive(Default)]
struct Forms {
    norms: Option<FormState>,
    kind: FormState,
    route: Option<FormState>,
    organisation: FormState,
    team: FormState,
}

fn yes_no(on: bool) -> &'static str {
    if on { "yes" } else { "no" }
}

/// The route variant in words, for whoever may read but not change it.
fn variant_lines(v: &RouteVariant) -> Vec<(&'static str, String)> {
    let forms: Vec<&str> = v.forms().into_iter().map(ScaleForm::label_nl).collect();
    vec![
        ("Vormen van opschalen", forms.join(", ")),
        (
            "Vaste contactpersoon bij samenwerking",
            if v.joint_work_rvt_leads {
                "de professional van het RVT"
            } else {
                "de professional van het lokaal team"
            }
            .into(),
        ),
        (
            "Drang door het lokaal team na een consultatie",
            if v.local_pressure_after_consultation {
                "ja"
            } else {
                "nee"
            }
            .into(),
        ),
        (
            "Regie als een kinderbeschermingsmaatregel loopt",
            if v.measure_transfer {
                "de jeugdbeschermer"
            } else {
                "de jeugdbeschermer samen met het lokaal team"
            }
            .into(),
        ),
    ]
}

async fn settings_page(state: &AppState, pro: &Pro, forms: Forms) -> Result<SettingsPage, super::PageError> {
    let scope = state.access.scope(pro.me.actor());
    let current = scope.region_settings().await?;
    let norms = forms.norms.unwrap_or_else(|| {
        let n = &current.norms;
        let mut f = FormState::default();
        f.default_value(
            "safety_assessment_working_days",
            n.safety_assessment_working_days.to_string(),
        );
        f.default_value("investigation_weeks", n.investigation_weeks.to_string());
        f.default_value("radar_years", n.radar_years.to_string());
        f.default_value("team_access", yes_no(n.team_access));
        f.default_value("raad_investigation_weeks", n.raad_investigation_weeks.to_string());
        f.default_value("measure_reminder_weeks", n.measure_reminder_weeks.to_string());
        f.default_value("complaint_weeks", n.complaint_weeks.to_string());
        f
    });
    let route = forms.route.unwrap_or_else(|| {
        let v = &current.variant;
        let mut f = FormState::default();
        for form in v.forms() {
            f.values.push(("forms".into(), form.as_str().into()));
        }
        f.default_value("joint_work_lead", if v.joint_work_rvt_leads { "rvt" } else { "local" });
        f.default_value("local_pressure", yes_no(v.local_pressure_after_consultation));
        f.default_value("measure_transfer", yes_no(v.measure_transfer));
        f
    });
    Ok(SettingsPage {
        layout: Layout::new("Beheer", Some(&pro.session), "/beheer"),
        region: current.region.name,
        administrator: pro.me.region_administrator,
        kinds: current.help_kinds,
        variant: variant_lines(&current.variant),
        organisation_options: std::iter::once((String::new(), "Kies een organisatie".to_owned()))
            .chain((current.organisations.iter()).map(|(o, _)| (o.id.to_string(), o.name.clone())))
            .collect(),
        organisations: (current.organisations.into_iter())
            .map(|(o, teams)| OrganisationLine {
                name: o.name,
                kind: o.kind.label_nl(),
                teams: teams.into_iter().map(|t| t.name).collect(),
            })
            .collect(),
        norms,
        kind: forms.kind,
        route,
        organisation: forms.organisation,
        team: forms.team,
        form_options: ScaleForm::ALL.into_iter().map(|f| (f.as_str(), f.label_nl())).collect(),
        kind_options: std::iter::once((String::new(), "Kies wat voor organisatie".to_owned()))
            .chain(
                OrganisationKind::ALL
                    .into_iter()
                    .map(|k| (k.as_str().to_owned(), k.label_nl().to_owned())),
            )
            .collect(),
    })
}

async fn settings(State(state): State<AppState>, pro: Pro) -> PageResult {
    page(settings_page(&state, &pro, Forms::default()).await?)
}

/// Answers a posted form: back to the page's `anchor` when `result` is done, else the page with the form
/// refused (`place` puts it among the page's forms).
async fn answer(
    state: &AppState,
    pro: &Pro,
    result: Result<(), ApiError>,
    mut form: FormState,
    anchor: &str,
    place: fn(FormState) -> Forms,
) -> PageResult {
    match result {
        Ok(()) => see(format!("/beheer{anchor}")),
        Err(e) => {
            let status = form.refuse(e)?;
            page_with(status, settings_page(state, pro, place(form)).await?)
        }
    }
}

/// A whole number typed into `field`, of the type asked for (a count is never negative).
fn number<T: std::str::FromStr>(form: &FormState, field: &'static str) -> Result<T, DomainError> {
    form.value(field).trim().parse().map_err(|_| {
        DomainError::invalid(
            field,
            "not_a_number",
            "write a whole number",
            "Vul een heel getal in, zoals 10.",
        )
    })
}

async fn save_norms(State(state): State<AppState>, pro: Pro, body: Posted) -> PageResult {
    let form = posted(&pro.session, body)?;
    let result: Result<(), ApiError> = async {
        // Every wrong field at once.
        let mut wrong = Vec::new();
        let mut take = |field: &'static str| {
            number::<u32>(&form, field)
                .map_err(|e| wrong.push(e))
                .unwrap_or_default()
        };
        let safety_assessment_working_days = take("safety_assessment_working_days");
        let investigation_weeks = take("investigation_weeks");
        let radar_years = take("radar_years");
        let raad_investigation_weeks = take("raad_investigation_weeks");
        let measure_reminder_weeks = take("measure_reminder_weeks");
        let complaint_weeks = take("complaint_weeks");
        let team_access = choice(
            &form,
            "team_access",
            ("yes", "no"),
            "Kies of collega's van hetzelfde team in elkaars dossiers mogen werken.",
            &mut wrong,
        );
        let norms = Norms {
            safety_assessment_working_days,
            investigation_weeks,
            radar_years,
            team_access,
            raad_investigation_weeks,
            measure_reminder_weeks,
            complaint_weeks,
        };
        // The ranges of the norms typed as numbers, each named in the form's order.
        for e in norms.check().err().unwrap_or_default() {
            if !wrong.iter().any(|w| w.field == e.field) {
                wrong.push(e);
            }
        }
        let order = [
            "safety_assessment_working_days",
            "investigation_weeks",
            "radar_years",
            "raad_investigation_weeks",
            "measure_reminder_weeks",
            "complaint_weeks",
            "team_access",
        ];
        wrong.sort_by_key(|e| order.iter().position(|f| e.field == Some(*f)));
        if !wrong.is_empty() {
            return Err(wrong.into());
        }
        state
            .access
            .scope(pro.me.actor())
            .put_norms(&norms)
            .await
            .map_err(crate::error::ApiError::from)
    }
    .await;
    answer(&state, &pro, result, form, "#normen", |f| Forms {
        norms: Some(f),
        ..Forms::default()
    })
    .await
}

async fn save_help_kind(State(state): State<AppState>, pro: Pro, body: Posted) -> PageResult {
    let form = posted(&pro.session, body)?;
    let result: Result<(), ApiError> = async {
        // Every wrong field at once: a norm that is no number is named instead of its range.
        let days = number::<i64>(&form, "waiting_norm_days");
        let kind = match (
            HelpKind::new(form.value("code"), form.value("name_nl"), *days.as_ref().unwrap_or(&1)),
            days,
        ) {
            (Ok(kind), Ok(_)) => kind,
            (kind, days) => {
                let wrong: Vec<DomainError> = kind.err().unwrap_or_default().into_iter().chain(days.err()).collect();
                return Err(wrong.into());
            }
        };
        state
            .access
            .scope(pro.me.actor())
            .put_help_kind(&kind)
            .await
            .map_err(crate::error::ApiError::from)
    }
    .await;
    answer(&state, &pro, result, form, "#hulpsoorten", |f| Forms {
        kind: f,
        ..Forms::default()
    })
    .await
}

/// A choice between two values posted in `field`: whether it is `on` rather than `off`; a missing one is
/// added to `wrong` with the Dutch sentence `nl`.
fn choice(
    form: &FormState,
    field: &'static str,
    (on, off): (&str, &str),
    nl: &'static str,
    wrong: &mut Vec<DomainError>,
) -> bool {
    match form.value(field) {
        v if v == on => true,
        v if v == off => false,
        _ => {
            wrong.push(DomainError::invalid(field, "required", "choose one", nl));
            false
        }
    }
}

async fn save_variant(State(state): State<AppState>, pro: Pro, body: Posted) -> PageResult {
    let form = posted(&pro.session, body)?;
    let result: Result<(), ApiError> = async {
        // Every wrong field at once.
        let mut wrong = Vec::new();
        let forms = form.values("forms");
        let uses = |f: ScaleForm| forms.iter().any(|v| v == f.as_str());
        let variant = RouteVariant {
            consultation: uses(ScaleForm::Consultation),
            joint_work: uses(ScaleForm::JointWork),
            transfer: uses(ScaleForm::Transfer),
            joint_work_rvt_leads: choice(
                &form,
                "joint_work_lead",
                ("rvt", "local"),
                "Kies wie bij samenwerking de vaste contactpersoon is.",
                &mut wrong,
            ),
            local_pressure_after_consultation: choice(
                &form,
                "local_pressure",
                ("yes", "no"),
                "Kies of het lokaal team drang mag inzetten nadat het RVT de consultatie beantwoordde.",
                &mut wrong,
            ),
            measure_transfer: choice(
                &form,
                "measure_transfer",
                ("yes", "no"),
                "Kies of de jeugdbeschermer de regie overneemt of samen met het lokaal team werkt.",
                &mut wrong,
            ),
        };
        // The domain's rule, on the page's field for the forms.
        if let Err(mut e) = variant.check() {
            e.field = Some("forms");
            wrong.push(e);
        }
        if !wrong.is_empty() {
            return Err(wrong.into());
        }
        (state.access.scope(pro.me.actor()).put_route_variant(&variant).await).map_err(ApiError::from)
    }
    .await;
    answer(&state, &pro, result, form, "#route", |f| Forms {
        route: Some(f),
        ..Forms::default()
    })
    .await
}

async fn add_organisation(State(state): State<AppState>, pro: Pro, body: Posted) -> PageResult {
    let form = posted(&pro.session, body)?;
    let result = (state.access.scope(pro.me.actor()))
        .add_organisation(form.value("organisation_name"), form.value("kind"))
        .await
        .map(|_| ())
        .map_err(|e| ApiError::from(e).renamed("name", "organisation_name"));
    answer(&state, &pro, result, form, "#organisaties", |f| Forms {
        organisation: f,
        ..Forms::default()
    })
    .await
}

async fn add_team(State(state): State<AppState>, pro: Pro, body: Posted) -> PageResult {
    let form = posted(&pro.session, body)?;
    let organisation: Option<OrganisationId> = form.value("organisation").parse().ok();
    let result = (state.access.scope(pro.me.actor()))
        .add_team(organisation, form.value("team_name"))
        .await
        .map(|_| ())
        .map_err(|e| ApiError::from(e).renamed("name", "team_name"));
    answer(&state, &pro, result, form, "#organisaties", |f| Forms {
        team: f,
        ..Forms::default()
    })
    .await
}
