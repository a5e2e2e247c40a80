//! The case: one client route per household (F7), with a fixed contact person (F8) and an explicit legal
//! frame (F13). Every change is a pure function from the current case to the next one plus the event that
//! records it; the store writes both in one transaction.

use crate::analysis::Analysis;
use crate::directory::{Actor, OrganisationKind};
use crate::error::DomainError;
use crate::help::Help;
use crate::ids::{CaseId, EventId, HouseholdId, OrganisationId, PersonId, ProfessionalId, SignalId};
use crate::justice::{CourtDecision, CourtRequest, Hearing, Investigation, InvestigationOutcome, Measure};
use crate::plan::{ActionStatus, Evaluation, FamilyResponse, SafetyPlan};
use crate::policy::{Action, require};
use crate::route::{Ground, Route, RouteVariant, ScaleForm};
use crate::signal::{LinkedSignal, SignalKind};
use crate::text::Reason;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The phases of the one client route, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Vraag: the question or worry is heard.
    Question,
    /// Analyse: the joint analysis with the family.
    Analysis,
    /// Plan: the safety plan is made.
    Plan,
    /// Uitvoering: help is deployed and the plan carried out.
    Execution,
    /// Evaluatie: is it safe and going well enough?
    Evaluation,
    /// Afsluiting: the case is closed.
    Closed,
}

impl Phase {
    /// Every phase, in route order.
    pub const ALL: [Phase; 6] = [
        Self::Question,
        Self::Analysis,
        Self::Plan,
        Self::Execution,
        Self::Evaluation,
        Self::Closed,
    ];

    /// Stable code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Question => "question",
            Self::Analysis => "analysis",
            Self::Plan => "plan",
            Self::Execution => "execution",
            Self::Evaluation => "evaluation",
            Self::Closed => "closed",
        }
    }

    /// The Dutch name shown to users.
    pub fn label_nl(self) -> &'static str {
        match self {
            Self::Question => "vraag",
            Self::Analysis => "analyse",
            Self::Plan => "plan",
            Self::Execution => "uitvoering",
            Self::Evaluation => "evaluatie",
            Self::Closed => "afsluiting",
        }
    }

    /// Parses the stable code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == code)
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The legal frame of the help: always explicit (F13).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LegalFrame {
    /// Vrijwillig: help with the family's consent.
    Voluntary,
    /// Drang: pressure without a court order.
    Pressure,
    /// Gedwongen: a court measure is in force.
    Mandatory,
}

impl LegalFrame {
    /// Every frame.
    pub const ALL: [LegalFrame; 3] = [Self::Voluntary, Self::Pressure, Self::Mandatory];

    /// Stable code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Voluntary => "voluntary",
            Self::Pressure => "pressure",
            Self::Mandatory => "mandatory",
        }
    }

    /// The Dutch name shown to users.
    pub fn label_nl(self) -> &'static str {
        match self {
            Self::Voluntary => "vrijwillig",
            Self::Pressure => "drang",
            Self::Mandatory => "gedwongen",
        }
    }

    /// Parses the stable code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == code)
    }
}

/// The fixed contact person of a case: one professional, or a duo of two different ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Lead {
    /// The (first) fixed contact person.
    pub primary: ProfessionalId,
    /// The second of a duo.
    pub secondary: Option<ProfessionalId>,
}

impl Lead {
    /// Whether `professional` is this lead, alone or in the duo.
    pub fn includes(&self, professional: ProfessionalId) -> bool {
        self.primary == professional || self.secondary == Some(professional)
    }

    /// Builds a lead from professionals whose organisation kinds the caller has looked up. Each must work for
    /// an organisation that may lead cases, and a duo needs two different people.
    pub fn new(
        primary: (ProfessionalId, OrganisationKind),
        secondary: Option<(ProfessionalId, OrganisationKind)>,
    ) -> Result<Self, DomainError> {
        check_can_lead("lead.primary", primary.1)?;
        if let Some((id, kind)) = secondary {
            check_can_lead("lead.secondary", kind)?;
            if id == primary.0 {
                return Err(duo_same_person());
            }
        }
        Ok(Self {
            primary: primary.0,
            secondary: secondary.map(|s| s.0),
        })
    }
}

pub(crate) fn duo_same_person() -> DomainError {
    DomainError::invalid(
        "lead.secondary",
        "duo_same_person",
        "a duo needs two different professionals",
        "een duo bestaat uit twee verschillende professionals",
    )
}

fn check_can_lead(field: &'static str, kind: OrganisationKind) -> Result<(), DomainError> {
    require(kind, Action::LeadCase).map_err(|e| DomainError::invalid(field, "cannot_lead", e.en, e.nl))
}

/// A case: the one client route of one household.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Case {
    /// Identifier.
    pub id: CaseId,
    /// The household it is about.
    pub household_id: HouseholdId,
    /// Where on the route it is.
    pub phase: Phase,
    /// The fixed contact person or duo.
    pub lead: Lead,
    /// The legal frame.
    pub legal_frame: LegalFrame,
    /// When it was opened.
    pub opened_at: Timestamp,
    /// When it was closed, if it is.
    pub closed_at: Option<Timestamp>,
    /// How many times the lead changed (regiewissels).
    pub handoffs: i32,
    /// Optimistic version; equals the sequence number of the latest event.
    pub version: i64,
    /// Scaling, analysis, plan and help: the rest of the route's state.
    pub route: Route,
}

