//! The family's complaint against an organisation's decision (F16; Jeugdwet art. 4.2.1, Awb chapter 9):
//! a household member files a complaint about a decision in the case's timeline with the organisation that
//! made it; the organisation decides within the region's term (its complaint regulation, default six weeks,
//! Awb art. 9:11), and both sides see where it stands. Against the juvenile court's decisions a complaint is
//! not the way: the family appeals, within three months (art. 806 and 358 Rv), and is told so.

use crate::case::{Case, CaseChange, EventActor, NewEvent};
use crate::directory::Actor;
use crate::error::DomainError;
use crate::ids::{OrganisationId, PersonId, ProfessionalId};
use crate::text::Reason;
use jiff::civil::Date;
use jiff::{Span, Timestamp};
use serde::{Deserialize, Serialize};

/// What a timeline entry is, to complain about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// An organisation's decision: a complaint goes to that organisation.
    Decision,
    /// The juvenile court's: the family appeals instead.
    Court,
    /// Not a decision (a note, an analysis, something the family did).
    NotADecision,
}

/// Whether one may complain about an entry with this change.
pub fn subject(change: &CaseChange) -> Subject {
    use CaseChange::*;
    match change {
        ScaledUp { .. }
        | ScaledDown { .. }
        | ScaleUpHandedOver { .. }
        | LegalFrameChanged { .. }
        | LeadChanged { .. }
        | InvestigationRequested { .. }
        | CourtRequestFiled { .. }
        | MeasureEnded { .. }
        | MeasuresHandedOver { .. }
        | SignalInvestigationTakenOver { .. }
        | RequestExecutorChanged { .. }
        | PlacementRecorded { .. } => Subject::Decision,
        CorrectionDecided { decision, .. } if decision.corrected.is_none() => Subject::Decision,
        DestructionDecided { decision, .. } if decision.refused.is_some() => Subject::Decision,
        CourtDecided { .. } => Subject::Court,
        _ => Subject::NotADecision,
    }
}

/// An entry of the timeline as the member can point at it: its sequence number, the organisation the event
/// was made for, and what it changed.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    /// The sequence number.
    pub seq: i64,
    /// The organisation that decided.
    pub organisation: OrganisationId,
    /// The professional who decided, if one did.
    pub actor: Option<ProfessionalId>,
    /// What changed.
    pub change: &'a CaseChange,
}

/// The organisation's finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Finding {
    /// The complaint is well founded.
    WellFounded,
    /// Partly well founded.
    PartlyWellFounded,
    /// Not well founded.
    Unfounded,
}

impl Finding {
    /// In Dutch.
    pub fn label_nl(self) -> &'static str {
        match self {
            Self::WellFounded => "gegrond",
            Self::PartlyWellFounded => "deels gegrond",
            Self::Unfounded => "ongegrond",
        }
    }

    /// From its code.
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "well_founded" => Some(Self::WellFounded),
            "partly_well_founded" => Some(Self::PartlyWellFounded),
            "unfounded" => Some(Self::Unfounded),
            _ => None,
        }
    }
}

/// A complaint about a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Complaint {
    /// Its number within the case.
    pub number: u32,
    /// The decision's timeline entry.
    pub entry: i64,
    /// The member who complains.
    pub by: PersonId,
    /// The organisation that decided, and decides on the complaint.
    pub organisation: OrganisationId,
    /// The professional who made the decision: not the one to judge the complaint (Awb art. 9:7).
    #[serde(default)]
    pub about: Option<ProfessionalId>,
    /// The complaint, in their words.
    pub text: String,
    /// The day it was filed.
    #[schema(value_type = String, format = Date)]
    pub filed_on: Date,
    /// The last day to decide (the region's complaint term).
    #[schema(value_type = String, format = Date)]
    pub due: Date,
    /// The organisation's decision.
    #[serde(default)]
    pub decision: Option<ComplaintDecision>,
}

impl Complaint {
    /// Whether the organisation has still to decide.
    pub fn open(&self) -> bool {
        self.decision.is_none()
    }
}

