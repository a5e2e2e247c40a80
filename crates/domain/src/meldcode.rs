//! The meldcode assistant (F4): the five steps of the *meldcode huiselijk geweld en kindermishandeling*, and
//! the *afwegingskader* of step 5. Its five yes/no questions are answered in order. An answer that decides
//! ends the questions, and the outcome follows from the answers:
//!
//! 1. Is there a suspicion of domestic violence or child abuse? No → no action.
//! 2. Is there acute or structural unsafety? Yes → report.
//! 3. Can I give or organise effective help? No → report.
//! 4. Do those involved accept that help? No → report.
//! 5. Does the help lead to lasting safety in time? Yes → help with monitoring; no → report, and keep
//!    helping (the help is there and accepted, but it is not enough on its own).

use crate::analysis::{optional_text, required_text};
use crate::error::DomainError;
use serde::{Deserialize, Serialize};

/// What the professional did at steps 1 to 4, in their words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct MeldcodeSteps {
    /// Step 1: the signals mapped (signalen in kaart brengen).
    pub signals: String,
    /// Step 2: the colleague consulted (collegiale consultatie).
    pub colleague_consulted: String,
    /// Step 2: what Veilig Thuis advised, if consulted.
    pub vt_advice: Option<String>,
    /// Step 3: the conversation with the client (gesprek met de cliënt).
    pub client_conversation: String,
    /// Step 4: how the violence or abuse was weighed (wegen).
    pub weighing: String,
}

impl MeldcodeSteps {
    /// Validates the four texts, naming every wrong one.
    pub fn checked(&self) -> Result<Self, Vec<DomainError>> {
        let texts = (
            required_text("steps.signals", &self.signals),
            required_text("steps.colleague_consulted", &self.colleague_consulted),
            optional_text("steps.vt_advice", self.vt_advice.as_deref()),
            required_text("steps.client_conversation", &self.client_conversation),
            required_text("steps.weighing", &self.weighing),
        );
        match texts {
            (Ok(signals), Ok(colleague_consulted), Ok(vt_advice), Ok(client_conversation), Ok(weighing)) => Ok(Self {
                signals,
                colleague_consulted,
                vt_advice,
                client_conversation,
                weighing,
            }),
            (a, b, c, d, e) => Err([a.err(), b.err(), c.err(), d.err(), e.err()]
                .into_iter()
                .flatten()
                .collect()),
        }
    }
}

/// The answers to the five questions of the afwegingskader; a question not reached stays unanswered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Afwegingskader {
    /// 1. Is there a suspicion of domestic violence or child abuse?
    pub suspicion: Option<bool>,
    /// 2. Is there acute or structural unsafety?
    pub unsafety: Option<bool>,
    /// 3. Can I give or organise effective help?
    pub can_help: Option<bool>,
    /// 4. Do those involved accept that help?
    pub help_accepted: Option<bool>,
    /// 5. Does the help lead to lasting safety in time?
    pub lasting_safety: Option<bool>,
}

/// The decision of step 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeldcodeOutcome {
    /// No suspicion: no action.
    NoAction,
    /// Give or organise help and follow its effect.
    HelpWithMonitoring,
    /// Report to Veilig Thuis.
    Report,
    /// Report to Veilig Thuis and keep helping.
    ReportAndHelp,
}

impl MeldcodeOutcome {
    /// Whether the outcome includes a report to Veilig Thuis.
    pub fn reports(self) -> bool {
        matches!(self, Self::Report | Self::ReportAndHelp)
    }

    /// The Dutch name shown to users.
    pub fn label_nl(self) -> &'static str {
        match self {
            Self::NoAction => "geen actie",
            Self::HelpWithMonitoring => "hulp bieden en effecten volgen",
            Self::Report => "melden bij Veilig Thuis",
            Self::ReportAndHelp => "melden bij Veilig Thuis en hulp blijven bieden",
        }
    }
}

/// Where an answer decides: (question index, the answer that decides there, the outcome it decides).
const RULES: [(usize, bool, MeldcodeOutcome); 6] = [
    (0, false, MeldcodeOutcome::NoAction),
    (1, true, MeldcodeOutcome::Report),
    (2, false, MeldcodeOutcome::Report),
    (3, false, MeldcodeOutcome::Report),
    (4, false, MeldcodeOutcome::ReportAndHelp),
    (4, true, MeldcodeOutcome::HelpWithMonitoring),
];

const QUESTIONS: [&str; 5] = [
    "answers.suspicion",
    "answers.unsafety",
    "answers.can_help",
    "answers.help_accepted",
    "answers.lasting_safety",
];

impl Afwegingskader {
    fn in_order(&self) -> [Option<bool>; 5] {
        [
            self.suspicion,
            self.unsafety,
            self.can_help,
            self.help_accepted,
            self.lasting_safety,
        ]
    }

    /// The question whose answer decided, with the outcome, when the answers in order reach one.
    fn decided(&self) -> Option<(usize, MeldcodeOutcome)> {
        for (i, answer) in self.in_order().into_iter().enumerate() {
            let answer = answer?;
            if let Some((_, _, outcome)) = RULES.iter().find(|(q, a, _)| *q == i && *a == answer) {
                return Some((i, *outcome));
            }
        }
        None
    }

    /// The answers to the questions that are asked: those after the answer that decided are left out. A
    /// form shows the five questions at once, and a choice made before an earlier answer decided cannot be
    /// taken back there; the API's [`Afwegingskader::outcome`] refuses such an answer instead.
    pub fn asked(self) -> Self {
        let Some((decided, _)) = self.decided() else {
            return self;
        };
        let keep = |i: usize, answer: Option<bool>| answer.filter(|_| i <= decided);
        Self {
            suspicion: keep(0, self.suspicion),
            unsafety: keep(1, self.unsafety),
            can_help: keep(2, self.can_help),
            help_accepted: keep(3, self.help_accepted),
            lasting_safety: keep(4, self.lasting_safety),
        }
    }

