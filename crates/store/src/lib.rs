//! Regie's persistence.
//!
//! Capability traits ([`DirectoryStore`], [`HouseholdStore`], [`CaseStore`], [`ProcessingLogStore`]) say what
//! the rest of Regie may ask; two backends implement them: [`sqlite`] (embedded, the default) and
//! [`postgres`] (production, several server instances). Both are generated from one body of SQL in `sql.rs`
//! and must pass one contract test suite (`tests/contract.rs`). The store never decides: domain rules run
//! before it is called; it only persists state and its event in one transaction and reports conflicts.

use async_trait::async_trait;
use jiff::Timestamp;
use jiff::civil::Date;
use prometheus_client::metrics::histogram::Histogram;
use regie_domain::person::MatchReason;
use regie_domain::{
    Actor, Bsn, Case, CaseEvent, CaseId, Household, HouseholdId, Membership, MembershipId, NewEvent, Organisation,
    OrganisationId, Person, PersonId, Phase, Professional, ProfessionalId, Region, Team,
};
use std::sync::Arc;

pub mod postgres;
mod sql;
pub mod sqlite;

/// What can go wrong when persisting.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The thing asked for does not exist.
    #[error("{entity} not found")]
    NotFound {
        /// Which kind of thing, e.g. `case`.
        entity: &'static str,
    },
    /// The write conflicts with the current state: a stale version or a uniqueness rule.
    #[error("{en}")]
    Conflict {
        /// Stable code, e.g. `stale_version`.
        code: &'static str,
        /// The field the conflict is about, if any.
        field: Option<&'static str>,
        /// In English.
        en: &'static str,
        /// In Dutch.
        nl: &'static str,
    },
    /// Stored data could not be read back into domain types.
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    /// The database failed.
    #[error(transparent)]
    Database(sqlx::Error),
    /// Migrations failed.
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl From<sqlx::Error> for StoreError {
    /// A database error, or the refusal of migration 0052's triggers: a case given to a professional whose
    /// access has ended (the access layer refuses that choice first; the triggers hold when an access ends
    /// between that check and the write).
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::Database(db) if db.message().contains("professional_left") => Self::Conflict {
                code: "professional_left",
                field: None,
                en: "a professional chosen for the case has left: their access has ended",
                nl: "Een gekozen professional werkt hier niet meer: de toegang is beëindigd. Kies een collega.",
            },
            _ => Self::Database(e),
        }
    }
}

impl StoreError {
    /// The conflict for a write based on an old version.
    pub fn stale() -> Self {
        StoreError::Conflict {
            code: "stale_version",
            field: Some("version"),
            en: "someone else changed this in the meantime: reload and try again",
            nl: "iemand anders heeft dit intussen gewijzigd: laad opnieuw en probeer het nog eens",
        }
    }
}

/// Result alias for store operations.
pub type StoreResult<T> = Result<T, StoreError>;

/// The region's directory: organisations, teams, professionals and their API tokens.
#[async_trait]
pub trait DirectoryStore {
    /// Adds a region.
    async fn create_region(&self, region: &Region) -> StoreResult<()>;
    /// Adds an organisation.
    async fn create_organisation(&self, organisation: &Organisation) -> StoreResult<()>;
    /// Adds a team.
    async fn create_team(&self, team: &Team) -> StoreResult<()>;
    /// Adds a professional; a taken username is a conflict.
    async fn create_professional(&self, professional: &Professional) -> StoreResult<()>;
    /// The regions, oldest first.
    async fn regions(&self) -> StoreResult<Vec<Region>>;
    /// The organisations of all regions, by name.
    async fn organisations(&self) -> StoreResult<Vec<Organisation>>;
    /// A professional with their organisation.
    async fn professional(&self, id: ProfessionalId) -> StoreResult<Option<(Professional, Organisation)>>;
    /// The region's catalogue of help kinds, by code.
    async fn help_kinds(&self, region: regie_domain::RegionId) -> StoreResult<Vec<regie_domain::help::HelpKind>>;
    /// Adds a help kind to the catalogue, or changes its name and norm.
    async fn put_help_kind(
        &self,
        region: regie_domain::RegionId,
        kind: &regie_domain::help::HelpKind,
    ) -> StoreResult<()>;
    /// The professionals of a team.
    async fn team_members(&self, team: regie_domain::TeamId) -> StoreResult<Vec<Professional>>;
    /// The region's norms (as [`SignalStore::norms`]; among them whether a team covers for its members) and
    /// the members of `professional`'s team (themselves included; none without a team): what need-to-know
    /// asks on every request, read in one statement.
    async fn norms_and_team(
        &self,
        region: regie_domain::RegionId,
        professional: ProfessionalId,
    ) -> StoreResult<(regie_domain::signal::Norms, Vec<ProfessionalId>)>;
    /// Every professional of a region with their organisation, by organisation and name.
    async fn professionals(&self, region: regie_domain::RegionId) -> StoreResult<Vec<(Professional, Organisation)>>;
    /// These professionals with their organisations, in one statement (unknown ids are left out).
    async fn professionals_by_id(&self, ids: &[ProfessionalId]) -> StoreResult<Vec<(Professional, Organisation)>>;
    /// A professional by username.
    async fn professional_by_username(&self, username: &str) -> StoreResult<Option<Professional>>;
    /// An organisation's teams, by name.
    async fn teams_of(&self, organisation: OrganisationId) -> StoreResult<Vec<Team>>;
    /// Every team of a region's organisations, by organisation and name, in one statement.
    async fn teams(&self, region: regie_domain::RegionId) -> StoreResult<Vec<Team>>;
    /// Replaces a professional's or a team's contact details.
    async fn set_contact(&self, of: ContactOf, contact: &regie_domain::Contact) -> StoreResult<()>;
    /// Gives a professional a role for their organisation (again is a no-op).
    async fn appoint(&self, professional: ProfessionalId, role: regie_domain::Role) -> StoreResult<()>;
    /// Takes a role away (a no-op when they do not hold it).
    async fn dismiss(&self, professional: ProfessionalId, role: regie_domain::Role) -> StoreResult<()>;
    /// A professional's roles.
    async fn roles(&self, professional: ProfessionalId) -> StoreResult<Vec<regie_domain::Role>>;
    /// Stores the hash of a new API token for a professional.
    async fn store_token(&self, token_hash: &str, professional: ProfessionalId, at: Timestamp) -> StoreResult<()>;
    /// Revokes every API token of a professional (their password was reset); answers how many.
    async fn revoke_tokens(&self, professional: ProfessionalId) -> StoreResult<u64>;
    /// Ends a professional's access as `ended` says (when, by whom), in one transaction with their web
    /// sessions, half-done sign-ins and API tokens; `false` (and nothing changed) when it had already ended,
    /// or, `unless_leading`, when an open case has them as its lead, duo or RVT professional (given to them
    /// after their work was counted).
    async fn end_access(
        &self,
        professional: &Professional,
        ended: regie_domain::departure::Ended,
        unless_leading: bool,
    ) -> StoreResult<bool>;
    /// Gives an ended access back at `at` (the operator's undo of a mistake); `false` when it had not ended.
    /// Both are recorded in `access_changes`, which keeps who ended it after it is given back.
    async fn reinstate(&self, professional: ProfessionalId, at: Timestamp) -> StoreResult<bool>;
    /// The professional (with organisation) a token hash belongs to.
    async fn professional_by_token(&self, token_hash: &str) -> StoreResult<Option<(Professional, Organisation)>>;
}

/// A page request for the household list.
#[derive(Debug, Clone, Default)]
pub struct HouseholdQuery {
    /// Normalised search words; each must be the start of a word of the household's name or of a current
    /// member's name, BSN or date of birth.
    pub words: Vec<String>,
    /// The whole query as one normalised phrase (see [`search_phrase`]). When some name starts with it, only
    /// those households match, in every page; otherwise the words are used.
    pub phrase: Option<String>,
    /// Continue after this household (the last one of the previous page).
    pub after: Option<HouseholdId>,
    /// Page size.
    pub limit: u32,
    /// Only the households this team works with, when given (the ones a professional is most likely
    /// involved in); found inside the list's own statement.
    pub within: Option<WorkedWith>,
}

/// The households a team and its organisation most likely work with: those of the open cases any of `team`
/// leads, shares or is consulted on; those `organisation` registered for which no case was ever opened; those
/// in whose case it has work on the justice route on `today`; and, with `received`, those of the signals it
/// received and has not assessed yet.
#[derive(Debug, Clone)]
pub struct WorkedWith {
    /// The professional and the colleagues who may cover for them.
    pub team: Vec<ProfessionalId>,
    /// Their organisation.
    pub organisation: OrganisationId,
    /// The day on which justice-route work counts.
    pub today: Date,
    /// Whether the organisation receives signals (its unassessed ones count).
    pub received: bool,
}

impl HouseholdQuery {
    /// The query for what a user typed (words and phrase), continuing after `after`.
    pub fn typed(query: &str, after: Option<HouseholdId>, limit: u32) -> Self {
        Self {
            words: search_words(query),
            phrase: search_phrase(query),
            after,
            limit,
            within: None,
        }
    }
}

/// One row of the household list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdSummary {
    /// The household.
    pub household: Household,
    /// How many current members it has.
    pub members: i64,
    /// Its open case, if any, with the phase.
    pub open_case: Option<(CaseId, Phase)>,
}

/// A member of a household with the person's data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The membership (relation and period).
    pub membership: Membership,
    /// The person.
    pub person: Person,
}

/// A possible duplicate of a person about to be created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonMatch {
    /// The existing person.
    pub person: Person,
    /// Why it matches.
    pub reason: MatchReason,
}