/// What changed, as recorded in the case's event log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CaseChange {
    /// The case was opened.
    Opened {
        /// The first fixed contact person.
        lead: Lead,
        /// The first legal frame.
        legal_frame: LegalFrame,
    },
    /// The case moved to another phase.
    PhaseChanged {
        /// Previous phase.
        from: Phase,
        /// New phase.
        to: Phase,
    },
    /// The lead changed (a handoff, regiewissel).
    LeadChanged {
        /// Previous lead.
        from: Lead,
        /// New lead.
        to: Lead,
    },
    /// The legal frame changed.
    LegalFrameChanged {
        /// Previous frame.
        from: LegalFrame,
        /// New frame.
        to: LegalFrame,
    },
    /// The case was closed.
    Closed {
        /// The phase it was closed from.
        from: Phase,
    },
    /// The Regional Safety Team was brought in (opschalen).
    ScaledUp {
        /// Consultation, joint work or transfer.
        form: ScaleForm,
        /// Why, in the shared language.
        ground: Ground,
        /// The RVT professional brought in.
        rvt_professional: ProfessionalId,
        /// A consultation's answer deadline.
        #[schema(value_type = Option<String>, format = Date)]
        deadline: Option<Date>,
        /// The lead afterwards (unchanged for a consultation).
        lead: Lead,
        /// On what basis the household's data went to the RVT; none for an anonymous consultation.
        #[serde(default)]
        basis: Option<crate::consent::Basis>,
    },
    /// The RVT answered a consultation (the answer is the event's reason).
    ConsultationAnswered {
        /// What the RVT proposes: advice only (stay a consultation), joint work or a transfer; the lead
        /// accepts it by scaling up, or declines it.
        #[serde(default)]
        proposal: Option<ScaleForm>,
    },
    /// The case's lead read the RVT's answer to the consultation; it leaves their worklist.
    ConsultationAnswerSeen,
    /// The case's lead looked at what the household added in the portal up to `until`; what came later
    /// stays on their worklist.
    FamilySeen {
        /// The moment of the latest contribution the lead saw.
        #[schema(value_type = String, format = DateTime)]
        until: Timestamp,
    },
    /// Another professional took over a part of the scale-up (F9, F30): the RVT's part, or the local
    /// team's (its member of a duo, or whom a scale-down hands the case back to).
    ScaleUpHandedOver {
        /// Whose part changed hands.
        part: crate::route::ScalePart,
        /// Who handed it over.
        from: ProfessionalId,
        /// Who took it over.
        to: ProfessionalId,
        /// The lead afterwards, when it changed (the part was in it).
        #[serde(default)]
        lead: Option<Lead>,
        /// For the RVT's part: on what basis the household's data goes to the new professional's
        /// organisation; none for a consultation that stays anonymous.
        #[serde(default)]
        basis: Option<crate::consent::Basis>,
    },
    /// The case was handed back to the local team (afschalen).
    ScaledDown {
        /// The form that ended.
        form: ScaleForm,
        /// The lead afterwards: the local lead from before scaling up.
        lead: Lead,
    },
    /// A new version of the joint analysis, recorded whole.
    AnalysisRecorded {
        /// The version.
        analysis: Analysis,
    },
    /// A new version of the safety plan, recorded whole.
    PlanRecorded {
        /// The version.
        plan: SafetyPlan,
    },
    /// The family agreed or did not agree with a plan version.
    FamilyResponded {
        /// The plan version answered.
        plan_version: u32,
        /// The answer.
        response: FamilyResponse,
    },
    /// A plan version was evaluated.
    PlanEvaluated {
        /// The plan version evaluated.
        plan_version: u32,
        /// The evaluation.
        evaluation: Evaluation,
    },
    /// An action of the plan changed status.
    ActionStatusChanged {
        /// The plan version.
        plan_version: u32,
        /// The action's number.
        number: u32,
        /// Previous status.
        from: ActionStatus,
        /// New status.
        to: ActionStatus,
    },
    /// Help was asked for a household member.
    HelpRequested {
        /// The help.
        help: Help,
    },
    /// Help started or ended.
    HelpUpdated {
        /// The help afterwards.
        help: Help,
    },
    /// An assessed signal was linked to the case (it opened it or joined it).
    SignalLinked {
        /// The signal.
        signal: LinkedSignal,
    },
    /// A colleague of the investigator took over the investigation after a signal's assessment (the
    /// reason is the event's reason).
    SignalInvestigationTakenOver {
        /// The signal whose assessment started it.
        signal_id: SignalId,
        /// Who investigates now.
        to: ProfessionalId,
        /// The lead afterwards, when it changed (the investigator was in it).
        #[serde(default)]
        lead: Option<Lead>,
    },
    /// The investigation after a signal's assessment was concluded (its findings are the event's reason).
    SignalInvestigationConcluded {
        /// The signal whose assessment started it.
        signal_id: SignalId,
    },
    /// The case's lead saw a linked signal.
    SignalSeen {
        /// The signal.
        signal_id: SignalId,
    },
    /// The Raad was asked to investigate (the request's reason is the event's reason).
    InvestigationRequested {
        /// The investigation as asked.
        investigation: Investigation,
    },
    /// The Raad accepted an investigation.
    InvestigationAccepted {
        /// The investigation's number.
        number: u32,
        /// The Raad's investigator.
        investigator: ProfessionalId,
        /// The day it is due.
        #[schema(value_type = String, format = Date)]
        deadline: Date,
    },
    /// Another professional of the Raad took over an investigation a colleague accepted (who leaves, falls
    /// ill, or whose work is shared out again).
    InvestigationTakenOver {
        /// The investigation's number.
        number: u32,
        /// The Raad's investigator from now on.
        investigator: ProfessionalId,
    },
    /// The Raad concluded an investigation: a request to the court, or back with advice.
    InvestigationConcluded {
        /// The investigation's number.
        number: u32,
        /// The conclusion.
        outcome: InvestigationOutcome,
        /// The request filed with the court, if it was.
        request: Option<CourtRequest>,
    },
    /// A request was filed with the court (an extension; a first request comes with the investigation's
    /// conclusion).
    CourtRequestFiled {
        /// The request.
        request: CourtRequest,
    },
    /// The court set the hearing of a request.
    HearingScheduled {
        /// The request's number.
        request: u32,
        /// The hearing.
        hearing: Hearing,
    },
    /// The court decided on a request (the decision's text is the event's reason). A grant puts the case
    /// in the mandatory frame and brings the GI in, by itself.
    CourtDecided {
        /// The request's number.
        request: u32,
        /// The decision.
        decision: CourtDecision,
        /// The measures it started or extended, as they are now.
        measures: Vec<Measure>,
        /// The frame afterwards, when it changed.
        legal_frame: Option<LegalFrame>,
        /// The lead afterwards, when it changed.
        lead: Option<Lead>,
    },
    /// A placement authorisation was used: the child was placed.
    PlacementRecorded {
        /// The measure's number.
        measure: u32,
        /// The day of placement.
        #[schema(value_type = String, format = Date)]
        on: Date,
    },
    /// A measure ended: early, or its expiry recorded.
    MeasureEnded {
        /// The measure's number.
        measure: u32,
        /// The day it ended.
        #[schema(value_type = String, format = Date)]
        on: Date,
        /// The frame afterwards, when it changed (the last measure ended).
        legal_frame: Option<LegalFrame>,
        /// The lead afterwards, when it changed (the jeugdbeschermer left with the last measure).
        #[serde(default)]
        lead: Option<Lead>,
    },
    /// The GI handed the measures it executes over to another of its jeugdbeschermers (a change of lead,
    /// F8).
    MeasuresHandedOver {
        /// The numbers of the measures whose jeugdbeschermer changed.
        measures: Vec<u32>,
        /// The numbers of the requests still at the court whose measure the new jeugdbeschermer is to
        /// execute.
        #[serde(default)]
        requests: Vec<u32>,
        /// The jeugdbeschermer who executes them now.
        to: ProfessionalId,
        /// The lead afterwards, when it changed (the jeugdbeschermer was in it).
        #[serde(default)]
        lead: Option<Lead>,
    },
    /// The organisation that filed a request still at the court named another jeugdbeschermer of the same
    /// GI in it.
    RequestExecutorChanged {
        /// The request's number.
        request: u32,
        /// The jeugdbeschermer named now.
        to: ProfessionalId,
    },
    /// A household member asked to correct an entry of the timeline.
    CorrectionRequested {
        /// The request.
        correction: crate::correction::Correction,
    },
    /// The lead extended the term of a correction request, telling the member why.
    CorrectionExtended {
        /// The request's number.
        number: u32,
        /// The member who asked.
        member: PersonId,
        /// The new last day.
        #[schema(value_type = String, format = Date)]
        due: Date,
    },
    /// The lead decided on a correction request.
    CorrectionDecided {
        /// The request's number.
        number: u32,
        /// The member who asked.
        member: PersonId,
        /// The timeline entry it is about.
        entry: i64,
        /// The decision.
        decision: crate::correction::CorrectionDecision,
    },
    /// A household member added their own statement beside an entry.
    OwnStatementAdded {
        /// The statement.
        statement: crate::correction::OwnStatement,
    },
    /// A household member filed a complaint about a decision with the organisation that made it.
    ComplaintFiled {
        /// The complaint.
        complaint: crate::complaint::Complaint,
    },
    /// A household member asked to destroy the household's file (Jeugdwet art. 7.3.9).
    DestructionRequested {
        /// The request.
        request: crate::retention::DestructionRequest,
    },
    /// The lead decided on a request to destroy the file; a grant is destroyed with the file itself.
    DestructionDecided {
        /// The request's number.
        number: u32,
        /// The member who asked.
        member: PersonId,
        /// The decision.
        decision: crate::retention::DestructionDecision,
    },
    /// Two person records turned out to be one person: `retired` is merged into `survivor`, and the route
    /// names the survivor from now on (`crate::merge`).
    PersonsMerged {
        /// The record that stays.
        survivor: PersonId,
        /// The record merged into it.
        retired: PersonId,
        /// The route as it was, for an undo.
        #[schema(value_type = Object)]
        before: Box<Route>,
    },
    /// A merge of two person records was undone: the route is as it was before it.
    PersonsUnmerged {
        /// The record that stayed.
        survivor: PersonId,
        /// The record merged into it, separate again.
        retired: PersonId,
    },
    /// The organisation decided on a complaint.
    ComplaintDecided {
        /// The complaint's number.
        number: u32,
        /// The member who complained.
        member: PersonId,
        /// The decision.
        decision: crate::complaint::ComplaintDecision,
    },
}

