//! Regie's own logs and traces (issue 16, F29): JSON lines on standard error when asked, and spans over
//! OTLP/HTTP to a collector when `REGIE_OTLP_ENDPOINT` is set; neither holds the personal data a request
//! carried.

use crate::common;

use std::io::Read;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the collector received: (path, content type, body).
type Received = Arc<Mutex<Vec<(String, String, Vec<u8>)>>>;

async fn collect(
    axum::extract::State(received): axum::extract::State<Received>,
    uri: axum::http::Uri,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> axum::http::StatusCode {
    let kind = headers
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    received
        .lock()
        .unwrap()
        .push((uri.path().to_owned(), kind, body.to_vec()));
    axum::http::StatusCode::OK
}

#[tokio::test]
async fn logs_are_json_and_spans_reach_the_collector_without_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("regie.db").to_string_lossy().into_owned();
    let access = common::demo_region(&database).await;
    let token = access.issue_token("demo-local-team").await.unwrap();

    let received = Received::default();
    let router = axum::Router::new().fallback(collect).with_state(received.clone());
    let collector = common::listen(router).await;

    let (mut child, url) = common::spawn(
        Command::new(env!("CARGO_BIN_EXE_regie"))
            .args([
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--database",
                &database,
                "--second-factor",
                "optional",
            ])
            .env("REGIE_LOG", "info")
            .env("REGIE_LOG_FORMAT", "json")
            .env("REGIE_OTLP_ENDPOINT", &collector)
            .env("OTEL_BSP_SCHEDULE_DELAY", "100")
            .stderr(Stdio::piped()),
    );
    let secret = "Huishouden Geheimzinnig";
    // A partner's call in its own trace: Regie's span of it joins that trace.
    let trace_id = "4bf92f3577b34da6a3ce929d0e0e4736";
    let made = reqwest::Client::new()
        .post(format!("{url}/api/v1/households"))
        .header("traceparent", format!("00-{trace_id}-00f067aa0ba902b7-01"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"name": secret}))
        .send()
        .await
        .unwrap();
    assert_eq!(made.status(), 201);

    let deadline = Instant::now() + Duration::from_secs(20);
    while received.lock().unwrap().is_empty() {
        assert!(Instant::now() < deadline, "no spans reached the collector");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // SIGTERM: the server finishes and sends what it still holds.
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    child.wait().unwrap();

    let received = received.lock().unwrap().clone();
    for (path, kind, body) in &received {
        assert_eq!(path, "/v1/traces");
        assert_eq!(kind, "application/x-protobuf");
        let text = String::from_utf8_lossy(body);
        assert!(text.contains("regie"), "the service's name");
        assert!(!text.contains("Geheimzinnig"), "no name in a span");
    }
    let all = received
        .iter()
        .map(|(_, _, b)| String::from_utf8_lossy(b).into_owned())
        .collect::<String>();
    assert!(all.contains("/api/v1/households"), "the request's span, by its path");
    let trace_bytes: Vec<u8> = (0..16)
        .map(|i| u8::from_str_radix(&trace_id[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    assert!(
        received
            .iter()
            .any(|(_, _, b)| b.windows(16).any(|w| w == trace_bytes.as_slice())),
        "the span carries the partner's trace id"
    );

    let logged: Vec<serde_json::Value> = (stderr.lines())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line ({e}): {l}")))
        .collect();
    assert!(!logged.is_empty(), "the server logged");
    assert!(
        logged
            .iter()
            .all(|l| l["level"].is_string() && l["timestamp"].is_string())
    );
    assert!(!stderr.contains("Geheimzinnig"), "no name in the logs");
}

#[test]
fn an_unknown_log_format_is_refused_with_its_name() {
    let out = Command::new(env!("CARGO_BIN_EXE_regie"))
        .args(["migrate", "--database", "/nonexistent/never.db"])
        .env("REGIE_LOG_FORMAT", "xml")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("REGIE_LOG_FORMAT is text or json"), "{text}");
}
