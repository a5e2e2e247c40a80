//! The right to rectification and the own statement (F16; AVG art. 16 and art. 12 lid 3, Jeugdwet art.
//! 7.3.10 and 7.3.11): a household member asks the case's lead to correct an entry of the timeline; the lead
//! decides within one month, which they may extend once by two months with a notice to the member; an
//! accepted correction changes the entry's text by an event (the old text stays in the history, marked as
//! corrected), a refusal gives its reason. After a refusal, or whenever they wish, the member adds their own
//! statement (eigen verklaring) to an entry; it is shown beside that entry wherever it appears.

use crate::case::{Case, CaseChange, EventActor, NewEvent, closed_error};
use crate::directory::Actor;
use crate::error::DomainError;
use crate::ids::{OrganisationId, PersonId, ProfessionalId};
use crate::justice::add_months;
use crate::text::Reason;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A request to correct an entry of the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Correction {
    /// Its number within the case.
    pub number: u32,
    /// The timeline entry it is about (the event's sequence number).
    pub entry: i64,
    /// The member who asked.
    pub by: PersonId,
    /// What is wrong and what it should say, in their words.
    pub asked: String,
    /// The day it was asked.
    #[schema(value_type = String, format = Date)]
    pub asked_on: Date,
    /// The last day to decide: one month after the request, or three after an extension (AVG art. 12 lid 3).
    #[schema(value_type = String, format = Date)]
    pub due: Date,
    /// Why the lead needs longer, told to the member; an extension is given once.
    #[serde(default)]
    pub extended: Option<String>,
    /// The lead's decision.
    #[serde(default)]
    pub decision: Option<CorrectionDecision>,
}

impl Correction {
    /// Whether the lead has still to decide.
    pub fn open(&self) -> bool {
        self.decision.is_none()
    }
}

/// The lead's decision on a correction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CorrectionDecision {
    /// The day.
    #[schema(value_type = String, format = Date)]
    pub on: Date,
    /// Who decided.
    pub by: ProfessionalId,
    /// The entry's text as corrected; none for a refusal.
    pub corrected: Option<String>,
    /// Why: what was corrected, or on which ground it was refused.
    pub reason: String,
}

/// A family member's own statement beside an entry of the timeline (eigen verklaring).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OwnStatement {
    /// The entry (the event's sequence number).
    pub entry: i64,
    /// Who.
    pub by: PersonId,
    /// Their statement.
    pub text: String,
    /// When.
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
}

/// The corrections and own statements of a case.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Rectification {
    /// The correction requests, oldest first.
    #[serde(default)]
    pub corrections: Vec<Correction>,
    /// The own statements, oldest first.
    #[serde(default)]
    pub statements: Vec<OwnStatement>,
    /// The complaints about decisions, oldest first (`crate::complaint`).
    #[serde(default)]
    pub complaints: Vec<crate::complaint::Complaint>,
    /// The requests to destroy the file, oldest first (`crate::retention`).
    #[serde(default)]
    pub destructions: Vec<crate::retention::DestructionRequest>,
}

/// The accepted corrections among a case's `changes` (its timeline, oldest first): for each corrected entry,
/// the last decision that changed its text. Read from the timeline rather than the route, so that a
/// member's view, which keeps only their own requests, still shows every accepted correction.
pub fn accepted<'a>(changes: impl IntoIterator<Item = &'a CaseChange>) -> HashMap<i64, &'a CorrectionDecision> {
    (changes.into_iter())
        .filter_map(|change| match change {
            CaseChange::CorrectionDecided { entry, decision, .. } if decision.corrected.is_some() => {
                Some((*entry, decision))
            }
            _ => None,
        })
        .collect()
}

impl Rectification {
    /// The own statements beside an entry.
    pub fn statements_on(&self, entry: i64) -> impl Iterator<Item = &OwnStatement> {
        self.statements.iter().filter(move |s| s.entry == entry)
    }
}

/// Refuses an entry the member cannot point at (not in the case's timeline as they read it).
fn unknown_entry() -> DomainError {
    DomainError::invalid(
        "entry",
        "unknown_entry",
        "choose an entry of the timeline",
        "Kies het onderdeel van de tijdlijn waar het over gaat.",
    )
}

