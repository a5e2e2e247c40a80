//! How long a household's file is kept, and its destruction (F21).
//!
//! **Retention** ([`retention`]): a file is kept while a case is open, and then for the longest of the
//! terms that apply to what is in it (a file is kept or destroyed whole):
//! - 20 years after the last case closed (Jeugdwet art. 7.3.8: "twintig jaar", counted here, as the
//!   Rijksoverheid explains it, from the end of the help); for a household without a case, from its
//!   registration;
//! - Veilig Thuis worked with the household: until the youngest child turns 18 (Besluit Wmo 2015, as
//!   explained on rijksoverheid.nl, "dossier jeugdhulp bewaartermijn");
//! - a GI executed a supervision or a placement: 30 years after the child came of age;
//! - the Raad investigated: 100 years after the child's birth (the Raad's Kwaliteitskader);
//! - a gezagsbeëindigende maatregel: kept always.
//!
//! **Destruction on request** (Jeugdwet art. 7.3.9; AVG art. 17): a parent or a youth of 12 or older asks;
//! the case's lead decides within three months. A refusal rests on one of the two grounds the law allows: a
//! substantial interest of someone else, or a legal rule against it (a measure in force, a gezag that
//! ended by the court's decision). A grant is destroyed like an expired file.

use crate::case::{Case, CaseChange, EventActor, NewEvent};
use crate::directory::Actor;
use crate::error::DomainError;
use crate::ids::{OrganisationId, PersonId, ProfessionalId};
use crate::justice::{MeasureKind, add_months};
use crate::person::age;
use crate::text::Reason;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Years a file is kept after the help ended (Jeugdwet art. 7.3.8).
pub const YOUTH_CARE_YEARS: i16 = 20;

/// From this age a child asks for destruction themselves (Jeugdwet art. 7.3.9 and 7.3.10).
pub const OWN_REQUEST_AGE: i16 = 12;

/// Months the lead has to decide on a request (Jeugdwet art. 7.3.9 lid 1: "binnen drie maanden").
pub const DECIDE_MONTHS: i32 = 3;

/// The rule that sets a file's retention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// 20 years after the help ended.
    YouthCare,
    /// Veilig Thuis: until the youngest child turns 18.
    VeiligThuis,
    /// A supervision or placement a GI executed: 30 years after the child came of age.
    Measure,
    /// The Raad's investigation: 100 years after the child's birth.
    RaadInvestigation,
    /// A gezagsbeëindigende maatregel: kept always.
    AuthorityEnded,
    /// A household member's request, granted by the lead.
    Request,
}

impl Rule {
    /// Stable code, kept in the destruction record.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::YouthCare => "youth_care",
            Self::VeiligThuis => "veilig_thuis",
            Self::Measure => "measure",
            Self::RaadInvestigation => "raad_investigation",
            Self::AuthorityEnded => "authority_ended",
            Self::Request => "request",
        }
    }

    /// Every rule.
    pub const ALL: [Rule; 6] = [
        Self::YouthCare,
        Self::VeiligThuis,
        Self::Measure,
        Self::RaadInvestigation,
        Self::AuthorityEnded,
        Self::Request,
    ];

    /// Parses a code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == code)
    }

    /// In Dutch, with its source.
    pub fn label_nl(self) -> &'static str {
        match self {
            Self::YouthCare => "20 jaar na het einde van de hulp (Jeugdwet art. 7.3.8)",
            Self::VeiligThuis => "tot het jongste kind 18 jaar is, omdat Veilig Thuis betrokken was",
            Self::Measure => "30 jaar nadat het kind meerderjarig werd, omdat een GI een maatregel uitvoerde",
            Self::RaadInvestigation => "100 jaar na de geboorte van het kind, omdat de Raad onderzoek deed",
            Self::AuthorityEnded => "altijd, omdat de rechter het gezag van een ouder beëindigde",
            Self::Request => "op verzoek van een gezinslid (Jeugdwet art. 7.3.9)",
        }
    }
}