impl CaseChange {
    /// The stable kind code stored beside the payload.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Opened { .. } => "opened",
            Self::PhaseChanged { .. } => "phase_changed",
            Self::LeadChanged { .. } => "lead_changed",
            Self::LegalFrameChanged { .. } => "legal_frame_changed",
            Self::Closed { .. } => "closed",
            Self::ScaledUp { .. } => "scaled_up",
            Self::ConsultationAnswered { .. } => "consultation_answered",
            Self::ConsultationAnswerSeen => "consultation_answer_seen",
            Self::FamilySeen { .. } => "family_seen",
            Self::ScaleUpHandedOver { .. } => "scale_up_handed_over",
            Self::ScaledDown { .. } => "scaled_down",
            Self::AnalysisRecorded { .. } => "analysis_recorded",
            Self::PlanRecorded { .. } => "plan_recorded",
            Self::FamilyResponded { .. } => "family_responded",
            Self::PlanEvaluated { .. } => "plan_evaluated",
            Self::ActionStatusChanged { .. } => "action_status_changed",
            Self::HelpRequested { .. } => "help_requested",
            Self::HelpUpdated { .. } => "help_updated",
            Self::SignalLinked { .. } => "signal_linked",
            Self::SignalInvestigationTakenOver { .. } => "signal_investigation_taken_over",
            Self::SignalInvestigationConcluded { .. } => "signal_investigation_concluded",
            Self::SignalSeen { .. } => "signal_seen",
            Self::InvestigationRequested { .. } => "investigation_requested",
            Self::InvestigationAccepted { .. } => "investigation_accepted",
            Self::InvestigationTakenOver { .. } => "investigation_taken_over",
            Self::InvestigationConcluded { .. } => "investigation_concluded",
            Self::CourtRequestFiled { .. } => "court_request_filed",
            Self::HearingScheduled { .. } => "hearing_scheduled",
            Self::CourtDecided { .. } => "court_decided",
            Self::PlacementRecorded { .. } => "placement_recorded",
            Self::MeasureEnded { .. } => "measure_ended",
            Self::MeasuresHandedOver { .. } => "measures_handed_over",
            Self::RequestExecutorChanged { .. } => "request_executor_changed",
            Self::CorrectionRequested { .. } => "correction_requested",
            Self::CorrectionExtended { .. } => "correction_extended",
            Self::CorrectionDecided { .. } => "correction_decided",
            Self::OwnStatementAdded { .. } => "own_statement_added",
            Self::ComplaintFiled { .. } => "complaint_filed",
            Self::ComplaintDecided { .. } => "complaint_decided",
            Self::DestructionRequested { .. } => "destruction_requested",
            Self::PersonsMerged { .. } => "persons_merged",
            Self::PersonsUnmerged { .. } => "persons_unmerged",
            Self::DestructionDecided { .. } => "destruction_decided",
        }
    }

    /// The change in plain Dutch, as a timeline shows it to professionals and the family.
    pub fn summary_nl(&self) -> String {
        match self {
            Self::Opened { legal_frame, .. } => format!("Zaak geopend, kader {}", legal_frame.label_nl()),
            Self::PhaseChanged { from, to } => format!("Fase gewijzigd van {} naar {}", from.label_nl(), to.label_nl()),
            Self::LeadChanged { to, .. } if to.secondary.is_some() => {
                "Vaste contactpersoon gewijzigd: nu een duo".into()
            }
            Self::LeadChanged { .. } => "Vaste contactpersoon gewijzigd".into(),
            Self::LegalFrameChanged { from, to } => {
                format!("Kader gewijzigd van {} naar {}", from.label_nl(), to.label_nl())
            }
            Self::Closed { from } => format!("Zaak afgesloten in de fase {}", from.label_nl()),
            Self::ScaledUp {
                form,
                ground,
                deadline,
                basis,
                ..
            } => {
                let shared = match basis {
                    None => "zonder namen: er is geen grondslag om ze te delen".to_owned(),
                    Some(b) => format!("gedeeld op {}", b.label_nl("een gezinslid")),
                };
                match deadline {
                    Some(d) => format!(
                        "Opgeschaald naar het RVT ({}) wegens {}, antwoord uiterlijk {}; {shared}",
                        form.label_nl(),
                        ground.label_nl(),
                        d.strftime("%d-%m-%Y")
                    ),
                    None => format!(
                        "Opgeschaald naar het RVT ({}) wegens {}; {shared}",
                        form.label_nl(),
                        ground.label_nl()
                    ),
                }
            }
            Self::ConsultationAnswered { proposal: None } => "Consultatie beantwoord door het RVT".into(),
            Self::ConsultationAnswered { proposal: Some(p) } => {
                format!(
                    "Consultatie beantwoord door het RVT, met als voorstel: {}",
                    p.proposal_nl()
                )
            }
            Self::ConsultationAnswerSeen => "Antwoord van het RVT gelezen".into(),
            Self::FamilySeen { .. } => "Inbreng van het gezin uit het portaal gelezen".into(),
            Self::ScaleUpHandedOver {
                part: crate::route::ScalePart::Local,
                ..
            } => "Een andere professional van het lokaal team neemt het deel van het lokaal team in de opschaling over"
                .into(),
            Self::ScaleUpHandedOver { basis, .. } => {
                let shared = match basis {
                    None => "zonder namen: er is geen grondslag om ze te delen".to_owned(),
                    Some(b) => format!("gedeeld op {}", b.label_nl("een gezinslid")),
                };
                format!(
                    "Een andere professional van het RVT neemt het deel van het RVT in de opschaling over; {shared}"
                )
            }
            Self::ScaledDown { form, .. } => format!("Afgeschaald naar het lokaal team (einde {})", form.label_nl()),
            Self::AnalysisRecorded { analysis } if analysis.disagreement.is_empty() => {
                format!("Gezamenlijke analyse versie {} vastgelegd", analysis.version)
            }
            Self::AnalysisRecorded { analysis } => format!(
                "Gezamenlijke analyse versie {} vastgelegd, met verschil van inzicht in de veiligheidsscores",
                analysis.version
            ),
            Self::PlanRecorded { plan } => format!(
                "Veiligheidsplan versie {} vastgelegd: {}, {}, {}",
                plan.version,
                count(plan.conditions.len(), "veiligheidsvoorwaarde", "veiligheidsvoorwaarden"),
                count(plan.goals.len(), "doel", "doelen"),
                count(plan.actions.len(), "actie", "acties")
            ),
            Self::FamilyResponded {
                plan_version,
                response: FamilyResponse::Agreed { .. },
            } => {
                format!("Gezin stemt in met veiligheidsplan versie {plan_version}")
            }
            Self::FamilyResponded { plan_version, .. } => {
                format!("Gezin stemt niet in met veiligheidsplan versie {plan_version}")
            }
            Self::PlanEvaluated {
                plan_version,
                evaluation,
            } => format!(
                "Veiligheidsplan versie {plan_version} geëvalueerd op {}",
                evaluation.on.strftime("%d-%m-%Y")
            ),
            Self::ActionStatusChanged { number, to, .. } => format!("Actie {number}: {}", to.label_nl()),
            Self::HelpRequested { help } => format!("Hulp aangevraagd: {} bij {}", help.kind_name_nl, help.provider),
            Self::HelpUpdated { help } if help.ended_on.is_some() => format!("{} beëindigd", help.kind_name_nl),
            Self::HelpUpdated { help } => format!("{} gestart", help.kind_name_nl),
            Self::SignalSeen { .. } => "Gekoppeld signaal gezien".into(),
            Self::SignalInvestigationTakenOver { lead: Some(_), .. } => {
                "Een andere medewerker heeft het onderzoek naar de veiligheid overgenomen en is nu de vaste contactpersoon"
                    .into()
            }
            Self::SignalInvestigationTakenOver { lead: None, .. } => {
                "Het onderzoek naar de veiligheid is overgenomen door een andere medewerker".into()
            }
            Self::SignalInvestigationConcluded { .. } => "Het onderzoek naar de veiligheid is afgerond".into(),
            Self::SignalLinked { signal } => format!(
                "{} van {} gekoppeld na beoordeling: {}",
                match signal.kind {
                    SignalKind::Report => "Melding",
                    SignalKind::AdviceRequest => "Adviesvraag",
                },
                signal.received_on.strftime("%d-%m-%Y"),
                signal.outcome.label_nl()
            ),
            Self::InvestigationRequested { .. } => "De Raad voor de Kinderbescherming is gevraagd om onderzoek".into(),
            Self::InvestigationAccepted { deadline, .. } => format!(
                "De Raad voor de Kinderbescherming onderzoekt, uiterlijk tot {}",
                nl_date(*deadline)
            ),
            Self::InvestigationTakenOver { number, .. } => {
                format!("Onderzoek {number} overgenomen door een andere raadsonderzoeker")
            }
            Self::InvestigationConcluded {
                request: Some(request), ..
            } => format!(
                "Onderzoek van de Raad afgerond: verzoek aan de rechtbank om {}",
                request.asked.label_nl()
            ),
            Self::InvestigationConcluded { .. } => {
                "Onderzoek van de Raad afgerond: terug met advies, geen maatregel gevraagd".into()
            }
            Self::CourtRequestFiled { request } => format!("Verzoek aan de rechtbank: {}", request.asked.label_nl()),
            Self::HearingScheduled { hearing, .. } if hearing.to_hear.is_empty() => {
                format!("Zitting bij de kinderrechter op {}", nl_date(hearing.on))
            }
            Self::HearingScheduled { hearing, .. } => format!(
                "Zitting bij de kinderrechter op {}; {} van 12 jaar of ouder mag de rechter eerst vertellen wat het ervan vindt",
                nl_date(hearing.on),
                count(hearing.to_hear.len(), "kind", "kinderen")
            ),
            Self::CourtDecided {
                decision,
                measures,
                legal_frame,
                ..
            } => {
                let mut text = format!("Beschikking van de kinderrechter: {}", decision.outcome.label_nl());
                let mut kinds: Vec<String> = measures
                    .iter()
                    .map(|m| match m.until {
                        Some(until) => format!("{} tot {}", m.kind.label_nl(), nl_date(until)),
                        None => m.kind.label_nl().to_owned(),
                    })
                    .collect();
                kinds.dedup();
                if !kinds.is_empty() {
                    text.push_str(&format!(" ({})", kinds.join(", ")));
                }
                if let Some(frame) = legal_frame {
                    text.push_str(&format!("; het kader is nu {}", frame.label_nl()));
                }
                text.push_str(&format!(
                    "; hoger beroep kan tot en met {}",
                    nl_date(decision.appeal_until)
                ));
                text
            }
            Self::PlacementRecorded { on, .. } => format!("Uithuisplaatsing uitgevoerd op {}", nl_date(*on)),
            Self::MeasureEnded { on, legal_frame, .. } => match legal_frame {
                Some(frame) => format!(
                    "Maatregel beëindigd op {}; het kader is nu {}",
                    nl_date(*on),
                    frame.label_nl()
                ),
                None => format!("Maatregel beëindigd op {}", nl_date(*on)),
            },
            Self::RequestExecutorChanged { request, .. } => {
                format!("In verzoek {request} aan de kinderrechter staat nu een andere jeugdbeschermer van dezelfde GI")
            }
            Self::MeasuresHandedOver { measures, .. } if measures.is_empty() => {
                "De gevraagde maatregel wordt uitgevoerd door een andere jeugdbeschermer".into()
            }
            Self::MeasuresHandedOver { measures, .. } => {
                let numbers: Vec<String> = measures.iter().map(u32::to_string).collect();
                let (noun, numbers) = match numbers.split_last() {
                    Some((last, [])) => ("Maatregel", last.clone()),
                    Some((last, rest)) => ("Maatregelen", format!("{} en {last}", rest.join(", "))),
                    None => ("Maatregel", String::new()),
                };
                format!("{noun} {numbers} overgedragen aan een andere jeugdbeschermer")
            }
            Self::CorrectionRequested { correction } => {
                format!(
                    "Correctie gevraagd; de vaste contactpersoon beslist uiterlijk {}",
                    nl_date(correction.due)
                )
            }
            Self::CorrectionExtended { due, .. } => {
                format!("Termijn voor het correctieverzoek verlengd tot {}", nl_date(*due))
            }
            Self::CorrectionDecided { decision, .. } if decision.corrected.is_some() => {
                "Correctieverzoek toegewezen: de tekst is aangepast".into()
            }
            Self::CorrectionDecided { .. } => "Correctieverzoek afgewezen".into(),
            Self::OwnStatementAdded { .. } => "Eigen verklaring toegevoegd".into(),
            Self::ComplaintFiled { complaint } => {
                format!(
                    "Klacht ingediend; de organisatie beslist uiterlijk {}",
                    nl_date(complaint.due)
                )
            }
            Self::ComplaintDecided { decision, .. } => {
                format!("Op de klacht is beslist: {}", decision.finding.label_nl())
            }
            Self::PersonsMerged { .. } => "Dubbele inschrijving van een gezinslid samengevoegd".into(),
            Self::PersonsUnmerged { .. } => "Samenvoegen van een dubbele inschrijving ongedaan gemaakt".into(),
            Self::DestructionRequested { request } => format!(
                "Vernietiging van het dossier gevraagd; de vaste contactpersoon beslist uiterlijk {}",
                nl_date(request.due)
            ),
            Self::DestructionDecided { decision, .. } => match decision.refused {
                Some(ground) => format!("Verzoek om vernietiging afgewezen: {}", ground.label_nl()),
                None => "Verzoek om vernietiging toegewezen".into(),
            },
        }
    }
}

