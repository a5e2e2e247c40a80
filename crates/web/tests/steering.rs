//! The municipality's figures for steering (F22) through the API, on SQLite and PostgreSQL: the figures
//! follow what professionals record, count under ten is hidden and the rest rounded to five, nothing in the
//! answer names a person, every read is logged under `policy_information` without a household, and every
//! wrong request is refused with each wrong field named.

use crate::common;

use axum::http::StatusCode;
use common::{TestApp, field_codes};
use serde_json::{Value, json};

api_tests!(
    the_municipality_sees_the_chain_in_figures_without_a_person,
    wrong_requests_for_figures_are_refused_field_by_field,
);

/// The municipality's figures with `query`.
async fn figures(app: &TestApp, query: &str) -> (StatusCode, Value) {
    app.get("municipality", &format!("/api/v1/steering-figures{query}"))
        .await
}

/// The cells of a table's row, by the row's label.
fn row<'a>(figures: &'a Value, table: &str, label: &str) -> &'a Value {
    let t = (figures["tables"].as_array().unwrap().iter())
        .find(|t| t["id"] == table)
        .unwrap_or_else(|| panic!("no table {table}"));
    let r = (t["rows"].as_array().unwrap().iter())
        .find(|r| r["label"] == label)
        .unwrap_or_else(|| panic!("no row {label} in {table}: {t}"));
    &r["cells"]
}

