//! The court route through the API (issue 13): the local team asks the Raad to investigate, the Raad
//! requests a supervision, the court hears the child of 13 and decides, the case becomes mandatory by
//! itself, the GI executes, requests an extension, and ends the measures, after which the frame returns to
//! voluntary. Every refusal is followed by a check that the case is unchanged and that nothing was logged.
//! Runs on SQLite and on PostgreSQL.

use crate::common;

use axum::http::StatusCode;
use common::{Client, TestApp, field_codes};
use regie_domain::justice::add_months;
use regie_domain::time::today;
use serde_json::{Value, json};

api_tests!(
    a_measure_is_walked_from_the_raads_investigation_to_its_end,
    parental_authority_is_registered_with_every_wrong_field_named,
    a_partner_registers_a_track_and_sees_only_its_own,
    the_raad_requests_the_extension_the_gi_did_not,
    a_parent_asks_the_court_to_extend_in_the_portal_when_the_gi_did_not,
    the_justice_worklist_pages_and_shows_ones_own_work,
    the_raads_own_work_holds_what_nobody_has_yet,
    a_jeugdbeschermer_hands_the_measures_over_to_a_colleague,
    a_departure_waits_for_the_investigation_and_the_request_in_the_route,
    a_region_with_two_raden_or_courts_asks_which_one,
);

