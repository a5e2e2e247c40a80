//! The benchmark behind docs/performance.md: latency (p50, p99, the slowest) of reading a case with its
//! timeline, listing a page of 50 households with a search, looking up someone known elsewhere, and appending
//! an event, each measured through the access layer (policy check, store, processing log) as a handler calls
//! it, and beside it the same statements bare ([`regie_store::BareStore`]); then throughput with concurrent
//! clients; and the municipality's figures for steering ([`figures`], also on their own with `regie bench
//! --figures`); and, with `regie bench --research`, the researcher's journeys ([`journeys`]) and one research
//! export read to its end ([`export`]).
//! Run it on a database filled by `regie generate`.

use anyhow::{Context, Result, bail};
use regie_access::Access;
use regie_domain::signal::{NewSignal, Reporter, SignalKind, SourceCategory};
use regie_domain::{Actor, CaseId, HouseholdId, Lead, OrganisationKind, PersonId, ProfessionalId, Reason};
use regie_store::{HouseholdQuery, Store};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Searches a professional might type.
const SEARCHES: &[&str] = &[
    "jansen",
    "de vries",
    "bak",
    "noor",
    "yilmaz",
    "van den berg",
    "emma",
    "smit",
    "el amrani",
    "sem de",
];

/// One measured operation.
#[derive(Debug, Clone)]
pub struct Measured {
    /// What was measured.
    pub name: &'static str,
    /// Sequential samples.
    pub samples: usize,
    /// Median latency.
    pub p50: Duration,
    /// 99th percentile latency.
    pub p99: Duration,
    /// The slowest sequential sample: a rare stall (a checkpoint, a flush) that the percentiles hide.
    pub max: Duration,
    /// Operations per second, one client.
    pub sequential_per_second: f64,
    /// Operations per second with `clients` concurrent clients.
    pub concurrent_per_second: f64,
    /// The same operation's bare statements ([`regie_store::BareStore`]), where it has them.
    pub bare: Option<Bare>,
}

/// An operation's bare statements, measured as the operation is.
#[derive(Debug, Clone)]
pub struct Bare {
    /// Median latency.
    pub p50: Duration,
    /// 99th percentile latency.
    pub p99: Duration,
    /// Operations per second with the same concurrent clients.
    pub concurrent_per_second: f64,
}

impl Measured {
    /// How many times the bare statements' median the operation's median takes.
    pub fn ratio(&self) -> Option<f64> {
        self.bare.as_ref().map(|b| self.p50.as_secs_f64() / b.p50.as_secs_f64())
    }
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    sorted[(sorted.len() * p / 100).min(sorted.len() - 1)]
}

/// Signs in as a professional of the synthetic region.
async fn actor(access: &Access, username: &str) -> Result<Actor> {
    let signed_in = access
        .sign_in_as(username)
        .await
        .context("no synthetic region here: run `regie generate` first")?;
    Ok(signed_in.actor())
}

/// Up to `wanted` look-ups as typed (a full name and a birth date, `31-12-2015`), each of a current member of
/// another professional's household among `cases`, that `me` finds only as "known elsewhere" (not in a
/// household of their own or their team's). By name, since few generated persons have a BSN.
async fn known_elsewhere(
    access: &Access,
    me: Actor,
    cases: &[(Actor, CaseId)],
    wanted: usize,
) -> Result<Vec<Arc<str>>> {
    let mut found = Vec::with_capacity(wanted);
    for (who, id) in cases.iter().filter(|(who, _)| who.professional != me.professional) {
        if found.len() >= wanted {
            break;
        }
        let scope = access.scope(*who);
        let file = scope.household_file(scope.case(*id).await?.household_id).await?;
        let Some(member) = file.members.iter().find(|m| m.membership.to.is_none()) else {
            continue;
        };
        let person = &member.person;
        let typed = format!("{} {}", person.name.full(), person.date_of_birth.strftime("%d-%m-%Y"));
        let page = (access.scope(me))
            .list_households(&HouseholdQuery::typed(&typed, None, 50))
            .await?;
        if page.households.is_empty() && !page.known_elsewhere.is_empty() {
            found.push(typed.into());
        }
    }
    if found.len() < 2 {
        bail!("too few households known elsewhere to measure the look-up: generate a larger region");
    }
    Ok(found)
}

