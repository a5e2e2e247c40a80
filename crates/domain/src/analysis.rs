//! The joint analysis (integrale probleemanalyse, F10): one analysis of the whole household, made with the
//! family. Per member: worries (harm, danger, complicating factors), what works and next steps, each with the
//! professionals' text and the family's own words side by side, never merged. Safety scores (0–10) come
//! from each professional and each member who gives one; disagreement is flagged, not averaged away.
//! Every save is a new version, recorded whole in the case's timeline.

use crate::case::{Case, CaseChange, NewEvent};
use crate::directory::Actor;
use crate::error::DomainError;
use crate::ids::{PersonId, ProfessionalId};
use crate::route::CaseContext;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// The longest text of one analysis cell or plan entry.
pub const MAX_TEXT: usize = 4000;

/// Checks an optional free text: trimmed, at most [`MAX_TEXT`] characters; empty becomes `None`.
pub(crate) fn optional_text(field: &'static str, raw: Option<&str>) -> Result<Option<String>, DomainError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => required_text(field, t).map(Some),
    }
}

/// Checks one cell of a member's analysis as typed (blank is none), for a form that names the cell itself
/// and reports every wrong cell at once.
pub fn cell_text(raw: &str) -> Result<Option<String>, DomainError> {
    optional_text("text", Some(raw))
}

/// Checks a required free text: trimmed, not empty, at most [`MAX_TEXT`] characters.
pub(crate) fn required_text(field: &'static str, raw: &str) -> Result<String, DomainError> {
    crate::text::check(field, raw, MAX_TEXT)
}

/// The five parts of a member's analysis, in the order of its three columns: zorgen (harm, danger,
/// complicating factors), wat gaat goed, wat moet er gebeuren.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// What happened.
    Harm,
    /// What we are afraid of.
    Danger,
    /// What makes it hard.
    ComplicatingFactors,
    /// What works.
    WhatWorks,
    /// What has to happen.
    NextSteps,
}

impl Part {
    /// Every part, in order.
    pub const ALL: [Part; 5] = [
        Self::Harm,
        Self::Danger,
        Self::ComplicatingFactors,
        Self::WhatWorks,
        Self::NextSteps,
    ];

    /// The stable code (as in the API's field names).
    pub fn code(self) -> &'static str {
        match self {
            Self::Harm => "harm",
            Self::Danger => "danger",
            Self::ComplicatingFactors => "complicating_factors",
            Self::WhatWorks => "what_works",
            Self::NextSteps => "next_steps",
        }
    }

    /// The column it stands in, as the family knows it.
    pub fn column_nl(self) -> &'static str {
        match self {
            Self::Harm | Self::Danger | Self::ComplicatingFactors => "Zorgen",
            Self::WhatWorks => "Wat gaat goed",
            Self::NextSteps => "Wat moet er gebeuren",
        }
    }

    /// The question it answers, in plain Dutch.
    pub fn question_nl(self) -> &'static str {
        match self {
            Self::Harm => "Wat is er gebeurd?",
            Self::Danger => "Waar zijn we bang voor?",
            Self::ComplicatingFactors => "Wat maakt het moeilijk?",
            Self::WhatWorks => "Wat gaat er goed?",
            Self::NextSteps => "Wat moet er gebeuren?",
        }
    }
}

impl MemberAnalysis {
    /// One part of the member's analysis.
    pub fn part(&self, part: Part) -> &Perspectives {
        match part {
            Part::Harm => &self.harm,
            Part::Danger => &self.danger,
            Part::ComplicatingFactors => &self.complicating_factors,
            Part::WhatWorks => &self.what_works,
            Part::NextSteps => &self.next_steps,
        }
    }

    /// A member's analysis built part by part.
    pub fn from_parts(person_id: PersonId, mut part: impl FnMut(Part) -> Perspectives) -> Self {
        Self {
            person_id,
            harm: part(Part::Harm),
            danger: part(Part::Danger),
            complicating_factors: part(Part::ComplicatingFactors),
            what_works: part(Part::WhatWorks),
            next_steps: part(Part::NextSteps),
        }
    }
}

