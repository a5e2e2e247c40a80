//! Court measures and the Raad's investigation (F13, F14, F15): the route from a case to the juvenile
//! court and back.
//!
//! Veilig Thuis, the local team or a GI asks the Raad voor de Kinderbescherming to investigate
//! ([`Case::request_investigation`]); the Raad accepts ([`Case::accept_investigation`]), investigates
//! within the region's norm, and concludes ([`Case::conclude_investigation`]): it files a request with the
//! court (rekwest) or hands the case back with advice. Only the Raad (and the OM) requests a child
//! protection measure; the GI that executes a measure requests its extension (BW 1:260). The court
//! schedules the hearing, at which every child of 12 or older is given the chance to be heard (art. 809
//! Rv), and decides ([`Case::decide`]). A decision in force puts the case in the mandatory frame by itself
//! and brings the GI's jeugdbeschermer in; a hand-set mandatory frame is refused by the
//! [`policy`](crate::policy). Every step is one event of the case, and the state lives in the route
//! document ([`Justice`]).
//!
//! The legal durations (Burgerlijk Wetboek Boek 1, Titel 14, afdeling 4):
//! - voorlopige ondertoezichtstelling: at most three months (art. 1:257 lid 1);
//! - ondertoezichtstelling: at most one year (art. 1:258 lid 1), extended each time by at most one year
//!   (art. 1:260 lid 1);
//! - machtiging uithuisplaatsing: at most one year and never past the supervision it belongs to (art.
//!   1:265c lid 1), extended each time by at most one year (lid 2); it lapses when it is not used within
//!   three months (lid 3);
//! - gezagsbeëindigende maatregel: ends a parent's authority; a GI becomes guardian, until the child comes
//!   of age (art. 1:266, 1:275).
//!
//! Appeal: three months from the day of the decision (art. 806 and 358 lid 2 Rv).

use crate::case::{Case, CaseChange, Lead, LegalFrame, NewEvent, closed_error};
use crate::consent::Basis;
use crate::directory::{Actor, OrganisationKind};
use crate::error::DomainError;
use crate::ids::{OrganisationId, PersonId, ProfessionalId};
use crate::involvement::Viewer;
use crate::person::age;
use crate::policy::{Action, require};
use crate::route::{CaseContext, Ground, ScaleForm, ScaleUp, Standing, check_standing};
use crate::text::Reason;
use jiff::civil::Date;
use jiff::{Span, Timestamp};
use serde::{Deserialize, Serialize};

/// The kinds of child protection measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeasureKind {
    /// Voorlopige ondertoezichtstelling (art. 1:257 BW): urgent, at most three months.
    ProvisionalSupervision,
    /// Ondertoezichtstelling (art. 1:255 and 1:258 BW): at most one year, extendable.
    Supervision,
    /// Machtiging uithuisplaatsing (art. 1:265b and 1:265c BW): with a supervision, at most one year.
    Placement,
    /// Gezagsbeëindigende maatregel (art. 1:266 BW): a parent's authority ends; a GI becomes guardian.
    AuthorityTermination,
}

impl MeasureKind {
    /// Every kind.
    pub const ALL: [MeasureKind; 4] = [
        Self::ProvisionalSupervision,
        Self::Supervision,
        Self::Placement,
        Self::AuthorityTermination,
    ];

    /// Stable code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ProvisionalSupervision => "provisional_supervision",
            Self::Supervision => "supervision",
            Self::Placement => "placement",
            Self::AuthorityTermination => "authority_termination",
        }
    }

    /// Parses a code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == code)
    }

    /// The Dutch name shown to users.
    pub fn label_nl(self) -> &'static str {
        match self {
            Self::ProvisionalSupervision => "voorlopige ondertoezichtstelling",
            Self::Supervision => "ondertoezichtstelling",
            Self::Placement => "machtiging uithuisplaatsing",
            Self::AuthorityTermination => "gezagsbeëindigende maatregel",
        }
    }

    /// The articles of the Burgerlijk Wetboek it rests on.
    pub fn article(self) -> &'static str {
        match self {
            Self::ProvisionalSupervision => "art. 1:257 BW",
            Self::Supervision => "art. 1:255 en 1:258 BW",
            Self::Placement => "art. 1:265b en 1:265c BW",
            Self::AuthorityTermination => "art. 1:266 BW",
        }
    }

    /// The longest period the court may grant at once, in months; none for a measure that lasts until the
    /// child comes of age.
    pub fn max_months(self) -> Option<i32> {
        match self {
            // Art. 1:257 lid 1 BW: "voor ten hoogste drie maanden".
            Self::ProvisionalSupervision => Some(3),
            // Art. 1:258 lid 1 and art. 1:265c lid 1 BW: "ten hoogste een jaar".
            Self::Supervision | Self::Placement => Some(12),
            Self::AuthorityTermination => None,
        }
    }

    /// The field that names its end in a decision ("until.supervision"), so an error stands next to it.
    pub fn until_field(self) -> &'static str {
        match self {
            Self::ProvisionalSupervision => "until.provisional_supervision",
            Self::Supervision => "until.supervision",
            Self::Placement => "until.placement",
            Self::AuthorityTermination => "until.authority_termination",
        }
    }

    /// Whether the measure supervises the child (a placement needs one).
    pub fn supervises(self) -> bool {
        matches!(self, Self::ProvisionalSupervision | Self::Supervision)
    }

    /// Whether the court may decide it before hearing a child of 12 or older, in an emergency (art. 809
    /// lid 3 Rv: a voorlopige ondertoezichtstelling or a machtiging uithuisplaatsing).
    pub fn may_be_urgent(self) -> bool {
        matches!(self, Self::ProvisionalSupervision | Self::Placement)
    }

    /// Whether its extension can be requested (art. 1:260 and 1:265c lid 2 BW).
    pub fn extendable(self) -> bool {
        matches!(self, Self::Supervision | Self::Placement)
    }
}

/// A request to the Raad to investigate (verzoek tot onderzoek), and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Investigation {
    /// Its number within the case (1, 2, …).
    pub number: u32,
    /// The organisation that asked.
    pub requested_by: OrganisationId,
    /// The day it asked.
    #[schema(value_type = String, format = Date)]
    pub requested_on: Date,
    /// The Raad asked.
    pub raad: OrganisationId,
    /// Why, in the asking professional's words.
    pub reason: String,
    /// The Raad's investigator, once accepted.
    #[serde(default)]
    pub investigator: Option<ProfessionalId>,
    /// The day the Raad accepted.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub accepted_on: Option<Date>,
    /// The day the investigation is due (the region's norm from acceptance).
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub deadline: Option<Date>,
    /// The day the Raad concluded.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub concluded_on: Option<Date>,
    /// The conclusion.
    #[serde(default)]
    pub outcome: Option<InvestigationOutcome>,
}

impl Investigation {
    /// Whether the Raad still has work on it.
    pub fn open(&self) -> bool {
        self.outcome.is_none()
    }
}

/// How the Raad concluded an investigation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum InvestigationOutcome {
    /// It filed a request with the court.
    Request {
        /// The request's number.
        request: u32,
    },
    /// It handed the case back with advice: no measure is needed.
    HandedBack {
        /// The advice.
        advice: String,
    },
}

/// What a request to the court asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Asked {
    /// New measures, for each child of the request.
    Measures {
        /// The kinds asked for.
        kinds: Vec<MeasureKind>,
    },
    /// The extension of running measures.
    Extension {
        /// The measures' numbers.
        measures: Vec<u32>,
    },
}

impl Asked {
    /// What is asked, in Dutch: "ondertoezichtstelling en machtiging uithuisplaatsing", "verlenging".
    pub fn label_nl(&self) -> String {
        match self {
            Self::Measures { kinds } => kinds.iter().map(|k| k.label_nl()).collect::<Vec<_>>().join(" en "),
            Self::Extension { .. } => "verlenging van de maatregel".into(),
        }
    }
}

/// A request to the juvenile court (verzoekschrift, rekwest), its hearing and its decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CourtRequest {
    /// Its number within the case.
    pub number: u32,
    /// What it asks.
    pub asked: Asked,
    /// The organisation that filed it; none for a parent's own request (`parent`).
    pub filed_by: Option<OrganisationId>,
    /// The parent who filed it themselves: the extension of a measure the GI did not ask for (art. 1:260
    /// lid 1 BW).
    #[serde(default)]
    pub parent: Option<PersonId>,
    /// The day it was filed.
    #[schema(value_type = String, format = Date)]
    pub filed_on: Date,
    /// The court it was filed with.
    pub court: OrganisationId,
    /// The children it concerns.
    pub children: Vec<PersonId>,
    /// Its grounds, in the requester's words.
    pub grounds: String,
    /// The investigation whose report it rests on.
    #[serde(default)]
    pub investigation: Option<u32>,
    /// The GI that declared itself willing to execute a new measure, and its jeugdbeschermer.
    pub executor: Executor,
    /// The hearing, once the court set it.
    #[serde(default)]
    pub hearing: Option<Hearing>,
    /// The decision.
    #[serde(default)]
    pub decision: Option<CourtDecision>,
}

impl CourtRequest {
    /// Whether the court has still to decide.
    pub fn pending(&self) -> bool {
        self.decision.is_none()
    }
}

/// The GI and jeugdbeschermer who execute a measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Executor {
    /// The GI.
    pub organisation: OrganisationId,
    /// The jeugdbeschermer.
    pub professional: ProfessionalId,
}

/// The hearing the court set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Hearing {
    /// Its day.
    #[schema(value_type = String, format = Date)]
    pub on: Date,
    /// The children who are 12 or older on that day: each is given the chance to be heard (art. 809 lid 1
    /// Rv).
    pub to_hear: Vec<PersonId>,
}

/// Whether a child of 12 or older was heard (art. 809 Rv).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ChildHeard {
    /// The child gave their view.
    Heard,
    /// The child was invited and chose not to come.
    Declined,
    /// The child was not heard, for a stated reason (for example that they cannot form a view).
    NotHeard {
        /// Why.
        reason: String,
    },
}

impl ChildHeard {
    /// In Dutch.
    pub fn label_nl(&self) -> String {
        match self {
            Self::Heard => "gehoord".into(),
            Self::Declined => "wilde niet gehoord worden".into(),
            Self::NotHeard { reason } => format!("niet gehoord: {reason}"),
        }
    }
}

/// The court's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Everything asked was granted.
    Granted,
    /// Part was granted (fewer kinds or a shorter period).
    PartlyGranted,
    /// Nothing was granted.
    Rejected,
}

impl Outcome {
    /// In Dutch.
    pub fn label_nl(self) -> &'static str {
        match self {
            Self::Granted => "toegewezen",
            Self::PartlyGranted => "gedeeltelijk toegewezen",
            Self::Rejected => "afgewezen",
        }
    }
}

/// A decision (beschikking) on a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CourtDecision {
    /// Its day.
    #[schema(value_type = String, format = Date)]
    pub on: Date,
    /// Granted, partly granted or rejected.
    pub outcome: Outcome,
    /// For each child who was to be heard: whether they were.
    pub heard: Vec<(PersonId, ChildHeard)>,
    /// Why the court decided before hearing a child of 12 or older (art. 809 lid 3 Rv).
    #[serde(default)]
    pub urgent: Option<String>,
    /// The last day to appeal: three months after the decision (art. 806 and 358 lid 2 Rv).
    #[schema(value_type = String, format = Date)]
    pub appeal_until: Date,
    /// The measures it started or extended.
    pub measures: Vec<u32>,
}

/// A child protection measure for one child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Measure {
    /// Its number within the case.
    pub number: u32,
    /// Which measure.
    pub kind: MeasureKind,
    /// The child.
    pub child: PersonId,
    /// The first day in force.
    #[schema(value_type = String, format = Date)]
    pub start: Date,
    /// The day it ends (no longer in force from then); none for a measure until the child comes of age.
    #[schema(value_type = Option<String>, format = Date)]
    pub until: Option<Date>,
    /// Who executes it.
    pub executor: Executor,
    /// The request that started it.
    pub request: u32,
    /// The requests that extended it.
    #[serde(default)]
    pub extended_by: Vec<u32>,
    /// For a placement: the day the child was placed (the authorisation was used).
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub placed_on: Option<Date>,
    /// The day it ended early, if it did.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub ended_on: Option<Date>,
}

impl Measure {
    /// The day from which the measure is no longer in force: its end, an early end, or (for a placement
    /// not used within three months) the day it lapsed (art. 1:265c lid 3 BW).
    pub fn ends_on(&self) -> Option<Date> {
        let lapse = (self.kind == MeasureKind::Placement && self.placed_on.is_none()).then(|| lapses_on(self.start));
        [self.until, self.ended_on, lapse].into_iter().flatten().min()
    }

    /// Whether it is in force on `day`.
    pub fn in_force(&self, day: Date) -> bool {
        self.start <= day && self.ends_on().is_none_or(|end| day < end)
    }

    /// Whether it ended (or lapsed) before or on `day`.
    pub fn ended(&self, day: Date) -> bool {
        self.ends_on().is_some_and(|end| end <= day)
    }

    /// From when the Raad or the OM that asked for this measure may request its extension when the GI has not
    /// ([`STEP_IN_WEEKS`] before its end); none for a measure that is not extended or has no end.
    pub fn step_in_from(&self) -> Option<Date> {
        let until = self.until.filter(|_| self.kind.extendable())?;
        Some(until - Span::new().weeks(STEP_IN_WEEKS))
    }

    /// Whether an extension request for it is waiting at the court.
    pub fn extension_pending(&self, requests: &[CourtRequest]) -> bool {
        requests.iter().any(|r| {
            r.pending() && matches!(&r.asked, Asked::Extension { measures } if measures.contains(&self.number))
        })
    }
}

/// The day a placement authorisation starting on `start` lapses when it is not used (art. 1:265c lid 3 BW).
pub fn lapses_on(start: Date) -> Date {
    add_months(start, 3)
}

/// `day` plus `months` calendar months (the same day number, or the month's last day when it has fewer).
pub fn add_months(day: Date, months: i32) -> Date {
    day.checked_add(Span::new().months(months)).unwrap_or(Date::MAX)
}

/// The justice part of a case's route: investigations, requests to the court and measures, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Justice {
    /// The requests to the Raad to investigate.
    #[serde(default)]
    pub investigations: Vec<Investigation>,
    /// The requests to the court.
    #[serde(default)]
    pub requests: Vec<CourtRequest>,
    /// The measures.
    #[serde(default)]
    pub measures: Vec<Measure>,
}

/// Which organisation has work on a case's justice route, and from when it is due: what the Raad's, the
/// court's and the GI's worklists are made of, and what gives their organisation a task (need-to-know).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Task {
    /// The organisation.
    pub organisation: OrganisationId,
    /// When it is due; the worklist puts the soonest first.
    pub due: Date,
    /// The first day of the task, when it does not start at once (the Raad's or the OM's turn to request
    /// an extension the GI did not request, art. 1:260 lid 1 BW).
    pub from: Option<Date>,
    /// The professional the task is assigned to: the Raad's investigator once an investigation is accepted,
    /// the GI's jeugdbeschermer of a measure or of its own extension request. None while it is the
    /// organisation's, for whoever takes it up: an investigation not yet accepted, a request at the court,
    /// the Raad's or the OM's part in a request they filed (the investigation is over and counts no longer
    /// among what its investigator holds, so a colleague must be able to name another jeugdbeschermer in
    /// it), a requester's step-in.
    pub professional: Option<ProfessionalId>,
}

impl Task {
    /// Whether the task runs on `day`: it has started, and a step-in task (one with a first day) ends on
    /// its measure's end, after which the Raad or the OM can no longer ask.
    pub fn active(&self, day: Date) -> bool {
        match self.from {
            None => true,
            Some(from) => from <= day && day < self.due,
        }
    }

    /// Whether the task gives `viewer` a part in the household's file on `day` (need-to-know): it runs,
    /// it is their organisation's, and it is theirs, their team's (`Viewer::colleagues`), or nobody's in
    /// particular yet. Work assigned to a colleague of another team gives none: that team reads the file,
    /// and the others see the line on their organisation's worklist, from which the Raad takes an
    /// investigation over (`Case::take_over_investigation`).
    pub fn involves(&self, viewer: &Viewer, day: Date) -> bool {
        self.active(day)
            && self.organisation == viewer.actor.organisation
            && self.professional.is_none_or(|p| viewer.is_me_or_colleague(p))
    }
}

/// How many weeks before an extendable measure ends the Raad or the OM that asked for it may request its
/// extension in the GI's stead, when the GI has not: art. 1:260 lid 1 BW lets them "indien de
/// gecertificeerde instelling geen verzoek doet". Six weeks leave the court time to hear the family before
/// the end; the GI is reminded long before (the region's `measure_reminder_weeks`).
pub const STEP_IN_WEEKS: i64 = 6;

/// Who requests an extension (art. 1:260 lid 1 BW).
#[derive(Debug, Clone, Copy)]
enum ExtensionBy<'a> {
    /// The GI, for the measures it executes.
    Gi(OrganisationId),
    /// The Raad or the OM, for the measures it asked for, when the GI has not.
    StepIn(OrganisationId),
    /// A parent of the children, when the GI has not.
    Parent {
        /// The parent.
        parent: PersonId,
        /// Their children.
        children: &'a [PersonId],
    },
}

