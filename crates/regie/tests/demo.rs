//! The demo region on both backends: every phase and legal frame appears, and every demo user can use the API
//! with a token (the municipality is refused personal files, as it must be).

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use regie_access::Access;
use regie_domain::{LegalFrame, Phase};
use regie_store::{HouseholdQuery, Store};
use serde_json::Value;
use std::collections::HashSet;
use std::sync::Arc;
use tower::ServiceExt;

#[tokio::test]
async fn the_demo_region_shows_every_state_on_sqlite() {
    the_demo_region_shows_every_state(regie_store::testing::sqlite().await.store).await;
}

#[tokio::test]
async fn the_demo_region_shows_every_state_on_postgres() {
    the_demo_region_shows_every_state(regie_store::testing::postgres().await.store).await;
}

async fn the_demo_region_shows_every_state(store: Arc<dyn Store>) {
    let access = Access::new(store.clone());
    regie::demo::seed(&access).await.unwrap();

    let all = store
        .list_households(&HouseholdQuery {
            words: vec![],
            phrase: None,
            after: None,
            limit: 1000,
            within: None,
        })
        .await
        .unwrap();
    // Fifty generated households and the four of the walkthroughs: Koster, Verhoef, Bakker and Vroeger; and
    // the region's past (the first page of it).
    let past = regie::demo::HISTORY.0;
    assert_eq!(all.len(), (54 + past).min(1000));
    let rest = store
        .list_households(&HouseholdQuery {
            words: vec![],
            phrase: None,
            after: all.last().map(|s| s.household.id),
            limit: 1000,
            within: None,
        })
        .await
        .unwrap();
    let second = regie::demo::SECOND_LIVE + regie::demo::SECOND_HISTORY.0;
    assert_eq!(all.len() + rest.len(), 54 + past + second);
    // Every demo user, professionals and family members, signs in to the web application.
    let users = (regie::demo::USERS.iter().chain(regie::demo::SECOND_USERS))
        .map(|u| u.0)
        .chain(regie::demo::FAMILY_USERS.iter().map(|u| u.0));
    for user in users {
        let step = access.sign_in(user, regie::demo::DEMO_PASSWORD).await;
        let Ok(regie_access::SignInStep::Signed(cookie)) = step else {
            panic!("{user} cannot sign in: {step:?}");
        };
        let session = access.session(&cookie).await.unwrap().expect("a session");
        let family = matches!(session.visitor, regie_access::Visitor::Family(_));
        assert_eq!(
            family,
            user.starts_with("demo-ouder") || user.starts_with("demo-jongere"),
            "{user}"
        );
    }
    let mut phases = HashSet::new();
    let mut frames = HashSet::new();
    let mut duos = 0;
    let mut many_handoffs = 0;
    let mut sizes = HashSet::new();
    let mut route = HashSet::new();
    let region = access.region_named("Regio Voorbeeld").await.unwrap().id;
    let catalogue = store.help_kinds(region).await.unwrap();
    for s in all.iter().chain(&rest) {
        sizes.insert(s.members);
        if let Some(c) = store.open_case_of(s.household.id).await.unwrap() {
            phases.insert(c.phase);
            frames.insert(c.legal_frame);
            duos += usize::from(c.lead.secondary.is_some());
            many_handoffs += usize::from(c.handoffs >= 3);
            route.extend(route_states(&c, &catalogue));
        }
    }
    for state in [
        "consultation answered",
        "consultation overdue",
        "joint_work",
        "transfer",
        "analysis agreed",
        "analysis disputed",
        "plan agreed",
        "plan not agreed",
        "action overdue",
        "help on time",
        "help over norm",
        "provisional supervision ending within two weeks",
        "placement with extension waiting",
        "supervision ending, the GI has not asked to extend it",
        "request waiting for a hearing with a child to hear",
        "rejected request, back to voluntary",
    ] {
        assert!(route.contains(state), "the demo shows no case with {state}: {route:?}");
    }
    for p in [
        Phase::Question,
        Phase::Analysis,
        Phase::Plan,
        Phase::Execution,
        Phase::Evaluation,
    ] {
        assert!(phases.contains(&p), "no open case in {p:?}");
    }
    assert_eq!(frames.len(), LegalFrame::ALL.len());
    assert!(duos > 0 && many_handoffs > 0);
    assert!(sizes.len() >= 4, "households of varied size: {sizes:?}");
    assert!(
        all.iter().any(|s| s.open_case.is_none()),
        "some households have no open case"
    );

    let router = regie_web::app(store.clone());
    for (username, _, _) in regie::demo::USERS {
        let token = access.issue_token(username).await.unwrap();
        let call = |path: &str| {
            let req = Request::get(path)
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .body(Body::empty())
                .unwrap();
            router.clone().oneshot(req)
        };
        let me = call("/api/v1/me").await.unwrap();
        assert_eq!(me.status(), StatusCode::OK);
        let body: Value = serde_json::from_slice(&me.into_body().collect().await.unwrap().to_bytes()).unwrap();
        assert_eq!(body["username"], *username);
        let list = call("/api/v1/households").await.unwrap();
        let expected = match body["organisation_kind"].as_str().unwrap() {
            "local_team" | "vt" | "rvdk" | "gi" => StatusCode::OK,
            _ => StatusCode::FORBIDDEN,
        };
        assert_eq!(list.status(), expected, "{username}");
        let json = |path: &'static str| {
            let call = &call;
            async move {
                let res = call(path).await.unwrap();
                assert_eq!(res.status(), StatusCode::OK, "{path}");
                serde_json::from_slice::<Value>(&res.into_body().collect().await.unwrap().to_bytes()).unwrap()
            }
        };
        if *username == "demo-vt" {
            let triage = json("/api/v1/triage").await;
            let queue = triage.as_array().unwrap();
            assert!(queue.len() >= 3, "{triage}");
            assert!(
                queue.iter().any(|s| s["overdue"] == true),
                "an overdue report in triage"
            );
            assert!(queue.iter().any(|s| s["acute"] == true), "an acute report in triage");
            assert!(
                queue.iter().any(|s| s["radar"]["flagged"] == true),
                "a household flagged by the radar"
            );
        }
        if *username == "demo-school" {
            let reports = json("/api/v1/my-reports").await;
            assert_eq!(
                (reports[0]["status"].as_str(), reports[0]["follow_up"].as_str()),
                (Some("assessed"), Some("local_team")),
                "{reports}"
            );
            let walks = json("/api/v1/meldcode").await;
            assert_eq!(walks[0]["outcome"], "report", "{walks}");
        }
        if *username == "demo-rvdk" {
            // The Raad may request the extension the GI did not (art. 1:260 lid 1 BW).
            let work = json("/api/v1/justice/worklist").await;
            assert!(
                (work.as_array().unwrap().iter()).any(|w| w["work"] == "extension_not_requested"),
                "{work}"
            );
        }
        if *username == "demo-police" {
            let reports = json("/api/v1/my-reports").await;
            assert_eq!(reports[0]["status"], "assessed", "{reports}");
            assert_eq!(reports[0]["follow_up"], "investigation");
        }
        if username.starts_with("demo-local-team") {
            let worklist = call("/api/v1/worklist").await.unwrap();
            assert_eq!(worklist.status(), StatusCode::OK);
            let items: Value =
                serde_json::from_slice(&worklist.into_body().collect().await.unwrap().to_bytes()).unwrap();
            let needs_attention = items
                .as_array()
                .unwrap()
                .iter()
                .filter(|i| i["attention"] != Value::Array(vec![]));
            assert!(
                needs_attention.count() > 0,
                "{username}'s worklist shows something to do"
            );
        }
    }

    // The second region: its own variant and households; nothing of the first region is reachable from it.
    let token = access.issue_token("demo-zuidwaard").await.unwrap();
    let get = |path: String| {
        let req = Request::get(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap();
        let router = router.clone();
        async move {
            let res = router.oneshot(req).await.unwrap();
            let status = res.status();
            let body = res.into_body().collect().await.unwrap().to_bytes();
            (status, serde_json::from_slice::<Value>(&body).unwrap_or(Value::Null))
        }
    };
    let (_, variant) = get("/api/v1/region/route-variant".into()).await;
    assert_eq!(
        serde_json::from_value::<regie_domain::route::RouteVariant>(variant).unwrap(),
        regie::demo::SECOND_VARIANT
    );
    let (_, own) = get("/api/v1/households?limit=50".into()).await;
    let own = own["items"].as_array().unwrap().clone();
    assert_eq!(own.len(), regie::demo::SECOND_LIVE, "{own:?}");
    let first_region = all.iter().find(|s| s.household.region_id == region).unwrap();
    let (status, _) = get(format!("/api/v1/households/{}", first_region.household.id)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another region's household");
    let (_, found) = get("/api/v1/households?q=Koster".into()).await;
    assert_eq!(found["items"], Value::Array(vec![]), "{found}");
    assert_eq!(found["known_elsewhere"], Value::Array(vec![]), "{found}");
    // Both regions side by side for a municipality, each with its own figures.
    let token = access.issue_token("demo-gemeente-zuidwaard").await.unwrap();
    let req = Request::get("/api/v1/steering/regions")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let res = router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let cmp: Value = serde_json::from_slice(&res.into_body().collect().await.unwrap().to_bytes()).unwrap();
    assert_eq!(
        cmp["table"]["columns"],
        serde_json::json!(["Proeftuin Zuidwaard", "Regio Voorbeeld"])
    );
    let inflow = &cmp["table"]["rows"][0]["cells"];
    assert!(
        inflow.as_array().unwrap().iter().all(|c| c["kind"] == "count"),
        "both regions have an inflow: {inflow}"
    );

    // Vroeger's case closed more than twenty years ago: the retention run destroys that file and no other,
    // and a second run finds nothing more to do.
    let today = regie_domain::time::today();
    let run = access.retention_run(today).await.unwrap();
    assert!(run.failed.is_empty(), "{:?}", run.failed);
    let done = run.destroyed;
    assert_eq!(done.len(), 1, "{done:?}");
    assert_eq!(done[0].rule, regie_domain::retention::Rule::YouthCare);
    assert!(done[0].records.contains(&("persons".to_owned(), 2)), "{done:?}");
    let left = store
        .list_households(&HouseholdQuery {
            words: vec!["vroeger".into()],
            phrase: None,
            after: None,
            limit: 10,
            within: None,
        })
        .await
        .unwrap();
    assert!(left.is_empty());
    assert!(access.retention_run(today).await.unwrap().destroyed.is_empty());
    assert_eq!(access.destructions().await.unwrap().len(), 1);
}

/// The states of the route a case shows today.
fn route_states(c: &regie_domain::Case, catalogue: &[regie_domain::help::HelpKind]) -> Vec<&'static str> {
    use regie_domain::ScaleForm;
    use regie_domain::plan::FamilyResponse;
    let today = regie_domain::time::today();
    let mut states = Vec::new();
    if let Some(s) = &c.route.scale {
        states.push(match s.form {
            ScaleForm::Consultation if s.answered_at.is_some() => "consultation answered",
            ScaleForm::Consultation if s.consultation_overdue(today) => "consultation overdue",
            ScaleForm::Consultation => "consultation waiting",
            ScaleForm::JointWork => "joint_work",
            ScaleForm::Transfer => "transfer",
        });
    }
    if let Some(a) = &c.route.analysis {
        states.push(if a.disagreement.is_empty() {
            "analysis agreed"
        } else {
            "analysis disputed"
        });
    }
    if let Some(p) = &c.route.plan {
        match p.family {
            Some(FamilyResponse::Agreed { .. }) => states.push("plan agreed"),
            Some(FamilyResponse::NotAgreed { .. }) => states.push("plan not agreed"),
            None => {}
        }
        if p.overdue(today).next().is_some() {
            states.push("action overdue");
        }
    }
    // The court route (issue 13).
    let j = &c.route.justice;
    if j.measures.iter().any(|m| {
        m.kind == regie_domain::justice::MeasureKind::ProvisionalSupervision
            && m.in_force(today)
            && m.ends_on().is_some_and(|end| end <= today + jiff::Span::new().days(14))
    }) {
        states.push("provisional supervision ending within two weeks");
    }
    if j.measures.iter().any(|m| {
        m.kind == regie_domain::justice::MeasureKind::Placement
            && m.placed_on.is_some()
            && m.extension_pending(&j.requests)
    }) {
        states.push("placement with extension waiting");
    }
    if j.measures.iter().any(|m| {
        m.kind == regie_domain::justice::MeasureKind::Supervision
            && m.in_force(today)
            && m.step_in_from().is_some_and(|from| from <= today)
            && !m.extension_pending(&j.requests)
    }) {
        states.push("supervision ending, the GI has not asked to extend it");
    }
    if (j.requests.iter()).any(|r| {
        r.pending()
            && r.hearing
                .as_ref()
                .is_some_and(|h| !h.to_hear.is_empty() && h.on >= today)
    }) {
        states.push("request waiting for a hearing with a child to hear");
    }
    if (j.requests.iter()).any(|r| {
        r.decision
            .as_ref()
            .is_some_and(|d| d.outcome == regie_domain::justice::Outcome::Rejected)
    }) && c.legal_frame == regie_domain::LegalFrame::Voluntary
    {
        states.push("rejected request, back to voluntary");
    }
    for h in &c.route.help {
        let norm = catalogue.iter().find(|k| k.code == h.kind).unwrap().waiting_norm_days;
        states.push(if h.over_norm(norm, today) {
            "help over norm"
        } else {
            "help on time"
        });
    }
    states
}

