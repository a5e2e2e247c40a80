//! Parental authority (gezag, BW Boek 1 Titel 14): for each child, who holds it and since when. Measures,
//! letters and the family's rights depend on it: a parent with authority is a party to a request for a
//! measure, and gives consent for a child under 16.
//!
//! The rules: a child is under authority while a minor (art. 1:245 lid 1); authority is held by one parent
//! or both together (art. 1:251, 1:253b), or by a guardian (voogdij, art. 1:280), which can be a GI after
//! the court ended the parents' authority (art. 1:266, 1:275, 1:302 lid 2); so at most two holders, and a
//! GI only alone. A minor cannot hold authority (art. 1:246).

use crate::error::DomainError;
use crate::ids::{OrganisationId, PersonId};
use crate::person::age;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Who holds authority over a child.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Holder {
    /// A parent, or another person appointed guardian.
    Person {
        /// The person.
        person_id: PersonId,
    },
    /// A GI as guardian (voogd), after the court ended the parents' authority.
    Guardian {
        /// The GI.
        organisation_id: OrganisationId,
    },
}

/// Authority over one child, as registered, from a day on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Authority {
    /// The child.
    pub child: PersonId,
    /// Who holds it: one or two persons, or a GI alone.
    pub holders: Vec<Holder>,
    /// Since when.
    #[schema(value_type = String, format = Date)]
    pub since: Date,
}

/// What the registration is judged against: the child's date of birth, each person holder's (none for a
/// person who is not, and was not, a member of the household), and whether each organisation is a GI.
pub struct AuthorityFacts<'a> {
    /// The child's date of birth, if the child is a current member of the household.
    pub child_born: Option<Date>,
    /// The date of birth of each person holder that exists.
    pub born: &'a [(PersonId, Date)],
    /// The organisations that are a GI.
    pub gis: &'a [OrganisationId],
    /// Today.
    pub today: Date,
}

impl Authority {
    /// Checks a registration; every wrong field is reported at once.
    pub fn new(
        child: PersonId,
        holders: Vec<Holder>,
        since: Date,
        facts: &AuthorityFacts<'_>,
    ) -> Result<Self, Vec<DomainError>> {
        let mut wrong = Vec::new();
        match facts.child_born {
            None => wrong.push(DomainError::invalid(
                "child",
                "not_a_member",
                "the child is not a current member of the household",
                "het kind is geen huidig lid van dit huishouden",
            )),
            Some(born) if age(born, facts.today) >= 18 => wrong.push(DomainError::invalid(
                "child",
                "not_a_minor",
                "authority is over a minor (art. 1:245 BW)",
                "gezag is er over een minderjarige (art. 1:245 BW)",
            )),
            Some(born) if since < born => wrong.push(DomainError::invalid(
                "since",
                "before_birth",
                "authority starts no earlier than the child's birth",
                "gezag begint niet eerder dan de geboorte van het kind",
            )),
            _ => {}
        }
        if since > facts.today {
            wrong.push(DomainError::invalid(
                "since",
                "in_the_future",
                "register authority as it is: from today or earlier",
                "leg het gezag vast zoals het is: vanaf vandaag of eerder",
            ));
        }
        let mut distinct = holders.clone();
        distinct.sort_by_key(|h| format!("{h:?}"));
        distinct.dedup();
        let guardians = holders.iter().filter(|h| matches!(h, Holder::Guardian { .. })).count();
        if holders.is_empty() {
            wrong.push(DomainError::invalid(
                "holders",
                "required",
                "name who holds authority",
                "kies wie het gezag heeft",
            ));
        } else if holders.len() > 2 || distinct.len() != holders.len() {
            wrong.push(DomainError::invalid(
                "holders",
                "too_many",
                "authority is held by one or two different people (art. 1:251 BW)",
                "het gezag ligt bij één of twee verschillende personen (art. 1:251 BW)",
            ));
        } else if guardians > 0 && holders.len() > 1 {
            wrong.push(DomainError::invalid(
                "holders",
                "guardian_alone",
                "a GI that is guardian holds authority alone (art. 1:275 BW)",
                "een GI die voogd is, heeft het gezag alleen (art. 1:275 BW)",
            ));
        }
        for h in &holders {
            match h {
                Holder::Person { person_id } if *person_id == child => wrong.push(DomainError::invalid(
                    "holders",
                    "child_holds",
                    "a child does not hold authority over themselves",
                    "een kind heeft geen gezag over zichzelf",
                )),
                Holder::Person { person_id } => match facts.born.iter().find(|(p, _)| p == person_id) {
                    None => wrong.push(DomainError::invalid(
                        "holders",
                        "not_a_member",
                        "a person holding authority is, or was, a member of the household: add them first",
                        "wie gezag heeft, is of was lid van dit huishouden: voeg die persoon eerst toe",
                    )),
                    Some((_, born)) if age(*born, since) < 18 => wrong.push(DomainError::invalid(
                        "holders",
                        "holder_minor",
                        "a holder of authority is an adult (art. 1:246 BW)",
                        "wie gezag heeft is meerderjarig (art. 1:246 BW)",
                    )),
                    _ => {}
                },
                Holder::Guardian { organisation_id } if !facts.gis.contains(organisation_id) => {
                    wrong.push(DomainError::invalid(
                        "holders",
                        "not_gi",
                        "an organisation holds authority only as a GI that is guardian",
                        "een organisatie heeft alleen gezag als GI die voogd is",
                    ))
                }
                Holder::Guardian { .. } => {}
            }
        }
        if wrong.is_empty() {
            Ok(Self { child, holders, since })
        } else {
            wrong.dedup_by(|a, b| a.field == b.field && a.code == b.code);
            Err(wrong)
        }
    }
}

