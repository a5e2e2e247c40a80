//! Regie's HTTP face: the JSON API (with its OpenAPI document), the access layer that guards personal data,
//! sign-in, and errors as RFC 9457 problem documents.
//!
//! [`Application::build`] binds the listener (port 0 in tests) and reports the real address; [`app`] builds
//! the router for in-process tests.

use regie_access as access;
pub mod api;
mod auth;
pub mod error;
mod metrics;
mod pdf;
mod ui;

use access::{Access, TraceParent};
use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use error::ApiError;
use regie_access::Store;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// Request bodies larger than this are refused with 413.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// What every handler can reach: only the access layer, never the store itself.
#[derive(Clone)]
pub struct AppState {
    /// The one door to personal data.
    pub access: Access,
    /// Mark cookies `Secure` always (Regie runs behind TLS), not only when a proxy says `X-Forwarded-Proto: https`.
    pub secure_cookies: bool,
    /// The metrics `/metrics` serves.
    pub metrics: metrics::Metrics,
}

/// The OpenAPI document of the API, as served at `/api/openapi.json` and committed as `openapi.json`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
    let (_, mut doc) = api::router().split_for_parts();
    doc.servers = Some(vec![utoipa::openapi::Server::new("/api/v1")]);
    // A path parameter's type is not collected as a component by itself.
    let components = doc.components.get_or_insert_with(Default::default);
    components.schemas.insert(
        "TeamId".into(),
        <regie_domain::TeamId as utoipa::PartialSchema>::schema(),
    );
    // The document says what the server does: every refusal is a problem document, and a body that is not
    // JSON (400) or not sent as JSON (415) is refused as one too.
    let problem = |description: &str| {
        RefOr::T(
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/problem+json",
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("Problem")))
                        .build(),
                )
                .build(),
        )
    };
    for item in doc.paths.paths.values_mut() {
        let ops = [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.patch,
            &mut item.delete,
        ];
        for op in ops.into_iter().flatten() {
            for (status, response) in &mut op.responses.responses {
                if let (true, RefOr::T(r)) = (status.starts_with('4') || status.starts_with('5'), response)
                    && let Some(content) = r.content.shift_remove("application/json")
                {
                    r.content.insert("application/problem+json".into(), content);
                }
            }
            if op.security.is_some() {
                op.responses
                    .responses
                    .entry("401".into())
                    .or_insert_with(|| problem("No valid API token was sent"));
            }
            if op.request_body.is_some() {
                let responses = &mut op.responses.responses;
                responses
                    .entry("400".into())
                    .or_insert_with(|| problem("The body is not valid JSON, or a field has the wrong type"));
                responses
                    .entry("415".into())
                    .or_insert_with(|| problem("The body is not sent as `application/json`"));
            }
        }
    }
    doc
}

/// The OpenAPI document as pretty JSON with a trailing newline.
pub fn openapi_json() -> String {
    let mut json = openapi().to_pretty_json().expect("the OpenAPI document serialises");
    json.push('\n');
    json
}

/// The whole application router over a store, as the tests use it: a second factor optional, webhooks
/// allowed to a receiver on loopback, cookies not always `Secure`.
pub fn app(store: Arc<dyn Store>) -> Router {
    app_with(Access::new(store).allowing_loopback_endpoints(true), false)
}

/// The whole application router over an access layer, with cookies always `Secure` when `secure_cookies` is
/// set.
pub fn app_with(access: Access, secure_cookies: bool) -> Router {
    let state = AppState {
        metrics: metrics::Metrics::new(&access),
        access,
        secure_cookies,
    };
    let (api, _) = api::router().split_for_parts();
    // A method the address does not take is refused as a problem document too.
    let api = api.method_not_allowed_fallback(|| async {
        ApiError::user(
            StatusCode::METHOD_NOT_ALLOWED,
            None,
            "method_not_allowed",
            "this address does not take this method; see the OpenAPI document",
            "dit adres kent deze methode niet; zie het OpenAPI-document",
        )
    });
    let doc = Arc::new(openapi_json());
    Router::new()
        .route("/health", get(health))
        .route("/ready", get(ready))
        .route(
            "/api/openapi.json",
            get(move || async move { ([("content-type", "application/json")], doc.as_str().to_owned()) }),
        )
        .nest("/api/v1", api)
        .merge(ui::router())
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), metrics::track))
        .route("/metrics", get(metrics::render))
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), ui::with_navigation))
        .with_state(state)
        .layer(axum::middleware::map_response(ui::security_headers))
        .layer(axum::middleware::from_fn(trace_context))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
}

