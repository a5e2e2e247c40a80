//! Synthetic data at scale for benchmarks and the figures for steering: a region "Regio Synthetisch" with two
//! municipalities and a few hundred professionals in teams of eight, and N households of the demo's compositions (about 2.5
//! members each) with `years` of history ([`history`]): four in five have a case, opened some day in those
//! years, with about twelve events days to weeks apart, most of the older ones closed; and optionally signals
//! about them, received by Veilig Thuis over the same years and assessed within days. Loaded through the
//! access layer's bulk import in batches of `BATCH` households (the demo's past: `DEMO_BATCH`). The demo uses
//! [`history`] for its own region's past.

use crate::demo::{BsnSource, address, compose, household_name, person};
use anyhow::Result;
use regie_access::Access;
use regie_domain::calendar::Calendar;
use regie_domain::signal::{AssessmentOutcome, NewSignal, Norms, Reporter, Signal, SignalKind, SourceCategory};
use regie_domain::*;
use regie_store::{ImportBatch, SignalIntake};

/// How many professionals of each kind the synthetic region has for up to 100,000 households; a larger
/// region has proportionally more (see [`staff_count`]).
const STAFF: &[(OrganisationKind, &str, usize)] = &[
    (OrganisationKind::LocalTeam, "synth-local", 200),
    (OrganisationKind::Vt, "synth-vt", 50),
    (OrganisationKind::Rvdk, "synth-rvdk", 20),
    (OrganisationKind::Gi, "synth-gi", 30),
    (OrganisationKind::Court, "synth-court", 5),
];

/// One in how many cases still open at the end of their history went to the juvenile court
/// ([`to_measure`]; of those, the households with children and room for the ten weeks' walk): at 20,000
/// households 385 supervisions / 16 × 4 (measured with one in four), so about 4,800 at a million, as many
/// children as a large region's GI supervises.
const TO_COURT_ONE_IN: u8 = 16;

/// How many professionals of an organisation work in one team, as in a neighbourhood team: each sees their
/// teammates' households too (the team cover, on by default), as in a real region.
const TEAM_SIZE: usize = 8;

/// Households per import transaction of `regie generate`. SQLite writes every page a commit changed to the
/// WAL again, so pages that consecutive batches share (the right edges of the tables, the random pages of
/// the BSN index) cost once per batch: 4,000 households a batch made 100,000 households 25–30% faster than
/// 1,000; 16,000 made a million households 7–10% faster than 4,000 (alternating runs; a third less
/// written), for about 100 MB more memory (docs/performance.md).
const BATCH: usize = 16_000;

/// Households per import transaction of the demo regions' past, as it was first made: the signals are drawn
/// per batch, so the demo's figures (which the guide and the browser tests read) stay as they were.
pub const DEMO_BATCH: usize = 1000;

/// What a generation run produced.
#[derive(Debug, Default, Clone, Copy)]
pub struct Generated {
    /// Households.
    pub households: usize,
    /// Persons.
    pub persons: usize,
    /// Cases.
    pub cases: usize,
    /// Case events.
    pub events: usize,
    /// Signals.
    pub signals: usize,
}

/// The postcode areas of the generated municipalities: Voorbeeldstad's five and Dijkdorp's one, as
/// [`crate::demo::address`] gives them.
pub const AREAS: [(&str, &[&str]); 2] = [
    ("Voorbeeldstad", &["9991", "9992", "9993", "9994", "9995"]),
    ("Dijkdorp", &["9996"]),
];

/// Who works in generated history: the local teams' professionals who lead cases, the Regional Safety
/// Team's who join them, and the Veilig Thuis professional who assesses signals.
pub struct Staff {
    /// Local team professionals.
    pub locals: Vec<Actor>,
    /// RVT professionals (Veilig Thuis, the Raad, a GI).
    pub rvt: Vec<Actor>,
    /// A Veilig Thuis professional.
    pub vt: Actor,
    /// Who walks some open cases to a measure (`to_measure`); none leaves every case voluntary, as in the
    /// demo's past.
    pub justice: Option<JusticeStaff>,
}

