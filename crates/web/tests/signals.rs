//! Signals through the API (issue 4): the meldcode assistant, reports to Veilig Thuis with their triage
//! deadline, the radar, the assessment that joins or opens a case, the reporter's status, and shielding.
//! Each test runs on SQLite and on PostgreSQL; every refusal is followed by a check that nothing changed.

use crate::common;

use axum::http::{Method, StatusCode};
use common::{Client, TestApp, field_codes};
use regie_domain::HouseholdId;
use regie_domain::calendar::Calendar;
use regie_domain::time::today;
use serde_json::{Value, json};

api_tests!(
    a_schools_report_flows_from_the_meldcode_through_triage_and_the_radar_to_the_local_team,
    bad_signals_are_refused_and_change_nothing,
    acute_reports_investigations_and_norms,
    the_triage_list_comes_in_pages_most_urgent_first,
    a_reporter_whose_own_work_is_casework_stays_a_reporter_in_the_log,
    an_investigation_is_its_investigators_until_a_colleague_of_another_team_takes_it_over,
    only_an_investigations_own_investigator_concludes_it,
);

fn code(problem: &Value) -> &str {
    problem["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no code in {problem}"))
}

fn steps() -> Value {
    json!({"signals": "Noor vertelt dat papa mama slaat", "colleague_consulted": "Besproken met de wijkagent",
           "client_conversation": "Gesprek met moeder gevoerd", "weighing": "Structurele onveiligheid"})
}

async fn triage_count(app: &TestApp) -> usize {
    app.get("vt", "/api/v1/triage").await.1.as_array().unwrap().len()
}

