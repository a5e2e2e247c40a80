//! Signals (F3, F5, F6): reports (meldingen) and advice requests (adviesvragen) about a household, how
//! Veilig Thuis triages a report within its statutory deadline, and the radar that links a new signal to
//! earlier signals and open cases about the same people.

use crate::analysis::{optional_text, required_text};
use crate::calendar::Calendar;
use crate::directory::{Actor, OrganisationKind};
use crate::error::DomainError;
use crate::ids::{CaseId, HouseholdId, OrganisationId, PersonId, ProfessionalId, SignalId};
use crate::meldcode::{Afwegingskader, MeldcodeOutcome, MeldcodeSteps};
use crate::policy::{Action, require};
use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};

/// A report or an advice request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SignalKind {
    /// Melding: a report of (suspected) domestic violence or child abuse.
    Report,
    /// Adviesvraag: a question for advice, without reporting.
    AdviceRequest,
}

/// Where a signal comes from: one fixed list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SourceCategory {
    /// School (onderwijs).
    School,
    /// General practitioner (huisarts).
    GeneralPractitioner,
    /// Youth health care (jeugdgezondheidszorg, JGZ).
    YouthHealthCare,
    /// Police (politie).
    Police,
    /// Childcare (kinderopvang).
    Childcare,
    /// A provider of youth or adult care (zorgaanbieder).
    CareProvider,
    /// Hospital (ziekenhuis).
    Hospital,
    /// The local team (lokaal team).
    LocalTeam,
    /// Another professional (andere professional).
    OtherProfessional,
    /// A neighbour or someone nearby (buurtbewoner).
    Neighbour,
    /// A family member (familielid).
    FamilyMember,
    /// The person themselves (betrokkene zelf).
    SelfReport,
    /// Another citizen (andere burger).
    OtherCitizen,
}

impl SourceCategory {
    /// Every category.
    pub const ALL: [SourceCategory; 13] = [
        Self::School,
        Self::GeneralPractitioner,
        Self::YouthHealthCare,
        Self::Police,
        Self::Childcare,
        Self::CareProvider,
        Self::Hospital,
        Self::LocalTeam,
        Self::OtherProfessional,
        Self::Neighbour,
        Self::FamilyMember,
        Self::SelfReport,
        Self::OtherCitizen,
    ];

    /// Whether the reporter is a professional (as opposed to a citizen).
    pub fn is_professional(self) -> bool {
        !matches!(
            self,
            Self::Neighbour | Self::FamilyMember | Self::SelfReport | Self::OtherCitizen
        )
    }

    /// The Dutch name shown to users.
    pub fn label_nl(self) -> &'static str {
        match self {
            Self::School => "school",
            Self::GeneralPractitioner => "huisarts",
            Self::YouthHealthCare => "jeugdgezondheidszorg",
            Self::Police => "politie",
            Self::Childcare => "kinderopvang",
            Self::CareProvider => "zorgaanbieder",
            Self::Hospital => "ziekenhuis",
            Self::LocalTeam => "lokaal team",
            Self::OtherProfessional => "andere professional",
            Self::Neighbour => "buur",
            Self::FamilyMember => "familielid",
            Self::SelfReport => "betrokkene zelf",
            Self::OtherCitizen => "andere burger",
        }
    }

    /// The stable code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::School => "school",
            Self::GeneralPractitioner => "general_practitioner",
            Self::YouthHealthCare => "youth_health_care",
            Self::Police => "police",
            Self::Childcare => "childcare",
            Self::CareProvider => "care_provider",
            Self::Hospital => "hospital",
            Self::LocalTeam => "local_team",
            Self::OtherProfessional => "other_professional",
            Self::Neighbour => "neighbour",
            Self::FamilyMember => "family_member",
            Self::SelfReport => "self_report",
            Self::OtherCitizen => "other_citizen",
        }
    }

    /// Parses the stable code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == code)
    }
}

/// Who reported, as submitted and stored. When shielded, only Veilig Thuis ever sees this.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Reporter {
    /// Where the signal comes from.
    pub category: SourceCategory,
    /// The reporter's name; a citizen may stay anonymous.
    pub name: Option<String>,
    /// A professional reporter's organisation, e.g. "OBS De Regenboog".
    pub organisation: Option<String>,
    /// How to reach the reporter.
    pub contact: Option<String>,
    /// The reporter's Regie account, when they report through Regie (for feedback on the report's status).
    #[serde(default)]
    pub professional_id: Option<ProfessionalId>,
}

impl Reporter {
    fn checked(&self) -> Result<Self, DomainError> {
        let name = optional_text("reporter.name", self.name.as_deref())?;
        let organisation = optional_text("reporter.organisation", self.organisation.as_deref())?;
        if self.category.is_professional() && (name.is_none() || organisation.is_none()) {
            return Err(DomainError::invalid(
                if name.is_none() {
                    "reporter.name"
                } else {
                    "reporter.organisation"
                },
                "required",
                "a professional reporter gives their name and organisation: fill in both",
                "vul de naam en de organisatie van de melder in: een professional meldt met beide",
            ));
        }
        if !self.category.is_professional() && organisation.is_some() {
            return Err(DomainError::invalid(
                "reporter.organisation",
                "citizen_organisation",
                "a citizen reports for themselves, not for an organisation",
                "een burger meldt voor zichzelf, niet namens een organisatie",
            ));
        }
        Ok(Self {
            category: self.category,
            name,
            organisation,
            contact: optional_text("reporter.contact", self.contact.as_deref())?,
            professional_id: self.professional_id,
        })
    }
}

