//! Several pilot regions in one deployment (F26): a second region's professionals reach nothing of the
//! first, the region's functional administrator changes its route variant and the route follows it, and the
//! regions' figures sit side by side. Runs on SQLite and on PostgreSQL.

use crate::common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use regie_access::Access;
use regie_domain::calendar::Calendar;
use regie_domain::time::today;
use serde_json::{Value, json};

api_tests!(
    nothing_of_one_region_is_reached_from_another,
    the_administrator_sets_the_route_variant_and_the_route_follows_it,
    the_administrator_adds_organisations_and_teams_to_their_own_region,
    regions_compare_on_aggregates_only,
);

fn code(problem: &Value) -> &str {
    problem["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no code in {problem}"))
}

/// A second region "Proeftuin Elders" with a local team ("elders"), Veilig Thuis ("elders-vt"), the Raad
/// ("elders-raad") and the OM ("elders-om").
async fn second_region(app: &mut TestApp) {
    let access = Access::new(app.store.clone());
    let region = access.create_region("Proeftuin Elders").await.unwrap();
    for (user, kind, org) in [
        ("elders", "local_team", "Lokaal team Elders"),
        ("elders-vt", "vt", "Veilig Thuis Elders"),
        ("elders-raad", "rvdk", "Raad Elders"),
        ("elders-om", "prosecutor", "OM Elders"),
    ] {
        access.add_organisation(region.id, org, kind).await.unwrap();
        let p = access
            .add_professional(region.id, org, None, user, &format!("Professional {user}"))
            .await
            .unwrap();
        app.ids.insert(user, p.id);
        app.tokens.insert(user, access.issue_token(user).await.unwrap());
    }
}