/// A date as the Dutch write it: 3-12-2026.
fn nl_date(d: Date) -> String {
    d.strftime("%-d-%-m-%Y").to_string()
}

/// "1 doel", "2 doelen".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Who made a change: a professional, or a household member in the portal (F16: the family's own answer
/// is part of the record, under their own name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventActor {
    /// A professional, for their organisation.
    Professional {
        /// The professional.
        professional_id: ProfessionalId,
    },
    /// A household member, in the portal.
    Member {
        /// The member.
        person_id: PersonId,
    },
}

impl EventActor {
    /// The professional, when one acted.
    pub fn professional(self) -> Option<ProfessionalId> {
        match self {
            Self::Professional { professional_id } => Some(professional_id),
            Self::Member { .. } => None,
        }
    }
}

impl From<&Actor> for EventActor {
    fn from(actor: &Actor) -> Self {
        Self::Professional {
            professional_id: actor.professional,
        }
    }
}

/// An event about to be appended: who changed what, when and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    /// The event's identifier in the notifications it causes (the CloudEvents `id` of a webhook, F28). It
    /// is not stored with the event: a case's events are known by the case and their sequence number.
    pub id: EventId,
    /// The case.
    pub case_id: CaseId,
    /// Sequence number within the case (1 for the opening); equals the case's version after the change.
    pub seq: i64,
    /// When.
    pub at: Timestamp,
    /// Who.
    pub actor: EventActor,
    /// For which organisation (for a household member: the organisation whose file it is).
    pub organisation: OrganisationId,
    /// Why, in the actor's words.
    pub reason: Option<Reason>,
    /// What changed.
    pub change: CaseChange,
}

