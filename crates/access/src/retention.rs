//! Retention and destruction of household files (F21; `regie_domain::retention`).
//!
//! - A file's retention is shown on the household page ([`Scope::retention`]).
//! - `regie retention run`, and the nightly task that one server runs ([`Access::nightly_retention`]),
//!   destroy the files past their end ([`Access::retention_run`]): every record with personal data goes,
//!   in one transaction, and a record of the destruction without personal data stays; the database is then
//!   compacted (`Store::compact`).
//! - A parent or youth asks for destruction in the portal ([`FamilyScope::request_destruction`]); the lead
//!   decides within three months ([`Scope::decide_destruction`]); a grant is destroyed the same way.
//!
//! Each destruction is logged as a write under the register's `file_destruction` activity, for the
//! household and each of its persons, by ids only.

use super::{FamilyScope, Scope, not_involved};
use crate::Access;
use crate::error::AccessError;
use jiff::civil::Date;
use regie_domain::directory::OrganisationKind;
use regie_domain::policy::{Action, require};
use regie_domain::retention::{self, DestructionRecord, DestructionRequest, Facts, RefusalGround, Retention, Rule};
use regie_domain::{Case, CaseId, DomainError, HouseholdId, PersonId, Reason, Relation, time};
use regie_store::{Operation, ProcessingRecord, Processor, Store};

/// The register's activity under which files are kept and destroyed.
pub const DESTRUCTION_ACTIVITY: &str = "file_destruction";

/// The name of the nightly retention run, as claimed by one server a day.
const NIGHTLY: &str = "retention";

/// A household's retention, with the requests to destroy its file.
#[derive(Debug, Clone)]
pub struct RetentionView {
    /// How long the file is kept.
    pub retention: Retention,
    /// The requests to destroy it, in its current case, with that case.
    pub requests: Vec<(CaseId, DestructionRequest)>,
}

/// The retention of a household's file.
async fn retention_of(store: &dyn Store, household: HouseholdId) -> Result<Retention, AccessError> {
    let cases = store.cases_of_household(household).await?;
    let children: Vec<(PersonId, Date)> = (store.members(household).await?.into_iter())
        .filter(|m| m.membership.relation == Relation::Child)
        .map(|m| (m.person.id, m.person.date_of_birth))
        .collect();
    let registered_on = (store.registered_at(household).await?).map_or_else(time::today, time::date_in_nl);
    let vt: Vec<_> = (store.organisations().await?.into_iter())
        .filter(|o| o.kind == OrganisationKind::Vt)
        .map(|o| o.id)
        .collect();
    let mut veilig_thuis = (store.household(household).await?)
        .and_then(|h| h.registered_by)
        .is_some_and(|o| vt.contains(&o));
    for case in &cases {
        if veilig_thuis {
            break;
        }
        veilig_thuis = (store.events(case.id).await?.iter()).any(|e| vt.contains(&e.organisation));
    }
    let facts = Facts {
        cases: &cases,
        children: &children,
        registered_on,
        veilig_thuis,
    };
    Ok(retention::retention(&facts))
}

/// A household's current case: its open case, or else its latest closed one.
async fn current_case(store: &dyn Store, household: HouseholdId) -> Result<Option<Case>, AccessError> {
    Ok(store.current_cases_for(&[household]).await?.into_iter().next())
}

/// What a retention run did.
#[derive(Debug, Default)]
pub struct RetentionRun {
    /// The destruction records of the files destroyed.
    pub destroyed: Vec<DestructionRecord>,
    /// Why a file past its term could not be destroyed, one line each (no personal data); the next run
    /// tries again.
    pub failed: Vec<String>,
}

impl Access {
    /// Destroys every file past its retention on `today` (`regie retention run`), then compacts the
    /// database. A file that fails is left for the next run; the others go on.
    pub async fn retention_run(&self, today: Date) -> Result<RetentionRun, AccessError> {
        let store = self.store.as_ref();
        // No rule keeps a file shorter than 20 years after the help: only those can be due.
        let before = today
            .saturating_sub(jiff::Span::new().years(retention::YOUTH_CARE_YEARS))
            .to_zoned(time::zone())
            .map_err(|e| AccessError::Internal(Box::new(e)))?
            .timestamp();
        let mut run = RetentionRun::default();
        for household in store.retention_candidates(before).await? {
            let kept = retention_of(store, household).await?;
            let Retention::Until { rule, .. } = kept else { continue };
            if !kept.expired(today) {
                continue;
            }
            let organisation = match &current_case(store, household).await? {
                Some(case) => (store.professional(case.lead.primary).await?).map(|(_, o)| o.id),
                None => (store.household(household).await?).and_then(|h| h.registered_by),
            };
            let mut log = Vec::new();
            if let Some(organisation) = organisation {
                let persons = store.members(household).await?.into_iter().map(|m| Some(m.person.id));
                log = std::iter::once(None)
                    .chain(persons)
                    .map(|person| system_record(organisation, household, person))
                    .collect();
            }
            match store.destroy_household(household, rule, time::now(), &log).await {
                Ok(record) => run.destroyed.push(record),
                Err(e) => run.failed.push(e.to_string()),
            }
        }
        if !run.destroyed.is_empty() {
            store.compact().await?;
        }
        Ok(run)
    }

