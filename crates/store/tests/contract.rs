//! The contract every backend must keep. Each test is written once and runs on SQLite and on PostgreSQL.

use jiff::civil::{Date, date};
use regie_domain::person::{MatchReason, PersonName, Prefix};
use regie_domain::time::now;
use regie_domain::*;
use regie_store::*;
use std::sync::Arc;

macro_rules! contract {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test]
            async fn $name() {
                let t = regie_store::testing::sqlite().await;
                super::$name(t.store.clone()).await;
            })*
        }
        mod postgres {
            $(#[tokio::test]
            async fn $name() {
                let t = regie_store::testing::postgres().await;
                super::$name(t.store.clone()).await;
            })*
        }
    };
}

contract!(
    a_household_reads_back_as_written,
    a_bsn_can_be_registered_only_once,
    duplicates_are_found_by_bsn_or_by_name_and_birth_date,
    a_child_can_belong_to_two_households_but_not_twice_to_one,
    an_ended_membership_cannot_end_again,
    households_are_found_by_the_start_of_a_members_name_or_bsn,
    household_pages_continue_after_the_last_one,
    one_household_has_at_most_one_open_case,
    a_stale_write_is_refused_and_changes_nothing,
    concurrent_changes_each_get_their_own_outcome,
    changes_built_on_each_other_land_in_order_in_one_group,
    worklists_find_the_open_cases_a_professional_leads_or_is_consulted_on,
    each_region_keeps_its_own_catalogue_norms_and_route_variant,
    teams_and_households_are_found_by_id,
    the_timeline_returns_every_event_in_order,
    need_to_know_reads_each_households_own_grounds,
    a_case_is_read_with_its_households_current_members,
    the_processing_log_keeps_who_read_whose_data,
    tokens_find_their_professional_and_usernames_are_unique,
    an_ended_access_takes_its_sessions_and_tokens_along_once,
    a_write_and_its_log_records_land_together,
    the_radar_finds_earlier_signals_by_person_household_and_period,
    an_assessment_joins_or_opens_a_case_with_the_signal_or_not_at_all,
    concurrent_intakes_and_case_changes_all_land,
    an_import_lands_whole_or_not_at_all,
    accounts_sessions_and_family_contributions_keep_their_rules,
    the_processing_log_is_one_hash_chain_under_concurrent_writes,
    reads_and_writes_keep_their_order_in_the_chain,
    a_consent_is_revoked_once_and_stays_on_record,
    figures_count_each_change_once_where_the_household_lives,
);

/// Two servers on one database append to one chain, each with its own group commit: the reads' records of
/// one land after the writes and reads of the other, each record committing to the one before it, and each
/// server finds the head wherever the other left it (PostgreSQL's committer remembers the head it last
/// wrote and must notice when another moved it).
async fn two_servers_append_to_one_chain(t: regie_store::testing::TestStore) {
    let (a, b) = (t.store.clone(), t.another().await);
    let r = region(&a).await;
    let h = household(&a, &r, "Huishouden Visser").await;
    let record = |purpose| ProcessingRecord {
        at: now(),
        actor: Processor::Professional(r.actor),
        purpose,
        operation: Operation::Read,
        household: Some(h.id),
        person: None,
        activity: "local_team_casework",
        span: span(),
        emergency: false,
    };
    let before = a.log_head().await.unwrap().0;
    a.log_processing(&[record("a1")]).await.unwrap();
    a.log_processing(&[record("a2"), record("a3")]).await.unwrap();
    b.log_processing(&[record("b1")]).await.unwrap();
    a.log_processing(&[record("a4")]).await.unwrap();
    let p = person("Sanne", "Visser", date(1990, 4, 4), None);
    b.create_person(&p, now(), &[record("b2")]).await.unwrap();
    a.log_processing(&[record("a5")]).await.unwrap();
    b.log_processing(&[record("b3")]).await.unwrap();
    a.log_processing(&[record("a6")]).await.unwrap();
    let chain = a.log_chain(before, 100, None).await.unwrap();
    let purposes: Vec<&str> = chain.iter().map(|c| c.record.purpose.as_str()).collect();
    assert_eq!(purposes, ["a1", "a2", "a3", "b1", "a4", "b2", "a5", "b3", "a6"]);
    let prev = match before {
        0 => CHAIN_START.to_owned(),
        n => a.log_chain(n - 1, 1, None).await.unwrap()[0].hash.clone(),
    };
    assert_eq!(b.log_head().await.unwrap(), (before + 9, chained(&chain, before, prev)));
}

/// Checks that records follow each other in the chain from the head `(seq, hash)` on: numbered without
/// gaps, each committing to the one before it and matching its own hash. Returns the last hash.
fn chained(chain: &[ChainedRecord], seq: i64, hash: String) -> String {
    let mut prev = hash;
    for (i, c) in chain.iter().enumerate() {
        assert_eq!(c.seq, seq + i as i64 + 1);
        assert_eq!(c.prev_hash, prev, "record {} follows the one before", c.seq);
        assert_eq!(
            chain_hash(&c.prev_hash, &c.record),
            c.hash,
            "record {} matches its hash",
            c.seq
        );
        prev.clone_from(&c.hash);
    }
    prev
}

/// A case's route and tally are stored without the members that hold nothing (issue 17, item 4: a third of a
/// route's bytes were empty lists and nulls) and read back whole: what the route holds stays, what it does
/// not hold is not written, and the case reads back equal to what was written.
async fn a_cases_documents_are_stored_without_empty_members(t: regie_store::testing::TestStore) {
    let store = t.store.clone();
    let r = region(&store).await;
    let h = household(&store, &r, "Huishouden Smit").await;
    let case = open_case(&store, &r, &h).await;
    let stored_text = |column: &str, like: &str| {
        format!(
            "SELECT COUNT(*) FROM cases WHERE id = {} AND CAST({column} AS TEXT) LIKE '{like}'",
            id_literal(&t, case.id.0)
        )
    };
    for empty in ["%justice%", "%rectification%", "%null%", "%[]%"] {
        assert_eq!(
            t.count(&stored_text("route", empty)).await,
            0,
            "{empty} in the opened case's route"
        );
    }
    // (Its journey's open last leg is `["question", null]`: a null in a list stays.)
    for empty in ["%waiting%", "%steps%", "%scale_ups%", "%closed%", "%[]%"] {
        assert_eq!(
            t.count(&stored_text("tally", empty)).await,
            0,
            "{empty} in the opened case's tally"
        );
    }
    assert_eq!(
        t.count(&stored_text("tally", "%voluntary%")).await,
        1,
        "the tally keeps its frame"
    );

    let (case, e) = case.change_phase(Phase::Analysis, None, &r.actor, now()).unwrap();
    let seen = now();
    let case = Case {
        route: Route {
            family_seen_until: Some(seen),
            ..case.route.clone()
        },
        ..case
    };
    store.record(&case, &e, &[]).await.unwrap();
    assert_eq!(t.count(&stored_text("route", "%family_seen_until%")).await, 1);
    assert_eq!(t.count(&stored_text("route", "%justice%")).await, 0);
    let back = store.case(case.id).await.unwrap().unwrap();
    assert_eq!(back, case);
    assert_eq!(back.route.family_seen_until, Some(seen));
    assert_eq!(back.route.justice, regie_domain::justice::Justice::default());
}

/// `id` as a literal in the test store's SQL: a blob on SQLite, a UUID on PostgreSQL.
fn id_literal(t: &regie_store::testing::TestStore, id: uuid::Uuid) -> String {
    match t.sqlite_path() {
        Some(_) => format!("x'{}'", id.simple()),
        None => format!("'{id}'"),
    }
}

#[tokio::test]
async fn a_cases_documents_are_stored_without_empty_members_on_sqlite() {
    a_cases_documents_are_stored_without_empty_members(regie_store::testing::sqlite().await).await;
}

#[tokio::test]
async fn a_cases_documents_are_stored_without_empty_members_on_postgres() {
    a_cases_documents_are_stored_without_empty_members(regie_store::testing::postgres().await).await;
}

/// Migrations 0053 and 0054 take a database's events and search words into their new format (the events
/// without their id, the words without the household's sort key): what was written before reads back in
/// order, and is found, on either backend.
async fn events_and_words_written_before_0053_read_back_after_0054(t: regie_store::testing::TestStore) {
    t.migrate_before(53).await;
    let store = t.store.clone();
    let r = region(&store).await;
    let (household, name) = (HouseholdId::new(), "Huishouden Wolters");
    let sort_key = regie_domain::person::normalise(name);
    let moment = |at: jiff::Timestamp| format!("'{}'", at.strftime("%Y-%m-%dT%H:%M:%S.%6fZ"));
    let (org, pro) = (
        id_literal(&t, r.actor.organisation.0),
        id_literal(&t, r.actor.professional.0),
    );
    let h = id_literal(&t, household.0);
    // As the store wrote them before: the household with its words and their sort key, the case, and its
    // events with their ids.
    t.tamper(&format!(
        "INSERT INTO households (id, region_id, name, sort_key, created_at, version) VALUES ({h}, {}, '{name}', '{sort_key}', {}, 1)",
        id_literal(&t, r.actor.region.0),
        moment(now())
    ))
    .await;
    for token in regie_store::household_tokens(name, []) {
        t.tamper(&format!(
            "INSERT INTO household_tokens (token, sort_key, household_id) VALUES ('{}', '{sort_key}', {h})",
            token.replace('\'', "''")
        ))
        .await;
    }
    let lead = Lead::new((r.actor.professional, r.actor.kind), None).unwrap();
    let (case, opened) = Case::open(household, lead, LegalFrame::Voluntary, None, &r.actor, now()).unwrap();
    let (case, analysis) = case.change_phase(Phase::Analysis, None, &r.actor, now()).unwrap();
    t.tamper(&format!(
        "INSERT INTO cases (id, household_id, phase, lead_primary, legal_frame, opened_at, handoffs, version) \
         VALUES ({}, {h}, 'analysis', {pro}, 'voluntary', {}, 0, 2)",
        id_literal(&t, case.id.0),
        moment(case.opened_at)
    ))
    .await;
    for e in [&opened, &analysis] {
        t.tamper(&format!(
            "INSERT INTO case_events (id, case_id, seq, at, actor_id, organisation_id, payload) VALUES ({}, {}, {}, {}, {pro}, {org}, '{}')",
            id_literal(&t, e.id.0),
            id_literal(&t, e.case_id.0),
            e.seq,
            moment(e.at),
            serde_json::to_string(&e.change).unwrap().replace('\'', "''")
        ))
        .await;
    }
    t.tamper("ANALYZE").await;

    store.migrate().await.unwrap();
    let events = store.events(case.id).await.unwrap();
    assert_eq!(
        events.iter().map(|e| (e.seq, e.change.clone())).collect::<Vec<_>>(),
        vec![(1, opened.change), (2, analysis.change)]
    );
    let found = store
        .list_households(&HouseholdQuery::typed("wolters", None, 10))
        .await
        .unwrap();
    assert_eq!(
        found.iter().map(|f| f.household.id).collect::<Vec<_>>(),
        vec![household]
    );
    for (table, gone) in [("case_events", "id"), ("household_tokens", "sort_key")] {
        let columns = match t.sqlite_path() {
            Some(_) => format!("SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = '{gone}'"),
            None => format!(
                "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema() \
                 AND table_name = '{table}' AND column_name = '{gone}'"
            ),
        };
        assert_eq!(t.count(&columns).await, 0, "{table}.{gone}");
        // SQLite drops a rebuilt table's statistics with it: the start gives them back.
        if t.sqlite_path().is_some() {
            let statistics = format!("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = '{table}'");
            assert!(t.count(&statistics).await > 0, "{table} is analysed again");
        }
    }
}

#[tokio::test]
async fn events_and_words_written_before_0053_read_back_after_0054_on_sqlite() {
    events_and_words_written_before_0053_read_back_after_0054(regie_store::testing::sqlite_unmigrated().await).await;
}

#[tokio::test]
async fn events_and_words_written_before_0053_read_back_after_0054_on_postgres() {
    events_and_words_written_before_0053_read_back_after_0054(regie_store::testing::postgres_unmigrated().await).await;
}