/// The statutory norms of a region (configurable, defaults as the law and the quality framework give them).
/// A field it does not know is refused, not ignored: the route variant's fields (`measure_transfer` among
/// them) are set with [`crate::route::RouteVariant`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Norms {
    /// Working days from receipt to Veilig Thuis's safety assessment (default 5).
    pub safety_assessment_working_days: u32,
    /// Weeks for an investigation (default 10).
    pub investigation_weeks: u32,
    /// How many years back the radar looks (default 5).
    pub radar_years: u32,
    /// Whether professionals may work in the files their own team's members are involved in, to cover for
    /// each other's absence (need-to-know, F19; default on).
    #[serde(default = "yes")]
    pub team_access: bool,
    /// Weeks the Raad voor de Kinderbescherming has for an investigation from accepting it (default 10).
    #[serde(default = "ten")]
    pub raad_investigation_weeks: u32,
    /// Weeks before a measure ends from which the GI's worklist reminds it to request an extension or
    /// prepare the end (default 12).
    #[serde(default = "twelve")]
    pub measure_reminder_weeks: u32,
    /// Weeks an organisation has to decide on a complaint under its complaint regulation (default 6; Jeugdwet
    /// art. 4.2.1 and the Awb art. 9:11 term).
    #[serde(default = "six")]
    pub complaint_weeks: u32,
}

fn ten() -> u32 {
    10
}

fn twelve() -> u32 {
    12
}

fn six() -> u32 {
    6
}

fn yes() -> bool {
    true
}

impl Norms {
    /// Checks that each norm lies in a sensible range, naming every norm that does not.
    pub fn check(&self) -> Result<(), Vec<DomainError>> {
        let ranges = [
            // Never looser than the statutory norm: Veilig Thuis assesses a report's safety within five
            // working days (Kwaliteitskader Veilig Thuis, the norm the Wmo 2015 regime holds it to); a region
            // may be stricter, never looser.
            (
                "safety_assessment_working_days",
                self.safety_assessment_working_days,
                0..=5,
            ),
            ("investigation_weeks", self.investigation_weeks, 1..=52),
            ("radar_years", self.radar_years, 1..=20),
            ("raad_investigation_weeks", self.raad_investigation_weeks, 1..=52),
            ("measure_reminder_weeks", self.measure_reminder_weeks, 1..=26),
            ("complaint_weeks", self.complaint_weeks, 1..=12),
        ];
        let wrong: Vec<DomainError> = (ranges.into_iter())
            .filter(|(_, value, range)| !range.contains(value))
            .map(|(field, _, range)| {
                DomainError::invalid(
                    field,
                    "norm_range",
                    format!("must lie between {} and {}", range.start(), range.end()),
                    format!("Vul een getal tussen {} en {} in.", range.start(), range.end()),
                )
            })
            .collect();
        if wrong.is_empty() { Ok(()) } else { Err(wrong) }
    }
}

impl Default for Norms {
    fn default() -> Self {
        Self {
            safety_assessment_working_days: 5,
            investigation_weeks: 10,
            radar_years: 5,
            team_access: true,
            raad_investigation_weeks: 10,
            measure_reminder_weeks: 12,
            complaint_weeks: 6,
        }
    }
}

/// What the meldcode assistant recorded, kept with the report it led to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct MeldcodeRecord {
    /// Steps 1 to 4.
    pub steps: MeldcodeSteps,
    /// The answers of step 5.
    pub answers: Afwegingskader,
    /// The outcome they lead to.
    pub outcome: MeldcodeOutcome,
}

impl MeldcodeRecord {
    /// Validates the steps and works out the outcome of the answers, naming every wrong step and the
    /// question that needs an answer.
    pub fn new(steps: &MeldcodeSteps, answers: Afwegingskader) -> Result<Self, Vec<DomainError>> {
        match (steps.checked(), answers.outcome()) {
            (Ok(steps), Ok(outcome)) => Ok(Self {
                steps,
                outcome,
                answers,
            }),
            (steps, outcome) => Err(steps
                .err()
                .unwrap_or_default()
                .into_iter()
                .chain(outcome.err())
                .collect()),
        }
    }
}

/// A professional's walk through the meldcode, kept whatever its outcome (the professional's file of it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Meldcode {
    /// Identifier.
    pub id: crate::ids::MeldcodeId,
    /// Who walked it.
    pub by: ProfessionalId,
    /// For which organisation.
    pub organisation: OrganisationId,
    /// When it was recorded.
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
    /// The household it is about, if known.
    pub household_id: Option<HouseholdId>,
    /// The persons it is about.
    pub persons: Vec<PersonId>,
    /// The steps, answers and outcome.
    pub record: MeldcodeRecord,
    /// The report it led to, once made.
    pub signal_id: Option<SignalId>,
}

/// The outcome of Veilig Thuis's safety assessment, or of the receiving organisation's first look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentOutcome {
    /// No further action.
    NoFurtherAction,
    /// Advice given.
    Advice,
    /// Handed to the local team.
    LocalTeam,
    /// A case with the Regional Safety Team.
    RvtCase,
    /// An investigation (onderzoek), with its own deadline.
    Investigation,
}

impl AssessmentOutcome {
    /// Whether the outcome means work in a case of the household.
    pub fn needs_case(self) -> bool {
        matches!(self, Self::LocalTeam | Self::RvtCase | Self::Investigation)
    }

    /// The Dutch name shown to users.
    pub fn label_nl(self) -> &'static str {
        match self {
            Self::NoFurtherAction => "geen vervolg",
            Self::Advice => "advies",
            Self::LocalTeam => "overdracht aan het lokaal team",
            Self::RvtCase => "zaak met het RVT",
            Self::Investigation => "onderzoek",
        }
    }
}

