//! The safety plan (veiligheidsplan, F11), made with the family on the basis of the joint analysis: safety
//! conditions that are not negotiable, goals, and actions with an owner, a deadline and a status. Each
//! version records whether the family agreed (who, when) or did not (and why); evaluations are dated entries
//! against a version. Every change is an event in the case's timeline.

use crate::analysis::required_text;
use crate::case::{Case, CaseChange, EventActor, NewEvent, closed_error};
use crate::directory::Actor;
use crate::error::DomainError;
use crate::ids::{OrganisationId, PersonId, ProfessionalId};
use crate::route::{CaseContext, deadline_past};
use crate::text::Reason;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Who carries out an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Owner {
    /// A household member.
    Member {
        /// Who.
        person_id: PersonId,
    },
    /// A professional working on the case.
    Professional {
        /// Who.
        professional_id: ProfessionalId,
    },
    /// An organisation of the region (e.g. a care provider).
    Organisation {
        /// Which.
        organisation_id: OrganisationId,
    },
}

/// Where an action stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    /// Not started.
    Open,
    /// Under way.
    InProgress,
    /// Done.
    Done,
    /// No longer needed.
    Dropped,
}

impl ActionStatus {
    /// Every status, in the order an action goes through them.
    pub const ALL: [ActionStatus; 4] = [Self::Open, Self::InProgress, Self::Done, Self::Dropped];

    /// The Dutch name shown to users.
    pub fn label_nl(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::InProgress => "bezig",
            Self::Done => "gedaan",
            Self::Dropped => "vervallen",
        }
    }

    /// Whether the action still has to happen.
    pub fn is_pending(self) -> bool {
        matches!(self, Self::Open | Self::InProgress)
    }
}

/// An action as submitted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionInput {
    /// What will be done.
    pub description: String,
    /// Who does it.
    pub owner: Owner,
    /// By when (YYYY-MM-DD, today or later unless done or dropped).
    #[schema(value_type = String, format = Date)]
    pub deadline: Date,
    /// Where it stands; default open.
    pub status: Option<ActionStatus>,
}

/// An action of the plan, numbered within its version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PlanAction {
    /// 1, 2, … within the version.
    pub number: u32,
    /// What will be done.
    pub description: String,
    /// Who does it.
    pub owner: Owner,
    /// By when.
    #[schema(value_type = String, format = Date)]
    pub deadline: Date,
    /// Where it stands.
    pub status: ActionStatus,
}

impl PlanAction {
    /// Pending and past its deadline.
    pub fn is_overdue(&self, today: Date) -> bool {
        self.status.is_pending() && self.deadline < today
    }
}

/// The family's answer to a plan version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "response", rename_all = "snake_case")]
pub enum FamilyResponse {
    /// The family agreed.
    Agreed {
        /// The members who agreed.
        by: Vec<PersonId>,
        /// When it was recorded.
        #[schema(value_type = String, format = DateTime)]
        at: Timestamp,
        /// How it was given, and so who in the household reads it.
        #[serde(default)]
        via: AnswerVia,
    },
    /// The family did not agree.
    NotAgreed {
        /// The members who did not agree.
        by: Vec<PersonId>,
        /// When it was recorded.
        #[schema(value_type = String, format = DateTime)]
        at: Timestamp,
        /// Why, in their words.
        why: String,
        /// How it was given, and so who in the household reads it.
        #[serde(default)]
        via: AnswerVia,
    },
}

impl FamilyResponse {
    /// The members who answered.
    pub fn by(&self) -> &[PersonId] {
        match self {
            Self::Agreed { by, .. } | Self::NotAgreed { by, .. } => by,
        }
    }

    /// How it was given.
    pub fn via(&self) -> AnswerVia {
        match self {
            Self::Agreed { via, .. } | Self::NotAgreed { via, .. } => *via,
        }
    }

