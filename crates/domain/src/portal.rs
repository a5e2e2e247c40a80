//! The family portal (F16, in part) and the rules of signing in (F30): who in a household may use the
//! portal, what a family member may add there, and how repeated failed sign-ins slow an attacker down.
//!
//! What a family member adds is kept beside the case, never inside the professionals' record: their own
//! words and safety score, their answer to a plan version, a request to correct something. The professionals
//! see each contribution on the household page and take it into the next analysis or plan version.

use crate::analysis::score_from_text;
use crate::error::DomainError;
use crate::household::Relation;
use crate::ids::{CaseId, ContributionId, PersonId};
use crate::plan::{check_plan_version, no_plan};
use crate::route::Route;
use crate::text::Reason;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

/// From this age a child of the household may use the portal (and is heard, as in the Jeugdwet).
pub const PORTAL_MIN_AGE: i16 = 12;

/// Whether a current household member may use the portal: a parent or step-parent, or anyone aged 12 or over.
pub fn may_use_portal(relation: Relation, age: i16) -> bool {
    matches!(relation, Relation::Parent | Relation::StepParent) || age >= PORTAL_MIN_AGE
}

/// What a family member adds from the portal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Contribution {
    /// Their own words about the situation and, if they give one, their safety score (0 to 10).
    OwnWords {
        /// In their own words.
        words: Option<String>,
        /// How safe it is now, 0 (not at all) to 10 (completely).
        score: Option<u8>,
    },
    /// Their answer to a version of the safety plan.
    PlanAnswer {
        /// The plan version answered.
        plan_version: u32,
        /// Whether they agree.
        agreed: bool,
        /// Why not, or what they add, in their words.
        why: Option<String>,
    },
    /// A request to correct something in the file (the right to rectification, AVG article 16).
    CorrectionRequest {
        /// What is wrong and what it should say.
        text: String,
        /// The timeline entry it is about (the event's sequence number); the lead then decides on it in
        /// the case (`crate::correction`).
        #[serde(default)]
        entry: Option<i64>,
    },
}

/// A contribution as recorded: by whom, in which case, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyContribution {
    /// Its id.
    pub id: ContributionId,
    /// The case it belongs to.
    pub case_id: CaseId,
    /// The household member who added it.
    pub person_id: PersonId,
    /// When.
    pub at: Timestamp,
    /// What.
    pub contribution: Contribution,
    /// Whether the writer chose to let the rest of the household read it; by default only they and the
    /// professionals do ([`visible_in_portal`]).
    pub shared: bool,
}

/// Whether a household member reading the portal sees a contribution: their own always, another member's
/// only when its writer chose to share it with the household. What a youth tells the professionals is not
/// shown to a parent unless the youth chooses so, and the other way round; nor between two parents, who
/// may have separated. The professionals see every contribution.
pub fn visible_in_portal(contribution: &FamilyContribution, reader: PersonId) -> bool {
    contribution.person_id == reader || contribution.shared
}

/// Whether a household member reading the portal sees what another member said in their own words in the
/// analysis: their own; a young child's (under [`PORTAL_MIN_AGE`], who does not use the portal and for
/// whom a parent speaks) when the reader is a parent; never that of another member who uses the portal.
pub fn own_words_visible(reader: PersonId, reader_is_parent: bool, member: PersonId, member_age: i16) -> bool {
    member == reader || (reader_is_parent && member_age < PORTAL_MIN_AGE)
}

impl Contribution {
    /// Own words and/or a score, as typed in the portal: at least one of the two; the score a whole number
    /// from 0 to 10.
    pub fn own_words(words: &str, score: &str) -> Result<Self, Vec<DomainError>> {
        let mut errors = Vec::new();
        let words = Reason::parse_optional("words", Some(words))
            .map_err(|e| errors.push(e))
            .ok()
            .flatten();
        let score = score_from_text(score).map_err(|e| errors.push(e)).ok().flatten();
        if errors.is_empty() && words.is_none() && score.is_none() {
            errors.push(DomainError::invalid(
                "words",
                "required",
                "write something in your own words, give a score, or both",
                "schrijf iets in uw eigen woorden, geef een cijfer, of allebei",
            ));
        }
        if errors.is_empty() {
            Ok(Self::OwnWords {
                words: words.map(|w| w.as_str().to_owned()),
                score,
            })
        } else {
            Err(errors)
        }
    }