#[tokio::test]
async fn two_servers_append_to_one_chain_on_sqlite() {
    two_servers_append_to_one_chain(regie_store::testing::sqlite().await).await;
}

#[tokio::test]
async fn two_servers_append_to_one_chain_on_postgres() {
    two_servers_append_to_one_chain(regie_store::testing::postgres().await).await;
}

/// A fresh span for a test's log records.
fn span() -> Span {
    Span {
        trace_id: *uuid::Uuid::now_v7().as_bytes(),
        span_id: uuid::Uuid::now_v7().as_bytes()[8..].try_into().unwrap(),
        parent_span_id: None,
    }
}

struct TestRegion {
    region: RegionId,
    actor: Actor,
}

async fn region(store: &Arc<dyn Store>) -> TestRegion {
    region_of(store, OrganisationKind::LocalTeam, None).await
}

/// A region with one organisation of `kind` and one professional, in `team` when given.
async fn region_of(store: &Arc<dyn Store>, kind: OrganisationKind, team: Option<&str>) -> TestRegion {
    let region = Region {
        id: RegionId::new(),
        name: "Regio Test".into(),
    };
    store.create_region(&region).await.unwrap();
    let org = Organisation {
        id: OrganisationId::new(),
        region_id: region.id,
        name: "Lokaal team Noord".into(),
        kind,
    };
    store.create_organisation(&org).await.unwrap();
    let team_id = match team {
        Some(name) => {
            let t = Team {
                id: TeamId::new(),
                organisation_id: org.id,
                name: name.into(),
                contact: Contact {
                    phone: Some("020 123 40 00".into()),
                    email: None,
                },
            };
            store.create_team(&t).await.unwrap();
            Some(t.id)
        }
        None => None,
    };
    let pro = Professional {
        id: ProfessionalId::new(),
        organisation_id: org.id,
        team_id,
        username: format!("pro-{}", ProfessionalId::new()),
        display_name: "Fatima El Amrani".into(),
        contact: Contact {
            phone: Some("020 123 45 67".into()),
            email: Some("fatima@regie-demo.example".into()),
        },
        ended: None,
    };
    store.create_professional(&pro).await.unwrap();
    TestRegion {
        region: region.id,
        actor: Actor::of(pro.id, &org),
    }
}

fn text(s: &str) -> ShortText {
    ShortText::parse("t", s).unwrap()
}

fn reason(s: &str) -> Reason {
    Reason::parse("reason", s).unwrap()
}

fn person(given: &str, family: &str, dob: Date, bsn: Option<&str>) -> Person {
    Person {
        id: PersonId::new(),
        name: PersonName {
            given: text(given),
            family: text(family),
        },
        date_of_birth: dob,
        bsn: bsn.map(|b| Bsn::parse("bsn", b).unwrap()),
        address: None,
        version: 1,
    }
}

async fn household(store: &Arc<dyn Store>, r: &TestRegion, name: &str) -> Household {
    let h = Household {
        id: HouseholdId::new(),
        region_id: r.region,
        name: text(name),
        address: Some(Address::parse(Prefix::Address, "Lindelaan", "12", "1234ab", "Voorbeeldstad").unwrap()),
        registered_by: None,
        version: 1,
    };
    store.create_household(&h, now(), &[]).await.unwrap();
    h
}

async fn member(store: &Arc<dyn Store>, h: &Household, p: &Person, relation: Relation) -> Membership {
    let m = Membership {
        id: MembershipId::new(),
        household_id: h.id,
        person_id: p.id,
        relation,
        from: date(2020, 1, 1),
        to: None,
    };
    store.add_membership(&m, &[]).await.unwrap();
    m
}

fn new_case(r: &TestRegion, h: &Household) -> (Case, NewEvent) {
    let lead = Lead::new((r.actor.professional, r.actor.kind), None).unwrap();
    Case::open(h.id, lead, LegalFrame::Voluntary, None, &r.actor, now()).unwrap()
}

/// The household of a case, as stored.
async fn a_household(store: &Arc<dyn Store>, c: &Case) -> Household {
    store.household(c.household_id).await.unwrap().unwrap()
}

async fn open_case(store: &Arc<dyn Store>, r: &TestRegion, h: &Household) -> Case {
    let (case, event) = new_case(r, h);
    store.open_case(&case, &event, &[]).await.unwrap();
    case
}