    /// Whether `member` reads it in the portal: an answer recorded with the family, or shared, is the
    /// household's; one given privately is read by its giver (and the professionals) only, as every
    /// contribution is (`crate::portal::visible_in_portal`).
    pub fn visible_to(&self, member: PersonId) -> bool {
        self.via() != AnswerVia::PortalPrivate || self.by().contains(&member)
    }
}

/// How the family's answer to a plan version was given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AnswerVia {
    /// Recorded by a professional, with the family.
    #[default]
    Professional,
    /// Given by the member in the portal, shared with the household.
    PortalShared,
    /// Given by the member in the portal, for the professionals only.
    PortalPrivate,
}

/// A dated evaluation of a plan version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Evaluation {
    /// The day it was evaluated (today or earlier).
    #[schema(value_type = String, format = Date)]
    pub on: Date,
    /// What was found.
    pub text: String,
    /// Who recorded it.
    pub by: ProfessionalId,
    /// When it was recorded.
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
}

/// One version of the safety plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SafetyPlan {
    /// 1 for the first plan, then one up per save.
    pub version: u32,
    /// The analysis version it builds on.
    pub analysis_version: u32,
    /// When this version was recorded.
    #[schema(value_type = String, format = DateTime)]
    pub recorded_at: Timestamp,
    /// Who recorded it.
    pub recorded_by: ProfessionalId,
    /// Safety conditions: what must be true for the children to be safe; not negotiable.
    pub conditions: Vec<String>,
    /// Goals.
    pub goals: Vec<String>,
    /// Actions.
    pub actions: Vec<PlanAction>,
    /// The family's answer to this version, once given.
    pub family: Option<FamilyResponse>,
    /// Evaluations of this version, oldest first.
    pub evaluations: Vec<Evaluation>,
}

impl SafetyPlan {
    /// The actions still pending after their deadline.
    pub fn overdue(&self, today: Date) -> impl Iterator<Item = &PlanAction> {
        self.actions.iter().filter(move |a| a.is_overdue(today))
    }
}

/// An action of a plan version: the version (which must be the current one) and the action's number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionRef {
    /// The plan version.
    pub plan_version: u32,
    /// The action's number in it.
    pub number: u32,
}

/// The family's answer to a plan version, as submitted.
#[derive(Debug, Clone)]
pub struct FamilyAnswer {
    /// The plan version answered (must be the current one).
    pub plan_version: u32,
    /// Whether they agree.
    pub agreed: bool,
    /// The household members who answer.
    pub by: Vec<PersonId>,
    /// Why not, in their words; required when they do not agree.
    pub why: Option<Reason>,
}

impl FamilyAnswer {
    /// The answer as typed — whether they agree (`None`: not chosen), who answers, why not — or every wrong
    /// field at once ([`FamilyAnswer::wrong`] with the choice and the reason's text).
    pub fn typed(
        plan_version: u32,
        agreed: Option<bool>,
        by: Vec<PersonId>,
        why: Option<&str>,
    ) -> Result<Self, Vec<DomainError>> {
        let why = Reason::parse_optional("why", why);
        let mut wrong: Vec<DomainError> = (agreed.is_none())
            .then(|| {
                DomainError::invalid(
                    "agreed",
                    "required",
                    "choose whether the family agrees",
                    "kies of het gezin instemt",
                )
            })
            .into_iter()
            .collect();
        let answer = Self {
            plan_version,
            agreed: agreed.unwrap_or(true),
            by,
            why: why.clone().unwrap_or(None),
        };
        // A reason typed wrong is named for what is wrong with it, not also as missing.
        let typed_why = why.is_ok();
        wrong.extend(why.err());
        wrong.extend((answer.wrong().into_iter()).filter(|e| typed_why || e.field != Some("why")));
        if wrong.is_empty() { Ok(answer) } else { Err(wrong) }
    }

