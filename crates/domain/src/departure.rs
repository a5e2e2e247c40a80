//! A professional leaves their organisation: their access ends (F30).
//!
//! Access rights end when employment ends (BIO, the government's baseline of information security, 9.2.6,
//! after ISO/IEC 27002; AVG art. 32). A family keeps one fixed contact person (F3) and a measure its
//! jeugdbeschermer, so the work in the leaver's name is handed over first — the lead changed, the RVT's
//! part passed on, the measures handed over (`Case::hand_over_measures`) — and then the organisation's
//! functional administrator, or the operator, ends the access. From then on the professional cannot sign
//! in, their sessions and API tokens are gone, and no form offers them to be chosen; their record stays,
//! because timelines, the processing log and earlier decisions name them.

use crate::case::Case;
use crate::directory::Professional;
use crate::error::DomainError;
use crate::ids::{OrganisationId, ProfessionalId};
use jiff::Timestamp;
use jiff::civil::Date;

/// The work in a professional's name that someone else must take over before they go.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Holdings {
    /// Open cases they lead, alone or in a duo: families for whom they are the fixed contact person.
    pub leads: usize,
    /// Open cases scaled up to them as the Regional Safety Team's professional.
    pub rvt: usize,
    /// Measures (ondertoezichtstelling, machtiging uithuisplaatsing, …) they execute as jeugdbeschermer.
    pub measures: usize,
    /// The Raad's investigations they do.
    pub investigations: usize,
}

impl Holdings {
    /// What `professional` of `organisation` holds in `cases` on `today`: the cases may be any that
    /// involve them (those they lead or are consulted on, those in which the organisation has justice work);
    /// closed ones hold nothing. `reminder_weeks` is the region's norm for the justice work list.
    pub fn of(
        professional: ProfessionalId,
        organisation: OrganisationId,
        cases: &[Case],
        reminder_weeks: u32,
        today: Date,
    ) -> Self {
        let mut held = Self::default();
        let mut seen = std::collections::HashSet::new();
        for case in cases.iter().filter(|c| c.is_open() && seen.insert(c.id)) {
            held.leads += usize::from(case.lead.includes(professional));
            let rvt = (case.route.scale.as_ref()).is_some_and(|s| s.rvt_professional == professional);
            held.rvt += usize::from(rvt);
            let work = crate::justice::worklist(&case.route.justice, organisation, reminder_weeks, today);
            let mut numbers: Vec<(bool, u32)> = (work.iter())
                .filter(|w| w.professional == Some(professional))
                .map(|w| (w.kind.on_measures(), w.number))
                .collect();
            numbers.sort_unstable();
            numbers.dedup();
            held.measures += numbers.iter().filter(|(measure, _)| *measure).count();
            held.investigations += numbers.iter().filter(|(measure, _)| !*measure).count();
        }
        held
    }

    /// Whether nothing is left to hand over.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// What is held, in a Dutch phrase: "regievoerder bij 2 gezinnen en jeugdbeschermer bij 1 maatregel".
    pub fn nl(&self) -> String {
        let count =
            |n: usize, one: &str, many: &str| (n > 0).then(|| format!("{n} {}", if n == 1 { one } else { many }));
        let parts: Vec<String> = [
            count(self.leads, "gezin", "gezinnen").map(|n| format!("regievoerder bij {n}")),
            count(self.rvt, "opgeschaalde zaak", "opgeschaalde zaken").map(|n| format!("RVT-professional bij {n}")),
            count(self.measures, "maatregel", "maatregelen").map(|n| format!("jeugdbeschermer bij {n}")),
            count(self.investigations, "onderzoek", "onderzoeken").map(|n| format!("raadsonderzoeker bij {n}")),
        ]
        .into_iter()
        .flatten()
        .collect();
        match parts.as_slice() {
            [] => "niets meer in behandeling".to_owned(),
            [one] => one.clone(),
            [rest @ .., last] => format!("{} en {last}", rest.join(", ")),
        }
    }
}

