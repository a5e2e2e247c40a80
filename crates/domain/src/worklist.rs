//! The worklist: what needs attention in the open cases of a professional or a team. Overdue plan
//! actions, consultations to answer or answered, what the family said in the portal, waits over the norm,
//! and cases with so many handoffs that the family risks being passed around again (estafettewerken).

use crate::calendar::Calendar;
use crate::case::Case;
use crate::help::HelpKind;
use crate::ids::{PersonId, ProfessionalId};
use crate::portal::FamilyContribution;
use crate::route::ScaleForm;
use jiff::Timestamp;
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
    /// A consultation the viewer, the consulted RVT professional, is to answer.
    ConsultationToAnswer {
        /// The working day the answer is due.
        #[schema(value_type = String, format = Date)]
        deadline: Date,
    },
    /// The RVT answered the consultation and the lead has not read the answer yet.
    ConsultationAnswered {
        /// What the RVT proposes, if it proposed anything.
        proposal: Option<ScaleForm>,
    },
    /// A household member added something in the portal that the lead has not looked at yet.
    FamilySaid {
        /// Who.
        person_id: PersonId,
        /// When.
        #[schema(value_type = String, format = DateTime)]
        at: Timestamp,
        /// What, in plain Dutch (without its text: that is for the household page).
        what: String,
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
    /// A household member asked to correct an entry; the lead decides by `due` (AVG art. 12 lid 3).
    CorrectionDue {
        /// The request's number.
        number: u32,
        /// The last day to decide.
        #[schema(value_type = String, format = Date)]
        due: Date,
    },
    /// A household member asked to destroy the file; the lead decides by `due` (Jeugdwet art. 7.3.9).
    DestructionDue {
        /// The request's number.
        number: u32,
        /// The last day to decide.
        #[schema(value_type = String, format = Date)]
        due: Date,
    },
    /// A household member complained about a decision; the organisation decides by `due`.
    ComplaintDue {
        /// The complaint's number.
        number: u32,
        /// The last day to decide.
        #[schema(value_type = String, format = Date)]
        due: Date,
    },
    /// The lead changed three or more times.
    ManyHandoffs {
        /// How many times.
        handoffs: i32,
    },
}

impl Attention {
    /// The day this is due, for putting what is due first.
    pub fn due(&self) -> Option<Date> {
        match self {
            Self::OverdueAction { deadline, .. }
            | Self::ConsultationToAnswer { deadline }
            | Self::ConsultationOverdue { deadline }
            | Self::InvestigationOverdue { deadline, .. }
            | Self::CorrectionDue { due: deadline, .. }
            | Self::DestructionDue { due: deadline, .. }
            | Self::ComplaintDue { due: deadline, .. } => Some(*deadline),
            _ => None,
        }
    }

    /// The reason in plain Dutch, as a worklist shows it on `today`.
    pub fn summary_nl(&self, today: Date) -> String {
        let day = |d: &Date| d.strftime("%d-%m-%Y").to_string();
        match self {
            Self::ConsultationToAnswer { deadline } => format!(
                "consultatie beantwoorden, uiterlijk {} ({})",
                day(deadline),
                Calendar::default().deadline_nl(*deadline, today)
            ),
            Self::ConsultationAnswered { proposal: None } => "het RVT heeft de consultatie beantwoord".to_owned(),
            Self::ConsultationAnswered { proposal: Some(p) } => format!(
                "het RVT heeft de consultatie beantwoord, met als voorstel: {}",
                p.proposal_nl()
            ),
            Self::FamilySaid { at, what, .. } => format!(
                "het gezin in het portaal ({}): {}",
                day(&crate::time::date_in_nl(*at)),
                what.to_lowercase()
            ),
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
            Self::CorrectionDue { number, due } => {
                format!("correctieverzoek {number}: beslis uiterlijk {}", day(due))
            }
            Self::DestructionDue { number, due } => {
                format!(
                    "verzoek {number} om vernietiging van het dossier: beslis uiterlijk {}",
                    day(due)
                )
            }
            Self::ComplaintDue { number, due } => {
                format!("klacht {number} van het gezin: beslissing uiterlijk {}", day(due))
            }
            Self::ManyHandoffs { handoffs } => format!("{handoffs} regiewissels: houd de vaste contactpersoon vast"),
        }
    }
}

