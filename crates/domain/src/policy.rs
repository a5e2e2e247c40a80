//! The statutory-task policy (F14): which kind of organisation may do what.
//!
//! One table, [`decide`], answers for every organisation kind and every action. Domain operations ask it
//! before they change anything, so no handler can forget to. The exhaustive test below pins every answer.

use crate::case::LegalFrame;
use crate::directory::OrganisationKind;
use crate::error::DomainError;

/// Something an organisation may or may not do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Read the personal data in a household's file (need-to-know rules narrow this further later).
    ReadHouseholdFile,
    /// Register a household or person, or change who belongs to a household.
    RegisterHousehold,
    /// Open a case for a household.
    OpenCase,
    /// Be (part of) the fixed contact person of a case.
    LeadCase,
    /// Move a case to another phase.
    ChangePhase,
    /// Change the lead (regiewissel).
    ChangeLead,
    /// Put a case in a legal frame.
    SetLegalFrame(LegalFrame),
    /// Close a case.
    CloseCase,
    /// Bring the Regional Safety Team into a case, or answer its consultation.
    ScaleUp,
    /// Hand a scaled-up case back to the local team.
    ScaleDown,
    /// Record the joint analysis, the safety plan and its evaluations, and help.
    WorkOnPlan,
    /// Configure the region's catalogue of help kinds and their waiting norms.
    ConfigureCatalogue,
    /// Receive and assess a signal (a report or an advice request).
    ReceiveSignal,
    /// Look on the radar for earlier signals and open cases about the same people.
    UseRadar,
    /// Report a signal to Veilig Thuis or the local team, as a professional of the chain.
    ReportSignal,
    /// Open a file one is not involved in, in an emergency (break-the-glass).
    BreakTheGlass,
}

impl Action {
    /// Every action, for exhaustive tests.
    pub const ALL: [Action; 18] = [
        Action::ReadHouseholdFile,
        Action::RegisterHousehold,
        Action::OpenCase,
        Action::LeadCase,
        Action::ChangePhase,
        Action::ChangeLead,
        Action::SetLegalFrame(LegalFrame::Voluntary),
        Action::SetLegalFrame(LegalFrame::Pressure),
        Action::SetLegalFrame(LegalFrame::Mandatory),
        Action::CloseCase,
        Action::ScaleUp,
        Action::ScaleDown,
        Action::WorkOnPlan,
        Action::ConfigureCatalogue,
        Action::ReceiveSignal,
        Action::UseRadar,
        Action::ReportSignal,
        Action::BreakTheGlass,
    ];
}

/// The policy's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// The organisation kind has a task for this action.
    Allowed,
    /// It has not; the reason says why and what to do instead.
    Refused {
        /// In English.
        en: &'static str,
        /// In Dutch.
        nl: &'static str,
    },
}

/// The organisations that run cases: the local team and the three RVT organisations.
fn runs_cases(kind: OrganisationKind) -> bool {
    use OrganisationKind::*;
    matches!(kind, LocalTeam | Vt | Rvdk | Gi)
}