    /// An answer to the current plan version of `route`; disagreeing needs a reason.
    pub fn plan_answer(route: &Route, plan_version: u32, agreed: bool, why: &str) -> Result<Self, DomainError> {
        let plan = route.plan.as_ref().ok_or_else(no_plan)?;
        check_plan_version(plan, plan_version)?;
        let why = Reason::parse_optional("why", Some(why))?;
        if !agreed && why.is_none() {
            return Err(why_required());
        }
        Ok(Self::PlanAnswer {
            plan_version,
            agreed,
            why: why.map(|w| w.as_str().to_owned()),
        })
    }

    /// A request to correct something: an entry of the timeline, or something else (`entry` none).
    pub fn correction(text: &str, entry: Option<i64>) -> Result<Self, DomainError> {
        Ok(Self::CorrectionRequest {
            text: Reason::parse("text", text)?.as_str().to_owned(),
            entry,
        })
    }

    /// What it is, in plain Dutch, for the timeline.
    pub fn summary_nl(&self) -> String {
        match self {
            Self::OwnWords { score: Some(s), .. } => format!("Eigen woorden en veiligheidscijfer {s} toegevoegd"),
            Self::OwnWords { score: None, .. } => "Eigen woorden toegevoegd".to_owned(),
            Self::PlanAnswer {
                plan_version,
                agreed: true,
                ..
            } => format!("Eens met veiligheidsplan versie {plan_version}"),
            Self::PlanAnswer { plan_version, .. } => format!("Niet eens met veiligheidsplan versie {plan_version}"),
            Self::CorrectionRequest { .. } => "Vraagt om een correctie".to_owned(),
        }
    }
}

/// A member who does not agree with the plan says why.
pub(crate) fn why_required() -> DomainError {
    DomainError::invalid(
        "why",
        "reason_required",
        "when you do not agree, tell us why",
        "als u het niet eens bent, vertel dan waarom",
    )
}

/// After this many failed sign-ins in a row, every further try waits.
pub const SLOW_AFTER: u32 = 3;
/// After this many failed sign-ins in a row, the account is locked for [`LOCK_MINUTES`].
pub const LOCK_AFTER: u32 = 10;
/// How long a locked account stays locked after its last failed sign-in.
pub const LOCK_MINUTES: i64 = 15;

/// Sign-in attempts are forgotten after this many hours without one.
pub const FORGET_ATTEMPTS_HOURS: i64 = 24;

/// What a sign-in attempt must wait for, given the failures in a row before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInGate {
    /// Check the password, after this delay.
    Try {
        /// The delay before answering (zero for the first tries).
        delay: std::time::Duration,
    },
    /// Refuse without checking the password, for this many more minutes.
    Locked {
        /// Whole minutes left, at least 1.
        minutes: i64,
    },
}

/// The lock in force at `now`, as the store checks it when counting an attempt: a username with this many
/// failures, the last after this moment, is locked, and an attempt during the lock is neither counted nor
/// extends it.
pub fn lock_window(now: Timestamp) -> (u32, Timestamp) {
    (LOCK_AFTER, now - SignedDuration::from_mins(LOCK_MINUTES))
}

