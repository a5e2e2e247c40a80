//! The processing log as a Logboek Dataverwerkingen: its hash chain catches a record that was altered,
//! removed or reordered, on SQLite and on PostgreSQL; the export writes the standard's fields with the data
//! subjects pseudonymised; and `regie log verify|export` say so on the command line.

use regie_access::{Access, LogProblem};
use regie_store::testing::TestStore;

#[tokio::test]
async fn a_tampered_log_is_caught_on_sqlite() {
    a_tampered_log_is_caught(regie_store::testing::sqlite().await).await;
}

#[tokio::test]
async fn a_tampered_log_is_caught_on_postgres() {
    a_tampered_log_is_caught(regie_store::testing::postgres().await).await;
}

async fn a_tampered_log_is_caught(t: TestStore) {
    let access = Access::new(t.store.clone());
    regie::demo::seed(&access).await.unwrap();
    let clean = access.verify_log().await.unwrap();
    assert_eq!(clean.problem, None);
    assert!(
        clean.records > 500,
        "the demo's processing is logged: {}",
        clean.records
    );

    // Altered: one field of one record.
    t.tamper("UPDATE processing_log SET purpose = 'tampered' WHERE seq = 40")
        .await;
    assert_eq!(
        access.verify_log().await.unwrap().problem,
        Some(LogProblem::Altered(40))
    );
    t.tamper("UPDATE processing_log SET purpose = 'household_file' WHERE seq = 40")
        .await;
    assert_eq!(access.verify_log().await.unwrap().problem, None, "restored");

    // Reordered: two records change places.
    t.tamper("UPDATE processing_log SET seq = -1 WHERE seq = 50").await;
    t.tamper("UPDATE processing_log SET seq = 50 WHERE seq = 51").await;
    t.tamper("UPDATE processing_log SET seq = 51 WHERE seq = -1").await;
    assert_eq!(
        access.verify_log().await.unwrap().problem,
        Some(LogProblem::Reordered(50))
    );
    t.tamper("UPDATE processing_log SET seq = -1 WHERE seq = 50").await;
    t.tamper("UPDATE processing_log SET seq = 50 WHERE seq = 51").await;
    t.tamper("UPDATE processing_log SET seq = 51 WHERE seq = -1").await;
    assert_eq!(access.verify_log().await.unwrap().problem, None, "restored");

    // The end rewritten: the chain's head no longer matches its last record.
    let (seq, hash) = t.store.log_head().await.unwrap();
    t.tamper("UPDATE log_chain SET hash = 'ff' WHERE id = 1").await;
    assert_eq!(access.verify_log().await.unwrap().problem, Some(LogProblem::Head(seq)));
    t.tamper(&format!("UPDATE log_chain SET hash = '{hash}' WHERE id = 1"))
        .await;
    assert_eq!(access.verify_log().await.unwrap().problem, None, "restored");

    // Removed: a record in the middle, and then the last one.
    t.tamper("DELETE FROM processing_log WHERE seq = 60").await;
    let check = access.verify_log().await.unwrap();
    assert_eq!(
        (check.problem.clone(), check.records),
        (Some(LogProblem::Removed(60)), 59)
    );
    assert_eq!(check.problem.unwrap().to_string(), "record 60 was removed");
}

#[tokio::test]
async fn the_last_record_removed_is_caught_too() {
    let t = regie_store::testing::sqlite().await;
    let access = Access::new(t.store.clone());
    regie::demo::configure(&access).await.unwrap();
    let scope = access.scope(access.sign_in_as("demo-local-team").await.unwrap().actor());
    let household = regie_domain::Household {
        id: regie_domain::HouseholdId::new(),
        region_id: access.regions().await.unwrap()[0].id,
        name: regie_domain::ShortText::parse("name", "Huishouden Test").unwrap(),
        address: None,
        registered_by: None,
        version: 1,
    };
    scope.create_household(&household).await.unwrap();
    scope.household_file(household.id).await.unwrap();
    let records = access.verify_log().await.unwrap().records;
    t.tamper(&format!("DELETE FROM processing_log WHERE seq = {records}"))
        .await;
    assert_eq!(
        access.verify_log().await.unwrap().problem,
        Some(LogProblem::Removed(records as i64))
    );
}

#[tokio::test]
async fn the_export_carries_the_standards_fields_and_no_names_on_sqlite() {
    the_export_carries_the_standards_fields_and_no_names(regie_store::testing::sqlite().await).await;
}

#[tokio::test]
async fn the_export_carries_the_standards_fields_and_no_names_on_postgres() {
    the_export_carries_the_standards_fields_and_no_names(regie_store::testing::postgres().await).await;
}