/// Decides whether an organisation of `kind` may perform `action`.
pub fn decide(kind: OrganisationKind, action: Action) -> Decision {
    use Decision::*;
    use OrganisationKind::*;
    if action == Action::ConfigureCatalogue {
        return match kind {
            Municipality => Allowed,
            _ => Refused {
                en: "the municipality, responsible for youth help, sets the catalogue of help kinds and their waiting norms",
                nl: "de gemeente, verantwoordelijk voor de jeugdhulp, stelt de catalogus van hulpsoorten en hun wachttijdnormen vast",
            },
        };
    }
    if action == Action::ReportSignal {
        return match kind {
            Municipality | Court => Refused {
                en: "a municipality and the court do not report signals about families; professionals who see them do",
                nl: "een gemeente en de rechtbank melden geen signalen over gezinnen; de professionals die ze zien doen dat",
            },
            _ => Allowed,
        };
    }
    if kind == Municipality {
        return Refused {
            en: "a municipality steers on aggregates and never works in personal files",
            nl: "een gemeente stuurt op geaggregeerde cijfers en werkt nooit in persoonlijke dossiers",
        };
    }
    if !runs_cases(kind) {
        return Refused {
            en: "only the local team, Veilig Thuis, the Raad voor de Kinderbescherming and a GI work in household files; partners exchange data through their own channel",
            nl: "alleen het lokaal team, Veilig Thuis, de Raad voor de Kinderbescherming en een GI werken in het dossier van een huishouden; partners wisselen gegevens uit via hun eigen kanaal",
        };
    }
    match action {
        Action::ReceiveSignal | Action::UseRadar if !matches!(kind, LocalTeam | Vt) => Refused {
            en: "signals come in at Veilig Thuis and the local team; the Raad and a GI receive their work through a case",
            nl: "signalen komen binnen bij Veilig Thuis en het lokaal team; de Raad en een GI krijgen hun werk via een zaak",
        },
        Action::SetLegalFrame(LegalFrame::Pressure) if kind == LocalTeam => Refused {
            en: "pressure (drang) belongs to the safety tasks of the Regional Safety Team: scale up first",
            nl: "drang hoort bij de veiligheidstaken van het Regionaal Veiligheidsteam: schaal eerst op",
        },
        Action::SetLegalFrame(LegalFrame::Mandatory) if kind != Gi => Refused {
            en: "a mandatory frame follows a court measure, which only a GI executes",
            nl: "een gedwongen kader volgt op een kinderbeschermingsmaatregel, en die voert alleen een GI uit",
        },
        _ => Allowed,
    }
}

/// Asks the policy and turns a refusal into a [`DomainError`] of kind `Forbidden`.
pub fn require(kind: OrganisationKind, action: Action) -> Result<(), DomainError> {
    match decide(kind, action) {
        Decision::Allowed => Ok(()),
        Decision::Refused { en, nl } => Err(DomainError::forbidden(
            "statutory_task",
            format!("{}: {en}", kind.as_str()),
            format!("{}: {nl}", kind.label_nl()),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrganisationKind::*;

    /// The whole table, written out: every kind × every action has a deliberate answer.
    fn expected(kind: OrganisationKind, action: Action) -> bool {
        if action == Action::ConfigureCatalogue {
            return kind == Municipality;
        }
        if matches!(action, Action::ReceiveSignal | Action::UseRadar) {
            return matches!(kind, LocalTeam | Vt);
        }
        if action == Action::ReportSignal {
            return !matches!(kind, Municipality | Court);
        }
        match kind {
            Municipality | Police | Prosecutor | Court | Probation | CareProvider | School => false,
            LocalTeam => !matches!(
                action,
                Action::SetLegalFrame(LegalFrame::Pressure) | Action::SetLegalFrame(LegalFrame::Mandatory)
            ),
            Vt | Rvdk => action != Action::SetLegalFrame(LegalFrame::Mandatory),
            Gi => true,
        }
    }

    #[test]
    fn every_kind_and_action_has_the_expected_answer() {
        for kind in OrganisationKind::ALL {
            for action in Action::ALL {
                let allowed = decide(kind, action) == Decision::Allowed;
                assert_eq!(allowed, expected(kind, action), "{kind:?} × {action:?}");
            }
        }
    }

    #[test]
    fn every_refusal_explains_itself_in_both_languages() {
        for kind in OrganisationKind::ALL {
            for action in Action::ALL {
                if let Decision::Refused { en, nl } = decide(kind, action) {
                    assert!(en.len() > 20 && nl.len() > 20, "{kind:?} × {action:?}");
                }
            }
        }
    }

    #[test]
    fn a_refusal_becomes_a_forbidden_error_naming_the_organisation_kind() {
        let err = require(LocalTeam, Action::SetLegalFrame(LegalFrame::Mandatory)).unwrap_err();
        assert_eq!(err.kind, crate::ErrorKind::Forbidden);
        assert!(err.nl.starts_with("lokaal team:"));
    }

    #[test]
    fn kind_codes_round_trip() {
        for kind in OrganisationKind::ALL {
            assert_eq!(OrganisationKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(OrganisationKind::parse("bank"), None);
    }
}
