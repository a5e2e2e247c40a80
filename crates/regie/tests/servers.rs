//! Two `regie serve` processes on one PostgreSQL database (issue 16, F29), driven alternately as a load
//! balancer would: a sign-in form from one is accepted by the other, a session and its CSRF token work on
//! both, failed sign-ins on both count towards one lock, a stale change is a 409 on either, and background
//! work (the webhook outbox, the nightly retention run) is done once.

use crate::common;

use common::serve;
use regie_access::Access;
use regie_domain::Role;
use regie_domain::portal::LOCK_AFTER;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const PASSWORD: &str = "een lang wachtwoord";

/// A browser: its cookies, sent to whichever server it talks to.
#[derive(Default)]
struct Browser {
    cookies: HashMap<String, String>,
}

impl Browser {
    async fn send(&mut self, req: reqwest::RequestBuilder) -> (u16, String) {
        let cookie: Vec<String> = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let res = req.header("cookie", cookie.join("; ")).send().await.unwrap();
        for c in res.headers().get_all("set-cookie") {
            let c = c.to_str().unwrap();
            let (pair, _) = c.split_once(';').unwrap_or((c, ""));
            let (k, v) = pair.split_once('=').unwrap();
            if v.is_empty() || c.contains("Max-Age=0") {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_owned(), v.to_owned());
            }
        }
        let status = res.status().as_u16();
        (status, res.text().await.unwrap())
    }

    fn csrf(page: &str) -> String {
        let at = page.find("name=\"csrf\" value=\"").expect("a form") + 19;
        page[at..].split('"').next().unwrap().to_owned()
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

#[derive(Clone, Default)]
struct Receiver(Arc<Mutex<Vec<String>>>);

async fn receive(
    axum::extract::State(r): axum::extract::State<Receiver>,
    body: axum::body::Bytes,
) -> axum::http::StatusCode {
    let event: Value = serde_json::from_slice(&body).unwrap();
    r.0.lock().unwrap().push(event["id"].as_str().unwrap().to_owned());
    axum::http::StatusCode::NO_CONTENT
}

#[tokio::test]
async fn two_servers_on_one_postgresql_act_as_one() {
    let database = regie_store::testing::empty_postgres_database().await;
    let store = regie_store::connect(&database).await.unwrap();
    store.migrate().await.unwrap();
    let access = Access::new(store.clone());
    regie::demo::configure(&access).await.unwrap();
    for user in ["demo-local-team", "demo-vt"] {
        access.set_professional_password(user, PASSWORD).await.unwrap();
    }
    access.appoint("demo-local-team", Role::Administrator).await.unwrap();
    let token = access.issue_token("demo-local-team").await.unwrap();
    let me = store
        .professional_by_username("demo-local-team")
        .await
        .unwrap()
        .unwrap()
        .id;
    let (mut a, url_a) = serve(&database, &[]);
    let (mut b, url_b) = serve(&database, &[]);
    let http = client();

    // The sign-in form comes from A and is posted to B; the session works on both, its CSRF token too.
    let mut browser = Browser::default();
    let (_, form) = browser.send(http.get(format!("{url_a}/inloggen"))).await;
    let fields = [
        ("csrf", Browser::csrf(&form)),
        ("username", "demo-local-team".into()),
        ("password", PASSWORD.into()),
    ];
    let (status, _) = browser.send(http.post(format!("{url_b}/inloggen")).form(&fields)).await;
    assert_eq!(status, 303, "B accepts A's sign-in form");
    for url in [&url_a, &url_b] {
        let (status, _) = browser.send(http.get(format!("{url}/werklijst"))).await;
        assert_eq!(status, 200, "{url} knows the session");
    }
    let (_, page) = browser.send(http.get(format!("{url_a}/mijn-gegevens"))).await;
    let contact = [
        ("csrf", Browser::csrf(&page)),
        ("phone", "0612345678".into()),
        ("email", String::new()),
    ];
    let (status, _) = browser
        .send(http.post(format!("{url_b}/mijn-gegevens")).form(&contact))
        .await;
    assert_eq!(status, 200, "A's page's CSRF token is good on B");
    let (_, page) = browser.send(http.get(format!("{url_a}/mijn-gegevens"))).await;
    assert!(page.contains("0612345678"), "saved through B, read through A");
    let forged = [
        ("csrf", "forged".to_owned()),
        ("phone", "0611111111".into()),
        ("email", String::new()),
    ];
    let (status, _) = browser
        .send(http.post(format!("{url_a}/mijn-gegevens")).form(&forged))
        .await;
    assert_eq!(status, 403);
    // Signed out on B: gone on A too.
    let (_, page) = browser.send(http.get(format!("{url_a}/werklijst"))).await;
    let (status, _) = browser
        .send(
            http.post(format!("{url_b}/uitloggen"))
                .form(&[("csrf", Browser::csrf(&page))]),
        )
        .await;
    assert_eq!(status, 303);
    let (status, _) = browser.send(http.get(format!("{url_a}/werklijst"))).await;
    assert_eq!(status, 303, "signed out everywhere");

    // Failed sign-ins on either server count towards one lock (the first ones counted directly: through
    // the form each would wait up to five seconds).
    let now = regie_domain::time::now();
    let long_ago = now - jiff::SignedDuration::from_hours(24);
    while store
        .count_sign_in("demo-vt", now, long_ago, (u32::MAX, now))
        .await
        .unwrap()
        .unwrap()
        < LOCK_AFTER - 1
    {}
    let mut guesser = Browser::default();
    for (url, password) in [(&url_a, "niet het wachtwoord"), (&url_b, PASSWORD)] {
        let (_, form) = guesser.send(http.get(format!("{url}/inloggen"))).await;
        let fields = [
            ("csrf", Browser::csrf(&form)),
            ("username", "demo-vt".into()),
            ("password", password.into()),
        ];
        let (status, page) = guesser.send(http.post(format!("{url}/inloggen")).form(&fields)).await;
        assert_eq!(status, 422, "{url}");
        if password == PASSWORD {
            assert!(
                page.contains("Probeer het over 15 minuten opnieuw"),
                "B sees A's failure: locked"
            );
        }
    }

    // A change based on a version another server already moved past is a conflict, on either server.
    let api = |url: &str, path: &str, body: Value| {
        http.post(format!("{url}/api/v1{path}"))
            .bearer_auth(&token)
            .json(&body)
            .send()
    };
    let household: Value = api(&url_a, "/households", json!({"name": "Huishouden Twee"}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let case: Value = api(
        &url_b,
        "/cases",
        json!({"household_id": household["id"], "reason": "Hulpvraag", "lead": {"primary": me}}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let phase = format!("/cases/{}/phase", case["id"].as_str().unwrap());
    let first = api(&url_a, &phase, json!({"to": "analysis", "version": 1}))
        .await
        .unwrap();
    assert_eq!(first.status(), 200);
    let stale = api(&url_b, &phase, json!({"to": "plan", "version": 1})).await.unwrap();
    assert_eq!(
        stale.status(),
        409,
        "B refuses a change based on the version before A's"
    );

    // Background work once: both servers deliver from one outbox, and each notification arrives once.
    let receiver = Receiver::default();
    let router = axum::Router::new()
        .route("/regie", axum::routing::post(receive))
        .with_state(receiver.clone());
    let endpoint = format!("{}/regie", common::listen(router).await);
    let sub = api(&url_b, "/webhooks", json!({"endpoint": endpoint, "event_types": ["nl.regie.zaak.fase-gewijzigd"], "bearer_token": "partner-token-0123456789"}))
        .await
        .unwrap();
    assert_eq!(sub.status(), 201);
    const CHANGES: i64 = 6;
    for n in 0..CHANGES {
        let (to, url) = if n % 2 == 0 {
            ("plan", &url_a)
        } else {
            ("analysis", &url_b)
        };
        let body = json!({"to": to, "version": n + 2, "reason": "Terug naar de analyse: nieuwe informatie"});
        let changed = api(url, &phase, body).await.unwrap();
        assert_eq!(changed.status(), 200, "{}", changed.text().await.unwrap());
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    while store.outbox_depth().await.unwrap() > 0 {
        assert!(Instant::now() < deadline, "the outbox did not empty");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let ids = receiver.0.lock().unwrap().clone();
    let distinct: std::collections::HashSet<&String> = ids.iter().collect();
    assert_eq!(ids.len(), usize::try_from(CHANGES).unwrap(), "each once: {ids:?}");
    assert_eq!(distinct.len(), ids.len());
    a.kill().unwrap();
    b.kill().unwrap();
    a.wait().unwrap();
    b.wait().unwrap();

    // The nightly retention run, started by two servers at once, runs once.
    let other = Access::new(regie_store::connect(&database).await.unwrap());
    let (one, two) = tokio::join!(access.nightly_retention(), other.nightly_retention());
    assert_eq!(
        [one.unwrap().is_some(), two.unwrap().is_some()]
            .iter()
            .filter(|ran| **ran)
            .count(),
        1,
        "exactly one server ran it"
    );
}
