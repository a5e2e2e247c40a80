//! The letters about decisions that affect the family (F16; `regie_domain::letter`): read from each case's
//! timeline, so they are kept with the file and go with it. A professional involved in the household reads
//! every letter sent to its members; a member reads the letters addressed to them, in the portal.

use super::{FamilyScope, Scope};
use crate::error::AccessError;
use crate::family::contact_of;
use regie_domain::letter::{self, Addressee, ContactPerson, Facts, Letter};
use regie_domain::policy::{Action, require};
use regie_domain::{CaseId, HouseholdId, PersonId, ProfessionalId};
use regie_store::{Operation, Store};
use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// Every letter of a household's cases, newest first.
pub(crate) async fn household_letters(store: &dyn Store, household: HouseholdId) -> Result<Vec<Letter>, AccessError> {
    let members: Vec<Addressee> = (store.members(household).await?.into_iter())
        .map(|m| Addressee {
            person: m.person.id,
            name: m.person.name.full(),
            relation: m.membership.relation,
            born: m.person.date_of_birth,
            from: m.membership.from,
            until: m.membership.to,
        })
        .collect();
    let region = (store.household(household).await?)
        .ok_or_else(|| AccessError::not_found("household"))?
        .region_id;
    let complaint_weeks = store.norms(region).await?.complaint_weeks;
    let organisations: HashMap<_, _> = (store.organisations().await?.into_iter())
        .map(|o| (o.id, o.name))
        .collect();
    let lawyers = store.lawyers_of(household).await?;
    let mut contacts: HashMap<ProfessionalId, ContactPerson> = HashMap::new();
    let mut out = Vec::new();
    for case in store.cases_of_household(household).await? {
        let events = store.events(case.id).await?;
        let leads = letter::leads(&events);
        for event in &events {
            let on = regie_domain::time::date_in_nl(event.at);
            if letter::recipients(&event.change, &case, &members, on).is_empty() {
                continue;
            }
            let lead = leads.get(&event.seq).map_or(case.lead.primary, |l| l.primary);
            if let Entry::Vacant(slot) = contacts.entry(lead) {
                let found = contact_of(store, lead).await?;
                slot.insert(found.map_or_else(ContactPerson::default, |c| ContactPerson {
                    name: c.professional.display_name,
                    organisation: c.organisation.name,
                    phone: c.contact.phone,
                    email: c.contact.email,
                }));
            }
            let facts = Facts {
                case: &case,
                members: &members,
                contact: &contacts[&lead],
                organisations: &organisations,
                complaint_weeks,
                lawyers: &lawyers,
            };
            out.extend(letter::letters(event, &facts));
        }
    }
    out.sort_by(|a, b| b.at.cmp(&a.at).then(b.entry.cmp(&a.entry)));
    Ok(out)
}

/// The letter of entry `entry` of `case` to `person` among `letters`, or its copy to their lawyer.
fn find(letters: Vec<Letter>, case: CaseId, entry: i64, person: PersonId, copy: bool) -> Result<Letter, AccessError> {
    (letters.into_iter())
        .find(|l| l.case == case && l.entry == entry && l.to == person && l.lawyer.is_some() == copy)
        .ok_or_else(|| AccessError::not_found("letter"))
}

impl Scope<'_> {
    /// Every letter sent to the members of a household the professional is involved in, newest first;
    /// logged as a read of the household and of each addressee.
    pub async fn letters(&self, household: HouseholdId) -> Result<Vec<Letter>, AccessError> {
        require(self.actor.kind, Action::ReadHouseholdFile)?;
        let (household, _) = self.involved_household(household).await?;
        let letters = household_letters(self.store, household.id).await?;
        let mut to: Vec<PersonId> = letters.iter().map(|l| l.to).collect();
        to.sort();
        to.dedup();
        let log = std::iter::once(None)
            .chain(to.into_iter().map(Some))
            .map(|p| self.record(Operation::Read, Some(household.id), p))
            .collect();
        self.log(log).await?;
        Ok(letters)
    }

    /// One letter to a member of a household the professional is involved in, or (`copy`) its copy to the
    /// member's lawyer; logged as a read.
    pub async fn letter(
        &self,
        household: HouseholdId,
        (case, entry): (CaseId, i64),
        person: PersonId,
        copy: bool,
    ) -> Result<Letter, AccessError> {
        require(self.actor.kind, Action::ReadHouseholdFile)?;
        let (household, _) = self.involved_household(household).await?;
        let letter = find(
            household_letters(self.store, household.id).await?,
            case,
            entry,
            person,
            copy,
        )?;
        self.log(vec![self.record(Operation::Read, Some(household.id), Some(person))])
            .await?;
        Ok(letter)
    }
}

impl FamilyScope<'_> {
    /// The letters addressed to the member, newest first (read with the portal's view, which logs it).
    pub(crate) async fn own_letters(&self) -> Result<Vec<Letter>, AccessError> {
        let me = self.member.person.id;
        let mut letters = household_letters(self.store, self.member.household.id).await?;
        letters.retain(|l| l.to == me && l.lawyer.is_none());
        Ok(letters)
    }

    /// One letter addressed to the member; logged as their read of it.
    pub async fn letter(&self, case: CaseId, entry: i64) -> Result<Letter, AccessError> {
        let me = self.member.person.id;
        let letter = find(self.own_letters().await?, case, entry, me, false)?;
        let log = self.records(None, Operation::Read, [me]).await?;
        self.store.log_processing(&log).await?;
        Ok(letter)
    }
}