/// Who ends an access.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndedBy {
    /// The organisation's functional administrator (the `administrator` role), this professional.
    Administrator(ProfessionalId),
    /// The operator, at the command line (`regie account end`).
    Operator,
}

/// When a professional's access ended, and by whom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Ended {
    /// The moment.
    pub at: Timestamp,
    /// The functional administrator who ended it; none when the operator did.
    pub by: Option<ProfessionalId>,
}

/// Ends `colleague`'s access at `at`, once nothing is left in their name (`held`). An administrator does
/// not end their own access, nor that of a colleague who holds a role (`holds_role`: a reviewer of
/// emergency accesses, another administrator), as they may not reset those passwords either: the operator
/// does. Refused when the access has already ended.
pub fn end_access(
    colleague: &Professional,
    by: EndedBy,
    holds_role: bool,
    held: &Holdings,
    at: Timestamp,
) -> Result<Professional, DomainError> {
    if let EndedBy::Administrator(me) = by {
        if me == colleague.id {
            return Err(DomainError::invalid(
                "username",
                "own_account",
                "you do not end your own access: another administrator or the operator does",
                "Uw eigen toegang beëindigt u niet zelf: dat doet een andere beheerder of de applicatiebeheerder.",
            ));
        }
        if holds_role {
            return Err(DomainError::forbidden(
                "holds_role",
                "the access of a colleague who is a reviewer or administrator is ended by the operator (regie account end)",
                "De toegang van een collega die beoordelaar of beheerder is, beëindigt de applicatiebeheerder (regie account end).",
            ));
        }
    }
    if colleague.ended.is_some() {
        return Err(DomainError::conflict(
            Some("username"),
            "access_ended",
            "this colleague's access has already ended",
            format!("De toegang van {} is al beëindigd.", colleague.display_name),
        ));
    }
    if !held.is_empty() {
        return Err(DomainError::conflict(
            Some("username"),
            "holds_work",
            format!(
                "this colleague still holds work (leads {}, RVT {}, measures {}, investigations {}): have it handed over or finished first",
                held.leads, held.rvt, held.measures, held.investigations
            ),
            format!(
                "{} is nog {}. Laat dat werk eerst overdragen aan een collega of afronden (via Vaste \
                 contactpersoon wijzigen, Afschalen of Maatregelen overdragen) en beëindig daarna de toegang.",
                colleague.display_name,
                held.nl()
            ),
        ));
    }
    let by = match by {
        EndedBy::Administrator(p) => Some(p),
        EndedBy::Operator => None,
    };
    Ok(Professional {
        ended: Some(Ended { at, by }),
        ..colleague.clone()
    })
}