async fn the_municipality_sees_the_chain_in_figures_without_a_person(app: TestApp) {
    let region = app.store.regions().await.unwrap()[0].id;
    let municipality = app.org_of("municipality").await;
    app.store
        .set_municipality_areas(region, municipality, &["9991".into()])
        .await
        .unwrap();
    // Twelve households in the municipality's area with a case each, two of them closed.
    for i in 0..12 {
        let (s, h) = app
            .post(
                "local",
                "/api/v1/households",
                json!({"name": format!("Huishouden Verhoef {i}"), "address": {"street": "Lindelaan", "house_number": "3", "postcode": "9991ab", "city": "Voorbeeldstad"}}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{h}");
        let h = h["id"].as_str().unwrap().to_owned();
        let case = app.open_case(&h).await;
        if i < 2 {
            let (s, c) = app
                .post(
                    "local",
                    &format!("/api/v1/cases/{}/close", case["id"].as_str().unwrap()),
                    json!({"version": case["version"], "reason": "Het gaat goed."}),
                )
                .await;
            assert_eq!(s, StatusCode::OK, "{c}");
        }
    }
    for place in [String::new(), format!("?municipality={municipality}")] {
        let (s, f) = app
            .get("municipality", &format!("/api/v1/steering-figures{place}"))
            .await;
        assert_eq!(s, StatusCode::OK, "{f}");
        // Twelve opened shows as ten (rounded to five), two closed as hidden, ten open in the question phase
        // as ten.
        assert_eq!(
            row(&f, "cases_opened_closed", "Geopend")[0],
            json!({"kind": "count", "value": 10})
        );
        assert_eq!(
            row(&f, "cases_opened_closed", "Afgesloten")[0],
            json!({"kind": "hidden"})
        );
        assert_eq!(
            row(&f, "cases_by_phase", "Vraag")[0],
            json!({"kind": "count", "value": 10})
        );
        assert_eq!(
            row(&f, "cases_by_frame", "Vrijwillig")[0],
            json!({"kind": "count", "value": 10})
        );
        // The partners' steps, with the region's norms; nothing waits at Veilig Thuis here.
        assert_eq!(
            row(&f, "partners", "Veilig Thuis: veiligheidsbeoordeling"),
            &json!([{"kind": "hidden"}, {"kind": "working_days", "value": 5}, {"kind": "hidden"}, {"kind": "hidden"}])
        );
        // The forecasts: without two years of history no inflow is expected, and it says so; nothing
        // started in the last three months, so no wait is expected either.
        let table = |id: &str| {
            (f["tables"].as_array().unwrap().iter())
                .find(|t| t["id"] == id)
                .unwrap_or_else(|| panic!("no table {id}"))
                .clone()
        };
        let inflow = table("forecast_inflow");
        assert_eq!(inflow["rows"], json!([]));
        assert!(inflow["note"].as_str().unwrap().contains("minstens twee jaar"));
        let wait = table("forecast_wait");
        assert!(!wait["rows"].as_array().unwrap().is_empty());
        for r in wait["rows"].as_array().unwrap() {
            assert_eq!(r["cells"][1], json!({"kind": "hidden"}), "{r}");
        }
        let text = f.to_string();
        assert!(!text.contains("Verhoef") && !text.contains("Lindelaan"), "{text}");
        assert!(
            !text.contains(&app.ids["local"].to_string()),
            "no professional's id either"
        );
    }
    // Every read is in the processing log, as policy information about no household or person.
    let log = app.store.log_chain(0, 10_000, None).await.unwrap();
    let reads: Vec<_> = (log.iter())
        .filter(|r| r.record.activity == regie_access::POLICY_ACTIVITY)
        .collect();
    assert_eq!(reads.len(), 2);
    assert!(
        reads
            .iter()
            .all(|r| r.record.household.is_none() && r.record.person.is_none())
    );
}

async fn wrong_requests_for_figures_are_refused_field_by_field(app: TestApp) {
    let codes = |f: &Value| -> Vec<(String, String)> { field_codes(f) };
    // Only the municipality reads figures; a professional of the chain does not.
    for user in ["local", "vt", "rvdk"] {
        let (s, _) = app.get(user, "/api/v1/steering-figures").await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{user}");
    }
    // The figures begin when the first case or signal was recorded: a first case now.
    let h = app.household("Huishouden Bakker").await;
    let case = app.open_case(&h).await;
    let (s, f) = figures(&app, "?from=abc&to=2099-01").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{f}");
    assert_eq!(
        codes(&f),
        [
            ("from".into(), "month_format".into()),
            ("to".into(), "month_in_future".into())
        ]
    );
    let this_month = regie_domain::stats::month_of(regie_domain::time::now());
    let month = regie_domain::stats::month_code;
    let (s, f) = figures(&app, &format!("?from={}&to=2020-01", month(this_month))).await;
    assert_eq!(
        (s, codes(&f)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("from".into(), "period_backwards".into())]
        )
    );
    let (s, f) = figures(&app, "?from=2015-01&to=2015-12").await;
    assert_eq!(
        (s, codes(&f)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("from".into(), "before_data".into())]
        )
    );
    let (s, f) = figures(&app, "?from=2020-01").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{f}");
    // A municipality that is not the region's, with a period too long and before the figures: all named.
    let (s, f) = figures(
        &app,
        &format!(
            "?municipality={}&from=2020-01&to={}",
            uuid::Uuid::now_v7(),
            month(this_month)
        ),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        codes(&f),
        [
            ("municipality".into(), "unknown_municipality".into()),
            ("from".into(), "period_too_long".into()),
            ("from".into(), "before_data".into())
        ]
    );
    // Another organisation's id is no municipality of the region either.
    let (s, f) = figures(&app, &format!("?municipality={}", app.org_of("local").await)).await;
    assert_eq!(
        (s, codes(&f)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![("municipality".into(), "unknown_municipality".into())]
        )
    );
    let (s, _) = figures(&app, "?municipality=gemeente").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    // A municipality never reads a single case or household.
    let (s, _) = app
        .get(
            "municipality",
            &format!("/api/v1/cases/{}", case["id"].as_str().unwrap()),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = app.get("municipality", &format!("/api/v1/households/{h}")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // And it still reads its figures afterwards: refusals changed nothing.
    let (s, f) = figures(&app, "").await;
    assert_eq!(s, StatusCode::OK, "{f}");
}