/// How long a file is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Retention {
    /// A case is open: the term starts when it closes.
    Open,
    /// Kept until the end, then destroyed.
    Until {
        /// The first day it may be destroyed.
        #[schema(value_type = String, format = Date)]
        end: Date,
        /// The rule that sets it.
        rule: Rule,
    },
    /// Kept always.
    Always {
        /// The rule.
        rule: Rule,
    },
}

impl Retention {
    /// Whether the file is past its end on `today`.
    pub fn expired(&self, today: Date) -> bool {
        matches!(self, Self::Until { end, .. } if *end <= today)
    }

    /// In Dutch, for the household page.
    pub fn label_nl(&self) -> String {
        match self {
            Self::Open => "zolang de zaak loopt; daarna begint de bewaartermijn".to_owned(),
            Self::Until { end, rule } => format!("tot {}: {}", crate::time::date_nl(*end), rule.label_nl()),
            Self::Always { rule } => rule.label_nl().to_owned(),
        }
    }
}

/// What the retention of a household's file depends on.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    /// Every case of the household.
    pub cases: &'a [Case],
    /// The dates of birth of the household's children, past and present.
    pub children: &'a [(PersonId, Date)],
    /// The day the household was registered.
    pub registered_on: Date,
    /// Whether Veilig Thuis worked with it (received a report, or recorded in its cases).
    pub veilig_thuis: bool,
}

/// The retention of a household's file: the longest term that applies (module docs).
pub fn retention(facts: &Facts) -> Retention {
    if facts.cases.iter().any(Case::is_open) {
        return Retention::Open;
    }
    let measures = || facts.cases.iter().flat_map(|c| &c.route.justice.measures);
    if measures().any(|m| m.kind == MeasureKind::AuthorityTermination) {
        return Retention::Always {
            rule: Rule::AuthorityEnded,
        };
    }
    let born = |child: PersonId| facts.children.iter().find(|(p, _)| *p == child).map(|(_, d)| *d);
    let years = |d: Date, n: i16| d.saturating_add(jiff::Span::new().years(n));
    let ended = (facts.cases.iter())
        .filter_map(|c| c.closed_at)
        .map(crate::time::date_in_nl)
        .max()
        .unwrap_or(facts.registered_on);
    let mut terms = vec![(years(ended, YOUTH_CARE_YEARS), Rule::YouthCare)];
    if facts.veilig_thuis
        && let Some(youngest) = facts.children.iter().map(|(_, d)| *d).max()
    {
        terms.push((years(youngest, 18), Rule::VeiligThuis));
    }
    terms.extend(
        measures()
            .filter_map(|m| born(m.child))
            .map(|b| (years(b, 18 + 30), Rule::Measure)),
    );
    if facts.cases.iter().any(|c| !c.route.justice.investigations.is_empty())
        && let Some(youngest) = facts.children.iter().map(|(_, d)| *d).max()
    {
        terms.push((years(youngest, 100), Rule::RaadInvestigation));
    }
    let (end, rule) = terms
        .into_iter()
        .max_by_key(|(d, _)| *d)
        .unwrap_or((ended, Rule::YouthCare));
    Retention::Until { end, rule }
}

/// A household member's request to destroy the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DestructionRequest {
    /// Its number within the case.
    pub number: u32,
    /// The member who asks.
    pub by: PersonId,
    /// Why, in their words, if they said (the right needs no reason).
    #[serde(default)]
    pub text: Option<String>,
    /// The day it was asked.
    #[schema(value_type = String, format = Date)]
    pub asked_on: Date,
    /// The last day to decide.
    #[schema(value_type = String, format = Date)]
    pub due: Date,
    /// The lead's decision.
    #[serde(default)]
    pub decision: Option<DestructionDecision>,
}

/// The ground of a refusal: the only two the law allows (Jeugdwet art. 7.3.9 lid 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RefusalGround {
    /// Keeping the file is of substantial interest to someone else (a brother or sister, the other parent).
    OthersInterest,
    /// A legal rule is against destruction (a measure in force, the Raad's or a GI's term).
    LegalDuty,
}

