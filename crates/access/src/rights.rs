//! The family's right to see their file and have a copy of it (inzage en afschrift, F16; AVG art. 15,
//! Jeugdwet art. 7.3.10): "Mijn dossier", everything recorded about a household member and about the
//! children whose file they may see (`regie_domain::rights::subjects`), minus what protects others.
//!
//! The copy holds what the portal shows, for every case of the household, open or closed: the persons' own
//! data, the household's members, the gezag, each case's route with its analysis and plan, the timeline,
//! what the family added, the consents the persons gave, and who processed their data. Left out, as in the
//! portal: whoever reported the household (a reporter may be shielded, Wmo 2015 art. 5.2.6), what another
//! member said in their own words or gave for the professionals only, another member's processing, and
//! anything about another household. A member asks for it in the portal; a professional of an involved
//! organisation makes it for a request made outside the portal (in writing). Both are logged under the
//! register's `subject_access` activity.

use super::{FamilyScope, Scope, named_timeline};
use crate::error::AccessError;
use crate::family::OwnWords;
use crate::log::{Reader, family_records, lines};
use jiff::Timestamp;
use regie_domain::authority::{Authority, in_effect};
use regie_domain::consent::Consent;
use regie_domain::policy::{Action, require};
use regie_domain::portal::{FamilyContribution, visible_in_portal};
use regie_domain::register::{self, Category};
use regie_domain::rights::{Member, subjects};
use regie_domain::{Case, CaseChange, DomainError, Household, HouseholdId, Person, PersonId, Relation, time};
use regie_store::{Operation, ProcessingRecord, Store};
use serde::Serialize;
use std::collections::HashSet;

/// The register's activity under which a copy of the file is made and handed over.
pub const SUBJECT_ACCESS_ACTIVITY: &str = "subject_access";

/// A copy of the file for one household member (the JSON of "Mijn dossier").
#[derive(Debug, Clone, Serialize)]
pub struct FileCopy {
    /// When it was made.
    pub made_at: Timestamp,
    /// For whom (their full name).
    pub made_for: String,
    /// The household's name.
    pub household: String,
    /// The persons whose file it is: the member, and the children whose file they may see.
    pub persons: Vec<Person>,
    /// The household's current members: name and place in the household.
    pub members: Vec<(String, Relation)>,
    /// Who holds authority (gezag) over these children, as in effect today.
    pub authority: Vec<Authority>,
    /// Every case of the household, oldest first.
    pub cases: Vec<CaseCopy>,
    /// The consents these persons gave, revoked ones included.
    pub consents: Vec<Consent>,
    /// Who processed these persons' data, newest first (organisations, not professionals' names).
    pub processing: Vec<Processing>,
    /// What the copy leaves out, and why, in Dutch.
    pub left_out: Vec<&'static str>,
}

/// One case in the copy.
#[derive(Debug, Clone, Serialize)]
pub struct CaseCopy {
    /// The case as the member may read it (another member's own words left out).
    pub case: Case,
    /// Its timeline, as the member may read it.
    pub timeline: Vec<TimelineEntry>,
    /// What the household added in the portal that the member may read.
    pub contributions: Vec<FamilyContribution>,
}

/// A line of the timeline.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineEntry {
    /// The entry's sequence number (what a correction, own statement or complaint points at).
    pub seq: i64,
    /// When.
    pub at: Timestamp,
    /// Who (a professional's or a member's name).
    pub by: String,
    /// For which organisation.
    pub organisation: String,
    /// What changed.
    pub change: CaseChange,
    /// Why, in the words recorded.
    pub reason: Option<String>,
}

/// A line of the processing log, as the family reads it.
#[derive(Debug, Clone, Serialize)]
pub struct Processing {
    /// When.
    pub at: Timestamp,
    /// Which organisation.
    pub organisation: String,
    /// `read` or `write`.
    pub operation: String,
    /// What for, in plain Dutch (the register's activity).
    pub activity: Option<&'static str>,
    /// The person it was about.
    pub person: Option<PersonId>,
    /// Read under an emergency access.
    pub emergency: bool,
}

/// What every copy leaves out.
const LEFT_OUT: [&str; 5] = [
    "Wie uw gezin heeft gemeld: een melder mag afgeschermd blijven (Wmo 2015 art. 5.2.6).",
    "Wat een ander gezinslid in eigen woorden schreef, alleen aan de professionals gaf, vroeg te verbeteren, verklaarde of over klaagde: dat is van hen.",
    "Het overleg van de professionals met het Regionaal Veiligheidsteam.",
    "De persoonsgegevens, toestemmingen en verwerkingen van volwassen gezinsleden en van kinderen van 16 jaar of ouder: zij vragen hun eigen dossier op. Wat over hen in de gezamenlijke analyse, het plan en de tijdlijn van uw gezin staat, staat er wel in, zoals u het in het portaal ziet.",
    "Gegevens over andere huishoudens.",
];

