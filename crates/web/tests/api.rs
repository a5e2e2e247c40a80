//! Black-box tests of the API, in process (`Router::oneshot`), each on a fresh SQLite and PostgreSQL store.
//! Every refusal is followed by a check that nothing changed.

use crate::common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use common::{TestApp, field_codes};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

api_tests!(
    health_and_the_openapi_document_need_no_token,
    metrics_count_requests_by_route_and_never_name_anyone,
    a_method_an_address_does_not_take_is_refused_as_a_problem,
    a_missing_or_wrong_token_gets_401,
    a_household_is_created_found_and_read_with_its_members,
    bad_household_input_names_every_field_and_stores_nothing,
    malformed_and_mistyped_bodies_are_refused_and_store_nothing,
    an_oversize_body_is_refused_and_stores_nothing,
    an_invalid_bsn_is_refused_and_stores_nothing,
    a_possible_duplicate_needs_confirmation_and_a_known_bsn_is_never_duplicated,
    unknown_ids_get_404,
    a_child_belongs_to_two_households_and_membership_rules_hold,
    a_case_travels_its_route_and_the_timeline_tells_the_story,
    a_stale_version_gets_409_and_changes_nothing,
    refused_transitions_change_nothing,
    statutory_tasks_are_enforced_per_organisation_kind,
    a_household_has_one_open_case,
    reading_a_household_is_recorded_in_the_processing_log,
    reading_a_case_is_recorded_for_its_current_members_only,
);

#[test]
fn the_committed_openapi_document_matches_the_code() {
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi.json")).unwrap_or_default();
    assert!(
        committed == regie_web::openapi_json(),
        "openapi.json is out of date: run `cargo run -p regie -- openapi > openapi.json`"
    );
}

async fn health_and_the_openapi_document_need_no_token(app: TestApp) {
    let (s, _, body) = app.raw(Method::GET, "/health", None, Body::empty(), None).await;
    assert_eq!(s, StatusCode::OK);
    let health: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["database"], app.store.backend());
    let (s, _, body) = app.raw(Method::GET, "/ready", None, Body::empty(), None).await;
    assert_eq!(
        (s, serde_json::from_str::<Value>(&body).unwrap()["status"].clone()),
        (StatusCode::OK, json!("ready"))
    );
    let (s, _, body) = app
        .raw(Method::GET, "/api/openapi.json", None, Body::empty(), None)
        .await;
    assert_eq!(s, StatusCode::OK);
    let doc: Value = serde_json::from_str(&body).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    assert!(doc["paths"]["/cases/{id}/events"].is_object());
}