/// A signal an organisation received (waiting for assessment, or assessed) about a household, with the
/// organisation of the professional who reported it, if any: what need-to-know asks of it.
#[derive(Debug, Clone)]
pub struct ReceivedSignal {
    /// The household it concerns.
    pub about: HouseholdId,
    /// The organisation of the reporting professional, when a professional reported it through Regie.
    pub reporter_organisation: Option<OrganisationId>,
    /// The signal.
    pub signal: regie_domain::signal::Signal,
}

/// Households, persons and memberships.
#[async_trait]
pub trait HouseholdStore {
    /// Adds a household.
    async fn create_household(&self, household: &Household, at: Timestamp, log: &[ProcessingRecord])
    -> StoreResult<()>;
    /// A household.
    async fn household(&self, id: HouseholdId) -> StoreResult<Option<Household>>;
    /// The households with these ids, in no particular order; unknown ids are skipped.
    async fn households(&self, ids: &[HouseholdId]) -> StoreResult<Vec<Household>>;
    /// A page of households in name order, optionally filtered by search words.
    async fn list_households(&self, query: &HouseholdQuery) -> StoreResult<Vec<HouseholdSummary>>;
    /// Adds a person; a BSN that is already known is a conflict.
    async fn create_person(&self, person: &Person, at: Timestamp, log: &[ProcessingRecord]) -> StoreResult<()>;
    /// A person.
    async fn person(&self, id: PersonId) -> StoreResult<Option<Person>>;
    /// The persons with these ids, in no particular order; unknown ids are skipped.
    async fn persons(&self, ids: &[PersonId]) -> StoreResult<Vec<Person>>;
    /// The person with this BSN, if any.
    async fn person_by_bsn(&self, bsn: &Bsn) -> StoreResult<Option<Person>>;
    /// Existing persons that may be the one described: same BSN, or same normalised name and birth date.
    async fn person_matches(
        &self,
        name_key: &str,
        date_of_birth: Date,
        bsn: Option<&Bsn>,
    ) -> StoreResult<Vec<PersonMatch>>;
    /// The members of a household, current and former, oldest membership first.
    async fn members(&self, household: HouseholdId) -> StoreResult<Vec<Member>>;
    /// The members, current and former, of these households: each household's oldest membership first.
    async fn members_of(&self, households: &[HouseholdId]) -> StoreResult<Vec<Member>>;
    /// Registers who holds authority over a child of the household, by `by` at `at`, with its log records;
    /// earlier registrations stay, the latest per child is current.
    async fn record_authority(
        &self,
        household: HouseholdId,
        authority: &regie_domain::authority::Authority,
        by: ProfessionalId,
        at: Timestamp,
        log: &[ProcessingRecord],
    ) -> StoreResult<()>;
    /// Adds or changes a justice partner's track, with its log records.
    async fn put_track(&self, track: &regie_domain::partners::Track, log: &[ProcessingRecord]) -> StoreResult<()>;
    /// A track.
    async fn track(&self, id: regie_domain::TrackId) -> StoreResult<Option<regie_domain::partners::Track>>;
    /// The tracks about a household's members, oldest first.
    async fn tracks_of_household(&self, household: HouseholdId) -> StoreResult<Vec<regie_domain::partners::Track>>;
    /// The tracks an organisation registered, oldest first.
    async fn tracks_of_organisation(
        &self,
        organisation: OrganisationId,
    ) -> StoreResult<Vec<regie_domain::partners::Track>>;
    /// The current authority over each child registered in the household.
    async fn authorities(&self, household: HouseholdId) -> StoreResult<Vec<regie_domain::authority::Authority>>;
    /// The households a person is or was a member of.
    async fn memberships_of(&self, person: PersonId) -> StoreResult<Vec<Membership>>;
    /// Of these persons, those who exist, each with the households they are or were a member of (oldest
    /// first): existence and memberships in one statement for many persons.
    async fn persons_memberships(&self, persons: &[PersonId]) -> StoreResult<Vec<(PersonId, Vec<Membership>)>>;
    /// Adds a membership; a person who is already a current member of the household is a conflict.
    async fn add_membership(&self, membership: &Membership, log: &[ProcessingRecord]) -> StoreResult<()>;
    /// A membership.
    async fn membership(&self, id: MembershipId) -> StoreResult<Option<Membership>>;
    /// Records the end date of a membership (which must not have ended yet).
    async fn end_membership(&self, membership: &Membership, log: &[ProcessingRecord]) -> StoreResult<()>;
}

/// Cases and their event log.
#[async_trait]
pub trait CaseStore {
    /// Opens a case with its first event and the processing-log records of the write, in one transaction; a
    /// household that already has an open case is a conflict.
    async fn open_case(&self, case: &Case, event: &NewEvent, log: &[ProcessingRecord]) -> StoreResult<()>;
    /// A case.
    async fn case(&self, id: CaseId) -> StoreResult<Option<Case>>;
    /// A case with its household, read together.
    async fn case_with_household(&self, id: CaseId) -> StoreResult<Option<(Case, Household)>>;
    /// A case with the persons who are members of its household on `today` (as
    /// `Membership::is_current_on` has it), read together: what a change of the case needs to log.
    async fn case_with_members(&self, id: CaseId, today: Date) -> StoreResult<Option<(Case, Vec<PersonId>)>>;
    /// Every case of the household, open and closed, oldest first.
    async fn cases_of_household(&self, household: HouseholdId) -> StoreResult<Vec<Case>>;
    /// The open case of a household, if any.
    async fn open_case_of(&self, household: HouseholdId) -> StoreResult<Option<Case>>;
    /// Writes the next state of a case and its event in one transaction. The stored version must be
    /// `case.version - 1`; otherwise the write is refused as stale and nothing changes. The processing-log
    /// records of the write land in the same transaction.
    async fn record(&self, case: &Case, event: &NewEvent, log: &[ProcessingRecord]) -> StoreResult<()>;
    /// The open cases that any of `professionals` leads, alone or in a duo, or is consulted on as the RVT
    /// professional of a scale-up; oldest first.
    async fn open_cases_involving(&self, professionals: &[ProfessionalId]) -> StoreResult<Vec<Case>>;
    /// The cases `professional` led (alone or in a duo) when they closed, closed at `since` or later.
    async fn cases_closed_since(&self, professional: ProfessionalId, since: Timestamp) -> StoreResult<Vec<Case>>;
    /// The case's timeline, in order.
    async fn events(&self, case: CaseId) -> StoreResult<Vec<CaseEvent>>;
    /// The case's timeline, in order, each event read with the display name of the professional who acted
    /// and their organisation's name (none when a household member acted, or the professional is gone).
    async fn named_events(&self, case: CaseId) -> StoreResult<Vec<(CaseEvent, Option<(String, String)>)>>;
    /// The open cases whose route names `professional` beyond the columns [`Self::open_cases_involving`]
    /// reads: a scale-up's local lead (to whom a scale-down hands the case back), anyone on a justice route
    /// (an investigator, the jeugdbeschermer of a request or a measure), and the investigator after an
    /// assessment. For what a professional who leaves still holds; it reads the scaled-up cases and those
    /// with organisations' tasks (`case_tasks`), not every case.
    async fn open_cases_naming(&self, professional: ProfessionalId) -> StoreResult<Vec<Case>>;
    /// The cases in which `organisation` has work on `today` (`Case::tasks`): on the justice route (an
    /// investigation, a request to the court, a measure) or an investigation after an assessment.
    async fn justice_cases(&self, organisation: OrganisationId, today: Date) -> StoreResult<Vec<Case>>;
    /// What need-to-know (F19) asks of these households for one professional of `organisation`, in one
    /// statement: see [`Grounds`]; with `members`, also who the households' members are on `today`.
    async fn grounds_about(
        &self,
        professional: ProfessionalId,
        organisation: OrganisationId,
        households: &[HouseholdId],
        now: Timestamp,
        today: Date,
        members: bool,
    ) -> StoreResult<Grounds>;
}

/// The facts need-to-know (F19) weighs for a professional of an organisation about some households, read
/// together (`CaseStore::grounds_about`) because each statement costs a round trip.
#[derive(Debug, Clone, Default)]
pub struct Grounds {
    /// The current case of each household that ever had one: its open case, or else its latest closed one.
    pub cases: Vec<Case>,
    /// The signals the organisation received about them that wait for assessment or were assessed
    /// (imported history left out).
    pub signals: Vec<ReceivedSignal>,
    /// The households the professional has an emergency access to at `now`.
    pub emergency: Vec<HouseholdId>,
    /// When asked for: the persons who are members of each household on `today`, with the household.
    pub members: Vec<(HouseholdId, PersonId)>,
}

/// Read or write, as the processing log records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// Personal data was read.
    Read,
    /// Personal data was written.
    Write,
}

impl Operation {
    /// Stable code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Write => "write",
        }
    }
}

/// Where a processing-log record sits in a W3C trace: the trace, its own span, and the span of the
/// processing it is part of (Logboek Dataverwerkingen: `trace_id`, `span_id`, `parent_span_id`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// 16 bytes: the trace, shared with a calling partner system when it sent a `traceparent`.
    pub trace_id: [u8; 16],
    /// 8 bytes: this record.
    pub span_id: [u8; 8],
    /// 8 bytes: the processing (or the caller's span) this record is a child of.
    pub parent_span_id: Option<[u8; 8]>,
}

/// Whose contact details: a professional's own, or a team's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactOf {
    /// A professional.
    Professional(ProfessionalId),
    /// A team.
    Team(regie_domain::TeamId),
}

