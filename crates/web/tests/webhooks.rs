//! Webhooks (F28, issue 16) on SQLite and PostgreSQL: an administrator subscribes an endpoint; a case change
//! fills the outbox in its own transaction for the involved organisations' subscriptions only; each
//! notification reaches a real HTTP receiver as a signed CloudEvent without personal data, in order, again
//! after a failure, honouring `Retry-After`; bad subscriptions are refused field by field and store nothing.

use crate::common;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use common::TestApp;
use regie_access::{Access, NotificationSettings, signature};
use regie_domain::Role;
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

/// A partner system's endpoint on loopback: it records what it receives and answers as scripted (200 when
/// the script is empty).
#[derive(Clone, Default)]
struct Receiver {
    received: Arc<Mutex<Vec<Received>>>,
    answers: Arc<Mutex<VecDeque<Answer>>>,
}

/// A request as received: its headers and body.
type Received = (HeaderMap, Vec<u8>);

/// A scripted answer: a status and a `Retry-After`.
type Answer = (StatusCode, Option<&'static str>);

async fn receive(State(r): State<Receiver>, headers: HeaderMap, body: axum::body::Bytes) -> axum::response::Response {
    use axum::response::IntoResponse;
    r.received.lock().unwrap().push((headers, body.to_vec()));
    match r.answers.lock().unwrap().pop_front() {
        Some((status, Some(retry_after))) => (status, [("retry-after", retry_after)]).into_response(),
        Some((status, None)) => status.into_response(),
        None => StatusCode::NO_CONTENT.into_response(),
    }
}

impl Receiver {
    /// Starts it; returns its address.
    async fn start(&self) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/regie", listener.local_addr().unwrap());
        let router = axum::Router::new()
            .route("/regie", axum::routing::post(receive))
            .with_state(self.clone());
        tokio::spawn(async move { axum::serve(listener, router).await });
        url
    }

    fn bodies(&self) -> Vec<Value> {
        (self.received.lock().unwrap().iter())
            .map(|(_, b)| serde_json::from_slice(b).unwrap())
            .collect()
    }
}

const TOKEN: &str = "partner-systeem-token-0123456789";

fn settings() -> NotificationSettings {
    NotificationSettings {
        public_url: "https://regie.test".into(),
        source: "urn:nld:regie:test".into(),
    }
}

/// One round of the deliverer, as `regie serve` runs it every second.
async fn round(app: &TestApp) -> regie_access::DeliveryRound {
    let client = reqwest::Client::new();
    Access::new(app.store.clone())
        .deliver_notifications(&client, &settings())
        .await
        .unwrap()
}

async fn administrators(app: &TestApp) {
    let access = Access::new(app.store.clone());
    for user in ["local", "local2", "gi"] {
        access.appoint(user, Role::Administrator).await.unwrap();
    }
}

