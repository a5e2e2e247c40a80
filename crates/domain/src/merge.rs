//! Merging two person records that turn out to be one person (F2).
//!
//! A professional involved with every household of both records merges the *retired* record into the
//! *surviving* one, saying why. Every reference moves to the survivor: the memberships (one in a household
//! where the survivor is already a member goes), the signals, what the family added, consents, authority,
//! justice tracks, the portal account and the lawyer; each affected case records the merge as an event
//! ([`CaseChange::PersonsMerged`]) whose state is its route with the retired id replaced. Past events keep the
//! id they were recorded with, and the processing log keeps both ids: the retired record stays, pointing
//! to the survivor (`merged_into`), so every old reference can still be followed.
//!
//! A merge can be undone while nothing new was recorded on an affected case since: each case gets its
//! route back by an event of its own, and every moved reference moves back.

use crate::case::{Case, CaseChange, NewEvent};
use crate::directory::Actor;
use crate::error::DomainError;
use crate::ids::{CaseId, ContributionId, MembershipId, MergeId, OrganisationId, PersonId, ProfessionalId, SignalId};
use crate::route::Route;
use crate::text::Reason;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// A merge of two person records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Merge {
    /// Identifier.
    pub id: MergeId,
    /// The record that stays.
    pub survivor: PersonId,
    /// The record merged into it, which now points to it.
    pub retired: PersonId,
    /// Why they are one person.
    pub reason: String,
    /// Who merged them.
    pub by: ProfessionalId,
    /// For which organisation.
    pub organisation: OrganisationId,
    /// When.
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
    /// Each affected case, with its version after the merge's event.
    pub cases: Vec<(CaseId, i64)>,
    /// What moved, so it can move back.
    pub moved: Moved,
    /// When the merge was undone, if it was.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub undone_at: Option<Timestamp>,
}

/// The references a merge moved from the retired record to the survivor.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Moved {
    /// Memberships now the survivor's.
    pub memberships: Vec<MembershipId>,
    /// Memberships removed because the survivor was already a member of that household, as they were.
    #[schema(value_type = Vec<Object>)]
    pub dropped: Vec<crate::household::Membership>,
    /// Signals the retired record was a subject of, now the survivor.
    pub signals: Vec<SignalId>,
    /// Signals both records were a subject of: the retired record's line removed, with the signal's day.
    #[serde(default)]
    #[schema(value_type = Vec<Object>)]
    pub shared_signals: Vec<(SignalId, jiff::civil::Date)>,
    /// Contributions in the portal.
    pub contributions: Vec<ContributionId>,
    /// Documents that named the retired record, as they were: (table, key, document).
    #[schema(value_type = Vec<Object>)]
    pub documents: Vec<(String, String, serde_json::Value)>,
    /// The portal account moved to the survivor, by username.
    pub account: Option<String>,
}

/// Refuses a merge of a record with itself, or one without a reason; every wrong field at once.
pub fn check(survivor: PersonId, retired: PersonId, reason: &str) -> Result<Reason, Vec<DomainError>> {
    let mut errors = Vec::new();
    if survivor == retired {
        errors.push(DomainError::invalid(
            "into",
            "same_person",
            "a record cannot be merged with itself",
            "Kies een andere persoon: een persoon kan niet met zichzelf worden samengevoegd.",
        ));
    }
    let reason = Reason::parse("reason", reason).map_err(|e| errors.push(e)).ok();
    match reason {
        Some(r) if errors.is_empty() => Ok(r),
        _ => Err(errors),
    }
}

/// `value` with every occurrence of `from`'s id replaced by `to`'s: ids are UUIDs, so a textual replace in
/// the serialised value touches the ids and nothing else.
pub fn replace_id<T: Serialize + for<'de> Deserialize<'de>>(value: &T, from: PersonId, to: PersonId) -> T {
    let text = serde_json::to_string(value).expect("a domain value serialises");
    let replaced = text.replace(&from.to_string(), &to.to_string());
    serde_json::from_str(&replaced).expect("replacing one UUID by another keeps the value valid")
}