impl RefusalGround {
    /// From its code.
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "others_interest" => Some(Self::OthersInterest),
            "legal_duty" => Some(Self::LegalDuty),
            _ => None,
        }
    }

    /// In Dutch.
    pub fn label_nl(self) -> &'static str {
        match self {
            Self::OthersInterest => "het bewaren is van groot belang voor iemand anders",
            Self::LegalDuty => "de wet verbiedt vernietiging",
        }
    }
}

/// The lead's decision on a request to destroy the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DestructionDecision {
    /// The day.
    #[schema(value_type = String, format = Date)]
    pub on: Date,
    /// Who decided.
    pub by: ProfessionalId,
    /// Refused on this ground; none when granted.
    pub refused: Option<RefusalGround>,
    /// Why, for the member.
    pub reason: String,
}

/// What remains of a destroyed file: no personal data, only what kind of file, how many records, which
/// rule and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct DestructionRecord {
    /// When.
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
    /// The rule under which it was destroyed.
    pub rule: Rule,
    /// How many records of each kind were destroyed ("persons", "cases", "case_events", ...).
    pub records: Vec<(String, u64)>,
}

impl Case {
    /// Member `by` (born on `born`) asks to destroy the household's file; the lead decides within three
    /// months. A child under 12 does not ask (their parents with authority do), and a member has one open
    /// request at a time. The event is the member's, in the file of `organisation`; the case may be closed,
    /// as a request usually comes after the help ended.
    pub fn request_destruction(
        &self,
        (by, organisation): (PersonId, OrganisationId),
        born: Date,
        text: Option<Reason>,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        let today = crate::time::date_in_nl(at);
        if age(born, today) < OWN_REQUEST_AGE {
            return Err(DomainError::forbidden(
                "too_young",
                "a child under 12 does not ask for destruction; a parent with authority does",
                "Kinderen jonger dan 12 jaar vragen geen vernietiging. Een ouder met gezag kan dat doen.",
            ));
        }
        let requests = &self.route.rectification.destructions;
        if requests.iter().any(|r| r.by == by && r.decision.is_none()) {
            return Err(DomainError::conflict(
                Some("destruction"),
                "already_asked",
                "your request is still waiting for a decision",
                "Uw verzoek om vernietiging wacht nog op een beslissing.",
            ));
        }
        let request = DestructionRequest {
            number: requests.iter().map(|r| r.number).max().unwrap_or(0) + 1,
            by,
            text: text.as_ref().map(|t| t.as_str().to_owned()),
            asked_on: today,
            due: add_months(today, DECIDE_MONTHS),
            decision: None,
        };
        let mut next = self.clone();
        next.route.rectification.destructions.push(request.clone());
        let change = CaseChange::DestructionRequested { request };
        Ok(self.next_by(
            next,
            change,
            text,
            EventActor::Member { person_id: by },
            organisation,
            at,
        ))
    }

    /// The lead decides on destruction request `number`: granted (`refused` none) or refused on a ground
    /// the law allows, with the reason either way. A measure in force, or a gezag the court ended, is a
    /// legal rule against destruction: such a request cannot be granted.
    pub fn decide_destruction(
        &self,
        number: u32,
        refused: Option<RefusalGround>,
        reason: Reason,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        if !self.lead.includes(actor.professional) {
            return Err(DomainError::forbidden(
                "not_lead",
                "the case's lead decides on a request to destroy the file",
                "alleen de vaste contactpersoon beslist op een verzoek om vernietiging",
            ));
        }
        let Some(index) = (self.route.rectification.destructions.iter()).position(|r| r.number == number) else {
            return Err(DomainError::invalid(
                "destruction",
                "no_request",
                "this case has no destruction request with this number",
                "deze zaak heeft geen verzoek om vernietiging met dit nummer",
            ));
        };
        let request = &self.route.rectification.destructions[index];
        if request.decision.is_some() {
            return Err(DomainError::conflict(
                Some("destruction"),
                "already_decided",
                "this request was decided",
                "op dit verzoek is al beslist",
            ));
        }
        let today = crate::time::date_in_nl(at);
        if refused.is_none() && self.route.justice.measures.iter().any(|m| bars_destruction(m, today)) {
            return Err(DomainError::conflict(
                Some("refused"),
                "legal_duty",
                "a measure in force, or a gezag the court ended, is a legal rule against destruction",
                "Er loopt een kinderbeschermingsmaatregel of de rechter beëindigde het gezag: de wet verbiedt dan vernietiging. Wijs het verzoek af op die grond.",
            ));
        }
        let decision = DestructionDecision {
            on: today,
            by: actor.professional,
            refused,
            reason: reason.as_str().to_owned(),
        };
        let member = request.by;
        let mut next = self.clone();
        next.route.rectification.destructions[index].decision = Some(decision.clone());
        let change = CaseChange::DestructionDecided {
            number,
            member,
            decision,
        };
        Ok(self.next(next, change, Some(reason), actor, at))
    }
}