/// Who processed: a professional for their organisation, a household member in the portal for the
/// organisation whose file it is, or Regie itself for an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Processor {
    /// A professional, for their organisation.
    Professional(Actor),
    /// A household member reading or adding to their own file in the portal.
    Family {
        /// The member.
        person: PersonId,
        /// The organisation whose file it is (the controller).
        organisation: OrganisationId,
    },
    /// Regie itself, for an organisation, with no one reading: the radar that looks up a reported
    /// family's history the moment a report comes in, for the organisation that will assess it.
    System {
        /// The organisation the processing is for.
        organisation: OrganisationId,
    },
}

impl Processor {
    /// The professional, when one processed.
    pub fn professional(&self) -> Option<ProfessionalId> {
        match self {
            Self::Professional(a) => Some(a.professional),
            Self::Family { .. } | Self::System { .. } => None,
        }
    }

    /// The household member, when one processed in the portal.
    pub fn family(&self) -> Option<PersonId> {
        match self {
            Self::Professional(_) | Self::System { .. } => None,
            Self::Family { person, .. } => Some(*person),
        }
    }

    /// The organisation the processing was for.
    pub fn organisation(&self) -> OrganisationId {
        match self {
            Self::Professional(a) => a.organisation,
            Self::Family { organisation, .. } | Self::System { organisation } => *organisation,
        }
    }
}

/// One record of the processing log (Logboek Dataverwerkingen): who processed whose data, and why. A
/// processing that touches five persons writes five records, children of one span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessingRecord {
    /// When.
    pub at: Timestamp,
    /// Who, for which organisation.
    pub actor: Processor,
    /// The purpose, e.g. `household_file`.
    pub purpose: &'static str,
    /// Read or write.
    pub operation: Operation,
    /// The household concerned, if any.
    pub household: Option<HouseholdId>,
    /// The person concerned, if any: the record's data subject.
    pub person: Option<PersonId>,
    /// The processing activity of the register (`regie_domain::register`).
    pub activity: &'static str,
    /// Its place in the trace.
    pub span: Span,
    /// An emergency access (break-the-glass).
    pub emergency: bool,
}

/// A processing-log record in the hash chain, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainedRecord {
    /// Its place in the chain, from 1.
    pub seq: i64,
    /// The record.
    pub record: LoggedProcessing,
    /// The hash of the record before it.
    pub prev_hash: String,
    /// Its own hash: SHA-256 of `prev_hash` and its content ([`chain_hash`]).
    pub hash: String,
}

/// The hash that chains a record to the one before it: SHA-256 over the previous hash and every field of
/// the record, each field ended by a unit separator, so no field can change without changing the hash. The
/// sequence number is left out on purpose: a record moved to another place stays intact but no longer
/// follows its neighbour, so a check can tell "reordered" from "altered". A household member's record adds
/// their id at the end, so the records of professionals hash as they always did.
pub fn chain_hash(prev_hash: &str, r: &LoggedProcessing) -> String {
    use sha2::{Digest, Sha256};
    // Every field is written straight into the hash, as the text it always was, without allocating: the
    // walk over ten million records spends its time here.
    let mut h = Sha256::new();
    let mut field = |bytes: &[u8]| {
        h.update(bytes);
        h.update([0x1f]);
    };
    let mut buf = [0u8; 36];
    let mut uuid = |u: Option<uuid::Uuid>, field: &mut dyn FnMut(&[u8])| match u {
        Some(u) => field(u.hyphenated().encode_lower(&mut buf).as_bytes()),
        None => field(b""),
    };
    let mut hex_buf = [0u8; 32];
    let mut hex_field = |b: &[u8], field: &mut dyn FnMut(&[u8])| field(hex_into(b, &mut hex_buf));
    field(prev_hash.as_bytes());
    field(r.at.as_microsecond().to_string().as_bytes());
    uuid(r.professional.map(|p| p.0), &mut field);
    uuid(Some(r.organisation.0), &mut field);
    field(r.purpose.as_bytes());
    field(r.operation.as_bytes());
    uuid(r.household.map(|h| h.0), &mut field);
    uuid(r.person.map(|p| p.0), &mut field);
    field(r.activity.as_bytes());
    hex_field(&r.span.trace_id, &mut field);
    hex_field(&r.span.span_id, &mut field);
    match r.span.parent_span_id {
        Some(p) => hex_field(&p, &mut field),
        None => field(b""),
    }
    field(if r.emergency { b"1" } else { b"0" });
    if let Some(p) = r.by_person {
        uuid(Some(p.0), &mut field);
    }
    hex(&h.finalize())
}

/// Lowercase hex of `bytes` (at most 16) in `buf`.
fn hex_into<'a>(bytes: &[u8], buf: &'a mut [u8; 32]) -> &'a [u8] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for (i, b) in bytes.iter().enumerate() {
        buf[2 * i] = DIGITS[usize::from(b >> 4)];
        buf[2 * i + 1] = DIGITS[usize::from(b & 0x0f)];
    }
    &buf[..2 * bytes.len()]
}

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    s
}

/// Bytes from lowercase or uppercase hex; none when it is not hex.
pub fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The hash before the first record of the chain.
pub const CHAIN_START: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// A processing-log record as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedProcessing {
    /// When.
    pub at: Timestamp,
    /// The professional who processed, if one did.
    pub professional: Option<ProfessionalId>,
    /// The household member who processed in the portal, if one did.
    pub by_person: Option<PersonId>,
    /// For which organisation.
    pub organisation: OrganisationId,
    /// Why.
    pub purpose: String,
    /// `read` or `write`.
    pub operation: String,
    /// The household concerned.
    pub household: Option<HouseholdId>,
    /// The person concerned.
    pub person: Option<PersonId>,
    /// The processing activity (empty for records from before the register).
    pub activity: String,
    /// Its place in the trace (zeros for records from before the Logboek).
    pub span: Span,
    /// An emergency access (break-the-glass).
    pub emergency: bool,
}

impl From<&ProcessingRecord> for LoggedProcessing {
    fn from(r: &ProcessingRecord) -> Self {
        Self {
            at: r.at,
            professional: r.actor.professional(),
            by_person: r.actor.family(),
            organisation: r.actor.organisation(),
            purpose: r.purpose.to_owned(),
            operation: r.operation.as_str().to_owned(),
            household: r.household,
            person: r.person,
            activity: r.activity.to_owned(),
            span: r.span,
            emergency: r.emergency,
        }
    }
}

impl LoggedProcessing {
    /// Regie itself processed, for an organisation, with no one reading (`Processor::System`).
    pub fn automatic(&self) -> bool {
        self.professional.is_none() && self.by_person.is_none()
    }
}

/// Who an account belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountHolder {
    /// A professional of an organisation in the chain.
    Professional(ProfessionalId),
    /// A household member using the portal.
    Person(PersonId),
}

/// An account to sign in to the web application with.
#[derive(Debug, Clone)]
pub struct Account {
    /// The username.
    pub username: String,
    /// The argon2id hash of the password, in PHC string format.
    pub password_hash: String,
    /// Whose account it is.
    pub holder: AccountHolder,
    /// The password is a temporary one an administrator gave: it must be replaced before anything else.
    pub must_change: bool,
}

/// A signed-in browser session.
#[derive(Debug, Clone)]
pub struct WebSession {
    /// The account signed in.
    pub account: Account,
    /// The token every form of this session carries (CSRF protection).
    pub csrf_token: String,
}

