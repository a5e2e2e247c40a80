//! Households as the unit of work (F1): members of any age, with their relation and period.

use crate::error::DomainError;
use crate::ids::{HouseholdId, MembershipId, OrganisationId, PersonId, RegionId};
use crate::person::Address;
use crate::text::ShortText;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// A household: the people who live together, the unit of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Household {
    /// Identifier.
    pub id: HouseholdId,
    /// The region whose chain works with it.
    pub region_id: RegionId,
    /// How professionals refer to it, e.g. "Huishouden De Vries".
    pub name: ShortText,
    /// Where it lives, if known.
    pub address: Option<Address>,
    /// The organisation that registered it: until a case is opened, its ground to work in the file (F19).
    pub registered_by: Option<OrganisationId>,
    /// Optimistic version.
    pub version: i64,
}

/// How a member relates to the household.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// A parent (ouder).
    Parent,
    /// A child (kind).
    Child,
    /// A parent's partner (partner).
    Partner,
    /// A step-parent (stiefouder).
    StepParent,
    /// Any other adult living in the household (andere volwassene).
    OtherAdult,
}

impl Relation {
    /// Every relation.
    pub const ALL: [Relation; 5] = [
        Self::Parent,
        Self::Child,
        Self::Partner,
        Self::StepParent,
        Self::OtherAdult,
    ];

    /// The Dutch name shown to users.
    pub fn label_nl(self) -> &'static str {
        match self {
            Self::Parent => "ouder",
            Self::Child => "kind",
            Self::Partner => "partner",
            Self::StepParent => "stiefouder",
            Self::OtherAdult => "andere volwassene",
        }
    }

    /// Stable code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Parent => "parent",
            Self::Child => "child",
            Self::Partner => "partner",
            Self::StepParent => "step_parent",
            Self::OtherAdult => "other_adult",
        }
    }

    /// Parses the stable code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == code)
    }
}

/// A person's membership of a household over a period. A child of separated parents has two.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Membership {
    /// Identifier.
    pub id: MembershipId,
    /// The household.
    pub household_id: HouseholdId,
    /// The member.
    pub person_id: PersonId,
    /// The relation to the household.
    pub relation: Relation,
    /// First day of membership.
    pub from: Date,
    /// Last day of membership, once it has ended.
    pub to: Option<Date>,
}

impl Membership {
    /// Whether the membership is current on `on`.
    pub fn is_current_on(&self, on: Date) -> bool {
        self.from <= on && self.to.is_none_or(|to| to >= on)
    }

    /// Ends the membership on `to`, which may not lie before its start nor after `today`.
    pub fn end(&self, to: Date, today: Date) -> Result<Membership, DomainError> {
        if self.to.is_some() {
            return Err(DomainError::conflict(
                Some("to"),
                "membership_ended",
                "this membership has already ended",
                "dit lidmaatschap is al beëindigd",
            ));
        }
        if to < self.from {
            return Err(DomainError::invalid(
                "to",
                "before_start",
                "a membership cannot end before it started",
                "een lidmaatschap kan niet eindigen voordat het begon",
            ));
        }
        if to > today {
            return Err(DomainError::invalid(
                "to",
                "date_in_future",
                "a membership can only be ended on today or an earlier day",
                "een lidmaatschap kan alleen per vandaag of eerder worden beëindigd",
            ));
        }
        Ok(Membership {
            to: Some(to),
            ..self.clone()
        })
    }
}

/// Checks a new membership's start date: not in the future.
pub fn check_membership_start(from: Date, today: Date) -> Result<Date, DomainError> {
    if from > today {
        return Err(DomainError::invalid(
            "from",
            "date_in_future",
            "a membership cannot start in the future",
            "een lidmaatschap kan niet in de toekomst beginnen",
        ));
    }
    Ok(from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn membership(from: Date, to: Option<Date>) -> Membership {
        Membership {
            id: MembershipId::new(),
            household_id: HouseholdId::new(),
            person_id: PersonId::new(),
            relation: Relation::Child,
            from,
            to,
        }
    }

    #[test]
    fn a_membership_is_current_between_its_dates() {
        let m = membership(date(2020, 1, 1), Some(date(2021, 1, 1)));
        assert!(m.is_current_on(date(2020, 6, 1)));
        assert!(m.is_current_on(date(2021, 1, 1)));
        assert!(!m.is_current_on(date(2021, 1, 2)));
        assert!(!m.is_current_on(date(2019, 12, 31)));
    }

    #[test]
    fn ending_is_checked_against_start_today_and_an_earlier_end() {
        let today = date(2026, 11, 23);
        let m = membership(date(2020, 1, 1), None);
        assert_eq!(m.end(date(2019, 1, 1), today).unwrap_err().code, "before_start");
        assert_eq!(m.end(date(2026, 11, 24), today).unwrap_err().code, "date_in_future");
        let ended = m.end(date(2026, 1, 1), today).unwrap();
        assert_eq!(ended.to, Some(date(2026, 1, 1)));
        assert_eq!(ended.end(date(2026, 2, 1), today).unwrap_err().code, "membership_ended");
    }

    #[test]
    fn relation_codes_round_trip() {
        for r in Relation::ALL {
            assert_eq!(Relation::parse(r.as_str()), Some(r));
        }
    }
}
