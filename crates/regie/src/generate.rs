//! Synthetic data at scale for benchmarks: a region "Regio Synthetisch" with a few hundred professionals and
//! N households of the demo's compositions (about 2.5 members each), of which four in five have a case with
//! about twelve events, and optionally signals about them (received by Veilig Thuis over the last six
//! years). Loaded through the access layer's bulk import in batches of 1,000 households.

use crate::demo::{BsnSource, address, compose, household_name, person};
use anyhow::Result;
use regie_access::Access;
use regie_domain::calendar::Calendar;
use regie_domain::signal::{NewSignal, Norms, Reporter, Signal, SignalKind, SourceCategory};
use regie_domain::*;
use regie_store::{ImportBatch, SignalIntake};

/// How many professionals of each kind the synthetic region has.
const STAFF: &[(OrganisationKind, &str, usize)] = &[
    (OrganisationKind::LocalTeam, "synth-local", 200),
    (OrganisationKind::Vt, "synth-vt", 50),
    (OrganisationKind::Rvdk, "synth-rvdk", 20),
    (OrganisationKind::Gi, "synth-gi", 30),
];

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

/// Configures the synthetic region (its usernames get `suffix`, so several runs can share a database).
async fn configure(access: &Access, suffix: &str) -> Result<(Region, Vec<Actor>)> {
    let region = Region {
        id: RegionId::new(),
        name: format!("Regio Synthetisch {suffix}"),
    };
    let mut orgs = Vec::new();
    let mut pros = Vec::new();
    let mut actors = Vec::new();
    for (kind, prefix, count) in STAFF {
        let org = Organisation {
            id: OrganisationId::new(),
            region_id: region.id,
            name: format!("{prefix} {suffix}"),
            kind: *kind,
        };
        for i in 0..*count {
            let p = Professional {
                id: ProfessionalId::new(),
                organisation_id: org.id,
                team_id: None,
                username: format!("{prefix}-{i}{suffix}"),
                display_name: format!("Professional {prefix} {i}"),
                contact: Default::default(),
            };
            actors.push(Actor {
                professional: p.id,
                organisation: org.id,
                kind: *kind,
            });
            pros.push(p);
        }
        orgs.push(org);
    }
    access.configure_region(&region, &orgs, &[], &pros).await?;
    Ok((region, actors))
}

/// Generates `households` households into the database behind `access`, reporting progress to `progress`.
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
    let (region, actors) = configure(access, &suffix).await?;
    let locals: Vec<Actor> = actors
        .iter()
        .copied()
        .filter(|a| a.kind == OrganisationKind::LocalTeam)
        .collect();
    let rvt: Vec<Actor> = actors
        .iter()
        .copied()
        .filter(|a| a.kind != OrganisationKind::LocalTeam)
        .collect();
    let scope = access.scope(locals[0]);
    let vt = *rvt
        .iter()
        .find(|a| a.kind == OrganisationKind::Vt)
        .expect("the synthetic region has Veilig Thuis");
    let (norms, calendar, now) = (Norms::default(), Calendar::default(), time::now());
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut bsns = BsnSource::default();
    let today = time::today();
    let mut total = Generated::default();
    let mut done = 0;
    while done < households {
        let n = (households - done).min(1000);
        let mut batch = ImportBatch::default();
        for _ in 0..n {
            let specs = compose(&mut rng);
            let dijkdorp = rng.bool();
            let addr = address(&mut rng, dijkdorp);
            let h = Household {
                id: HouseholdId::new(),
                region_id: region.id,
                name: ShortText::parse("name", &household_name(&specs))?,
                address: Some(addr.clone()),
                registered_by: None,
                version: 1,
            };
            for spec in &specs {
                let p = person(&mut rng, spec, today, bsns.next(), &addr);
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
                let local = locals[rng.usize(..locals.len())];
                let (case, events) = route(&mut rng, h.id, local, &rvt)?;
                batch.cases.push(case);
                batch.events.extend(events);
            }
            batch.households.push(h);
        }
        // Signals spread evenly over the batches, each about one member of a household of the batch,
        // received some day in the last six years.
        let wanted = signals * (done + n) / households.max(1) - signals * done / households.max(1);
        for _ in 0..wanted {
            let h = &batch.households[rng.usize(..batch.households.len())];
            let members: Vec<PersonId> = batch
                .memberships
                .iter()
                .filter(|m| m.household_id == h.id)
                .map(|m| m.person_id)
                .collect();
            let new = NewSignal {
                kind: if rng.u8(0..4) == 0 {
                    SignalKind::AdviceRequest
                } else {
                    SignalKind::Report
                },
                reporter: Reporter {
                    category: SourceCategory::ALL[rng.usize(9..SourceCategory::ALL.len())],
                    name: None,
                    organisation: None,
                    contact: None,
                    professional_id: None,
                },
                shielded: rng.bool(),
                household_id: Some(h.id),
                persons: vec![members[rng.usize(..members.len())]],
                observed: "Zorgen over de veiligheid thuis.".into(),
                received_on: today.checked_sub(jiff::Span::new().days(rng.i64(0..2190)))?,
                acute: false,
                meldcode: None,
            };
            let signal = Signal::receive(new, (vt.organisation, vt.kind), &norms, &calendar, &vt, now, today)?;
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
    access.analyze().await?;
    Ok(total)
}

/// A case with a random but valid history of about twelve events, all decided by the domain.
fn route(
    rng: &mut fastrand::Rng,
    household: HouseholdId,
    local: Actor,
    rvt: &[Actor],
) -> Result<(Case, Vec<NewEvent>)> {
    let reason = |s: &str| Reason::parse("reason", s).expect("valid");
    let lead = Lead::new((local.professional, local.kind), None)?;
    let (mut case, opened) = Case::open(household, lead, LegalFrame::Voluntary, None, &local, time::now())?;
    let mut events = vec![opened];
    for _ in 0..rng.usize(5..=18) {
        let step = match rng.u8(0..10) {
            0..=5 => {
                let next = Phase::ALL
                    .get(case.phase as usize + 1)
                    .copied()
                    .filter(|p| *p != Phase::Closed);
                match next {
                    Some(to) => case.change_phase(to, None, &local, time::now()),
                    None => case.change_phase(
                        Phase::Analysis,
                        Some(reason("Nieuwe zorgen; opnieuw analyseren.")),
                        &local,
                        time::now(),
                    ),
                }
            }
            6..=8 => {
                let other = rvt[rng.usize(..rvt.len())];
                let to = if case.lead.secondary.is_some() {
                    Lead::new((local.professional, local.kind), None)?
                } else {
                    Lead::new((local.professional, local.kind), Some((other.professional, other.kind)))?
                };
                case.change_lead(to, reason("Samenwerking met het RVT aangepast."), &local, time::now())
            }
            _ => {
                let vt = rvt
                    .iter()
                    .find(|a| a.kind == OrganisationKind::Vt)
                    .expect("a VT professional");
                let to = if case.legal_frame == LegalFrame::Voluntary {
                    LegalFrame::Pressure
                } else {
                    LegalFrame::Voluntary
                };
                case.change_legal_frame(to, reason("Kader herzien."), vt, time::now())
            }
        };
        let (next, event) = step?;
        case = next;
        events.push(event);
    }
    if rng.u8(0..10) == 0 {
        let (next, event) = case.close(reason("Afgesloten."), &local, time::now())?;
        case = next;
        events.push(event);
    }
    Ok((case, events))
}