/// Open cases to read and change, each once with a local-team professional who works on it: the synthetic local
/// professionals' own open cases in turn, until there are `wanted` (with ten years of history most cases
/// are closed, so one professional's open cases are too few to measure with). With each professional, a
/// colleague of the same team (`synth-local-0` and `-1`, `-2` and `-3`, …: teams are of eight) for the
/// appends' duos, so that a run leaves every team the cases it had and the next run's list searches as many.
async fn open_cases(access: &Access, wanted: usize) -> Result<(Vec<(Actor, CaseId)>, HashMap<ProfessionalId, Actor>)> {
    let mut cases = Vec::new();
    let mut colleagues = HashMap::new();
    let mut seen = std::collections::HashSet::new();
    let mut n = 0;
    while cases.len() < wanted {
        let Ok(me) = access.sign_in_as(&format!("synth-local-{n}")).await else {
            break;
        };
        colleagues.insert(
            me.actor().professional,
            actor(access, &format!("synth-local-{}", n ^ 1)).await?,
        );
        n += 1;
        let scope = access.scope(me.actor());
        let mut after = None;
        while cases.len() < wanted {
            let page = scope
                .list_households(&HouseholdQuery {
                    words: vec![],
                    phrase: None,
                    after,
                    limit: 100,
                    within: None,
                })
                .await?;
            // A duo's case is among both professionals' households: it is taken once, so that a second
            // run on the same database (whose first run made duos) never changes a case twice.
            let open = page.households.iter().filter_map(|s| s.open_case.map(|(id, _)| id));
            cases.extend(open.filter(|id| seen.insert(*id)).map(|id| (me.actor(), id)));
            let Some(next) = page.next_after else { break };
            after = Some(next);
        }
    }
    if cases.is_empty() {
        bail!("no open cases: run `regie generate` first");
    }
    cases.truncate(wanted);
    Ok((cases, colleagues))
}

/// A case's next lead in the bench: a single lead becomes a duo with a colleague and a duo a single lead
/// again, always a valid change.
fn next_lead(case: &regie_domain::Case, me: Actor, colleague: Actor) -> Result<Lead> {
    let partner = if case.lead.primary == colleague.professional {
        me
    } else {
        colleague
    };
    let kind = OrganisationKind::LocalTeam;
    Ok(match case.lead.secondary {
        Some(_) => Lead::new((case.lead.primary, kind), None)?,
        None => Lead::new((case.lead.primary, kind), Some((partner.professional, partner.kind)))?,
    })
}

/// Times `op` for every item, one after another; returns the sorted latencies and the rate.
async fn sequential<T: Clone, F, Fut>(items: &[T], op: F) -> Result<(Vec<Duration>, f64)>
where
    F: Fn(T) -> Fut,
    Fut: std::future::Future<Output = Result<()>>,
{
    let mut times = Vec::with_capacity(items.len());
    let start = Instant::now();
    for item in items {
        let t = Instant::now();
        op(item.clone()).await?;
        times.push(t.elapsed());
    }
    let rate = items.len() as f64 / start.elapsed().as_secs_f64();
    times.sort();
    Ok((times, rate))
}

/// Runs `op` over the items split across `clients` concurrent tasks; returns operations per second.
async fn concurrent<T, F, Fut>(items: Vec<T>, clients: usize, op: F) -> Result<f64>
where
    T: Send + 'static,
    F: Fn(T) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = Result<()>> + Send,
{
    let total = items.len();
    let mut shares: Vec<Vec<T>> = (0..clients).map(|_| Vec::new()).collect();
    for (i, item) in items.into_iter().enumerate() {
        shares[i % clients].push(item);
    }
    let start = Instant::now();
    let tasks: Vec<_> = shares
        .into_iter()
        .map(|share| {
            let op = op.clone();
            tokio::spawn(async move {
                for item in share {
                    op(item).await?;
                }
                Ok::<_, anyhow::Error>(())
            })
        })
        .collect();
    for t in tasks {
        t.await??;
    }
    Ok(total as f64 / start.elapsed().as_secs_f64())
}

