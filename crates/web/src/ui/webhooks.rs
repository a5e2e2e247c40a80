//! The organisation's webhooks, for its functional administrator (F28): subscribe an endpoint of the
//! organisation's own systems to event types, see each subscription's latest deliveries and failures, and
//! end it.

use super::{FormState, Layout, PagePath, PageResult, Posted, Pro, page_with, posted, see};
use crate::AppState;
use crate::access::{DeliveryView, SubscriptionView};
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use regie_domain::SubscriptionId;
use regie_domain::notification::EventType;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/koppelingen", get(list).post(subscribe))
        .route("/koppelingen/{id}/beeindigen", super::form_post(2, end))
}

/// A subscription on the page, with its latest deliveries.
struct Row {
    id: String,
    endpoint: String,
    types: Vec<&'static str>,
    created: String,
    ended: Option<String>,
    /// The latest deliveries, as sentences.
    deliveries: Vec<String>,
    /// Deliveries waiting.
    waiting: usize,
}

/// A subscription just made: its signing secret, shown this once.
struct Made {
    endpoint: String,
    secret: String,
}

#[derive(Template)]
#[template(path = "webhooks.html")]
struct WebhooksPage {
    layout: Layout,
    rows: Vec<Row>,
    form: FormState,
    /// The types the organisation may receive: (type, label).
    options: Vec<(&'static str, &'static str)>,
    made: Option<Made>,
}

fn label(t: &str) -> &'static str {
    EventType::parse(t).map_or("onbekend", EventType::label_nl)
}

fn delivery(d: &DeliveryView) -> String {
    let when = super::format::moment(d.time);
    let what = label(&d.event_type);
    match (d.delivered_at, d.next_attempt_at) {
        (Some(at), _) => format!("{when}: {what}, afgeleverd {}.", super::format::moment(at)),
        (None, Some(next)) if d.attempts > 0 => format!(
            "{when}: {what}, nog niet afgeleverd na {}: {}. Volgende poging {}.",
            super::format::count(i64::from(d.attempts), "poging", "pogingen"),
            match (d.last_status, &d.last_error) {
                (Some(status), _) => format!("uw systeem antwoordde met status {status}"),
                (None, Some(e)) if e.contains("reached") => "uw systeem was niet bereikbaar".to_owned(),
                (None, _) => "uw systeem antwoordde niet op tijd".to_owned(),
            },
            super::format::moment(next)
        ),
        _ => format!("{when}: {what}, wacht op verzending."),
    }
}

async fn render(state: &AppState, pro: &Pro, status: StatusCode, form: FormState, made: Option<Made>) -> PageResult {
    let scope = state.access.scope(pro.me.actor());
    let mut rows = Vec::new();
    for s in scope.subscriptions().await? {
        let SubscriptionView {
            id,
            endpoint,
            event_types,
            created_at,
            ended_at,
        } = s;
        let deliveries = scope.deliveries(id).await?;
        rows.push(Row {
            id: id.to_string(),
            endpoint,
            types: event_types.iter().map(|t| label(t)).collect(),
            created: super::format::moment(created_at),
            ended: ended_at.map(super::format::moment),
            waiting: deliveries.iter().filter(|d| d.delivered_at.is_none()).count(),
            deliveries: deliveries.iter().take(10).map(delivery).collect(),
        });
    }
    let kind = pro.me.organisation.kind;
    page_with(
        status,
        WebhooksPage {
            layout: Layout::new("Koppelingen", Some(&pro.session), "/koppelingen"),
            rows,
            form,
            options: (EventType::ALL.into_iter())
                .filter(|t| t.may_subscribe(kind))
                .map(|t| (t.as_str(), t.label_nl()))
                .collect(),
            made,
        },
    )
}

async fn list(State(state): State<AppState>, pro: Pro) -> PageResult {
    render(&state, &pro, StatusCode::OK, FormState::default(), None).await
}

async fn subscribe(State(state): State<AppState>, pro: Pro, body: Posted) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    let types = form.values("event_types");
    let result = (state.access.scope(pro.me.actor()))
        .subscribe(form.value("endpoint"), &types, form.value("bearer_token"))
        .await;
    match result {
        Ok((made, secret)) => {
            let made = Made {
                endpoint: made.endpoint,
                secret,
            };
            render(&state, &pro, StatusCode::OK, FormState::default(), Some(made)).await
        }
        Err(e) => {
            let status = form.refuse(e)?;
            // The token is a secret: it is not shown again.
            form.forget(&["bearer_token"]);
            render(&state, &pro, status, form, None).await
        }
    }
}

async fn end(
    State(state): State<AppState>,
    pro: Pro,
    PagePath(id): PagePath<SubscriptionId>,
    body: Posted,
) -> PageResult {
    let mut form = posted(&pro.session, body)?;
    match state.access.scope(pro.me.actor()).end_subscription(id).await {
        Ok(_) => see("/koppelingen"),
        Err(e) => {
            let status = form.refuse(e)?;
            render(&state, &pro, status, form, None).await
        }
    }
}