/// The Raad's investigators, the juvenile court and the GI's jeugdbeschermers of a generated region.
pub struct JusticeStaff {
    /// Raad professionals.
    pub raad: Vec<Actor>,
    /// A judge of the juvenile court.
    pub court: Actor,
    /// GI professionals.
    pub gi: Vec<Actor>,
}

/// How many professionals of a kind of which `per_100k` work for 100,000 households a region of `households`
/// has: as many for a smaller region, proportionally more for a larger one, so that a professional's
/// caseload (and the households they search among) stays what it is in a region of 100,000.
pub fn staff_count(per_100k: usize, households: usize) -> usize {
    per_100k.max(per_100k * households / 100_000)
}

/// Configures the synthetic region for `households` households (its usernames get `suffix`, so several runs
/// can share a database).
async fn configure(access: &Access, suffix: &str, households: usize) -> Result<(Region, Vec<Actor>)> {
    let region = Region {
        id: RegionId::new(),
        name: format!("Regio Synthetisch {suffix}"),
    };
    let mut orgs = Vec::new();
    let mut teams: Vec<Team> = Vec::new();
    let mut pros = Vec::new();
    let mut actors = Vec::new();
    for (kind, prefix, count) in STAFF {
        let org = Organisation {
            id: OrganisationId::new(),
            region_id: region.id,
            name: format!("{prefix} {suffix}"),
            kind: *kind,
        };
        for i in 0..staff_count(*count, households) {
            if i % TEAM_SIZE == 0 {
                teams.push(Team {
                    id: TeamId::new(),
                    organisation_id: org.id,
                    name: format!("Team {}", i / TEAM_SIZE + 1),
                    contact: Default::default(),
                });
            }
            let p = Professional {
                id: ProfessionalId::new(),
                organisation_id: org.id,
                team_id: teams.last().map(|t| t.id),
                username: format!("{prefix}-{i}{suffix}"),
                display_name: format!("Professional {prefix} {i}"),
                contact: Default::default(),
                ended: None,
            };
            actors.push(Actor::of(p.id, &org));
            pros.push(p);
        }
        orgs.push(org);
    }
    let municipalities: Vec<Organisation> = AREAS
        .iter()
        .map(|(name, _)| Organisation {
            id: OrganisationId::new(),
            region_id: region.id,
            name: format!("Gemeente {name} {suffix}").trim_end().to_owned(),
            kind: OrganisationKind::Municipality,
        })
        .collect();
    orgs.extend(municipalities.iter().cloned());
    // The first municipality's policy officer, who reads the figures.
    let officer = Professional {
        id: ProfessionalId::new(),
        organisation_id: municipalities[0].id,
        team_id: None,
        username: format!("synth-municipality{suffix}"),
        display_name: "Beleidsmedewerker".into(),
        contact: Default::default(),
        ended: None,
    };
    actors.push(Actor::of(officer.id, &municipalities[0]));
    pros.push(officer);
    // The pilot region's researcher, who reads the journeys and the research export.
    let institute = Organisation {
        id: OrganisationId::new(),
        region_id: region.id,
        name: format!("Onderzoeksinstituut {suffix}").trim_end().to_owned(),
        kind: OrganisationKind::Research,
    };
    let researcher = Professional {
        id: ProfessionalId::new(),
        organisation_id: institute.id,
        team_id: None,
        username: format!("synth-onderzoeker{suffix}"),
        display_name: "Onderzoeker".into(),
        contact: Default::default(),
        ended: None,
    };
    orgs.push(institute);
    pros.push(researcher);
    access.configure_region(&region, &orgs, &teams, &pros).await?;
    for (m, (_, areas)) in municipalities.iter().zip(AREAS) {
        let areas: Vec<String> = areas.iter().map(|a| (*a).to_owned()).collect();
        access.set_municipality_areas(region.id, m.id, &areas).await?;
    }
    Ok((region, actors))
}