    /// The nightly retention run, when no other server ran it today: `None` when one did.
    pub async fn nightly_retention(&self) -> Result<Option<RetentionRun>, AccessError> {
        let today = time::today();
        if !self.store.claim_run(NIGHTLY, today).await? {
            return Ok(None);
        }
        Ok(Some(self.retention_run(today).await?))
    }

    /// Every destruction record, newest first: what was destroyed, without personal data.
    pub async fn destructions(&self) -> Result<Vec<DestructionRecord>, AccessError> {
        Ok(self.store.destructions().await?)
    }
}

/// A log record of Regie's own destruction of a file past its term, for the organisation whose file it was.
fn system_record(
    organisation: regie_domain::OrganisationId,
    household: HouseholdId,
    person: Option<PersonId>,
) -> ProcessingRecord {
    ProcessingRecord {
        at: time::now(),
        actor: Processor::System { organisation },
        purpose: DESTRUCTION_ACTIVITY,
        operation: Operation::Write,
        household: Some(household),
        person,
        activity: DESTRUCTION_ACTIVITY,
        span: crate::ProcessingSpan::new().next(),
        emergency: false,
    }
}

impl Scope<'_> {
    /// How long a household's file is kept, and the requests to destroy it, for a professional involved in
    /// it.
    pub async fn retention(&self, household: HouseholdId) -> Result<RetentionView, AccessError> {
        require(self.actor.kind, Action::ReadHouseholdFile)?;
        let (household, _) = self.involved_household(household).await?;
        let retention = retention_of(self.store, household.id).await?;
        let current = current_case(self.store, household.id).await?;
        self.log(vec![self.record(Operation::Read, Some(household.id), None)])
            .await?;
        let requests = current
            .map(|c| {
                (c.route.rectification.destructions.iter())
                    .map(|r| (c.id, r.clone()))
                    .collect()
            })
            .unwrap_or_default();
        Ok(RetentionView { retention, requests })
    }

    /// The lead decides on destruction request `number` of case `case` (as the client last saw it at
    /// `version`): refused on a ground the law allows, or granted, when the whole file of the household is
    /// destroyed at once. The case after a refusal; `None` after a grant.
    pub async fn decide_destruction(
        &self,
        case: CaseId,
        version: i64,
        number: u32,
        refused: Option<RefusalGround>,
        reason: Reason,
    ) -> Result<Option<Case>, AccessError> {
        let (current, members) = self.case_at(case, version).await?;
        let household = self.writable_household(current.household_id).await?;
        let (next, event) = current.decide_destruction(number, refused, reason, &self.actor, time::now())?;
        // A file kept always (a gezag the court ended, in any of its cases) is never destroyed on request.
        if refused.is_none() && matches!(retention_of(self.store, household.id).await?, Retention::Always { .. }) {
            return Err(DomainError::conflict(
                Some("refused"),
                "legal_duty",
                "this file is kept always by law: the request cannot be granted",
                "De wet zegt dat dit dossier altijd bewaard blijft, omdat de rechter het gezag beëindigde. Wijs het verzoek af op die grond.",
            )
            .into());
        }
        if refused.is_some() {
            return Ok(Some(self.commit_for(next, event, &members).await?));
        }
        let mut log = self.household_records(Operation::Write, household.id, &members);
        for r in &mut log {
            r.activity = DESTRUCTION_ACTIVITY;
        }
        self.store
            .destroy_household(household.id, Rule::Request, time::now(), &log)
            .await?;
        self.store.compact().await?;
        Ok(None)
    }
}

impl FamilyScope<'_> {
    /// The member asks to destroy their household's file, in its current case (open, or the latest closed
    /// one); the lead decides within three months. Answers the request's number.
    pub async fn request_destruction(&self, text: Option<Reason>) -> Result<u32, AccessError> {
        let case = current_case(self.store, self.member.household.id).await?;
        let case = case.ok_or_else(|| {
            AccessError::from(DomainError::conflict(
                None,
                "no_case",
                "your household has no file with an organisation",
                "Er is geen dossier van uw gezin bij een organisatie.",
            ))
        })?;
        let organisation = (self.controller(Some(&case)).await?).ok_or_else(not_involved)?;
        let me = &self.member.person;
        let (next, event) = case.request_destruction((me.id, organisation), me.date_of_birth, text, time::now())?;
        let number = (next.route.rectification.destructions.last()).map_or(0, |r| r.number);
        let log = self.records(Some(&case), Operation::Write, [me.id]).await?;
        self.store.record(&next, &event, &log).await?;
        Ok(number)
    }

    /// The member's own requests to destroy the file, in their household's current case.
    pub async fn destruction_requests(&self) -> Result<Vec<DestructionRequest>, AccessError> {
        let case = current_case(self.store, self.member.household.id).await?;
        let me = self.member.person.id;
        Ok(case
            .map(|c| {
                (c.route.rectification.destructions.into_iter())
                    .filter(|r| r.by == me)
                    .collect()
            })
            .unwrap_or_default())
    }
}