/// A safety score as typed in a form: blank is none, otherwise a whole number from 0 to 10.
pub fn score_from_text(raw: &str) -> Result<Option<u8>, DomainError> {
    match raw.trim() {
        "" => Ok(None),
        s => s.parse::<u8>().ok().filter(|n| *n <= 10).map(Some).ok_or_else(|| {
            DomainError::invalid(
                "score",
                "score_range",
                format!("a safety score is a whole number from 0 to 10, not {s:?}"),
                format!("een veiligheidscijfer is een heel getal van 0 tot en met 10, niet {s:?}"),
            )
        }),
    }
}

/// One cell of the analysis: what the professionals wrote and what the family said, kept apart.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Perspectives {
    /// The professionals' text.
    pub professionals: Option<String>,
    /// The family's own words.
    pub family: Option<String>,
}

impl Perspectives {
    /// Both perspectives checked, each wrong one named by its field in `fields`.
    fn checked(&self, fields: [&'static str; 2]) -> Result<Self, Vec<DomainError>> {
        let (professionals, family) = crate::error::both(
            optional_text(fields[0], self.professionals.as_deref()),
            optional_text(fields[1], self.family.as_deref()),
        )?;
        Ok(Self { professionals, family })
    }
}

/// The analysis of one household member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberAnalysis {
    /// The member.
    pub person_id: PersonId,
    /// Worries: harm that happened.
    #[serde(default)]
    pub harm: Perspectives,
    /// Worries: danger of future harm.
    #[serde(default)]
    pub danger: Perspectives,
    /// Worries: complicating factors.
    #[serde(default)]
    pub complicating_factors: Perspectives,
    /// What works (wat gaat goed).
    #[serde(default)]
    pub what_works: Perspectives,
    /// Next steps (wat moet er gebeuren).
    #[serde(default)]
    pub next_steps: Perspectives,
}

/// Who gave a safety score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum ScoreGiver {
    /// A professional involved in the case.
    Professional {
        /// Who.
        professional_id: ProfessionalId,
    },
    /// A household member.
    Member {
        /// Who.
        person_id: PersonId,
    },
}

/// A score to record, as submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ScoreInput {
    /// Who gives it.
    #[serde(flatten)]
    pub giver: ScoreGiver,
    /// 0 = certain harm, 10 = safe enough to close.
    pub score: i64,
}

/// A recorded safety score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SafetyScore {
    /// Who gave it.
    #[serde(flatten)]
    pub giver: ScoreGiver,
    /// 0 = certain harm, 10 = safe enough to close.
    pub score: u8,
    /// When it was recorded.
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
}

/// Why an analysis is flagged for disagreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Disagreement {
    /// The professionals' scores are 3 or more apart.
    ProfessionalsApart,
    /// A member's score differs by 3 or more from the professionals' average.
    FamilyDiffers,
}

/// The scores between which a flag is raised.
pub const DISAGREEMENT_GAP: u8 = 3;

/// Works out the disagreement flags of a set of scores.
pub fn disagreement(scores: &[SafetyScore]) -> Vec<Disagreement> {
    let pros: Vec<u8> = scores
        .iter()
        .filter(|s| matches!(s.giver, ScoreGiver::Professional { .. }))
        .map(|s| s.score)
        .collect();
    let mut flags = Vec::new();
    if let (Some(min), Some(max)) = (pros.iter().min(), pros.iter().max())
        && max - min >= DISAGREEMENT_GAP
    {
        flags.push(Disagreement::ProfessionalsApart);
    }
    if !pros.is_empty() {
        // |family - mean| >= gap, in integers: |family * n - sum| >= gap * n.
        let (n, sum) = (pros.len() as i64, pros.iter().map(|&s| i64::from(s)).sum::<i64>());
        let differs = scores
            .iter()
            .filter(|s| matches!(s.giver, ScoreGiver::Member { .. }))
            .any(|s| (i64::from(s.score) * n - sum).abs() >= i64::from(DISAGREEMENT_GAP) * n);
        if differs {
            flags.push(Disagreement::FamilyDiffers);
        }
    }
    flags
}