/// `/metrics` tells an operator how long each route takes, how full the pools are and how the group commit
/// batches, without a household's id, a name or a BSN in any label.
async fn metrics_count_requests_by_route_and_never_name_anyone(app: TestApp) {
    let id = app.household("Huishouden Metriek").await;
    let person = app.person("Zephyrine", "2014-05-06", Some("999990019")).await;
    app.get("local", &format!("/api/v1/households/{id}")).await;
    app.get("local", "/api/v1/households?q=metriek").await;
    let (s, ct, body) = app.raw(Method::GET, "/metrics", None, Body::empty(), None).await;
    assert_eq!(s, StatusCode::OK);
    assert!(ct.starts_with("application/openmetrics-text"), "{ct}");
    let count = |prefix: &str| -> u64 {
        (body.lines())
            .find_map(|l| l.strip_prefix(prefix))
            .and_then(|rest| rest.trim().parse().ok())
            .unwrap_or_else(|| panic!("no {prefix} in\n{body}"))
    };
    assert_eq!(
        count(r#"regie_http_request_duration_seconds_count{method="POST",route="/api/v1/households",status="201"}"#),
        1
    );
    assert_eq!(
        count(r#"regie_http_request_duration_seconds_count{method="GET",route="/api/v1/households",status="200"}"#),
        1
    );
    assert!(body.contains(r#"route="/api/v1/households/{id}""#), "{body}");
    assert!(count("regie_group_commit_batch_size_count") >= 1);
    let pool = if app.store.backend() == "sqlite" {
        "reader"
    } else {
        "shared"
    };
    assert!(count(&format!(r#"regie_database_connections{{pool="{pool}",state="max"}}"#)) >= 1);
    for secret in [
        id.as_str(),
        person.as_str(),
        "Metriek",
        "metriek",
        "Zephyrine",
        "999990019",
    ] {
        assert!(!body.contains(secret), "{secret} in the metrics");
    }
}

#[tokio::test]
async fn a_database_not_yet_migrated_is_not_ready_on_sqlite() {
    not_ready_until_migrated(regie_store::testing::sqlite_unmigrated().await).await;
}

#[tokio::test]
async fn a_database_not_yet_migrated_is_not_ready_on_postgres() {
    not_ready_until_migrated(regie_store::testing::postgres_unmigrated().await).await;
}

/// A load balancer keeps traffic away from a server whose database lacks this version's migrations, and
/// sends it again once `regie migrate` has run; the liveness check answers all the while.
async fn not_ready_until_migrated(t: regie_store::testing::TestStore) {
    let router = regie_web::app(t.store.clone());
    let get = |path: &'static str| {
        let router = router.clone();
        async move {
            let response = router
                .oneshot(Request::get(path).body(Body::empty()).unwrap())
                .await
                .unwrap();
            let status = response.status();
            let body = response.into_body().collect().await.unwrap().to_bytes();
            (status, serde_json::from_slice::<Value>(&body).unwrap())
        }
    };
    let (s, problem) = get("/ready").await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(problem["code"], "migrations_pending", "{problem}");
    assert!(problem["data"]["pending"].as_array().unwrap().len() > 5, "{problem}");
    assert_eq!(get("/health").await.0, StatusCode::OK);
    t.store.migrate().await.unwrap();
    let (s, body) = get("/ready").await;
    assert_eq!((s, &body["status"]), (StatusCode::OK, &json!("ready")));
}

async fn a_missing_or_wrong_token_gets_401(app: TestApp) {
    for token in [None, Some("regie_wrong"), Some("")] {
        let (s, ct, body) = app
            .raw(Method::GET, "/api/v1/households", token, Body::empty(), None)
            .await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "{token:?}");
        assert_eq!(ct, "application/problem+json");
        let p: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            (p["status"].as_u64(), p["code"].as_str()),
            (Some(401), Some("unauthenticated"))
        );
    }
    let (s, me) = app.get("vt", "/api/v1/me").await;
    assert_eq!((s, me["organisation_kind"].as_str()), (StatusCode::OK, Some("vt")));
}

async fn a_household_is_created_found_and_read_with_its_members(app: TestApp) {
    let (s, h) = app
        .post(
            "local",
            "/api/v1/households",
            json!({"name": "Huishouden De Vries", "address": {"street": "Lindelaan", "house_number": "3", "postcode": "9991ab", "city": "Voorbeeldstad"}}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{h}");
    assert_eq!(h["address"]["postcode"], "9991 AB");
    let id = h["id"].as_str().unwrap();
    let child = app.person("Anaïs", "2014-05-06", Some("999990019")).await;
    let (s, m) = app
        .post(
            "local",
            &format!("/api/v1/households/{id}/members"),
            json!({"person_id": child, "relation": "child", "from": "2020-01-01"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{m}");
    app.household("Huishouden Jansen").await;

    let (s, page) = app.get("local", "/api/v1/households?q=anais").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert_eq!(page["items"][0]["members"], 1);
    let (_, page) = app.get("local", "/api/v1/households?q=999990019").await;
    assert_eq!(page["items"][0]["id"], id);
    let (_, page) = app.get("local", "/api/v1/households?limit=1").await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    let next = page["next"].as_str().unwrap();
    let (_, page2) = app
        .get("local", &format!("/api/v1/households?limit=1&after={next}"))
        .await;
    assert_ne!(page2["items"][0]["id"], page["items"][0]["id"]);

    let (s, file) = app.get("local", &format!("/api/v1/households/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(file["members"][0]["person"]["given_name"], "Anaïs");
    assert_eq!(file["members"][0]["membership"]["relation"], "child");
    assert_eq!(file["members"][0]["current"], true);
    assert!(file["open_case"].is_null());
}

async fn bad_household_input_names_every_field_and_stores_nothing(app: TestApp) {
    let (s, p) = app
        .post(
            "local",
            "/api/v1/households",
            json!({"name": "  ", "address": {"street": "", "house_number": "1", "postcode": "12", "city": "X"}}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_codes(&p),
        vec![
            ("name".into(), "required".into()),
            ("address.street".into(), "required".into()),
            ("address.postcode".into(), "postcode_format".into())
        ]
    );
    assert!(p["detail_nl"].as_str().unwrap().contains("vul de naam in"), "{p}");
    let (s, p) = app.get("local", "/api/v1/households?limit=500").await;
    assert_eq!((s, p["field"].as_str()), (StatusCode::BAD_REQUEST, Some("limit")));
    assert_eq!(app.household_count().await, 0);
}

async fn malformed_and_mistyped_bodies_are_refused_and_store_nothing(app: TestApp) {
    let token = app.tokens["local"].clone();
    // (body, content type, expected status, expected code, expected field)
    type Attempt<'a> = (&'a str, Option<&'a str>, StatusCode, &'a str, Option<&'a str>);
    let cases: Vec<Attempt> = vec![
        (
            "{\"name\": ",
            Some("application/json"),
            StatusCode::BAD_REQUEST,
            "malformed_json",
            None,
        ),
        (
            "{\"name\": 5}",
            Some("application/json"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
            Some("name"),
        ),
        (
            "{}",
            Some("application/json"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
            Some("name"),
        ),
        (
            "{\"name\": \"x\", \"nmae\": 1}",
            Some("application/json"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
            Some("nmae"),
        ),
        (
            "{\"name\": \"x\"}",
            None,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "content_type",
            None,
        ),
        // serde would read a struct from an array; a body is an object.
        (
            "[\"Huishouden Lijst\"]",
            Some("application/json"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
            None,
        ),
    ];
    for (body, ct, status, code, field) in cases {
        let (s, content_type, text) = app
            .raw(Method::POST, "/api/v1/households", Some(&token), Body::from(body), ct)
            .await;
        assert_eq!(s, status, "{body}: {text}");
        assert_eq!(content_type, "application/problem+json");
        let p: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            (p["code"].as_str(), p["field"].as_str()),
            (Some(code), field),
            "{body}: {text}"
        );
    }
    let (s, p) = app
        .post("local", "/api/v1/households/not-a-uuid/members", json!({}))
        .await;
    assert_eq!((s, p["code"].as_str()), (StatusCode::NOT_FOUND, Some("invalid_id")));
    assert_eq!(app.household_count().await, 0);
    // One's contact details likewise: an array of nulls does not clear them.
    let (s, p) = app
        .call(
            "local",
            Method::PUT,
            "/api/v1/me/contact",
            Some(json!({"email": "local@x.example"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{p}");
    let (s, p) = app
        .call("local", Method::PUT, "/api/v1/me/contact", Some(json!([null, null])))
        .await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_body"))
    );
    let (_, mine) = app.get("local", "/api/v1/me/contact").await;
    assert_eq!(mine["email"], "local@x.example");
}

async fn an_oversize_body_is_refused_and_stores_nothing(app: TestApp) {
    let token = app.tokens["local"].clone();
    let body = json!({"name": "x".repeat(regie_web::MAX_BODY_BYTES)}).to_string();
    let (s, _, text) = app
        .raw(
            Method::POST,
            "/api/v1/households",
            Some(&token),
            Body::from(body),
            Some("application/json"),
        )
        .await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{text}");
    assert!(text.contains("body_too_large"));
    assert_eq!(app.household_count().await, 0);
}

async fn an_invalid_bsn_is_refused_and_stores_nothing(app: TestApp) {
    let (s, p) = app
        .post(
            "local",
            "/api/v1/persons",
            json!({"given_name": "Sem", "family_name": "Bos", "date_of_birth": "2031-01-01", "bsn": "123456781"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_codes(&p),
        vec![
            ("date_of_birth".into(), "date_in_future".into()),
            ("bsn".into(), "bsn_checksum".into())
        ]
    );
    assert!(p["errors"][1]["detail_nl"].as_str().unwrap().contains("11-proef"));
    let key = regie_domain::person::normalise("Sem Bos");
    let stored = app
        .store
        .person_matches(&key, jiff::civil::date(2031, 1, 1), None)
        .await
        .unwrap();
    assert!(stored.is_empty());
}

async fn a_possible_duplicate_needs_confirmation_and_a_known_bsn_is_never_duplicated(app: TestApp) {
    let first = app.person("Noor", "2016-05-05", Some("999990020")).await;
    let twin = json!({"given_name": "noor", "family_name": "TEST", "date_of_birth": "2016-05-05"});
    let (s, p) = app.post("local", "/api/v1/persons", twin.clone()).await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::CONFLICT, Some("possible_duplicate"))
    );
    assert_eq!(p["data"]["matches"][0]["person"]["id"], first.as_str());
    assert_eq!(p["data"]["matches"][0]["reason"], "same_name_and_date_of_birth");
    let key = regie_domain::person::normalise("Noor Test");
    assert_eq!(
        app.store
            .person_matches(&key, jiff::civil::date(2016, 5, 5), None)
            .await
            .unwrap()
            .len(),
        1
    );

    let mut confirmed = twin.clone();
    confirmed["confirm_new"] = json!(true);
    let (s, _) = app.post("local", "/api/v1/persons", confirmed).await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(
        app.store
            .person_matches(&key, jiff::civil::date(2016, 5, 5), None)
            .await
            .unwrap()
            .len(),
        2
    );

    let same_bsn = json!({"given_name": "Other", "family_name": "Name", "date_of_birth": "1990-01-01", "bsn": "999990020", "confirm_new": true});
    let (s, p) = app.post("local", "/api/v1/persons", same_bsn).await;
    assert_eq!((s, p["field"].as_str()), (StatusCode::CONFLICT, Some("bsn")));
    assert_eq!(p["data"]["matches"][0]["reason"], "same_bsn");
    let other = regie_domain::person::normalise("Other Name");
    assert!(
        app.store
            .person_matches(&other, jiff::civil::date(1990, 1, 1), None)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn unknown_ids_get_404(app: TestApp) {
    let ghost = uuid::Uuid::now_v7();
    for path in [
        format!("/api/v1/households/{ghost}"),
        format!("/api/v1/persons/{ghost}"),
        format!("/api/v1/cases/{ghost}"),
        format!("/api/v1/cases/{ghost}/events"),
        "/api/v1/nothing".into(),
    ] {
        let (s, p) = app.get("local", &path).await;
        assert_eq!((s, p["status"].as_u64()), (StatusCode::NOT_FOUND, Some(404)), "{path}");
    }
    let (s, p) = app
        .post(
            "local",
            &format!("/api/v1/cases/{ghost}/close"),
            json!({"reason": "x", "version": 1}),
        )
        .await;
    assert_eq!((s, p["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")));
    let (s, p) = app
        .post(
            "local",
            "/api/v1/cases",
            json!({"household_id": ghost, "reason": "Het gezin vraagt hulp", "lead": {"primary": app.ids["local"]}}),
        )
        .await;
    assert_eq!(
        (s, p["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("household_id"))
    );
}

async fn a_child_belongs_to_two_households_and_membership_rules_hold(app: TestApp) {
    let mother = app.household("Huishouden Bakker").await;
    let father = app.household("Huishouden Smit").await;
    let child = app.person("Finn", "2015-02-03", None).await;
    for h in [&mother, &father] {
        let (s, _) = app
            .post(
                "local",
                &format!("/api/v1/households/{h}/members"),
                json!({"person_id": child, "relation": "child", "from": "2021-01-01"}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED);
    }
    let (s, p) = app
        .post(
            "local",
            &format!("/api/v1/households/{mother}/members"),
            json!({"person_id": child, "relation": "child"}),
        )
        .await;
    assert_eq!((s, p["code"].as_str()), (StatusCode::CONFLICT, Some("already_member")));
    let (s, p) = app
        .post(
            "local",
            &format!("/api/v1/households/{mother}/members"),
            json!({"person_id": child, "relation": "cousin"}),
        )
        .await;
    assert_eq!(
        (s, p["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("relation"))
    );
    let (_, person) = app.get("local", &format!("/api/v1/persons/{child}")).await;
    assert_eq!(person["memberships"].as_array().unwrap().len(), 2);

    let (_, file) = app.get("local", &format!("/api/v1/households/{mother}")).await;
    let membership = file["members"][0]["membership"]["id"].as_str().unwrap().to_owned();
    let end = format!("/api/v1/households/{mother}/members/{membership}/end");
    let (s, p) = app.post("local", &end, json!({"to": "2020-12-31"})).await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("before_start"))
    );
    let (_, file) = app.get("local", &format!("/api/v1/households/{mother}")).await;
    assert!(file["members"][0]["membership"]["to"].is_null());
    let (s, m) = app.post("local", &end, json!({"to": "2024-06-30"})).await;
    assert_eq!((s, m["to"].as_str()), (StatusCode::OK, Some("2024-06-30")));
    let (_, file) = app.get("local", &format!("/api/v1/households/{mother}")).await;
    assert_eq!(file["members"][0]["current"], false);
    let (s, p) = app.post("local", &end, json!({})).await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::CONFLICT, Some("membership_ended"))
    );
}

async fn a_case_travels_its_route_and_the_timeline_tells_the_story(app: TestApp) {
    let h = app.household("Huishouden Yılmaz").await;
    let case = app.open_case(&h).await;
    let id = case["id"].as_str().unwrap().to_owned();
    assert_eq!(
        (
            case["phase"].as_str(),
            case["legal_frame"].as_str(),
            case["version"].as_i64()
        ),
        (Some("question"), Some("voluntary"), Some(1))
    );
    let (s, c) = app
        .post(
            "local",
            &format!("/api/v1/cases/{id}/phase"),
            json!({"to": "analysis", "version": 1}),
        )
        .await;
    assert_eq!((s, c["phase"].as_str()), (StatusCode::OK, Some("analysis")));
    let duo = json!({"lead": {"primary": app.ids["local"], "secondary": app.ids["vt"]}, "reason": "Structurele onveiligheid: samenwerking met het RVT", "version": 2});
    let (s, c) = app.post("local", &format!("/api/v1/cases/{id}/lead"), duo).await;
    assert_eq!(
        (s, c["handoffs"].as_i64(), c["lead"]["secondary"].as_str()),
        (StatusCode::OK, Some(1), Some(app.ids["vt"].to_string().as_str()))
    );
    let (s, c) = app
        .post(
            "vt",
            &format!("/api/v1/cases/{id}/legal-frame"),
            json!({"to": "pressure", "reason": "Afspraken niet nagekomen", "version": 3}),
        )
        .await;
    assert_eq!((s, c["legal_frame"].as_str()), (StatusCode::OK, Some("pressure")));
    let (s, c) = app
        .post(
            "local",
            &format!("/api/v1/cases/{id}/close"),
            json!({"reason": "Veiligheid hersteld", "version": 4}),
        )
        .await;
    assert_eq!(
        (s, c["phase"].as_str(), c["closed_at"].is_string()),
        (StatusCode::OK, Some("closed"), true)
    );

    let (s, events) = app.get("local", &format!("/api/v1/cases/{id}/events")).await;
    assert_eq!(s, StatusCode::OK);
    let kinds: Vec<_> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["change"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        vec![
            "opened",
            "phase_changed",
            "lead_changed",
            "legal_frame_changed",
            "closed"
        ]
    );
    assert_eq!(events[3]["actor_name"], "Professional vt");
    assert_eq!(events[3]["organisation_name"], "Org vt");
    assert_eq!(events[3]["reason"], "Afspraken niet nagekomen");
    assert_eq!(events[3]["summary_nl"], "Kader gewijzigd van vrijwillig naar drang");
    assert_eq!(events[1]["summary_nl"], "Fase gewijzigd van vraag naar analyse");
}

async fn a_stale_version_gets_409_and_changes_nothing(app: TestApp) {
    let h = app.household("Huishouden Bos").await;
    let id = app.open_case(&h).await["id"].as_str().unwrap().to_owned();
    let (s, _) = app
        .post(
            "local",
            &format!("/api/v1/cases/{id}/phase"),
            json!({"to": "analysis", "version": 1}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, p) = app
        .post(
            "colleague",
            &format!("/api/v1/cases/{id}/close"),
            json!({"reason": "dubbel", "version": 1}),
        )
        .await;
    assert_eq!(
        (s, p["code"].as_str(), p["field"].as_str()),
        (StatusCode::CONFLICT, Some("stale_version"), Some("version"))
    );
    let (_, c) = app.get("local", &format!("/api/v1/cases/{id}")).await;
    assert_eq!(
        (c["phase"].as_str(), c["version"].as_i64()),
        (Some("analysis"), Some(2))
    );
    let (_, events) = app.get("local", &format!("/api/v1/cases/{id}/events")).await;
    assert_eq!(events.as_array().unwrap().len(), 2);
}

async fn refused_transitions_change_nothing(app: TestApp) {
    let h = app.household("Huishouden Kaya").await;
    let id = app.open_case(&h).await["id"].as_str().unwrap().to_owned();
    let attempts = [
        (
            "phase",
            json!({"to": "plan", "version": 1}),
            StatusCode::CONFLICT,
            "phase_skipped",
        ),
        (
            "phase",
            json!({"to": "question", "version": 1}),
            StatusCode::CONFLICT,
            "same_phase",
        ),
        (
            "phase",
            json!({"to": "closed", "version": 1}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "close_with_reason",
        ),
        (
            "phase",
            json!({"to": "somewhere", "version": 1}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
        ),
        (
            "lead",
            json!({"lead": {"primary": app.ids["local"]}, "reason": "x", "version": 1}),
            StatusCode::CONFLICT,
            "same_lead",
        ),
        (
            "lead",
            json!({"lead": {"primary": app.ids["local"], "secondary": app.ids["local"]}, "reason": "x", "version": 1}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "duo_same_person",
        ),
        (
            "lead",
            json!({"lead": {"primary": app.ids["police"]}, "reason": "x", "version": 1}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "cannot_lead",
        ),
        (
            "lead",
            json!({"lead": {"primary": uuid::Uuid::now_v7()}, "reason": "x", "version": 1}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_professional",
        ),
        (
            "lead",
            json!({"lead": {"primary": app.ids["vt"]}, "reason": " ", "version": 1}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "required",
        ),
        (
            "legal-frame",
            json!({"to": "voluntary", "reason": "x", "version": 1}),
            StatusCode::CONFLICT,
            "same_legal_frame",
        ),
        (
            "close",
            json!({"reason": "", "version": 1}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "required",
        ),
    ];
    for (action, body, status, code) in attempts {
        let (s, p) = app
            .post("local", &format!("/api/v1/cases/{id}/{action}"), body.clone())
            .await;
        assert_eq!((s, p["code"].as_str()), (status, Some(code)), "{action} {body}: {p}");
    }
    // Every wrong field at once: a lead without a reason and with two unknown professionals; a scale-up
    // without a reason, with a deadline no calendar has and an unknown RVT professional.
    let nobody = || uuid::Uuid::now_v7();
    for (action, body, fields) in [
        (
            "lead",
            json!({"lead": {"primary": nobody(), "secondary": nobody()}, "reason": " ", "version": 1}),
            vec!["reason", "lead.primary", "lead.secondary"],
        ),
        (
            "scale-up",
            json!({"form": "consultation", "ground": "structural_unsafety", "rvt_professional": nobody(),
                   "deadline": "2026-02-30", "reason": "", "version": 1}),
            vec!["reason", "deadline", "rvt_professional"],
        ),
    ] {
        let (s, p) = app.post("local", &format!("/api/v1/cases/{id}/{action}"), body).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{action}: {p}");
        let named: Vec<String> = common::field_codes(&p).into_iter().map(|(f, _)| f).collect();
        assert_eq!(named, fields, "{action}: {p}");
    }
    let (_, c) = app.get("local", &format!("/api/v1/cases/{id}")).await;
    assert_eq!(
        (c["phase"].as_str(), c["version"].as_i64(), c["handoffs"].as_i64()),
        (Some("question"), Some(1), Some(0))
    );
    let (_, events) = app.get("local", &format!("/api/v1/cases/{id}/events")).await;
    assert_eq!(events.as_array().unwrap().len(), 1);
    // Going back needs a reason; with one it works.
    app.post(
        "local",
        &format!("/api/v1/cases/{id}/phase"),
        json!({"to": "analysis", "version": 1}),
    )
    .await;
    let (s, p) = app
        .post(
            "local",
            &format!("/api/v1/cases/{id}/phase"),
            json!({"to": "question", "version": 2}),
        )
        .await;
    assert_eq!(
        (s, p["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("reason"))
    );
    let (s, _) = app
        .post(
            "local",
            &format!("/api/v1/cases/{id}/phase"),
            json!({"to": "question", "reason": "nieuwe vraag", "version": 2}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
}

async fn statutory_tasks_are_enforced_per_organisation_kind(app: TestApp) {
    let h = app.household("Huishouden Pinas").await;
    let id = app.open_case(&h).await["id"].as_str().unwrap().to_owned();
    let (s, p) = app
        .post(
            "local",
            &format!("/api/v1/cases/{id}/legal-frame"),
            json!({"to": "pressure", "reason": "x", "version": 1}),
        )
        .await;
    assert_eq!((s, p["code"].as_str()), (StatusCode::FORBIDDEN, Some("statutory_task")));
    assert!(p["detail_nl"].as_str().unwrap().contains("schaal eerst op"));
    let (s, _) = app
        .post(
            "rvdk",
            &format!("/api/v1/cases/{id}/legal-frame"),
            json!({"to": "mandatory", "reason": "x", "version": 1}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, p) = app.get("municipality", "/api/v1/households").await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(p["detail"].as_str().unwrap().contains("aggregates"));
    let (s, _) = app.get("municipality", &format!("/api/v1/cases/{id}")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = app
        .post("police", "/api/v1/households", json!({"name": "Huishouden X"}))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (_, c) = app.get("local", &format!("/api/v1/cases/{id}")).await;
    assert_eq!(
        (c["legal_frame"].as_str(), c["version"].as_i64()),
        (Some("voluntary"), Some(1))
    );
    assert_eq!(app.household_count().await, 1);
    // Nobody sets the mandatory frame by hand, not even the GI the case is transferred to: it follows only from
    // a court decision in force (issue 13). Before the transfer the GI is not involved at all.
    let mandatory = |version| json!({"to": "mandatory", "reason": "OTS uitgesproken", "version": version});
    let frame = format!("/api/v1/cases/{id}/legal-frame");
    let (s, p) = app.post("gi", &frame, mandatory(1)).await;
    assert_eq!((s, p["code"].as_str()), (StatusCode::FORBIDDEN, Some("not_involved")));
    // A GI has no legal ground in a voluntary case: the parent's consent to the transfer comes first (F18).
    let parent = app.person("Roos", "1987-07-07", None).await;
    let (s, _) = app
        .post(
            "local",
            &format!("/api/v1/households/{h}/members"),
            json!({"person_id": parent, "relation": "parent"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, c) = app
        .post(
            "local",
            &format!("/api/v1/households/{h}/consents"),
            json!({"person_id": parent, "purpose": "rvt_transfer", "organisation_id": app.org_of("gi").await,
                   "from": regie_domain::time::today().to_string(), "manner": "written"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    let transfer = json!({"form": "transfer", "ground": "development_threat", "rvt_professional": app.ids["gi"], "reason": "Ouders stemmen in; de Raad vraagt een ondertoezichtstelling aan", "version": 1});
    let (s, c) = app
        .post("local", &format!("/api/v1/cases/{id}/scale-up"), transfer)
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let (s, p) = app.post("gi", &frame, mandatory(2)).await;
    assert_eq!((s, p["code"].as_str()), (StatusCode::FORBIDDEN, Some("statutory_task")));
    assert!(p["detail_nl"].as_str().unwrap().contains("beschikking"), "{p}");
    let (_, c) = app.get("gi", &format!("/api/v1/cases/{id}")).await;
    assert_eq!(
        (c["legal_frame"].as_str(), c["version"].as_i64()),
        (Some("voluntary"), Some(2))
    );
}

async fn a_household_has_one_open_case(app: TestApp) {
    let h = app.household("Huishouden Vos").await;
    let first = app.open_case(&h).await;
    let (s, p) = app
        .post(
            "local",
            "/api/v1/cases",
            json!({"household_id": h, "reason": "Het gezin vraagt hulp", "lead": {"primary": app.ids["local"]}}),
        )
        .await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::CONFLICT, Some("open_case_exists"))
    );
    // Another local team, not involved, cannot open one at all.
    let (s, p) = app
        .post(
            "local2",
            "/api/v1/cases",
            json!({"household_id": h, "reason": "Het gezin vraagt hulp", "lead": {"primary": app.ids["local2"]}}),
        )
        .await;
    assert_eq!((s, p["code"].as_str()), (StatusCode::FORBIDDEN, Some("not_involved")));
    let (_, file) = app.get("local", &format!("/api/v1/households/{h}")).await;
    assert_eq!(file["open_case"]["id"], first["id"]);
    let (s, p) = app
        .post(
            "vt",
            "/api/v1/cases",
            json!({"household_id": h, "lead": {"primary": app.ids["vt"]}, "legal_frame": "pressure"}),
        )
        .await;
    assert_eq!(
        (s, p["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("reason"))
    );
}

async fn reading_a_case_is_recorded_for_its_current_members_only(app: TestApp) {
    let h = app.household("Huishouden Verhoeven").await;
    let (child, father) = (
        app.person("Noor", "2014-04-04", None).await,
        app.person("Ruben", "1980-08-08", None).await,
    );
    for (person, relation) in [(&child, "child"), (&father, "parent")] {
        let body = json!({"person_id": person, "relation": relation, "from": "2020-01-01"});
        let (s, _) = app
            .post("local", &format!("/api/v1/households/{h}/members"), body)
            .await;
        assert_eq!(s, StatusCode::CREATED);
    }
    let (_, file) = app.get("local", &format!("/api/v1/households/{h}")).await;
    let left = (file["members"].as_array().unwrap().iter())
        .find(|m| m["person"]["id"] == json!(father))
        .unwrap()["membership"]["id"]
        .clone();
    let end = format!("/api/v1/households/{h}/members/{}/end", left.as_str().unwrap());
    let (s, _) = app.post("local", &end, json!({"to": "2024-06-30"})).await;
    assert_eq!(s, StatusCode::OK);
    let case = app.open_case(&h).await;
    let before = app
        .store
        .processing_of_household(h.parse().unwrap())
        .await
        .unwrap()
        .len();
    let (s, _) = app
        .get(
            "local",
            &format!("/api/v1/cases/{}/events", case["id"].as_str().unwrap()),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let log = app.store.processing_of_household(h.parse().unwrap()).await.unwrap();
    let read: Vec<_> = (log[before..].iter())
        .filter(|r| r.operation == "read")
        .map(|r| r.person.map(|p| p.to_string()))
        .collect();
    assert_eq!(
        read,
        vec![None, Some(child)],
        "the household and Noor; Ruben left in 2024"
    );
}

async fn reading_a_household_is_recorded_in_the_processing_log(app: TestApp) {
    let h = app.household("Huishouden Dekker").await;
    let p = app.person("Luuk", "2012-12-12", None).await;
    app.post(
        "local",
        &format!("/api/v1/households/{h}/members"),
        json!({"person_id": p, "relation": "child"}),
    )
    .await;
    let before = app
        .store
        .processing_of_household(h.parse().unwrap())
        .await
        .unwrap()
        .len();
    // Veilig Thuis is not involved: refused, and nothing is logged.
    let (s, _) = app.get("vt", &format!("/api/v1/households/{h}")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // A colleague of the registering team covers (the region's team setting).
    app.get("colleague", &format!("/api/v1/households/{h}")).await;
    let log = app.store.processing_of_household(h.parse().unwrap()).await.unwrap();
    let reads: Vec<_> = log[before..].iter().filter(|r| r.operation == "read").collect();
    assert_eq!(reads.len(), 2, "the household and its one member");
    assert!(
        reads
            .iter()
            .all(|r| r.professional == Some(app.ids["colleague"]) && r.purpose == "household_file")
    );
    assert_eq!(
        reads
            .iter()
            .filter(|r| r.person.map(|x| x.to_string()) == Some(p.clone()))
            .count(),
        1
    );
    // A refused read is not logged as a read.
    app.get("municipality", &format!("/api/v1/households/{h}")).await;
    assert_eq!(
        app.store
            .processing_of_household(h.parse().unwrap())
            .await
            .unwrap()
            .len(),
        log.len()
    );

    // A partner's call continues its W3C trace: the read is one span, a child of the partner's, and the
    // record per data subject is that span's child.
    use tower::ServiceExt;
    let (trace, partner) = ("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7");
    let request = axum::http::Request::get(format!("/api/v1/households/{h}"))
        .header("authorization", format!("Bearer {}", app.tokens["colleague"]))
        .header("traceparent", format!("00-{trace}-{partner}-01"))
        .body(Body::empty())
        .unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
    let log = app.store.processing_of_household(h.parse().unwrap()).await.unwrap();
    let traced: Vec<_> = log.iter().filter(|r| hex(&r.span.trace_id) == trace).collect();
    assert_eq!(traced.len(), 2, "the household and its member: {traced:?}");
    let span = traced
        .iter()
        .find(|r| r.span.parent_span_id.map(|p| hex(&p)).as_deref() == Some(partner))
        .expect("one record is the read's own span, a child of the partner's");
    assert!(
        traced
            .iter()
            .filter(|r| r.span.span_id != span.span.span_id)
            .all(|r| r.span.parent_span_id == Some(span.span.span_id)),
        "the other records are the span's children: {traced:?}"
    );
}

/// Issue 12, item 11: a method the address does not take is a 405 problem document (the test client checks
/// the content type of every refusal), and the document says what the server answers.
async fn a_method_an_address_does_not_take_is_refused_as_a_problem(app: TestApp) {
    let (s, p) = app.call("local", Method::DELETE, "/api/v1/households", None).await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::METHOD_NOT_ALLOWED, Some("method_not_allowed"))
    );
    let doc: Value = serde_json::from_str(&regie_web::openapi_json()).unwrap();
    let open_case = &doc["paths"]["/cases"]["post"]["responses"];
    for status in ["400", "401", "415", "422"] {
        assert!(
            open_case[status]["content"]["application/problem+json"].is_object(),
            "{status} is documented as a problem document"
        );
    }
    assert_eq!(doc["components"]["schemas"]["TeamId"]["type"], "string");
    let limit = &doc["paths"]["/households"]["get"]["parameters"];
    let limit = limit.as_array().unwrap().iter().find(|p| p["name"] == "limit").unwrap();
    assert_eq!(
        (limit["schema"]["minimum"].as_i64(), limit["schema"]["maximum"].as_i64()),
        (Some(1), Some(100))
    );
}
