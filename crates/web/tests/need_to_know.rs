//! Need-to-know (F19) through the API: a professional reads or changes a household's file only while they,
//! their team or their organisation's open task are involved in it; everyone else learns only that the
//! household is known, and to whom. Each test runs on SQLite and on PostgreSQL; every refusal is followed by
//! a check that nothing changed and that nothing was logged.

use crate::common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::TestApp;
use regie_domain::calendar::Calendar;
use regie_domain::time::today;
use serde_json::{Value, json};
use tower::ServiceExt;

api_tests!(
    an_uninvolved_professional_neither_reads_nor_changes_a_file_but_learns_to_whom_it_is_known,
    the_rvt_stands_only_on_a_case_scaled_up_to_it,
    a_signal_gives_a_ground_only_to_the_organisation_with_the_task,
    a_team_covers_for_its_members_only_where_the_region_allows,
    api_answers_are_never_cached,
    breaking_the_glass_opens_a_file_for_reading_today_and_the_reviewer_judges_it,
    a_consultation_without_a_ground_to_share_shows_the_rvt_no_names,
    a_search_finds_ones_own_household_behind_many_of_others,
);

fn code(problem: &Value) -> &str {
    problem["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no code in {problem}"))
}

/// Every processing-log record about a household, for "nothing was logged" checks.
async fn logged(app: &TestApp, household: &str) -> usize {
    app.store
        .processing_of_household(household.parse().unwrap())
        .await
        .unwrap()
        .len()
}