/// Generates `households` households with ten years of history in a new synthetic region of the database
/// behind `access`, reporting progress to `progress`.
pub async fn generate(
    access: &Access,
    households: usize,
    signals: usize,
    seed: u64,
    progress: impl Fn(Generated),
) -> Result<Generated> {
    let suffix = if access
        .regions()
        .await?
        .iter()
        .any(|r| r.name.starts_with("Regio Synthetisch"))
    {
        format!("-{seed}")
    } else {
        String::new()
    };
    let (region, mut actors) = configure(access, &suffix, households).await?;
    actors.retain(|a| a.kind != OrganisationKind::Municipality);
    let of_kind = |kind| -> Vec<Actor> { actors.iter().filter(|a| a.kind == kind).copied().collect() };
    let justice = JusticeStaff {
        raad: of_kind(OrganisationKind::Rvdk),
        court: of_kind(OrganisationKind::Court)[0],
        gi: of_kind(OrganisationKind::Gi),
    };
    // The RVT: Veilig Thuis, the Raad and the GI; the court is no part of it.
    let (locals, rvt): (Vec<Actor>, Vec<Actor>) = (actors.into_iter())
        .filter(|a| a.kind != OrganisationKind::Court)
        .partition(|a| a.kind == OrganisationKind::LocalTeam);
    let vt = *rvt
        .iter()
        .find(|a| a.kind == OrganisationKind::Vt)
        .expect("the synthetic region has Veilig Thuis");
    let staff = Staff {
        locals,
        rvt,
        vt,
        justice: Some(justice),
    };
    let mut bsns = BsnSource::default();
    // The indexes the import only writes are built once at the end, each by one sort, instead of a random
    // page per row as the rows come in (docs/performance.md). They come back whether or not the history
    // was written whole, and at the next start when this process was stopped.
    access.drop_indexes_for_import().await?;
    let total = history(
        access, region.id, &staff, &mut bsns, households, signals, 10, BATCH, seed, progress,
    )
    .await;
    access.create_deferred_indexes().await?;
    let total = total?;
    access.analyze().await?;
    Ok(total)
}