/// Measures `op`: over `conc` split across `clients` concurrent clients, then one at a time over `seq`.
///
/// The concurrent run comes first because it puts every pooled connection to work: each has then prepared
/// and planned the operation's statements, as a running server's connections have. Sequential samples
/// taken before that measured the warm-up of sixteen connections — with PostgreSQL's default of five
/// custom plans per statement and connection, about 80 of 2,000 samples, enough to be the p99 — and the
/// bare statements, measured after, found the connections warm.
async fn measure<T, F, Fut>(name: &'static str, seq: &[T], conc: &[T], clients: usize, op: F) -> Result<Measured>
where
    T: Clone + Send + 'static,
    F: Fn(T) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = Result<()>> + Send,
{
    let concurrently = concurrent(conc.to_vec(), clients, op.clone()).await?;
    let sequentially = sequential(seq, op).await?;
    Ok(measured(name, sequentially, concurrently))
}

fn measured(name: &'static str, (times, rate): (Vec<Duration>, f64), concurrent_per_second: f64) -> Measured {
    Measured {
        name,
        samples: times.len(),
        p50: percentile(&times, 50),
        p99: percentile(&times, 99),
        max: times.last().copied().unwrap_or_default(),
        sequential_per_second: rate,
        concurrent_per_second,
        bare: None,
    }
}

/// `m` with its bare statements' latencies and throughput, measured as `bare`.
fn beside(m: Measured, bare: Measured) -> Measured {
    Measured {
        bare: Some(Bare {
            p50: bare.p50,
            p99: bare.p99,
            concurrent_per_second: bare.concurrent_per_second,
        }),
        ..m
    }
}

/// Which of [`run`]'s measurements to take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Every measurement.
    All,
    /// Only the appends (with the reads a change starts from).
    Appends,
    /// Only a signal's intake and the radar (not the figures).
    Signals,
    /// Only the reads: a case with its timeline, the list, the "known elsewhere" look-up, a household's
    /// radar. They write nothing but their log records, so runs of two builds can alternate on one file.
    Reads,
}

