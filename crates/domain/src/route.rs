//! Scaling up and down with the Regional Safety Team (F9): the local team brings the RVT into the case it
//! already runs, without a new intake, and hands it back. The RVT bundles the safety tasks of Veilig Thuis,
//! the Raad voor de Kinderbescherming and the GI, so an "RVT professional" is one who works for one of them.

use crate::analysis::Analysis;
use crate::case::{Case, CaseChange, Lead, NewEvent, closed_error, duo_same_person};
use crate::consent::{Basis, Consent, Purpose, basis_for, missing_ground};
use crate::directory::{Actor, OrganisationKind};
use crate::error::DomainError;
use crate::help::{Help, HelpKind};
use crate::ids::{OrganisationId, PersonId, ProfessionalId};
use crate::justice::Justice;
use crate::plan::SafetyPlan;
use crate::policy::{Action, require};
use crate::signal::{LinkedSignal, Norms};
use crate::text::Reason;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The three forms of scaling up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ScaleForm {
    /// Consultatie: the RVT answers a question by a deadline; the lead stays.
    Consultation,
    /// Samenwerking: the lead becomes a duo of the local professional and an RVT professional.
    JointWork,
    /// Overdracht: the lead passes to an RVT professional.
    Transfer,
}

impl ScaleForm {
    /// Every form.
    pub const ALL: [ScaleForm; 3] = [Self::Consultation, Self::JointWork, Self::Transfer];

    /// The stable code, as in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Consultation => "consultation",
            Self::JointWork => "joint_work",
            Self::Transfer => "transfer",
        }
    }

    /// The Dutch name shown to users.
    pub fn label_nl(self) -> &'static str {
        match self {
            Self::Consultation => "consultatie",
            Self::JointWork => "samenwerking",
            Self::Transfer => "overdracht",
        }
    }

    /// As the RVT's proposal in answer to a consultation.
    pub fn proposal_nl(self) -> &'static str {
        match self {
            Self::Consultation => "alleen advies, de regie blijft bij het lokaal team",
            Self::JointWork => "samenwerken",
            Self::Transfer => "de regie overnemen",
        }
    }
}

/// A part of a scale-up that one professional holds and another can take over
/// ([`Case::hand_over_scale_up`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ScalePart {
    /// The RVT's: the professional of Veilig Thuis, the Raad or a GI brought in.
    Rvt,
    /// The local team's: its member of a duo, or whom a scale-down hands the case back to.
    Local,
}

/// A region's route variant (F26): how its chain shares the work on the one route. Each pilot region
/// chooses its own; the policy and the route read the region's variant for every change. Every field has a
/// default (the programme's base variant); a field it does not know is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RouteVariant {
    /// The region scales up by consultation (consultatie; default on).
    #[serde(default = "yes")]
    pub consultation: bool,
    /// The region scales up by joint work (samenwerking; default on).
    #[serde(default = "yes")]
    pub joint_work: bool,
    /// The region scales up by transfer (overdracht; default on).
    #[serde(default = "yes")]
    pub transfer: bool,
    /// During joint work the RVT professional leads the duo and becomes the family's fixed contact person
    /// (on), or the local professional stays lead with the RVT professional beside them (off, the default).
    #[serde(default)]
    pub joint_work_rvt_leads: bool,
    /// The local team may put a case under pressure (drang) itself once the RVT answered its consultation
    /// about it (on), or only the RVT's organisations may (off, the default).
    #[serde(default)]
    pub local_pressure_after_consultation: bool,
    /// While a child protection measure is in force the GI's jeugdbeschermer takes the lead (on), or works
    /// in a duo with the local lead (off, the default).
    #[serde(default)]
    pub measure_transfer: bool,
}

fn yes() -> bool {
    true
}

impl Default for RouteVariant {
    fn default() -> Self {
        Self {
            consultation: true,
            joint_work: true,
            transfer: true,
            joint_work_rvt_leads: false,
            local_pressure_after_consultation: false,
            measure_transfer: false,
        }
    }
}

impl RouteVariant {
    /// Whether the region scales up in `form`.
    pub fn uses(&self, form: ScaleForm) -> bool {
        match form {
            ScaleForm::Consultation => self.consultation,
            ScaleForm::JointWork => self.joint_work,
            ScaleForm::Transfer => self.transfer,
        }
    }

    /// The forms the region scales up in.
    pub fn forms(&self) -> Vec<ScaleForm> {
        ScaleForm::ALL.into_iter().filter(|f| self.uses(*f)).collect()
    }

    /// Refuses a variant without any form of scaling up: the local team must always be able to bring in
    /// the RVT.
    pub fn check(&self) -> Result<(), DomainError> {
        if self.forms().is_empty() {
            return Err(DomainError::invalid(
                "consultation",
                "no_scale_form",
                "a region scales up in at least one form",
                "Kies ten minste één vorm van opschalen: consultatie, samenwerking of overdracht.",
            ));
        }
        Ok(())
    }

    /// Refuses, on request field `field`, a form of scaling up the region does not use.
    pub fn check_form(&self, field: &'static str, form: ScaleForm) -> Result<(), DomainError> {
        if self.uses(form) {
            return Ok(());
        }
        let used: Vec<&str> = self.forms().into_iter().map(ScaleForm::label_nl).collect();
        Err(DomainError::invalid(
            field,
            "form_not_in_variant",
            format!("the region does not scale up by {}", form.as_str().replace('_', " ")),
            format!(
                "Deze regio schaalt niet op door {}. Kies {}.",
                form.label_nl(),
                used.join(" of ")
            ),
        ))
    }

    /// Whether the local team may put `case` under pressure now: the variant allows it and the RVT answered
    /// the consultation the case is under.
    pub fn local_pressure_allowed(&self, case: &Case) -> bool {
        self.local_pressure_after_consultation
            && (case.route.scale.as_ref()).is_some_and(|s| s.form == ScaleForm::Consultation && s.answered_at.is_some())
    }
}

/// Why the RVT is brought in, in the shared language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Ground {
    /// Acute onveiligheid: a threat to life or body now.
    AcuteUnsafety,
    /// Structurele onveiligheid: unsafety that keeps recurring or persists.
    StructuralUnsafety,
    /// Ontwikkelingsbedreiging: a child's development is seriously threatened.
    DevelopmentThreat,
    /// Verzoek van een partner: a partner in the chain asks for it.
    PartnerRequest,
}

impl Ground {
    /// The Dutch name shown to users.
    pub fn label_nl(self) -> &'static str {
        match self {
            Self::AcuteUnsafety => "acute onveiligheid",
            Self::StructuralUnsafety => "structurele onveiligheid",
            Self::DevelopmentThreat => "ontwikkelingsbedreiging",
            Self::PartnerRequest => "verzoek van een partner",
        }
    }
}

/// The state of a case's route beyond phase, lead and frame, kept with the case and changed only by its
/// events (stored as one JSON document beside the case's columns). Stored documents outlive the code that
/// wrote them: a field added later needs `#[serde(default)]`.
// No field that may be empty may lose its default either: a route is stored without its empty members
// (`regie_store::compact`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Route {
    /// Set while the case is scaled up to the RVT.
    #[serde(default)]
    pub scale: Option<ScaleUp>,
    /// The latest version of the joint analysis; earlier versions are in the timeline.
    #[serde(default)]
    pub analysis: Option<Analysis>,
    /// The latest version of the safety plan; earlier versions are in the timeline.
    #[serde(default)]
    pub plan: Option<SafetyPlan>,
    /// Help for household members, in the order it was asked for.
    #[serde(default)]
    pub help: Vec<Help>,
    /// Signals linked to the case after their assessment, oldest first.
    #[serde(default)]
    pub signals: Vec<LinkedSignal>,
    /// Up to when the case's lead looked at what the household added in the portal; what came later shows
    /// on their worklist.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub family_seen_until: Option<Timestamp>,
    /// The Raad's investigations, the requests to the court and the measures.
    #[serde(default)]
    pub justice: Justice,
    /// The family's correction requests and own statements (AVG art. 16).
    #[serde(default)]
    pub rectification: crate::correction::Rectification,
}

