//! `regie generate` drops the indexes its import only writes and builds them once at the end, with the search
//! words it staged; an import stopped halfway gets them back at the next start (`Store::migrate`).

use regie_access::Access;
use regie_store::testing::TestStore;
use regie_store::{HouseholdQuery, IMPORT_DEFERRED_INDEXES};

#[tokio::test]
async fn the_indexes_come_back_after_generating_on_sqlite() {
    the_indexes_come_back(regie_store::testing::sqlite().await).await;
}

#[tokio::test]
async fn the_indexes_come_back_after_generating_on_postgres() {
    the_indexes_come_back(regie_store::testing::postgres().await).await;
}

async fn the_indexes_come_back(t: TestStore) {
    let before = t.indexes().await;
    for name in IMPORT_DEFERRED_INDEXES {
        assert!(before.iter().any(|i| i == name), "{name} is an index of the schema");
    }
    let access = Access::new(t.store.clone());
    let generated = regie::generate::generate(&access, 60, 20, 5, |_| {}).await.unwrap();
    assert_eq!(generated.households, 60);
    assert_eq!(t.indexes().await, before);
    // Every household is found by its name: its search words, staged while importing, are in the index.
    let all = (t.store)
        .list_households(&HouseholdQuery {
            limit: 100,
            ..HouseholdQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(all.len(), 60);
    for h in &all {
        let typed = HouseholdQuery::typed(h.household.name.as_str(), None, 100);
        let found = t.store.list_households(&typed).await.unwrap();
        assert!(
            found.iter().any(|f| f.household.id == h.household.id),
            "{} is found by its name",
            h.household.name.as_str()
        );
    }

    // Stopped halfway: the indexes are gone until the next start.
    t.store.drop_indexes_for_import().await.unwrap();
    let during = t.indexes().await;
    for name in IMPORT_DEFERRED_INDEXES {
        assert!(!during.iter().any(|i| i == name), "{name} is dropped while importing");
    }
    t.store.migrate().await.unwrap();
    assert_eq!(t.indexes().await, before);
}
