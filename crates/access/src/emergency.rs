//! Break the glass in the access layer: opening an emergency access, and its review by the organisation's
//! reviewer.

use super::Scope;
use crate::error::AccessError;
use regie_domain::calendar::Calendar;
use regie_domain::emergency::EmergencyAccess;
use regie_domain::policy::Action;
use regie_domain::{DomainError, EmergencyAccessId, HouseholdId, time};
use regie_store::Operation;

/// An emergency access as the reviewer sees it: with who made it.
#[derive(Debug, Clone)]
pub struct EmergencyItem {
    /// The access.
    pub access: EmergencyAccess,
    /// The name of the professional who broke the glass.
    pub professional_name: String,
}

impl Scope<'_> {
    /// Breaks the glass: an emergency access to a household's file the actor is not involved in, for
    /// reading, until the end of the Dutch day. Written with its log record, which says it is an emergency.
    pub async fn break_glass(
        &self,
        household: HouseholdId,
        reason: &str,
        explanation: &str,
    ) -> Result<EmergencyAccess, AccessError> {
        self.may(Action::BreakTheGlass)?;
        // A household of another region is not there to break the glass for (F26).
        let found = (self.store.household(household).await?)
            .filter(|h| h.region_id == self.actor.region)
            .ok_or_else(|| AccessError::not_found("household"))?;
        let access = EmergencyAccess::open(
            &self.actor,
            found.id,
            reason,
            explanation,
            time::now(),
            &Calendar::default(),
        )?;
        if self.involvements(&[&found]).await?.0[0].is_some() {
            return Err(DomainError::conflict(
                None,
                "already_involved",
                "you already work in this file: no emergency access is needed",
                "u werkt al in dit dossier: noodtoegang is niet nodig",
            )
            .into());
        }
        // Opening the file is its first read; the record says it is under broken glass.
        let mut record = self.record(Operation::Read, Some(found.id), None);
        record.emergency = true;
        self.store.create_emergency(&access, &[record]).await?;
        Ok(access)
    }

    /// The emergency accesses of the reviewer's organisation, those still to judge first.
    pub async fn emergency_reviews(&self) -> Result<Vec<EmergencyItem>, AccessError> {
        self.must_review().await?;
        let accesses = self.store.emergencies_of(self.actor.organisation).await?;
        // The professionals' names in one look-up.
        let mut ids: Vec<_> = accesses.iter().map(|a| a.professional).collect();
        ids.sort_unstable();
        ids.dedup();
        let names: std::collections::HashMap<_, _> = (self.store.professionals_by_id(&ids).await?)
            .into_iter()
            .map(|(p, _)| (p.id, p.display_name))
            .collect();
        // Each access is about a household, and a complaint about it is its complainant's: the review reads
        // them (their texts, what the household said).
        let log = (accesses.iter())
            .flat_map(|a| {
                let complainants = a.complaints.iter().map(|c| Some(c.by));
                std::iter::once(None)
                    .chain(complainants)
                    .map(|person| self.record(Operation::Read, Some(a.household), person))
            })
            .collect();
        self.log(log).await?;
        Ok(accesses
            .into_iter()
            .map(|access| EmergencyItem {
                professional_name: names.get(&access.professional).cloned().unwrap_or_default(),
                access,
            })
            .collect())
    }

    /// Judges an emergency access of the reviewer's organisation: justified or not, with a note.
    pub async fn review_emergency(
        &self,
        id: EmergencyAccessId,
        justified: bool,
        note: &str,
    ) -> Result<EmergencyAccess, AccessError> {
        self.must_review().await?;
        let access = (self.store.emergency(id).await?)
            .filter(|a| a.organisation == self.actor.organisation)
            .ok_or_else(|| AccessError::not_found("emergency access"))?;
        let judged = access.judge(&self.actor, justified, note, time::now())?;
        let log = [self.record(Operation::Write, Some(judged.household), None)];
        self.store.review_emergency(&judged, &log).await?;
        Ok(judged)
    }

    /// The organisation's reviewer decides on a household member's complaint about one of its emergency
    /// accesses (not the professional who broke the glass, Awb art. 9:7).
    pub async fn decide_emergency_complaint(
        &self,
        id: EmergencyAccessId,
        number: u32,
        finding: regie_domain::complaint::Finding,
        reason: regie_domain::Reason,
    ) -> Result<EmergencyAccess, AccessError> {
        self.must_review().await?;
        let access = (self.store.emergency(id).await?)
            .filter(|a| a.organisation == self.actor.organisation)
            .ok_or_else(|| AccessError::not_found("emergency access"))?;
        let decided = access.decide_complaint(number, &self.actor, finding, reason, time::now())?;
        let by = (decided.complaints.iter()).find(|c| c.number == number).map(|c| c.by);
        let log = vec![self.record(regie_store::Operation::Write, Some(access.household), by)];
        (self.store)
            .put_emergency_complaints(&decided, access.complaints.len(), &log)
            .await?;
        Ok(decided)
    }

    async fn must_review(&self) -> Result<(), AccessError> {
        if self.holds(regie_domain::Role::Reviewer).await? {
            return Ok(());
        }
        Err(DomainError::forbidden(
            "not_reviewer",
            "only your organisation's reviewer (the privacy officer or team manager) judges emergency accesses",
            "alleen de beoordelaar van uw organisatie (de privacyfunctionaris of teammanager) beoordeelt noodtoegang",
        )
        .into())
    }
}

impl crate::FamilyScope<'_> {
    /// The emergency accesses to the member's household, with the organisation that broke the glass, and
    /// of their complaints only the member's own.
    pub(crate) async fn emergencies(&self) -> Result<Vec<(EmergencyAccess, String)>, AccessError> {
        let me = self.member.person.id;
        let names: std::collections::HashMap<_, _> = (self.store.organisations().await?.into_iter())
            .map(|o| (o.id, o.name))
            .collect();
        Ok((self
            .store
            .emergencies_about(self.member.household.id)
            .await?
            .into_iter())
        .map(|mut a| {
            a.complaints.retain(|c| c.by == me);
            let name = names.get(&a.organisation).cloned().unwrap_or_default();
            (a, name)
        })
        .collect())
    }

    /// The member complains about an emergency access to their household's file; the organisation that
    /// broke the glass decides within the region's complaint term.
    pub async fn complain_about_emergency(
        &self,
        id: EmergencyAccessId,
        text: regie_domain::Reason,
    ) -> Result<(), AccessError> {
        let access = (self.store.emergency(id).await?)
            .filter(|a| a.household == self.member.household.id)
            .ok_or_else(|| {
                AccessError::from(DomainError::invalid(
                    "emergency",
                    "unknown_emergency",
                    "choose an emergency access to your file",
                    "Kies de noodtoegang waar uw klacht over gaat.",
                ))
            })?;
        let weeks = self.store.norms(self.member.household.region_id).await?.complaint_weeks;
        let next = access.complain(self.member.person.id, text, weeks, time::now());
        let log = self
            .records(None, regie_store::Operation::Write, [self.member.person.id])
            .await?;
        Ok(self
            .store
            .put_emergency_complaints(&next, access.complaints.len(), &log)
            .await?)
    }
}