async fn nothing_of_one_region_is_reached_from_another(mut app: TestApp) {
    second_region(&mut app).await;
    let (h, _, child) = app.family("Huishouden Scheidslijn").await;
    let opened = app.open_case(&h).await;
    let id = opened["id"].as_str().unwrap();
    let father = app.person("Karel", "1985-03-03", Some("999990032")).await;
    app.add_member(&h, &father, "parent").await;
    // The other region neither reads the file nor learns that it exists, nor finds it, not even as known
    // elsewhere.
    for (user, path) in [
        ("elders", format!("/api/v1/households/{h}")),
        ("elders-vt", format!("/api/v1/households/{h}/radar")),
    ] {
        let (s, p) = app.get(user, &path).await;
        assert_eq!((s, code(&p)), (StatusCode::NOT_FOUND, "not_found"), "{path}");
    }
    let (s, found) = app.get("elders", "/api/v1/households?q=Sem%2001-09-2017").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        (found["items"].clone(), found["known_elsewhere"].clone()),
        (json!([]), json!([]))
    );
    // The first region's own search does find it.
    let (_, own) = app.get("local", "/api/v1/households?q=Sem%2001-09-2017").await;
    assert_eq!(own["items"][0]["id"].as_str(), Some(h.as_str()), "{own}");
    // Veilig Thuis of the other region cannot be brought in, nor take the lead; a report to it from here is refused.
    let in_five = Calendar::default().add_working_days(today(), 5).to_string();
    let (s, p) = app
        .post(
            "local",
            &format!("/api/v1/cases/{id}/scale-up"),
            json!({"form": "consultation", "ground": "structural_unsafety", "rvt_professional": app.ids["elders-vt"],
                   "deadline": in_five, "reason": "Advies gevraagd", "version": 1}),
        )
        .await;
    assert_eq!(
        (s, code(&p), p["errors"][0]["field"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_professional",
            Some("rvt_professional")
        )
    );
    let (s, p) = app
        .post(
            "local",
            &format!("/api/v1/cases/{id}/lead"),
            json!({"lead": {"primary": app.ids["elders"]}, "reason": "Verhuisd", "version": 1}),
        )
        .await;
    assert_eq!(
        (s, code(&p)),
        (StatusCode::UNPROCESSABLE_ENTITY, "unknown_professional")
    );
    assert_eq!(
        app.get("local", &format!("/api/v1/cases/{id}")).await.1,
        opened,
        "nothing changed"
    );
    // The other region's Veilig Thuis receives no signal about this household.
    let (s, p) = app
        .post(
            "elders-vt",
            "/api/v1/signals",
            json!({"kind": "report", "reporter": {"category": "family_member", "name": "Oma"}, "household_id": h,
                   "persons": [child], "observed": "Zorgen", "acute": false}),
        )
        .await;
    assert_eq!((s, code(&p)), (StatusCode::UNPROCESSABLE_ENTITY, "unknown_household"));
    // It does not take a member of it into a household of its own, where their BSN and address would show.
    let (s, own) = app
        .post("elders", "/api/v1/households", json!({"name": "Huishouden Elders"}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{own}");
    let (s, p) = app
        .post(
            "elders",
            &format!("/api/v1/households/{}/members", own["id"].as_str().unwrap()),
            json!({"person_id": child, "relation": "child"}),
        )
        .await;
    assert_eq!(
        (s, code(&p)),
        (StatusCode::UNPROCESSABLE_ENTITY, "person_of_other_region")
    );
    // Its OM registers no criminal case on the father, whose household is in the first region.
    let (s, p) = app
        .post(
            "elders-om",
            "/api/v1/justice-tracks",
            json!({"bsn": "999990032", "date_of_birth": "1985-03-03", "reference": "10/000123-26",
                   "from": "2026-10-01", "status": "prosecution"}),
        )
        .await;
    assert_eq!(
        (s, code(&p)),
        (StatusCode::UNPROCESSABLE_ENTITY, "unknown_person"),
        "{p}"
    );
    // A report about the child to its Veilig Thuis concerns none of the first region's households.
    let (s, sig) = app
        .post(
            "elders-vt",
            "/api/v1/signals",
            json!({"kind": "report", "reporter": {"category": "family_member", "name": "Oma"},
                   "persons": [child], "observed": "Zorgen", "acute": false}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{sig}");
    assert_eq!(sig["household_id"], Value::Null, "{sig}");
    assert_eq!(
        (sig["radar"]["cases"].clone(), sig["radar"]["per_household"].clone()),
        (json!([]), json!([])),
        "{sig}"
    );
    // Nor does it break the glass on it.
    let (s, p) = app
        .post(
            "elders-vt",
            &format!("/api/v1/households/{h}/emergency-access"),
            json!({"reason": "acute_danger", "explanation": "Zorgen"}),
        )
        .await;
    assert_eq!((s, code(&p)), (StatusCode::NOT_FOUND, "not_found"), "{p}");
    // The local team asks the Raad of its own region without naming it: the other region's Raad does not
    // count.
    let (s, c) = app
        .post(
            "local",
            &format!("/api/v1/cases/{id}/investigations"),
            json!({"reason": "Zorgen om Sem", "version": 1}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(
        c["route"]["justice"]["investigations"][0]["raad"].as_str(),
        Some(app.org_of("rvdk").await.to_string().as_str())
    );
    let (_, variant) = app.get("elders", "/api/v1/region/route-variant").await;
    assert_eq!(variant["transfer"], true, "a new region starts from the template");
}

async fn the_administrator_sets_the_route_variant_and_the_route_follows_it(app: TestApp) {
    let variant = json!({"consultation": true, "joint_work": true, "transfer": false,
                         "joint_work_rvt_leads": true, "local_pressure_after_consultation": true, "measure_transfer": false});
    // Refusals first, each leaving the variant as it was: not the administrator, no form left.
    let before = app.get("local", "/api/v1/region/route-variant").await.1;
    let (s, p) = app
        .call(
            "municipality",
            Method::PUT,
            "/api/v1/region/route-variant",
            Some(variant.clone()),
        )
        .await;
    assert_eq!((s, code(&p)), (StatusCode::FORBIDDEN, "not_administrator"));
    let none = json!({"consultation": false, "joint_work": false, "transfer": false});
    let (s, p) = app
        .call("outsider", Method::PUT, "/api/v1/region/route-variant", Some(none))
        .await;
    assert_eq!((s, code(&p)), (StatusCode::UNPROCESSABLE_ENTITY, "no_scale_form"));
    // A field the variant does not know is refused, not ignored; so is the old place of measure_transfer.
    let (s, _) = app
        .call(
            "outsider",
            Method::PUT,
            "/api/v1/region/route-variant",
            Some(json!({"transfers": false})),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = app
        .call(
            "municipality",
            Method::PUT,
            "/api/v1/norms",
            Some(json!({"measure_transfer": true})),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.get("local", "/api/v1/region/route-variant").await.1, before);
    let (s, v) = app
        .call(
            "outsider",
            Method::PUT,
            "/api/v1/region/route-variant",
            Some(variant.clone()),
        )
        .await;
    assert_eq!((s, v), (StatusCode::OK, variant.clone()));
    assert_eq!(
        app.get("municipality", "/api/v1/region").await.1["route_variant"],
        variant
    );

    // The route follows: no transfer in this region.
    let h = app.household("Huishouden Variant").await;
    let id = app.open_case(&h).await["id"].as_str().unwrap().to_owned();
    let path = |action: &str| format!("/api/v1/cases/{id}/{action}");
    let up = |version: i64, form: &str, deadline: Option<String>| {
        json!({"form": form, "ground": "structural_unsafety", "rvt_professional": app.ids["vt"],
               "deadline": deadline, "reason": "Zorgen blijven terugkomen", "version": version})
    };
    let (s, p) = app.post("local", &path("scale-up"), up(1, "transfer", None)).await;
    assert_eq!((s, code(&p)), (StatusCode::UNPROCESSABLE_ENTITY, "form_not_in_variant"));
    assert!(
        p["errors"][0]["detail_nl"]
            .as_str()
            .unwrap()
            .contains("consultatie of samenwerking"),
        "{p}"
    );
    // The local team may apply pressure itself, once the RVT answered its consultation.
    let pressure = |version: i64| json!({"to": "pressure", "reason": "Afspraken niet nagekomen", "version": version});
    let (s, p) = app.post("local", &path("legal-frame"), pressure(1)).await;
    assert_eq!((s, code(&p)), (StatusCode::FORBIDDEN, "statutory_task"));
    let in_five = Calendar::default().add_working_days(today(), 5).to_string();
    let (s, c) = app
        .post("local", &path("scale-up"), up(1, "consultation", Some(in_five)))
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let (s, c) = app
        .post(
            "vt",
            &path("consultation/answer"),
            json!({"answer": "Zet drang in", "proposal": "joint_work", "version": 2}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let (s, c) = app.post("local", &path("legal-frame"), pressure(3)).await;
    assert_eq!(
        (s, c["legal_frame"].as_str()),
        (StatusCode::OK, Some("pressure")),
        "{c}"
    );
    // Joint work: the RVT professional leads the duo in this region.
    let (s, c) = app.post("local", &path("scale-up"), up(4, "joint_work", None)).await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(
        c["lead"],
        json!({"primary": app.ids["vt"], "secondary": app.ids["local"]})
    );
}

async fn the_administrator_adds_organisations_and_teams_to_their_own_region(app: TestApp) {
    let count = || async {
        app.get("outsider", "/api/v1/region").await.1["organisations"]
            .as_array()
            .unwrap()
            .len()
    };
    let before = count().await;
    // Every wrong field at once, and nothing added.
    let (s, p) = app
        .post(
            "outsider",
            "/api/v1/region/organisations",
            json!({"name": " ", "kind": "bakkerij"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        common::field_codes(&p),
        [
            ("name".into(), "required".into()),
            ("kind".into(), "unknown_kind".into())
        ]
    );
    let (s, p) = app
        .post(
            "outsider",
            "/api/v1/region/organisations",
            json!({"name": "org local", "kind": "gi"}),
        )
        .await;
    assert_eq!((s, code(&p)), (StatusCode::UNPROCESSABLE_ENTITY, "duplicate_name"));
    let (s, p) = app
        .post(
            "municipality",
            "/api/v1/region/organisations",
            json!({"name": "Jeugdbescherming Nieuw", "kind": "gi"}),
        )
        .await;
    assert_eq!((s, code(&p)), (StatusCode::FORBIDDEN, "not_administrator"));
    assert_eq!(count().await, before);
    let (s, o) = app
        .post(
            "outsider",
            "/api/v1/region/organisations",
            json!({"name": "Jeugdbescherming Nieuw", "kind": "gi"}),
        )
        .await;
    assert_eq!((s, o["kind"].as_str()), (StatusCode::CREATED, Some("gi")), "{o}");
    let (s, t) = app
        .post(
            "outsider",
            "/api/v1/region/teams",
            json!({"organisation_id": o["id"], "name": "Team Jeugdbescherming"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    let (s, p) = app
        .post(
            "outsider",
            "/api/v1/region/teams",
            json!({"organisation_id": o["id"], "name": "team jeugdbescherming"}),
        )
        .await;
    assert_eq!((s, code(&p)), (StatusCode::UNPROCESSABLE_ENTITY, "duplicate_name"));
    let region = app.get("outsider", "/api/v1/region").await.1;
    let added = (region["organisations"].as_array().unwrap().iter())
        .find(|x| x["id"] == o["id"])
        .unwrap();
    assert_eq!(added["teams"][0]["name"], "Team Jeugdbescherming");
    assert_eq!(count().await, before + 1);
}

async fn regions_compare_on_aggregates_only(mut app: TestApp) {
    second_region(&mut app).await;
    let (s, c) = app.get("municipality", "/api/v1/steering/regions").await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(c["table"]["columns"], json!(["Proeftuin Elders", "Regio Test"]));
    // Neither region has ten of anything: every count is hidden.
    for row in c["table"]["rows"].as_array().unwrap() {
        for cell in row["cells"].as_array().unwrap() {
            assert_eq!(cell["kind"], "hidden", "{row}");
        }
    }
    let (s, _) = app.get("researcher", "/api/v1/steering/regions").await;
    assert_eq!(s, StatusCode::OK);
    let (s, p) = app.get("local", "/api/v1/steering/regions").await;
    assert_eq!((s, code(&p)), (StatusCode::FORBIDDEN, "statutory_task"));
    let (s, p) = app
        .get("municipality", "/api/v1/steering/regions?from=2026-05&to=2026-01")
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
}