async fn the_export_carries_the_standards_fields_and_no_names(t: TestStore) {
    let access = Access::new(t.store.clone());
    regie::demo::seed(&access).await.unwrap();
    let mut out = Vec::new();
    let today = regie_domain::time::today()
        .to_zoned(regie_domain::time::zone())
        .unwrap()
        .timestamp();
    let written = access.export_log(today, &mut out).await.unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.lines().count() as u64, written);
    assert!(written > 500);
    assert!(
        !text.contains("Verhoef") && !text.contains("Koster"),
        "no names leave Regie"
    );
    let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let hex = |v: &serde_json::Value, n: usize| {
        v.as_str()
            .is_some_and(|s| s.len() == n && s.bytes().all(|b| b.is_ascii_hexdigit()))
    };
    for l in &lines {
        assert!(hex(&l["trace_id"], 32) && hex(&l["span_id"], 16), "{l}");
        assert_eq!(l["status"], "Ok");
        assert!(l["start_time"].as_i64().unwrap() <= l["end_time"].as_i64().unwrap());
        let activity = l["attributes"]["dpl.core.processing_activity_id"].as_str().unwrap();
        assert!(activity.starts_with("urn:regie:verwerkingsactiviteit:"), "{activity}");
    }
    // A record about a person names them only by a pseudonym: the same for each of their records, never
    // their id.
    let person = lines
        .iter()
        .find(|l| l["attributes"]["dpl.core.data_subject_id"].is_string())
        .expect("records about persons");
    let pseudonym = person["attributes"]["dpl.core.data_subject_id"].as_str().unwrap();
    assert!(hex(&person["attributes"]["dpl.core.data_subject_id"], 64));
    assert_eq!(
        person["attributes"]["dpl.core.data_subject_id_type"],
        "regie-pseudoniem"
    );
    let ids: Vec<String> = t
        .store
        .log_chain(0, 100_000, None)
        .await
        .unwrap()
        .iter()
        .filter_map(|c| c.record.person.map(|p| p.0.to_string()))
        .collect();
    assert!(
        !ids.iter().any(|id| text.contains(id.as_str())),
        "no person id leaves Regie"
    );
    assert!(
        lines
            .iter()
            .filter(|l| l["attributes"]["dpl.core.data_subject_id"] == pseudonym)
            .count()
            >= 1
    );
    // Nothing from a day to come.
    let tomorrow = today.checked_add(jiff::SignedDuration::from_hours(48)).unwrap();
    assert_eq!(access.export_log(tomorrow, &mut Vec::new()).await.unwrap(), 0);
    // From a moment amid the records, and from the start of its second: exactly those at or after it. On
    // SQLite moments compare as text, which sorts as time only because every moment is written with six
    // fraction digits (`Moment`): with jiff's own text, `'…:05Z' > '…:05.5Z'`, and this counted five
    // records too many of about 7,700.
    let mut moments: Vec<_> = t
        .store
        .log_chain(0, 100_000, None)
        .await
        .unwrap()
        .iter()
        .map(|c| c.record.at)
        .collect();
    moments.sort();
    let amid = moments[moments.len() / 2];
    let second = jiff::Timestamp::from_second(amid.as_second()).unwrap();
    for from in [amid, second] {
        let expected = moments.iter().filter(|at| **at >= from).count() as u64;
        assert!(expected < moments.len() as u64);
        assert_eq!(
            access.export_log(from, &mut Vec::new()).await.unwrap(),
            expected,
            "from {from}"
        );
    }
}

#[tokio::test]
async fn the_command_line_verifies_and_exports() {
    let t = regie_store::testing::sqlite().await;
    let access = Access::new(t.store.clone());
    regie::demo::seed(&access).await.unwrap();
    let db = t.sqlite_path().unwrap();
    let regie = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_regie"))
            .args(args)
            .output()
            .unwrap()
    };
    let ok = regie(&["log", "verify", "--database", db]);
    assert!(ok.status.success());
    assert!(String::from_utf8_lossy(&ok.stdout).contains("the processing log is intact"));
    let bad = regie(&["log", "export", "--database", db, "--since", "31-02-2026"]);
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("--since"),
        "the option is named"
    );
    let file = tempfile::NamedTempFile::new().unwrap();
    let path = file.path().to_str().unwrap();
    let exported = regie(&[
        "log",
        "export",
        "--database",
        db,
        "--since",
        "2020-01-01",
        "--out",
        path,
    ]);
    assert!(
        exported.status.success(),
        "{}",
        String::from_utf8_lossy(&exported.stderr)
    );
    assert!(std::fs::read_to_string(path).unwrap().lines().count() > 500);
    t.tamper("UPDATE processing_log SET operation = 'write' WHERE seq = 7 AND operation = 'read'")
        .await;
    t.tamper("UPDATE processing_log SET at = '2020-01-01T00:00:00Z' WHERE seq = 7")
        .await;
    let caught = regie(&["log", "verify", "--database", db]);
    assert_eq!(caught.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&caught.stdout).contains("record 7 was altered"),
        "{}",
        String::from_utf8_lossy(&caught.stdout)
    );
}
