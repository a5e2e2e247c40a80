//! The route through the API (issue 3): scaling up and down with the Regional Safety Team, the joint
//! analysis, the safety plan, help and the worklist. Each test runs on SQLite and on PostgreSQL, and every
//! refusal is followed by a check that nothing changed.

mod common;

use axum::http::StatusCode;
use common::TestApp;
use regie_domain::calendar::Calendar;
use regie_domain::time::today;
use serde_json::{Value, json};

api_tests!(the_rvt_is_brought_in_and_hands_back_without_a_new_intake,);

/// The case as stored, to show that a refusal changed nothing.
async fn case(app: &TestApp, id: &str) -> Value {
    let (s, c) = app.get("local", &format!("/api/v1/cases/{id}")).await;
    assert_eq!(s, StatusCode::OK, "{c}");
    c
}

fn code(problem: &Value) -> &str {
    problem["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no code in {problem}"))
}

async fn the_rvt_is_brought_in_and_hands_back_without_a_new_intake(app: TestApp) {
    let h = app.household("Huishouden De Boer").await;
    let opened = app.open_case(&h).await;
    let id = opened["id"].as_str().unwrap().to_owned();
    let up = |version: i64, form: &str, rvt: &str, deadline: Option<String>| {
        json!({"form": form, "ground": "structural_unsafety", "rvt_professional": app.ids[rvt],
               "deadline": deadline, "reason": "Zorgen blijven terugkomen", "version": version})
    };
    let path = |action: &str| format!("/api/v1/cases/{id}/{action}");
    let in_five = Calendar::default().add_working_days(today(), 5).to_string();

    // Refusals first: each leaves the case exactly as it was.
    let yesterday = today().yesterday().unwrap().to_string();
    let refusals = [
        (
            "local2",
            up(1, "consultation", "vt", Some(in_five.clone())),
            StatusCode::FORBIDDEN,
            "not_case_team",
        ),
        (
            "colleague",
            up(1, "consultation", "vt", Some(yesterday)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "deadline_past",
        ),
        (
            "colleague",
            up(1, "consultation", "vt", None),
            StatusCode::UNPROCESSABLE_ENTITY,
            "required",
        ),
        (
            "local",
            up(1, "joint_work", "local2", None),
            StatusCode::UNPROCESSABLE_ENTITY,
            "not_rvt",
        ),
        (
            "police",
            up(1, "transfer", "vt", None),
            StatusCode::FORBIDDEN,
            "statutory_task",
        ),
        (
            "local",
            up(7, "transfer", "vt", None),
            StatusCode::CONFLICT,
            "stale_version",
        ),
    ];
    for (user, body, status, expected) in refusals {
        let (s, p) = app.post(user, &path("scale-up"), body).await;
        assert_eq!((s, code(&p)), (status, expected), "{user}: {p}");
    }
    let (s, p) = app
        .post("local", &path("scale-down"), json!({"reason": "Klaar", "version": 1}))
        .await;
    assert_eq!((s, code(&p)), (StatusCode::CONFLICT, "not_scaled_up"));
    assert_eq!(case(&app, &id).await, opened);

    // A colleague from the same local team asks the RVT for a consultation; the lead stays.
    let (s, c) = app
        .post(
            "colleague",
            &path("scale-up"),
            up(1, "consultation", "vt", Some(in_five.clone())),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(
        (c["lead"].clone(), c["handoffs"].as_i64()),
        (opened["lead"].clone(), Some(0))
    );
    assert_eq!(c["route"]["scale"]["deadline"].as_str(), Some(in_five.as_str()));
    // Only the consulted RVT professional answers.
    let answer = |v| json!({"answer": "Advies: samen optrekken met Veilig Thuis", "version": v});
    let (s, p) = app.post("rvdk", &path("consultation/answer"), answer(2)).await;
    assert_eq!((s, code(&p)), (StatusCode::FORBIDDEN, "not_consulted"));
    let (s, c) = app.post("vt", &path("consultation/answer"), answer(2)).await;
    assert_eq!(
        (s, c["route"]["scale"]["answered_at"].is_string()),
        (StatusCode::OK, true)
    );

    // Joint work: the lead becomes a duo with the RVT professional; a handoff.
    let (s, c) = app
        .post("local", &path("scale-up"), up(3, "joint_work", "vt", None))
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(
        c["lead"],
        json!({"primary": app.ids["local"], "secondary": app.ids["vt"]})
    );
    assert_eq!(
        (c["handoffs"].as_i64(), c["route"]["scale"]["form"].as_str()),
        (Some(1), Some("joint_work"))
    );
    let (s, p) = app.post("vt", &path("scale-up"), up(4, "transfer", "vt", None)).await;
    assert_eq!((s, code(&p)), (StatusCode::CONFLICT, "already_scaled_up"));

    // The RVT hands back: the lead returns to the local professional.
    let (s, c) = app
        .post(
            "vt",
            &path("scale-down"),
            json!({"reason": "Veiligheid hersteld", "version": 4}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(c["lead"], opened["lead"]);
    assert_eq!((c["handoffs"].as_i64(), c["route"]["scale"].is_null()), (Some(2), true));

    let (_, events) = app.get("local", &path("events")).await;
    let story: Vec<_> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["change"]["kind"].as_str().unwrap(), e["actor_name"].as_str().unwrap()))
        .collect();
    assert_eq!(
        story,
        vec![
            ("opened", "Professional local"),
            ("scaled_up", "Professional colleague"),
            ("consultation_answered", "Professional vt"),
            ("scaled_up", "Professional local"),
            ("scaled_down", "Professional vt"),
        ]
    );
    assert_eq!(
        events[3]["summary_nl"].as_str(),
        Some("Opgeschaald naar het RVT (samenwerking) wegens structurele onveiligheid")
    );
    assert_eq!(events[1]["reason"].as_str(), Some("Zorgen blijven terugkomen"));
}