    /// The outcome the answers lead to. A question that must be answered and is not, or an answer to a
    /// question after the outcome was already decided, is refused naming the question.
    pub fn outcome(&self) -> Result<MeldcodeOutcome, DomainError> {
        let answers = self.in_order();
        for (i, answer) in answers.iter().enumerate() {
            let Some(answer) = answer else {
                return Err(DomainError::invalid(
                    QUESTIONS[i],
                    "required",
                    format!("question {} of the afwegingskader needs an answer", i + 1),
                    format!("vraag {} van het afwegingskader heeft een antwoord nodig", i + 1),
                ));
            };
            if let Some((_, _, outcome)) = RULES.iter().find(|(q, a, _)| *q == i && a == answer) {
                if let Some(extra) = (i + 1..5).find(|j| answers[*j].is_some()) {
                    return Err(DomainError::invalid(
                        QUESTIONS[extra],
                        "not_asked",
                        format!(
                            "question {} already decided the outcome; question {} is not asked",
                            i + 1,
                            extra + 1
                        ),
                        format!(
                            "vraag {} besliste de uitkomst al; vraag {} wordt niet gesteld",
                            i + 1,
                            extra + 1
                        ),
                    ));
                }
                return Ok(*outcome);
            }
        }
        unreachable!("question 5 decides either way")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use MeldcodeOutcome::*;

    /// The five answers, question `i`'s from `at(i)`.
    fn kader(at: impl Fn(u32) -> Option<bool>) -> Afwegingskader {
        Afwegingskader {
            suspicion: at(0),
            unsafety: at(1),
            can_help: at(2),
            help_accepted: at(3),
            lasting_safety: at(4),
        }
    }

    fn answers(given: &[bool]) -> Afwegingskader {
        kader(|i| given.get(i as usize).copied())
    }

    #[test]
    fn every_path_through_the_questions_has_its_outcome() {
        let paths: [(&[bool], MeldcodeOutcome); 6] = [
            (&[false], NoAction),
            (&[true, true], Report),
            (&[true, false, false], Report),
            (&[true, false, true, false], Report),
            (&[true, false, true, true, false], ReportAndHelp),
            (&[true, false, true, true, true], HelpWithMonitoring),
        ];
        for (given, expected) in paths {
            assert_eq!(answers(given).outcome(), Ok(expected), "{given:?}");
        }
    }

    #[test]
    fn a_missing_answer_names_the_question() {
        for (given, field) in [
            (&[][..], "answers.suspicion"),
            (&[true][..], "answers.unsafety"),
            (&[true, false][..], "answers.can_help"),
            (&[true, false, true][..], "answers.help_accepted"),
            (&[true, false, true, true][..], "answers.lasting_safety"),
        ] {
            let err = answers(given).outcome().unwrap_err();
            assert_eq!((err.code, err.field), ("required", Some(field)), "{given:?}");
        }
        // Out of order: question 3 answered while question 2 is not.
        let skipped = Afwegingskader {
            suspicion: Some(true),
            can_help: Some(true),
            ..Default::default()
        };
        assert_eq!(skipped.outcome().unwrap_err().field, Some("answers.unsafety"));
    }

    #[test]
    fn an_answer_after_the_decision_is_refused() {
        let err = answers(&[false, true]).outcome().unwrap_err();
        assert_eq!((err.code, err.field), ("not_asked", Some("answers.unsafety")));
        let err = answers(&[true, true, false, false, false]).outcome().unwrap_err();
        assert_eq!((err.code, err.field), ("not_asked", Some("answers.can_help")));
    }

    #[test]
    fn a_form_asks_only_up_to_the_answer_that_decided() {
        // Question 2 decided (report): the answers ticked after it are not asked, and the outcome stands.
        let ticked = answers(&[true, true, false, false, false]);
        assert_eq!(ticked.asked(), answers(&[true, true]));
        assert_eq!(ticked.asked().outcome(), Ok(Report));
        // Nothing decided yet: every answer is kept, and the missing one is still asked for.
        let open = answers(&[true, false]);
        assert_eq!(open.asked(), open);
        assert_eq!(open.asked().outcome().unwrap_err().field, Some("answers.can_help"));
        // Whatever is ticked, the questions asked are decided or name the one still to answer.
        for kader in every_combination() {
            if let Err(e) = kader.asked().outcome() {
                assert_eq!(e.code, "required", "{kader:?}");
            }
        }
    }

    #[test]
    fn every_wrong_step_is_named_at_once() {
        let steps = MeldcodeSteps {
            signals: " ".into(),
            colleague_consulted: "Met de intern begeleider".into(),
            vt_advice: None,
            client_conversation: String::new(),
            weighing: String::new(),
        };
        let fields: Vec<_> = steps.checked().unwrap_err().iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                Some("steps.signals"),
                Some("steps.client_conversation"),
                Some("steps.weighing")
            ]
        );
    }

    /// Every way the five questions can be left open or answered: 3^5 of them.
    fn every_combination() -> impl Iterator<Item = Afwegingskader> {
        (0..3u32.pow(5)).map(|bits| kader(|i| [None, Some(false), Some(true)][(bits / 3u32.pow(i) % 3) as usize]))
    }

    #[test]
    fn every_combination_of_answers_is_either_decided_or_refused() {
        for kader in every_combination() {
            match kader.outcome() {
                Ok(outcome) => assert_eq!(outcome.reports(), !matches!(outcome, NoAction | HelpWithMonitoring)),
                Err(e) => assert!(matches!(e.code, "required" | "not_asked"), "{kader:?}"),
            }
        }
    }
}