/// One version of the joint analysis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Analysis {
    /// 1 for the first analysis, then one up per save.
    pub version: u32,
    /// When this version was recorded.
    #[schema(value_type = String, format = DateTime)]
    pub recorded_at: Timestamp,
    /// Who recorded it.
    pub recorded_by: ProfessionalId,
    /// Every household member's part.
    pub members: Vec<MemberAnalysis>,
    /// The safety scores.
    pub scores: Vec<SafetyScore>,
    /// Disagreement flags; empty when the scores agree.
    pub disagreement: Vec<Disagreement>,
}

impl Case {
    /// Records a new version of the joint analysis. It covers every current household member once, and
    /// scores come from professionals involved in the case or from household members, one each, 0 to 10.
    /// Every wrong member, text and score is named at once; who may not record it is told alone.
    pub fn record_analysis(
        &self,
        members: Vec<MemberAnalysis>,
        scores: Vec<ScoreInput>,
        ctx: &CaseContext,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), Vec<DomainError>> {
        self.check_plan_work(ctx, actor, "members").map_err(|e| vec![e])?;
        let mut wrong = Vec::new();
        let mut seen = HashSet::new();
        let mut checked = Vec::with_capacity(members.len());
        for m in &members {
            if let Err(e) = ctx.check_member("members.person_id", m.person_id) {
                wrong.push(e);
            } else if !seen.insert(m.person_id) {
                wrong.push(DomainError::invalid(
                    "members.person_id",
                    "duplicate_member",
                    "each household member appears once in the analysis",
                    "Vul de analyse voor elk gezinslid één keer in.",
                ));
            }
            let mut part = |p: &Perspectives, fields: [&'static str; 2]| {
                p.checked(fields).unwrap_or_else(|e| {
                    wrong.extend(e);
                    Perspectives::default()
                })
            };
            checked.push(MemberAnalysis {
                person_id: m.person_id,
                harm: part(&m.harm, ["members.harm.professionals", "members.harm.family"]),
                danger: part(&m.danger, ["members.danger.professionals", "members.danger.family"]),
                complicating_factors: part(
                    &m.complicating_factors,
                    [
                        "members.complicating_factors.professionals",
                        "members.complicating_factors.family",
                    ],
                ),
                what_works: part(
                    &m.what_works,
                    ["members.what_works.professionals", "members.what_works.family"],
                ),
                next_steps: part(
                    &m.next_steps,
                    ["members.next_steps.professionals", "members.next_steps.family"],
                ),
            });
        }
        if let Some(missing) = ctx.members.iter().find(|p| !seen.contains(p)) {
            wrong.push(DomainError::invalid(
                "members",
                "member_missing",
                format!("the analysis covers every household member; {missing} is missing"),
                "Vul de analyse in voor elk gezinslid: er ontbreekt een gezinslid.",
            ));
        }
        let mut givers = HashSet::new();
        let mut recorded = Vec::with_capacity(scores.len());
        for s in scores {
            let score = u8::try_from(s.score).ok().filter(|v| *v <= 10);
            if score.is_none() {
                wrong.push(DomainError::invalid(
                    "scores.score",
                    "score_range",
                    format!("a safety score runs from 0 to 10, not {}", s.score),
                    format!("een veiligheidsscore loopt van 0 tot en met 10, niet {}", s.score),
                ));
            }
            match s.giver {
                ScoreGiver::Member { person_id } => {
                    wrong.extend(ctx.check_member("scores.person_id", person_id).err());
                }
                ScoreGiver::Professional { professional_id } => {
                    if !self.involves(professional_id) && professional_id != actor.professional {
                        wrong.push(DomainError::invalid(
                            "scores.professional_id",
                            "not_involved",
                            "a professional's score comes from someone who works on this case",
                            "Laat alleen wie aan deze zaak werkt een score als professional geven.",
                        ));
                    }
                }
            }
            if !givers.insert(s.giver) {
                wrong.push(DomainError::invalid(
                    "scores",
                    "duplicate_score",
                    "each person gives one score per version",
                    "Geef één score per persoon in elke versie.",
                ));
            }
            if let Some(score) = score {
                recorded.push(SafetyScore {
                    giver: s.giver,
                    score,
                    at,
                });
            }
        }
        if !wrong.is_empty() {
            return Err(wrong);
        }
        let analysis = Analysis {
            version: self.route.analysis.as_ref().map_or(1, |a| a.version + 1),
            recorded_at: at,
            recorded_by: actor.professional,
            members: checked,
            disagreement: disagreement(&recorded),
            scores: recorded,
        };
        let mut next = self.clone();
        next.route.analysis = Some(analysis.clone());
        Ok(self.next(next, CaseChange::AnalysisRecorded { analysis }, None, actor, at))
    }

