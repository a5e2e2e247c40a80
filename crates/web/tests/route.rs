//! The route through the API (issue 3): scaling up and down with the Regional Safety Team, the joint
//! analysis, the safety plan, help and the worklist. Each test runs on SQLite and on PostgreSQL, and every
//! refusal is followed by a check that nothing changed.

use crate::common;

use axum::http::{Method, StatusCode};
use common::{TestApp, field_codes};
use regie_domain::calendar::Calendar;
use regie_domain::time::today;
use serde_json::{Value, json};

api_tests!(
    the_rvt_is_brought_in_and_hands_back_without_a_new_intake,
    a_case_travels_from_question_through_analysis_plan_and_the_rvt_to_close,
    the_municipality_keeps_the_catalogue_of_help_kinds,
    worklists_show_what_needs_attention_for_a_professional_and_a_team,
    a_part_of_the_scale_up_passes_to_another_professional,
    the_team_finds_a_leaving_colleagues_work_and_passes_it_on,
);

/// The case as stored, to show that a refusal changed nothing.
async fn case(app: &TestApp, id: &str) -> Value {
    case_as(app, "local", id).await
}

/// The case as `user` reads it.
async fn case_as(app: &TestApp, user: &str, id: &str) -> Value {
    let (s, c) = app.get(user, &format!("/api/v1/cases/{id}")).await;
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
            "not_involved",
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
    assert_eq!((s, code(&p)), (StatusCode::FORBIDDEN, "not_involved"));
    let (s, p) = app.post("local", &path("consultation/answer"), answer(2)).await;
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
        Some(
            "Opgeschaald naar het RVT (samenwerking) wegens structurele onveiligheid; gedeeld op wettelijke grondslag (meldrecht, Wmo 2015 art. 5.2.6)"
        )
    );
    assert_eq!(events[1]["reason"].as_str(), Some("Zorgen blijven terugkomen"));

    // A case led by the VT professional cannot make a duo with that same professional.
    let other = app.household("Huishouden Bos").await;
    let (s, led_by_vt) = app
        .post(
            "local",
            "/api/v1/cases",
            json!({"household_id": other, "reason": "Het gezin vraagt hulp", "lead": {"primary": app.ids["vt"]}}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let vt_case = led_by_vt["id"].as_str().unwrap();
    let (s, p) = app
        .post(
            "vt",
            &format!("/api/v1/cases/{vt_case}/scale-up"),
            up(1, "joint_work", "vt", None),
        )
        .await;
    assert_eq!(
        (s, code(&p), p["errors"][0]["field"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "duo_same_person",
            Some("lead.secondary")
        )
    );
    // Its lead reads it unchanged; the local team that opened it for Veilig Thuis is no longer involved.
    assert_eq!(case_as(&app, "vt", vt_case).await, led_by_vt);
    let (s, _) = app.get("local", &format!("/api/v1/cases/{vt_case}")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

fn member(person: &str) -> Value {
    json!({"person_id": person,
           "harm": {"professionals": "Sem zag geweld tussen de ouders", "family": "Het ging mis toen papa dronk"},
           "what_works": {"professionals": "Oma vangt Sem op", "family": "Wij hebben een goed netwerk"},
           "next_steps": {"family": "Rust in huis"}})
}

async fn a_case_travels_from_question_through_analysis_plan_and_the_rvt_to_close(app: TestApp) {
    let (h, mother, child) = app.family("Huishouden Visser").await;
    let id = app.open_case(&h).await["id"].as_str().unwrap().to_owned();
    let path = |action: &str| format!("/api/v1/cases/{id}/{action}");
    let (s, _) = app
        .post("local", &path("phase"), json!({"to": "analysis", "version": 1}))
        .await;
    assert_eq!(s, StatusCode::OK);
    let in_ten = Calendar::default().add_working_days(today(), 10).to_string();
    let action = |owner: Value, deadline: &str| json!({"description": "Afspraak bij de huisarts", "owner": owner, "deadline": deadline});
    let mother_owns = json!({"kind": "member", "person_id": mother});

    // No plan before the analysis; no analysis that leaves out a member or scores out of range.
    let before = case(&app, &id).await;
    let plan = |version: i64, actions: Vec<Value>| json!({"conditions": ["Niemand in huis gebruikt geweld"], "goals": ["Sem voelt zich veilig"], "actions": actions, "version": version});
    let refusals = [
        ("plan", plan(2, vec![]), StatusCode::CONFLICT, "analysis_required"),
        (
            "analysis",
            json!({"members": [member(&mother)], "version": 2}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "member_missing",
        ),
        (
            "analysis",
            json!({"members": [member(&mother), member(&child)], "scores": [{"by": "member", "person_id": mother, "score": 11}], "version": 2}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "score_range",
        ),
        (
            "analysis",
            json!({"members": [member(&mother), member(&child)], "scores": [{"by": "professional", "professional_id": app.ids["rvdk"], "score": 4}], "version": 2}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "not_involved",
        ),
    ];
    for (action, body, status, expected) in refusals {
        let (s, p) = app.post("local", &path(action), body).await;
        assert_eq!((s, code(&p)), (status, expected), "{action}: {p}");
    }
    // Every wrong member, text and score at once.
    let long = "x".repeat(regie_domain::analysis::MAX_TEXT + 1);
    let wordy = json!({"members": [{"person_id": mother, "harm": {"professionals": long}}],
        "scores": [{"by": "member", "person_id": mother, "score": 11}], "version": 2});
    let (s, p) = app.post("local", &path("analysis"), wordy).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert_eq!(
        common::field_codes(&p),
        [
            ("members.harm.professionals".to_owned(), "too_long".to_owned()),
            ("members".to_owned(), "member_missing".to_owned()),
            ("scores.score".to_owned(), "score_range".to_owned())
        ],
        "{p}"
    );
    // A professional of another local team works on other cases; a typo never silently drops the family's words.
    let whole = json!({"members": [member(&mother), member(&child)], "version": 2});
    let (s, p) = app.post("local2", &path("analysis"), whole).await;
    assert_eq!((s, code(&p)), (StatusCode::FORBIDDEN, "not_involved"));
    let typo =
        json!({"members": [{"person_id": mother, "harm": {"familly": "Het ging mis"}}, member(&child)], "version": 2});
    let (s, _) = app.post("local", &path("analysis"), typo).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(case(&app, &id).await, before);

    // The analysis: the local professional scores 3, the mother 7, so disagreement is flagged.
    let scores = json!([{"by": "professional", "professional_id": app.ids["local"], "score": 3},
                        {"by": "member", "person_id": mother, "score": 7}]);
    let (s, c) = app
        .post(
            "local",
            &path("analysis"),
            json!({"members": [member(&mother), member(&child)], "scores": scores, "version": 2}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let analysis = &c["route"]["analysis"];
    assert_eq!(
        (analysis["version"].as_i64(), analysis["disagreement"].clone()),
        (Some(1), json!(["family_differs"]))
    );
    assert_eq!(analysis["members"][0]["harm"]["family"], "Het ging mis toen papa dronk");
    assert_eq!(
        analysis["members"][0]["harm"]["professionals"],
        "Sem zag geweld tussen de ouders"
    );
    let (s, _) = app
        .post("local", &path("phase"), json!({"to": "plan", "version": 3}))
        .await;
    assert_eq!(s, StatusCode::OK);

    // The plan: owners must be in the household, the case or the region; deadlines not in the past.
    let stranger = json!({"kind": "professional", "professional_id": app.ids["rvdk"]});
    let yesterday = today().yesterday().unwrap().to_string();
    for (actions, field, expected) in [
        (vec![action(stranger, &in_ten)], "actions.owner", "unknown_owner"),
        (
            vec![action(mother_owns.clone(), &yesterday)],
            "actions.deadline",
            "deadline_past",
        ),
    ] {
        let (s, p) = app.post("local", &path("plan"), plan(4, actions)).await;
        assert_eq!(
            (s, code(&p), p["errors"][0]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, expected, Some(field))
        );
    }
    let org = json!({"kind": "organisation", "organisation_id": app.org_of("gi").await});
    let (s, c) = app
        .post(
            "local",
            &path("plan"),
            plan(4, vec![action(mother_owns, &in_ten), action(org, &in_ten)]),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(c["route"]["plan"]["actions"][1]["number"].as_i64(), Some(2));

    // The family first disagrees (with their reason), then agrees.
    let response = |agreed: bool, why: Option<&str>, version: i64| json!({"plan_version": 1, "agreed": agreed, "by": [mother], "why": why, "version": version});
    let (s, p) = app
        .post("local", &path("plan/response"), response(false, None, 5))
        .await;
    assert_eq!((s, code(&p)), (StatusCode::UNPROCESSABLE_ENTITY, "reason_required"));
    let (s, c) = app
        .post(
            "local",
            &path("plan/response"),
            response(false, Some("Wij willen eerst praten"), 5),
        )
        .await;
    assert_eq!(
        (s, c["route"]["plan"]["family"]["response"].as_str()),
        (StatusCode::OK, Some("not_agreed"))
    );
    let (s, c) = app.post("local", &path("plan/response"), response(true, None, 6)).await;
    assert_eq!(
        (s, c["route"]["plan"]["family"]["response"].as_str()),
        (StatusCode::OK, Some("agreed"))
    );

    // Scale up to joint work with Veilig Thuis, carry out the plan with help, evaluate.
    let (s, _) = app
        .post("local", &path("scale-up"), json!({"form": "joint_work", "ground": "structural_unsafety", "rvt_professional": app.ids["vt"], "reason": "Geweld houdt aan", "version": 7}))
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = app
        .post("vt", &path("phase"), json!({"to": "execution", "version": 8}))
        .await;
    assert_eq!(s, StatusCode::OK);
    let requested = today().checked_sub(jiff::Span::new().days(40)).unwrap().to_string();
    let help = |kind: &str, person: &str| json!({"person_id": person, "kind": kind, "provider": "Schuldhulp Voorbeeld", "requested_on": requested, "version": 9});
    let (s, p) = app.post("vt", &path("help"), help("astrology", &mother)).await;
    assert_eq!((s, code(&p)), (StatusCode::UNPROCESSABLE_ENTITY, "unknown_help_kind"));
    let (s, c) = app.post("vt", &path("help"), help("debt_help", &mother)).await;
    assert_eq!(
        (s, c["route"]["help"][0]["number"].as_i64()),
        (StatusCode::OK, Some(1)),
        "{c}"
    );
    let (s, c) = app
        .post(
            "vt",
            &path("help/1"),
            json!({"started_on": today().to_string(), "version": 10}),
        )
        .await;
    assert_eq!(
        (s, c["route"]["help"][0]["started_on"].as_str()),
        (StatusCode::OK, Some(today().to_string().as_str()))
    );
    let (s, c) = app
        .post(
            "local",
            &path("plan/actions/1/status"),
            json!({"plan_version": 1, "status": "done", "note": "Afspraak gemaakt", "version": 11}),
        )
        .await;
    assert_eq!(
        (s, c["route"]["plan"]["actions"][0]["status"].as_str()),
        (StatusCode::OK, Some("done"))
    );
    let (s, _) = app
        .post("vt", &path("phase"), json!({"to": "evaluation", "version": 12}))
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, c) = app
        .post("vt", &path("plan/evaluations"), json!({"plan_version": 1, "on": today().to_string(), "text": "Geen nieuwe incidenten; Sem slaapt weer goed", "version": 13}))
        .await;
    assert_eq!(
        (s, c["route"]["plan"]["evaluations"].as_array().map(Vec::len)),
        (StatusCode::OK, Some(1))
    );
    let (s, _) = app
        .post(
            "vt",
            &path("scale-down"),
            json!({"reason": "Veilig genoeg voor het lokaal team", "version": 14}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, c) = app
        .post(
            "local",
            &path("close"),
            json!({"reason": "Doelen bereikt", "version": 15}),
        )
        .await;
    assert_eq!((s, c["phase"].as_str()), (StatusCode::OK, Some("closed")));

    // The timeline tells the whole story; the versions of analysis and plan are kept.
    let (_, events) = app.get("local", &path("events")).await;
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
            "analysis_recorded",
            "phase_changed",
            "plan_recorded",
            "family_responded",
            "family_responded",
            "scaled_up",
            "phase_changed",
            "help_requested",
            "help_updated",
            "action_status_changed",
            "phase_changed",
            "plan_evaluated",
            "scaled_down",
            "closed",
        ]
    );
    assert!(
        events
            .as_array()
            .unwrap()
            .iter()
            .all(|e| !e["summary_nl"].as_str().unwrap().is_empty() && e["at"].is_string())
    );
    assert_eq!(events[11]["reason"].as_str(), Some("Afspraak gemaakt"));
    let (_, versions) = app.get("local", &path("analysis/versions")).await;
    assert_eq!(versions.as_array().map(Vec::len), Some(1));
    let (_, versions) = app.get("local", &path("plan/versions")).await;
    assert_eq!(versions[0]["actions"].as_array().map(Vec::len), Some(2));
}

async fn the_municipality_keeps_the_catalogue_of_help_kinds(app: TestApp) {
    let (s, kinds) = app.get("local", "/api/v1/help-kinds").await;
    assert_eq!(s, StatusCode::OK);
    let debt = kinds
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["code"] == "debt_help")
        .unwrap()
        .clone();
    let body = json!({"name_nl": "Schuldhulpverlening", "waiting_norm_days": 21});
    let (s, p) = app
        .call("local", Method::PUT, "/api/v1/help-kinds/debt_help", Some(body.clone()))
        .await;
    assert_eq!((s, code(&p)), (StatusCode::FORBIDDEN, "statutory_task"));
    let bad = json!({"name_nl": "Schuldhulpverlening", "waiting_norm_days": 0});
    let (s, p) = app
        .call("municipality", Method::PUT, "/api/v1/help-kinds/debt_help", Some(bad))
        .await;
    assert_eq!(
        (s, p["errors"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("waiting_norm_days"))
    );
    let (s, p) = app
        .call(
            "municipality",
            Method::PUT,
            "/api/v1/help-kinds/Debt%20Help",
            Some(body.clone()),
        )
        .await;
    assert_eq!(
        (s, p["errors"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("code"))
    );
    let (_, unchanged) = app.get("local", "/api/v1/help-kinds").await;
    assert_eq!(unchanged, kinds);
    assert_eq!(debt["waiting_norm_days"].as_i64(), Some(28));

    let (s, k) = app
        .call("municipality", Method::PUT, "/api/v1/help-kinds/debt_help", Some(body))
        .await;
    assert_eq!((s, k["waiting_norm_days"].as_i64()), (StatusCode::OK, Some(21)));
    let new = json!({"name_nl": "Budgetcoaching", "waiting_norm_days": 14});
    let (s, _) = app
        .call(
            "municipality",
            Method::PUT,
            "/api/v1/help-kinds/budget_coaching",
            Some(new),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (_, kinds) = app.get("local", "/api/v1/help-kinds").await;
    assert_eq!(
        kinds.as_array().map(Vec::len),
        unchanged.as_array().map(|k| k.len() + 1)
    );
}

async fn worklists_show_what_needs_attention_for_a_professional_and_a_team(app: TestApp) {
    let (h, mother, _) = app.family("Huishouden Visser").await;
    let quiet = app.household("Huishouden Rust").await;
    let quiet_id = app.open_case(&quiet).await["id"].as_str().unwrap().to_owned();
    let id = app.open_case(&h).await["id"].as_str().unwrap().to_owned();
    let path = |action: &str| format!("/api/v1/cases/{id}/{action}");
    // Help for the mother, asked 40 days ago and not started: over the 28-day norm for debt help.
    let requested = today().checked_sub(jiff::Span::new().days(40)).unwrap().to_string();
    let (s, c) = app
        .post("local", &path("help"), json!({"person_id": mother, "kind": "debt_help", "provider": "Schuldhulp Voorbeeld", "requested_on": requested, "version": 1}))
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    // Three handoffs: the family risks being passed around again.
    let leads = [("vt", "local"), ("local", "vt"), ("vt", "local")];
    for (version, (primary, secondary)) in leads.into_iter().enumerate() {
        let body = json!({"lead": {"primary": app.ids[primary], "secondary": app.ids[secondary]}, "reason": "Wisseling", "version": version as i64 + 2});
        let (s, c) = app.post("local", &path("lead"), body).await;
        assert_eq!(s, StatusCode::OK, "{c}");
    }

    let (s, list) = app.get("local", "/api/v1/worklist").await;
    assert_eq!(s, StatusCode::OK, "{list}");
    let items = list.as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(
        (items[0]["case"]["id"].as_str(), items[0]["household_name"].as_str()),
        (Some(id.as_str()), Some("Huishouden Visser"))
    );
    let kinds: Vec<_> = items[0]["attention"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["wait_over_norm", "many_handoffs"]);
    assert_eq!(items[0]["attention"][0]["waiting_days"].as_i64(), Some(40));
    assert_eq!(
        (
            items[1]["case"]["id"].as_str(),
            items[1]["attention"].as_array().map(Vec::len)
        ),
        (Some(quiet_id.as_str()), Some(0))
    );
    // The VT professional in the duo sees the case too; a colleague in the team sees both through the team.
    let (_, vt) = app.get("vt", "/api/v1/worklist").await;
    assert_eq!(vt.as_array().map(Vec::len), Some(1));
    let team = app.team_of("local").await;
    let (s, team_list) = app.get("colleague", &format!("/api/v1/teams/{team}/worklist")).await;
    assert_eq!(
        (s, team_list["cases"].as_array().map(Vec::len)),
        (StatusCode::OK, Some(2))
    );
    let (s, p) = app.get("vt", &format!("/api/v1/teams/{team}/worklist")).await;
    assert_eq!((s, code(&p)), (StatusCode::FORBIDDEN, "not_your_team"));
    let (s, _) = app
        .get("local", &format!("/api/v1/teams/{}/worklist", uuid::Uuid::now_v7()))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

/// F9 and F30: the RVT's part of joint work passes to another RVT organisation's professional (on its own
/// legal ground), the local team's to a colleague, each a handoff the family reads; what would break the
/// scale-up is refused and changes nothing; the one who handed over is then free to leave.
async fn a_part_of_the_scale_up_passes_to_another_professional(app: TestApp) {
    let h = app.household("Huishouden Wissel").await;
    let opened = app.open_case(&h).await;
    let id = opened["id"].as_str().unwrap().to_owned();
    let path = |action: &str| format!("/api/v1/cases/{id}/{action}");
    let (s, joint) = app
        .post(
            "local",
            &path("scale-up"),
            json!({"form": "joint_work", "ground": "structural_unsafety", "rvt_professional": app.ids["vt"],
                   "reason": "Zorgen blijven terugkomen", "version": 1}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{joint}");
    let hand = |from: &str, to: &str, version: i64| json!({"from": app.ids[from], "to": app.ids[to], "reason": "Collega neemt het over", "version": version});
    let (_, departure) = app.get("outsider", "/api/v1/accounts/local/departure").await;
    assert_eq!(departure["holdings"]["leads"].as_u64(), Some(1), "{departure}");

    // Refusals first: each leaves the case as it was.
    let refusals = [
        ("local2", hand("vt", "rvdk", 2), StatusCode::FORBIDDEN, "not_involved"),
        ("police", hand("vt", "rvdk", 2), StatusCode::FORBIDDEN, "statutory_task"),
        (
            "local",
            hand("vt", "gi", 2),
            StatusCode::UNPROCESSABLE_ENTITY,
            "missing_ground",
        ),
        (
            "local",
            hand("vt", "colleague", 2),
            StatusCode::UNPROCESSABLE_ENTITY,
            "not_rvt",
        ),
        (
            "local",
            hand("vt", "local", 2),
            StatusCode::UNPROCESSABLE_ENTITY,
            "already_in_scale_up",
        ),
        (
            "local",
            hand("outsider", "colleague", 2),
            StatusCode::UNPROCESSABLE_ENTITY,
            "not_in_scale_up",
        ),
        ("local", hand("vt", "vt", 2), StatusCode::CONFLICT, "same_professional"),
        (
            "vt",
            hand("local", "colleague", 2),
            StatusCode::FORBIDDEN,
            "not_local_team",
        ),
        (
            "local",
            hand("local", "gi", 2),
            StatusCode::UNPROCESSABLE_ENTITY,
            "not_local_team",
        ),
        ("local", hand("vt", "rvdk", 1), StatusCode::CONFLICT, "stale_version"),
    ];
    for (user, body, status, expected) in refusals {
        let (s, p) = app.post(user, &path("scale-up/hand-over"), body).await;
        assert_eq!((s, code(&p)), (status, expected), "{user}: {p}");
    }
    // An unknown successor and an empty reason, together.
    let bad = json!({"from": app.ids["vt"], "to": regie_domain::ProfessionalId::new(), "reason": " ", "version": 2});
    let (s, p) = app.post("local", &path("scale-up/hand-over"), bad).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    let fields: Vec<String> = field_codes(&p).into_iter().map(|(field, _)| field).collect();
    assert_eq!(fields, ["to", "reason"], "{p}");
    assert_eq!(case(&app, &id).await, joint);

    // The Raad takes over the RVT's part: the duo follows, on the Raad's own legal ground.
    let (s, c) = app
        .post("local", &path("scale-up/hand-over"), hand("vt", "rvdk", 2))
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(
        c["lead"],
        json!({"primary": app.ids["local"], "secondary": app.ids["rvdk"]})
    );
    let scale = &c["route"]["scale"];
    assert_eq!(
        (
            scale["rvt_professional"].clone(),
            scale["form"].as_str(),
            c["handoffs"].as_i64()
        ),
        (json!(app.ids["rvdk"]), Some("joint_work"), Some(2))
    );
    assert_eq!(
        scale["basis"]["article"].as_str(),
        Some("inlichtingen aan de Raad, BW Boek 1 art. 1:240"),
        "{scale}"
    );
    let (s, _) = app.get("vt", &format!("/api/v1/cases/{id}")).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "Veilig Thuis is no longer involved");

    // The local team's part goes to a colleague; then the Raad scales down to that colleague.
    let (s, c) = app
        .post("local", &path("scale-up/hand-over"), hand("local", "colleague", 3))
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(
        c["lead"],
        json!({"primary": app.ids["colleague"], "secondary": app.ids["rvdk"]})
    );
    let (_, departure) = app.get("outsider", "/api/v1/accounts/local/departure").await;
    assert_eq!(
        (departure["holdings"]["leads"].as_u64(), departure["may_end"].as_bool()),
        (Some(0), Some(true)),
        "{departure}"
    );
    let (s, c) = app
        .post(
            "rvdk",
            &path("scale-down"),
            json!({"reason": "Veiligheid hersteld", "version": 4}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(c["lead"], json!({"primary": app.ids["colleague"], "secondary": null}));

    let (_, events) = app.get("colleague", &path("events")).await;
    let handed: Vec<_> = (events.as_array().unwrap().iter())
        .filter(|e| e["change"]["kind"] == "scale_up_handed_over")
        .map(|e| (e["change"]["part"].as_str().unwrap(), e["summary_nl"].as_str().unwrap()))
        .collect();
    assert_eq!(
        handed,
        vec![
            (
                "rvt",
                "Een andere professional van het RVT neemt het deel van het RVT in de opschaling over; gedeeld op wettelijke grondslag (inlichtingen aan de Raad, BW Boek 1 art. 1:240)"
            ),
            (
                "local",
                "Een andere professional van het lokaal team neemt het deel van het lokaal team in de opschaling over"
            ),
        ]
    );
}

/// F8 and F30: the team's worklist shows one colleague's work — the families they lead, the transfer that
/// returns to them, not a family led by someone else — also after their access ended; it is empty once
/// the team has passed it on. Only a member of one's own team, only one's own team.
async fn the_team_finds_a_leaving_colleagues_work_and_passes_it_on(app: TestApp) {
    let led = app.open_case(&app.household("Huishouden Geleid").await).await;
    let transferred = app.open_case(&app.household("Huishouden Overgedragen").await).await;
    let (led_id, transferred_id) = (led["id"].as_str().unwrap(), transferred["id"].as_str().unwrap());
    let (s, t) = app
        .post(
            "local",
            &format!("/api/v1/cases/{transferred_id}/scale-up"),
            json!({"form": "transfer", "ground": "structural_unsafety", "rvt_professional": app.ids["vt"],
                   "reason": "Veilig Thuis neemt het over", "version": 1}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{t}");
    let other = app.household("Huishouden Ander").await;
    let (s, _) = app
        .post(
            "colleague",
            "/api/v1/cases",
            json!({"household_id": other, "reason": "Het gezin vraagt hulp", "lead": {"primary": app.ids["colleague"]}}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let team = app.team_of("local").await;
    let of = |user: &'static str| format!("/api/v1/teams/{team}/worklist?professional={}", app.ids[user]);
    let ids = |list: &Value| -> Vec<String> {
        let mut ids: Vec<String> = (list["cases"].as_array().unwrap().iter())
            .map(|c| c["case"]["id"].as_str().unwrap().to_owned())
            .collect();
        ids.sort();
        ids
    };
    let mut expected = vec![led_id.to_owned(), transferred_id.to_owned()];
    expected.sort();

    // Refusals: another team's, someone not in the team, an unknown parameter.
    let (s, p) = app.get("vt", &of("local")).await;
    assert_eq!((s, code(&p)), (StatusCode::FORBIDDEN, "not_your_team"));
    let (s, p) = app.get("colleague", &of("outsider")).await;
    assert_eq!(
        (s, code(&p), p["errors"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "not_in_team", Some("professional"))
    );
    let (s, _) = app
        .get(
            "colleague",
            &format!("/api/v1/teams/{team}/worklist?van={}", app.ids["local"]),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);

    // The transfer returns to `local` though Veilig Thuis leads it: it is `local`'s work too.
    let (s, list) = app.get("colleague", &of("local")).await;
    assert_eq!((s, ids(&list)), (StatusCode::OK, expected.clone()), "{list}");
    assert_eq!(list["triage"].as_array().map(Vec::len), Some(0));
    // Dismissed on the spot: the work is still found.
    regie_access::Access::new(app.store.clone())
        .end_access_as_operator("local", true)
        .await
        .unwrap();
    let (_, list) = app.get("colleague", &of("local")).await;
    assert_eq!(ids(&list), expected);

    // The team passes it on, family by family; then nothing is left.
    let to = json!({"lead": {"primary": app.ids["colleague"]}, "reason": "Collega is vertrokken", "version": 1});
    let (s, c) = app.post("colleague", &format!("/api/v1/cases/{led_id}/lead"), to).await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let back =
        json!({"from": app.ids["local"], "to": app.ids["colleague"], "reason": "Collega is vertrokken", "version": 2});
    let (s, c) = app
        .post(
            "colleague",
            &format!("/api/v1/cases/{transferred_id}/scale-up/hand-over"),
            back,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let (_, list) = app.get("colleague", &of("local")).await;
    assert_eq!(ids(&list), Vec::<String>::new());
    let (_, list) = app.get("colleague", &of("colleague")).await;
    assert_eq!(list["cases"].as_array().map(Vec::len), Some(3), "{list}");
}