/// The span of a request: its method and path (ids at most, never names or BSNs: those travel in bodies and
/// queries only), in a partner's trace when its `traceparent` names one, for the traces Regie sends to a
/// collector (OTLP). Joined before the span starts, as OpenTelemetry requires.
fn request_span<B>(req: &axum::http::Request<B>) -> tracing::Span {
    use opentelemetry::trace::{SpanContext, SpanId, TraceContextExt, TraceFlags, TraceId, TraceState};
    use tracing_opentelemetry::OpenTelemetrySpanExt;
    let span = tracing::info_span!("request", method = %req.method(), path = %req.uri().path());
    let parent = (req.headers().get("traceparent"))
        .and_then(|v| v.to_str().ok())
        .and_then(TraceParent::parse);
    if let Some(TraceParent {
        trace_id,
        parent: Some(caller),
    }) = parent
    {
        let remote = SpanContext::new(
            TraceId::from_bytes(trace_id),
            SpanId::from_bytes(caller),
            TraceFlags::SAMPLED,
            true,
            TraceState::default(),
        );
        // Without a collector there is no OpenTelemetry layer, and nothing to join.
        let _ = span.set_parent(opentelemetry::Context::new().with_remote_span_context(remote));
    }
    span
}

/// Runs each request in its W3C trace: a partner system's `traceparent` is continued, so its call and
/// Regie's processing-log records share one trace (Logboek Dataverwerkingen); otherwise a new trace starts.
async fn trace_context(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let parent = (req.headers().get("traceparent"))
        .and_then(|v| v.to_str().ok())
        .and_then(TraceParent::parse)
        .unwrap_or_else(TraceParent::fresh);
    parent.scope(next.run(req)).await
}

/// Alive: the process answers (a supervisor's liveness check). Says nothing about the database.
async fn health(State(state): State<AppState>) -> impl IntoResponse {
    axum::Json(serde_json::json!({ "status": "ok", "database": state.access.backend() }))
}

/// Ready for traffic (a load balancer's check): the database answers and every migration is applied.
/// Otherwise 503, so the balancer sends requests to another server until this one can serve them.
async fn ready(State(state): State<AppState>) -> axum::response::Response {
    let unavailable = |code, en, nl| ApiError::user(StatusCode::SERVICE_UNAVAILABLE, None, code, en, nl);
    match state.access.pending_migrations().await {
        Ok(pending) if pending.is_empty() => {
            axum::Json(serde_json::json!({ "status": "ready", "database": state.access.backend() })).into_response()
        }
        Ok(pending) => unavailable(
            "migrations_pending",
            "the database is not migrated to this version of Regie: run `regie migrate`",
            "de database is niet bijgewerkt naar deze versie van Regie: voer `regie migrate` uit",
        )
        .with_data(serde_json::json!({ "pending": pending }))
        .into_response(),
        Err(error) => {
            tracing::warn!(%error, "readiness check: the database does not answer");
            unavailable(
                "database_unreachable",
                "the database does not answer",
                "de database antwoordt niet",
            )
            .into_response()
        }
    }
}

/// An unknown address: a problem document under `/api`, a Dutch page elsewhere.
async fn not_found(uri: axum::http::Uri) -> axum::response::Response {
    if uri.path().starts_with("/api/") {
        ApiError::not_found("page").into_response()
    } else {
        ui::not_found().into_response()
    }
}

/// A bound, not yet serving, Regie server.
pub struct Application {
    listener: tokio::net::TcpListener,
    router: Router,
}

impl Application {
    /// Binds `listen` (use port 0 for any free port) for an application over `access`; `secure_cookies`
    /// marks every cookie `Secure` (set it when Regie is reached over TLS).
    pub async fn build(access: Access, listen: &str, secure_cookies: bool) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind(listen).await?;
        Ok(Self {
            listener,
            router: app_with(access, secure_cookies),
        })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until Ctrl-C or SIGTERM, then finishes the requests in flight.
    pub async fn serve(self) -> std::io::Result<()> {
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(shutdown())
            .await
    }
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
