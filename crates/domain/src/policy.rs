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
    /// Read the figures for steering: aggregates of the chain, never a person (F22).
    ReadSteeringFigures,
    /// Read the pilot region's action research: client journeys as aggregates and the k-anonymous export,
    /// never a file (F24).
    ReadResearchData,
    /// Receive and assess a signal (a report or an advice request).
    ReceiveSignal,
    /// Look on the radar for earlier signals and open cases about the same people.
    UseRadar,
    /// Report a signal to Veilig Thuis or the local team, as a professional of the chain.
    ReportSignal,
    /// Open a file one is not involved in, in an emergency (break-the-glass).
    BreakTheGlass,
    /// Ask the Raad voor de Kinderbescherming to investigate (verzoek tot onderzoek).
    RequestInvestigation,
    /// Accept and conclude an investigation asked of the Raad.
    Investigate,
    /// Request a child protection measure from the court (rekwest): the Raad and the OM only (F14).
    RequestMeasure,
    /// Request the extension of a running measure (art. 1:260 BW): the GI; when it does not, the Raad or
    /// the OM.
    RequestExtension,
    /// Set a hearing and decide on a request: the court only.
    Decide,
    /// Execute a measure: record a placement, end a measure early: a GI only.
    ExecuteMeasure,
    /// Register a justice track about a household member (F17): the OM a criminal case, the Reclassering a
    /// supervision.
    RegisterJusticeTrack,
}

