//! Where Regie's own logs and traces go (F29): text or JSON lines on standard error (`REGIE_LOG_FORMAT`),
//! and, when `REGIE_OTLP_ENDPOINT` names an OpenTelemetry collector, every span over OTLP/HTTP (protobuf).
//! Neither carries personal data: spans and events hold methods, route paths (ids at most), counts and
//! statuses, never a name, a BSN or a body.

use anyhow::{Context, Result, bail};
use opentelemetry::trace::TracerProvider as _;
use opentelemetry_http::{Bytes, HttpClient, HttpError, Request, Response};
use opentelemetry_otlp::{Protocol, WithExportConfig, WithHttpConfig};
use opentelemetry_sdk::Resource;
use opentelemetry_sdk::trace::SdkTracerProvider;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

/// The OTLP exporter's HTTP client: Regie's own reqwest client, its requests run on the tokio runtime while
/// the batch exporter's thread waits for them.
#[derive(Debug)]
struct OnTokio {
    client: reqwest::Client,
    runtime: tokio::runtime::Handle,
}

#[async_trait::async_trait]
impl HttpClient for OnTokio {
    async fn send_bytes(&self, request: Request<Bytes>) -> Result<Response<Bytes>, HttpError> {
        let client = self.client.clone();
        let request: reqwest::Request = request.try_into()?;
        let sent = self.runtime.spawn(async move {
            let response = client.execute(request).await?;
            let status = response.status();
            let headers = response.headers().clone();
            let mut answer = Response::builder().status(status).body(response.bytes().await?)?;
            *answer.headers_mut() = headers;
            Ok::<_, HttpError>(answer)
        });
        sent.await?
    }
}

/// Flushes the traces still buffered when Regie stops.
pub struct Telemetry(Option<SdkTracerProvider>);

impl Drop for Telemetry {
    fn drop(&mut self) {
        if let Some(provider) = self.0.take()
            && let Err(error) = provider.shutdown()
        {
            eprintln!("the last traces could not be sent: {error}");
        }
    }
}

/// Sets up logging and, if asked, tracing over OTLP; call once, inside the tokio runtime.
pub fn init() -> Result<Telemetry> {
    let filter = EnvFilter::try_from_env("REGIE_LOG").unwrap_or_else(|_| "info,sqlx=warn,tower_http=info".into());
    let format = std::env::var("REGIE_LOG_FORMAT").unwrap_or_default();
    let lines = match format.as_str() {
        "" | "text" => tracing_subscriber::fmt::layer().with_writer(std::io::stderr).boxed(),
        "json" => (tracing_subscriber::fmt::layer().json())
            .with_current_span(true)
            .with_writer(std::io::stderr)
            .boxed(),
        other => bail!("REGIE_LOG_FORMAT is text or json, not {other:?}"),
    };
    let (otlp, provider) = match std::env::var("REGIE_OTLP_ENDPOINT") {
        Ok(endpoint) if !endpoint.trim().is_empty() => {
            let provider = tracer_provider(endpoint.trim())?;
            let layer = tracing_opentelemetry::layer().with_tracer(provider.tracer("regie"));
            (Some(layer), Some(provider))
        }
        _ => (None, None),
    };
    tracing_subscriber::registry()
        .with(filter)
        .with(lines)
        .with(otlp)
        .init();
    Ok(Telemetry(provider))
}

/// Spans to `{endpoint}/v1/traces` in batches, as the service `regie`.
fn tracer_provider(endpoint: &str) -> Result<SdkTracerProvider> {
    let client = OnTokio {
        client: reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .context("an HTTP client for OTLP")?,
        runtime: tokio::runtime::Handle::current(),
    };
    let exporter = opentelemetry_otlp::SpanExporter::builder()
        .with_http()
        .with_http_client(client)
        .with_protocol(Protocol::HttpBinary)
        .with_endpoint(format!("{}/v1/traces", endpoint.trim_end_matches('/')))
        .build()
        .context("the OTLP exporter (REGIE_OTLP_ENDPOINT)")?;
    Ok(SdkTracerProvider::builder()
        .with_batch_exporter(exporter)
        .with_resource(Resource::builder().with_service_name("regie").build())
        .build())
}
