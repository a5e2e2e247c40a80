//! Consent in the access layer (F18): recording a household member's consent, revoking it (by the
//! professional who hears it, or by the member in the portal), and the live question whether a consulted
//! RVT professional may see who the family is.

use super::{FamilyScope, Scope, not_involved};
use crate::error::AccessError;
use regie_domain::consent::{Consent, ConsentContext, ConsentForm, Revoker};
use regie_domain::involvement::{Involvement, anonymous_to};
use regie_domain::policy::Action;
use regie_domain::{Case, ConsentId, DomainError, HouseholdId, time};
use regie_store::Operation;

/// A consent with the names a page shows beside it.
#[derive(Debug, Clone)]
pub struct ConsentItem {
    /// The consent.
    pub consent: Consent,
    /// Who gave it.
    pub person_name: String,
    /// The organisation it lets Regie share with.
    pub organisation_name: String,
}

impl Scope<'_> {
    /// A household's consents, oldest first, for a professional involved in it who may know who the family
    /// is. The read is logged for the household and for each person who gave one.
    pub async fn consents(&self, household: HouseholdId) -> Result<Vec<ConsentItem>, AccessError> {
        self.may(Action::ReadHouseholdFile)?;
        self.named_household(household, false).await?;
        let consents = self.store.consents_of(household).await?;
        let mut log = vec![self.record(Operation::Read, Some(household), None)];
        log.extend(
            consents
                .iter()
                .map(|c| self.record(Operation::Read, Some(household), Some(c.person))),
        );
        self.log(log).await?;
        self.named(consents).await
    }

    /// Records a household member's consent (every wrong field reported at once), with its log record.
    pub async fn record_consent(&self, household: HouseholdId, form: &ConsentForm<'_>) -> Result<Consent, AccessError> {
        self.may(Action::WorkOnPlan)?;
        self.named_household(household, true).await?;
        let today = time::today();
        let members = (self.store.members(household).await?.into_iter())
            .filter(|m| m.membership.is_current_on(today))
            .map(|m| (m.person.id, m.person.date_of_birth))
            .collect();
        // A consent is given to an organisation of the household's region (F26).
        let organisations = (self.store.organisations().await?.into_iter())
            .filter(|o| o.region_id == self.actor.region)
            .map(|o| (o.id, o.kind))
            .collect();
        let ctx = ConsentContext {
            members,
            organisations,
            today,
        };
        let consent = Consent::record(&self.actor, household, form, &ctx, time::now())?;
        let log = [self.record(Operation::Write, Some(household), Some(consent.person))];
        self.store.create_consent(&consent, &log).await?;
        Ok(consent)
    }

    /// Records that a household member revoked their consent, as they told the professional. From now on
    /// nothing more is shared on it; what was shared stays.
    pub async fn revoke_consent(&self, household: HouseholdId, id: ConsentId) -> Result<Consent, AccessError> {
        self.may(Action::WorkOnPlan)?;
        self.named_household(household, true).await?;
        let consent = find(self.store.consents_of(household).await?, id)?;
        let revoked = consent.revoke(Revoker::Professional(self.actor.professional), time::now())?;
        let log = [self.record(Operation::Write, Some(household), Some(consent.person))];
        self.store.revoke_consent(&revoked, &log).await?;
        Ok(revoked)
    }

    /// Whether `case` is shown to the actor as an anonymous consultation
    /// (`regie_domain::involvement::anonymous_to`). The household's consents are read only for a consulted
    /// RVT professional without a legal ground, the one case where they decide.
    pub(super) async fn anonymous(&self, case: &Case) -> Result<bool, AccessError> {
        let (viewer, today) = (self.viewer().await?, time::today());
        if !anonymous_to(viewer, case, &[], today) {
            return Ok(false);
        }
        let consents = self.store.consents_of(case.household_id).await?;
        Ok(anonymous_to(viewer, case, &consents, today))
    }

    /// Refuses a household the actor is not involved in, or sees only anonymously (the family's consents
    /// name who they are); for a change (`write`), also one opened by an emergency access.
    async fn named_household(&self, household: HouseholdId, write: bool) -> Result<(), AccessError> {
        let (_, involvement) = self.involved_household(household).await?;
        if write && involvement == Involvement::Emergency {
            return Err(DomainError::forbidden(
                "emergency_read_only",
                "an emergency access is for reading: ask the case team to make the change",
                "noodtoegang is alleen om te lezen: vraag het zaakteam de wijziging te doen",
            )
            .into());
        }
        if let Some(case) = self.store.open_case_of(household).await?
            && self.anonymous(&case).await?
        {
            return Err(not_involved());
        }
        Ok(())
    }

    async fn named(&self, consents: Vec<Consent>) -> Result<Vec<ConsentItem>, AccessError> {
        named(self.store, consents).await
    }
}

impl FamilyScope<'_> {
    /// The consents the signed-in member gave, oldest first: what they said yes to, and whether it still
    /// holds.
    pub async fn consents(&self) -> Result<Vec<ConsentItem>, AccessError> {
        let mine = (self.store.consents_of(self.member.household.id).await?.into_iter())
            .filter(|c| c.person == self.member.person.id)
            .collect();
        let log = self.records(None, Operation::Read, [self.member.person.id]).await?;
        self.store.log_processing(&log).await?;
        named(self.store, mine).await
    }

    /// Revokes a consent the member gave; someone else's is refused.
    pub async fn revoke_consent(&self, id: ConsentId) -> Result<Consent, AccessError> {
        let consent = find(self.store.consents_of(self.member.household.id).await?, id)?;
        let revoked = consent.revoke(Revoker::Family(self.member.person.id), time::now())?;
        let log = self.records(None, Operation::Write, [consent.person]).await?;
        self.store.revoke_consent(&revoked, &log).await?;
        Ok(revoked)
    }
}

fn find(consents: Vec<Consent>, id: ConsentId) -> Result<Consent, AccessError> {
    (consents.into_iter())
        .find(|c| c.id == id)
        .ok_or_else(|| AccessError::not_found("consent"))
}

async fn named(store: &dyn regie_store::Store, consents: Vec<Consent>) -> Result<Vec<ConsentItem>, AccessError> {
    let organisations = store.organisations().await?;
    let mut items = Vec::with_capacity(consents.len());
    for consent in consents {
        let person_name = (store.person(consent.person).await?)
            .map(|p| p.name.full())
            .unwrap_or_default();
        let organisation_name = (organisations.iter())
            .find(|o| o.id == consent.organisation)
            .map(|o| o.name.as_str().to_owned())
            .unwrap_or_default();
        items.push(ConsentItem {
            consent,
            person_name,
            organisation_name,
        });
    }
    Ok(items)
}