/// What the domain needs to know about a case's surroundings to judge a change; the access layer looks it
/// up from the directory, the household and the catalogue.
#[derive(Debug, Clone)]
pub struct CaseContext {
    /// Where the acting professional stands towards the case.
    pub standing: Standing,
    /// The household's current members.
    pub members: Vec<PersonId>,
    /// The region's organisations.
    pub organisations: Vec<OrganisationId>,
    /// The region's catalogue of help kinds.
    pub help_kinds: Vec<HelpKind>,
    /// The household's consents to share its data (those revoked included).
    pub consents: Vec<Consent>,
    /// Today, in the Netherlands.
    pub today: Date,
    /// Each current member's date of birth (for the children a court request concerns and who is to be
    /// heard).
    pub born: Vec<(PersonId, Date)>,
    /// The region's norms.
    pub norms: Norms,
    /// The region's route variant.
    pub variant: RouteVariant,
}

impl CaseContext {
    /// A current member's date of birth.
    pub fn born(&self, person: PersonId) -> Option<Date> {
        self.born.iter().find(|(p, _)| *p == person).map(|(_, d)| *d)
    }

    /// Refuses a person who is not a current member of the household.
    pub fn check_member(&self, field: &'static str, person: PersonId) -> Result<(), DomainError> {
        if self.members.contains(&person) {
            return Ok(());
        }
        Err(DomainError::invalid(
            field,
            "not_a_member",
            "this person is not a current member of the case's household",
            "deze persoon is geen huidig lid van het huishouden van de zaak",
        ))
    }
}

/// Whether an organisation kind belongs to the Regional Safety Team.
pub fn is_rvt(kind: OrganisationKind) -> bool {
    matches!(
        kind,
        OrganisationKind::Vt | OrganisationKind::Rvdk | OrganisationKind::Gi
    )
}

/// Where the acting professional stands towards a case; the access layer works it out from the directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// A member of the local team that runs the case (the team of its local lead).
    CaseTeam,
    /// A professional of the Regional Safety Team.
    Rvt,
    /// Anyone else.
    Outsider,
}

/// The case is scaled up: with which form, on which ground, and whom to hand the lead back to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ScaleUp {
    /// Consultation, joint work or transfer.
    pub form: ScaleForm,
    /// Why.
    pub ground: Ground,
    /// The RVT professional brought in.
    pub rvt_professional: ProfessionalId,
    /// Since when.
    #[schema(value_type = String, format = DateTime)]
    pub since: Timestamp,
    /// The lead before scaling up, to whom scaling down hands the case back.
    pub local_lead: Lead,
    /// A consultation's answer is due on this working day.
    #[schema(value_type = Option<String>, format = Date)]
    pub deadline: Option<Date>,
    /// When the RVT answered the consultation.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub answered_at: Option<Timestamp>,
    /// The RVT's answer, in its words.
    #[serde(default)]
    pub answer: Option<String>,
    /// What the RVT proposes with its answer: advice only, joint work or a transfer.
    #[serde(default)]
    pub proposal: Option<ScaleForm>,
    /// When the case's lead read the answer; until then it is on their worklist.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub answer_seen_at: Option<Timestamp>,
    /// On what basis the household's data went to the RVT: a legal ground or a consent; none for a
    /// consultation that stays anonymous (F18).
    #[serde(default)]
    pub basis: Option<Basis>,
}

impl Route {
    /// Whether something the household added in the portal at `at` came after the lead last looked.
    pub fn family_unseen(&self, at: Timestamp) -> bool {
        self.family_seen_until.is_none_or(|seen| at > seen)
    }
}

impl ScaleUp {
    /// Whether `actor`, standing as `standing` towards the case, acts for the local team in this scale-up:
    /// one of its local lead, or a colleague of the local team's in the case team. Joint work and a
    /// transfer put the RVT's professional in the lead, so the RVT's colleagues stand in the case team too;
    /// they are not the local team.
    pub fn local_side(&self, actor: &Actor, standing: Standing) -> bool {
        self.local_lead.includes(actor.professional)
            || (standing == Standing::CaseTeam && actor.kind == OrganisationKind::LocalTeam)
    }

    /// A consultation still unanswered after its deadline.
    pub fn consultation_overdue(&self, today: Date) -> bool {
        self.consultation_open() && self.deadline.is_some_and(|d| d < today)
    }

    /// A consultation waiting for the RVT's answer.
    pub fn consultation_open(&self) -> bool {
        self.form == ScaleForm::Consultation && self.answered_at.is_none()
    }

    /// An answer to the consultation that the lead has not read yet.
    pub fn answer_unseen(&self) -> bool {
        self.answered_at.is_some() && self.answer_seen_at.is_none()
    }
}

/// A request to scale up, validated by [`Case::scale_up`].
#[derive(Debug, Clone)]
pub struct ScaleUpRequest {
    /// The form.
    pub form: ScaleForm,
    /// The ground.
    pub ground: Ground,
    /// The RVT professional with their organisation, looked up by the caller.
    pub rvt_professional: Actor,
    /// For a consultation: the working day the answer is due (today or later).
    pub deadline: Option<Date>,
    /// Why, in the actor's words.
    pub reason: Reason,
}

impl Case {
    /// The checks every piece of plan work starts with (analysis, plan, help): the actor's organisation
    /// has the task, the actor is in the case team or the RVT, and the case is open (else a conflict on
    /// `field`).
    pub(crate) fn check_plan_work(
        &self,
        ctx: &CaseContext,
        actor: &Actor,
        field: &'static str,
    ) -> Result<(), DomainError> {
        require(actor.kind, Action::WorkOnPlan)?;
        check_standing(ctx.standing)?;
        if !self.is_open() {
            return Err(closed_error(Some(field)));
        }
        Ok(())
    }
}

/// Refuses an actor who is not the case's lead (alone or in the duo).
fn only_the_lead() -> DomainError {
    DomainError::forbidden(
        "not_lead",
        "only the case's lead marks this as read",
        "alleen de vaste contactpersoon van de zaak markeert dit als gelezen",
    )
}

/// Refuses an actor who is neither in the case's local team nor in the Regional Safety Team.
pub(crate) fn check_standing(standing: Standing) -> Result<(), DomainError> {
    if standing == Standing::Outsider {
        return Err(DomainError::forbidden(
            "not_case_team",
            "only professionals of the case's local team or of the Regional Safety Team work on this case's route",
            "alleen professionals van het lokaal team van de zaak of van het Regionaal Veiligheidsteam werken aan de route van deze zaak",
        ));
    }
    Ok(())
}