/// The refusal of a professional chosen in `field` whose access has ended.
pub fn left(field: &'static str) -> DomainError {
    DomainError::invalid(
        field,
        "professional_left",
        "this professional's access has ended: they no longer work here",
        "Deze professional werkt hier niet meer: de toegang is beëindigd. Kies een collega.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::{Contact, OrganisationKind};
    use crate::fixtures::{TODAY, actor, local_case};
    use proptest::prelude::*;

    fn professional(id: ProfessionalId, organisation: OrganisationId) -> Professional {
        Professional {
            id,
            organisation_id: organisation,
            team_id: None,
            username: "fatima".into(),
            display_name: "Fatima El Amrani".into(),
            contact: Contact::default(),
            ended: None,
        }
    }

    #[test]
    fn the_lead_of_an_open_case_holds_it_and_a_closed_one_holds_nothing() {
        let (case, _, lead) = local_case();
        let held = Holdings::of(
            lead.professional,
            lead.organisation,
            std::slice::from_ref(&case),
            6,
            TODAY,
        );
        assert_eq!((held.leads, held.is_empty()), (1, false));
        assert_eq!(held.nl(), "regievoerder bij 1 gezin");
        let other = actor(OrganisationKind::LocalTeam);
        let none = Holdings::of(
            other.professional,
            other.organisation,
            std::slice::from_ref(&case),
            6,
            TODAY,
        );
        assert!(none.is_empty());
        let closed = Case {
            closed_at: Some(Timestamp::now()),
            ..case.clone()
        };
        assert!(Holdings::of(lead.professional, lead.organisation, &[closed], 6, TODAY).is_empty());
        // The same case twice (found as led and as the organisation's) counts once.
        let twice = Holdings::of(lead.professional, lead.organisation, &[case.clone(), case], 6, TODAY);
        assert_eq!(twice.leads, 1);
    }

    #[test]
    fn the_phrase_names_every_kind_of_work_held() {
        let held = Holdings {
            leads: 2,
            rvt: 1,
            measures: 3,
            investigations: 0,
        };
        assert_eq!(
            held.nl(),
            "regievoerder bij 2 gezinnen, RVT-professional bij 1 opgeschaalde zaak en jeugdbeschermer bij 3 maatregelen"
        );
        assert_eq!(Holdings::default().nl(), "niets meer in behandeling");
    }

    #[test]
    fn an_access_ends_only_when_nothing_is_held_and_not_by_oneself() {
        let admin = actor(OrganisationKind::LocalTeam);
        let colleague = professional(ProfessionalId::new(), admin.organisation);
        let at = Timestamp::now();
        let code = |r: Result<Professional, DomainError>| r.map(|_| "").unwrap_or_else(|e| e.code);
        let by = EndedBy::Administrator(admin.professional);
        let busy = Holdings {
            leads: 1,
            ..Holdings::default()
        };
        assert_eq!(code(end_access(&colleague, by, false, &busy, at)), "holds_work");
        let refusal = end_access(&colleague, by, false, &busy, at).unwrap_err();
        assert!(
            refusal.nl.contains("Fatima El Amrani is nog regievoerder bij 1 gezin."),
            "{}",
            refusal.nl
        );
        assert_eq!(
            code(end_access(&colleague, by, true, &Holdings::default(), at)),
            "holds_role"
        );
        let me = professional(admin.professional, admin.organisation);
        assert_eq!(
            code(end_access(&me, by, false, &Holdings::default(), at)),
            "own_account"
        );
        let ended = end_access(&colleague, by, false, &Holdings::default(), at).unwrap();
        assert_eq!(
            ended.ended,
            Some(Ended {
                at,
                by: Some(admin.professional)
            })
        );
        assert_eq!(
            code(end_access(&ended, by, false, &Holdings::default(), at)),
            "access_ended"
        );
        // The operator ends the access of one who holds a role, but not while they hold work either.
        let op = EndedBy::Operator;
        assert!(end_access(&colleague, op, true, &Holdings::default(), at).is_ok());
        assert_eq!(code(end_access(&colleague, op, true, &busy, at)), "holds_work");
    }

    proptest! {
        /// Whatever is held, the access ends exactly when nothing is, and the refusal names each kind held.
        #[test]
        fn held_work_always_blocks_and_is_named(leads in 0usize..3, rvt in 0usize..3, measures in 0usize..3, investigations in 0usize..3) {
            let held = Holdings { leads, rvt, measures, investigations };
            let colleague = professional(ProfessionalId::new(), OrganisationId::new());
            let result = end_access(&colleague, EndedBy::Operator, false, &held, Timestamp::now());
            prop_assert_eq!(result.is_ok(), leads + rvt + measures + investigations == 0);
            if let Err(e) = result {
                for (n, word) in [(leads, "regievoerder"), (rvt, "RVT-professional"), (measures, "jeugdbeschermer"), (investigations, "raadsonderzoeker")] {
                    prop_assert_eq!(e.nl.contains(word), n > 0);
                }
            }
        }
    }
}