/// Generates `households` households of `region` with `years` of history up to now, and `signals` signals
/// about them, worked by `staff`, imported `batch` households a transaction.
#[allow(clippy::too_many_arguments)] // the region, who works in it, its BSNs, how much, how far back, the batch, the seed
pub async fn history(
    access: &Access,
    region: RegionId,
    staff: &Staff,
    bsns: &mut BsnSource,
    households: usize,
    signals: usize,
    years: i64,
    batch: usize,
    seed: u64,
    progress: impl Fn(Generated),
) -> Result<Generated> {
    let scope = access.scope(staff.locals[0]);
    let help_kinds = scope.help_kinds().await?;
    let vt = staff.vt;
    let (norms, calendar, now) = (Norms::default(), Calendar::default(), time::now());
    let mut rng = fastrand::Rng::with_seed(seed);
    let today = time::today();
    let days = years * 365;
    let mut total = Generated::default();
    let mut done = 0;
    while done < households {
        let n = (households - done).min(batch);
        let mut batch = ImportBatch::default();
        // Each household's members, in the order of the batch's households.
        let mut members_of = Vec::with_capacity(n);
        for _ in 0..n {
            let specs = compose(&mut rng);
            let dijkdorp = rng.u8(0..4) == 0;
            let addr = address(&mut rng, dijkdorp);
            let h = Household {
                id: HouseholdId::new(),
                region_id: region,
                name: ShortText::parse("name", &household_name(&specs))?,
                address: Some(addr.clone()),
                registered_by: None,
                version: 1,
            };
            let mut members = Vec::with_capacity(specs.len());
            let mut born = Vec::with_capacity(specs.len());
            for spec in &specs {
                let p = person(&mut rng, spec, today, bsns.next(), &addr);
                members.push(p.id);
                born.push((p.id, p.date_of_birth));
                batch.memberships.push(Membership {
                    id: MembershipId::new(),
                    household_id: h.id,
                    person_id: p.id,
                    relation: spec.relation,
                    from: p.date_of_birth,
                    to: None,
                });
                batch.persons.push(p);
            }
            if rng.u8(0..5) > 0 {
                let local = staff.locals[rng.usize(..staff.locals.len())];
                let opened = now.checked_sub(jiff::SignedDuration::from_hours(24 * rng.i64(0..days)))?;
                let (case, events) = route(&mut rng, h.id, local, staff, (&born, &help_kinds), opened, now)?;
                batch.cases.push(case);
                batch.events.extend(events);
            }
            batch.households.push(h);
            members_of.push(members);
        }
        // Signals spread evenly over the batches, each about one member of a household of the batch,
        // received some day in the years of history and assessed within days, as history (not triage work).
        let wanted = signals * (done + n) / households.max(1) - signals * done / households.max(1);
        for _ in 0..wanted {
            let i = rng.usize(..batch.households.len());
            let (h, members) = (&batch.households[i], &members_of[i]);
            let received_on = today.checked_sub(jiff::Span::new().days(rng.i64(0..days)))?;
            let new = NewSignal {
                kind: if rng.u8(0..4) == 0 {
                    SignalKind::AdviceRequest
                } else {
                    SignalKind::Report
                },
                reporter: {
                    let category = SourceCategory::ALL[rng.usize(..SourceCategory::ALL.len())];
                    // A professional reporter gives their name and organisation; fictional, as all else here.
                    let professional = category.is_professional();
                    Reporter {
                        category,
                        name: professional.then(|| "Melder".to_owned()),
                        organisation: professional.then(|| category.label_nl().to_owned()),
                        contact: None,
                        professional_id: None,
                    }
                },
                shielded: rng.bool(),
                household_id: Some(h.id),
                persons: vec![members[rng.usize(..members.len())]],
                observed: "Zorgen over de veiligheid thuis.".into(),
                received_on,
                acute: false,
                meldcode: None,
            };
            let received = jiff::civil::DateTime::from(received_on)
                .to_zoned(time::zone())?
                .timestamp()
                .checked_add(jiff::SignedDuration::from_hours(10))?;
            let mut signal = Signal::receive(
                new,
                (vt.organisation, vt.kind),
                &norms,
                &calendar,
                &vt,
                received,
                received_on,
            )?;
            let assessed = received.checked_add(jiff::SignedDuration::from_hours(24 * rng.i64(0..9)))?;
            if assessed < now {
                let outcome = if rng.bool() {
                    AssessmentOutcome::Advice
                } else {
                    AssessmentOutcome::NoFurtherAction
                };
                signal = signal.assess(outcome, "Beoordeeld.", None, &norms, &vt, assessed)?;
            }
            signal.imported = true;
            batch.signals.push(SignalIntake {
                signal,
                households: vec![h.id],
                actor: vt,
            });
        }
        scope.import(&batch).await?;
        total.households += batch.households.len();
        total.persons += batch.persons.len();
        total.cases += batch.cases.len();
        total.events += batch.events.len();
        total.signals += batch.signals.len();
        done += n;
        progress(total);
    }
    Ok(total)
}

