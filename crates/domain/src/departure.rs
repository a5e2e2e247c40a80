//! A professional leaves their organisation: their access ends (F30).
//!
//! Access rights end when employment ends (BIO, the government's baseline of information security, 9.2.6,
//! after ISO/IEC 27002; AVG art. 32). A family keeps one fixed contact person (F3) and a measure its
//! jeugdbeschermer, so the work in the leaver's name is handed over first — the lead changed, the RVT's
//! part or the local team's part of a scale-up passed on (`Case::hand_over_scale_up`), the measures handed over (`Case::hand_over_measures`, or taken over by a colleague, `Case::take_over_measures`) — and then the organisation's
//! functional administrator, or the operator, ends the access. From then on the professional cannot sign
//! in, their sessions and API tokens are gone, and no form offers them to be chosen; their record stays,
//! because timelines, the processing log and earlier decisions name them.

use crate::case::Case;
use crate::directory::Professional;
use crate::error::DomainError;
use crate::ids::ProfessionalId;
use jiff::Timestamp;
use jiff::civil::Date;

/// The work in a professional's name that someone else must take over before they go.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Holdings {
    /// Open cases of which they are the fixed contact person, alone or in a duo, or to whom a scale-down or
    /// the end of a measure hands the case back.
    pub leads: usize,
    /// Other open cases scaled up to them as the Regional Safety Team's professional.
    pub rvt: usize,
    /// Measures (ondertoezichtstelling, machtiging uithuisplaatsing, …) they execute as jeugdbeschermer.
    pub measures: usize,
    /// Requests at the court that name them as the jeugdbeschermer of the measure asked for.
    pub requests: usize,
    /// The Raad's investigations they do.
    pub investigations: usize,
    /// The investigations after a signal's assessment they do (Veilig Thuis's).
    pub signal_investigations: usize,
}

impl Holdings {
    /// What `professional` holds in `cases` on `today`: the cases may be any that name them (each is
    /// counted once); closed ones hold nothing.
    pub fn of(professional: ProfessionalId, cases: &[Case], today: Date) -> Self {
        let mut held = Self::default();
        let mut seen = std::collections::HashSet::new();
        for case in cases.iter().filter(|c| c.is_open() && seen.insert(c.id)) {
            let scale = case.route.scale.as_ref();
            let lead = case.lead.includes(professional) || scale.is_some_and(|s| s.local_lead.includes(professional));
            held.leads += usize::from(lead);
            held.rvt += usize::from(!lead && scale.is_some_and(|s| s.rvt_professional == professional));
            let justice = &case.route.justice;
            let theirs = |e: &crate::justice::Executor| e.professional == professional;
            held.measures += (justice.measures.iter())
                .filter(|m| !m.ended(today) && theirs(&m.executor))
                .count();
            held.requests += (justice.requests.iter())
                .filter(|r| r.pending() && theirs(&r.executor))
                .count();
            held.investigations += (justice.investigations.iter())
                .filter(|i| i.open() && i.investigator == Some(professional))
                .count();
            held.signal_investigations += (case.route.signals.iter())
                .filter(|s| {
                    s.investigation
                        .is_some_and(|i| i.running() && i.investigator == professional)
                })
                .count();
        }
        held
    }

    /// Whether nothing is left to hand over.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// What is held, in a Dutch phrase: "vaste contactpersoon van 2 gezinnen en jeugdbeschermer bij 1
    /// maatregel"; empty when nothing is.
    pub fn nl(&self) -> String {
        self.phrase(
            count(self.leads, "gezin", "gezinnen").map(|n| format!("vaste contactpersoon van {n}")),
            count(self.rvt, "opgeschaalde zaak", "opgeschaalde zaken").map(|n| format!("RVT-professional bij {n}")),
        )
    }

    /// What is held in one case, as [`Holdings::of`] counts it for that case alone, in a Dutch phrase for a
    /// list of a colleague's work: "vaste contactpersoon en jeugdbeschermer bij 2 maatregelen";
    /// `leads_now` says whether they lead the case now or are whom a scale-down hands it back to.
    pub fn here_nl(&self, leads_now: bool) -> String {
        let lead = match leads_now {
            true => "vaste contactpersoon",
            false => "de zaak gaat na het afschalen naar deze collega terug",
        };
        self.phrase(
            (self.leads > 0).then(|| lead.to_owned()),
            (self.rvt > 0).then(|| "professional van het RVT".to_owned()),
        )
    }

