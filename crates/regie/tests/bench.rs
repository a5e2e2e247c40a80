//! `regie bench` on a small generated region, on both backends: every operation of docs/performance.md is
//! measured through the access layer, and those with bare statements beside them, without an error (the
//! bench stops at the first refusal, such as a look-up that found no one known elsewhere).

use regie_access::Access;
use regie_store::testing::TestStore;

#[tokio::test]
async fn every_operation_is_measured_on_sqlite() {
    every_operation_is_measured(regie_store::testing::sqlite().await).await;
}

#[tokio::test]
async fn every_operation_is_measured_on_postgres() {
    every_operation_is_measured(regie_store::testing::postgres().await).await;
}

async fn every_operation_is_measured(t: TestStore) {
    let access = Access::new(t.store.clone());
    regie::generate::generate(&access, 400, 100, 11, |_| {}).await.unwrap();
    // The households the list searches among, whose number a run must leave as it found it (the appends'
    // duos stay within each case's team).
    let own = || async {
        let me = access.sign_in_as("synth-local-0").await.unwrap().actor();
        let mut query = regie_store::HouseholdQuery::typed("huishouden", None, 1_000);
        query.within = Some(access.scope(me).own_households().await.unwrap());
        let mut ids: Vec<_> = (t.store.list_households(&query).await.unwrap().into_iter())
            .map(|s| s.household.id)
            .collect();
        ids.sort();
        ids
    };
    let before = own().await;
    let measured = regie::bench::run(t.store.clone(), 20, 4, regie::bench::Part::All)
        .await
        .unwrap();
    assert_eq!(
        own().await,
        before,
        "the team works with the same households after a run"
    );
    let names: Vec<&str> = measured.iter().map(|m| m.name).collect();
    assert_eq!(
        names,
        [
            "read a case with its timeline",
            "list 50 households with a search",
            "look up someone known elsewhere (name and birth date)",
            "append an event (read case, decide, write state + event + log)",
            "receive a signal (radar + signal + events + log)",
            "radar of a household (look-up + log)",
            "figures for steering (a period and the one before)",
        ]
    );
    for m in &measured {
        assert!(m.samples > 0 && m.p50 > std::time::Duration::ZERO, "{}", m.name);
        assert!(m.p50 <= m.p99 && m.p99 <= m.max, "{}", m.name);
        assert!(m.concurrent_per_second > 0.0, "{}", m.name);
    }
    let bare: Vec<&str> = (measured.iter().filter(|m| m.bare.is_some())).map(|m| m.name).collect();
    assert_eq!(bare.len(), 5, "the operations with bare statements: {bare:?}");
}