impl ExtensionBy<'_> {
    /// Whether this requester may ask for the extension of `m` on `today`.
    fn may_ask(self, justice: &Justice, m: &Measure, today: Date) -> Result<(), DomainError> {
        let (mine, who_en, who_nl) = match self {
            // The GI that executes it asks; another GI has no part in it.
            Self::Gi(gi) if m.executor.organisation == gi => return Ok(()),
            Self::Gi(_) => {
                return Err(not_yours(
                    "not_your_measure",
                    "only the GI that executes a measure requests its extension",
                    "alleen de GI die de maatregel uitvoert vraagt de verlenging aan",
                ));
            }
            Self::StepIn(o) => (
                justice.step_in_requester(m) == Some(o),
                "the Raad or the OM that asked for the measure",
                "de Raad of het OM dat de maatregel vroeg",
            ),
            Self::Parent { children, .. } => (
                children.contains(&m.child),
                "a parent of the child",
                "een ouder van het kind",
            ),
        };
        if !mine {
            return Err(DomainError::forbidden(
                "not_your_measure",
                format!("the GI requests the extension; when it does not, {who_en} may"),
                format!("de GI vraagt de verlenging aan; doet zij dat niet, dan kan {who_nl} dat doen"),
            ));
        }
        // Only "indien de gecertificeerde instelling geen verzoek doet": from STEP_IN_WEEKS before the end.
        let from = m.step_in_from().unwrap_or(Date::MAX);
        if today < from {
            return Err(DomainError::conflict(
                Some("measures"),
                "gi_requests_first",
                format!("the GI requests the extension (art. 1:260 BW); {who_en} may from {from} if the GI has not"),
                format!(
                    "de GI vraagt de verlenging aan (art. 1:260 BW); {who_nl} kan dat vanaf {} als de GI het niet gedaan heeft",
                    crate::time::date_nl(from)
                ),
            ));
        }
        Ok(())
    }
}

impl Justice {
    /// The measures in force on `day`.
    pub fn in_force(&self, day: Date) -> impl Iterator<Item = &Measure> {
        self.measures.iter().filter(move |m| m.in_force(day))
    }

    /// The open tasks: an investigation the Raad has not concluded (due at its deadline, or on the day it
    /// was asked until accepted), a request the court has not decided (for the court and for the
    /// requester, a party until the decision; due on its hearing, or the day it was filed), and a measure
    /// its GI executes (due on its end; the worklist reminds before). The Raad or the OM that asked for an
    /// extendable measure has a task again from [`Measure::step_in_from`] while no extension is waiting, to
    /// request it when the GI does not (art. 1:260 lid 1 BW).
    pub fn tasks(&self) -> Vec<Task> {
        let investigations = (self.investigations.iter().filter(|i| i.open())).map(|i| Task {
            organisation: i.raad,
            due: i.deadline.unwrap_or(i.requested_on),
            from: None,
            professional: i.investigator,
        });
        // The court decides, nobody in particular; the requester stays a party until it has: the GI in the
        // person of the jeugdbeschermer for its own extension, the Raad or the OM as an organisation.
        let requests = (self.requests.iter().filter(|r| r.pending())).flat_map(|r| {
            let due = r.hearing.as_ref().map_or(r.filed_on, |h| h.on);
            let party = r.filed_by.map(|organisation| Task {
                organisation,
                due,
                from: None,
                professional: self.party_professional(r),
            });
            let court = Task {
                organisation: r.court,
                due,
                from: None,
                professional: None,
            };
            std::iter::once(court).chain(party)
        });
        // A measure stays the GI's task until an early end is recorded or the frame is set after expiry;
        // ended measures are kept, so the GI's task is every measure not ended early.
        let measures = (self.measures.iter().filter(|m| m.ended_on.is_none())).map(|m| Task {
            organisation: m.executor.organisation,
            due: m.ends_on().unwrap_or(Date::MAX),
            from: None,
            professional: Some(m.executor.professional),
        });
        let step_in = (self.measures.iter())
            .filter(|m| m.ended_on.is_none() && !m.extension_pending(&self.requests))
            .filter_map(|m| {
                let requester = self.step_in_requester(m)?;
                Some(Task {
                    organisation: requester,
                    due: m.until?,
                    from: m.step_in_from(),
                    professional: None,
                })
            });
        investigations.chain(requests).chain(measures).chain(step_in).collect()
    }

    /// Whether the justice route gives `viewer` a part in the household's file on `day`: one of its tasks
    /// involves them ([`Task::involves`]).
    pub fn involves(&self, viewer: &Viewer, day: Date) -> bool {
        self.tasks().iter().any(|t| t.involves(viewer, day))
    }

    /// Who stands for the organisation that filed request `r` while it waits: the GI's jeugdbeschermer for
    /// its own extension; nobody in particular for the Raad or the OM.
    fn party_professional(&self, r: &CourtRequest) -> Option<ProfessionalId> {
        (r.filed_by == Some(r.executor.organisation)).then_some(r.executor.professional)
    }

    /// The measures in force whose extension `organisation`, the Raad or the OM that asked for them, may
    /// request on `today` because the GI has not (art. 1:260 lid 1 BW).
    pub fn step_in(&self, organisation: OrganisationId, today: Date) -> impl Iterator<Item = &Measure> {
        self.not_extended(today)
            .filter(move |m| self.step_in_requester(m) == Some(organisation))
    }

    /// The measures in force on `today` in their last [`STEP_IN_WEEKS`] whose extension the GI has not
    /// requested: the Raad or the OM that asked for them, or a parent of the child, may (art. 1:260 lid 1
    /// BW).
    pub fn not_extended(&self, today: Date) -> impl Iterator<Item = &Measure> {
        self.measures.iter().filter(move |m| {
            m.in_force(today)
                && m.step_in_from().is_some_and(|from| from <= today)
                && !m.extension_pending(&self.requests)
        })
    }

    /// The Raad or the OM that asked for measure `m`, who may request its extension when the GI does not
    /// (none for a measure that is not extended, or one the GI asked for itself).
    fn step_in_requester(&self, m: &Measure) -> Option<OrganisationId> {
        m.step_in_from()?;
        let requester = self.requests.iter().find(|r| r.number == m.request)?.filed_by?;
        (requester != m.executor.organisation).then_some(requester)
    }
}

/// One piece of work on a case's justice route for an organisation's worklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Work {
    /// What is to be done.
    pub kind: WorkKind,
    /// The investigation's, request's or measure's number.
    pub number: u32,
    /// The day it is due (the list puts the soonest first).
    pub due: Date,
    /// The professional it is assigned to, if any: the Raad's investigator once an investigation is accepted,
    /// the GI's jeugdbeschermer of a measure. A request at the court, an investigation not yet accepted and
    /// a requester's step-in are the organisation's, nobody's in particular.
    pub professional: Option<ProfessionalId>,
}

/// What an organisation has to do on a case's justice route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkKind {
    /// The Raad: accept an investigation it was asked for.
    AcceptInvestigation,
    /// The Raad: conclude an investigation it accepted, by its deadline.
    ConcludeInvestigation,
    /// The court: set the hearing of a request.
    ScheduleHearing,
    /// The court: hold the hearing and decide.
    Decide,
    /// The GI: a measure ends within the reminder norm and no extension was requested.
    MeasureEnding,
    /// The GI: a voorlopige ondertoezichtstelling ends within the reminder norm; it cannot be extended.
    ProvisionalEnding,
    /// The GI: a placement authorisation not used yet (it lapses three months after its start).
    PlacementUnused,
    /// The GI: a measure's end has passed (or it lapsed): record its end and the frame after.
    MeasureExpired,
    /// The GI: an extension waits at the court.
    ExtensionPending,
    /// The Raad or the OM that asked for a measure: it ends within [`STEP_IN_WEEKS`] and the GI has not
    /// requested its extension, so they may (art. 1:260 lid 1 BW).
    ExtensionNotRequested,
    /// The GI: a measure in force, nothing due yet.
    MeasureRunning,
}

impl WorkKind {
    /// Stable code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AcceptInvestigation => "accept_investigation",
            Self::ConcludeInvestigation => "conclude_investigation",
            Self::ScheduleHearing => "schedule_hearing",
            Self::Decide => "decide",
            Self::MeasureEnding => "measure_ending",
            Self::ProvisionalEnding => "provisional_ending",
            Self::PlacementUnused => "placement_unused",
            Self::MeasureExpired => "measure_expired",
            Self::ExtensionPending => "extension_pending",
            Self::ExtensionNotRequested => "extension_not_requested",
            Self::MeasureRunning => "measure_running",
        }
    }

    /// Whether it is work on a measure (the GI's, or a requester's step-in), as opposed to an investigation
    /// or a request at the court: several children's measures of one case share such work.
    pub fn on_measures(self) -> bool {
        !matches!(
            self,
            Self::AcceptInvestigation | Self::ConcludeInvestigation | Self::ScheduleHearing | Self::Decide
        )
    }

    /// Whether it asks for action now (the rest is shown for overview).
    pub fn needs_action(self) -> bool {
        !matches!(self, Self::ExtensionPending | Self::MeasureRunning)
    }

    /// In Dutch, for the worklist.
    pub fn label_nl(self) -> &'static str {
        match self {
            Self::AcceptInvestigation => "Verzoek tot onderzoek: neem het aan",
            Self::ConcludeInvestigation => "Onderzoek loopt: rond het af",
            Self::ScheduleHearing => "Verzoek wacht op een zitting",
            Self::Decide => "Zitting gepland: horen en beslissen",
            Self::MeasureEnding => "Maatregel loopt af: vraag verlenging aan of bereid het einde voor",
            Self::ProvisionalEnding => {
                "Voorlopige ondertoezichtstelling loopt af en kan niet verlengd worden: vraag de Raad tijdig om een verzoek of bereid het einde voor"
            }
            Self::PlacementUnused => "Machtiging uithuisplaatsing nog niet gebruikt: zij vervalt na drie maanden",
            Self::MeasureExpired => "Maatregel afgelopen: leg het einde en het kader vast",
            Self::ExtensionPending => "Verlenging ligt bij de rechtbank",
            Self::ExtensionNotRequested => {
                "Maatregel loopt af en de GI heeft geen verlenging gevraagd: u kunt die zelf vragen (art. 1:260 BW)"
            }
            Self::MeasureRunning => "Maatregel loopt",
        }
    }
}

/// The work `organisation` has on this justice route on `today`, soonest due first: the Raad's
/// investigations, the court's requests, and the GI's measures with their reminders (`reminder_weeks`
/// before a measure ends without an extension requested; an unused placement before it lapses).
pub fn worklist(justice: &Justice, organisation: OrganisationId, reminder_weeks: u32, today: Date) -> Vec<Work> {
    let mut work = Vec::new();
    for i in justice
        .investigations
        .iter()
        .filter(|i| i.open() && i.raad == organisation)
    {
        let (kind, due) = match i.deadline {
            None => (WorkKind::AcceptInvestigation, i.requested_on),
            Some(deadline) => (WorkKind::ConcludeInvestigation, deadline),
        };
        work.push(Work {
            kind,
            number: i.number,
            due,
            professional: i.investigator,
        });
    }
    for r in justice
        .requests
        .iter()
        .filter(|r| r.pending() && r.court == organisation)
    {
        let (kind, due) = match &r.hearing {
            None => (WorkKind::ScheduleHearing, r.filed_on),
            Some(h) => (WorkKind::Decide, h.on),
        };
        work.push(Work {
            kind,
            number: r.number,
            due,
            professional: None,
        });
    }
    let reminder = Span::new().weeks(i64::from(reminder_weeks));
    for m in (justice.measures.iter()).filter(|m| m.ended_on.is_none() && m.executor.organisation == organisation) {
        let end = m.ends_on();
        let (kind, due) = if m.ended(today) {
            (WorkKind::MeasureExpired, end.unwrap_or(today))
        } else if m.kind == MeasureKind::Placement && m.placed_on.is_none() {
            // Due four weeks before it lapses, so there is time to place the child.
            (WorkKind::PlacementUnused, lapses_on(m.start) - Span::new().weeks(4))
        } else if m.extension_pending(&justice.requests) {
            (WorkKind::ExtensionPending, end.unwrap_or(Date::MAX))
        } else {
            match end {
                Some(end) if today >= end - reminder && !m.kind.extendable() => {
                    (WorkKind::ProvisionalEnding, end - reminder)
                }
                Some(end) if today >= end - reminder => (WorkKind::MeasureEnding, end - reminder),
                Some(end) => (WorkKind::MeasureRunning, end),
                None => (WorkKind::MeasureRunning, Date::MAX),
            }
        };
        work.push(Work {
            kind,
            number: m.number,
            due,
            professional: Some(m.executor.professional),
        });
    }
    for m in justice.step_in(organisation, today) {
        work.push(Work {
            kind: WorkKind::ExtensionNotRequested,
            number: m.number,
            due: m.step_in_from().unwrap_or(today),
            professional: None,
        });
    }
    work.sort_by_key(|w| (!w.kind.needs_action(), w.due, w.number));
    work
}

/// A request to the Raad to investigate, validated by [`Case::request_investigation`].
#[derive(Debug, Clone)]
pub struct InvestigationRequest {
    /// The Raad, with its kind as looked up by the caller.
    pub raad: (OrganisationId, OrganisationKind),
    /// Why.
    pub reason: Reason,
}

/// How the Raad concludes, validated by [`Case::conclude_investigation`].
#[derive(Debug, Clone)]
pub enum Conclusion {
    /// File a request with the court.
    Request(MeasureRequest),
    /// Hand the case back with advice.
    HandBack {
        /// The advice.
        advice: Reason,
    },
}

/// A request for new measures, filed by the Raad (or the OM).
#[derive(Debug, Clone)]
pub struct MeasureRequest {
    /// The kinds asked for.
    pub kinds: Vec<MeasureKind>,
    /// The children.
    pub children: Vec<PersonId>,
    /// The grounds.
    pub grounds: Reason,
    /// The court, with its kind as looked up by the caller.
    pub court: (OrganisationId, OrganisationKind),
    /// The GI's jeugdbeschermer who will execute it, with their organisation.
    pub executor: Actor,
}

/// The court's decision as typed, validated by [`Case::decide`].
#[derive(Debug, Clone)]
pub struct DecisionInput {
    /// The request decided.
    pub request: u32,
    /// Granted, partly granted or rejected.
    pub outcome: Outcome,
    /// For each measure granted (or extended): the kind and its end; a gezagsbeëindigende maatregel has
    /// none. Empty for a rejection.
    pub granted: Vec<(MeasureKind, Option<Date>)>,
    /// The children it grants for; empty for every child of the request. A grant for fewer children is
    /// partly granted.
    pub children: Vec<PersonId>,
    /// The first day in force (for an extension: ignored, the measure continues).
    pub start: Date,
    /// Whether each child of 12 or older was heard.
    pub heard: Vec<(PersonId, ChildHeard)>,
    /// Why the court decides before hearing a child of 12 or older (art. 809 lid 3 Rv).
    pub urgent: Option<Reason>,
    /// The decision's text: the event's reason, which the family reads.
    pub reason: Reason,
}

/// Whether the GI's jeugdbeschermer joins a case in force as a duo with the local lead, or takes the lead
/// (the region's route variant).
fn join_form(ctx: &CaseContext) -> ScaleForm {
    if ctx.variant.measure_transfer {
        ScaleForm::Transfer
    } else {
        ScaleForm::JointWork
    }
}

/// Refuses, on `to`, a successor who is not a jeugdbeschermer of the GI of `actor`, who hands its measures
/// over ([`Case::hand_over_measures`]).
pub fn check_successor(to: &Actor, actor: &Actor) -> Result<(), DomainError> {
    if to.kind != OrganisationKind::Gi || to.organisation != actor.organisation {
        return Err(field_error(
            "to",
            "not_your_gi",
            "hand the measures over to a jeugdbeschermer of your own GI",
            "kies een jeugdbeschermer van uw eigen GI",
        ));
    }
    Ok(())
}

fn field_error(field: &'static str, code: &'static str, en: impl Into<String>, nl: impl Into<String>) -> DomainError {
    DomainError::invalid(field, code, en, nl)
}

/// Refuses a request to the court that names no measure (field `kinds`).
pub fn no_measure_asked() -> DomainError {
    field_error(
        "kinds",
        "required",
        "choose the measure the court is asked for",
        "Kies de maatregel die u de rechtbank vraagt.",
    )
}

/// Every reason once: a rule broken with the same words for several children or measures is named once.
fn each_once(mut wrong: Vec<DomainError>) -> Vec<DomainError> {
    let mut named = std::collections::HashSet::new();
    wrong.retain(|e| named.insert((e.field, e.code, e.en.clone())));
    wrong
}

fn not_yours(code: &'static str, en: &'static str, nl: &'static str) -> DomainError {
    DomainError::forbidden(code, en, nl)
}

impl Case {
    fn next_number<T>(items: &[T]) -> u32 {
        u32::try_from(items.len()).unwrap_or(u32::MAX).saturating_add(1)
    }

