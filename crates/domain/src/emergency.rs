//! Break the glass (F19): in an emergency, a professional with a statutory task opens a household's file
//! they are not involved in, stating why. The access lasts the rest of the Dutch day, every read under it
//! is logged as such, the family sees it in their log, and the organisation's reviewer (the privacy officer
//! or team manager) marks it justified or not within five working days.

use crate::calendar::Calendar;
use crate::directory::Actor;
use crate::error::DomainError;
use crate::ids::{EmergencyAccessId, HouseholdId, OrganisationId, PersonId, ProfessionalId};
use crate::policy::{Action, require};
use crate::text::Reason;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Working days within which the reviewer judges an emergency access.
pub const REVIEW_WORKING_DAYS: u32 = 5;

/// Why a professional breaks the glass: the short list, with free text beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EmergencyReason {
    /// A child is in acute danger now.
    AcuteDanger,
    /// The family's contact person and their team cannot be reached, and it cannot wait.
    LeadUnreachable,
    /// The police or a crisis service asks urgently.
    UrgentPartnerRequest,
    /// Something else, explained in the text.
    Other,
}

impl EmergencyReason {
    /// Every reason, in the order a form offers them.
    pub const ALL: [Self; 4] = [
        Self::AcuteDanger,
        Self::LeadUnreachable,
        Self::UrgentPartnerRequest,
        Self::Other,
    ];

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::AcuteDanger => "acute_danger",
            Self::LeadUnreachable => "lead_unreachable",
            Self::UrgentPartnerRequest => "urgent_partner_request",
            Self::Other => "other",
        }
    }

    /// In Dutch.
    pub fn label_nl(self) -> &'static str {
        match self {
            Self::AcuteDanger => "acuut gevaar voor een kind",
            Self::LeadUnreachable => "de contactpersoon en het team zijn niet bereikbaar, en het kan niet wachten",
            Self::UrgentPartnerRequest => "spoedvraag van de politie of een crisisdienst",
            Self::Other => "anders (leg uit)",
        }
    }

    /// Parses a code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// The reviewer's judgement of an emergency access.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmergencyReview {
    /// Who judged.
    pub by: ProfessionalId,
    /// When.
    pub at: Timestamp,
    /// Whether the access was justified.
    pub justified: bool,
    /// Why, in the reviewer's words.
    pub note: Option<String>,
}

/// An emergency access to a household's file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmergencyAccess {
    /// Identifier.
    pub id: EmergencyAccessId,
    /// Who broke the glass.
    pub professional: ProfessionalId,
    /// For which organisation.
    pub organisation: OrganisationId,
    /// Whose file.
    pub household: HouseholdId,
    /// Why, from the short list.
    pub reason: EmergencyReason,
    /// Why, in their own words.
    pub explanation: String,
    /// When the access began.
    pub at: Timestamp,
    /// When it ends: the end of that Dutch day.
    pub until: Timestamp,
    /// The working day by which the reviewer judges it.
    pub review_due: Date,
    /// The judgement, once given.
    pub review: Option<EmergencyReview>,
    /// The household's complaints about it, oldest first.
    #[serde(default)]
    pub complaints: Vec<EmergencyComplaint>,
}

/// A household member's complaint about an emergency access to their file (Jeugdwet art. 4.2.1, Awb
/// chapter 9), decided by the organisation that broke the glass: by its reviewer, never the professional who
/// did it (Awb art. 9:7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct EmergencyComplaint {
    /// Its number within the access.
    pub number: u32,
    /// The member who complains.
    pub by: PersonId,
    /// The complaint, in their words.
    pub text: String,
    /// The day it was filed.
    #[schema(value_type = String, format = Date)]
    pub filed_on: Date,
    /// The last day to decide (the region's complaint term).
    #[schema(value_type = String, format = Date)]
    pub due: Date,
    /// The decision.
    #[serde(default)]
    pub decision: Option<crate::complaint::ComplaintDecision>,
}

impl EmergencyAccess {
    /// Opens an emergency access as `actor` at `at`: their organisation has a statutory task, a reason is
    /// chosen and explained (every wrong field reported at once). It lasts until the end of the Dutch day.
    pub fn open(
        actor: &Actor,
        household: HouseholdId,
        reason: &str,
        explanation: &str,
        at: Timestamp,
        calendar: &Calendar,
    ) -> Result<Self, Vec<DomainError>> {
        require(actor.kind, Action::BreakTheGlass).map_err(|e| vec![e])?;
        let mut errors = Vec::new();
        let reason = EmergencyReason::parse(reason).ok_or_else(|| {
            DomainError::invalid(
                "reason",
                "required",
                "choose why you need the file now",
                "Kies waarom u het dossier nu nodig hebt.",
            )
        });
        let explanation = Reason::parse("explanation", explanation).map_err(|_| {
            DomainError::invalid(
                "explanation",
                "required",
                "explain the emergency: your reviewer and the family read it",
                "Leg uit wat er aan de hand is: uw beoordelaar en het gezin lezen dit.",
            )
        });
        let (reason, explanation) = match (reason, explanation) {
            (Ok(r), Ok(e)) => (r, e),
            (r, e) => {
                errors.extend(r.err());
                errors.extend(e.err());
                return Err(errors);
            }
        };
        let zone = crate::time::zone();
        let today = at.to_zoned(zone.clone()).date();
        let until = (today.tomorrow().ok())
            .and_then(|d| d.to_zoned(zone).ok())
            .map_or(at, |z| z.timestamp());
        Ok(Self {
            id: EmergencyAccessId::new(),
            professional: actor.professional,
            organisation: actor.organisation,
            household,
            reason,
            explanation: explanation.as_str().to_owned(),
            at,
            until,
            review_due: calendar.add_working_days(today, REVIEW_WORKING_DAYS),
            review: None,
            complaints: Vec::new(),
        })
    }