/// The court hears `child` today and grants request `number` a supervision that ends in four weeks: inside
/// its last six weeks, when the Raad or the OM that asked for it may step in.
async fn granted_ending_soon(app: &TestApp, case: &str, number: u32, child: &str, version: i64) -> String {
    let (s, f) = app
        .post(
            "court",
            &format!("/api/v1/cases/{case}/court-requests/{number}/hearing"),
            json!({"hearing_on": today().to_string(), "version": version}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{f}");
    let until = today() + jiff::Span::new().weeks(4);
    let (s, f) = app
        .post(
            "court",
            &format!("/api/v1/cases/{case}/court-requests/{number}/decision"),
            json!({"outcome": "granted", "granted": [{"kind": "supervision", "until": until.to_string()}],
                   "heard": [{"person_id": child, "heard": "heard"}],
                   "reason": "De kinderrechter stelt het kind onder toezicht", "version": version + 1}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{f}");
    until.to_string()
}

/// A household `name` with a mother and a son of 13, whose case the local team opened and the Raad took to
/// the court, which granted a supervision of the son ending in four weeks (`granted_ending_soon`), executed
/// by "gi": the household, mother, son, case and the supervision's end.
async fn supervision_ending_soon(app: &TestApp, name: &str) -> (String, String, String, String, String) {
    supervision_executed_by(app, name, ("Eva", "Daan"), "gi").await
}

/// [`supervision_ending_soon`] with the mother's and the son's given names, executed by `executor` (a
/// professional of the GI).
async fn supervision_executed_by(
    app: &TestApp,
    name: &str,
    (mother, son): (&str, &str),
    executor: &str,
) -> (String, String, String, String, String) {
    let h = app.household(name).await;
    let mother = app.person(mother, "1987-07-07", None).await;
    let son = app.person(son, "2013-06-06", None).await;
    app.add_member(&h, &mother, "parent").await;
    app.add_member(&h, &son, "child").await;
    let id = app.open_case(&h).await["id"].as_str().unwrap().to_owned();
    let path = |rest: &str| format!("/api/v1/cases/{id}{rest}");
    let ask = json!({"reason": "Zorgen om Daan", "version": 1});
    assert_eq!(app.post("local", &path("/investigations"), ask).await.0, StatusCode::OK);
    let accept = json!({"version": 2});
    assert_eq!(
        app.post("rvdk", &path("/investigations/1/accept"), accept).await.0,
        StatusCode::OK
    );
    let request = json!({"outcome": "request", "kinds": ["supervision"], "children": [son],
        "grounds": "Ontwikkelingsbedreiging", "executor": app.ids[executor], "version": 3});
    let (s, c) = app.post("rvdk", &path("/investigations/1/conclusion"), request).await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let until = granted_ending_soon(app, &id, 1, &son, 4).await;
    (h, mother, son, id, until)
}

async fn the_raad_requests_the_extension_the_gi_did_not(app: TestApp) {
    let (h, _, son, id, until) = supervision_ending_soon(&app, "Huishouden Visser").await;
    let path = |rest: &str| format!("/api/v1/cases/{id}{rest}");

    // Four weeks before the end, with no extension requested: the GI is reminded, and the Raad that asked
    // for the measure has it on its list and reads the file again (art. 1:260 lid 1 BW).
    let (_, gi) = app.get("gi", "/api/v1/justice/worklist").await;
    assert_eq!(gi[0]["work"], "measure_ending", "{gi}");
    let (_, raad) = app.get("rvdk", "/api/v1/justice/worklist").await;
    assert_eq!(raad[0]["work"], "extension_not_requested", "{raad}");
    assert_eq!(app.get("rvdk", &path("")).await.0, StatusCode::OK);
    // The local team has no such task; the Raad's request without grounds names the field; neither changes
    // the case or logs anything.
    let before = logged(&app, &h).await;
    let (s, p) = app
        .post(
            "local",
            &path("/extension-requests"),
            json!({"measures": [1], "grounds": "Zorgen blijven", "version": 6}),
        )
        .await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("statutory_task")),
        "{p}"
    );
    let (s, p) = app
        .post(
            "rvdk",
            &path("/extension-requests"),
            json!({"measures": [1], "grounds": " ", "version": 6}),
        )
        .await;
    assert_eq!(
        (s, p["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("grounds")),
        "{p}"
    );
    unchanged(&app, &h, &id, 6, before).await;
    let (s, c) = app
        .post(
            "rvdk",
            &path("/extension-requests"),
            json!({"measures": [1], "grounds": "De GI vroeg geen verlenging; Daan is nog niet veilig", "version": 6}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    // The GI sees the extension waiting; the court extends by a year.
    let (_, gi) = app.get("gi", "/api/v1/justice/worklist").await;
    assert_eq!(gi[0]["work"], "extension_pending", "{gi}");
    let (s, _) = app
        .post(
            "court",
            &path("/court-requests/2/hearing"),
            json!({"hearing_on": today().to_string(), "version": 7}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let extended = add_months(until.parse().unwrap(), 12).to_string();
    let (s, f) = app
        .post(
            "court",
            &path("/court-requests/2/decision"),
            json!({"outcome": "granted", "granted": [{"kind": "supervision", "until": extended}],
                   "heard": [{"person_id": son, "heard": "heard"}], "reason": "Verlengd met een jaar", "version": 8}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{f}");
    // The Raad's part ends until the next year's last weeks: no list line, no file.
    let (_, raad) = app.get("rvdk", "/api/v1/justice/worklist").await;
    assert_eq!(raad.as_array().unwrap().len(), 0, "{raad}");
    assert_eq!(app.get("rvdk", &path("")).await.0, StatusCode::FORBIDDEN);
    let (s, p) = app
        .post(
            "rvdk",
            &path("/extension-requests"),
            json!({"measures": [1], "grounds": "Nog eens", "version": 9}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{p}");
}

/// Every processing-log record about a household.
async fn logged(app: &TestApp, household: &str) -> usize {
    app.store
        .processing_of_household(household.parse().unwrap())
        .await
        .unwrap()
        .len()
}

/// The case as its local lead reads it.
async fn case(app: &TestApp, id: &str) -> Value {
    let (s, c) = app.get("local", &format!("/api/v1/cases/{id}")).await;
    assert_eq!(s, StatusCode::OK, "{c}");
    c
}

/// Checks that a refusal left the case at `version` and wrote no log record about the household.
async fn unchanged(app: &TestApp, h: &str, id: &str, version: i64, records: usize) {
    assert_eq!(case(app, id).await["version"].as_i64(), Some(version));
    // Reading the case to check logs one read per subject; compare with what was there before it.
    let after = logged(app, h).await;
    let read = app.store.members(h.parse().unwrap()).await.unwrap().len() + 1;
    assert_eq!(after, records + read, "a refused request wrote log records");
}

async fn a_measure_is_walked_from_the_raads_investigation_to_its_end(app: TestApp) {
    let (h, mother, child) = app.family("Huishouden Brouwer").await;
    let teen = app.person("Noa", "2013-01-15", None).await;
    let father = app.person("Kees", "1984-05-05", None).await;
    app.add_member(&h, &teen, "child").await;
    app.add_member(&h, &father, "parent").await;
    let id = app.open_case(&h).await["id"].as_str().unwrap().to_owned();
    let path = |rest: &str| format!("/api/v1/cases/{id}{rest}");

    // The Raad has no part in the file before it is asked.
    let (s, _) = app.get("rvdk", &path("")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // The police have no task to ask for an investigation.
    let before = logged(&app, &h).await;
    let ask = json!({"reason": "Ouders werken niet mee aan de veiligheidsafspraken", "version": 1});
    let (s, p) = app.post("police", &path("/investigations"), ask.clone()).await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("statutory_task")),
        "{p}"
    );
    // A Raad that is none and no reason: both named, nothing changes.
    let wrong = json!({"raad": uuid::Uuid::now_v7(), "reason": " ", "version": 1});
    let (s, p) = app.post("local", &path("/investigations"), wrong).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    let named: Vec<String> = common::field_codes(&p).into_iter().map(|(f, _)| f).collect();
    assert_eq!(named, ["raad", "reason"], "{p}");
    unchanged(&app, &h, &id, 1, before).await;
    let (s, c) = app.post("local", &path("/investigations"), ask).await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(c["route"]["justice"]["investigations"][0]["number"], 1);

    // The Raad sees it on its worklist, and now reads the file (its organisation's task).
    let (s, list) = app.get("rvdk", "/api/v1/justice/worklist").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(list[0]["work"], "accept_investigation", "{list}");
    assert_eq!(list[0]["case_id"].as_str(), Some(id.as_str()));
    let (s, _) = app.get("rvdk", &path("")).await;
    assert_eq!(s, StatusCode::OK);
    let (s, c) = app
        .post("rvdk", &path("/investigations/1/accept"), json!({"version": 2}))
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert!(c["route"]["justice"]["investigations"][0]["deadline"].is_string());

    // A local team does not request a measure; an incomplete request names every missing field at once.
    let before = logged(&app, &h).await;
    let request = json!({"outcome": "request", "kinds": ["supervision"], "children": [child, teen],
        "grounds": "Ernstige ontwikkelingsbedreiging", "executor": app.ids["gi"], "version": 3});
    let (s, p) = app
        .post("local", &path("/investigations/1/conclusion"), request.clone())
        .await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("statutory_task")),
        "{p}"
    );
    let (s, p) = app
        .post(
            "rvdk",
            &path("/investigations/1/conclusion"),
            json!({"outcome": "request", "version": 3}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = field_codes(&p).into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, ["grounds", "kinds", "children", "executor"], "{p}");
    unchanged(&app, &h, &id, 3, before).await;
    let (s, c) = app.post("rvdk", &path("/investigations/1/conclusion"), request).await;
    assert_eq!(s, StatusCode::OK, "{c}");

    // The court's inbox; it sees the request's minimal data, never the household's file.
    let (s, list) = app.get("court", "/api/v1/justice/worklist").await;
    assert_eq!(
        (s, list[0]["work"].as_str()),
        (StatusCode::OK, Some("schedule_hearing")),
        "{list}"
    );
    let (s, _) = app.get("court", &path("")).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "the court does not read the household's file");
    let (s, file) = app.get("court", &path("/court-requests/1")).await;
    assert_eq!(s, StatusCode::OK, "{file}");
    assert_eq!(file["children"].as_array().unwrap().len(), 2);
    // The parties: both parents while no authority is registered; once the mother alone holds it, she alone.
    assert_eq!(file["parents"], json!(["Anouk Test", "Kees Test"]), "{file}");
    for c in [&child, &teen] {
        let (s, a) = app
            .call(
                "local",
                axum::http::Method::PUT,
                &format!("/api/v1/households/{h}/authority/{c}"),
                Some(json!({"holders": [{"kind": "person", "person_id": mother}], "since": "2017-09-01"})),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{a}");
    }
    let (_, file) = app.get("court", &path("/court-requests/1")).await;
    assert_eq!(file["parents"], json!(["Anouk Test"]), "{file}");
    assert!(file.get("route").is_none() && file["request"].get("plan").is_none());
    assert_eq!(
        file["investigation"]["reason"], "",
        "the asking professional's words stay in the file: {file}"
    );
    assert!(file["investigation"]["concluded_on"].is_string());
    let heard: Vec<bool> = (file["children"].as_array().unwrap().iter())
        .map(|c| c["to_be_heard"].as_bool().unwrap())
        .collect();
    assert_eq!(
        heard.iter().filter(|h| **h).count(),
        1,
        "only the child of 12 or older: {file}"
    );

    // Deciding before the hearing, past the legal maximum, without the child's hearing, or on a request
    // never filed: each refused, nothing changed, nothing logged.
    let until = add_months(today(), 12).to_string();
    let granted = json!([{"kind": "supervision", "until": until}]);
    let decision = |version: i64, extra: Value| {
        let mut d = json!({"outcome": "granted", "granted": granted, "reason": "De kinderrechter wijst het verzoek toe",
            "heard": [{"person_id": teen, "heard": "heard"}], "version": version});
        d.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        d
    };
    let before = logged(&app, &h).await;
    let (s, p) = app
        .post("court", &path("/court-requests/1/decision"), decision(4, json!({})))
        .await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::CONFLICT, Some("no_hearing")),
        "{p}"
    );
    unchanged(&app, &h, &id, 4, before).await;
    let hearing_on = today().to_string();
    let (s, file) = app
        .post(
            "court",
            &path("/court-requests/1/hearing"),
            json!({"hearing_on": hearing_on, "version": 4}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{file}");
    let before = logged(&app, &h).await;
    let too_long = add_months(today(), 13).to_string();
    for (extra, field, code) in [
        (
            json!({"granted": [{"kind": "supervision", "until": too_long}]}),
            "until.supervision",
            "past_legal_maximum",
        ),
        (json!({"heard": []}), "heard", "child_not_heard"),
        // A grant for a child outside the request; for some of its children, but called "granted".
        (json!({"children": [mother]}), "children", "not_in_request"),
        (json!({"children": [teen]}), "outcome", "partly_granted"),
    ] {
        let (s, p) = app
            .post("court", &path("/court-requests/1/decision"), decision(5, extra))
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
        assert_eq!(
            (p["field"].as_str(), p["code"].as_str()),
            (Some(field), Some(code)),
            "{p}"
        );
    }
    let (s, p) = app
        .post("court", &path("/court-requests/9/decision"), decision(5, json!({})))
        .await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("no_request")),
        "{p}"
    );
    unchanged(&app, &h, &id, 5, before).await;

    // The police reported the household; until a measure is in force they are told nothing of it.
    let steps = json!({"signals": "Huiselijk geweld gemeld", "colleague_consulted": "Besproken met de wijkagent",
        "client_conversation": "Gesprek met moeder gevoerd", "weighing": "Structurele onveiligheid"});
    let report = json!({"kind": "report", "reporter": {"category": "police", "name": "Agent Jonker", "organisation": "Politie"}, "household_id": h, "persons": [child],
        "observed": "Melding huiselijk geweld", "received_by": app.org_of("vt").await,
        "meldcode": {"steps": steps, "answers": {"suspicion": true, "unsafety": true}}});
    let (s, signal) = app.post("police", "/api/v1/signals", report).await;
    assert_eq!(s, StatusCode::CREATED, "{signal}");
    let (_, notices) = app.get("police", "/api/v1/my-reports/measures").await;
    assert_eq!(notices.as_array().unwrap().len(), 0, "{notices}");

    // The decision puts the case in the mandatory frame by itself and brings the GI in as a duo.
    let (s, file) = app
        .post("court", &path("/court-requests/1/decision"), decision(5, json!({})))
        .await;
    assert_eq!(s, StatusCode::OK, "{file}");
    assert!(file["request"]["decision"]["appeal_until"].is_string());
    let c = case(&app, &id).await;
    assert_eq!(c["legal_frame"], "mandatory");
    assert_eq!(
        c["lead"]["secondary"].as_str(),
        Some(app.ids["gi"].to_string().as_str())
    );
    let (_, events) = app.get("local", &path("/events")).await;
    let last = events.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["change"]["kind"], "court_decided", "{last}");
    assert!(
        last["summary"].as_str().unwrap_or_default().contains("gedwongen") || last.to_string().contains("mandatory")
    );

    // The police are told that a measure is in force, since when and with which GI; nothing else.
    let (_, notices) = app.get("police", "/api/v1/my-reports/measures").await;
    assert_eq!(notices.as_array().unwrap().len(), 1, "{notices}");
    assert_eq!(notices[0]["executor"], "Org gi");
    assert_eq!(notices[0]["since"].as_str(), Some(today().to_string().as_str()));

    // The frame follows the measure: no hand-set change either way while it runs.
    let (s, p) = app
        .post(
            "local",
            &path("/legal-frame"),
            json!({"to": "voluntary", "reason": "Gaat beter", "version": 6}),
        )
        .await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::CONFLICT, Some("measure_in_force")),
        "{p}"
    );
    let (s, p) = app
        .post(
            "gi",
            &path("/legal-frame"),
            json!({"to": "mandatory", "reason": "OTS", "version": 6}),
        )
        .await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("statutory_task")),
        "{p}"
    );

    // The GI's worklist; it requests an extension, which the court grants by at most a year.
    let (s, list) = app.get("gi", "/api/v1/justice/worklist").await;
    assert_eq!(s, StatusCode::OK);
    // One line for both children's measures, the same work on the same day, executed by "gi".
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list[0]["numbers"], json!([1, 2]), "{list}");
    assert_eq!(list[0]["assigned_to"], json!(app.ids["gi"]), "{list}");
    let (s, p) = app
        .post(
            "local",
            &path("/extension-requests"),
            json!({"measures": [1, 2], "grounds": "Zorgen blijven", "version": 6}),
        )
        .await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("statutory_task")),
        "{p}"
    );
    let (s, c) = app
        .post(
            "gi",
            &path("/extension-requests"),
            json!({"measures": [1, 2], "grounds": "Zorgen blijven", "version": 6}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let (s, _) = app
        .post(
            "court",
            &path("/court-requests/2/hearing"),
            json!({"hearing_on": today().to_string(), "version": 7}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let extended = add_months(add_months(today(), 12), 12).to_string();
    let (s, file) = app
        .post(
            "court",
            &path("/court-requests/2/decision"),
            json!({"outcome": "granted", "granted": [{"kind": "supervision", "until": extended}],
                   "heard": [{"person_id": teen, "heard": "declined"}], "reason": "Verlengd met een jaar", "version": 8}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{file}");
    let c = case(&app, &id).await;
    assert_eq!(
        c["route"]["justice"]["measures"][0]["until"].as_str(),
        Some(extended.as_str())
    );

    // The GI ends the measures; the last end names the frame the case continues in.
    let end = |version: i64, frame: Option<&str>| json!({"reason": "De grond is vervallen", "frame_after": frame, "version": version});
    let (s, c) = app.post("gi", &path("/measures/1/end"), end(9, None)).await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let before = logged(&app, &h).await;
    let (s, p) = app.post("gi", &path("/measures/2/end"), end(10, None)).await;
    assert_eq!(
        (s, p["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("frame_after")),
        "{p}"
    );
    unchanged(&app, &h, &id, 10, before).await;
    let (s, c) = app
        .post("gi", &path("/measures/2/end"), end(10, Some("voluntary")))
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(c["legal_frame"], "voluntary");
    let (_, list) = app.get("gi", "/api/v1/justice/worklist").await;
    assert_eq!(list.as_array().unwrap().len(), 0, "{list}");
}

async fn parental_authority_is_registered_with_every_wrong_field_named(app: TestApp) {
    let (h, mother, child) = app.family("Huishouden Vermeer").await;
    let sister = app.person("Isa", "2012-02-02", None).await;
    app.add_member(&h, &sister, "child").await;
    let path = format!("/api/v1/households/{h}/authority/{child}");
    let put = |body: Value| app.call("local", axum::http::Method::PUT, &path, Some(body));
    let (s, a) = put(json!({"holders": [{"kind": "person", "person_id": mother}], "since": "2017-09-01"})).await;
    assert_eq!(s, StatusCode::OK, "{a}");
    // A minor holder and a date in the future, both named; a GI beside a parent; nothing changes.
    let before = logged(&app, &h).await;
    let (s, p) = put(json!({"holders": [{"kind": "person", "person_id": sister}], "since": "2030-01-01"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let mut codes: Vec<String> = field_codes(&p).into_iter().map(|(_, c)| c).collect();
    codes.sort();
    assert_eq!(codes, ["holder_minor", "in_the_future"], "{p}");
    let gi = app.org_of("gi").await;
    let (s, p) = put(json!({"holders": [{"kind": "guardian", "organisation_id": gi}, {"kind": "person", "person_id": mother}], "since": "2020-01-01"})).await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("guardian_alone")),
        "{p}"
    );
    // An organisation without a part in the household may not register it.
    let (s, _) = app
        .call(
            "local2",
            axum::http::Method::PUT,
            &path,
            Some(json!({"holders": [{"kind": "person", "person_id": mother}], "since": "2017-09-01"})),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(logged(&app, &h).await, before, "a refusal logged nothing");
    let (_, file) = app.get("local", &format!("/api/v1/households/{h}")).await;
    assert_eq!(file["authority"].as_array().unwrap().len(), 1, "{file}");
    assert_eq!(
        file["authority"][0]["holders"][0]["person_id"].as_str(),
        Some(mother.as_str())
    );
    assert_eq!(file["authority"][0]["since"], "2017-09-01");
}

async fn a_partner_registers_a_track_and_sees_only_its_own(app: TestApp) {
    let h = app.household("Huishouden Kramer").await;
    let father = app.person("Rob", "1980-03-03", Some("999990032")).await;
    let son = app.person("Tijn", "2014-04-04", Some("999990044")).await;
    app.add_member(&h, &father, "parent").await;
    app.add_member(&h, &son, "child").await;
    app.post(
        "local",
        "/api/v1/cases",
        json!({"household_id": h, "reason": "Zorgen om Tijn", "lead": {"primary": app.ids["local"]}}),
    )
    .await;
    let track = |bsn: &str, born: &str, extra: Value| {
        let mut body = json!({"bsn": bsn, "date_of_birth": born, "reference": "10/000123-26", "from": "2026-10-01"});
        body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        body
    };
    // A BSN with another date of birth finds no one (no fishing with a BSN alone); a minor is not the
    // Reclassering's; a school has no task to; nothing changes and nothing is logged.
    let before = logged(&app, &h).await;
    let (s, p) = app
        .post(
            "om",
            "/api/v1/justice-tracks",
            track("999990032", "1980-03-04", json!({"status": "prosecution"})),
        )
        .await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("unknown_person")),
        "{p}"
    );
    let (s, p) = app
        .post(
            "reclassering",
            "/api/v1/justice-tracks",
            track("999990044", "2014-04-04", json!({"supervisor": "Hans"})),
        )
        .await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("not_an_adult")),
        "{p}"
    );
    // A person not found and the track's own wrong fields, all at once.
    let (s, p) = app
        .post(
            "om",
            "/api/v1/justice-tracks",
            json!({"bsn": "999990032", "date_of_birth": "1980-03-04", "reference": "", "from": "2026-10-01", "status": ""}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert_eq!(
        common::field_codes(&p),
        [
            ("bsn".to_owned(), "unknown_person".to_owned()),
            ("reference".to_owned(), "required".to_owned()),
            ("status".to_owned(), "required".to_owned())
        ],
        "{p}"
    );
    let (s, _) = app
        .post(
            "school",
            "/api/v1/justice-tracks",
            track("999990032", "1980-03-03", json!({"status": "trial"})),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(logged(&app, &h).await, before);
    let (s, t) = app
        .post(
            "om",
            "/api/v1/justice-tracks",
            track("999990032", "1980-03-03", json!({"status": "prosecution"})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    let id = t["id"].as_str().unwrap().to_owned();

    // The case team sees it; an uninvolved team may not ask to coordinate; the case team does.
    let (_, file) = app.get("local", &format!("/api/v1/households/{h}")).await;
    assert_eq!(file["tracks"][0]["reference"], "10/000123-26", "{file}");
    let coordination = format!("/api/v1/households/{h}/justice-tracks/{id}/coordination");
    let (s, _) = app.post("local2", &coordination, json!({})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = app.post("local", &coordination, json!({})).await;
    assert_eq!(s, StatusCode::OK);
    let (s, p) = app.post("local", &coordination, json!({})).await;
    assert_eq!((s, p["code"].as_str()), (StatusCode::CONFLICT, Some("already_asked")));

    // The OM sees its own track with whom to contact, and nothing of the household; the Reclassering sees
    // none of the OM's.
    let (_, own) = app.get("om", "/api/v1/justice-tracks").await;
    assert_eq!(own.as_array().unwrap().len(), 1);
    assert_eq!(own[0]["contact"]["name"], "Professional local", "{own}");
    assert!(own[0].get("household_name").is_none() && !own.to_string().contains("Tijn"));
    let (_, theirs) = app.get("reclassering", "/api/v1/justice-tracks").await;
    assert_eq!(theirs.as_array().unwrap().len(), 0);
    let (s, _) = app.get("om", &format!("/api/v1/households/{h}")).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "the OM reads no household file");
    // The OM asks the court itself for a supervision of the son, named by BSN and date of birth; a child
    // who is not in the household is refused, and the Reclassering may not ask at all.
    let ask = |child: Value| {
        json!({"kinds": ["supervision"], "children": [child], "grounds": "Strafzaak tegen vader",
        "executor": app.ids["gi"]})
    };
    let (s, p) = app
        .post(
            "om",
            &format!("/api/v1/justice-tracks/{id}/measure-request"),
            ask(json!({"bsn": "999990044", "date_of_birth": "2014-04-05"})),
        )
        .await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("not_a_member")),
        "{p}"
    );
    // Every wrong field at once: no measure, a wrong child, no grounds, an unknown jeugdbeschermer.
    let body = json!({"kinds": [], "children": [{"bsn": "123", "date_of_birth": "2014-04-04"}],
        "grounds": "", "executor": uuid::Uuid::now_v7()});
    let (s, p) = app
        .post("om", &format!("/api/v1/justice-tracks/{id}/measure-request"), body)
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    let fields: Vec<String> = common::field_codes(&p).into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, ["kinds", "children", "grounds", "executor"], "{p}");
    // On the page: the wrong child's reason stands next to the child's BSN, every wrong field at once, and
    // nothing is filed (the request below is the first).
    const PASSWORD: &str = "correct horse battery";
    let access = regie_access::Access::new(app.store.clone());
    access.set_professional_password("om", PASSWORD).await.unwrap();
    let mut om = Client::new(&app);
    om.sign_in("om", PASSWORD).await;
    let csrf = Client::csrf(&om.get("/trajecten").await);
    let gi = app.ids["gi"].to_string();
    let mut typed = vec![
        ("csrf", csrf.as_str()),
        ("track", id.as_str()),
        ("kind", "supervision"),
        ("child_bsn", "999990044"),
        ("child_date_of_birth", "2014-04-05"),
        ("executor", gi.as_str()),
        ("grounds", "Strafzaak tegen vader"),
    ];
    let refused = om.post("/trajecten/verzoek", &typed).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.body.contains(r#"id="child_bsn-error""#), "{}", refused.body);
    assert!(!refused.body.contains(r#"id="bsn-error""#));
    typed[3] = ("child_bsn", "12345");
    typed[4] = ("child_date_of_birth", "morgen");
    typed[6] = ("grounds", "");
    let refused = om.post("/trajecten/verzoek", &typed).await;
    for field in ["child_bsn", "child_date_of_birth", "grounds"] {
        assert!(
            refused.body.contains(&format!(r#"id="{field}-error""#)),
            "{field}: {}",
            refused.body
        );
    }
    let (s, _) = app
        .post(
            "reclassering",
            &format!("/api/v1/justice-tracks/{id}/measure-request"),
            ask(json!({"bsn": "999990044", "date_of_birth": "2014-04-04"})),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, filed) = app
        .post(
            "om",
            &format!("/api/v1/justice-tracks/{id}/measure-request"),
            ask(json!({"bsn": "999990044", "date_of_birth": "2014-04-04"})),
        )
        .await;
    assert_eq!(
        (s, filed["request"].as_u64()),
        (StatusCode::CREATED, Some(1)),
        "{filed}"
    );
    let case = file["open_case"]["id"].as_str().unwrap().to_owned();
    let (s, list) = app.get("court", "/api/v1/justice/worklist").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|i| i["case_id"].as_str() == Some(case.as_str())),
        "{list}"
    );
    // The court grants it; in its last weeks, with no extension from the GI, the OM may ask itself
    // (art. 1:260 lid 1 BW): its track lists the measure, and nothing else of the case.
    let (_, own) = app.get("om", "/api/v1/justice-tracks").await;
    assert_eq!(own[0]["extension_due"], json!([]), "{own}");
    let until = granted_ending_soon(&app, &case, 1, &son, 2).await;
    let (_, own) = app.get("om", "/api/v1/justice-tracks").await;
    assert_eq!(
        own[0]["extension_due"],
        json!([{"number": 1, "kind": "supervision", "child": "Tijn Test", "until": until}]),
        "{own}"
    );
    let extension = format!("/api/v1/justice-tracks/{id}/extension-request");
    let (s, p) = app
        .post(
            "om",
            &extension,
            json!({"measures": [7], "grounds": "Strafzaak loopt nog"}),
        )
        .await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("unknown_measure")),
        "{p}"
    );
    let (s, _) = app
        .post(
            "reclassering",
            &extension,
            json!({"measures": [1], "grounds": "Strafzaak loopt nog"}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, filed) = app
        .post(
            "om",
            &extension,
            json!({"measures": [1], "grounds": "Strafzaak loopt nog"}),
        )
        .await;
    assert_eq!(
        (s, filed["request"].as_u64()),
        (StatusCode::CREATED, Some(2)),
        "{filed}"
    );
    let (_, own) = app.get("om", "/api/v1/justice-tracks").await;
    assert_eq!(own[0]["extension_due"], json!([]), "{own}");
    let (s, t) = app
        .post(
            "om",
            &format!("/api/v1/justice-tracks/{id}/status"),
            json!({"status": "settled", "until": "2026-11-30"}),
        )
        .await;
    assert_eq!((s, t["status"].as_str()), (StatusCode::OK, Some("settled")), "{t}");
}

/// Art. 1:260 lid 1 BW, "een ouder": in the measure's last six weeks without the GI's request, the mother
/// asks the court herself in the portal (every wrong field at once first); her son of 13 cannot; the court
/// sees who filed it.
async fn a_parent_asks_the_court_to_extend_in_the_portal_when_the_gi_did_not(app: TestApp) {
    const PASSWORD: &str = "correct horse battery";
    let (_, mother, son, id, _) = supervision_ending_soon(&app, "Huishouden Smit").await;
    let path = |rest: &str| format!("/api/v1/cases/{id}{rest}");

    let access = regie_access::Access::new(app.store.clone());
    access
        .set_family_password("eva", mother.parse().unwrap(), PASSWORD)
        .await
        .unwrap();
    access
        .set_family_password("jesse", son.parse().unwrap(), PASSWORD)
        .await
        .unwrap();
    let mut parent = Client::new(&app);
    parent.sign_in("eva", PASSWORD).await;
    let page = parent.get("/portaal").await;
    assert!(page.body.contains("Zelf om verlenging vragen"), "{}", page.body);
    let csrf = Client::csrf(&page);
    let refused = parent.post("/portaal/verlenging", &[("csrf", &csrf)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("id=\"measures-error\"") && refused.body.contains("id=\"extension_grounds-error\""));
    assert_eq!(case(&app, &id).await["version"], 6, "nothing filed");

    // Her son may read the portal but not ask: a youth is no parent.
    let mut youth = Client::new(&app);
    youth.sign_in("jesse", PASSWORD).await;
    let his = youth.get("/portaal").await;
    assert!(!his.body.contains("Zelf om verlenging vragen"));
    let fields = [
        ("csrf", Client::csrf(&his)),
        ("measures", "1".into()),
        ("extension_grounds", "Ik wil hulp".into()),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        youth.post("/portaal/verlenging", &fields).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(case(&app, &id).await["version"], 6, "nothing filed");

    // Her lawyer, registered now, with her consent to read along: the code is shown once.
    let register = [
        ("csrf", csrf.as_str()),
        ("lawyer_name", "mr. B. Jansen"),
        ("lawyer_office", "Jansen Advocaten"),
        ("lawyer_phone", "020 123 45 67"),
        ("lawyer_email", ""),
    ];
    assert_eq!(
        parent.post("/portaal/advocaat", &register).await.status,
        StatusCode::SEE_OTHER
    );
    let given = parent.post("/portaal/advocaat/toestemming", &[("csrf", &csrf)]).await;
    let at = given.body.find("advocaat: <strong>").expect("the code is shown") + 18;
    let code = given.body[at..].split('<').next().unwrap().to_owned();

    let filed = parent
        .post(
            "/portaal/verlenging",
            &[
                ("csrf", &csrf),
                ("measures", "1"),
                ("extension_grounds", "Jesse heeft de jeugdbeschermer nog nodig."),
            ],
        )
        .await;
    assert_eq!(filed.status, StatusCode::SEE_OTHER, "{}", filed.body);
    let c = case(&app, &id).await;
    assert_eq!(
        c["route"]["justice"]["requests"][1]["parent"].as_str(),
        Some(mother.as_str()),
        "{c}"
    );
    let (_, events) = app.get("local", &path("/events")).await;
    let last = events.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["actor"], json!({"kind": "member", "person_id": mother}), "{last}");
    let (s, file) = app.get("court", &path("/court-requests/2")).await;
    assert_eq!(s, StatusCode::OK, "{file}");
    assert_eq!(file["filed_by"], "een ouder, Eva Test", "{file}");
    // Asked once: the form is gone, the request waits at the court.
    assert!(!parent.get("/portaal").await.body.contains("Zelf om verlenging vragen"));

    // The letter about the request goes to her, to Jesse (13, concerned) and, as a copy, to her lawyer, who
    // was registered by then (the first decision came before: no copy of that one).
    let household = c["household_id"].as_str().unwrap();
    let (_, letters) = app
        .get("local", &format!("/api/v1/households/{household}/letters"))
        .await;
    let requested: Vec<(&str, Option<&str>)> = (letters.as_array().unwrap().iter())
        .filter(|l| l["topic"] == "measure_requested" && l["entry"] == last["seq"])
        .map(|l| (l["to_name"].as_str().unwrap(), l["lawyer"].as_str()))
        .collect();
    assert_eq!(
        requested,
        [
            ("Eva Test", None),
            ("Daan Test", None),
            (
                "mr. B. Jansen (Jansen Advocaten), advocaat van Eva Test",
                Some("mr. B. Jansen")
            ),
        ],
        "{letters}"
    );
    assert_eq!(
        (letters.as_array().unwrap().iter())
            .filter(|l| !l["lawyer"].is_null())
            .count(),
        1
    );
    // The lawyer reads both requests, the measure and the copy, with the code.
    let mut lawyer = Client::new(&app);
    let read = lawyer.post("/advocaat", &[("code", &code)]).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    assert!(read.body.contains("Stukken van de kinderrechter over Eva Test"));
    assert!(
        read.body.contains("verlenging van de maatregel, voor Daan Test"),
        "{}",
        read.body
    );
    assert!(
        read.body.contains("ondertoezichtstelling voor Daan Test"),
        "{}",
        read.body
    );
    assert!(
        read.body.contains("Er is een verzoek gedaan aan de kinderrechter"),
        "{}",
        read.body
    );
}

/// A GI with many measures: its worklist comes in pages (`limit`, `offset`, the total in `X-Total-Count`),
/// logs only the households a page shows, and narrows to the measures a jeugdbeschermer executes
/// (`mine`); a wrong page is refused with every wrong field named and nothing logged. The same list in the
/// browser: "1–3 van 3", only one's own work, and a clear refusal of a wrong page.
async fn the_justice_worklist_pages_and_shows_ones_own_work(app: TestApp) {
    let mut households = Vec::new();
    let measures = [
        ("Huishouden Aa", ("Eva", "Daan"), "gi"),
        ("Huishouden Bee", ("Fien", "Bram"), "reviewer"),
        ("Huishouden Cee", ("Gea", "Sem"), "gi"),
    ];
    for (name, members, executor) in measures {
        let (h, _, _, id, _) = supervision_executed_by(&app, name, members, executor).await;
        households.push((h, id, executor));
    }
    let cases = |list: &Value| -> Vec<String> {
        (list.as_array().unwrap().iter())
            .map(|i| i["case_id"].as_str().unwrap().to_owned())
            .collect()
    };
    let logged_all = || async {
        let mut n = 0;
        for (h, ..) in &households {
            n += logged(&app, h).await;
        }
        n
    };
    let (s, all) = app.get("gi", "/api/v1/justice/worklist").await;
    assert_eq!(s, StatusCode::OK, "{all}");
    let all = cases(&all);
    assert_eq!(all.len(), 3, "{all:?}");
    // Pages of two: the first two, then the third; each page logs only its own households.
    let before = logged_all().await;
    let (_, first) = app.get("gi", "/api/v1/justice/worklist?limit=2").await;
    assert_eq!(cases(&first), all[..2]);
    assert_eq!(logged_all().await, before + 2);
    let (_, second) = app.get("gi", "/api/v1/justice/worklist?limit=2&offset=2").await;
    assert_eq!(cases(&second), all[2..]);
    assert_eq!(logged_all().await, before + 3);
    use tower::ServiceExt;
    let request = axum::http::Request::get("/api/v1/justice/worklist?limit=1")
        .header("authorization", format!("Bearer {}", app.tokens["gi"]))
        .body(axum::body::Body::empty())
        .unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.headers()["x-total-count"], "3");
    // Only one's own (and what nobody has yet, which a measure never is): the jeugdbeschermer "gi" executes
    // two of the three, their colleague the third.
    let own = |executor: &str| -> Vec<String> {
        (households.iter())
            .filter(|(.., e)| *e == executor)
            .map(|(_, id, _)| id.clone())
            .collect()
    };
    let (_, mine) = app.get("gi", "/api/v1/justice/worklist?mine=true").await;
    let mut mine = cases(&mine);
    mine.sort();
    let mut expected = own("gi");
    expected.sort();
    assert_eq!(mine, expected);
    let (_, theirs) = app.get("reviewer", "/api/v1/justice/worklist?mine=true").await;
    assert_eq!(cases(&theirs), own("reviewer"));
    // A measure is its jeugdbeschermer's and their team's: the GI's list shows "gi" their colleague's of
    // another team as not theirs, and its file stays closed to them.
    let (_, listed) = app.get("gi", "/api/v1/justice/worklist").await;
    let yours = |id: &str| {
        let item = (listed.as_array().unwrap().iter()).find(|i| i["case_id"] == json!(id));
        item.unwrap()["yours"].clone()
    };
    let (bee, aa) = (&own("reviewer")[0], &own("gi")[0]);
    assert_eq!((yours(bee), yours(aa)), (json!(false), json!(true)), "{listed}");
    assert_eq!(
        app.get("gi", &format!("/api/v1/cases/{bee}")).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get("reviewer", &format!("/api/v1/cases/{bee}")).await.0,
        StatusCode::OK
    );
    assert_eq!(
        app.get("reviewer", &format!("/api/v1/cases/{aa}")).await.0,
        StatusCode::FORBIDDEN
    );
    // A search of one's own households starts from one's own justice work, not from all of the GI's.
    let gi = app.org_of("gi").await;
    let candidates = |user: &'static str| {
        let query = regie_store::HouseholdQuery {
            limit: 100,
            within: Some(regie_store::WorkedWith {
                team: vec![app.ids[user]],
                organisation: gi,
                today: today(),
                received: false,
            }),
            ..Default::default()
        };
        let store = app.store.clone();
        async move {
            let rows = store.list_households(&query).await.unwrap();
            let mut ids: Vec<String> = rows.into_iter().map(|s| s.household.id.to_string()).collect();
            ids.sort();
            ids
        }
    };
    let of = |executor: &str| -> Vec<String> {
        let mut ids: Vec<String> = (households.iter())
            .filter(|(.., e)| *e == executor)
            .map(|(h, ..)| h.clone())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(candidates("gi").await, of("gi"));
    assert_eq!(candidates("reviewer").await, of("reviewer"));
    // Wrong pages: every wrong field named, nothing logged.
    let before = logged_all().await;
    let (s, p) = app.get("gi", "/api/v1/justice/worklist?limit=0&offset=2000000").await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{p}");
    let mut fields: Vec<String> = field_codes(&p).into_iter().map(|(field, _)| field).collect();
    fields.sort();
    assert_eq!(fields, ["limit", "offset"], "{p}");
    let (s, p) = app.get("gi", "/api/v1/justice/worklist?mine=soms").await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{p}");
    assert_eq!(logged_all().await, before);

    // In the browser.
    const PASSWORD: &str = "correct horse battery";
    let access = regie_access::Access::new(app.store.clone());
    access.set_professional_password("gi", PASSWORD).await.unwrap();
    let mut browser = Client::new(&app);
    browser.sign_in("gi", PASSWORD).await;
    let page = browser.get("/kinderbescherming").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Op de lijst: 1–3 van 3."), "{}", page.body);
    assert!(page.body.contains("Huishouden Bee"), "{}", page.body);
    let page = browser.get("/kinderbescherming?mijn=ja").await;
    assert!(
        page.body
            .contains("U ziet uw eigen werk (de maatregelen die u uitvoert)"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Op de lijst: 1–2 van 2."), "{}", page.body);
    assert!(!page.body.contains("Huishouden Bee"), "{}", page.body);
    let before = logged_all().await;
    let page = browser.get("/kinderbescherming?pagina=0&mijn=misschien").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(
        page.body.contains("Het paginanummer moet een heel getal vanaf 1 zijn."),
        "{}",
        page.body
    );
    assert!(page.body.contains("mijn=ja"), "{}", page.body);
    assert_eq!(logged_all().await, before);
    // Past the last page: not "nothing to do", but the way to the first page.
    let page = browser.get("/kinderbescherming?pagina=2").await;
    assert!(!page.body.contains("Er is nu niets te doen."), "{}", page.body);
    assert!(
        page.body
            .contains("Op deze pagina staat niets meer: de lijst heeft 3 regels."),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("href=\"/kinderbescherming\">Ga naar de eerste pagina"),
        "{}",
        page.body
    );
    // The colleague of the other team who executes Bee's measure is gone, and nobody who stands in the case
    // hands it over: "gi" takes it over from the list, with a reason the family reads. Without one,
    // nothing changes.
    let page = browser.get("/kinderbescherming").await;
    let action = format!("/zaken/{bee}/kinderbescherming/maatregelen-overnemen");
    assert!(page.body.contains(&action), "{}", page.body);
    let version = case(&app, bee).await["version"].as_i64().unwrap();
    let refused = browser
        .post(
            &action,
            &[
                ("csrf", &Client::csrf(&page)),
                ("version", &version.to_string()),
                ("reason", ""),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert_eq!(case(&app, bee).await["version"].as_i64(), Some(version));
    let (s, p) = app
        .post(
            "gi",
            &format!("/api/v1/cases/{bee}/measures/take-over"),
            json!({"reason": " ", "version": version}),
        )
        .await;
    assert_eq!(
        (s, field_codes(&p)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("reason".into(), "required".into())]
        ),
        "{p}"
    );
    let done = browser
        .post(
            &action,
            &[
                ("csrf", &Client::csrf(&page)),
                ("version", &version.to_string()),
                ("reason", "Collega uit dienst"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let taken = case(&app, bee).await;
    assert_eq!(
        taken["route"]["justice"]["measures"][0]["executor"]["professional"],
        json!(app.ids["gi"]),
        "{taken}"
    );
    assert_eq!(
        browser.get(&format!("/zaken/{bee}/kinderbescherming")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get("reviewer", &format!("/api/v1/cases/{bee}")).await.0,
        StatusCode::FORBIDDEN
    );
}

/// The Raad's own work: an investigation nobody has accepted yet is on every investigator's own list (and
/// logged as read for the page it is on), and once accepted it is the accepting investigator's.
async fn the_raads_own_work_holds_what_nobody_has_yet(app: TestApp) {
    let h = app.household("Huishouden Dee").await;
    let mother = app.person("Hanna", "1986-02-02", None).await;
    let son = app.person("Ties", "2012-03-03", None).await;
    app.add_member(&h, &mother, "parent").await;
    app.add_member(&h, &son, "child").await;
    let id = app.open_case(&h).await["id"].as_str().unwrap().to_owned();
    let ask = json!({"reason": "Zorgen om Ties", "version": 1});
    let (s, c) = app
        .post("local", &format!("/api/v1/cases/{id}/investigations"), ask)
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let before = logged(&app, &h).await;
    let (s, mine) = app.get("rvdk", "/api/v1/justice/worklist?mine=true").await;
    assert_eq!(s, StatusCode::OK, "{mine}");
    assert_eq!(mine.as_array().unwrap().len(), 1, "{mine}");
    assert_eq!(
        (mine[0]["work"].as_str(), &mine[0]["assigned_to"]),
        (Some("accept_investigation"), &Value::Null),
        "{mine}"
    );
    assert_eq!(logged(&app, &h).await, before + 1);
    let (s, c) = app
        .post(
            "rvdk",
            &format!("/api/v1/cases/{id}/investigations/1/accept"),
            json!({"version": 2}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let (_, mine) = app.get("rvdk", "/api/v1/justice/worklist?mine=true").await;
    assert_eq!(
        (mine[0]["work"].as_str(), &mine[0]["assigned_to"]),
        (Some("conclude_investigation"), &json!(app.ids["rvdk"])),
        "{mine}"
    );
}

/// A jeugdbeschermer who leaves hands the measures over to a colleague of the GI, through the API and in
/// the browser: the colleague executes them, leads with the local team and has them on their own list; the
/// one who handed over no longer stands in the case (their GI keeps its task in the file). Refused, with the case unchanged and nothing logged:
/// an unknown colleague and no reason (both named), someone of another organisation, the same
/// jeugdbeschermer, a stale version, a colleague who does not stand in the case, and the local team.
async fn a_jeugdbeschermer_hands_the_measures_over_to_a_colleague(app: TestApp) {
    let (h, ..) = supervision_executed_by(&app, "Huishouden Smit", ("Eva", "Daan"), "gi").await;
    let id = app.get("gi", "/api/v1/justice/worklist").await.1[0]["case_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/v1/cases/{id}/measures/hand-over");
    let before = case(&app, &id).await;
    let (version, handoffs) = (
        before["version"].as_i64().unwrap(),
        before["handoffs"].as_i64().unwrap(),
    );
    let reviewer = app.ids["reviewer"].to_string();
    let body = |to: &str, reason: &str, version: i64| json!({"to": to, "reason": reason, "version": version});
    let refusals = [
        (
            "gi",
            body(&regie_domain::ProfessionalId::new().to_string(), " ", version),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("reason", "required"), ("to", "unknown_professional")],
        ),
        (
            "gi",
            body(&app.ids["local"].to_string(), "", version),
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("reason", "required"), ("to", "not_your_gi")],
        ),
        (
            "gi",
            body(&app.ids["gi"].to_string(), "Verlof", version),
            StatusCode::CONFLICT,
            vec![("to", "same_executor")],
        ),
        (
            "gi",
            body(&reviewer, "Verlof", version - 1),
            StatusCode::CONFLICT,
            vec![],
        ),
        // The colleague works in another team of the GI: not in the case until it is handed to them.
        (
            "reviewer",
            body(&reviewer, "Ik neem het over", version),
            StatusCode::FORBIDDEN,
            vec![],
        ),
        (
            "local",
            body(&reviewer, "Verlof", version),
            StatusCode::FORBIDDEN,
            vec![],
        ),
    ];
    for (user, body, status, fields) in refusals {
        let records = logged(&app, &h).await;
        let (s, p) = app.post(user, &path, body.clone()).await;
        assert_eq!(s, status, "{user} {body}: {p}");
        if !fields.is_empty() {
            let mut found = field_codes(&p);
            found.sort();
            let expected: Vec<(String, String)> =
                (fields.iter()).map(|(f, c)| (f.to_string(), c.to_string())).collect();
            assert_eq!(found, expected, "{p}");
        }
        unchanged(&app, &h, &id, version, records).await;
    }
    let (s, c) = app
        .post(
            "gi",
            &path,
            body(&reviewer, "Ik ga met verlof; mijn collega neemt het over", version),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(
        c["route"]["justice"]["measures"][0]["executor"]["professional"],
        json!(reviewer)
    );
    let lead = [&c["lead"]["primary"], &c["lead"]["secondary"]];
    assert!(
        lead.contains(&&json!(reviewer)) && !lead.contains(&&json!(app.ids["gi"].to_string())),
        "{c}"
    );
    assert_eq!(c["handoffs"].as_i64(), Some(handoffs + 1), "a change of lead (F8)");
    let (_, events) = app.get("local", &format!("/api/v1/cases/{id}/events")).await;
    let last = events.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["change"]["kind"], "measures_handed_over", "{last}");
    assert_eq!(
        last["summary_nl"],
        "Maatregel 1 overgedragen aan een andere jeugdbeschermer"
    );
    // The colleague has it on their own list; the one who left does not.
    let (_, theirs) = app.get("reviewer", "/api/v1/justice/worklist?mine=true").await;
    assert_eq!(theirs[0]["case_id"], json!(id), "{theirs}");
    let (_, mine) = app.get("gi", "/api/v1/justice/worklist?mine=true").await;
    assert_eq!(mine, json!([]));
    // Their GI's work in the case is now their colleague's, of another team: they no longer read the file,
    // nor hand it on.
    let now = case(&app, &id).await["version"].as_i64().unwrap();
    let (s, p) = app
        .post("gi", &path, body(&app.ids["gi"].to_string(), "Toch niet", now))
        .await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("not_involved")),
        "{p}"
    );
    assert_eq!(
        app.get("gi", &format!("/api/v1/cases/{id}")).await.0,
        StatusCode::FORBIDDEN
    );
    const PASSWORD: &str = "correct horse battery";
    let access = regie_access::Access::new(app.store.clone());
    access.set_professional_password("gi", PASSWORD).await.unwrap();
    let mut left = Client::new(&app);
    left.sign_in("gi", PASSWORD).await;
    let page = left.get(&format!("/zaken/{id}/kinderbescherming")).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);

    // In the browser, the colleague hands it back: both wrong fields named at once, in Dutch, then done.
    access.set_professional_password("reviewer", PASSWORD).await.unwrap();
    let mut browser = Client::new(&app);
    browser.sign_in("reviewer", PASSWORD).await;
    let page = browser.get(&format!("/zaken/{id}/kinderbescherming")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Maatregelen overdragen"), "{}", page.body);
    assert!(
        page.body.contains("Jeugdbeschermer: Professional reviewer (Org gi)."),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("Professional gi (Org gi)"),
        "the GI's own jeugdbeschermers to choose from: {}",
        page.body
    );
    assert!(!page.body.contains("Professional local"), "{}", page.body);
    let csrf = Client::csrf(&page);
    let version = case(&app, &id).await["version"].as_i64().unwrap().to_string();
    let action = format!("/zaken/{id}/kinderbescherming/overdragen");
    let page = browser
        .post(
            &action,
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("to", ""),
                ("handover_reason", ""),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.body
            .contains("Kies de jeugdbeschermer die de maatregelen overneemt."),
        "{}",
        page.body
    );
    assert!(page.body.contains("id=\"handover_reason-error\""), "{}", page.body);
    // (The page shown again reads the file, and logs that read.)
    assert_eq!(case(&app, &id).await["version"].as_i64(), version.parse().ok());
    let gi = app.ids["gi"].to_string();
    let page = browser
        .post(
            &action,
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("to", &gi),
                ("handover_reason", "Terug van verlof"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let c = case(&app, &id).await;
    assert_eq!(
        c["route"]["justice"]["measures"][0]["executor"]["professional"],
        json!(gi)
    );

    // F30: the jeugdbeschermer's access cannot end while the measures are theirs (found on their justice
    // route); the colleague's, holding nothing now, can, and from then on nobody hands measures to them.
    let err = access.end_access_as_operator("gi", false).await.unwrap_err();
    assert!(err.to_string().contains("leads 1, RVT 0, measures 1,"), "{err}");
    access.end_access_as_operator("reviewer", false).await.unwrap();
    let now = c["version"].as_i64().unwrap();
    let (s, p) = app
        .post("gi", &path, body(&reviewer, "Naar de collega die weg is", now))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert!(p.to_string().contains("professional_left"), "{p}");
}

/// F30: what a Raad investigator and a jeugdbeschermer named in a request hold is found in the case's
/// justice route although neither leads the case; their access ends only once it is done.
async fn a_departure_waits_for_the_investigation_and_the_request_in_the_route(app: TestApp) {
    let access = regie_access::Access::new(app.store.clone());
    let refusal = |e: regie_access::AccessError| e.to_string();
    let h = app.household("Huishouden Vertrek").await;
    let son = app.person("Daan", "2013-06-06", None).await;
    app.add_member(&h, &son, "child").await;
    let id = app.open_case(&h).await["id"].as_str().unwrap().to_owned();
    let path = |rest: &str| format!("/api/v1/cases/{id}{rest}");
    let ask = json!({"reason": "Zorgen om Daan", "version": 1});
    assert_eq!(app.post("local", &path("/investigations"), ask).await.0, StatusCode::OK);
    assert_eq!(
        app.post("rvdk", &path("/investigations/1/accept"), json!({"version": 2}))
            .await
            .0,
        StatusCode::OK
    );
    let err = access.end_access_as_operator("rvdk", false).await.unwrap_err();
    assert!(refusal(err).contains("requests 0, investigations 1, investigations after an assessment 0)"));
    let request = json!({"outcome": "request", "kinds": ["supervision"], "children": [son],
        "grounds": "Ontwikkelingsbedreiging", "executor": app.ids["gi"], "version": 3});
    let (s, c) = app.post("rvdk", &path("/investigations/1/conclusion"), request).await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let err = access.end_access_as_operator("gi", false).await.unwrap_err();
    assert!(refusal(err).contains("leads 0, RVT 0, measures 0, requests 1,"));
    assert!(
        app.store
            .professional_by_username("gi")
            .await
            .unwrap()
            .unwrap()
            .ended
            .is_none()
    );
    // The GI's team has no part in the family before the court decides: its own list of the jeugdbeschermer's
    // work leaves the family out, and reads nothing of it.
    let before = logged(&app, &h).await;
    let gi_team = app.team_of("gi").await;
    let (s, list) = app
        .get(
            "gi",
            &format!("/api/v1/teams/{gi_team}/worklist?professional={}", app.ids["gi"]),
        )
        .await;
    assert_eq!(
        (s, list["cases"].as_array().map(Vec::len)),
        (StatusCode::OK, Some(0)),
        "{list}"
    );
    assert_eq!(logged(&app, &h).await, before, "no read of a family not shown");
    // The GI has no part in the family before the court decides, so it cannot hand the request over
    // itself; the Raad that filed it names another jeugdbeschermer of the same GI.
    let to = |who: &str, version: i64| json!({"to": app.ids[who], "reason": "De jeugdbeschermer gaat weg", "version": version});
    let (s, p) = app.post("gi", &path("/measures/hand-over"), to("reviewer", 4)).await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("not_involved")),
        "{p}"
    );
    let named = path("/court-requests/1/executor");
    let refusals = [
        ("court", to("reviewer", 4), StatusCode::FORBIDDEN, "statutory_task"),
        // The OM reads no case: its register's activity does not cover the file.
        ("om", to("reviewer", 4), StatusCode::FORBIDDEN, "outside_activity"),
        ("rvdk", to("local", 4), StatusCode::UNPROCESSABLE_ENTITY, "not_that_gi"),
        ("rvdk", to("gi", 4), StatusCode::CONFLICT, "same_executor"),
        ("rvdk", to("reviewer", 3), StatusCode::CONFLICT, "stale_version"),
    ];
    let before = case(&app, &id).await;
    for (user, body, status, expected) in refusals {
        let (s, p) = app.post(user, &named, body).await;
        assert_eq!((s, p["code"].as_str()), (status, Some(expected)), "{user}: {p}");
    }
    let bad = json!({"to": regie_domain::ProfessionalId::new(), "reason": " ", "version": 4});
    let (s, p) = app.post("rvdk", &named, bad).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    let fields: Vec<String> = field_codes(&p).into_iter().map(|(field, _)| field).collect();
    assert_eq!(fields, ["to", "reason"], "{p}");
    assert_eq!(case(&app, &id).await, before, "nothing changed");
    // A second GI in the region: its jeugdbeschermer is offered for a new request, not for this one, which
    // names the first GI's.
    let region = access.sign_in_as("rvdk").await.unwrap().organisation.region_id;
    access.add_organisation(region, "GI Elders", "gi").await.unwrap();
    access
        .add_professional(region, "GI Elders", None, "gi-elders", "Jeugdbeschermer Elders")
        .await
        .unwrap();
    let gi = before["route"]["justice"]["requests"][0]["executor"]["organisation"]
        .as_str()
        .unwrap()
        .to_owned();
    let offered = |choices: &serde_json::Value| -> Vec<String> {
        (choices["groups"].as_array().unwrap().iter())
            .flat_map(|g| g["professionals"].as_array().unwrap().iter())
            .map(|o| o["name"].as_str().unwrap().to_owned())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect()
    };
    let (s, all) = app.get("rvdk", "/api/v1/professionals?choice=executor").await;
    assert_eq!(s, StatusCode::OK, "{all}");
    assert!(offered(&all).contains(&"Jeugdbeschermer Elders".to_owned()), "{all}");
    let (s, of_gi) = app
        .get(
            "rvdk",
            &format!("/api/v1/professionals?choice=executor&organisation={gi}"),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{of_gi}");
    assert_eq!(offered(&of_gi), ["Professional gi", "Professional reviewer"], "{of_gi}");
    // In the Raad's page: the form names every wrong field, then the request names the colleague.
    const PASSWORD: &str = "correct horse battery";
    access.set_professional_password("rvdk", PASSWORD).await.unwrap();
    let mut raad = Client::new(&app);
    raad.sign_in("rvdk", PASSWORD).await;
    let page = raad.get(&format!("/zaken/{id}/kinderbescherming")).await;
    assert!(
        page.body.contains("Verzoek 1, nu met Professional gi (Org gi)."),
        "{}",
        page.body
    );
    assert!(page.body.contains("Professional reviewer"), "{}", page.body);
    assert!(!page.body.contains("Jeugdbeschermer Elders"), "{}", page.body);
    let form = format!("/zaken/{id}/kinderbescherming/jeugdbeschermer");
    let csrf = Client::csrf(&page);
    let refused = raad
        .post(&form, &[("csrf", &csrf), ("version", "4"), ("number", "1")])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["to", "rename_reason"] {
        assert!(
            refused.body.contains(&format!("id=\"{field}-error\"")),
            "{field}: {}",
            refused.body
        );
    }
    let reviewer = app.ids["reviewer"].to_string();
    let done = raad
        .post(
            &form,
            &[
                ("csrf", &csrf),
                ("version", "4"),
                ("number", "1"),
                ("to", &reviewer),
                ("rename_reason", "De jeugdbeschermer gaat weg"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let after = case(&app, &id).await;
    assert_eq!(
        after["route"]["justice"]["requests"][0]["executor"]["professional"],
        json!(app.ids["reviewer"])
    );
    let (_, events) = app.get("local", &path("/events")).await;
    let last = events.as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["change"]["kind"].as_str(), last["summary_nl"].as_str()),
        (
            Some("request_executor_changed"),
            Some("In verzoek 1 aan de kinderrechter staat nu een andere jeugdbeschermer van dezelfde GI")
        )
    );
    // Nothing is in the first jeugdbeschermer's name any more: the access may end.
    assert!(
        access
            .end_access_as_operator("gi", false)
            .await
            .unwrap()
            .ended
            .is_some()
    );
    // And the court decides: the colleague executes the measure and joins the case.
    let (s, f) = app
        .post(
            "court",
            &path("/court-requests/1/hearing"),
            json!({"hearing_on": today().to_string(), "version": 5}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{f}");
    let until = today() + jiff::Span::new().weeks(26);
    let decision = json!({"outcome": "granted", "granted": [{"kind": "supervision", "until": until.to_string()}],
        "heard": [{"person_id": son, "heard": "heard"}], "reason": "De kinderrechter stelt Daan onder toezicht", "version": 6});
    let (s, f) = app.post("court", &path("/court-requests/1/decision"), decision).await;
    assert_eq!(s, StatusCode::OK, "{f}");
    let decided = case(&app, &id).await;
    assert_eq!(
        decided["route"]["justice"]["measures"][0]["executor"]["professional"],
        json!(app.ids["reviewer"])
    );
    assert_eq!(
        decided["route"]["scale"]["rvt_professional"],
        json!(app.ids["reviewer"]),
        "{decided}"
    );
    // The investigation concluded; another, accepted in a second family's case, is the investigator's.
    let h2 = app.household("Huishouden Overname").await;
    let child = app.person("Noor", "2014-02-02", None).await;
    app.add_member(&h2, &child, "child").await;
    let other = app.open_case(&h2).await["id"].as_str().unwrap().to_owned();
    let path = |rest: &str| format!("/api/v1/cases/{other}{rest}");
    let ask = json!({"reason": "Zorgen om Noor", "version": 1});
    assert_eq!(app.post("local", &path("/investigations"), ask).await.0, StatusCode::OK);
    let accept = json!({"version": 2});
    assert_eq!(
        app.post("rvdk", &path("/investigations/1/accept"), accept).await.0,
        StatusCode::OK
    );
    let (s, p) = app
        .post("rvdk", &path("/investigations/1/take-over"), json!({"version": 3}))
        .await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::CONFLICT, Some("already_yours")),
        "{p}"
    );
    let err = access.end_access_as_operator("rvdk", false).await.unwrap_err();
    assert!(refusal(err).contains("investigations 1, investigations after an assessment 0)"));
    // A colleague of the Raad in another team may not open the file: the investigation is the
    // investigator's and their team's. The Raad's worklist shows it them without a link, with whose it is,
    // and lets them take it over; then the file is theirs and the first investigator may go.
    let read = format!("/api/v1/cases/{other}");
    assert_eq!(
        app.get_as_new("rvdk", "rvdk2", false, &read).await,
        StatusCode::FORBIDDEN
    );
    access.set_professional_password("rvdk2", PASSWORD).await.unwrap();
    let mut colleague = Client::new(&app);
    colleague.sign_in("rvdk2", PASSWORD).await;
    let file = format!("/zaken/{other}/kinderbescherming");
    assert_eq!(colleague.get(&file).await.status, StatusCode::FORBIDDEN);
    let list = colleague.get("/kinderbescherming").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert!(list.body.contains("Huishouden Overname"), "{}", list.body);
    assert!(
        !list.body.contains(&format!("href=\"{file}\"")),
        "no link to a colleague's file: {}",
        list.body
    );
    assert!(
        list.body.contains("Dit werk doet Professional rvdk (Org rvdk)."),
        "{}",
        list.body
    );
    let token = access.issue_token("rvdk2").await.unwrap();
    let (s, _, items) = app
        .raw(
            axum::http::Method::GET,
            "/api/v1/justice/worklist",
            Some(&token),
            axum::body::Body::empty(),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{items}");
    let items: Value = serde_json::from_str(&items).unwrap();
    let item = (items.as_array().unwrap().iter())
        .find(|i| i["case_id"] == json!(other))
        .unwrap()
        .clone();
    assert_eq!((&item["yours"], &item["version"]), (&json!(false), &json!(3)), "{item}");
    let done = colleague
        .post(
            &format!("/zaken/{other}/kinderbescherming/overnemen"),
            &[("csrf", &Client::csrf(&list)), ("version", "3"), ("number", "1")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(colleague.get(&file).await.status, StatusCode::OK);
    // The first investigator, of another team, no longer reads it, nor concludes it; nothing changed.
    assert_eq!(app.get("rvdk", &read).await.0, StatusCode::FORBIDDEN);
    let back = json!({"outcome": "hand_back", "advice": "Vrijwillige hulp volstaat", "version": 4});
    let (s, p) = app.post("rvdk", &path("/investigations/1/conclusion"), back).await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("not_involved")),
        "{p}"
    );
    assert_eq!(case(&app, &other).await["version"], json!(4));
    let taken = case(&app, &other).await;
    let investigator = &taken["route"]["justice"]["investigations"][0]["investigator"];
    assert_ne!(investigator, &json!(app.ids["rvdk"]), "{taken}");
    let (_, events) = app.get("local", &format!("/api/v1/cases/{other}/events")).await;
    let last = events.as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        last["summary_nl"],
        "Onderzoek 1 overgenomen door een andere raadsonderzoeker"
    );
    let gone = access.end_access_as_operator("rvdk", false).await.unwrap();
    assert!(gone.ended.is_some());
}

async fn a_region_with_two_raden_or_courts_asks_which_one(app: TestApp) {
    const PASSWORD: &str = "correct horse battery";
    let access = regie_access::Access::new(app.store.clone());
    let region = app
        .store
        .professional(app.ids["local"])
        .await
        .unwrap()
        .unwrap()
        .1
        .region_id;
    let second = access
        .add_organisation(region, "Raad Tweede Locatie", "rvdk")
        .await
        .unwrap();
    let h = app.household("Huishouden Keuze").await;
    let case = app.open_case(&h).await["id"].as_str().unwrap().to_owned();
    access.set_professional_password("local", PASSWORD).await.unwrap();
    let mut local = Client::new(&app);
    local.sign_in("local", PASSWORD).await;
    let page = format!("/zaken/{case}/kinderbescherming");
    let shown = local.get(&page).await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.body);
    assert!(
        shown.body.contains("name=\"raad\""),
        "a choice of the Raad: {}",
        shown.body
    );
    assert!(
        shown.body.contains("Raad Tweede Locatie") && shown.body.contains("Org rvdk"),
        "{}",
        shown.body
    );
    // Neither the Raad nor the reason: both named at once, and nothing changes.
    let refused = local
        .post(
            &format!("{page}/onderzoek"),
            &[
                ("csrf", &Client::csrf(&shown)),
                ("version", "1"),
                ("raad", ""),
                ("reason", ""),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.body.contains("id=\"raad-error\""), "{}", refused.body);
    assert!(refused.body.contains("id=\"reason-error\""), "{}", refused.body);
    assert!(refused.body.contains("Kies de Raad"), "{}", refused.body);
    assert_eq!(case_version(&app, &case).await, 1);
    let asked = local
        .post(
            &format!("{page}/onderzoek"),
            &[
                ("csrf", &Client::csrf(&shown)),
                ("version", "1"),
                ("raad", &second.id.to_string()),
                ("reason", "Zorgen om de veiligheid"),
            ],
        )
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    let (_, c) = app.get("local", &format!("/api/v1/cases/{case}")).await;
    assert_eq!(
        c["route"]["justice"]["investigations"][0]["raad"],
        json!(second.id),
        "{c}"
    );
    // With two courts, the OM's requests on its Trajecten page ask which court; with one, they do not.
    access.set_professional_password("om", PASSWORD).await.unwrap();
    let mut om = Client::new(&app);
    om.sign_in("om", PASSWORD).await;
    let one = om.get("/trajecten").await;
    assert!(!one.body.contains("name=\"court\""), "{}", one.body);
    access
        .add_organisation(region, "Rechtbank Tweede Locatie", "court")
        .await
        .unwrap();
    let two = om.get("/trajecten").await;
    assert_eq!(two.status, StatusCode::OK, "{}", two.body);
    assert!(
        two.body.contains("name=\"court\"") && two.body.contains("Rechtbank Tweede Locatie"),
        "{}",
        two.body
    );
}

async fn case_version(app: &TestApp, id: &str) -> i64 {
    case(app, id).await["version"].as_i64().unwrap()
}