/// The safety assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Assessment {
    /// What follows.
    pub outcome: AssessmentOutcome,
    /// Why, in the assessor's words.
    pub summary: String,
    /// The case it opened or joined.
    pub case_id: Option<CaseId>,
    /// An investigation's deadline.
    #[schema(value_type = Option<String>, format = Date)]
    pub investigation_deadline: Option<Date>,
    /// Who assessed.
    pub by: ProfessionalId,
    /// When.
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
}

/// What the radar found when the signal came in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Radar {
    /// Earlier signals about the same persons or households, newest first.
    pub signals: Vec<SignalId>,
    /// Open cases of those households.
    pub cases: Vec<CaseId>,
    /// Signals per household and year, the new one included.
    pub per_household: Vec<HouseholdSignals>,
    /// A household has had three or more signals within a year.
    pub flagged: bool,
}

/// A household's signals per year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct HouseholdSignals {
    /// The household.
    pub household_id: HouseholdId,
    /// (year, number of signals), oldest year first.
    pub per_year: Vec<(i16, u32)>,
}

/// An earlier signal the store found for the radar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarlierSignal {
    /// Which.
    pub id: SignalId,
    /// When it was received.
    pub received_on: Date,
    /// The households it concerned.
    pub households: Vec<HouseholdId>,
}

/// Signals within this many days count towards the flag.
pub const FLAG_WINDOW_DAYS: i64 = 365;
/// This many signals within the window flag a household.
pub const FLAG_AT: usize = 3;

/// Whether a signal about a child is linked to a household in which no child lives: the radar or the
/// reporter may have linked the wrong household, and the assessor must check the link before acting on it.
/// `subjects` are the persons the signal is about, `members` the linked household's current members.
pub fn child_outside_household(
    subjects: &[crate::person::Person],
    members: &[(crate::person::Person, crate::household::Relation)],
    today: Date,
) -> bool {
    let about_a_child = subjects.iter().any(|p| p.age_on(today) < 18);
    let has_children = (members.iter()).any(|(p, r)| *r == crate::household::Relation::Child || p.age_on(today) < 18);
    about_a_child && !members.is_empty() && !has_children
}

/// Builds the radar of a new signal received on `on` about `households`, from the earlier signals and open
/// cases the store found.
pub fn radar(on: Date, households: &[HouseholdId], earlier: &[EarlierSignal], cases: Vec<CaseId>) -> Radar {
    let mut earlier: Vec<&EarlierSignal> = earlier.iter().collect();
    earlier.sort_by_key(|s| std::cmp::Reverse(s.received_on));
    let window_start = on.checked_sub(FLAG_WINDOW_DAYS.days()).unwrap_or(Date::MIN);
    let mut all: Vec<HouseholdId> = households.to_vec();
    all.extend(earlier.iter().flat_map(|s| s.households.iter().copied()));
    all.sort();
    all.dedup();
    let mut flagged = false;
    let per_household = all
        .into_iter()
        .map(|h| {
            let mut days: Vec<Date> = earlier
                .iter()
                .filter(|s| s.households.contains(&h))
                .map(|s| s.received_on)
                .collect();
            if households.contains(&h) {
                days.push(on);
            }
            flagged |= days.iter().filter(|d| **d > window_start && **d <= on).count() >= FLAG_AT;
            let mut per_year: Vec<(i16, u32)> = Vec::new();
            for d in days {
                let y = d.year();
                match per_year.iter_mut().find(|(py, _)| *py == y) {
                    Some((_, n)) => *n += 1,
                    None => per_year.push((y, 1)),
                }
            }
            per_year.sort();
            HouseholdSignals {
                household_id: h,
                per_year,
            }
        })
        .collect();
    Radar {
        signals: earlier.iter().map(|s| s.id).collect(),
        cases,
        per_household,
        flagged,
    }
}

/// A signal as submitted.
#[derive(Debug, Clone)]
pub struct NewSignal {
    /// Report or advice request.
    pub kind: SignalKind,
    /// Who reported.
    pub reporter: Reporter,
    /// Whether the reporter is shielded from the family.
    pub shielded: bool,
    /// The household it concerns, if known.
    pub household_id: Option<HouseholdId>,
    /// The persons it concerns.
    pub persons: Vec<PersonId>,
    /// What was seen or heard.
    pub observed: String,
    /// When it was received (today or earlier).
    pub received_on: Date,
    /// Marked acute: the safety assessment is due the same day.
    pub acute: bool,
    /// The meldcode assistant's record it came from.
    pub meldcode: Option<MeldcodeRecord>,
}

/// A signal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Signal {
    /// Identifier.
    pub id: SignalId,
    /// Report or advice request.
    pub kind: SignalKind,
    /// Who reported.
    pub reporter: Reporter,
    /// Whether the reporter is shielded from the family.
    pub shielded: bool,
    /// The household it concerns, if known.
    pub household_id: Option<HouseholdId>,
    /// The persons it concerns.
    pub persons: Vec<PersonId>,
    /// What was seen or heard.
    pub observed: String,
    /// When it was received.
    #[schema(value_type = String, format = Date)]
    pub received_on: Date,
    /// When it was registered.
    #[schema(value_type = String, format = DateTime)]
    pub registered_at: Timestamp,
    /// The organisation that received it.
    pub received_by: OrganisationId,
    /// Marked acute.
    pub acute: bool,
    /// The safety assessment's deadline: a report received by Veilig Thuis has one.
    #[schema(value_type = Option<String>, format = Date)]
    pub assessment_deadline: Option<Date>,
    /// The assessment, once made.
    pub assessment: Option<Assessment>,
    /// What the radar found when it came in.
    pub radar: Radar,
    /// The meldcode assistant's record, when the report came from it.
    pub meldcode: Option<MeldcodeRecord>,
    /// Brought in from an earlier registration: history, not work (no deadline, not in triage).
    #[serde(default)]
    pub imported: bool,
    /// Optimistic version.
    pub version: i64,
}

