//! `GET /metrics` in the Prometheus exposition format (OpenMetrics text): how long requests take per route,
//! the database pools' use, the webhook outbox's depth and the group commit's batch sizes. The labels are route templates
//! (`/api/v1/households/{id}`), methods and status codes: no id, no name, nothing from a query or a body.

use crate::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use regie_access::Access;
use std::sync::Arc;
use std::time::Instant;

/// A request's labels: its route's template, method and answer.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

/// A connection pool's labels: which pool, and which count (`open`, `idle`, `max`).
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    pool: &'static str,
    state: &'static str,
}

/// The metrics of one application.
#[derive(Clone)]
pub struct Metrics {
    registry: Arc<Registry>,
    requests: Family<RequestLabels, Histogram>,
    pools: Family<PoolLabels, Gauge>,
    outbox: Gauge,
}

impl Metrics {
    /// Registers Regie's metrics, the store's group commit sizes among them.
    pub fn new(access: &Access) -> Self {
        let mut registry = Registry::with_prefix("regie");
        // 0.5 ms to about 16 s.
        let requests = Family::<RequestLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.0005, 2.0, 16))
        });
        registry.register(
            "http_request_duration_seconds",
            "Time to answer a request, by route template, method and status",
            requests.clone(),
        );
        let pools = Family::<PoolLabels, Gauge>::default();
        registry.register(
            "database_connections",
            "Database connections by pool: open, idle and the most the pool opens",
            pools.clone(),
        );
        registry.register(
            "group_commit_batch_size",
            "Writes committed together in one transaction",
            access.commit_batch_sizes(),
        );
        let outbox = Gauge::default();
        registry.register(
            "webhook_outbox_depth",
            "Notifications to partner systems waiting to be delivered",
            outbox.clone(),
        );
        Metrics {
            registry: Arc::new(registry),
            requests,
            pools,
            outbox,
        }
    }
}

/// Times each request to a known route (a `route_layer`: unknown addresses are not counted, so no label
/// can carry what a client typed).
pub async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().map(|p| p.as_str().to_owned());
    let method = req.method().as_str().to_owned();
    let start = Instant::now();
    let response = next.run(req).await;
    if let Some(route) = route {
        let labels = RequestLabels {
            method,
            route,
            status: response.status().as_u16(),
        };
        (state.metrics.requests.get_or_create(&labels)).observe(start.elapsed().as_secs_f64());
    }
    response
}

/// The metrics in the OpenMetrics text format, for a Prometheus scraper.
pub async fn render(State(state): State<AppState>) -> Response {
    let metrics = &state.metrics;
    for pool in state.access.pools() {
        for (count, value) in [("open", pool.open), ("idle", pool.idle), ("max", pool.max)] {
            let labels = PoolLabels {
                pool: pool.name,
                state: count,
            };
            metrics.pools.get_or_create(&labels).set(i64::from(value));
        }
    }
    match state.access.outbox_depth().await {
        Ok(depth) => {
            metrics.outbox.set(i64::try_from(depth).unwrap_or(i64::MAX));
        }
        Err(error) => tracing::warn!(%error, "the outbox depth could not be read"),
    }
    let mut text = String::new();
    if let Err(error) = prometheus_client::encoding::text::encode(&mut text, &metrics.registry) {
        tracing::error!(%error, "the metrics could not be written");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        text,
    )
        .into_response()
}