/// Accounts and browser sessions (F30).
#[async_trait]
pub trait AccountStore {
    /// Creates an account, or gives an existing one of the same holder a new password hash (ending its
    /// sessions). A username or holder that already has another account is a conflict.
    async fn put_account(&self, username: &str, password_hash: &str, holder: AccountHolder) -> StoreResult<()>;
    /// Gives an existing professional's account a temporary password that must be replaced at the next
    /// sign-in, and records the reset (whose, by whom, when), in one transaction.
    async fn put_temporary_password(
        &self,
        username: &str,
        password_hash: &str,
        holder: AccountHolder,
        by: ProfessionalId,
        at: Timestamp,
    ) -> StoreResult<()>;
    /// The password resets of the accounts of an organisation's professionals, the newest `limit`, newest
    /// first: (username, by whom, when).
    async fn password_resets(
        &self,
        organisation: OrganisationId,
        limit: i64,
    ) -> StoreResult<Vec<(String, ProfessionalId, Timestamp)>>;
    /// An account by username.
    async fn account(&self, username: &str) -> StoreResult<Option<Account>>;
    /// The sign-in attempts for a username (known or not) since its last successful sign-in, and when the
    /// last was made.
    async fn sign_in_attempts(&self, username: &str) -> StoreResult<Option<(u32, Timestamp)>>;
    /// Counts a sign-in attempt for a username (known or not) before its password is checked, atomically,
    /// and returns the attempts since the last successful sign-in, this one included. Attempts older than
    /// `forget_before` are cleared out first, for every username. While the username is locked — `lock.0`
    /// or more attempts, the last after `lock.1` — the attempt is not counted and `None` is returned, so a
    /// lock ends at its time whatever is tried meanwhile.
    async fn count_sign_in(
        &self,
        username: &str,
        at: Timestamp,
        forget_before: Timestamp,
        lock: (u32, Timestamp),
    ) -> StoreResult<Option<u32>>;
    /// Starts a session (and clears the username's sign-in attempts); only the hash of its id is stored.
    async fn create_session(
        &self,
        id_hash: &str,
        username: &str,
        csrf_token: &str,
        at: Timestamp,
        expires_at: Timestamp,
    ) -> StoreResult<()>;
    /// The session with this id hash, if it has not expired at `now`.
    async fn session(&self, id_hash: &str, now: Timestamp) -> StoreResult<Option<WebSession>>;
    /// The deployment's secret key called `name`, shared by all its servers: `fresh` is stored and returned
    /// the first time, the stored one ever after.
    async fn server_key(&self, name: &str, fresh: &str) -> StoreResult<String>;
    /// Ends a session, and every session that expired before `now`.
    async fn end_session(&self, id_hash: &str, now: Timestamp) -> StoreResult<()>;
    /// An account's second factor, confirmed or still being set up, if it has one.
    async fn second_factor(&self, username: &str) -> StoreResult<Option<SecondFactor>>;
    /// When the operator last reset an account's second factor, if ever.
    async fn second_factor_reset(&self, username: &str) -> StoreResult<Option<Timestamp>>;
    /// Starts setting up a second factor with this (base32) secret, replacing one not yet confirmed; false
    /// (and nothing changed) if the account has a confirmed one.
    async fn begin_second_factor(&self, username: &str, secret: &str) -> StoreResult<bool>;
    /// Confirms a second factor with this secret (the one being set up), with the time step of the code that
    /// confirmed it, and gives it these recovery code hashes, in one transaction; false (nothing changed) if
    /// the account has a confirmed one.
    async fn confirm_second_factor(
        &self,
        username: &str,
        secret: &str,
        step: u64,
        recovery_hashes: &[String],
    ) -> StoreResult<bool>;
    /// Replaces an account's recovery codes by these hashes.
    async fn renew_recovery_codes(&self, username: &str, recovery_hashes: &[String]) -> StoreResult<()>;
    /// Accepts a code of this time step for a confirmed second factor, atomically, only if no code of this
    /// step or a later one was accepted before: false for a replayed code.
    async fn use_time_step(&self, username: &str, step: u64) -> StoreResult<bool>;
    /// Uses up an unused recovery code (by hash), atomically: false if it is unknown or used.
    async fn use_recovery_code(&self, username: &str, code_hash: &str, at: Timestamp) -> StoreResult<bool>;
    /// Removes an account's second factor, its recovery codes and its half-done sign-ins; a reset by the
    /// operator (`reset_at`) is recorded in the same transaction and ends the account's sessions. False if
    /// there was none.
    async fn remove_second_factor(&self, username: &str, reset_at: Option<Timestamp>) -> StoreResult<bool>;
    /// Records a sign-in whose password was right and whose second factor is still to come (only the hash of
    /// its id is stored), with the secret of the second factor it sets up, if it sets one up; an earlier one
    /// of the username, and every expired one, is cleared out.
    async fn create_challenge(
        &self,
        id_hash: &str,
        username: &str,
        pending_secret: Option<&str>,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> StoreResult<()>;
    /// The username of a half-done sign-in and the secret it sets up, if it has not expired at `now`.
    async fn challenge(&self, id_hash: &str, now: Timestamp) -> StoreResult<Option<(String, Option<String>)>>;
    /// Ends a half-done sign-in; false if it was ended already (so two codes sent at once make one session).
    async fn end_challenge(&self, id_hash: &str) -> StoreResult<bool>;
    /// Forgets a username's failed sign-ins (a signed-in user proved their second factor).
    async fn clear_sign_in_attempts(&self, username: &str) -> StoreResult<()>;
}

/// An organisation's own identity provider (F30, OIDC NL GOV).
#[derive(Debug, Clone)]
pub struct IdentityProvider {
    /// The organisation whose professionals sign in through it.
    pub organisation_id: OrganisationId,
    /// Its issuer: discovery is read from `{issuer}/.well-known/openid-configuration`.
    pub issuer: String,
    /// Regie's client id there.
    pub client_id: String,
    /// The RSA private key (PEM) Regie signs its client assertions with (`private_key_jwt`).
    pub private_key_pem: String,
    /// The key's id (`kid`) as registered at the provider, if it asks for one.
    pub key_id: Option<String>,
    /// The ID token claim whose value is the professional's username.
    pub claim: String,
    /// The level of assurance (`acr`) the sign-in must reach at the provider, if Regie asks one.
    pub acr: Option<String>,
}

/// A sign-in on its way to an identity provider and back.
#[derive(Debug, Clone)]
pub struct OidcLogin {
    /// The provider's organisation.
    pub organisation_id: OrganisationId,
    /// The nonce the ID token must carry.
    pub nonce: String,
    /// The PKCE verifier of the code challenge sent.
    pub pkce_verifier: String,
}

/// The benchmark's yardstick (issue 17): what the database itself does for an operation of `regie bench`,
/// straight through sqlx on the store's own pools — no access layer, no domain types, no JSON decoding, no
/// processing log. Each answers with the rows it read; `regie bench` prints the operation beside it.
#[async_trait]
pub trait BareStore {
    /// A case with its household, then its events in order with the names of their professionals: two
    /// statements, as `CaseStore::case_with_household` and `CaseStore::named_events` run them.
    async fn bare_timeline(&self, case: CaseId) -> StoreResult<usize>;
    /// The statements of one page of the household list, as `HouseholdStore::list_households` runs them.
    async fn bare_list(&self, q: &HouseholdQuery) -> StoreResult<usize>;
    /// A case read, then its new state and event written in one transaction, as a lead change does (on
    /// SQLite on the one writer connection, without the group commit; without the log).
    async fn bare_append(&self, next: &Case, event: &NewEvent) -> StoreResult<()>;
}

/// Organisations' identity providers and the sign-ins through them.
#[async_trait]
pub trait IdentityStore {
    /// Sets (or replaces) an organisation's identity provider.
    async fn put_identity_provider(&self, provider: &IdentityProvider) -> StoreResult<()>;
    /// Every organisation's identity provider.
    async fn identity_providers(&self) -> StoreResult<Vec<IdentityProvider>>;
    /// Records a sign-in sent to a provider, under a hash of its state; expired ones are cleared out.
    async fn put_oidc_login(
        &self,
        state_hash: &str,
        login: &OidcLogin,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> StoreResult<()>;
    /// Takes a sign-in back by the hash of its state, once: it is gone afterwards; `None` if unknown or
    /// expired.
    async fn take_oidc_login(&self, state_hash: &str, now: Timestamp) -> StoreResult<Option<OidcLogin>>;
}

/// An organisation's webhook subscription (F28).
#[derive(Debug, Clone)]
pub struct Subscription {
    /// Its id.
    pub id: regie_domain::SubscriptionId,
    /// The organisation that subscribed.
    pub organisation_id: OrganisationId,
    /// The endpoint notifications are posted to.
    pub endpoint: String,
    /// The event types it receives.
    pub event_types: Vec<regie_domain::notification::EventType>,
    /// Sent as `Authorization: Bearer` with every notification.
    pub bearer_token: String,
    /// Signs every notification (HMAC-SHA-256).
    pub signing_secret: String,
    /// When it was made.
    pub created_at: Timestamp,
    /// Who made it.
    pub created_by: ProfessionalId,
    /// When it was ended, if it was.
    pub ended_at: Option<Timestamp>,
}

/// A notification in the outbox: for one subscription, about one event.
#[derive(Debug, Clone)]
pub struct Delivery {
    /// Its place in the outbox: notifications go out in this order.
    pub id: i64,
    /// The subscription it is for.
    pub subscription_id: regie_domain::SubscriptionId,
    /// The event it announces (the case event's id, or the signal's): the CloudEvent's `id`.
    pub event_id: uuid::Uuid,
    /// Its type.
    pub event_type: regie_domain::notification::EventType,
    /// The case or signal it is about: its `dataref`.
    pub resource_id: uuid::Uuid,
    /// The case event's number in its case: the CloudEvent's `sequence`.
    pub sequence: Option<i64>,
    /// When the event was recorded: the CloudEvent's `time`.
    pub at: Timestamp,
    /// Failed tries so far.
    pub attempts: u32,
    /// Not tried again before then.
    pub next_attempt_at: Timestamp,
    /// The receiver's last HTTP status, if it answered.
    pub last_status: Option<u16>,
    /// Why the last try failed, without personal data (there is none in a notification).
    pub last_error: Option<String>,
    /// When the receiver accepted it.
    pub delivered_at: Option<Timestamp>,
}

/// Webhook subscriptions and their transactional outbox (F28). The outbox is filled in the transaction of
/// the case change or the signal it announces, for the subscriptions of the organisations involved.
#[async_trait]
pub trait WebhookStore {
    /// Stores a new subscription with its event types.
    async fn add_subscription(&self, subscription: &Subscription) -> StoreResult<()>;
    /// A subscription by id.
    async fn subscription(&self, id: regie_domain::SubscriptionId) -> StoreResult<Option<Subscription>>;
    /// An organisation's subscriptions, ended ones too, newest first.
    async fn subscriptions_of(&self, organisation: OrganisationId) -> StoreResult<Vec<Subscription>>;
    /// Every subscription not ended, for the deliverer.
    async fn active_subscriptions(&self) -> StoreResult<Vec<Subscription>>;
    /// Ends a subscription and drops its undelivered notifications; false if it was ended already.
    async fn end_subscription(&self, id: regie_domain::SubscriptionId, at: Timestamp) -> StoreResult<bool>;
    /// Takes (or, for the same `holder`, extends) a subscription's deliveries until `until`, unless another
    /// holder has them past `now`.
    async fn lease_subscription(
        &self,
        id: regie_domain::SubscriptionId,
        holder: &str,
        now: Timestamp,
        until: Timestamp,
    ) -> StoreResult<bool>;
    /// Gives a lease back, if `holder` still has it.
    async fn release_subscription(&self, id: regie_domain::SubscriptionId, holder: &str) -> StoreResult<()>;
    /// A subscription's undelivered notifications, oldest first.
    async fn pending_deliveries(&self, id: regie_domain::SubscriptionId, limit: u32) -> StoreResult<Vec<Delivery>>;
    /// A subscription's latest notifications, delivered or not, newest first.
    async fn deliveries(&self, id: regie_domain::SubscriptionId, limit: u32) -> StoreResult<Vec<Delivery>>;
    /// Records that the receiver accepted a notification.
    async fn delivered(&self, delivery: i64, at: Timestamp, status: u16) -> StoreResult<()>;
    /// Records a failed try and when to try again.
    async fn delivery_failed(
        &self,
        delivery: i64,
        next_attempt_at: Timestamp,
        status: Option<u16>,
        error: &str,
    ) -> StoreResult<()>;
    /// How many notifications wait to be delivered.
    async fn outbox_depth(&self) -> StoreResult<u64>;
}

/// An account's second factor: a TOTP secret (RFC 6238) and its recovery codes.
#[derive(Debug, Clone)]
pub struct SecondFactor {
    /// The shared secret, base32 encoded as authenticator apps take it.
    pub secret: String,
    /// Its holder typed a code from their app: it is asked for at every sign-in.
    pub confirmed: bool,
    /// The last time step (Unix time / 30 s) whose code was accepted.
    pub last_step: u64,
    /// Recovery codes not yet used.
    pub recovery_codes_left: u32,
}

/// What family members add from the portal (F16).
#[async_trait]
pub trait FamilyStore {
    /// Appends a contribution with its processing-log records, in one transaction, together with the case
    /// change it makes, if any (a plan answer: refused as stale when the case moved on meanwhile).
    async fn add_contribution(
        &self,
        contribution: &regie_domain::portal::FamilyContribution,
        change: Option<(&Case, &NewEvent)>,
        log: &[ProcessingRecord],
    ) -> StoreResult<()>;
    /// A case's contributions, oldest first.
    async fn contributions(&self, case: CaseId) -> StoreResult<Vec<regie_domain::portal::FamilyContribution>>;
    /// The contributions to any of these cases made after `since` (for a worklist), oldest first.
    async fn contributions_since(
        &self,
        cases: &[CaseId],
        since: Timestamp,
    ) -> StoreResult<Vec<regie_domain::portal::FamilyContribution>>;
}

/// Emergency accesses to files (break-the-glass) and the professionals who review them.
#[async_trait]
pub trait EmergencyStore {
    /// Records an emergency access with its processing-log records, in one transaction.
    async fn create_emergency(
        &self,
        access: &regie_domain::emergency::EmergencyAccess,
        log: &[ProcessingRecord],
    ) -> StoreResult<()>;
    /// An emergency access.
    async fn emergency(
        &self,
        id: regie_domain::EmergencyAccessId,
    ) -> StoreResult<Option<regie_domain::emergency::EmergencyAccess>>;
    /// An organisation's emergency accesses: those not yet reviewed first, then the newest.
    async fn emergencies_of(
        &self,
        organisation: OrganisationId,
    ) -> StoreResult<Vec<regie_domain::emergency::EmergencyAccess>>;
    /// Every emergency access to a household, oldest first.
    async fn emergencies_about(
        &self,
        household: HouseholdId,
    ) -> StoreResult<Vec<regie_domain::emergency::EmergencyAccess>>;
    /// Stores a judgement with its log record; a conflict when the access was judged meanwhile.
    async fn review_emergency(
        &self,
        access: &regie_domain::emergency::EmergencyAccess,
        log: &[ProcessingRecord],
    ) -> StoreResult<()>;
    /// Stores the household's complaints about an access (filed or decided), with the log records; a
    /// conflict when another complaint or decision came in meanwhile (`before`, the complaints it was based on).
    async fn put_emergency_complaints(
        &self,
        access: &regie_domain::emergency::EmergencyAccess,
        before: usize,
        log: &[ProcessingRecord],
    ) -> StoreResult<()>;
}

/// Household members' consents to share data (F18).
#[async_trait]
pub trait ConsentStore {
    /// Records a consent with its processing-log records, in one transaction.
    async fn create_consent(
        &self,
        consent: &regie_domain::consent::Consent,
        log: &[ProcessingRecord],
    ) -> StoreResult<()>;
    /// A household's consents, oldest first, those revoked included.
    async fn consents_of(&self, household: HouseholdId) -> StoreResult<Vec<regie_domain::consent::Consent>>;
    /// Stores a revocation with its processing-log records; a conflict when the consent was revoked
    /// meanwhile.
    async fn revoke_consent(
        &self,
        consent: &regie_domain::consent::Consent,
        log: &[ProcessingRecord],
    ) -> StoreResult<()>;
}

/// The processing log.
#[async_trait]
pub trait ProcessingLogStore {
    /// Appends records.
    async fn log_processing(&self, records: &[ProcessingRecord]) -> StoreResult<()>;
    /// Everything logged about a person, oldest first.
    async fn processing_of_person(&self, person: PersonId) -> StoreResult<Vec<LoggedProcessing>>;
    /// Everything logged about a household (including its members), oldest first.
    async fn processing_of_household(&self, household: HouseholdId) -> StoreResult<Vec<LoggedProcessing>>;
    /// Up to `limit` records of the hash chain after `after_seq`, in chain order; only those at or after
    /// `since` when given.
    async fn log_chain(&self, after_seq: i64, limit: u32, since: Option<Timestamp>) -> StoreResult<Vec<ChainedRecord>>;
    /// The head of the chain: the last sequence number handed out and the last record's hash.
    async fn log_head(&self) -> StoreResult<(i64, String)>;
}

/// A batch of complete records for bulk loading (synthetic data, migration from an earlier registration).
/// Cases arrive in their final state with every event that led there.
#[derive(Debug, Clone, Default)]
pub struct ImportBatch {
    /// Households.
    pub households: Vec<Household>,
    /// Persons.
    pub persons: Vec<Person>,
    /// Memberships of those persons in those households.
    pub memberships: Vec<Membership>,
    /// Cases, in their current state.
    pub cases: Vec<Case>,
    /// Every event of those cases.
    pub events: Vec<NewEvent>,
    /// Signals about those households and persons.
    pub signals: Vec<SignalIntake>,
}

/// Bulk loading.
#[async_trait]
pub trait ImportStore {
    /// Writes a whole batch and its processing-log records in one transaction: all of it or, on any error,
    /// none of it.
    async fn import(&self, batch: &ImportBatch, at: Timestamp, log: &[ProcessingRecord]) -> StoreResult<()>;
}

/// A signal on its way into the store: the signal, the households it concerns (its own and those of its
/// persons, for the radar's index) and who registered it.
#[derive(Debug, Clone)]
pub struct SignalIntake {
    /// The signal.
    pub signal: regie_domain::signal::Signal,
    /// The households it concerns.
    pub households: Vec<HouseholdId>,
    /// Who registered it.
    pub actor: Actor,
}

/// The case an assessment opens or joins, written with the assessed signal.
#[derive(Debug, Clone)]
pub enum CaseLink {
    /// A new case, in its state after the link, with its events (opened, then signal linked).
    Open(Case, Vec<NewEvent>),
    /// An existing case's next state and the event that links the signal.
    Join(Case, Box<NewEvent>),
}

/// Signals: intake, triage, assessment, the radar's look-ups and the region's norms.
#[async_trait]
pub trait SignalStore {
    /// Registers signals with their subjects, their first event and the processing-log records, in one
    /// transaction: all of them or, on any error, none. `new_persons` are registered with them (an import
    /// creates the persons it does not find).
    async fn create_signals(
        &self,
        new_persons: &[Person],
        intake: &[SignalIntake],
        log: &[ProcessingRecord],
    ) -> StoreResult<()>;
    /// A signal.
    async fn signal(&self, id: regie_domain::SignalId) -> StoreResult<Option<regie_domain::signal::Signal>>;
    /// Writes an assessed signal (its stored version must be one less), its event, the case it opens or
    /// joins and the log records, in one transaction.
    async fn assess_signal(
        &self,
        signal: &regie_domain::signal::Signal,
        actor: &Actor,
        case: Option<&CaseLink>,
        log: &[ProcessingRecord],
    ) -> StoreResult<()>;
    /// Signals received on or after `since` about any of these persons or households, as `region` sees
    /// them: each with only its households of `region`, and a signal about households none of which is of
    /// `region` left out (a person's signals in another region stay there, F26).
    async fn earlier_signals(
        &self,
        region: regie_domain::RegionId,
        persons: &[PersonId],
        households: &[HouseholdId],
        since: Date,
    ) -> StoreResult<Vec<regie_domain::signal::EarlierSignal>>;
    /// The open cases of these households.
    async fn open_cases_of(&self, households: &[HouseholdId]) -> StoreResult<Vec<CaseId>>;
    /// The current case of each of these households that ever had one: its open case, or else its latest
    /// closed one.
    async fn current_cases_for(&self, households: &[HouseholdId]) -> StoreResult<Vec<Case>>;
    /// The households of `region` registered at an address.
    async fn households_at(
        &self,
        region: regie_domain::RegionId,
        postcode: &str,
        house_number: &str,
    ) -> StoreResult<Vec<HouseholdId>>;
    /// A page of the signals an organisation received and has not assessed yet, earliest deadline first:
    /// at most `limit`, after skipping `offset`, with how many there are in all.
    async fn open_signals_received_by(
        &self,
        organisation: OrganisationId,
        limit: u32,
        offset: u32,
    ) -> StoreResult<(Vec<regie_domain::signal::Signal>, u64)>;
    /// The signals a professional reported through Regie, newest first.
    async fn signals_reported_by(&self, professional: ProfessionalId)
    -> StoreResult<Vec<regie_domain::signal::Signal>>;
    /// Keeps a meldcode record with its processing-log records.
    async fn create_meldcode(
        &self,
        record: &regie_domain::signal::Meldcode,
        log: &[ProcessingRecord],
    ) -> StoreResult<()>;
    /// A professional's meldcode records, newest first.
    async fn meldcodes_by(&self, professional: ProfessionalId) -> StoreResult<Vec<regie_domain::signal::Meldcode>>;
    /// The region's norms.
    async fn norms(&self, region: regie_domain::RegionId) -> StoreResult<regie_domain::signal::Norms>;
    /// Changes the region's norms.
    async fn put_norms(&self, region: regie_domain::RegionId, norms: &regie_domain::signal::Norms) -> StoreResult<()>;
    /// The region's route variant (F26).
    async fn route_variant(&self, region: regie_domain::RegionId) -> StoreResult<regie_domain::route::RouteVariant>;
    /// Changes the region's route variant.
    async fn put_route_variant(
        &self,
        region: regie_domain::RegionId,
        variant: &regie_domain::route::RouteVariant,
    ) -> StoreResult<()>;
}

/// Merging person records (F2).
#[async_trait]
pub trait MergeStore {
    /// Merges `merge.retired` into `merge.survivor` in one transaction: moves every reference (memberships,
    /// where the survivor is not yet a member of that household; signal subjects; contributions; the
    /// documents of consents, authority, justice tracks, lawyers and signals that name it; the portal
    /// account), points the retired record to the survivor, writes each affected case's merge event and
    /// state (stale when a case moved on), reindexes the households and keeps the merge with what moved.
    /// Returns the merge as kept.
    async fn merge_persons(
        &self,
        merge: &regie_domain::merge::Merge,
        households: &[HouseholdId],
        cases: &[(Case, NewEvent)],
        log: &[ProcessingRecord],
    ) -> StoreResult<regie_domain::merge::Merge>;
    /// Undoes a merge in one transaction: every moved reference back, the retired record on its own again,
    /// each case's undo event and state, and the merge marked undone (stale when undone meanwhile).
    async fn unmerge_persons(
        &self,
        merge: &regie_domain::merge::Merge,
        households: &[HouseholdId],
        cases: &[(Case, NewEvent)],
        log: &[ProcessingRecord],
    ) -> StoreResult<()>;
    /// A merge.
    async fn merge(&self, id: regie_domain::MergeId) -> StoreResult<Option<regie_domain::merge::Merge>>;
    /// The merges a person was part of, survivor or retired, oldest first.
    async fn merges_of(&self, person: PersonId) -> StoreResult<Vec<regie_domain::merge::Merge>>;
    /// The record a person was merged into, if they were (and not undone).
    async fn merged_into(&self, person: PersonId) -> StoreResult<Option<PersonId>>;
}

/// Household members' lawyers (F16).
#[async_trait]
pub trait LawyerStore {
    /// Registers a member's lawyer, or replaces the one they had, with the hash of the code that lets them
    /// read while the client consents (none without consent), and the log records, in one transaction.
    async fn put_lawyer(
        &self,
        lawyer: &regie_domain::lawyer::Lawyer,
        household: HouseholdId,
        code_hash: Option<&str>,
        log: &[ProcessingRecord],
    ) -> StoreResult<()>;
    /// Removes a member's lawyer, with the log records.
    async fn remove_lawyer(&self, client: PersonId, log: &[ProcessingRecord]) -> StoreResult<()>;
    /// The lawyers of a household's members.
    async fn lawyers_of(&self, household: HouseholdId) -> StoreResult<Vec<regie_domain::lawyer::Lawyer>>;
    /// The lawyer whose code has this hash, with their client's household.
    async fn lawyer_by_code(&self, code_hash: &str)
    -> StoreResult<Option<(regie_domain::lawyer::Lawyer, HouseholdId)>>;
}

/// Retention and destruction of files (F21).
#[async_trait]
pub trait RetentionStore {
    /// When a household was registered.
    async fn registered_at(&self, household: HouseholdId) -> StoreResult<Option<Timestamp>>;
    /// The households whose retention may have ended by `before`: without an open case, and whose last case
    /// closed, or which were registered without a case, before it.
    async fn retention_candidates(&self, before: Timestamp) -> StoreResult<Vec<HouseholdId>>;
    /// Destroys a household's file in one transaction: its cases and their events, what the family added,
    /// the signals about it or its members, its meldcode records, emergency accesses, consents, authority,
    /// justice tracks, lawyers, search index and memberships, and the persons who belong to no other household with
    /// their portal accounts, the records merged into them and their merges; with the processing-log records.
    /// Keeps a record of it without personal data, which it returns; a household that is gone is not found.
    async fn destroy_household(
        &self,
        household: HouseholdId,
        rule: regie_domain::retention::Rule,
        at: Timestamp,
        log: &[ProcessingRecord],
    ) -> StoreResult<regie_domain::retention::DestructionRecord>;
    /// The destruction records, newest first.
    async fn destructions(&self) -> StoreResult<Vec<regie_domain::retention::DestructionRecord>>;
    /// Claims the run of job `name` on `day`: true for exactly one caller, however many servers ask.
    async fn claim_run(&self, name: &str, day: jiff::civil::Date) -> StoreResult<bool>;
}

/// The figures for steering (F22): counters kept up to date as case events and signals are written (see
/// `regie_domain::stats`), per region and per municipality, never per person.
#[async_trait]
pub trait StatsStore {
    /// Sets the postcode areas (four digits) of a municipality of `region`: figures about households there
    /// count for it from now on. An area belongs to one municipality; setting it again moves it.
    async fn set_municipality_areas(
        &self,
        region: regie_domain::RegionId,
        municipality: OrganisationId,
        areas: &[String],
    ) -> StoreResult<()>;
    /// The region's postcode areas, each with its municipality, in order.
    async fn municipality_areas(&self, region: regie_domain::RegionId) -> StoreResult<Vec<(String, OrganisationId)>>;
    /// The flows of a region (or of one of its municipalities) in the months `from` up to, not including,
    /// `until`: the inflow per month, every other flow summed over the period (its month `None`).
    async fn flows(
        &self,
        region: regie_domain::RegionId,
        municipality: Option<OrganisationId>,
        from: jiff::civil::Date,
        until: jiff::civil::Date,
    ) -> StoreResult<Vec<regie_domain::stats::Delta>>;
    /// One metric's flows per month and key, of a region or one of its municipalities, in the months
    /// `from` up to, not including, `until`: the history a forecast reads.
    async fn monthly(
        &self,
        region: regie_domain::RegionId,
        municipality: Option<OrganisationId>,
        metric: regie_domain::stats::Metric,
        from: jiff::civil::Date,
        until: jiff::civil::Date,
    ) -> StoreResult<Vec<regie_domain::stats::Delta>>;
    /// The stocks, as they stand now, of a region or one of its municipalities.
    async fn stocks(
        &self,
        region: regie_domain::RegionId,
        municipality: Option<OrganisationId>,
    ) -> StoreResult<Vec<regie_domain::stats::Delta>>;
    /// The first month a region has figures for.
    async fn first_month(&self, region: regie_domain::RegionId) -> StoreResult<Option<jiff::civil::Date>>;
    /// Whether `respondent` (a person's or a professional's id) answered the questionnaires after these
    /// events (case and sequence number): those answered.
    async fn questionnaires_answered(
        &self,
        respondent: uuid::Uuid,
        events: &[(CaseId, i64)],
    ) -> StoreResult<Vec<(CaseId, i64)>>;
    /// Keeps an answer apart from the file and marks the invitation (`respondent`, `case`, `seq`) answered,
    /// with the log, in one transaction; a second answer to one invitation is a conflict.
    async fn answer_questionnaire(
        &self,
        respondent: uuid::Uuid,
        event: (CaseId, i64),
        kept: &KeptAnswer,
        log: &[ProcessingRecord],
    ) -> StoreResult<()>;
    /// The answers of a region given in the months `from` up to, not including, `until`.
    async fn questionnaire_answers(
        &self,
        region: regie_domain::RegionId,
        from: jiff::civil::Date,
        until: jiff::civil::Date,
    ) -> StoreResult<Vec<regie_domain::questionnaire::Answer>>;
    /// The research export's two passes (F24; `regie_domain::research`): the region's cases opened from
    /// `from` up to, not including, `until`, read twice from one snapshot of the database, each pass ending
    /// with a `None`. Sent one by one, so a region is never held in memory; stops when `out` is dropped.
    async fn research_cases(
        &self,
        region: regie_domain::RegionId,
        from: Timestamp,
        until: Timestamp,
        out: tokio::sync::mpsc::Sender<Option<ResearchCase>>,
    ) -> StoreResult<()>;
}

/// A questionnaire's answer as kept, apart from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptAnswer {
    /// The region.
    pub region: regie_domain::RegionId,
    /// The municipality of the household's area, if known.
    pub municipality: Option<OrganisationId>,
    /// The month it was given (its first day).
    pub month: jiff::civil::Date,
    /// The answer.
    pub answer: regie_domain::questionnaire::Answer,
}

/// A case as the research export reads it: the household's postcode, its members' dates of birth with the
/// dates they belonged, and the case's tally with its journey.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResearchCase {
    /// The household's postcode.
    pub postcode: Option<String>,
    /// Each member's date of birth, and from and until when they belonged.
    pub members: Vec<(jiff::civil::Date, jiff::civil::Date, Option<jiff::civil::Date>)>,
    /// The case's tally.
    pub tally: regie_domain::stats::Tally,
}