async fn an_uninvolved_professional_neither_reads_nor_changes_a_file_but_learns_to_whom_it_is_known(app: TestApp) {
    let h = app.household("Huishouden Verbeek").await;
    let child = app.person("Lotte", "2015-03-04", Some("999990020")).await;
    let (s, _) = app
        .post(
            "local",
            &format!("/api/v1/households/{h}/members"),
            json!({"person_id": child, "relation": "child"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let case = app.open_case(&h).await;
    let id = case["id"].as_str().unwrap().to_owned();
    let stranger = app.person("Kees", "1980-01-01", None).await;
    let before = logged(&app, &h).await;
    for user in ["local2", "vt", "rvdk", "gi"] {
        for path in [
            format!("/api/v1/households/{h}"),
            format!("/api/v1/cases/{id}"),
            format!("/api/v1/cases/{id}/events"),
            format!("/api/v1/cases/{id}/analysis/versions"),
            format!("/api/v1/persons/{child}"),
        ] {
            let (s, p) = app.get(user, &path).await;
            assert_eq!((s, code(&p)), (StatusCode::FORBIDDEN, "not_involved"), "{user} {path}");
        }
        let writes = [
            (
                format!("/api/v1/cases/{id}/phase"),
                json!({"to": "analysis", "version": 1}),
            ),
            (
                format!("/api/v1/cases/{id}/close"),
                json!({"reason": "Klaar", "version": 1}),
            ),
            (
                format!("/api/v1/households/{h}/members"),
                json!({"person_id": stranger, "relation": "other_adult"}),
            ),
            (
                "/api/v1/cases".to_owned(),
                json!({"household_id": h, "reason": "Het gezin vraagt hulp", "lead": {"primary": app.ids[user]}}),
            ),
        ];
        for (path, body) in writes {
            let (s, p) = app.post(user, &path, body).await;
            assert_eq!(s, StatusCode::FORBIDDEN, "{user} {path}: {p}");
            assert_eq!(code(&p), "not_involved", "{user} {path}");
        }
        // A search by name finds nothing of it; by BSN it says that it is known, and to whom, nothing more.
        let (_, page) = app.get(user, "/api/v1/households?q=verbeek").await;
        assert_eq!(
            (
                page["items"].as_array().unwrap().len(),
                page["known_elsewhere"].as_array().unwrap().len()
            ),
            (0, 0),
            "{user}: {page}"
        );
        let (_, page) = app.get(user, "/api/v1/households?q=999990020").await;
        assert_eq!(page["items"], json!([]), "{user}");
        assert_eq!(
            page["known_elsewhere"],
            json!([{"household_id": h, "organisation": "Org local", "contact": "Professional local"}]),
            "{user}"
        );
        assert!(!page.to_string().contains("Lotte"), "{user}: no member's name");
        // A birth date with a letter or two is no identifying search.
        let (_, page) = app.get(user, "/api/v1/households?q=20150304%20a").await;
        assert_eq!(page["known_elsewhere"], json!([]), "{user}");
    }
    // Nothing changed, and the refused reads and writes left no record; only the look-ups by BSN did.
    let (_, file) = app.get("local", &format!("/api/v1/households/{h}")).await;
    assert_eq!(file["members"].as_array().unwrap().len(), 1);
    assert_eq!(
        (file["open_case"]["id"].as_str(), file["open_case"]["phase"].as_str()),
        (Some(id.as_str()), Some("question"))
    );
    let log = app.store.processing_of_household(h.parse().unwrap()).await.unwrap();
    let by_others: Vec<_> = log[before..]
        .iter()
        .filter(|r| r.professional != Some(app.ids["local"]))
        .collect();
    assert_eq!(by_others.len(), 4, "one look-up by BSN each: {by_others:?}");
    assert!(by_others.iter().all(|r| r.operation == "read" && r.person.is_none()));

    // Registering the same person again: a duplicate, told as known elsewhere without their data.
    let (s, p) = app
        .post(
            "vt",
            "/api/v1/persons",
            json!({"given_name": "Lotte", "family_name": "Test", "date_of_birth": "2015-03-04", "bsn": "999990020"}),
        )
        .await;
    assert_eq!((s, code(&p)), (StatusCode::CONFLICT, "possible_duplicate"));
    let found = &p["data"]["matches"][0];
    assert_eq!(found["person_id"], child);
    assert!(found["person"].is_null(), "{p}");
    assert_eq!(found["known_elsewhere"][0]["organisation"], "Org local");
    // The lead's team sees the same duplicate whole.
    let (_, p) = app
        .post(
            "colleague",
            "/api/v1/persons",
            json!({"given_name": "Lotte", "family_name": "Test", "date_of_birth": "2015-03-04", "bsn": "999990020"}),
        )
        .await;
    assert_eq!(p["data"]["matches"][0]["person"]["given_name"], "Lotte");

    // Another local team adds the person known elsewhere to a household of its own: it reads her as a
    // member of that household, and still learns nothing of the other one.
    let (s, created) = app
        .post("local2", "/api/v1/households", json!({"name": "Huishouden Elders"}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{created}");
    let theirs = created["id"].as_str().unwrap().to_owned();
    let (s, m) = app
        .post(
            "local2",
            &format!("/api/v1/households/{theirs}/members"),
            json!({"person_id": child, "relation": "child"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{m}");
    let (s, p) = app.get("local2", &format!("/api/v1/persons/{child}")).await;
    assert_eq!(s, StatusCode::OK, "{p}");
    let households: Vec<_> = (p["memberships"].as_array().unwrap().iter())
        .map(|m| m["household_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        households,
        std::slice::from_ref(&theirs),
        "not the household she is known in elsewhere"
    );
    let (s, _) = app.get("local2", &format!("/api/v1/households/{h}")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // Nor does the first team learn of the second household.
    let (_, p) = app.get("local", &format!("/api/v1/persons/{child}")).await;
    assert_eq!(p["memberships"][0]["household_id"], h.as_str());
    assert_eq!(p["memberships"].as_array().map(Vec::len), Some(1));

    // F30: once the contact person left (ended at once, before another took over), the look-up names the
    // organisation only: nobody is sent to someone who is gone.
    let access = regie_access::Access::new(app.store.clone());
    access.end_access_as_operator("local", true).await.unwrap();
    let (_, page) = app.get("vt", "/api/v1/households?q=999990020").await;
    let ours = (page["known_elsewhere"].as_array().unwrap().iter())
        .find(|k| k["household_id"] == h.as_str())
        .unwrap_or_else(|| panic!("{page}"));
    assert_eq!(ours["organisation"], "Org local", "{page}");
    assert!(ours["contact"].is_null(), "{page}");
}

async fn the_rvt_stands_only_on_a_case_scaled_up_to_it(app: TestApp) {
    let (h, _, _) = app.family("Huishouden Smit").await;
    let id = app.open_case(&h).await["id"].as_str().unwrap().to_owned();
    let path = |action: &str| format!("/api/v1/cases/{id}/{action}");
    let (s, _) = app.get("vt", &path("events")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let due = Calendar::default().add_working_days(today(), 5).to_string();
    let (s, c) = app
        .post(
            "local",
            &path("scale-up"),
            json!({"form": "consultation", "ground": "structural_unsafety", "rvt_professional": app.ids["vt"],
                   "deadline": due, "reason": "Zorgen blijven terugkomen", "version": 1}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    // The consulted professional reads the file and answers; the Raad and the GI, not consulted, do not.
    let (s, _) = app.get("vt", &format!("/api/v1/households/{h}")).await;
    assert_eq!(s, StatusCode::OK);
    for user in ["rvdk", "gi"] {
        let (s, _) = app.get(user, &format!("/api/v1/households/{h}")).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{user}");
        let (s, _) = app
            .post(user, &path("scale-down"), json!({"reason": "Klaar", "version": 2}))
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{user}");
    }
    let (s, _) = app
        .post(
            "vt",
            &path("consultation/answer"),
            json!({"answer": "Advies: samen optrekken", "version": 2}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    // Scaled down, the RVT is out of the file again.
    let (s, _) = app
        .post(
            "local",
            &path("scale-down"),
            json!({"reason": "Advies gevolgd", "version": 3}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = app.get("vt", &format!("/api/v1/households/{h}")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

async fn a_signal_gives_a_ground_only_to_the_organisation_with_the_task(app: TestApp) {
    let (h, _, child) = app.family("Huishouden Mol").await;
    let before = logged(&app, &h).await;
    // Another local team registers an advice request about the household itself: that gives it no ground
    // to look at the family's file or history.
    let advice = json!({"kind": "advice_request", "reporter": {"category": "neighbour"}, "household_id": h,
                        "persons": [child], "observed": "Vaak geschreeuw"});
    let (s, signal) = app.post("local2", "/api/v1/signals", advice).await;
    assert_eq!(s, StatusCode::CREATED, "{signal}");
    assert_eq!(signal["radar"]["signals"], json!([]), "no radar for a self-made ground");
    let (s, p) = app.get("local2", &format!("/api/v1/households/{h}/radar")).await;
    assert_eq!((s, code(&p)), (StatusCode::FORBIDDEN, "no_ground"));
    let (s, _) = app.get("local2", &format!("/api/v1/households/{h}")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // Nor to open or join the household's case by assessing it.
    let (s, p) = app
        .post(
            "local2",
            &format!("/api/v1/signals/{}/assessment", signal["id"].as_str().unwrap()),
            json!({"outcome": "local_team", "summary": "Zelf oppakken", "version": 1}),
        )
        .await;
    assert_eq!((s, code(&p)), (StatusCode::FORBIDDEN, "no_ground"));
    assert!(
        app.store.open_case_of(h.parse().unwrap()).await.unwrap().is_none(),
        "no case was opened"
    );
    let reads = |log: &[regie_store::LoggedProcessing], who| {
        log.iter()
            .filter(|r| r.professional == Some(who) && r.operation == "read")
            .count()
    };
    let log = app.store.processing_of_household(h.parse().unwrap()).await.unwrap();
    assert_eq!(reads(&log[before..], app.ids["local2"]), 0);
    // A report Veilig Thuis must assess opens the file to Veilig Thuis until it is assessed.
    let report = json!({"kind": "report", "reporter": {"category": "neighbour"}, "household_id": h,
                        "persons": [child], "observed": "Kind huilt vaak lang"});
    let (s, received) = app.post("vt", "/api/v1/signals", report).await;
    assert_eq!(s, StatusCode::CREATED, "{received}");
    let (s, _) = app.get("vt", &format!("/api/v1/households/{h}")).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = app.get("vt", &format!("/api/v1/households/{h}/radar")).await;
    assert_eq!(s, StatusCode::OK);
    let signal_id = received["id"].as_str().unwrap();
    let (s, done) = app
        .post(
            "vt",
            &format!("/api/v1/signals/{signal_id}/assessment"),
            json!({"outcome": "no_further_action", "summary": "Geen zorgen na gesprek", "version": 1}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{done}");
    let (s, _) = app.get("vt", &format!("/api/v1/households/{h}")).await;
    assert_eq!(
        s,
        StatusCode::FORBIDDEN,
        "assessed without further action: the task is done"
    );
}

async fn a_team_covers_for_its_members_only_where_the_region_allows(app: TestApp) {
    let h = app.household("Huishouden Claes").await;
    app.open_case(&h).await;
    let (s, _) = app.get("colleague", &format!("/api/v1/households/{h}")).await;
    assert_eq!(s, StatusCode::OK);
    let mut norms = app.get("municipality", "/api/v1/norms").await.1;
    assert_eq!(norms["team_access"], true);
    norms["team_access"] = json!(false);
    let (s, _) = app
        .call("municipality", axum::http::Method::PUT, "/api/v1/norms", Some(norms))
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, p) = app.get("colleague", &format!("/api/v1/households/{h}")).await;
    assert_eq!((s, code(&p)), (StatusCode::FORBIDDEN, "not_involved"));
    let (s, _) = app.get("local", &format!("/api/v1/households/{h}")).await;
    assert_eq!(s, StatusCode::OK, "the lead still works in it");
}

async fn api_answers_are_never_cached(app: TestApp) {
    let h = app.household("Huishouden Kok").await;
    for (token, path) in [
        ("local", format!("/api/v1/households/{h}")),
        ("vt", format!("/api/v1/households/{h}")),
    ] {
        let req = Request::get(path)
            .header(header::AUTHORIZATION, format!("Bearer {}", app.tokens[token]))
            .body(Body::empty())
            .unwrap();
        let res = app.router.clone().oneshot(req).await.unwrap();
        assert_eq!(
            res.headers()[header::CACHE_CONTROL],
            "no-store",
            "{token}: {}",
            res.status()
        );
    }
}

async fn breaking_the_glass_opens_a_file_for_reading_today_and_the_reviewer_judges_it(app: TestApp) {
    let (h, mother, _) = app.family("Huishouden Glas").await;
    let case = app.open_case(&h).await["id"].as_str().unwrap().to_owned();
    let glass = format!("/api/v1/households/{h}/emergency-access");
    let before = logged(&app, &h).await;
    // Refused, each with nothing written and nothing logged: no reasons (both named), no task, involved.
    let (s, p) = app.post("gi", &glass, json!({"reason": "", "explanation": " "})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        common::field_codes(&p),
        vec![
            ("reason".into(), "required".into()),
            ("explanation".into(), "required".into())
        ]
    );
    let (s, p) = app
        .post(
            "school",
            &glass,
            json!({"reason": "acute_danger", "explanation": "Zorgen"}),
        )
        .await;
    assert_eq!((s, code(&p)), (StatusCode::FORBIDDEN, "statutory_task"));
    let (s, p) = app
        .post(
            "local",
            &glass,
            json!({"reason": "acute_danger", "explanation": "Zorgen"}),
        )
        .await;
    assert_eq!((s, code(&p)), (StatusCode::CONFLICT, "already_involved"));
    assert_eq!(logged(&app, &h).await, before);
    let (s, _) = app.get("gi", &format!("/api/v1/households/{h}")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // The GI breaks the glass: it reads the file today, every read marked as an emergency; it changes nothing.
    let (s, access) = app
        .post("gi", &glass, json!({"reason": "urgent_partner_request", "explanation": "Politie vraagt om spoed: kind alleen thuis aangetroffen."}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{access}");
    let (s, _) = app.get("gi", &format!("/api/v1/households/{h}")).await;
    assert_eq!(s, StatusCode::OK);
    let log = app.store.processing_of_household(h.parse().unwrap()).await.unwrap();
    let by_gi: Vec<_> = log[before..]
        .iter()
        .filter(|r| r.professional == Some(app.ids["gi"]))
        .collect();
    assert!(by_gi.len() >= 4, "the access and the household with its members");
    assert!(
        by_gi.iter().all(|r| r.emergency),
        "every record under broken glass says so"
    );
    let (s, p) = app
        .post(
            "gi",
            &format!("/api/v1/households/{h}/members"),
            json!({"person_id": uuid::Uuid::now_v7(), "relation": "child"}),
        )
        .await;
    assert_eq!((s, code(&p)), (StatusCode::FORBIDDEN, "emergency_read_only"));
    let (s, _) = app
        .post(
            "gi",
            &format!("/api/v1/cases/{case}/phase"),
            json!({"to": "analysis", "version": 1}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // Another professional of the GI is not let in by a colleague's broken glass.
    let (s, _) = app.get("reviewer", &format!("/api/v1/households/{h}")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // The GI's reviewer judges it; the professional who broke the glass cannot, nor judge it twice.
    let (s, p) = app.get("gi", "/api/v1/emergency-accesses").await;
    assert_eq!((s, code(&p)), (StatusCode::FORBIDDEN, "not_reviewer"));
    let reviewed = logged(&app, &h).await;
    let (s, list) = app.get("reviewer", "/api/v1/emergency-accesses").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(list[0]["professional_name"], "Professional gi");
    assert_eq!(
        logged(&app, &h).await,
        reviewed + 1,
        "the review's read of the household's access"
    );
    assert_eq!(list[0]["justified"], Value::Null);
    // On the reviewer's page, "not justified" without a note is refused beside that access's form, with the
    // choice kept and the summary linking to the note.
    let access_id = access["id"].as_str().unwrap();
    regie_access::Access::new(app.store.clone())
        .set_professional_password("reviewer", "correct horse battery")
        .await
        .unwrap();
    let mut reviewer = common::Client::new(&app);
    reviewer.sign_in("reviewer", "correct horse battery").await;
    let csrf = common::Client::csrf(&reviewer.get("/noodtoegang").await);
    let refused = reviewer
        .post(
            &format!("/noodtoegang/{access_id}"),
            &[("csrf", &csrf), ("justified", "no"), ("note", " ")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    for expected in [
        format!("href=\"#note-{access_id}\""),
        format!("id=\"note-{access_id}-error\""),
        format!("id=\"justified-{access_id}-no\" name=\"justified\" value=\"no\" checked"),
    ] {
        assert!(refused.body.contains(&expected), "{expected}");
    }
    let review = format!("/api/v1/emergency-accesses/{}/review", access["id"].as_str().unwrap());
    let (s, p) = app.post("reviewer", &review, json!({"justified": false})).await;
    assert_eq!(
        (s, p["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("note"))
    );
    let (s, judged) = app
        .post(
            "reviewer",
            &review,
            json!({"justified": true, "note": "Spoed was terecht."}),
        )
        .await;
    assert_eq!((s, judged["justified"].as_bool()), (StatusCode::OK, Some(true)));
    let log = app.store.processing_of_household(h.parse().unwrap()).await.unwrap();
    let last = &log.last().unwrap();
    assert_eq!(
        (last.professional, last.operation.as_str()),
        (Some(app.ids["reviewer"]), "write"),
        "the judgement is logged with it"
    );
    let (s, p) = app
        .post("reviewer", &review, json!({"justified": false, "note": "Toch niet"}))
        .await;
    assert_eq!((s, code(&p)), (StatusCode::CONFLICT, "already_reviewed"));
    assert_eq!(
        app.get("reviewer", "/api/v1/emergency-accesses").await.1[0]["justified"],
        true
    );

    // The mother sees the access in the portal and complains about it (every missing field named first);
    // the GI's reviewer decides, not the professional who broke the glass.
    const PASSWORD: &str = "correct horse battery";
    (regie_access::Access::new(app.store.clone()))
        .set_family_password("anouk", mother.parse().unwrap(), PASSWORD)
        .await
        .unwrap();
    let mut portal = common::Client::new(&app);
    portal.sign_in("anouk", PASSWORD).await;
    let page = portal.get("/portaal").await;
    assert!(
        page.body.contains("opende het dossier met noodtoegang"),
        "{}",
        page.body
    );
    let csrf = common::Client::csrf(&page);
    let refused = portal.post("/portaal/noodtoegang", &[("csrf", &csrf)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("id=\"emergency-error\"") && refused.body.contains("id=\"emergency_complaint-error\"")
    );
    let id = access["id"].as_str().unwrap();
    let complain = [
        ("csrf", csrf.as_str()),
        ("emergency", id),
        (
            "emergency_complaint",
            "Niemand heeft ons gebeld; het kind was bij de buren.",
        ),
    ];
    assert_eq!(
        portal.post("/portaal/noodtoegang", &complain).await.status,
        StatusCode::SEE_OTHER
    );
    assert!(
        portal
            .get("/portaal")
            .await
            .body
            .contains("in behandeling; beslissing uiterlijk")
    );
    let (_, list) = app.get("reviewer", "/api/v1/emergency-accesses").await;
    assert_eq!(
        list[0]["complaints"][0]["text"],
        "Niemand heeft ons gebeld; het kind was bij de buren."
    );
    let decision = format!("/api/v1/emergency-accesses/{id}/complaints/1/decision");
    let (s, _) = app
        .post("gi", &decision, json!({"finding": "unfounded", "reason": "Spoed"}))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, p) = app.post("reviewer", &decision, json!({"reason": ""})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = common::field_codes(&p).into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, ["finding", "reason"], "{p}");
    let decide =
        json!({"finding": "partly_well_founded", "reason": "De spoed was terecht; u had daarna gebeld moeten worden."});
    let (s, decided) = app.post("reviewer", &decision, decide).await;
    assert_eq!(s, StatusCode::OK, "{decided}");
    assert!(
        portal
            .get("/portaal")
            .await
            .body
            .contains("beslist, deels gegrond. De spoed was terecht")
    );
}

async fn a_consultation_without_a_ground_to_share_shows_the_rvt_no_names(app: TestApp) {
    let h = app.household("Huishouden Naamloos").await;
    let child = app.person("Daan", "2016-06-06", Some("999990044")).await;
    let (s, _) = app
        .post(
            "local",
            &format!("/api/v1/households/{h}/members"),
            json!({"person_id": child, "relation": "child"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let id = app.open_case(&h).await["id"].as_str().unwrap().to_owned();
    let due = Calendar::default().add_working_days(today(), 5).to_string();
    let (s, c) = app
        .post(
            "local",
            &format!("/api/v1/cases/{id}/scale-up"),
            json!({"form": "consultation", "ground": "development_threat", "rvt_professional": app.ids["vt"],
                   "deadline": due, "reason": "Graag advies over de ontwikkeling van Daan", "version": 1}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    // Veilig Thuis, consulted on a voluntary case for a threat to development, sees no one by name.
    let (_, file) = app.get("vt", &format!("/api/v1/households/{h}")).await;
    assert_eq!(file["anonymous"], true);
    let text = file.to_string();
    assert!(
        !text.contains("Daan") && !text.contains("999990044") && !text.contains("Naamloos"),
        "{text}"
    );
    assert_eq!(file["members"][0]["person"]["given_name"], "Kind 1");
    let age = file["members"][0]["person"]["age"].as_i64().unwrap();
    assert!(age >= 9, "the age stays: {age}");
    let (_, person) = app.get("vt", &format!("/api/v1/persons/{child}")).await;
    assert!(!person.to_string().contains("Daan"));
    let (_, worklist) = app.get("vt", "/api/v1/worklist").await;
    assert!(!worklist.to_string().contains("Naamloos"), "{worklist}");
    // The local team still sees the family by name.
    let (_, own) = app.get("local", &format!("/api/v1/households/{h}")).await;
    assert_eq!(
        (
            own["anonymous"].as_bool(),
            own["members"][0]["person"]["given_name"].as_str()
        ),
        (Some(false), Some("Daan"))
    );
    // Working together needs a ground: there is no legal one for a threat to development in a voluntary
    // case, and no consent yet, so it is refused, changing nothing and logging nothing.
    let hid: regie_domain::HouseholdId = h.parse().unwrap();
    let logged = app.store.processing_of_household(hid).await.unwrap().len();
    let joint = |version: i64| {
        json!({"form": "joint_work", "ground": "development_threat", "rvt_professional": app.ids["vt"],
               "reason": "Samen verder met Veilig Thuis", "version": version})
    };
    let scale_up = format!("/api/v1/cases/{id}/scale-up");
    let (s, p) = app.post("local", &scale_up, joint(2)).await;
    assert_eq!(
        (s, p["code"].as_str(), p["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("missing_ground"), Some("form"))
    );
    assert!(p["detail_nl"].as_str().unwrap().contains("toestemming"), "{p}");
    assert_eq!(app.store.processing_of_household(hid).await.unwrap().len(), logged);
    assert_eq!(app.get("local", &format!("/api/v1/cases/{id}")).await.1["version"], 2);
    // The case read just now is logged; count from here.
    let logged = app.store.processing_of_household(hid).await.unwrap().len();
    // A consent with every field wrong names each; a child of ten does not consent alone.
    let consents = format!("/api/v1/households/{h}/consents");
    let (s, p) = app
        .post(
            "local",
            &consents,
            json!({"person_id": "nobody", "purpose": "everything", "organisation_id": app.org_of("local").await,
                   "from": "morgen", "manner": ""}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        common::field_codes(&p),
        [
            ("person_id", "not_a_member"),
            ("purpose", "unknown_purpose"),
            ("organisation_id", "not_rvt"),
            ("from", "invalid_date"),
            ("manner", "required"),
        ]
        .map(|(f, c)| (f.to_owned(), c.to_owned()))
    );
    let vt_org = app.org_of("vt").await.to_string();
    let given = |person: &str, purpose: &str| {
        json!({"person_id": person, "purpose": purpose, "organisation_id": vt_org, "from": today().to_string(),
               "manner": "verbal"})
    };
    let (s, p) = app.post("local", &consents, given(&child, "rvt_consultation")).await;
    assert_eq!(
        (s, p["errors"][0]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("too_young"))
    );
    assert_eq!(app.get("local", &consents).await.1, json!([]));
    assert_eq!(
        app.store.processing_of_household(hid).await.unwrap().len(),
        logged + 1,
        "a refused consent logs nothing (only the list just read)"
    );
    // The anonymous RVT professional cannot read who consented.
    assert_eq!(app.get("vt", &consents).await.0, StatusCode::FORBIDDEN);
    // The mother consents to the consultation with Veilig Thuis: from now on it knows who the family is.
    let mother = app.person("Mirte", "1988-02-02", None).await;
    let (s, _) = app
        .post(
            "local",
            &format!("/api/v1/households/{h}/members"),
            json!({"person_id": mother, "relation": "parent"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, consent) = app.post("local", &consents, given(&mother, "rvt_consultation")).await;
    assert_eq!(
        (s, consent["in_force"].as_bool()),
        (StatusCode::CREATED, Some(true)),
        "{consent}"
    );
    let (_, file) = app.get("vt", &format!("/api/v1/households/{h}")).await;
    assert_eq!(file["anonymous"], false);
    assert!(file.to_string().contains("Daan"));
    let (_, listed) = app.get("vt", &consents).await;
    assert_eq!(
        (listed[0]["person_name"].as_str(), listed[0]["purpose"].as_str()),
        (Some("Mirte Test"), Some("rvt_consultation"))
    );
    // She withdraws it: the names disappear again; a second revocation is a conflict.
    let revoke = format!("{consents}/{}/revoke", consent["id"].as_str().unwrap());
    let (s, revoked) = app.post("local", &revoke, json!({})).await;
    assert_eq!((s, revoked["in_force"].as_bool()), (StatusCode::OK, Some(false)));
    assert_eq!(app.post("local", &revoke, json!({})).await.0, StatusCode::CONFLICT);
    let (_, file) = app.get("vt", &format!("/api/v1/households/{h}")).await;
    assert_eq!(file["anonymous"], true);
    assert!(!file.to_string().contains("Daan"));
    // With her consent to work together, joint work goes ahead, and the timeline says on what ground.
    let (s, _) = app.post("local", &consents, given(&mother, "rvt_joint_work")).await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, c) = app.post("local", &scale_up, joint(2)).await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let (_, file) = app.get("vt", &format!("/api/v1/households/{h}")).await;
    assert_eq!(
        (
            file["anonymous"].as_bool(),
            file["members"][0]["person"]["given_name"].as_str()
        ),
        (Some(false), Some("Daan"))
    );
    let (_, timeline) = app.get("local", &format!("/api/v1/cases/{id}/events")).await;
    let last = timeline.as_array().unwrap().last().unwrap()["summary_nl"].to_string();
    assert!(last.contains("gedeeld op toestemming van een gezinslid"), "{last}");
}

async fn a_search_finds_ones_own_household_behind_many_of_others(app: TestApp) {
    for i in 0..120 {
        let (s, _) = app
            .post(
                "local2",
                "/api/v1/households",
                json!({"name": format!("Huishouden Jansen {i:03}")}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED);
    }
    let mine = app.household("Huishouden Jansen zzz").await;
    let (_, page) = app.get("local", "/api/v1/households?q=jansen&limit=50").await;
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{page}");
    assert_eq!(items[0]["id"], mine);
    // Another team's search pages through its own, 50 at a time.
    let (_, first) = app.get("local2", "/api/v1/households?q=jansen&limit=50").await;
    assert_eq!(first["items"].as_array().unwrap().len(), 50);
    let next = first["next"].as_str().unwrap();
    let (_, second) = app
        .get("local2", &format!("/api/v1/households?q=jansen&limit=50&after={next}"))
        .await;
    assert_eq!(second["items"].as_array().unwrap().len(), 50);
    assert!(!second.to_string().contains("zzz"), "never another team's");
}