    /// What is wrong with the answer as typed, every field at once: who answers, and why not when they do
    /// not agree. (Whether they are members, and the plan version, are checked against the case.)
    pub fn wrong(&self) -> Vec<DomainError> {
        let mut wrong = Vec::new();
        if self.by.is_empty() {
            wrong.push(DomainError::invalid(
                "by",
                "required",
                "name the household members who answer",
                "noem de gezinsleden die antwoorden",
            ));
        }
        if !self.agreed && self.why.is_none() {
            wrong.push(DomainError::invalid(
                "why",
                "reason_required",
                "when the family does not agree, record why in their words",
                "als het gezin niet instemt, leg dan in hun woorden vast waarom",
            ));
        }
        wrong
    }
}

fn texts(field: &'static str, raw: &[String]) -> Result<Vec<String>, DomainError> {
    raw.iter().map(|t| required_text(field, t)).collect()
}

pub(crate) fn no_plan() -> DomainError {
    DomainError::conflict(
        None,
        "no_plan",
        "this case has no safety plan yet",
        "deze zaak heeft nog geen veiligheidsplan",
    )
}

pub(crate) fn check_plan_version(plan: &SafetyPlan, version: u32) -> Result<(), DomainError> {
    if plan.version != version {
        return Err(DomainError::conflict(
            Some("plan_version"),
            "plan_version_stale",
            format!("the current plan is version {}, not {version}", plan.version),
            format!("het huidige plan is versie {}, niet {version}", plan.version),
        ));
    }
    Ok(())
}

/// What an evaluation found, as a plan keeps it: required, at most the analysis's length.
pub fn evaluation_text(raw: &str) -> Result<String, DomainError> {
    required_text("text", raw)
}

impl Case {
    fn check_owner(&self, owner: Owner, ctx: &CaseContext, actor: &Actor) -> Result<(), DomainError> {
        let known = match owner {
            Owner::Member { person_id } => ctx.members.contains(&person_id),
            Owner::Professional { professional_id } => {
                self.involves(professional_id) || professional_id == actor.professional
            }
            Owner::Organisation { organisation_id } => ctx.organisations.contains(&organisation_id),
        };
        if known {
            return Ok(());
        }
        Err(DomainError::invalid(
            "actions.owner",
            "unknown_owner",
            "an action's owner is a household member, a professional working on the case, or an organisation of the region",
            "wie een actie uitvoert is een gezinslid, een professional die aan de zaak werkt, of een organisatie uit de regio",
        ))
    }

    /// Records a new version of the safety plan. It needs a joint analysis; each action has an owner in the
    /// household, the case or the region, and a pending action's deadline is today or later.
    pub fn record_plan(
        &self,
        conditions: &[String],
        goals: &[String],
        actions: Vec<ActionInput>,
        ctx: &CaseContext,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        self.check_plan_work(ctx, actor, "actions")?;
        let Some(analysis) = &self.route.analysis else {
            return Err(DomainError::conflict(
                None,
                "analysis_required",
                "a safety plan builds on the joint analysis: record the analysis first",
                "een veiligheidsplan bouwt voort op de gezamenlijke analyse: leg eerst de analyse vast",
            ));
        };
        let conditions = texts("conditions", conditions)?;
        let goals = texts("goals", goals)?;
        if conditions.is_empty() && goals.is_empty() && actions.is_empty() {
            return Err(DomainError::invalid(
                "conditions",
                "empty_plan",
                "a plan has at least one safety condition, goal or action",
                "een plan heeft minstens één veiligheidsvoorwaarde, doel of actie",
            ));
        }
        let mut planned = Vec::with_capacity(actions.len());
        for (i, a) in actions.into_iter().enumerate() {
            let status = a.status.unwrap_or(ActionStatus::Open);
            self.check_owner(a.owner, ctx, actor)?;
            if status.is_pending() && a.deadline < ctx.today {
                return Err(deadline_past("actions.deadline"));
            }
            planned.push(PlanAction {
                number: i as u32 + 1,
                description: required_text("actions.description", &a.description)?,
                owner: a.owner,
                deadline: a.deadline,
                status,
            });
        }
        let plan = SafetyPlan {
            version: self.route.plan.as_ref().map_or(1, |p| p.version + 1),
            analysis_version: analysis.version,
            recorded_at: at,
            recorded_by: actor.professional,
            conditions,
            goals,
            actions: planned,
            family: None,
            evaluations: Vec::new(),
        };
        let mut next = self.clone();
        next.route.plan = Some(plan.clone());
        Ok(self.next(next, CaseChange::PlanRecorded { plan }, None, actor, at))
    }