/// Whether a measure forbids destroying the file on `today`: it is in force, or it ended the gezag.
fn bars_destruction(m: &crate::justice::Measure, today: Date) -> bool {
    m.kind == MeasureKind::AuthorityTermination || m.in_force(today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{actor, case_led_by};
    use crate::justice::{Executor, Measure};
    use jiff::civil::date;

    fn at(day: Date) -> Timestamp {
        day.at(12, 0, 0, 0).to_zoned(crate::time::zone()).unwrap().timestamp()
    }

    fn reason(text: &str) -> Reason {
        Reason::parse("reason", text).unwrap()
    }

    fn closed(on: Date) -> Case {
        let mut case = case_led_by(&actor(crate::directory::OrganisationKind::LocalTeam));
        case.closed_at = Some(at(on));
        case.phase = crate::case::Phase::Closed;
        case
    }

    fn measure(kind: MeasureKind, child: PersonId, until: Date) -> Measure {
        Measure {
            number: 1,
            kind,
            child,
            start: date(2020, 1, 1),
            until: Some(until),
            executor: Executor {
                organisation: OrganisationId::new(),
                professional: ProfessionalId::new(),
            },
            request: 1,
            extended_by: Vec::new(),
            placed_on: None,
            ended_on: None,
        }
    }

    #[test]
    fn a_file_is_kept_twenty_years_after_the_last_case_closed_or_the_longest_term_that_applies() {
        let child = PersonId::new();
        let children = [(child, date(2015, 3, 1))];
        let cases = [closed(date(2020, 6, 1)), closed(date(2022, 6, 1))];
        let facts = Facts {
            cases: &cases,
            children: &children,
            registered_on: date(2019, 1, 1),
            veilig_thuis: false,
        };
        assert_eq!(
            retention(&facts),
            Retention::Until {
                end: date(2042, 6, 1),
                rule: Rule::YouthCare
            }
        );
        // Veilig Thuis: until the youngest turns 18, but 20 years after the help is later here.
        let vt = Facts {
            veilig_thuis: true,
            ..facts
        };
        assert_eq!(retention(&vt), retention(&facts));
        // A supervision: 30 years after the child came of age.
        let mut with_measure = cases.clone();
        with_measure[1]
            .route
            .justice
            .measures
            .push(measure(MeasureKind::Supervision, child, date(2021, 1, 1)));
        let m = Facts {
            cases: &with_measure,
            ..facts
        };
        assert_eq!(
            retention(&m),
            Retention::Until {
                end: date(2063, 3, 1),
                rule: Rule::Measure
            }
        );
        // A gezag ended by the court: always.
        with_measure[1].route.justice.measures[0].kind = MeasureKind::AuthorityTermination;
        let a = Facts {
            cases: &with_measure,
            ..facts
        };
        assert_eq!(
            retention(&a),
            Retention::Always {
                rule: Rule::AuthorityEnded
            }
        );
        // An open case: the term has not started.
        let open = [case_led_by(&actor(crate::directory::OrganisationKind::LocalTeam))];
        let o = Facts { cases: &open, ..facts };
        assert_eq!(retention(&o), Retention::Open);
        assert!(!retention(&o).expired(date(2100, 1, 1)));
        // No case: from the registration.
        let none = Facts { cases: &[], ..facts };
        assert!(retention(&none).expired(date(2039, 1, 1)) && !retention(&none).expired(date(2038, 12, 31)));
    }

    #[test]
    fn a_youth_of_twelve_or_a_parent_asks_the_lead_decides_and_a_running_measure_forbids_a_grant() {
        let lead = actor(crate::directory::OrganisationKind::LocalTeam);
        let case = case_led_by(&lead);
        let (young, youth) = (PersonId::new(), PersonId::new());
        let today = crate::time::date_in_nl(Timestamp::now());
        let refused = case
            .request_destruction(
                (young, lead.organisation),
                date(2016, 1, 1),
                Some(reason("Weg ermee")),
                Timestamp::now(),
            )
            .unwrap_err();
        assert_eq!(refused.code, "too_young");
        let (asked, event) = case
            .request_destruction((youth, lead.organisation), date(2012, 1, 1), None, Timestamp::now())
            .unwrap();
        assert!(matches!(event.actor, EventActor::Member { person_id } if person_id == youth));
        assert_eq!(asked.route.rectification.destructions[0].due, add_months(today, 3));
        let again = asked
            .request_destruction(
                (youth, lead.organisation),
                date(2012, 1, 1),
                Some(reason("Nog eens")),
                Timestamp::now(),
            )
            .unwrap_err();
        assert_eq!(again.code, "already_asked");
        // Only the lead decides.
        let other = actor(crate::directory::OrganisationKind::LocalTeam);
        let not_lead = asked
            .decide_destruction(1, None, reason("Akkoord"), &other, Timestamp::now())
            .unwrap_err();
        assert_eq!(not_lead.code, "not_lead");
        // A measure in force forbids a grant; a refusal on that ground stands.
        let mut measured = asked.clone();
        (measured.route.justice.measures).push(measure(MeasureKind::Supervision, youth, add_months(today, 6)));
        let forbidden = measured
            .decide_destruction(1, None, reason("Akkoord"), &lead, Timestamp::now())
            .unwrap_err();
        assert_eq!(forbidden.code, "legal_duty");
        let (decided, _) = measured
            .decide_destruction(
                1,
                Some(RefusalGround::LegalDuty),
                reason("De ondertoezichtstelling loopt nog."),
                &lead,
                Timestamp::now(),
            )
            .unwrap();
        let d = decided.route.rectification.destructions[0].decision.as_ref().unwrap();
        assert_eq!(d.refused, Some(RefusalGround::LegalDuty));
        // Without a measure, granted.
        let (granted, _) = asked
            .decide_destruction(1, None, reason("Akkoord"), &lead, Timestamp::now())
            .unwrap();
        assert!(
            granted.route.rectification.destructions[0]
                .decision
                .as_ref()
                .unwrap()
                .refused
                .is_none()
        );
    }

    proptest::proptest! {
        #[test]
        fn a_file_is_never_kept_shorter_than_twenty_years_after_the_help(
            closed_days in proptest::collection::vec(0i64..20_000, 1..4),
            born_days in proptest::collection::vec(0i64..10_000, 0..4),
            vt in proptest::bool::ANY,
        ) {
            let start = date(1990, 1, 1);
            let cases: Vec<Case> = closed_days.iter().map(|d| closed(start.checked_add(jiff::Span::new().days(*d)).unwrap())).collect();
            let children: Vec<(PersonId, Date)> = born_days.iter().map(|d| (PersonId::new(), start.checked_add(jiff::Span::new().days(*d)).unwrap())).collect();
            let facts = Facts { cases: &cases, children: &children, registered_on: start, veilig_thuis: vt };
            let last = cases.iter().filter_map(|c| c.closed_at).map(crate::time::date_in_nl).max().unwrap();
            let Retention::Until { end, .. } = retention(&facts) else { panic!("closed cases have an end") };
            proptest::prop_assert!(end >= last.saturating_add(jiff::Span::new().years(20)));
        }
    }
}