    /// Whether the access still opens the file at `now`.
    pub fn is_active(&self, now: Timestamp) -> bool {
        self.at <= now && now < self.until
    }

    /// Whether its review is overdue on `today`.
    pub fn review_overdue(&self, today: Date) -> bool {
        self.review.is_none() && self.review_due < today
    }

    /// Member `by` of the household complains about this access; the organisation decides within `weeks`.
    pub fn complain(&self, by: PersonId, text: Reason, weeks: u32, at: Timestamp) -> Self {
        let filed_on = crate::time::date_in_nl(at);
        let mut next = self.clone();
        next.complaints.push(EmergencyComplaint {
            number: self.complaints.iter().map(|c| c.number).max().unwrap_or(0) + 1,
            by,
            text: text.as_str().to_owned(),
            filed_on,
            due: filed_on.saturating_add(jiff::Span::new().weeks(i64::from(weeks))),
            decision: None,
        });
        next
    }

    /// The organisation's reviewer decides on complaint `number`: never the professional who broke the
    /// glass (Awb art. 9:7), once.
    pub fn decide_complaint(
        &self,
        number: u32,
        reviewer: &Actor,
        finding: crate::complaint::Finding,
        reason: Reason,
        at: Timestamp,
    ) -> Result<Self, DomainError> {
        if reviewer.organisation != self.organisation {
            return Err(DomainError::forbidden(
                "not_your_organisation",
                "the organisation that broke the glass decides on a complaint about it",
                "de organisatie die de noodtoegang gebruikte, beslist op de klacht",
            ));
        }
        if reviewer.professional == self.professional {
            return Err(DomainError::forbidden(
                "not_impartial",
                "the professional who broke the glass does not decide on a complaint about it (Awb art. 9:7)",
                "Wie de noodtoegang gebruikte, beslist niet op de klacht daarover (Awb art. 9:7).",
            ));
        }
        let mut next = self.clone();
        let Some(c) = next.complaints.iter_mut().find(|c| c.number == number) else {
            return Err(DomainError::invalid(
                "complaint",
                "no_complaint",
                "this emergency access has no complaint with this number",
                "deze noodtoegang heeft geen klacht met dit nummer",
            ));
        };
        if c.decision.is_some() {
            return Err(DomainError::conflict(
                Some("complaint"),
                "already_decided",
                "this complaint was decided",
                "op deze klacht is al beslist",
            ));
        }
        c.decision = Some(crate::complaint::ComplaintDecision {
            on: crate::time::date_in_nl(at),
            by: reviewer.professional,
            finding,
            reason: reason.as_str().to_owned(),
        });
        Ok(next)
    }