/// A stored event, as read back from the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseEvent {
    /// The case.
    pub case_id: CaseId,
    /// Sequence number within the case.
    pub seq: i64,
    /// When.
    pub at: Timestamp,
    /// Who.
    pub actor: EventActor,
    /// For which organisation (for a household member: the organisation whose file it is).
    pub organisation: OrganisationId,
    /// Why.
    pub reason: Option<String>,
    /// What changed.
    pub change: CaseChange,
}

impl CaseChange {
    /// The lead after this change, when it sets one: the opening, a change of lead, scaling up or down, a
    /// court decision or a measure's end that brings in or hands back the jeugdbeschermer, the measures
    /// handed over to another jeugdbeschermer, or the investigation after an assessment taken over from the
    /// investigator who led the case.
    pub fn lead_after(&self) -> Option<Lead> {
        match self {
            CaseChange::Opened { lead, .. }
            | CaseChange::LeadChanged { to: lead, .. }
            | CaseChange::ScaledUp { lead, .. }
            | CaseChange::ScaledDown { lead, .. }
            | CaseChange::ScaleUpHandedOver { lead: Some(lead), .. }
            | CaseChange::CourtDecided { lead: Some(lead), .. }
            | CaseChange::MeasureEnded { lead: Some(lead), .. }
            | CaseChange::MeasuresHandedOver { lead: Some(lead), .. }
            | CaseChange::SignalInvestigationTakenOver { lead: Some(lead), .. } => Some(*lead),
            _ => None,
        }
    }

    /// The legal frame after this change, when it sets one.
    pub fn legal_frame_after(&self) -> Option<LegalFrame> {
        match self {
            CaseChange::Opened { legal_frame, .. }
            | CaseChange::LegalFrameChanged { to: legal_frame, .. }
            | CaseChange::CourtDecided {
                legal_frame: Some(legal_frame),
                ..
            }
            | CaseChange::MeasureEnded {
                legal_frame: Some(legal_frame),
                ..
            } => Some(*legal_frame),
            _ => None,
        }
    }
}

pub(crate) fn closed_error(field: Option<&'static str>) -> DomainError {
    DomainError::conflict(field, "case_closed", "this case is closed", "deze zaak is afgesloten")
}

