//! `regie generate` drops the indexes its import only writes and builds them once at the end; an import
//! stopped halfway gets them back at the next start (`Store::migrate`).

use jiff::civil::date;
use regie_access::Access;
use regie_domain::person::PersonName;
use regie_domain::time::now;
use regie_domain::{Membership, MembershipId, Person, PersonId, Relation, ShortText};
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

/// Every household in the store (up to 100), as the list gives them.
async fn households(t: &TestStore) -> Vec<regie_store::HouseholdSummary> {
    (t.store)
        .list_households(&HouseholdQuery {
            limit: 100,
            ..HouseholdQuery::default()
        })
        .await
        .unwrap()
}

/// Every index of the list is there before and after, on either backend.
async fn the_indexes_come_back(t: TestStore) {
    let before = t.indexes().await;
    let missing: Vec<&str> = (IMPORT_DEFERRED_INDEXES.iter().copied())
        .filter(|name| !before.iter().any(|i| i == name))
        .collect();
    assert_eq!(missing, Vec::<&str>::new());
    let access = Access::new(t.store.clone());
    let generated = regie::generate::generate(&access, 60, 20, 5, |_| {}).await.unwrap();
    assert_eq!(generated.households, 60);
    assert_eq!(t.indexes().await, before);
    // Every household is found by its name: its search words, written while the word index was dropped, are in
    // it.
    let all = households(&t).await;
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

/// While a bulk import has the index of the search words dropped (SQLite), a household whose words are
/// rewritten or that is destroyed changes its words as at any other time: once the index is back, the new
/// member is found and no word of the destroyed household is left.
#[tokio::test]
async fn words_changed_while_importing_are_in_the_index_after() {
    let t = regie_store::testing::sqlite().await;
    let access = Access::new(t.store.clone());
    regie::generate::generate(&access, 20, 0, 5, |_| {}).await.unwrap();
    let all = households(&t).await;
    let (changed, destroyed) = (all[0].household.clone(), all[1].household.clone());
    // As an import stopped halfway leaves the indexes.
    t.store.drop_indexes_for_import().await.unwrap();
    let text = |s: &str| ShortText::parse("name", s).unwrap();
    let newcomer = Person {
        id: PersonId::new(),
        name: PersonName {
            given: text("Zwaantje"),
            family: text("Nieuwkomer"),
        },
        date_of_birth: date(2019, 3, 4),
        bsn: None,
        address: None,
        version: 1,
    };
    t.store.create_person(&newcomer, now(), &[]).await.unwrap();
    let membership = Membership {
        id: MembershipId::new(),
        household_id: changed.id,
        person_id: newcomer.id,
        relation: Relation::Child,
        from: date(2026, 1, 1),
        to: None,
    };
    t.store.add_membership(&membership, &[]).await.unwrap();
    let rule = regie_domain::retention::Rule::Request;
    t.store.destroy_household(destroyed.id, rule, now(), &[]).await.unwrap();

    t.store.migrate().await.unwrap();
    let found = (t.store.list_households(&HouseholdQuery::typed("Zwaantje", None, 100)))
        .await
        .unwrap();
    assert_eq!(
        found.iter().map(|f| f.household.id).collect::<Vec<_>>(),
        vec![changed.id]
    );
    let found = (t
        .store
        .list_households(&HouseholdQuery::typed(changed.name.as_str(), None, 100)))
    .await
    .unwrap();
    assert!(
        found.iter().any(|f| f.household.id == changed.id),
        "still found by its name"
    );
    let orphans = t
        .count("SELECT COUNT(*) FROM household_tokens WHERE household_id NOT IN (SELECT id FROM households)")
        .await;
    assert_eq!(orphans, 0, "no word of the destroyed household");
}

#[tokio::test]
async fn a_generated_region_has_measures_for_its_gi_on_sqlite() {
    measures_for_the_gi(regie_store::testing::sqlite().await).await;
}

#[tokio::test]
async fn a_generated_region_has_measures_for_its_gi_on_postgres() {
    measures_for_the_gi(regie_store::testing::postgres().await).await;
}

/// Some of the generated region's open cases went to the juvenile court: its GI executes supervisions in
/// force, which its work list shows with the tasks the import wrote, each jeugdbeschermer's own among them,
/// and those cases are mandatory now.
async fn measures_for_the_gi(t: TestStore) {
    let access = Access::new(t.store.clone());
    regie::generate::generate(&access, 1_500, 0, 5, |_| {}).await.unwrap();
    let gi = access.sign_in_as("synth-gi-0").await.unwrap();
    let (all, total) = (access.scope(gi.actor()))
        .justice_worklist(regie_access::Whose::Organisation, 200, 0)
        .await
        .unwrap();
    assert!(total >= 3, "{total} measures' work at 1,500 households");
    for item in &all {
        let case = t.store.case(item.case_id).await.unwrap().unwrap();
        assert_eq!(case.legal_frame, regie_domain::LegalFrame::Mandatory);
        assert!(case.is_open());
        assert!(case.route.justice.in_force(regie_domain::time::today()).count() > 0);
    }
    // Each jeugdbeschermer's own: their measures and no one else's.
    let executors: std::collections::HashSet<_> = all.iter().filter_map(|i| i.work.professional).collect();
    assert!(executors.len() >= 2, "{executors:?}");
    let professionals = t.store.professionals(gi.organisation.region_id).await.unwrap();
    for executor in executors {
        let (p, o) = professionals.iter().find(|(p, _)| p.id == executor).unwrap();
        let (mine, _) = (access.scope(regie_domain::Actor::of(p.id, o)))
            .justice_worklist(regie_access::Whose::Mine, 200, 0)
            .await
            .unwrap();
        let theirs = all.iter().filter(|i| i.work.professional == Some(executor)).count();
        assert_eq!(mine.len(), theirs);
    }
}
