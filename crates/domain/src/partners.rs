//! The justice partners' tracks (F17): the Openbaar Ministerie registers that a household member is
//! involved in a criminal case, the Reclassering that an adult member is under its supervision. Each carries
//! a fixed minimal data set and nothing more: a reference, a status or the supervisor, and the period. The
//! case team sees them as a running justice track beside the case and can ask the supervisor to
//! coordinate; the partner sees its own tracks and nothing else of the household.

use crate::directory::OrganisationKind;
use crate::error::DomainError;
use crate::ids::{HouseholdId, OrganisationId, PersonId, ProfessionalId, TrackId};
use crate::person::age;
use crate::text::ShortText;
use crate::time::parse_date;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// What kind of track.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TrackKind {
    /// A criminal case the OM runs in which the person is a suspect (strafzaak).
    CriminalCase,
    /// Supervision by the Reclassering (reclasseringstoezicht).
    Supervision,
}

impl TrackKind {
    /// In Dutch.
    pub fn label_nl(self) -> &'static str {
        match self {
            Self::CriminalCase => "strafzaak",
            Self::Supervision => "reclasseringstoezicht",
        }
    }

    /// The kind an organisation registers: the OM a criminal case, the Reclassering a supervision.
    pub fn of(kind: OrganisationKind) -> Option<Self> {
        match kind {
            OrganisationKind::Prosecutor => Some(Self::CriminalCase),
            OrganisationKind::Probation => Some(Self::Supervision),
            _ => None,
        }
    }
}

/// Where a criminal case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CriminalStatus {
    /// Under investigation.
    Investigation,
    /// The OM prosecutes.
    Prosecution,
    /// A hearing is set.
    Trial,
    /// Settled (judgment, dismissal or settlement).
    Settled,
}

impl CriminalStatus {
    /// Every status.
    pub const ALL: [Self; 4] = [Self::Investigation, Self::Prosecution, Self::Trial, Self::Settled];

    /// Stable code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Investigation => "investigation",
            Self::Prosecution => "prosecution",
            Self::Trial => "trial",
            Self::Settled => "settled",
        }
    }

    /// In Dutch.
    pub fn label_nl(self) -> &'static str {
        match self {
            Self::Investigation => "in onderzoek",
            Self::Prosecution => "vervolging ingesteld",
            Self::Trial => "zitting gepland",
            Self::Settled => "afgedaan",
        }
    }
}

/// A case team's request to the partner to coordinate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Coordination {
    /// The professional who asked (the partner's contact for it).
    pub by: ProfessionalId,
    /// When.
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
}

/// A partner's track about a household member: the minimal data set, nothing more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Track {
    /// Identifier.
    pub id: TrackId,
    /// A criminal case or a supervision.
    pub kind: TrackKind,
    /// The partner that registered it.
    pub organisation: OrganisationId,
    /// The household member.
    pub person: PersonId,
    /// Their household, where the case team sees it.
    pub household: HouseholdId,
    /// The partner's own reference (a parketnummer, a case number).
    pub reference: String,
    /// A criminal case's status.
    #[serde(default)]
    pub status: Option<CriminalStatus>,
    /// A supervision's supervisor (name, how to reach them).
    #[serde(default)]
    pub supervisor: Option<String>,
    /// Since when.
    #[schema(value_type = String, format = Date)]
    pub from: Date,
    /// Until when, if known.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub until: Option<Date>,
    /// The case team asked the partner to coordinate.
    #[serde(default)]
    pub coordination: Option<Coordination>,
}

/// A track as typed by the partner.
#[derive(Debug, Clone, Copy)]
pub struct TrackInput<'a> {
    /// The reference.
    pub reference: &'a str,
    /// A criminal case's status code.
    pub status: &'a str,
    /// A supervision's supervisor.
    pub supervisor: &'a str,
    /// From (YYYY-MM-DD).
    pub from: &'a str,
    /// Until (YYYY-MM-DD), or blank.
    pub until: &'a str,
}

/// Refuses a track's end (field `until`) before its start.
pub fn ends_before_start() -> DomainError {
    DomainError::invalid(
        "until",
        "before_start",
        "choose an end after the start",
        "Kies een einddatum na de begindatum.",
    )
}