    /// The leads' and the RVT's phrases as given, then the justice work's, joined: "a, b en c".
    fn phrase(&self, leads: Option<String>, rvt: Option<String>) -> String {
        let parts: Vec<String> = [
            leads,
            rvt,
            count(self.measures, "maatregel", "maatregelen").map(|n| format!("jeugdbeschermer bij {n}")),
            count(self.requests, "verzoek", "verzoeken")
                .map(|n| format!("genoemd als jeugdbeschermer in {n} aan de kinderrechter")),
            count(self.investigations, "onderzoek", "onderzoeken").map(|n| format!("raadsonderzoeker bij {n}")),
            count(self.signal_investigations, "onderzoek", "onderzoeken")
                .map(|n| format!("onderzoeker bij {n} na een melding")),
        ]
        .into_iter()
        .flatten()
        .collect();
        match parts.as_slice() {
            [rest @ .., last] if !rest.is_empty() => format!("{} en {last}", rest.join(", ")),
            _ => parts.concat(),
        }
    }
}

/// "2 gezinnen", "1 gezin"; none for none.
fn count(n: usize, one: &str, many: &str) -> Option<String> {
    (n > 0).then(|| format!("{n} {}", if n == 1 { one } else { many }))
}

/// Who ends an access.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndedBy {
    /// The organisation's functional administrator (the `administrator` role), this professional.
    Administrator(ProfessionalId),
    /// The operator, at the command line (`regie account end`); `despite_work` for a departure that cannot
    /// wait for the hand-over (a dismissal on the spot): the work then stays in the professional's name
    /// until colleagues take it over.
    Operator {
        /// End it although work is still in their name.
        despite_work: bool,
    },
}

/// When a professional's access ended, and by whom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Ended {
    /// The moment.
    pub at: Timestamp,
    /// The functional administrator who ended it; none when the operator did.
    pub by: Option<ProfessionalId>,
}

/// Ends `colleague`'s access at `at`, once nothing is left in their name (`held`), or at once where the
/// operator says so. An administrator does not end their own access, nor that of a colleague who holds a
/// role (`holds_role`: a reviewer of emergency accesses, another administrator), as they may not reset
/// those passwords either: the operator does. Refused when the access has already ended.
pub fn end_access(
    colleague: &Professional,
    by: EndedBy,
    holds_role: bool,
    held: &Holdings,
    at: Timestamp,
) -> Result<Ended, DomainError> {
    if let EndedBy::Administrator(me) = by {
        if me == colleague.id {
            return Err(DomainError::invalid(
                "username",
                "own_account",
                "you do not end your own access: another administrator or the operator does",
                "Uw eigen toegang beëindigt u niet zelf. Vraag een andere functioneel beheerder of de applicatiebeheerder om dat te doen.",
            ));
        }
        if holds_role {
            return Err(DomainError::forbidden(
                "holds_role",
                "the access of a colleague who is a reviewer or administrator is ended by the operator (regie account end)",
                format!(
                    "{} is beoordelaar of functioneel beheerder. Vraag de applicatiebeheerder om de toegang te beëindigen (regie account end).",
                    colleague.display_name
                ),
            ));
        }
    }
    if colleague.ended.is_some() {
        return Err(already_ended(colleague));
    }
    let despite_work = matches!(by, EndedBy::Operator { despite_work: true });
    if !held.is_empty() && !despite_work {
        return Err(DomainError::conflict(
            Some("username"),
            "holds_work",
            format!(
                "this colleague still holds work (leads {}, RVT {}, measures {}, requests {}, investigations {}, \
                 investigations after an assessment {}): have it handed over or finished first",
                held.leads, held.rvt, held.measures, held.requests, held.investigations, held.signal_investigations
            ),
            format!(
                "{} is nog {}. Laat dat werk eerst overdragen aan een collega of afronden (via Vaste \
                 contactpersoon wijzigen, Professional in de opschaling wisselen, Afschalen, Maatregelen \
                 overdragen of Onderzoek overnemen; in een verzoek dat nog bij de kinderrechter ligt, noemt de \
                 organisatie die het indiende een andere jeugdbeschermer) en beëindig daarna de toegang.",
                colleague.display_name,
                held.nl()
            ),
        ));
    }
    let by = match by {
        EndedBy::Administrator(p) => Some(p),
        EndedBy::Operator { .. } => None,
    };
    Ok(Ended { at, by })
}