/// The investigation linked signal `signal` started in `case`, while it runs, for a change by `actor`'s
/// organisation; refused when there is none or it is another organisation's.
fn running_investigation<'a>(
    case: &'a mut crate::case::Case,
    signal: SignalId,
    actor: &Actor,
) -> Result<&'a mut SignalInvestigation, DomainError> {
    let Some(investigation) = (case.route.signals.iter_mut())
        .find(|s| s.signal_id == signal)
        .and_then(|s| s.investigation.as_mut())
        .filter(|i| i.running())
    else {
        return Err(DomainError::invalid(
            "signal_id",
            "no_investigation",
            "no investigation after an assessment of this signal runs in this case",
            "in deze zaak loopt geen onderzoek na beoordeling van dit signaal",
        ));
    };
    if investigation.organisation != actor.organisation {
        return Err(DomainError::forbidden(
            "not_your_investigation",
            "only the organisation that investigates takes an investigation over or concludes it",
            "alleen de organisatie die het onderzoek doet, neemt het over of rondt het af",
        ));
    }
    Ok(investigation)
}

/// A signal as a case remembers it: no reporter and no content, only what and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LinkedSignal {
    /// The signal.
    pub signal_id: SignalId,
    /// Report or advice request.
    pub kind: SignalKind,
    /// When it was received.
    #[schema(value_type = String, format = Date)]
    pub received_on: Date,
    /// The assessment's outcome.
    pub outcome: AssessmentOutcome,
    /// An investigation's deadline.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub investigation_deadline: Option<Date>,
    /// When the case's lead saw it; until then it is on their worklist.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub seen_at: Option<Timestamp>,
    /// The investigation the assessment started, and who does it (an outcome `investigation` only; none
    /// on a link made before investigations named their investigator).
    #[serde(default)]
    pub investigation: Option<SignalInvestigation>,
}

/// Who investigates after an assessment decided on an investigation (Wmo 2015 art. 4.1.1 lid 2: Veilig
/// Thuis investigates whether there is domestic violence or child abuse).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SignalInvestigation {
    /// The organisation that received and assessed the signal, and investigates.
    pub organisation: OrganisationId,
    /// The professional who investigates: the assessor, until a colleague takes it over.
    pub investigator: ProfessionalId,
    /// The day it was concluded (the findings are the event's reason); it runs until then, or until its
    /// case closes.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub concluded_on: Option<Date>,
}

impl SignalInvestigation {
    /// Whether it still runs (its case being open).
    pub fn running(&self) -> bool {
        self.concluded_on.is_none()
    }

    /// Whether it gives `viewer` a part in the household's file: it runs, and it is theirs or their team's
    /// (need-to-know, [`crate::involvement::gives_task`]); a colleague of another team takes it over first.
    pub fn involves(&self, viewer: &crate::involvement::Viewer) -> bool {
        self.running() && viewer.is_me_or_colleague(self.investigator)
    }
}

impl crate::case::Case {
    /// Links an assessed signal to the case, which opened for it or which it joins.
    pub fn link_signal(
        &self,
        signal: &Signal,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(crate::case::Case, crate::case::NewEvent), DomainError> {
        require(actor.kind, Action::ReceiveSignal)?;
        if !self.is_open() {
            return Err(crate::case::closed_error(Some("case_id")));
        }
        let Some(assessment) = &signal.assessment else {
            return Err(DomainError::conflict(
                None,
                "not_assessed",
                "a signal joins a case after its assessment",
                "een signaal sluit na de beoordeling aan bij een zaak",
            ));
        };
        if signal.household_id != Some(self.household_id) {
            return Err(DomainError::invalid(
                "case_id",
                "other_household",
                "the case belongs to another household than the signal",
                "de zaak hoort bij een ander huishouden dan het signaal",
            ));
        }
        let linked = LinkedSignal {
            signal_id: signal.id,
            kind: signal.kind,
            received_on: signal.received_on,
            outcome: assessment.outcome,
            investigation_deadline: assessment.investigation_deadline,
            seen_at: None,
            investigation: (assessment.outcome == AssessmentOutcome::Investigation).then_some(SignalInvestigation {
                organisation: signal.received_by,
                investigator: assessment.by,
                concluded_on: None,
            }),
        };
        let mut next = self.clone();
        next.route.signals.push(linked.clone());
        let change = crate::case::CaseChange::SignalLinked { signal: linked };
        Ok(self.next(next, change, None, actor, at))
    }
}

impl crate::case::Case {
    /// The investigation the assessment of linked signal `signal` started, if its link names it (a link
    /// made before investigations were named does not).
    pub fn investigation_of(&self, signal: SignalId) -> Option<SignalInvestigation> {
        (self.route.signals.iter())
            .find(|s| s.signal_id == signal)
            .and_then(|s| s.investigation)
    }

    /// The investigations after an assessment that run while the case is open and until they are
    /// concluded, as tasks of the organisation that investigates, due at their deadline and assigned to
    /// their investigator.
    pub fn investigation_tasks(&self) -> impl Iterator<Item = crate::justice::Task> + '_ {
        (self.route.signals.iter()).filter(|_| self.is_open()).filter_map(|s| {
            let i = s.investigation.filter(SignalInvestigation::running)?;
            Some(crate::justice::Task {
                organisation: i.organisation,
                due: s.investigation_deadline.unwrap_or(s.received_on),
                from: None,
                professional: Some(i.investigator),
            })
        })
    }