impl Track {
    /// A new track by an organisation of `kind` about `subject`: the person (with their date of birth) in
    /// their household, as the partner's BSN and birth date found them, or why they could not be found.
    /// Every wrong field at once: the subject's and the track's own.
    pub fn register(
        input: TrackInput<'_>,
        kind: OrganisationKind,
        organisation: OrganisationId,
        subject: Result<((PersonId, Date), HouseholdId), Vec<DomainError>>,
        today: Date,
    ) -> Result<Self, Vec<DomainError>> {
        let (subject, mut wrong) = match subject {
            Ok(found) => (Some(found), Vec::new()),
            Err(wrong) => (None, wrong),
        };
        let Some(track) = TrackKind::of(kind) else {
            return Err(vec![DomainError::forbidden(
                "statutory_task",
                "only the Openbaar Ministerie and the Reclassering register a justice track",
                "alleen het Openbaar Ministerie en de Reclassering leggen een justitieel traject vast",
            )]);
        };
        let reference = ShortText::parse("reference", input.reference)
            .map_err(|e| wrong.push(e))
            .ok();
        let from = parse_date("from", input.from).map_err(|e| wrong.push(e)).ok();
        let until = match input.until.trim() {
            "" => None,
            u => parse_date("until", u).map_err(|e| wrong.push(e)).ok(),
        };
        if let (Some(f), Some(u)) = (from, until)
            && u < f
        {
            wrong.push(ends_before_start());
        }
        if from.is_some_and(|f| f > today) {
            wrong.push(DomainError::invalid(
                "from",
                "in_the_future",
                "register a track that has begun: today or earlier",
                "leg een traject vast dat begonnen is: vandaag of eerder",
            ));
        }
        let (status, supervisor) = match track {
            TrackKind::CriminalCase => {
                let status = CriminalStatus::ALL
                    .into_iter()
                    .find(|s| s.as_str() == input.status.trim());
                if status.is_none() {
                    wrong.push(DomainError::invalid(
                        "status",
                        "required",
                        "choose where the criminal case stands",
                        "kies hoe de strafzaak ervoor staat",
                    ));
                }
                (status, None)
            }
            TrackKind::Supervision => {
                if subject.is_some_and(|((_, born), _)| age(born, today) < 18) {
                    wrong.push(DomainError::invalid(
                        "bsn",
                        "not_an_adult",
                        "the Reclassering supervises adults; for a minor, youth probation is the GI's",
                        "de Reclassering houdt toezicht op volwassenen; jeugdreclassering hoort bij de GI",
                    ));
                }
                let supervisor = ShortText::parse("supervisor", input.supervisor)
                    .map_err(|e| wrong.push(e))
                    .ok();
                (None, supervisor.map(|s| s.as_str().to_owned()))
            }
        };
        let Some(((person, _), household)) = subject.filter(|_| wrong.is_empty()) else {
            return Err(wrong);
        };
        Ok(Self {
            id: TrackId::new(),
            kind: track,
            organisation,
            person,
            household,
            reference: reference.expect("checked").as_str().to_owned(),
            status,
            supervisor,
            from: from.expect("checked"),
            until,
            coordination: None,
        })
    }

    /// Whether it runs on `day`.
    pub fn running(&self, day: Date) -> bool {
        self.from <= day && self.until.is_none_or(|u| day <= u) && self.status != Some(CriminalStatus::Settled)
    }

    /// In Dutch, for the case team.
    pub fn summary_nl(&self) -> String {
        let mut s = format!("{} ({})", self.kind.label_nl(), self.reference);
        if let Some(status) = self.status {
            s.push_str(&format!(", {}", status.label_nl()));
        }
        if let Some(sup) = &self.supervisor {
            s.push_str(&format!(", toezichthouder {sup}"));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const TODAY: Date = date(2026, 12, 3);

    fn input<'a>(status: &'a str, supervisor: &'a str) -> TrackInput<'a> {
        TrackInput {
            reference: "10/123456-26",
            status,
            supervisor,
            from: "2026-10-01",
            until: "",
        }
    }

    fn register(kind: OrganisationKind, i: TrackInput<'_>, born: Date) -> Result<Track, Vec<DomainError>> {
        Track::register(
            i,
            kind,
            OrganisationId::new(),
            Ok(((PersonId::new(), born), HouseholdId::new())),
            TODAY,
        )
    }

    #[test]
    fn the_om_registers_a_criminal_case_and_the_reclassering_a_supervision_of_an_adult() {
        let adult = date(1985, 1, 1);
        let om = register(OrganisationKind::Prosecutor, input("prosecution", ""), adult).unwrap();
        assert_eq!(
            (om.kind, om.status),
            (TrackKind::CriminalCase, Some(CriminalStatus::Prosecution))
        );
        assert!(om.running(TODAY));
        let rc = register(
            OrganisationKind::Probation,
            input("", "Hans de Boer, 06 12345678"),
            adult,
        )
        .unwrap();
        assert_eq!(rc.kind, TrackKind::Supervision);
        let err = register(OrganisationKind::Probation, input("", "Hans"), date(2012, 1, 1)).unwrap_err();
        assert_eq!(err[0].code, "not_an_adult");
        let err = register(OrganisationKind::Gi, input("trial", ""), adult).unwrap_err();
        assert_eq!(err[0].code, "statutory_task");
    }

    #[test]
    fn every_wrong_field_at_once() {
        let bad = TrackInput {
            reference: " ",
            status: "unknown",
            supervisor: "",
            from: "2030-01-01",
            until: "2029-01-01",
        };
        let err = register(OrganisationKind::Prosecutor, bad, date(1985, 1, 1)).unwrap_err();
        let fields: Vec<_> = err.iter().map(|e| e.field.unwrap_or_default()).collect();
        assert_eq!(fields, ["reference", "until", "from", "status"]);
        // A person not found comes first, beside the track's own fields; no age is judged without them.
        let nobody = DomainError::invalid("bsn", "unknown_person", "no one", "niemand");
        let err = Track::register(
            input("", ""),
            OrganisationKind::Probation,
            OrganisationId::new(),
            Err(vec![nobody]),
            TODAY,
        )
        .unwrap_err();
        let codes: Vec<_> = err.iter().map(|e| (e.field.unwrap_or_default(), e.code)).collect();
        assert_eq!(codes, [("bsn", "unknown_person"), ("supervisor", "required")]);
    }
}