impl Case {
    /// Opens a case for a household. Opening in any frame other than voluntary needs a reason.
    pub fn open(
        household_id: HouseholdId,
        lead: Lead,
        legal_frame: LegalFrame,
        reason: Option<Reason>,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        require(actor.kind, Action::OpenCase)?;
        require(actor.kind, Action::SetLegalFrame(legal_frame))?;
        if legal_frame != LegalFrame::Voluntary && reason.is_none() {
            return Err(frame_reason_required());
        }
        let case = Case {
            id: CaseId::new(),
            household_id,
            phase: Phase::Question,
            lead,
            legal_frame,
            opened_at: at,
            closed_at: None,
            handoffs: 0,
            version: 1,
            route: Route::default(),
        };
        let event = NewEvent {
            id: EventId::new(),
            case_id: case.id,
            seq: 1,
            at,
            actor: actor.into(),
            organisation: actor.organisation,
            reason,
            change: CaseChange::Opened { lead, legal_frame },
        };
        Ok((case, event))
    }

    /// Whether the case is still open.
    pub fn is_open(&self) -> bool {
        self.closed_at.is_none()
    }

    pub(crate) fn next(
        &self,
        next: Case,
        change: CaseChange,
        reason: Option<Reason>,
        actor: &Actor,
        at: Timestamp,
    ) -> (Case, NewEvent) {
        self.next_by(next, change, reason, actor.into(), actor.organisation, at)
    }

    /// The next state and its event, by any actor for `organisation`.
    pub(crate) fn next_by(
        &self,
        next: Case,
        change: CaseChange,
        reason: Option<Reason>,
        actor: EventActor,
        organisation: OrganisationId,
        at: Timestamp,
    ) -> (Case, NewEvent) {
        let version = self.version + 1;
        let event = NewEvent {
            id: EventId::new(),
            case_id: self.id,
            seq: version,
            at,
            actor,
            organisation,
            reason,
            change,
        };
        (Case { version, ..next }, event)
    }

    /// Moves the case one phase forward, or back to any earlier phase with a reason.
    pub fn change_phase(
        &self,
        to: Phase,
        reason: Option<Reason>,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        require(actor.kind, Action::ChangePhase)?;
        if !self.is_open() {
            return Err(closed_error(Some("to")));
        }
        if to == Phase::Closed {
            return Err(DomainError::invalid(
                "to",
                "close_with_reason",
                "a case is closed with the close action, which records a reason",
                "een zaak wordt afgesloten met de actie afsluiten, die een reden vastlegt",
            ));
        }
        if to == self.phase {
            return Err(DomainError::conflict(
                Some("to"),
                "same_phase",
                format!("the case is already in phase {}", to.as_str()),
                format!("de zaak is al in de fase {}", to.label_nl()),
            ));
        }
        if to.index() > self.phase.index() + 1 {
            return Err(DomainError::conflict(
                Some("to"),
                "phase_skipped",
                format!(
                    "the route moves one phase at a time: from {} the next phase is {}",
                    self.phase.as_str(),
                    Phase::ALL[self.phase.index() + 1].as_str()
                ),
                format!(
                    "de route gaat één fase tegelijk: na {} komt {}",
                    self.phase.label_nl(),
                    Phase::ALL[self.phase.index() + 1].label_nl()
                ),
            ));
        }
        if to < self.phase && reason.is_none() {
            return Err(DomainError::invalid(
                "reason",
                "reason_required",
                "going back to an earlier phase needs a reason",
                "terug naar een eerdere fase kan alleen met een reden",
            ));
        }
        let change = CaseChange::PhaseChanged { from: self.phase, to };
        Ok(self.next(
            Case {
                phase: to,
                ..self.clone()
            },
            change,
            reason,
            actor,
            at,
        ))
    }

    /// Changes the fixed contact person (a handoff, always with a reason).
    pub fn change_lead(
        &self,
        to: Lead,
        reason: Reason,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        require(actor.kind, Action::ChangeLead)?;
        if !self.is_open() {
            return Err(closed_error(Some("lead")));
        }
        self.check_no_measure("lead", at)?;
        if to == self.lead {
            return Err(DomainError::conflict(
                Some("lead"),
                "same_lead",
                "this is already the case's lead",
                "dit is al de vaste contactpersoon van de zaak",
            ));
        }
        // While the RVT is in, the lead follows the scale-up: a consultation's local lead may change (and is
        // then the one to hand back to); a duo or a transfer changes by scaling down first.
        let mut route = self.route.clone();
        if let Some(scale) = route.scale.as_mut() {
            if scale.form != ScaleForm::Consultation {
                return Err(DomainError::conflict(
                    Some("lead"),
                    "scaled_up",
                    "while the case is in joint work or transferred to the RVT, its lead changes by scaling down",
                    "zolang de zaak in samenwerking of overgedragen is aan het RVT, wijzigt de regie via afschalen",
                ));
            }
            scale.local_lead = to;
        }
        let change = CaseChange::LeadChanged { from: self.lead, to };
        let next = Case {
            lead: to,
            handoffs: self.handoffs + 1,
            route,
            ..self.clone()
        };
        Ok(self.next(next, change, Some(reason), actor, at))
    }

    /// Refuses an organisation of `kind` that may not move this case to frame `to`: its statutory tasks
    /// decide, and where the region's route variant allows it, the local team puts a case under pressure
    /// once the RVT answered its consultation.
    pub fn may_set_frame(
        &self,
        to: LegalFrame,
        kind: OrganisationKind,
        variant: &RouteVariant,
    ) -> Result<(), DomainError> {
        if to == LegalFrame::Pressure && kind == OrganisationKind::LocalTeam && variant.local_pressure_allowed(self) {
            return Ok(());
        }
        require(kind, Action::SetLegalFrame(to))
    }

    /// Changes the legal frame (always with a reason, within the actor's statutory tasks). Where the
    /// region's route variant allows it, the local team puts a case under pressure itself once the RVT
    /// answered its consultation ([`crate::route::RouteVariant::local_pressure_allowed`]).
    pub fn change_legal_frame(
        &self,
        to: LegalFrame,
        reason: Reason,
        variant: &RouteVariant,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        self.may_set_frame(to, actor.kind, variant)?;
        if !self.is_open() {
            return Err(closed_error(Some("to")));
        }
        if self
            .route
            .justice
            .in_force(crate::time::date_in_nl(at))
            .next()
            .is_some()
        {
            return Err(DomainError::conflict(
                Some("to"),
                "measure_in_force",
                "a child protection measure is in force: the frame stays mandatory until the last measure ends",
                "er loopt een kinderbeschermingsmaatregel: het kader blijft gedwongen tot de laatste maatregel eindigt",
            ));
        }
        if to == self.legal_frame {
            return Err(DomainError::conflict(
                Some("to"),
                "same_legal_frame",
                format!("the case is already {}", to.as_str()),
                format!("de zaak is al {}", to.label_nl()),
            ));
        }
        let change = CaseChange::LegalFrameChanged {
            from: self.legal_frame,
            to,
        };
        Ok(self.next(
            Case {
                legal_frame: to,
                ..self.clone()
            },
            change,
            Some(reason),
            actor,
            at,
        ))
    }