impl Case {
    /// Member `by` asks to correct timeline entry `entry` (one of `entries`, those they can read), on the day
    /// of `at`; the lead must decide within one month. The event is the member's, in the file of
    /// `organisation`.
    pub fn request_correction(
        &self,
        (by, organisation): (PersonId, OrganisationId),
        entry: i64,
        entries: &[i64],
        asked: Reason,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        if !self.is_open() {
            return Err(closed_error(Some("entry")));
        }
        if !entries.contains(&entry) {
            return Err(unknown_entry());
        }
        let today = crate::time::date_in_nl(at);
        let rect = &self.route.rectification;
        let correction = Correction {
            number: rect.corrections.iter().map(|c| c.number).max().unwrap_or(0) + 1,
            entry,
            by,
            asked: asked.as_str().to_owned(),
            asked_on: today,
            due: add_months(today, 1),
            extended: None,
            decision: None,
        };
        let mut next = self.clone();
        next.route.rectification.corrections.push(correction.clone());
        let change = CaseChange::CorrectionRequested { correction };
        Ok(self.next_by(
            next,
            change,
            Some(asked),
            EventActor::Member { person_id: by },
            organisation,
            at,
        ))
    }

    /// The lead extends the term of open correction `number` once, by two months, telling the member why
    /// (AVG art. 12 lid 3: within the first month).
    pub fn extend_correction(
        &self,
        number: u32,
        notice: Reason,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        let index = self.open_correction(number, actor)?;
        let today = crate::time::date_in_nl(at);
        let c = &self.route.rectification.corrections[index];
        if c.extended.is_some() {
            return Err(DomainError::conflict(
                Some("notice"),
                "already_extended",
                "the term was extended once already",
                "De termijn is al een keer verlengd; beslis nu.",
            ));
        }
        if today > c.due {
            return Err(DomainError::conflict(
                Some("notice"),
                "term_passed",
                "the term has passed: an extension is given within it",
                "De termijn is al verstreken: verlengen kan alleen binnen de termijn. Beslis nu.",
            ));
        }
        let (due, member) = (add_months(c.asked_on, 3), c.by);
        let mut next = self.clone();
        let c = &mut next.route.rectification.corrections[index];
        c.extended = Some(notice.as_str().to_owned());
        c.due = due;
        let change = CaseChange::CorrectionExtended { number, member, due };
        Ok(self.next(next, change, Some(notice), actor, at))
    }

    /// The lead decides on open correction `number`: the entry's corrected text (accepted), or none
    /// (refused); the reason is required either way.
    pub fn decide_correction(
        &self,
        number: u32,
        corrected: Option<Reason>,
        reason: Reason,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        let index = self.open_correction(number, actor)?;
        let decision = CorrectionDecision {
            on: crate::time::date_in_nl(at),
            by: actor.professional,
            corrected: corrected.map(|c| c.as_str().to_owned()),
            reason: reason.as_str().to_owned(),
        };
        let asked = &self.route.rectification.corrections[index];
        let (member, entry) = (asked.by, asked.entry);
        let mut next = self.clone();
        next.route.rectification.corrections[index].decision = Some(decision.clone());
        let change = CaseChange::CorrectionDecided {
            number,
            member,
            entry,
            decision,
        };
        Ok(self.next(next, change, Some(reason), actor, at))
    }

    /// Member `by` adds their own statement beside timeline entry `entry` (one of `entries`, those they can
    /// read).
    pub fn add_own_statement(
        &self,
        (by, organisation): (PersonId, OrganisationId),
        entry: i64,
        entries: &[i64],
        text: Reason,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        if !entries.contains(&entry) {
            return Err(unknown_entry());
        }
        let statement = OwnStatement {
            entry,
            by,
            text: text.as_str().to_owned(),
            at,
        };
        let mut next = self.clone();
        next.route.rectification.statements.push(statement.clone());
        let change = CaseChange::OwnStatementAdded { statement };
        Ok(self.next_by(
            next,
            change,
            None,
            EventActor::Member { person_id: by },
            organisation,
            at,
        ))
    }