impl Case {
    /// Scales the case up to the RVT (F9). A consultation keeps the lead and needs a deadline; joint work
    /// makes the lead a duo with the RVT professional; a transfer hands the lead to them. A case under
    /// consultation can be scaled up further to joint work or a transfer; otherwise it must be scaled down
    /// first.
    pub fn scale_up(
        &self,
        request: ScaleUpRequest,
        ctx: &CaseContext,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        require(actor.kind, Action::ScaleUp)?;
        check_standing(ctx.standing)?;
        let today = ctx.today;
        if !self.is_open() {
            return Err(closed_error(Some("form")));
        }
        ctx.variant.check_form("form", request.form)?;
        let rvt = request.rvt_professional;
        let rvt_id = rvt.professional;
        if !is_rvt(rvt.kind) {
            return Err(DomainError::invalid(
                "rvt_professional",
                "not_rvt",
                "scaling up brings in a professional of Veilig Thuis, the Raad voor de Kinderbescherming or a GI",
                "opschalen brengt een professional van Veilig Thuis, de Raad voor de Kinderbescherming of een GI in",
            ));
        }
        let local_lead = match &self.route.scale {
            None => self.lead,
            Some(s) if s.form == ScaleForm::Consultation && request.form != ScaleForm::Consultation => s.local_lead,
            Some(s) => {
                return Err(DomainError::conflict(
                    Some("form"),
                    "already_scaled_up",
                    format!("the case is already scaled up ({:?}); scale down first", s.form).to_lowercase(),
                    format!("de zaak is al opgeschaald ({}); schaal eerst af", s.form.label_nl()),
                ));
            }
        };
        let deadline = match (request.form, request.deadline) {
            (ScaleForm::Consultation, None) => {
                return Err(DomainError::invalid(
                    "deadline",
                    "required",
                    "a consultation needs the working day by which the RVT answers",
                    "een consultatie heeft een werkdag nodig waarop het RVT antwoordt",
                ));
            }
            (ScaleForm::Consultation, Some(d)) if d < today => return Err(deadline_past("deadline")),
            (ScaleForm::Consultation, Some(d)) => Some(d),
            (_, Some(_)) => {
                return Err(DomainError::invalid(
                    "deadline",
                    "deadline_only_for_consultation",
                    "only a consultation has an answer deadline",
                    "alleen een consultatie heeft een termijn voor het antwoord",
                ));
            }
            (_, None) => None,
        };
        // F18: the data goes to the RVT's organisation on a legal ground or a household member's consent;
        // a consultation without either stays anonymous, joint work or a transfer is refused.
        let purpose = Purpose::of_scale(request.form);
        let basis = basis_for(&rvt, purpose, request.ground, self.legal_frame, &ctx.consents, today);
        if basis.is_none() && request.form != ScaleForm::Consultation {
            return Err(missing_ground("form", purpose));
        }
        let lead = match request.form {
            ScaleForm::Consultation => self.lead,
            ScaleForm::JointWork => {
                let local = local_lead.primary;
                if local == rvt_id {
                    return Err(duo_same_person());
                }
                let (primary, secondary) = if ctx.variant.joint_work_rvt_leads {
                    (rvt_id, local)
                } else {
                    (local, rvt_id)
                };
                Lead {
                    primary,
                    secondary: Some(secondary),
                }
            }
            ScaleForm::Transfer => Lead {
                primary: rvt_id,
                secondary: None,
            },
        };
        let handoff = i32::from(lead != self.lead);
        let change = CaseChange::ScaledUp {
            form: request.form,
            ground: request.ground,
            rvt_professional: rvt_id,
            deadline,
            lead,
            basis: basis.clone(),
        };
        let mut next = Case {
            lead,
            handoffs: self.handoffs + handoff,
            ..self.clone()
        };
        next.route.scale = Some(ScaleUp {
            form: request.form,
            ground: request.ground,
            rvt_professional: rvt_id,
            since: at,
            local_lead,
            deadline,
            answered_at: None,
            answer: None,
            proposal: None,
            answer_seen_at: None,
            basis,
        });
        Ok(self.next(next, change, Some(request.reason), actor, at))
    }

    /// Records that the RVT answered a consultation, with what it proposes (advice only, joint work or a
    /// transfer); only the consulted RVT professional does. The lead accepts a proposal by scaling up to it
    /// ([`Case::scale_up`]) or declines it by marking the answer read.
    pub fn answer_consultation(
        &self,
        answer: Reason,
        proposal: Option<ScaleForm>,
        variant: &RouteVariant,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        require(actor.kind, Action::ScaleUp)?;
        if !self.is_open() {
            return Err(closed_error(None));
        }
        let Some(scale) = self.route.scale.as_ref().filter(|s| s.consultation_open()) else {
            return Err(DomainError::conflict(
                None,
                "no_open_consultation",
                "this case has no consultation waiting for an answer",
                "deze zaak heeft geen consultatie die op antwoord wacht",
            ));
        };
        if scale.rvt_professional != actor.professional {
            return Err(DomainError::forbidden(
                "not_consulted",
                "only the consulted RVT professional answers a consultation",
                "alleen de geconsulteerde professional van het RVT beantwoordt een consultatie",
            ));
        }
        if let Some(form) = proposal.filter(|f| *f != ScaleForm::Consultation) {
            variant.check_form("proposal", form)?;
        }
        let mut next = self.clone();
        if let Some(s) = next.route.scale.as_mut() {
            s.answered_at = Some(at);
            s.answer = Some(answer.as_str().to_owned());
            s.proposal = proposal;
        }
        Ok(self.next(
            next,
            CaseChange::ConsultationAnswered { proposal },
            Some(answer),
            actor,
            at,
        ))
    }

    /// Records that the case's lead read the RVT's answer to the consultation (and, where it proposed joint
    /// work or a transfer and the lead did not scale up, declined it). Only the lead does.
    pub fn mark_answer_seen(&self, actor: &Actor, at: Timestamp) -> Result<(Case, NewEvent), DomainError> {
        require(actor.kind, Action::ReadHouseholdFile)?;
        if !self.lead.includes(actor.professional) {
            return Err(only_the_lead());
        }
        if !self.route.scale.as_ref().is_some_and(ScaleUp::answer_unseen) {
            return Err(DomainError::conflict(
                None,
                "no_unread_answer",
                "this case has no answer from the RVT waiting to be read",
                "deze zaak heeft geen antwoord van het RVT dat nog gelezen moet worden",
            ));
        }
        let mut next = self.clone();
        if let Some(s) = next.route.scale.as_mut() {
            s.answer_seen_at = Some(at);
        }
        Ok(self.next(next, CaseChange::ConsultationAnswerSeen, None, actor, at))
    }

    /// Records that the case's lead looked at what the household added in the portal up to `until` (the
    /// moment of the latest contribution they saw), which takes it off their worklist. Only the lead does.
    pub fn mark_family_seen(
        &self,
        until: Timestamp,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        require(actor.kind, Action::ReadHouseholdFile)?;
        if !self.lead.includes(actor.professional) {
            return Err(only_the_lead());
        }
        if until > at {
            return Err(DomainError::invalid(
                "until",
                "in_future",
                "what was seen cannot be later than now",
                "wat gelezen is, kan niet later zijn dan nu",
            ));
        }
        if !self.route.family_unseen(until) {
            return Err(DomainError::conflict(
                Some("until"),
                "already_seen",
                "what the family added up to this moment was marked as read already",
                "wat het gezin tot dit moment toevoegde, is al als gelezen gemarkeerd",
            ));
        }
        let mut next = self.clone();
        next.route.family_seen_until = Some(until);
        Ok(self.next(next, CaseChange::FamilySeen { until }, None, actor, at))
    }

