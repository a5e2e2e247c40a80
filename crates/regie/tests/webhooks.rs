//! The webhook outbox survives a crash (issue 16): `regie serve` is killed (SIGKILL) while a receiver holds
//! a delivery open; after a restart every notification arrives, none lost, in order.

use crate::common;

use axum::http::StatusCode;
use common::serve;
use regie_access::Access;
use regie_domain::Role;
use serde_json::{Value, json};
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A partner's endpoint that holds its first request open (the server is killed meanwhile) and accepts the
/// rest; it records every event it receives.
#[derive(Clone, Default)]
struct Receiver {
    received: Arc<Mutex<Vec<Value>>>,
    held: Arc<AtomicBool>,
}

async fn receive(axum::extract::State(r): axum::extract::State<Receiver>, body: axum::body::Bytes) -> StatusCode {
    r.received.lock().unwrap().push(serde_json::from_slice(&body).unwrap());
    if !r.held.swap(true, Ordering::SeqCst) {
        tokio::time::sleep(Duration::from_secs(60)).await;
    }
    StatusCode::NO_CONTENT
}

#[tokio::test]
async fn sqlite_every_notification_arrives_after_the_server_is_killed_mid_delivery() {
    let dir = tempfile::tempdir().unwrap();
    killed_mid_delivery(&dir.path().join("regie.db").to_string_lossy()).await;
}

#[tokio::test]
async fn postgres_every_notification_arrives_after_the_server_is_killed_mid_delivery() {
    killed_mid_delivery(&regie_store::testing::empty_postgres_database().await).await;
}

async fn killed_mid_delivery(database: &str) {
    let store = regie_store::connect(database).await.unwrap();
    store.migrate().await.unwrap();
    let access = Access::new(store.clone());
    regie::demo::configure(&access).await.unwrap();
    access.appoint("demo-local-team", Role::Administrator).await.unwrap();
    let token = access.issue_token("demo-local-team").await.unwrap();
    let me = store
        .professional_by_username("demo-local-team")
        .await
        .unwrap()
        .unwrap()
        .id;
    let vt = store.professional_by_username("demo-vt").await.unwrap().unwrap().id;

    let receiver = Receiver::default();
    let router = axum::Router::new()
        .route("/regie", axum::routing::post(receive))
        .with_state(receiver.clone());
    let endpoint = format!("{}/regie", common::listen(router).await);

    let (mut server, url) = serve(database, &[]);
    let client = reqwest::Client::new();
    let call = |method: reqwest::Method, path: &str, body: Value| {
        (client.request(method, format!("{url}/api/v1{path}")))
            .bearer_auth(&token)
            .json(&body)
            .send()
    };
    let made = call(
        reqwest::Method::POST,
        "/webhooks",
        json!({"endpoint": endpoint, "event_types": ["nl.regie.zaak.regievoerder-gewijzigd"], "bearer_token": "partner-token-0123456789"}),
    )
    .await
    .unwrap();
    assert_eq!(made.status(), 201);
    let household: Value = (call(
        reqwest::Method::POST,
        "/households",
        json!({"name": "Huishouden Crash"}),
    )
    .await)
        .unwrap()
        .json()
        .await
        .unwrap();
    let case: Value = call(
        reqwest::Method::POST,
        "/cases",
        json!({"household_id": household["id"], "reason": "Het gezin vraagt hulp", "lead": {"primary": me}}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let case_id = case["id"].as_str().unwrap().to_owned();
    // Ten changes of the fixed contact persons: a duo with Veilig Thuis, and back.
    const CHANGES: usize = 10;
    for n in 0..CHANGES {
        let lead = if n % 2 == 0 {
            json!({"primary": me, "secondary": vt})
        } else {
            json!({"primary": me})
        };
        let version = i64::try_from(n).unwrap() + 1;
        let changed = call(
            reqwest::Method::POST,
            &format!("/cases/{case_id}/lead"),
            json!({"lead": lead, "reason": "Samenwerking met Veilig Thuis", "version": version}),
        )
        .await
        .unwrap();
        assert_eq!(changed.status(), 200, "{}", changed.text().await.unwrap());
    }

    // The first delivery is held open; the server dies in the middle of it.
    let deadline = Instant::now() + Duration::from_secs(30);
    while receiver.received.lock().unwrap().is_empty() {
        assert!(Instant::now() < deadline, "no delivery started");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(store.outbox_depth().await.unwrap() >= u64::try_from(CHANGES).unwrap() - 1);

    // After a restart (once the dead server's lease has run out) every notification arrives.
    let (mut server, _) = serve(database, &[]);
    let deadline = Instant::now() + Duration::from_secs(60);
    let distinct = || {
        let received = receiver.received.lock().unwrap();
        received
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_owned())
            .collect::<HashSet<_>>()
            .len()
    };
    while distinct() < CHANGES || store.outbox_depth().await.unwrap() > 0 {
        assert!(Instant::now() < deadline, "{} of {CHANGES} arrived", distinct());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    server.kill().unwrap();
    server.wait().unwrap();
    // In order: each event's first arrival comes after the one before it.
    let received = receiver.received.lock().unwrap().clone();
    let mut seen = HashSet::new();
    let firsts: Vec<&str> = (received.iter())
        .filter(|e| seen.insert(e["id"].as_str().unwrap().to_owned()))
        .map(|e| e["sequence"].as_str().unwrap())
        .collect();
    assert_eq!(firsts.len(), CHANGES);
    assert!(firsts.windows(2).all(|w| w[0] < w[1]), "{firsts:?}");
    assert!(
        received.len() > CHANGES,
        "the one cut off was sent again: at least once"
    );
}