    /// Asks the Raad to investigate: the case team or the RVT of an open case, for an organisation with
    /// the task (the local team, Veilig Thuis or a GI), while no other investigation is open.
    pub fn request_investigation(
        &self,
        request: InvestigationRequest,
        ctx: &CaseContext,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        require(actor.kind, Action::RequestInvestigation)?;
        check_standing(ctx.standing)?;
        if !self.is_open() {
            return Err(closed_error(Some("reason")));
        }
        if request.raad.1 != OrganisationKind::Rvdk {
            return Err(field_error(
                "raad",
                "not_raad",
                "an investigation is asked of the Raad voor de Kinderbescherming",
                "een onderzoek vraagt u aan de Raad voor de Kinderbescherming",
            ));
        }
        if self.route.justice.investigations.iter().any(Investigation::open) {
            return Err(DomainError::conflict(
                Some("reason"),
                "investigation_open",
                "the Raad is already asked to investigate this case",
                "de Raad is al gevraagd deze zaak te onderzoeken",
            ));
        }
        let investigation = Investigation {
            number: Self::next_number(&self.route.justice.investigations),
            requested_by: actor.organisation,
            requested_on: ctx.today,
            raad: request.raad.0,
            reason: request.reason.as_str().to_owned(),
            investigator: None,
            accepted_on: None,
            deadline: None,
            concluded_on: None,
            outcome: None,
        };
        let mut next = self.clone();
        next.route.justice.investigations.push(investigation.clone());
        let change = CaseChange::InvestigationRequested { investigation };
        Ok(self.next(next, change, Some(request.reason), actor, at))
    }

    /// The open investigation `number`, for a professional of the Raad it was asked of.
    fn raad_investigation(&self, number: u32, actor: &Actor) -> Result<usize, DomainError> {
        require(actor.kind, Action::Investigate)?;
        let found = (self.route.justice.investigations.iter()).position(|i| i.number == number);
        let Some(index) = found else {
            return Err(field_error(
                "investigation",
                "unknown_investigation",
                "this case has no investigation with this number",
                "deze zaak heeft geen onderzoek met dit nummer",
            ));
        };
        if self.route.justice.investigations[index].raad != actor.organisation {
            return Err(not_yours(
                "not_your_investigation",
                "this investigation was asked of another Raad",
                "dit onderzoek is aan een andere Raad gevraagd",
            ));
        }
        if !self.route.justice.investigations[index].open() {
            return Err(DomainError::conflict(
                Some("investigation"),
                "investigation_concluded",
                "this investigation is already concluded",
                "dit onderzoek is al afgerond",
            ));
        }
        Ok(index)
    }

    /// The Raad accepts an investigation: the acting professional investigates, due within the region's
    /// norm (weeks from today).
    pub fn accept_investigation(
        &self,
        number: u32,
        ctx: &CaseContext,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        let index = self.raad_investigation(number, actor)?;
        if self.route.justice.investigations[index].accepted_on.is_some() {
            return Err(DomainError::conflict(
                Some("investigation"),
                "already_accepted",
                "this investigation is already accepted",
                "dit onderzoek is al aangenomen",
            ));
        }
        let deadline = ctx.today + Span::new().weeks(i64::from(ctx.norms.raad_investigation_weeks));
        let mut next = self.clone();
        let investigation = &mut next.route.justice.investigations[index];
        investigation.investigator = Some(actor.professional);
        investigation.accepted_on = Some(ctx.today);
        investigation.deadline = Some(deadline);
        let change = CaseChange::InvestigationAccepted {
            number,
            investigator: actor.professional,
            deadline,
        };
        Ok(self.next(next, change, None, actor, at))
    }

    /// Another professional of the Raad takes over an investigation a colleague accepted (who leaves, falls
    /// ill, or whose work is shared out again): from now on it is theirs on the Raad's work list and in what
    /// they hold (`crate::departure`); the deadline stays. The family reads it in the timeline.
    pub fn take_over_investigation(
        &self,
        number: u32,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        let index = self.raad_investigation(number, actor)?;
        let investigation = &self.route.justice.investigations[index];
        if investigation.accepted_on.is_none() {
            return Err(DomainError::conflict(
                Some("investigation"),
                "not_accepted",
                "nobody has accepted this investigation yet: accept it instead",
                "Niemand heeft dit onderzoek nog aangenomen. Neem het aan in plaats van het over te nemen.",
            ));
        }
        if investigation.investigator == Some(actor.professional) {
            return Err(DomainError::conflict(
                Some("investigation"),
                "already_yours",
                "you already do this investigation",
                "Dit onderzoek doet u al.",
            ));
        }
        let mut next = self.clone();
        next.route.justice.investigations[index].investigator = Some(actor.professional);
        let change = CaseChange::InvestigationTakenOver {
            number,
            investigator: actor.professional,
        };
        Ok(self.next(next, change, None, actor, at))
    }

    /// The Raad concludes an investigation it accepted: it files a request for measures with the court
    /// (only the Raad and the OM may, BW 1:255 lid 2 and the policy), or hands the case back with advice.
    pub fn conclude_investigation(
        &self,
        number: u32,
        conclusion: Conclusion,
        ctx: &CaseContext,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), Vec<DomainError>> {
        let index = self.raad_investigation(number, actor).map_err(|e| vec![e])?;
        if self.route.justice.investigations[index].accepted_on.is_none() {
            return Err(vec![DomainError::conflict(
                Some("investigation"),
                "not_accepted",
                "accept the investigation before concluding it",
                "Neem het onderzoek eerst aan voordat u het afrondt.",
            )]);
        }
        let mut next = self.clone();
        let (outcome, request, reason) = match conclusion {
            Conclusion::HandBack { advice } => (
                InvestigationOutcome::HandedBack {
                    advice: advice.as_str().to_owned(),
                },
                None,
                advice,
            ),
            Conclusion::Request(asked) => {
                let request = self.new_measure_request(asked.clone(), Some(number), ctx, actor)?;
                next.route.justice.requests.push(request.clone());
                (
                    InvestigationOutcome::Request {
                        request: request.number,
                    },
                    Some(request),
                    asked.grounds,
                )
            }
        };
        let investigation = &mut next.route.justice.investigations[index];
        investigation.concluded_on = Some(ctx.today);
        investigation.outcome = Some(outcome.clone());
        let change = CaseChange::InvestigationConcluded {
            number,
            outcome,
            request,
        };
        Ok(self.next(next, change, Some(reason), actor, at))
    }

    /// The OM files a request for new measures directly with the court (art. 1:255 lid 1 BW: the court
    /// decides on the OM's request too), without an investigation of the Raad in this case.
    pub fn file_measure_request(
        &self,
        asked: MeasureRequest,
        ctx: &CaseContext,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), Vec<DomainError>> {
        let request = self.new_measure_request(asked.clone(), None, ctx, actor)?;
        let mut next = self.clone();
        next.route.justice.requests.push(request.clone());
        let change = CaseChange::CourtRequestFiled { request };
        Ok(self.next(next, change, Some(asked.grounds), actor, at))
    }

    /// A request for new measures, checked: the actor may request measures, the kinds make sense
    /// together, the children are the household's minors, the court is a court and the executor works
    /// for a GI. Every wrong field at once (the web layer has checked that each is given); who may not
    /// request it, or a closed case, alone.
    fn new_measure_request(
        &self,
        asked: MeasureRequest,
        investigation: Option<u32>,
        ctx: &CaseContext,
        actor: &Actor,
    ) -> Result<CourtRequest, Vec<DomainError>> {
        require(actor.kind, Action::RequestMeasure).map_err(|e| vec![e])?;
        if !self.is_open() {
            return Err(vec![closed_error(Some("kinds"))]);
        }
        let mut wrong: Vec<DomainError> = check_kinds(&asked.kinds, &self.route.justice, &asked.children, ctx.today)
            .err()
            .into_iter()
            .collect();
        if asked.children.is_empty() {
            wrong.push(field_error(
                "children",
                "required",
                "name the children the request is about",
                "Kies de kinderen om wie het verzoek gaat.",
            ));
        }
        for child in &asked.children {
            if let Err(e) = ctx.check_member("children", *child) {
                wrong.push(e);
                continue;
            }
            let born = ctx.born(*child).unwrap_or(ctx.today);
            if age(born, ctx.today) >= 18 {
                wrong.push(field_error(
                    "children",
                    "not_a_minor",
                    "a child protection measure is for a minor",
                    "Kies alleen minderjarige kinderen: een kinderbeschermingsmaatregel is voor een minderjarige.",
                ));
            }
        }
        if asked.court.1 != OrganisationKind::Court {
            wrong.push(field_error(
                "court",
                "not_court",
                "a request is filed with the court",
                "Kies een rechtbank: daar dient u een verzoek in.",
            ));
        }
        if asked.executor.kind != OrganisationKind::Gi {
            wrong.push(field_error(
                "executor",
                "not_gi",
                "a measure is executed by a jeugdbeschermer of a GI",
                "Kies een jeugdbeschermer van een GI: die voert de maatregel uit.",
            ));
        }
        if !wrong.is_empty() {
            return Err(each_once(wrong));
        }
        Ok(CourtRequest {
            number: Self::next_number(&self.route.justice.requests),
            asked: Asked::Measures { kinds: asked.kinds },
            filed_by: Some(actor.organisation),
            parent: None,
            filed_on: ctx.today,
            court: asked.court.0,
            children: asked.children,
            grounds: asked.grounds.as_str().to_owned(),
            investigation,
            executor: Executor {
                organisation: asked.executor.organisation,
                professional: asked.executor.professional,
            },
            hearing: None,
            decision: None,
        })
    }

    /// Requests the extension of running measures (art. 1:260 BW): the GI that executes them; when it
    /// does not, the Raad or the OM that asked for them, from [`STEP_IN_WEEKS`] before the end (the policy
    /// and the extension check).
    pub fn request_extension(
        &self,
        measures: Vec<u32>,
        grounds: Reason,
        court: (OrganisationId, OrganisationKind),
        ctx: &CaseContext,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        require(actor.kind, Action::RequestExtension)?;
        let by = if actor.kind == OrganisationKind::Gi {
            ExtensionBy::Gi(actor.organisation)
        } else {
            ExtensionBy::StepIn(actor.organisation)
        };
        let request = self.extension_request(measures, &grounds, court, ctx.today, by)?;
        let mut next = self.clone();
        next.route.justice.requests.push(request.clone());
        let change = CaseChange::CourtRequestFiled { request };
        Ok(self.next(next, change, Some(grounds), actor, at))
    }

    /// A parent requests the extension of their children's measures themselves, when the GI has not (art.
    /// 1:260 lid 1 BW: "een ouder"), from [`STEP_IN_WEEKS`] before the end; `children` are the children
    /// whose parent they are. The event is the parent's, in the file of `organisation`; the day is `at`'s in
    /// the Netherlands.
    pub fn request_extension_as_parent(
        &self,
        measures: Vec<u32>,
        grounds: Reason,
        court: (OrganisationId, OrganisationKind),
        (parent, children): (PersonId, &[PersonId]),
        organisation: OrganisationId,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        let by = ExtensionBy::Parent { parent, children };
        let request = self.extension_request(measures, &grounds, court, crate::time::date_in_nl(at), by)?;
        let mut next = self.clone();
        next.route.justice.requests.push(request.clone());
        let change = CaseChange::CourtRequestFiled { request };
        let actor = crate::EventActor::Member { person_id: parent };
        Ok(self.next_by(next, change, Some(grounds), actor, organisation, at))
    }

    /// The extension request `by` files on `today`, checked: each measure exists, is extended by law, runs,
    /// has no extension waiting, and is `by`'s to ask for (the executing GI's at any time; the Raad's or
    /// the OM's that asked for it, or a parent's of the child, only from [`STEP_IN_WEEKS`] before its end);
    /// all are executed by one jeugdbeschermer.
    fn extension_request(
        &self,
        measures: Vec<u32>,
        grounds: &Reason,
        court: (OrganisationId, OrganisationKind),
        today: Date,
        by: ExtensionBy<'_>,
    ) -> Result<CourtRequest, DomainError> {
        if !self.is_open() {
            return Err(closed_error(Some("measures")));
        }
        if measures.is_empty() {
            return Err(field_error(
                "measures",
                "required",
                "choose the measures to extend",
                "kies de maatregelen die verlengd moeten worden",
            ));
        }
        let justice = &self.route.justice;
        let mut found = Vec::new();
        for number in &measures {
            let Some(m) = justice.measures.iter().find(|m| m.number == *number) else {
                return Err(field_error(
                    "measures",
                    "unknown_measure",
                    "this case has no measure with this number",
                    "deze zaak heeft geen maatregel met dit nummer",
                ));
            };
            // Whose it is comes first: the Raad, the OM or a parent learns nothing of a measure that is not
            // theirs to ask for.
            by.may_ask(justice, m, today)?;
            if !m.kind.extendable() {
                return Err(field_error(
                    "measures",
                    "not_extendable",
                    format!("a {} is not extended", m.kind.as_str()),
                    format!("een {} wordt niet verlengd", m.kind.label_nl()),
                ));
            }
            if m.ended(today) {
                return Err(DomainError::conflict(
                    Some("measures"),
                    "measure_ended",
                    "this measure has ended; an ended measure cannot be extended, only a new one requested",
                    "deze maatregel is afgelopen; een afgelopen maatregel kan niet verlengd worden, alleen een nieuwe aangevraagd",
                ));
            }
            if m.extension_pending(&justice.requests) {
                return Err(DomainError::conflict(
                    Some("measures"),
                    "extension_pending",
                    "an extension of this measure is already waiting at the court",
                    "een verlenging van deze maatregel ligt al bij de rechtbank",
                ));
            }
            found.push(m);
        }
        if court.1 != OrganisationKind::Court {
            return Err(field_error(
                "court",
                "not_court",
                "a request is filed with the court",
                "een verzoek dient u in bij de rechtbank",
            ));
        }
        if found.iter().any(|m| m.executor != found[0].executor) {
            return Err(field_error(
                "measures",
                "different_executors",
                "these measures are executed by different jeugdbeschermers: request each one's extension on its own",
                "deze maatregelen worden door verschillende jeugdbeschermers uitgevoerd: vraag de verlenging per jeugdbeschermer aan",
            ));
        }
        let mut children: Vec<PersonId> = found.iter().map(|m| m.child).collect();
        children.sort();
        children.dedup();
        let (filed_by, parent) = match by {
            ExtensionBy::Gi(o) | ExtensionBy::StepIn(o) => (Some(o), None),
            ExtensionBy::Parent { parent, .. } => (None, Some(parent)),
        };
        Ok(CourtRequest {
            number: Self::next_number(&justice.requests),
            asked: Asked::Extension { measures },
            filed_by,
            parent,
            filed_on: today,
            court: court.0,
            children,
            grounds: grounds.as_str().to_owned(),
            investigation: None,
            executor: found[0].executor,
            hearing: None,
            decision: None,
        })
    }

    /// Where request `number` is in the case's requests; refused on `request` when none has that number.
    fn request_index(&self, number: u32) -> Result<usize, DomainError> {
        (self.route.justice.requests.iter().position(|r| r.number == number)).ok_or_else(|| {
            field_error(
                "request",
                "no_request",
                "no request with this number was filed in this case",
                "in deze zaak is geen verzoek met dit nummer ingediend",
            )
        })
    }

    /// The pending request `number`, for the court it was filed with.
    fn court_request(&self, number: u32, actor: &Actor) -> Result<usize, DomainError> {
        require(actor.kind, Action::Decide)?;
        let index = self.request_index(number)?;
        let request = &self.route.justice.requests[index];
        if request.court != actor.organisation {
            return Err(not_yours(
                "not_your_court",
                "this request was filed with another court",
                "dit verzoek is bij een andere rechtbank ingediend",
            ));
        }
        if !request.pending() {
            return Err(DomainError::conflict(
                Some("request"),
                "already_decided",
                "the court has already decided on this request",
                "de rechtbank heeft al op dit verzoek beslist",
            ));
        }
        Ok(index)
    }

    /// The organisation that filed request `number` names another jeugdbeschermer of the same GI in it while
    /// the court has still to decide: the GI declared itself willing to execute the measure (art. 1:255 lid 4
    /// BW), and has no part in the family until the court decides, so when the jeugdbeschermer it named
    /// leaves or falls ill, it tells the requester, who amends the request. A measure's jeugdbeschermer
    /// changes later through [`Case::hand_over_measures`].
    pub fn name_other_executor(
        &self,
        number: u32,
        to: &Actor,
        reason: Reason,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        require(actor.kind, Action::RequestMeasure)?;
        if !self.is_open() {
            return Err(closed_error(Some("request")));
        }
        let index = self.request_index(number)?;
        let request = &self.route.justice.requests[index];
        if request.filed_by != Some(actor.organisation) {
            return Err(not_yours(
                "not_your_request",
                "only the organisation that filed the request amends it",
                "Alleen de organisatie die het verzoek indiende, kan het wijzigen.",
            ));
        }
        if !request.pending() {
            return Err(DomainError::conflict(
                Some("request"),
                "already_decided",
                "the court has already decided on this request: the GI hands its measures over itself",
                "De kinderrechter heeft al beslist over dit verzoek. De GI draagt haar maatregelen zelf over.",
            ));
        }
        if to.kind != OrganisationKind::Gi || to.organisation != request.executor.organisation {
            return Err(field_error(
                "to",
                "not_that_gi",
                "choose a jeugdbeschermer of the GI that declared itself willing to execute the measure",
                "Kies een jeugdbeschermer van dezelfde GI: die verklaarde zich bereid de maatregel uit te voeren.",
            ));
        }
        if to.professional == request.executor.professional {
            return Err(DomainError::conflict(
                Some("to"),
                "same_executor",
                "this jeugdbeschermer is already named in the request",
                "Deze jeugdbeschermer staat al in het verzoek.",
            ));
        }
        let mut next = self.clone();
        next.route.justice.requests[index].executor.professional = to.professional;
        let change = CaseChange::RequestExecutorChanged {
            request: number,
            to: to.professional,
        };
        Ok(self.next(next, change, Some(reason), actor, at))
    }