    /// Scales the case down: the RVT steps out and the lead returns to the local lead from before scaling up.
    pub fn scale_down(
        &self,
        reason: Reason,
        ctx: &CaseContext,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        require(actor.kind, Action::ScaleDown)?;
        check_standing(ctx.standing)?;
        if !self.is_open() {
            return Err(closed_error(None));
        }
        self.check_no_measure("reason", at)?;
        let Some(scale) = &self.route.scale else {
            return Err(DomainError::conflict(
                None,
                "not_scaled_up",
                "this case is not scaled up, so it cannot be scaled down",
                "deze zaak is niet opgeschaald en kan dus niet worden afgeschaald",
            ));
        };
        // A consultation never moved the lead; joint work and a transfer hand it back.
        let lead = match scale.form {
            ScaleForm::Consultation => self.lead,
            _ => scale.local_lead,
        };
        let change = CaseChange::ScaledDown { form: scale.form, lead };
        let mut next = Case {
            lead,
            handoffs: self.handoffs + i32::from(lead != self.lead),
            ..self.clone()
        };
        next.route.scale = None;
        Ok(self.next(next, change, Some(reason), actor, at))
    }
}

impl Case {
    /// Another professional takes over the part `from` holds in the scale-up (F9): the RVT's part — chosen
    /// by the local team, which brought the RVT in, or by the RVT — or the local team's, which only the
    /// local team hands on ([`ScaleUp::local_side`]). The form, the ground and a consultation's deadline and
    /// answer stay; the lead follows where the part was in it (the duo of joint work, the lead of a
    /// transfer or of a consultation). The RVT's part goes to a professional of an RVT organisation, with
    /// the basis to share the family's data worked out for that organisation (F18: joint work and a
    /// transfer need one); while a measure is in force its jeugdbeschermer is the RVT's part and changes
    /// through [`Case::hand_over_measures`]. The local team's part goes to a professional of a local team,
    /// or to the other one of a local duo, who then holds it alone.
    /// Work that cannot wait for a scale-down, such as a colleague's departure (F30), passes on this way.
    pub fn hand_over_scale_up(
        &self,
        from: ProfessionalId,
        to: &Actor,
        reason: Reason,
        ctx: &CaseContext,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        require(actor.kind, Action::ScaleUp)?;
        check_standing(ctx.standing)?;
        if !self.is_open() {
            return Err(closed_error(Some("to")));
        }
        let Some(scale) = &self.route.scale else {
            return Err(DomainError::conflict(
                Some("from"),
                "not_scaled_up",
                "this case is not scaled up, so there is no part of a scale-up to hand over",
                "Deze zaak is niet opgeschaald. Wijzig de vaste contactpersoon in plaats daarvan.",
            ));
        };
        let part = if from == scale.rvt_professional {
            ScalePart::Rvt
        } else if scale.local_lead.includes(from) {
            ScalePart::Local
        } else {
            return Err(DomainError::invalid(
                "from",
                "not_in_scale_up",
                "this professional holds no part of the scale-up",
                "Deze professional werkt niet aan de opschaling van deze zaak. Kies wie het werk overdraagt.",
            ));
        };
        match part {
            ScalePart::Rvt => self.check_no_measure("from", at)?,
            ScalePart::Local if !scale.local_side(actor, ctx.standing) => {
                return Err(DomainError::forbidden(
                    "not_local_team",
                    "the local team chooses who of the local team works on the case",
                    "Het lokaal team kiest zelf wie namens het lokaal team aan deze zaak werkt.",
                ));
            }
            ScalePart::Local => {}
        }
        if to.professional == from {
            return Err(DomainError::conflict(
                Some("to"),
                "same_professional",
                "this professional already holds this part",
                "Deze professional doet dit deel al. Kies een collega.",
            ));
        }
        // The other one of a local duo may take the part over: the local team is then one professional.
        let partner = part == ScalePart::Local && scale.local_lead.includes(to.professional);
        let taken = [self.lead, scale.local_lead]
            .iter()
            .any(|l| l.includes(to.professional));
        if (taken && !partner) || scale.rvt_professional == to.professional {
            return Err(DomainError::invalid(
                "to",
                "already_in_scale_up",
                "this professional already works on the scale-up in another part",
                "Deze professional werkt al aan de opschaling van deze zaak. Kies een andere collega.",
            ));
        }
        let swap = |p: ProfessionalId| if p == from { to.professional } else { p };
        let swap_lead = |l: Lead| {
            let primary = swap(l.primary);
            Lead {
                primary,
                secondary: l.secondary.map(swap).filter(|s| *s != primary),
            }
        };
        let mut next = self.clone();
        let mut shared = None;
        match part {
            ScalePart::Rvt => {
                if !is_rvt(to.kind) {
                    return Err(DomainError::invalid(
                        "to",
                        "not_rvt",
                        "the RVT's part goes to a professional of Veilig Thuis, the Raad voor de Kinderbescherming or a GI",
                        "Het deel van het RVT gaat naar een professional van Veilig Thuis, de Raad voor de Kinderbescherming of een GI.",
                    ));
                }
                let purpose = Purpose::of_scale(scale.form);
                let basis = basis_for(to, purpose, scale.ground, self.legal_frame, &ctx.consents, ctx.today);
                if basis.is_none() && scale.form != ScaleForm::Consultation {
                    return Err(missing_ground("to", purpose));
                }
                // Joint work and a transfer have the RVT's professional in the lead; a consultation has not.
                if scale.form != ScaleForm::Consultation {
                    next.lead = swap_lead(self.lead);
                }
                if let Some(s) = next.route.scale.as_mut() {
                    s.rvt_professional = to.professional;
                    s.basis = basis.clone();
                }
                shared = basis;
            }
            ScalePart::Local => {
                if to.kind != OrganisationKind::LocalTeam {
                    return Err(DomainError::invalid(
                        "to",
                        "not_local_team",
                        "the local team's part goes to a professional of a local team",
                        "Het deel van het lokaal team gaat naar een professional van een lokaal team.",
                    ));
                }
                // A transfer has the RVT's professional alone in the lead; the others have the local one in it.
                if scale.form != ScaleForm::Transfer {
                    next.lead = swap_lead(self.lead);
                }
                if let Some(s) = next.route.scale.as_mut() {
                    s.local_lead = swap_lead(s.local_lead);
                }
            }
        }
        let lead = (next.lead != self.lead).then_some(next.lead);
        next.handoffs += i32::from(lead.is_some());
        let change = CaseChange::ScaleUpHandedOver {
            part,
            from,
            to: to.professional,
            lead,
            basis: shared,
        };
        Ok(self.next(next, change, Some(reason), actor, at))
    }
}