/// Everything a backend provides.
#[async_trait]
pub trait Store:
    DirectoryStore
    + HouseholdStore
    + CaseStore
    + ProcessingLogStore
    + ImportStore
    + SignalStore
    + AccountStore
    + FamilyStore
    + EmergencyStore
    + ConsentStore
    + RetentionStore
    + LawyerStore
    + MergeStore
    + StatsStore
    + WebhookStore
    + IdentityStore
    + BareStore
    + Send
    + Sync
{
    /// Applies the backend's embedded migrations.
    async fn migrate(&self) -> StoreResult<()>;
    /// Refreshes the query planner's statistics, and on PostgreSQL the visibility map; worth doing after a bulk
    /// import.
    async fn analyze(&self) -> StoreResult<()>;
    /// Drops the indexes a bulk import only writes ([`IMPORT_DEFERRED_INDEXES`]), keeping their definitions in
    /// the database (`deferred_indexes`, migration 0041), for [`Store::create_deferred_indexes`] once the
    /// import is done: one sort per index then, instead of a random page per row while importing. Until then
    /// the searches those indexes serve read whole tables (the household search reads all of
    /// `household_tokens`, whose word index is among them).
    async fn drop_indexes_for_import(&self) -> StoreResult<()>;
    /// Creates the indexes [`Store::drop_indexes_for_import`] dropped; [`Store::migrate`] does too, before the
    /// migrations, so an import that was stopped halfway leaves no database without them once Regie starts.
    async fn create_deferred_indexes(&self) -> StoreResult<()>;
    /// Gives back the space of deleted records after a destruction. SQLite: VACUUM rewrites the file and a
    /// truncating WAL checkpoint empties the log, so nothing deleted can be read from the files. PostgreSQL:
    /// VACUUM frees the dead rows' space for reuse; their bytes are gone from every query at once, and from
    /// the data files when the space is reused (VACUUM FULL, which locks each table while it rewrites it, is
    /// left to the database's administrators).
    async fn compact(&self) -> StoreResult<()>;
    /// The versions of the embedded migrations the database has not applied (all of them for a database
    /// never migrated); an error when the database cannot be reached. Empty means ready to serve.
    async fn pending_migrations(&self) -> StoreResult<Vec<i64>>;
    /// Writes a consistent copy of the whole database to the new file `path` while writes go on (SQLite's
    /// `VACUUM INTO`: one read transaction's snapshot). PostgreSQL is copied with `pg_dump` instead and
    /// refuses this.
    async fn backup_into(&self, path: &str) -> StoreResult<()>;
    /// The backend's name, `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;
    /// The connection pools' use, for `/metrics`.
    fn pools(&self) -> Vec<PoolUse>;
    /// How many writes each group commit took together (SQLite: case changes, signal intakes and reads' log
    /// records; PostgreSQL: the callers whose reads' log records one append served), for `/metrics`.
    fn commit_batch_sizes(&self) -> Histogram;
}