    /// The court sets the hearing: every child of the request who is 12 or older on that day is flagged to
    /// be given the chance to be heard (art. 809 lid 1 Rv).
    pub fn schedule_hearing(
        &self,
        number: u32,
        on: Date,
        ctx: &CaseContext,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        let index = self.court_request(number, actor)?;
        if on < ctx.today {
            return Err(field_error(
                "hearing_on",
                "in_the_past",
                "a hearing is set for today or a later day",
                "een zitting plant u op vandaag of een latere dag",
            ));
        }
        let request = &self.route.justice.requests[index];
        let to_hear = (request.children.iter())
            .filter(|c| ctx.born(**c).is_some_and(|born| age(born, on) >= 12))
            .copied()
            .collect();
        let hearing = Hearing { on, to_hear };
        let mut next = self.clone();
        next.route.justice.requests[index].hearing = Some(hearing.clone());
        let change = CaseChange::HearingScheduled {
            request: number,
            hearing,
        };
        Ok(self.next(next, change, None, actor, at))
    }

    /// The court decides on a request. Granted measures run from `start` to their end within the legal
    /// maximum; an extension continues from the measure's current end by at most a year. Every child of
    /// 12 or older must have had the chance to be heard, unless the court decides a provisional measure
    /// first in an emergency, with its reason (art. 809 lid 3 Rv). A decision in force puts the case in
    /// the mandatory frame and brings the GI's jeugdbeschermer in, as a duo or as lead (the region's
    /// variant).
    pub fn decide(
        &self,
        input: DecisionInput,
        ctx: &CaseContext,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), Vec<DomainError>> {
        let index = self.court_request(input.request, actor).map_err(|e| vec![e])?;
        if !self.is_open() {
            return Err(vec![closed_error(Some("outcome"))]);
        }
        // Every wrong field at once; where the request stands (before its hearing, without one) alone.
        let mut wrong = Vec::new();
        let request = self.route.justice.requests[index].clone();
        let today = ctx.today;
        // Who must have been heard: the children of 12 or older on the hearing day, or today when the
        // court decides without a hearing.
        let to_hear: Vec<PersonId> = match &request.hearing {
            Some(h) => h.to_hear.clone(),
            None => (request.children.iter())
                .filter(|c| ctx.born(**c).is_some_and(|born| age(born, today) >= 12))
                .copied()
                .collect(),
        };
        let unheard: Vec<PersonId> = (to_hear.iter())
            .filter(|c| !input.heard.iter().any(|(p, _)| p == *c))
            .copied()
            .collect();
        // Art. 809 lid 3 Rv: only a grant of a provisional supervision or a placement, in an emergency.
        let urgent_ok = input.urgent.is_some()
            && !input.granted.is_empty()
            && (input.granted.iter()).all(|(k, _)| k.may_be_urgent())
            && matches!(request.asked, Asked::Measures { .. });
        let before_hearing = request.hearing.as_ref().is_some_and(|h| today < h.on);
        if before_hearing && !urgent_ok {
            return Err(vec![DomainError::conflict(
                Some("hearing_on"),
                "before_hearing",
                "the hearing has not taken place yet: decide on or after its day, or give the emergency that cannot wait",
                "Beslis op of na de zittingsdag, of vul de spoed in die niet kan wachten: de zitting is nog niet geweest.",
            )]);
        }
        if (!unheard.is_empty() || request.hearing.is_none()) && !urgent_ok {
            if input.urgent.is_none() && request.hearing.is_none() {
                return Err(vec![DomainError::conflict(
                    Some("hearing_on"),
                    "no_hearing",
                    "set the hearing first; only a provisional measure in an emergency is decided before it, with its reason",
                    "Plan eerst de zitting. Alleen een voorlopige maatregel in een noodsituatie wordt daarvoor uitgesproken, met de reden.",
                )]);
            }
            if input.urgent.is_some() {
                wrong.push(field_error(
                    "urgent",
                    "not_provisional",
                    "only a voorlopige ondertoezichtstelling or a machtiging uithuisplaatsing may be decided before the hearing (art. 809 lid 3 Rv)",
                    "Laat de spoed leeg: alleen een voorlopige ondertoezichtstelling of een machtiging uithuisplaatsing mag vóór de zitting worden uitgesproken (art. 809 lid 3 Rv).",
                ));
            }
            if request.hearing.is_some() && !unheard.is_empty() {
                wrong.push(field_error(
                    "heard",
                    "child_not_heard",
                    "record for every child of 12 or older whether they were heard, declined, or why not (art. 809 Rv)",
                    "Leg voor elk kind van 12 jaar of ouder vast of het gehoord is, niet wilde of waarom niet (art. 809 Rv).",
                ));
            }
        }
        if input.heard.iter().any(|(p, _)| !to_hear.contains(p)) {
            wrong.push(field_error(
                "heard",
                "not_to_hear",
                "a hearing is recorded only for the request's children of 12 or older",
                "Leg het horen alleen vast voor de kinderen van 12 jaar of ouder om wie het verzoek gaat.",
            ));
        }
        if input
            .heard
            .iter()
            .any(|(_, h)| matches!(h, ChildHeard::NotHeard { reason } if reason.trim().is_empty()))
        {
            wrong.push(field_error(
                "heard",
                "reason_required",
                "say why a child was not heard",
                "Vul in waarom een kind niet gehoord is.",
            ));
        }
        match input.outcome {
            Outcome::Rejected if !input.granted.is_empty() => {
                wrong.push(field_error(
                    "granted",
                    "rejected_grants_nothing",
                    "a rejection grants no measure",
                    "Vink bij een afwijzing geen maatregel aan, of kies toegewezen of gedeeltelijk toegewezen.",
                ));
            }
            Outcome::Granted | Outcome::PartlyGranted if input.granted.is_empty() => {
                wrong.push(field_error(
                    "granted",
                    "required",
                    "choose what the court grants, with its end date",
                    "Kies wat de rechtbank toewijst, met de einddatum.",
                ));
            }
            _ => {}
        }
        // For whom: every child of the request, or those named (a partial grant).
        let children: Vec<PersonId> = if input.children.is_empty() {
            request.children.clone()
        } else {
            if input.children.iter().any(|c| !request.children.contains(c)) {
                wrong.push(field_error(
                    "children",
                    "not_in_request",
                    "grant only for children the request is about",
                    "Wijs alleen toe voor kinderen om wie het verzoek gaat.",
                ));
            }
            input.children.clone()
        };
        if input.outcome == Outcome::Rejected && !input.children.is_empty() {
            wrong.push(field_error(
                "children",
                "rejected_grants_nothing",
                "a rejection grants for no child",
                "Vink bij een afwijzing geen kinderen aan.",
            ));
        }
        if input.outcome == Outcome::Granted && request.children.iter().any(|c| !children.contains(c)) {
            wrong.push(field_error(
                "outcome",
                "partly_granted",
                "a grant for some of the children is partly granted",
                "Kies gedeeltelijk toegewezen: de toewijzing is voor een deel van de kinderen.",
            ));
        }
        // What may be granted: the kinds asked, or for an extension the kinds of the named children's measures.
        let asked_kinds: Vec<MeasureKind> = match &request.asked {
            Asked::Measures { kinds } => kinds.clone(),
            Asked::Extension { measures } => (self.route.justice.measures.iter())
                .filter(|m| measures.contains(&m.number) && children.contains(&m.child))
                .map(|m| m.kind)
                .collect(),
        };
        let mut once: Vec<MeasureKind> = input.granted.iter().map(|(k, _)| *k).collect();
        once.sort_by_key(|k| k.as_str());
        once.dedup();
        if once.len() != input.granted.len() {
            wrong.push(field_error(
                "granted",
                "duplicate",
                "grant each measure once",
                "Wijs elke maatregel één keer toe.",
            ));
        }
        for (kind, _) in &input.granted {
            if !asked_kinds.contains(kind) {
                wrong.push(field_error(
                    "granted",
                    "not_asked",
                    format!("a {} was not asked for in this request", kind.as_str()),
                    format!(
                        "Wijs alleen toe wat in dit verzoek gevraagd is: om een {} is niet gevraagd.",
                        kind.label_nl()
                    ),
                ));
            }
        }
        let mut next = self.clone();
        let mut numbers = Vec::new();
        match &request.asked {
            Asked::Measures { .. } => {
                if input.start > today {
                    wrong.push(field_error(
                        "start",
                        "in_the_future",
                        "a decision takes effect on its day: give today or, for a decision recorded late, an earlier day",
                        "Vul vandaag in, of voor een later vastgelegde beschikking een eerdere dag: een beschikking gaat in op de dag zelf.",
                    ));
                }
                if input.start < today - Span::new().days(7) {
                    wrong.push(field_error(
                        "start",
                        "too_early",
                        "a measure starts on the day of the decision or later (a week back at most, for a decision recorded late)",
                        "Kies een ingangsdatum van hoogstens een week terug: een maatregel gaat in op de dag van de beschikking of later.",
                    ));
                }
                // A placement needs a supervision of the same child, granted now or in force.
                let supervision_until = |child: PersonId| -> Option<Option<Date>> {
                    let now = (input.granted.iter())
                        .find(|(k, _)| k.supervises())
                        .map(|(_, until)| *until);
                    now.or_else(|| {
                        (self.route.justice.in_force(input.start))
                            .find(|m| m.child == child && m.kind.supervises())
                            .map(|m| m.ends_on())
                    })
                };
                for (kind, until) in &input.granted {
                    // A gezagsbeëindigende maatregel lasts until the child comes of age (art. 1:233 BW).
                    let of_age = |child: &PersonId| ctx.born(*child).map(|b| add_months(b, 12 * 18));
                    if let Err(e) = check_period(*kind, input.start, *until) {
                        wrong.push(e);
                        continue;
                    }
                    for child in &children {
                        if *kind == MeasureKind::Placement {
                            match supervision_until(*child) {
                                None => {
                                    wrong.push(placement_without_supervision("granted"));
                                    break;
                                }
                                Some(Some(end)) if until.is_some_and(|u| u > end) => {
                                    wrong.push(field_error(
                                        "granted",
                                        "past_supervision",
                                        "a placement authorisation ends no later than the supervision it belongs to (art. 1:265c lid 1 BW)",
                                        "Kies een einddatum voor de machtiging uithuisplaatsing die niet later is dan het einde van de ondertoezichtstelling waar zij bij hoort (art. 1:265c lid 1 BW).",
                                    ));
                                    break;
                                }
                                _ => {}
                            }
                        }
                        let number = Self::next_number(&next.route.justice.measures);
                        next.route.justice.measures.push(Measure {
                            number,
                            kind: *kind,
                            child: *child,
                            start: input.start,
                            until: if *kind == MeasureKind::AuthorityTermination {
                                of_age(child)
                            } else {
                                *until
                            },
                            executor: request.executor,
                            request: request.number,
                            extended_by: Vec::new(),
                            placed_on: None,
                            ended_on: None,
                        });
                        numbers.push(number);
                    }
                }
            }
            Asked::Extension { measures } => {
                for (kind, until) in &input.granted {
                    let Some(new_until) = until else {
                        wrong.push(until_required(*kind));
                        continue;
                    };
                    for m in next.route.justice.measures.iter_mut() {
                        if m.kind != *kind || !measures.contains(&m.number) || !children.contains(&m.child) {
                            continue;
                        }
                        if m.ended(today) {
                            return Err(vec![DomainError::conflict(
                                Some("granted"),
                                "measure_ended",
                                "this measure has ended; an ended measure cannot be extended",
                                "deze maatregel is afgelopen; een afgelopen maatregel kan niet verlengd worden",
                            )]);
                        }
                        let from = m.until.unwrap_or(today);
                        // Art. 1:260 lid 1 and art. 1:265c lid 2 BW: each time by at most one year.
                        if let Err(e) = check_period(*kind, from, Some(*new_until)) {
                            wrong.push(e);
                            continue;
                        }
                        m.until = Some(*new_until);
                        m.extended_by.push(request.number);
                        numbers.push(m.number);
                    }
                }
            }
        }
        if !wrong.is_empty() {
            return Err(each_once(wrong));
        }
        let decision = CourtDecision {
            on: today,
            outcome: input.outcome,
            heard: input.heard,
            urgent: input.urgent.map(|r| r.as_str().to_owned()),
            appeal_until: add_months(today, 3),
            measures: numbers,
        };
        next.route.justice.requests[index].decision = Some(decision.clone());
        // A decision that grants puts the case in the mandatory frame and brings the GI in (F13).
        let frame_from = self.legal_frame;
        if !decision.measures.is_empty() {
            next.legal_frame = LegalFrame::Mandatory;
            next.join_executor(request.executor, join_form(ctx), at);
        }
        let change = CaseChange::CourtDecided {
            request: input.request,
            decision,
            measures: (next.route.justice.measures.iter())
                .filter(|m| m.request == input.request || m.extended_by.contains(&input.request))
                .cloned()
                .collect(),
            legal_frame: (next.legal_frame != frame_from).then_some(next.legal_frame),
            lead: (next.lead != self.lead).then_some(next.lead),
        };
        if next.lead != self.lead {
            next.handoffs += 1;
        }
        Ok(self.next(next, change, Some(input.reason), actor, at))
    }

    /// Brings the GI's jeugdbeschermer into the case as the RVT professional it is scaled up to: a duo
    /// with the local lead, or the lead itself; on the legal ground of the court measure.
    fn join_executor(&mut self, executor: Executor, form: ScaleForm, at: Timestamp) {
        let me = executor.professional;
        if self.route.scale.as_ref().is_some_and(|s| s.rvt_professional == me) {
            return;
        }
        let local_lead = self.route.scale.as_ref().map_or(self.lead, |s| s.local_lead);
        let lead = match form {
            ScaleForm::Transfer => Lead {
                primary: me,
                secondary: None,
            },
            _ if local_lead.primary == me => local_lead,
            _ => Lead {
                primary: local_lead.primary,
                secondary: Some(me),
            },
        };
        self.lead = lead;
        self.route.scale = Some(ScaleUp {
            form,
            ground: Ground::DevelopmentThreat,
            rvt_professional: me,
            since: at,
            local_lead,
            deadline: None,
            answered_at: None,
            answer: None,
            proposal: None,
            answer_seen_at: None,
            basis: Some(Basis::Legal {
                activity: "gi_measure".into(),
                article: "kinderbeschermingsmaatregel, Jeugdwet art. 7.3.11 lid 4".into(),
            }),
        });
    }

    /// The GI records that a placement authorisation was used: the child was placed on `on` (from then
    /// it no longer lapses, art. 1:265c lid 3 BW).
    pub fn record_placement(
        &self,
        number: u32,
        on: Date,
        ctx: &CaseContext,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        let index = self.executed_measure(number, ctx, actor)?;
        let m = &self.route.justice.measures[index];
        if m.kind != MeasureKind::Placement {
            return Err(field_error(
                "measure",
                "not_placement",
                "only a placement authorisation is used by placing the child",
                "alleen een machtiging uithuisplaatsing wordt gebruikt door het kind te plaatsen",
            ));
        }
        if m.placed_on.is_some() {
            return Err(DomainError::conflict(
                Some("measure"),
                "already_placed",
                "the placement is already recorded",
                "de uithuisplaatsing is al vastgelegd",
            ));
        }
        if on < m.start || on > ctx.today || !m.in_force(on) {
            return Err(field_error(
                "placed_on",
                "outside_authorisation",
                "the day of placement lies within the authorisation and not in the future",
                "de dag van plaatsing ligt binnen de machtiging en niet in de toekomst",
            ));
        }
        let mut next = self.clone();
        next.route.justice.measures[index].placed_on = Some(on);
        let change = CaseChange::PlacementRecorded { measure: number, on };
        Ok(self.next(next, change, None, actor, at))
    }

