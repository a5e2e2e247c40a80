//! Short experience questionnaires (F24): after a key moment of a case — the family agreed to the plan, the
//! Regional Safety Team was brought in, the case closed — a member of the family who uses the portal, and
//! the case's fixed contact person, get three or four questions, each answered from 1 to 5 or left open,
//! and one open answer.
//!
//! Answering is voluntary. An answer is kept apart from the file: with the region, the municipality, the
//! moment, who answered (a parent, a youth, a professional) and the month, never the person, the household
//! or the case. Only that the invitation was answered is kept with the respondent, so it is not asked
//! again. Researchers see the answers as aggregates under the dashboard's suppression (no mean under ten
//! answers, counts rounded to five).

use crate::case::CaseChange;
use crate::error::DomainError;
use crate::plan::FamilyResponse;
use serde::{Deserialize, Serialize};

/// How long after its moment a questionnaire is offered, in days.
pub const OPEN_DAYS: i64 = 60;

/// The longest open answer, in characters.
pub const MAX_OPEN: usize = 1000;

/// A key moment of a case after which the questions come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Moment {
    /// The family agreed to the safety plan.
    PlanAgreed,
    /// The Regional Safety Team was brought in.
    ScaledUp,
    /// The case closed.
    Closed,
}

impl Moment {
    /// Every moment.
    pub const ALL: [Moment; 3] = [Self::PlanAgreed, Self::ScaledUp, Self::Closed];

    /// The moment a case event is, if it is one.
    pub fn of(change: &CaseChange) -> Option<Moment> {
        match change {
            CaseChange::FamilyResponded {
                response: FamilyResponse::Agreed { .. },
                ..
            } => Some(Self::PlanAgreed),
            CaseChange::ScaledUp { .. } => Some(Self::ScaledUp),
            CaseChange::Closed { .. } => Some(Self::Closed),
            _ => None,
        }
    }

    /// The stable code, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PlanAgreed => "plan_agreed",
            Self::ScaledUp => "scaled_up",
            Self::Closed => "closed",
        }
    }

    /// Parses the stable code.
    pub fn parse(code: &str) -> Option<Moment> {
        Self::ALL.into_iter().find(|m| m.as_str() == code)
    }

    /// What happened, as the invitation says it.
    pub fn label_nl(self) -> &'static str {
        match self {
            Self::PlanAgreed => "het veiligheidsplan is afgesproken",
            Self::ScaledUp => "het Regionaal Veiligheidsteam is erbij gekomen",
            Self::Closed => "de zaak is afgesloten",
        }
    }
}

/// Who answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Respondent {
    /// A parent or other adult of the household.
    Parent,
    /// A youth of the household (12 to 17).
    Youth,
    /// The case's fixed contact person.
    Professional,
}

impl Respondent {
    /// Every kind of respondent.
    pub const ALL: [Respondent; 3] = [Self::Parent, Self::Youth, Self::Professional];

    /// The stable code, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Parent => "parent",
            Self::Youth => "youth",
            Self::Professional => "professional",
        }
    }

    /// Parses the stable code.
    pub fn parse(code: &str) -> Option<Respondent> {
        Self::ALL.into_iter().find(|r| r.as_str() == code)
    }

    /// In Dutch, plural, for a table's row.
    pub fn label_nl(self) -> &'static str {
        match self {
            Self::Parent => "ouders",
            Self::Youth => "jongeren",
            Self::Professional => "professionals",
        }
    }

    /// The questions this respondent gets, each (code, question).
    pub fn questions(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Self::Parent => &[
                ("heard", "Voelde u zich gehoord?"),
                ("clear", "Was duidelijk wat er ging gebeuren, en waarom?"),
                ("contact", "Wist u bij wie u terecht kon?"),
                ("own_say", "Kon u meebeslissen over wat er gebeurde?"),
            ],
            // The same questions, to a youth as "je".
            Self::Youth => &[
                ("heard", "Voelde je je gehoord?"),
                ("clear", "Was duidelijk wat er ging gebeuren, en waarom?"),
                ("contact", "Wist je bij wie je terecht kon?"),
                ("own_say", "Kon je meebeslissen over wat er gebeurde?"),
            ],
            Self::Professional => &[
                ("family_say", "Kon het gezin meedenken en meebeslissen?"),
                ("information", "Had u de informatie die u nodig had?"),
                (
                    "cooperation",
                    "Verliep de samenwerking met de andere organisaties goed?",
                ),
            ],
        }
    }
}

