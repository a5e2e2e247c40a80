//! The family's rights over the file (F16, F21): whose data a household member may see and receive a copy
//! of (inzage en afschrift).
//!
//! - Everyone their own (AVG art. 15; Jeugdwet art. 7.3.10 for a youth's file; a youth of 12 or older
//!   exercises the right themselves).
//! - Below 16, a child's rights are also exercised by who holds authority over them, their legal
//!   representative (UAVG art. 5 lid 3; Jeugdwet art. 7.3.10 and 7.3.12 on the parents of a child under
//!   16). Where no authority is registered, the household's parents are taken to hold it (a step-parent
//!   does not, BW 1:245 and 1:251); a registered authority decides, so a parent without it sees nothing of the
//!   child's.
//! - From 16 the child alone.

use crate::authority::{Authority, Holder};
use crate::household::Relation;
use crate::ids::PersonId;
use crate::person::age;
use jiff::civil::Date;

/// From this age a child exercises their rights over the file alone (UAVG art. 5 lid 3).
pub const OWN_RIGHTS_AGE: i16 = 16;

/// A current member of the household, as the rule needs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    /// The person.
    pub person: PersonId,
    /// Their place in the household.
    pub relation: Relation,
    /// Their date of birth.
    pub born: Date,
}

/// The persons whose data `reader` may see and receive a copy of on `today`: themselves, and each child
/// under [`OWN_RIGHTS_AGE`] over whom they hold authority (`authorities` in effect; the household's parents
/// where none is registered for the child). Never another adult's.
pub fn subjects(reader: PersonId, members: &[Member], authorities: &[Authority], today: Date) -> Vec<PersonId> {
    let Some(me) = members.iter().find(|m| m.person == reader) else {
        return Vec::new();
    };
    let mut out = vec![reader];
    for child in members
        .iter()
        .filter(|m| m.relation == Relation::Child && m.person != reader && age(m.born, today) < OWN_RIGHTS_AGE)
    {
        let holds = match authorities.iter().find(|a| a.child == child.person) {
            Some(a) => (a.holders.iter()).any(|h| matches!(h, Holder::Person { person_id } if *person_id == reader)),
            None => me.relation == Relation::Parent,
        };
        if holds {
            out.push(child.person);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const TODAY: Date = date(2026, 12, 3);

    fn member(relation: Relation, born: Date) -> Member {
        Member {
            person: PersonId::new(),
            relation,
            born,
        }
    }

    #[test]
    fn a_parent_sees_the_children_under_sixteen_and_no_other_adult() {
        let mother = member(Relation::Parent, date(1985, 1, 1));
        let partner = member(Relation::Partner, date(1984, 1, 1));
        let young = member(Relation::Child, date(2018, 1, 1));
        let fifteen = member(Relation::Child, date(2011, 12, 4));
        let sixteen = member(Relation::Child, date(2010, 12, 3));
        let all = [mother, partner, young, fifteen, sixteen];
        assert_eq!(
            subjects(mother.person, &all, &[], TODAY),
            vec![mother.person, young.person, fifteen.person]
        );
        // The partner is no parent of the children; the youth of 15 sees only their own, as does the one of 16.
        assert_eq!(subjects(partner.person, &all, &[], TODAY), vec![partner.person]);
        assert_eq!(subjects(fifteen.person, &all, &[], TODAY), vec![fifteen.person]);
        assert_eq!(subjects(sixteen.person, &all, &[], TODAY), vec![sixteen.person]);
        // Someone outside the household sees nothing.
        assert!(subjects(PersonId::new(), &all, &[], TODAY).is_empty());
    }

    #[test]
    fn a_registered_authority_decides_over_the_relation() {
        let mother = member(Relation::Parent, date(1985, 1, 1));
        let father = member(Relation::Parent, date(1983, 1, 1));
        let step = member(Relation::StepParent, date(1980, 1, 1));
        let child = member(Relation::Child, date(2015, 6, 1));
        let all = [mother, father, step, child];
        let only_mother = Authority {
            child: child.person,
            holders: vec![Holder::Person {
                person_id: mother.person,
            }],
            since: date(2015, 6, 1),
        };
        let auth = [only_mother];
        assert_eq!(
            subjects(mother.person, &all, &auth, TODAY),
            vec![mother.person, child.person]
        );
        assert_eq!(
            subjects(father.person, &all, &auth, TODAY),
            vec![father.person],
            "no gezag, no copy"
        );
        assert_eq!(
            subjects(step.person, &all, &[], TODAY),
            vec![step.person],
            "a step-parent holds no gezag"
        );
        let guardian = Authority {
            child: child.person,
            holders: vec![Holder::Guardian {
                organisation_id: crate::ids::OrganisationId::new(),
            }],
            since: date(2025, 1, 1),
        };
        assert_eq!(subjects(mother.person, &all, &[guardian], TODAY), vec![mother.person]);
    }
}