    /// The index of open correction `number`, for the case's lead.
    fn open_correction(&self, number: u32, actor: &Actor) -> Result<usize, DomainError> {
        if !self.lead.includes(actor.professional) {
            return Err(DomainError::forbidden(
                "not_lead",
                "the case's lead decides on a correction request",
                "alleen de vaste contactpersoon beslist op een correctieverzoek",
            ));
        }
        let Some(index) = (self.route.rectification.corrections.iter()).position(|c| c.number == number) else {
            return Err(DomainError::invalid(
                "correction",
                "no_correction",
                "this case has no correction request with this number",
                "deze zaak heeft geen correctieverzoek met dit nummer",
            ));
        };
        if !self.route.rectification.corrections[index].open() {
            return Err(DomainError::conflict(
                Some("correction"),
                "already_decided",
                "this correction request was decided",
                "op dit correctieverzoek is al beslist",
            ));
        }
        Ok(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::OrganisationKind;
    use crate::fixtures::{actor, local_case};
    use jiff::civil::date;

    fn at(day: Date) -> Timestamp {
        day.at(12, 0, 0, 0).to_zoned(crate::time::zone()).unwrap().timestamp()
    }

    fn reason(text: &str) -> Reason {
        Reason::parse("reason", text).unwrap()
    }

    #[test]
    fn the_lead_decides_within_a_month_extended_once_and_the_entry_shows_the_correction() {
        let (case, _, lead) = local_case();
        let mother = (PersonId::new(), lead.organisation);
        let asked_on = date(2026, 12, 3);
        let err = case
            .request_correction(mother, 9, &[1, 2], reason("Klopt niet"), at(asked_on))
            .unwrap_err();
        assert_eq!(err.code, "unknown_entry");
        let (c, e) = case
            .request_correction(mother, 2, &[1, 2], reason("Ik werk niet in de nacht"), at(asked_on))
            .unwrap();
        assert_eq!(e.actor, EventActor::Member { person_id: mother.0 });
        let asked = &c.route.rectification.corrections[0];
        assert_eq!(
            (asked.number, asked.due),
            (1, date(2027, 1, 3)),
            "one month (AVG art. 12 lid 3)"
        );
        // Only the lead decides; they extend once, within the term, by two more months.
        let other = actor(OrganisationKind::LocalTeam);
        assert_eq!(
            c.extend_correction(1, reason("Ik vraag het na"), &other, at(asked_on))
                .unwrap_err()
                .code,
            "not_lead"
        );
        let late = date(2027, 1, 4);
        assert_eq!(
            c.extend_correction(1, reason("Ik vraag het na"), &lead, at(late))
                .unwrap_err()
                .code,
            "term_passed"
        );
        let (c, _) = c
            .extend_correction(1, reason("Ik vraag het na bij de school"), &lead, at(asked_on))
            .unwrap();
        assert_eq!(c.route.rectification.corrections[0].due, date(2027, 3, 3));
        assert_eq!(
            c.extend_correction(1, reason("Nog eens"), &lead, at(asked_on))
                .unwrap_err()
                .code,
            "already_extended"
        );
        let corrected = reason("Moeder werkt overdag; de kinderen zijn 's avonds bij haar.");
        let (c, e) = c
            .decide_correction(1, Some(corrected), reason("Nagevraagd: klopt"), &lead, at(late))
            .unwrap();
        let corrections = accepted([&e.change]);
        let decision = corrections.get(&2).expect("corrected");
        assert!(
            decision
                .corrected
                .as_deref()
                .unwrap()
                .starts_with("Moeder werkt overdag")
        );
        assert!(!corrections.contains_key(&1));
        assert_eq!(
            c.decide_correction(1, None, reason("Toch niet"), &lead, at(late))
                .unwrap_err()
                .code,
            "already_decided"
        );
    }

    #[test]
    fn a_refusal_leaves_the_text_and_the_member_adds_an_own_statement() {
        let (case, _, lead) = local_case();
        let youth = (PersonId::new(), lead.organisation);
        let day = date(2026, 12, 3);
        let (c, _) = case
            .request_correction(youth, 1, &[1], reason("Dat heb ik niet gezegd"), at(day))
            .unwrap();
        let (c, e) = c
            .decide_correction(
                1,
                None,
                reason("Het gesprek is zo verslagen; het verslag blijft."),
                &lead,
                at(day),
            )
            .unwrap();
        assert!(accepted([&e.change]).is_empty(), "refused: the text stays");
        let err = c
            .add_own_statement(youth, 5, &[1], reason("Ik zie het anders"), at(day))
            .unwrap_err();
        assert_eq!(err.code, "unknown_entry");
        let (c, e) = c
            .add_own_statement(
                youth,
                1,
                &[1],
                reason("Ik heb gezegd dat ik soms bang ben, niet altijd."),
                at(day),
            )
            .unwrap();
        assert_eq!(e.actor, EventActor::Member { person_id: youth.0 });
        assert_eq!(c.route.rectification.statements_on(1).count(), 1);
    }
}