#[tokio::test]
async fn the_worklist_command_shows_a_local_team_what_needs_attention() {
    let t = regie_store::testing::sqlite().await;
    let access = Access::new(t.store.clone());
    regie::demo::seed(&access).await.unwrap();
    let mine = regie::worklist::run(&access, "demo-local-team", false).await.unwrap();
    assert!(
        mine.starts_with("Werklijst van Fatima El Amrani (Lokaal team Voorbeeldstad-Noord)"),
        "{mine}"
    );
    assert!(mine.contains("  ! actie 1 over de termijn van "), "{mine}");
    assert!(mine.contains("Schuldhulpverlening: "), "{mine}");
    let team = regie::worklist::run(&access, "demo-local-team", true).await.unwrap();
    assert!(
        team.starts_with("Werklijst van het team van Fatima El Amrani"),
        "{team}"
    );
    let vt = regie::worklist::run(&access, "demo-vt", true).await.unwrap();
    assert!(vt.contains("Triage: ") && vt.contains("! over de termijn"), "{vt}");
    // Its investigation after the police's report, its assessor's (in the team).
    assert!(vt.contains("\nOnderzoeken na een melding: 1\n"), "{vt}");
    assert!(
        vt.contains(" · af uiterlijk ") && !vt.contains("eerst overnemen"),
        "{vt}"
    );
    // The GI's jeugdbeschermer: the measures they execute; the Raad's whole organisation; the court's inbox.
    let gi = regie::worklist::run(&access, "demo-gi", false).await.unwrap();
    assert!(
        gi.contains("\nKinderbescherming: ") && gi.contains(" regels op naam van Anouk Verbeek of nog van niemand"),
        "{gi}"
    );
    assert!(gi.contains("maatregelen 1, 2: Maatregel"), "{gi}");
    // The Raad's step-in is nobody's in particular: on the investigator's own list and the organisation's.
    for team in [false, true] {
        let raad = regie::worklist::run(&access, "demo-rvdk", team).await.unwrap();
        assert!(raad.contains("u kunt die zelf vragen (art. 1:260 BW)"), "{raad}");
    }
    let court = regie::worklist::run(&access, "demo-court", false).await.unwrap();
    assert!(
        court.contains(" regels van de organisatie") && court.contains("verzoek 1: "),
        "{court}"
    );
    // Who reads no household files and has no court work is refused, as before.
    let refused = regie::worklist::run(&access, "demo-municipality", false)
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("Forbidden"), "{refused}");
    let local = regie::worklist::run(&access, "demo-local-team", true).await.unwrap();
    assert!(!local.contains("Kinderbescherming: "), "{local}");
    let unknown = regie::worklist::run(&access, "nobody", false).await.unwrap_err();
    assert!(unknown.to_string().contains("nobody"), "{unknown}");
    // A member of the team lists a colleague's work (`--of`); Fatima is the only demo user in her team, so
    // she lists her own.
    let of = regie::worklist::of_colleague(&access, "demo-local-team", "demo-local-team")
        .await
        .unwrap();
    assert!(
        of.starts_with("Werklijst van Fatima El Amrani (Lokaal team Voorbeeldstad-Noord)"),
        "{of}"
    );
    // Every case she leads is hers to pass on, and whom a transfer returns to as well.
    let cases = |text: &str| -> usize {
        let head = text.lines().next().unwrap_or_default();
        let (before, _) = head.split_once(" open zaken").unwrap_or_default();
        before.rsplit(' ').next().unwrap_or_default().parse().unwrap_or(0)
    };
    assert!(cases(&mine) > 0 && cases(&of) >= cases(&mine), "{of}\n{mine}");
    let refused = regie::worklist::of_colleague(&access, "demo-local-team", "demo-vt")
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("not in the team"), "{refused}");
}

#[test]
fn test_bsns_are_valid_distinct_and_in_the_test_range() {
    let mut seen = HashSet::new();
    for bsn in regie::demo::BsnSource::default() {
        let s = bsn.as_string();
        assert!(s.starts_with("99999"), "{s}");
        assert!(regie_domain::Bsn::parse("bsn", &s).is_ok());
        assert!(seen.insert(s));
    }
    assert!(seen.len() > 900, "{}", seen.len());
}