    /// Puts `to` in the place of each of `from` in the lead and in the scale-up (its local lead, its RVT
    /// professional), for a colleague who takes over what they did in the case; the lead afterwards when it
    /// changed, which counts as a handoff.
    pub(crate) fn put_in_place(&mut self, from: &[ProfessionalId], to: ProfessionalId) -> Option<Lead> {
        let swap = |p: ProfessionalId| if from.contains(&p) { to } else { p };
        let swap_lead = |l: Lead| {
            let primary = swap(l.primary);
            Lead {
                primary,
                secondary: l.secondary.map(swap).filter(|s| *s != primary),
            }
        };
        let before = self.lead;
        self.lead = swap_lead(before);
        if let Some(scale) = self.route.scale.as_mut() {
            scale.rvt_professional = swap(scale.rvt_professional);
            scale.local_lead = swap_lead(scale.local_lead);
        }
        let lead = (self.lead != before).then_some(self.lead);
        if lead.is_some() {
            self.handoffs += 1;
        }
        lead
    }

    /// The organisations' running work on the case, each with whose it is: its justice route's
    /// ([`crate::justice::Justice::tasks`]) and the investigations after a signal's assessment
    /// ([`Case::investigation_tasks`]). What the organisations' lists and searches start from.
    pub fn tasks(&self) -> Vec<crate::justice::Task> {
        let mut tasks = self.route.justice.tasks();
        tasks.extend(self.investigation_tasks());
        tasks
    }

    /// Closes the case, with a reason; not while an organisation has work on it (`Case::tasks`).
    pub fn close(&self, reason: Reason, actor: &Actor, at: Timestamp) -> Result<(Case, NewEvent), DomainError> {
        require(actor.kind, Action::CloseCase)?;
        if !self.is_open() {
            return Err(closed_error(None));
        }
        if !self.route.justice.tasks().is_empty() {
            return Err(DomainError::conflict(
                None,
                "justice_open",
                "the Raad, the court or a GI still has work on this case (an investigation, a request or a measure): it closes after that",
                "de Raad, de rechtbank of een GI heeft nog werk aan deze zaak (een onderzoek, een verzoek of een maatregel): die sluit daarna",
            ));
        }
        // Nor while Veilig Thuis investigates after a report (Wmo 2015 art. 4.1.1 lid 2): closing would end
        // its statutory investigation unseen.
        if self.investigation_tasks().next().is_some() {
            return Err(DomainError::conflict(
                None,
                "investigation_open",
                "an investigation after a report still runs in this case: close it once the investigator has concluded it",
                "Er loopt nog een onderzoek na een melding in deze zaak. U kunt de zaak sluiten zodra de onderzoeker dat onderzoek heeft afgerond.",
            ));
        }
        let change = CaseChange::Closed { from: self.phase };
        let next = Case {
            phase: Phase::Closed,
            closed_at: Some(at),
            ..self.clone()
        };
        Ok(self.next(next, change, Some(reason), actor, at))
    }
}

impl Case {
    /// Refuses, on `field`, a change of who works on the case while a court measure is in force: the
    /// jeugdbeschermer executing it stays until the last measure ends.
    pub(crate) fn check_no_measure(&self, field: &'static str, at: Timestamp) -> Result<(), DomainError> {
        if self
            .route
            .justice
            .in_force(crate::time::date_in_nl(at))
            .next()
            .is_some()
        {
            return Err(DomainError::conflict(
                Some(field),
                "measure_in_force",
                "a child protection measure is in force: the jeugdbeschermer executing it stays until the last measure ends",
                "er loopt een kinderbeschermingsmaatregel: de jeugdbeschermer die haar uitvoert blijft tot de laatste maatregel eindigt",
            ));
        }
        Ok(())
    }
}

/// The reason a case opens is required where a professional opens it: the family reads it in the portal.
pub fn opening_reason(raw: &str) -> Result<Reason, DomainError> {
    if raw.trim().is_empty() {
        return Err(DomainError::invalid(
            "reason",
            "required",
            "give the reason the case opens: the family reads it too",
            "vul de aanleiding in: het gezin leest deze ook",
        ));
    }
    Reason::parse("reason", raw)
}