    /// Records the family's answer to the current plan version: agreed, or not agreed with their reason.
    pub fn record_family_response(
        &self,
        answer: FamilyAnswer,
        ctx: &CaseContext,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        self.check_plan_work(ctx, actor, "agreed")?;
        let plan = self.route.plan.as_ref().ok_or_else(no_plan)?;
        check_plan_version(plan, answer.plan_version)?;
        if let Some(first) = answer.wrong().into_iter().next() {
            return Err(first);
        }
        let FamilyAnswer {
            plan_version,
            agreed,
            by,
            why,
        } = answer;
        for p in &by {
            ctx.check_member("by", *p)?;
        }
        // `wrong` saw to a reason when they do not agree.
        let response = match why.filter(|_| !agreed) {
            Some(why) => FamilyResponse::NotAgreed {
                by,
                at,
                why: why.as_str().to_owned(),
                via: AnswerVia::Professional,
            },
            None => FamilyResponse::Agreed {
                by,
                at,
                via: AnswerVia::Professional,
            },
        };
        let mut next = self.clone();
        if let Some(p) = next.route.plan.as_mut() {
            p.family = Some(response.clone());
        }
        let change = CaseChange::FamilyResponded { plan_version, response };
        Ok(self.next(next, change, None, actor, at))
    }

    /// Records a household member's own answer to the current plan version, given in the portal (F16):
    /// the event names the member as its actor, for `organisation`, whose file it is. Shared with the
    /// household, it becomes the plan's answer; given for the professionals only, it is recorded without
    /// changing the plan's answer, which the whole household reads. What the portal
    /// checked is checked again against the case as it is now (`crate::portal::Contribution::plan_answer`).
    pub fn record_member_answer(
        &self,
        member: PersonId,
        answer: &crate::portal::Contribution,
        shared: bool,
        organisation: OrganisationId,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        let crate::portal::Contribution::PlanAnswer {
            plan_version,
            agreed,
            why,
        } = answer
        else {
            return Err(DomainError::invalid(
                "contribution",
                "not_a_plan_answer",
                "only an answer to the plan is recorded in the case",
                "alleen een antwoord op het plan wordt in de zaak vastgelegd",
            ));
        };
        if !self.is_open() {
            return Err(closed_error(None));
        }
        let plan = self.route.plan.as_ref().ok_or_else(no_plan)?;
        check_plan_version(plan, *plan_version)?;
        let via = if shared {
            AnswerVia::PortalShared
        } else {
            AnswerVia::PortalPrivate
        };
        let by = vec![member];
        let response = match why {
            Some(why) if !agreed => FamilyResponse::NotAgreed {
                by,
                at,
                why: why.clone(),
                via,
            },
            None if !agreed => return Err(crate::portal::why_required()),
            _ => FamilyResponse::Agreed { by, at, via },
        };
        // A shared answer is the household's answer to the plan; one for the professionals only stays in
        // the record without speaking for the household.
        let mut next = self.clone();
        if let Some(p) = next.route.plan.as_mut()
            && shared
        {
            p.family = Some(response.clone());
        }
        let change = CaseChange::FamilyResponded {
            plan_version: *plan_version,
            response,
        };
        Ok(self.next_by(
            next,
            change,
            None,
            EventActor::Member { person_id: member },
            organisation,
            at,
        ))
    }

