//! The fictional demo region "Regio Voorbeeld": two municipalities, three local teams, the Regional Safety
//! Team (VT, RvdK, GI), police and a court, with about fifty households of every composition and cases in
//! every phase and legal frame. Every name, address and BSN is invented (BSNs from the test range 99999xxxx,
//! valid by the 11-proef). Everything is written through the access layer, as real users would.

use crate::generate::Staff;
use anyhow::{Context, Result};
use jiff::civil::Date;
use jiff::{Span, ToSpan};
use regie_access::{Access, PersonRegistration, Scope};
use regie_domain::authority::Holder;
use regie_domain::calendar::Calendar;
use regie_domain::consent::{ConsentForm, Purpose};
use regie_domain::justice::{
    ChildHeard, Conclusion, DecisionInput, InvestigationRequest, MeasureKind, MeasureRequest, Outcome, add_months,
};
use regie_domain::meldcode::{Afwegingskader, MeldcodeSteps};
use regie_domain::partners::TrackInput;
use regie_domain::person::{PersonName, Prefix, age};
use regie_domain::plan::{ActionRef, ActionStatus};
use regie_domain::route::RouteVariant;
use regie_domain::signal::{AssessmentOutcome, MeldcodeRecord, NewSignal, Reporter, SignalKind, SourceCategory};
use regie_domain::*;

/// The privacy officer of Veilig Thuis, who reviews its emergency accesses.
pub const REVIEWER: &str = "demo-privacy";
/// The functional administrator of the Noord local team, who resets a colleague's password, and of the demo
/// region, whose route variant, organisations and teams they configure.
pub const ADMINISTRATOR: &str = "demo-beheer";

/// The demo users, with their display names and the organisation they work for.
pub const USERS: &[(&str, &str, &str)] = &[
    ("demo-local-team", "Fatima El Amrani", "Lokaal team Voorbeeldstad-Noord"),
    ("demo-beheer", "Henk Mulder", "Lokaal team Voorbeeldstad-Noord"),
    (
        "demo-local-team-zuid",
        "Joost de Graaf",
        "Lokaal team Voorbeeldstad-Zuid",
    ),
    ("demo-local-team-dijkdorp", "Marieke Postma", "Lokaal team Dijkdorp"),
    ("demo-vt", "Samira Haddou", "Veilig Thuis Regio Voorbeeld"),
    ("demo-privacy", "Mirjam Bos", "Veilig Thuis Regio Voorbeeld"),
    (
        "demo-rvdk",
        "Pieter Wolters",
        "Raad voor de Kinderbescherming Regio Voorbeeld",
    ),
    ("demo-gi", "Anouk Verbeek", "Jeugdbescherming Regio Voorbeeld"),
    ("demo-municipality", "Ruud Hoekstra", "Gemeente Voorbeeldstad"),
    ("demo-municipality-dijkdorp", "Ingrid Zwart", "Gemeente Dijkdorp"),
    (
        "demo-onderzoeker",
        "Femke Brandsma",
        "Onderzoeksbureau Proeftuin Voorbeeld",
    ),
    ("demo-police", "Erik Jonker", "Politie Eenheid Voorbeeld"),
    ("demo-school", "Sanne de Jong", "OBS De Regenboog"),
    ("demo-court", "mr. Lotte Kramer", "Rechtbank Voorbeeld"),
    (
        "demo-om",
        "mr. Karin Visser",
        "Openbaar Ministerie Arrondissement Voorbeeld",
    ),
    ("demo-reclassering", "Hans de Boer", "Reclassering Regio Voorbeeld"),
];

const ORGANISATIONS: &[(&str, OrganisationKind)] = &[
    ("Gemeente Voorbeeldstad", OrganisationKind::Municipality),
    ("Gemeente Dijkdorp", OrganisationKind::Municipality),
    ("Lokaal team Voorbeeldstad-Noord", OrganisationKind::LocalTeam),
    ("Lokaal team Voorbeeldstad-Zuid", OrganisationKind::LocalTeam),
    ("Lokaal team Dijkdorp", OrganisationKind::LocalTeam),
    ("Veilig Thuis Regio Voorbeeld", OrganisationKind::Vt),
    ("Raad voor de Kinderbescherming Regio Voorbeeld", OrganisationKind::Rvdk),
    ("Jeugdbescherming Regio Voorbeeld", OrganisationKind::Gi),
    ("Politie Eenheid Voorbeeld", OrganisationKind::Police),
    ("Rechtbank Voorbeeld", OrganisationKind::Court),
    (
        "Openbaar Ministerie Arrondissement Voorbeeld",
        OrganisationKind::Prosecutor,
    ),
    ("Reclassering Regio Voorbeeld", OrganisationKind::Probation),
    ("OBS De Regenboog", OrganisationKind::School),
    ("Onderzoeksbureau Proeftuin Voorbeeld", OrganisationKind::Research),
];