/// A case opened at `opened` with a random but valid history of about twelve events, days to weeks apart
/// and none after `now`, all decided by the domain; most cases older than a year are closed, and one in
/// [`TO_COURT_ONE_IN`] of those still open went to the juvenile court when `staff` has who does that.
fn route(
    rng: &mut fastrand::Rng,
    household: HouseholdId,
    local: Actor,
    staff: &Staff,
    (born, help_kinds): (&[(PersonId, jiff::civil::Date)], &[regie_domain::help::HelpKind]),
    opened: jiff::Timestamp,
    now: jiff::Timestamp,
) -> Result<(Case, Vec<NewEvent>)> {
    let members: Vec<PersonId> = born.iter().map(|(p, _)| *p).collect();
    let members = members.as_slice();
    let reason = |s: &str| Reason::parse("reason", s).expect("valid");
    let lead = Lead::new((local.professional, local.kind), None)?;
    let (mut case, first) = Case::open(household, lead, LegalFrame::Voluntary, None, &local, opened)?;
    let mut events = vec![first];
    let mut at = opened;
    for _ in 0..rng.usize(5..=18) {
        let next = at.checked_add(jiff::SignedDuration::from_hours(24 * rng.i64(2..=45)))?;
        if next > now {
            break;
        }
        at = next;
        let step = match rng.u8(0..10) {
            0..=5 => {
                let next = Phase::ALL
                    .get(case.phase as usize + 1)
                    .copied()
                    .filter(|p| *p != Phase::Closed);
                match next {
                    Some(to) => case.change_phase(to, None, &local, at),
                    None => case.change_phase(
                        Phase::Analysis,
                        Some(reason("Nieuwe zorgen; opnieuw analyseren.")),
                        &local,
                        at,
                    ),
                }
            }
            6 => {
                let other = staff.rvt[rng.usize(..staff.rvt.len())];
                let to = if case.lead.secondary.is_some() {
                    Lead::new((local.professional, local.kind), None)?
                } else {
                    Lead::new((local.professional, local.kind), Some((other.professional, other.kind)))?
                };
                case.change_lead(to, reason("Samenwerking met het RVT aangepast."), &local, at)
            }
            7 | 8 => {
                // Help for a member: asked for, or the longest waiting help started.
                let ctx = CaseContext {
                    standing: Standing::CaseTeam,
                    members: members.to_vec(),
                    organisations: Vec::new(),
                    help_kinds: help_kinds.to_vec(),
                    consents: Vec::new(),
                    today: time::date_in_nl(at),
                    born: Vec::new(),
                    norms: Norms::default(),
                    variant: Default::default(),
                };
                match case
                    .route
                    .help
                    .iter()
                    .find(|h| h.started_on.is_none() && h.ended_on.is_none())
                {
                    Some(waiting) => case.update_help(waiting.number, Some(ctx.today), None, &ctx, &local, at),
                    None => {
                        let kind = &help_kinds[rng.usize(..help_kinds.len())];
                        let member = members[rng.usize(..members.len())];
                        let requested_on = ctx.today;
                        case.request_help(
                            member,
                            &kind.code,
                            "Zorgaanbieder",
                            requested_on,
                            None,
                            &ctx,
                            &local,
                            at,
                        )
                    }
                }
            }
            _ => {
                let to = if case.legal_frame == LegalFrame::Voluntary {
                    LegalFrame::Pressure
                } else {
                    LegalFrame::Voluntary
                };
                case.change_legal_frame(to, reason("Kader herzien."), &Default::default(), &staff.vt, at)
            }
        };
        let (next, event) = step?;
        case = next;
        events.push(event);
    }
    let old = now.duration_since(opened) > jiff::SignedDuration::from_hours(24 * 365);
    let closing = at.checked_add(jiff::SignedDuration::from_hours(24 * rng.i64(7..=60)))?;
    if closing < now && rng.u8(0..10) < if old { 9 } else { 3 } {
        let (next, event) = case.close(reason("Afgesloten."), &local, closing)?;
        case = next;
        events.push(event);
    }
    // Drawn only where there is a court, so that the demo's past stays as it was.
    if let Some(justice) = &staff.justice
        && case.is_open()
        && rng.u8(0..TO_COURT_ONE_IN) == 0
    {
        let raad = justice.raad[rng.usize(..justice.raad.len())];
        let gi = justice.gi[rng.usize(..justice.gi.len())];
        // Decided some day in the last eleven months, so that the supervision is in force today, and ten
        // weeks or more after the case's last event, when the walk began.
        let days = |n: i64| jiff::SignedDuration::from_hours(24 * n);
        let earliest = (at.checked_add(days(71))?).max(now.checked_sub(days(330))?);
        let latest = now.checked_sub(days(1))?;
        let walked = if earliest < latest {
            let span = latest.duration_since(earliest).as_secs();
            let decided = earliest.checked_add(jiff::SignedDuration::from_secs(rng.i64(0..span)))?;
            to_measure(&case, [local, raad, justice.court, gi], born, decided)?
        } else {
            None
        };
        if let Some((next, more)) = walked {
            case = next;
            events.extend(more);
        }
    }
    Ok((case, events))
}