    /// The reviewer's judgement: by a reviewer of the same organisation, never the one who broke the
    /// glass, once.
    pub fn judge(&self, reviewer: &Actor, justified: bool, note: &str, at: Timestamp) -> Result<Self, DomainError> {
        if reviewer.organisation != self.organisation {
            return Err(DomainError::forbidden(
                "not_your_organisation",
                "an emergency access is judged by a reviewer of the organisation whose professional made it",
                "een noodtoegang wordt beoordeeld door een beoordelaar van de organisatie van de professional",
            ));
        }
        if reviewer.professional == self.professional {
            return Err(DomainError::forbidden(
                "own_access",
                "nobody judges their own emergency access",
                "niemand beoordeelt de eigen noodtoegang",
            ));
        }
        if self.review.is_some() {
            return Err(DomainError::conflict(
                Some("justified"),
                "already_reviewed",
                "this emergency access was already judged",
                "deze noodtoegang is al beoordeeld",
            ));
        }
        let note = Reason::parse_optional("note", Some(note))?;
        if !justified && note.is_none() {
            return Err(DomainError::invalid(
                "note",
                "required",
                "say why the access was not justified: the professional is told",
                "Schrijf op waarom de toegang niet terecht was: de professional krijgt dit te horen.",
            ));
        }
        Ok(Self {
            review: Some(EmergencyReview {
                by: reviewer.professional,
                at,
                justified,
                note: note.map(|n| n.as_str().to_owned()),
            }),
            ..self.clone()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{OrganisationKind, ids::OrganisationId};

    fn actor(kind: OrganisationKind, organisation: OrganisationId) -> Actor {
        Actor {
            professional: ProfessionalId::new(),
            organisation,
            kind,
            region: crate::fixtures::REGION,
        }
    }

    #[test]
    fn the_glass_is_broken_with_a_reason_until_the_end_of_the_dutch_day() {
        let vt = actor(OrganisationKind::Vt, OrganisationId::new());
        // 22:30 in Amsterdam on 1 December 2026 (21:30 UTC): the access ends at midnight Dutch time.
        let at: Timestamp = "2026-12-01T21:30:00Z".parse().unwrap();
        let a = EmergencyAccess::open(
            &vt,
            HouseholdId::new(),
            "acute_danger",
            "Politie belt: kind alleen thuis",
            at,
            &Calendar::default(),
        )
        .unwrap();
        assert_eq!(a.until, "2026-12-01T23:00:00Z".parse::<Timestamp>().unwrap());
        assert!(a.is_active(at) && !a.is_active(a.until));
        assert_eq!(a.review_due, jiff::civil::date(2026, 12, 8));
        assert!(!a.review_overdue(jiff::civil::date(2026, 12, 8)) && a.review_overdue(jiff::civil::date(2026, 12, 9)));
    }

    #[test]
    fn every_missing_field_is_named_and_only_organisations_with_a_task_break_the_glass() {
        let vt = actor(OrganisationKind::Vt, OrganisationId::new());
        let errors = EmergencyAccess::open(&vt, HouseholdId::new(), "", " ", Timestamp::now(), &Calendar::default())
            .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec![Some("reason"), Some("explanation")]);
        assert!(errors.iter().all(|e| e.nl.ends_with('.')));
        let school = actor(OrganisationKind::School, OrganisationId::new());
        let refused = EmergencyAccess::open(
            &school,
            HouseholdId::new(),
            "other",
            "x",
            Timestamp::now(),
            &Calendar::default(),
        )
        .unwrap_err();
        assert_eq!(refused[0].code, "statutory_task");
    }

    #[test]
    fn a_complaint_about_an_emergency_access_is_decided_by_its_organisation_not_by_who_broke_the_glass() {
        let org = OrganisationId::new();
        let vt = actor(OrganisationKind::Vt, org);
        let reviewer = actor(OrganisationKind::Vt, org);
        let other = actor(OrganisationKind::Vt, OrganisationId::new());
        let a = EmergencyAccess::open(
            &vt,
            HouseholdId::new(),
            "other",
            "Crisisdienst belde",
            Timestamp::now(),
            &Calendar::default(),
        )
        .unwrap();
        let text = Reason::parse("complaint", "Niemand heeft ons iets gevraagd.").unwrap();
        let at: Timestamp = "2026-12-01T10:00:00Z".parse().unwrap();
        let complained = a.complain(crate::PersonId::new(), text, 6, at);
        assert_eq!(complained.complaints[0].due, jiff::civil::date(2027, 1, 12));
        let finding = crate::complaint::Finding::Unfounded;
        let why = || Reason::parse("reason", "Het kind was in gevaar.").unwrap();
        for (who, code) in [(&vt, "not_impartial"), (&other, "not_your_organisation")] {
            let refused = complained.decide_complaint(1, who, finding, why(), at).unwrap_err();
            assert_eq!(refused.code, code);
        }
        let decided = complained.decide_complaint(1, &reviewer, finding, why(), at).unwrap();
        assert!(decided.complaints[0].decision.is_some());
        let again = decided.decide_complaint(1, &reviewer, finding, why(), at).unwrap_err();
        assert_eq!(again.code, "already_decided");
    }

    #[test]
    fn a_reviewer_of_the_same_organisation_judges_once_and_not_their_own() {
        let org = OrganisationId::new();
        let vt = actor(OrganisationKind::Vt, org);
        let reviewer = actor(OrganisationKind::Vt, org);
        let a = EmergencyAccess::open(
            &vt,
            HouseholdId::new(),
            "other",
            "Crisisdienst belde",
            Timestamp::now(),
            &Calendar::default(),
        )
        .unwrap();
        assert_eq!(a.judge(&vt, true, "", Timestamp::now()).unwrap_err().code, "own_access");
        let elsewhere = actor(OrganisationKind::Vt, OrganisationId::new());
        assert_eq!(
            a.judge(&elsewhere, true, "", Timestamp::now()).unwrap_err().code,
            "not_your_organisation"
        );
        assert_eq!(
            a.judge(&reviewer, false, "", Timestamp::now()).unwrap_err().field,
            Some("note")
        );
        let judged = a.judge(&reviewer, true, "", Timestamp::now()).unwrap();
        assert!(judged.review.as_ref().unwrap().justified);
        assert_eq!(
            judged.judge(&reviewer, true, "", Timestamp::now()).unwrap_err().code,
            "already_reviewed"
        );
    }
}