/// The configured demo directory: actors by username.
pub struct Directory {
    /// (username, actor) for every demo user.
    pub actors: Vec<(&'static str, Actor)>,
    /// The region.
    pub region: Region,
    /// Who worked the region's past.
    pub history: Staff,
}

impl Directory {
    fn actor(&self, username: &str) -> Actor {
        self.actors
            .iter()
            .find(|(u, _)| *u == username)
            .map(|(_, a)| *a)
            .expect("demo user exists")
    }
}

/// Configures the demo region's organisations, teams and users.
pub async fn configure(access: &Access) -> Result<Directory> {
    let region = Region {
        id: RegionId::new(),
        name: "Regio Voorbeeld".into(),
    };
    let organisations: Vec<Organisation> = ORGANISATIONS
        .iter()
        .map(|(name, kind)| Organisation {
            id: OrganisationId::new(),
            region_id: region.id,
            name: (*name).into(),
            kind: *kind,
        })
        .collect();
    let teams: Vec<Team> = organisations
        .iter()
        .filter(|o| {
            matches!(
                o.kind,
                OrganisationKind::Vt | OrganisationKind::Rvdk | OrganisationKind::Gi | OrganisationKind::LocalTeam
            )
        })
        .enumerate()
        .map(|(i, o)| Team {
            id: TeamId::new(),
            organisation_id: o.id,
            name: if o.kind == OrganisationKind::LocalTeam {
                format!("{} (team)", o.name)
            } else {
                "Regionaal Veiligheidsteam".into()
            },
            // Fictional, as the professionals' below.
            contact: Contact {
                phone: Some(format!("020 123 40 {:02}", i + 10)),
                email: Some(format!("team{}@regie-demo.example", i + 1)),
            },
        })
        .collect();
    // The privacy officer reviews emergency accesses, the administrator manages accounts: neither works in
    // a team's files.
    let (actors, mut professionals) = users(USERS, &organisations, &teams, &[REVIEWER, ADMINISTRATOR], "020 123 45");
    let (history, history_teams, history_professionals) = history_staff(&organisations, "demo-history");
    let teams: Vec<Team> = teams.into_iter().chain(history_teams).collect();
    professionals.extend(history_professionals);
    access
        .configure_region(&region, &organisations, &teams, &professionals)
        .await
        .context("configure the demo region")?;
    for (name, areas) in crate::generate::AREAS {
        let municipality = (organisations.iter())
            .find(|o| o.name == format!("Gemeente {name}"))
            .expect("the demo has both municipalities");
        let areas: Vec<String> = areas.iter().map(|a| (*a).to_owned()).collect();
        access
            .set_municipality_areas(region.id, municipality.id, &areas)
            .await?;
    }
    access
        .appoint(REVIEWER, Role::Reviewer)
        .await
        .context("appoint the demo reviewer")?;
    access
        .appoint(ADMINISTRATOR, Role::Administrator)
        .await
        .context("appoint the demo administrator")?;
    access
        .appoint(ADMINISTRATOR, Role::RegionAdministrator)
        .await
        .context("appoint the demo region's administrator")?;
    Ok(Directory {
        actors,
        region,
        history,
    })
}

/// The demo users of `list` as professionals of their organisations, each in their organisation's first
/// team unless `teamless`, with fictional contact details (`phone` and two digits, the reserved .example
/// domain); with the actor each acts as.
fn users(
    list: &[(&'static str, &str, &str)],
    organisations: &[Organisation],
    teams: &[Team],
    teamless: &[&str],
    phone: &str,
) -> (Vec<(&'static str, Actor)>, Vec<Professional>) {
    let mut actors = Vec::new();
    let mut professionals = Vec::new();
    for (i, (username, display, org_name)) in list.iter().enumerate() {
        let org = (organisations.iter())
            .find(|o| o.name == *org_name)
            .expect("demo organisation exists");
        let team = (!teamless.contains(username))
            .then(|| teams.iter().find(|t| t.organisation_id == org.id).map(|t| t.id))
            .flatten();
        let p = Professional {
            id: ProfessionalId::new(),
            organisation_id: org.id,
            team_id: team,
            username: (*username).into(),
            display_name: (*display).into(),
            contact: Contact {
                phone: Some(format!("{phone} {:02}", i + 10)),
                email: Some(format!("{username}@regie-demo.example")),
            },
            ended: None,
        };
        actors.push((*username, Actor::of(p.id, org)));
        professionals.push(p);
    }
    (actors, professionals)
}

/// How many households of the demo region's past [`seed`] generates, and signals about them.
pub const HISTORY: (usize, usize) = (1200, 1800);

/// The colleagues who worked the demo region's past: a second team in each local team with four
/// professionals, and one professional each at Veilig Thuis, the Raad and the GI. None of them has an
/// account, and no demo user is in their teams, so their households stay out of the demo users' lists.
fn history_staff(organisations: &[Organisation], prefix: &str) -> (Staff, Vec<Team>, Vec<Professional>) {
    let mut teams = Vec::new();
    let mut professionals = Vec::new();
    let (mut locals, mut rvt) = (Vec::new(), Vec::new());
    for o in organisations {
        let team = match o.kind {
            OrganisationKind::LocalTeam => {
                let t = Team {
                    id: TeamId::new(),
                    organisation_id: o.id,
                    name: format!("{} (tweede team)", o.name),
                    contact: Contact::default(),
                };
                let id = t.id;
                teams.push(t);
                Some(id)
            }
            OrganisationKind::Vt | OrganisationKind::Rvdk | OrganisationKind::Gi => None,
            _ => continue,
        };
        let count = if team.is_some() { 4 } else { 1 };
        for _ in 0..count {
            let n = professionals.len() + 1;
            let p = Professional {
                id: ProfessionalId::new(),
                organisation_id: o.id,
                team_id: team,
                username: format!("{prefix}-{n}"),
                display_name: format!("Medewerker {n}"),
                contact: Contact::default(),
                ended: None,
            };
            let actor = Actor::of(p.id, o);
            if o.kind == OrganisationKind::LocalTeam {
                locals.push(actor);
            } else {
                rvt.push(actor);
            }
            professionals.push(p);
        }
    }
    let vt = *rvt
        .iter()
        .find(|a| a.kind == OrganisationKind::Vt)
        .expect("the demo has Veilig Thuis");
    (
        Staff {
            locals,
            rvt,
            vt,
            justice: None,
        },
        teams,
        professionals,
    )
}

const FAMILY_NAMES: &[&str] = &[
    "de Vries",
    "Jansen",
    "van den Berg",
    "Bakker",
    "Yılmaz",
    "El Amrani",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Kaya",
    "Öztürk",
    "Boukhari",
    "Pinas",
    "Tjon A Fat",
    "Nguyen",
    "Kowalski",
    "Sedney",
    "van Dam",
];
const GIVEN_ADULT: &[&str] = &[
    "Sanne",
    "Mark",
    "Anouk",
    "Dennis",
    "Fatma",
    "Mohamed",
    "Esther",
    "Ricardo",
    "Ilse",
    "Bas",
    "Naima",
    "Kevin",
    "Mirjam",
    "Hasan",
    "Priya",
    "Wouter",
    "Agnieszka",
    "Thijs",
    "Shirley",
    "Youssef",
];
const GIVEN_CHILD: &[&str] = &[
    "Noor", "Daan", "Emma", "Sem", "Lina", "Finn", "Sara", "Adam", "Julia", "Milan", "Zoë", "Ayoub", "Tess", "Liam",
    "Fleur", "Mehmet", "Nina", "Jayden", "Saar", "Luuk",
];
const GIVEN_ELDER: &[&str] = &[
    "Gerrit",
    "Johanna",
    "Hendrik",
    "Wilhelmina",
    "Cornelis",
    "Maria",
    "Jacobus",
    "Aaltje",
];
const STREETS: &[&str] = &[
    "Lindelaan",
    "Kerkstraat",
    "Molenweg",
    "Dorpsstraat",
    "Julianastraat",
    "Beatrixlaan",
    "Schoolstraat",
    "Havenkade",
    "Populierenlaan",
    "Zonnebloemstraat",
];

/// Hands out fictional BSNs from the test range 999 99x xxx, each valid by the 11-proef.
pub struct BsnSource {
    next: u32,
}

impl BsnSource {
    /// A source that hands out none: persons without a BSN, so a later test BSN is still free.
    pub fn none() -> Self {
        Self { next: 100_000_000 }
    }
}

impl Default for BsnSource {
    fn default() -> Self {
        Self { next: 99_999_000 }
    }
}

impl Iterator for BsnSource {
    type Item = Bsn;

    /// The next valid test BSN, or none when the range is used up.
    fn next(&mut self) -> Option<Bsn> {
        while self.next <= 99_999_999 {
            let prefix = self.next;
            self.next += 1;
            let digits: Vec<u32> = format!("{prefix:08}")
                .chars()
                .map(|c| c.to_digit(10).expect("digit"))
                .collect();
            let sum: u32 = digits.iter().zip((2..=9).rev()).map(|(d, w)| d * w).sum();
            let check = sum % 11;
            if check < 10 {
                return Some(Bsn::parse("bsn", &format!("{prefix:08}{check}")).expect("constructed valid"));
            }
        }
        None
    }
}

/// One generated member: name, age in years, relation.
pub struct MemberSpec {
    /// Given name.
    pub given: &'static str,
    /// Family name.
    pub family: &'static str,
    /// Age in whole years today.
    pub age: i16,
    /// Relation to the household.
    pub relation: Relation,
}

/// Generates a household's composition: single parents, couples with children, step-families, adults alone
/// with their own worries, elderly couples, adult children at home.
pub fn compose(rng: &mut fastrand::Rng) -> Vec<MemberSpec> {
    let family = FAMILY_NAMES[rng.usize(..FAMILY_NAMES.len())];
    let other_family = FAMILY_NAMES[rng.usize(..FAMILY_NAMES.len())];
    let adult = |rng: &mut fastrand::Rng, family, ages: std::ops::RangeInclusive<i16>, relation| MemberSpec {
        given: GIVEN_ADULT[rng.usize(..GIVEN_ADULT.len())],
        family,
        age: rng.i16(ages),
        relation,
    };
    let children = |rng: &mut fastrand::Rng, family, n: usize, max_age: i16| -> Vec<MemberSpec> {
        (0..n)
            .map(|_| MemberSpec {
                given: GIVEN_CHILD[rng.usize(..GIVEN_CHILD.len())],
                family,
                age: rng.i16(0..=max_age),
                relation: Relation::Child,
            })
            .collect()
    };
    match rng.u8(0..7) {
        0 => {
            let mut m = vec![adult(rng, family, 22..=45, Relation::Parent)];
            let n = rng.usize(1..=3);
            m.extend(children(rng, family, n, 17));
            m
        }
        1 => {
            let mut m = vec![
                adult(rng, family, 28..=50, Relation::Parent),
                adult(rng, other_family, 28..=50, Relation::Parent),
            ];
            let n = rng.usize(1..=4);
            m.extend(children(rng, family, n, 17));
            m
        }
        2 => {
            let mut m = vec![
                adult(rng, family, 28..=48, Relation::Parent),
                adult(rng, other_family, 28..=50, Relation::StepParent),
            ];
            let n = rng.usize(1..=2);
            m.extend(children(rng, family, n, 16));
            m
        }
        3 => vec![adult(rng, family, 30..=67, Relation::OtherAdult)],
        4 => {
            let elder = |rng: &mut fastrand::Rng, family, relation| MemberSpec {
                given: GIVEN_ELDER[rng.usize(..GIVEN_ELDER.len())],
                family,
                age: rng.i16(74..=90),
                relation,
            };
            vec![
                elder(rng, family, Relation::Partner),
                elder(rng, other_family, Relation::Partner),
            ]
        }
        5 => {
            vec![
                adult(rng, family, 50..=65, Relation::Parent),
                adult(rng, family, 19..=28, Relation::OtherAdult),
            ]
        }
        _ => {
            let mut m = vec![
                adult(rng, family, 30..=45, Relation::Parent),
                adult(rng, other_family, 30..=45, Relation::Partner),
            ];
            m.extend(children(rng, family, 1, 3));
            m
        }
    }
}

/// The household's name as professionals write it: "Huishouden De Vries".
pub fn household_name(members: &[MemberSpec]) -> String {
    let family = members.first().map_or("Onbekend", |m| m.family);
    format!("Huishouden {}", regie_domain::text::capitalise(family))
}

/// A plausible address in one of the two demo municipalities.
pub fn address(rng: &mut fastrand::Rng, dijkdorp: bool) -> Address {
    let street = STREETS[rng.usize(..STREETS.len())];
    let (postcode, city) = if dijkdorp {
        (format!("9996 {}", letters(rng)), "Dijkdorp")
    } else {
        (format!("999{} {}", rng.u8(1..=5), letters(rng)), "Voorbeeldstad")
    };
    Address::parse(Prefix::Address, street, &rng.u16(1..=180).to_string(), &postcode, city)
        .expect("generated address is valid")
}

fn letters(rng: &mut fastrand::Rng) -> String {
    [rng.u8(b'A'..=b'Z') as char, rng.u8(b'A'..=b'Z') as char]
        .iter()
        .collect()
}

/// A date of birth for someone `age` years old today.
pub fn birth_date(rng: &mut fastrand::Rng, today: Date, age: i16) -> Date {
    today
        .checked_sub(Span::new().years(age).days(rng.i64(1..=360)))
        .expect("date in range")
}

/// A person built from a member spec.
pub fn person(rng: &mut fastrand::Rng, spec: &MemberSpec, today: Date, bsn: Option<Bsn>, address: &Address) -> Person {
    Person {
        id: PersonId::new(),
        name: PersonName {
            given: ShortText::parse("given_name", spec.given).expect("valid"),
            family: ShortText::parse("family_name", spec.family).expect("valid"),
        },
        date_of_birth: birth_date(rng, today, spec.age),
        bsn,
        address: Some(address.clone()),
        version: 1,
    }
}

fn reason(text: &str) -> Reason {
    Reason::parse("reason", text).expect("demo reason is valid")
}

/// Seeds about fifty households with their cases.
pub async fn seed(access: &Access) -> Result<Directory> {
    let dir = configure(access).await?;
    let mut rng = fastrand::Rng::with_seed(2026);
    let mut bsns = BsnSource::default();
    let today = time::today();
    let local_teams = ["demo-local-team", "demo-local-team-zuid", "demo-local-team-dijkdorp"];
    let mut households = Vec::with_capacity(50);
    let mut previous_child: Option<(PersonId, &'static str)> = None;
    // The court route's demo states go to the first households of scripts 6 and 7 with minors, in this order.
    let mut court = COURT_ROUTES.iter();
    for i in 0..50usize {
        let team = local_teams[i % 3];
        let scope = access.scope(dir.actor(team));
        let specs = compose(&mut rng);
        let addr = address(&mut rng, team == "demo-local-team-dijkdorp");
        let household = Household {
            id: HouseholdId::new(),
            region_id: dir.region.id,
            name: ShortText::parse("name", &household_name(&specs)).expect("valid"),
            address: Some(addr.clone()),
            registered_by: None,
            version: 1,
        };
        scope.create_household(&household).await?;
        for spec in &specs {
            let bsn = if rng.u8(0..10) < 7 { bsns.next() } else { None };
            let p = person(&mut rng, spec, today, bsn, &addr);
            let PersonRegistration::Created(p) = scope.register_person(&p, true).await? else {
                anyhow::bail!("demo person unexpectedly matched an existing one")
            };
            add_member(
                &scope,
                household.id,
                p.id,
                spec.relation,
                today.checked_sub(rng.i64(200..=3000).days())?.max(p.date_of_birth),
            )
            .await?;
            if spec.relation == Relation::Child && spec.age >= 4 {
                previous_child = Some((p.id, spec.family));
            }
        }
        // Every seventh household is the second home of a child of separated parents.
        if i % 7 == 6
            && let Some((child, _)) = previous_child.take()
        {
            add_member(
                &scope,
                household.id,
                child,
                Relation::Child,
                today.checked_sub(400.days())?,
            )
            .await?;
        }
        route(access, &dir, &scope, household.id, i, &mut court).await?;
        households.push(household.id);
    }
    signals(access, &dir, &households).await?;
    scenarios(access, &dir, &mut bsns).await?;
    accounts(access).await?;
    // Three years of the region's past, so the municipality's figures have something to show.
    let (households, signals) = HISTORY;
    crate::generate::history(
        access,
        dir.region.id,
        &dir.history,
        // No BSNs: the test range is small, and a test may register one the demo left free.
        &mut BsnSource::none(),
        households,
        signals,
        3,
        crate::generate::DEMO_BATCH,
        2026,
        |_| (),
    )
    .await?;
    second_region(access).await?;
    Ok(dir)
}

/// The demo's second pilot region: smaller, with its own organisations and users, and another route variant.
pub const SECOND_REGION: &str = "Proeftuin Zuidwaard";

/// The functional administrator of the second region, who configures its route variant and directory.
pub const SECOND_ADMINISTRATOR: &str = "demo-beheer-zuidwaard";

/// The second region's demo users: (username, display name, organisation).
pub const SECOND_USERS: &[(&str, &str, &str)] = &[
    ("demo-zuidwaard", "Thijs Bosman", "Lokaal team Zuidwaard"),
    ("demo-zuidwaard-vt", "Lieke Smit", "Veilig Thuis Zuidwaard"),
    ("demo-beheer-zuidwaard", "Karel Dekker", "Lokaal team Zuidwaard"),
    ("demo-gemeente-zuidwaard", "Nadia Amrani", "Gemeente Zuidwaard"),
];

/// The second region's organisations.
const SECOND_ORGANISATIONS: &[(&str, OrganisationKind)] = &[
    ("Gemeente Zuidwaard", OrganisationKind::Municipality),
    ("Lokaal team Zuidwaard", OrganisationKind::LocalTeam),
    ("Veilig Thuis Zuidwaard", OrganisationKind::Vt),
    ("Raad voor de Kinderbescherming Zuidwaard", OrganisationKind::Rvdk),
    ("Jeugdbescherming Zuidwaard", OrganisationKind::Gi),
];

/// The second region's route variant: no transfers, the RVT leads joint work, and the local team may put
/// a case under pressure once the RVT answered its consultation.
pub const SECOND_VARIANT: RouteVariant = RouteVariant {
    consultation: true,
    joint_work: true,
    transfer: false,
    joint_work_rvt_leads: true,
    local_pressure_after_consultation: true,
    measure_transfer: false,
};

/// How many households of the second region's past the demo generates, and signals about them.
pub const SECOND_HISTORY: (usize, usize) = (300, 450);

/// How many households with open cases the second region has today.
pub const SECOND_LIVE: usize = 12;

/// Configures the second region with its variant, a dozen households with cases that show it, and a
/// smaller past. Nothing in it is reachable from the first region, nor the other way round.
async fn second_region(access: &Access) -> Result<()> {
    let region = Region {
        id: RegionId::new(),
        name: SECOND_REGION.into(),
    };
    let organisations: Vec<Organisation> = (SECOND_ORGANISATIONS.iter())
        .map(|(name, kind)| Organisation {
            id: OrganisationId::new(),
            region_id: region.id,
            name: (*name).into(),
            kind: *kind,
        })
        .collect();
    let org = |name: &str| {
        (organisations.iter())
            .find(|o| o.name == name)
            .expect("second region organisation")
    };
    let mut teams: Vec<Team> = [
        ("Lokaal team Zuidwaard", "Wijkteam Zuidwaard"),
        ("Veilig Thuis Zuidwaard", "Regionaal Veiligheidsteam Zuidwaard"),
    ]
    .into_iter()
    .map(|(o, name)| Team {
        id: TeamId::new(),
        organisation_id: org(o).id,
        name: name.into(),
        contact: Contact::default(),
    })
    .collect();
    let (actors, mut professionals) = users(
        SECOND_USERS,
        &organisations,
        &teams,
        &[SECOND_ADMINISTRATOR],
        "020 123 46",
    );
    let (staff, history_teams, history_professionals) = history_staff(&organisations, "demo-zuidwaard-history");
    teams.extend(history_teams);
    professionals.extend(history_professionals);
    access
        .configure_region(&region, &organisations, &teams, &professionals)
        .await
        .context("configure the second demo region")?;
    let areas: Vec<String> = (crate::generate::AREAS.iter())
        .flat_map(|(_, areas)| areas.iter().map(|a| (*a).to_owned()))
        .collect();
    access
        .set_municipality_areas(region.id, org("Gemeente Zuidwaard").id, &areas)
        .await?;
    access
        .put_region_settings(region.id, &Default::default(), &SECOND_VARIANT)
        .await?;
    access
        .appoint(SECOND_ADMINISTRATOR, Role::Administrator)
        .await
        .context("appoint the second region's administrator")?;
    access
        .appoint(SECOND_ADMINISTRATOR, Role::RegionAdministrator)
        .await
        .context("appoint the second region's administrator")?;
    for (username, _, _) in SECOND_USERS {
        access.set_professional_password(username, DEMO_PASSWORD).await?;
    }
    let actor = |name: &str| {
        (actors.iter())
            .find(|(u, _)| *u == name)
            .map(|(_, a)| *a)
            .expect("second region user")
    };
    let local = access.scope(actor("demo-zuidwaard"));
    let vt = access.scope(actor("demo-zuidwaard-vt"));
    let mut rng = fastrand::Rng::with_seed(4612);
    let mut bsns = BsnSource::none();
    let today = time::today();
    for i in 0..SECOND_LIVE as i64 {
        let specs = compose(&mut rng);
        let addr = address(&mut rng, false);
        let household = Household {
            id: HouseholdId::new(),
            region_id: region.id,
            name: ShortText::parse("name", &household_name(&specs))?,
            address: Some(addr.clone()),
            registered_by: None,
            version: 1,
        };
        local.create_household(&household).await?;
        for spec in &specs {
            let p = person(&mut rng, spec, today, bsns.next(), &addr);
            let PersonRegistration::Created(p) = local.register_person(&p, true).await? else {
                anyhow::bail!("demo person unexpectedly matched an existing one")
            };
            let from = today.checked_sub(rng.i64(200..=2000).days())?.max(p.date_of_birth);
            add_member(&local, household.id, p.id, spec.relation, from).await?;
        }
        let mut j = Journey::open(
            &local,
            household.id,
            30 + 4 * i,
            "Ouders vragen hulp bij opvoeden en geldzorgen.",
        )
        .await?;
        j.step(&local, 3, |c, _, a, at| c.change_phase(Phase::Analysis, None, a, at))
            .await?;
        let rvt = vt.actor();
        let scale = move |form, deadline| regie_domain::route::ScaleUpRequest {
            form,
            ground: Ground::StructuralUnsafety,
            rvt_professional: rvt,
            deadline,
            reason: reason("Zorgen over de veiligheid blijven terugkomen; het RVT denkt mee."),
        };
        match i % 3 {
            // A consultation the RVT answered: the local team may now apply pressure itself.
            0 => {
                let due = Calendar::default().add_working_days(j.today(), 5);
                j.step(&local, 1, move |c, ctx, a, at| {
                    c.scale_up(scale(ScaleForm::Consultation, Some(due)), ctx, a, at)
                })
                .await?;
                j.step(&vt, 2, |c, ctx, a, at| {
                    c.answer_consultation(
                        reason("Advies: maak een veiligheidsplan; zet drang in als de ouders niet meewerken."),
                        None,
                        &ctx.variant,
                        a,
                        at,
                    )
                })
                .await?;
            }
            // Joint work with the family's consent: in this region the RVT professional leads.
            1 => {
                consent(
                    &local,
                    household.id,
                    Purpose::of_scale(ScaleForm::JointWork),
                    &rvt,
                    j.today(),
                )
                .await?;
                j.step(&local, 1, move |c, ctx, a, at| {
                    c.scale_up(scale(ScaleForm::JointWork, None), ctx, a, at)
                })
                .await?;
            }
            _ => {}
        }
    }
    // A smaller past, so the comparison of regions has figures for both.
    let (households, signals) = SECOND_HISTORY;
    crate::generate::history(
        access,
        region.id,
        &staff,
        &mut BsnSource::none(),
        households,
        signals,
        3,
        crate::generate::DEMO_BATCH,
        4612,
        |_| (),
    )
    .await?;
    Ok(())
}

/// The password of every demo account, professionals and family members alike.
pub const DEMO_PASSWORD: &str = "regie-demo-2026";

/// The demo family members who use the portal: (username, who).
pub const FAMILY_USERS: &[(&str, &str)] = &[
    ("demo-ouder", "Ilse Verhoef, mother in household Verhoef"),
    (
        "demo-jongere",
        "Noor Verhoef (born 2012), daughter in household Verhoef",
    ),
];

/// A walkthrough household: family name, street, house number, postcode, and its members.
type Walkthrough = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, Relation, Date)],
);

const WALKTHROUGHS: &[Walkthrough] = &[
    (
        "Koster",
        "Lindelaan",
        "12",
        "1011AB",
        &[
            ("Eva", Relation::Parent, jiff::civil::date(1989, 10, 14)),
            ("Tim", Relation::Child, jiff::civil::date(2017, 8, 14)),
            ("Lotte", Relation::Child, jiff::civil::date(2020, 11, 2)),
        ],
    ),
    (
        "Verhoef",
        "Esdoornstraat",
        "7",
        "1012CD",
        &[
            ("Ilse", Relation::Parent, jiff::civil::date(1985, 11, 13)),
            ("Noor", Relation::Child, jiff::civil::date(2012, 9, 24)),
            ("Daan", Relation::Child, jiff::civil::date(2018, 5, 8)),
        ],
    ),
    (
        "Bakker",
        "Kastanjelaan",
        "3",
        "1013EF",
        &[
            ("Mark", Relation::Parent, jiff::civil::date(1984, 2, 10)),
            ("Lieke", Relation::Child, jiff::civil::date(2013, 4, 18)),
            ("Sem", Relation::Child, jiff::civil::date(2019, 6, 2)),
        ],
    ),
    (
        "Vroeger",
        "Populierenweg",
        "21",
        "1014GH",
        &[
            ("Anna", Relation::Parent, jiff::civil::date(1962, 3, 3)),
            ("Ruben", Relation::Child, jiff::civil::date(1991, 7, 7)),
        ],
    ),
];

/// Households with fixed names and birth dates for the walkthroughs in the README and the browser tests:
/// Koster, known to the local team of Voorbeeldstad-Noord without a case; Verhoef, whose plan waits for the
/// family's answer; Bakker, whose request for a supervision waits at the court for its hearing, where
/// Lieke (13) may tell the judge her view; Vroeger, whose case closed more than twenty years ago, so its
/// file is past its retention and `regie retention run` destroys it (Jeugdwet art. 7.3.8).
async fn scenarios(access: &Access, dir: &Directory, bsns: &mut BsnSource) -> Result<()> {
    let scope = access.scope(dir.actor("demo-local-team"));
    let today = time::today();
    let mut portal = Vec::new();
    for &(family, street, number, postcode, members) in WALKTHROUGHS {
        let address = Address::parse(Prefix::Address, street, number, postcode, "Voorbeeldstad")
            .map_err(|e| anyhow::anyhow!("demo address: {e:?}"))?;
        let household = Household {
            id: HouseholdId::new(),
            region_id: dir.region.id,
            name: ShortText::parse("name", &format!("Huishouden {family}"))?,
            address: Some(address.clone()),
            registered_by: None,
            version: 1,
        };
        scope.create_household(&household).await?;
        let mut registered = Vec::new();
        for &(given, relation, born) in members {
            let p = Person {
                id: PersonId::new(),
                name: PersonName {
                    given: ShortText::parse("given_name", given)?,
                    family: ShortText::parse("family_name", family)?,
                },
                date_of_birth: born,
                bsn: bsns.next(),
                address: Some(address.clone()),
                version: 1,
            };
            let PersonRegistration::Created(p) = scope.register_person(&p, true).await? else {
                anyhow::bail!("demo person unexpectedly matched an existing one")
            };
            add_member(
                &scope,
                household.id,
                p.id,
                relation,
                today.checked_sub(3000.days())?.max(born),
            )
            .await?;
            if family == "Verhoef" {
                portal.push(p.id);
            }
            registered.push((p.id, relation, born));
        }
        // The parent holds authority over the minor children since their birth (gezag).
        let parent = registered
            .iter()
            .find(|(_, r, _)| *r == Relation::Parent)
            .map(|(p, _, _)| *p);
        let minor = |born: &Date| regie_domain::person::age(*born, today) < 18;
        for (child, _, born) in (registered.iter()).filter(|(_, r, born)| *r == Relation::Child && minor(born)) {
            if let Some(parent) = parent {
                let holders = vec![Holder::Person { person_id: parent }];
                scope.record_authority(household.id, *child, holders, *born).await?;
            }
        }
        if family == "Verhoef" {
            let why = "Ilse vraagt hulp: thuis loopt het vast sinds de scheiding.";
            let mut j = Journey::open(&scope, household.id, 30, why).await?;
            j.step(&scope, 2, |c, _, a, at| c.change_phase(Phase::Analysis, None, a, at))
                .await?;
            j.step(&scope, 7, |c, ctx, a, at| analysis(c, ctx, a, at, 1)).await?;
            j.step(&scope, 1, |c, _, a, at| c.change_phase(Phase::Plan, None, a, at))
                .await?;
            j.step(&scope, 6, plan).await?;
            // Ilse agreed that Veilig Thuis may think along knowing who they are; she can revoke it in the
            // portal.
            let vt = dir.actor("demo-vt");
            consent(&scope, household.id, Purpose::RvtConsultation, &vt, j.today()).await?;
        }
        if family == "Vroeger" {
            let why = "Anna vroeg hulp bij de opvoeding van Ruben.";
            let mut j = Journey::open(&scope, household.id, 8000, why).await?;
            j.step(&scope, 200, |c, _, a, at| {
                c.close(reason("De hulp is klaar; het gaat goed."), a, at)
            })
            .await?;
        }
        if family == "Bakker" {
            let why = "School meldt dat Lieke vaak met blauwe plekken komt.";
            let mut j = Journey::open(&scope, household.id, 40, why).await?;
            let vt = access.scope(dir.actor("demo-vt"));
            let request = regie_domain::route::ScaleUpRequest {
                form: ScaleForm::JointWork,
                ground: Ground::StructuralUnsafety,
                rvt_professional: vt.actor(),
                deadline: None,
                reason: reason("Zorgen over structurele onveiligheid: samenwerking met Veilig Thuis."),
            };
            j.step(&scope, 3, |c, ctx, a, at| c.scale_up(request, ctx, a, at))
                .await?;
            court_route(access, dir, &mut j, &vt, CourtRoute::AwaitingHearing).await?;
            // Mark, the father, is a suspect in a criminal case and under the Reclassering's supervision (F17).
            if let Some((mark, _, _)) = registered.iter().find(|(_, r, _)| *r == Relation::Parent) {
                let (mark, _) = scope.person(*mark).await?;
                let bsn = mark.bsn.as_ref().map(|b| b.as_string()).unwrap_or_default();
                let born = mark.date_of_birth.to_string();
                let from = (today - 60.days()).to_string();
                let om = access.scope(dir.actor("demo-om"));
                let case = TrackInput {
                    reference: "10/226041-26",
                    status: "prosecution",
                    supervisor: "",
                    from: &from,
                    until: "",
                };
                om.register_track(&bsn, &born, case).await?;
                let reclassering = access.scope(dir.actor("demo-reclassering"));
                let supervision = TrackInput {
                    reference: "RN-2026-4471",
                    status: "",
                    supervisor: "Hans de Boer, 06 4123 5678",
                    from: &from,
                    until: "",
                };
                reclassering.register_track(&bsn, &born, supervision).await?;
            }
        }
    }
    // Ilse (the mother) and Noor (14) use the portal; Daan (8) is too young.
    for ((username, _), person) in FAMILY_USERS.iter().zip(&portal) {
        access.set_family_password(username, *person, DEMO_PASSWORD).await?;
    }
    Ok(())
}

/// Gives every demo professional a password for the web application.
async fn accounts(access: &Access) -> Result<()> {
    for (username, _, _) in USERS {
        access.set_professional_password(username, DEMO_PASSWORD).await?;
    }
    Ok(())
}

/// A signal about a demo household, received `days_ago`.
fn signal(
    household: HouseholdId,
    kind: SignalKind,
    reporter: Reporter,
    shielded: bool,
    observed: &str,
    days_ago: i64,
    acute: bool,
) -> Result<NewSignal> {
    Ok(NewSignal {
        kind,
        reporter,
        shielded,
        household_id: Some(household),
        persons: Vec::new(),
        observed: observed.into(),
        received_on: time::today().checked_sub(days_ago.days())?,
        acute,
        meldcode: None,
    })
}

/// The demo school's teacher as a reporter.
fn school_reporter() -> Reporter {
    reporter(SourceCategory::School, Some("Sanne de Jong"), Some("OBS De Regenboog"))
}

fn reporter(category: SourceCategory, name: Option<&str>, organisation: Option<&str>) -> Reporter {
    Reporter {
        category,
        name: name.map(Into::into),
        organisation: organisation.map(Into::into),
        contact: None,
        professional_id: None,
    }
}

/// Signals at Veilig Thuis: some assessed and linked to cases, some waiting in triage (one overdue, one
/// acute), a household with three signals in a year (flagged by the radar), and a police report made
/// through Regie whose status the officer can follow.
async fn signals(access: &Access, dir: &Directory, households: &[HouseholdId]) -> Result<()> {
    use SignalKind::{AdviceRequest, Report};
    let vt = access.scope(dir.actor("demo-vt"));
    let police = access.scope(dir.actor("demo-police"));
    let school = || reporter(SourceCategory::School, Some("Mw. De Jong"), Some("OBS De Regenboog"));
    let neighbour = || reporter(SourceCategory::Neighbour, None, None);
    // Household 3 (in execution): three signals within a year, the last one still in triage.
    for (days, observed) in [
        (300, "Buren horen 's avonds harde ruzies."),
        (120, "Leerkracht ziet dat de oudste vaak verdrietig is."),
        (2, "Buurvrouw hoorde gegil en een klap."),
    ] {
        let who = if days == 120 { school() } else { neighbour() };
        let s = vt
            .receive_signal(
                signal(households[3], Report, who, days != 120, observed, days, false)?,
                None,
            )
            .await?;
        if days != 2 {
            vt.assess_signal(
                s.id,
                s.version,
                AssessmentOutcome::LocalTeam,
                "Past bij de lopende zaak van het lokaal team.",
                None,
            )
            .await?;
        }
    }
    // Waiting in triage: one past its deadline, one acute today, one advice request.
    vt.receive_signal(
        signal(
            households[12],
            Report,
            school(),
            false,
            "Kind komt met blauwe plekken op school.",
            9,
            false,
        )?,
        None,
    )
    .await?;
    vt.receive_signal(
        signal(
            households[10],
            Report,
            neighbour(),
            true,
            "Vader dreigt met een mes, politie ter plaatse.",
            0,
            true,
        )?,
        None,
    )
    .await?;
    vt.receive_signal(
        signal(
            households[21],
            AdviceRequest,
            reporter(SourceCategory::FamilyMember, Some("Oma Hendriks"), None),
            false,
            "Oma vraagt hoe ze haar dochter kan helpen, die het thuis niet meer redt.",
            1,
            false,
        )?,
        None,
    )
    .await?;
    // A police report through Regie, assessed: an investigation that opens a case.
    let vt_org = dir.actor("demo-vt").organisation;
    let report = police
        .receive_signal(
            signal(
                households[32],
                Report,
                reporter(
                    SourceCategory::Police,
                    Some("Erik Jonker"),
                    Some("Politie Eenheid Voorbeeld"),
                ),
                true,
                "Zorgmelding na huiselijk geweld; kinderen waren thuis.",
                6,
                false,
            )?,
            Some(vt_org),
        )
        .await?;
    vt.assess_signal(
        report.id,
        report.version,
        AssessmentOutcome::Investigation,
        "Veiligheid van de kinderen onduidelijk: onderzoek.",
        None,
    )
    .await?;
    // A teacher walks the meldcode and reports through Regie; Veilig Thuis hands it to the local team's case.
    let school = access.scope(dir.actor("demo-school"));
    let steps = MeldcodeSteps {
        signals: "Lotte komt al weken moe en hongerig op school en vertelt over ruzies thuis.".into(),
        colleague_consulted: "Besproken met de intern begeleider.".into(),
        vt_advice: Some("Veilig Thuis adviseert te melden.".into()),
        client_conversation: "Gesprek met moeder; zij herkent de zorgen deels.".into(),
        weighing: "Structurele onveiligheid niet uit te sluiten.".into(),
    };
    let answers = Afwegingskader {
        suspicion: Some(true),
        unsafety: Some(true),
        ..Default::default()
    };
    let record = MeldcodeRecord::new(&steps, answers).map_err(regie_access::AccessError::from)?;
    school
        .record_meldcode(record.clone(), Some(households[4]), Vec::new())
        .await?;
    let mut new = signal(
        households[4],
        Report,
        school_reporter(),
        true,
        "Lotte vertelt over ruzies thuis en komt hongerig op school.",
        1,
        false,
    )?;
    new.meldcode = Some(record);
    let report = school.receive_signal(new, Some(vt_org)).await?;
    vt.assess_signal(
        report.id,
        report.version,
        AssessmentOutcome::LocalTeam,
        "Past bij de lopende zaak van het lokaal team.",
        None,
    )
    .await?;
    Ok(())
}

async fn add_member(
    scope: &Scope<'_>,
    household: HouseholdId,
    person: PersonId,
    relation: Relation,
    from: Date,
) -> Result<()> {
    let m = Membership {
        id: MembershipId::new(),
        household_id: household,
        person_id: person,
        relation,
        from,
        to: None,
    };
    scope.add_member(&m).await.context("add a demo member")?;
    Ok(())
}

/// Records that the household's eldest current member consented in writing, on `from`, to share the
/// household's data with `to`'s organisation for `purpose`.
async fn consent(scope: &Scope<'_>, household: HouseholdId, purpose: Purpose, to: &Actor, from: Date) -> Result<()> {
    let today = time::today();
    let members = scope.household_file(household).await?.members;
    let giver = (members.iter())
        .filter(|m| m.membership.is_current_on(today))
        .min_by_key(|m| m.person.date_of_birth)
        .context("a demo household has members")?;
    let (person, organisation, from) = (
        giver.person.id.to_string(),
        to.organisation.to_string(),
        from.to_string(),
    );
    let form = ConsentForm {
        person: &person,
        purpose: purpose.code(),
        organisation: &organisation,
        from: &from,
        manner: "written",
    };
    scope.record_consent(household, &form).await.context("a demo consent")?;
    Ok(())
}

/// A demo case on its way: it opened weeks ago and each step happens some days after the last, so
/// timelines, deadlines and waiting times look like a real region's.
struct Journey {
    id: CaseId,
    version: i64,
    at: jiff::Timestamp,
}

impl Journey {
    /// Opens a voluntary case for `household`, led by `scope`'s professional, `days_ago` days ago, with
    /// the reason the family reads.
    async fn open(scope: &Scope<'_>, household: HouseholdId, days_ago: i64, why: &str) -> Result<Self> {
        let me = scope.actor();
        let opened = time::now().checked_sub(Span::new().hours(24 * days_ago))?;
        let lead = Lead::new((me.professional, me.kind), None)?;
        let (case, event) = Case::open(household, lead, LegalFrame::Voluntary, Some(reason(why)), &me, opened)?;
        scope.open_case(&case, &event).await?;
        Ok(Self {
            id: case.id,
            version: case.version,
            at: opened,
        })
    }

    /// The Dutch date of the latest step.
    fn today(&self) -> Date {
        time::date_in_nl(self.at)
    }

    /// Makes a change `days` after the previous step, as `scope`'s professional.
    async fn step<E: Into<regie_access::AccessError>>(
        &mut self,
        scope: &Scope<'_>,
        days: i64,
        change: impl FnOnce(&Case, &CaseContext, &Actor, jiff::Timestamp) -> Result<(Case, NewEvent), E>,
    ) -> Result<()> {
        self.at = self.at.checked_add(Span::new().hours(24 * days))?;
        self.version = scope
            .change_case_as_of(self.id, self.version, self.at, change)
            .await?
            .version;
        Ok(())
    }
}

impl Journey {
    /// Makes a change on the case's justice route `days` after the previous step, as `scope`'s
    /// professional, for which `action` is their statutory task.
    async fn justice<E: Into<regie_access::AccessError>>(
        &mut self,
        scope: &Scope<'_>,
        days: i64,
        action: Action,
        change: impl FnOnce(&Case, &CaseContext, &Actor, jiff::Timestamp) -> Result<(Case, NewEvent), E>,
    ) -> Result<()> {
        self.at = self.at.checked_add(Span::new().hours(24 * days))?;
        self.version = scope
            .change_justice_as_of(self.id, self.version, self.at, action, change)
            .await?
            .version;
        Ok(())
    }
}

/// How a demo household's court route ends up (issue 13's demo states).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CourtRoute {
    /// A supervision with a placement authorisation, used; with the GI's extension request waiting.
    Granted { extension: bool },
    /// A voorlopige ondertoezichtstelling decided in an emergency before the hearing, ending within two
    /// weeks.
    Provisional,
    /// The request is waiting for its hearing, with every child of 12 or older to be heard.
    AwaitingHearing,
    /// The court rejected the request; the case goes on voluntarily.
    Rejected,
    /// A supervision ending within four weeks whose extension the GI has not requested: the Raad that asked
    /// for it may now (art. 1:260 lid 1 BW).
    Unextended,
}

/// The court route's demo states, for households of scripts 6 and 7 with minors (the fourth, a request
/// waiting for its hearing, is household Bakker's).
const COURT_ROUTES: [CourtRoute; 4] = [
    CourtRoute::Granted { extension: true },
    CourtRoute::Provisional,
    CourtRoute::Rejected,
    CourtRoute::Unextended,
];

/// The household's minors on `ctx.today`.
fn minors(ctx: &CaseContext) -> Vec<PersonId> {
    (ctx.born.iter())
        .filter(|(_, born)| age(*born, ctx.today) < 18)
        .map(|(p, _)| *p)
        .collect()
}

/// Whether the household has a member under 18 today.
async fn has_minors(local: &Scope<'_>, household: HouseholdId) -> Result<bool> {
    let today = time::today();
    let file = local.household_file(household).await?;
    Ok((file.members.iter()).any(|m| m.membership.is_current_on(today) && m.person.age_on(today) < 18))
}

/// `asking` asks the Raad to investigate; the Raad requests measures for the household's minors (or, without
/// any, hands back with advice), and the court goes on as `how` says.
async fn court_route(
    access: &Access,
    dir: &Directory,
    j: &mut Journey,
    asking: &Scope<'_>,
    how: CourtRoute,
) -> Result<()> {
    let gi = dir.actor("demo-gi");
    let raad = access.scope(dir.actor("demo-rvdk"));
    let court = access.scope(dir.actor("demo-court"));
    let gi_scope = access.scope(gi);
    let raad_org = (raad.actor().organisation, OrganisationKind::Rvdk);
    let court_org = (court.actor().organisation, OrganisationKind::Court);
    j.justice(asking, 1, Action::RequestInvestigation, move |c, ctx, a, at| {
        let request = InvestigationRequest {
            raad: raad_org,
            reason: reason("De veiligheidsafspraken worden niet nagekomen; wij vragen een beschermingsonderzoek."),
        };
        c.request_investigation(request, ctx, a, at)
    })
    .await?;
    j.justice(&raad, 1, Action::Investigate, |c, ctx, a, at| {
        c.accept_investigation(1, ctx, a, at)
    })
    .await?;
    let kinds = match how {
        CourtRoute::Provisional => vec![MeasureKind::ProvisionalSupervision],
        CourtRoute::Granted { .. } => vec![MeasureKind::Supervision, MeasureKind::Placement],
        CourtRoute::AwaitingHearing | CourtRoute::Rejected | CourtRoute::Unextended => {
            vec![MeasureKind::Supervision]
        }
    };
    let mut any = false;
    j.justice(
        &raad,
        if how == CourtRoute::Provisional { 2 } else { 8 },
        Action::Investigate,
        |c, ctx, a, at| {
            let children = minors(ctx);
            any = !children.is_empty();
            let conclusion = if any {
                Conclusion::Request(MeasureRequest {
                    kinds,
                    children,
                    grounds: reason(
                        "De ontwikkeling van de kinderen is ernstig bedreigd en vrijwillige hulp is niet genoeg.",
                    ),
                    court: court_org,
                    executor: gi,
                })
            } else {
                Conclusion::HandBack {
                    advice: reason(
                        "Geen minderjarigen in het huishouden: geen maatregel; hulp in het vrijwillig kader.",
                    ),
                }
            };
            c.conclude_investigation(1, conclusion, ctx, a, at)
        },
    )
    .await?;
    if !any {
        return Ok(());
    }
    if how == CourtRoute::Provisional {
        // Acute danger: the court gives the provisional supervision before the hearing (art. 809 lid 3 Rv).
        return j
            .justice(&court, 1, Action::Decide, |c, ctx, a, at| {
                let input = DecisionInput {
                    request: 1,
                    outcome: Outcome::Granted,
                    // Ten days from the real today, so that it ends within two weeks in the demo.
                    granted: vec![(
                        MeasureKind::ProvisionalSupervision,
                        Some(time::today() + Span::new().days(10)),
                    )],
                    children: Vec::new(),
                    start: ctx.today,
                    heard: Vec::new(),
                    urgent: Some(reason(
                        "Acuut en ernstig gevaar: de kinderen kunnen niet wachten op de zitting.",
                    )),
                    reason: reason("De kinderrechter stelt de kinderen voorlopig onder toezicht voor drie maanden."),
                };
                c.decide(input, ctx, a, at)
            })
            .await;
    }
    j.justice(&court, 1, Action::Decide, move |c, ctx, a, at| {
        // A waiting request's hearing is ten days from the real today; the others a week after it is set.
        let on = if how == CourtRoute::AwaitingHearing {
            time::today() + Span::new().days(10)
        } else {
            ctx.today + Span::new().days(7)
        };
        c.schedule_hearing(1, on, ctx, a, at)
    })
    .await?;
    if how == CourtRoute::AwaitingHearing {
        return Ok(());
    }
    j.justice(&court, 7, Action::Decide, move |c, ctx, a, at| {
        let heard = (c.route.justice.requests[0].hearing.iter())
            .flat_map(|h| h.to_hear.iter().map(|p| (*p, ChildHeard::Heard)))
            .collect();
        let input = if how == CourtRoute::Rejected {
            DecisionInput {
                request: 1,
                outcome: Outcome::Rejected,
                granted: Vec::new(),
                children: Vec::new(),
                start: ctx.today,
                heard,
                urgent: None,
                reason: reason("De kinderrechter wijst het verzoek af: de ouders werken inmiddels mee aan de hulp."),
            }
        } else if how == CourtRoute::Unextended {
            DecisionInput {
                request: 1,
                outcome: Outcome::Granted,
                // Four weeks from the real today: inside the Raad's last six weeks.
                granted: vec![(MeasureKind::Supervision, Some(time::today() + Span::new().weeks(4)))],
                children: Vec::new(),
                start: ctx.today,
                heard,
                urgent: None,
                reason: reason("De kinderrechter stelt de kinderen onder toezicht."),
            }
        } else {
            DecisionInput {
                request: 1,
                outcome: Outcome::Granted,
                granted: vec![
                    (MeasureKind::Supervision, Some(add_months(ctx.today, 12))),
                    (MeasureKind::Placement, Some(add_months(ctx.today, 6))),
                ],
                children: Vec::new(),
                start: ctx.today,
                heard,
                urgent: None,
                reason: reason("De kinderrechter stelt de kinderen onder toezicht voor een jaar en verleent een machtiging uithuisplaatsing voor zes maanden."),
            }
        };
        c.decide(input, ctx, a, at)
    })
    .await?;
    match how {
        CourtRoute::Rejected if asking.case(j.id).await?.legal_frame == LegalFrame::Voluntary => Ok(()),
        CourtRoute::Rejected => {
            j.step(asking, 1, |c, ctx, a, at| {
                c.change_legal_frame(
                    LegalFrame::Voluntary,
                    reason(
                        "De kinderrechter wees het verzoek af; de ouders werken mee, de hulp gaat vrijwillig verder.",
                    ),
                    &ctx.variant,
                    a,
                    at,
                )
            })
            .await
        }
        CourtRoute::Granted { extension } => {
            j.justice(&gi_scope, 3, Action::ExecuteMeasure, |c, ctx, a, at| {
                let placement = (c.route.justice.measures.iter())
                    .find(|m| m.kind == MeasureKind::Placement)
                    .map_or(0, |m| m.number);
                c.record_placement(placement, ctx.today, ctx, a, at)
            })
            .await?;
            if !extension {
                return Ok(());
            }
            j.justice(&gi_scope, 1, Action::RequestExtension, move |c, ctx, a, at| {
                let placements = (c.route.justice.measures.iter())
                    .filter(|m| m.kind == MeasureKind::Placement)
                    .map(|m| m.number)
                    .collect();
                let grounds = reason(
                    "De kinderen kunnen nog niet veilig thuis wonen; wij vragen verlenging van de uithuisplaatsing.",
                );
                c.request_extension(placements, grounds, court_org, ctx, a, at)
            })
            .await
        }
        CourtRoute::Provisional | CourtRoute::AwaitingHearing | CourtRoute::Unextended => Ok(()),
    }
}

/// The joint analysis of every current member, with scores by the lead and by the first member; `spread`
/// sets how far the member's score lies from the professional's (3 or more flags disagreement).
fn analysis(
    c: &Case,
    ctx: &CaseContext,
    a: &Actor,
    at: jiff::Timestamp,
    spread: i64,
) -> Result<(Case, NewEvent), Vec<DomainError>> {
    use regie_domain::analysis::{MemberAnalysis, Perspectives, ScoreGiver, ScoreInput};
    let say = |professionals: &str, family: &str| Perspectives {
        professionals: Some(professionals.into()),
        family: Some(family.into()),
    };
    let members = ctx
        .members
        .iter()
        .map(|p| MemberAnalysis {
            person_id: *p,
            harm: say(
                "Spanningen thuis lopen op; er waren harde ruzies waar de kinderen bij waren.",
                "We maken soms ruzie, maar de kinderen merken daar weinig van.",
            ),
            danger: say("Zonder hulp kan de spanning opnieuw uit de hand lopen.", ""),
            complicating_factors: say("Schulden en een kleine woning.", "Het geld is altijd krap."),
            what_works: say(
                "Oma is een stabiele factor en haalt de kinderen uit school.",
                "Oma helpt ons veel.",
            ),
            next_steps: say("Rust in huis en zicht op de schulden.", "Hulp bij de rekeningen."),
        })
        .collect();
    let mut scores = vec![ScoreInput {
        giver: ScoreGiver::Professional {
            professional_id: a.professional,
        },
        score: 4,
    }];
    if let Some(first) = ctx.members.first() {
        scores.push(ScoreInput {
            giver: ScoreGiver::Member { person_id: *first },
            score: 4 + spread,
        });
    }
    c.record_analysis(members, scores, ctx, a, at)
}

/// A safety plan with two actions: one for the first member due two weeks after `at` (overdue by now unless
/// it is done) and one for the lead due in half a year.
fn plan(c: &Case, ctx: &CaseContext, a: &Actor, at: jiff::Timestamp) -> Result<(Case, NewEvent), DomainError> {
    use regie_domain::plan::{ActionInput, Owner};
    let first = *ctx.members.first().expect("demo households have members");
    let actions = vec![
        ActionInput {
            description: "Aanmelden bij de schuldhulpverlening".into(),
            owner: Owner::Member { person_id: first },
            deadline: ctx.today.checked_add(14.days()).expect("in range"),
            status: None,
        },
        ActionInput {
            description: "Wekelijks gesprek over de afspraken in huis".into(),
            owner: Owner::Professional {
                professional_id: a.professional,
            },
            deadline: ctx.today.checked_add(180.days()).expect("in range"),
            status: None,
        },
    ];
    c.record_plan(
        &["Er wordt in huis niet geslagen of gedreigd.".into()],
        &[
            "De kinderen voelen zich thuis veilig.".into(),
            "De schulden zijn in beeld.".into(),
        ],
        actions,
        ctx,
        a,
        at,
    )
}

/// The family's answer to plan version 1: agreed, or not with their reason.
fn answer(
    agreed: bool,
) -> impl FnOnce(&Case, &CaseContext, &Actor, jiff::Timestamp) -> Result<(Case, NewEvent), DomainError> {
    move |c, ctx, a, at| {
        let answer = regie_domain::plan::FamilyAnswer {
            plan_version: 1,
            agreed,
            by: ctx.members.iter().take(1).copied().collect(),
            why: (!agreed).then(|| reason("Wij vinden de voorwaarde over de omgang met de kinderen te streng.")),
        };
        c.record_family_response(answer, ctx, a, at)
    }
}

/// Help for the first member, asked for on the day of the step and not started yet.
fn help(
    kind: &'static str,
    provider: &'static str,
) -> impl FnOnce(&Case, &CaseContext, &Actor, jiff::Timestamp) -> Result<(Case, NewEvent), DomainError> {
    move |c, ctx, a, at| {
        let first = *ctx.members.first().expect("demo households have members");
        c.request_help(first, kind, provider, ctx.today, None, ctx, a, at)
    }
}

/// Takes household `i` along one of eleven routes, so that every phase, frame, kind of lead, form of
/// scaling up, analysis and plan state, and waiting time appears.
async fn route(
    access: &Access,
    dir: &Directory,
    local: &Scope<'_>,
    household: HouseholdId,
    i: usize,
    court: &mut std::slice::Iter<'_, CourtRoute>,
) -> Result<()> {
    let script = i % 11;
    if script == 10 {
        return Ok(()); // known to the local team, no case
    }
    let me = local.actor();
    let opened = time::now().checked_sub(Span::new().hours(24 * (40 + 3 * i as i64)))?;
    let lead = Lead::new((me.professional, me.kind), None)?;
    let (case, event) = Case::open(household, lead, LegalFrame::Voluntary, None, &me, opened)?;
    local.open_case(&case, &event).await?;
    let mut j = Journey {
        id: case.id,
        version: case.version,
        at: opened,
    };
    let vt_scope = access.scope(dir.actor("demo-vt"));
    let gi_scope = access.scope(dir.actor("demo-gi"));
    let (vt, gi) = (vt_scope.actor(), gi_scope.actor());
    let steps = match script {
        0 => 0,
        1 | 6 => 1,
        2 | 9 => 2,
        3 | 7 | 8 => 3,
        _ => 4,
    };
    for to in Phase::ALL[1..=steps].iter().copied() {
        j.step(local, 4, move |c, _, a, at| c.change_phase(to, None, a, at))
            .await?;
        match to {
            Phase::Analysis => {
                // Households 2, 6 and 9 see things differently from the professionals: flagged.
                let spread = if matches!(script, 2 | 6 | 9) { 4 } else { 1 };
                j.step(local, 7, move |c, ctx, a, at| analysis(c, ctx, a, at, spread))
                    .await?;
            }
            Phase::Plan => {
                j.step(local, 7, plan).await?;
                j.step(local, 2, answer(script != 2)).await?;
            }
            Phase::Execution => {
                j.step(local, 1, help("debt_help", "Schuldhulp Voorbeeldstad")).await?;
                if script == 3 {
                    // Started on time: nine days after the request.
                    j.step(local, 9, |c, ctx, a, at| {
                        c.update_help(1, Some(ctx.today), None, ctx, a, at)
                    })
                    .await?;
                }
                // Households 4 and 5 did their first action; 7 and 8 are working on it; 3 is behind.
                let status = match script {
                    4 | 5 => Some(ActionStatus::Done),
                    7 | 8 => Some(ActionStatus::InProgress),
                    _ => None,
                };
                if let Some(status) = status {
                    j.step(local, 3, move |c, ctx, a, at| {
                        let first = ActionRef {
                            plan_version: 1,
                            number: 1,
                        };
                        c.set_action_status(first, status, Some("Aanmelding gedaan"), ctx, a, at)
                    })
                    .await?;
                }
            }
            _ => {}
        }
    }
    let scale = |form, ground, rvt: Actor, deadline: Option<Date>, why: &'static str| {
        let request = regie_domain::route::ScaleUpRequest {
            form,
            ground,
            rvt_professional: rvt,
            deadline,
            reason: reason(why),
        };
        move |c: &Case, ctx: &CaseContext, a: &Actor, at| c.scale_up(request, ctx, a, at)
    };
    match script {
        1 => {
            // A consultation the RVT answered in time.
            let due = Calendar::default().add_working_days(j.today(), 5);
            j.step(
                local,
                1,
                scale(
                    ScaleForm::Consultation,
                    Ground::PartnerRequest,
                    vt,
                    Some(due),
                    "School maakt zich zorgen; graag advies van Veilig Thuis over de veiligheid.",
                ),
            )
            .await?;
            j.step(&vt_scope, 3, |c, ctx, a, at| {
                c.answer_consultation(
                    reason("Advies: bespreek de zorgen open met beide ouders en maak een veiligheidsafspraak."),
                    Some(ScaleForm::Consultation),
                    &ctx.variant,
                    a,
                    at,
                )
            })
            .await?;
        }
        4 => {
            j.step(local, 10, |c, ctx, a, at| {
                c.evaluate_plan(
                    1,
                    ctx.today,
                    "Geen nieuwe incidenten; de schuldhulp is nog niet gestart.",
                    ctx,
                    a,
                    at,
                )
            })
            .await?;
        }
        5 => {
            j.step(local, 10, |c, ctx, a, at| {
                c.evaluate_plan(
                    1,
                    ctx.today,
                    "Doelen bereikt: rust in huis, schulden geregeld.",
                    ctx,
                    a,
                    at,
                )
            })
            .await?;
            j.step(local, 3, |c, _, a, at| {
                c.close(
                    reason("Doelen van het plan zijn bereikt; gezin redt zich weer zelf."),
                    a,
                    at,
                )
            })
            .await?;
        }
        6 => {
            j.step(
                local,
                2,
                scale(
                    ScaleForm::JointWork,
                    Ground::StructuralUnsafety,
                    vt,
                    None,
                    "Zorgen over structurele onveiligheid: samenwerking met het RVT (Veilig Thuis).",
                ),
            )
            .await?;
            j.step(&vt_scope, 5, |c, ctx, a, at| {
                c.change_legal_frame(
                    LegalFrame::Pressure,
                    reason("Ouders werken onvoldoende mee aan de veiligheidsafspraken; drang ingezet."),
                    &ctx.variant,
                    a,
                    at,
                )
            })
            .await?;
            if has_minors(local, household).await?
                && let Some(how) = court.next()
            {
                court_route(access, dir, &mut j, &vt_scope, *how).await?;
            }
        }
        7 => {
            // A GI has no legal ground in a voluntary case: the parents consent to the transfer first (F18).
            consent(local, household, Purpose::RvtTransfer, &gi, j.today()).await?;
            j.step(
                local,
                2,
                scale(
                    ScaleForm::Transfer,
                    Ground::DevelopmentThreat,
                    gi,
                    None,
                    "Ontwikkeling van de kinderen blijft bedreigd; ouders stemmen in met overdracht aan de GI.",
                ),
            )
            .await?;
            // The court route (F15): the GI asks the Raad to investigate; the case becomes mandatory only by
            // the court's decision.
            if has_minors(local, household).await?
                && let Some(how) = court.next()
            {
                court_route(access, dir, &mut j, &gi_scope, *how).await?;
            }
        }
        8 => {
            // Many handoffs: the kind of case the handoff warning exists for.
            let other = ["demo-local-team", "demo-local-team-zuid"]
                .iter()
                .map(|u| dir.actor(u))
                .find(|a| a.professional != me.professional)
                .expect("two local-team users");
            // Each handoff is made by the lead of the moment: once handed over, a lead is no longer involved.
            let other_scope = access.scope(other);
            for (by, who, why) in [
                (local, other, "Gezin verhuisd naar een andere wijk."),
                (
                    &other_scope,
                    me,
                    "Gezin terugverhuisd; vorige contactpersoon neemt het weer op.",
                ),
                (local, other, "Contactpersoon met langdurig verlof."),
            ] {
                let lead = Lead::new((who.professional, who.kind), None)?;
                j.step(by, 6, move |c, _, a, at| c.change_lead(lead, reason(why), a, at))
                    .await?;
            }
        }
        9 => {
            j.step(local, 3, |c, _, a, at| {
                c.change_phase(
                    Phase::Analysis,
                    Some(reason(
                        "Nieuwe zorgen over de oudste zoon; analyse opnieuw met het gezin.",
                    )),
                    a,
                    at,
                )
            })
            .await?;
            // A consultation past its deadline, still unanswered.
            let due = Calendar::default().add_working_days(j.today(), 5);
            j.step(
                local,
                1,
                scale(
                    ScaleForm::Consultation,
                    Ground::AcuteUnsafety,
                    dir.actor("demo-rvdk"),
                    Some(due),
                    "Zoon vertelt over klappen; graag snel advies van de Raad over een beschermingsonderzoek.",
                ),
            )
            .await?;
        }
        _ => {}
    }
    Ok(())
}