impl Action {
    /// Every action, for exhaustive tests.
    pub const ALL: [Action; 27] = [
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
        Action::ReadSteeringFigures,
        Action::ReadResearchData,
        Action::ReceiveSignal,
        Action::UseRadar,
        Action::ReportSignal,
        Action::BreakTheGlass,
        Action::RequestInvestigation,
        Action::Investigate,
        Action::RequestMeasure,
        Action::RequestExtension,
        Action::Decide,
        Action::ExecuteMeasure,
        Action::RegisterJusticeTrack,
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
    if action == Action::ReadSteeringFigures {
        return match kind {
            Municipality => Allowed,
            _ => Refused {
                en: "the figures for steering are the municipality's policy information (Jeugdwet art. 7.4.1); professionals see their own work",
                nl: "de stuurcijfers zijn beleidsinformatie voor de gemeente (Jeugdwet art. 7.4.1); professionals zien hun eigen werk",
            },
        };
    }
    if action == Action::ReadResearchData {
        return match kind {
            Research => Allowed,
            _ => Refused {
                en: "the action research's anonymised data are for the pilot region's researchers (AVG art. 89)",
                nl: "de geanonimiseerde onderzoeksgegevens zijn voor de onderzoekers van de proeftuin (AVG art. 89)",
            },
        };
    }
    if let Some(decision) = justice(kind, action) {
        return decision;
    }
    if action == Action::ReportSignal {
        return match kind {
            Municipality | Court | Research => Refused {
                en: "a municipality, the court and researchers do not report signals about families; professionals who see them do",
                nl: "een gemeente, de rechtbank en onderzoekers melden geen signalen over gezinnen; de professionals die ze zien doen dat",
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
    if kind == Research {
        return Refused {
            en: "researchers see client journeys as aggregates and a k-anonymous export, never a personal file",
            nl: "onderzoekers zien klantreizen als totalen en een k-anonieme export, nooit een persoonlijk dossier",
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
        _ => Allowed,
    }
}

/// The justice route's rows of the table (F14, F15): who asks the Raad to investigate, who requests a
/// measure, who decides, who executes; and that nobody sets the mandatory frame by hand. `None` for the
/// other actions.
fn justice(kind: OrganisationKind, action: Action) -> Option<Decision> {
    use Decision::*;
    use OrganisationKind::*;
    let allowed = match action {
        // The mandatory frame follows only from a court decision in force (`Case::decide`).
        Action::SetLegalFrame(LegalFrame::Mandatory) => {
            return Some(Refused {
                en: "a mandatory frame follows only from a court decision in force, which sets it by itself; nobody sets it by hand",
                nl: "een gedwongen kader volgt alleen uit een beschikking van de rechter die van kracht is, en die zet het vanzelf; niemand zet het met de hand",
            });
        }
        Action::RequestInvestigation => matches!(kind, LocalTeam | Vt | Gi),
        Action::Investigate => kind == Rvdk,
        Action::RequestMeasure => matches!(kind, Rvdk | Prosecutor),
        Action::RequestExtension => matches!(kind, Gi | Rvdk | Prosecutor),
        Action::Decide => kind == Court,
        Action::ExecuteMeasure => kind == Gi,
        Action::RegisterJusticeTrack => matches!(kind, Prosecutor | Probation),
        _ => return None,
    };
    Some(if allowed {
        Allowed
    } else {
        match action {
            Action::RequestInvestigation => Refused {
                en: "the local team, Veilig Thuis or a GI asks the Raad voor de Kinderbescherming to investigate",
                nl: "het lokaal team, Veilig Thuis of een GI vraagt de Raad voor de Kinderbescherming om onderzoek",
            },
            Action::Investigate => Refused {
                en: "only the Raad voor de Kinderbescherming investigates whether a child protection measure is needed (art. 1:238 BW)",
                nl: "alleen de Raad voor de Kinderbescherming onderzoekt of een kinderbeschermingsmaatregel nodig is (art. 1:238 BW)",
            },
            Action::RequestMeasure => Refused {
                en: "only the Raad voor de Kinderbescherming and the public prosecutor request a child protection measure (art. 1:255 BW)",
                nl: "alleen de Raad voor de Kinderbescherming en het Openbaar Ministerie verzoeken om een kinderbeschermingsmaatregel (art. 1:255 BW)",
            },
            Action::RequestExtension => Refused {
                en: "the GI that executes a measure requests its extension; when it does not, the Raad or the public prosecutor may (art. 1:260 BW)",
                nl: "de GI die de maatregel uitvoert vraagt de verlenging aan; doet zij dat niet, dan kan de Raad of het Openbaar Ministerie dat (art. 1:260 BW)",
            },
            Action::Decide => Refused {
                en: "only the juvenile court sets a hearing and decides on a request for a measure",
                nl: "alleen de kinderrechter plant een zitting en beslist op een verzoek om een maatregel",
            },
            Action::RegisterJusticeTrack => Refused {
                en: "only the public prosecutor (a criminal case) and the Reclassering (a supervision) register a justice track",
                nl: "alleen het Openbaar Ministerie (een strafzaak) en de Reclassering (toezicht) leggen een justitieel traject vast",
            },
            _ => Refused {
                en: "only a GI (gecertificeerde instelling) executes a child protection measure",
                nl: "alleen een gecertificeerde instelling voert een kinderbeschermingsmaatregel uit",
            },
        }
    })
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
        match action {
            Action::SetLegalFrame(LegalFrame::Mandatory) => return false,
            Action::RequestInvestigation => return matches!(kind, LocalTeam | Vt | Gi),
            Action::Investigate => return kind == Rvdk,
            Action::RequestMeasure => return matches!(kind, Rvdk | Prosecutor),
            Action::RequestExtension => return matches!(kind, Gi | Rvdk | Prosecutor),
            Action::Decide => return kind == Court,
            Action::ExecuteMeasure => return kind == Gi,
            Action::RegisterJusticeTrack => return matches!(kind, Prosecutor | Probation),
            _ => {}
        }
        if matches!(action, Action::ConfigureCatalogue | Action::ReadSteeringFigures) {
            return kind == Municipality;
        }
        if action == Action::ReadResearchData {
            return kind == Research;
        }
        if matches!(action, Action::ReceiveSignal | Action::UseRadar) {
            return matches!(kind, LocalTeam | Vt);
        }
        if action == Action::ReportSignal {
            return !matches!(kind, Municipality | Court | Research);
        }
        match kind {
            Municipality | Police | Prosecutor | Court | Probation | CareProvider | School | Research => false,
            LocalTeam => action != Action::SetLegalFrame(LegalFrame::Pressure),
            Vt | Rvdk | Gi => true,
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