/// A filled-in questionnaire, before it is stored apart from the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// After which moment.
    pub moment: Moment,
    /// Who answered.
    pub respondent: Respondent,
    /// Each question's code with its score (1–5); a question left open is not here.
    pub scores: Vec<(String, u8)>,
    /// The open answer, if any.
    pub open: Option<String>,
}

impl Answer {
    /// An answer from a form's fields: per question (by its code) blank or 1 to 5, and an open answer of at
    /// most [`MAX_OPEN`] characters; at least one of them. Every wrong field at once.
    pub fn parse(
        moment: Moment,
        respondent: Respondent,
        fields: &[(String, String)],
        open: &str,
    ) -> Result<Answer, Vec<DomainError>> {
        let mut errors = Vec::new();
        let mut scores = Vec::new();
        for (code, question) in respondent.questions() {
            let raw = (fields.iter()).find(|(c, _)| c == code).map_or("", |(_, v)| v.trim());
            match raw {
                "" => {}
                raw => match raw.parse::<u8>() {
                    Ok(n @ 1..=5) => scores.push(((*code).to_owned(), n)),
                    _ => errors.push(DomainError::invalid(
                        code,
                        "score_range",
                        format!("'{question}' is answered with 1 to 5, or left open"),
                        format!("Kies bij '{question}' een getal van 1 tot en met 5, of laat de vraag open."),
                    )),
                },
            }
        }
        let open = open.trim();
        if open.chars().count() > MAX_OPEN {
            errors.push(DomainError::invalid(
                "open",
                "too_long",
                format!("the open answer is at most {MAX_OPEN} characters"),
                format!("Maak uw antwoord korter: het mag hoogstens {MAX_OPEN} tekens zijn."),
            ));
        }
        if open.chars().any(|c| c.is_control() && c != '\n' && c != '\r') {
            errors.push(DomainError::invalid(
                "open",
                "control_characters",
                "the open answer holds control characters",
                "Uw antwoord bevat tekens die niet kunnen. Typ het opnieuw.",
            ));
        }
        if errors.is_empty() && scores.is_empty() && open.is_empty() {
            errors.push(DomainError::invalid(
                "open",
                "empty_answer",
                "answer at least one question, or leave the questionnaire",
                "Beantwoord minstens één vraag. Wilt u niets invullen? Dat mag: u hoeft deze vragenlijst niet in te vullen.",
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Answer {
            moment,
            respondent,
            scores,
            open: (!open.is_empty()).then(|| open.to_owned()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn scores_are_one_to_five_or_open_and_every_wrong_field_is_named() {
        let a = Answer::parse(
            Moment::Closed,
            Respondent::Parent,
            &fields(&[("heard", "4"), ("clear", ""), ("contact", " 5 ")]),
            "  Fijn dat er iemand bleef.  ",
        )
        .unwrap();
        assert_eq!(a.scores, [("heard".to_owned(), 4), ("contact".to_owned(), 5)]);
        assert_eq!(a.open.as_deref(), Some("Fijn dat er iemand bleef."));
        let errors = Answer::parse(
            Moment::Closed,
            Respondent::Parent,
            &fields(&[("heard", "0"), ("clear", "zes")]),
            &"x".repeat(MAX_OPEN + 1),
        )
        .unwrap_err();
        let named: Vec<_> = errors.iter().map(|e| e.field.unwrap()).collect();
        assert_eq!(named, ["heard", "clear", "open"]);
    }

    #[test]
    fn an_empty_questionnaire_is_refused_and_questions_of_another_kind_are_ignored() {
        let errors = Answer::parse(
            Moment::ScaledUp,
            Respondent::Professional,
            &fields(&[("heard", "5")]),
            "",
        )
        .unwrap_err();
        assert_eq!(errors[0].code, "empty_answer");
    }

    #[test]
    fn codes_round_trip() {
        for m in Moment::ALL {
            assert_eq!(Moment::parse(m.as_str()), Some(m));
        }
        for r in Respondent::ALL {
            assert_eq!(Respondent::parse(r.as_str()), Some(r));
            assert!((3..=5).contains(&r.questions().len()));
        }
    }
}