    /// A colleague of the investigator (the actor) takes over the investigation linked signal `signal`
    /// started: for when the investigator left or fell ill and their team does not cover for them. From
    /// the organisation's list of investigations, without reading the file first; the reason says why (the
    /// family reads it when their fixed contact person changes with it). The one who takes over also takes the investigator's place in the case (the
    /// lead, the scale-up's local lead or RVT professional), as with a GI's measures: the family keeps one
    /// fixed contact person, and the one who left holds nothing more.
    pub fn take_over_signal_investigation(
        &self,
        signal: SignalId,
        reason: crate::text::Reason,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(crate::case::Case, crate::case::NewEvent), DomainError> {
        require(actor.kind, Action::ReceiveSignal)?;
        if !self.is_open() {
            return Err(crate::case::closed_error(Some("reason")));
        }
        let mut next = self.clone();
        let investigation = running_investigation(&mut next, signal, actor)?;
        let from = investigation.investigator;
        if from == actor.professional {
            return Err(DomainError::conflict(
                Some("signal_id"),
                "already_yours",
                "you do this investigation already",
                "u doet dit onderzoek al",
            ));
        }
        investigation.investigator = actor.professional;
        let lead = next.put_in_place(&[from], actor.professional);
        let change = crate::case::CaseChange::SignalInvestigationTakenOver {
            signal_id: signal,
            to: actor.professional,
            lead,
        };
        Ok(self.next(next, change, Some(reason), actor, at))
    }

    /// The investigator (or a colleague who covers for them: the access layer decides) concludes the
    /// investigation linked signal `signal` started, with its findings in `conclusion` (the event's
    /// reason): it no longer runs, so it no longer opens the file, and the next step is the case's (help
    /// with the local team, a request to the Raad to investigate).
    pub fn conclude_signal_investigation(
        &self,
        signal: SignalId,
        conclusion: crate::text::Reason,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(crate::case::Case, crate::case::NewEvent), DomainError> {
        require(actor.kind, Action::ReceiveSignal)?;
        if !self.is_open() {
            return Err(crate::case::closed_error(Some("conclusion")));
        }
        let mut next = self.clone();
        running_investigation(&mut next, signal, actor)?.concluded_on = Some(crate::time::date_in_nl(at));
        let change = crate::case::CaseChange::SignalInvestigationConcluded { signal_id: signal };
        Ok(self.next(next, change, Some(conclusion), actor, at))
    }

    /// Records that the case's lead saw a linked signal, which takes it off their worklist.
    pub fn mark_signal_seen(
        &self,
        signal: SignalId,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(crate::case::Case, crate::case::NewEvent), DomainError> {
        require(actor.kind, Action::ReadHouseholdFile)?;
        let mut next = self.clone();
        let Some(linked) = next.route.signals.iter_mut().find(|s| s.signal_id == signal) else {
            return Err(DomainError::invalid(
                "signal_id",
                "unknown_signal",
                "this signal is not linked to the case",
                "dit signaal is niet aan de zaak gekoppeld",
            ));
        };
        if linked.seen_at.is_some() {
            return Err(DomainError::conflict(
                Some("signal_id"),
                "already_seen",
                "this signal was marked as seen already",
                "dit signaal is al als gezien gemarkeerd",
            ));
        }
        linked.seen_at = Some(at);
        let change = crate::case::CaseChange::SignalSeen { signal_id: signal };
        Ok(self.next(next, change, None, actor, at))
    }
}

/// Where a signal stands, as the reporter may see it (without its content).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SignalStatus {
    /// Received, not yet assessed.
    Received,
    /// Assessed.
    Assessed,
    /// Brought in from an earlier registration.
    Imported,
}

/// What was seen or heard, as a signal keeps it: required.
pub fn observed(raw: &str) -> Result<String, DomainError> {
    required_text("observed", raw)
}

impl Signal {
    /// Whether an organisation of `kind` may see who reported: a shielded reporter only Veilig Thuis.
    pub fn reporter_visible_to(&self, kind: OrganisationKind) -> bool {
        !self.shielded || kind == OrganisationKind::Vt
    }

    /// The signal as a professional of organisation `viewer`, of `kind`, may read it: a shielded reporter's
    /// name, organisation, contact and account only Veilig Thuis ([`Signal::reporter_visible_to`]; where
    /// the report came from, its category, is left for the caller to leave out); the radar only the
    /// organisation that received it; a shielded reporter's meldcode record only that organisation too (Wmo
    /// 2015 art. 5.2.6).
    pub fn as_read_by(mut self, viewer: OrganisationId, kind: OrganisationKind) -> Self {
        if !self.reporter_visible_to(kind) {
            self.reporter = Reporter {
                category: self.reporter.category,
                name: None,
                organisation: None,
                contact: None,
                professional_id: None,
            };
        }
        if viewer != self.received_by {
            self.radar = Radar::default();
            if self.shielded {
                self.meldcode = None;
            }
        }
        self
    }

    /// Registers a signal received by `receiver`: by `actor`'s own organisation (a call or letter that came
    /// in), or reported to it by `actor` as a professional of the chain, who is then the reporter. A report
    /// received by Veilig Thuis gets its safety-assessment deadline from `norms`: the same day when acute,
    /// else the set number of working days after receipt.
    #[allow(clippy::too_many_arguments)] // the signal, who receives and registers it, the norms and the time
    pub fn receive(
        new: NewSignal,
        receiver: (OrganisationId, OrganisationKind),
        norms: &Norms,
        calendar: &Calendar,
        actor: &Actor,
        at: Timestamp,
        today: Date,
    ) -> Result<Signal, DomainError> {
        let (received_by, receiver_kind) = receiver;
        let mut new = new;
        if received_by == actor.organisation {
            require(actor.kind, Action::ReceiveSignal)?;
        } else {
            require(actor.kind, Action::ReportSignal)?;
            require(receiver_kind, Action::ReceiveSignal)
                .map_err(|e| DomainError::invalid("received_by", "cannot_receive", e.en, e.nl))?;
            new.reporter.professional_id = Some(actor.professional);
        }
        if new.persons.is_empty() && new.household_id.is_none() {
            return Err(DomainError::invalid(
                "persons",
                "about_nobody",
                "a signal concerns at least one person or a household",
                "een signaal gaat over minstens één persoon of een huishouden",
            ));
        }
        if let Some(m) = &new.meldcode
            && !m.outcome.reports()
        {
            return Err(DomainError::invalid(
                "meldcode.answers",
                "no_report",
                format!("the afwegingskader's outcome is {:?}, not a report", m.outcome).to_lowercase(),
                format!(
                    "de uitkomst van het afwegingskader is {}, geen melding",
                    m.outcome.label_nl()
                ),
            ));
        }
        if new.received_on > today {
            return Err(DomainError::invalid(
                "received_on",
                "date_in_future",
                "a signal cannot be received after today",
                "een signaal kan niet na vandaag zijn ontvangen",
            ));
        }
        let mut persons = new.persons.clone();
        persons.sort();
        persons.dedup();
        let assessment_deadline =
            (new.kind == SignalKind::Report && receiver_kind == OrganisationKind::Vt).then(|| {
                if new.acute {
                    new.received_on
                } else {
                    calendar.add_working_days(new.received_on, norms.safety_assessment_working_days)
                }
            });
        Ok(Signal {
            id: SignalId::new(),
            kind: new.kind,
            reporter: new.reporter.checked()?,
            shielded: new.shielded,
            household_id: new.household_id,
            persons,
            observed: observed(&new.observed)?,
            received_on: new.received_on,
            registered_at: at,
            received_by,
            acute: new.acute,
            assessment_deadline,
            assessment: None,
            radar: Radar::default(),
            meldcode: new.meldcode,
            imported: false,
            version: 1,
        })
    }

    /// The same signal as history from an earlier registration: no deadline, and not waiting in triage.
    pub fn historical(self) -> Signal {
        Signal {
            assessment_deadline: None,
            imported: true,
            ..self
        }
    }

    /// Where it stands, for the reporter.
    pub fn status(&self) -> SignalStatus {
        match (&self.assessment, self.imported) {
            (Some(_), _) => SignalStatus::Assessed,
            (None, true) => SignalStatus::Imported,
            (None, false) => SignalStatus::Received,
        }
    }

    /// Not assessed after its deadline.
    pub fn is_overdue(&self, today: Date) -> bool {
        self.assessment.is_none() && self.assessment_deadline.is_some_and(|d| d < today)
    }

    /// Records the assessment by the receiving organisation. An outcome that means work in a case names
    /// the case it opened or joined; an investigation gets its deadline from `norms`, counted from the day
    /// of `at`.
    pub fn assess(
        &self,
        outcome: AssessmentOutcome,
        summary: &str,
        case_id: Option<CaseId>,
        norms: &Norms,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<Signal, DomainError> {
        require(actor.kind, Action::ReceiveSignal)?;
        let today = crate::time::date_in_nl(at);
        if actor.organisation != self.received_by {
            return Err(DomainError::forbidden(
                "not_receiver",
                "only the organisation that received a signal assesses it",
                "alleen de organisatie die een signaal ontving, beoordeelt het",
            ));
        }
        if self.assessment.is_some() {
            return Err(DomainError::conflict(
                Some("outcome"),
                "already_assessed",
                "this signal has been assessed already",
                "dit signaal is al beoordeeld",
            ));
        }
        if outcome.needs_case() != case_id.is_some() {
            return Err(DomainError::invalid(
                "case_id",
                if outcome.needs_case() {
                    "case_required"
                } else {
                    "case_not_expected"
                },
                "hand to the local team, an RVT case and an investigation name the case they open or join; the other outcomes do not",
                "overdracht aan het lokaal team, een RVT-zaak en een onderzoek noemen de zaak die ze openen of waarbij ze aansluiten; de andere uitkomsten niet",
            ));
        }
        let investigation_deadline = (outcome == AssessmentOutcome::Investigation)
            .then(|| today.checked_add((i64::from(norms.investigation_weeks) * 7).days()))
            .transpose()
            .map_err(|_| DomainError::invalid("outcome", "date_range", "date out of range", "datum buiten bereik"))?;
        Ok(Signal {
            assessment: Some(Assessment {
                outcome,
                summary: required_text("summary", summary)?,
                case_id,
                investigation_deadline,
                by: actor.professional,
                at,
            }),
            version: self.version + 1,
            ..self.clone()
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_report_about_a_child_linked_to_a_household_without_children_is_flagged() {
        use crate::household::Relation;
        let today = date(2026, 12, 3);
        let person =
            |born: Date| crate::person::Person::typed("Kim", "de Boer", &born.to_string(), "", None, today).unwrap();
        let (child, adult) = (person(date(2015, 5, 1)), person(date(1980, 5, 1)));
        let adults_only = vec![
            (adult.clone(), Relation::Parent),
            (person(date(1982, 1, 1)), Relation::Partner),
        ];
        assert!(child_outside_household(
            std::slice::from_ref(&child),
            &adults_only,
            today
        ));
        let with_child = vec![(adult.clone(), Relation::Parent), (child.clone(), Relation::Child)];
        assert!(!child_outside_household(
            std::slice::from_ref(&child),
            &with_child,
            today
        ));
        assert!(
            !child_outside_household(std::slice::from_ref(&adult), &adults_only, today),
            "about an adult"
        );
        assert!(!child_outside_household(&[child], &[], today), "no household linked");
    }

    use super::*;
    use jiff::civil::date;

    fn vt() -> Actor {
        Actor {
            professional: ProfessionalId::new(),
            organisation: OrganisationId::new(),
            kind: OrganisationKind::Vt,
            region: crate::fixtures::REGION,
        }
    }

    fn school() -> Reporter {
        Reporter {
            category: SourceCategory::School,
            name: Some("Mw. De Jong".into()),
            organisation: Some("OBS De Regenboog".into()),
            contact: None,
            professional_id: None,
        }
    }

    fn report(received_on: Date, acute: bool) -> NewSignal {
        NewSignal {
            kind: SignalKind::Report,
            reporter: school(),
            shielded: false,
            household_id: None,
            persons: vec![PersonId::new()],
            observed: "Blauwe plekken op de armen".into(),
            received_on,
            acute,
            meldcode: None,
        }
    }

    const TODAY: Date = date(2026, 11, 23);

    fn own(a: &Actor) -> (OrganisationId, OrganisationKind) {
        (a.organisation, a.kind)
    }

    #[test]
    fn a_professional_reports_to_veilig_thuis_and_becomes_the_reporter() {
        let (cal, norms, at) = (Calendar::default(), Norms::default(), Timestamp::now());
        let receiver = vt();
        let jgz = Actor {
            kind: OrganisationKind::CareProvider,
            ..vt()
        };
        let s = Signal::receive(report(TODAY, false), own(&receiver), &norms, &cal, &jgz, at, TODAY).unwrap();
        assert_eq!(
            (s.received_by, s.reporter.professional_id),
            (receiver.organisation, Some(jgz.professional))
        );
        assert!(s.assessment_deadline.is_some());
        let court = Actor {
            kind: OrganisationKind::Court,
            ..vt()
        };
        let err = Signal::receive(report(TODAY, false), own(&receiver), &norms, &cal, &court, at, TODAY).unwrap_err();
        assert_eq!(err.code, "statutory_task");
        let gi = vt();
        let to_gi = (gi.organisation, OrganisationKind::Gi);
        let err = Signal::receive(report(TODAY, false), to_gi, &norms, &cal, &jgz, at, TODAY).unwrap_err();
        assert_eq!((err.code, err.field), ("cannot_receive", Some("received_by")));
    }

    #[test]
    fn a_shielded_reporter_is_read_only_by_veilig_thuis_and_the_radar_only_by_the_receiver() {
        let (cal, norms, at) = (Calendar::default(), Norms::default(), Timestamp::now());
        let receiver = vt();
        let jgz = Actor {
            kind: OrganisationKind::CareProvider,
            ..vt()
        };
        let shielded = NewSignal {
            shielded: true,
            meldcode: Some(
                MeldcodeRecord::new(
                    &crate::meldcode::MeldcodeSteps {
                        signals: "Blauwe plekken".into(),
                        colleague_consulted: "Met de intern begeleider".into(),
                        vt_advice: None,
                        client_conversation: "Met moeder gesproken".into(),
                        weighing: "Structurele onveiligheid".into(),
                    },
                    crate::meldcode::Afwegingskader {
                        suspicion: Some(true),
                        unsafety: Some(true),
                        ..Default::default()
                    },
                )
                .unwrap(),
            ),
            ..report(TODAY, false)
        };
        let mut s = Signal::receive(shielded, own(&receiver), &norms, &cal, &jgz, at, TODAY).unwrap();
        s.radar.signals = vec![SignalId::new()];
        // Veilig Thuis, which received it, reads it whole.
        assert_eq!(s.clone().as_read_by(receiver.organisation, OrganisationKind::Vt), s);
        // A local team reads neither who reported, nor the radar, nor the reporter's meldcode record.
        let local = s.clone().as_read_by(OrganisationId::new(), OrganisationKind::LocalTeam);
        let nobody = Reporter {
            category: SourceCategory::School,
            name: None,
            organisation: None,
            contact: None,
            professional_id: None,
        };
        assert_eq!(
            (&local.reporter, &local.radar, &local.meldcode),
            (&nobody, &Radar::default(), &None)
        );
        assert_eq!(local.observed, s.observed, "what was seen is the case's");
        // Not shielded: the reporter is read by all; the radar still only by the receiver.
        let open = Signal {
            shielded: false,
            ..s.clone()
        };
        let read = open
            .clone()
            .as_read_by(OrganisationId::new(), OrganisationKind::LocalTeam);
        assert_eq!((&read.reporter, &read.meldcode), (&open.reporter, &open.meldcode));
        assert_eq!(read.radar, Radar::default());
    }

    #[test]
    fn a_report_to_veilig_thuis_gets_its_assessment_deadline() {
        let v = vt();
        let cal = Calendar::default();
        let norms = Norms::default();
        let at = Timestamp::now();
        // Received Friday 20 November: five working days is Friday 27 November.
        let s = Signal::receive(report(date(2026, 11, 20), false), own(&v), &norms, &cal, &v, at, TODAY).unwrap();
        assert_eq!(s.assessment_deadline, Some(date(2026, 11, 27)));
        assert!(!s.is_overdue(date(2026, 11, 27)) && s.is_overdue(date(2026, 11, 30)));
        let acute = Signal::receive(report(date(2026, 11, 20), true), own(&v), &norms, &cal, &v, at, TODAY).unwrap();
        assert_eq!(acute.assessment_deadline, Some(date(2026, 11, 20)));
        // An advice request, or a report to the local team, has no statutory deadline.
        let advice = NewSignal {
            kind: SignalKind::AdviceRequest,
            ..report(TODAY, false)
        };
        assert_eq!(
            Signal::receive(advice, own(&v), &norms, &cal, &v, at, TODAY)
                .unwrap()
                .assessment_deadline,
            None
        );
        let local = Actor {
            kind: OrganisationKind::LocalTeam,
            ..vt()
        };
        let s = Signal::receive(report(TODAY, false), own(&local), &norms, &cal, &local, at, TODAY).unwrap();
        assert_eq!(s.assessment_deadline, None);
    }

    #[test]
    fn bad_signals_are_refused_naming_the_field() {
        let v = vt();
        let (cal, norms, at) = (Calendar::default(), Norms::default(), Timestamp::now());
        let receive = |s: NewSignal| Signal::receive(s, own(&v), &norms, &cal, &v, at, TODAY).unwrap_err();
        let nobody = NewSignal {
            persons: vec![],
            ..report(TODAY, false)
        };
        assert_eq!(receive(nobody).code, "about_nobody");
        assert_eq!(receive(report(date(2026, 11, 24), false)).field, Some("received_on"));
        let anonymous_school = NewSignal {
            reporter: Reporter {
                organisation: None,
                ..school()
            },
            ..report(TODAY, false)
        };
        assert_eq!(receive(anonymous_school).field, Some("reporter.organisation"));
        let neighbour_for_org = NewSignal {
            reporter: Reporter {
                category: SourceCategory::Neighbour,
                ..school()
            },
            ..report(TODAY, false)
        };
        assert_eq!(receive(neighbour_for_org).code, "citizen_organisation");
        let police = Actor {
            kind: OrganisationKind::Police,
            ..vt()
        };
        let err = Signal::receive(report(TODAY, false), own(&police), &norms, &cal, &police, at, TODAY).unwrap_err();
        assert_eq!(err.code, "statutory_task");
    }

    #[test]
    fn the_assessment_names_its_case_and_an_investigation_gets_a_deadline() {
        let (cal, norms) = (Calendar::default(), Norms::default());
        let at: Timestamp = "2026-11-23T10:00:00Z".parse().unwrap();
        let me = vt();
        let s = Signal::receive(report(TODAY, false), own(&me), &norms, &cal, &me, at, TODAY).unwrap();
        let err = s
            .assess(AssessmentOutcome::RvtCase, "Zorgelijk", None, &norms, &me, at)
            .unwrap_err();
        assert_eq!(err.code, "case_required");
        let err = s
            .assess(
                AssessmentOutcome::Advice,
                "Advies",
                Some(CaseId::new()),
                &norms,
                &me,
                at,
            )
            .unwrap_err();
        assert_eq!(err.code, "case_not_expected");
        let other_vt = vt();
        let err = s
            .assess(AssessmentOutcome::Advice, "Advies", None, &norms, &other_vt, at)
            .unwrap_err();
        assert_eq!(err.code, "not_receiver");
        let done = s
            .assess(
                AssessmentOutcome::Investigation,
                "Onderzoek nodig",
                Some(CaseId::new()),
                &norms,
                &me,
                at,
            )
            .unwrap();
        let a = done.assessment.as_ref().unwrap();
        assert_eq!(a.investigation_deadline, Some(date(2027, 2, 1)));
        assert_eq!((done.status(), done.version), (SignalStatus::Assessed, 2));
        let again = done
            .assess(AssessmentOutcome::Advice, "x", None, &norms, &me, at)
            .unwrap_err();
        assert_eq!(again.code, "already_assessed");
    }

    #[test]
    fn the_radar_counts_per_household_and_flags_a_third_signal_within_a_year() {
        let h = HouseholdId::new();
        let other = HouseholdId::new();
        let at = TODAY;
        let earlier = |days: i64, households: Vec<HouseholdId>| EarlierSignal {
            id: SignalId::new(),
            received_on: at.checked_sub(days.days()).unwrap(),
            households,
        };
        let two_this_year = [earlier(30, vec![h]), earlier(200, vec![h, other])];
        let r = radar(at, &[h], &two_this_year, vec![]);
        assert!(r.flagged);
        assert_eq!(
            r.signals,
            vec![two_this_year[0].id, two_this_year[1].id],
            "newest first"
        );
        let mine = r.per_household.iter().find(|p| p.household_id == h).unwrap();
        assert_eq!(mine.per_year, vec![(2026, 3)]);
        let theirs = r.per_household.iter().find(|p| p.household_id == other).unwrap();
        assert_eq!(theirs.per_year, vec![(2026, 1)]);
        // Two earlier signals, one of them over a year ago: no flag.
        let spread = [earlier(30, vec![h]), earlier(400, vec![h])];
        let r = radar(at, &[h], &spread, vec![]);
        assert!(!r.flagged);
        assert_eq!(r.per_household[0].per_year, vec![(2025, 1), (2026, 2)]);
    }

    #[test]
    fn norms_out_of_range_are_named_together() {
        assert!(Norms::default().check().is_ok());
        let norms = Norms {
            safety_assessment_working_days: 6,
            radar_years: 0,
            ..Norms::default()
        };
        let fields: Vec<_> = norms.check().unwrap_err().iter().map(|e| e.field).collect();
        assert_eq!(fields, [Some("safety_assessment_working_days"), Some("radar_years")]);
    }
}
