//! The municipality's settings (F12, F5): the region's catalogue of help kinds with their waiting norms,
//! and the statutory norms that set deadlines and the radar's reach.

use super::{FormState, Layout, PageResult, Posted, Pro, page, page_with, posted, see};
use crate::AppState;
use crate::error::ApiError;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use regie_domain::DomainError;
use regie_domain::help::HelpKind;
use regie_domain::signal::Norms;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/beheer", get(settings))
        .route("/beheer/normen", super::form_post(1, save_norms))
        .route("/beheer/hulpsoorten", super::form_post(1, save_help_kind))
}

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsPage {
    layout: Layout,
    kinds: Vec<HelpKind>,
    norms: FormState,
    kind: FormState,
}

async fn settings_page(
    state: &AppState,
    pro: &Pro,
    norms: Option<FormState>,
    kind: FormState,
) -> Result<SettingsPage, super::PageError> {
    let scope = state.access.scope(pro.me.actor());
    let current = scope.norms().await?;
    let norms = norms.unwrap_or_else(|| {
        let mut f = FormState::default();
        f.default_value(
            "safety_assessment_working_days",
            current.safety_assessment_working_days.to_string(),
        );
        f.default_value("investigation_weeks", current.investigation_weeks.to_string());
        f.default_value("radar_years", current.radar_years.to_string());
        f.default_value("team_access", if current.team_access { "yes" } else { "no" });
        f.default_value("raad_investigation_weeks", current.raad_investigation_weeks.to_string());
        f.default_value("measure_reminder_weeks", current.measure_reminder_weeks.to_string());
        f.default_value("measure_transfer", if current.measure_transfer { "yes" } else { "no" });
        f.default_value("complaint_weeks", current.complaint_weeks.to_string());
        f
    });
    Ok(SettingsPage {
        layout: Layout::new("Beheer", Some(&pro.session), "/beheer"),
        kinds: scope.help_kinds().await?,
        norms,
        kind,
    })
}

async fn settings(State(state): State<AppState>, pro: Pro) -> PageResult {
    page(settings_page(&state, &pro, None, FormState::default()).await?)
}

/// A whole number typed into `field`.
fn number(form: &FormState, field: &'static str) -> Result<i64, DomainError> {
    form.value(field)
        .trim()
        .parse()
        .map_err(|_| DomainError::invalid(field, "not_a_number", "write a whole number", "vul een heel getal in"))
}

fn count(form: &FormState, field: &'static str) -> Result<u32, DomainError> {
    let n = number(form, field)?;
    u32::try_from(n)
        .map_err(|_| DomainError::invalid(field, "not_a_number", "write a whole number", "vul een heel getal in"))
}

async fn save_norms(State(state): State<AppState>, pro: Pro, body: Posted) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    let result: Result<(), ApiError> = async {
        // Every wrong field at once.
        let mut wrong = Vec::new();
        let mut take = |field: &'static str| count(&form, field).map_err(|e| wrong.push(e)).unwrap_or_default();
        let safety_assessment_working_days = take("safety_assessment_working_days");
        let investigation_weeks = take("investigation_weeks");
        let radar_years = take("radar_years");
        let raad_investigation_weeks = take("raad_investigation_weeks");
        let measure_reminder_weeks = take("measure_reminder_weeks");
        let complaint_weeks = take("complaint_weeks");
        let mut choice = |field: &'static str, nl: &'static str| match form.value(field) {
            "yes" => true,
            "no" => false,
            _ => {
                wrong.push(DomainError::invalid(field, "required", "choose yes or no", nl));
                false
            }
        };
        let team_access = choice(
            "team_access",
            "Kies of collega's van hetzelfde team in elkaars dossiers mogen werken.",
        );
        let measure_transfer = choice(
            "measure_transfer",
            "Kies of de jeugdbeschermer de regie overneemt of samen met het lokaal team werkt.",
        );
        let norms = Norms {
            safety_assessment_working_days,
            investigation_weeks,
            radar_years,
            team_access,
            raad_investigation_weeks,
            measure_reminder_weeks,
            measure_transfer,
            complaint_weeks,
        };
        if let Err(e) = norms.check()
            && !wrong.iter().any(|w| w.field == e.field)
        {
            wrong.push(e);
        }
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
    match result {
        Ok(()) => see("/beheer"),
        Err(e) => {
            let status = form.refuse(e)?;
            page_with(
                status,
                settings_page(&state, &pro, Some(form), FormState::default()).await?,
            )
        }
    }
}

async fn save_help_kind(State(state): State<AppState>, pro: Pro, body: Posted) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    let result: Result<(), ApiError> = async {
        let kind = HelpKind::new(
            form.value("code"),
            form.value("name_nl"),
            number(&form, "waiting_norm_days")?,
        )?;
        state
            .access
            .scope(pro.me.actor())
            .put_help_kind(&kind)
            .await
            .map_err(crate::error::ApiError::from)
    }
    .await;
    match result {
        Ok(()) => see("/beheer#hulpsoorten"),
        Err(e) => {
            let status = form.refuse(e)?;
            page_with(status, settings_page(&state, &pro, None, form).await?)
        }
    }
}