    /// The GI ends a measure early because its ground is gone (art. 1:261 BW for a supervision, art.
    /// 1:265d for a placement), or records the frame after a measure expired. When no measure remains in
    /// force, the frame returns to voluntary or pressure, as `frame_after` says.
    pub fn end_measure(
        &self,
        number: u32,
        frame_after: Option<LegalFrame>,
        reason: Reason,
        ctx: &CaseContext,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        let index = self.executed_measure(number, ctx, actor)?;
        let today = ctx.today;
        if self.route.justice.measures[index].ended_on.is_some() {
            return Err(DomainError::conflict(
                Some("measure"),
                "measure_ended",
                "this measure's end is already recorded",
                "het einde van deze maatregel is al vastgelegd",
            ));
        }
        let mut next = self.clone();
        let m = &mut next.route.justice.measures[index];
        let on = m.ends_on().filter(|end| *end <= today).unwrap_or(today);
        m.ended_on = Some(on);
        let (child, supervision) = (m.child, m.kind.supervises());
        // A placement goes with its supervision (art. 1:265b BW): ending the supervision ends it too.
        if supervision {
            for p in (next.route.justice.measures.iter_mut())
                .filter(|p| p.child == child && p.kind == MeasureKind::Placement && p.ended_on.is_none())
            {
                p.ended_on = Some(p.ends_on().filter(|end| *end <= on).unwrap_or(on));
            }
        }
        let remaining = next.route.justice.in_force(today).count();
        let frame = match (remaining, frame_after) {
            (0, Some(LegalFrame::Mandatory)) => {
                return Err(field_error(
                    "frame_after",
                    "mandatory_without_measure",
                    "without a measure in force the case is voluntary or under pressure",
                    "zonder maatregel die loopt is de zaak vrijwillig of in drang",
                ));
            }
            (0, None) => {
                return Err(field_error(
                    "frame_after",
                    "required",
                    "this was the last measure: choose whether the case continues voluntarily or under pressure",
                    "dit was de laatste maatregel: kies of de zaak vrijwillig of in drang verdergaat",
                ));
            }
            (0, Some(frame)) => Some(frame),
            (_, Some(_)) => {
                return Err(field_error(
                    "frame_after",
                    "measures_in_force",
                    "another measure is still in force, so the frame stays mandatory",
                    "er loopt nog een andere maatregel, dus het kader blijft gedwongen",
                ));
            }
            (_, None) => None,
        };
        if let Some(frame) = frame {
            next.legal_frame = frame;
            // The jeugdbeschermer came in on the measure's legal ground, which has lapsed: the lead goes back
            // to the local team (as scaling down does).
            let executor_scale = (next.route.scale.as_ref())
                .filter(|s| matches!(&s.basis, Some(Basis::Legal { activity, .. }) if activity == "gi_measure"));
            if let Some(scale) = executor_scale {
                next.lead = scale.local_lead;
                next.route.scale = None;
            }
        }
        if next.lead != self.lead {
            next.handoffs += 1;
        }
        let change = CaseChange::MeasureEnded {
            measure: number,
            on,
            legal_frame: frame.filter(|f| *f != self.legal_frame),
            lead: (next.lead != self.lead).then_some(next.lead),
        };
        Ok(self.next(next, change, Some(reason), actor, at))
    }

    /// The GI hands what it executes in this case over to `to`, another of its jeugdbeschermers — when
    /// theirs leaves, falls ill for long, or the family needs a fresh start: every measure of the GI not yet
    /// ended (one whose end passed too, until the GI records it), every request still at the court whose
    /// measure it is to execute (an extension asked), and the jeugdbeschermer's place in the lead and the
    /// scale-up. All of the GI's measures in the case go to `to`, whoever executed each: the family has one
    /// jeugdbeschermer, as a grant brings only the latest one into the lead (`join_executor`). It is a
    /// change of lead (regiewissel, F8), counted and recorded with its reason, which the family reads. Only
    /// someone standing in the case (the jeugdbeschermer, or their team where the region lets teams cover
    /// for each other) hands over.
    pub fn hand_over_measures(
        &self,
        to: &Actor,
        reason: Reason,
        ctx: &CaseContext,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        self.executing(ctx, actor, "to")?;
        self.pass_measures(to, reason, actor, at)
    }

    /// Another jeugdbeschermer of the GI (the actor) takes over what it executes in this case, as
    /// [`Case::hand_over_measures`] hands it to them: for when theirs left or fell ill and nobody who stands
    /// in the case hands it over (in a region where teams do not cover for each other, nobody may). From the
    /// GI's worklist, without reading the file first; the reason, which the family reads, says why.
    pub fn take_over_measures(
        &self,
        reason: Reason,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        require(actor.kind, Action::ExecuteMeasure)?;
        if !self.is_open() {
            return Err(closed_error(Some("reason")));
        }
        self.pass_measures(actor, reason, actor, at)
    }

    /// Passes what the actor's GI executes in the case to `to`: see [`Case::hand_over_measures`].
    fn pass_measures(
        &self,
        to: &Actor,
        reason: Reason,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        let ours = |e: &Executor| e.organisation == actor.organisation;
        let justice = &self.route.justice;
        let measures = || (justice.measures.iter()).filter(|m| m.ended_on.is_none() && ours(&m.executor));
        let requests = || (justice.requests.iter()).filter(|r| r.pending() && ours(&r.executor));
        if measures().next().is_none() && requests().next().is_none() {
            return Err(DomainError::conflict(
                Some("to"),
                "nothing_to_hand_over",
                "your GI executes no measure in this case, nor is it to execute one the court is asked for",
                "uw GI voert in deze zaak geen maatregel uit en is ook niet gevraagd voor een maatregel die bij de rechtbank ligt",
            ));
        }
        check_successor(to, actor)?;
        let from: Vec<ProfessionalId> = (measures().map(|m| m.executor))
            .chain(requests().map(|r| r.executor))
            .map(|e| e.professional)
            .filter(|p| *p != to.professional)
            .collect();
        if from.is_empty() {
            return Err(DomainError::conflict(
                Some("to"),
                "same_executor",
                "this jeugdbeschermer already executes them",
                "deze jeugdbeschermer voert ze al uit",
            ));
        }
        let changed = |e: &Executor| ours(e) && e.professional != to.professional;
        let handed: Vec<u32> = measures().filter(|m| changed(&m.executor)).map(|m| m.number).collect();
        let asked: Vec<u32> = requests().filter(|r| changed(&r.executor)).map(|r| r.number).collect();
        let mut next = self.clone();
        let justice = &mut next.route.justice;
        for e in (justice.measures.iter_mut())
            .filter(|m| m.ended_on.is_none())
            .map(|m| &mut m.executor)
            .chain(
                justice
                    .requests
                    .iter_mut()
                    .filter(|r| r.pending())
                    .map(|r| &mut r.executor),
            )
            .filter(|e| changed(e))
        {
            e.professional = to.professional;
        }
        let lead = next.put_in_place(&from, to.professional);
        let change = CaseChange::MeasuresHandedOver {
            measures: handed,
            requests: asked,
            to: to.professional,
            lead,
        };
        Ok(self.next(next, change, Some(reason), actor, at))
    }

    /// Refuses all but a GI's professional who stands in the open case (its jeugdbeschermer or their
    /// colleagues); `field` names what a closed case refuses.
    fn executing(&self, ctx: &CaseContext, actor: &Actor, field: &'static str) -> Result<(), DomainError> {
        require(actor.kind, Action::ExecuteMeasure)?;
        if ctx.standing == Standing::Outsider {
            return Err(not_yours(
                "not_case_team",
                "only the jeugdbeschermer who executes the measure and the case team work on it",
                "alleen de jeugdbeschermer die de maatregel uitvoert en het zaakteam werken eraan",
            ));
        }
        if !self.is_open() {
            return Err(closed_error(Some(field)));
        }
        Ok(())
    }

    /// The measure `number`, for the GI that executes it (its jeugdbeschermer or their colleagues, when
    /// they stand in the case).
    fn executed_measure(&self, number: u32, ctx: &CaseContext, actor: &Actor) -> Result<usize, DomainError> {
        self.executing(ctx, actor, "measure")?;
        let Some(index) = self.route.justice.measures.iter().position(|m| m.number == number) else {
            return Err(field_error(
                "measure",
                "unknown_measure",
                "this case has no measure with this number",
                "deze zaak heeft geen maatregel met dit nummer",
            ));
        };
        if self.route.justice.measures[index].executor.organisation != actor.organisation {
            return Err(not_yours(
                "not_your_measure",
                "only the GI that executes a measure records its course",
                "alleen de GI die de maatregel uitvoert legt het verloop ervan vast",
            ));
        }
        Ok(index)
    }
}

/// Refuses kinds that do not go together: none, twice the same, two supervisions, or a placement with no
/// supervision of the children asked or in force.
fn check_kinds(
    kinds: &[MeasureKind],
    justice: &Justice,
    children: &[PersonId],
    today: Date,
) -> Result<(), DomainError> {
    if kinds.is_empty() {
        return Err(no_measure_asked());
    }
    let mut sorted = kinds.to_vec();
    sorted.sort_by_key(|k| k.as_str());
    sorted.dedup();
    if sorted.len() != kinds.len() || kinds.iter().filter(|k| k.supervises()).count() > 1 {
        return Err(field_error(
            "kinds",
            "duplicate",
            "ask for each measure once, and for one supervision at most",
            "Vraag elke maatregel één keer, en hoogstens één ondertoezichtstelling.",
        ));
    }
    // A measure already in force for a child is extended, not asked again (art. 1:260 BW).
    let running = |k: &MeasureKind| {
        children.iter().any(|c| {
            justice
                .in_force(today)
                .any(|m| m.child == *c && (m.kind == *k || (m.kind.supervises() && k.supervises())))
        })
    };
    if let Some(k) = kinds.iter().find(|k| running(k)) {
        return Err(field_error(
            "kinds",
            "already_in_force",
            format!(
                "a {} is already in force for one of these children: request its extension instead",
                k.as_str()
            ),
            format!(
                "Vraag verlenging aan: voor een van deze kinderen loopt al een {}.",
                k.label_nl()
            ),
        ));
    }
    if kinds.contains(&MeasureKind::Placement) && !kinds.iter().any(|k| k.supervises()) {
        let supervised = children
            .iter()
            .all(|c| justice.in_force(today).any(|m| m.child == *c && m.kind.supervises()));
        if !supervised {
            return Err(placement_without_supervision("kinds"));
        }
    }
    Ok(())
}

/// Refuses, on `field` (the request's kinds, the decision's grants), a placement authorisation without a
/// supervision of the same child.
fn placement_without_supervision(field: &'static str) -> DomainError {
    field_error(
        field,
        "placement_without_supervision",
        "a placement authorisation goes with a (provisional) supervision of the same child (art. 1:265b BW)",
        if field == "granted" {
            "Wijs een machtiging uithuisplaatsing alleen toe met een (voorlopige) ondertoezichtstelling van hetzelfde kind (art. 1:265b BW)."
        } else {
            "Vraag er een (voorlopige) ondertoezichtstelling van hetzelfde kind bij: een machtiging uithuisplaatsing hoort daarbij (art. 1:265b BW)."
        },
    )
}

fn until_required(kind: MeasureKind) -> DomainError {
    field_error(
        kind.until_field(),
        "required",
        "give the day the measure ends",
        "Vul de einddatum van de maatregel in.",
    )
}