fn conflict_code(err: StoreError) -> &'static str {
    match err {
        StoreError::Conflict { code, .. } => code,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

async fn a_household_reads_back_as_written(store: Arc<dyn Store>) {
    let r = region(&store).await;
    let h = household(&store, &r, "Huishouden De Vries").await;
    assert_eq!(store.household(h.id).await.unwrap(), Some(h));
    assert_eq!(store.household(HouseholdId::new()).await.unwrap(), None);
}

async fn a_bsn_can_be_registered_only_once(store: Arc<dyn Store>) {
    let p = person("Sanne", "Jansen", date(2015, 3, 1), Some("999990019"));
    store.create_person(&p, now(), &[]).await.unwrap();
    let twin = person("Other", "Name", date(1990, 1, 1), Some("999990019"));
    assert_eq!(
        conflict_code(store.create_person(&twin, now(), &[]).await.unwrap_err()),
        "bsn_taken"
    );
    assert_eq!(store.person(twin.id).await.unwrap(), None);
    assert_eq!(store.person(p.id).await.unwrap(), Some(p));
}

async fn duplicates_are_found_by_bsn_or_by_name_and_birth_date(store: Arc<dyn Store>) {
    let with_bsn = person("Sanne", "Jansen", date(2015, 3, 1), Some("999990019"));
    let same_name = person("Anaïs", "de Vries", date(1988, 7, 9), None);
    let other = person("Anaïs", "de Vries", date(1988, 7, 10), None);
    for p in [&with_bsn, &same_name, &other] {
        store.create_person(p, now(), &[]).await.unwrap();
    }
    let bsn = Bsn::parse("bsn", "999990019").unwrap();
    let found = store
        .person_matches("someone else", date(2000, 1, 1), Some(&bsn))
        .await
        .unwrap();
    let found: Vec<_> = found.iter().map(|m| (m.person.id, m.reason)).collect();
    assert_eq!(found, vec![(with_bsn.id, MatchReason::SameBsn)]);
    let key = PersonName {
        given: text("anais"),
        family: text("De  Vries"),
    }
    .match_key();
    let found = store.person_matches(&key, date(1988, 7, 9), None).await.unwrap();
    let found: Vec<_> = found.iter().map(|m| (m.person.id, m.reason)).collect();
    assert_eq!(found, vec![(same_name.id, MatchReason::SameNameAndDateOfBirth)]);
}

async fn a_child_can_belong_to_two_households_but_not_twice_to_one(store: Arc<dyn Store>) {
    let r = region(&store).await;
    let mother = household(&store, &r, "Huishouden Bakker").await;
    let father = household(&store, &r, "Huishouden Smit").await;
    let child = person("Noor", "Smit", date(2016, 5, 5), None);
    store.create_person(&child, now(), &[]).await.unwrap();
    member(&store, &mother, &child, Relation::Child).await;
    member(&store, &father, &child, Relation::Child).await;
    assert_eq!(store.memberships_of(child.id).await.unwrap().len(), 2);
    // Many persons at once: those who exist, each with all their memberships; an unknown id is left out.
    let alone = person("Sem", "Smit", date(1990, 2, 2), None);
    store.create_person(&alone, now(), &[]).await.unwrap();
    let mut found = (store
        .persons_memberships(&[child.id, PersonId::new(), alone.id])
        .await
        .unwrap())
    .into_iter()
    .map(|(p, ms)| {
        let mut households: Vec<HouseholdId> = ms.iter().map(|m| m.household_id).collect();
        households.sort();
        (p, households)
    })
    .collect::<Vec<_>>();
    found.sort();
    let mut both = vec![mother.id, father.id];
    both.sort();
    let mut expected = vec![(child.id, both), (alone.id, vec![])];
    expected.sort();
    assert_eq!(found, expected);
    let again = Membership {
        id: MembershipId::new(),
        household_id: mother.id,
        person_id: child.id,
        relation: Relation::Child,
        from: date(2021, 1, 1),
        to: None,
    };
    assert_eq!(
        conflict_code(store.add_membership(&again, &[]).await.unwrap_err()),
        "already_member"
    );
    assert_eq!(store.members(mother.id).await.unwrap().len(), 1);
    // Read together: both households' members, and the persons by id (an unknown id is skipped).
    let parent = person("Eva", "Bakker", date(1988, 2, 2), None);
    store.create_person(&parent, now(), &[]).await.unwrap();
    member(&store, &mother, &parent, Relation::Parent).await;
    let lonely = household(&store, &r, "Huishouden Leeg").await;
    let mut both: Vec<_> = (store.members_of(&[mother.id, father.id]).await.unwrap().into_iter())
        .map(|m| (m.membership.household_id, m.person.id))
        .collect();
    both.sort();
    let mut expected = vec![(mother.id, child.id), (mother.id, parent.id), (father.id, child.id)];
    expected.sort();
    assert_eq!(both, expected);
    assert!(store.members_of(&[lonely.id]).await.unwrap().is_empty());
    let mut found = store.persons(&[parent.id, child.id, PersonId::new()]).await.unwrap();
    found.sort_by_key(|p| p.name.given.as_str().to_owned());
    assert_eq!(found, vec![parent, child]);
}

async fn an_ended_membership_cannot_end_again(store: Arc<dyn Store>) {
    let r = region(&store).await;
    let h = household(&store, &r, "Huishouden Bakker").await;
    let p = person("Kees", "Bakker", date(1980, 2, 2), None);
    store.create_person(&p, now(), &[]).await.unwrap();
    let m = member(&store, &h, &p, Relation::Parent).await;
    let ended = m.end(date(2025, 6, 1), date(2026, 1, 1)).unwrap();
    store.end_membership(&ended, &[]).await.unwrap();
    assert_eq!(store.membership(m.id).await.unwrap(), Some(ended.clone()));
    let later = Membership {
        to: Some(date(2025, 7, 1)),
        ..m
    };
    assert_eq!(
        conflict_code(store.end_membership(&later, &[]).await.unwrap_err()),
        "stale_version"
    );
    assert_eq!(store.membership(ended.id).await.unwrap(), Some(ended));
}

async fn households_are_found_by_the_start_of_a_members_name_or_bsn(store: Arc<dyn Store>) {
    let r = region(&store).await;
    let h = household(&store, &r, "Huishouden Yılmaz").await;
    let other = household(&store, &r, "Huishouden Jansen").await;
    let p = person("Émile", "van den Berg", date(2010, 1, 2), Some("999990020"));
    store.create_person(&p, now(), &[]).await.unwrap();
    let m = member(&store, &h, &p, Relation::Child).await;
    let find = |words: &[&str]| {
        let store = store.clone();
        let q = HouseholdQuery::typed(&words.join(" "), None, 50);
        async move {
            store
                .list_households(&q)
                .await
                .unwrap()
                .into_iter()
                .map(|s| s.household.id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(find(&["emi"]).await, vec![h.id]);
    assert_eq!(find(&["Berg", "Yil"]).await, vec![h.id]);
    assert_eq!(find(&["99999002"]).await, vec![h.id]);
    assert_eq!(find(&["02-01-2010"]).await, vec![h.id]);
    assert_eq!(find(&["2010-01-02"]).await, vec![h.id]);
    assert_eq!(find(&["02-01-2011"]).await, Vec::<HouseholdId>::new());
    assert_eq!(find(&["jansen"]).await, vec![other.id]);
    assert_eq!(find(&["berg", "jansen"]).await, Vec::<HouseholdId>::new());
    assert_eq!(find(&["huishouden"]).await.len(), 2);
    // A phrase finds the name it starts; the same words in another order are still found word by word.
    assert_eq!(find(&["van", "den", "be"]).await, vec![h.id]);
    assert_eq!(find(&["emile", "van", "den"]).await, vec![h.id]);
    assert_eq!(find(&["berg", "van"]).await, vec![h.id]);
    // When a name starts with the phrase, households that merely hold the words apart are left out.
    let vries = household(&store, &r, "Huishouden De Vries").await;
    let apart = household(&store, &r, "Huishouden Vriesema").await;
    let daan = person("Daan", "de Boer", date(2012, 1, 1), None);
    store.create_person(&daan, now(), &[]).await.unwrap();
    member(&store, &apart, &daan, Relation::Child).await;
    assert_eq!(find(&["de", "vries"]).await, vec![vries.id]);
    assert_eq!(find(&["daan", "vries"]).await, vec![apart.id]);
    // A former member no longer finds the household.
    store
        .end_membership(&m.end(date(2025, 1, 1), date(2026, 1, 1)).unwrap(), &[])
        .await
        .unwrap();
    assert_eq!(find(&["emile"]).await, Vec::<HouseholdId>::new());
}

async fn household_pages_continue_after_the_last_one(store: Arc<dyn Store>) {
    let r = region(&store).await;
    let mut ids = Vec::new();
    for name in [
        "Huishouden E",
        "Huishouden A",
        "Huishouden D",
        "Huishouden B",
        "Huishouden C",
    ] {
        ids.push((name, household(&store, &r, name).await));
    }
    ids.sort_by_key(|(name, _)| *name);
    let c = open_case(&store, &r, &ids[0].1).await;
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = store
            .list_households(&HouseholdQuery {
                words: vec![],
                phrase: None,
                after,
                limit: 2,
                within: None,
            })
            .await
            .unwrap();
        if page.is_empty() {
            break;
        }
        after = page.last().map(|s| s.household.id);
        seen.extend(page);
    }
    let expected: Vec<_> = ids.iter().map(|(_, h)| h.id).collect();
    assert_eq!(seen.iter().map(|s| s.household.id).collect::<Vec<_>>(), expected);
    // Paging through search results keeps the same order and misses nothing.
    let mut searched = Vec::new();
    let mut after = None;
    loop {
        let q = HouseholdQuery {
            words: search_words("huis"),
            phrase: None,
            after,
            limit: 2,
            within: None,
        };
        let page = store.list_households(&q).await.unwrap();
        let Some(last) = page.last() else { break };
        after = Some(last.household.id);
        searched.extend(page.into_iter().map(|s| s.household.id));
    }
    assert_eq!(searched, expected);
    // The same for a word that is exactly one token.
    let mut bakkers = Vec::new();
    for (_, h) in &ids[1..4] {
        let p = person("Kees", "Bakker", date(1980, 1, 1), None);
        store.create_person(&p, now(), &[]).await.unwrap();
        member(&store, h, &p, Relation::Parent).await;
        bakkers.push(h.id);
    }
    let mut found = Vec::new();
    let mut after = None;
    loop {
        let page = store
            .list_households(&HouseholdQuery::typed("bakker", after, 2))
            .await
            .unwrap();
        let Some(last) = page.last() else { break };
        after = Some(last.household.id);
        found.extend(page.into_iter().map(|s| s.household.id));
    }
    assert_eq!(found, bakkers);
    assert_eq!(seen[0].open_case, Some((c.id, Phase::Question)));
    assert_eq!(seen[1].open_case, None);
}

async fn one_household_has_at_most_one_open_case(store: Arc<dyn Store>) {
    let r = region(&store).await;
    let h = household(&store, &r, "Huishouden Bakker").await;
    let first = open_case(&store, &r, &h).await;
    let (second, event) = new_case(&r, &h);
    assert_eq!(
        conflict_code(store.open_case(&second, &event, &[]).await.unwrap_err()),
        "open_case_exists"
    );
    assert_eq!(store.case(second.id).await.unwrap(), None);
    assert_eq!(store.events(second.id).await.unwrap(), vec![]);
    // Once the first is closed, a new case may be opened.
    let (closed, close_event) = first.close(reason("doelen bereikt"), &r.actor, now()).unwrap();
    store.record(&closed, &close_event, &[]).await.unwrap();
    assert_eq!(store.open_case_of(h.id).await.unwrap(), None);
    let third = open_case(&store, &r, &h).await;
    assert_eq!(store.open_case_of(h.id).await.unwrap(), Some(third));
}

async fn a_stale_write_is_refused_and_changes_nothing(store: Arc<dyn Store>) {
    let r = region(&store).await;
    let h = household(&store, &r, "Huishouden Bakker").await;
    let case = open_case(&store, &r, &h).await;
    let (analysis, e1) = case.change_phase(Phase::Analysis, None, &r.actor, now()).unwrap();
    store.record(&analysis, &e1, &[]).await.unwrap();
    // A second client still holding version 1 tries its own change.
    let (stale, e2) = case.close(reason("verhuisd"), &r.actor, now()).unwrap();
    assert_eq!(
        conflict_code(store.record(&stale, &e2, &[]).await.unwrap_err()),
        "stale_version"
    );
    assert_eq!(store.case(case.id).await.unwrap(), Some(analysis));
    assert_eq!(store.events(case.id).await.unwrap().len(), 2);
    // A write for a case that does not exist is not found, not a conflict.
    let ghost = Case {
        id: CaseId::new(),
        ..stale
    };
    let ghost_event = NewEvent {
        case_id: ghost.id,
        ..e2
    };
    assert!(matches!(
        store.record(&ghost, &ghost_event, &[]).await,
        Err(StoreError::NotFound { .. })
    ));
}

/// A client that sends a change and the change built on it before the first is answered (they reach the
/// group commit together: the test's runtime has one thread, so all three are queued before the committer
/// runs): both land, in order, and a third built on the case's first version is refused as stale without
/// stopping the others.
async fn changes_built_on_each_other_land_in_order_in_one_group(store: Arc<dyn Store>) {
    let r = region(&store).await;
    let h = household(&store, &r, "Huishouden Bakker").await;
    let case = open_case(&store, &r, &h).await;
    let (analysis, e2) = case.change_phase(Phase::Analysis, None, &r.actor, now()).unwrap();
    let (plan, e3) = analysis.change_phase(Phase::Plan, None, &r.actor, now()).unwrap();
    let (stale, e4) = case.close(reason("verhuisd"), &r.actor, now()).unwrap();
    let (first, second, third) = tokio::join!(
        store.record(&analysis, &e2, &[]),
        store.record(&plan, &e3, &[]),
        store.record(&stale, &e4, &[]),
    );
    first.unwrap();
    second.unwrap();
    assert_eq!(conflict_code(third.unwrap_err()), "stale_version");
    assert_eq!(store.case(case.id).await.unwrap(), Some(plan));
    let events = store.events(case.id).await.unwrap();
    assert_eq!(events.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![1, 2, 3]);
    assert_eq!(
        events.iter().map(|e| e.change.kind()).collect::<Vec<_>>(),
        vec!["opened", "phase_changed", "phase_changed"]
    );
}

/// Two clients race on each of ten cases (SQLite writes racing changes in one group commit): per case exactly
/// one change lands with its event and log record, and the other is refused as stale.
async fn concurrent_changes_each_get_their_own_outcome(store: Arc<dyn Store>) {
    let r = region(&store).await;
    let mut cases = Vec::new();
    for i in 0..10 {
        let h = household(&store, &r, &format!("Huishouden {i}")).await;
        cases.push(open_case(&store, &r, &h).await);
    }
    let mut racing = tokio::task::JoinSet::new();
    for case in &cases {
        let log = [ProcessingRecord {
            at: now(),
            actor: Processor::Professional(r.actor),
            purpose: "case",
            operation: Operation::Write,
            household: Some(case.household_id),
            person: None,
            activity: "local_team_casework",
            span: span(),
            emergency: false,
        }];
        let (next, e) = case.change_phase(Phase::Analysis, None, &r.actor, now()).unwrap();
        let (closed, c) = case.close(reason("verhuisd"), &r.actor, now()).unwrap();
        for (next, e) in [(next, e), (closed, c)] {
            let (store, log) = (store.clone(), log.clone());
            racing.spawn(async move { (next.clone(), store.record(&next, &e, &log).await) });
        }
    }
    let outcomes = racing.join_all().await;
    for case in &cases {
        let mine: Vec<_> = outcomes.iter().filter(|(next, _)| next.id == case.id).collect();
        let won: Vec<_> = mine.iter().filter(|(_, outcome)| outcome.is_ok()).collect();
        assert_eq!(won.len(), 1, "exactly one change lands on each case");
        let lost = mine.iter().find(|(_, outcome)| outcome.is_err()).unwrap();
        assert!(matches!(
            &lost.1,
            Err(StoreError::Conflict {
                code: "stale_version",
                ..
            })
        ));
        assert_eq!(store.case(case.id).await.unwrap().as_ref(), Some(&won[0].0));
        assert_eq!(store.events(case.id).await.unwrap().len(), 2);
        assert_eq!(store.processing_of_household(case.household_id).await.unwrap().len(), 1);
    }
}

async fn the_timeline_returns_every_event_in_order(store: Arc<dyn Store>) {
    let r = region(&store).await;
    let rvt = region(&store).await;
    let h = household(&store, &r, "Huishouden Bakker").await;
    let case = open_case(&store, &r, &h).await;
    let (case, e) = case.change_phase(Phase::Analysis, None, &r.actor, now()).unwrap();
    store.record(&case, &e, &[]).await.unwrap();
    let duo = Lead::new(
        (r.actor.professional, r.actor.kind),
        Some((rvt.actor.professional, rvt.actor.kind)),
    )
    .unwrap();
    let (case, e) = case.change_lead(duo, reason("samenwerking"), &r.actor, now()).unwrap();
    store.record(&case, &e, &[]).await.unwrap();
    let (case, e) = case
        .change_phase(Phase::Question, Some(reason("nieuwe vraag")), &r.actor, now())
        .unwrap();
    store.record(&case, &e, &[]).await.unwrap();
    let (case, e) = case.close(reason("verhuisd"), &r.actor, now()).unwrap();
    store.record(&case, &e, &[]).await.unwrap();

    let events = store.events(case.id).await.unwrap();
    assert_eq!(events.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![1, 2, 3, 4, 5]);
    assert_eq!(
        events.iter().map(|e| e.change.kind()).collect::<Vec<_>>(),
        vec!["opened", "phase_changed", "lead_changed", "phase_changed", "closed"]
    );
    assert_eq!(events[3].reason.as_deref(), Some("nieuwe vraag"));
    assert_eq!(
        events[2].change,
        CaseChange::LeadChanged {
            from: Lead {
                primary: r.actor.professional,
                secondary: None
            },
            to: duo
        }
    );
    let stored = store.case(case.id).await.unwrap().unwrap();
    assert_eq!((stored.handoffs, stored.version, stored.phase), (1, 5, Phase::Closed));
    assert_eq!(stored, case);

    // The same timeline with the acting professional's name and organisation, read together.
    let (me, organisation) = store.professional(r.actor.professional).await.unwrap().unwrap();
    let named = store.named_events(case.id).await.unwrap();
    assert_eq!(named.iter().map(|(e, _)| e.clone()).collect::<Vec<_>>(), events);
    assert!(
        named
            .iter()
            .all(|(_, names)| names.as_ref() == Some(&(me.display_name.clone(), organisation.name.clone())))
    );
    assert_eq!(store.case_with_household(case.id).await.unwrap(), Some((case, h)));
    assert_eq!(store.case_with_household(CaseId::new()).await.unwrap(), None);
}

/// Need-to-know's grounds about households, read in one statement, are each household's own: its current
/// case (the open one, not the one closed before it), the signals the asker's organisation received about
/// it, the asker's emergency access, its members today (only when asked); nothing of another household.
async fn need_to_know_reads_each_households_own_grounds(store: Arc<dyn Store>) {
    let r = region(&store).await;
    let h = household(&store, &r, "Huishouden Grond").await;
    let neighbour = household(&store, &r, "Huishouden Buur").await;
    let (anna, bram) = (
        person("Anna", "Grond", date(2015, 1, 1), None),
        person("Bram", "Grond", date(1980, 1, 1), None),
    );
    for p in [&anna, &bram] {
        store.create_person(p, now(), &[]).await.unwrap();
    }
    member(&store, &h, &anna, Relation::Child).await;
    let left = member(&store, &h, &bram, Relation::Parent).await;
    let ended = left.end(date(2021, 1, 1), regie_domain::time::today()).unwrap();
    store.end_membership(&ended, &[]).await.unwrap();
    // A closed case, then the open one that is the current case; the neighbour's case is the neighbour's.
    let first = open_case(&store, &r, &h).await;
    let (closed, event) = first.close(reason("klaar"), &r.actor, now()).unwrap();
    store.record(&closed, &event, &[]).await.unwrap();
    let case = open_case(&store, &r, &h).await;
    let theirs = open_case(&store, &r, &neighbour).await;
    let signal = signal_about(&r, vec![anna.id], Some(h.id), 3);
    let intake = SignalIntake {
        signal: signal.clone(),
        households: vec![h.id],
        actor: r.actor,
    };
    store.create_signals(&[], &[intake], &[]).await.unwrap();
    let cal = regie_domain::calendar::Calendar::default();
    let emergency =
        regie_domain::emergency::EmergencyAccess::open(&r.actor, h.id, "acute_danger", "Nood", now(), &cal).unwrap();
    store.create_emergency(&emergency, &[]).await.unwrap();

    let (me, organisation, today) = (r.actor.professional, r.actor.organisation, regie_domain::time::today());
    let both = [h.id, neighbour.id];
    let grounds = (store.grounds_about(me, organisation, &both, now(), today, true))
        .await
        .unwrap();
    let mut cases = grounds.cases.clone();
    cases.sort_by_key(|c| c.household_id == neighbour.id);
    assert_eq!(
        cases,
        vec![case, theirs],
        "each household's open case, not the closed one"
    );
    let signals: Vec<_> = grounds.signals.iter().map(|s| (s.about, s.signal.id)).collect();
    assert_eq!(signals, vec![(h.id, signal.id)]);
    assert_eq!(grounds.emergency, vec![h.id]);
    assert_eq!(grounds.members, vec![(h.id, anna.id)], "Bram left the household");
    // Another professional of the organisation has no emergency access of their own; without members
    // asked for, none are read.
    let colleague = region(&store).await.actor.professional;
    let theirs = (store.grounds_about(colleague, organisation, &both, now(), today, false))
        .await
        .unwrap();
    assert_eq!(
        (theirs.emergency, theirs.members, theirs.signals.len()),
        (vec![], vec![], 1)
    );
}

async fn a_case_is_read_with_its_households_current_members(store: Arc<dyn Store>) {
    let r = region(&store).await;
    let h = household(&store, &r, "Huishouden Jansen").await;
    let case = open_case(&store, &r, &h).await;
    let today = date(2026, 6, 1);
    let mut current = Vec::new();
    for (given, from, to) in [
        ("Anna", date(2020, 1, 1), None),
        ("Bram", date(2024, 1, 1), Some(today)),
        ("Cor", date(2019, 1, 1), Some(date(2026, 5, 31))),
        ("Dirk", date(2026, 6, 2), None),
    ] {
        let p = person(given, "Jansen", date(2010, 3, 3), None);
        store.create_person(&p, now(), &[]).await.unwrap();
        let m = Membership {
            id: MembershipId::new(),
            household_id: h.id,
            person_id: p.id,
            relation: Relation::Child,
            from,
            to,
        };
        store.add_membership(&m, &[]).await.unwrap();
        if m.is_current_on(today) {
            current.push(p.id);
        }
    }
    // A member of another household is not read with it.
    let other = household(&store, &r, "Huishouden Smit").await;
    let stranger = person("Eva", "Smit", date(1990, 1, 1), None);
    store.create_person(&stranger, now(), &[]).await.unwrap();
    member(&store, &other, &stranger, Relation::Parent).await;

    let (read, mut members) = store.case_with_members(case.id, today).await.unwrap().unwrap();
    assert_eq!(read, case);
    members.sort();
    current.sort();
    assert_eq!(current.len(), 2, "Anna, and Bram on his last day");
    assert_eq!(members, current);
    assert_eq!(store.case_with_members(CaseId::new(), today).await.unwrap(), None);
}

async fn the_processing_log_keeps_who_read_whose_data(store: Arc<dyn Store>) {
    let r = region(&store).await;
    let h = household(&store, &r, "Huishouden Bakker").await;
    let p = person("Kees", "Bakker", date(1980, 2, 2), None);
    store.create_person(&p, now(), &[]).await.unwrap();
    member(&store, &h, &p, Relation::Parent).await;
    let record = |operation, household, person| ProcessingRecord {
        at: now(),
        actor: Processor::Professional(r.actor),
        purpose: "household_file",
        operation,
        household,
        person,
        activity: "local_team_casework",
        span: span(),
        emergency: false,
    };
    // Kees himself reads his household's file in the portal, for the organisation whose file it is.
    let own_read = ProcessingRecord {
        actor: Processor::Family {
            person: p.id,
            organisation: r.actor.organisation,
        },
        activity: "family_portal",
        ..record(Operation::Read, Some(h.id), Some(p.id))
    };
    let records = [
        record(Operation::Write, None, Some(p.id)),
        record(Operation::Read, Some(h.id), None),
        own_read,
    ];
    store.log_processing(&records).await.unwrap();
    let of_person = store.processing_of_person(p.id).await.unwrap();
    assert_eq!(of_person.len(), 2);
    assert_eq!(
        (
            of_person[0].operation.as_str(),
            of_person[0].professional,
            of_person[0].by_person
        ),
        ("write", Some(r.actor.professional), None)
    );
    assert_eq!(
        (
            of_person[1].professional,
            of_person[1].by_person,
            of_person[1].organisation
        ),
        (None, Some(p.id), r.actor.organisation)
    );
    assert_eq!(store.processing_of_household(h.id).await.unwrap().len(), 3);
    // Records of Kees made under another household (where he lived before) are his too, in order, and show
    // in his present household's log; that household's own records and another person's there do not.
    let before = household(&store, &r, "Huishouden Bakker-Jansen").await;
    let other = person("Anna", "Jansen", date(1982, 3, 3), None);
    store.create_person(&other, now(), &[]).await.unwrap();
    store
        .log_processing(&[
            record(Operation::Read, Some(before.id), Some(p.id)),
            record(Operation::Read, Some(before.id), Some(other.id)),
            record(Operation::Read, Some(before.id), None),
        ])
        .await
        .unwrap();
    let of_person = store.processing_of_person(p.id).await.unwrap();
    assert_eq!(of_person.len(), 3);
    assert_eq!(of_person[2].household, Some(before.id), "the latest last");
    let of_household = store.processing_of_household(h.id).await.unwrap();
    assert_eq!(of_household.len(), 4);
    assert!(
        of_household
            .iter()
            .all(|l| l.household == Some(h.id) || l.person == Some(p.id))
    );
    assert_eq!(store.processing_of_person(other.id).await.unwrap().len(), 1);
    // Every record, the family's too, is in the chain and hashes as stored.
    let chain = store.log_chain(0, 100, None).await.unwrap();
    assert!(chain.iter().all(|c| chain_hash(&c.prev_hash, &c.record) == c.hash));
    assert!(chain.iter().any(|c| c.record.by_person == Some(p.id)));
}

/// The log records of a write land in the write's own transaction: with it, or not at all.
async fn a_write_and_its_log_records_land_together(store: Arc<dyn Store>) {
    let r = region(&store).await;
    let write = |household, person| ProcessingRecord {
        at: now(),
        actor: Processor::Professional(r.actor),
        purpose: "household_file",
        operation: Operation::Write,
        household,
        person,
        activity: "local_team_casework",
        span: span(),
        emergency: false,
    };
    let p = person("Kees", "Bakker", date(1980, 2, 2), Some("999990032"));
    store
        .create_person(&p, now(), &[write(None, Some(p.id))])
        .await
        .unwrap();
    assert_eq!(store.processing_of_person(p.id).await.unwrap().len(), 1);
    // A refused write (the BSN is known) leaves no log record behind.
    let twin = person("Kees", "Bakker", date(1980, 2, 2), Some("999990032"));
    store
        .create_person(&twin, now(), &[write(None, Some(twin.id))])
        .await
        .unwrap_err();
    assert_eq!(store.processing_of_person(twin.id).await.unwrap().len(), 0);
    let h = Household {
        id: HouseholdId::new(),
        region_id: r.region,
        name: text("Huishouden Bakker"),
        address: None,
        registered_by: None,
        version: 1,
    };
    store
        .create_household(&h, now(), &[write(Some(h.id), None)])
        .await
        .unwrap();
    let m = Membership {
        id: MembershipId::new(),
        household_id: h.id,
        person_id: p.id,
        relation: Relation::Parent,
        from: date(2020, 1, 1),
        to: None,
    };
    store
        .add_membership(&m, &[write(Some(h.id), Some(p.id))])
        .await
        .unwrap();
    store
        .add_membership(
            &Membership {
                id: MembershipId::new(),
                ..m
            },
            &[write(Some(h.id), Some(p.id))],
        )
        .await
        .unwrap_err();
    let ended = m.end(date(2025, 1, 1), date(2026, 1, 1)).unwrap();
    store
        .end_membership(&ended, &[write(Some(h.id), Some(p.id))])
        .await
        .unwrap();
    store
        .end_membership(&ended, &[write(Some(h.id), Some(p.id))])
        .await
        .unwrap_err();
    // The household's log also shows the records about its members: here Kees's registration.
    assert_eq!(store.processing_of_household(h.id).await.unwrap().len(), 4);
    assert_eq!(store.processing_of_person(p.id).await.unwrap().len(), 3);
}

async fn tokens_find_their_professional_and_usernames_are_unique(store: Arc<dyn Store>) {
    let r = region(&store).await;
    store.store_token("abc123", r.actor.professional, now()).await.unwrap();
    let (pro, org) = store.professional_by_token("abc123").await.unwrap().unwrap();
    assert_eq!(
        (pro.id, org.id, org.kind),
        (r.actor.professional, r.actor.organisation, OrganisationKind::LocalTeam)
    );
    assert!(store.professional_by_token("abc124").await.unwrap().is_none());
    let twin = Professional {
        id: ProfessionalId::new(),
        ..pro.clone()
    };
    assert_eq!(
        conflict_code(store.create_professional(&twin).await.unwrap_err()),
        "username_taken"
    );
    let found = store.professional_by_username(&pro.username).await.unwrap();
    assert_eq!(found.as_ref().map(|p| p.id), Some(pro.id));
    // The contact details come back as written, on every read.
    let contact = |p: &Professional| (p.contact.phone.clone(), p.contact.email.clone());
    let written = (Some("020 123 45 67".into()), Some("fatima@regie-demo.example".into()));
    assert_eq!(contact(&found.unwrap()), written);
    assert_eq!(contact(&pro), written, "read by its token");
    let (by_id, _) = store.professional(pro.id).await.unwrap().unwrap();
    assert_eq!(contact(&by_id), written);
    // A region's directory holds its own professionals only.
    let other = region(&store).await;
    let ids = |listed: &[(Professional, Organisation)]| listed.iter().map(|(p, _)| p.id).collect::<Vec<_>>();
    let theirs = store.professionals(other.region).await.unwrap();
    assert_eq!(ids(&theirs), [other.actor.professional]);
    let listed = store.professionals(r.region).await.unwrap();
    assert_eq!(ids(&listed), [r.actor.professional]);
    let listed = listed.iter().find(|(p, _)| p.id == pro.id).unwrap();
    assert_eq!(contact(&listed.0), written);
    // Changed as a whole; a professional who is not there is not found.
    let changed = Contact {
        phone: None,
        email: Some("f.elamrani@regie-demo.example".into()),
    };
    store
        .set_contact(ContactOf::Professional(pro.id), &changed)
        .await
        .unwrap();
    assert_eq!(store.professional(pro.id).await.unwrap().unwrap().0.contact, changed);
    let missing = store
        .set_contact(ContactOf::Professional(ProfessionalId::new()), &changed)
        .await;
    assert!(matches!(missing, Err(StoreError::NotFound { .. })), "{missing:?}");
}

async fn an_ended_access_takes_its_sessions_and_tokens_along_once(store: Arc<dyn Store>) {
    let r = region(&store).await;
    let other = region(&store).await;
    let (pro, _) = store.professional(r.actor.professional).await.unwrap().unwrap();
    let (stays, _) = store.professional(other.actor.professional).await.unwrap().unwrap();
    let later = now() + jiff::SignedDuration::from_hours(1);
    for p in [&pro, &stays] {
        let holder = AccountHolder::Professional(p.id);
        store.put_account(&p.username, "$argon2id$x", holder).await.unwrap();
        store
            .store_token(&format!("token-{}", p.username), p.id, now())
            .await
            .unwrap();
        let session = format!("session-{}", p.username);
        store
            .create_session(&session, &p.username, "csrf", now(), later)
            .await
            .unwrap();
    }
    let by = regie_domain::departure::Ended {
        at: now(),
        by: Some(other.actor.professional),
    };
    // A case given to them after their work was counted keeps the access open, unless told otherwise.
    let h = household(&store, &r, "Huishouden Laat").await;
    let case = open_case(&store, &r, &h).await;
    assert!(case.lead.includes(pro.id));
    assert!(!store.end_access(&pro, by, true).await.unwrap());
    assert_eq!(store.professional(pro.id).await.unwrap().unwrap().0.ended, None);
    assert!(
        store
            .session(&format!("session-{}", pro.username), now())
            .await
            .unwrap()
            .is_some()
    );
    assert!(store.end_access(&pro, by, false).await.unwrap());
    // The database refuses a case given to them from now on, whoever asks; their own case goes on.
    let h2 = household(&store, &r, "Huishouden Later").await;
    let (late, opened) = new_case(&r, &h2);
    let refused = store.open_case(&late, &opened, &[]).await.unwrap_err();
    assert_eq!(conflict_code(refused), "professional_left");
    assert_eq!(store.open_case_of(h2.id).await.unwrap(), None);
    let h3 = household(&store, &other, "Huishouden Ander").await;
    let theirs = open_case(&store, &other, &h3).await;
    let (mut given, e) = theirs.change_phase(Phase::Analysis, None, &other.actor, now()).unwrap();
    given.lead = Lead::new((pro.id, r.actor.kind), None).unwrap();
    assert_eq!(
        conflict_code(store.record(&given, &e, &[]).await.unwrap_err()),
        "professional_left"
    );
    assert_eq!(store.case(theirs.id).await.unwrap(), Some(theirs));
    let (on, e) = case.change_phase(Phase::Analysis, None, &r.actor, now()).unwrap();
    store.record(&on, &e, &[]).await.unwrap();
    let (ended, _) = store.professional(pro.id).await.unwrap().unwrap();
    assert_eq!(ended.ended, Some(by), "read back as written");
    let by_name = store.professional_by_username(&pro.username).await.unwrap().unwrap();
    assert_eq!(by_name.ended, Some(by));
    assert!(
        store
            .professional_by_token(&format!("token-{}", pro.username))
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .session(&format!("session-{}", pro.username), now())
            .await
            .unwrap()
            .is_none()
    );
    // Another's stay; a second end changes nothing, not even the moment.
    assert!(
        store
            .professional_by_token(&format!("token-{}", stays.username))
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        store
            .session(&format!("session-{}", stays.username), now())
            .await
            .unwrap()
            .is_some()
    );
    let again = regie_domain::departure::Ended { at: later, by: None };
    assert!(!store.end_access(&pro, again, false).await.unwrap());
    assert_eq!(store.professional(pro.id).await.unwrap().unwrap().0.ended, Some(by));
    assert!(store.reinstate(pro.id, later).await.unwrap());
    assert!(!store.reinstate(pro.id, later).await.unwrap());
    assert_eq!(store.professional(pro.id).await.unwrap().unwrap().0.ended, None);
}

async fn an_import_lands_whole_or_not_at_all(store: Arc<dyn Store>) {
    let r = region(&store).await;
    let h = Household {
        id: HouseholdId::new(),
        region_id: r.region,
        name: text("Huishouden Öztürk"),
        address: None,
        registered_by: None,
        version: 1,
    };
    let parent = person("Ayşe", "Öztürk", date(1985, 4, 4), Some("999990032"));
    let m = Membership {
        id: MembershipId::new(),
        household_id: h.id,
        person_id: parent.id,
        relation: Relation::Parent,
        from: date(2020, 1, 1),
        to: None,
    };
    let (case, opened) = new_case(&r, &h);
    let (case, moved) = case.change_phase(Phase::Analysis, None, &r.actor, now()).unwrap();
    let batch = ImportBatch {
        households: vec![h.clone()],
        persons: vec![parent.clone()],
        memberships: vec![m],
        cases: vec![case.clone()],
        events: vec![opened, moved],
        signals: vec![SignalIntake {
            signal: signal_about(&r, vec![parent.id], Some(h.id), 3),
            households: vec![h.id],
            actor: r.actor,
        }],
    };

    // A second batch that repeats the BSN fails as a whole.
    let mut bad = batch.clone();
    let twin = person("Other", "Person", date(1990, 1, 1), Some("999990032"));
    bad.persons.push(twin);
    let written = |h: &Household| ProcessingRecord {
        at: now(),
        actor: Processor::Professional(r.actor),
        purpose: "household_file",
        operation: Operation::Write,
        household: Some(h.id),
        person: None,
        activity: "local_team_casework",
        span: span(),
        emergency: false,
    };
    assert_eq!(
        conflict_code(store.import(&bad, now(), &[written(&h)]).await.unwrap_err()),
        "bsn_taken"
    );
    assert_eq!(store.processing_of_household(h.id).await.unwrap().len(), 0);
    assert_eq!(store.household(h.id).await.unwrap(), None);
    assert_eq!(store.case(case.id).await.unwrap(), None);
    assert_eq!(store.signal(batch.signals[0].signal.id).await.unwrap(), None);

    store.import(&batch, now(), &[written(&h)]).await.unwrap();
    assert_eq!(store.processing_of_household(h.id).await.unwrap().len(), 1);
    assert_eq!(
        store.signal(batch.signals[0].signal.id).await.unwrap(),
        Some(batch.signals[0].signal.clone())
    );
    store.analyze().await.unwrap();
    assert_eq!(store.household(h.id).await.unwrap(), Some(h.clone()));
    assert_eq!(store.case(case.id).await.unwrap(), Some(case.clone()));
    assert_eq!(store.events(case.id).await.unwrap().len(), 2);
    let found = store
        .list_households(&HouseholdQuery {
            words: search_words("ayse ozturk"),
            phrase: None,
            after: None,
            limit: 10,
            within: None,
        })
        .await
        .unwrap();
    assert_eq!(found.iter().map(|s| s.household.id).collect::<Vec<_>>(), vec![h.id]);
    assert_eq!(found[0].members, 1);
}

async fn worklists_find_the_open_cases_a_professional_leads_or_is_consulted_on(store: Arc<dyn Store>) {
    let r = region(&store).await;
    let other = region(&store).await;
    let vt = region_of(&store, OrganisationKind::Vt, None).await;
    let a = open_case(&store, &r, &household(&store, &r, "Huishouden A").await).await;
    let b = open_case(&store, &r, &household(&store, &r, "Huishouden B").await).await;
    let c = open_case(&store, &other, &household(&store, &other, "Huishouden C").await).await;
    let request = regie_domain::route::ScaleUpRequest {
        form: ScaleForm::Consultation,
        ground: Ground::PartnerRequest,
        rvt_professional: vt.actor,
        deadline: Some(regie_domain::time::today()),
        reason: reason("Advies gevraagd"),
    };
    let ctx = CaseContext {
        standing: Standing::CaseTeam,
        members: vec![],
        organisations: vec![],
        help_kinds: vec![],
        consents: vec![],
        today: regie_domain::time::today(),
        born: vec![],
        norms: Default::default(),
        variant: Default::default(),
    };
    let (consulted, e) = c.scale_up(request, &ctx, &other.actor, now()).unwrap();
    store.record(&consulted, &e, &[]).await.unwrap();
    // The route document reads back as written.
    assert_eq!(store.case(c.id).await.unwrap(), Some(consulted.clone()));

    let ids = |cases: Vec<Case>| cases.into_iter().map(|c| c.id).collect::<Vec<_>>();
    let involving = |who: Vec<ProfessionalId>| {
        let store = store.clone();
        async move { ids(store.open_cases_involving(&who).await.unwrap()) }
    };
    assert_eq!(involving(vec![r.actor.professional]).await, vec![a.id, b.id]);
    assert_eq!(involving(vec![vt.actor.professional]).await, vec![c.id]);
    assert_eq!(
        involving(vec![r.actor.professional, other.actor.professional]).await,
        vec![a.id, b.id, c.id]
    );
    assert_eq!(involving(vec![]).await, Vec::<CaseId>::new());
    // The households a team works with: its open cases, and those its organisation registered without one.
    let registered = Household {
        id: HouseholdId::new(),
        registered_by: Some(r.actor.organisation),
        ..household(&store, &r, "Huishouden Aangemeld").await
    };
    store.create_household(&registered, now(), &[]).await.unwrap();
    let today = regie_domain::time::today();
    // Searched for through the household list, whose statement finds them itself.
    // A professional's own households, as the access layer asks for them.
    let own = |who: &TestRegion| WorkedWith {
        team: vec![who.actor.professional],
        organisation: who.actor.organisation,
        today,
        received: true,
    };
    let worked_with = |who: &TestRegion| {
        let query = HouseholdQuery {
            limit: 100,
            within: Some(own(who)),
            ..HouseholdQuery::default()
        };
        let store = store.clone();
        async move {
            let rows = store.list_households(&query).await.unwrap();
            let mut ids: Vec<HouseholdId> = rows.into_iter().map(|s| s.household.id).collect();
            ids.sort();
            ids
        }
    };
    let mut expected = vec![a.household_id, b.household_id, registered.id];
    expected.sort();
    assert_eq!(worked_with(&r).await, expected);
    let searched = HouseholdQuery {
        within: Some(own(&r)),
        ..HouseholdQuery::typed("aangem", None, 10)
    };
    let found = store.list_households(&searched).await.unwrap();
    assert_eq!(
        found.iter().map(|s| s.household.id).collect::<Vec<_>>(),
        vec![registered.id],
        "the search words still apply among them"
    );
    // Page by page, in name order, among them only (not the other region's household C).
    let mut paged = Vec::new();
    let mut after = None;
    // Bounded: a page that did not move on would repeat forever.
    for _ in 0..5 {
        let query = HouseholdQuery {
            within: searched.within.clone(),
            ..HouseholdQuery::typed("huis", after, 1)
        };
        let page = store.list_households(&query).await.unwrap();
        let Some(last) = page.last() else { break };
        after = Some(last.household.id);
        paged.extend(page.into_iter().map(|s| s.household.id));
    }
    assert_eq!(paged, vec![a.household_id, registered.id, b.household_id]);
    // The team's cases carry their households' words: a member who joins after the case opened is found by
    // name and birth date, and no longer once they have left.
    let searching = |who: &TestRegion, typed: &str| {
        let query = HouseholdQuery {
            within: Some(own(who)),
            ..HouseholdQuery::typed(typed, None, 10)
        };
        let store = store.clone();
        async move {
            let rows = store.list_households(&query).await.unwrap();
            rows.into_iter().map(|s| s.household.id).collect::<Vec<_>>()
        }
    };
    let joined = person("Ayşe", "Öztürk", date(1990, 3, 4), None);
    store.create_person(&joined, now(), &[]).await.unwrap();
    let m = member(&store, &a_household(&store, &a).await, &joined, Relation::Parent).await;
    assert_eq!(searching(&r, "ozturk").await, vec![a.household_id]);
    assert_eq!(searching(&r, "ayse 04-03-1990").await, vec![a.household_id]);
    assert_eq!(searching(&r, "öztürk huis").await, vec![a.household_id]);
    store
        .end_membership(&m.end(date(2025, 1, 1), date(2026, 1, 1)).unwrap(), &[])
        .await
        .unwrap();
    assert_eq!(searching(&r, "ozturk").await, Vec::<HouseholdId>::new());
    // A household with more words than its case carries (many members with long names) is found through
    // the search index instead, and still only by its own team.
    let parts = ["Berg", "Horst", "Heuvel", "Dijk", "Veen", "Kamp", "Meer", "Bosch"];
    for (i, given) in ["Lotte", "Noor", "Sem", "Daan", "Fenna", "Bram", "Mila", "Jens"]
        .iter()
        .enumerate()
    {
        let suffix = char::from(b'a' + i as u8);
        let family: Vec<String> = parts.iter().map(|p| format!("{p}{suffix}")).collect();
        let p = person(given, &family.join(" "), date(2010, 1, 1 + i as i8), None);
        store.create_person(&p, now(), &[]).await.unwrap();
        member(&store, &a_household(&store, &a).await, &p, Relation::Child).await;
    }
    assert_eq!(searching(&r, "heuvelc").await, vec![a.household_id]);
    assert_eq!(searching(&r, "fenna veene").await, vec![a.household_id]);
    assert_eq!(searching(&r, "lotte berga").await, vec![a.household_id]);
    assert_eq!(searching(&vt, "heuvelc").await, Vec::<HouseholdId>::new());
    // A case opened for it copies no words either (from the search index), and it is still found.
    let (closed, e) = a.close(reason("opnieuw gestart"), &r.actor, now()).unwrap();
    store.record(&closed, &e, &[]).await.unwrap();
    let a = open_case(&store, &r, &a_household(&store, &a).await).await;
    assert_eq!(searching(&r, "heuvelc").await, vec![a.household_id]);
    assert_eq!(searching(&r, "mila meerg").await, vec![a.household_id]);
    assert_eq!(searching(&r, "huishouden b").await, vec![b.household_id]);
    assert_eq!(worked_with(&vt).await, vec![c.household_id], "consulted as the RVT");
    assert_eq!(searching(&vt, "huishouden c").await, vec![c.household_id]);
    assert_eq!(searching(&vt, "huishouden a").await, Vec::<HouseholdId>::new());
    let (closed, e) = b.close(reason("verhuisd"), &r.actor, now()).unwrap();
    store.record(&closed, &e, &[]).await.unwrap();
    assert_eq!(involving(vec![r.actor.professional]).await, vec![a.id]);
    assert!(
        !worked_with(&r).await.contains(&b.household_id),
        "a closed case is no longer work"
    );
    // Scaling down removes the consulted professional.
    let (down, e) = consulted
        .scale_down(reason("Klaar"), &ctx, &other.actor, now())
        .unwrap();
    store.record(&down, &e, &[]).await.unwrap();
    assert_eq!(involving(vec![vt.actor.professional]).await, Vec::<CaseId>::new());
}

async fn each_region_keeps_its_own_catalogue_norms_and_route_variant(store: Arc<dyn Store>) {
    use regie_domain::help::HelpKind;
    use regie_domain::route::RouteVariant;
    let (one, two) = (region(&store).await.region, region(&store).await.region);
    let seeded = store.help_kinds(one).await.unwrap();
    let debt = seeded.iter().find(|k| k.code == "debt_help").unwrap();
    assert_eq!(
        (debt.name_nl.as_str(), debt.waiting_norm_days),
        ("Schuldhulpverlening", 28)
    );
    store
        .put_help_kind(one, &HelpKind::new("debt_help", "Schuldhulp", 21).unwrap())
        .await
        .unwrap();
    store
        .put_help_kind(one, &HelpKind::new("budget_coaching", "Budgetcoaching", 14).unwrap())
        .await
        .unwrap();
    let now_kinds = store.help_kinds(one).await.unwrap();
    assert_eq!(now_kinds.len(), seeded.len() + 1);
    assert_eq!(now_kinds[0].code, "addiction_care", "ordered by code");
    let debt = now_kinds.iter().find(|k| k.code == "debt_help").unwrap();
    assert_eq!((debt.name_nl.as_str(), debt.waiting_norm_days), ("Schuldhulp", 21));
    assert_eq!(
        store.help_kinds(two).await.unwrap(),
        seeded,
        "the other region keeps the template"
    );
    // Norms and the route variant, likewise.
    let norms = regie_domain::signal::Norms {
        radar_years: 7,
        ..Default::default()
    };
    let variant = RouteVariant {
        transfer: false,
        joint_work_rvt_leads: true,
        ..RouteVariant::default()
    };
    store.put_norms(one, &norms).await.unwrap();
    store.put_route_variant(one, &variant).await.unwrap();
    assert_eq!(
        (store.norms(one).await.unwrap(), store.route_variant(one).await.unwrap()),
        (norms, variant)
    );
    assert_eq!(
        (store.norms(two).await.unwrap(), store.route_variant(two).await.unwrap()),
        (Default::default(), RouteVariant::default())
    );
}

async fn teams_and_households_are_found_by_id(store: Arc<dyn Store>) {
    let r = region_of(&store, OrganisationKind::LocalTeam, Some("Team Noord")).await;
    let (me, _) = store.professional(r.actor.professional).await.unwrap().unwrap();
    let members = store.team_members(me.team_id.unwrap()).await.unwrap();
    assert_eq!(members, vec![me.clone()]);
    // Need-to-know's settings in one read: the region's norms (the defaults until it sets its own) and the team.
    let mine = |norms| (norms, vec![me.id]);
    assert_eq!(
        store.norms_and_team(r.region, me.id).await.unwrap(),
        mine(regie_domain::signal::Norms::default())
    );
    let own = regie_domain::signal::Norms {
        team_access: false,
        radar_years: 3,
        ..Default::default()
    };
    store.put_norms(r.region, &own).await.unwrap();
    assert_eq!(store.norms_and_team(r.region, me.id).await.unwrap(), mine(own));
    let alone = region(&store).await;
    let (norms, team) = store
        .norms_and_team(alone.region, alone.actor.professional)
        .await
        .unwrap();
    assert_eq!((norms, team), (Default::default(), vec![]), "no team, no colleagues");
    // An organisation's teams, with their contact details, which change as a whole.
    let teams = store.teams_of(me.organisation_id).await.unwrap();
    assert_eq!(teams.iter().map(|t| t.id).collect::<Vec<_>>(), [me.team_id.unwrap()]);
    assert_eq!(teams[0].contact.phone.as_deref(), Some("020 123 40 00"));
    let contact = Contact {
        phone: None,
        email: Some("noord@regie-demo.example".into()),
    };
    store.set_contact(ContactOf::Team(teams[0].id), &contact).await.unwrap();
    assert_eq!(store.teams_of(me.organisation_id).await.unwrap()[0].contact, contact);
    assert!(store.teams_of(OrganisationId::new()).await.unwrap().is_empty());
    // A region's teams in one read, by organisation and name; another region's teams are not among them.
    let alfa = Team {
        id: TeamId::new(),
        organisation_id: me.organisation_id,
        name: "Team Alfa".into(),
        contact: Contact::default(),
    };
    store.create_team(&alfa).await.unwrap();
    let elsewhere = region_of(&store, OrganisationKind::LocalTeam, Some("Team Elders")).await;
    let of_region = |r| {
        let store = store.clone();
        async move {
            (store.teams(r).await.unwrap().into_iter())
                .map(|t| t.name)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(of_region(r.region).await, ["Team Alfa", "Team Noord"]);
    assert_eq!(of_region(elsewhere.region).await, ["Team Elders"]);
    // Roles: appointed once however often, taken away, each on its own.
    for _ in 0..2 {
        store.appoint(me.id, Role::Administrator).await.unwrap();
    }
    store.appoint(me.id, Role::Reviewer).await.unwrap();
    assert_eq!(store.roles(me.id).await.unwrap(), [Role::Administrator, Role::Reviewer]);
    store.dismiss(me.id, Role::Administrator).await.unwrap();
    store.dismiss(me.id, Role::Administrator).await.unwrap();
    assert_eq!(store.roles(me.id).await.unwrap(), [Role::Reviewer]);
    assert_eq!(store.team_members(TeamId::new()).await.unwrap(), vec![]);
    let h1 = household(&store, &r, "Huishouden Een").await;
    let h2 = household(&store, &r, "Huishouden Twee").await;
    household(&store, &r, "Huishouden Drie").await;
    let mut found = store.households(&[h2.id, h1.id, HouseholdId::new()]).await.unwrap();
    found.sort_by_key(|h| h.name.as_str().to_owned());
    assert_eq!(found, vec![h1, h2]);
}

fn signal_about(
    r: &TestRegion,
    persons: Vec<PersonId>,
    household: Option<HouseholdId>,
    days_ago: i64,
) -> regie_domain::signal::Signal {
    use regie_domain::signal::*;
    let today = regie_domain::time::today();
    let new = NewSignal {
        kind: SignalKind::Report,
        reporter: Reporter {
            category: SourceCategory::Neighbour,
            name: None,
            organisation: None,
            contact: None,
            professional_id: None,
        },
        shielded: true,
        household_id: household,
        persons,
        observed: "Geschreeuw".into(),
        received_on: today.checked_sub(jiff::Span::new().days(days_ago)).unwrap(),
        acute: false,
        meldcode: None,
    };
    let receiver = (r.actor.organisation, r.actor.kind);
    let cal = regie_domain::calendar::Calendar::default();
    Signal::receive(new, receiver, &Norms::default(), &cal, &r.actor, now(), today).unwrap()
}

async fn the_radar_finds_earlier_signals_by_person_household_and_period(store: Arc<dyn Store>) {
    let r = region(&store).await;
    let h = household(&store, &r, "Huishouden Radar").await;
    let other = household(&store, &r, "Huishouden Elders").await;
    let p = person("Kim", "Radar", date(2015, 5, 5), None);
    store.create_person(&p, now(), &[]).await.unwrap();
    let by_person = signal_about(&r, vec![p.id], None, 10);
    let by_household = signal_about(&r, vec![], Some(h.id), 400);
    let old = signal_about(&r, vec![p.id], Some(h.id), 3000);
    let elsewhere = signal_about(&r, vec![], Some(other.id), 10);
    let intake = |s: &regie_domain::signal::Signal, households: Vec<HouseholdId>| SignalIntake {
        signal: s.clone(),
        households,
        actor: r.actor,
    };
    let all = [
        intake(&by_person, vec![]),
        intake(&by_household, vec![h.id]),
        intake(&old, vec![h.id]),
        intake(&elsewhere, vec![other.id]),
    ];
    store.create_signals(&[], &all, &[]).await.unwrap();
    assert_eq!(store.signal(by_person.id).await.unwrap(), Some(by_person.clone()));

    let since = regie_domain::time::today()
        .checked_sub(jiff::Span::new().years(5))
        .unwrap();
    let mut found: Vec<_> = (store.earlier_signals(r.region, &[p.id], &[h.id], since))
        .await
        .unwrap();
    found.sort_by_key(|s| s.received_on);
    let ids: Vec<_> = found.iter().map(|s| s.id).collect();
    assert_eq!(
        ids,
        vec![by_household.id, by_person.id],
        "the old one is outside the period, the other household's never"
    );
    assert_eq!(found[0].households, vec![h.id]);
    assert_eq!(store.earlier_signals(r.region, &[], &[], since).await.unwrap(), vec![]);
    // Another region sees Kim's signals about a household of this region as about no household of its
    // own: the one about Kim alone, and not the one about her household here.
    let away = region(&store).await;
    let seen: Vec<_> = (store.earlier_signals(away.region, &[p.id], &[h.id], since))
        .await
        .unwrap();
    assert_eq!(seen.iter().map(|s| s.id).collect::<Vec<_>>(), vec![by_person.id]);
    assert_eq!(seen[0].households, vec![]);
    // Triage: the open ones of the receiver, earliest deadline first.
    let (open, total) = (store.open_signals_received_by(r.actor.organisation, 50, 0))
        .await
        .unwrap();
    assert_eq!((open.len(), total), (4, 4));
    assert_eq!(open[0].id, old.id);
    // In pages: the second and third, and past the end none, each page with the count of all.
    let (page, total) = (store.open_signals_received_by(r.actor.organisation, 2, 1))
        .await
        .unwrap();
    assert_eq!(
        page.iter().map(|s| s.id).collect::<Vec<_>>(),
        vec![open[1].id, open[2].id]
    );
    assert_eq!(total, 4);
    let (past, total) = (store.open_signals_received_by(r.actor.organisation, 2, 4))
        .await
        .unwrap();
    assert_eq!((past.len(), total), (0, 4));
    // Both test households live at Lindelaan 12, 1234 AB.
    let address = h.address.as_ref().unwrap();
    let mut at_address = store
        .households_at(r.region, &address.postcode, address.house_number.as_str())
        .await
        .unwrap();
    at_address.sort();
    assert_eq!(at_address, vec![h.id, other.id]);
    // The same address in another region is another region's.
    let (postcode, number) = (&address.postcode, address.house_number.as_str());
    assert_eq!(
        store.households_at(away.region, postcode, number).await.unwrap(),
        vec![]
    );
}

async fn an_assessment_joins_or_opens_a_case_with_the_signal_or_not_at_all(store: Arc<dyn Store>) {
    use regie_domain::signal::AssessmentOutcome;
    let r = region(&store).await;
    let h = household(&store, &r, "Huishouden Zorg").await;
    let s = signal_about(&r, vec![], Some(h.id), 0);
    let intake = SignalIntake {
        signal: s.clone(),
        households: vec![h.id],
        actor: r.actor,
    };
    store.create_signals(&[], &[intake], &[]).await.unwrap();
    let (case, opened) = new_case(&r, &h);
    let norms = regie_domain::signal::Norms::default();
    let assessed = s
        .assess(
            AssessmentOutcome::LocalTeam,
            "Naar het lokaal team",
            Some(case.id),
            &norms,
            &r.actor,
            now(),
        )
        .unwrap();
    let (linked, event) = case.link_signal(&assessed, &r.actor, now()).unwrap();
    // A stale signal version writes nothing: no case either.
    let stale = regie_domain::signal::Signal {
        version: 7,
        ..assessed.clone()
    };
    let link = CaseLink::Open(linked.clone(), vec![opened.clone(), event.clone()]);
    assert_eq!(
        conflict_code(
            store
                .assess_signal(&stale, &r.actor, Some(&link), &[])
                .await
                .unwrap_err()
        ),
        "stale_version"
    );
    assert_eq!(store.open_case_of(h.id).await.unwrap(), None);
    store
        .assess_signal(&assessed, &r.actor, Some(&link), &[])
        .await
        .unwrap();
    assert_eq!(store.open_case_of(h.id).await.unwrap(), Some(linked.clone()));
    assert_eq!(store.events(case.id).await.unwrap().len(), 2);
    assert_eq!(store.signal(s.id).await.unwrap(), Some(assessed));
    assert_eq!(
        store
            .open_signals_received_by(r.actor.organisation, 50, 0)
            .await
            .unwrap(),
        (vec![], 0)
    );
    // A second signal joins the open case.
    let second = signal_about(&r, vec![], Some(h.id), 0);
    let intake = SignalIntake {
        signal: second.clone(),
        households: vec![h.id],
        actor: r.actor,
    };
    store.create_signals(&[], &[intake], &[]).await.unwrap();
    let assessed = second
        .assess(
            AssessmentOutcome::RvtCase,
            "Samen met het RVT",
            Some(case.id),
            &norms,
            &r.actor,
            now(),
        )
        .unwrap();
    let (joined, event) = linked.link_signal(&assessed, &r.actor, now()).unwrap();
    store
        .assess_signal(
            &assessed,
            &r.actor,
            Some(&CaseLink::Join(joined.clone(), Box::new(event))),
            &[],
        )
        .await
        .unwrap();
    assert_eq!(store.case(case.id).await.unwrap().unwrap().route.signals.len(), 2);
    assert_eq!(store.norms(r.region).await.unwrap(), norms);
}

/// Signal intakes racing with case changes (both backends write them in shared group commits): every one
/// lands, with its notification for the receiver's subscription to received signals (and for no other), and an
/// intake that refers to an unknown household fails alone.
async fn concurrent_intakes_and_case_changes_all_land(store: Arc<dyn Store>) {
    use regie_domain::notification::EventType;
    let r = region(&store).await;
    let h = household(&store, &r, "Huishouden Druk").await;
    let case = open_case(&store, &r, &h).await;
    let subscription = |event_types: Vec<EventType>| Subscription {
        id: SubscriptionId::new(),
        organisation_id: r.actor.organisation,
        endpoint: "https://partner.test/regie".into(),
        event_types,
        bearer_token: "partner-systeem-token-0123456789".into(),
        signing_secret: "geheim-0123456789-0123456789-0123".into(),
        created_at: now(),
        created_by: r.actor.professional,
        ended_at: None,
    };
    let signals = subscription(vec![EventType::SignalReceived]);
    let cases_only = subscription(vec![EventType::CasePhaseChanged]);
    for s in [&signals, &cases_only] {
        store.add_subscription(s).await.unwrap();
    }
    let mut intakes = tokio::task::JoinSet::new();
    let mut ids = Vec::new();
    for i in 0..20 {
        let household = if i == 7 { HouseholdId::new() } else { h.id };
        let s = signal_about(&r, vec![], Some(household), i);
        ids.push((s.id, i == 7));
        let intake = SignalIntake {
            signal: s,
            households: vec![household],
            actor: r.actor,
        };
        let store = store.clone();
        intakes.spawn(async move { store.create_signals(&[], &[intake], &[]).await.is_ok() });
    }
    let (analysis, e) = case.change_phase(Phase::Analysis, None, &r.actor, now()).unwrap();
    store.record(&analysis, &e, &[]).await.unwrap();
    let landed = intakes.join_all().await;
    assert_eq!(landed.iter().filter(|ok| **ok).count(), 19);
    let notified: Vec<Delivery> = store.deliveries(signals.id, 100).await.unwrap();
    let mut announced: Vec<uuid::Uuid> = notified.iter().map(|d| d.event_id).collect();
    announced.sort();
    let mut expected: Vec<uuid::Uuid> = (ids.iter())
        .filter(|(_, unknown)| !unknown)
        .map(|(id, _)| id.0)
        .collect();
    expected.sort();
    assert_eq!(announced, expected, "one notification per signal that landed");
    assert!(
        notified
            .iter()
            .all(|d| d.event_type == EventType::SignalReceived && d.resource_id == d.event_id)
    );
    let for_cases = store.deliveries(cases_only.id, 100).await.unwrap();
    assert!(for_cases.iter().all(|d| d.event_type != EventType::SignalReceived));
    for (id, unknown_household) in ids {
        assert_eq!(store.signal(id).await.unwrap().is_some(), !unknown_household);
    }
    assert_eq!(store.case(case.id).await.unwrap(), Some(analysis));
}

async fn accounts_sessions_and_family_contributions_keep_their_rules(store: Arc<dyn Store>) {
    use jiff::SignedDuration;
    use regie_domain::portal::{Contribution, FamilyContribution};
    let r = region(&store).await;
    let pro = store.professional(r.actor.professional).await.unwrap().unwrap().0;
    let holder = AccountHolder::Professional(pro.id);
    store
        .put_account(&pro.username, "$argon2id$first", holder)
        .await
        .unwrap();
    let t0 = now();
    let forget = t0 - SignedDuration::from_hours(24);
    let open = (10, t0 - SignedDuration::from_mins(15));
    assert_eq!(
        store.count_sign_in(&pro.username, t0, forget, open).await.unwrap(),
        Some(1)
    );
    assert_eq!(
        store.count_sign_in(&pro.username, t0, forget, open).await.unwrap(),
        Some(2)
    );
    // While locked (here: from 2 attempts on, the last within the window), an attempt is neither counted
    // nor moves the last attempt's time, so the lock ends when it should.
    for _ in 0..2 {
        store.count_sign_in("locked", t0, forget, open).await.unwrap();
    }
    let later_try = t0 + SignedDuration::from_mins(5);
    let locked = (2, later_try - SignedDuration::from_mins(15));
    assert_eq!(
        store.count_sign_in("locked", later_try, forget, locked).await.unwrap(),
        None
    );
    let (_, last) = store.sign_in_attempts("locked").await.unwrap().unwrap();
    assert_eq!(
        last.as_second(),
        t0.as_second(),
        "an attempt during the lock does not extend it"
    );
    let after_lock = t0 + SignedDuration::from_mins(16);
    let expired = (2, after_lock - SignedDuration::from_mins(15));
    assert_eq!(
        store
            .count_sign_in("locked", after_lock, forget, expired)
            .await
            .unwrap(),
        Some(3)
    );
    // A username without an account is counted too.
    assert_eq!(store.count_sign_in("nobody", t0, forget, open).await.unwrap(), Some(1));
    let (attempts, at) = store.sign_in_attempts(&pro.username).await.unwrap().unwrap();
    assert_eq!((attempts, at.as_second()), (2, t0.as_second()));
    // Attempts not repeated within the forgetting window are forgotten.
    let later = t0 + SignedDuration::from_hours(25);
    store
        .count_sign_in("someone", later, later - SignedDuration::from_hours(24), open)
        .await
        .unwrap();
    assert!(store.sign_in_attempts("nobody").await.unwrap().is_none());
    store.count_sign_in(&pro.username, t0, forget, open).await.unwrap();
    // A new password replaces the hash and clears the attempts; the holder stays.
    store
        .put_account(&pro.username, "$argon2id$second", holder)
        .await
        .unwrap();
    let account = store.account(&pro.username).await.unwrap().unwrap();
    assert_eq!(
        (account.password_hash.as_str(), account.holder),
        ("$argon2id$second", holder)
    );
    assert!(store.sign_in_attempts(&pro.username).await.unwrap().is_none());
    assert!(store.account("nobody").await.unwrap().is_none());

    // A session lives until it expires, clears the attempts, and ends on sign-out.
    store.count_sign_in(&pro.username, t0, forget, open).await.unwrap();
    let expires = t0 + SignedDuration::from_hours(1);
    store
        .create_session("hash-1", &pro.username, "csrf-1", t0, expires)
        .await
        .unwrap();
    assert!(store.sign_in_attempts(&pro.username).await.unwrap().is_none());
    let session = store.session("hash-1", t0).await.unwrap().unwrap();
    assert_eq!(
        (session.csrf_token.as_str(), session.account.holder),
        ("csrf-1", holder)
    );
    assert!(
        store.session("hash-1", expires).await.unwrap().is_none(),
        "expired at its end"
    );
    assert!(store.session("hash-2", t0).await.unwrap().is_none());
    store
        .create_session("hash-2", &pro.username, "csrf-2", t0, expires)
        .await
        .unwrap();
    store.end_session("hash-1", t0).await.unwrap();
    assert!(store.session("hash-1", t0).await.unwrap().is_none());
    assert!(
        store.session("hash-2", t0).await.unwrap().is_some(),
        "another session stays"
    );
    // Ending any session also clears out the expired ones.
    store.end_session("none", expires).await.unwrap();
    assert!(store.session("hash-2", t0).await.unwrap().is_none());

    // A household member's account, and what they add to their household's case, oldest first.
    let h = household(&store, &r, "Huishouden Portaal").await;
    let mother = person("Anouk", "Portaal", date(1988, 2, 3), None);
    store.create_person(&mother, now(), &[]).await.unwrap();
    member(&store, &h, &mother, Relation::Parent).await;
    store
        .put_account("moeder", "$argon2id$x", AccountHolder::Person(mother.id))
        .await
        .unwrap();
    assert_eq!(
        store.account("moeder").await.unwrap().unwrap().holder,
        AccountHolder::Person(mother.id)
    );
    for (username, holder) in [("moeder", holder), ("tweede", AccountHolder::Person(mother.id))] {
        let refused = store.put_account(username, "$argon2id$y", holder).await.unwrap_err();
        assert_eq!(conflict_code(refused), "username_taken", "{username}");
    }
    assert_eq!(
        store.account("moeder").await.unwrap().unwrap().password_hash,
        "$argon2id$x"
    );
    // A new password ends the holder's sessions.
    store
        .create_session("hash-3", "moeder", "csrf-3", t0, expires)
        .await
        .unwrap();
    store
        .put_account("moeder", "$argon2id$z", AccountHolder::Person(mother.id))
        .await
        .unwrap();
    assert!(store.session("hash-3", t0).await.unwrap().is_none());
    let case = open_case(&store, &r, &h).await;
    let say = |contribution, at| FamilyContribution {
        id: ContributionId::new(),
        case_id: case.id,
        person_id: mother.id,
        at,
        contribution,
        shared: false,
    };
    let later = say(
        Contribution::correction("Mijn naam is verkeerd gespeld", None).unwrap(),
        t0 + SignedDuration::from_secs(5),
    );
    let first = FamilyContribution {
        shared: true,
        ..say(Contribution::own_words("Het gaat beter", "7").unwrap(), t0)
    };
    store.add_contribution(&later, None, &[]).await.unwrap();
    store.add_contribution(&first, None, &[]).await.unwrap();
    let kept = store.contributions(case.id).await.unwrap();
    assert_eq!(
        kept,
        vec![first.clone(), later.clone()],
        "in order, each as written, shared or not"
    );
    // A worklist asks only for what came after a moment, over several cases.
    let after = store.contributions_since(&[case.id, CaseId::new()], t0).await.unwrap();
    assert_eq!(after, vec![later.clone()]);
    let all = store
        .contributions_since(&[case.id], t0 - SignedDuration::from_secs(1))
        .await
        .unwrap();
    assert_eq!(all, vec![first.clone(), later.clone()], "oldest first");
    assert!(store.contributions(CaseId::new()).await.unwrap().is_empty());

    // A plan answer is also a case event, with the member as its actor, written with the contribution.
    let answered_at = t0 + SignedDuration::from_secs(10);
    let answer = say(
        Contribution::PlanAnswer {
            plan_version: 1,
            agreed: true,
            why: None,
        },
        answered_at,
    );
    let next = Case {
        version: case.version + 1,
        ..case.clone()
    };
    let event = NewEvent {
        id: EventId::new(),
        case_id: case.id,
        seq: next.version,
        at: answered_at,
        actor: EventActor::Member { person_id: mother.id },
        organisation: r.actor.organisation,
        reason: None,
        change: CaseChange::FamilySeen { until: answered_at },
    };
    store
        .add_contribution(&answer, Some((&next, &event)), &[])
        .await
        .unwrap();
    let events = store.events(case.id).await.unwrap();
    let last = events.last().unwrap();
    assert_eq!((last.seq, last.actor), (2, EventActor::Member { person_id: mother.id }));
    assert_eq!(events[0].actor.professional(), Some(r.actor.professional));
    // On a case that moved on meanwhile, neither is written.
    let stale = say(Contribution::correction("Nog iets", None).unwrap(), answered_at);
    let refused = store.add_contribution(&stale, Some((&next, &event)), &[]).await;
    assert!(
        matches!(
            refused,
            Err(StoreError::Conflict {
                code: "stale_version",
                ..
            })
        ),
        "{refused:?}"
    );
    assert_eq!(store.contributions(case.id).await.unwrap(), vec![first, later, answer]);
    assert_eq!(store.events(case.id).await.unwrap().len(), 2);
}

/// Concurrent writes (case changes through the group commit, plain log appends) each append their records to
/// one chain: numbered without gaps, each record committing to the one before it, the head at the end.
/// Reads' records and a write's records land in the chain in the order they were made, also where SQLite
/// stages the reads' records outside the database until the next write.
async fn reads_and_writes_keep_their_order_in_the_chain(store: Arc<dyn Store>) {
    let r = region(&store).await;
    let h = household(&store, &r, "Huishouden Visser").await;
    let record = |operation, purpose| ProcessingRecord {
        at: now(),
        actor: Processor::Professional(r.actor),
        purpose,
        operation,
        household: Some(h.id),
        person: None,
        activity: "local_team_casework",
        span: span(),
        emergency: false,
    };
    let before = store.log_head().await.unwrap().0;
    store
        .log_processing(&[
            record(Operation::Read, "first_read"),
            record(Operation::Read, "second_read"),
        ])
        .await
        .unwrap();
    let p = person("Sanne", "Visser", date(1990, 4, 4), None);
    store
        .create_person(&p, now(), &[record(Operation::Write, "the_write")])
        .await
        .unwrap();
    store
        .log_processing(&[record(Operation::Read, "third_read")])
        .await
        .unwrap();
    let chain = store.log_chain(before, 100, None).await.unwrap();
    let purposes: Vec<&str> = chain.iter().map(|c| c.record.purpose.as_str()).collect();
    assert_eq!(purposes, ["first_read", "second_read", "the_write", "third_read"]);
    assert_eq!(store.log_head().await.unwrap().0, before + 4);
    assert_eq!(store.processing_of_household(h.id).await.unwrap().len(), 4);
}

async fn the_processing_log_is_one_hash_chain_under_concurrent_writes(store: Arc<dyn Store>) {
    let r = region(&store).await;
    let mut writers = tokio::task::JoinSet::new();
    for i in 0..8 {
        let store = store.clone();
        let actor = r.actor;
        let h = household(&store, &r, &format!("Huishouden {i}")).await;
        writers.spawn(async move {
            for n in 0..10 {
                let record = ProcessingRecord {
                    at: now(),
                    actor: Processor::Professional(actor),
                    purpose: "household_file",
                    operation: Operation::Read,
                    household: Some(h.id),
                    person: None,
                    activity: "local_team_casework",
                    span: span(),
                    emergency: n % 5 == 0,
                };
                store.log_processing(&[record.clone(), record]).await.unwrap();
            }
        });
    }
    while let Some(done) = writers.join_next().await {
        done.unwrap();
    }
    // One append larger than an insert statement's rows (the head takes the last statement's last hash).
    let many = ProcessingRecord {
        at: now(),
        actor: Processor::Professional(r.actor),
        purpose: "household_file",
        operation: Operation::Read,
        household: None,
        person: None,
        activity: "local_team_casework",
        span: span(),
        emergency: false,
    };
    store.log_processing(&vec![many; 600]).await.unwrap();
    let chain = store.log_chain(0, 10_000, None).await.unwrap();
    let (head_seq, head_hash) = store.log_head().await.unwrap();
    // 8 writers x 10 appends x 2 records, and the 600.
    assert_eq!(chain.len(), 760);
    assert_eq!(head_seq, chain.len() as i64);
    assert_eq!(chained(&chain, 0, CHAIN_START.to_owned()), head_hash);
    // The trace context and the emergency flag read back as written.
    assert_eq!(chain.iter().filter(|c| c.record.emergency).count(), 8 * 2 * 2);
    assert!(chain.iter().all(|c| c.record.span.trace_id != [0; 16]));
    // A record's hash covers each of its fields.
    let mut changed = chain[9].record.clone();
    changed.operation = "write".into();
    assert_ne!(chain_hash(&chain[9].prev_hash, &changed), chain[9].hash);
    // Reading from a day on leaves out what came before.
    let later = now().checked_add(jiff::SignedDuration::from_hours(1)).unwrap();
    assert!(store.log_chain(0, 100, Some(later)).await.unwrap().is_empty());
}

/// A consent reads back as written with its log record; revoking it keeps it, marked, and a second
/// revocation (a stale one) changes nothing and logs nothing.
async fn a_consent_is_revoked_once_and_stays_on_record(store: Arc<dyn Store>) {
    use regie_domain::consent::{Consent, ConsentContext, ConsentForm, Revoker};
    let r = region(&store).await;
    let vt = region_of(&store, OrganisationKind::Vt, None).await;
    let h = household(&store, &r, "Huishouden Smit").await;
    let p = person("Anne", "Smit", date(1984, 4, 4), None);
    store.create_person(&p, now(), &[]).await.unwrap();
    member(&store, &h, &p, Relation::Parent).await;
    let ctx = ConsentContext {
        members: vec![(p.id, p.date_of_birth)],
        organisations: vec![(vt.actor.organisation, vt.actor.kind)],
        today: regie_domain::time::today(),
    };
    let (person_id, organisation_id, from) = (
        p.id.to_string(),
        vt.actor.organisation.to_string(),
        ctx.today.to_string(),
    );
    let form = ConsentForm {
        person: &person_id,
        purpose: "rvt_consultation",
        organisation: &organisation_id,
        from: &from,
        manner: "written",
    };
    let consent = Consent::record(&r.actor, h.id, &form, &ctx, now()).unwrap();
    let record = ProcessingRecord {
        at: now(),
        actor: Processor::Professional(r.actor),
        purpose: "consent",
        operation: Operation::Write,
        household: Some(h.id),
        person: Some(p.id),
        activity: "local_team_casework",
        span: span(),
        emergency: false,
    };
    store
        .create_consent(&consent, std::slice::from_ref(&record))
        .await
        .unwrap();
    assert_eq!(store.consents_of(h.id).await.unwrap(), vec![consent.clone()]);
    let revoked = consent.revoke(Revoker::Family(p.id), now()).unwrap();
    store
        .revoke_consent(&revoked, std::slice::from_ref(&record))
        .await
        .unwrap();
    assert_eq!(store.consents_of(h.id).await.unwrap(), vec![revoked.clone()]);
    let logged = store.processing_of_person(p.id).await.unwrap().len();
    assert_eq!(logged, 2);
    let again = consent.revoke(Revoker::Family(p.id), now()).unwrap();
    let err = store
        .revoke_consent(&again, std::slice::from_ref(&record))
        .await
        .unwrap_err();
    assert_eq!(conflict_code(err), "stale_version");
    assert_eq!(store.consents_of(h.id).await.unwrap(), vec![revoked]);
    assert_eq!(
        store.processing_of_person(p.id).await.unwrap().len(),
        logged,
        "nothing logged"
    );
}

/// The figures for steering follow every case change as it is written, for the household's municipality and
/// the whole region; a refused (stale) change counts nothing.
async fn figures_count_each_change_once_where_the_household_lives(store: Arc<dyn Store>) {
    use regie_domain::stats::Metric;
    let r = region(&store).await;
    let municipality = Organisation {
        id: OrganisationId::new(),
        region_id: r.region,
        name: "Gemeente Voorbeeldstad".into(),
        kind: OrganisationKind::Municipality,
    };
    store.create_organisation(&municipality).await.unwrap();
    store
        .set_municipality_areas(r.region, municipality.id, &["1234".into(), "1235".into()])
        .await
        .unwrap();
    assert_eq!(
        store.municipality_areas(r.region).await.unwrap(),
        [
            ("1234".to_owned(), municipality.id),
            ("1235".to_owned(), municipality.id)
        ]
    );
    let one = household(&store, &r, "Huishouden Een").await;
    let first = open_case(&store, &r, &one).await;
    let second = open_case(&store, &r, &household(&store, &r, "Huishouden Twee").await).await;
    let (analysis, e) = first.change_phase(Phase::Analysis, None, &r.actor, now()).unwrap();
    store.record(&analysis, &e, &[]).await.unwrap();
    let (stale, e) = first.close(reason("verhuisd"), &r.actor, now()).unwrap();
    store.record(&stale, &e, &[]).await.unwrap_err();
    let (closed, e) = second.close(reason("Het gaat goed."), &r.actor, now()).unwrap();
    store.record(&closed, &e, &[]).await.unwrap();
    let month = regie_domain::stats::month_of(now());
    let until = month.checked_add(jiff::ToSpan::month(1)).unwrap();
    for place in [Some(municipality.id), None] {
        let flows = store.flows(r.region, place, month, until).await.unwrap();
        let count = |metric: Metric| -> i64 { flows.iter().filter(|f| f.metric == metric).map(|f| f.n).sum() };
        assert_eq!(count(Metric::Opened), 2, "{place:?}");
        assert_eq!(count(Metric::Handoffs), 1, "one case closed: {flows:?}");
        assert!(
            flows.iter().all(|f| f.month.is_none()),
            "summed over the period, but the inflow"
        );
        let stocks = store.stocks(r.region, place).await.unwrap();
        let in_phase: Vec<(&str, i64)> = stocks
            .iter()
            .filter(|s| s.metric == Metric::InPhase)
            .map(|s| (s.key.as_str(), s.n))
            .collect();
        assert_eq!(
            in_phase,
            [("analysis", 1)],
            "the stale close left the first case in analysis"
        );
        assert_eq!(store.first_month(r.region).await.unwrap(), Some(month));
    }
    // Another municipality of the region counts none of it.
    assert!(
        store
            .stocks(r.region, Some(OrganisationId::new()))
            .await
            .unwrap()
            .is_empty()
    );
    // A file destroyed on request while its case is open takes its standing counts with it.
    store
        .destroy_household(one.id, regie_domain::retention::Rule::Request, now(), &[])
        .await
        .unwrap();
    for place in [Some(municipality.id), None] {
        let stocks = store.stocks(r.region, place).await.unwrap();
        assert!(stocks.is_empty(), "nothing stands for a destroyed file: {stocks:?}");
    }
}
