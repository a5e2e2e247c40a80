//! Backup and restore (F29 operations): a SQLite backup taken while a professional keeps writing holds
//! every write acknowledged before it began, and restores into a database whose processing log is intact;
//! PostgreSQL goes through `pg_dump` and `pg_restore` and comes back whole. Neither ever overwrites: an
//! existing backup file or a database that already holds data is refused and left as it was.

use regie_access::Access;
use regie_domain::{Household, HouseholdId, ShortText};
use std::sync::{Arc, Mutex};

fn household(region: regie_domain::RegionId, n: usize) -> Household {
    Household {
        id: HouseholdId::new(),
        region_id: region,
        name: ShortText::parse("name", &format!("Huishouden Reserve {n}")).unwrap(),
        address: None,
        registered_by: None,
        version: 1,
    }
}

#[tokio::test]
async fn a_backup_during_writes_holds_every_acknowledged_write_and_restores_intact() {
    let t = regie_store::testing::sqlite().await;
    let access = Access::new(t.store.clone());
    regie::demo::configure(&access).await.unwrap();
    let actor = access.sign_in_as("demo-local-team").await.unwrap().actor();
    let region = access.regions().await.unwrap()[0].id;

    // A professional keeps registering households; each acknowledged one is noted.
    let acknowledged: Arc<Mutex<Vec<HouseholdId>>> = Arc::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = tokio::spawn({
        let (acknowledged, stop, access) = (acknowledged.clone(), stop.clone(), access.clone());
        async move {
            let scope = access.scope(actor);
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let h = household(region, n);
                scope.create_household(&h).await.unwrap();
                acknowledged.lock().unwrap().push(h.id);
                n += 1;
            }
        }
    });
    while acknowledged.lock().unwrap().len() < 20 {
        tokio::task::yield_now().await;
    }
    let before = acknowledged.lock().unwrap().clone();
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("backup.db");
    regie::backup::backup(t.sqlite_path().unwrap(), &backup).await.unwrap();
    let during = acknowledged.lock().unwrap().len();
    while acknowledged.lock().unwrap().len() < during + 10 {
        tokio::task::yield_now().await;
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    writer.await.unwrap();

    let restored_path = dir.path().join("restored.db");
    let restored_path = restored_path.to_str().unwrap();
    let restored = regie::backup::restore(&backup, restored_path).await.unwrap();
    assert!(restored.log_records > 0);
    let store = regie_store::connect(restored_path).await.unwrap();
    for id in &before {
        assert!(
            store.household(*id).await.unwrap().is_some(),
            "acknowledged before the backup: {id:?}"
        );
    }
    let after = acknowledged.lock().unwrap().clone();
    let written_later = after.last().unwrap();
    assert!(
        store.household(*written_later).await.unwrap().is_none(),
        "a write acknowledged well after the backup is not in it"
    );
}

#[tokio::test]
async fn a_backup_never_overwrites_and_a_restore_never_replaces_a_database() {
    let t = regie_store::testing::sqlite().await;
    let access = Access::new(t.store.clone());
    regie::demo::configure(&access).await.unwrap();
    let dir = tempfile::tempdir().unwrap();

    // An existing file named as the backup stays as it was.
    let earlier = dir.path().join("earlier.db");
    std::fs::write(&earlier, b"an earlier backup").unwrap();
    let error = regie::backup::backup(t.sqlite_path().unwrap(), &earlier)
        .await
        .unwrap_err();
    assert!(error.to_string().starts_with("--to:"), "{error}");
    assert_eq!(std::fs::read(&earlier).unwrap(), b"an earlier backup");

    // A restore into a database that exists is refused; the database is unchanged.
    let backup = dir.path().join("backup.db");
    regie::backup::backup(t.sqlite_path().unwrap(), &backup).await.unwrap();
    let records = access.verify_log().await.unwrap().records;
    let error = regie::backup::restore(&backup, t.sqlite_path().unwrap())
        .await
        .unwrap_err();
    assert!(error.to_string().starts_with("--database:"), "{error}");
    assert_eq!(access.verify_log().await.unwrap().records, records);

    // A file that is no Regie database is refused, and nothing is left where the restore would have gone.
    let target = dir.path().join("target.db");
    let error = regie::backup::restore(&earlier, target.to_str().unwrap())
        .await
        .unwrap_err();
    assert!(error.to_string().starts_with("--from:"), "{error}");
    assert!(!target.exists());
    assert!(!dir.path().join("target.db-reads").exists());

    // Reads' log records of a database moved aside without them are where the restore would go: refused, and
    // they stay as they were.
    let beside = dir.path().join("beside.db");
    let staging = dir.path().join("beside.db-reads");
    std::fs::write(&staging, b"another database's reads").unwrap();
    let error = regie::backup::restore(&backup, beside.to_str().unwrap())
        .await
        .unwrap_err();
    assert!(error.to_string().contains("beside.db-reads"), "{error}");
    assert!(!beside.exists());
    assert_eq!(std::fs::read(&staging).unwrap(), b"another database's reads");
}

#[tokio::test]
async fn postgres_round_trips_through_pg_dump_and_pg_restore() {
    let source = regie_store::testing::empty_postgres_database().await;
    let store = regie_store::connect(&source).await.unwrap();
    store.migrate().await.unwrap();
    let access = Access::new(store.clone());
    regie::demo::seed(&access).await.unwrap();
    let records = access.verify_log().await.unwrap().records;

    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("regie.dump");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_regie"))
        .args(["backup", "--database", &source, "--to"])
        .arg(&backup)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let target = regie_store::testing::empty_postgres_database().await;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_regie"))
        .args(["restore", "--database", &target, "--from"])
        .arg(&backup)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains(&format!("{records} records checked")), "{said}");
    let restored = Access::new(regie_store::connect(&target).await.unwrap());
    assert_eq!(restored.verify_log().await.unwrap().records, records);

    // Restoring again into the database that now holds data is refused and changes nothing.
    let error = regie::backup::restore(&backup, &target).await.unwrap_err();
    assert!(error.to_string().starts_with("pg_restore"), "{error}");
    assert_eq!(restored.verify_log().await.unwrap().records, records);
}