async fn subscribe(app: &TestApp, user: &str, endpoint: &str, types: &[&str]) -> (String, String) {
    let (s, body) = app
        .post(
            user,
            "/api/v1/webhooks",
            json!({"endpoint": endpoint, "event_types": types, "bearer_token": TOKEN}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    (
        body["subscription"]["id"].as_str().unwrap().to_owned(),
        body["signing_secret"].as_str().unwrap().to_owned(),
    )
}

async fn a_case_change_reaches_the_involved_organisations_endpoint_as_a_signed_cloudevent_in_order(app: TestApp) {
    administrators(&app).await;
    let receiver = Receiver::default();
    let endpoint = receiver.start().await;
    let (id, secret) = subscribe(
        &app,
        "local",
        &endpoint,
        &["nl.regie.zaak.fase-gewijzigd", "nl.regie.zaak.regievoerder-gewijzigd"],
    )
    .await;
    // Another local team's organisation subscribes too, but is not involved in the case: it learns nothing.
    let outsider = Receiver::default();
    let outsider_endpoint = outsider.start().await;
    subscribe(&app, "local2", &outsider_endpoint, &["nl.regie.zaak.fase-gewijzigd"]).await;

    let (h, _, _) = app.family("Huishouden Notificatie").await;
    let case = app.open_case(&h).await;
    let case_id = case["id"].as_str().unwrap().to_owned();
    let phase = json!({"to": "analysis", "version": 1});
    let (s, _) = app
        .post("local", &format!("/api/v1/cases/{case_id}/phase"), phase)
        .await;
    assert_eq!(s, StatusCode::OK);
    let duo = json!({"lead": {"primary": app.ids["local"], "secondary": app.ids["vt"]}, "reason": "Samen met Veilig Thuis", "version": 2});
    let (s, _) = app.post("local", &format!("/api/v1/cases/{case_id}/lead"), duo).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        app.store.outbox_depth().await.unwrap(),
        2,
        "written with the changes, for the involved only"
    );

    assert_eq!(
        round(&app).await,
        regie_access::DeliveryRound {
            delivered: 2,
            failed: 0
        }
    );
    assert_eq!(app.store.outbox_depth().await.unwrap(), 0);
    assert!(
        outsider.received.lock().unwrap().is_empty(),
        "an uninvolved organisation hears nothing"
    );
    let events = receiver.bodies();
    let types: Vec<&str> = events.iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert_eq!(
        types,
        ["nl.regie.zaak.fase-gewijzigd", "nl.regie.zaak.regievoerder-gewijzigd"]
    );
    let received = receiver.received.lock().unwrap().clone();
    for ((headers, body), event) in received.iter().zip(&events) {
        assert_eq!(event["specversion"], "1.0");
        assert_eq!(event["source"], "urn:nld:regie:test");
        assert_eq!(event["dataref"], format!("https://regie.test/api/v1/cases/{case_id}"));
        assert!(
            event.get("data").is_none(),
            "informatiearm: no data in the notification"
        );
        let text = String::from_utf8_lossy(body);
        assert!(
            !text.contains("Notificatie") && !text.contains("Anouk"),
            "no name: {text}"
        );
        assert_eq!(headers["content-type"], "application/cloudevents+json; charset=utf-8");
        assert_eq!(headers["authorization"], format!("Bearer {TOKEN}"));
        // The receiver checks the signature with the secret it got once.
        let webhook_id = headers["webhook-id"].to_str().unwrap();
        assert_eq!(webhook_id, event["id"].as_str().unwrap());
        let timestamp: i64 = headers["webhook-timestamp"].to_str().unwrap().parse().unwrap();
        assert_eq!(
            headers["webhook-signature"].to_str().unwrap(),
            signature(&secret, webhook_id, timestamp, body).unwrap()
        );
        assert_ne!(
            signature(&secret, webhook_id, timestamp, b"{}").unwrap(),
            headers["webhook-signature"].to_str().unwrap()
        );
    }
    assert!(
        events[0]["sequence"].as_str() < events[1]["sequence"].as_str(),
        "in order"
    );

    // The organisation sees what was delivered.
    let (s, list) = app.get("local", &format!("/api/v1/webhooks/{id}/deliveries")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert!(list.as_array().unwrap().iter().all(|d| d["delivered_at"].is_string()));
    // Another organisation does not.
    let (s, _) = app.get("local2", &format!("/api/v1/webhooks/{id}/deliveries")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

async fn a_failed_delivery_is_tried_again_later_and_the_next_waits_for_it(app: TestApp) {
    administrators(&app).await;
    let receiver = Receiver::default();
    receiver.answers.lock().unwrap().extend([
        (StatusCode::TOO_MANY_REQUESTS, Some("120")),
        (StatusCode::SERVICE_UNAVAILABLE, None),
    ]);
    let endpoint = receiver.start().await;
    let (id, _) = subscribe(&app, "local", &endpoint, &["nl.regie.zaak.fase-gewijzigd"]).await;
    let (h, _, _) = app.family("Huishouden Opnieuw").await;
    let case_id = app.open_case(&h).await["id"].as_str().unwrap().to_owned();
    for (version, to) in [(1, "analysis"), (2, "plan")] {
        let (s, _) = app
            .post(
                "local",
                &format!("/api/v1/cases/{case_id}/phase"),
                json!({"to": to, "version": version}),
            )
            .await;
        assert_eq!(s, StatusCode::OK);
    }
    // 429 with Retry-After: the first waits two minutes, and the second waits behind it.
    let before = regie_domain::time::now();
    assert_eq!(
        round(&app).await,
        regie_access::DeliveryRound {
            delivered: 0,
            failed: 1
        }
    );
    assert_eq!(
        receiver.received.lock().unwrap().len(),
        1,
        "the second is not sent before the first"
    );
    let (_, list) = app.get("local", &format!("/api/v1/webhooks/{id}/deliveries")).await;
    let first = &list.as_array().unwrap()[1];
    assert_eq!(
        (first["attempts"].as_u64(), first["last_status"].as_u64()),
        (Some(1), Some(429))
    );
    let next: jiff::Timestamp = first["next_attempt_at"].as_str().unwrap().parse().unwrap();
    assert!(next >= before + jiff::SignedDuration::from_secs(119), "{next}");
    assert_eq!(round(&app).await, regie_access::DeliveryRound::default(), "not due yet");

    // Two minutes later (its time set back), a 503: tried again ten seconds on; then accepted, in order.
    let pending = app.store.pending_deliveries(id.parse().unwrap(), 10).await.unwrap();
    let past = before - jiff::SignedDuration::from_secs(1);
    app.store
        .delivery_failed(pending[0].id, past, Some(429), "set back by the test")
        .await
        .unwrap();
    assert_eq!(round(&app).await.failed, 1);
    let pending = app.store.pending_deliveries(id.parse().unwrap(), 10).await.unwrap();
    assert_eq!(pending[0].attempts, 3);
    app.store
        .delivery_failed(pending[0].id, past, Some(503), "set back by the test")
        .await
        .unwrap();
    assert_eq!(round(&app).await.delivered, 2);
    let bodies = receiver.bodies();
    let ids: Vec<&str> = bodies.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 4);
    assert_eq!(ids[0], ids[1], "the same event, sent again with the same id");
    assert_eq!(ids[1], ids[2]);
    assert_ne!(ids[2], ids[3]);
    assert!(bodies[2]["sequence"].as_str() < bodies[3]["sequence"].as_str());
}

async fn a_bad_subscription_is_refused_field_by_field_and_nothing_is_stored(app: TestApp) {
    administrators(&app).await;
    let bad = json!({
        "endpoint": "http://partner.example.nl/hook",
        "event_types": ["nl.regie.melding.ontvangen", "nl.regie.bestaat.niet"],
        "bearer_token": "kort"
    });
    let (s, problem) = app.post("local", "/api/v1/webhooks", bad).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    let fields = common::field_codes(&problem);
    for expected in [
        ("endpoint", "invalid_endpoint"),
        ("event_types", "not_for_organisation"),
        ("event_types", "unknown_event_type"),
        ("bearer_token", "weak_token"),
    ] {
        assert!(
            fields.contains(&(expected.0.to_owned(), expected.1.to_owned())),
            "{expected:?} in {fields:?}"
        );
    }
    let (s, problem) = app
        .post(
            "local",
            "/api/v1/webhooks",
            json!({"endpoint": "https://partner.example.nl/hook", "event_types": [], "bearer_token": TOKEN}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        common::field_codes(&problem),
        [("event_types".to_owned(), "required".to_owned())]
    );
    // Not the organisation's administrator.
    let good = json!({"endpoint": "https://partner.example.nl/hook", "event_types": ["nl.regie.zaak.afgesloten"], "bearer_token": TOKEN});
    let (s, _) = app.post("vt", "/api/v1/webhooks", good.clone()).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (_, list) = app.get("local", "/api/v1/webhooks").await;
    assert_eq!(list, json!([]), "nothing was stored");
    let (s, _) = app.get("vt", "/api/v1/webhooks").await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // A good one is listed without its token or secret, and ends once.
    let (s, made) = app.post("local", "/api/v1/webhooks", good).await;
    assert_eq!(s, StatusCode::CREATED);
    assert!(made["signing_secret"].as_str().unwrap().starts_with("whsec_"));
    let id = made["subscription"]["id"].as_str().unwrap();
    let (_, list) = app.get("local", "/api/v1/webhooks").await;
    assert!(!list.to_string().contains(TOKEN) && !list.to_string().contains("whsec_"));
    let (s, _) = app.delete("local2", &format!("/api/v1/webhooks/{id}")).await;
    assert_eq!(
        s,
        StatusCode::NOT_FOUND,
        "another organisation's subscription is not found"
    );
    let (s, ended) = app.delete("local", &format!("/api/v1/webhooks/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(ended["ended_at"].is_string());
    let (s, _) = app.delete("local", &format!("/api/v1/webhooks/{id}")).await;
    assert_eq!(s, StatusCode::CONFLICT);
}

/// A household whose case the Raad took to the court, which put its son `child` under supervision until
/// `weeks` from today; the case's id and version.
async fn supervised_for(app: &TestApp, name: &str, child: &str, weeks: i64) -> (String, i64) {
    let h = app.household(name).await;
    let son = app.person(child, "2013-06-06", None).await;
    app.add_member(&h, &son, "child").await;
    let id = app.open_case(&h).await["id"].as_str().unwrap().to_owned();
    let path = |rest: &str| format!("/api/v1/cases/{id}{rest}");
    let today = regie_domain::time::today();
    let until = today + jiff::Span::new().weeks(weeks);
    let steps = [
        (
            "local",
            "/investigations",
            json!({"reason": "Zorgen om Daan", "version": 1}),
        ),
        ("rvdk", "/investigations/1/accept", json!({"version": 2})),
        (
            "rvdk",
            "/investigations/1/conclusion",
            json!({"outcome": "request", "kinds": ["supervision"],
            "children": [son], "grounds": "Ontwikkelingsbedreiging", "executor": app.ids["gi"], "version": 3}),
        ),
        (
            "court",
            "/court-requests/1/hearing",
            json!({"hearing_on": today.to_string(), "version": 4}),
        ),
        (
            "court",
            "/court-requests/1/decision",
            json!({"outcome": "granted",
            "granted": [{"kind": "supervision", "until": until.to_string()}],
            "heard": [{"person_id": son, "heard": "heard"}],
            "reason": "De kinderrechter stelt het kind onder toezicht", "version": 5}),
        ),
    ];
    for (user, rest, body) in steps {
        let (s, b) = app.post(user, &path(rest), body).await;
        assert_eq!(s, StatusCode::OK, "{rest}: {b}");
    }
    (id, 6)
}

/// Need-to-know for notifications: the Raad that asked for a measure may step in only in its last six weeks
/// (art. 1:260 lid 1 BW), and only from then is it involved and notified; before, it hears nothing of the case.
async fn a_task_notifies_its_organisation_only_once_it_has_started(app: TestApp) {
    Access::new(app.store.clone())
        .appoint("rvdk", Role::Administrator)
        .await
        .unwrap();
    let (later, later_version) = supervised_for(&app, "Huishouden Later", "Daan", 20).await;
    let (soon, soon_version) = supervised_for(&app, "Huishouden Binnenkort", "Sem", 4).await;
    let receiver = Receiver::default();
    let endpoint = receiver.start().await;
    subscribe(&app, "rvdk", &endpoint, &["nl.regie.zaak.fase-gewijzigd"]).await;
    let analysis = |version| json!({"to": "analysis", "version": version});
    let (s, b) = app
        .post("gi", &format!("/api/v1/cases/{later}/phase"), analysis(later_version))
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(
        app.store.outbox_depth().await.unwrap(),
        0,
        "the Raad's step-in has not started: nothing for it"
    );
    let (s, b) = app
        .post("gi", &format!("/api/v1/cases/{soon}/phase"), analysis(soon_version))
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(app.store.outbox_depth().await.unwrap(), 1, "its step-in has started");
    round(&app).await;
    let events = receiver.bodies();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["dataref"], format!("https://regie.test/api/v1/cases/{soon}"));
}

api_tests!(
    a_task_notifies_its_organisation_only_once_it_has_started,
    a_case_change_reaches_the_involved_organisations_endpoint_as_a_signed_cloudevent_in_order,
    a_failed_delivery_is_tried_again_later_and_the_next_waits_for_it,
    a_bad_subscription_is_refused_field_by_field_and_nothing_is_stored,
);