/// The organisation's decision on a complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ComplaintDecision {
    /// The day.
    #[schema(value_type = String, format = Date)]
    pub on: Date,
    /// Who decided.
    pub by: ProfessionalId,
    /// Well founded or not.
    pub finding: Finding,
    /// Why, and what the organisation does about it (the member reads it).
    pub reason: String,
}

impl Case {
    /// Member `by` files a complaint about the decision at timeline entry `entry` (one of `entries`, those
    /// they can read), with the organisation that made it, which decides within `weeks`. The event is the
    /// member's, in the file of `organisation` (the case's).
    pub fn file_complaint(
        &self,
        (by, organisation): (PersonId, OrganisationId),
        entry: i64,
        entries: &[Entry<'_>],
        text: Reason,
        weeks: u32,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        let Some(e) = entries.iter().find(|e| e.seq == entry) else {
            return Err(DomainError::invalid(
                "entry",
                "unknown_entry",
                "choose the decision you complain about",
                "Kies de beslissing waar uw klacht over gaat.",
            ));
        };
        match subject(e.change) {
            Subject::Decision => {}
            Subject::Court => {
                return Err(DomainError::invalid(
                    "entry",
                    "appeal_instead",
                    "the juvenile court's decisions are appealed, within three months, not complained about",
                    "Tegen een beslissing van de kinderrechter dient u geen klacht in: u gaat in hoger beroep bij het gerechtshof, binnen drie maanden na de beslissing, met een advocaat.",
                ));
            }
            Subject::NotADecision => {
                return Err(DomainError::invalid(
                    "entry",
                    "not_a_decision",
                    "this entry is not a decision: a complaint is about a decision",
                    "Dit onderdeel is geen beslissing. Een klacht gaat over een beslissing; wilt u iets laten verbeteren, vraag dan een correctie.",
                ));
            }
        }
        let today = crate::time::date_in_nl(at);
        let rect = &self.route.rectification;
        let complaint = Complaint {
            number: rect.complaints.iter().map(|c| c.number).max().unwrap_or(0) + 1,
            entry,
            by,
            organisation: e.organisation,
            about: e.actor,
            text: text.as_str().to_owned(),
            filed_on: today,
            due: today + Span::new().weeks(i64::from(weeks)),
            decision: None,
        };
        let mut next = self.clone();
        next.route.rectification.complaints.push(complaint.clone());
        let change = CaseChange::ComplaintFiled { complaint };
        Ok(self.next_by(
            next,
            change,
            Some(text),
            EventActor::Member { person_id: by },
            organisation,
            at,
        ))
    }

    /// The organisation the complaint is with decides on it: well founded, partly or not, with its reason.
    pub fn decide_complaint(
        &self,
        number: u32,
        finding: Finding,
        reason: Reason,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        let Some(index) = (self.route.rectification.complaints.iter()).position(|c| c.number == number) else {
            return Err(DomainError::invalid(
                "complaint",
                "no_complaint",
                "this case has no complaint with this number",
                "deze zaak heeft geen klacht met dit nummer",
            ));
        };
        let complaint = &self.route.rectification.complaints[index];
        if complaint.organisation != actor.organisation {
            return Err(DomainError::forbidden(
                "not_your_organisation",
                "the organisation that made the decision decides on the complaint",
                "alleen de organisatie die de beslissing nam, beslist op de klacht",
            ));
        }
        if complaint.about == Some(actor.professional) {
            return Err(DomainError::forbidden(
                "not_impartial",
                "a complaint is judged by someone who was not involved in the decision (Awb art. 9:7)",
                "U nam de beslissing zelf: een collega die er niet bij betrokken was, beslist op de klacht (Awb art. 9:7).",
            ));
        }
        if !complaint.open() {
            return Err(DomainError::conflict(
                Some("complaint"),
                "already_decided",
                "this complaint was decided",
                "op deze klacht is al beslist",
            ));
        }
        let decision = ComplaintDecision {
            on: crate::time::date_in_nl(at),
            by: actor.professional,
            finding,
            reason: reason.as_str().to_owned(),
        };
        let member = complaint.by;
        let mut next = self.clone();
        next.route.rectification.complaints[index].decision = Some(decision.clone());
        let change = CaseChange::ComplaintDecided {
            number,
            member,
            decision,
        };
        Ok(self.next(next, change, Some(reason), actor, at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{LegalFrame, Phase};
    use crate::directory::OrganisationKind;
    use crate::fixtures::{actor, local_case};

    #[test]
    fn a_complaint_goes_to_the_organisation_that_decided_and_a_court_decision_is_appealed() {
        let (case, _, lead) = local_case();
        let mother = (PersonId::new(), lead.organisation);
        let vt = actor(OrganisationKind::Vt);
        let vt_colleague = Actor {
            professional: ProfessionalId::new(),
            ..vt
        };
        let frame = CaseChange::LegalFrameChanged {
            from: LegalFrame::Voluntary,
            to: LegalFrame::Pressure,
        };
        let phase = CaseChange::PhaseChanged {
            from: Phase::Question,
            to: Phase::Analysis,
        };
        let entries = [
            Entry {
                seq: 2,
                organisation: vt.organisation,
                actor: Some(vt.professional),
                change: &frame,
            },
            Entry {
                seq: 3,
                organisation: lead.organisation,
                actor: Some(lead.professional),
                change: &phase,
            },
        ];
        let at = Timestamp::now();
        let text = |t: &str| Reason::parse("text", t).unwrap();
        let err = |entry| {
            case.file_complaint(mother, entry, &entries, text("Niet eens"), 6, at)
                .unwrap_err()
                .code
        };
        assert_eq!(err(3), "not_a_decision");
        assert_eq!(err(7), "unknown_entry");
        let (c, e) = case
            .file_complaint(mother, 2, &entries, text("Drang zonder overleg"), 6, at)
            .unwrap();
        assert_eq!(e.actor, EventActor::Member { person_id: mother.0 });
        let complaint = &c.route.rectification.complaints[0];
        assert_eq!(complaint.organisation, vt.organisation, "the organisation that decided");
        assert_eq!(complaint.due, complaint.filed_on + Span::new().weeks(6));
        // The local team did not decide it; Veilig Thuis does.
        let reason = Reason::parse("reason", "Wij hadden eerst met u moeten praten.").unwrap();
        assert_eq!(
            c.decide_complaint(1, Finding::WellFounded, reason.clone(), &lead, at)
                .unwrap_err()
                .code,
            "not_your_organisation"
        );
        // Not the professional who decided (Awb art. 9:7), but a colleague.
        assert_eq!(
            c.decide_complaint(1, Finding::WellFounded, reason.clone(), &vt, at)
                .unwrap_err()
                .code,
            "not_impartial"
        );
        let (c, _) = c
            .decide_complaint(1, Finding::PartlyWellFounded, reason.clone(), &vt_colleague, at)
            .unwrap();
        let decided = c.route.rectification.complaints[0].decision.as_ref().unwrap();
        assert_eq!(decided.finding, Finding::PartlyWellFounded);
        assert_eq!(
            c.decide_complaint(1, Finding::Unfounded, reason, &vt_colleague, at)
                .unwrap_err()
                .code,
            "already_decided"
        );
    }

    #[test]
    fn only_decisions_are_complained_about_and_the_courts_are_appealed() {
        let refused = CaseChange::CorrectionDecided {
            number: 1,
            member: PersonId::new(),
            entry: 1,
            decision: crate::correction::CorrectionDecision {
                on: crate::time::today(),
                by: ProfessionalId::new(),
                corrected: None,
                reason: "Blijft".into(),
            },
        };
        assert_eq!(subject(&refused), Subject::Decision, "a refused correction");
        let accepted = CaseChange::CorrectionDecided {
            number: 1,
            member: PersonId::new(),
            entry: 1,
            decision: crate::correction::CorrectionDecision {
                on: crate::time::today(),
                by: ProfessionalId::new(),
                corrected: Some("Nieuw".into()),
                reason: "Aangepast".into(),
            },
        };
        assert_eq!(subject(&accepted), Subject::NotADecision);
        assert_eq!(
            subject(&CaseChange::HearingScheduled {
                request: 1,
                hearing: crate::justice::Hearing {
                    on: crate::time::today(),
                    to_hear: vec![]
                }
            }),
            Subject::NotADecision,
            "the court's planning is no decision to complain or appeal about"
        );
    }
}