/// Makes the copy of `household`'s file for member `reader`, with the persons whose data it holds (to log:
/// every current member, as the cases speak of them all); `None` when they are not a current member.
async fn copy(
    store: &dyn Store,
    household: &Household,
    reader: PersonId,
) -> Result<Option<(FileCopy, Vec<PersonId>)>, AccessError> {
    let today = time::today();
    let all = store.members(household.id).await?;
    let current: Vec<(Person, Relation)> = (all.into_iter())
        .filter(|m| m.membership.is_current_on(today))
        .map(|m| (m.person, m.membership.relation))
        .collect();
    let cases = store.cases_of_household(household.id).await?;
    let open = cases.iter().find(|c| c.is_open());
    let (persons, authority) = whose(store, household.id, reader, &current, open, today).await?;
    let Some((me, _)) = current.iter().find(|(p, _)| p.id == reader) else {
        return Ok(None);
    };
    // The cases speak of every current member, as the portal does: each is logged as read.
    let read: Vec<PersonId> = current.iter().map(|(p, _)| p.id).collect();
    let mut copies = Vec::with_capacity(cases.len());
    let own = OwnWords::of(reader, &current, today);
    for case in cases {
        let timeline = (named_timeline(store, case.id).await?.into_iter())
            .filter_map(|e| {
                Some(TimelineEntry {
                    seq: e.event.seq,
                    at: e.event.at,
                    by: e.actor_name,
                    organisation: e.organisation_name,
                    change: own.change(e.event.change)?,
                    reason: e.event.reason,
                })
            })
            .collect();
        let contributions = (store.contributions(case.id).await?.into_iter())
            .filter(|c| visible_in_portal(c, reader))
            .collect();
        copies.push(CaseCopy {
            case: own.case(case),
            timeline,
            contributions,
        });
    }
    let visible: HashSet<PersonId> = persons.iter().copied().collect();
    let records = family_records(store, household.id, &visible).await?;
    let processing = (lines(store, records, Reader::Family(reader), usize::MAX)
        .await?
        .into_iter())
    .map(|l| Processing {
        at: l.at,
        organisation: l.organisation,
        operation: l.operation,
        activity: l.activity.map(|a| a.plain_nl),
        person: l.person,
        emergency: l.emergency,
    })
    .collect();
    let consents = (store.consents_of(household.id).await?.into_iter())
        .filter(|c| visible.contains(&c.person))
        .collect();
    let file = FileCopy {
        made_at: time::now(),
        made_for: me.name.full(),
        household: household.name.as_str().to_owned(),
        persons: (current.iter())
            .filter(|(p, _)| visible.contains(&p.id))
            .map(|(p, _)| p.clone())
            .collect(),
        members: current.iter().map(|(p, r)| (p.name.full(), *r)).collect(),
        authority: authority.into_iter().filter(|a| visible.contains(&a.child)).collect(),
        cases: copies,
        consents,
        processing,
        left_out: LEFT_OUT.to_vec(),
    };
    Ok(Some((file, read)))
}

/// Whose file `reader` may see among the household's `current` members on `today`
/// (`regie_domain::rights::subjects`), and the gezag in effect that decides it (the registered one, and a
/// gezagsbeëindigende maatregel in force in the `open` case).
async fn whose(
    store: &dyn Store,
    household: HouseholdId,
    reader: PersonId,
    current: &[(Person, Relation)],
    open: Option<&Case>,
    today: jiff::civil::Date,
) -> Result<(Vec<PersonId>, Vec<Authority>), AccessError> {
    let justice = open.map(|c| c.route.justice.clone()).unwrap_or_default();
    let authority = in_effect(&store.authorities(household).await?, &justice, today);
    let members: Vec<Member> = (current.iter())
        .map(|(p, r)| Member {
            person: p.id,
            relation: *r,
            born: p.date_of_birth,
        })
        .collect();
    Ok((subjects(reader, &members, &authority, today), authority))
}

impl FamilyScope<'_> {
    /// The persons whose file the member may see: themselves and the children under 16 over whom they hold
    /// authority.
    pub(crate) async fn subjects(&self) -> Result<Vec<PersonId>, AccessError> {
        let today = time::today();
        let household = self.member.household.id;
        let current: Vec<(Person, Relation)> = (self.store.members(household).await?.into_iter())
            .filter(|m| m.membership.is_current_on(today))
            .map(|m| (m.person, m.membership.relation))
            .collect();
        let open = self.store.open_case_of(household).await?;
        let reader = self.member.person.id;
        Ok(whose(self.store, household, reader, &current, open.as_ref(), today)
            .await?
            .0)
    }

    /// "Mijn dossier": the member's copy of their file; its making and handing over is logged for the
    /// household and each current member, of whom its cases speak.
    pub async fn file_copy(&self) -> Result<FileCopy, AccessError> {
        let (file, persons) = (copy(self.store, &self.member.household, self.member.person.id).await?)
            .ok_or_else(|| AccessError::not_found("person"))?;
        let mut log: Vec<ProcessingRecord> = self.records(None, Operation::Read, persons).await?;
        for r in &mut log {
            r.activity = SUBJECT_ACCESS_ACTIVITY;
        }
        self.store.log_processing(&log).await?;
        Ok(file)
    }
}

impl Scope<'_> {
    /// A copy of the file for household member `person`, who asked for it outside the portal (in writing),
    /// made by a professional of an organisation involved in the household; logged for the household and
    /// each current member, of whom its cases speak.
    pub async fn file_copy(&self, household: HouseholdId, person: PersonId) -> Result<FileCopy, AccessError> {
        require(self.actor.kind, Action::ReadHouseholdFile)?;
        register::require(
            register::find(SUBJECT_ACCESS_ACTIVITY),
            self.actor.kind,
            Category::CaseFile,
        )?;
        let household = self.writable_household(household).await?;
        let (file, persons) = (copy(self.store, &household, person).await?).ok_or_else(|| {
            AccessError::from(DomainError::invalid(
                "person",
                "not_a_member",
                "this person is not a current member of the household",
                "deze persoon hoort nu niet bij het huishouden",
            ))
        })?;
        let log = std::iter::once(None)
            .chain(persons.into_iter().map(Some))
            .map(|p| {
                let mut r = self.record(Operation::Read, Some(household.id), p);
                r.activity = SUBJECT_ACCESS_ACTIVITY;
                r
            })
            .collect();
        self.log(log).await?;
        Ok(file)
    }
}