/// Runs the benchmark's `part` with `samples` operations per measurement and `clients` concurrent clients.
pub async fn run(store: Arc<dyn Store>, samples: usize, clients: usize, part: Part) -> Result<Vec<Measured>> {
    let access = &Access::new(store.clone());
    let me = actor(access, "synth-local-0").await?;
    let (cases, colleagues) = open_cases(access, samples * 2).await?;
    let (seq_cases, conc_cases) = cases.split_at(cases.len() / 2);
    let mut results = Vec::new();

    let read = |access: Access| {
        move |(who, id): (Actor, CaseId)| {
            let access = access.clone();
            async move {
                access.scope(who).timeline(id).await?;
                Ok(())
            }
        }
    };
    let bare_read = |store: Arc<dyn Store>| {
        move |(_, id): (Actor, CaseId)| {
            let store = store.clone();
            async move {
                store.bare_timeline(id).await?;
                Ok(())
            }
        }
    };
    if matches!(part, Part::All | Part::Reads) {
        let m = measure(
            "read a case with its timeline",
            seq_cases,
            conc_cases,
            clients,
            read(access.clone()),
        )
        .await?;
        let bare = measure(m.name, seq_cases, conc_cases, clients, bare_read(store.clone())).await?;
        results.push(beside(m, bare));
    }

    let searches: Vec<&'static str> = (0..samples).map(|i| SEARCHES[i % SEARCHES.len()]).collect();
    let list = |access: Access| {
        move |typed: &'static str| {
            let access = access.clone();
            async move {
                access
                    .scope(me)
                    .list_households(&HouseholdQuery::typed(typed, None, 50))
                    .await?;
                Ok(())
            }
        }
    };
    // Bare: the store's statements for the same search among the same own households, found beforehand.
    let own = Arc::new(access.scope(me).own_households().await?);
    let bare_list = |store: Arc<dyn Store>| {
        let own = own.clone();
        move |typed: &'static str| {
            let (store, own) = (store.clone(), own.clone());
            async move {
                let query = HouseholdQuery {
                    within: Some((*own).clone()),
                    ..HouseholdQuery::typed(typed, None, 50)
                };
                store.bare_list(&query).await?;
                Ok(())
            }
        }
    };
    if matches!(part, Part::All | Part::Reads) {
        let m = measure(
            "list 50 households with a search",
            &searches,
            &searches,
            clients,
            list(access.clone()),
        )
        .await?;
        let bare = measure(m.name, &searches, &searches, clients, bare_list(store.clone())).await?;
        results.push(beside(m, bare));
    }

    // A "known elsewhere" look-up: `me` types the full name and birth date of someone in a household others
    // work with, and learns only who does (need-to-know). Bare: the store's search for the same words.
    if matches!(part, Part::All | Part::Reads) {
        let typed = known_elsewhere(access, me, &cases, samples * 2).await?;
        let (seq_typed, conc_typed) = typed.split_at(typed.len() / 2);
        let look_up = |access: Access| {
            move |typed: Arc<str>| {
                let access = access.clone();
                async move {
                    let page = (access.scope(me))
                        .list_households(&HouseholdQuery::typed(&typed, None, 50))
                        .await?;
                    if page.known_elsewhere.is_empty() {
                        bail!("a look-up of the bench found no one known elsewhere");
                    }
                    Ok(())
                }
            }
        };
        let bare_look_up = |store: Arc<dyn Store>| {
            move |typed: Arc<str>| {
                let store = store.clone();
                async move {
                    store.bare_list(&HouseholdQuery::typed(&typed, None, 50)).await?;
                    Ok(())
                }
            }
        };
        let m = measure(
            "look up someone known elsewhere (name and birth date)",
            seq_typed,
            conc_typed,
            clients,
            look_up(access.clone()),
        )
        .await?;
        let bare = measure(m.name, seq_typed, conc_typed, clients, bare_look_up(store.clone())).await?;
        results.push(beside(m, bare));
    }

    if part == Part::Reads {
        let mut households = Vec::with_capacity(cases.len());
        for (who, id) in &cases {
            households.push((*who, access.scope(*who).case(*id).await?.household_id));
        }
        let subjects = subjects(access, households).await?;
        results.push(radar(access, &store, &subjects, clients).await?);
        return Ok(results);
    }

    // Appending: each case alternates between a single lead and a duo with a colleague, always a valid change.
    // The client already holds the case (and its version) from an earlier read, as a real client would; only
    // the change itself is timed.
    let colleague = |who: &Actor| {
        colleagues
            .get(&who.professional)
            .copied()
            .context("a colleague in the team")
    };
    let mut changes = Vec::with_capacity(cases.len());
    let mut households = Vec::with_capacity(cases.len());
    let today = regie_domain::time::today();
    for (who, id) in &cases {
        let case = access.scope(*who).case(*id).await?;
        households.push((*who, case.household_id));
        // A case under a measure keeps its jeugdbeschermer in the lead: it is left out of the changes.
        if case.route.justice.in_force(today).next().is_none() {
            changes.push((*who, *id, case.version, next_lead(&case, *who, colleague(who)?)?));
        }
    }
    if part != Part::Signals {
        let (seq_changes, conc_changes) = changes.split_at(changes.len() / 2);
        let append = |access: Access| {
            move |(who, id, version, lead): (Actor, CaseId, i64, Lead)| {
                let access = access.clone();
                async move {
                    let reason = Reason::parse("reason", "Benchmark: wisseling in het duo.")?;
                    access
                        .scope(who)
                        .change_case(id, version, |c, a, at| c.change_lead(lead, reason, a, at))
                        .await?;
                    Ok(())
                }
            }
        };
        let m = measure(
            "append an event (read case, decide, write state + event + log)",
            seq_changes,
            conc_changes,
            clients,
            append(access.clone()),
        )
        .await?;
        // Bare: the next lead change of the same cases, decided beforehand, written straight.
        let mut bare_changes = Vec::with_capacity(changes.len());
        for (who, id, _, _) in &changes {
            let case = store.case(*id).await?.context("a case of the bench")?;
            let lead = next_lead(&case, *who, colleague(who)?)?;
            let reason = Reason::parse("reason", "Benchmark: wisseling in het duo.")?;
            bare_changes.push(Arc::new(case.change_lead(
                lead,
                reason,
                who,
                regie_domain::time::now(),
            )?));
        }
        let (seq_bare, conc_bare) = bare_changes.split_at(bare_changes.len() / 2);
        let bare_append = |store: Arc<dyn Store>| {
            move |change: Arc<(regie_domain::Case, regie_domain::NewEvent)>| {
                let store = store.clone();
                async move {
                    store.bare_append(&change.0, &change.1).await?;
                    Ok(())
                }
            }
        };
        let bare = measure(m.name, seq_bare, conc_bare, clients, bare_append(store.clone())).await?;
        results.push(beside(m, bare));
    }
    if part == Part::Appends {
        return Ok(results);
    }

    // A new signal's intake at Veilig Thuis, and a household's radar.
    let vt = actor(access, "synth-vt-0").await?;
    let subjects = subjects(access, households).await?;
    let (seq_subjects, conc_subjects) = subjects.split_at(subjects.len() / 2);
    let intake = |access: Access| {
        move |(_, household, person): (Actor, HouseholdId, PersonId)| {
            let access = access.clone();
            async move {
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
                    household_id: Some(household),
                    persons: vec![person],
                    observed: "Benchmark: geschreeuw gehoord.".into(),
                    received_on: regie_domain::time::today(),
                    acute: false,
                    meldcode: None,
                };
                access.scope(vt).receive_signal(new, None).await?;
                Ok(())
            }
        }
    };
    results.push(
        measure(
            "receive a signal (radar + signal + events + log)",
            seq_subjects,
            conc_subjects,
            clients,
            intake(access.clone()),
        )
        .await?,
    );
    results.push(radar(access, &store, &subjects, clients).await?);
    if part == Part::All {
        results.push(figures(access, samples, clients).await?);
    }
    Ok(results)
}