    /// Adds a dated evaluation to the current plan version.
    pub fn evaluate_plan(
        &self,
        plan_version: u32,
        on: Date,
        text: &str,
        ctx: &CaseContext,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        self.check_plan_work(ctx, actor, "text")?;
        let plan = self.route.plan.as_ref().ok_or_else(no_plan)?;
        check_plan_version(plan, plan_version)?;
        if on > ctx.today {
            return Err(DomainError::invalid(
                "on",
                "date_in_future",
                "an evaluation is recorded on or after the day it took place",
                "een evaluatie wordt vastgelegd op of na de dag waarop ze plaatsvond",
            ));
        }
        let evaluation = Evaluation {
            on,
            text: evaluation_text(text)?,
            by: actor.professional,
            at,
        };
        let mut next = self.clone();
        if let Some(p) = next.route.plan.as_mut() {
            p.evaluations.push(evaluation.clone());
        }
        let change = CaseChange::PlanEvaluated {
            plan_version,
            evaluation,
        };
        Ok(self.next(next, change, None, actor, at))
    }

    /// Sets the status of an action of the current plan version, optionally with a note.
    pub fn set_action_status(
        &self,
        action: ActionRef,
        status: ActionStatus,
        note: Option<&str>,
        ctx: &CaseContext,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        let ActionRef { plan_version, number } = action;
        self.check_plan_work(ctx, actor, "status")?;
        let plan = self.route.plan.as_ref().ok_or_else(no_plan)?;
        check_plan_version(plan, plan_version)?;
        let Some(action) = plan.actions.iter().find(|a| a.number == number) else {
            return Err(DomainError::invalid(
                "number",
                "unknown_action",
                format!("plan version {plan_version} has no action {number}"),
                format!("planversie {plan_version} heeft geen actie {number}"),
            ));
        };
        if action.status == status {
            return Err(DomainError::conflict(
                Some("status"),
                "same_status",
                "the action already has this status",
                "de actie heeft deze status al",
            ));
        }
        let note = Reason::parse_optional("note", note)?;
        let mut next = self.clone();
        if let Some(a) = next
            .route
            .plan
            .as_mut()
            .and_then(|p| p.actions.iter_mut().find(|a| a.number == number))
        {
            a.status = status;
        }
        let change = CaseChange::ActionStatusChanged {
            plan_version,
            number,
            from: action.status,
            to: status,
        };
        Ok(self.next(next, change, note, actor, at))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_family_answer_as_typed_names_every_wrong_field_at_once() {
        let fields =
            |r: Result<super::FamilyAnswer, Vec<crate::DomainError>>| -> Vec<(Option<&'static str>, &'static str)> {
                r.unwrap_err().iter().map(|e| (e.field, e.code)).collect()
            };
        assert_eq!(
            fields(super::FamilyAnswer::typed(1, None, vec![], None)),
            [(Some("agreed"), "required"), (Some("by"), "required")]
        );
        let someone = vec![crate::PersonId::new()];
        assert_eq!(
            fields(super::FamilyAnswer::typed(1, Some(false), someone.clone(), Some(" "))),
            [(Some("why"), "reason_required")]
        );
        let long = "x".repeat(2001);
        assert_eq!(
            fields(super::FamilyAnswer::typed(1, Some(false), someone.clone(), Some(&long))),
            [(Some("why"), "too_long")],
            "named for what is wrong with it, not also as missing"
        );
        let answer = super::FamilyAnswer::typed(1, Some(false), someone, Some("Te snel")).unwrap();
        assert_eq!(answer.why.map(|w| w.as_str().to_owned()), Some("Te snel".to_owned()));
    }

    use super::*;
    use crate::analysis::{MemberAnalysis, Perspectives};
    use jiff::civil::date;

    use crate::fixtures::TODAY;

    fn setup() -> (Case, CaseContext, Actor) {
        crate::fixtures::local_case()
    }

    fn analysed(case: &Case, ctx: &CaseContext, actor: &Actor) -> Case {
        let members = ctx
            .members
            .iter()
            .map(|p| MemberAnalysis {
                person_id: *p,
                harm: Perspectives::default(),
                danger: Perspectives::default(),
                complicating_factors: Perspectives::default(),
                what_works: Perspectives {
                    professionals: Some("Oma helpt elke woensdag".into()),
                    family: Some("Wij redden het samen".into()),
                },
                next_steps: Perspectives::default(),
            })
            .collect();
        case.record_analysis(members, vec![], ctx, actor, Timestamp::now())
            .unwrap()
            .0
    }

    fn action(owner: Owner, deadline: Date) -> ActionInput {
        ActionInput {
            description: "Afspraak bij schuldhulp maken".into(),
            owner,
            deadline,
            status: None,
        }
    }

    #[test]
    fn a_plan_needs_an_analysis_first() {
        let (case, ctx, actor) = setup();
        let err = case
            .record_plan(&["Niemand slaat".into()], &[], vec![], &ctx, &actor, Timestamp::now())
            .unwrap_err();
        assert_eq!(err.code, "analysis_required");
        let case = analysed(&case, &ctx, &actor);
        let (planned, event) = case
            .record_plan(&["Niemand slaat".into()], &[], vec![], &ctx, &actor, Timestamp::now())
            .unwrap();
        let plan = planned.route.plan.as_ref().unwrap();
        assert_eq!((plan.version, plan.analysis_version), (1, 1));
        assert_eq!(event.change.kind(), "plan_recorded");
    }

    #[test]
    fn owners_must_belong_to_the_household_the_case_or_the_region() {
        let (case, ctx, actor) = setup();
        let case = analysed(&case, &ctx, &actor);
        let plan = |owner| case.record_plan(&[], &[], vec![action(owner, TODAY)], &ctx, &actor, Timestamp::now());
        assert!(
            plan(Owner::Member {
                person_id: ctx.members[0]
            })
            .is_ok()
        );
        assert!(
            plan(Owner::Professional {
                professional_id: actor.professional
            })
            .is_ok()
        );
        assert!(
            plan(Owner::Organisation {
                organisation_id: actor.organisation
            })
            .is_ok()
        );
        for stranger in [
            Owner::Member {
                person_id: PersonId::new(),
            },
            Owner::Professional {
                professional_id: ProfessionalId::new(),
            },
            Owner::Organisation {
                organisation_id: OrganisationId::new(),
            },
        ] {
            assert_eq!(plan(stranger).unwrap_err().code, "unknown_owner");
        }
    }

    #[test]
    fn deadlines_overdue_actions_and_the_familys_answer() {
        let (case, ctx, actor) = setup();
        let case = analysed(&case, &ctx, &actor);
        let owner = Owner::Member {
            person_id: ctx.members[0],
        };
        let past = date(2026, 11, 20);
        let err = case
            .record_plan(&[], &[], vec![action(owner, past)], &ctx, &actor, Timestamp::now())
            .unwrap_err();
        assert_eq!((err.code, err.field), ("deadline_past", Some("actions.deadline")));
        let (case, _) = case
            .record_plan(&[], &[], vec![action(owner, TODAY)], &ctx, &actor, Timestamp::now())
            .unwrap();
        let plan = case.route.plan.as_ref().unwrap();
        assert_eq!(plan.overdue(TODAY).count(), 0);
        assert_eq!(plan.overdue(date(2026, 11, 24)).count(), 1);
        let (case, _) = case
            .set_action_status(
                ActionRef {
                    plan_version: 1,
                    number: 1,
                },
                ActionStatus::Done,
                Some("Gelukt"),
                &ctx,
                &actor,
                Timestamp::now(),
            )
            .unwrap();
        assert_eq!(case.route.plan.as_ref().unwrap().overdue(date(2026, 11, 24)).count(), 0);

        let respond = |agreed, by: Vec<PersonId>, why: Option<&str>, version| {
            let why = why.map(|w| Reason::parse("why", w).unwrap());
            let answer = FamilyAnswer {
                plan_version: version,
                agreed,
                by,
                why,
            };
            case.record_family_response(answer, &ctx, &actor, Timestamp::now())
        };
        assert_eq!(
            respond(false, vec![ctx.members[0]], None, 1).unwrap_err().code,
            "reason_required"
        );
        assert_eq!(
            respond(true, vec![PersonId::new()], None, 1).unwrap_err().code,
            "not_a_member"
        );
        assert_eq!(
            respond(true, vec![ctx.members[0]], None, 2).unwrap_err().code,
            "plan_version_stale"
        );
        let (answered, _) = respond(false, vec![ctx.members[1]], Some("Wij zien het anders"), 1).unwrap();
        assert!(matches!(
            answered.route.plan.as_ref().unwrap().family,
            Some(FamilyResponse::NotAgreed { .. })
        ));
        let tomorrow = date(2026, 11, 24);
        let err = answered
            .evaluate_plan(1, tomorrow, "Goed", &ctx, &actor, Timestamp::now())
            .unwrap_err();
        assert_eq!(err.code, "date_in_future");
    }

    #[test]
    fn a_members_own_answer_in_the_portal_is_an_event_under_their_name() {
        let (case, ctx, actor) = setup();
        let case = analysed(&case, &ctx, &actor);
        let (case, _) = case
            .record_plan(&["Geen geweld".into()], &[], vec![], &ctx, &actor, Timestamp::now())
            .unwrap();
        let youth = ctx.members[1];
        let answer = |agreed, why: Option<&str>, version| crate::portal::Contribution::PlanAnswer {
            plan_version: version,
            agreed,
            why: why.map(str::to_owned),
        };
        let give = |a: &crate::portal::Contribution, shared| {
            case.record_member_answer(youth, a, shared, actor.organisation, Timestamp::now())
        };
        // Refused as the portal refuses it: a reason when not agreeing, the current version only.
        assert_eq!(give(&answer(false, None, 1), true).unwrap_err().code, "reason_required");
        assert_eq!(
            give(&answer(true, None, 2), true).unwrap_err().code,
            "plan_version_stale"
        );
        let words = crate::portal::Contribution::correction("Klopt niet", None).unwrap();
        assert_eq!(give(&words, true).unwrap_err().code, "not_a_plan_answer");

        // Given for the professionals only: recorded, under the member's name, without speaking for the
        // household.
        let (private, event) = give(&answer(false, Some("Ik ben bang"), 1), false).unwrap();
        assert_eq!(event.actor, EventActor::Member { person_id: youth });
        assert_eq!((event.organisation, event.seq), (actor.organisation, case.version + 1));
        assert_eq!(private.route.plan.as_ref().unwrap().family, None);
        let CaseChange::FamilyResponded { response, .. } = &event.change else {
            panic!("{:?}", event.change)
        };
        assert_eq!(response.via(), AnswerVia::PortalPrivate);
        assert!(response.visible_to(youth));
        assert!(!response.visible_to(ctx.members[0]), "not to the parent");

        // Shared: the plan's answer, read by the whole household.
        let (shared, _) = give(&answer(true, None, 1), true).unwrap();
        let family = shared.route.plan.as_ref().unwrap().family.clone().unwrap();
        assert_eq!((family.by(), family.via()), (&[youth][..], AnswerVia::PortalShared));
        assert!(family.visible_to(ctx.members[0]));

        let (closed, _) = case
            .close(Reason::parse("reason", "Klaar").unwrap(), &actor, Timestamp::now())
            .unwrap();
        let refused = closed
            .record_member_answer(
                youth,
                &answer(true, None, 1),
                true,
                actor.organisation,
                Timestamp::now(),
            )
            .unwrap_err();
        assert_eq!(refused.code, "case_closed");
    }
}