pub(crate) fn deadline_past(field: &'static str) -> DomainError {
    DomainError::invalid(
        field,
        "deadline_past",
        "a deadline cannot lie before today",
        "een termijn kan niet vóór vandaag liggen",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::LegalFrame;
    use crate::ids::HouseholdId;
    use jiff::civil::date;

    use crate::fixtures::actor;

    fn reason(s: &str) -> Reason {
        Reason::parse("reason", s).unwrap()
    }

    const TODAY: Date = date(2026, 11, 23);

    fn ctx(standing: Standing) -> CaseContext {
        CaseContext {
            standing,
            members: vec![],
            organisations: vec![],
            help_kinds: vec![],
            consents: vec![],
            today: TODAY,
            born: vec![],
            norms: Norms::default(),
            variant: RouteVariant::default(),
        }
    }

    fn open(local: &Actor) -> Case {
        let lead = Lead::new((local.professional, local.kind), None).unwrap();
        Case::open(
            HouseholdId::new(),
            lead,
            LegalFrame::Voluntary,
            None,
            local,
            Timestamp::now(),
        )
        .unwrap()
        .0
    }

    fn request(form: ScaleForm, rvt: &Actor, deadline: Option<Date>) -> ScaleUpRequest {
        ScaleUpRequest {
            form,
            ground: Ground::StructuralUnsafety,
            rvt_professional: *rvt,
            deadline,
            reason: reason("Zorgen blijven terugkomen."),
        }
    }

    #[test]
    fn joint_work_makes_a_duo_and_scaling_down_hands_the_lead_back() {
        let local = actor(OrganisationKind::LocalTeam);
        let vt = actor(OrganisationKind::Vt);
        let case = open(&local);
        let (up, event) = case
            .scale_up(
                request(ScaleForm::JointWork, &vt, None),
                &ctx(Standing::CaseTeam),
                &local,
                Timestamp::now(),
            )
            .unwrap();
        assert_eq!(up.lead.secondary, Some(vt.professional));
        assert_eq!((up.handoffs, up.version, event.seq), (1, 2, 2));
        assert_eq!(event.change.kind(), "scaled_up");
        let (down, event) = up
            .scale_down(reason("Veilig genoeg."), &ctx(Standing::Rvt), &vt, Timestamp::now())
            .unwrap();
        assert_eq!(down.lead, case.lead);
        assert_eq!((down.handoffs, down.route.scale.as_ref()), (2, None));
        assert_eq!(event.change.kind(), "scaled_down");
    }

    /// A region's variant: no transfers, the RVT leads joint work, the local team may apply pressure after
    /// an answered consultation.
    fn other_variant() -> RouteVariant {
        RouteVariant {
            transfer: false,
            joint_work_rvt_leads: true,
            local_pressure_after_consultation: true,
            ..RouteVariant::default()
        }
    }

    #[test]
    fn the_regions_variant_decides_the_forms_and_who_leads_joint_work() {
        let local = actor(OrganisationKind::LocalTeam);
        let vt = actor(OrganisationKind::Vt);
        let case = open(&local);
        let variant = CaseContext {
            variant: other_variant(),
            ..ctx(Standing::CaseTeam)
        };
        let refused = case
            .scale_up(
                request(ScaleForm::Transfer, &vt, None),
                &variant,
                &local,
                Timestamp::now(),
            )
            .unwrap_err();
        assert_eq!((refused.field, refused.code), (Some("form"), "form_not_in_variant"));
        assert!(refused.nl.contains("consultatie of samenwerking"), "{}", refused.nl);
        let (up, _) = case
            .scale_up(
                request(ScaleForm::JointWork, &vt, None),
                &variant,
                &local,
                Timestamp::now(),
            )
            .unwrap();
        assert_eq!(
            (up.lead.primary, up.lead.secondary),
            (vt.professional, Some(local.professional)),
            "the RVT professional leads the duo"
        );
        let (down, _) = up
            .scale_down(reason("Veilig genoeg."), &ctx(Standing::Rvt), &vt, Timestamp::now())
            .unwrap();
        assert_eq!(down.lead, case.lead, "the lead returns to the local team");
    }

    #[test]
    fn the_local_team_applies_pressure_only_after_an_answered_consultation_where_the_variant_allows() {
        let local = actor(OrganisationKind::LocalTeam);
        let vt = actor(OrganisationKind::Vt);
        let case = open(&local);
        let pressure = |c: &Case, v: &RouteVariant| {
            c.change_legal_frame(
                LegalFrame::Pressure,
                reason("Drang nodig."),
                v,
                &local,
                Timestamp::now(),
            )
        };
        let variant = other_variant();
        assert_eq!(pressure(&case, &variant).unwrap_err().code, "statutory_task");
        let (consulted, _) = case
            .scale_up(
                request(ScaleForm::Consultation, &vt, Some(date(2026, 11, 30))),
                &ctx(Standing::CaseTeam),
                &local,
                Timestamp::now(),
            )
            .unwrap();
        assert_eq!(
            pressure(&consulted, &variant).unwrap_err().code,
            "statutory_task",
            "not yet answered"
        );
        // The RVT may not propose a form the region does not use.
        let refused = consulted
            .answer_consultation(
                reason("Advies"),
                Some(ScaleForm::Transfer),
                &variant,
                &vt,
                Timestamp::now(),
            )
            .unwrap_err();
        assert_eq!((refused.field, refused.code), (Some("proposal"), "form_not_in_variant"));
        let (answered, _) = consulted
            .answer_consultation(reason("Zet drang in."), None, &variant, &vt, Timestamp::now())
            .unwrap();
        let (under_pressure, _) = pressure(&answered, &variant).unwrap();
        assert_eq!(under_pressure.legal_frame, LegalFrame::Pressure);
        assert_eq!(
            pressure(&answered, &RouteVariant::default()).unwrap_err().code,
            "statutory_task",
            "the base variant leaves pressure to the RVT"
        );
    }

    #[test]
    fn a_variant_keeps_at_least_one_form_of_scaling_up() {
        assert!(other_variant().check().is_ok());
        let none = RouteVariant {
            consultation: false,
            joint_work: false,
            transfer: false,
            ..RouteVariant::default()
        };
        assert_eq!(none.check().unwrap_err().code, "no_scale_form");
    }

    #[test]
    fn a_transfer_hands_the_lead_to_the_rvt_and_a_consultation_keeps_it() {
        let local = actor(OrganisationKind::LocalTeam);
        let gi = actor(OrganisationKind::Gi);
        let case = open(&local);
        // F18: a GI has no legal ground in a voluntary case, so a transfer needs the family's consent.
        let refused = case
            .scale_up(
                request(ScaleForm::Transfer, &gi, None),
                &ctx(Standing::CaseTeam),
                &local,
                Timestamp::now(),
            )
            .unwrap_err();
        assert_eq!((refused.field, refused.code), (Some("form"), "missing_ground"));
        let consent = crate::fixtures::consent(case.household_id, Purpose::RvtTransfer, &gi);
        let consenting = CaseContext {
            consents: vec![consent.clone()],
            ..ctx(Standing::CaseTeam)
        };
        let (transferred, _) = case
            .scale_up(
                request(ScaleForm::Transfer, &gi, None),
                &consenting,
                &local,
                Timestamp::now(),
            )
            .unwrap();
        assert_eq!(
            transferred.route.scale.as_ref().and_then(|s| s.basis.clone()),
            Some(Basis::Consent {
                consent: consent.id,
                person: consent.person
            })
        );
        assert_eq!(transferred.lead.primary, gi.professional);
        assert_eq!(transferred.handoffs, 1);
        let deadline = Some(date(2026, 11, 30));
        let (consulted, _) = case
            .scale_up(
                request(ScaleForm::Consultation, &gi, deadline),
                &ctx(Standing::CaseTeam),
                &local,
                Timestamp::now(),
            )
            .unwrap();
        assert_eq!((consulted.lead, consulted.handoffs), (case.lead, 0));
        assert!(
            consulted
                .route
                .scale
                .as_ref()
                .unwrap()
                .consultation_overdue(date(2026, 12, 1))
        );
        assert!(
            !consulted
                .route
                .scale
                .as_ref()
                .unwrap()
                .consultation_overdue(date(2026, 11, 30))
        );
        // Only the consulted professional answers; then it is no longer overdue.
        assert_eq!(
            consulted
                .answer_consultation(
                    reason("Advies"),
                    None,
                    &RouteVariant::default(),
                    &local,
                    Timestamp::now()
                )
                .unwrap_err()
                .code,
            "not_consulted"
        );
        let (answered, _) = consulted
            .answer_consultation(reason("Advies"), None, &RouteVariant::default(), &gi, Timestamp::now())
            .unwrap();
        assert!(
            !answered
                .route
                .scale
                .as_ref()
                .unwrap()
                .consultation_overdue(date(2026, 12, 1))
        );
        // A consultation can escalate to joint work (with Veilig Thuis, on the meldrecht); the local lead to
        // hand back stays the original one.
        let vt = actor(OrganisationKind::Vt);
        let (joint, _) = answered
            .scale_up(
                request(ScaleForm::JointWork, &vt, None),
                &ctx(Standing::CaseTeam),
                &local,
                Timestamp::now(),
            )
            .unwrap();
        assert_eq!(joint.route.scale.as_ref().unwrap().local_lead, case.lead);
    }

    #[test]
    fn refusals_name_the_rule() {
        let local = actor(OrganisationKind::LocalTeam);
        let vt = actor(OrganisationKind::Vt);
        let other_local = actor(OrganisationKind::LocalTeam);
        let case = open(&local);
        let up = |c: &Case, r, standing, who: &Actor| c.scale_up(r, &ctx(standing), who, Timestamp::now());
        let code = |r: Result<(Case, NewEvent), DomainError>| r.unwrap_err().code;
        assert_eq!(
            code(case.scale_down(reason("x"), &ctx(Standing::CaseTeam), &local, Timestamp::now())),
            "not_scaled_up"
        );
        assert_eq!(
            code(up(
                &case,
                request(ScaleForm::JointWork, &vt, None),
                Standing::Outsider,
                &other_local
            )),
            "not_case_team"
        );
        assert_eq!(
            code(up(
                &case,
                request(ScaleForm::JointWork, &other_local, None),
                Standing::CaseTeam,
                &local
            )),
            "not_rvt"
        );
        assert_eq!(
            code(up(
                &case,
                request(ScaleForm::Consultation, &vt, None),
                Standing::CaseTeam,
                &local
            )),
            "required"
        );
        let yesterday = Some(date(2026, 11, 22));
        assert_eq!(
            code(up(
                &case,
                request(ScaleForm::Consultation, &vt, yesterday),
                Standing::CaseTeam,
                &local
            )),
            "deadline_past"
        );
        let (joint, _) = up(
            &case,
            request(ScaleForm::JointWork, &vt, None),
            Standing::CaseTeam,
            &local,
        )
        .unwrap();
        assert_eq!(
            code(up(&joint, request(ScaleForm::Transfer, &vt, None), Standing::Rvt, &vt)),
            "already_scaled_up"
        );
        let police = actor(OrganisationKind::Police);
        assert_eq!(
            code(up(
                &case,
                request(ScaleForm::Transfer, &vt, None),
                Standing::Outsider,
                &police
            )),
            "statutory_task"
        );
    }

    proptest::proptest! {
        /// Whatever sequence of scaling up and down, lead changes and hand-overs is tried, in either variant
        /// of who leads joint work, the lead is never empty, every change of lead is counted as a handoff,
        /// a hand-over changes one professional and puts the new RVT professional in the lead of joint work
        /// and a transfer, and scaling down returns the lead to the local lead as the model keeps it: the
        /// lead before the first scale-up, changed during a consultation or by handing the local part on.
        #[test]
        fn scaling_keeps_the_lead_and_counts_handoffs(
            steps in proptest::collection::vec(0u8..9, 1..16),
            rvt_leads in proptest::bool::ANY,
        ) {
            let local = actor(OrganisationKind::LocalTeam);
            let colleague = actor(OrganisationKind::LocalTeam);
            let vt = actor(OrganisationKind::Vt);
            let other_vt = actor(OrganisationKind::Vt);
            let variant = RouteVariant { joint_work_rvt_leads: rvt_leads, ..RouteVariant::default() };
            let ctx = |standing| CaseContext { variant, ..ctx(standing) };
            let mut case = open(&local);
            // The model's local lead: whom a scale-down returns the case to.
            let mut local_lead = case.lead;
            for step in steps {
                let form = [ScaleForm::Consultation, ScaleForm::JointWork, ScaleForm::Transfer].get(usize::from(step));
                let other = if case.lead.primary == local.professional { &colleague } else { &local };
                let scale = case.route.scale.as_ref();
                let rvt = scale.map_or(vt.professional, |s| s.rvt_professional);
                let rvt_actor = if rvt == vt.professional { &vt } else { &other_vt };
                let next_rvt = if rvt == vt.professional { &other_vt } else { &vt };
                let next_local = if local_lead.primary == local.professional { &colleague } else { &local };
                let why = reason("Collega");
                let result = match (form, step) {
                    (_, 6) => case.hand_over_scale_up(rvt, next_rvt, why, &ctx(Standing::Rvt), rvt_actor, Timestamp::now()),
                    (_, 7) => case.hand_over_scale_up(local_lead.primary, next_local, why, &ctx(Standing::CaseTeam), &local, Timestamp::now()),
                    (_, 8) => case.hand_over_scale_up(rvt, next_rvt, why, &ctx(Standing::CaseTeam), &local, Timestamp::now()),
                    (Some(form), _) => case.scale_up(
                        request(*form, rvt_actor, Some(TODAY)),
                        &ctx(Standing::Rvt),
                        &vt,
                        Timestamp::now(),
                    ),
                    (None, 3) => case.scale_down(why, &ctx(Standing::Rvt), &vt, Timestamp::now()),
                    _ => case.change_lead(
                        Lead::new((other.professional, other.kind), None).unwrap(),
                        why,
                        &local,
                        Timestamp::now(),
                    ),
                };
                if let Ok((next, event)) = result {
                    proptest::prop_assert_eq!(next.handoffs - case.handoffs, i32::from(next.lead != case.lead));
                    proptest::prop_assert_eq!(event.seq, next.version);
                    match &event.change {
                        CaseChange::ScaledDown { .. } => {
                            proptest::prop_assert_eq!(next.lead, local_lead);
                            proptest::prop_assert!(next.route.scale.is_none());
                        }
                        CaseChange::LeadChanged { .. } => {
                            let form = case.route.scale.as_ref().map(|s| s.form);
                            proptest::prop_assert!(matches!(form, None | Some(ScaleForm::Consultation)));
                            local_lead = next.lead;
                        }
                        CaseChange::ScaleUpHandedOver { part, .. } => {
                            let (before, after) = (case.route.scale.as_ref().unwrap(), next.route.scale.as_ref().unwrap());
                            proptest::prop_assert_eq!((before.form, before.ground), (after.form, after.ground));
                            match part {
                                ScalePart::Rvt => {
                                    proptest::prop_assert_eq!(after.rvt_professional, next_rvt.professional);
                                    let leads = after.form != ScaleForm::Consultation;
                                    proptest::prop_assert_eq!(next.lead.includes(next_rvt.professional), leads);
                                    proptest::prop_assert!(!next.lead.includes(rvt));
                                }
                                ScalePart::Local => {
                                    local_lead = Lead { primary: next_local.professional, ..local_lead };
                                    proptest::prop_assert_eq!(after.rvt_professional, before.rvt_professional);
                                    let leads = after.form != ScaleForm::Transfer;
                                    proptest::prop_assert_eq!(next.lead.includes(next_local.professional), leads);
                                }
                            }
                            proptest::prop_assert_eq!(after.local_lead, local_lead);
                            proptest::prop_assert!(!after.local_lead.includes(after.rvt_professional));
                        }
                        _ => {}
                    }
                    case = next;
                }
            }
        }
    }

    #[test]
    fn each_part_of_a_scale_up_is_handed_over_and_a_scale_down_returns_to_the_new_local_lead() {
        let (local, colleague) = (actor(OrganisationKind::LocalTeam), actor(OrganisationKind::LocalTeam));
        let (vt, vt_colleague) = (actor(OrganisationKind::Vt), actor(OrganisationKind::Vt));
        let case = open(&local);
        let up = |form| {
            case.scale_up(
                request(form, &vt, None),
                &ctx(Standing::CaseTeam),
                &local,
                Timestamp::now(),
            )
            .unwrap()
            .0
        };
        let hand = |c: &Case, from: &Actor, to: &Actor, by: &Actor, standing| {
            c.hand_over_scale_up(
                from.professional,
                to,
                reason("Mijn collega neemt het over."),
                &ctx(standing),
                by,
                Timestamp::now(),
            )
        };
        // Joint work: the RVT's part, by the RVT's colleague, then the local team's part, by the local team.
        let joint = up(ScaleForm::JointWork);
        let (rvt_swapped, event) = hand(&joint, &vt, &vt_colleague, &vt_colleague, Standing::Rvt).unwrap();
        assert_eq!(
            (rvt_swapped.lead.primary, rvt_swapped.lead.secondary),
            (local.professional, Some(vt_colleague.professional))
        );
        let scale = rvt_swapped.route.scale.as_ref().unwrap();
        assert_eq!(
            (scale.rvt_professional, scale.form),
            (vt_colleague.professional, ScaleForm::JointWork)
        );
        assert_eq!(
            (rvt_swapped.handoffs, event.change.kind()),
            (joint.handoffs + 1, "scale_up_handed_over")
        );
        let CaseChange::ScaleUpHandedOver { part, basis, lead, .. } = &event.change else {
            panic!("{:?}", event.change);
        };
        assert_eq!((*part, *lead), (ScalePart::Rvt, Some(rvt_swapped.lead)));
        assert!(basis.is_some(), "Veilig Thuis's legal ground for structural unsafety");
        assert!(
            event.change.summary_nl().contains("RVT"),
            "{}",
            event.change.summary_nl()
        );
        let (local_swapped, event) = hand(&rvt_swapped, &local, &colleague, &local, Standing::CaseTeam).unwrap();
        assert_eq!(local_swapped.lead.primary, colleague.professional);
        assert_eq!(
            local_swapped.route.scale.as_ref().unwrap().local_lead.primary,
            colleague.professional
        );
        assert!(matches!(
            event.change,
            CaseChange::ScaleUpHandedOver {
                part: ScalePart::Local,
                ..
            }
        ));
        let (down, _) = local_swapped
            .scale_down(
                reason("Veilig genoeg."),
                &ctx(Standing::CaseTeam),
                &colleague,
                Timestamp::now(),
            )
            .unwrap();
        assert_eq!((down.lead.primary, down.lead.secondary), (colleague.professional, None));
        // A transfer: the RVT leads, so the local team's part changes whom it returns to, not the lead.
        let transferred = up(ScaleForm::Transfer);
        let (returns, event) = hand(&transferred, &local, &colleague, &local, Standing::CaseTeam).unwrap();
        assert_eq!(
            (returns.lead, returns.handoffs),
            (transferred.lead, transferred.handoffs)
        );
        assert!(matches!(event.change, CaseChange::ScaleUpHandedOver { lead: None, .. }));
        assert_eq!(event.change.lead_after(), None);
        let (down, _) = returns
            .scale_down(reason("Terug."), &ctx(Standing::Rvt), &vt, Timestamp::now())
            .unwrap();
        assert_eq!(down.lead.primary, colleague.professional);
        let (taken, _) = hand(&transferred, &vt, &vt_colleague, &local, Standing::CaseTeam).unwrap();
        assert_eq!(
            taken.lead.primary, vt_colleague.professional,
            "the transfer's lead follows the RVT's part"
        );
        // A consultation: the RVT's part stays anonymous without a basis; the local part is the lead.
        let consulted = case
            .scale_up(
                request(ScaleForm::Consultation, &vt, Some(TODAY)),
                &ctx(Standing::CaseTeam),
                &local,
                Timestamp::now(),
            )
            .unwrap()
            .0;
        let gi = actor(OrganisationKind::Gi);
        let (to_gi, event) = hand(&consulted, &vt, &gi, &local, Standing::CaseTeam).unwrap();
        let scale = to_gi.route.scale.as_ref().unwrap();
        assert_eq!((scale.basis.as_ref(), scale.deadline), (None, Some(TODAY)));
        assert!(
            event.change.summary_nl().contains("zonder namen"),
            "{}",
            event.change.summary_nl()
        );
        let (lead_swapped, _) = hand(&consulted, &local, &colleague, &local, Standing::CaseTeam).unwrap();
        assert_eq!(lead_swapped.lead.primary, colleague.professional);
        assert_eq!(lead_swapped.route.scale.as_ref().unwrap().local_lead, lead_swapped.lead);
    }

    #[test]
    fn a_hand_over_in_a_scale_up_refuses_what_would_break_it() {
        let (local, colleague) = (actor(OrganisationKind::LocalTeam), actor(OrganisationKind::LocalTeam));
        let (vt, vt_colleague) = (actor(OrganisationKind::Vt), actor(OrganisationKind::Vt));
        let (gi, police) = (actor(OrganisationKind::Gi), actor(OrganisationKind::Police));
        let case = open(&local);
        let hand = |c: &Case, from: ProfessionalId, to: &Actor, by: &Actor, standing| {
            c.hand_over_scale_up(from, to, reason("Overdracht."), &ctx(standing), by, Timestamp::now())
                .map(|_| ())
                .unwrap_err()
        };
        let code = |e: DomainError| (e.field, e.code);
        let team = Standing::CaseTeam;
        assert_eq!(
            code(hand(&case, local.professional, &colleague, &local, team)),
            (Some("from"), "not_scaled_up")
        );
        let request = request(ScaleForm::JointWork, &vt, None);
        let joint = (case.scale_up(request, &ctx(team), &local, Timestamp::now()).unwrap()).0;
        let (l, v) = (local.professional, vt.professional);
        let refusals = [
            (
                colleague.professional,
                &vt_colleague,
                &local,
                team,
                (Some("from"), "not_in_scale_up"),
            ),
            (v, &vt, &local, team, (Some("to"), "same_professional")),
            (v, &local, &local, team, (Some("to"), "already_in_scale_up")),
            (l, &vt, &local, team, (Some("to"), "already_in_scale_up")),
            (v, &colleague, &local, team, (Some("to"), "not_rvt")),
            // Joint work shares the family's data: a GI has no legal ground in a voluntary frame, neither
            // for the RVT's part nor through the local team's.
            (v, &gi, &local, team, (Some("to"), "missing_ground")),
            (l, &gi, &local, team, (Some("to"), "not_local_team")),
            (l, &police, &local, team, (Some("to"), "not_local_team")),
            (l, &colleague, &vt, Standing::Rvt, (None, "not_local_team")),
            // The RVT professional leads joint work beside the local one, so the RVT's colleagues stand in
            // the case team; they are still not the local team.
            (l, &colleague, &vt_colleague, team, (None, "not_local_team")),
            (
                v,
                &vt_colleague,
                &vt_colleague,
                Standing::Outsider,
                (None, "not_case_team"),
            ),
        ];
        for (from, to, by, standing, expected) in refusals {
            assert_eq!(
                code(hand(&joint, from, to, by, standing)),
                expected,
                "{from:?} → {to:?}"
            );
        }
        assert_eq!(hand(&joint, v, &vt_colleague, &police, team).code, "statutory_task");
        let (closed, _) = joint.close(reason("Klaar."), &local, Timestamp::now()).unwrap();
        assert_eq!(
            code(hand(&closed, v, &vt_colleague, &local, team)),
            (Some("to"), "case_closed")
        );
    }

    #[test]
    fn under_a_measure_the_local_team_hands_its_part_on_and_the_jeugdbeschermer_stays() {
        let (local, colleague) = (actor(OrganisationKind::LocalTeam), actor(OrganisationKind::LocalTeam));
        let (gi, gi_colleague) = (actor(OrganisationKind::Gi), actor(OrganisationKind::Gi));
        // The measure's mandatory frame gives the GI its legal ground (Jeugdwet art. 7.3.11 lid 4).
        let case = Case {
            legal_frame: LegalFrame::Mandatory,
            ..open(&local)
        };
        let request = request(ScaleForm::JointWork, &gi, None);
        let mut joint = (case
            .scale_up(request, &ctx(Standing::CaseTeam), &local, Timestamp::now())
            .unwrap())
        .0;
        let child = crate::ids::PersonId::new();
        joint.route.justice.measures.push(crate::justice::Measure {
            number: 1,
            kind: crate::justice::MeasureKind::Supervision,
            child,
            start: date(2020, 1, 1),
            until: None,
            executor: crate::justice::Executor {
                organisation: gi.organisation,
                professional: gi.professional,
            },
            request: 1,
            extended_by: vec![],
            placed_on: None,
            ended_on: None,
        });
        let hand = |from: &Actor, to: &Actor, by: &Actor, standing| {
            joint.hand_over_scale_up(
                from.professional,
                to,
                reason("Overdracht."),
                &ctx(standing),
                by,
                Timestamp::now(),
            )
        };
        let refused = hand(&gi, &gi_colleague, &gi, Standing::Rvt).unwrap_err();
        assert_eq!((refused.field, refused.code), (Some("from"), "measure_in_force"));
        let (next, _) = hand(&local, &colleague, &local, Standing::CaseTeam).unwrap();
        assert_eq!(next.lead.primary, colleague.professional);
        assert_eq!(
            next.route.scale.as_ref().unwrap().rvt_professional,
            gi.professional,
            "the jeugdbeschermer stays"
        );
    }

    #[test]
    fn the_other_one_of_a_local_duo_takes_the_part_over_alone() {
        let (local, colleague) = (actor(OrganisationKind::LocalTeam), actor(OrganisationKind::LocalTeam));
        let vt = actor(OrganisationKind::Vt);
        let duo = Lead::new(
            (local.professional, local.kind),
            Some((colleague.professional, colleague.kind)),
        )
        .unwrap();
        let case = Case {
            lead: duo,
            ..open(&local)
        };
        let up = |form, deadline| {
            let request = request(form, &vt, deadline);
            (case
                .scale_up(request, &ctx(Standing::CaseTeam), &local, Timestamp::now())
                .unwrap())
            .0
        };
        let hand = |c: &Case| {
            let ctx = ctx(Standing::CaseTeam);
            c.hand_over_scale_up(
                local.professional,
                &colleague,
                reason("Ik ga weg."),
                &ctx,
                &local,
                Timestamp::now(),
            )
            .unwrap()
            .0
        };
        let alone = Lead {
            primary: colleague.professional,
            secondary: None,
        };
        // Joint work: the duo's local member is the colleague now, and a scale-down returns to them alone.
        let joint = hand(&up(ScaleForm::JointWork, None));
        assert_eq!(
            (joint.lead.primary, joint.lead.secondary),
            (colleague.professional, Some(vt.professional))
        );
        assert_eq!(joint.route.scale.as_ref().unwrap().local_lead, alone);
        // A consultation: the lead is the local duo, now one.
        let consulted = hand(&up(ScaleForm::Consultation, Some(TODAY)));
        assert_eq!(
            (consulted.lead, consulted.route.scale.as_ref().unwrap().local_lead),
            (alone, alone)
        );
        // A transfer: only whom it returns to changes; the RVT's professional leads on.
        let transfer = up(ScaleForm::Transfer, None);
        let returns = hand(&transfer);
        assert_eq!((returns.lead, returns.handoffs), (transfer.lead, transfer.handoffs));
        assert_eq!(returns.route.scale.as_ref().unwrap().local_lead, alone);
        // The duo's second hands to its first: the lead of joint work keeps its first, no handoff.
        let joint = up(ScaleForm::JointWork, None);
        let ctx = ctx(Standing::CaseTeam);
        let (kept, _) = joint
            .hand_over_scale_up(
                colleague.professional,
                &local,
                reason("Ik ga weg."),
                &ctx,
                &colleague,
                Timestamp::now(),
            )
            .unwrap();
        assert_eq!((kept.lead, kept.handoffs), (joint.lead, joint.handoffs));
        assert_eq!(
            kept.route.scale.as_ref().unwrap().local_lead,
            Lead {
                primary: local.professional,
                secondary: None
            }
        );
    }

    #[test]
    fn when_the_rvt_leads_joint_work_its_place_in_the_duo_passes_on() {
        let (local, colleague) = (actor(OrganisationKind::LocalTeam), actor(OrganisationKind::LocalTeam));
        let (vt, vt_colleague) = (actor(OrganisationKind::Vt), actor(OrganisationKind::Vt));
        let variant = CaseContext {
            variant: other_variant(),
            ..ctx(Standing::CaseTeam)
        };
        let case = open(&local);
        let joint = (case.scale_up(
            request(ScaleForm::JointWork, &vt, None),
            &variant,
            &local,
            Timestamp::now(),
        ))
        .unwrap()
        .0;
        let by_rvt = CaseContext {
            standing: Standing::Rvt,
            ..variant.clone()
        };
        let (rvt, _) = joint
            .hand_over_scale_up(
                vt.professional,
                &vt_colleague,
                reason("Ziek."),
                &by_rvt,
                &vt,
                Timestamp::now(),
            )
            .unwrap();
        assert_eq!(
            (rvt.lead.primary, rvt.lead.secondary),
            (vt_colleague.professional, Some(local.professional))
        );
        let (both, _) = rvt
            .hand_over_scale_up(
                local.professional,
                &colleague,
                reason("Verlof."),
                &variant,
                &local,
                Timestamp::now(),
            )
            .unwrap();
        assert_eq!(
            (both.lead.primary, both.lead.secondary),
            (vt_colleague.professional, Some(colleague.professional))
        );
        assert_eq!(both.handoffs, joint.handoffs + 2);
    }

    #[test]
    fn joint_work_with_oneself_is_not_a_duo() {
        let vt = actor(OrganisationKind::Vt);
        let lead = Lead::new((vt.professional, vt.kind), None).unwrap();
        let case = Case::open(
            HouseholdId::new(),
            lead,
            LegalFrame::Voluntary,
            None,
            &vt,
            Timestamp::now(),
        )
        .unwrap()
        .0;
        let err = case
            .scale_up(
                request(ScaleForm::JointWork, &vt, None),
                &ctx(Standing::Rvt),
                &vt,
                Timestamp::now(),
            )
            .unwrap_err();
        assert_eq!((err.code, err.field), ("duo_same_person", Some("lead.secondary")));
    }
}