/// The authority in effect on `day`: what was registered, except where a gezagsbeëindigende maatregel is in
/// force, which puts the GI executing it in the parents' place from its start (art. 1:266 and 1:275 BW).
pub fn in_effect(registered: &[Authority], justice: &crate::justice::Justice, day: Date) -> Vec<Authority> {
    let mut out: Vec<Authority> = registered.to_vec();
    for m in justice
        .in_force(day)
        .filter(|m| m.kind == crate::justice::MeasureKind::AuthorityTermination)
    {
        let guardian = Authority {
            child: m.child,
            holders: vec![Holder::Guardian {
                organisation_id: m.executor.organisation,
            }],
            since: m.start,
        };
        match out.iter_mut().find(|a| a.child == m.child) {
            Some(a) => *a = guardian,
            None => out.push(guardian),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const TODAY: Date = date(2026, 12, 3);

    struct Family {
        child: PersonId,
        mother: PersonId,
        father: PersonId,
        sister: PersonId,
        gi: OrganisationId,
        born: Vec<(PersonId, Date)>,
    }

    fn family() -> Family {
        let (child, mother, father, sister) = (PersonId::new(), PersonId::new(), PersonId::new(), PersonId::new());
        Family {
            child,
            mother,
            father,
            sister,
            gi: OrganisationId::new(),
            born: vec![
                (child, date(2015, 6, 1)),
                (mother, date(1988, 1, 1)),
                (father, date(1986, 1, 1)),
                (sister, date(2010, 1, 1)),
            ],
        }
    }

    fn register(f: &Family, holders: Vec<Holder>, since: Date) -> Result<Authority, Vec<DomainError>> {
        let gis = [f.gi];
        let facts = AuthorityFacts {
            child_born: Some(date(2015, 6, 1)),
            born: &f.born,
            gis: &gis,
            today: TODAY,
        };
        Authority::new(f.child, holders, since, &facts)
    }

    fn person(p: PersonId) -> Holder {
        Holder::Person { person_id: p }
    }

    fn codes(r: Result<Authority, Vec<DomainError>>) -> Vec<&'static str> {
        r.unwrap_err().iter().map(|e| e.code).collect()
    }

    #[test]
    fn one_or_two_adults_or_a_gi_alone() {
        let f = family();
        let since = date(2015, 6, 1);
        assert!(register(&f, vec![person(f.mother)], since).is_ok());
        assert!(register(&f, vec![person(f.mother), person(f.father)], since).is_ok());
        let gi = Holder::Guardian { organisation_id: f.gi };
        assert!(register(&f, vec![gi], TODAY).is_ok());
        assert_eq!(
            codes(register(&f, vec![gi, person(f.mother)], since)),
            ["guardian_alone"]
        );
        let third = PersonId::new();
        assert_eq!(
            codes(register(
                &f,
                vec![person(f.mother), person(f.father), person(third)],
                since
            )),
            ["too_many", "not_a_member"]
        );
        assert_eq!(
            codes(register(&f, vec![person(f.mother), person(f.mother)], since)),
            ["too_many"]
        );
        assert_eq!(codes(register(&f, vec![], since)), ["required"]);
    }

    #[test]
    fn a_termination_in_force_puts_the_gi_in_the_parents_place() {
        use crate::justice::{Executor, Justice, Measure, MeasureKind};
        let f = family();
        let registered = vec![register(&f, vec![person(f.mother), person(f.father)], date(2015, 6, 1)).unwrap()];
        let measure = Measure {
            number: 1,
            kind: MeasureKind::AuthorityTermination,
            child: f.child,
            start: date(2026, 11, 1),
            until: Some(date(2033, 6, 1)),
            executor: Executor {
                organisation: f.gi,
                professional: crate::ids::ProfessionalId::new(),
            },
            request: 1,
            extended_by: vec![],
            placed_on: None,
            ended_on: None,
        };
        let justice = Justice {
            measures: vec![measure],
            ..Justice::default()
        };
        let now = in_effect(&registered, &justice, TODAY);
        assert_eq!(now[0].holders, vec![Holder::Guardian { organisation_id: f.gi }]);
        assert_eq!(now[0].since, date(2026, 11, 1));
        // Before the measure, the parents.
        assert_eq!(in_effect(&registered, &justice, date(2026, 10, 1)), registered);
    }

    #[test]
    fn a_holder_is_an_adult_and_every_wrong_field_is_named() {
        let f = family();
        let other = Holder::Guardian {
            organisation_id: OrganisationId::new(),
        };
        assert_eq!(codes(register(&f, vec![other], TODAY)), ["not_gi"]);
        assert_eq!(
            codes(register(&f, vec![person(f.sister)], date(2015, 6, 1))),
            ["holder_minor"]
        );
        assert_eq!(
            codes(register(&f, vec![person(f.child)], date(2015, 6, 1))),
            ["child_holds"]
        );
        let errors = register(&f, vec![person(PersonId::new())], date(2030, 1, 1)).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, [Some("since"), Some("holders")]);
        assert_eq!(
            codes(register(&f, vec![person(f.mother)], date(2014, 1, 1))),
            ["before_birth"]
        );
    }
}