/// Refuses a period from `start` to `until` that the law does not allow for `kind`: an end before or on
/// the start, or past the legal maximum; a measure with a maximum needs an end, one without has none.
pub fn check_period(kind: MeasureKind, start: Date, until: Option<Date>) -> Result<(), DomainError> {
    match (kind.max_months(), until) {
        (Some(_), None) => Err(until_required(kind)),
        (None, Some(_)) => Err(field_error(
            kind.until_field(),
            "no_end",
            "a gezagsbeëindigende maatregel lasts until the child comes of age: it has no end date",
            "Laat de einddatum leeg: een gezagsbeëindigende maatregel duurt tot de meerderjarigheid.",
        )),
        (None, None) => Ok(()),
        (Some(_), Some(until)) if until <= start => Err(field_error(
            kind.until_field(),
            "before_start",
            "the end date lies after the start",
            "Kies een latere einddatum.",
        )),
        (Some(months), Some(until)) if until > add_months(start, months) => Err(field_error(
            kind.until_field(),
            "past_legal_maximum",
            format!(
                "a {} lasts at most {months} months ({}): the latest end is {}",
                kind.as_str(),
                kind.article(),
                add_months(start, months)
            ),
            format!(
                "Kies een einddatum tot en met {3}: een {0} duurt ten hoogste {1} ({2}).",
                kind.label_nl(),
                if months == 12 {
                    "een jaar".to_owned()
                } else {
                    format!("{months} maanden")
                },
                kind.article(),
                add_months(start, months).strftime("%-d-%-m-%Y")
            ),
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use crate::case::LegalFrame;
    use crate::fixtures::{TODAY, actor, local_case};
    use jiff::civil::date;
    use proptest::prelude::*;

    fn reason(s: &str) -> Reason {
        Reason::parse("reason", s).unwrap()
    }

    /// The walk's cast: the case (led by a local team, with a child of 13 and one of 8 and a parent), its
    /// context, the local lead, the Raad, the court and the GI.
    struct World {
        case: Case,
        ctx: CaseContext,
        local: Actor,
        raad: Actor,
        court: Actor,
        gi: Actor,
        teen: PersonId,
        young: PersonId,
        parent: PersonId,
    }

    fn world() -> World {
        let (case, mut ctx, local) = local_case();
        let (teen, young, parent) = (PersonId::new(), PersonId::new(), PersonId::new());
        ctx.members = vec![teen, young, parent];
        ctx.born = vec![
            (teen, date(2013, 5, 1)),
            (young, date(2018, 3, 1)),
            (parent, date(1985, 1, 1)),
        ];
        World {
            case,
            ctx,
            local,
            raad: actor(OrganisationKind::Rvdk),
            court: actor(OrganisationKind::Court),
            gi: actor(OrganisationKind::Gi),
            teen,
            young,
            parent,
        }
    }

    fn at() -> Timestamp {
        Timestamp::now()
    }

    impl World {
        /// The local team asks the Raad to investigate.
        fn asked(&self) -> Case {
            let asked = InvestigationRequest {
                raad: (self.raad.organisation, OrganisationKind::Rvdk),
                reason: reason("Zorgen over de ontwikkeling van beide kinderen"),
            };
            self.case
                .request_investigation(asked, &self.ctx, &self.local, at())
                .unwrap()
                .0
        }

        /// The local team asks, the Raad accepts and files a request for `kinds` for both children.
        fn requested(&self, kinds: Vec<MeasureKind>) -> Case {
            let w = self;
            let (c, _) = w.asked().accept_investigation(1, &w.ctx, &w.raad, at()).unwrap();
            let request = MeasureRequest {
                kinds,
                children: vec![w.teen, w.young],
                grounds: reason("Ernstige ontwikkelingsbedreiging; vrijwillige hulp werkt niet"),
                court: (w.court.organisation, OrganisationKind::Court),
                executor: w.gi,
            };
            c.conclude_investigation(1, Conclusion::Request(request), &w.ctx, &w.raad, at())
                .unwrap()
                .0
        }

        fn decision(&self, granted: Vec<(MeasureKind, Option<Date>)>) -> DecisionInput {
            DecisionInput {
                request: 1,
                outcome: Outcome::Granted,
                granted,
                children: Vec::new(),
                start: TODAY,
                heard: vec![(self.teen, ChildHeard::Heard)],
                urgent: None,
                reason: reason("De kinderrechter wijst het verzoek toe"),
            }
        }

        /// `heard`, with a supervision of both children granted until `until`.
        fn supervised(&self, until: Date) -> Case {
            let granted = self.decision(vec![(MeasureKind::Supervision, Some(until))]);
            let c = self.heard(vec![MeasureKind::Supervision]);
            c.decide(granted, &self.ctx, &self.court, at()).unwrap().0
        }

        /// `requested` with a hearing a week from today.
        fn heard(&self, kinds: Vec<MeasureKind>) -> Case {
            let c = self.requested(kinds);
            c.schedule_hearing(1, TODAY, &self.ctx, &self.court, at()).unwrap().0
        }
    }

    #[test]
    fn the_walk_from_investigation_to_a_mandatory_frame() {
        let w = world();
        let c = w.heard(vec![MeasureKind::Supervision]);
        let hearing = c.route.justice.requests[0].hearing.clone().unwrap();
        assert_eq!(
            hearing.to_hear,
            vec![w.teen],
            "only the child of 12 or older is to be heard"
        );
        assert_eq!(w.ctx.norms.raad_investigation_weeks, 10);
        assert_eq!(
            c.route.justice.investigations[0].deadline,
            Some(TODAY + Span::new().weeks(10))
        );
        let until = add_months(TODAY, 12);
        let (c, e) = c
            .decide(
                w.decision(vec![(MeasureKind::Supervision, Some(until))]),
                &w.ctx,
                &w.court,
                at(),
            )
            .unwrap();
        assert_eq!(c.legal_frame, LegalFrame::Mandatory);
        assert_eq!(c.route.justice.measures.len(), 2, "one measure per child");
        assert!(
            c.route
                .justice
                .measures
                .iter()
                .all(|m| m.in_force(TODAY) && m.until == Some(until))
        );
        // The GI joins as a duo with the local lead (the default variant).
        assert_eq!(c.lead.primary, w.local.professional);
        assert_eq!(c.lead.secondary, Some(w.gi.professional));
        assert_eq!(c.route.scale.as_ref().unwrap().rvt_professional, w.gi.professional);
        let decision = c.route.justice.requests[0].decision.clone().unwrap();
        assert_eq!(decision.appeal_until, date(2027, 2, 23));
        let CaseChange::CourtDecided { legal_frame, .. } = e.change else {
            panic!()
        };
        assert_eq!(legal_frame, Some(LegalFrame::Mandatory));
        assert!(e.change.summary_nl().contains("gedwongen"), "{}", e.change.summary_nl());
    }

    #[test]
    fn the_region_may_let_the_gi_take_the_lead() {
        let mut w = world();
        w.ctx.variant.measure_transfer = true;
        let c = w.heard(vec![MeasureKind::Supervision]);
        let (c, _) = c
            .decide(
                w.decision(vec![(MeasureKind::Supervision, Some(add_months(TODAY, 6)))]),
                &w.ctx,
                &w.court,
                at(),
            )
            .unwrap();
        assert_eq!(c.lead.primary, w.gi.professional);
        assert_eq!(c.lead.secondary, None);
        assert_eq!(c.handoffs, 1);
    }

    #[test]
    fn only_the_raad_and_the_om_request_a_measure() {
        let w = world();
        for kind in [OrganisationKind::LocalTeam, OrganisationKind::Vt, OrganisationKind::Gi] {
            let request = MeasureRequest {
                kinds: vec![MeasureKind::Supervision],
                children: vec![w.teen],
                grounds: reason("Zorgen"),
                court: (w.court.organisation, OrganisationKind::Court),
                executor: w.gi,
            };
            let err = w
                .case
                .new_measure_request(request, None, &w.ctx, &actor(kind))
                .unwrap_err();
            assert_eq!(err[0].code, "statutory_task", "{kind:?}");
        }
    }

    #[test]
    fn a_hand_set_mandatory_frame_is_refused_and_a_measure_keeps_it() {
        let w = world();
        let gi = w.gi;
        let err = w
            .case
            .change_legal_frame(
                LegalFrame::Mandatory,
                reason("Wij vinden dit nodig"),
                &w.ctx.variant,
                &gi,
                at(),
            )
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::Forbidden);
        let c = w.heard(vec![MeasureKind::Supervision]);
        let (c, _) = c
            .decide(
                w.decision(vec![(MeasureKind::Supervision, Some(add_months(TODAY, 12)))]),
                &w.ctx,
                &w.court,
                at(),
            )
            .unwrap();
        let err = c
            .change_legal_frame(
                LegalFrame::Voluntary,
                reason("Het gaat beter"),
                &w.ctx.variant,
                &gi,
                at(),
            )
            .unwrap_err();
        assert_eq!(err.code, "measure_in_force");
    }

    #[test]
    fn every_legal_maximum_is_enforced_to_the_day() {
        let start = date(2026, 11, 30);
        for (kind, last) in [
            (MeasureKind::ProvisionalSupervision, date(2027, 2, 28)),
            (MeasureKind::Supervision, date(2027, 11, 30)),
            (MeasureKind::Placement, date(2027, 11, 30)),
        ] {
            assert!(
                check_period(kind, start, Some(last)).is_ok(),
                "{kind:?} up to the maximum"
            );
            let err = check_period(kind, start, Some(last + Span::new().days(1))).unwrap_err();
            assert_eq!(err.code, "past_legal_maximum", "{kind:?}");
            assert_eq!(check_period(kind, start, Some(start)).unwrap_err().code, "before_start");
            assert_eq!(check_period(kind, start, None).unwrap_err().code, "required");
        }
        assert!(check_period(MeasureKind::AuthorityTermination, start, None).is_ok());
        assert_eq!(
            check_period(
                MeasureKind::AuthorityTermination,
                start,
                Some(start + Span::new().days(1))
            )
            .unwrap_err()
            .code,
            "no_end"
        );
    }

    #[test]
    fn a_decision_past_the_maximum_or_before_its_start_changes_nothing() {
        let w = world();
        let c = w.heard(vec![MeasureKind::Supervision]);
        for until in [add_months(TODAY, 12) + Span::new().days(1), TODAY - Span::new().days(1)] {
            let err = c.decide(
                w.decision(vec![(MeasureKind::Supervision, Some(until))]),
                &w.ctx,
                &w.court,
                at(),
            );
            assert_eq!(err.unwrap_err()[0].field, Some("until.supervision"));
        }
    }

    #[test]
    fn a_child_of_twelve_or_older_must_have_had_the_chance_to_be_heard() {
        let w = world();
        let c = w.heard(vec![MeasureKind::Supervision]);
        let mut input = w.decision(vec![(MeasureKind::Supervision, Some(add_months(TODAY, 12)))]);
        input.heard = vec![];
        assert_eq!(
            c.decide(input.clone(), &w.ctx, &w.court, at()).unwrap_err()[0].code,
            "child_not_heard"
        );
        // An urgency is no excuse for a full supervision (art. 809 lid 3 Rv covers provisional ones).
        input.urgent = Some(reason("Acuut gevaar"));
        assert_eq!(
            c.decide(input.clone(), &w.ctx, &w.court, at()).unwrap_err()[0].code,
            "not_provisional"
        );
        // Declining, or not heard with a reason, is a record.
        input.urgent = None;
        input.heard = vec![(w.teen, ChildHeard::Declined)];
        assert!(c.decide(input.clone(), &w.ctx, &w.court, at()).is_ok());
        input.heard = vec![(w.teen, ChildHeard::NotHeard { reason: " ".into() })];
        assert_eq!(
            c.decide(input.clone(), &w.ctx, &w.court, at()).unwrap_err()[0].code,
            "reason_required"
        );
        // A younger child is not on the list.
        input.heard = vec![(w.teen, ChildHeard::Heard), (w.young, ChildHeard::Heard)];
        assert_eq!(
            c.decide(input, &w.ctx, &w.court, at()).unwrap_err()[0].code,
            "not_to_hear"
        );
    }

    #[test]
    fn every_wrong_field_of_a_decision_is_named_at_once() {
        let w = world();
        let c = w.heard(vec![MeasureKind::Supervision]);
        let placement = (MeasureKind::Placement, Some(add_months(TODAY, 6)));
        let mut input = w.decision(vec![
            (MeasureKind::Supervision, Some(add_months(TODAY, 13))),
            placement,
            placement,
        ]);
        input.heard = vec![(w.teen, ChildHeard::NotHeard { reason: " ".into() })];
        input.start = TODAY + Span::new().days(1);
        let codes = |input| {
            let wrong = c.decide(input, &w.ctx, &w.court, at()).unwrap_err();
            wrong
                .iter()
                .map(|e| (e.field.unwrap_or_default(), e.code))
                .collect::<Vec<_>>()
        };
        // A rule broken twice (a placement not asked for, granted twice) is named once.
        assert_eq!(
            codes(input.clone()),
            [
                ("heard", "reason_required"),
                ("granted", "duplicate"),
                ("granted", "not_asked"),
                ("start", "in_the_future"),
                ("until.supervision", "past_legal_maximum"),
            ]
        );
        // An emergency given for a full supervision, and a child not heard: both named.
        let mut input = w.decision(vec![(MeasureKind::Supervision, Some(add_months(TODAY, 12)))]);
        input.heard = vec![];
        input.urgent = Some(reason("Acuut gevaar"));
        assert_eq!(
            codes(input),
            [("urgent", "not_provisional"), ("heard", "child_not_heard")]
        );
    }

    #[test]
    fn a_provisional_measure_may_be_decided_before_the_hearing_with_its_reason() {
        let w = world();
        let c = w.requested(vec![MeasureKind::ProvisionalSupervision]);
        let mut input = w.decision(vec![(MeasureKind::ProvisionalSupervision, Some(add_months(TODAY, 3)))]);
        input.heard = vec![];
        assert_eq!(
            c.decide(input.clone(), &w.ctx, &w.court, at()).unwrap_err()[0].code,
            "no_hearing"
        );
        input.urgent = Some(reason(
            "Acuut en ernstig gevaar: het kind kan niet wachten op de zitting",
        ));
        let (c, _) = c.decide(input, &w.ctx, &w.court, at()).unwrap();
        assert_eq!(c.legal_frame, LegalFrame::Mandatory);
        assert!(c.route.justice.requests[0].decision.as_ref().unwrap().urgent.is_some());
    }

    #[test]
    fn only_the_court_it_was_filed_with_decides_and_only_once() {
        let w = world();
        let c = w.heard(vec![MeasureKind::Supervision]);
        let input = w.decision(vec![(MeasureKind::Supervision, Some(add_months(TODAY, 12)))]);
        let other_court = actor(OrganisationKind::Court);
        assert_eq!(
            c.decide(input.clone(), &w.ctx, &other_court, at()).unwrap_err()[0].code,
            "not_your_court"
        );
        assert_eq!(
            c.decide(input.clone(), &w.ctx, &w.raad, at()).unwrap_err()[0].code,
            "statutory_task"
        );
        let mut never = input.clone();
        never.request = 9;
        assert_eq!(
            c.decide(never, &w.ctx, &w.court, at()).unwrap_err()[0].code,
            "no_request"
        );
        let (c, _) = c.decide(input.clone(), &w.ctx, &w.court, at()).unwrap();
        assert_eq!(
            c.decide(input, &w.ctx, &w.court, at()).unwrap_err()[0].code,
            "already_decided"
        );
    }

    #[test]
    fn a_rejection_leaves_the_frame_and_hands_nothing_to_the_gi() {
        let w = world();
        let c = w.heard(vec![MeasureKind::Supervision]);
        let mut input = w.decision(vec![]);
        input.outcome = Outcome::Rejected;
        let (c, _) = c.decide(input, &w.ctx, &w.court, at()).unwrap();
        assert_eq!(c.legal_frame, LegalFrame::Voluntary);
        assert!(c.route.justice.measures.is_empty());
        assert!(c.route.scale.is_none());
        assert!(c.route.justice.tasks().is_empty(), "nobody has work left");
    }

    #[test]
    fn a_placement_goes_with_a_supervision_and_ends_no_later() {
        let w = world();
        let mut request = MeasureRequest {
            kinds: vec![MeasureKind::Placement],
            children: vec![w.teen],
            grounds: reason("Thuis is het niet veilig"),
            court: (w.court.organisation, OrganisationKind::Court),
            executor: w.gi,
        };
        let err = w
            .case
            .new_measure_request(request.clone(), None, &w.ctx, &w.raad)
            .unwrap_err();
        assert_eq!(err[0].code, "placement_without_supervision");
        request.kinds = vec![MeasureKind::Supervision, MeasureKind::Placement];
        assert!(
            w.case
                .new_measure_request(request.clone(), None, &w.ctx, &w.raad)
                .is_ok()
        );
        // Every wrong field at once: no measure, a stranger, a court that is none, no GI to execute it.
        let wrong = MeasureRequest {
            kinds: vec![],
            children: vec![PersonId::new()],
            court: (w.raad.organisation, OrganisationKind::Rvdk),
            executor: w.raad,
            ..request.clone()
        };
        let err = w.case.new_measure_request(wrong, None, &w.ctx, &w.raad).unwrap_err();
        let fields: Vec<_> = err.iter().map(|e| (e.field.unwrap_or_default(), e.code)).collect();
        assert_eq!(
            fields,
            [
                ("kinds", "required"),
                ("children", "not_a_member"),
                ("court", "not_court"),
                ("executor", "not_gi")
            ]
        );
        let c = w.heard(vec![MeasureKind::Supervision, MeasureKind::Placement]);
        let err = c
            .decide(
                w.decision(vec![
                    (MeasureKind::Supervision, Some(add_months(TODAY, 6))),
                    (MeasureKind::Placement, Some(add_months(TODAY, 9))),
                ]),
                &w.ctx,
                &w.court,
                at(),
            )
            .unwrap_err();
        assert_eq!(err[0].code, "past_supervision");
    }

    #[test]
    fn an_unused_placement_lapses_after_three_months() {
        let m = Measure {
            number: 1,
            kind: MeasureKind::Placement,
            child: PersonId::new(),
            start: date(2026, 12, 1),
            until: Some(date(2027, 12, 1)),
            executor: Executor {
                organisation: OrganisationId::new(),
                professional: ProfessionalId::new(),
            },
            request: 1,
            extended_by: vec![],
            placed_on: None,
            ended_on: None,
        };
        assert!(m.in_force(date(2027, 2, 28)));
        assert!(!m.in_force(date(2027, 3, 1)), "art. 1:265c lid 3 BW");
        let used = Measure {
            placed_on: Some(date(2027, 1, 10)),
            ..m
        };
        assert!(used.in_force(date(2027, 11, 30)));
        assert!(!used.in_force(date(2027, 12, 1)));
    }

    #[test]
    fn the_gi_requests_an_extension_and_the_court_extends_by_a_year_at_most() {
        let w = world();
        let until = add_months(TODAY, 12);
        let c = w.supervised(until);
        let court = (w.court.organisation, OrganisationKind::Court);
        let grounds = reason("De zorgen zijn er nog");
        // The local team has no task to; another GI neither.
        let err = c
            .request_extension(vec![1], grounds.clone(), court, &w.ctx, &w.local, at())
            .unwrap_err();
        assert_eq!(err.code, "statutory_task");
        let err = c.request_extension(
            vec![1],
            grounds.clone(),
            court,
            &w.ctx,
            &actor(OrganisationKind::Gi),
            at(),
        );
        assert_eq!(err.unwrap_err().code, "not_your_measure");
        let (c, _) = c
            .request_extension(vec![1], grounds.clone(), court, &w.ctx, &w.gi, at())
            .unwrap();
        assert!(c.route.justice.measures[0].extension_pending(&c.route.justice.requests));
        let err = c
            .request_extension(vec![1], grounds, court, &w.ctx, &w.gi, at())
            .unwrap_err();
        assert_eq!(err.code, "extension_pending");
        let (c, _) = c.schedule_hearing(2, TODAY, &w.ctx, &w.court, at()).unwrap();
        let mut input = w.decision(vec![(
            MeasureKind::Supervision,
            Some(add_months(until, 12) + Span::new().days(1)),
        )]);
        input.request = 2;
        assert_eq!(
            c.decide(input.clone(), &w.ctx, &w.court, at()).unwrap_err()[0].code,
            "past_legal_maximum"
        );
        input.granted = vec![(MeasureKind::Supervision, Some(add_months(until, 12)))];
        let (c, _) = c.decide(input, &w.ctx, &w.court, at()).unwrap();
        assert_eq!(c.route.justice.measures[0].until, Some(add_months(until, 12)));
        assert_eq!(c.route.justice.measures[0].extended_by, vec![2]);
    }

    #[test]
    fn justice_work_involves_whoever_has_it_and_their_team_or_the_organisation_while_nobody_has_it() {
        let w = world();
        let other_of = |a: &Actor| Actor {
            professional: ProfessionalId::new(),
            ..*a
        };
        let alone = |a: &Actor| Viewer::new(*a, [], false);
        let in_team_with = |a: &Actor, b: &Actor| Viewer::new(*a, [a.professional, b.professional], true);
        let involves = |c: &Case, v: &Viewer| c.route.justice.involves(v, TODAY);
        let colleague = other_of(&w.raad);
        // Asked, not yet accepted: the whole Raad, for whoever takes it up; no other organisation.
        let asked = w.asked();
        assert!(involves(&asked, &alone(&colleague)));
        assert!(!involves(&asked, &alone(&w.gi)) && !involves(&asked, &alone(&w.court)));
        // Accepted: the investigator and their team, not a colleague of another team.
        let (accepted, _) = asked.accept_investigation(1, &w.ctx, &w.raad, at()).unwrap();
        assert!(involves(&accepted, &alone(&w.raad)));
        assert!(!involves(&accepted, &alone(&colleague)));
        assert!(involves(&accepted, &in_team_with(&colleague, &w.raad)));
        // Taken over: it moves with the work.
        let (taken, _) = accepted.take_over_investigation(1, &colleague, at()).unwrap();
        assert!(involves(&taken, &alone(&colleague)) && !involves(&taken, &alone(&w.raad)));
        // A request at the court: the court's and, as the party that filed it, the Raad's, nobody's in
        // particular (a colleague may have to name another jeugdbeschermer in it once the investigator left).
        let requested = w.requested(vec![MeasureKind::Supervision]);
        assert!(involves(&requested, &alone(&other_of(&w.court))));
        assert!(involves(&requested, &alone(&colleague)));
        assert!(
            !involves(&requested, &alone(&w.gi)),
            "the GI has no part before the decision"
        );
        // A measure: its jeugdbeschermer's, not another of the GI's; the Raad's part ended with the decision.
        let supervised = w.supervised(add_months(TODAY, 12));
        assert!(involves(&supervised, &alone(&w.gi)));
        assert!(!involves(&supervised, &alone(&other_of(&w.gi))));
        assert!(involves(&supervised, &in_team_with(&other_of(&w.gi), &w.gi)));
        assert!(!involves(&supervised, &alone(&w.raad)));
    }

    #[test]
    fn the_raad_that_asked_requests_the_extension_only_when_the_gi_has_not() {
        let w = world();
        let until = add_months(TODAY, 12);
        let c = w.supervised(until);
        let court = (w.court.organisation, OrganisationKind::Court);
        let grounds = reason("De GI vroeg geen verlenging; de zorgen zijn er nog");
        let m = &c.route.justice.measures[0];
        let from = until - Span::new().weeks(STEP_IN_WEEKS);
        assert_eq!(m.step_in_from(), Some(from));
        // The Raad's task on the case starts then, not before; the worklist is empty until then.
        let task = (c.route.justice.tasks().into_iter())
            .find(|t| t.organisation == w.raad.organisation)
            .expect("a task from the step-in day");
        assert_eq!((task.from, task.due), (Some(from), until));
        assert!(!task.active(from - Span::new().days(1)) && task.active(from));
        assert!(!task.active(until), "it ends with the measure");
        let reminder = w.ctx.norms.measure_reminder_weeks;
        assert!(worklist(&c.route.justice, w.raad.organisation, reminder, TODAY).is_empty());
        let err = c
            .request_extension(vec![1], grounds.clone(), court, &w.ctx, &w.raad, at())
            .unwrap_err();
        assert_eq!(err.code, "gi_requests_first");
        // From the step-in day the Raad sees it and may ask; another Raad may not.
        let mut late = w.ctx.clone();
        late.today = from;
        let work = worklist(&c.route.justice, w.raad.organisation, reminder, from);
        assert_eq!(work[0].kind, WorkKind::ExtensionNotRequested);
        let other = actor(OrganisationKind::Rvdk);
        let err = c
            .request_extension(vec![1], grounds.clone(), court, &late, &other, at())
            .unwrap_err();
        assert_eq!(err.code, "not_your_measure");
        assert_eq!(work.len(), 2, "both children's measures");
        let (c, _) = c
            .request_extension(vec![1, 2], grounds, court, &late, &w.raad, at())
            .unwrap();
        assert_eq!(c.route.justice.requests[1].filed_by, Some(w.raad.organisation));
        // Once an extension waits, the Raad's step-in task ends; its request keeps it a party until the
        // decision.
        assert_eq!(worklist(&c.route.justice, w.raad.organisation, reminder, from), vec![]);
        let tasks: Vec<_> = (c.route.justice.tasks().into_iter())
            .filter(|t| t.organisation == w.raad.organisation)
            .collect();
        assert_eq!(tasks.len(), 1);
        assert_eq!(tasks[0].from, None);
    }

    #[test]
    fn a_parent_requests_the_extension_only_for_their_children_and_only_when_the_gi_has_not() {
        let w = world();
        let until = add_months(TODAY, 12);
        let c = w.supervised(until);
        let court = (w.court.organisation, OrganisationKind::Court);
        let grounds = reason("Mijn kinderen hebben de hulp van de jeugdbeschermer nog nodig");
        let children = [w.teen, w.young];
        let org = w.local.organisation;
        let noon = |day: Date| day.at(12, 0, 0, 0).to_zoned(crate::time::zone()).unwrap().timestamp();
        let ask = |c: &Case, day: Date, of: &[PersonId]| {
            c.request_extension_as_parent(vec![1, 2], grounds.clone(), court, (w.parent, of), org, noon(day))
        };
        assert_eq!(ask(&c, TODAY, &children).unwrap_err().code, "gi_requests_first");
        let late = until - Span::new().weeks(STEP_IN_WEEKS);
        assert_eq!(ask(&c, late, &[w.teen]).unwrap_err().code, "not_your_measure");
        let (c, e) = ask(&c, late, &children).unwrap();
        let request = &c.route.justice.requests[1];
        assert_eq!((request.filed_by, request.parent), (None, Some(w.parent)));
        assert_eq!(e.actor, crate::EventActor::Member { person_id: w.parent });
        // The court has a task, beside the GI's measures; no organisation is a party for the parent, and
        // the Raad's step-in ends while the extension waits.
        let tasks: Vec<_> = c.route.justice.tasks().into_iter().map(|t| t.organisation).collect();
        assert!(tasks.contains(&w.court.organisation));
        assert!(
            tasks
                .iter()
                .all(|o| [w.court.organisation, w.gi.organisation].contains(o)),
            "{tasks:?}"
        );
        assert_eq!(ask(&c, late, &children).unwrap_err().code, "extension_pending");
    }

    #[test]
    fn the_court_grants_for_some_of_the_children_only_as_partly_granted() {
        let w = world();
        let c = w.heard(vec![MeasureKind::Supervision]);
        let mut input = w.decision(vec![(MeasureKind::Supervision, Some(add_months(TODAY, 12)))]);
        input.children = vec![w.teen];
        assert_eq!(
            c.decide(input.clone(), &w.ctx, &w.court, at()).unwrap_err()[0].code,
            "partly_granted"
        );
        input.children = vec![w.parent];
        assert_eq!(
            c.decide(input.clone(), &w.ctx, &w.court, at()).unwrap_err()[0].code,
            "not_in_request"
        );
        input.children = vec![w.teen];
        input.outcome = Outcome::PartlyGranted;
        let (c, _) = c.decide(input, &w.ctx, &w.court, at()).unwrap();
        let children: Vec<_> = c.route.justice.measures.iter().map(|m| m.child).collect();
        assert_eq!(children, vec![w.teen], "no measure for the younger child");
        assert_eq!(c.legal_frame, LegalFrame::Mandatory);
    }

    #[test]
    fn an_extension_is_granted_for_some_of_the_children_only() {
        let w = world();
        let until = add_months(TODAY, 12);
        let c = w.supervised(until);
        let court = (w.court.organisation, OrganisationKind::Court);
        let (c, _) = c
            .request_extension(vec![1, 2], reason("De zorgen zijn er nog"), court, &w.ctx, &w.gi, at())
            .unwrap();
        let (c, _) = c.schedule_hearing(2, TODAY, &w.ctx, &w.court, at()).unwrap();
        let mut input = w.decision(vec![(MeasureKind::Supervision, Some(add_months(until, 12)))]);
        input.request = 2;
        input.outcome = Outcome::PartlyGranted;
        input.children = vec![w.teen];
        let (c, _) = c.decide(input, &w.ctx, &w.court, at()).unwrap();
        let ends: Vec<_> = (c.route.justice.measures.iter()).map(|m| (m.child, m.until)).collect();
        assert_eq!(
            ends,
            vec![(w.teen, Some(add_months(until, 12))), (w.young, Some(until))],
            "only the teen's supervision is extended"
        );
    }

    #[test]
    fn an_ended_measure_cannot_be_extended_and_the_last_end_returns_the_frame() {
        let w = world();
        let c = w.heard(vec![MeasureKind::Supervision]);
        let (c, _) = c
            .decide(
                w.decision(vec![(MeasureKind::Supervision, Some(add_months(TODAY, 12)))]),
                &w.ctx,
                &w.court,
                at(),
            )
            .unwrap();
        let grounds = reason("De grond voor de maatregel is weg");
        let end =
            |c: &Case, n: u32, frame: Option<LegalFrame>| c.end_measure(n, frame, grounds.clone(), &w.ctx, &w.gi, at());
        // Measure 2 (the other child's) still runs: the frame stays mandatory.
        assert_eq!(
            end(&c, 1, Some(LegalFrame::Voluntary)).unwrap_err().code,
            "measures_in_force"
        );
        let (c, _) = end(&c, 1, None).unwrap();
        assert_eq!(c.legal_frame, LegalFrame::Mandatory);
        assert_eq!(end(&c, 1, None).unwrap_err().code, "measure_ended");
        let court = (w.court.organisation, OrganisationKind::Court);
        let err = c
            .request_extension(vec![1], reason("Verlengen"), court, &w.ctx, &w.gi, at())
            .unwrap_err();
        assert_eq!(err.code, "measure_ended");
        // The last one: the frame after must be said, and cannot be mandatory.
        assert_eq!(end(&c, 2, None).unwrap_err().code, "required");
        assert_eq!(
            end(&c, 2, Some(LegalFrame::Mandatory)).unwrap_err().code,
            "mandatory_without_measure"
        );
        let (c, e) = end(&c, 2, Some(LegalFrame::Pressure)).unwrap();
        assert_eq!(c.legal_frame, LegalFrame::Pressure);
        assert!(e.change.summary_nl().contains("drang"), "{}", e.change.summary_nl());
        assert!(c.route.justice.tasks().is_empty());
        // The local team may not end a measure.
        assert_eq!(
            c.end_measure(2, None, grounds.clone(), &w.ctx, &w.local, at())
                .unwrap_err()
                .code,
            "statutory_task"
        );
    }

    #[test]
    fn the_tasks_name_the_raad_the_court_and_the_gi_in_turn() {
        let w = world();
        let asked = InvestigationRequest {
            raad: (w.raad.organisation, OrganisationKind::Rvdk),
            reason: reason("Zorgen"),
        };
        let (c, _) = w.case.request_investigation(asked, &w.ctx, &w.local, at()).unwrap();
        assert_eq!(
            c.route
                .justice
                .tasks()
                .iter()
                .map(|t| t.organisation)
                .collect::<Vec<_>>(),
            vec![w.raad.organisation]
        );
        let c = w.heard(vec![MeasureKind::Supervision]);
        assert_eq!(
            c.route
                .justice
                .tasks()
                .iter()
                .map(|t| t.organisation)
                .collect::<Vec<_>>(),
            vec![w.court.organisation, w.raad.organisation],
            "the court, and the Raad as a party until the decision"
        );
        let (c, _) = c
            .decide(
                w.decision(vec![(MeasureKind::Supervision, Some(add_months(TODAY, 12)))]),
                &w.ctx,
                &w.court,
                at(),
            )
            .unwrap();
        // The GI's at once; the Raad's only in the measure's last weeks (art. 1:260 lid 1 BW).
        assert!(
            (c.route.justice.tasks().iter())
                .filter(|t| t.active(TODAY))
                .all(|t| t.organisation == w.gi.organisation)
        );
        assert!(!c.route.justice.measures.iter().any(|m| m.child == w.parent));
    }

    #[test]
    fn work_names_the_professional_it_is_assigned_to() {
        let w = world();
        let c = w.asked();
        let raad = |c: &Case| worklist(&c.route.justice, w.raad.organisation, 12, TODAY);
        // Not yet accepted: the Raad's, nobody's in particular; accepted: the investigator's.
        assert_eq!(raad(&c)[0].professional, None);
        let (c, _) = c.accept_investigation(1, &w.ctx, &w.raad, at()).unwrap();
        assert_eq!(raad(&c)[0].professional, Some(w.raad.professional));
        // A request waiting at the court is the court's; a measure is its jeugdbeschermer's.
        let c = w.heard(vec![MeasureKind::Supervision]);
        let court = worklist(&c.route.justice, w.court.organisation, 12, TODAY);
        assert!(court.iter().all(|x| x.professional.is_none()), "{court:?}");
        let c = w.supervised(add_months(TODAY, 12));
        let gi = worklist(&c.route.justice, w.gi.organisation, 12, TODAY);
        assert_eq!(gi.len(), 2, "a measure for each child: {gi:?}");
        assert!(gi.iter().all(|x| x.professional == Some(w.gi.professional)), "{gi:?}");
        // Both children's measures share their work; an investigation's or a request's is its own.
        assert!(gi.iter().all(|x| x.kind.on_measures()), "{gi:?}");
        assert!(court.iter().all(|x| !x.kind.on_measures()), "{court:?}");
        assert!(!WorkKind::AcceptInvestigation.on_measures() && WorkKind::ExtensionNotRequested.on_measures());
    }

    #[test]
    fn a_leaving_professional_holds_the_investigation_the_request_and_the_measures() {
        let w = world();
        let held = |c: &Case, p: &Actor| crate::departure::Holdings::of(p.professional, std::slice::from_ref(c), TODAY);
        // Accepted, the investigation is its investigator's.
        let (c, _) = w.asked().accept_investigation(1, &w.ctx, &w.raad, at()).unwrap();
        assert_eq!(held(&c, &w.raad).investigations, 1);
        // A request at the court names the GI's jeugdbeschermer before any measure exists.
        let c = w.heard(vec![MeasureKind::Supervision]);
        let gi = held(&c, &w.gi);
        assert_eq!(
            (gi.requests, gi.measures, held(&c, &w.raad).investigations),
            (1, 0, 0),
            "{gi:?}"
        );
        assert!(
            gi.nl()
                .contains("genoemd als jeugdbeschermer in 1 verzoek aan de kinderrechter"),
            "{}",
            gi.nl()
        );
        // Granted: a measure for each child, and the jeugdbeschermer joins the lead.
        let c = w.supervised(add_months(TODAY, 12));
        let gi = held(&c, &w.gi);
        assert_eq!((gi.measures, gi.requests, gi.leads), (2, 0, 1), "{gi:?}");
        assert!(held(&c, &colleague(&w)).is_empty());
        // Where the GI took the lead over, the local professional is still who the case returns to.
        let local = held(&c, &w.local);
        assert_eq!(local.leads, 1, "{local:?}");
    }

    #[test]
    fn the_raad_names_another_jeugdbeschermer_of_the_same_gi_in_its_pending_request() {
        let w = world();
        let c = w.heard(vec![MeasureKind::Supervision]);
        let why = || Reason::parse("reason", "De jeugdbeschermer gaat weg.").unwrap();
        let code = |r: Result<(Case, NewEvent), DomainError>| r.map(|_| "").unwrap_or_else(|e| e.code);
        let same_gi = Actor {
            professional: ProfessionalId::new(),
            ..w.gi
        };
        let other_gi = actor(OrganisationKind::Gi);
        assert_eq!(
            code(c.name_other_executor(1, &same_gi, why(), &w.gi, at())),
            "statutory_task"
        );
        assert_eq!(
            code(c.name_other_executor(1, &same_gi, why(), &actor(OrganisationKind::Rvdk), at())),
            "not_your_request"
        );
        assert_eq!(
            code(c.name_other_executor(1, &other_gi, why(), &w.raad, at())),
            "not_that_gi"
        );
        assert_eq!(
            code(c.name_other_executor(1, &w.gi, why(), &w.raad, at())),
            "same_executor"
        );
        assert_eq!(
            code(c.name_other_executor(2, &same_gi, why(), &w.raad, at())),
            "no_request"
        );
        let (named, e) = c.name_other_executor(1, &same_gi, why(), &w.raad, at()).unwrap();
        assert_eq!(
            named.route.justice.requests[0].executor.professional,
            same_gi.professional
        );
        assert!(crate::departure::Holdings::of(w.gi.professional, std::slice::from_ref(&named), TODAY).is_empty());
        assert_eq!(e.change.kind(), "request_executor_changed");
        // Decided: the GI hands its measures over itself.
        let decided = w.supervised(add_months(TODAY, 12));
        assert_eq!(
            code(decided.name_other_executor(1, &same_gi, why(), &w.raad, at())),
            "already_decided"
        );
    }

    #[test]
    fn a_colleague_of_the_raad_takes_an_investigation_over() {
        let w = world();
        let other = Actor {
            professional: ProfessionalId::new(),
            ..w.raad
        };
        let asked = w.asked();
        let code = |r: Result<(Case, NewEvent), DomainError>| r.map(|_| "").unwrap_or_else(|e| e.code);
        assert_eq!(code(asked.take_over_investigation(1, &other, at())), "not_accepted");
        let (c, _) = asked.accept_investigation(1, &w.ctx, &w.raad, at()).unwrap();
        assert_eq!(code(c.take_over_investigation(1, &w.raad, at())), "already_yours");
        assert_eq!(code(c.take_over_investigation(1, &w.local, at())), "statutory_task");
        let stranger = actor(OrganisationKind::Rvdk);
        assert_eq!(
            code(c.take_over_investigation(1, &stranger, at())),
            "not_your_investigation"
        );
        assert_eq!(
            code(c.take_over_investigation(2, &other, at())),
            "unknown_investigation"
        );
        let (taken, e) = c.take_over_investigation(1, &other, at()).unwrap();
        let i = &taken.route.justice.investigations[0];
        assert_eq!(
            (i.investigator, i.deadline),
            (Some(other.professional), c.route.justice.investigations[0].deadline)
        );
        assert_eq!(
            e.change.summary_nl(),
            "Onderzoek 1 overgenomen door een andere raadsonderzoeker"
        );
        let held = |c: &Case, p: &Actor| crate::departure::Holdings::of(p.professional, std::slice::from_ref(c), TODAY);
        assert!(held(&taken, &w.raad).is_empty(), "the first investigator may go");
        assert_eq!(held(&taken, &other).investigations, 1);
    }

    /// Another jeugdbeschermer of the world's GI.
    fn colleague(w: &World) -> Actor {
        Actor {
            professional: ProfessionalId::new(),
            ..w.gi
        }
    }

    #[test]
    fn a_colleague_of_the_gi_takes_the_measures_over_as_a_hand_over_would_give_them() {
        let w = world();
        let c = w.supervised(add_months(TODAY, 12));
        let next = colleague(&w);
        let why = reason("Onze collega is uit dienst; ik neem het gezin over");
        let (taken, e) = c.take_over_measures(why.clone(), &next, at()).unwrap();
        let (handed, h) = c.hand_over_measures(&next, why.clone(), &w.ctx, &w.gi, at()).unwrap();
        assert_eq!(
            (taken.route, taken.lead, taken.handoffs),
            (handed.route, handed.lead, handed.handoffs)
        );
        assert_eq!(e.change, h.change);
        // Only a GI's professional, of the GI that executes them, and not what is theirs already.
        let code = |r: Result<(Case, NewEvent), DomainError>| r.unwrap_err().code;
        assert_eq!(code(c.take_over_measures(why.clone(), &w.raad, at())), "statutory_task");
        let other_gi = actor(OrganisationKind::Gi);
        assert_eq!(
            code(c.take_over_measures(why.clone(), &other_gi, at())),
            "nothing_to_hand_over"
        );
        assert_eq!(code(c.take_over_measures(why, &w.gi, at())), "same_executor");
    }

    #[test]
    fn the_gi_hands_its_measures_over_and_the_family_keeps_one_contact() {
        let w = world();
        let c = w.supervised(add_months(TODAY, 12));
        assert!(c.lead.secondary == Some(w.gi.professional) || c.lead.primary == w.gi.professional);
        let next = colleague(&w);
        let (after, e) = c
            .hand_over_measures(
                &next,
                reason("Onze jeugdbeschermer gaat met verlof"),
                &w.ctx,
                &w.gi,
                at(),
            )
            .unwrap();
        let justice = &after.route.justice;
        assert!(
            justice
                .measures
                .iter()
                .all(|m| m.executor.professional == next.professional)
        );
        assert!(![Some(after.lead.primary), after.lead.secondary].contains(&Some(w.gi.professional)));
        assert!([Some(after.lead.primary), after.lead.secondary].contains(&Some(next.professional)));
        assert_eq!(
            after.route.scale.as_ref().map(|s| s.rvt_professional),
            Some(next.professional)
        );
        assert_eq!(after.handoffs, c.handoffs + 1, "a change of lead is counted (F8)");
        assert_eq!(
            e.change,
            CaseChange::MeasuresHandedOver {
                measures: vec![1, 2],
                requests: Vec::new(),
                to: next.professional,
                lead: Some(after.lead),
            }
        );
        assert_eq!(e.change.lead_after(), Some(after.lead));
        assert_eq!(
            crate::notification::EventType::of_change(&e.change),
            Some(crate::notification::EventType::CaseLeadChanged),
            "subscribers hear of the new contact person"
        );
        assert_eq!(
            e.change.summary_nl(),
            "Maatregelen 1 en 2 overgedragen aan een andere jeugdbeschermer"
        );
        let work = worklist(justice, w.gi.organisation, 12, TODAY);
        assert!(
            work.iter().all(|x| x.professional == Some(next.professional)),
            "{work:?}"
        );
        // The new jeugdbeschermer hands them on, or back.
        let (back, _) = after
            .hand_over_measures(&w.gi, reason("Terug van verlof"), &w.ctx, &next, at())
            .unwrap();
        assert_eq!(back.lead, c.lead);
        assert_eq!(back.handoffs, c.handoffs + 2);
    }

    #[test]
    fn an_extension_at_the_court_is_handed_over_with_its_measures() {
        let w = world();
        let until = add_months(TODAY, 12);
        let court = (w.court.organisation, OrganisationKind::Court);
        let (c, _) = (w.supervised(until))
            .request_extension(vec![1, 2], reason("De zorgen zijn er nog"), court, &w.ctx, &w.gi, at())
            .unwrap();
        let next = colleague(&w);
        let (c, e) = c
            .hand_over_measures(
                &next,
                reason("Andere jeugdbeschermer in dit gebied"),
                &w.ctx,
                &w.gi,
                at(),
            )
            .unwrap();
        let CaseChange::MeasuresHandedOver { measures, requests, .. } = &e.change else {
            panic!("{:?}", e.change)
        };
        assert_eq!((measures.as_slice(), requests.as_slice()), (&[1, 2][..], &[2][..]));
        // The extension granted keeps the new jeugdbeschermer: the request was theirs too.
        let (c, _) = c.schedule_hearing(2, TODAY, &w.ctx, &w.court, at()).unwrap();
        let mut input = w.decision(vec![(MeasureKind::Supervision, Some(add_months(until, 12)))]);
        input.request = 2;
        let (c, _) = c.decide(input, &w.ctx, &w.court, at()).unwrap();
        assert!(
            c.route
                .justice
                .measures
                .iter()
                .all(|m| m.executor.professional == next.professional)
        );
        assert_eq!(c.lead.secondary, Some(next.professional));
        assert_eq!(
            c.route.scale.as_ref().map(|s| s.rvt_professional),
            Some(next.professional)
        );
    }

    #[test]
    fn after_a_hand_over_the_last_measures_end_hands_the_lead_back_to_the_local_team() {
        let w = world();
        let c = w.supervised(add_months(TODAY, 12));
        let next = colleague(&w);
        let (c, _) = c
            .hand_over_measures(&next, reason("Verlof"), &w.ctx, &w.gi, at())
            .unwrap();
        let (c, _) = c
            .end_measure(1, None, reason("Grond vervallen"), &w.ctx, &next, at())
            .unwrap();
        let (c, e) = (c.end_measure(
            2,
            Some(LegalFrame::Voluntary),
            reason("Grond vervallen"),
            &w.ctx,
            &next,
            at(),
        ))
        .unwrap();
        assert_eq!(c.lead, w.case.lead, "{:?}", e.change);
        assert!(c.route.scale.is_none());
    }

    #[test]
    fn where_the_gi_leads_the_successor_leads_and_every_jeugdbeschermer_of_the_gi_is_replaced() {
        let mut w = world();
        w.ctx.variant.measure_transfer = true;
        let c = w.supervised(add_months(TODAY, 12));
        assert_eq!(c.lead.primary, w.gi.professional);
        // A second jeugdbeschermer of the GI on one of the measures: the family still gets one.
        let mut c = c;
        let other = colleague(&w);
        c.route.justice.measures[1].executor.professional = other.professional;
        let next = colleague(&w);
        let (c, e) = c
            .hand_over_measures(&next, reason("Nieuwe indeling"), &w.ctx, &w.gi, at())
            .unwrap();
        assert_eq!(c.lead.primary, next.professional);
        assert_eq!(c.lead.secondary, None);
        assert!(
            c.route
                .justice
                .measures
                .iter()
                .all(|m| m.executor.professional == next.professional)
        );
        assert!(matches!(&e.change, CaseChange::MeasuresHandedOver { measures, .. } if measures == &[1, 2]));
        // An ended measure keeps who executed it.
        let (c, _) = (c.end_measure(1, None, reason("Grond vervallen"), &w.ctx, &next, at())).unwrap();
        let (c, _) = c
            .hand_over_measures(&w.gi, reason("Terug"), &w.ctx, &next, at())
            .unwrap();
        assert_eq!(c.route.justice.measures[0].executor.professional, next.professional);
        assert_eq!(c.route.justice.measures[1].executor.professional, w.gi.professional);
    }

    #[test]
    fn a_hand_over_is_refused_to_others_and_without_measures() {
        let w = world();
        let c = w.supervised(add_months(TODAY, 12));
        let why = reason("Overdracht");
        let code = |r: Result<(Case, NewEvent), DomainError>| r.unwrap_err().code;
        let other_gi = actor(OrganisationKind::Gi);
        assert_eq!(
            code(c.hand_over_measures(&other_gi, why.clone(), &w.ctx, &w.gi, at())),
            "not_your_gi"
        );
        let same_org_local = Actor {
            kind: OrganisationKind::LocalTeam,
            ..colleague(&w)
        };
        assert_eq!(
            code(c.hand_over_measures(&same_org_local, why.clone(), &w.ctx, &w.gi, at())),
            "not_your_gi"
        );
        assert_eq!(
            code(c.hand_over_measures(&w.gi, why.clone(), &w.ctx, &w.gi, at())),
            "same_executor"
        );
        // Only a GI executes, and only one standing in the case hands over.
        let refused = c.hand_over_measures(&colleague(&w), why.clone(), &w.ctx, &w.local, at());
        assert_eq!(refused.unwrap_err().kind, ErrorKind::Forbidden);
        let outsider = CaseContext {
            standing: Standing::Outsider,
            ..w.ctx.clone()
        };
        assert_eq!(
            code(c.hand_over_measures(&colleague(&w), why.clone(), &outsider, &w.gi, at())),
            "not_case_team"
        );
        // Another GI has nothing to hand over here; nor has the GI once the court is not asked and nothing runs.
        assert_eq!(
            code(
                w.asked()
                    .hand_over_measures(&colleague(&w), why.clone(), &w.ctx, &w.gi, at())
            ),
            "nothing_to_hand_over"
        );
        let other = Actor {
            professional: ProfessionalId::new(),
            ..other_gi
        };
        assert_eq!(
            code(c.hand_over_measures(&other, why, &w.ctx, &other_gi, at())),
            "nothing_to_hand_over"
        );
    }

    proptest! {
        /// Whoever the measures pass to, in any order, the family has one jeugdbeschermer for all of them,
        /// in the lead and in the scale-up, and each real change counts once.
        #[test]
        fn the_measures_have_one_reachable_jeugdbeschermer(order in proptest::collection::vec(0usize..3, 1..8)) {
            let w = world();
            let pool = [w.gi, colleague(&w), colleague(&w)];
            let mut c = w.supervised(add_months(TODAY, 12));
            let (mut current, mut handoffs) = (0, c.handoffs);
            for i in order {
                match c.hand_over_measures(&pool[i], reason("Overdracht"), &w.ctx, &pool[current], at()) {
                    Ok((next, _)) => {
                        prop_assert_ne!(i, current);
                        c = next;
                        current = i;
                        handoffs += 1;
                    }
                    Err(e) => {
                        prop_assert_eq!(i, current);
                        prop_assert_eq!(e.code, "same_executor");
                    }
                }
            }
            let me = pool[current].professional;
            prop_assert!(c.route.justice.measures.iter().all(|m| m.executor.professional == me));
            prop_assert_eq!(c.route.scale.as_ref().map(|s| s.rvt_professional), Some(me));
            let lead = [Some(c.lead.primary), c.lead.secondary];
            prop_assert!(lead.contains(&Some(me)));
            prop_assert!(pool.iter().filter(|p| p.professional != me).all(|p| !lead.contains(&Some(p.professional))));
            prop_assert_eq!(c.handoffs, handoffs);
        }
    }

    #[test]
    fn the_gi_is_reminded_before_expiry_and_of_an_unused_placement() {
        let w = world();
        let c = w.heard(vec![MeasureKind::ProvisionalSupervision, MeasureKind::Placement]);
        let court_work = worklist(&c.route.justice, w.court.organisation, 12, TODAY);
        assert_eq!(
            court_work.iter().map(|x| x.kind).collect::<Vec<_>>(),
            vec![WorkKind::Decide]
        );
        assert!(worklist(&c.route.justice, w.gi.organisation, 12, TODAY).is_empty());
        let until = add_months(TODAY, 3);
        let (c, _) = c
            .decide(
                w.decision(vec![
                    (MeasureKind::ProvisionalSupervision, Some(until)),
                    (MeasureKind::Placement, Some(until)),
                ]),
                &w.ctx,
                &w.court,
                at(),
            )
            .unwrap();
        let gi = |day: Date| -> Vec<WorkKind> {
            worklist(&c.route.justice, w.gi.organisation, 12, day)
                .iter()
                .map(|x| x.kind)
                .collect()
        };
        // A three-month measure is within twelve weeks of its end soon after it starts.
        let early = gi(TODAY);
        assert_eq!(early.iter().filter(|k| **k == WorkKind::PlacementUnused).count(), 2);
        assert_eq!(early.iter().filter(|k| **k == WorkKind::MeasureRunning).count(), 2);
        // Near its end the provisional supervision cannot be extended: the reminder says so.
        let later = gi(until - Span::new().weeks(2));
        assert_eq!(
            later.iter().filter(|k| **k == WorkKind::ProvisionalEnding).count(),
            2,
            "{later:?}"
        );
        assert!(later[0].needs_action());
        let after = gi(until);
        assert_eq!(after.iter().filter(|k| **k == WorkKind::MeasureExpired).count(), 4);
        // Another GI sees none of it.
        assert!(worklist(&c.route.justice, OrganisationId::new(), 12, until).is_empty());
    }

    #[test]
    fn the_om_files_a_request_itself_and_a_gi_may_not() {
        let w = world();
        let asked = |executor| MeasureRequest {
            kinds: vec![MeasureKind::Supervision],
            children: vec![w.teen],
            grounds: reason("Strafzaak tegen vader; de kinderen zijn niet veilig"),
            court: (w.court.organisation, OrganisationKind::Court),
            executor,
        };
        let om = actor(OrganisationKind::Prosecutor);
        let (c, e) = w.case.file_measure_request(asked(w.gi), &w.ctx, &om, at()).unwrap();
        assert!(matches!(e.change, CaseChange::CourtRequestFiled { .. }));
        assert_eq!(c.route.justice.requests[0].filed_by, Some(om.organisation));
        assert_eq!(c.route.justice.requests[0].investigation, None);
        let err = w
            .case
            .file_measure_request(asked(w.gi), &w.ctx, &w.gi, at())
            .unwrap_err();
        assert_eq!(err[0].code, "statutory_task");
    }

    #[test]
    fn the_review_rules_hold() {
        let w = world();
        // Not before the hearing day, unless an emergency allows a provisional measure.
        let c = w.requested(vec![MeasureKind::Supervision]);
        let (c, _) = c
            .schedule_hearing(1, TODAY + Span::new().days(7), &w.ctx, &w.court, at())
            .unwrap();
        let input = w.decision(vec![(MeasureKind::Supervision, Some(add_months(TODAY, 12)))]);
        assert_eq!(
            c.decide(input, &w.ctx, &w.court, at()).unwrap_err()[0].code,
            "before_hearing"
        );
        // A rejection is never decided in an emergency without the hearing.
        let c = w.requested(vec![MeasureKind::ProvisionalSupervision]);
        let mut reject = w.decision(vec![]);
        reject.outcome = Outcome::Rejected;
        reject.heard = vec![];
        reject.urgent = Some(reason("Spoed"));
        assert_eq!(
            c.decide(reject, &w.ctx, &w.court, at()).unwrap_err()[0].code,
            "not_provisional"
        );
        // Each measure granted once; not starting in the future.
        let c = w.heard(vec![MeasureKind::Supervision]);
        let until = Some(add_months(TODAY, 12));
        let twice = w.decision(vec![
            (MeasureKind::Supervision, until),
            (MeasureKind::Supervision, until),
        ]);
        assert_eq!(
            c.decide(twice, &w.ctx, &w.court, at()).unwrap_err()[0].code,
            "duplicate"
        );
        let mut later = w.decision(vec![(MeasureKind::Supervision, until)]);
        later.start = TODAY + Span::new().days(1);
        assert_eq!(
            c.decide(later, &w.ctx, &w.court, at()).unwrap_err()[0].code,
            "in_the_future"
        );
        // With a supervision in force: no second one asked, no scaling down, no change of lead.
        let (c, _) = c
            .decide(
                w.decision(vec![(MeasureKind::Supervision, until)]),
                &w.ctx,
                &w.court,
                at(),
            )
            .unwrap();
        let again = MeasureRequest {
            kinds: vec![MeasureKind::Supervision],
            children: vec![w.teen],
            grounds: reason("Nog een keer"),
            court: (w.court.organisation, OrganisationKind::Court),
            executor: w.gi,
        };
        let err = c.new_measure_request(again, None, &w.ctx, &w.raad).unwrap_err();
        assert_eq!(err[0].code, "already_in_force");
        let mut team = w.ctx.clone();
        team.standing = Standing::CaseTeam;
        assert_eq!(
            c.scale_down(reason("Klaar"), &team, &w.local, at()).unwrap_err().code,
            "measure_in_force"
        );
        // When the last measure ends, the jeugdbeschermer leaves and the local lead is alone again.
        let end = |c: &Case, n, f| c.end_measure(n, f, reason("Grond vervallen"), &w.ctx, &w.gi, at());
        let (c, _) = end(&c, 1, None).unwrap();
        let (c, e) = end(&c, 2, Some(LegalFrame::Voluntary)).unwrap();
        assert_eq!((c.lead.primary, c.lead.secondary), (w.local.professional, None));
        assert!(c.route.scale.is_none());
        assert!(matches!(e.change, CaseChange::MeasureEnded { lead: Some(_), .. }));
    }

    #[test]
    fn ending_a_supervision_ends_its_placement_and_a_termination_lasts_until_eighteen() {
        let w = world();
        let c = w.heard(vec![MeasureKind::Supervision, MeasureKind::Placement]);
        let until = Some(add_months(TODAY, 12));
        let (c, _) = c
            .decide(
                w.decision(vec![(MeasureKind::Supervision, until), (MeasureKind::Placement, until)]),
                &w.ctx,
                &w.court,
                at(),
            )
            .unwrap();
        let supervision = c
            .route
            .justice
            .measures
            .iter()
            .find(|m| m.kind == MeasureKind::Supervision && m.child == w.teen);
        let n = supervision.unwrap().number;
        let (c, _) = c
            .end_measure(n, None, reason("Grond vervallen"), &w.ctx, &w.gi, at())
            .unwrap();
        let placement = c
            .route
            .justice
            .measures
            .iter()
            .find(|m| m.kind == MeasureKind::Placement && m.child == w.teen);
        assert_eq!(placement.unwrap().ended_on, Some(TODAY));
        let c = w.heard(vec![MeasureKind::AuthorityTermination]);
        let (c, _) = c
            .decide(
                w.decision(vec![(MeasureKind::AuthorityTermination, None)]),
                &w.ctx,
                &w.court,
                at(),
            )
            .unwrap();
        let teen = c.route.justice.measures.iter().find(|m| m.child == w.teen).unwrap();
        assert_eq!(teen.until, Some(date(2031, 5, 1)), "the teen's 18th birthday");
    }

    proptest! {
        /// Any end date within the maximum is accepted and any past it refused, from any start.
        #[test]
        fn the_maximum_holds_from_any_start(days in 0i64..3000, extra in -400i64..400) {
            let start = date(2024, 1, 1) + Span::new().days(days);
            for kind in [MeasureKind::ProvisionalSupervision, MeasureKind::Supervision, MeasureKind::Placement] {
                let last = add_months(start, kind.max_months().unwrap());
                let until = last + Span::new().days(extra);
                let ok = check_period(kind, start, Some(until)).is_ok();
                prop_assert_eq!(ok, until > start && until <= last);
            }
        }
    }
}
