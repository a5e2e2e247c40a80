//! Action research (F24) through the API, on SQLite and PostgreSQL: a researcher of the pilot region sees
//! the client journeys' map and downloads a k-anonymous export; the export's k is computed on the answer
//! itself, nothing in either names a person, every read is logged under `action_research` without a
//! household, and everyone but a researcher, and every wrong period, is refused.

use crate::common;

use axum::http::StatusCode;
use common::{TestApp, field_codes};
use serde_json::{Value, json};
use std::collections::HashMap;

api_tests!(
    a_researcher_sees_the_journeys_and_a_k_anonymous_export_without_a_person,
    wrong_requests_for_research_are_refused_and_change_nothing,
);

/// The quasi-identifiers of the export's lines, each with how many lines share them.
fn groups(export: &Value) -> HashMap<Vec<String>, i64> {
    let mut groups = HashMap::new();
    for line in export["cases"].as_array().unwrap() {
        let key = [
            "woonplaats",
            "leeftijd_jongste_kind",
            "huishouden",
            "geopend",
            "gesloten",
        ]
        .map(|c| line[c].as_str().unwrap().to_owned())
        .to_vec();
        *groups.entry(key).or_default() += 1;
    }
    groups
}

async fn a_researcher_sees_the_journeys_and_a_k_anonymous_export_without_a_person(app: TestApp) {
    // Ten alike families (a mother and a child of nine), each case moved on to the analysis.
    let mothers = [
        "Anouk", "Bo", "Carla", "Dewi", "Eva", "Fenna", "Gwen", "Hanna", "Iris", "Jet",
    ];
    let children = ["Sem", "Tijn", "Umay", "Vik", "Wout", "Xam", "Yara", "Zoë", "Ada", "Bas"];
    for (i, (mother, child)) in mothers.into_iter().zip(children).enumerate() {
        let h = app.household(&format!("Huishouden Verhoef {i}")).await;
        let m = app.person(mother, "1990-04-12", None).await;
        app.add_member(&h, &m, "parent").await;
        let c = app.person(child, "2017-09-01", None).await;
        app.add_member(&h, &c, "child").await;
        let case = app.open_case(&h).await;
        let (s, c) = app
            .post(
                "local",
                &format!("/api/v1/cases/{}/phase", case["id"].as_str().unwrap()),
                json!({"to": "analysis", "version": case["version"]}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{c}");
    }
    // And one family of its own kind: two parents and a youth of sixteen.
    let h = app.household("Huishouden Uniek").await;
    for (given, born, relation) in [
        ("Bram", "1980-01-01", "parent"),
        ("Lies", "1981-02-02", "parent"),
        ("Daan", "2010-06-01", "child"),
    ] {
        let p = app.person(given, born, None).await;
        app.add_member(&h, &p, relation).await;
    }
    app.open_case(&h).await;

    let (s, j) = app.get("researcher", "/api/v1/research/journeys").await;
    assert_eq!(s, StatusCode::OK, "{j}");
    let map = &j["tables"][0];
    assert_eq!(map["id"], "journey_map");
    let row = (map["rows"].as_array().unwrap().iter())
        .find(|r| r["label"] == "Vraag → analyse")
        .unwrap_or_else(|| panic!("no row: {map}"));
    // Ten cases, none of them a day in the question phase.
    assert_eq!(
        row["cells"],
        json!([{"kind": "count", "value": 10}, {"kind": "days", "value": 0}, {"kind": "days", "value": 0}, {"kind": "hidden"}])
    );

    let (s, e) = app.get("researcher", "/api/v1/research/export").await;
    assert_eq!(s, StatusCode::OK, "{e}");
    // The lone family cannot share its quasi-identifiers with four others at any level: it is left out,
    // at the coarsest level, and the ten others form one group.
    assert_eq!(
        (&e["total"], &e["suppressed"], &e["level"], &e["k"]),
        (&json!(11), &json!(1), &json!("region"), &json!(10))
    );
    let groups = groups(&e);
    assert_eq!(groups.values().copied().min(), Some(10), "{groups:?}");
    assert_eq!(e["cases"].as_array().unwrap().len(), 10);
    let line = &e["cases"][0];
    assert_eq!(
        (&line["woonplaats"], &line["leeftijd_jongste_kind"], &line["huishouden"]),
        (&json!("regio"), &json!("0-17"), &json!("eenoudergezin"))
    );
    assert_eq!(line["route"], "question:0 > analysis");
    for text in [j.to_string(), e.to_string()] {
        for personal in ["Verhoef", "Uniek", "Anouk", "Sem", "Daan", "1990-04-12", "2017-09-01"] {
            assert!(!text.contains(personal), "{personal} in {text}");
        }
    }
    // Both reads are in the processing log, under the research activity, about no household or person.
    let log = app.store.log_chain(0, 10_000, None).await.unwrap();
    let reads: Vec<_> = (log.iter())
        .filter(|r| r.record.activity == "action_research")
        .collect();
    assert_eq!(reads.len(), 2);
    assert!(
        reads
            .iter()
            .all(|r| r.record.household.is_none() && r.record.person.is_none())
    );
}

async fn wrong_requests_for_research_are_refused_and_change_nothing(app: TestApp) {
    let h = app.household("Huishouden Bakker").await;
    let case = app.open_case(&h).await;
    let paths = ["/api/v1/research/journeys", "/api/v1/research/export"];
    // Only a researcher reads research data: not the municipality, not a professional of the chain.
    for user in ["local", "vt", "rvdk", "municipality"] {
        for path in paths {
            let (s, _) = app.get(user, path).await;
            assert_eq!(s, StatusCode::FORBIDDEN, "{user} {path}");
        }
    }
    // A researcher never reads a household, a case or the municipality's figures.
    for path in [
        format!("/api/v1/households/{h}"),
        format!("/api/v1/cases/{}", case["id"].as_str().unwrap()),
        "/api/v1/steering-figures".to_owned(),
    ] {
        let (s, _) = app.get("researcher", &path).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{path}");
    }
    let this_month = regie_domain::stats::month_code(regie_domain::stats::month_of(regie_domain::time::now()));
    for path in paths {
        let (s, f) = app.get("researcher", &format!("{path}?from=abc&to=2099-01")).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{f}");
        assert_eq!(
            field_codes(&f),
            [
                ("from".into(), "month_format".into()),
                ("to".into(), "month_in_future".into())
            ]
        );
        let (s, f) = app
            .get("researcher", &format!("{path}?from={this_month}&to=2020-01"))
            .await;
        assert_eq!(
            (s, field_codes(&f)),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                vec![("from".into(), "period_backwards".into())]
            )
        );
        let (s, f) = app.get("researcher", &format!("{path}?from=2015-01&to=2015-12")).await;
        assert_eq!(
            (s, field_codes(&f)),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                vec![("from".into(), "before_data".into())]
            )
        );
        let (s, _) = app.get("researcher", &format!("{path}?region=elders")).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "no other region to ask for");
    }
    // Refusals changed nothing: the export still holds the one case (too few to write a line), and the
    // household is still there.
    let (s, e) = app.get("researcher", "/api/v1/research/export").await;
    assert_eq!(s, StatusCode::OK, "{e}");
    assert_eq!(
        (&e["total"], &e["suppressed"], &e["k"]),
        (&json!(1), &json!(1), &Value::Null)
    );
    assert_eq!(app.household_count().await, 1);
}