impl Case {
    /// Records on this case that `retired` is merged into `survivor`: the route names the survivor from now
    /// on; the event keeps the route as it was, for an undo.
    pub fn merge_persons(
        &self,
        (survivor, retired): (PersonId, PersonId),
        reason: Reason,
        actor: &Actor,
        at: Timestamp,
    ) -> (Case, NewEvent) {
        let mut next = self.clone();
        next.route = replace_id(&self.route, retired, survivor);
        let change = CaseChange::PersonsMerged {
            survivor,
            retired,
            before: Box::new(self.route.clone()),
        };
        self.next(next, change, Some(reason), actor, at)
    }

    /// Undoes a merge on this case: its route as it was before (`before`), when nothing new was recorded
    /// since the merge's event (`version`).
    pub fn unmerge_persons(
        &self,
        (survivor, retired): (PersonId, PersonId),
        version: i64,
        before: Route,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        if self.version != version {
            return Err(DomainError::conflict(
                None,
                "changed_since",
                "something new was recorded on an affected case since the merge: it can no longer be undone",
                "Na het samenvoegen is er iets nieuws vastgelegd in een zaak van deze persoon. Ongedaan maken kan daarom niet meer.",
            ));
        }
        let mut next = self.clone();
        next.route = before;
        let change = CaseChange::PersonsUnmerged { survivor, retired };
        Ok(self.next(next, change, None, actor, at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::OrganisationKind;
    use crate::fixtures::{actor, case_led_by};

    #[test]
    fn a_record_is_not_merged_with_itself_nor_without_a_reason() {
        let p = PersonId::new();
        let errors = check(p, p, " ").unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.unwrap_or("")).collect();
        assert_eq!(fields, ["into", "reason"]);
        assert!(check(p, PersonId::new(), "Twee keer ingeschreven").is_ok());
    }

    #[test]
    fn the_merge_names_the_survivor_in_the_route_and_an_undo_gives_the_route_back_while_nothing_changed() {
        let lead = actor(OrganisationKind::LocalTeam);
        let mut case = case_led_by(&lead);
        let (survivor, retired) = (PersonId::new(), PersonId::new());
        case.route
            .rectification
            .destructions
            .push(crate::retention::DestructionRequest {
                number: 1,
                by: retired,
                text: None,
                asked_on: jiff::civil::date(2026, 12, 1),
                due: jiff::civil::date(2027, 3, 1),
                decision: None,
            });
        let reason = Reason::parse("reason", "Twee keer ingeschreven").unwrap();
        let (merged, event) = case.merge_persons((survivor, retired), reason, &lead, Timestamp::now());
        assert_eq!(merged.route.rectification.destructions[0].by, survivor);
        let CaseChange::PersonsMerged { before, .. } = &event.change else {
            panic!("a merge event")
        };
        assert_eq!(**before, case.route);
        let (undone, _) = merged
            .unmerge_persons(
                (survivor, retired),
                merged.version,
                (**before).clone(),
                &lead,
                Timestamp::now(),
            )
            .unwrap();
        assert_eq!(undone.route, case.route);
        // Once something new is recorded, no more.
        let late = merged
            .unmerge_persons(
                (survivor, retired),
                merged.version - 1,
                (**before).clone(),
                &lead,
                Timestamp::now(),
            )
            .unwrap_err();
        assert_eq!(late.code, "changed_since");
    }

    proptest::proptest! {
        #[test]
        fn replacing_an_id_touches_nothing_else(text in "[a-zA-Z0-9 ,.]{0,40}") {
            let (a, b) = (PersonId::new(), PersonId::new());
            let value = (a, text.clone(), vec![a, b]);
            let (x, t, ids) = replace_id(&value, a, b);
            proptest::prop_assert_eq!((x, t, ids), (b, text, vec![b, b]));
        }
    }
}