/// The households of these open cases, each with a current member, and who works on it.
async fn subjects(
    access: &Access,
    households: Vec<(Actor, HouseholdId)>,
) -> Result<Vec<(Actor, HouseholdId, PersonId)>> {
    let mut subjects = Vec::with_capacity(households.len());
    for (who, household) in households {
        let file = access.scope(who).household_file(household).await?;
        if let Some(m) = file.members.first() {
            subjects.push((who, household, m.person.id));
        }
    }
    Ok(subjects)
}

/// A household's radar, as the local team that works on it looks (need-to-know: only an involved
/// professional may), beside its bare part: the store's matching alone, earlier signals by person or
/// household and the open cases (read into the store's types, no policy, no log).
async fn radar(
    access: &Access,
    store: &Arc<dyn Store>,
    subjects: &[(Actor, HouseholdId, PersonId)],
    clients: usize,
) -> Result<Measured> {
    let (seq, conc) = subjects.split_at(subjects.len() / 2);
    let look = |access: Access| {
        move |(who, household, _): (Actor, HouseholdId, PersonId)| {
            let access = access.clone();
            async move {
                access.scope(who).household_radar(household).await?;
                Ok(())
            }
        }
    };
    let since = regie_domain::time::today().checked_sub(jiff::Span::new().years(5))?;
    let matching = |store: Arc<dyn Store>| {
        move |(actor, household, person): (Actor, HouseholdId, PersonId)| {
            let store = store.clone();
            async move {
                (store.earlier_signals(actor.region, &[person], &[household], since)).await?;
                store.open_cases_of(&[household]).await?;
                Ok(())
            }
        }
    };
    let m = measure(
        "radar of a household (look-up + log)",
        seq,
        conc,
        clients,
        look(access.clone()),
    )
    .await?;
    let bare = measure(m.name, seq, conc, clients, matching(store.clone())).await?;
    Ok(beside(m, bare))
}

/// The municipality's figures for steering (F22): the region's and one municipality's, over periods of one
/// to 36 months ending in the last three years, with the period before it; as `synth-municipality`.
pub async fn figures(access: &Access, samples: usize, clients: usize) -> Result<Measured> {
    let municipality = actor(access, "synth-municipality").await?;
    let places = access.scope(municipality).municipalities().await?;
    let this_month = regie_domain::stats::month_of(regie_domain::time::now());
    let views: Vec<(Option<regie_domain::OrganisationId>, String, String)> = (0..samples * 2)
        .map(|i| {
            let place = (i % 3 != 0).then(|| places[i % places.len()].id);
            let to = this_month
                .checked_sub(jiff::Span::new().months(i64::try_from(i % 36).unwrap_or(0)))
                .unwrap_or(this_month);
            let from = to
                .checked_sub(jiff::Span::new().months(i64::try_from(i % 36).unwrap_or(0)))
                .unwrap_or(to);
            (
                place,
                regie_domain::stats::month_code(from),
                regie_domain::stats::month_code(to),
            )
        })
        .collect();
    let (seq_views, conc_views) = views.split_at(views.len() / 2);
    let view = |access: Access| {
        move |(place, from, to): (Option<regie_domain::OrganisationId>, String, String)| {
            let access = access.clone();
            async move {
                access
                    .scope(municipality)
                    .steering_figures(place, Some(&from), Some(&to))
                    .await?;
                Ok(())
            }
        }
    };
    measure(
        "figures for steering (a period and the one before)",
        seq_views,
        conc_views,
        clients,
        view(access.clone()),
    )
    .await
}