/// A case's walk to a supervision (F13–F15), decided at `decided`: ten weeks before, the local team asked
/// the Raad to investigate; the Raad accepted and, eight weeks on, asked the juvenile court for a supervision
/// of the household's children; the court heard them two weeks later (those of 12 or older) and granted it
/// for a year from that day, to be executed by the GI's jeugdbeschermer. `None` when the household has no
/// child.
fn to_measure(
    case: &Case,
    [local, raad, court, gi]: [Actor; 4],
    born: &[(PersonId, jiff::civil::Date)],
    decided: jiff::Timestamp,
) -> Result<Option<(Case, Vec<NewEvent>)>> {
    use regie_domain::justice::{
        ChildHeard, Conclusion, DecisionInput, InvestigationRequest, MeasureKind, MeasureRequest, Outcome,
    };
    let reason = |s: &str| Reason::parse("reason", s).expect("valid");
    let before = |days: i64| decided.checked_sub(jiff::SignedDuration::from_hours(24 * days));
    let (asked, accepted, concluded) = (before(70)?, before(65)?, before(14)?);
    let ctx = |at: jiff::Timestamp| CaseContext {
        standing: Standing::CaseTeam,
        members: born.iter().map(|(p, _)| *p).collect(),
        organisations: vec![raad.organisation, court.organisation, gi.organisation],
        help_kinds: Vec::new(),
        consents: Vec::new(),
        today: time::date_in_nl(at),
        born: born.to_vec(),
        norms: Norms::default(),
        variant: Default::default(),
    };
    let hearing_on = time::date_in_nl(decided);
    let minors_on = |day: jiff::civil::Date, from: i16| -> Vec<PersonId> {
        (born.iter())
            .filter(|(_, b)| (from..18).contains(&regie_domain::person::age(*b, day)))
            .map(|(p, _)| *p)
            .collect()
    };
    let children = minors_on(time::date_in_nl(concluded), 0);
    if children.is_empty() {
        return Ok(None);
    }
    let mut events = Vec::with_capacity(5);
    let ask = InvestigationRequest {
        raad: (raad.organisation, OrganisationKind::Rvdk),
        reason: reason("Zorgen over de veiligheid van de kinderen; vrijwillige hulp helpt niet genoeg."),
    };
    let (case, e) = case.request_investigation(ask, &ctx(asked), &local, asked)?;
    events.push(e);
    let (case, e) = case.accept_investigation(1, &ctx(accepted), &raad, accepted)?;
    events.push(e);
    let request = MeasureRequest {
        kinds: vec![MeasureKind::Supervision],
        children,
        grounds: reason("Ernstige ontwikkelingsbedreiging; vrijwillige hulp werkt niet."),
        court: (court.organisation, OrganisationKind::Court),
        executor: gi,
    };
    let (case, e) = (case.conclude_investigation(1, Conclusion::Request(request), &ctx(concluded), &raad, concluded))
        .map_err(regie_access::AccessError::from)?;
    events.push(e);
    let (case, e) = case.schedule_hearing(1, hearing_on, &ctx(concluded), &court, concluded)?;
    events.push(e);
    let decision = DecisionInput {
        request: 1,
        outcome: Outcome::Granted,
        granted: vec![(
            MeasureKind::Supervision,
            Some(regie_domain::justice::add_months(hearing_on, 12)),
        )],
        children: Vec::new(),
        start: hearing_on,
        heard: (minors_on(hearing_on, 12).into_iter())
            .map(|p| (p, ChildHeard::Heard))
            .collect(),
        urgent: None,
        reason: reason("De kinderrechter stelt de kinderen onder toezicht."),
    };
    let (case, e) = (case.decide(decision, &ctx(decided), &court, decided)).map_err(regie_access::AccessError::from)?;
    events.push(e);
    Ok(Some((case, events)))
}

#[cfg(test)]
mod tests {
    use super::staff_count;

    #[test]
    fn a_larger_region_has_proportionally_more_professionals_and_a_smaller_one_as_many() {
        assert_eq!(staff_count(200, 3_000), 200);
        assert_eq!(staff_count(200, 100_000), 200);
        assert_eq!(staff_count(200, 1_000_000), 2_000);
        assert_eq!(staff_count(20, 250_000), 50);
    }
}