async fn a_schools_report_flows_from_the_meldcode_through_triage_and_the_radar_to_the_local_team(app: TestApp) {
    let (h, _mother, child) = app.family("Huishouden Yilmaz").await;
    let case = app.open_case(&h).await;
    let case_id = case["id"].as_str().unwrap().to_owned();
    let vt_org = app.org_of("vt").await;
    // An earlier signal about the household, a hundred days ago, registered by Veilig Thuis itself.
    let earlier_day = today().checked_sub(jiff::Span::new().days(100)).unwrap().to_string();
    let (s, earlier) = app
        .post(
            "vt",
            "/api/v1/signals",
            json!({"kind": "advice_request", "reporter": {"category": "neighbour"},
            "household_id": h, "observed": "Geschreeuw gehoord", "received_on": earlier_day}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{earlier}");

    // The teacher walks the meldcode: suspicion, and structural unsafety: report.
    let answers = json!({"suspicion": true, "unsafety": true});
    let walk = json!({"steps": steps(), "answers": answers, "persons": [child]});
    let (s, m) = app.post("school", "/api/v1/meldcode", walk).await;
    assert_eq!(
        (s, m["outcome"].as_str(), m["report"].as_bool()),
        (StatusCode::CREATED, Some("report"), Some(true))
    );
    // A walk that ends in no action is kept too.
    let nothing = json!({"steps": steps(), "answers": {"suspicion": false}});
    let (s, _) = app.post("school", "/api/v1/meldcode", nothing).await;
    assert_eq!(s, StatusCode::CREATED);
    let (_, kept) = app.get("school", "/api/v1/meldcode").await;
    let outcomes: Vec<_> = kept
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, vec!["no_action", "report"]);
    let report = json!({"kind": "report", "reporter": {"category": "school", "name": "Juf Geheim", "organisation": "Politie Eenheid Voorbeeld"},
        "shielded": true, "household_id": h, "persons": [child], "observed": "Noor vertelt dat papa mama slaat",
        "received_by": vt_org, "meldcode": {"steps": steps(), "answers": answers}});
    let (s, signal) = app.post("school", "/api/v1/signals", report).await;
    assert_eq!(s, StatusCode::CREATED, "{signal}");
    let id = signal["id"].as_str().unwrap().to_owned();
    let due = Calendar::default().add_working_days(today(), 5).to_string();
    assert_eq!(signal["assessment_deadline"].as_str(), Some(due.as_str()));
    // The radar links the earlier signal and the open case.
    // The school learns nothing of the family's history: the radar and the shielded record stay with VT.
    assert_eq!(
        (signal["radar"].clone(), signal["meldcode"].clone()),
        (Value::Null, Value::Null)
    );
    let (_, at_vt) = app
        .get("vt", &format!("/api/v1/signals/{}", signal["id"].as_str().unwrap()))
        .await;
    assert_eq!(at_vt["radar"]["signals"], json!([earlier["id"]]));
    assert_eq!(at_vt["radar"]["cases"], json!([case_id]));
    assert_eq!(at_vt["meldcode"]["outcome"], "report");
    // The log says so: the school wrote the report; the radar's look-up at the household was Regie's, for
    // Veilig Thuis's safety assessment, not the school's read.
    let household: HouseholdId = h.parse().unwrap();
    let log = app.store.log_chain(0, 10_000, None).await.unwrap();
    let by_school: Vec<_> = (log.iter().map(|r| &r.record))
        .filter(|r| r.professional == Some(app.ids["school"]))
        .collect();
    assert!(by_school.iter().all(|r| r.activity == "report_to_vt"), "{by_school:?}");
    assert!(
        !by_school
            .iter()
            .any(|r| r.operation == "read" && r.household == Some(household)),
        "the school never read the household's history"
    );
    let radar_reads: Vec<_> = (log.iter().map(|r| &r.record))
        .filter(|r| r.professional.is_none() && r.by_person.is_none())
        .collect();
    assert_eq!(radar_reads.len(), 1, "{radar_reads:?}");
    assert_eq!(
        (
            radar_reads[0].organisation,
            radar_reads[0].activity.as_str(),
            radar_reads[0].operation.as_str(),
            radar_reads[0].household
        ),
        (vt_org, "vt_safety_assessment", "read", Some(household))
    );
    // The case team reads it in the household's log; the family does not, which would tell them of a report
    // before Veilig Thuis decided what it may say.
    let access = regie_access::Access::new(app.store.clone());
    for (user, holder) in [("local", None), ("moeder", Some(&_mother))] {
        match holder {
            None => access
                .set_professional_password(user, "correct horse battery")
                .await
                .unwrap(),
            Some(p) => access
                .set_family_password(user, p.parse().unwrap(), "correct horse battery")
                .await
                .unwrap(),
        }
    }
    let mut team = common::Client::new(&app);
    team.sign_in("local", "correct horse battery").await;
    let shown = team.get(&format!("/huishoudens/{h}/verwerkingen")).await.body;
    assert!(shown.contains("(automatisch, door Regie)"), "the case team sees it");
    let mut mother = common::Client::new(&app);
    mother.sign_in("moeder", "correct horse battery").await;
    let own = mother.get("/portaal/verwerkingen").await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(!own.body.contains("automatisch"), "the family does not");

    // The reporter sees the status, not the content.
    let status_path = format!("/api/v1/signals/{id}/status");
    let seen = app.get("school", &status_path).await.1;
    assert_eq!(
        (seen["status"].as_str(), seen.get("observed")),
        (Some("received"), None)
    );
    let (_, mine) = app.get("school", "/api/v1/my-reports").await;
    assert_eq!(mine.as_array().map(Vec::len), Some(1));

    // Veilig Thuis sees it in triage and on its team's worklist, reporter included.
    let (_, queue) = app.get("vt", "/api/v1/triage").await;
    let queued = queue
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id.as_str())
        .unwrap();
    assert_eq!(queued["reporter"]["name"], "Juf Geheim");
    let vt_team = app.team_of("vt").await;
    let (_, worklist) = app.get("vt", &format!("/api/v1/teams/{vt_team}/worklist")).await;
    assert!(
        worklist["triage"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["id"] == id.as_str())
    );

    // A lead for a case that already has one is refused, and changes nothing.
    let with_lead = json!({"outcome": "local_team", "summary": "Naar het lokaal team", "lead": {"primary": app.ids["vt"]}, "version": 1});
    let (s, p) = app
        .post("vt", &format!("/api/v1/signals/{id}/assessment"), with_lead)
        .await;
    assert_eq!((s, code(&p)), (StatusCode::UNPROCESSABLE_ENTITY, "lead_not_used"));
    // While it waits for its assessment, the signal is the receiving organisation's task: any of its
    // professionals reads it. Once assessed, the assessor's team keeps it; the rest of Veilig Thuis is no
    // longer involved.
    let signal_path = format!("/api/v1/signals/{id}");
    assert_eq!(
        app.get_as_new("vt", "vt-nachtdienst", false, &signal_path).await,
        StatusCode::OK
    );
    // The assessment hands it to the local team: it joins the household's open case.
    let (s, assessed) = app
        .post(
            "vt",
            &format!("/api/v1/signals/{id}/assessment"),
            json!({"outcome": "local_team", "summary": "Lokaal team pakt het op met het gezin", "version": 1}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{assessed}");
    assert_eq!(assessed["case"]["id"].as_str(), Some(case_id.as_str()));
    assert_eq!(assessed["case"]["route"]["signals"][0]["outcome"], "local_team");
    for (username, same_team, expected) in [
        ("vt-nachtdienst", false, StatusCode::NOT_FOUND),
        ("vt-collega", true, StatusCode::OK),
    ] {
        let got = app.get_as_new("vt", username, same_team, &signal_path).await;
        assert_eq!(got, expected, "{username}");
    }
    assert_eq!(app.get("vt", &signal_path).await.0, StatusCode::OK, "the assessor");
    // The colleague of another team who had the signal open and assesses it too learns what happened.
    let access = regie_access::Access::new(app.store.clone());
    access
        .set_professional_password("vt-nachtdienst", "correct horse battery")
        .await
        .unwrap();
    let mut late = common::Client::new(&app);
    late.sign_in("vt-nachtdienst", "correct horse battery").await;
    let csrf = common::Client::csrf(&late.get("/werklijst").await);
    let posted = [
        ("csrf", csrf.as_str()),
        ("version", "1"),
        ("outcome", "local_team"),
        ("summary", "Naar het lokaal team"),
    ];
    let refused = late.post(&format!("/signalen/{id}"), &posted).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(
        refused
            .body
            .contains("Een collega heeft dit signaal intussen beoordeeld.")
    );
    let seen = app.get("school", &status_path).await.1;
    assert_eq!(
        (seen["status"].as_str(), seen["follow_up"].as_str()),
        (Some("assessed"), Some("local_team"))
    );
    // Off the triage queue; the neighbour's advice request still waits there.
    let (_, queue) = app.get("vt", "/api/v1/triage").await;
    assert_eq!(
        queue
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].clone())
            .collect::<Vec<_>>(),
        vec![earlier["id"].clone()]
    );

    // The local team sees it on its worklist until its lead marks it seen.
    let (_, list) = app.get("local", "/api/v1/worklist").await;
    let item = list
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["case"]["id"] == case_id.as_str())
        .unwrap();
    assert_eq!(item["attention"][0]["kind"], "new_signal");

    // Shielding: nothing the local team can see names the reporter.
    let mut seen_by_local = Vec::new();
    for path in [
        format!("/api/v1/signals/{id}"),
        format!("/api/v1/cases/{case_id}"),
        format!("/api/v1/cases/{case_id}/events"),
        "/api/v1/worklist".to_owned(),
        format!("/api/v1/teams/{}/worklist", app.team_of("local").await),
        "/api/v1/triage".to_owned(),
        format!("/api/v1/households/{h}"),
    ] {
        let (s, body) = app.get("local", &path).await;
        assert_eq!(s, StatusCode::OK, "{path}: {body}");
        seen_by_local.push(body.to_string());
    }
    assert!(
        seen_by_local.iter().all(|b| !b.contains("Geheim")),
        "{seen_by_local:#?}"
    );
    let (_, as_local) = app.get("local", &format!("/api/v1/signals/{id}")).await;
    assert_eq!(
        (as_local["reporter"].clone(), as_local["shielded"].as_bool()),
        (Value::Null, Some(true))
    );
    // Another local team, not involved, does not see the signal at all.
    let (s, _) = app.get("local2", &format!("/api/v1/signals/{id}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    let version = assessed["case"]["version"].as_i64().unwrap();
    let (s, c) = app
        .post(
            "local",
            &format!("/api/v1/cases/{case_id}/signals/{id}/seen"),
            json!({"version": version}),
        )
        .await;
    assert_eq!(
        (s, c["route"]["signals"][0]["seen_at"].is_string()),
        (StatusCode::OK, true)
    );
    let (_, list) = app.get("local", "/api/v1/worklist").await;
    let item = list
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["case"]["id"] == case_id.as_str())
        .unwrap();
    assert_eq!(item["attention"], json!([]));
    let (_, events) = app.get("local", &format!("/api/v1/cases/{case_id}/events")).await;
    let kinds: Vec<_> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["change"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["opened", "signal_linked", "signal_seen"]);
}