fn frame_reason_required() -> DomainError {
    DomainError::invalid(
        "reason",
        "reason_required",
        "a case opened under pressure or a court measure needs a reason",
        "een zaak die in drang of gedwongen kader opent heeft een reden nodig",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use OrganisationKind::*;
    use proptest::prelude::*;

    use crate::fixtures::actor;

    fn reason(s: &str) -> Reason {
        Reason::parse("reason", s).unwrap()
    }

    fn open_case(kind: OrganisationKind) -> Case {
        let lead = Lead::new((ProfessionalId::new(), kind), None).unwrap();
        Case::open(
            HouseholdId::new(),
            lead,
            LegalFrame::Voluntary,
            None,
            &actor(kind),
            Timestamp::now(),
        )
        .unwrap()
        .0
    }

    #[test]
    fn opening_records_the_first_event_with_version_one() {
        let a = actor(LocalTeam);
        let lead = Lead::new((a.professional, LocalTeam), None).unwrap();
        let (case, event) = Case::open(
            HouseholdId::new(),
            lead,
            LegalFrame::Voluntary,
            None,
            &a,
            Timestamp::now(),
        )
        .unwrap();
        assert_eq!((case.phase, case.version, case.handoffs), (Phase::Question, 1, 0));
        assert_eq!((event.seq, event.actor.professional()), (1, Some(a.professional)));
        assert_eq!(
            event.change,
            CaseChange::Opened {
                lead,
                legal_frame: LegalFrame::Voluntary
            }
        );
    }

    #[test]
    fn a_municipality_cannot_open_a_case() {
        let lead = Lead::new((ProfessionalId::new(), LocalTeam), None).unwrap();
        let err = Case::open(
            HouseholdId::new(),
            lead,
            LegalFrame::Voluntary,
            None,
            &actor(Municipality),
            Timestamp::now(),
        )
        .unwrap_err();
        assert_eq!(err.kind, ErrorKind::Forbidden);
    }

    #[test]
    fn opening_under_pressure_needs_a_reason() {
        let lead = Lead::new((ProfessionalId::new(), Vt), None).unwrap();
        let err = Case::open(
            HouseholdId::new(),
            lead,
            LegalFrame::Pressure,
            None,
            &actor(Vt),
            Timestamp::now(),
        )
        .unwrap_err();
        assert_eq!((err.field, err.code), (Some("reason"), "reason_required"));
    }

    #[test]
    fn a_duo_of_one_person_is_refused() {
        let p = ProfessionalId::new();
        let err = Lead::new((p, LocalTeam), Some((p, Vt))).unwrap_err();
        assert_eq!((err.field, err.code), (Some("lead.secondary"), "duo_same_person"));
    }

    #[test]
    fn only_case_running_organisations_can_lead() {
        let err = Lead::new((ProfessionalId::new(), Police), None).unwrap_err();
        assert_eq!((err.field, err.code), (Some("lead.primary"), "cannot_lead"));
    }

    #[test]
    fn the_route_moves_forward_one_phase_at_a_time() {
        let a = actor(LocalTeam);
        let case = open_case(LocalTeam);
        assert_eq!(
            case.change_phase(Phase::Plan, None, &a, Timestamp::now())
                .unwrap_err()
                .code,
            "phase_skipped"
        );
        let (case, ev) = case.change_phase(Phase::Analysis, None, &a, Timestamp::now()).unwrap();
        assert_eq!((case.phase, case.version, ev.seq), (Phase::Analysis, 2, 2));
        assert_eq!(
            case.change_phase(Phase::Analysis, None, &a, Timestamp::now())
                .unwrap_err()
                .code,
            "same_phase"
        );
    }

    #[test]
    fn going_back_needs_a_reason() {
        let a = actor(LocalTeam);
        let (case, _) = open_case(LocalTeam)
            .change_phase(Phase::Analysis, None, &a, Timestamp::now())
            .unwrap();
        let err = case
            .change_phase(Phase::Question, None, &a, Timestamp::now())
            .unwrap_err();
        assert_eq!((err.field, err.code), (Some("reason"), "reason_required"));
        let (back, ev) = case
            .change_phase(Phase::Question, Some(reason("nieuwe vraag")), &a, Timestamp::now())
            .unwrap();
        assert_eq!(back.phase, Phase::Question);
        assert_eq!(ev.reason.unwrap().as_str(), "nieuwe vraag");
    }

    #[test]
    fn each_change_of_lead_counts_as_a_handoff() {
        let a = actor(LocalTeam);
        let case = open_case(LocalTeam);
        let duo = Lead::new((case.lead.primary, LocalTeam), Some((ProfessionalId::new(), Vt))).unwrap();
        let (case, ev) = case
            .change_lead(duo, reason("samenwerking met het RVT"), &a, Timestamp::now())
            .unwrap();
        assert_eq!(case.handoffs, 1);
        assert!(matches!(ev.change, CaseChange::LeadChanged { .. }));
        assert_eq!(
            case.change_lead(duo, reason("x"), &a, Timestamp::now())
                .unwrap_err()
                .code,
            "same_lead"
        );
    }

    #[test]
    fn a_local_team_cannot_impose_pressure_but_vt_can() {
        let case = open_case(LocalTeam);
        let err = case
            .change_legal_frame(
                LegalFrame::Pressure,
                reason("r"),
                &RouteVariant::default(),
                &actor(LocalTeam),
                Timestamp::now(),
            )
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::Forbidden);
        let (case, _) = case
            .change_legal_frame(
                LegalFrame::Pressure,
                reason("r"),
                &RouteVariant::default(),
                &actor(Vt),
                Timestamp::now(),
            )
            .unwrap();
        assert_eq!(case.legal_frame, LegalFrame::Pressure);
    }

    #[test]
    fn a_closed_case_refuses_every_change() {
        let a = actor(Gi);
        let (case, ev) = open_case(Gi)
            .close(reason("doelen bereikt"), &a, Timestamp::now())
            .unwrap();
        assert_eq!(ev.change, CaseChange::Closed { from: Phase::Question });
        assert_eq!((case.phase, case.is_open()), (Phase::Closed, false));
        let lead = Lead::new((ProfessionalId::new(), Gi), None).unwrap();
        for err in [
            case.change_phase(Phase::Analysis, None, &a, Timestamp::now())
                .unwrap_err(),
            case.change_lead(lead, reason("r"), &a, Timestamp::now()).unwrap_err(),
            case.change_legal_frame(
                LegalFrame::Pressure,
                reason("r"),
                &RouteVariant::default(),
                &a,
                Timestamp::now(),
            )
            .unwrap_err(),
            case.close(reason("r"), &a, Timestamp::now()).unwrap_err(),
        ] {
            assert_eq!(err.code, "case_closed");
        }
    }

    #[test]
    fn phase_codes_round_trip() {
        for p in Phase::ALL {
            assert_eq!(Phase::parse(p.as_str()), Some(p));
        }
        for f in LegalFrame::ALL {
            assert_eq!(LegalFrame::parse(f.as_str()), Some(f));
        }
    }

    #[derive(Debug, Clone)]
    enum Op {
        Phase(usize, bool),
        Lead,
        Frame(usize),
        Close,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0usize..6, any::<bool>()).prop_map(|(p, r)| Op::Phase(p, r)),
            Just(Op::Lead),
            (0usize..3).prop_map(Op::Frame),
            Just(Op::Close),
        ]
    }

    proptest! {
        /// Whatever sequence of requests arrives, the invariants hold: the version equals the number of
        /// events, handoffs equal the lead changes, a case is closed exactly in phase Closed, and a closed
        /// case never changes again.
        #[test]
        fn invariants_hold_for_any_sequence_of_requests(ops in proptest::collection::vec(op(), 0..40)) {
            let a = actor(Gi);
            let mut case = open_case(Gi);
            let mut events = 1;
            let mut lead_changes = 0;
            for op in ops {
                let before = case.clone();
                let result = match op {
                    Op::Phase(p, r) => case.change_phase(Phase::ALL[p], r.then(|| reason("r")), &a, Timestamp::now()),
                    Op::Lead => case.change_lead(Lead::new((ProfessionalId::new(), Gi), None).unwrap(), reason("r"), &a, Timestamp::now()),
                    Op::Frame(f) => case.change_legal_frame(LegalFrame::ALL[f], reason("r"), &RouteVariant::default(), &a, Timestamp::now()),
                    Op::Close => case.close(reason("r"), &a, Timestamp::now()),
                };
                match result {
                    Ok((next, event)) => {
                        prop_assert!(before.is_open());
                        prop_assert_eq!(event.seq, next.version);
                        if matches!(event.change, CaseChange::LeadChanged { .. }) { lead_changes += 1; }
                        events += 1;
                        case = next;
                    }
                    Err(_) => prop_assert_eq!(&case, &before),
                }
                prop_assert_eq!(case.version, events);
                prop_assert_eq!(case.handoffs, lead_changes);
                prop_assert_eq!(case.phase == Phase::Closed, !case.is_open());
            }
        }
    }
}