/// One connection pool's use at this moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolUse {
    /// The pool's name: `writer` or `reader` (SQLite), `shared` (PostgreSQL).
    pub name: &'static str,
    /// Open connections.
    pub open: u32,
    /// Open connections not in use.
    pub idle: u32,
    /// The most connections the pool opens.
    pub max: u32,
}

impl PoolUse {
    fn of<DB: sqlx::Database>(name: &'static str, pool: &sqlx::Pool<DB>) -> Self {
        PoolUse {
            name,
            open: pool.size(),
            idle: u32::try_from(pool.num_idle()).unwrap_or(u32::MAX),
            max: pool.options().get_max_connections(),
        }
    }
}

/// A histogram of group commit sizes: 1, 2, 4, … 256 writes (the most one commit takes).
fn batch_histogram() -> Histogram {
    Histogram::new(prometheus_client::metrics::histogram::exponential_buckets(1.0, 2.0, 9))
}

/// The versions `migrator` holds that are not among `applied` (the successful rows of `_sqlx_migrations`).
/// A database that answers without that table was never migrated: everything is pending.
fn pending(migrator: &sqlx::migrate::Migrator, applied: Result<Vec<i64>, sqlx::Error>) -> StoreResult<Vec<i64>> {
    let applied = match applied {
        Ok(applied) => applied,
        Err(sqlx::Error::Database(_)) => Vec::new(),
        Err(error) => return Err(error.into()),
    };
    Ok(migrator
        .iter()
        .map(|m| m.version)
        .filter(|v| !applied.contains(v))
        .collect())
}

