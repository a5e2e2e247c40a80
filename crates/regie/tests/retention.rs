//! Retention and destruction (F21) on both backends: the demo's Vroeger household, whose case closed more
//! than twenty years ago, is destroyed by `regie retention run` (on SQLite, the command line) or the
//! access layer's run (on PostgreSQL), and afterwards its name, street, BSNs and portal account are found
//! nowhere in the database: not in any table, nor (on SQLite) in the database's files once compacted. What
//! remains is a destruction record without personal data; the log's chain still holds.

use regie_access::Access;
use regie_store::HouseholdQuery;
use regie_store::testing::TestStore;

#[tokio::test]
async fn an_expired_file_is_found_nowhere_after_the_retention_run_on_sqlite() {
    an_expired_file_is_found_nowhere_after_the_retention_run(regie_store::testing::sqlite().await).await;
}

#[tokio::test]
async fn an_expired_file_is_found_nowhere_after_the_retention_run_on_postgres() {
    an_expired_file_is_found_nowhere_after_the_retention_run(regie_store::testing::postgres().await).await;
}

async fn an_expired_file_is_found_nowhere_after_the_retention_run(t: TestStore) {
    let access = Access::new(t.store.clone());
    regie::demo::seed(&access).await.unwrap();
    let query = |word: &str| HouseholdQuery {
        words: vec![word.to_owned()],
        phrase: None,
        after: None,
        limit: 10,
        within: None,
    };
    let found = t.store.list_households(&query("vroeger")).await.unwrap();
    assert_eq!(found.len(), 1);
    let household = found[0].household.id;
    let members = t.store.members(household).await.unwrap();
    let bsns: Vec<String> = (members.iter())
        .filter_map(|m| m.person.bsn.as_ref().map(|b| b.as_string()))
        .collect();
    assert_eq!(bsns.len(), 2);
    // Anna uses the portal: an account, and a session once she signs in.
    access
        .set_family_password("anna-vroeger", members[0].person.id, regie::demo::DEMO_PASSWORD)
        .await
        .unwrap();
    access
        .sign_in("anna-vroeger", regie::demo::DEMO_PASSWORD)
        .await
        .unwrap();
    let traces = ["Vroeger", "Populierenweg", "anna-vroeger", &bsns[0], &bsns[1]];
    for text in traces {
        assert!(!t.found(text).await.is_empty(), "{text} is in the database before");
    }

    match t.sqlite_path() {
        Some(db) => {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_regie"))
                .args(["retention", "run", "--database", db])
                .output()
                .unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            assert!(stdout.contains("1 files past their retention destroyed"), "{stdout}");
            assert!(
                stdout.contains("youth_care") && stdout.contains("persons 2"),
                "{stdout}"
            );
            assert!(!stdout.contains("Vroeger"), "the output names no one: {stdout}");
        }
        None => {
            let run = access.retention_run(regie_domain::time::today()).await.unwrap();
            assert_eq!((run.destroyed.len(), run.failed.len()), (1, 0));
        }
    }

    for text in traces {
        assert_eq!(
            t.found(text).await,
            Vec::<String>::new(),
            "{text} is still in the database"
        );
    }
    assert!(t.store.household(household).await.unwrap().is_none());
    assert!(
        access
            .sign_in("anna-vroeger", regie::demo::DEMO_PASSWORD)
            .await
            .is_err()
    );
    let records = access.destructions().await.unwrap();
    assert_eq!(records.len(), 1);
    let kinds: Vec<&str> = records[0].records.iter().map(|(k, _)| k.as_str()).collect();
    for kind in [
        "accounts",
        "case_events",
        "cases",
        "households",
        "memberships",
        "persons",
        "web_sessions",
    ] {
        assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
    }
    // The nightly run: of several servers, one runs it on a day.
    assert!(access.nightly_retention().await.unwrap().is_some());
    assert!(access.nightly_retention().await.unwrap().is_none());
    // The other households stay, and the processing log's chain is whole.
    assert!(!t.store.list_households(&query("verhoef")).await.unwrap().is_empty());
    assert_eq!(access.verify_log().await.unwrap().problem, None);
}