/// The researcher's journeys' map over periods of one to 36 months ending in the last three years, with the
/// period before it; as `synth-onderzoeker`.
pub async fn journeys(access: &Access, samples: usize, clients: usize) -> Result<Measured> {
    let researcher = actor(access, "synth-onderzoeker").await?;
    let this_month = regie_domain::stats::month_of(regie_domain::time::now());
    let month = |back: usize| {
        let span = jiff::Span::new().months(i64::try_from(back % 36).unwrap_or(0));
        regie_domain::stats::month_code(this_month.checked_sub(span).unwrap_or(this_month))
    };
    let periods: Vec<(String, String)> = (0..samples * 2).map(|i| (month(2 * (i % 18)), month(i % 18))).collect();
    let (seq_periods, conc_periods) = periods.split_at(periods.len() / 2);
    let view = |access: Access| {
        move |(from, to): (String, String)| {
            let access = access.clone();
            async move {
                access.scope(researcher).journeys(Some(&from), Some(&to)).await?;
                Ok(())
            }
        }
    };
    measure(
        "client journeys' map (a period and the one before)",
        seq_periods,
        conc_periods,
        clients,
        view(access.clone()),
    )
    .await
}

/// One research export, read to its end.
#[derive(Debug, Clone)]
pub struct Exported {
    /// The cases opened in its period.
    pub cases: i64,
    /// The lines written.
    pub lines: usize,
    /// The k it reached.
    pub k: Option<i64>,
    /// Its level of coarsening.
    pub level: regie_domain::research::Level,
    /// How long until the first line (the first pass).
    pub first_line: Duration,
    /// How long in all.
    pub total: Duration,
    /// This process's peak resident memory afterwards, in MiB (Linux; `None` elsewhere).
    pub peak_mib: Option<u64>,
}

/// The research export of the last 36 months, as `synth-onderzoeker`, its lines counted and dropped.
pub async fn export(access: &Access) -> Result<Exported> {
    let researcher = actor(access, "synth-onderzoeker").await?;
    let this_month = regie_domain::stats::month_of(regie_domain::time::now());
    let from = this_month
        .checked_sub(jiff::Span::new().months(35))
        .unwrap_or(this_month);
    let start = Instant::now();
    let mut e = access
        .scope(researcher)
        .research_export(
            Some(&regie_domain::stats::month_code(from)),
            Some(&regie_domain::stats::month_code(this_month)),
        )
        .await?;
    let first_line = start.elapsed();
    let mut lines = 0;
    while let Some(line) = e.rows.recv().await {
        line?;
        lines += 1;
    }
    let peak_mib = std::fs::read_to_string("/proc/self/status").ok().and_then(|s| {
        let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
        Some(line.split_whitespace().nth(1)?.parse::<u64>().ok()? / 1024)
    });
    Ok(Exported {
        cases: e.total,
        lines,
        k: e.k,
        level: e.level,
        first_line,
        total: start.elapsed(),
        peak_mib,
    })
}

/// What the dashboard says of its inflow forecast for the whole region: how the method did when run over
/// the region's own history (the `forecast_inflow` table's note).
pub async fn forecast_backtest(access: &Access) -> Result<String> {
    let municipality = actor(access, "synth-municipality").await?;
    let figures = access.scope(municipality).steering_figures(None, None, None).await?;
    Ok((figures.tables.into_iter())
        .find(|t| t.id == "forecast_inflow")
        .map(|t| t.note)
        .unwrap_or_default())
}