/// The gate for a sign-in attempt at `now`, after `failures` failed attempts in a row, the last at
/// `last_failure`: the first tries are free, then each waits a second longer (up to five), and from
/// [`LOCK_AFTER`] failures the account is locked until [`LOCK_MINUTES`] after the last one.
pub fn sign_in_gate(failures: u32, last_failure: Option<Timestamp>, now: Timestamp) -> SignInGate {
    if failures >= LOCK_AFTER
        && let Some(last) = last_failure
    {
        let until = last + SignedDuration::from_mins(LOCK_MINUTES);
        if until > now {
            let secs = until.duration_since(now).as_secs();
            return SignInGate::Locked {
                minutes: (secs + 59) / 60,
            };
        }
        // The lock has run out: the next try is slow but allowed.
    }
    let delay = failures.saturating_sub(SLOW_AFTER - 1).min(5);
    SignInGate::Try {
        delay: std::time::Duration::from_secs(u64::from(delay)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::local_case;
    use crate::plan::SafetyPlan;
    use proptest::prelude::*;

    #[test]
    fn parents_and_children_from_twelve_use_the_portal() {
        assert!(may_use_portal(Relation::Parent, 30));
        assert!(may_use_portal(Relation::StepParent, 30));
        assert!(may_use_portal(Relation::Child, 12));
        assert!(!may_use_portal(Relation::Child, 11));
        assert!(may_use_portal(Relation::OtherAdult, 19));
    }

    #[test]
    fn own_words_need_words_or_a_score_in_range() {
        assert_eq!(
            Contribution::own_words("  ", "7").unwrap(),
            Contribution::OwnWords {
                words: None,
                score: Some(7)
            }
        );
        let errors = Contribution::own_words("", "").unwrap_err();
        assert_eq!(errors[0].field, Some("words"));
        for bad in ["11", "-1", "zeven", "7.5"] {
            let errors = Contribution::own_words("Het gaat beter", bad).unwrap_err();
            assert_eq!(errors.len(), 1);
            assert_eq!(errors[0].code, "score_range", "{bad}");
        }
    }

    #[test]
    fn a_plan_answer_names_the_current_version_and_a_reason_to_disagree() {
        let (mut case, _, actor) = local_case();
        assert_eq!(
            Contribution::plan_answer(&case.route, 1, true, "").unwrap_err().code,
            "no_plan"
        );
        case.route.plan = Some(SafetyPlan {
            version: 2,
            analysis_version: 1,
            recorded_at: Timestamp::now(),
            recorded_by: actor.professional,
            conditions: vec![],
            goals: vec![],
            actions: vec![],
            family: None,
            evaluations: vec![],
        });
        assert_eq!(
            Contribution::plan_answer(&case.route, 1, true, "").unwrap_err().code,
            "plan_version_stale"
        );
        let refused = Contribution::plan_answer(&case.route, 2, false, " ").unwrap_err();
        assert_eq!((refused.field, refused.code), (Some("why"), "reason_required"));
        assert!(matches!(
            Contribution::plan_answer(&case.route, 2, false, "De afspraak over school klopt niet"),
            Ok(Contribution::PlanAnswer { agreed: false, .. })
        ));
    }

    #[test]
    fn what_a_member_says_stays_theirs_unless_they_share_it() {
        let (youth, parent) = (PersonId::new(), PersonId::new());
        let mut said = FamilyContribution {
            id: ContributionId::new(),
            case_id: CaseId::new(),
            person_id: youth,
            at: Timestamp::now(),
            contribution: Contribution::correction("Ik wil zelf kiezen", None).unwrap(),
            shared: false,
        };
        assert!(visible_in_portal(&said, youth));
        assert!(
            !visible_in_portal(&said, parent),
            "a youth's words are not the parent's to read"
        );
        said.shared = true;
        assert!(visible_in_portal(&said, parent));
        // The analysis: one's own words; a parent also a young child's; never another portal user's.
        assert!(own_words_visible(youth, false, youth, 14));
        assert!(!own_words_visible(parent, true, youth, 14));
        assert!(!own_words_visible(youth, false, parent, 40));
        assert!(own_words_visible(parent, true, PersonId::new(), 8));
        assert!(
            !own_words_visible(youth, false, PersonId::new(), 8),
            "a sibling does not speak for a child"
        );
    }

    #[test]
    fn a_correction_needs_text() {
        assert!(Contribution::correction("", None).is_err());
        assert!(Contribution::correction("Mijn geboortedatum klopt niet", None).is_ok());
    }

    #[test]
    fn a_locked_account_opens_after_fifteen_minutes() {
        let last = Timestamp::from_second(1_800_000_000).unwrap();
        let gate = |failures, mins: i64| sign_in_gate(failures, Some(last), last + SignedDuration::from_mins(mins));
        assert_eq!(gate(LOCK_AFTER, 0), SignInGate::Locked { minutes: 15 });
        assert_eq!(gate(LOCK_AFTER, 14), SignInGate::Locked { minutes: 1 });
        assert!(matches!(gate(LOCK_AFTER, 15), SignInGate::Try { .. }));
        assert_eq!(
            gate(0, 0),
            SignInGate::Try {
                delay: std::time::Duration::ZERO
            }
        );
    }

    proptest! {
        #[test]
        fn the_delay_never_shrinks_and_stays_under_six_seconds(failures in 0u32..LOCK_AFTER - 1) {
            let now = Timestamp::now();
            let delay = |f| match sign_in_gate(f, Some(now), now) {
                SignInGate::Try { delay } => delay,
                SignInGate::Locked { .. } => panic!("{f} failures is below the lock threshold"),
            };
            prop_assert!(delay(failures) <= delay(failures + 1));
            prop_assert!(delay(failures + 1).as_secs() <= 5);
        }
    }
}