/// The query for [`pending`]'s `applied`, the same on both backends.
const APPLIED_MIGRATIONS: &str = "SELECT version FROM _sqlx_migrations WHERE success";

/// Whether `database` names a PostgreSQL server (a `postgres://` or `postgresql://` URL) rather than a SQLite
/// file.
pub fn is_postgres(database: &str) -> bool {
    database.starts_with("postgres://") || database.starts_with("postgresql://")
}

/// Connects to `database`: a `postgres://` or `postgresql://` URL, or else a SQLite file path (created when
/// missing). Does not migrate.
pub async fn connect(database: &str) -> StoreResult<Arc<dyn Store>> {
    if is_postgres(database) {
        Ok(Arc::new(postgres::PgStore::connect(database).await?))
    } else {
        Ok(Arc::new(sqlite::SqliteStore::open(database).await?))
    }
}

/// The indexes that `ImportStore::import` writes but never reads, which `regie generate` drops while it
/// imports and creates again after (`Store::drop_indexes_for_import`). Unique indexes stay: they guard the
/// data.
pub const IMPORT_DEFERRED_INDEXES: &[&str] = &[
    "processing_log_at",
    "processing_log_subject",
    "household_tokens_token",
    "households_sort",
    "households_address",
    "households_registered_by",
    "memberships_household",
    "memberships_person",
    "persons_name_dob",
    "cases_household",
    "cases_open_lead_primary",
    "cases_open_lead_secondary",
    "cases_open_rvt_professional",
    "signal_subjects_person",
    "signal_subjects_household",
    "signal_subjects_signal",
    "signals_open_by_receiver",
    "signals_by_reporter",
    "signals_by_household",
];

/// Words for the search index: the normalised words of each text, deduplicated.
pub fn search_tokens<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut tokens: Vec<String> = texts
        .into_iter()
        .flat_map(|t| {
            regie_domain::person::normalise(t)
                .split(' ')
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter(|t| !t.is_empty())
        .collect();
    tokens.sort();
    tokens.dedup();
    tokens
}

/// A member's contribution to the household search index.
pub struct MemberTokens {
    /// Given name(s).
    pub given: String,
    /// Family name.
    pub family: String,
    /// BSN, if known.
    pub bsn: Option<String>,
    /// Date of birth.
    pub date_of_birth: Date,
}

/// Every search word of a household: the words of its name and of its current members' names, their BSNs
/// and their dates of birth.
pub fn household_tokens(name: &str, members: impl IntoIterator<Item = MemberTokens>) -> Vec<String> {
    let mut texts = vec![name.to_owned()];
    let mut names = vec![name.to_owned()];
    for m in members {
        names.push(format!("{} {}", m.given, m.family));
        texts.push(m.given);
        texts.push(m.family);
        texts.extend(m.bsn);
        texts.push(date_token(m.date_of_birth));
    }
    let mut tokens = search_tokens(texts.iter().map(String::as_str));
    tokens.extend(names.iter().flat_map(|n| phrase_tokens(n)));
    tokens.sort();
    tokens.dedup();
    tokens
}

/// A household's search words as one text, as its cases carry them (`cases.household_words`) for the search
/// among one's own households: each word after a newline, which no word contains. A search word is the start
/// of one of them exactly when the text contains a newline followed by it, which each database finds with
/// its own function ([`words_needle`]). None when the text would be longer than [`CASE_WORDS_MAX`].
pub(crate) fn household_words(tokens: &[String]) -> Option<String> {
    let words: String = tokens.iter().map(|t| format!("\n{t}")).collect();
    (words.len() <= CASE_WORDS_MAX).then_some(words)
}

/// The most bytes of search words a case carries. The leads' indexes hold them (migrations 0040 and 0045),
/// and PostgreSQL refuses an index entry over a third of a page (2,704 bytes), the household's sort key (at
/// most 200 characters, 800 bytes) included. A household with more (dozens of members, or very long names)
/// has none on its cases, and a search among one's own households looks it up in `household_tokens`.
pub(crate) const CASE_WORDS_MAX: usize = 1_500;

/// What a household's words text ([`household_words`]) contains when one of its words starts with `word`.
pub(crate) fn words_needle(word: &str) -> String {
    format!("\n{word}")
}

/// Marks a phrase token, so that the prefix range of a single word (`noor`) never sweeps up the phrases
/// that start with it (`noor de vries`, `noor jansen`, …).
const PHRASE_MARK: char = '"';

/// Every run of two or more words that ends a name: "sanne de vries" gives `"sanne de vries` and `"de vries`,
/// so that a typed phrase such as `de vries` or `sanne de v` is one selective index range.
fn phrase_tokens(name: &str) -> Vec<String> {
    let normalised = regie_domain::person::normalise(name);
    let words: Vec<&str> = normalised.split(' ').filter(|w| !w.is_empty()).collect();
    (0..words.len().saturating_sub(1))
        .map(|i| format!("{PHRASE_MARK}{}", words[i..].join(" ")))
        .collect()
}

/// The query as a phrase token prefix, when it has two or more words and no date: normalised, words in typed
/// order, marked as a phrase.
pub fn search_phrase(query: &str) -> Option<String> {
    let words: Vec<&str> = query.split_whitespace().collect();
    let has_date = words.iter().any(|w| {
        search_words(w)
            .iter()
            .any(|t| t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()))
    });
    let phrase = regie_domain::person::normalise(query);
    (phrase.contains(' ') && !has_date).then(|| format!("{PHRASE_MARK}{phrase}"))
}

