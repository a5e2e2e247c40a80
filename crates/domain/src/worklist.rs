//! The worklist: what needs attention in the open cases of a professional or a team. Overdue plan
//! actions, consultations past their deadline, waits over the norm, and cases with so many handoffs that
//! the family risks being passed around again (estafettewerken).

use crate::case::Case;
use crate::help::HelpKind;
use jiff::civil::Date;
use serde::Serialize;

/// From this many handoffs on, a case is flagged.
pub const MANY_HANDOFFS: i32 = 3;

/// One reason a case needs attention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Attention {
    /// A plan action is pending past its deadline.
    OverdueAction {
        /// The action's number in the current plan.
        number: u32,
        /// What was to be done.
        description: String,
        /// The deadline it missed.
        #[schema(value_type = String, format = Date)]
        deadline: Date,
    },
    /// The RVT has not answered a consultation by its deadline.
    ConsultationOverdue {
        /// The deadline it missed.
        #[schema(value_type = String, format = Date)]
        deadline: Date,
    },
    /// Help waits (or waited) longer than its kind's norm.
    WaitOverNorm {
        /// The help's number within the case.
        number: u32,
        /// The help kind's code.
        help_kind: String,
        /// Its Dutch name.
        help_kind_name_nl: String,
        /// Days waited so far, or until the start.
        waiting_days: i64,
        /// The norm.
        norm_days: u32,
    },
    /// A signal was linked to the case and its lead has not seen it yet.
    NewSignal {
        /// The signal.
        signal_id: crate::ids::SignalId,
        /// When it was received.
        #[schema(value_type = String, format = Date)]
        received_on: Date,
        /// What the assessment decided.
        outcome: crate::signal::AssessmentOutcome,
    },
    /// An investigation that started from a signal is past its deadline. It stays until the case closes:
    /// recording an investigation's end is not built yet.
    InvestigationOverdue {
        /// The signal it started from.
        signal_id: crate::ids::SignalId,
        /// The deadline it missed.
        #[schema(value_type = String, format = Date)]
        deadline: Date,
    },
    /// The lead changed three or more times.
    ManyHandoffs {
        /// How many times.
        handoffs: i32,
    },
}

impl Attention {
    /// The reason in plain Dutch, as a worklist shows it.
    pub fn summary_nl(&self) -> String {
        let day = |d: &Date| d.strftime("%d-%m-%Y").to_string();
        match self {
            Self::OverdueAction {
                number,
                description,
                deadline,
            } => format!("actie {number} over de termijn van {}: {description}", day(deadline)),
            Self::ConsultationOverdue { deadline } => {
                format!(
                    "consultatie van het RVT niet beantwoord, termijn {} verstreken",
                    day(deadline)
                )
            }
            Self::WaitOverNorm {
                help_kind_name_nl,
                waiting_days,
                norm_days,
                ..
            } => format!("{help_kind_name_nl}: {waiting_days} dagen wachttijd, norm {norm_days} dagen"),
            Self::NewSignal {
                received_on, outcome, ..
            } => format!("nieuw signaal van {}: {}", day(received_on), outcome.label_nl()),
            Self::InvestigationOverdue { deadline, .. } => {
                format!("onderzoek over de termijn van {}", day(deadline))
            }
            Self::ManyHandoffs { handoffs } => format!("{handoffs} regiewissels: houd de vaste contactpersoon vast"),
        }
    }
}

/// What needs attention in one case, today. Help of a kind no longer in the catalogue has no norm.
pub fn attention(case: &Case, catalogue: &[HelpKind], today: Date) -> Vec<Attention> {
    let mut found = Vec::new();
    if let Some(plan) = &case.route.plan {
        found.extend(plan.overdue(today).map(|a| Attention::OverdueAction {
            number: a.number,
            description: a.description.clone(),
            deadline: a.deadline,
        }));
    }
    if let Some(scale) = case.route.scale.as_ref().filter(|s| s.consultation_overdue(today)) {
        found.extend(
            scale
                .deadline
                .map(|deadline| Attention::ConsultationOverdue { deadline }),
        );
    }
    for help in &case.route.help {
        if let Some(kind) = catalogue.iter().find(|k| k.code == help.kind)
            && help.over_norm(kind.waiting_norm_days, today)
        {
            found.push(Attention::WaitOverNorm {
                number: help.number,
                help_kind: help.kind.clone(),
                help_kind_name_nl: help.kind_name_nl.clone(),
                waiting_days: help.waiting_days(today),
                norm_days: kind.waiting_norm_days,
            });
        }
    }
    found.extend(
        case.route
            .signals
            .iter()
            .filter(|s| s.seen_at.is_none())
            .map(|s| Attention::NewSignal {
                signal_id: s.signal_id,
                received_on: s.received_on,
                outcome: s.outcome,
            }),
    );
    found.extend(case.route.signals.iter().filter_map(|s| {
        let deadline = s.investigation_deadline.filter(|d| *d < today)?;
        Some(Attention::InvestigationOverdue {
            signal_id: s.signal_id,
            deadline,
        })
    }));
    if case.handoffs >= MANY_HANDOFFS {
        found.push(Attention::ManyHandoffs {
            handoffs: case.handoffs,
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{Lead, LegalFrame};
    use crate::directory::{Actor, OrganisationKind};
    use crate::ids::{HouseholdId, OrganisationId, ProfessionalId, SignalId};
    use crate::signal::{AssessmentOutcome, LinkedSignal, SignalKind};
    use jiff::civil::date;

    #[test]
    fn unseen_signals_and_overdue_investigations_need_attention() {
        let actor = Actor {
            professional: ProfessionalId::new(),
            organisation: OrganisationId::new(),
            kind: OrganisationKind::Vt,
        };
        let lead = Lead::new((actor.professional, actor.kind), None).unwrap();
        let (mut case, _) = Case::open(
            HouseholdId::new(),
            lead,
            LegalFrame::Voluntary,
            None,
            &actor,
            jiff::Timestamp::now(),
        )
        .unwrap();
        let deadline = date(2026, 12, 1);
        case.route.signals.push(LinkedSignal {
            signal_id: SignalId::new(),
            kind: SignalKind::Report,
            received_on: date(2026, 9, 22),
            outcome: AssessmentOutcome::Investigation,
            investigation_deadline: Some(deadline),
            seen_at: Some(jiff::Timestamp::now()),
        });
        assert_eq!(attention(&case, &[], deadline), vec![]);
        let late = attention(&case, &[], date(2026, 12, 2));
        assert!(matches!(late.as_slice(), [Attention::InvestigationOverdue { .. }]));
        assert_eq!(late[0].summary_nl(), "onderzoek over de termijn van 01-12-2026");
        case.route.signals[0].seen_at = None;
        assert!(matches!(
            attention(&case, &[], deadline).as_slice(),
            [Attention::NewSignal { .. }]
        ));
    }
}