/// The refusal of an access that has already ended (to end, or to give a temporary password).
pub fn already_ended(colleague: &Professional) -> DomainError {
    DomainError::conflict(
        Some("username"),
        "access_ended",
        "this colleague's access has already ended",
        format!("De toegang van {} is al beëindigd.", colleague.display_name),
    )
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
    use crate::fixtures::{TODAY, actor, local_case, scaled_up};
    use crate::ids::OrganisationId;
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
        let held = Holdings::of(lead.professional, std::slice::from_ref(&case), TODAY);
        assert_eq!((held.leads, held.is_empty()), (1, false));
        assert_eq!(held.nl(), "vaste contactpersoon van 1 gezin");
        let other = actor(OrganisationKind::LocalTeam);
        assert!(Holdings::of(other.professional, std::slice::from_ref(&case), TODAY).is_empty());
        let closed = Case {
            closed_at: Some(Timestamp::now()),
            ..case.clone()
        };
        assert!(Holdings::of(lead.professional, &[closed], TODAY).is_empty());
        // The same case twice (found as led and as naming them) counts once.
        let twice = Holdings::of(lead.professional, &[case.clone(), case], TODAY);
        assert_eq!(twice.leads, 1);
    }

    #[test]
    fn one_cases_work_reads_as_what_the_colleague_does_there() {
        let one = |leads, rvt, measures| Holdings {
            leads,
            rvt,
            measures,
            ..Holdings::default()
        };
        assert_eq!(one(1, 0, 0).here_nl(true), "vaste contactpersoon");
        assert_eq!(
            one(1, 0, 2).here_nl(true),
            "vaste contactpersoon en jeugdbeschermer bij 2 maatregelen"
        );
        assert_eq!(
            one(1, 0, 0).here_nl(false),
            "de zaak gaat na het afschalen naar deze collega terug"
        );
        assert_eq!(
            one(0, 1, 1).here_nl(true),
            "professional van het RVT en jeugdbeschermer bij 1 maatregel"
        );
        assert_eq!(Holdings::default().here_nl(true), "");
    }

    #[test]
    fn a_scale_up_holds_its_rvt_professional_and_whom_it_returns_to() {
        let (case, _, lead) = local_case();
        let rvt = actor(OrganisationKind::Vt);
        let mut scaled = scaled_up(case, &lead, &rvt);
        assert_eq!(
            Holdings::of(rvt.professional, std::slice::from_ref(&scaled), TODAY).rvt,
            1
        );
        // Transferred: the RVT leads, and the local professional is who a scale-down hands it back to.
        scaled.lead = crate::case::Lead::new((rvt.professional, rvt.kind), None).unwrap();
        let by_rvt = Holdings::of(rvt.professional, std::slice::from_ref(&scaled), TODAY);
        assert_eq!((by_rvt.leads, by_rvt.rvt), (1, 0), "one family, counted once");
        assert_eq!(Holdings::of(lead.professional, &[scaled], TODAY).leads, 1);
    }

    #[test]
    fn the_phrase_names_every_kind_of_work_held() {
        let held = Holdings {
            leads: 2,
            rvt: 1,
            measures: 3,
            requests: 0,
            investigations: 0,
            signal_investigations: 0,
        };
        assert_eq!(
            held.nl(),
            "vaste contactpersoon van 2 gezinnen, RVT-professional bij 1 opgeschaalde zaak en jeugdbeschermer bij 3 maatregelen"
        );
        assert_eq!(
            Holdings {
                rvt: 0,
                measures: 0,
                ..held
            }
            .nl(),
            "vaste contactpersoon van 2 gezinnen"
        );
        assert_eq!(Holdings::default().nl(), "");
        let vt = Holdings {
            signal_investigations: 2,
            ..Holdings::default()
        };
        assert_eq!(vt.nl(), "onderzoeker bij 2 onderzoeken na een melding");
    }

    #[test]
    fn an_investigation_after_an_assessment_holds_its_investigator_while_the_case_is_open() {
        use crate::signal::{AssessmentOutcome, LinkedSignal, SignalInvestigation, SignalKind};
        let (mut case, _, lead) = local_case();
        let vt = actor(OrganisationKind::Vt);
        case.route.signals.push(LinkedSignal {
            signal_id: crate::ids::SignalId::new(),
            kind: SignalKind::Report,
            received_on: TODAY,
            outcome: AssessmentOutcome::Investigation,
            investigation_deadline: None,
            seen_at: None,
            investigation: Some(SignalInvestigation {
                organisation: vt.organisation,
                investigator: vt.professional,
                concluded_on: None,
            }),
        });
        let held = Holdings::of(vt.professional, std::slice::from_ref(&case), TODAY);
        assert_eq!((held.signal_investigations, held.leads), (1, 0));
        assert_eq!(
            Holdings::of(lead.professional, std::slice::from_ref(&case), TODAY).signal_investigations,
            0
        );
        case.closed_at = Some(Timestamp::now());
        assert!(Holdings::of(vt.professional, &[case], TODAY).is_empty());
    }

    #[test]
    fn an_access_ends_only_when_nothing_is_held_and_not_by_oneself() {
        let admin = actor(OrganisationKind::LocalTeam);
        let colleague = professional(ProfessionalId::new(), admin.organisation);
        let at = Timestamp::now();
        let code = |r: Result<Ended, DomainError>| r.map(|_| "").unwrap_or_else(|e| e.code);
        let by = EndedBy::Administrator(admin.professional);
        let none = Holdings::default();
        let busy = Holdings { leads: 1, ..none };
        assert_eq!(code(end_access(&colleague, by, false, &busy, at)), "holds_work");
        let refusal = end_access(&colleague, by, false, &busy, at).unwrap_err();
        assert!(
            refusal
                .nl
                .contains("Fatima El Amrani is nog vaste contactpersoon van 1 gezin."),
            "{}",
            refusal.nl
        );
        assert_eq!(code(end_access(&colleague, by, true, &none, at)), "holds_role");
        let me = professional(admin.professional, admin.organisation);
        assert_eq!(code(end_access(&me, by, false, &none, at)), "own_account");
        let ended = end_access(&colleague, by, false, &none, at).unwrap();
        assert_eq!(
            ended,
            Ended {
                at,
                by: Some(admin.professional)
            }
        );
        let gone = Professional {
            ended: Some(ended),
            ..colleague.clone()
        };
        assert_eq!(code(end_access(&gone, by, false, &none, at)), "access_ended");
        // The operator ends the access of one who holds a role, not while they hold work unless told to.
        let op = EndedBy::Operator { despite_work: false };
        assert_eq!(end_access(&colleague, op, true, &none, at).unwrap().by, None);
        assert_eq!(code(end_access(&colleague, op, true, &busy, at)), "holds_work");
        let now = EndedBy::Operator { despite_work: true };
        assert!(end_access(&colleague, now, true, &busy, at).is_ok());
        assert_eq!(code(end_access(&gone, now, false, &busy, at)), "access_ended");
    }

    proptest! {
        /// Whatever is held, the access ends exactly when nothing is, and the refusal names each kind held.
        #[test]
        fn held_work_always_blocks_and_is_named(
            leads in 0usize..3, rvt in 0usize..3, measures in 0usize..3, requests in 0usize..3, investigations in 0usize..3,
            signal_investigations in 0usize..3
        ) {
            let held = Holdings { leads, rvt, measures, requests, investigations, signal_investigations };
            let colleague = professional(ProfessionalId::new(), OrganisationId::new());
            let by = EndedBy::Operator { despite_work: false };
            let result = end_access(&colleague, by, false, &held, Timestamp::now());
            prop_assert_eq!(result.is_ok(), leads + rvt + measures + requests + investigations + signal_investigations == 0);
            if let Err(e) = result {
                let words = [
                    (leads, "vaste contactpersoon"),
                    (rvt, "RVT-professional"),
                    (measures, "jeugdbeschermer bij"),
                    (requests, "aan de kinderrechter"),
                    (investigations, "raadsonderzoeker"),
                    (signal_investigations, "na een melding"),
                ];
                for (n, word) in words {
                    prop_assert_eq!(e.nl.contains(word), n > 0, "{}", word);
                }
            }
        }
    }
}