/// The search-index word for a date of birth: `yyyymmdd`.
pub fn date_token(date: Date) -> String {
    date.strftime("%Y%m%d").to_string()
}

/// Turns what a user typed into search words: a date (`31-12-2015`, `31/12/2015` or `2015-12-31`) becomes
/// its date token, anything else its normalised words. At most five words are used.
pub fn search_words(query: &str) -> Vec<String> {
    let mut words = Vec::new();
    for raw in query.split_whitespace() {
        let as_date = ["%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"]
            .iter()
            .find_map(|f| Date::strptime(f, raw).ok());
        match as_date {
            Some(d) => words.push(date_token(d)),
            None => words.extend(search_tokens([raw])),
        }
    }
    words.sort();
    words.dedup();
    words.truncate(5);
    words
}

/// Whether a search word (as [`search_words`] makes them) is `n` digits: 9 for a BSN, 8 for a date token.
pub fn digits(word: &str, n: usize) -> bool {
    word.len() == n && word.bytes().all(|b| b.is_ascii_digit())
}

/// The exclusive upper bound of the range of strings that start with `prefix` (bytewise order).
pub(crate) fn prefix_end(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// A document as it is stored (a case's route and tally): without the object members that hold nothing —
/// `null`, `[]`, `{}` — which its type reads back as their defaults (a missing `Option` is `None`, a field
/// with `#[serde(default)]` its default). About a third of a route's bytes are such members: the empty lists
/// of a justice route and of the family's rights that most cases never use (issue 17, item 4). A document
/// whose compact form would read back as anything else (a member without a default) is stored whole, so
/// nothing is lost whatever a type declares; what reads documents needs no change.
pub(crate) fn compact<T>(doc: &T) -> StoreResult<serde_json::Value>
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq,
{
    fn strip(value: &mut serde_json::Value) {
        use serde_json::Value;
        match value {
            Value::Object(members) => {
                members.values_mut().for_each(strip);
                members.retain(|_, v| match v {
                    Value::Null => false,
                    Value::Array(items) => !items.is_empty(),
                    Value::Object(inner) => !inner.is_empty(),
                    _ => true,
                });
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let whole = || serde_json::to_value(doc).map_err(|e| StoreError::Corrupt(format!("a document to store: {e}")));
    let mut small = whole()?;
    strip(&mut small);
    match T::deserialize(&small) {
        Ok(back) if back == *doc => Ok(small),
        _ => whole(),
    }
}

#[cfg(feature = "testing")]
pub mod testing;

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Stored {
        note: Option<String>,
        #[serde(default)]
        items: Vec<Inner>,
        #[serde(default)]
        inner: Inner,
        /// Without a default: an empty list must be stored.
        required: Vec<u8>,
    }

    #[derive(Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Inner {
        #[serde(default)]
        list: Vec<u8>,
        at: Option<u8>,
    }

    /// What `compact` leaves of an empty route and of a tally with nothing counted yet reads back: a default
    /// taken from a member that may be empty would make every document stored without it unreadable.
    #[test]
    fn the_least_a_stored_route_and_tally_hold_read_back() {
        use regie_domain::stats::Tally;
        assert_eq!(compact(&regie_domain::Route::default()).unwrap(), serde_json::json!({}));
        assert_eq!(
            serde_json::from_str::<regie_domain::Route>("{}").unwrap(),
            regie_domain::Route::default()
        );
        assert_eq!(
            compact(&Tally::default()).unwrap(),
            serde_json::json!({"journey": {"handoffs": 0}})
        );
        assert_eq!(
            serde_json::from_str::<Tally>(r#"{"journey":{"handoffs":0}}"#).unwrap(),
            Tally::default()
        );
    }

    #[test]
    fn a_stored_document_leaves_out_what_reads_back_as_its_default() {
        let full = Stored {
            note: Some("x".into()),
            items: vec![
                Inner::default(),
                Inner {
                    list: vec![1],
                    at: None,
                },
            ],
            inner: Inner {
                list: vec![],
                at: Some(2),
            },
            required: vec![3],
        };
        assert_eq!(
            compact(&full).unwrap(),
            serde_json::json!({"note": "x", "items": [{}, {"list": [1]}], "inner": {"at": 2}, "required": [3]})
        );
        let empty = Stored {
            note: None,
            items: vec![],
            inner: Inner::default(),
            required: vec![3],
        };
        assert_eq!(compact(&empty).unwrap(), serde_json::json!({"required": [3]}));
        // A member without a default keeps the whole document as it was.
        let bare = Stored {
            required: vec![],
            ..empty
        };
        assert_eq!(compact(&bare).unwrap(), serde_json::to_value(&bare).unwrap());
        for doc in [full, bare] {
            assert_eq!(serde_json::from_value::<Stored>(compact(&doc).unwrap()).unwrap(), doc);
        }
    }

    #[test]
    fn a_case_carries_a_households_words_up_to_a_bound() {
        let words = |n: usize| (0..n).map(|i| format!("woord{i:04}")).collect::<Vec<_>>();
        // Ten bytes a word with its newline.
        assert_eq!(household_words(&words(2)).as_deref(), Some("\nwoord0000\nwoord0001"));
        assert_eq!(
            household_words(&words(CASE_WORDS_MAX / 10)).map(|w| w.len()),
            Some(CASE_WORDS_MAX)
        );
        assert_eq!(household_words(&words(CASE_WORDS_MAX / 10 + 1)), None);
    }

    /// The chain's hash as first written: every field as text, formatted one by one. Stored chains were
    /// hashed this way, so [`chain_hash`] must give the very same hash.
    fn chain_hash_as_first_written(prev_hash: &str, r: &LoggedProcessing) -> String {
        use sha2::{Digest, Sha256};
        let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
        let opt = |u: Option<uuid::Uuid>| u.map(|u| u.to_string()).unwrap_or_default();
        let mut h = Sha256::new();
        for field in [
            prev_hash.to_owned(),
            r.at.as_microsecond().to_string(),
            opt(r.professional.map(|p| p.0)),
            r.organisation.0.to_string(),
            r.purpose.clone(),
            r.operation.clone(),
            opt(r.household.map(|h| h.0)),
            opt(r.person.map(|p| p.0)),
            r.activity.clone(),
            hex(&r.span.trace_id),
            hex(&r.span.span_id),
            r.span.parent_span_id.map(|p| hex(&p)).unwrap_or_default(),
            u8::from(r.emergency).to_string(),
        ]
        .into_iter()
        .chain(r.by_person.map(|p| p.0.to_string()))
        {
            h.update(field.as_bytes());
            h.update([0x1f]);
        }
        hex(&h.finalize())
    }

    proptest! {
        #[test]
        fn the_chain_hash_is_the_one_stored_chains_were_made_with(
            micros in 0i64..4_000_000_000_000_000,
            ids in any::<[u128; 6]>(),
            optional in any::<[bool; 5]>(),
            spans in any::<([u8; 16], [u8; 8], [u8; 8])>(),
            emergency in any::<bool>(),
            text in "[a-z_]{0,20}",
        ) {
            let id = |i: usize| uuid::Uuid::from_u128(ids[i]);
            let family = optional[4];
            let r = LoggedProcessing {
                at: Timestamp::from_microsecond(micros).unwrap(),
                professional: (!family).then(|| ProfessionalId(id(0))),
                by_person: family.then(|| PersonId(id(5))),
                organisation: OrganisationId(id(1)),
                purpose: text.clone(),
                operation: "read".into(),
                household: optional[0].then(|| HouseholdId(id(2))),
                person: optional[1].then(|| PersonId(id(3))),
                activity: text,
                span: Span { trace_id: spans.0, span_id: spans.1, parent_span_id: optional[2].then_some(spans.2) },
                emergency,
            };
            let prev = hex(&id(4).as_u128().to_be_bytes());
            prop_assert_eq!(chain_hash(&prev, &r), chain_hash_as_first_written(&prev, &r));
        }
    }

    #[test]
    fn typed_dates_in_any_dutch_form_become_one_token() {
        assert_eq!(search_words("31-12-2015"), vec!["20151231"]);
        assert_eq!(search_words("Jansen 31/12/2015"), vec!["20151231", "jansen"]);
        assert_eq!(search_words("2015-12-31"), vec![date_token(date(2015, 12, 31))]);
    }

    #[test]
    fn names_are_normalised_and_at_most_five_words_are_used() {
        assert_eq!(search_words("  Van-den  BERG van"), vec!["berg", "den", "van"]);
        assert_eq!(search_words("a b c d e f g").len(), 5);
        assert!(search_words("   ").is_empty());
    }

    #[test]
    fn phrases_keep_typed_order_and_skip_dates() {
        assert_eq!(search_phrase("Sanne  de-Vries"), Some("\"sanne de vries".into()));
        assert_eq!(search_phrase("jansen"), None);
        assert_eq!(search_phrase("jansen 31-12-2015"), None);
        assert_eq!(
            phrase_tokens("Huishouden De Vries"),
            vec!["\"huishouden de vries", "\"de vries"]
        );
        assert!(phrase_tokens("Jansen").is_empty());
        // A word's prefix range never reaches a phrase token.
        let word = "noor";
        assert!(
            phrase_tokens("Noor Jansen")
                .iter()
                .all(|t| !(t.as_str() >= word && t.as_str() < prefix_end(word).as_str()))
        );
    }

    #[test]
    fn the_prefix_range_holds_every_extension_of_the_prefix() {
        for word in ["jan", "jansen", "janß", "jan\u{FFFF}"] {
            assert!(word >= "jan" && word < prefix_end("jan").as_str(), "{word}");
        }
        assert!("jao" >= prefix_end("jan").as_str());
    }
}