    /// Whether a professional leads the case (alone or in a duo) or is its RVT professional.
    pub fn involves(&self, professional: ProfessionalId) -> bool {
        self.lead.primary == professional
            || self.lead.secondary == Some(professional)
            || self
                .route
                .scale
                .as_ref()
                .is_some_and(|s| s.rvt_professional == professional)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_member_analysis_is_built_and_read_part_by_part() {
        let m = MemberAnalysis::from_parts(PersonId::new(), |part| Perspectives {
            professionals: Some(part.code().to_owned()),
            family: None,
        });
        for part in Part::ALL {
            assert_eq!(m.part(part).professionals.as_deref(), Some(part.code()));
        }
        assert_eq!(m.what_works.professionals.as_deref(), Some("what_works"));
        let columns: Vec<_> = Part::ALL.iter().map(|p| p.column_nl()).collect();
        assert_eq!(
            columns,
            ["Zorgen", "Zorgen", "Zorgen", "Wat gaat goed", "Wat moet er gebeuren"]
        );
    }

    #[test]
    fn a_typed_score_is_blank_or_zero_to_ten() {
        assert_eq!(score_from_text(" "), Ok(None));
        assert_eq!(score_from_text("0"), Ok(Some(0)));
        assert_eq!(score_from_text(" 10 "), Ok(Some(10)));
        for bad in ["11", "-1", "zes", "6,5"] {
            assert_eq!(score_from_text(bad).unwrap_err().code, "score_range", "{bad}");
        }
    }
    use proptest::prelude::*;

    fn score(giver: ScoreGiver, score: u8) -> SafetyScore {
        SafetyScore {
            giver,
            score,
            at: Timestamp::UNIX_EPOCH,
        }
    }

    fn pro(s: u8) -> SafetyScore {
        score(
            ScoreGiver::Professional {
                professional_id: ProfessionalId::new(),
            },
            s,
        )
    }

    fn member(s: u8) -> SafetyScore {
        score(
            ScoreGiver::Member {
                person_id: PersonId::new(),
            },
            s,
        )
    }

    #[test]
    fn disagreement_is_flagged_at_a_gap_of_three() {
        assert_eq!(disagreement(&[pro(4), pro(6), member(5)]), vec![]);
        assert_eq!(disagreement(&[pro(3), pro(6)]), vec![Disagreement::ProfessionalsApart]);
        // Professionals average 4; a mother's 7 is 3 away, her 6 is not.
        assert_eq!(
            disagreement(&[pro(4), pro(4), member(7)]),
            vec![Disagreement::FamilyDiffers]
        );
        assert_eq!(disagreement(&[pro(4), pro(4), member(6)]), vec![]);
        assert_eq!(
            disagreement(&[pro(2), pro(5), member(9)]),
            vec![Disagreement::ProfessionalsApart, Disagreement::FamilyDiffers]
        );
        // Without professional scores there is nothing to differ from.
        assert_eq!(disagreement(&[member(1), member(9)]), vec![]);
    }

    fn setup() -> (Case, CaseContext, Actor) {
        crate::fixtures::local_case()
    }

    fn part(person_id: PersonId, family: &str) -> MemberAnalysis {
        MemberAnalysis {
            person_id,
            harm: Perspectives::default(),
            danger: Perspectives::default(),
            complicating_factors: Perspectives::default(),
            what_works: Perspectives {
                professionals: Some("  Vader brengt de kinderen elke dag naar school  ".into()),
                family: Some(family.into()),
            },
            next_steps: Perspectives::default(),
        }
    }

    #[test]
    fn an_analysis_covers_every_member_once_and_scores_are_checked() {
        let (case, ctx, actor) = setup();
        let [mother, child] = [ctx.members[0], ctx.members[1]];
        let record = |members: Vec<MemberAnalysis>, scores: Vec<ScoreInput>| {
            case.record_analysis(members, scores, &ctx, &actor, Timestamp::now())
                .map_err(|e| e.iter().map(|e| (e.code, e.field)).collect::<Vec<_>>())
        };
        let codes = |members, scores| {
            let wrong = record(members, scores).unwrap_err();
            wrong.into_iter().map(|(code, _)| code).collect::<Vec<_>>()
        };
        let both = || vec![part(mother, "Wij doen ons best"), part(child, "")];
        let by_mother = |score| ScoreInput {
            giver: ScoreGiver::Member { person_id: mother },
            score,
        };
        let by = |professional_id, score| ScoreInput {
            giver: ScoreGiver::Professional { professional_id },
            score,
        };
        assert_eq!(
            record(vec![part(mother, "")], vec![]).unwrap_err(),
            [("member_missing", Some("members"))]
        );
        assert_eq!(
            codes(vec![part(mother, ""), part(mother, ""), part(child, "")], vec![]),
            ["duplicate_member"]
        );
        let stranger = PersonId::new();
        assert_eq!(
            codes(vec![part(stranger, "")], vec![]),
            ["not_a_member", "member_missing"]
        );
        for bad in [-1, 11, 1000] {
            assert_eq!(
                record(both(), vec![by_mother(bad)]).unwrap_err(),
                [("score_range", Some("scores.score"))]
            );
        }
        assert_eq!(codes(both(), vec![by(ProfessionalId::new(), 5)]), ["not_involved"]);
        assert_eq!(codes(both(), vec![by_mother(5), by_mother(6)]), ["duplicate_score"]);
        // Every wrong text and score at once, each by its field.
        let long = "x".repeat(MAX_TEXT + 1);
        let mut wordy = both();
        wordy[0].harm.professionals = Some(long.clone());
        wordy[1].next_steps.family = Some(long);
        assert_eq!(
            record(wordy, vec![by_mother(11), by(ProfessionalId::new(), 5)]).unwrap_err(),
            [
                ("too_long", Some("members.harm.professionals")),
                ("too_long", Some("members.next_steps.family")),
                ("score_range", Some("scores.score")),
                ("not_involved", Some("scores.professional_id")),
            ]
        );

        let (first, event) = record(both(), vec![by(actor.professional, 2), by_mother(8)]).unwrap();
        let analysis = first.route.analysis.as_ref().unwrap();
        assert_eq!(analysis.version, 1);
        assert_eq!(analysis.disagreement, vec![Disagreement::FamilyDiffers]);
        // The family's words stay apart from the professionals' text; empty text is no text.
        let cell = &analysis.members[0].what_works;
        assert_eq!(
            cell.professionals.as_deref(),
            Some("Vader brengt de kinderen elke dag naar school")
        );
        assert_eq!(cell.family.as_deref(), Some("Wij doen ons best"));
        assert_eq!(analysis.members[1].what_works.family, None);
        assert_eq!(event.change.kind(), "analysis_recorded");
        let (second, _) = first
            .record_analysis(both(), vec![], &ctx, &actor, Timestamp::now())
            .unwrap();
        assert_eq!(second.route.analysis.as_ref().unwrap().version, 2);
    }

    proptest! {
        #[test]
        fn equal_scores_never_disagree(s in 0u8..=10, pros in 1usize..5, members in 0usize..5) {
            let scores: Vec<_> = (0..pros).map(|_| pro(s)).chain((0..members).map(|_| member(s))).collect();
            prop_assert!(disagreement(&scores).is_empty());
        }

        #[test]
        fn the_professionals_flag_is_exactly_a_spread_of_three(a in 0u8..=10, b in 0u8..=10) {
            let flagged = disagreement(&[pro(a), pro(b)]).contains(&Disagreement::ProfessionalsApart);
            prop_assert_eq!(flagged, a.abs_diff(b) >= 3);
        }
    }
}
