//! Merging two person records that are one person (F2; `regie_domain::merge`): a professional involved in
//! every household of both records merges them, and may undo it while nothing new was recorded on an
//! affected case. Both are logged as writes about each household and both ids, so the log keeps them
//! traceable.

use super::Scope;
use crate::error::AccessError;
use regie_domain::case::{Case, CaseChange, NewEvent};
use regie_domain::merge::{self, Merge};
use regie_domain::policy::Action;
use regie_domain::{DomainError, HouseholdId, MergeId, PersonId, time};
use regie_store::{Operation, ProcessingRecord};

impl Scope<'_> {
    /// Merges `retired` into `survivor`, saying why: refused for a record merged with itself, one already
    /// merged, or a household of either the professional may not change.
    pub async fn merge_persons(
        &self,
        retired: PersonId,
        survivor: PersonId,
        reason: &str,
    ) -> Result<Merge, AccessError> {
        self.may(Action::ReadHouseholdFile)?;
        // Involved in every household of both first (a record merged before, through the one it went
        // into), and each has one: an outsider learns nothing, not even whether a record exists.
        let mut merged = false;
        for id in [retired, survivor] {
            let into = self.store.merged_into(id).await?;
            merged |= into.is_some();
            if self.households_of(&[into.unwrap_or(id)]).await?.is_empty() {
                return Err(super::not_involved());
            }
        }
        let households = self.households_of(&[retired, survivor]).await?;
        let reason = merge::check(survivor, retired, reason)?;
        if merged {
            return Err(DomainError::conflict(
                Some("into"),
                "already_merged",
                "this record was merged into another already",
                "Deze inschrijving is al samengevoegd met een andere.",
            )
            .into());
        }
        let at = time::now();
        let mut cases: Vec<(Case, NewEvent)> = Vec::new();
        for h in self.households_of(&[retired]).await? {
            for case in self.store.cases_of_household(h).await? {
                cases.push(case.merge_persons((survivor, retired), reason.clone(), &self.actor, at));
            }
        }
        let merge = Merge {
            id: MergeId::new(),
            survivor,
            retired,
            reason: reason.as_str().to_owned(),
            by: self.actor.professional,
            organisation: self.actor.organisation,
            at,
            cases: cases.iter().map(|(c, _)| (c.id, c.version)).collect(),
            moved: Default::default(),
            undone_at: None,
        };
        let log = self.merge_records(&households, [retired, survivor]);
        Ok(self.store.merge_persons(&merge, &households, &cases, &log).await?)
    }

    /// Undoes a merge while nothing new was recorded on its cases since; refused when it was undone
    /// already or the professional may not change a household of the survivor.
    pub async fn undo_merge(&self, id: MergeId) -> Result<(), AccessError> {
        self.may(Action::ReadHouseholdFile)?;
        let merge = (self.store.merge(id).await?).ok_or_else(|| AccessError::not_found("merge"))?;
        if merge.undone_at.is_some() {
            return Err(DomainError::conflict(
                None,
                "already_undone",
                "this merge was undone already",
                "Dit samenvoegen is al ongedaan gemaakt.",
            )
            .into());
        }
        let mut households = self.households_of(&[merge.survivor]).await?;
        households.extend(merge.moved.dropped.iter().map(|m| m.household_id));
        households.sort();
        households.dedup();
        for h in &households {
            self.writable_household(*h).await?;
        }
        let at = time::now();
        let mut cases = Vec::new();
        for (case_id, version) in &merge.cases {
            let case = (self.store.case(*case_id).await?).ok_or_else(|| AccessError::not_found("case"))?;
            let before = (self.store.events(*case_id).await?.into_iter())
                .find_map(|e| match e.change {
                    CaseChange::PersonsMerged { before, .. } if e.seq == *version => Some(*before),
                    _ => None,
                })
                .ok_or_else(|| AccessError::not_found("case"))?;
            cases.push(case.unmerge_persons((merge.survivor, merge.retired), *version, before, &self.actor, at)?);
        }
        let log = self.merge_records(&households, [merge.retired, merge.survivor]);
        Ok(self.store.unmerge_persons(&merge, &households, &cases, &log).await?)
    }

    /// The merges of the current and past members of a household the professional is involved in, oldest
    /// first.
    pub async fn merges(&self, household: HouseholdId) -> Result<Vec<Merge>, AccessError> {
        self.may(Action::ReadHouseholdFile)?;
        let (household, _) = self.involved_household(household).await?;
        self.log(vec![self.record(Operation::Read, Some(household.id), None)])
            .await?;
        let mut merges: Vec<Merge> = Vec::new();
        for m in self.store.members(household.id).await? {
            for merge in self.store.merges_of(m.person.id).await? {
                if !merges.iter().any(|x| x.id == merge.id) {
                    merges.push(merge);
                }
            }
        }
        merges.sort_by_key(|m| m.at);
        Ok(merges)
    }

    /// The record a person was merged into, if they were: the pointer a retired id answers with, only for
    /// whoever is involved in a household of the record it points to (else refused as for that record, so
    /// an outsider learns nothing of the merge). The pointer given is logged as a read of both records.
    pub async fn merged_into(&self, person: PersonId) -> Result<Option<PersonId>, AccessError> {
        self.may(Action::ReadHouseholdFile)?;
        let Some(survivor) = self.store.merged_into(person).await? else {
            return Ok(None);
        };
        self.person_households(survivor).await?;
        self.log(
            [person, survivor]
                .map(|p| self.record(Operation::Read, None, Some(p)))
                .to_vec(),
        )
        .await?;
        Ok(Some(survivor))
    }

    /// The households these persons are or were members of, each one the professional may change (else
    /// refused, naming the rule).
    async fn households_of(&self, persons: &[PersonId]) -> Result<Vec<HouseholdId>, AccessError> {
        let mut households = Vec::new();
        for p in persons {
            households.extend(self.store.memberships_of(*p).await?.iter().map(|m| m.household_id));
        }
        households.sort();
        households.dedup();
        for h in &households {
            self.writable_household(*h).await?;
        }
        Ok(households)
    }

    /// The log records of a merge or its undo: a write about each household, and about both records (each
    /// record by itself: the households they are members of need not be the same).
    fn merge_records(&self, households: &[HouseholdId], persons: [PersonId; 2]) -> Vec<ProcessingRecord> {
        let mut log: Vec<ProcessingRecord> = (households.iter())
            .map(|h| self.record(Operation::Write, Some(*h), None))
            .collect();
        log.extend(persons.map(|p| self.record(Operation::Write, None, Some(p))));
        log
    }
}