/// What needs attention in one case, today, for the professionals whose worklist it is (`viewers`: one, or
/// a team): the consulted RVT professional sees the consultation to answer; the lead sees the RVT's answer
/// until they read it, and what the household added in the portal (`family`: the case's contributions)
/// after they last looked. Help of a kind no longer in the catalogue has no norm.
pub fn attention(
    case: &Case,
    catalogue: &[HelpKind],
    family: &[FamilyContribution],
    viewers: &[ProfessionalId],
    today: Date,
) -> Vec<Attention> {
    let mut found = Vec::new();
    let leads = viewers.iter().any(|v| case.lead.includes(*v));
    if let Some(scale) = &case.route.scale {
        if scale.consultation_open() && viewers.contains(&scale.rvt_professional) {
            found.extend(
                scale
                    .deadline
                    .map(|deadline| Attention::ConsultationToAnswer { deadline }),
            );
        }
        if scale.answer_unseen() && leads {
            found.push(Attention::ConsultationAnswered {
                proposal: scale.proposal,
            });
        }
    }
    if leads {
        found.extend(
            (family.iter())
                .filter(|c| c.case_id == case.id && case.route.family_unseen(c.at))
                .map(|c| Attention::FamilySaid {
                    person_id: c.person_id,
                    at: c.at,
                    what: c.contribution.summary_nl(),
                }),
        );
    }
    if leads {
        found.extend(
            (case.route.rectification.corrections.iter())
                .filter(|c| c.open())
                .map(|c| Attention::CorrectionDue {
                    number: c.number,
                    due: c.due,
                }),
        );
        found.extend(
            (case.route.rectification.destructions.iter())
                .filter(|r| r.decision.is_none())
                .map(|r| Attention::DestructionDue {
                    number: r.number,
                    due: r.due,
                }),
        );
        // The lead sees the family's complaints too, and brings them to whoever decides on them.
        found.extend(
            (case.route.rectification.complaints.iter())
                .filter(|c| c.open())
                .map(|c| Attention::ComplaintDue {
                    number: c.number,
                    due: c.due,
                }),
        );
    }
    if let Some(plan) = &case.route.plan {
        found.extend(plan.overdue(today).map(|a| Attention::OverdueAction {
            number: a.number,
            description: a.description.clone(),
            deadline: a.deadline,
        }));
    }
    if let Some(scale) =
        (case.route.scale.as_ref()).filter(|s| s.consultation_overdue(today) && !viewers.contains(&s.rvt_professional))
    {
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
        // A concluded investigation is late no longer.
        if s.investigation.is_some_and(|i| !i.running()) {
            return None;
        }
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

/// Where a case stands on a worklist on `today`: those that need attention first, among them the one due
/// soonest — what has no day of its own (a new signal, a wait over the norm, the family's words) is due
/// today — then the rest.
pub fn order_key(attention: &[Attention], today: Date) -> (bool, Option<Date>) {
    let due = attention.iter().map(|a| a.due().unwrap_or(today)).min();
    (attention.is_empty(), due)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{Lead, LegalFrame};
    use crate::directory::{Actor, OrganisationKind};
    use crate::fixtures;
    use crate::ids::{HouseholdId, OrganisationId, ProfessionalId, SignalId};
    use crate::signal::{AssessmentOutcome, LinkedSignal, SignalKind};
    use jiff::civil::date;

    #[test]
    fn unseen_signals_and_overdue_investigations_need_attention() {
        let actor = Actor {
            professional: ProfessionalId::new(),
            organisation: OrganisationId::new(),
            kind: OrganisationKind::Vt,
            region: crate::fixtures::REGION,
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
            investigation: None,
        });
        let me = [actor.professional];
        assert_eq!(attention(&case, &[], &[], &me, deadline), vec![]);
        let late = attention(&case, &[], &[], &me, date(2026, 12, 2));
        assert!(matches!(late.as_slice(), [Attention::InvestigationOverdue { .. }]));
        assert_eq!(late[0].summary_nl(deadline), "onderzoek over de termijn van 01-12-2026");
        case.route.signals[0].seen_at = None;
        assert!(matches!(
            attention(&case, &[], &[], &me, deadline).as_slice(),
            [Attention::NewSignal { .. }]
        ));
    }

    #[test]
    fn a_consultation_is_on_the_rvts_list_until_answered_and_the_answer_on_the_leads_until_read() {
        let lead = fixtures::actor(OrganisationKind::LocalTeam);
        let rvt = fixtures::actor(OrganisationKind::Vt);
        let case = fixtures::scaled_up(fixtures::case_led_by(&lead), &lead, &rvt);
        let today = fixtures::TODAY;
        let on = |case: &Case, who: &Actor| attention(case, &[], &[], &[who.professional], today);
        assert_eq!(
            on(&case, &rvt),
            vec![Attention::ConsultationToAnswer { deadline: today }]
        );
        assert_eq!(
            on(&case, &rvt)[0].summary_nl(today),
            format!(
                "consultatie beantwoorden, uiterlijk {} (vandaag)",
                today.strftime("%d-%m-%Y")
            )
        );
        assert_eq!(on(&case, &lead), vec![], "the lead waits; not overdue yet");
        let reason = crate::Reason::parse("reason", "Samen optrekken met de school.").unwrap();
        let (answered, _) = case
            .answer_consultation(
                reason,
                Some(ScaleForm::JointWork),
                &Default::default(),
                &rvt,
                Timestamp::now(),
            )
            .unwrap();
        assert_eq!(on(&answered, &rvt), vec![]);
        assert_eq!(
            on(&answered, &lead),
            vec![Attention::ConsultationAnswered {
                proposal: Some(ScaleForm::JointWork)
            }]
        );
        assert_eq!(
            answered.mark_answer_seen(&rvt, Timestamp::now()).unwrap_err().code,
            "not_lead"
        );
        let (read, event) = answered.mark_answer_seen(&lead, Timestamp::now()).unwrap();
        assert_eq!(event.change, crate::case::CaseChange::ConsultationAnswerSeen);
        assert_eq!(on(&read, &lead), vec![]);
        assert_eq!(
            read.mark_answer_seen(&lead, Timestamp::now()).unwrap_err().code,
            "no_unread_answer"
        );
    }

    #[test]
    fn what_the_family_said_is_on_the_leads_list_until_they_looked() {
        let lead = fixtures::actor(OrganisationKind::LocalTeam);
        let other = fixtures::actor(OrganisationKind::LocalTeam);
        let case = fixtures::case_led_by(&lead);
        let t0 = Timestamp::now() - jiff::SignedDuration::from_secs(60);
        let said = |at: Timestamp| FamilyContribution {
            id: crate::ids::ContributionId::new(),
            case_id: case.id,
            person_id: PersonId::new(),
            at,
            contribution: crate::portal::Contribution::correction("Mijn naam is verkeerd gespeld", None).unwrap(),
            shared: false,
        };
        let family = vec![said(t0), said(t0 + jiff::SignedDuration::from_secs(30))];
        let today = fixtures::TODAY;
        let found = attention(&case, &[], &family, &[lead.professional], today);
        assert_eq!(found.len(), 2);
        assert!(found[0].summary_nl(today).starts_with("het gezin in het portaal ("));
        assert!(found[0].summary_nl(today).ends_with("): vraagt om een correctie"));
        assert_eq!(
            attention(&case, &[], &family, &[other.professional], today),
            vec![],
            "not theirs"
        );
        // The lead looked at the first; the second stays.
        let (seen, _) = case.mark_family_seen(t0, &lead, Timestamp::now()).unwrap();
        assert_eq!(attention(&seen, &[], &family, &[lead.professional], today).len(), 1);
        assert_eq!(
            seen.mark_family_seen(t0, &lead, Timestamp::now()).unwrap_err().code,
            "already_seen"
        );
        assert_eq!(
            case.mark_family_seen(t0, &other, Timestamp::now()).unwrap_err().code,
            "not_lead"
        );
        let future = Timestamp::now() + jiff::SignedDuration::from_secs(3600);
        assert_eq!(
            case.mark_family_seen(future, &lead, Timestamp::now()).unwrap_err().code,
            "in_future"
        );
    }

    #[test]
    fn what_is_due_soonest_comes_first() {
        let today = date(2026, 12, 3);
        let due = |d| vec![Attention::ConsultationToAnswer { deadline: d }];
        let waiting = [Attention::ManyHandoffs { handoffs: 3 }];
        let key = |a: &[Attention]| order_key(a, today);
        let mut keys = [
            key(&[]),
            key(&due(date(2026, 12, 9))),
            key(&waiting),
            key(&due(date(2026, 12, 1))),
        ];
        keys.sort();
        assert_eq!(
            keys,
            [
                key(&due(date(2026, 12, 1))),
                key(&waiting),
                key(&due(date(2026, 12, 9))),
                key(&[])
            ],
            "late first, then what is due today (or has no day of its own), then later, then nothing"
        );
    }
}