async fn bad_signals_are_refused_and_change_nothing(app: TestApp) {
    let (h, _, child) = app.family("Huishouden Smit").await;
    let base = || {
        json!({"kind": "report", "reporter": {"category": "school", "name": "Mw. De Jong", "organisation": "OBS De Regenboog"},
        "household_id": h, "persons": [child], "observed": "Blauwe plekken"})
    };
    let with = |key: &str, value: Value| {
        let mut b = base();
        b[key] = value;
        b
    };
    let tomorrow = today().tomorrow().unwrap().to_string();
    let cases = [
        (
            "vt",
            with(
                "reporter",
                json!({"category": "bakery", "name": "x", "organisation": "y"}),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("reporter.category"),
        ),
        (
            "vt",
            with("persons", json!([]))
                .as_object()
                .map(|o| {
                    let mut o = o.clone();
                    o.remove("household_id");
                    Value::Object(o)
                })
                .unwrap(),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("persons"),
        ),
        (
            "vt",
            with("received_on", json!(tomorrow)),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("received_on"),
        ),
        (
            "vt",
            with("meldcode", json!({"steps": steps(), "answers": {"suspicion": true}})),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("answers.unsafety"),
        ),
        (
            "vt",
            with(
                "meldcode",
                json!({"steps": steps(), "answers": {"suspicion": true, "can_help": true}}),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("answers.unsafety"),
        ),
        (
            "vt",
            with("meldcode", json!({"steps": steps(), "answers": {"suspicion": false}})),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("meldcode.answers"),
        ),
        (
            "vt",
            with("persons", json!([uuid::Uuid::now_v7()])),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("persons"),
        ),
        ("rvdk", base(), StatusCode::FORBIDDEN, None),
        ("municipality", base(), StatusCode::FORBIDDEN, None),
    ];
    for (user, body, status, field) in cases {
        let (s, p) = app.post(user, "/api/v1/signals", body).await;
        assert_eq!(
            (s, p["errors"][0]["field"].as_str().or(p["field"].as_str())),
            (status, field),
            "{user}: {p}"
        );
    }
    assert_eq!(triage_count(&app).await, 0);
    // The meldcode assistant on its own: a missing answer and an answer after the decision.
    let (s, p) = app
        .post(
            "police",
            "/api/v1/meldcode",
            json!({"steps": steps(), "answers": {"suspicion": true, "unsafety": false, "can_help": true}}),
        )
        .await;
    assert_eq!(
        (s, p["errors"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("answers.help_accepted"))
    );
    let (s, p) = app
        .post(
            "police",
            "/api/v1/meldcode",
            json!({"steps": steps(), "answers": {"suspicion": false, "unsafety": true}}),
        )
        .await;
    assert_eq!((s, code(&p)), (StatusCode::UNPROCESSABLE_ENTITY, "not_asked"));
    assert_eq!(
        app.get("police", "/api/v1/meldcode").await.1,
        json!([]),
        "a refused walk keeps nothing"
    );
    // An assessment by another organisation, or with a stale version, changes nothing.
    let (_, signal) = app.post("vt", "/api/v1/signals", base()).await;
    let id = signal["id"].as_str().unwrap();
    let assess = |version: i64| json!({"outcome": "advice", "summary": "Advies gegeven", "version": version});
    let (s, p) = app
        .post("local", &format!("/api/v1/signals/{id}/assessment"), assess(1))
        .await;
    // Another organisation does not even learn that the signal exists.
    assert_eq!((s, code(&p)), (StatusCode::NOT_FOUND, "not_found"));
    let (s, p) = app
        .post("vt", &format!("/api/v1/signals/{id}/assessment"), assess(2))
        .await;
    assert_eq!((s, code(&p)), (StatusCode::CONFLICT, "stale_version"));
    let (_, again) = app.get("vt", &format!("/api/v1/signals/{id}")).await;
    assert_eq!(again, signal);
}

async fn acute_reports_investigations_and_norms(app: TestApp) {
    let (h, _, child) = app.family("Huishouden Peters").await;
    let report = |acute: bool| {
        json!({"kind": "report", "reporter": {"category": "family_member", "name": "Oma"}, "household_id": h,
        "persons": [child], "observed": "Noor durft niet naar huis", "acute": acute})
    };
    let (_, acute) = app.post("vt", "/api/v1/signals", report(true)).await;
    assert_eq!(
        acute["assessment_deadline"].as_str(),
        Some(today().to_string().as_str())
    );
    // The municipality sets the norm; a bad norm changes nothing.
    let (s, p) = app
        .call(
            "municipality",
            Method::PUT,
            "/api/v1/norms",
            Some(json!({"safety_assessment_working_days": 99, "investigation_weeks": 10, "radar_years": 5})),
        )
        .await;
    assert_eq!(
        (s, p["errors"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("safety_assessment_working_days"))
    );
    let (s, _) = app
        .call(
            "vt",
            Method::PUT,
            "/api/v1/norms",
            Some(json!({"safety_assessment_working_days": 3, "investigation_weeks": 10, "radar_years": 5})),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get("vt", "/api/v1/norms").await.1["safety_assessment_working_days"],
        5
    );
    let (s, _) = app
        .call(
            "municipality",
            Method::PUT,
            "/api/v1/norms",
            Some(json!({"safety_assessment_working_days": 3, "investigation_weeks": 8, "radar_years": 5})),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (_, normal) = app.post("vt", "/api/v1/signals", report(false)).await;
    let due = Calendar::default().add_working_days(today(), 3).to_string();
    assert_eq!(normal["assessment_deadline"].as_str(), Some(due.as_str()));
    // The third signal within a year flags the household.
    let (_, third) = app.post("vt", "/api/v1/signals", report(false)).await;
    assert_eq!(third["radar"]["flagged"], true);
    assert_eq!(third["radar"]["per_household"][0]["per_year"][0][1], 3);
    // Veilig Thuis, with reports about the household waiting, looks at it on the radar; another local team
    // with no part in the household has no ground to, and the Raad has no such task.
    let (s, radar) = app.get("vt", &format!("/api/v1/households/{h}/radar")).await;
    assert_eq!(
        (s, radar["signals"].as_array().map(Vec::len)),
        (StatusCode::OK, Some(3))
    );
    // Three real signals, no imagined fourth: looking is not a new signal.
    assert_eq!(
        (
            radar["flagged"].as_bool(),
            radar["per_household"][0]["per_year"][0][1].as_i64()
        ),
        (Some(true), Some(3))
    );
    let (s, p) = app.get("local2", &format!("/api/v1/households/{h}/radar")).await;
    assert_eq!((s, code(&p)), (StatusCode::FORBIDDEN, "no_ground"));
    let (s, p) = app.get("rvdk", &format!("/api/v1/households/{h}/radar")).await;
    assert_eq!((s, code(&p)), (StatusCode::FORBIDDEN, "statutory_task"));
    // An investigation opens a case when the household has none, with its own deadline.
    let id = acute["id"].as_str().unwrap();
    let (s, done) = app
        .post(
            "vt",
            &format!("/api/v1/signals/{id}/assessment"),
            json!({"outcome": "investigation", "summary": "Onderzoek naar de veiligheid", "version": 1}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{done}");
    let deadline = today().checked_add(jiff::Span::new().days(56)).unwrap().to_string();
    assert_eq!(
        done["signal"]["assessment"]["investigation_deadline"].as_str(),
        Some(deadline.as_str())
    );
    assert_eq!(
        done["case"]["lead"]["primary"].as_str(),
        Some(app.ids["vt"].to_string().as_str())
    );
    let (_, events) = app
        .get(
            "vt",
            &format!("/api/v1/cases/{}/events", done["case"]["id"].as_str().unwrap()),
        )
        .await;
    assert_eq!(events.as_array().map(Vec::len), Some(2));
    // A signal about Noor alone is about the one household she lives in.
    let about_child = json!({"kind": "advice_request", "reporter": {"category": "neighbour"}, "persons": [child],
        "observed": "Noor zit vaak alleen buiten"});
    let (_, advice) = app.post("vt", "/api/v1/signals", about_child).await;
    assert_eq!(advice["household_id"].as_str(), Some(h.as_str()));
}

async fn the_triage_list_comes_in_pages_most_urgent_first(app: TestApp) {
    let h = app.household("Huishouden Wachtrij").await;
    // One more than a page of the triage page.
    let waiting = regie_access::TRIAGE_PAGE as usize + 1;
    for i in 0..waiting {
        let body = json!({"kind": "advice_request", "reporter": {"category": "neighbour"}, "household_id": h,
                          "observed": format!("Zorgen {i}")});
        let (s, p) = app.post("vt", "/api/v1/signals", body).await;
        assert_eq!(s, StatusCode::CREATED, "{p}");
    }
    let ids = |v: &Value| -> Vec<String> {
        (v.as_array().unwrap().iter())
            .map(|s| s["id"].as_str().unwrap().to_owned())
            .collect()
    };
    // The API: a page of 50 by default, then `limit` and `offset`, with the count of all in a header.
    let (_, first) = app.get("vt", "/api/v1/triage").await;
    assert_eq!(ids(&first).len(), 50);
    let (_, all) = app.get("vt", "/api/v1/triage?limit=200").await;
    assert_eq!(ids(&all).len(), waiting);
    assert_eq!(ids(&first), ids(&all)[..50]);
    let (_, second) = app.get("vt", "/api/v1/triage?limit=2&offset=1").await;
    assert_eq!(ids(&second), ids(&all)[1..3]);
    use tower::ServiceExt;
    let request = axum::http::Request::get("/api/v1/triage?limit=1")
        .header("authorization", format!("Bearer {}", app.tokens["vt"]))
        .body(axum::body::Body::empty())
        .unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.headers()["x-total-count"], waiting.to_string().as_str());
    for bad in ["limit=0", "limit=201"] {
        let (s, p) = app.get("vt", &format!("/api/v1/triage?{bad}")).await;
        assert_eq!(
            (s, p["field"].as_str()),
            (StatusCode::BAD_REQUEST, Some("limit")),
            "{bad}"
        );
    }
    let (s, _) = app.get("vt", "/api/v1/triage?offset=eerste").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, p) = app.get("vt", "/api/v1/triage?offset=1000001").await;
    assert_eq!((s, p["field"].as_str()), (StatusCode::BAD_REQUEST, Some("offset")));
    // Both wrong: both named at once, each with its range.
    let (s, p) = app.get("vt", "/api/v1/triage?limit=0&offset=1000001").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let named: Vec<&str> = (p["errors"].as_array().unwrap().iter())
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(named, ["limit", "offset"]);
    assert!(
        p["errors"][1]["detail_nl"]
            .as_str()
            .unwrap()
            .contains("tussen 0 en 1000000")
    );
    assert_eq!(triage_count(&app).await, 50, "nothing changed");

    // The page: the first 50 with how many wait, and the next page with the rest.
    let access = regie_access::Access::new(app.store.clone());
    access
        .set_professional_password("vt", "correct horse battery")
        .await
        .unwrap();
    let mut vt = common::Client::new(&app);
    vt.sign_in("vt", "correct horse battery").await;
    let page = vt.get("/triage").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Te beoordelen: 1–50 van 51."), "{}", page.body);
    assert!(page.body.contains("href=\"/triage?pagina=2\""));
    assert_eq!(page.body.matches("<li class=\"regie-block\">").count(), 50);
    let rest = vt.get("/triage?pagina=2").await;
    assert!(rest.body.contains("Te beoordelen: 51–51 van 51."));
    assert_eq!(rest.body.matches("<li class=\"regie-block\">").count(), 1);
    assert!(rest.body.contains("href=\"/triage?pagina=1\"") && !rest.body.contains("pagina=3"));
    let wrong = vt.get("/triage?pagina=nul").await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert!(
        wrong
            .body
            .contains("Het paginanummer moet een heel getal vanaf 1 zijn.")
    );
}

/// A professional of another local team walks the meldcode, reports the household to Veilig Thuis, and reads
/// their report and their meldcode records back: every record of theirs is the reporter's (`report_to_vt`),
/// which no household log shows, not their own organisation's casework, which the case team's and the
/// family's logs would show (Wmo 2015 art. 5.2.6).
async fn a_reporter_whose_own_work_is_casework_stays_a_reporter_in_the_log(app: TestApp) {
    let (h, _mother, child) = app.family("Huishouden Bakker").await;
    app.open_case(&h).await;
    let answers = json!({"suspicion": true, "unsafety": true});
    let walk = json!({"steps": steps(), "answers": answers, "household_id": h, "persons": [child]});
    let (s, m) = app.post("local2", "/api/v1/meldcode", walk).await;
    assert_eq!(s, StatusCode::CREATED, "{m}");
    let report = json!({"kind": "report", "reporter": {"category": "local_team", "name": "Wijkcoach Verborgen",
        "organisation": "Ander sociaal team"}, "shielded": true, "household_id": h, "persons": [child],
        "observed": "Noor vertelt dat papa mama slaat", "received_by": app.org_of("vt").await,
        "meldcode": {"steps": steps(), "answers": answers}});
    let (s, signal) = app.post("local2", "/api/v1/signals", report).await;
    assert_eq!(s, StatusCode::CREATED, "{signal}");
    let (s, back) = app
        .get("local2", &format!("/api/v1/signals/{}", signal["id"].as_str().unwrap()))
        .await;
    assert_eq!(s, StatusCode::OK, "{back}");
    let (s, kept) = app.get("local2", "/api/v1/meldcode").await;
    assert_eq!((s, kept.as_array().map(Vec::len)), (StatusCode::OK, Some(1)), "{kept}");

    let log = app.store.log_chain(0, 10_000, None).await.unwrap();
    let theirs: Vec<_> = (log.iter().map(|r| &r.record))
        .filter(|r| r.professional == Some(app.ids["local2"]))
        .collect();
    assert!(
        theirs.iter().any(|r| r.operation == "read"),
        "the report's read is logged: {theirs:?}"
    );
    let household: HouseholdId = h.parse().unwrap();
    assert!(theirs.iter().any(|r| r.household == Some(household)), "{theirs:?}");
    let other: Vec<_> = theirs.iter().filter(|r| r.activity != "report_to_vt").collect();
    assert!(other.is_empty(), "logged as their casework: {other:?}");
}

async fn an_investigation_is_its_investigators_until_a_colleague_of_another_team_takes_it_over(app: TestApp) {
    const PASSWORD: &str = "correct horse battery";
    let access = regie_access::Access::new(app.store.clone());
    let (h, _, child) = app.family("Huishouden Onderzoek").await;
    let case = app.open_case(&h).await["id"].as_str().unwrap().to_owned();
    let report = json!({"kind": "report", "reporter": {"category": "neighbour"}, "household_id": h,
        "persons": [child], "observed": "Sem huilt vaak 's nachts", "acute": false});
    let (_, signal) = app.post("vt", "/api/v1/signals", report).await;
    let signal = signal["id"].as_str().unwrap().to_owned();
    let assess = json!({"outcome": "investigation", "summary": "Onderzoek naar de veiligheid", "version": 1});
    let (s, done) = app
        .post("vt", &format!("/api/v1/signals/{signal}/assessment"), assess)
        .await;
    assert_eq!(s, StatusCode::OK, "{done}");
    assert_eq!(
        done["case"]["id"].as_str(),
        Some(case.as_str()),
        "it joins the open case"
    );
    let file = format!("/api/v1/households/{h}");
    assert_eq!(app.get("vt", &file).await.0, StatusCode::OK);
    // A colleague of Veilig Thuis in another team may not open the file, nor read the report: the
    // investigation is the investigator's and their team's.
    assert_eq!(app.get_as_new("vt", "vt2", false, &file).await, StatusCode::FORBIDDEN);
    let token = access.issue_token("vt2").await.unwrap();
    let as_vt2 = |method: Method, path: String, body: Option<Value>| {
        let token = token.clone();
        let app = &app;
        async move { app.call_with(&token, method, &path, body).await }
    };
    let (s, _) = as_vt2(Method::GET, format!("/api/v1/signals/{signal}"), None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // The organisation's list of investigations shows it to both, with whose it is.
    let (s, items) = as_vt2(Method::GET, "/api/v1/investigations".into(), None).await;
    assert_eq!(s, StatusCode::OK, "{items}");
    let item = (items.as_array().unwrap().iter())
        .find(|i| i["household_id"] == json!(h))
        .unwrap_or_else(|| panic!("not on the list: {items}"))
        .clone();
    assert_eq!(
        (&item["yours"], &item["investigator"], &item["signal_id"]),
        (&json!(false), &json!(app.ids["vt"]), &json!(signal)),
        "{item}"
    );
    let (_, mine) = app.get("vt", "/api/v1/investigations").await;
    assert_eq!(mine[0]["yours"], json!(true), "{mine}");
    assert_eq!(app.get("local", "/api/v1/investigations").await.0, StatusCode::OK);
    assert_eq!(app.get("gi", "/api/v1/investigations").await.0, StatusCode::FORBIDDEN);
    // Refused, and nothing changes: no reason; a stale version; the local team, who has no part in it.
    let version = item["version"].as_i64().unwrap();
    let take_over = format!("/api/v1/cases/{case}/signals/{signal}/take-over");
    let (s, p) = as_vt2(
        Method::POST,
        take_over.clone(),
        Some(json!({"reason": " ", "version": version})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert_eq!(field_codes(&p)[0].0, "reason", "{p}");
    let (s, _) = as_vt2(
        Method::POST,
        take_over.clone(),
        Some(json!({"reason": "Ziek", "version": version - 1})),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (s, p) = app
        .post("local", &take_over, json!({"reason": "Ziek", "version": version}))
        .await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("not_your_investigation")),
        "{p}"
    );
    let (_, unchanged) = app.get("local", &format!("/api/v1/cases/{case}")).await;
    assert_eq!(unchanged["version"], json!(version), "{unchanged}");
    assert_eq!(app.get("vt", &file).await.0, StatusCode::OK);
    // In the browser: the line without a link, with whose it is, and the take-over with a reason.
    access.set_professional_password("vt2", PASSWORD).await.unwrap();
    let mut colleague = Client::new(&app);
    colleague.sign_in("vt2", PASSWORD).await;
    let list = colleague.get("/triage/onderzoeken").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert!(list.body.contains("Huishouden Onderzoek"), "{}", list.body);
    assert!(
        !list.body.contains(&format!("href=\"/huishoudens/{h}\"")),
        "{}",
        list.body
    );
    assert!(
        list.body.contains("Dit onderzoek doet Professional vt (Org vt)."),
        "{}",
        list.body
    );
    let done = colleague
        .post(
            &format!("/triage/onderzoeken/{case}/{signal}"),
            &[
                ("csrf", &Client::csrf(&list)),
                ("version", &version.to_string()),
                ("reason", "Mijn collega is langdurig ziek."),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(colleague.get(&format!("/huishoudens/{h}")).await.status, StatusCode::OK);
    let (s, _) = as_vt2(Method::GET, format!("/api/v1/signals/{signal}"), None).await;
    assert_eq!(s, StatusCode::OK);
    // The first investigator, of another team, no longer reads it; the local team keeps the lead, and
    // the family reads why.
    assert_eq!(app.get("vt", &file).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get("vt", &format!("/api/v1/signals/{signal}")).await.0,
        StatusCode::NOT_FOUND
    );
    let (_, taken) = app.get("local", &format!("/api/v1/cases/{case}")).await;
    assert_eq!(taken["lead"]["primary"], json!(app.ids["local"]), "{taken}");
    let (_, events) = app.get("local", &format!("/api/v1/cases/{case}/events")).await;
    let last = events.as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["summary_nl"].as_str(), last["reason"].as_str()),
        (
            Some("Het onderzoek naar de veiligheid is overgenomen door een andere medewerker"),
            Some("Mijn collega is langdurig ziek.")
        ),
        "{last}"
    );
    // The new investigator concludes it: without findings refused and nothing changes; with them, it no
    // longer opens the file nor stands on the list, and what follows is the local team's case.
    let version = taken["version"].as_i64().unwrap();
    // The local team cannot close the case meanwhile: that would end the investigation unseen.
    let close = format!("/api/v1/cases/{case}/close");
    let (s, p) = app
        .post("local", &close, json!({"reason": "Klaar", "version": version}))
        .await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::CONFLICT, Some("investigation_open")),
        "{p}"
    );
    let conclude = format!("/api/v1/cases/{case}/signals/{signal}/conclusion");
    let (s, p) = as_vt2(
        Method::POST,
        conclude.clone(),
        Some(json!({"conclusion": "", "version": version})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert_eq!(field_codes(&p)[0].0, "conclusion", "{p}");
    let (s, p) = app
        .post(
            "vt",
            &conclude,
            json!({"conclusion": "Geen zorgen", "version": version}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "the first investigator no longer: {p}");
    assert_eq!(colleague.get(&format!("/huishoudens/{h}")).await.status, StatusCode::OK);
    let findings = "Veiligheid hersteld; het lokaal team biedt opvoedondersteuning.";
    let (s, done) = as_vt2(
        Method::POST,
        conclude.clone(),
        Some(json!({"conclusion": findings, "version": version})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{done}");
    assert_ne!(colleague.get(&format!("/huishoudens/{h}")).await.status, StatusCode::OK);
    let (_, items) = as_vt2(Method::GET, "/api/v1/investigations".into(), None).await;
    assert!(
        !items.as_array().unwrap().iter().any(|i| i["household_id"] == json!(h)),
        "{items}"
    );
    let (s, p) = as_vt2(
        Method::POST,
        conclude,
        Some(json!({"conclusion": findings, "version": version + 1})),
    )
    .await;
    assert_ne!(s, StatusCode::OK, "not twice: {p}");
    let (_, events) = app.get("local", &format!("/api/v1/cases/{case}/events")).await;
    let last = events.as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["summary_nl"].as_str(), last["reason"].as_str()),
        (Some("Het onderzoek naar de veiligheid is afgerond"), Some(findings)),
        "{last}"
    );
    let version = done["version"].as_i64().unwrap();
    let (s, p) = app
        .post("local", &close, json!({"reason": "Klaar", "version": version}))
        .await;
    assert_eq!(s, StatusCode::OK, "the case closes after the investigation: {p}");
}

async fn only_an_investigations_own_investigator_concludes_it(app: TestApp) {
    let access = regie_access::Access::new(app.store.clone());
    let (h, _, child) = app.family("Huishouden Twee Meldingen").await;
    let case = app.open_case(&h).await["id"].as_str().unwrap().to_owned();
    // Two reports, each assessed as an investigation by `vt`, in the same case.
    let mut signals = Vec::new();
    for observed in ["Sem huilt 's nachts", "Sem heeft blauwe plekken"] {
        let report = json!({"kind": "report", "reporter": {"category": "neighbour"}, "household_id": h,
            "persons": [child], "observed": observed, "acute": false});
        let (_, signal) = app.post("vt", "/api/v1/signals", report).await;
        let id = signal["id"].as_str().unwrap().to_owned();
        let assess = json!({"outcome": "investigation", "summary": "Onderzoek", "version": 1});
        let (s, done) = app
            .post("vt", &format!("/api/v1/signals/{id}/assessment"), assess)
            .await;
        assert_eq!(s, StatusCode::OK, "{done}");
        signals.push(id);
    }
    // A colleague of another team takes the second over; `vt` still investigates the first, which is
    // no ground to conclude the second.
    assert_eq!(
        app.get_as_new("vt", "vt3", false, "/api/v1/investigations").await,
        StatusCode::OK
    );
    let token = access.issue_token("vt3").await.unwrap();
    let version = |c: &Value| c["version"].as_i64().unwrap();
    let (_, c) = app.get("local", &format!("/api/v1/cases/{case}")).await;
    let take_over = format!("/api/v1/cases/{case}/signals/{}/take-over", signals[1]);
    let body = json!({"reason": "Verdeling van het werk", "version": version(&c)});
    let (s, c) = app.call_with(&token, Method::POST, &take_over, Some(body)).await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let conclude = |n: usize| format!("/api/v1/cases/{case}/signals/{}/conclusion", signals[n]);
    let body = json!({"conclusion": "Geen zorgen", "version": version(&c)});
    let (s, p) = app.post("vt", &conclude(1), body.clone()).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{p}");
    let (_, unchanged) = app.get("local", &format!("/api/v1/cases/{case}")).await;
    assert_eq!(version(&unchanged), version(&c));
    // Each concludes their own.
    let (s, c) = app.post("vt", &conclude(0), body).await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let body = json!({"conclusion": "Geen zorgen", "version": version(&c)});
    let (s, c) = app.call_with(&token, Method::POST, &conclude(1), Some(body)).await;
    assert_eq!(s, StatusCode::OK, "{c}");
}
