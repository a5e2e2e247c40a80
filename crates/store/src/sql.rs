//! The SQL shared by both backends. `impl_store!` expands to the trait implementations for one backend's
//! store type; the statements use `$n` placeholders, which SQLite and PostgreSQL both accept, and only types
//! both drivers encode (UUID, text, integers, jiff dates and timestamps, JSON). Where the dialects differ the
//! schema absorbs it (see each backend's migrations), so there is one body of queries to review and test.

use crate::{StoreError, StoreResult};
use prometheus_client::metrics::histogram::Histogram;
use regie_domain::{Address, DomainError, ShortText};
use tokio::sync::{mpsc, oneshot};

/// A moment as a statement's parameter ([`ToDb`]). Each backend encodes it: PostgreSQL as `timestamptz`, SQLite
/// as text with exactly six fraction digits (`2026-12-06T15:55:56.120000Z`), so that comparing and ordering the
/// texts compares and orders the moments. jiff's own text drops a fraction's trailing zeros, and then
/// `'…:05Z' > '…:05.5Z'`: a range from a moment would miss or take records within its second.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Moment(pub(crate) jiff::Timestamp);

/// A moment's text with six fraction digits, as SQLite stores it and PostgreSQL reads a `timestamptz`
/// literal.
impl std::fmt::Display for Moment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.6}", self.0)
    }
}

/// A value of the domain as a statement binds it: moments as [`Moment`], days as jiff_sqlx's dates (both
/// backends store a day as text of fixed width or as `date`).
pub(crate) trait ToDb {
    /// The type the drivers encode.
    type Db;
    /// The value to bind.
    fn to_db(self) -> Self::Db;
}

impl ToDb for jiff::Timestamp {
    type Db = Moment;
    fn to_db(self) -> Moment {
        Moment(self)
    }
}

impl ToDb for jiff::civil::Date {
    type Db = jiff_sqlx::Date;
    fn to_db(self) -> jiff_sqlx::Date {
        jiff_sqlx::ToSqlx::to_sqlx(self)
    }
}

/// Turns a unique-constraint violation into the given conflict; other errors pass through.
pub(crate) fn on_unique(err: sqlx::Error, conflict: StoreError) -> StoreError {
    match &err {
        sqlx::Error::Database(db) if db.is_unique_violation() => conflict,
        _ => StoreError::from(err),
    }
}

/// Maps a value read back from the database that fails a domain rule.
pub(crate) fn corrupt(what: &str) -> impl FnOnce(DomainError) -> StoreError + '_ {
    move |e| StoreError::Corrupt(format!("{what}: {e}"))
}

/// A stored value that does not read back.
pub(crate) fn bad(what: &str, raw: &str) -> StoreError {
    StoreError::Corrupt(format!("{what}: {raw:?}"))
}

/// Parses a stored code with the domain's parser.
pub(crate) fn code<T>(parsed: Option<T>, what: &str, raw: &str) -> Result<T, StoreError> {
    parsed.ok_or_else(|| StoreError::Corrupt(format!("unknown {what} code {raw:?}")))
}

pub(crate) fn short(what: &'static str, raw: String) -> Result<ShortText, StoreError> {
    ShortText::parse(what, &raw).map_err(corrupt(what))
}

/// Rebuilds an optional address from its four nullable columns.
pub(crate) fn address(
    street: Option<String>,
    house_number: Option<String>,
    postcode: Option<String>,
    city: Option<String>,
) -> Result<Option<Address>, StoreError> {
    match (street, house_number, postcode, city) {
        (Some(s), Some(n), Some(p), Some(c)) => Address::stored(&s, &n, &p, &c)
            .map(Some)
            .map_err(|errors| StoreError::Corrupt(format!("address: {errors:?}"))),
        _ => Ok(None),
    }
}

/// The RVT professional of a scaled-up case, mirrored into its own column for the worklist's index.
pub(crate) fn rvt_professional(c: &regie_domain::Case) -> Option<uuid::Uuid> {
    c.route.scale.as_ref().map(|s| s.rvt_professional.0)
}

/// Splits an optional address into its four nullable columns.
pub(crate) fn address_columns(a: Option<&Address>) -> [Option<String>; 4] {
    match a {
        Some(a) => [
            Some(a.street.as_str().to_owned()),
            Some(a.house_number.as_str().to_owned()),
            Some(a.postcode.clone()),
            Some(a.city.as_str().to_owned()),
        ],
        None => [None, None, None, None],
    }
}

/// Whether a group commit's writes are all reads' log records, which commit without waiting for the disk.
pub(crate) fn reads_only(writes: &[Write]) -> bool {
    writes.iter().all(|w| matches!(w, Write::Log(_)))
}

/// One case change on its way to the store: the next state, its event and the processing-log records.
pub(crate) struct CaseWrite {
    pub case: regie_domain::Case,
    pub event: regie_domain::NewEvent,
    pub log: Vec<crate::ProcessingRecord>,
}

/// Signals on their way to the store, with the persons they register and the processing-log records.
pub(crate) struct SignalsWrite {
    pub new_persons: Vec<regie_domain::Person>,
    pub intake: Vec<crate::SignalIntake>,
    pub log: Vec<crate::ProcessingRecord>,
}

/// A write that goes through the group commit.
pub(crate) enum Write {
    Case(Box<CaseWrite>),
    Signals(SignalsWrite),
    /// Processing-log records of reads: they share the batch's one append to the chain.
    Log(Vec<crate::ProcessingRecord>),
}

/// A write waiting for the group commit, with where to send its outcome.
pub(crate) type Queued = (Write, oneshot::Sender<StoreResult<()>>);

/// The most writes one group commit takes.
const MAX_BATCH: usize = 256;

/// How a backend writes the group commit's batches.
#[async_trait::async_trait]
pub(crate) trait Commit: Send + Sync + 'static {
    /// Writes a batch in one transaction and returns each write's outcome, in order; an `Err` means the
    /// batch rolled back as a whole.
    async fn batch(&self, writes: &[Write]) -> StoreResult<Vec<StoreResult<()>>>;
    /// Writes one write in its own transaction.
    async fn one(&self, write: Write) -> StoreResult<()>;
}

/// Starts the group commit: the case changes, signal intakes and reads' log records that arrive while a
/// batch is being written go together into the next transaction, so that sixteen concurrent appends cost
/// one step of the processing log's chain and one commit flush instead of sixteen. Each write still gets
/// its own outcome: a stale change is refused without touching the others, and when the batch fails as a
/// whole each write is tried alone. The task ends when the last store clone, and with it the sender, is
/// dropped.
pub(crate) fn start_committer(commit: impl Commit, batches: Histogram) -> mpsc::Sender<Queued> {
    let (sender, mut queue) = mpsc::channel::<Queued>(MAX_BATCH * 4);
    tokio::spawn(async move {
        let mut batch = Vec::with_capacity(MAX_BATCH);
        while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
            // A caller that gave up (timeout, disconnect) was told the change failed: do not write it.
            let (writes, replies): (Vec<_>, Vec<_>) = batch.drain(..).filter(|(_, reply)| !reply.is_closed()).unzip();
            if writes.is_empty() {
                continue;
            }
            batches.observe(writes.len() as f64);
            match commit.batch(&writes).await {
                Ok(outcomes) => {
                    for (reply, outcome) in replies.into_iter().zip(outcomes) {
                        let _ = reply.send(outcome);
                    }
                }
                Err(error) => {
                    tracing::warn!(%error, changes = writes.len(), "group commit failed; writing its changes one by one");
                    for (write, reply) in writes.into_iter().zip(replies) {
                        let _ = reply.send(commit.one(write).await);
                    }
                }
            }
        }
    });
    sender
}

/// Queues a write for the group commit and waits for its outcome.
pub(crate) async fn queue(committer: &mpsc::Sender<Queued>, write: Write) -> StoreResult<()> {
    let (reply, outcome) = oneshot::channel();
    let gone = || StoreError::Database(sqlx::Error::PoolClosed);
    committer.send((write, reply)).await.map_err(|_| gone())?;
    outcome.await.map_err(|_| gone())?
}

/// A professional's columns, of `professionals p`, as a literal for `concat!`.
macro_rules! professional_columns {
    () => {
        "p.id, p.organisation_id, p.team_id, p.username, p.display_name, p.phone, p.email, p.ended_at, p.ended_by"
    };
}

macro_rules! impl_store {
    ($store:ty, $db:ty, $row:ty) => {
        use crate::sql::{address, address_columns, bad, code, corrupt, on_unique, rvt_professional, short};
        use crate::*;
        use crate::sql::ToDb;
        use regie_domain::person::PersonName;
        use regie_domain::{CaseChange, Contact, Lead, LegalFrame, OrganisationKind, Relation, RegionId, Route, TeamId};
        use sqlx::Row;
        use sqlx::types::Json;
        use uuid::Uuid;

        /// Below this many index entries a search word is selective enough to drive the household query.
        const SELECTIVE: i64 = 2000;
        const HOUSEHOLD_COLUMNS: &str = "h.id, h.region_id, h.name, h.street, h.house_number, h.postcode, h.city, h.registered_by, h.version";
        const PERSON_COLUMNS: &str = "p.id, p.given_name, p.family_name, p.date_of_birth, p.bsn, p.street, p.house_number, p.postcode, p.city, p.version";
        /// A case's events in order (`CaseStore::events`).
        const EVENTS_OF_CASE: &str =
            "SELECT case_id, seq, at, actor_id, by_person_id, organisation_id, reason, payload FROM case_events WHERE case_id = $1 ORDER BY seq";
        /// A case's events in order with their professionals' names (`CaseStore::named_events`, and the
        /// bench's bare timeline).
        const NAMED_EVENTS_OF_CASE: &str =
            "SELECT e.case_id, e.seq, e.at, e.actor_id, e.by_person_id, e.organisation_id, e.reason, e.payload, \
             p.display_name AS actor_name, o.name AS actor_organisation \
             FROM case_events e LEFT JOIN professionals p ON p.id = e.actor_id LEFT JOIN organisations o ON o.id = p.organisation_id \
             WHERE e.case_id = $1 ORDER BY e.seq";
        /// A case with its household (`CaseStore::case_with_household`, and the bench's bare timeline); the
        /// household's columns carry an `h_` prefix.
        const CASE_WITH_HOUSEHOLD: &str =
            "SELECT c.id, c.household_id, c.phase, c.lead_primary, c.lead_secondary, c.legal_frame, c.opened_at, c.closed_at, \
             c.handoffs, c.version, c.route, h.id AS h_id, h.region_id AS h_region_id, h.name AS h_name, h.street AS h_street, \
             h.house_number AS h_house_number, h.postcode AS h_postcode, h.city AS h_city, h.registered_by AS h_registered_by, \
             h.version AS h_version FROM cases c JOIN households h ON h.id = c.household_id WHERE c.id = $1";
        /// A professional's columns, of `professionals p` (`professional_from`).
        const PROFESSIONAL_COLUMNS: &str = crate::sql::professional_columns!();
        /// A professional with their organisation.
        const PROFESSIONAL_SELECT: &str = concat!(
            "SELECT ",
            crate::sql::professional_columns!(),
            ", o.id AS o_id, o.region_id AS o_region_id, o.name AS o_name, o.kind AS o_kind ",
            "FROM professionals p JOIN organisations o ON o.id = p.organisation_id"
        );
        const CASE_COLUMNS: &str = "id, household_id, phase, lead_primary, lead_secondary, legal_frame, opened_at, closed_at, handoffs, version, route";
        /// As many `NULL`s as `CASE_COLUMNS` has columns: the case's columns of a tagged statement's rows that
        /// are not the case (`grounds_about`, `case_with_members`).
        fn no_case_columns() -> String {
            CASE_COLUMNS.split(", ").map(|_| "NULL").collect::<Vec<_>>().join(", ")
        }
        const CONTRIBUTION_COLUMNS: &str = "id, case_id, person_id, at, contribution, shared";
        const MEMBERSHIP_COLUMNS: &str = "m.id AS m_id, m.household_id AS m_household_id, m.person_id AS m_person_id, m.relation, m.from_date, m.to_date";

        fn organisation_from(r: &$row, prefix: &str) -> StoreResult<Organisation> {
            let kind: String = r.try_get(format!("{prefix}kind").as_str())?;
            Ok(Organisation {
                id: OrganisationId(r.try_get(format!("{prefix}id").as_str())?),
                region_id: RegionId(r.try_get(format!("{prefix}region_id").as_str())?),
                name: r.try_get(format!("{prefix}name").as_str())?,
                kind: code(OrganisationKind::parse(&kind), "organisation kind", &kind)?,
            })
        }

        fn professional_from(r: &$row) -> StoreResult<Professional> {
            Ok(Professional {
                id: ProfessionalId(r.try_get("id")?),
                organisation_id: OrganisationId(r.try_get("organisation_id")?),
                team_id: r.try_get::<Option<Uuid>, _>("team_id")?.map(TeamId),
                username: r.try_get("username")?,
                display_name: r.try_get("display_name")?,
                contact: Contact {
                    phone: r.try_get("phone")?,
                    email: r.try_get("email")?,
                },
                ended: match r.try_get::<Option<jiff_sqlx::Timestamp>, _>("ended_at")? {
                    None => None,
                    Some(at) => Some(regie_domain::departure::Ended {
                        at: at.to_jiff(),
                        by: r.try_get::<Option<Uuid>, _>("ended_by")?.map(ProfessionalId),
                    }),
                },
            })
        }

        /// Records that a professional's access ended or came back, by whom (none: the operator), when.
        async fn access_change(
            tx: &mut sqlx::Transaction<'static, $db>,
            professional: ProfessionalId,
            change: &str,
            by: Option<ProfessionalId>,
            at: Timestamp,
        ) -> StoreResult<()> {
            sqlx::query("INSERT INTO access_changes (professional_id, change, by_professional, at) VALUES ($1, $2, $3, $4)")
                .bind(professional.0)
                .bind(change)
                .bind(by.map(|p| p.0))
                .bind(at.to_db())
                .execute(&mut **tx)
                .await?;
            Ok(())
        }

        fn team_from(r: &$row) -> StoreResult<Team> {
            Ok(Team {
                id: TeamId(r.try_get("id")?),
                organisation_id: OrganisationId(r.try_get("organisation_id")?),
                name: r.try_get("name")?,
                contact: Contact {
                    phone: r.try_get("phone")?,
                    email: r.try_get("email")?,
                },
            })
        }

        fn event_from(r: &$row) -> StoreResult<CaseEvent> {
            let Json(change): Json<CaseChange> = r.try_get("payload")?;
            let professional: Option<Uuid> = r.try_get("actor_id")?;
            let member: Option<Uuid> = r.try_get("by_person_id")?;
            let actor = match (professional, member) {
                (Some(id), _) => regie_domain::EventActor::Professional { professional_id: ProfessionalId(id) },
                (None, Some(id)) => regie_domain::EventActor::Member { person_id: PersonId(id) },
                (None, None) => return Err(StoreError::Corrupt("case event without an actor".into())),
            };
            Ok(CaseEvent {
                case_id: CaseId(r.try_get("case_id")?),
                seq: r.try_get("seq")?,
                at: r.try_get::<jiff_sqlx::Timestamp, _>("at")?.to_jiff(),
                actor,
                organisation: OrganisationId(r.try_get("organisation_id")?),
                reason: r.try_get("reason")?,
                change,
            })
        }

        fn contribution_from(r: &$row) -> StoreResult<regie_domain::portal::FamilyContribution> {
            Ok(regie_domain::portal::FamilyContribution {
                id: regie_domain::ContributionId(r.try_get("id")?),
                case_id: CaseId(r.try_get("case_id")?),
                person_id: PersonId(r.try_get("person_id")?),
                at: r.try_get::<jiff_sqlx::Timestamp, _>("at")?.to_jiff(),
                contribution: r.try_get::<Json<regie_domain::portal::Contribution>, _>("contribution")?.0,
                shared: r.try_get::<i64, _>("shared")? != 0,
            })
        }

        /// Reads `head IN (ids) tail` ([`push_ids`]), `ROWS` ids at a time, and decodes each row.
        async fn by_ids<T>(
            pool: &sqlx::Pool<$db>,
            head: &str,
            ids: &[Uuid],
            tail: &str,
            decode: impl Fn(&$row) -> StoreResult<T>,
        ) -> StoreResult<Vec<T>> {
            let mut found = Vec::with_capacity(ids.len());
            for chunk in ids.chunks(ROWS) {
                let mut b = sqlx::QueryBuilder::<$db>::new(head);
                push_ids(&mut b, chunk.iter().copied());
                b.push(tail);
                for r in b.build().fetch_all(pool).await? {
                    found.push(decode(&r)?);
                }
            }
            Ok(found)
        }

        /// A household's columns as `household_named` reads them, in its order.
        const HOUSEHOLD_NAMES: [&str; 9] =
            ["id", "region_id", "name", "street", "house_number", "postcode", "city", "registered_by", "version"];
        /// The same columns beside another table's (`CASE_WITH_HOUSEHOLD`).
        const HOUSEHOLD_NAMES_H: [&str; 9] =
            ["h_id", "h_region_id", "h_name", "h_street", "h_house_number", "h_postcode", "h_city", "h_registered_by", "h_version"];

        fn household_from(r: &$row) -> StoreResult<Household> {
            household_named(r, &HOUSEHOLD_NAMES)
        }

        /// A household from the columns named `c` (see `HOUSEHOLD_NAMES`).
        fn household_named(r: &$row, c: &[&str; 9]) -> StoreResult<Household> {
            Ok(Household {
                id: HouseholdId(r.try_get(c[0])?),
                region_id: RegionId(r.try_get(c[1])?),
                name: short("name", r.try_get(c[2])?)?,
                address: address(r.try_get(c[3])?, r.try_get(c[4])?, r.try_get(c[5])?, r.try_get(c[6])?)?,
                registered_by: r.try_get::<Option<Uuid>, _>(c[7])?.map(OrganisationId),
                version: r.try_get(c[8])?,
            })
        }

        fn person_from(r: &$row) -> StoreResult<Person> {
            let bsn: Option<String> = r.try_get("bsn")?;
            Ok(Person {
                id: PersonId(r.try_get("id")?),
                name: PersonName { given: short("given_name", r.try_get("given_name")?)?, family: short("family_name", r.try_get("family_name")?)? },
                date_of_birth: r.try_get::<jiff_sqlx::Date, _>("date_of_birth")?.to_jiff(),
                bsn: bsn.map(|b| Bsn::parse("bsn", &b)).transpose().map_err(corrupt("bsn"))?,
                address: address(r.try_get("street")?, r.try_get("house_number")?, r.try_get("postcode")?, r.try_get("city")?)?,
                version: r.try_get("version")?,
            })
        }

        fn membership_from(r: &$row) -> StoreResult<Membership> {
            let relation: String = r.try_get("relation")?;
            Ok(Membership {
                id: MembershipId(r.try_get("m_id")?),
                household_id: HouseholdId(r.try_get("m_household_id")?),
                person_id: PersonId(r.try_get("m_person_id")?),
                relation: code(Relation::parse(&relation), "relation", &relation)?,
                from: r.try_get::<jiff_sqlx::Date, _>("from_date")?.to_jiff(),
                to: r.try_get::<Option<jiff_sqlx::Date>, _>("to_date")?.map(|d| d.to_jiff()),
            })
        }

        fn case_from(r: &$row) -> StoreResult<Case> {
            let phase: String = r.try_get("phase")?;
            let frame: String = r.try_get("legal_frame")?;
            Ok(Case {
                id: CaseId(r.try_get("id")?),
                household_id: HouseholdId(r.try_get("household_id")?),
                phase: code(Phase::parse(&phase), "phase", &phase)?,
                lead: Lead {
                    primary: ProfessionalId(r.try_get("lead_primary")?),
                    secondary: r.try_get::<Option<Uuid>, _>("lead_secondary")?.map(ProfessionalId),
                },
                legal_frame: code(LegalFrame::parse(&frame), "legal frame", &frame)?,
                opened_at: r.try_get::<jiff_sqlx::Timestamp, _>("opened_at")?.to_jiff(),
                closed_at: r.try_get::<Option<jiff_sqlx::Timestamp>, _>("closed_at")?.map(|t| t.to_jiff()),
                handoffs: r.try_get("handoffs")?,
                version: r.try_get("version")?,
                route: r.try_get::<Json<Route>, _>("route")?.0,
            })
        }

        fn logged_from(r: &$row) -> StoreResult<LoggedProcessing> {
            let bytes = |column: &str| -> StoreResult<Option<Vec<u8>>> { Ok(r.try_get(column)?) };
            let trace_id = bytes("trace_id")?.map(|b| <[u8; 16]>::try_from(b.as_slice()).map_err(|_| bad("trace_id", "length")));
            let span_id = bytes("span_id")?.map(|b| <[u8; 8]>::try_from(b.as_slice()).map_err(|_| bad("span_id", "length")));
            let parent = bytes("parent_span_id")?.map(|b| <[u8; 8]>::try_from(b.as_slice()).map_err(|_| bad("parent_span_id", "length")));
            Ok(LoggedProcessing {
                at: r.try_get::<jiff_sqlx::Timestamp, _>("at")?.to_jiff(),
                professional: r.try_get::<Option<Uuid>, _>("professional_id")?.map(ProfessionalId),
                by_person: r.try_get::<Option<Uuid>, _>("by_person_id")?.map(PersonId),
                organisation: OrganisationId(r.try_get("organisation_id")?),
                purpose: r.try_get("purpose")?,
                operation: r.try_get("operation")?,
                household: r.try_get::<Option<Uuid>, _>("household_id")?.map(HouseholdId),
                person: r.try_get::<Option<Uuid>, _>("person_id")?.map(PersonId),
                activity: r.try_get::<Option<String>, _>("activity")?.unwrap_or_default(),
                span: Span {
                    trace_id: trace_id.transpose()?.unwrap_or_default(),
                    span_id: span_id.transpose()?.unwrap_or_default(),
                    parent_span_id: parent.transpose()?,
                },
                emergency: r.try_get::<i64, _>("emergency")? != 0,
            })
        }

        fn chained_from(r: &$row) -> StoreResult<ChainedRecord> {
            Ok(ChainedRecord {
                seq: r.try_get("seq")?,
                record: logged_from(r)?,
                prev_hash: crate::hex(&r.try_get::<Vec<u8>, _>("prev_hash")?),
                hash: crate::hex(&r.try_get::<Vec<u8>, _>("hash")?),
            })
        }

        /// A record of the chain as `CHAIN_SELECT` packs it: the ids as hex joined by commas, the moment (RFC
        /// 3339, UTC, microseconds), the hashes and the texts joined by U+001F; read back exactly as
        /// `logged_from` reads the columns.
        fn chained_packed(r: &$row) -> StoreResult<ChainedRecord> {
            let ids: String = r.try_get("ids")?;
            let texts: String = r.try_get("texts")?;
            let mut id = ids.split(',').map(|h| {
                if h.is_empty() {
                    Ok(None)
                } else {
                    Uuid::try_parse(h).map(Some).map_err(|_| bad("processing_log id", h))
                }
            });
            let mut next_id = || id.next().unwrap_or_else(|| Err(bad("processing_log ids", &ids)));
            let (professional, organisation) = (next_id()?, next_id()?);
            let (household, person, by_person) = (next_id()?, next_id()?, next_id()?);
            let mut text = texts.split('\u{1f}');
            let mut next_text = || text.next().ok_or_else(|| bad("processing_log texts", &texts));
            let (at, prev_hash, hash) = (next_text()?, next_text()?, next_text()?);
            let (purpose, operation, activity) = (next_text()?, next_text()?, next_text()?);
            let (trace_id, span_id, parent) = (next_text()?, next_text()?, next_text()?);
            fn bytes<const N: usize>(column: &str, hex: &str) -> StoreResult<Option<[u8; N]>> {
                if hex.is_empty() {
                    return Ok(None);
                }
                let b = unhex(hex).ok_or_else(|| bad(column, hex))?;
                <[u8; N]>::try_from(b.as_slice()).map(Some).map_err(|_| bad(column, "length"))
            }
            Ok(ChainedRecord {
                seq: r.try_get("seq")?,
                record: LoggedProcessing {
                    at: at.parse().map_err(|_| bad("at", at))?,
                    professional: professional.map(ProfessionalId),
                    by_person: by_person.map(PersonId),
                    organisation: OrganisationId(organisation.ok_or_else(|| bad("organisation_id", &ids))?),
                    purpose: purpose.to_owned(),
                    operation: operation.to_owned(),
                    household: household.map(HouseholdId),
                    person: person.map(PersonId),
                    activity: activity.to_owned(),
                    span: Span {
                        trace_id: bytes("trace_id", trace_id)?.unwrap_or_default(),
                        span_id: bytes("span_id", span_id)?.unwrap_or_default(),
                        parent_span_id: bytes("parent_span_id", parent)?,
                    },
                    emergency: r.try_get::<i64, _>("emergency")? != 0,
                },
                prev_hash: prev_hash.to_owned(),
                hash: hash.to_owned(),
            })
        }

        /// Rewrites a household's search words from its name and its current members, inside `tx`.
        async fn reindex_household(tx: &mut sqlx::Transaction<'_, $db>, household: HouseholdId) -> StoreResult<()> {
            let row = sqlx::query("SELECT name, sort_key FROM households WHERE id = $1")
                .bind(household.0)
                .fetch_one(&mut **tx)
                .await?;
            let name: String = row.try_get("name")?;
            let sort_key: String = row.try_get("sort_key")?;
            let rows = sqlx::query(
                "SELECT p.given_name, p.family_name, p.bsn, p.date_of_birth FROM memberships m \
                 JOIN persons p ON p.id = m.person_id WHERE m.household_id = $1 AND m.to_date IS NULL",
            )
            .bind(household.0)
            .fetch_all(&mut **tx)
            .await?;
            let members = rows
                .iter()
                .map(|r| {
                    Ok(MemberTokens {
                        given: r.try_get("given_name")?,
                        family: r.try_get("family_name")?,
                        bsn: r.try_get("bsn")?,
                        date_of_birth: r.try_get::<jiff_sqlx::Date, _>("date_of_birth")?.to_jiff(),
                    })
                })
                .collect::<StoreResult<Vec<_>>>()?;
            let tokens = household_tokens(&name, members);
            // The household's cases carry its words for the search among one's own households (migration 0040).
            sqlx::query("UPDATE cases SET household_sort_key = $1, household_words = $2 WHERE household_id = $3")
                .bind(&sort_key)
                .bind(crate::household_words(&tokens))
                .bind(household.0)
                .execute(&mut **tx)
                .await?;
            sqlx::query("DELETE FROM household_tokens WHERE household_id = $1").bind(household.0).execute(&mut **tx).await?;
            if !tokens.is_empty() {
                let mut insert = sqlx::QueryBuilder::<$db>::new("INSERT INTO household_tokens (token, household_id) ");
                insert.push_values(&tokens, |mut b, t| {
                    b.push_bind(t.clone()).push_bind(household.0);
                });
                insert.build().execute(&mut **tx).await?;
            }
            Ok(())
        }

        #[async_trait]
        impl DirectoryStore for $store {
            async fn create_region(&self, region: &Region) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query("INSERT INTO regions (id, name) VALUES ($1, $2)")
                    .bind(region.id.0)
                    .bind(&region.name)
                    .execute(&mut *tx)
                    .await?;
                // A new region starts from the deployment's template of norms and help kinds.
                sqlx::query("INSERT INTO region_norms (region_id, name, value) SELECT $1, name, value FROM norms")
                    .bind(region.id.0)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "INSERT INTO region_help_kinds (region_id, code, name_nl, waiting_norm_days) \
                     SELECT $1, code, name_nl, waiting_norm_days FROM help_kinds",
                )
                .bind(region.id.0)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn create_organisation(&self, o: &Organisation) -> StoreResult<()> {
                sqlx::query("INSERT INTO organisations (id, region_id, name, kind) VALUES ($1, $2, $3, $4)")
                    .bind(o.id.0)
                    .bind(o.region_id.0)
                    .bind(&o.name)
                    .bind(o.kind.as_str())
                    .execute(&self.writer)
                    .await?;
                Ok(())
            }

            async fn create_team(&self, t: &Team) -> StoreResult<()> {
                sqlx::query("INSERT INTO teams (id, organisation_id, name, phone, email) VALUES ($1, $2, $3, $4, $5)")
                    .bind(t.id.0)
                    .bind(t.organisation_id.0)
                    .bind(&t.name)
                    .bind(&t.contact.phone)
                    .bind(&t.contact.email)
                    .execute(&self.writer)
                    .await?;
                Ok(())
            }

            async fn teams_of(&self, organisation: OrganisationId) -> StoreResult<Vec<Team>> {
                let rows = sqlx::query("SELECT id, organisation_id, name, phone, email FROM teams WHERE organisation_id = $1 ORDER BY name, id")
                    .bind(organisation.0)
                    .fetch_all(&self.reader)
                    .await?;
                rows.iter().map(team_from).collect()
            }

            async fn teams(&self, region: RegionId) -> StoreResult<Vec<Team>> {
                let rows = sqlx::query(
                    "SELECT t.id, t.organisation_id, t.name, t.phone, t.email FROM teams t \
                     JOIN organisations o ON o.id = t.organisation_id WHERE o.region_id = $1 ORDER BY t.organisation_id, t.name, t.id",
                )
                .bind(region.0)
                .fetch_all(&self.reader)
                .await?;
                rows.iter().map(team_from).collect()
            }

            async fn set_contact(&self, of: ContactOf, contact: &Contact) -> StoreResult<()> {
                let (sql, id, entity) = match of {
                    ContactOf::Professional(p) => ("UPDATE professionals SET phone = $1, email = $2 WHERE id = $3", p.0, "professional"),
                    ContactOf::Team(t) => ("UPDATE teams SET phone = $1, email = $2 WHERE id = $3", t.0, "team"),
                };
                let done = sqlx::query(sql)
                    .bind(&contact.phone)
                    .bind(&contact.email)
                    .bind(id)
                    .execute(&self.writer)
                    .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound { entity });
                }
                Ok(())
            }

            async fn create_professional(&self, p: &Professional) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO professionals (id, organisation_id, team_id, username, display_name, phone, email) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(p.id.0)
                .bind(p.organisation_id.0)
                .bind(p.team_id.map(|t| t.0))
                .bind(&p.username)
                .bind(&p.display_name)
                .bind(&p.contact.phone)
                .bind(&p.contact.email)
                .execute(&self.writer)
                .await
                .map_err(|e| {
                    on_unique(e, StoreError::Conflict {
                        code: "username_taken",
                        field: Some("username"),
                        en: "this username is taken",
                        nl: "deze gebruikersnaam is al in gebruik",
                    })
                })?;
                Ok(())
            }

            async fn regions(&self) -> StoreResult<Vec<Region>> {
                let rows = sqlx::query("SELECT id, name FROM regions ORDER BY id").fetch_all(&self.reader).await?;
                rows.iter().map(|r| Ok(Region { id: RegionId(r.try_get("id")?), name: r.try_get("name")? })).collect()
            }

            async fn organisations(&self) -> StoreResult<Vec<Organisation>> {
                let rows = sqlx::query("SELECT id, region_id, name, kind FROM organisations ORDER BY name, id")
                    .fetch_all(&self.reader)
                    .await?;
                rows.iter().map(|r| organisation_from(r, "")).collect()
            }

            async fn professionals_by_id(&self, ids: &[ProfessionalId]) -> StoreResult<Vec<(Professional, Organisation)>> {
                let ids: Vec<Uuid> = ids.iter().map(|i| i.0).collect();
                by_ids(&self.reader, &format!("{PROFESSIONAL_SELECT} WHERE p.id"), &ids, "", |r| {
                    Ok((professional_from(r)?, organisation_from(r, "o_")?))
                })
                .await
            }

            async fn professional(&self, id: ProfessionalId) -> StoreResult<Option<(Professional, Organisation)>> {
                let row = sqlx::query(&format!("{PROFESSIONAL_SELECT} WHERE p.id = $1"))
                .bind(id.0)
                .fetch_optional(&self.reader)
                .await?;
                row.map(|r| Ok((professional_from(&r)?, organisation_from(&r, "o_")?))).transpose()
            }

            async fn help_kinds(&self, region: RegionId) -> StoreResult<Vec<regie_domain::help::HelpKind>> {
                let rows = sqlx::query(
                    "SELECT code, name_nl, waiting_norm_days FROM region_help_kinds WHERE region_id = $1 ORDER BY code",
                )
                .bind(region.0)
                .fetch_all(&self.reader)
                    .await?;
                rows.iter()
                    .map(|r| {
                        let code: String = r.try_get("code")?;
                        let norm: i32 = r.try_get("waiting_norm_days")?;
                        regie_domain::help::HelpKind::new(&code, &r.try_get::<String, _>("name_nl")?, i64::from(norm))
                            .map_err(|e| {
                                let why: Vec<String> = e.iter().map(ToString::to_string).collect();
                                StoreError::Corrupt(format!("help kind {code}: {}", why.join("; ")))
                            })
                    })
                    .collect()
            }

            async fn put_help_kind(&self, region: RegionId, kind: &regie_domain::help::HelpKind) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO region_help_kinds (region_id, code, name_nl, waiting_norm_days) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (region_id, code) DO UPDATE SET name_nl = excluded.name_nl, waiting_norm_days = excluded.waiting_norm_days",
                )
                .bind(region.0)
                .bind(&kind.code)
                .bind(&kind.name_nl)
                .bind(kind.waiting_norm_days as i32)
                .execute(&self.writer)
                .await?;
                Ok(())
            }

            async fn team_members(&self, team: TeamId) -> StoreResult<Vec<Professional>> {
                let rows = sqlx::query(
                    &format!("SELECT {PROFESSIONAL_COLUMNS} FROM professionals p WHERE team_id = $1 ORDER BY display_name, id"),
                )
                .bind(team.0)
                .fetch_all(&self.reader)
                .await?;
                rows.iter().map(professional_from).collect()
            }

            async fn norms_and_team(
                &self,
                region: RegionId,
                professional: ProfessionalId,
            ) -> StoreResult<(regie_domain::signal::Norms, Vec<ProfessionalId>)> {
                let rows: Vec<(Option<String>, Option<i32>, Option<Uuid>)> = sqlx::query_as(
                    "SELECT name, value, NULL AS colleague FROM region_norms WHERE region_id = $1 \
                     UNION ALL SELECT NULL, NULL, colleague.id FROM professionals p \
                     JOIN professionals colleague ON colleague.team_id = p.team_id WHERE p.id = $2",
                )
                .bind(region.0)
                .bind(professional.0)
                .fetch_all(&self.reader)
                .await?;
                let mut settings = Vec::new();
                let mut team = Vec::new();
                for row in rows {
                    match row {
                        (Some(name), Some(value), _) => settings.push((name, value)),
                        (_, _, Some(colleague)) => team.push(ProfessionalId(colleague)),
                        _ => return Err(StoreError::Corrupt("a norm without a value".into())),
                    }
                }
                Ok((norms_from(settings)?, team))
            }

            async fn professional_by_username(&self, username: &str) -> StoreResult<Option<Professional>> {
                let row = sqlx::query(&format!("SELECT {PROFESSIONAL_COLUMNS} FROM professionals p WHERE username = $1"))
                    .bind(username)
                    .fetch_optional(&self.reader)
                    .await?;
                row.map(|r| professional_from(&r)).transpose()
            }

            async fn appoint(&self, professional: ProfessionalId, role: regie_domain::Role) -> StoreResult<()> {
                sqlx::query("INSERT INTO professional_roles (professional_id, role) VALUES ($1, $2) ON CONFLICT (professional_id, role) DO NOTHING")
                    .bind(professional.0)
                    .bind(role.as_str())
                    .execute(&self.writer)
                    .await?;
                Ok(())
            }

            async fn dismiss(&self, professional: ProfessionalId, role: regie_domain::Role) -> StoreResult<()> {
                sqlx::query("DELETE FROM professional_roles WHERE professional_id = $1 AND role = $2")
                    .bind(professional.0)
                    .bind(role.as_str())
                    .execute(&self.writer)
                    .await?;
                Ok(())
            }

            async fn roles(&self, professional: ProfessionalId) -> StoreResult<Vec<regie_domain::Role>> {
                let codes: Vec<String> = sqlx::query_scalar("SELECT role FROM professional_roles WHERE professional_id = $1 ORDER BY role")
                    .bind(professional.0)
                    .fetch_all(&self.reader)
                    .await?;
                codes.iter().map(|c| regie_domain::Role::parse(c).ok_or_else(|| bad("role", c))).collect()
            }

            async fn store_token(&self, token_hash: &str, professional: ProfessionalId, at: Timestamp) -> StoreResult<()> {
                sqlx::query("INSERT INTO api_tokens (token_hash, professional_id, created_at) VALUES ($1, $2, $3)")
                    .bind(token_hash)
                    .bind(professional.0)
                    .bind(at.to_db())
                    .execute(&self.writer)
                    .await?;
                Ok(())
            }

            async fn end_access(
                &self,
                professional: &Professional,
                ended: regie_domain::departure::Ended,
                unless_leading: bool,
            ) -> StoreResult<bool> {
                let mut tx = self.begin_write().await?;
                // On PostgreSQL the row is locked first: a case write that chose them holds it (migration
                // 0052's trigger) until it commits, and the count below, a statement of its own, sees it.
                sqlx::query(&format!("SELECT id FROM professionals WHERE id = $1{LOCK_ROW}"))
                    .bind(professional.id.0)
                    .fetch_optional(&mut *tx)
                    .await?;
                // A case given to them since their holdings were counted keeps the access open.
                let leading = if unless_leading {
                    " AND NOT EXISTS (SELECT 1 FROM cases WHERE closed_at IS NULL AND lead_primary = $3) \
                     AND NOT EXISTS (SELECT 1 FROM cases WHERE closed_at IS NULL AND lead_secondary = $3) \
                     AND NOT EXISTS (SELECT 1 FROM cases WHERE closed_at IS NULL AND rvt_professional = $3)"
                } else {
                    ""
                };
                let done = sqlx::query(&format!(
                    "UPDATE professionals SET ended_at = $1, ended_by = $2 WHERE id = $3 AND ended_at IS NULL{leading}"
                ))
                    .bind(ended.at.to_db())
                    .bind(ended.by.map(|p| p.0))
                    .bind(professional.id.0)
                    .execute(&mut *tx)
                    .await?;
                if done.rows_affected() == 0 {
                    return Ok(false);
                }
                for table in ["web_sessions", "sign_in_challenges"] {
                    sqlx::query(&format!("DELETE FROM {table} WHERE username = $1"))
                        .bind(&professional.username)
                        .execute(&mut *tx)
                        .await?;
                }
                sqlx::query("DELETE FROM api_tokens WHERE professional_id = $1")
                    .bind(professional.id.0)
                    .execute(&mut *tx)
                    .await?;
                access_change(&mut tx, professional.id, "ended", ended.by, ended.at).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn reinstate(&self, professional: ProfessionalId, at: Timestamp) -> StoreResult<bool> {
                let mut tx = self.begin_write().await?;
                let done = sqlx::query("UPDATE professionals SET ended_at = NULL, ended_by = NULL WHERE id = $1 AND ended_at IS NOT NULL")
                    .bind(professional.0)
                    .execute(&mut *tx)
                    .await?;
                if done.rows_affected() == 0 {
                    return Ok(false);
                }
                access_change(&mut tx, professional, "reinstated", None, at).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn revoke_tokens(&self, professional: ProfessionalId) -> StoreResult<u64> {
                let done = sqlx::query("DELETE FROM api_tokens WHERE professional_id = $1")
                    .bind(professional.0)
                    .execute(&self.writer)
                    .await?;
                Ok(done.rows_affected())
            }

            async fn professionals(&self, region: RegionId) -> StoreResult<Vec<(Professional, Organisation)>> {
                let rows = sqlx::query(&format!("{PROFESSIONAL_SELECT} WHERE o.region_id = $1 ORDER BY o.name, p.display_name, p.id"))
                .bind(region.0)
                .fetch_all(&self.reader)
                .await?;
                rows.iter().map(|r| Ok((professional_from(r)?, organisation_from(r, "o_")?))).collect()
            }

            async fn professional_by_token(&self, token_hash: &str) -> StoreResult<Option<(Professional, Organisation)>> {
                let row = sqlx::query(
                    &format!("{PROFESSIONAL_SELECT} JOIN api_tokens t ON t.professional_id = p.id WHERE t.token_hash = $1"),
                )
                .bind(token_hash)
                .fetch_optional(&self.reader)
                .await?;
                row.map(|r| Ok((professional_from(&r)?, organisation_from(&r, "o_")?))).transpose()
            }
        }

        #[async_trait]
        impl HouseholdStore for $store {
            async fn create_household(&self, h: &Household, at: Timestamp, log: &[ProcessingRecord]) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                insert_households(&mut *tx, std::slice::from_ref(h), at).await?;
                reindex_household(&mut tx, h.id).await?;
                insert_log(&mut *tx, log).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn household(&self, id: HouseholdId) -> StoreResult<Option<Household>> {
                let row = sqlx::query(&format!("SELECT {HOUSEHOLD_COLUMNS} FROM households h WHERE h.id = $1"))
                    .bind(id.0)
                    .fetch_optional(&self.reader)
                    .await?;
                row.map(|r| household_from(&r)).transpose()
            }

            async fn households(&self, ids: &[HouseholdId]) -> StoreResult<Vec<Household>> {
                let ids: Vec<Uuid> = ids.iter().map(|i| i.0).collect();
                by_ids(&self.reader, &format!("SELECT {HOUSEHOLD_COLUMNS} FROM households h WHERE h.id"), &ids, "", household_from).await
            }

            async fn list_households(&self, q: &HouseholdQuery) -> StoreResult<Vec<HouseholdSummary>> {
                let rows = list_rows(&self.reader, q).await?;
                rows.iter()
                    .map(|r| {
                        let open_case = match r.try_get::<Option<Uuid>, _>("case_id")? {
                            Some(id) => {
                                let phase: String = r.try_get("case_phase")?;
                                Some((CaseId(id), code(Phase::parse(&phase), "phase", &phase)?))
                            }
                            None => None,
                        };
                        Ok(HouseholdSummary { household: household_from(r)?, members: r.try_get("members")?, open_case })
                    })
                    .collect()
            }

            async fn create_person(&self, p: &Person, at: Timestamp, log: &[ProcessingRecord]) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                insert_persons(&mut *tx, std::slice::from_ref(p), at).await?;
                insert_log(&mut *tx, log).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn person(&self, id: PersonId) -> StoreResult<Option<Person>> {
                let row = sqlx::query(&format!("SELECT {PERSON_COLUMNS} FROM persons p WHERE p.id = $1"))
                    .bind(id.0)
                    .fetch_optional(&self.reader)
                    .await?;
                row.map(|r| person_from(&r)).transpose()
            }

            async fn persons(&self, ids: &[PersonId]) -> StoreResult<Vec<Person>> {
                let ids: Vec<Uuid> = ids.iter().map(|i| i.0).collect();
                by_ids(&self.reader, &format!("SELECT {PERSON_COLUMNS} FROM persons p WHERE p.id"), &ids, "", person_from).await
            }

            async fn person_by_bsn(&self, bsn: &Bsn) -> StoreResult<Option<Person>> {
                let row = sqlx::query(&format!("SELECT {PERSON_COLUMNS} FROM persons p WHERE p.bsn = $1"))
                    .bind(bsn.as_string())
                    .fetch_optional(&self.reader)
                    .await?;
                row.map(|r| person_from(&r)).transpose()
            }

            async fn person_matches(&self, name_key: &str, dob: Date, bsn: Option<&Bsn>) -> StoreResult<Vec<PersonMatch>> {
                let bsn_text = bsn.map(Bsn::as_string);
                let rows = sqlx::query(&format!(
                    "SELECT {PERSON_COLUMNS} FROM persons p WHERE p.bsn = $1 \
                     UNION SELECT {PERSON_COLUMNS} FROM persons p WHERE p.name_key = $2 AND p.date_of_birth = $3"
                ))
                .bind(bsn_text)
                .bind(name_key)
                .bind(dob.to_db())
                .fetch_all(&self.reader)
                .await?;
                let mut matches = Vec::with_capacity(rows.len());
                for r in &rows {
                    let person = person_from(r)?;
                    if let Some(reason) = regie_domain::person::match_reason(&person, name_key, dob, bsn) {
                        matches.push(PersonMatch { person, reason });
                    }
                }
                matches.sort_by_key(|m| (m.reason != regie_domain::person::MatchReason::SameBsn, m.person.id));
                Ok(matches)
            }

            async fn record_authority(
                &self,
                household: HouseholdId,
                authority: &regie_domain::authority::Authority,
                by: ProfessionalId,
                at: Timestamp,
                log: &[ProcessingRecord],
            ) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query("INSERT INTO parental_authority (household_id, child_id, document, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(household.0)
                    .bind(authority.child.0)
                    .bind(Json(authority))
                    .bind(by.0)
                    .bind(at.to_db())
                    .execute(&mut *tx)
                    .await?;
                insert_log(&mut *tx, log).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn put_track(&self, track: &regie_domain::partners::Track, log: &[ProcessingRecord]) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query(
                    "INSERT INTO justice_tracks (id, household_id, person_id, organisation_id, document) VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (id) DO UPDATE SET document = excluded.document",
                )
                .bind(track.id.0)
                .bind(track.household.0)
                .bind(track.person.0)
                .bind(track.organisation.0)
                .bind(Json(track))
                .execute(&mut *tx)
                .await?;
                insert_log(&mut *tx, log).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn track(&self, id: regie_domain::TrackId) -> StoreResult<Option<regie_domain::partners::Track>> {
                let row: Option<Json<regie_domain::partners::Track>> =
                    sqlx::query_scalar("SELECT document FROM justice_tracks WHERE id = $1")
                        .bind(id.0)
                        .fetch_optional(&self.reader)
                        .await?;
                Ok(row.map(|j| j.0))
            }

            async fn tracks_of_household(&self, household: HouseholdId) -> StoreResult<Vec<regie_domain::partners::Track>> {
                let rows: Vec<Json<regie_domain::partners::Track>> =
                    sqlx::query_scalar("SELECT document FROM justice_tracks WHERE household_id = $1 ORDER BY id")
                        .bind(household.0)
                        .fetch_all(&self.reader)
                        .await?;
                Ok(rows.into_iter().map(|j| j.0).collect())
            }

            async fn tracks_of_organisation(&self, organisation: OrganisationId) -> StoreResult<Vec<regie_domain::partners::Track>> {
                let rows: Vec<Json<regie_domain::partners::Track>> =
                    sqlx::query_scalar("SELECT document FROM justice_tracks WHERE organisation_id = $1 ORDER BY id")
                        .bind(organisation.0)
                        .fetch_all(&self.reader)
                        .await?;
                Ok(rows.into_iter().map(|j| j.0).collect())
            }

            async fn authorities(&self, household: HouseholdId) -> StoreResult<Vec<regie_domain::authority::Authority>> {
                let rows: Vec<Json<regie_domain::authority::Authority>> = sqlx::query_scalar(
                    "SELECT document FROM parental_authority p WHERE household_id = $1 AND id = \
                     (SELECT MAX(id) FROM parental_authority q WHERE q.household_id = p.household_id AND q.child_id = p.child_id) \
                     ORDER BY id",
                )
                .bind(household.0)
                .fetch_all(&self.reader)
                .await?;
                Ok(rows.into_iter().map(|j| j.0).collect())
            }

            async fn members(&self, household: HouseholdId) -> StoreResult<Vec<Member>> {
                let rows = sqlx::query(&format!(
                    "SELECT {MEMBERSHIP_COLUMNS}, {PERSON_COLUMNS} FROM memberships m JOIN persons p ON p.id = m.person_id \
                     WHERE m.household_id = $1 ORDER BY m.from_date, m.id"
                ))
                .bind(household.0)
                .fetch_all(&self.reader)
                .await?;
                rows.iter().map(|r| Ok(Member { membership: membership_from(r)?, person: person_from(r)? })).collect()
            }

            async fn members_of(&self, households: &[HouseholdId]) -> StoreResult<Vec<Member>> {
                let ids: Vec<Uuid> = households.iter().map(|i| i.0).collect();
                let head = format!("SELECT {MEMBERSHIP_COLUMNS}, {PERSON_COLUMNS} FROM memberships m JOIN persons p ON p.id = m.person_id WHERE m.household_id");
                by_ids(&self.reader, &head, &ids, " ORDER BY m.from_date, m.id", |r| {
                    Ok(Member { membership: membership_from(r)?, person: person_from(r)? })
                })
                .await
            }

            async fn persons_memberships(&self, persons: &[PersonId]) -> StoreResult<Vec<(PersonId, Vec<Membership>)>> {
                // Each person once, also when the list names them in two chunks.
                let mut ids: Vec<Uuid> = persons.iter().map(|i| i.0).collect();
                ids.sort_unstable();
                ids.dedup();
                let head = format!(
                    "SELECT p.id AS p_id, {MEMBERSHIP_COLUMNS} FROM persons p LEFT JOIN memberships m ON m.person_id = p.id WHERE p.id"
                );
                let rows = by_ids(&self.reader, &head, &ids, " ORDER BY p.id, m.from_date, m.id", |r| {
                    let person = PersonId(r.try_get("p_id")?);
                    let membership = match r.try_get::<Option<Uuid>, _>("m_id")? {
                        Some(_) => Some(membership_from(r)?),
                        None => None,
                    };
                    Ok((person, membership))
                })
                .await?;
                let mut found: Vec<(PersonId, Vec<Membership>)> = Vec::new();
                for (person, membership) in rows {
                    if found.last().is_none_or(|(p, _)| *p != person) {
                        found.push((person, Vec::new()));
                    }
                    if let (Some(m), Some((_, all))) = (membership, found.last_mut()) {
                        all.push(m);
                    }
                }
                Ok(found)
            }

            async fn memberships_of(&self, person: PersonId) -> StoreResult<Vec<Membership>> {
                let rows = sqlx::query(&format!("SELECT {MEMBERSHIP_COLUMNS} FROM memberships m WHERE m.person_id = $1 ORDER BY m.from_date, m.id"))
                    .bind(person.0)
                    .fetch_all(&self.reader)
                    .await?;
                rows.iter().map(membership_from).collect()
            }

            async fn add_membership(&self, m: &Membership, log: &[ProcessingRecord]) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                let current: Option<Uuid> = sqlx::query_scalar(
                    "SELECT id FROM memberships WHERE household_id = $1 AND person_id = $2 AND to_date IS NULL",
                )
                .bind(m.household_id.0)
                .bind(m.person_id.0)
                .fetch_optional(&mut *tx)
                .await?;
                if current.is_some() {
                    return Err(StoreError::Conflict {
                        code: "already_member",
                        field: Some("person_id"),
                        en: "this person is already a member of the household",
                        nl: "deze persoon is al lid van het huishouden",
                    });
                }
                insert_memberships(&mut *tx, std::slice::from_ref(m)).await?;
                sqlx::query("UPDATE households SET version = version + 1 WHERE id = $1").bind(m.household_id.0).execute(&mut *tx).await?;
                reindex_household(&mut tx, m.household_id).await?;
                insert_log(&mut *tx, log).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn membership(&self, id: MembershipId) -> StoreResult<Option<Membership>> {
                let row = sqlx::query(&format!("SELECT {MEMBERSHIP_COLUMNS} FROM memberships m WHERE m.id = $1"))
                    .bind(id.0)
                    .fetch_optional(&self.reader)
                    .await?;
                row.map(|r| membership_from(&r)).transpose()
            }

            async fn end_membership(&self, m: &Membership, log: &[ProcessingRecord]) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                let done = sqlx::query("UPDATE memberships SET to_date = $1 WHERE id = $2 AND to_date IS NULL")
                    .bind(m.to.map(|d| d.to_db()))
                    .bind(m.id.0)
                    .execute(&mut *tx)
                    .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::stale());
                }
                sqlx::query("UPDATE households SET version = version + 1 WHERE id = $1").bind(m.household_id.0).execute(&mut *tx).await?;
                reindex_household(&mut tx, m.household_id).await?;
                insert_log(&mut *tx, log).await?;
                tx.commit().await?;
                Ok(())
            }
        }

        /// Drops the indexes of `IMPORT_DEFERRED_INDEXES` that exist, each with its definition kept in
        /// `deferred_indexes` in the same transaction.
        async fn drop_indexes(writer: &sqlx::Pool<$db>) -> StoreResult<()> {
            for name in crate::IMPORT_DEFERRED_INDEXES {
                let mut tx = writer.begin().await?;
                let found: Option<String> = sqlx::query_scalar(INDEX_DEFINITION).bind(*name).fetch_optional(&mut *tx).await?;
                if let Some(definition) = found {
                    sqlx::query("INSERT INTO deferred_indexes (name, definition) VALUES ($1, $2)")
                        .bind(*name)
                        .bind(definition)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query(&format!("DROP INDEX {name}")).execute(&mut *tx).await?;
                }
                tx.commit().await?;
            }
            Ok(())
        }

        /// Creates the indexes `drop_indexes` dropped, each in one transaction with its row's removal.
        /// Nothing before migration 0041, which made the table.
        async fn create_deferred_indexes(writer: &sqlx::Pool<$db>) -> StoreResult<()> {
            let made: i64 = sqlx::query_scalar(TABLE_EXISTS).bind("deferred_indexes").fetch_one(writer).await?;
            if made == 0 {
                return Ok(());
            }
            let deferred: Vec<(String, String)> =
                sqlx::query_as("SELECT name, definition FROM deferred_indexes ORDER BY name").fetch_all(writer).await?;
            for (name, definition) in deferred {
                // Another server starting at the same moment may have created it already.
                let definition = definition.replacen("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1);
                let mut tx = writer.begin().await?;
                sqlx::query(&definition).execute(&mut *tx).await?;
                sqlx::query("DELETE FROM deferred_indexes WHERE name = $1").bind(name).execute(&mut *tx).await?;
                tx.commit().await?;
            }
            Ok(())
        }

        /// The rows of a page of the household list (`HouseholdStore::list_households`), undecoded.
        async fn list_rows(reader: &sqlx::Pool<$db>, q: &HouseholdQuery) -> StoreResult<Vec<$row>> {
            // One search word, or a rare one among several, drives the query from the search index, which
            // names its households; they are sorted by name after. When several words are all common, the
            // households are walked in name order and each is checked; that walk stops after one page.
            // A phrase that starts some name is one selective range and replaces the words.
            let mut phrase_matches = false;
            if let Some(phrase) = &q.phrase {
                phrase_matches = sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM (SELECT 1 FROM household_tokens WHERE token >= $1 AND token < $2 LIMIT 1) t")
                    .bind(phrase)
                    .bind(prefix_end(phrase))
                    .fetch_one(reader)
                    .await?
                    > 0;
            }
            let phrase_words;
            let words = match &q.phrase {
                Some(phrase) if phrase_matches => {
                    phrase_words = vec![phrase.clone()];
                    &phrase_words
                }
                _ => &q.words,
            };
            // Among a professional's own households (`within`, a few hundred), the page is read from the
            // search index: each household's entries for the first word are looked up by household
            // (the key of `household_tokens`), and only the matches are read from `households` for their
            // names' order. Looking every own household up in `households` first touched twice the pages,
            // which a reader reads afresh after every write (docs/performance.md).
            // A BSN or a birth date (the "known elsewhere" look-up's words) names a few households at most,
            // so it drives without counting every word's entries first (four statements for a full name
            // with a birth date, the common words' the costliest).
            let identifying = words.iter().position(|w| crate::digits(w, 9) || crate::digits(w, 8));
            let mut driver = (words.len() == 1 || (q.within.is_some() && !words.is_empty()))
                .then_some(0)
                .or(identifying);
            let limit = i64::from(q.limit);
            let mut b = sqlx::QueryBuilder::<$db>::new(format!(
                "SELECT {HOUSEHOLD_COLUMNS}, \
                 (SELECT COUNT(*) FROM memberships m WHERE m.household_id = h.id AND m.to_date IS NULL) AS members, \
                 c.id AS case_id, c.phase AS case_phase FROM "
            ));
            // Among one's own households, the team's open cases carry their households' words (migration 0040):
            // their leads' indexes give the matches, checked in the index itself on SQLite, instead of a look-up
            // in the search index household by household (a random page each, cold after every write). The
            // rest of the households worked with (registered without a case, a task, a signal received) are
            // looked up in the search index, as every household is below.
            if let (Some(within), Some(first)) = (&q.within, words.first()) {
                b.push("(SELECT sort_key, household_id FROM (");
                for column in ["lead_primary", "lead_secondary", "rvt_professional"] {
                    if within.team.is_empty() {
                        break;
                    }
                    b.push(format!(
                        "SELECT household_sort_key AS sort_key, household_id FROM cases WHERE closed_at IS NULL AND {column} IN ("
                    ));
                    let mut ids = b.separated(", ");
                    for p in &within.team {
                        ids.push_bind(p.0);
                    }
                    b.push(")");
                    for word in words {
                        b.push(format!(" AND {CONTAINS}(household_words, ")).push_bind(crate::words_needle(word)).push(") > 0");
                    }
                    b.push(" UNION ");
                }
                b.push("SELECT n.sort_key, p.household_id FROM household_tokens p JOIN households n ON n.id = p.household_id WHERE p.token >= ")
                    .push_bind(first.clone())
                    .push(" AND p.token < ")
                    .push_bind(prefix_end(first))
                    .push(format!(" AND p.household_id{}", IN_SUBQUERY.0));
                push_worked_with(&mut b, within, false);
                b.push(IN_SUBQUERY.1);
                for word in &words[1..] {
                    push_has_word(&mut b, "p.household_id", word);
                }
                b.push(") mine WHERE 1 = 1");
                push_after(&mut b, "(sort_key, household_id)", q.after);
                b.push(" ORDER BY sort_key, household_id LIMIT ").push_bind(limit);
                b.push(") page JOIN households h ON h.id = page.household_id");
                b.push(" LEFT JOIN cases c ON c.household_id = h.id AND c.closed_at IS NULL");
                b.push(" ORDER BY h.sort_key || '', h.id LIMIT ").push_bind(limit);
                return Ok(b.build().fetch_all(reader).await?);
            }
            if driver.is_none() && words.len() > 1 {
                let mut fewest = SELECTIVE;
                for (i, word) in words.iter().enumerate() {
                    let count: i64 = sqlx::query_scalar(
                        "SELECT COUNT(*) FROM (SELECT 1 FROM household_tokens WHERE token >= $1 AND token < $2 LIMIT $3) t",
                    )
                    .bind(word)
                    .bind(prefix_end(word))
                    .bind(SELECTIVE)
                    .fetch_one(reader)
                    .await?;
                    if count < fewest {
                        fewest = count;
                        driver = Some(i);
                    }
                }
            }
            // The words that filter rather than drive, checked per household `owner`.
            let filter = |b: &mut sqlx::QueryBuilder<'_, $db>, owner: &str| {
                if let Some(within) = &q.within {
                    b.push(format!(" AND {owner}{}", IN_SUBQUERY.0));
                    push_worked_with(b, within, true);
                    b.push(IN_SUBQUERY.1);
                }
                for (_, word) in words.iter().enumerate().filter(|(i, _)| Some(*i) != driver) {
                    push_has_word(b, owner, word);
                }
            };
            b.push("households h LEFT JOIN cases c ON c.household_id = h.id AND c.closed_at IS NULL WHERE 1 = 1");
            if let Some(d) = driver {
                let word = &words[d];
                // The driving word is a BSN or a birth date (need-to-know's only search over every household),
                // the rarest of several, or the only one: the households it names are read off the word index,
                // looked up one by one (the backend's `IN_SUBQUERY`: as a join, PostgreSQL's generic plan
                // expected thousands and read all of `households`) and sorted by name below. (A single common
                // word over every household would sort all its households: the access layer searches those
                // among one's own, above.)
                b.push(format!(" AND h.id{}SELECT p.household_id FROM household_tokens p WHERE p.token >= ", IN_SUBQUERY.0))
                    .push_bind(word.clone())
                    .push(" AND p.token < ")
                    .push_bind(prefix_end(word));
                filter(&mut b, "p.household_id");
                b.push(IN_SUBQUERY.1);
            } else {
                filter(&mut b, "h.id");
            }
            push_after(&mut b, "(h.sort_key, h.id)", q.after);
            // Sorting an expression keeps the planner from walking the whole name index for a short list.
            let order = if driver.is_some() || q.within.is_some() { "h.sort_key || ''" } else { "h.sort_key" };
            b.push(format!(" ORDER BY {order}, h.id LIMIT ")).push_bind(limit);
            Ok(b.build().fetch_all(reader).await?)
        }

        /// Keeps the households `owner` (a column) with a search word that starts with `word`: checked
        /// household by household (the backend's `ONE_BY_ONE`).
        fn push_has_word(b: &mut sqlx::QueryBuilder<'_, $db>, owner: &str, word: &str) {
            b.push(format!(" AND EXISTS (SELECT 1 FROM household_tokens t WHERE t.household_id = {owner} AND t.token >= "))
                .push_bind(word.to_owned())
                .push(" AND t.token < ")
                .push_bind(prefix_end(word))
                .push(ONE_BY_ONE)
                .push(")");
        }

        /// Continues a page of households after the household `after`, by the name-order `key` (sort key, id).
        fn push_after(b: &mut sqlx::QueryBuilder<'_, $db>, key: &str, after: Option<HouseholdId>) {
            if let Some(after) = after {
                b.push(format!(" AND {key} > (SELECT sort_key, id FROM households WHERE id = "))
                    .push_bind(after.0)
                    .push(")");
            }
        }

        /// The households a team works with (`WorkedWith`), as a query: one part per column, so that each uses
        /// its index; without the team's open cases unless `leads` (but with those whose cases do not carry
        /// their households' words). It sits inside the list's statement (as
        /// the backend's `IN_SUBQUERY` has it), so the database reads the ids itself instead of sending a
        /// team's thousands to the caller and back.
        fn push_worked_with(b: &mut sqlx::QueryBuilder<'_, $db>, w: &WorkedWith, leads: bool) {
            b.push("SELECT h.id FROM households h WHERE h.registered_by = ")
                .push_bind(w.organisation.0)
                .push(" AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.household_id = h.id) \
                       UNION SELECT household_id FROM case_tasks WHERE organisation_id = ")
                .push_bind(w.organisation.0)
                .push(" AND (starts_on IS NULL OR (starts_on <= ")
                .push_bind(w.today.to_db())
                .push(" AND due > ")
                .push_bind(w.today.to_db())
                // The team's justice work and what is nobody's yet (`Justice::involves`).
                .push(")) AND (professional_id IS NULL");
            if !w.team.is_empty() {
                b.push(" OR professional_id IN (");
                let mut ids = b.separated(", ");
                for p in &w.team {
                    ids.push_bind(p.0);
                }
                b.push(")");
            }
            b.push(")");
            for column in ["lead_primary", "lead_secondary", "rvt_professional"] {
                if w.team.is_empty() {
                    break;
                }
                // Without the leads, the team's cases are searched in their leads' indexes, except those
                // whose households have too many words to carry (`household_words`): a few, in an index of
                // their own (migration 0045).
                b.push(" UNION SELECT household_id FROM cases WHERE closed_at IS NULL AND ");
                if !leads {
                    b.push("household_words IS NULL AND ");
                }
                b.push(format!("{column} IN ("));
                let mut ids = b.separated(", ");
                for p in &w.team {
                    ids.push_bind(p.0);
                }
                b.push(")");
            }
            if w.received {
                b.push(" UNION SELECT household_id FROM signals WHERE status = 'received' AND household_id IS NOT NULL AND received_by = ")
                    .push_bind(w.organisation.0);
            }
        }

        /// Appends records to the hash chain in the caller's transaction. Taking the chain's head row first
        /// (an UPDATE, which PostgreSQL locks until commit; SQLite has one writer anyway) makes concurrent
        /// appends queue, so every record follows exactly one other. Callers append last in their
        /// transaction, so the head is held only until the commit. The database's triggers (migration
        /// 0037) give the head the last record's hash and note the records' subjects as they land; a
        /// migration that rebuilds `processing_log` on SQLite (as 0011 and 0015 did) drops them and must
        /// create them again. On SQLite the reads' records staged before come first ([`settle_staged`]),
        /// so the chain keeps the order in which the records were made.
        async fn insert_log(conn: &mut <$db as sqlx::Database>::Connection, records: &[ProcessingRecord]) -> StoreResult<()> {
            settle_staged(conn).await?;
            chain_log(conn, &records.iter().map(LoggedProcessing::from).collect::<Vec<_>>()).await
        }

        /// Appends records to the hash chain in the caller's transaction, right after its head.
        async fn chain_log(conn: &mut <$db as sqlx::Database>::Connection, records: &[LoggedProcessing]) -> StoreResult<()> {
            if records.is_empty() {
                return Ok(());
            }
            let head = sqlx::query_as(ADVANCE_CHAIN).bind(log_size(records.len())?).fetch_one(&mut *conn).await?;
            insert_chained(conn, records, head).await
        }

        /// Takes the chain's head for a number of records: its last seq moved on by that many (the row lock on
        /// PostgreSQL, which keeps concurrent appends in order), with the hash the first of them builds on.
        const ADVANCE_CHAIN: &str = "UPDATE log_chain SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash";

        /// A number of processing-log records as the chain counts them.
        fn log_size(records: usize) -> StoreResult<i64> {
            i64::try_from(records).map_err(|_| bad("processing log", "batch size"))
        }

        /// The processing log's columns that a record itself fills: all but its place in the chain.
        const LOG_COLUMNS: &str = "at, professional_id, organisation_id, purpose, operation, household_id, person_id, \
             activity, trace_id, span_id, parent_span_id, emergency, by_person_id";

        /// Binds a record's values in the order of [`LOG_COLUMNS`].
        fn push_record(b: &mut sqlx::query_builder::Separated<'_, '_, $db, &'static str>, r: &LoggedProcessing) {
            b.push_bind(r.at.to_db())
                .push_bind(r.professional.map(|p| p.0))
                .push_bind(r.organisation.0)
                .push_bind(r.purpose.clone())
                .push_bind(r.operation.clone())
                .push_bind(r.household.map(|h| h.0))
                .push_bind(r.person.map(|p| p.0))
                .push_bind(r.activity.clone())
                .push_bind(r.span.trace_id.to_vec())
                .push_bind(r.span.span_id.to_vec())
                .push_bind(r.span.parent_span_id.map(|p| p.to_vec()))
                .push_bind(i64::from(r.emergency))
                .push_bind(r.by_person.map(|p| p.0));
        }

        /// Records in the chain after its head `(last, hash)`: each with its seq, the hash before it and its own
        /// (as bytes, as stored since migration 0043), and the last one's hash as text, the head's new hash.
        fn chained_rows(records: &[LoggedProcessing], (last, mut prev): (i64, String)) -> StoreResult<(Vec<ChainedRow<'_>>, String)> {
            let mut seq = last;
            let mut rows = Vec::with_capacity(records.len());
            // The head's hash is checked once, and each record's own hash, converted once, is the next one's
            // previous.
            let as_bytes = |h: &str| unhex(h).ok_or_else(|| bad("log_chain hash", h));
            let mut prev_bytes = as_bytes(&prev)?;
            for r in records {
                seq += 1;
                let hash = chain_hash(&prev, r);
                let hash_bytes = as_bytes(&hash)?;
                rows.push((seq, r, std::mem::replace(&mut prev_bytes, hash_bytes.clone()), hash_bytes));
                prev = hash;
            }
            Ok((rows, prev))
        }

        /// A record with its place in the chain: seq, previous hash and own hash.
        type ChainedRow<'r> = (i64, &'r LoggedProcessing, Vec<u8>, Vec<u8>);

        /// Inserts processing-log records after the chain's head `(last, hash)` as `ADVANCE_CHAIN` returned it
        /// for exactly these records.
        async fn insert_chained(
            conn: &mut <$db as sqlx::Database>::Connection,
            records: &[LoggedProcessing],
            (last, prev): (i64, String),
        ) -> StoreResult<()> {
            let (rows, _) = chained_rows(records, (last - log_size(records.len())?, prev))?;
            for chunk in rows.chunks(ROWS / 2) {
                let mut b = sqlx::QueryBuilder::<$db>::new(format!("INSERT INTO processing_log ({LOG_COLUMNS}, seq, prev_hash, hash) "));
                push_chained_rows(&mut b, chunk);
                b.build().execute(&mut *conn).await?;
            }
            Ok(())
        }

        /// Stages reads' processing-log records in the file beside the database (SQLite only, see
        /// `sqlite.rs`): the database itself does not change, so its readers keep their page caches.
        async fn stage_reads(conn: &mut <$db as sqlx::Database>::Connection, records: &[LoggedProcessing]) -> StoreResult<()> {
            for chunk in records.chunks(ROWS / 2) {
                let mut b = sqlx::QueryBuilder::<$db>::new(format!("INSERT INTO staged.reads ({LOG_COLUMNS}) "));
                b.push_values(chunk, |mut b, r| push_record(&mut b, r));
                b.build().execute(&mut *conn).await?;
            }
            Ok(())
        }

        /// Moves the staged reads' records into the hash chain, in the order they were staged, in the
        /// caller's write transaction (SQLite only; nothing to do on PostgreSQL). The transaction spans the
        /// database and the staging file, which SQLite commits file by file, the database first: the
        /// database's `log_chain.staged` notes the last record moved, so a crash between the two commits
        /// moves no record twice. A staging file whose numbering is below that mark is a new one (beside a
        /// restored database): none of its records has been moved. Only a staging file that the database
        /// claimed (`SqliteStore::migrate`) gives up its records.
        async fn settle_staged(conn: &mut <$db as sqlx::Database>::Connection) -> StoreResult<()> {
            if !STAGED_READS {
                return Ok(());
            }
            let rows = sqlx::query(
                "SELECT r.* FROM log_chain c CROSS JOIN staged.reads r WHERE c.id = 1 \
                 AND c.staging = (SELECT id FROM staged.owner) AND r.n > CASE WHEN coalesce((SELECT seq \
                 FROM staged.sqlite_sequence WHERE name = 'reads'), 0) < c.staged THEN 0 ELSE c.staged END ORDER BY r.n",
            )
            .fetch_all(&mut *conn)
            .await?;
            let Some(last) = rows.last().map(|r| r.try_get::<i64, _>("n")).transpose()? else {
                return Ok(());
            };
            let records = rows.iter().map(logged_from).collect::<StoreResult<Vec<_>>>()?;
            chain_log(conn, &records).await?;
            sqlx::query("UPDATE log_chain SET staged = $1 WHERE id = 1").bind(last).execute(&mut *conn).await?;
            sqlx::query("DELETE FROM staged.reads WHERE n <= $1").bind(last).execute(&mut *conn).await?;
            Ok(())
        }

        /// Rows per insert statement: well under both drivers' bind-parameter limits.
        const ROWS: usize = 500;

        async fn insert_households(conn: &mut <$db as sqlx::Database>::Connection, rows: &[Household], at: Timestamp) -> StoreResult<()> {
            for chunk in rows.chunks(ROWS) {
                let mut b = sqlx::QueryBuilder::<$db>::new(
                    "INSERT INTO households (id, region_id, name, sort_key, street, house_number, postcode, city, registered_by, created_at, version) ",
                );
                b.push_values(chunk, |mut b, h| {
                    let [street, number, postcode, city] = address_columns(h.address.as_ref());
                    b.push_bind(h.id.0)
                        .push_bind(h.region_id.0)
                        .push_bind(h.name.as_str().to_owned())
                        .push_bind(regie_domain::person::normalise(h.name.as_str()))
                        .push_bind(street)
                        .push_bind(number)
                        .push_bind(postcode)
                        .push_bind(city)
                        .push_bind(h.registered_by.map(|o| o.0))
                        .push_bind(at.to_db())
                        .push_bind(h.version);
                });
                b.build().execute(&mut *conn).await?;
            }
            Ok(())
        }

        async fn insert_persons(conn: &mut <$db as sqlx::Database>::Connection, rows: &[Person], at: Timestamp) -> StoreResult<()> {
            for chunk in rows.chunks(ROWS) {
                let mut b = sqlx::QueryBuilder::<$db>::new(
                    "INSERT INTO persons (id, given_name, family_name, name_key, date_of_birth, bsn, street, house_number, postcode, city, created_at, version) ",
                );
                b.push_values(chunk, |mut b, p| {
                    let [street, number, postcode, city] = address_columns(p.address.as_ref());
                    b.push_bind(p.id.0)
                        .push_bind(p.name.given.as_str().to_owned())
                        .push_bind(p.name.family.as_str().to_owned())
                        .push_bind(p.name.match_key())
                        .push_bind(p.date_of_birth.to_db())
                        .push_bind(p.bsn.as_ref().map(Bsn::as_string))
                        .push_bind(street)
                        .push_bind(number)
                        .push_bind(postcode)
                        .push_bind(city)
                        .push_bind(at.to_db())
                        .push_bind(p.version);
                });
                b.build().execute(&mut *conn).await.map_err(|e| {
                    on_unique(e, StoreError::Conflict {
                        code: "bsn_taken",
                        field: Some("bsn"),
                        en: "a person with this BSN is already registered",
                        nl: "er is al een persoon met dit BSN geregistreerd",
                    })
                })?;
            }
            Ok(())
        }

        async fn insert_memberships(conn: &mut <$db as sqlx::Database>::Connection, rows: &[Membership]) -> StoreResult<()> {
            for chunk in rows.chunks(ROWS) {
                let mut b = sqlx::QueryBuilder::<$db>::new(
                    "INSERT INTO memberships (id, household_id, person_id, relation, from_date, to_date) ",
                );
                b.push_values(chunk, |mut b, m| {
                    b.push_bind(m.id.0)
                        .push_bind(m.household_id.0)
                        .push_bind(m.person_id.0)
                        .push_bind(m.relation.as_str())
                        .push_bind(m.from.to_db())
                        .push_bind(m.to.map(|d| d.to_db()));
                });
                b.build().execute(&mut *conn).await?;
            }
            Ok(())
        }

        /// Inserts new cases with their events (every event of each case, from its opening), each case with
        /// the tally of its history, and counts them in the figures for steering. Each case carries its
        /// household's sort key and search words (migration 0040): from `words` when it has the household (a
        /// bulk import's, computed with its search index), else copied from the search index.
        async fn insert_cases(
            conn: &mut <$db as sqlx::Database>::Connection,
            rows: &[Case],
            events: &[NewEvent],
            words: &std::collections::HashMap<HouseholdId, (String, Option<String>)>,
        ) -> StoreResult<()> {
            let mut history: std::collections::HashMap<CaseId, Vec<&NewEvent>> = std::collections::HashMap::new();
            for e in events {
                history.entry(e.case_id).or_default().push(e);
            }
            // Each case's route and tally as stored, in the order of `rows`.
            let mut documents = Vec::with_capacity(rows.len());
            let mut counted = Vec::new();
            for c in rows {
                let mut of_case = history.remove(&c.id).unwrap_or_default();
                of_case.sort_by_key(|e| e.seq);
                let (tally, deltas) = regie_domain::stats::Tally::of(of_case.iter().map(|e| (&e.change, e.at)));
                documents.push((crate::compact(&c.route)?, crate::compact(&tally)?));
                counted.push((c.household_id.0, deltas));
            }
            let mut documents = documents.into_iter();
            for chunk in rows.chunks(ROWS) {
                let mut b = sqlx::QueryBuilder::<$db>::new(format!(
                    "INSERT INTO cases ({CASE_COLUMNS}, rvt_professional, tally, household_sort_key, household_words) "
                ));
                b.push_values(chunk.iter().zip(documents.by_ref()), |mut b, (c, (route, tally))| {
                    let (sort_key, household_words) = words.get(&c.household_id).cloned().unzip();
                    let household_words = household_words.flatten();
                    b.push_bind(c.id.0)
                        .push_bind(c.household_id.0)
                        .push_bind(c.phase.as_str())
                        .push_bind(c.lead.primary.0)
                        .push_bind(c.lead.secondary.map(|p| p.0))
                        .push_bind(c.legal_frame.as_str())
                        .push_bind(c.opened_at.to_db())
                        .push_bind(c.closed_at.map(|t| t.to_db()))
                        .push_bind(c.handoffs)
                        .push_bind(c.version)
                        .push_bind(Json(route))
                        .push_bind(rvt_professional(c))
                        .push_bind(Json(tally))
                        .push_bind(sort_key)
                        .push_bind(household_words);
                });
                b.build().execute(&mut *conn).await.map_err(|e| {
                    on_unique(e, StoreError::Conflict {
                        code: "open_case_exists",
                        field: Some("household_id"),
                        en: "this household already has an open case: one household, one route",
                        nl: "dit huishouden heeft al een open zaak: één huishouden, één route",
                    })
                })?;
                let copied: Vec<&Case> = chunk.iter().filter(|c| !words.contains_key(&c.household_id)).collect();
                if copied.is_empty() {
                    continue;
                }
                // As `household_words` makes them, none when they would be longer than it allows.
                let mut b = sqlx::QueryBuilder::<$db>::new(
                    "UPDATE cases SET household_sort_key = (SELECT sort_key FROM households h WHERE h.id = cases.household_id), \
                     household_words = (SELECT ",
                );
                b.push_bind("\n")
                    .push(" || string_agg(token, ")
                    .push_bind("\n")
                    .push(format!(
                        ") FROM household_tokens t WHERE t.household_id = cases.household_id HAVING sum({}token{} + 1) <= ",
                        OCTET_LENGTH.0, OCTET_LENGTH.1
                    ))
                    .push_bind(crate::CASE_WORDS_MAX as i64)
                    .push(") WHERE id");
                push_ids(&mut b, copied.iter().map(|c| c.id.0));
                b.build().execute(&mut *conn).await?;
            }
            insert_events(&mut *conn, events).await?;
            // A case that comes with tasks (a bulk import's justice route, an assessment's investigation) comes
            // with its organisations' tasks.
            for c in rows {
                let mut b = sqlx::QueryBuilder::<$db>::new("");
                if push_tasks(&mut b, c) {
                    b.build().execute(&mut *conn).await?;
                }
            }
            count_in_households(&mut *conn, counted).await
        }

        /// Rewrites the organisations' tasks on a case (`case_tasks`, `Case::tasks`). A case without a justice
        /// route or an investigation after an assessment never had any (they are only ever added), so it
        /// costs nothing.
        async fn write_tasks(conn: &mut <$db as sqlx::Database>::Connection, case: &Case) -> StoreResult<()> {
            if !may_have_tasks(case) {
                return Ok(());
            }
            sqlx::query("DELETE FROM case_tasks WHERE case_id = $1").bind(case.id.0).execute(&mut *conn).await?;
            let mut b = sqlx::QueryBuilder::<$db>::new("");
            if push_tasks(&mut b, case) {
                b.build().execute(&mut *conn).await?;
            }
            Ok(())
        }

        /// Whether a case has, or had, tasks of organisations (`write_tasks`).
        fn may_have_tasks(case: &Case) -> bool {
            case.route.justice != regie_domain::justice::Justice::default()
                || case.route.signals.iter().any(|s| s.investigation.is_some())
        }

        /// Pushes the insert of a case's tasks onto `b`; `false` (and nothing pushed) when it has none.
        fn push_tasks<'a>(b: &mut sqlx::QueryBuilder<'a, $db>, case: &'a Case) -> bool {
            let tasks = case.tasks();
            if tasks.is_empty() {
                return false;
            }
            b.push("INSERT INTO case_tasks (case_id, household_id, organisation_id, due, starts_on, professional_id) ");
            b.push_values(tasks, |mut row, t| {
                row.push_bind(case.id.0)
                    .push_bind(case.household_id.0)
                    .push_bind(t.organisation.0)
                    .push_bind(t.due.to_db())
                    .push_bind(t.from.map(|d| d.to_db()))
                    .push_bind(t.professional.map(|p| p.0));
            });
            true
        }

        async fn insert_events(conn: &mut <$db as sqlx::Database>::Connection, rows: &[NewEvent]) -> StoreResult<()> {
            for chunk in rows.chunks(ROWS) {
                let mut b = sqlx::QueryBuilder::<$db>::new("");
                push_events(&mut b, chunk);
                b.build().execute(&mut *conn).await.map_err(|err| on_unique(err, StoreError::stale()))?;
            }
            Ok(())
        }

        /// Pushes the insert of these events (at most [`ROWS`]) onto `b`.
        fn push_events<'a>(b: &mut sqlx::QueryBuilder<'a, $db>, rows: &'a [NewEvent]) {
            b.push("INSERT INTO case_events (case_id, seq, at, actor_id, by_person_id, organisation_id, reason, payload) ");
            b.push_values(rows, |mut b, e| {
                b.push_bind(e.case_id.0)
                    .push_bind(e.seq)
                    .push_bind(e.at.to_db())
                    .push_bind(e.actor.professional().map(|p| p.0))
                    .push_bind(match e.actor {
                        regie_domain::EventActor::Member { person_id } => Some(person_id.0),
                        regie_domain::EventActor::Professional { .. } => None,
                    })
                    .push_bind(e.organisation.0)
                    .push_bind(e.reason.as_ref().map(|r| r.as_str().to_owned()))
                    .push_bind(Json(e.change.clone()));
            });
        }

        /// Fills the webhook outbox for case events that are notified (F28), in the transaction that writes
        /// them and after the case's new state and tasks (called only when some organisation subscribes,
        /// which `stored_cases` tells): for each subscription to the event's type of an
        /// organisation involved in the case as it is now — its contact persons', its RVT professional's, or one
        /// with a statutory task in it that has started (need-to-know: nobody else learns that the case exists).
        async fn enqueue_case_notifications(conn: &mut <$db as sqlx::Database>::Connection, events: &[NewEvent]) -> StoreResult<()> {
            if !events.iter().any(|e| regie_domain::notification::EventType::of_change(&e.change).is_some()) {
                return Ok(());
            }
            for e in events {
                let mut b = sqlx::QueryBuilder::<$db>::new("");
                if push_case_notification(&mut b, e) {
                    b.build().execute(&mut *conn).await?;
                }
            }
            Ok(())
        }

        /// Pushes the outbox entries of one case event onto `b` (see `enqueue_case_notifications`); `false`
        /// (and nothing pushed) when its kind is not notified.
        fn push_case_notification<'a>(b: &mut sqlx::QueryBuilder<'a, $db>, e: &'a NewEvent) -> bool {
            let Some(kind) = regie_domain::notification::EventType::of_change(&e.change) else {
                return false;
            };
            let today = regie_domain::time::date_in_nl(e.at);
            b.push("INSERT INTO webhook_outbox (subscription_id, event_id, event_type, resource_id, sequence, at, next_attempt_at) SELECT s.id, ")
                .push_bind(e.id.0)
                .push(", ")
                .push_bind(kind.as_str())
                .push(", ")
                .push_bind(e.case_id.0)
                .push(", ")
                .push_bind(e.seq)
                .push(", ")
                .push_bind(e.at.to_db())
                .push(", ")
                .push_bind(e.at.to_db())
                .push(
                    " FROM webhook_subscriptions s JOIN webhook_subscription_types t ON t.subscription_id = s.id AND t.event_type = ",
                )
                .push_bind(kind.as_str())
                .push(
                    " WHERE s.ended_at IS NULL AND s.organisation_id IN (SELECT p.organisation_id FROM cases c JOIN professionals p \
                     ON p.id = c.lead_primary OR p.id = c.lead_secondary OR p.id = c.rvt_professional WHERE c.id = ",
                )
                .push_bind(e.case_id.0)
                .push(" UNION SELECT organisation_id FROM case_tasks WHERE case_id = ")
                .push_bind(e.case_id.0)
                .push(" AND (starts_on IS NULL OR (starts_on <= ")
                .push_bind(today.to_db())
                .push(" AND due > ")
                .push_bind(today.to_db())
                .push("))) ORDER BY s.id");
            true
        }

        /// Fills the webhook outbox for signals received, for the receiving organisation's subscriptions.
        async fn enqueue_signal_notifications(conn: &mut <$db as sqlx::Database>::Connection, intake: &[SignalIntake]) -> StoreResult<()> {
            let kind = regie_domain::notification::EventType::SignalReceived.as_str();
            // One statement per chunk: the signals as a VALUES list (whose columns are column1… on both
            // databases), each joined to its receiver's subscriptions, queued in the signals' order.
            for chunk in intake.chunks(ROWS / 4) {
                let mut b = sqlx::QueryBuilder::<$db>::new(
                    "INSERT INTO webhook_outbox (subscription_id, event_id, event_type, resource_id, at, next_attempt_at) \
                     SELECT s.id, v.column2, t.event_type, v.column2, v.column3, v.column3 FROM (",
                );
                b.push_values(chunk.iter().enumerate(), |mut b, (i, intake)| {
                    let s = &intake.signal;
                    let order = i64::try_from(i).unwrap_or(i64::MAX);
                    b.push_bind(order).push_bind(s.id.0).push_bind(s.registered_at.to_db()).push_bind(s.received_by.0);
                });
                b.push(
                    ") v JOIN webhook_subscriptions s ON s.organisation_id = v.column4 AND s.ended_at IS NULL \
                     JOIN webhook_subscription_types t ON t.subscription_id = s.id AND t.event_type = ",
                )
                .push_bind(kind)
                .push(" ORDER BY v.column1, s.id");
                b.build().execute(&mut *conn).await?;
            }
            Ok(())
        }

        /// These cases as stored, each with its tally (`None` before the figures were first counted), read in
        /// one statement per chunk; and whether any organisation subscribes to notifications at all (the
        /// same look for the whole batch, so that a region without subscriptions queues none).
        async fn stored_cases(
            conn: &mut <$db as sqlx::Database>::Connection,
            cases: &[Uuid],
        ) -> StoreResult<(std::collections::HashMap<Uuid, (Case, Option<regie_domain::stats::Tally>)>, bool)> {
            let mut found = std::collections::HashMap::with_capacity(cases.len());
            let mut subscribed = false;
            for chunk in cases.chunks(ROWS) {
                let mut b = sqlx::QueryBuilder::<$db>::new(format!(
                    "SELECT {CASE_COLUMNS}, tally, EXISTS (SELECT 1 FROM webhook_subscriptions WHERE ended_at IS NULL) AS subscribed \
                     FROM cases WHERE id"
                ));
                push_ids(&mut b, chunk.iter().copied());
                for r in b.build().fetch_all(&mut *conn).await? {
                    let tally: Option<Json<regie_domain::stats::Tally>> = r.try_get("tally")?;
                    subscribed |= r.try_get::<bool, _>("subscribed")?;
                    let case = case_from(&r)?;
                    found.insert(case.id.0, (case, tally.map(|t| t.0)));
                }
            }
            Ok((found, subscribed))
        }

        /// Pushes the update of a case to its next state `c` over `stored`, the state it was built on, onto
        /// `b`, returning the case's id when it lands (not when the stored version changed meanwhile). Only the
        /// indexed columns whose value changes are set: SQLite rewrites an index's entry whenever the
        /// statement sets one of its columns (or one its condition reads, as `closed_at` for the open cases'
        /// indexes), changed or not, and each is a page of its own to write (issue 11: a lead change set all
        /// four of them).
        fn push_update_case<'a>(
            b: &mut sqlx::QueryBuilder<'a, $db>,
            c: &'a Case,
            stored: &Case,
            tally: &regie_domain::stats::Tally,
        ) -> StoreResult<()> {
            b.push("UPDATE cases SET phase = ")
                .push_bind(c.phase.as_str())
                .push(", legal_frame = ")
                .push_bind(c.legal_frame.as_str())
                .push(", handoffs = ")
                .push_bind(c.handoffs)
                .push(", version = ")
                .push_bind(c.version)
                .push(", route = ")
                .push_bind(Json(crate::compact(&c.route)?))
                .push(", tally = ")
                .push_bind(Json(crate::compact(tally)?));
            if c.lead.primary != stored.lead.primary {
                b.push(", lead_primary = ").push_bind(c.lead.primary.0);
            }
            if c.lead.secondary != stored.lead.secondary {
                b.push(", lead_secondary = ").push_bind(c.lead.secondary.map(|p| p.0));
            }
            if rvt_professional(c) != rvt_professional(stored) {
                b.push(", rvt_professional = ").push_bind(rvt_professional(c));
            }
            if c.closed_at != stored.closed_at {
                b.push(", closed_at = ").push_bind(c.closed_at.map(|t| t.to_db()));
            }
            b.push(" WHERE id = ").push_bind(c.id.0).push(" AND version = ").push_bind(stored.version).push(" RETURNING id");
            Ok(())
        }

        /// Writes the accepted changes' new states, their tasks and their `events`. Each update returns its
        /// case's id; one that does not land means a stored version moved after it was read (another
        /// transaction, on PostgreSQL), and the batch fails as a whole: the committer then writes its changes
        /// one by one, each with its own outcome. On SQLite all of it is one call to the connection's thread
        /// (its statements separated by semicolons, their parameters numbered on across them): under load a
        /// call waits for a turn on the cores, and a batch of eight changes made fourteen of them (issue 11).
        /// PostgreSQL's protocol takes one statement with parameters per call.
        ///
        /// The `notified` events (those of `events` when some organisation subscribes) queue their
        /// notifications. With `chain` records for the processing log on SQLite, the same call also takes
        /// the chain's head for them (`ADVANCE_CHAIN`, returned for `insert_chained`); PostgreSQL does both in
        /// calls of their own (`enqueue_case_notifications`, `insert_log`).
        async fn write_changes(
            conn: &mut <$db as sqlx::Database>::Connection,
            accepted: &[(&Case, Case, regie_domain::stats::Tally)],
            events: &[NewEvent],
            notified: &[NewEvent],
            chain: usize,
        ) -> StoreResult<Option<(i64, String)>> {
            let moved = || StoreError::stale();
            if STATEMENTS_TOGETHER {
                if accepted.is_empty() && chain == 0 {
                    return Ok(None);
                }
                let mut b = sqlx::QueryBuilder::<$db>::new("");
                for (c, stored, tally) in accepted {
                    push_update_case(&mut b, c, stored, tally)?;
                    b.push("; ");
                    // As `write_tasks` does it.
                    if may_have_tasks(c) {
                        b.push("DELETE FROM case_tasks WHERE case_id = ").push_bind(c.id.0).push("; ");
                        if push_tasks(&mut b, c) {
                            b.push("; ");
                        }
                    }
                }
                for chunk in events.chunks(ROWS) {
                    push_events(&mut b, chunk);
                    b.push("; ");
                }
                for e in notified {
                    if push_case_notification(&mut b, e) {
                        b.push("; ");
                    }
                }
                let size = log_size(chain)?;
                if chain > 0 {
                    let (before, after) = ADVANCE_CHAIN.split_once("$1").expect("one parameter");
                    b.push(before).push_bind(size).push(after);
                }
                let rows = b.build().fetch_all(&mut *conn).await.map_err(|err| on_unique(err, moved()))?;
                // The updates' ids, then the chain's head.
                let head = if chain > 0 {
                    let r = rows.last().ok_or_else(|| StoreError::Corrupt("the log chain's head row is missing".into()))?;
                    Some((r.try_get("seq")?, r.try_get("hash")?))
                } else {
                    None
                };
                if rows.len() - usize::from(head.is_some()) != accepted.len() {
                    return Err(moved());
                }
                Ok(head)
            } else {
                for (c, stored, tally) in accepted {
                    let mut b = sqlx::QueryBuilder::<$db>::new("");
                    push_update_case(&mut b, c, stored, tally)?;
                    if b.build().fetch_optional(&mut *conn).await?.is_none() {
                        return Err(moved());
                    }
                    write_tasks(&mut *conn, c).await?;
                }
                insert_events(&mut *conn, events).await?;
                enqueue_case_notifications(&mut *conn, notified).await?;
                Ok(None)
            }
        }

        /// What `record_all` did: each change's outcome, the log records of those written, and the chain's
        /// head where it was already taken for them and the batch's `others`.
        type CaseOutcomes = (Vec<StoreResult<()>>, Vec<ProcessingRecord>, Option<(i64, String)>);

        /// Writes case changes in one transaction: the cases as stored read in one statement, each change
        /// refused as stale when it was not built on the stored version, then the others' states, tasks and
        /// events together (`write_changes`). Returns each change's outcome and the processing-log records of
        /// those that were written, for the caller to append to the log in the same transaction after the
        /// chain's head when that was taken for them and `others` more records; an `Err` of the whole call
        /// means the transaction must be rolled back.
        async fn record_all(
            conn: &mut <$db as sqlx::Database>::Connection,
            writes: &[&crate::sql::CaseWrite],
            others: usize,
        ) -> StoreResult<CaseOutcomes> {
            let mut outcomes = Vec::with_capacity(writes.len());
            let mut events = Vec::with_capacity(writes.len());
            let mut log = Vec::new();
            let mut counted = Vec::new();
            let ids: Vec<Uuid> = writes.iter().map(|w| w.case.id.0).collect();
            let (mut stored, subscribed) = stored_cases(&mut *conn, &ids).await?;
            let mut accepted = Vec::with_capacity(writes.len());
            for w in writes {
                let c = &w.case;
                let Some((before, tally)) = stored.get(&c.id.0) else {
                    outcomes.push(Err(StoreError::NotFound { entity: "case" }));
                    continue;
                };
                if before.version != c.version - 1 {
                    outcomes.push(Err(StoreError::stale()));
                    continue;
                }
                let mut tally = tally.clone().unwrap_or_default();
                let deltas = tally.apply(&w.event.change, w.event.at);
                // A later change of the same case in this batch builds on this state and tally.
                let before = std::mem::replace(stored.get_mut(&c.id.0).expect("read above"), (c.clone(), Some(tally.clone()))).0;
                accepted.push((c, before, tally));
                counted.push((c.household_id.0, deltas));
                events.push(w.event.clone());
                log.extend_from_slice(&w.log);
                outcomes.push(Ok(()));
            }
            let notified = if subscribed { events.as_slice() } else { &[] };
            let head = write_changes(&mut *conn, &accepted, &events, notified, log.len() + others).await?;
            count_in_households(&mut *conn, counted).await?;
            Ok((outcomes, log, head))
        }

        /// `record_all` for changes whose caller appends the log records itself (`insert_log`): the changes
        /// carry none, so the chain's head is not taken for them.
        async fn record_unlogged(
            conn: &mut <$db as sqlx::Database>::Connection,
            writes: &[&crate::sql::CaseWrite],
        ) -> StoreResult<Vec<StoreResult<()>>> {
            debug_assert!(writes.iter().all(|w| w.log.is_empty()), "the caller appends the log records");
            Ok(record_all(conn, writes, 0).await?.0)
        }

        /// Writes a group of writes in one transaction: the case changes together (each refused on its own
        /// when stale), then the signals, then every processing-log record of the group in one append to the
        /// chain, after the reads' records staged before. With `stage` (a group of reads' records alone, on
        /// SQLite) the records are staged instead ([`stage_reads`]). Returns each write's outcome, in order;
        /// an `Err` of the whole call means the transaction must be rolled back.
        async fn write_all(
            tx: &mut sqlx::Transaction<'_, $db>,
            writes: &[crate::sql::Write],
            stage: bool,
        ) -> StoreResult<Vec<StoreResult<()>>> {
            use crate::sql::Write;
            if stage {
                let records: Vec<LoggedProcessing> = (writes.iter())
                    .flat_map(|w| match w {
                        Write::Log(records) => records.as_slice(),
                        Write::Case(_) | Write::Signals(_) => &[],
                    })
                    .map(LoggedProcessing::from)
                    .collect();
                stage_reads(&mut **tx, &records).await?;
                return Ok(writes.iter().map(|_| Ok(())).collect());
            }
            settle_staged(&mut **tx).await?;
            let cases: Vec<&crate::sql::CaseWrite> = writes
                .iter()
                .filter_map(|w| match w {
                    Write::Case(c) => Some(&**c),
                    Write::Signals(_) | Write::Log(_) => None,
                })
                .collect();
            // The batch's other log records, for which the chain's head may be taken together with the cases.
            let others = (writes.iter())
                .map(|w| match w {
                    Write::Log(records) => records.len(),
                    Write::Signals(s) => s.log.len(),
                    Write::Case(_) => 0,
                })
                .sum();
            let (case_outcomes, mut log, head) = record_all(&mut **tx, &cases, others).await?;
            let mut case_outcomes = case_outcomes.into_iter();
            let mut outcomes = Vec::with_capacity(writes.len());
            let mut intake = Vec::new();
            for w in writes {
                match w {
                    Write::Log(records) => {
                        log.extend_from_slice(records);
                        outcomes.push(Ok(()));
                    }
                    Write::Case(_) => outcomes.push(case_outcomes.next().expect("one outcome per case change")),
                    Write::Signals(s) => {
                        let at = s.intake.first().map_or_else(regie_domain::time::now, |i| i.signal.registered_at);
                        insert_persons(&mut **tx, &s.new_persons, at).await?;
                        intake.extend_from_slice(&s.intake);
                        log.extend_from_slice(&s.log);
                        outcomes.push(Ok(()));
                    }
                }
            }
            // The group's signals together: a handful of statements for the whole group, not for each.
            insert_signals(tx, &intake).await?;
            enqueue_signal_notifications(&mut **tx, &intake).await?;
            let log: Vec<LoggedProcessing> = log.iter().map(LoggedProcessing::from).collect();
            match head {
                Some(head) => insert_chained(&mut **tx, &log, head).await?,
                None => chain_log(&mut **tx, &log).await?,
            }
            Ok(outcomes)
        }

        /// Writes one write in its own transaction.
        async fn write_one(pool: &sqlx::Pool<$db>, write: crate::sql::Write) -> StoreResult<()> {
            let mut tx = pool.begin().await?;
            let outcome = write_all(&mut tx, std::slice::from_ref(&write), false).await?.remove(0);
            if outcome.is_ok() {
                tx.commit().await?;
            }
            outcome
        }

        #[async_trait]
        impl CaseStore for $store {
            async fn open_case(&self, c: &Case, event: &NewEvent, log: &[ProcessingRecord]) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                insert_cases(&mut *tx, std::slice::from_ref(c), std::slice::from_ref(event), &Default::default()).await?;
                insert_log(&mut *tx, log).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn case(&self, id: CaseId) -> StoreResult<Option<Case>> {
                let row = sqlx::query(&format!("SELECT {CASE_COLUMNS} FROM cases WHERE id = $1"))
                    .bind(id.0)
                    .fetch_optional(&self.reader)
                    .await?;
                row.map(|r| case_from(&r)).transpose()
            }

            async fn case_with_household(&self, id: CaseId) -> StoreResult<Option<(Case, Household)>> {
                let row = sqlx::query(CASE_WITH_HOUSEHOLD)
                    .bind(id.0)
                    .fetch_optional(&self.reader)
                    .await?;
                row.map(|r| Ok((case_from(&r)?, household_named(&r, &HOUSEHOLD_NAMES_H)?))).transpose()
            }

            async fn case_with_members(&self, id: CaseId, today: Date) -> StoreResult<Option<(Case, Vec<PersonId>)>> {
                // One statement of two parts, each row tagged: the case, then its household's current members
                // (the member rows leave the case's columns empty).
                let no_case = no_case_columns();
                let rows = sqlx::query(&format!(
                    "SELECT 'case' AS kind, NULL AS person_id, {CASE_COLUMNS} FROM cases WHERE id = $1 \
                     UNION ALL SELECT 'member', m.person_id, {no_case} FROM cases c \
                     JOIN memberships m ON m.household_id = c.household_id \
                     WHERE c.id = $1 AND m.from_date <= $2 AND (m.to_date IS NULL OR m.to_date >= $2)"
                ))
                .bind(id.0)
                .bind(today.to_db())
                .fetch_all(&self.reader)
                .await?;
                let mut case = None;
                let mut members = Vec::new();
                for r in &rows {
                    let kind: String = r.try_get("kind")?;
                    if kind == "case" {
                        case = Some(case_from(r)?);
                    } else {
                        members.push(PersonId(r.try_get("person_id")?));
                    }
                }
                Ok(case.map(|c| (c, members)))
            }

            async fn cases_of_household(&self, household: HouseholdId) -> StoreResult<Vec<Case>> {
                let rows = sqlx::query(&format!("SELECT {CASE_COLUMNS} FROM cases WHERE household_id = $1 ORDER BY opened_at, id"))
                    .bind(household.0)
                    .fetch_all(&self.reader)
                    .await?;
                rows.iter().map(case_from).collect()
            }

            async fn open_case_of(&self, household: HouseholdId) -> StoreResult<Option<Case>> {
                let row = sqlx::query(&format!("SELECT {CASE_COLUMNS} FROM cases WHERE household_id = $1 AND closed_at IS NULL"))
                    .bind(household.0)
                    .fetch_optional(&self.reader)
                    .await?;
                row.map(|r| case_from(&r)).transpose()
            }

            async fn record(&self, c: &Case, event: &NewEvent, log: &[ProcessingRecord]) -> StoreResult<()> {
                self.write(crate::sql::Write::Case(Box::new(crate::sql::CaseWrite {
                    case: c.clone(),
                    event: event.clone(),
                    log: log.to_vec(),
                })))
                .await
            }

            async fn cases_closed_since(&self, professional: ProfessionalId, since: Timestamp) -> StoreResult<Vec<Case>> {
                let mut found: Vec<Case> = Vec::new();
                for column in ["lead_primary", "lead_secondary"] {
                    let rows = sqlx::query(&format!(
                        "SELECT {CASE_COLUMNS} FROM cases WHERE {column} = $1 AND closed_at IS NOT NULL AND closed_at >= $2"
                    ))
                    .bind(professional.0)
                    .bind(since.to_db())
                    .fetch_all(&self.reader)
                    .await?;
                    for r in rows {
                        found.push(case_from(&r)?);
                    }
                }
                Ok(found)
            }

            async fn open_cases_involving(&self, professionals: &[ProfessionalId]) -> StoreResult<Vec<Case>> {
                if professionals.is_empty() {
                    return Ok(Vec::new());
                }
                // One indexed look-up per column: an OR over the three (or a UNION, in SQLite's planner) scans
                // every open case.
                let mut found: Vec<Case> = Vec::new();
                for column in ["lead_primary", "lead_secondary", "rvt_professional"] {
                    let mut b = sqlx::QueryBuilder::<$db>::new(format!(
                        "SELECT {CASE_COLUMNS} FROM cases WHERE closed_at IS NULL AND {column} IS NOT NULL AND {column} IN ("
                    ));
                    let mut ids = b.separated(", ");
                    for p in professionals {
                        ids.push_bind(p.0);
                    }
                    b.push(")");
                    for r in b.build().fetch_all(&self.reader).await? {
                        found.push(case_from(&r)?);
                    }
                }
                found.sort_by_key(|c| (c.opened_at, c.id));
                found.dedup_by_key(|c| c.id);
                Ok(found)
            }

            async fn open_cases_naming(&self, professional: ProfessionalId) -> StoreResult<Vec<Case>> {
                // Two indexed parts (the scaled-up cases' partial index, the justice tasks), each filtered on
                // the id's text in the route: an OR of the two would read every open case. A case in both
                // comes twice; `Holdings::of` counts it once.
                let named = format!("{CONTAINS}({ROUTE_TEXT}, $1) > 0");
                let rows = sqlx::query(&format!(
                    "SELECT {CASE_COLUMNS} FROM cases WHERE closed_at IS NULL AND rvt_professional IS NOT NULL AND {named} \
                     UNION ALL SELECT {CASE_COLUMNS} FROM cases WHERE id IN (SELECT case_id FROM case_tasks) \
                     AND closed_at IS NULL AND {named}"
                ))
                .bind(professional.0.to_string())
                .fetch_all(&self.reader)
                .await?;
                rows.iter().map(case_from).collect()
            }

            async fn justice_cases(&self, organisation: OrganisationId, today: Date) -> StoreResult<Vec<Case>> {
                let rows = sqlx::query(&format!(
                    "SELECT {CASE_COLUMNS} FROM cases WHERE id IN (SELECT case_id FROM case_tasks WHERE organisation_id = $1 \
                     AND (starts_on IS NULL OR (starts_on <= $2 AND due > $2)))"
                ))
                .bind(organisation.0)
                .bind(today.to_db())
                .fetch_all(&self.reader)
                .await?;
                rows.iter().map(case_from).collect()
            }

            async fn grounds_about(
                &self,
                professional: ProfessionalId,
                organisation: OrganisationId,
                households: &[HouseholdId],
                now: Timestamp,
                today: Date,
                members: bool,
            ) -> StoreResult<Grounds> {
                // One statement of three or four parts, each row tagged with what it is; the parts other
                // than the case leave the case's columns empty. `other` is the reporter's organisation of a
                // signal, and the person of a membership.
                let no_case = no_case_columns();
                let mut grounds = Grounds::default();
                fn ids(b: &mut sqlx::QueryBuilder<'_, $db>, chunk: &[HouseholdId]) {
                    push_ids(b, chunk.iter().map(|h| h.0));
                }
                // The chunk is bound up to four times.
                for chunk in households.chunks(ROWS / 4) {
                    let mut b = sqlx::QueryBuilder::<$db>::new(format!(
                        "SELECT 'case' AS kind, household_id AS about, NULL AS document, NULL AS other, {CASE_COLUMNS} \
                         FROM (SELECT {CASE_COLUMNS}, ROW_NUMBER() OVER \
                         (PARTITION BY household_id ORDER BY closed_at IS NULL DESC, opened_at DESC) AS n \
                         FROM cases WHERE household_id"
                    ));
                    ids(&mut b, chunk);
                    b.push(format!(
                        ") c WHERE n = 1 UNION ALL SELECT 'signal', ss.household_id, s.document, p.organisation_id, {no_case} \
                         FROM signal_subjects ss JOIN signals s ON s.id = ss.signal_id \
                         LEFT JOIN professionals p ON p.id = s.reporter_professional \
                         WHERE s.status IN ('received', 'assessed') AND s.received_by = "
                    ));
                    b.push_bind(organisation.0).push(" AND ss.household_id");
                    ids(&mut b, chunk);
                    b.push(format!(" UNION ALL SELECT 'emergency', household_id, NULL, NULL, {no_case} FROM emergency_access WHERE professional_id = "));
                    b.push_bind(professional.0)
                        .push(" AND at <= ")
                        .push_bind(now.to_db())
                        .push(" AND until > ")
                        .push_bind(now.to_db())
                        .push(" AND household_id");
                    ids(&mut b, chunk);
                    if members {
                        // Current on `today`, as `Membership::is_current_on` has it.
                        b.push(format!(" UNION ALL SELECT 'member', household_id, NULL, person_id, {no_case} FROM memberships WHERE from_date <= "));
                        b.push_bind(today.to_db()).push(" AND (to_date IS NULL OR to_date >= ");
                        b.push_bind(today.to_db()).push(") AND household_id");
                        ids(&mut b, chunk);
                    }
                    for r in b.build().fetch_all(&self.reader).await? {
                        let kind: String = r.try_get("kind")?;
                        let about = HouseholdId(r.try_get("about")?);
                        match kind.as_str() {
                            "case" => grounds.cases.push(case_from(&r)?),
                            "signal" => grounds.signals.push(ReceivedSignal {
                                about,
                                reporter_organisation: r.try_get::<Option<Uuid>, _>("other")?.map(OrganisationId),
                                signal: signal_from(&r)?,
                            }),
                            "emergency" => grounds.emergency.push(about),
                            _ => grounds.members.push((about, PersonId(r.try_get("other")?))),
                        }
                    }
                }
                Ok(grounds)
            }

            async fn events(&self, case: CaseId) -> StoreResult<Vec<CaseEvent>> {
                let rows = sqlx::query(EVENTS_OF_CASE)
                .bind(case.0)
                .fetch_all(&self.reader)
                .await?;
                rows.iter().map(event_from).collect()
            }

            async fn named_events(&self, case: CaseId) -> StoreResult<Vec<(CaseEvent, Option<(String, String)>)>> {
                let rows = sqlx::query(NAMED_EVENTS_OF_CASE)
                    .bind(case.0)
                    .fetch_all(&self.reader)
                    .await?;
                rows.iter()
                    .map(|r| {
                        let names = match (r.try_get("actor_name")?, r.try_get("actor_organisation")?) {
                            (Some(name), Some(organisation)) => Some((name, organisation)),
                            _ => None,
                        };
                        Ok((event_from(r)?, names))
                    })
                    .collect()
            }
        }

        impl $store {
            /// Moves the reads' records staged so far into the chain (SQLite; nothing to do on PostgreSQL), so
            /// that what reads the log next finds them.
            async fn settle_log(&self) -> StoreResult<()> {
                if !STAGED_READS {
                    return Ok(());
                }
                let mut tx = self.begin_write().await?;
                settle_staged(&mut *tx).await?;
                tx.commit().await?;
                Ok(())
            }
        }

        #[async_trait]
        impl ProcessingLogStore for $store {
            async fn log_processing(&self, records: &[ProcessingRecord]) -> StoreResult<()> {
                // In the group commit's next batch, so that many reads take the chain's head once; on SQLite a
                // batch of reads' records alone is staged beside the database (`commit_batch` in sqlite.rs).
                self.write(crate::sql::Write::Log(records.to_vec())).await
            }

            async fn processing_of_person(&self, person: PersonId) -> StoreResult<Vec<LoggedProcessing>> {
                self.settle_log().await?;
                // Through the households the person's records were made under (migration 0035), and those
                // made without a household.
                let rows = sqlx::query(
                    "SELECT l.* FROM processing_log_subjects s JOIN processing_log l \
                       ON l.household_id = s.household_id AND l.person_id = s.person_id WHERE s.person_id = $1 \
                     UNION ALL SELECT * FROM processing_log WHERE household_id IS NULL AND person_id = $1 \
                     ORDER BY seq NULLS FIRST, at",
                )
                .bind(person.0)
                .fetch_all(&self.reader)
                .await?;
                rows.iter().map(logged_from).collect()
            }

            async fn log_chain(&self, after_seq: i64, limit: u32, since: Option<Timestamp>) -> StoreResult<Vec<ChainedRecord>> {
                self.settle_log().await?;
                let rows = match since {
                    None => sqlx::query(&format!("{CHAIN_SELECT} WHERE seq > $1 ORDER BY seq LIMIT $2"))
                        .bind(after_seq)
                        .bind(i64::from(limit))
                        .fetch_all(&self.reader)
                        .await?,
                    // Planned for its moment: from a recent one the chain is read by `at`'s index, from an old
                    // one in seq's order. Both databases plan statements without their parameters' values
                    // (PostgreSQL's generic plans, SQLite's planner stability guarantee), and that plan walked
                    // the chain in seq's order from the start whatever the moment (PostgreSQL, 100k: 49 ms
                    // against 0.17 ms for the last 100 of 371,087 records; SQLite, 1M: 1.37 s for none). So
                    // the moment and the place to go on from are written into the statement, which is
                    // prepared for this run only. They are a number and a `Moment`'s own text (digits and
                    // separators), which cannot end the quotes.
                    Some(since) => sqlx::query(&format!("{CHAIN_SELECT} WHERE seq > {after_seq} AND at >= '{}' ORDER BY seq LIMIT $1", since.to_db()))
                        .persistent(false)
                        .bind(i64::from(limit))
                        .fetch_all(&self.reader)
                        .await?,
                };
                rows.iter().map(if CHAIN_PACKED { chained_packed } else { chained_from }).collect()
            }

            async fn log_head(&self) -> StoreResult<(i64, String)> {
                self.settle_log().await?;
                Ok(sqlx::query_as("SELECT seq, hash FROM log_chain WHERE id = 1").fetch_one(&self.reader).await?)
            }

            async fn processing_of_household(&self, household: HouseholdId) -> StoreResult<Vec<LoggedProcessing>> {
                self.settle_log().await?;
                // Member by member (`CROSS JOIN` keeps SQLite's planner to that order): an `IN` over the
                // members let SQLite 3.46 walk every record made without a household, 1.8 s at a million
                // households (docs/performance.md).
                let rows = sqlx::query(
                    "WITH members AS (SELECT DISTINCT person_id FROM memberships WHERE household_id = $1) \
                     SELECT * FROM processing_log WHERE household_id = $1 \
                     UNION ALL SELECT l.* FROM members m CROSS JOIN processing_log_subjects s CROSS JOIN processing_log l \
                       WHERE s.person_id = m.person_id AND s.household_id <> $1 \
                       AND l.household_id = s.household_id AND l.person_id = s.person_id \
                     UNION ALL SELECT l.* FROM members m CROSS JOIN processing_log l \
                       WHERE l.household_id IS NULL AND l.person_id = m.person_id \
                     ORDER BY seq NULLS FIRST, at",
                )
                .bind(household.0)
                .fetch_all(&self.reader)
                .await?;
                rows.iter().map(logged_from).collect()
            }
        }

        /// A region's norms from its stored rows of name and value; the defaults where it set none.
        fn norms_from(rows: Vec<(String, i32)>) -> StoreResult<regie_domain::signal::Norms> {
            let mut norms = regie_domain::signal::Norms::default();
            for (name, value) in rows {
                let value = u32::try_from(value).map_err(|_| StoreError::Corrupt(format!("norm {name} is {value}")))?;
                match name.as_str() {
                    "safety_assessment_working_days" => norms.safety_assessment_working_days = value,
                    "investigation_weeks" => norms.investigation_weeks = value,
                    "radar_years" => norms.radar_years = value,
                    "team_access" => norms.team_access = value != 0,
                    "raad_investigation_weeks" => norms.raad_investigation_weeks = value,
                    "measure_reminder_weeks" => norms.measure_reminder_weeks = value,
                    "complaint_weeks" => norms.complaint_weeks = value,
                    _ => {}
                }
            }
            Ok(norms)
        }

        const SIGNAL_COLUMNS: &str = "document";

        fn signal_from(r: &$row) -> StoreResult<regie_domain::signal::Signal> {
            Ok(r.try_get::<Json<regie_domain::signal::Signal>, _>("document")?.0)
        }

        fn signal_status(s: &regie_domain::signal::Signal) -> &'static str {
            match s.status() {
                regie_domain::signal::SignalStatus::Received => "received",
                regie_domain::signal::SignalStatus::Assessed => "assessed",
                regie_domain::signal::SignalStatus::Imported => "imported",
            }
        }

        async fn insert_signal_event(
            conn: &mut <$db as sqlx::Database>::Connection,
            s: &regie_domain::signal::Signal,
            actor: &Actor,
            at: Timestamp,
            kind: &str,
        ) -> StoreResult<()> {
            sqlx::query("INSERT INTO signal_events (signal_id, seq, at, actor_id, organisation_id, kind) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(s.id.0)
                .bind(s.version)
                .bind(at.to_db())
                .bind(actor.professional.0)
                .bind(actor.organisation.0)
                .bind(kind)
                .execute(&mut *conn)
                .await
                .map_err(|e| on_unique(e, StoreError::stale()))?;
            Ok(())
        }

        /// Inserts signals with their subjects and first events.
        async fn insert_signals(tx: &mut sqlx::Transaction<'_, $db>, intake: &[SignalIntake]) -> StoreResult<()> {
            let signals: Vec<&regie_domain::signal::Signal> = intake.iter().map(|i| &i.signal).collect();
            count_signals(&mut **tx, &signals, true).await?;
            for chunk in intake.chunks(ROWS / 4) {
                let mut b = sqlx::QueryBuilder::<$db>::new(
                    "INSERT INTO signals (id, received_by, received_on, household_id, status, assessment_deadline, reporter_professional, document, version) ",
                );
                b.push_values(chunk, |mut b, i| {
                    let s = &i.signal;
                    b.push_bind(s.id.0)
                        .push_bind(s.received_by.0)
                        .push_bind(s.received_on.to_db())
                        .push_bind(s.household_id.map(|h| h.0))
                        .push_bind(signal_status(s))
                        .push_bind(s.assessment_deadline.map(|d| d.to_db()))
                        .push_bind(s.reporter.professional_id.map(|p| p.0))
                        .push_bind(Json(s))
                        .push_bind(s.version);
                });
                b.build().execute(&mut **tx).await?;
                let subjects: Vec<(Uuid, Option<Uuid>, Option<Uuid>, Date)> = chunk
                    .iter()
                    .flat_map(|i| {
                        let s = &i.signal;
                        let persons = s.persons.iter().map(move |p| (s.id.0, Some(p.0), None, s.received_on));
                        let households = i.households.iter().map(move |h| (s.id.0, None, Some(h.0), s.received_on));
                        persons.chain(households)
                    })
                    .collect();
                for rows in subjects.chunks(ROWS) {
                    let mut b = sqlx::QueryBuilder::<$db>::new("INSERT INTO signal_subjects (signal_id, person_id, household_id, received_on) ");
                    b.push_values(rows, |mut b, (s, p, h, d)| {
                        b.push_bind(*s).push_bind(*p).push_bind(*h).push_bind(d.to_db());
                    });
                    b.build().execute(&mut **tx).await?;
                }
                let mut b = sqlx::QueryBuilder::<$db>::new("INSERT INTO signal_events (signal_id, seq, at, actor_id, organisation_id, kind) ");
                b.push_values(chunk, |mut b, i| {
                    b.push_bind(i.signal.id.0)
                        .push_bind(i.signal.version)
                        .push_bind(i.signal.registered_at.to_db())
                        .push_bind(i.actor.professional.0)
                        .push_bind(i.actor.organisation.0)
                        .push_bind("received");
                });
                b.build().execute(&mut **tx).await?;
            }
            Ok(())
        }

        fn account_from(r: &$row) -> StoreResult<Account> {
            let professional: Option<Uuid> = r.try_get("professional_id")?;
            let person: Option<Uuid> = r.try_get("person_id")?;
            let holder = match (professional, person) {
                (Some(p), None) => AccountHolder::Professional(ProfessionalId(p)),
                (None, Some(p)) => AccountHolder::Person(PersonId(p)),
                _ => return Err(StoreError::Corrupt("an account belongs to exactly one holder".into())),
            };
            Ok(Account {
                username: r.try_get("username")?,
                password_hash: r.try_get("password_hash")?,
                holder,
                must_change: r.try_get::<i64, _>("must_change")? != 0,
            })
        }

        const SUBSCRIPTION_COLUMNS: &str = "id, organisation_id, endpoint, bearer_token, signing_secret, created_at, created_by, ended_at";
        const DELIVERY_COLUMNS: &str = "id, subscription_id, event_id, event_type, resource_id, sequence, at, attempts, next_attempt_at, last_status, last_error, delivered_at";

        fn delivery_from(r: &$row) -> StoreResult<Delivery> {
            let kind: String = r.try_get("event_type")?;
            Ok(Delivery {
                id: r.try_get("id")?,
                subscription_id: regie_domain::SubscriptionId(r.try_get("subscription_id")?),
                event_id: r.try_get("event_id")?,
                event_type: regie_domain::notification::EventType::parse(&kind)
                    .ok_or_else(|| StoreError::Corrupt(format!("unknown event type {kind}")))?,
                resource_id: r.try_get("resource_id")?,
                sequence: r.try_get("sequence")?,
                at: r.try_get::<jiff_sqlx::Timestamp, _>("at")?.to_jiff(),
                attempts: u32::try_from(r.try_get::<i64, _>("attempts")?).unwrap_or(u32::MAX),
                next_attempt_at: r.try_get::<jiff_sqlx::Timestamp, _>("next_attempt_at")?.to_jiff(),
                last_status: r.try_get::<Option<i64>, _>("last_status")?.and_then(|s| u16::try_from(s).ok()),
                last_error: r.try_get("last_error")?,
                delivered_at: r.try_get::<Option<jiff_sqlx::Timestamp>, _>("delivered_at")?.map(|t| t.to_jiff()),
            })
        }

        impl $store {
            /// Subscriptions by a condition on `webhook_subscriptions`, with their event types.
            async fn subscriptions_where(&self, condition: &str, bind: Option<Uuid>) -> StoreResult<Vec<Subscription>> {
                let sql = format!("SELECT {SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions WHERE {condition} ORDER BY created_at DESC, id");
                let mut q = sqlx::query(&sql);
                if let Some(b) = bind {
                    q = q.bind(b);
                }
                let rows = q.fetch_all(&self.reader).await?;
                let mut found = Vec::with_capacity(rows.len());
                for r in rows {
                    let id: Uuid = r.try_get("id")?;
                    let kinds: Vec<String> = sqlx::query_scalar(
                        "SELECT event_type FROM webhook_subscription_types WHERE subscription_id = $1 ORDER BY event_type",
                    )
                    .bind(id)
                    .fetch_all(&self.reader)
                    .await?;
                    found.push(Subscription {
                        id: regie_domain::SubscriptionId(id),
                        organisation_id: OrganisationId(r.try_get("organisation_id")?),
                        endpoint: r.try_get("endpoint")?,
                        event_types: kinds.iter().filter_map(|k| regie_domain::notification::EventType::parse(k)).collect(),
                        bearer_token: r.try_get("bearer_token")?,
                        signing_secret: r.try_get("signing_secret")?,
                        created_at: r.try_get::<jiff_sqlx::Timestamp, _>("created_at")?.to_jiff(),
                        created_by: ProfessionalId(r.try_get("created_by")?),
                        ended_at: r.try_get::<Option<jiff_sqlx::Timestamp>, _>("ended_at")?.map(|t| t.to_jiff()),
                    });
                }
                Ok(found)
            }
        }

        #[async_trait]
        impl WebhookStore for $store {
            async fn add_subscription(&self, s: &Subscription) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query(
                    "INSERT INTO webhook_subscriptions (id, organisation_id, endpoint, bearer_token, signing_secret, created_at, created_by) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(s.id.0)
                .bind(s.organisation_id.0)
                .bind(&s.endpoint)
                .bind(&s.bearer_token)
                .bind(&s.signing_secret)
                .bind(s.created_at.to_db())
                .bind(s.created_by.0)
                .execute(&mut *tx)
                .await?;
                for kind in &s.event_types {
                    sqlx::query("INSERT INTO webhook_subscription_types (subscription_id, event_type) VALUES ($1, $2)")
                        .bind(s.id.0)
                        .bind(kind.as_str())
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn subscription(&self, id: regie_domain::SubscriptionId) -> StoreResult<Option<Subscription>> {
                Ok(self.subscriptions_where("id = $1", Some(id.0)).await?.pop())
            }

            async fn subscriptions_of(&self, organisation: OrganisationId) -> StoreResult<Vec<Subscription>> {
                self.subscriptions_where("organisation_id = $1", Some(organisation.0)).await
            }

            async fn active_subscriptions(&self) -> StoreResult<Vec<Subscription>> {
                self.subscriptions_where("ended_at IS NULL", None).await
            }

            async fn end_subscription(&self, id: regie_domain::SubscriptionId, at: Timestamp) -> StoreResult<bool> {
                let mut tx = self.begin_write().await?;
                let done = sqlx::query("UPDATE webhook_subscriptions SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL")
                    .bind(id.0)
                    .bind(at.to_db())
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("DELETE FROM webhook_outbox WHERE subscription_id = $1 AND delivered_at IS NULL")
                    .bind(id.0)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(done.rows_affected() == 1)
            }

            async fn lease_subscription(&self, id: regie_domain::SubscriptionId, holder: &str, now: Timestamp, until: Timestamp) -> StoreResult<bool> {
                let done = sqlx::query(
                    "UPDATE webhook_subscriptions SET lease_until = $3, lease_holder = $4 WHERE id = $1 AND ended_at IS NULL \
                     AND (lease_until IS NULL OR lease_until <= $2 OR lease_holder = $4)",
                )
                .bind(id.0)
                .bind(now.to_db())
                .bind(until.to_db())
                .bind(holder)
                .execute(&self.writer)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn release_subscription(&self, id: regie_domain::SubscriptionId, holder: &str) -> StoreResult<()> {
                sqlx::query("UPDATE webhook_subscriptions SET lease_until = NULL, lease_holder = NULL WHERE id = $1 AND lease_holder = $2")
                    .bind(id.0)
                    .bind(holder)
                    .execute(&self.writer)
                    .await?;
                Ok(())
            }

            async fn pending_deliveries(&self, id: regie_domain::SubscriptionId, limit: u32) -> StoreResult<Vec<Delivery>> {
                let rows = sqlx::query(&format!(
                    "SELECT {DELIVERY_COLUMNS} FROM webhook_outbox WHERE subscription_id = $1 AND delivered_at IS NULL ORDER BY id LIMIT $2"
                ))
                .bind(id.0)
                .bind(i64::from(limit))
                .fetch_all(&self.writer)
                .await?;
                rows.iter().map(delivery_from).collect()
            }

            async fn deliveries(&self, id: regie_domain::SubscriptionId, limit: u32) -> StoreResult<Vec<Delivery>> {
                let rows = sqlx::query(&format!(
                    "SELECT {DELIVERY_COLUMNS} FROM webhook_outbox WHERE subscription_id = $1 ORDER BY id DESC LIMIT $2"
                ))
                .bind(id.0)
                .bind(i64::from(limit))
                .fetch_all(&self.reader)
                .await?;
                rows.iter().map(delivery_from).collect()
            }

            async fn delivered(&self, delivery: i64, at: Timestamp, status: u16) -> StoreResult<()> {
                sqlx::query("UPDATE webhook_outbox SET delivered_at = $2, last_status = $3, last_error = NULL WHERE id = $1")
                    .bind(delivery)
                    .bind(at.to_db())
                    .bind(i64::from(status))
                    .execute(&self.writer)
                    .await?;
                Ok(())
            }

            async fn delivery_failed(&self, delivery: i64, next_attempt_at: Timestamp, status: Option<u16>, error: &str) -> StoreResult<()> {
                sqlx::query(
                    "UPDATE webhook_outbox SET attempts = attempts + 1, next_attempt_at = $2, last_status = $3, last_error = $4 WHERE id = $1",
                )
                .bind(delivery)
                .bind(next_attempt_at.to_db())
                .bind(status.map(i64::from))
                .bind(error)
                .execute(&self.writer)
                .await?;
                Ok(())
            }

            async fn outbox_depth(&self) -> StoreResult<u64> {
                let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM webhook_outbox WHERE delivered_at IS NULL")
                    .fetch_one(&self.reader)
                    .await?;
                Ok(u64::try_from(n).unwrap_or(0))
            }
        }

        #[async_trait]
        impl BareStore for $store {
            async fn bare_timeline(&self, case: CaseId) -> StoreResult<usize> {
                let found = sqlx::query(CASE_WITH_HOUSEHOLD)
                    .bind(case.0)
                    .fetch_optional(&self.reader)
                    .await?;
                let events = sqlx::query(NAMED_EVENTS_OF_CASE)
                    .bind(case.0)
                    .fetch_all(&self.reader)
                    .await?;
                Ok(usize::from(found.is_some()) + events.len())
            }

            async fn bare_list(&self, q: &HouseholdQuery) -> StoreResult<usize> {
                Ok(list_rows(&self.reader, q).await?.len())
            }

            async fn bare_append(&self, next: &Case, event: &NewEvent) -> StoreResult<()> {
                sqlx::query(&format!("SELECT {CASE_COLUMNS} FROM cases WHERE id = $1"))
                    .bind(next.id.0)
                    .fetch_one(&self.reader)
                    .await?;
                let mut tx = self.begin_write().await?;
                let done = sqlx::query("UPDATE cases SET lead_primary = $1, lead_secondary = $2, version = $3 WHERE id = $4 AND version = $5")
                    .bind(next.lead.primary.0)
                    .bind(next.lead.secondary.map(|p| p.0))
                    .bind(next.version)
                    .bind(next.id.0)
                    .bind(next.version - 1)
                    .execute(&mut *tx)
                    .await?;
                if done.rows_affected() != 1 {
                    return Err(StoreError::stale());
                }
                insert_events(&mut *tx, std::slice::from_ref(event)).await?;
                tx.commit().await?;
                Ok(())
            }
        }

        #[async_trait]
        impl IdentityStore for $store {
            async fn put_identity_provider(&self, p: &IdentityProvider) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO identity_providers (organisation_id, issuer, client_id, private_key_pem, key_id, claim, acr) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (organisation_id) DO UPDATE SET issuer = excluded.issuer, \
                     client_id = excluded.client_id, private_key_pem = excluded.private_key_pem, key_id = excluded.key_id, \
                     claim = excluded.claim, acr = excluded.acr",
                )
                .bind(p.organisation_id.0)
                .bind(&p.issuer)
                .bind(&p.client_id)
                .bind(&p.private_key_pem)
                .bind(&p.key_id)
                .bind(&p.claim)
                .bind(&p.acr)
                .execute(&self.writer)
                .await?;
                Ok(())
            }

            async fn identity_providers(&self) -> StoreResult<Vec<IdentityProvider>> {
                let rows = sqlx::query(
                    "SELECT organisation_id, issuer, client_id, private_key_pem, key_id, claim, acr FROM identity_providers ORDER BY issuer",
                )
                .fetch_all(&self.reader)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(IdentityProvider {
                            organisation_id: OrganisationId(r.try_get("organisation_id")?),
                            issuer: r.try_get("issuer")?,
                            client_id: r.try_get("client_id")?,
                            private_key_pem: r.try_get("private_key_pem")?,
                            key_id: r.try_get("key_id")?,
                            claim: r.try_get("claim")?,
                            acr: r.try_get("acr")?,
                        })
                    })
                    .collect()
            }

            async fn put_oidc_login(&self, state_hash: &str, login: &OidcLogin, now: Timestamp, expires_at: Timestamp) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query("DELETE FROM oidc_logins WHERE expires_at <= $1")
                    .bind(now.to_db())
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "INSERT INTO oidc_logins (state_hash, organisation_id, nonce, pkce_verifier, expires_at) VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(state_hash)
                .bind(login.organisation_id.0)
                .bind(&login.nonce)
                .bind(&login.pkce_verifier)
                .bind(expires_at.to_db())
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn take_oidc_login(&self, state_hash: &str, now: Timestamp) -> StoreResult<Option<OidcLogin>> {
                let row = sqlx::query(
                    "DELETE FROM oidc_logins WHERE state_hash = $1 RETURNING organisation_id, nonce, pkce_verifier, expires_at",
                )
                .bind(state_hash)
                .fetch_optional(&self.writer)
                .await?;
                let Some(r) = row else { return Ok(None) };
                if r.try_get::<jiff_sqlx::Timestamp, _>("expires_at")?.to_jiff() <= now {
                    return Ok(None);
                }
                Ok(Some(OidcLogin {
                    organisation_id: OrganisationId(r.try_get("organisation_id")?),
                    nonce: r.try_get("nonce")?,
                    pkce_verifier: r.try_get("pkce_verifier")?,
                }))
            }
        }

        /// Replaces an account's recovery codes by these hashes, within a transaction.
        async fn replace_recovery_codes(tx: &mut sqlx::Transaction<'_, $db>, username: &str, hashes: &[String]) -> StoreResult<()> {
            sqlx::query("DELETE FROM recovery_codes WHERE username = $1")
                .bind(username)
                .execute(&mut **tx)
                .await?;
            for hash in hashes {
                sqlx::query("INSERT INTO recovery_codes (username, code_hash) VALUES ($1, $2)")
                    .bind(username)
                    .bind(hash)
                    .execute(&mut **tx)
                    .await?;
            }
            Ok(())
        }

        const ACCOUNT_COLUMNS: &str = "a.username, a.password_hash, a.professional_id, a.person_id, a.must_change";

        impl $store {
            /// A region's settings (its norms and route variant) as name and value.
            async fn region_rows(&self, region: RegionId) -> StoreResult<Vec<(String, i32)>> {
                Ok(sqlx::query_as("SELECT name, value FROM region_norms WHERE region_id = $1")
                    .bind(region.0)
                    .fetch_all(&self.reader)
                    .await?)
            }

            /// Writes settings of a region as name and value, in one transaction.
            async fn put_region_rows(&self, region: RegionId, rows: &[(&str, u32)]) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                for (name, value) in rows {
                    sqlx::query(
                        "INSERT INTO region_norms (region_id, name, value) VALUES ($1, $2, $3) \
                         ON CONFLICT (region_id, name) DO UPDATE SET value = excluded.value",
                    )
                    .bind(region.0)
                    .bind(*name)
                    .bind(i32::try_from(*value).unwrap_or(i32::MAX))
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
                Ok(())
            }

            /// Sets an account's password; a temporary one (`reset`: by whom, when) must be replaced at the
            /// next sign-in and its reset is recorded.
            async fn put_password(
                &self,
                username: &str,
                password_hash: &str,
                holder: AccountHolder,
                reset: Option<(ProfessionalId, Timestamp)>,
            ) -> StoreResult<()> {
                let (professional, person) = match holder {
                    AccountHolder::Professional(p) => (Some(p.0), None),
                    AccountHolder::Person(p) => (None, Some(p.0)),
                };
                let taken = || StoreError::Conflict {
                    code: "username_taken",
                    field: Some("username"),
                    en: "this username, or this person or professional, already has another account",
                    nl: "deze gebruikersnaam, of deze persoon of professional, heeft al een ander account",
                };
                let mut tx = self.begin_write().await?;
                // Only the account's own holder gets a new password: a username never changes hands.
                let changed = sqlx::query(
                    "INSERT INTO accounts (username, password_hash, professional_id, person_id, must_change) VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash, must_change = excluded.must_change \
                     WHERE accounts.professional_id IS NOT DISTINCT FROM excluded.professional_id \
                     AND accounts.person_id IS NOT DISTINCT FROM excluded.person_id",
                )
                .bind(username)
                .bind(password_hash)
                .bind(professional)
                .bind(person)
                .bind(i64::from(reset.is_some()))
                .execute(&mut *tx)
                .await
                .map_err(|e| on_unique(e, taken()))?
                .rows_affected();
                if changed == 0 {
                    return Err(taken());
                }
                // A new password ends every session of the old one, and starts the count of attempts afresh.
                for table in ["web_sessions", "sign_in_attempts"] {
                    sqlx::query(&format!("DELETE FROM {table} WHERE username = $1"))
                        .bind(username)
                        .execute(&mut *tx)
                        .await?;
                }
                if let Some((by, at)) = reset {
                    sqlx::query("INSERT INTO password_resets (username, by_professional, at) VALUES ($1, $2, $3)")
                        .bind(username)
                        .bind(by.0)
                        .bind(at.to_db())
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(())
            }
        }

        #[async_trait]
        impl AccountStore for $store {
            async fn put_account(&self, username: &str, password_hash: &str, holder: AccountHolder) -> StoreResult<()> {
                self.put_password(username, password_hash, holder, None).await
            }

            async fn put_temporary_password(
                &self,
                username: &str,
                password_hash: &str,
                holder: AccountHolder,
                by: ProfessionalId,
                at: Timestamp,
            ) -> StoreResult<()> {
                self.put_password(username, password_hash, holder, Some((by, at))).await
            }

            async fn password_resets(
                &self,
                organisation: OrganisationId,
                limit: i64,
            ) -> StoreResult<Vec<(String, ProfessionalId, Timestamp)>> {
                // One statement for the organisation (it read one per account: 2,000 at a million households).
                let rows = sqlx::query(
                    "SELECT r.username, r.by_professional, r.at FROM password_resets r \
                     JOIN professionals p ON p.username = r.username \
                     WHERE p.organisation_id = $1 ORDER BY r.at DESC, r.username LIMIT $2",
                )
                .bind(organisation.0)
                .bind(limit)
                .fetch_all(&self.reader)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok((
                            r.try_get("username")?,
                            ProfessionalId(r.try_get("by_professional")?),
                            r.try_get::<jiff_sqlx::Timestamp, _>("at")?.to_jiff(),
                        ))
                    })
                    .collect()
            }


            async fn account(&self, username: &str) -> StoreResult<Option<Account>> {
                let row = sqlx::query(&format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.username = $1"))
                    .bind(username)
                    .fetch_optional(&self.reader)
                    .await?;
                row.as_ref().map(account_from).transpose()
            }

            async fn sign_in_attempts(&self, username: &str) -> StoreResult<Option<(u32, Timestamp)>> {
                let row = sqlx::query("SELECT attempts, last_at FROM sign_in_attempts WHERE username = $1")
                    .bind(username)
                    .fetch_optional(&self.reader)
                    .await?;
                row.map(|r| {
                    let attempts: i64 = r.try_get("attempts")?;
                    let at = r.try_get::<jiff_sqlx::Timestamp, _>("last_at")?.to_jiff();
                    Ok((u32::try_from(attempts).unwrap_or(u32::MAX), at))
                })
                .transpose()
            }

            async fn count_sign_in(&self, username: &str, at: Timestamp, forget_before: Timestamp, lock: (u32, Timestamp)) -> StoreResult<Option<u32>> {
                let mut tx = self.begin_write().await?;
                sqlx::query("DELETE FROM sign_in_attempts WHERE last_at < $1")
                    .bind(forget_before.to_db())
                    .execute(&mut *tx)
                    .await?;
                let count: Option<i64> = sqlx::query_scalar(
                    "INSERT INTO sign_in_attempts (username, attempts, last_at) VALUES ($1, 1, $2) \
                     ON CONFLICT (username) DO UPDATE SET attempts = sign_in_attempts.attempts + 1, last_at = excluded.last_at \
                     WHERE NOT (sign_in_attempts.attempts >= $3 AND sign_in_attempts.last_at > $4) \
                     RETURNING attempts",
                )
                .bind(username)
                .bind(at.to_db())
                .bind(i64::from(lock.0))
                .bind(lock.1.to_db())
                .fetch_optional(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(count.map(|c| u32::try_from(c).unwrap_or(u32::MAX)))
            }

            async fn create_session(&self, id_hash: &str, username: &str, csrf_token: &str, at: Timestamp, expires_at: Timestamp) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query("INSERT INTO web_sessions (id_hash, username, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(id_hash)
                    .bind(username)
                    .bind(csrf_token)
                    .bind(at.to_db())
                    .bind(expires_at.to_db())
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("DELETE FROM sign_in_attempts WHERE username = $1")
                    .bind(username)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn server_key(&self, name: &str, fresh: &str) -> StoreResult<String> {
                let mut tx = self.begin_write().await?;
                sqlx::query("INSERT INTO server_keys (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
                    .bind(name)
                    .bind(fresh)
                    .execute(&mut *tx)
                    .await?;
                let value: String = sqlx::query_scalar("SELECT value FROM server_keys WHERE name = $1")
                    .bind(name)
                    .fetch_one(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(value)
            }

            async fn session(&self, id_hash: &str, now: Timestamp) -> StoreResult<Option<WebSession>> {
                let row = sqlx::query(&format!(
                    "SELECT {ACCOUNT_COLUMNS}, s.csrf_token FROM web_sessions s \
                     JOIN accounts a ON a.username = s.username WHERE s.id_hash = $1 AND s.expires_at > $2"
                ))
                .bind(id_hash)
                .bind(now.to_db())
                .fetch_optional(&self.reader)
                .await?;
                row.map(|r| {
                    Ok(WebSession {
                        account: account_from(&r)?,
                        csrf_token: r.try_get("csrf_token")?,
                    })
                })
                .transpose()
            }

            async fn end_session(&self, id_hash: &str, now: Timestamp) -> StoreResult<()> {
                sqlx::query("DELETE FROM web_sessions WHERE id_hash = $1 OR expires_at <= $2")
                    .bind(id_hash)
                    .bind(now.to_db())
                    .execute(&self.writer)
                    .await?;
                Ok(())
            }

            async fn second_factor(&self, username: &str) -> StoreResult<Option<SecondFactor>> {
                let row = sqlx::query("SELECT secret, confirmed, last_step FROM second_factors WHERE username = $1")
                    .bind(username)
                    .fetch_optional(&self.reader)
                    .await?;
                let Some(r) = row else { return Ok(None) };
                let left: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM recovery_codes WHERE username = $1 AND used_at IS NULL",
                )
                .bind(username)
                .fetch_one(&self.reader)
                .await?;
                Ok(Some(SecondFactor {
                    secret: r.try_get("secret")?,
                    confirmed: r.try_get::<i64, _>("confirmed")? != 0,
                    last_step: u64::try_from(r.try_get::<i64, _>("last_step")?).unwrap_or(0),
                    recovery_codes_left: u32::try_from(left).unwrap_or(0),
                }))
            }

            async fn second_factor_reset(&self, username: &str) -> StoreResult<Option<Timestamp>> {
                let at = sqlx::query_scalar::<_, jiff_sqlx::Timestamp>(
                    "SELECT at FROM second_factor_resets WHERE username = $1 ORDER BY at DESC LIMIT 1",
                )
                .bind(username)
                .fetch_optional(&self.reader)
                .await?;
                Ok(at.map(|t| t.to_jiff()))
            }

            async fn begin_second_factor(&self, username: &str, secret: &str) -> StoreResult<bool> {
                let done = sqlx::query(
                    "INSERT INTO second_factors (username, secret, confirmed, last_step) VALUES ($1, $2, 0, 0) \
                     ON CONFLICT (username) DO UPDATE SET secret = excluded.secret, last_step = 0 \
                     WHERE second_factors.confirmed = 0",
                )
                .bind(username)
                .bind(secret)
                .execute(&self.writer)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn confirm_second_factor(&self, username: &str, secret: &str, step: u64, recovery_hashes: &[String]) -> StoreResult<bool> {
                let mut tx = self.begin_write().await?;
                let done = sqlx::query(
                    "INSERT INTO second_factors (username, secret, confirmed, last_step) VALUES ($1, $3, 1, $2) \
                     ON CONFLICT (username) DO UPDATE SET secret = excluded.secret, confirmed = 1, last_step = excluded.last_step \
                     WHERE second_factors.confirmed = 0",
                )
                .bind(username)
                .bind(i64::try_from(step).unwrap_or(i64::MAX))
                .bind(secret)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() != 1 {
                    return Ok(false);
                }
                replace_recovery_codes(&mut tx, username, recovery_hashes).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn renew_recovery_codes(&self, username: &str, recovery_hashes: &[String]) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                replace_recovery_codes(&mut tx, username, recovery_hashes).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn use_time_step(&self, username: &str, step: u64) -> StoreResult<bool> {
                let done = sqlx::query(
                    "UPDATE second_factors SET last_step = $2 WHERE username = $1 AND confirmed = 1 AND last_step < $2",
                )
                .bind(username)
                .bind(i64::try_from(step).unwrap_or(i64::MAX))
                .execute(&self.writer)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn use_recovery_code(&self, username: &str, code_hash: &str, at: Timestamp) -> StoreResult<bool> {
                let done = sqlx::query(
                    "UPDATE recovery_codes SET used_at = $3 WHERE username = $1 AND code_hash = $2 AND used_at IS NULL",
                )
                .bind(username)
                .bind(code_hash)
                .bind(at.to_db())
                .execute(&self.writer)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn remove_second_factor(&self, username: &str, reset_at: Option<Timestamp>) -> StoreResult<bool> {
                let mut tx = self.begin_write().await?;
                let done = sqlx::query("DELETE FROM second_factors WHERE username = $1")
                    .bind(username)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("DELETE FROM recovery_codes WHERE username = $1")
                    .bind(username)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("DELETE FROM sign_in_challenges WHERE username = $1")
                    .bind(username)
                    .execute(&mut *tx)
                    .await?;
                if let Some(at) = reset_at {
                    sqlx::query("INSERT INTO second_factor_resets (username, at) VALUES ($1, $2)")
                        .bind(username)
                        .bind(at.to_db())
                        .execute(&mut *tx)
                        .await?;
                    // A reset is for a lost phone: whoever holds it may hold a signed-in browser too.
                    sqlx::query("DELETE FROM web_sessions WHERE username = $1")
                        .bind(username)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(done.rows_affected() == 1)
            }

            async fn create_challenge(&self, id_hash: &str, username: &str, pending_secret: Option<&str>, now: Timestamp, expires_at: Timestamp) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query("DELETE FROM sign_in_challenges WHERE expires_at <= $1 OR username = $2")
                    .bind(now.to_db())
                    .bind(username)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("INSERT INTO sign_in_challenges (id_hash, username, expires_at, pending_secret) VALUES ($1, $2, $3, $4)")
                    .bind(id_hash)
                    .bind(username)
                    .bind(expires_at.to_db())
                    .bind(pending_secret)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn challenge(&self, id_hash: &str, now: Timestamp) -> StoreResult<Option<(String, Option<String>)>> {
                Ok(sqlx::query_as("SELECT username, pending_secret FROM sign_in_challenges WHERE id_hash = $1 AND expires_at > $2")
                    .bind(id_hash)
                    .bind(now.to_db())
                    .fetch_optional(&self.reader)
                    .await?)
            }

            async fn end_challenge(&self, id_hash: &str) -> StoreResult<bool> {
                let done = sqlx::query("DELETE FROM sign_in_challenges WHERE id_hash = $1")
                    .bind(id_hash)
                    .execute(&self.writer)
                    .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn clear_sign_in_attempts(&self, username: &str) -> StoreResult<()> {
                sqlx::query("DELETE FROM sign_in_attempts WHERE username = $1")
                    .bind(username)
                    .execute(&self.writer)
                    .await?;
                Ok(())
            }
        }

        /// The tables whose JSON documents may name a person, with their key and person columns.
        const PERSON_DOCUMENTS: [(&str, &str, Option<&str>); 5] = [
            ("consents", "id", Some("person_id")),
            ("parental_authority", "id", Some("child_id")),
            ("justice_tracks", "id", Some("person_id")),
            ("lawyers", "client_id", Some("client_id")),
            ("signals", "id", None),
        ];

        /// Binds a document's key: parental authority's is a number, the others are UUIDs.
        fn bind_key<'q>(
            q: sqlx::query::Query<'q, $db, <$db as sqlx::Database>::Arguments<'q>>,
            table: &str,
            key: &str,
        ) -> StoreResult<sqlx::query::Query<'q, $db, <$db as sqlx::Database>::Arguments<'q>>> {
            Ok(if table == "parental_authority" {
                q.bind(key.parse::<i64>().map_err(|_| bad("document key", key))?)
            } else {
                q.bind(Uuid::parse_str(key).map_err(|_| bad("document key", key))?)
            })
        }

        /// Writes the cases' states and events of a merge or its undo; any stale case refuses the whole.
        async fn record_merge_cases(tx: &mut sqlx::Transaction<'_, $db>, cases: &[(Case, NewEvent)]) -> StoreResult<()> {
            let writes: Vec<crate::sql::CaseWrite> = (cases.iter())
                .map(|(case, event)| crate::sql::CaseWrite {
                    case: case.clone(),
                    event: event.clone(),
                    log: Vec::new(),
                })
                .collect();
            let refs: Vec<&crate::sql::CaseWrite> = writes.iter().collect();
            for outcome in record_unlogged(&mut **tx, &refs).await? {
                outcome?;
            }
            Ok(())
        }

        #[async_trait]
        impl MergeStore for $store {
            async fn merge_persons(
                &self,
                merge: &regie_domain::merge::Merge,
                households: &[HouseholdId],
                cases: &[(Case, NewEvent)],
                log: &[ProcessingRecord],
            ) -> StoreResult<regie_domain::merge::Merge> {
                let (s, r) = (merge.survivor.0, merge.retired.0);
                let mut moved = regie_domain::merge::Moved::default();
                let mut tx = self.begin_write().await?;
                // A portal account and a lawyer are one per person: two of either cannot become one.
                for table in ["accounts WHERE person_id", "lawyers WHERE client_id"] {
                    let both: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table} IN ($1, $2)"))
                        .bind(s)
                        .bind(r)
                        .fetch_one(&mut *tx)
                        .await?;
                    if both == 2 {
                        return Err(StoreError::Conflict {
                            code: "both_have",
                            field: Some("into"),
                            en: "both records have a portal account or a lawyer of their own: remove one first",
                            nl: "Beide inschrijvingen hebben een eigen account voor het portaal of een eigen advocaat. Laat er eerst een verwijderen.",
                        });
                    }
                }
                // Memberships: moved, or dropped where the survivor already is a member.
                let rows = sqlx::query(&format!("SELECT {MEMBERSHIP_COLUMNS} FROM memberships m WHERE m.person_id = $1"))
                    .bind(r)
                    .fetch_all(&mut *tx)
                    .await?;
                for row in &rows {
                    let m = membership_from(row)?;
                    let both: Option<Uuid> = sqlx::query_scalar("SELECT id FROM memberships WHERE person_id = $1 AND household_id = $2")
                        .bind(s)
                        .bind(m.household_id.0)
                        .fetch_optional(&mut *tx)
                        .await?;
                    if both.is_some() {
                        sqlx::query("DELETE FROM memberships WHERE id = $1").bind(m.id.0).execute(&mut *tx).await?;
                        moved.dropped.push(m);
                    } else {
                        sqlx::query("UPDATE memberships SET person_id = $1 WHERE id = $2").bind(s).bind(m.id.0).execute(&mut *tx).await?;
                        moved.memberships.push(m.id);
                    }
                }
                let signals: Vec<Uuid> = sqlx::query_scalar("SELECT DISTINCT signal_id FROM signal_subjects WHERE person_id = $1")
                    .bind(r)
                    .fetch_all(&mut *tx)
                    .await?;
                for id in &signals {
                    // A signal about both keeps the survivor's line; the retired record's goes.
                    let shared: Option<jiff_sqlx::Date> = sqlx::query_scalar(
                        "SELECT received_on FROM signal_subjects WHERE signal_id = $1 AND person_id = $2",
                    )
                    .bind(*id)
                    .bind(s)
                    .fetch_optional(&mut *tx)
                    .await?;
                    match shared {
                        Some(day) => {
                            sqlx::query("DELETE FROM signal_subjects WHERE signal_id = $1 AND person_id = $2")
                                .bind(*id)
                                .bind(r)
                                .execute(&mut *tx)
                                .await?;
                            moved.shared_signals.push((regie_domain::SignalId(*id), day.to_jiff()));
                        }
                        None => {
                            sqlx::query("UPDATE signal_subjects SET person_id = $1 WHERE signal_id = $2 AND person_id = $3")
                                .bind(s)
                                .bind(*id)
                                .bind(r)
                                .execute(&mut *tx)
                                .await?;
                            moved.signals.push(regie_domain::SignalId(*id));
                        }
                    }
                }
                let contributions: Vec<Uuid> = sqlx::query_scalar("SELECT id FROM family_contributions WHERE person_id = $1")
                    .bind(r)
                    .fetch_all(&mut *tx)
                    .await?;
                sqlx::query("UPDATE family_contributions SET person_id = $1 WHERE person_id = $2").bind(s).bind(r).execute(&mut *tx).await?;
                moved.contributions = contributions.into_iter().map(regie_domain::ContributionId).collect();
                // Documents that name the retired record, in the households concerned or its signals.
                let needle = merge.retired.to_string();
                for (table, key, person) in PERSON_DOCUMENTS {
                    let mut b = sqlx::QueryBuilder::<$db>::new(format!("SELECT {key} AS k, document FROM {table} WHERE "));
                    if table == "signals" {
                        b.push("household_id IN (");
                        let mut ids = b.separated(", ");
                        for h in households {
                            ids.push_bind(h.0);
                        }
                        ids.push_bind(Uuid::nil());
                        b.push(") OR id IN (");
                        let mut ids = b.separated(", ");
                        for id in &signals {
                            ids.push_bind(*id);
                        }
                        ids.push_bind(Uuid::nil());
                        b.push(")");
                    } else {
                        b.push("household_id IN (");
                        let mut ids = b.separated(", ");
                        for h in households {
                            ids.push_bind(h.0);
                        }
                        ids.push_bind(Uuid::nil());
                        b.push(")");
                    }
                    for row in b.build().fetch_all(&mut *tx).await? {
                        let document: Json<serde_json::Value> = row.try_get("document")?;
                        if !document.0.to_string().contains(&needle) {
                            continue;
                        }
                        let key_text = if table == "parental_authority" {
                            row.try_get::<i64, _>("k")?.to_string()
                        } else {
                            row.try_get::<Uuid, _>("k")?.to_string()
                        };
                        let after = regie_domain::merge::replace_id(&document.0, merge.retired, merge.survivor);
                        match person {
                            Some(column) => {
                                let sql = format!(
                                    "UPDATE {table} SET document = $1, {column} = CASE WHEN {column} = $2 THEN $3 ELSE {column} END WHERE {key} = $4"
                                );
                                let q = sqlx::query(&sql).bind(Json(after)).bind(r).bind(s);
                                bind_key(q, table, &key_text)?.execute(&mut *tx).await?;
                            }
                            None => {
                                let sql = format!("UPDATE {table} SET document = $1 WHERE {key} = $2");
                                let q = sqlx::query(&sql).bind(Json(after));
                                bind_key(q, table, &key_text)?.execute(&mut *tx).await?;
                            }
                        }
                        moved.documents.push((table.to_owned(), key_text, document.0));
                    }
                }
                moved.account = sqlx::query_scalar("SELECT username FROM accounts WHERE person_id = $1")
                    .bind(r)
                    .fetch_optional(&mut *tx)
                    .await?;
                sqlx::query("UPDATE accounts SET person_id = $1 WHERE person_id = $2").bind(s).bind(r).execute(&mut *tx).await?;
                let pointed = sqlx::query("UPDATE persons SET merged_into = $1 WHERE id = $2 AND merged_into IS NULL")
                    .bind(s)
                    .bind(r)
                    .execute(&mut *tx)
                    .await?;
                if pointed.rows_affected() != 1 {
                    return Err(StoreError::Conflict {
                        code: "already_merged",
                        field: Some("into"),
                        en: "this record was merged into another already",
                        nl: "Deze inschrijving is al samengevoegd met een andere.",
                    });
                }
                record_merge_cases(&mut tx, cases).await?;
                for h in households {
                    reindex_household(&mut tx, *h).await?;
                }
                let kept = regie_domain::merge::Merge {
                    moved,
                    ..merge.clone()
                };
                sqlx::query("INSERT INTO person_merges (id, survivor_id, retired_id, document) VALUES ($1, $2, $3, $4)")
                    .bind(kept.id.0)
                    .bind(s)
                    .bind(r)
                    .bind(Json(&kept))
                    .execute(&mut *tx)
                    .await?;
                insert_log(&mut *tx, log).await?;
                tx.commit().await?;
                Ok(kept)
            }

            async fn unmerge_persons(
                &self,
                merge: &regie_domain::merge::Merge,
                households: &[HouseholdId],
                cases: &[(Case, NewEvent)],
                log: &[ProcessingRecord],
            ) -> StoreResult<()> {
                let (s, r) = (merge.survivor.0, merge.retired.0);
                let moved = &merge.moved;
                let mut tx = self.begin_write().await?;
                let stored: Option<Json<regie_domain::merge::Merge>> = sqlx::query_scalar("SELECT document FROM person_merges WHERE id = $1")
                    .bind(merge.id.0)
                    .fetch_optional(&mut *tx)
                    .await?;
                // Undone meanwhile: the cases' version checks below would refuse it too.
                if stored.is_none_or(|m| m.0.undone_at.is_some()) {
                    return Err(StoreError::stale());
                }
                let undone = regie_domain::merge::Merge {
                    undone_at: Some(regie_domain::time::now()),
                    ..merge.clone()
                };
                sqlx::query("UPDATE person_merges SET document = $1 WHERE id = $2")
                    .bind(Json(&undone))
                    .bind(merge.id.0)
                    .execute(&mut *tx)
                    .await?;
                for id in &moved.memberships {
                    sqlx::query("UPDATE memberships SET person_id = $1 WHERE id = $2").bind(r).bind(id.0).execute(&mut *tx).await?;
                }
                insert_memberships(&mut *tx, &moved.dropped).await?;
                for id in &moved.signals {
                    sqlx::query("UPDATE signal_subjects SET person_id = $1 WHERE signal_id = $2 AND person_id = $3")
                        .bind(r)
                        .bind(id.0)
                        .bind(s)
                        .execute(&mut *tx)
                        .await?;
                }
                for (id, day) in &moved.shared_signals {
                    sqlx::query("INSERT INTO signal_subjects (signal_id, person_id, household_id, received_on) VALUES ($1, $2, NULL, $3)")
                        .bind(id.0)
                        .bind(r)
                        .bind(day.to_db())
                        .execute(&mut *tx)
                        .await?;
                }
                for id in &moved.contributions {
                    sqlx::query("UPDATE family_contributions SET person_id = $1 WHERE id = $2").bind(r).bind(id.0).execute(&mut *tx).await?;
                }
                for (table, key_text, before) in &moved.documents {
                    let Some((_, key, person)) = PERSON_DOCUMENTS.iter().find(|(t, _, _)| t == table) else {
                        return Err(bad("document table", table));
                    };
                    // Changed since the merge (a consent revoked, a new lawyer, a signal assessed): putting the
                    // old document back would lose that, so the merge stays.
                    // A lawyer's key moved with the merge: it is found under the survivor now.
                    let key_now = if table == "lawyers" { merge.survivor.to_string() } else { key_text.clone() };
                    let sql = format!("SELECT document FROM {table} WHERE {key} = $1");
                    let current: Option<Json<serde_json::Value>> =
                        bind_key(sqlx::query(&sql), table, &key_now)?.fetch_optional(&mut *tx).await?.map(|row| row.try_get("document")).transpose()?;
                    let expected = regie_domain::merge::replace_id(before, merge.retired, merge.survivor);
                    if current.map(|c| c.0) != Some(expected) {
                        return Err(StoreError::Conflict {
                            code: "changed_since",
                            field: None,
                            en: "something about this person was recorded since the merge: it can no longer be undone",
                            nl: "Na het samenvoegen is er iets nieuws over deze persoon vastgelegd. Ongedaan maken kan daarom niet meer.",
                        });
                    }
                    // The person column goes back to the retired record where the document named it there.
                    let named = |field: &str| before.get(field).and_then(|v| v.as_str()) == Some(merge.retired.to_string().as_str());
                    let back = match table.as_str() {
                        "consents" | "justice_tracks" => named("person"),
                        "parental_authority" => named("child"),
                        "lawyers" => true,
                        _ => false,
                    };
                    match (person, back) {
                        (Some(column), true) => {
                            let sql = format!("UPDATE {table} SET document = $1, {column} = $2 WHERE {key} = $3");
                            let q = sqlx::query(&sql).bind(Json(before.clone())).bind(r);
                            bind_key(q, table, &key_now)?.execute(&mut *tx).await?;
                        }
                        _ => {
                            let sql = format!("UPDATE {table} SET document = $1 WHERE {key} = $2");
                            let q = sqlx::query(&sql).bind(Json(before.clone()));
                            bind_key(q, table, key_text)?.execute(&mut *tx).await?;
                        }
                    }
                }
                if let Some(username) = &moved.account {
                    sqlx::query("UPDATE accounts SET person_id = $1 WHERE username = $2").bind(r).bind(username).execute(&mut *tx).await?;
                }
                sqlx::query("UPDATE persons SET merged_into = NULL WHERE id = $1").bind(r).execute(&mut *tx).await?;
                record_merge_cases(&mut tx, cases).await?;
                for h in households {
                    reindex_household(&mut tx, *h).await?;
                }
                insert_log(&mut *tx, log).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn merge(&self, id: regie_domain::MergeId) -> StoreResult<Option<regie_domain::merge::Merge>> {
                let doc: Option<Json<regie_domain::merge::Merge>> = sqlx::query_scalar("SELECT document FROM person_merges WHERE id = $1")
                    .bind(id.0)
                    .fetch_optional(&self.reader)
                    .await?;
                Ok(doc.map(|d| d.0))
            }

            async fn merges_of(&self, person: PersonId) -> StoreResult<Vec<regie_domain::merge::Merge>> {
                let docs: Vec<Json<regie_domain::merge::Merge>> = sqlx::query_scalar(
                    "SELECT document FROM person_merges WHERE survivor_id = $1 OR retired_id = $1 ORDER BY id",
                )
                .bind(person.0)
                .fetch_all(&self.reader)
                .await?;
                Ok(docs.into_iter().map(|d| d.0).collect())
            }

            async fn merged_into(&self, person: PersonId) -> StoreResult<Option<PersonId>> {
                let into: Option<Option<Uuid>> = sqlx::query_scalar("SELECT merged_into FROM persons WHERE id = $1")
                    .bind(person.0)
                    .fetch_optional(&self.reader)
                    .await?;
                Ok(into.flatten().map(PersonId))
            }
        }

        #[async_trait]
        impl LawyerStore for $store {
            async fn put_lawyer(
                &self,
                lawyer: &regie_domain::lawyer::Lawyer,
                household: HouseholdId,
                code_hash: Option<&str>,
                log: &[ProcessingRecord],
            ) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query(
                    "INSERT INTO lawyers (client_id, household_id, code_hash, document) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (client_id) DO UPDATE SET household_id = excluded.household_id, \
                     code_hash = excluded.code_hash, document = excluded.document",
                )
                .bind(lawyer.client.0)
                .bind(household.0)
                .bind(code_hash)
                .bind(Json(lawyer))
                .execute(&mut *tx)
                .await?;
                insert_log(&mut *tx, log).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn remove_lawyer(&self, client: PersonId, log: &[ProcessingRecord]) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query("DELETE FROM lawyers WHERE client_id = $1")
                    .bind(client.0)
                    .execute(&mut *tx)
                    .await?;
                insert_log(&mut *tx, log).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn lawyers_of(&self, household: HouseholdId) -> StoreResult<Vec<regie_domain::lawyer::Lawyer>> {
                let rows: Vec<Json<regie_domain::lawyer::Lawyer>> =
                    sqlx::query_scalar("SELECT document FROM lawyers WHERE household_id = $1 ORDER BY client_id")
                        .bind(household.0)
                        .fetch_all(&self.reader)
                        .await?;
                Ok(rows.into_iter().map(|j| j.0).collect())
            }

            async fn lawyer_by_code(
                &self,
                code_hash: &str,
            ) -> StoreResult<Option<(regie_domain::lawyer::Lawyer, HouseholdId)>> {
                let row = sqlx::query("SELECT household_id, document FROM lawyers WHERE code_hash = $1")
                    .bind(code_hash)
                    .fetch_optional(&self.reader)
                    .await?;
                row.map(|r| {
                    Ok((
                        r.try_get::<Json<regie_domain::lawyer::Lawyer>, _>("document")?.0,
                        HouseholdId(r.try_get("household_id")?),
                    ))
                })
                .transpose()
            }
        }

        #[async_trait]
        impl RetentionStore for $store {
            async fn registered_at(&self, household: HouseholdId) -> StoreResult<Option<Timestamp>> {
                let at: Option<jiff_sqlx::Timestamp> = sqlx::query_scalar("SELECT created_at FROM households WHERE id = $1")
                    .bind(household.0)
                    .fetch_optional(&self.reader)
                    .await?;
                Ok(at.map(|t| t.to_jiff()))
            }

            async fn retention_candidates(&self, before: Timestamp) -> StoreResult<Vec<HouseholdId>> {
                let ids: Vec<Uuid> = sqlx::query_scalar(
                    "SELECT h.id FROM households h \
                     WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.household_id = h.id AND c.closed_at IS NULL) \
                     AND COALESCE((SELECT MAX(c.closed_at) FROM cases c WHERE c.household_id = h.id), h.created_at) < $1 \
                     ORDER BY h.id",
                )
                .bind(before.to_db())
                .fetch_all(&self.reader)
                .await?;
                Ok(ids.into_iter().map(HouseholdId).collect())
            }

            async fn destroy_household(
                &self,
                household: HouseholdId,
                rule: regie_domain::retention::Rule,
                at: Timestamp,
                log: &[ProcessingRecord],
            ) -> StoreResult<regie_domain::retention::DestructionRecord> {
                let h = household.0;
                let mut tx = self.begin_write().await?;
                let mut persons: Vec<Uuid> = sqlx::query_scalar(
                    "SELECT DISTINCT m.person_id FROM memberships m WHERE m.household_id = $1 AND NOT EXISTS \
                     (SELECT 1 FROM memberships o WHERE o.person_id = m.person_id AND o.household_id <> $1)",
                )
                .bind(h)
                .fetch_all(&mut *tx)
                .await?;
                // The records merged into them go with them, before them (they point to them).
                let mut retired = Vec::new();
                for p in &persons {
                    let merged: Vec<Uuid> = sqlx::query_scalar("SELECT id FROM persons WHERE merged_into = $1")
                        .bind(*p)
                        .fetch_all(&mut *tx)
                        .await?;
                    retired.extend(merged);
                }
                retired.append(&mut persons);
                let persons = retired;
                let mut signals: Vec<Uuid> = sqlx::query_scalar(
                    "SELECT id FROM signals WHERE household_id = $1 UNION SELECT signal_id FROM signal_subjects WHERE household_id = $1",
                )
                .bind(h)
                .fetch_all(&mut *tx)
                .await?;
                for p in &persons {
                    let about: Vec<Uuid> = sqlx::query_scalar("SELECT signal_id FROM signal_subjects WHERE person_id = $1")
                        .bind(*p)
                        .fetch_all(&mut *tx)
                        .await?;
                    signals.extend(about);
                }
                signals.sort();
                signals.dedup();
                // What an open case or a waiting report stood for in the figures for steering goes with it.
                let tallies: Vec<Option<Json<regie_domain::stats::Tally>>> =
                    sqlx::query_scalar("SELECT tally FROM cases WHERE household_id = $1").bind(h).fetch_all(&mut *tx).await?;
                let mut withdrawn: Vec<(Uuid, Vec<regie_domain::stats::Delta>)> =
                    tallies.into_iter().flatten().map(|t| (h, t.0.withdrawn())).collect();
                let mut unplaced = Vec::new();
                for s in &signals {
                    let document: Option<Json<regie_domain::signal::Signal>> =
                        sqlx::query_scalar("SELECT document FROM signals WHERE id = $1").bind(*s).fetch_optional(&mut *tx).await?;
                    let Some(Json(signal)) = document else { continue };
                    let vt: Option<Uuid> = sqlx::query_scalar("SELECT region_id FROM organisations WHERE id = $1 AND kind = $2")
                        .bind(signal.received_by.0)
                        .bind(OrganisationKind::Vt.as_str())
                        .fetch_optional(&mut *tx)
                        .await?;
                    let Some(region) = vt else { continue };
                    let deltas = regie_domain::stats::signal_withdrawn(&signal);
                    match signal.household_id {
                        Some(at) => withdrawn.push((at.0, deltas)),
                        None => unplaced.push((region, None, deltas)),
                    }
                }
                count_in_households(&mut *tx, withdrawn).await?;
                write_stats(&mut *tx, unplaced).await?;
                let mut counts: std::collections::BTreeMap<&'static str, u64> = std::collections::BTreeMap::new();
                // Each statement deletes by one id; the count goes under its table's name.
                macro_rules! delete {
                    ($table:literal, $sql:literal, $id:expr) => {{
                        let done = sqlx::query($sql).bind($id).execute(&mut *tx).await?;
                        *counts.entry($table).or_default() += done.rows_affected();
                    }};
                }
                for s in &signals {
                    delete!("webhook_outbox", "DELETE FROM webhook_outbox WHERE resource_id = $1", *s);
                    delete!("signal_events", "DELETE FROM signal_events WHERE signal_id = $1", *s);
                    delete!("signal_subjects", "DELETE FROM signal_subjects WHERE signal_id = $1", *s);
                    delete!("signals", "DELETE FROM signals WHERE id = $1", *s);
                }
                delete!(
                    "family_contributions",
                    "DELETE FROM family_contributions WHERE case_id IN (SELECT id FROM cases WHERE household_id = $1)",
                    h
                );
                delete!(
                    "questionnaires_answered",
                    "DELETE FROM questionnaires_answered WHERE case_id IN (SELECT id FROM cases WHERE household_id = $1)",
                    h
                );
                delete!(
                    "webhook_outbox",
                    "DELETE FROM webhook_outbox WHERE resource_id IN (SELECT id FROM cases WHERE household_id = $1)",
                    h
                );
                delete!(
                    "case_events",
                    "DELETE FROM case_events WHERE case_id IN (SELECT id FROM cases WHERE household_id = $1)",
                    h
                );
                delete!("case_tasks", "DELETE FROM case_tasks WHERE household_id = $1", h);
                delete!("cases", "DELETE FROM cases WHERE household_id = $1", h);
                delete!("meldcode_records", "DELETE FROM meldcode_records WHERE household_id = $1", h);
                delete!("emergency_access", "DELETE FROM emergency_access WHERE household_id = $1", h);
                delete!("consents", "DELETE FROM consents WHERE household_id = $1", h);
                delete!("parental_authority", "DELETE FROM parental_authority WHERE household_id = $1", h);
                delete!("justice_tracks", "DELETE FROM justice_tracks WHERE household_id = $1", h);
                delete!("lawyers", "DELETE FROM lawyers WHERE household_id = $1", h);
                delete!("household_tokens", "DELETE FROM household_tokens WHERE household_id = $1", h);
                delete!("memberships", "DELETE FROM memberships WHERE household_id = $1", h);
                for p in &persons {
                    delete!("person_merges", "DELETE FROM person_merges WHERE survivor_id = $1 OR retired_id = $1", *p);
                }
                for p in &persons {
                    let usernames: Vec<String> = sqlx::query_scalar("SELECT username FROM accounts WHERE person_id = $1")
                        .bind(*p)
                        .fetch_all(&mut *tx)
                        .await?;
                    for u in usernames {
                        delete!("web_sessions", "DELETE FROM web_sessions WHERE username = $1", u.clone());
                        delete!("sign_in_attempts", "DELETE FROM sign_in_attempts WHERE username = $1", u.clone());
                        delete!("second_factors", "DELETE FROM second_factors WHERE username = $1", u.clone());
                        delete!("recovery_codes", "DELETE FROM recovery_codes WHERE username = $1", u.clone());
                        delete!("sign_in_challenges", "DELETE FROM sign_in_challenges WHERE username = $1", u.clone());
                        delete!("second_factor_resets", "DELETE FROM second_factor_resets WHERE username = $1", u.clone());
                        delete!("accounts", "DELETE FROM accounts WHERE username = $1", u);
                    }
                    delete!("persons", "DELETE FROM persons WHERE id = $1", *p);
                }
                delete!("households", "DELETE FROM households WHERE id = $1", h);
                if counts.get("households") != Some(&1) {
                    return Err(StoreError::NotFound { entity: "household" });
                }
                let record = regie_domain::retention::DestructionRecord {
                    at,
                    rule,
                    records: counts.into_iter().filter(|(_, n)| *n > 0).map(|(t, n)| (t.to_owned(), n)).collect(),
                };
                sqlx::query("INSERT INTO destructions (id, at, rule, records) VALUES ($1, $2, $3, $4)")
                    .bind(Uuid::now_v7())
                    .bind(at.to_db())
                    .bind(rule.as_str())
                    .bind(Json(&record.records))
                    .execute(&mut *tx)
                    .await?;
                insert_log(&mut *tx, log).await?;
                tx.commit().await?;
                Ok(record)
            }

            async fn destructions(&self) -> StoreResult<Vec<regie_domain::retention::DestructionRecord>> {
                let rows = sqlx::query("SELECT at, rule, records FROM destructions ORDER BY at DESC, id DESC")
                    .fetch_all(&self.reader)
                    .await?;
                rows.iter()
                    .map(|r| {
                        let rule: String = r.try_get("rule")?;
                        Ok(regie_domain::retention::DestructionRecord {
                            at: r.try_get::<jiff_sqlx::Timestamp, _>("at")?.to_jiff(),
                            rule: code(regie_domain::retention::Rule::parse(&rule), "retention rule", &rule)?,
                            records: r.try_get::<Json<Vec<(String, u64)>>, _>("records")?.0,
                        })
                    })
                    .collect()
            }

            async fn claim_run(&self, name: &str, day: jiff::civil::Date) -> StoreResult<bool> {
                let done = sqlx::query("INSERT INTO job_runs (name, day) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                    .bind(name)
                    .bind(day.to_db())
                    .execute(&self.writer)
                    .await?;
                Ok(done.rows_affected() == 1)
            }
        }

        /// Where figures about households count: each household's region, its municipality (by the postcode
        /// area, when one is set) and its postcode.
        async fn places(
            conn: &mut <$db as sqlx::Database>::Connection,
            households: &[Uuid],
        ) -> StoreResult<std::collections::HashMap<Uuid, (Uuid, Option<Uuid>, Option<String>)>> {
            let mut out = std::collections::HashMap::new();
            for chunk in households.chunks(ROWS) {
                let mut b = sqlx::QueryBuilder::<$db>::new(
                    "SELECT h.id, h.region_id, h.postcode, a.municipality_id FROM households h \
                     LEFT JOIN municipality_areas a ON a.region_id = h.region_id AND a.area = substr(h.postcode, 1, 4) WHERE h.id",
                );
                push_ids(&mut b, chunk.iter().copied());
                for r in b.build().fetch_all(&mut *conn).await? {
                    out.insert(r.try_get("id")?, (r.try_get("region_id")?, r.try_get("municipality_id")?, r.try_get("postcode")?));
                }
            }
            Ok(out)
        }

        /// Counts deltas about households (each case's) where each household counts.
        async fn count_in_households(
            conn: &mut <$db as sqlx::Database>::Connection,
            counted: Vec<(Uuid, Vec<regie_domain::stats::Delta>)>,
        ) -> StoreResult<()> {
            if counted.iter().all(|(_, d)| d.is_empty()) {
                return Ok(());
            }
            let mut households: Vec<Uuid> = counted.iter().map(|(h, _)| *h).collect();
            households.sort_unstable();
            households.dedup();
            let places = places(&mut *conn, &households).await?;
            let placed = counted
                .into_iter()
                .filter_map(|(h, deltas)| places.get(&h).map(|(region, municipality, _)| (*region, *municipality, deltas)))
                .collect::<Vec<_>>();
            write_stats(conn, placed).await
        }

        /// Counts signals received (`received`) or assessed by Veilig Thuis: where the household lives, or in
        /// the receiving organisation's region when the signal names no household.
        async fn count_signals(
            conn: &mut <$db as sqlx::Database>::Connection,
            signals: &[&regie_domain::signal::Signal],
            received: bool,
        ) -> StoreResult<()> {
            if signals.is_empty() {
                return Ok(());
            }
            let mut receivers: Vec<Uuid> = signals.iter().map(|s| s.received_by.0).collect();
            receivers.sort_unstable();
            receivers.dedup();
            let mut b = sqlx::QueryBuilder::<$db>::new("SELECT id, region_id, kind FROM organisations WHERE id");
            push_ids(&mut b, receivers.iter().copied());
            let mut vt = std::collections::HashMap::new();
            for r in b.build().fetch_all(&mut *conn).await? {
                let kind: String = r.try_get("kind")?;
                if kind == OrganisationKind::Vt.as_str() {
                    vt.insert(r.try_get::<Uuid, _>("id")?, r.try_get::<Uuid, _>("region_id")?);
                }
            }
            let households: Vec<Uuid> = signals.iter().filter_map(|s| s.household_id.map(|h| h.0)).collect();
            let places = places(&mut *conn, &households).await?;
            let mut placed = Vec::new();
            for s in signals {
                let Some(region) = vt.get(&s.received_by.0) else {
                    continue;
                };
                let place = s.household_id.and_then(|h| places.get(&h.0));
                let area = place.and_then(|(_, _, postcode)| postcode.as_deref()).and_then(regie_domain::stats::area_of);
                let mut deltas = if received { regie_domain::stats::signal_received(s, area) } else { Vec::new() };
                deltas.extend(regie_domain::stats::signal_assessed(s));
                placed.push((place.map_or(*region, |p| p.0), place.and_then(|p| p.1), deltas));
            }
            write_stats(conn, placed).await
        }

        /// Adds deltas to the counters of their region and municipality, and again to the whole region's (the
        /// nil municipality), in one order (so concurrent writers never deadlock on them).
        async fn write_stats(
            conn: &mut <$db as sqlx::Database>::Connection,
            placed: Vec<(Uuid, Option<Uuid>, Vec<regie_domain::stats::Delta>)>,
        ) -> StoreResult<()> {
            use regie_domain::stats::{Delta, combine};
            let mut by_place: std::collections::BTreeMap<(Uuid, Uuid), Vec<Delta>> = Default::default();
            for (region, municipality, deltas) in placed {
                if let Some(m) = municipality {
                    by_place.entry((region, m)).or_default().extend(deltas.iter().cloned());
                }
                by_place.entry((region, Uuid::nil())).or_default().extend(deltas);
            }
            let mut flows = Vec::new();
            let mut stocks = Vec::new();
            for ((region, municipality), deltas) in by_place {
                for d in combine(deltas) {
                    match d.month {
                        Some(month) => flows.push((region, municipality, month, d)),
                        None => stocks.push((region, municipality, d)),
                    }
                }
            }
            for chunk in flows.chunks(ROWS) {
                let mut b = sqlx::QueryBuilder::<$db>::new("INSERT INTO stats_flows (region_id, municipality_id, month, metric, key, n) ");
                b.push_values(chunk, |mut b, (region, municipality, month, d)| {
                    b.push_bind(*region)
                        .push_bind(*municipality)
                        .push_bind(month.to_db())
                        .push_bind(d.metric.as_str())
                        .push_bind(d.key.clone())
                        .push_bind(d.n);
                });
                b.push(" ON CONFLICT (region_id, municipality_id, month, metric, key) DO UPDATE SET n = stats_flows.n + excluded.n");
                b.build().execute(&mut *conn).await?;
            }
            // The same flows by the year, for long periods.
            let mut yearly: std::collections::BTreeMap<(Uuid, Uuid, jiff::civil::Date, regie_domain::stats::Metric, String), i64> =
                Default::default();
            for (region, municipality, month, d) in &flows {
                *yearly.entry((*region, *municipality, month.first_of_year(), d.metric, d.key.clone())).or_default() += d.n;
            }
            let yearly: Vec<_> = yearly.into_iter().filter(|(_, n)| *n != 0).collect();
            for chunk in yearly.chunks(ROWS) {
                let mut b = sqlx::QueryBuilder::<$db>::new("INSERT INTO stats_flows_yearly (region_id, municipality_id, year, metric, key, n) ");
                b.push_values(chunk, |mut b, ((region, municipality, year, metric, key), n)| {
                    b.push_bind(*region)
                        .push_bind(*municipality)
                        .push_bind(year.to_db())
                        .push_bind(metric.as_str())
                        .push_bind(key.clone())
                        .push_bind(*n);
                });
                b.push(" ON CONFLICT (region_id, municipality_id, year, metric, key) DO UPDATE SET n = stats_flows_yearly.n + excluded.n");
                b.build().execute(&mut *conn).await?;
            }
            for chunk in stocks.chunks(ROWS) {
                let mut b = sqlx::QueryBuilder::<$db>::new("INSERT INTO stats_stocks (region_id, municipality_id, metric, key, n) ");
                b.push_values(chunk, |mut b, (region, municipality, d)| {
                    b.push_bind(*region)
                        .push_bind(*municipality)
                        .push_bind(d.metric.as_str())
                        .push_bind(d.key.clone())
                        .push_bind(d.n);
                });
                b.push(" ON CONFLICT (region_id, municipality_id, metric, key) DO UPDATE SET n = stats_stocks.n + excluded.n");
                b.build().execute(&mut *conn).await?;
            }
            Ok(())
        }

        /// Counts, once, what a database held before the figures were kept (migration 0026): every case's
        /// history and every signal. Claimed as a job run in the same transaction, so it happens exactly once.
        pub(crate) async fn backfill_stats(pool: &sqlx::Pool<$db>) -> StoreResult<()> {
            let mut tx = pool.begin().await?;
            let day: jiff::civil::Date = jiff::civil::date(1970, 1, 1);
            let claimed = sqlx::query("INSERT INTO job_runs (name, day) VALUES ('stats_backfill', $1) ON CONFLICT DO NOTHING")
                .bind(day.to_db())
                .execute(&mut *tx)
                .await?;
            if claimed.rows_affected() == 0 {
                return Ok(());
            }
            let cases: Vec<(Uuid, Uuid)> = sqlx::query_as("SELECT id, household_id FROM cases WHERE tally IS NULL")
                .fetch_all(&mut *tx)
                .await?;
            let mut counted = Vec::new();
            for (case, household) in cases {
                let rows = sqlx::query("SELECT at, payload FROM case_events WHERE case_id = $1 ORDER BY seq")
                    .bind(case)
                    .fetch_all(&mut *tx)
                    .await?;
                let mut history = Vec::with_capacity(rows.len());
                for r in &rows {
                    let Json(change): Json<CaseChange> = r.try_get("payload")?;
                    history.push((change, r.try_get::<jiff_sqlx::Timestamp, _>("at")?.to_jiff()));
                }
                let (tally, deltas) = regie_domain::stats::Tally::of(history.iter().map(|(c, at)| (c, *at)));
                sqlx::query("UPDATE cases SET tally = $1 WHERE id = $2").bind(Json(crate::compact(&tally)?)).bind(case).execute(&mut *tx).await?;
                counted.push((household, deltas));
            }
            count_in_households(&mut *tx, counted).await?;
            let documents: Vec<Json<regie_domain::signal::Signal>> =
                sqlx::query_scalar("SELECT document FROM signals").fetch_all(&mut *tx).await?;
            let signals: Vec<&regie_domain::signal::Signal> = documents.iter().map(|d| &d.0).collect();
            for chunk in signals.chunks(ROWS) {
                count_signals(&mut *tx, chunk, true).await?;
            }
            tx.commit().await?;
            Ok(())
        }

        fn counted_from(r: &$row, month: Option<jiff::civil::Date>) -> StoreResult<regie_domain::stats::Delta> {
            let metric: String = r.try_get("metric")?;
            Ok(regie_domain::stats::Delta {
                month,
                metric: code(regie_domain::stats::Metric::parse(&metric), "metric", &metric)?,
                key: r.try_get("key")?,
                n: r.try_get("n")?,
            })
        }

        #[async_trait]
        impl StatsStore for $store {
            async fn set_municipality_areas(&self, region: RegionId, municipality: OrganisationId, areas: &[String]) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query("DELETE FROM municipality_areas WHERE region_id = $1 AND municipality_id = $2")
                    .bind(region.0)
                    .bind(municipality.0)
                    .execute(&mut *tx)
                    .await?;
                for area in areas {
                    sqlx::query(
                        "INSERT INTO municipality_areas (region_id, area, municipality_id) VALUES ($1, $2, $3) \
                         ON CONFLICT (region_id, area) DO UPDATE SET municipality_id = excluded.municipality_id",
                    )
                    .bind(region.0)
                    .bind(area)
                    .bind(municipality.0)
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn municipality_areas(&self, region: RegionId) -> StoreResult<Vec<(String, OrganisationId)>> {
                let rows: Vec<(String, Uuid)> =
                    sqlx::query_as("SELECT area, municipality_id FROM municipality_areas WHERE region_id = $1 ORDER BY area")
                        .bind(region.0)
                        .fetch_all(&self.reader)
                        .await?;
                Ok(rows.into_iter().map(|(a, m)| (a, OrganisationId(m))).collect())
            }

            async fn flows(
                &self,
                region: RegionId,
                municipality: Option<OrganisationId>,
                from: jiff::civil::Date,
                until: jiff::civil::Date,
            ) -> StoreResult<Vec<regie_domain::stats::Delta>> {
                use regie_domain::stats::Metric;
                // Summed in the database over the period: the whole years inside it from the yearly roll-up,
                // the months before and after them from the monthly counters; so a 36-month view sums a few
                // years and at most 22 months, not 36 months of rows. The inflow is read per month (its chart
                // is per month).
                let (years, head, tail) = regie_domain::stats::split_years(from, until);
                let rows = sqlx::query(
                    // Each range its own SELECT: an OR of two ranges would scan every month of the place.
                    "SELECT metric, key, CAST(sum(n) AS BIGINT) AS n FROM ( \
                       SELECT metric, key, n FROM stats_flows WHERE region_id = $1 AND municipality_id = $2 \
                         AND month >= $3 AND month < $4 AND metric <> $9 \
                       UNION ALL \
                       SELECT metric, key, n FROM stats_flows WHERE region_id = $1 AND municipality_id = $2 \
                         AND month >= $5 AND month < $6 AND metric <> $9 \
                       UNION ALL \
                       SELECT metric, key, n FROM stats_flows_yearly WHERE region_id = $1 AND municipality_id = $2 \
                         AND year >= $7 AND year < $8 AND metric <> $9 \
                     ) t GROUP BY metric, key",
                )
                .bind(region.0)
                .bind(municipality.map_or(Uuid::nil(), |m| m.0))
                .bind(head.0.to_db())
                .bind(head.1.to_db())
                .bind(tail.0.to_db())
                .bind(tail.1.to_db())
                .bind(years.0.to_db())
                .bind(years.1.to_db())
                .bind(Metric::Inflow.as_str())
                .fetch_all(&self.reader)
                .await?;
                let mut out: Vec<regie_domain::stats::Delta> = rows.iter().map(|r| counted_from(r, None)).collect::<StoreResult<_>>()?;
                out.extend(self.monthly(region, municipality, Metric::Inflow, from, until).await?);
                Ok(out)
            }

            async fn monthly(
                &self,
                region: RegionId,
                municipality: Option<OrganisationId>,
                metric: regie_domain::stats::Metric,
                from: jiff::civil::Date,
                until: jiff::civil::Date,
            ) -> StoreResult<Vec<regie_domain::stats::Delta>> {
                let rows = sqlx::query(
                    "SELECT month, metric, key, n FROM stats_flows \
                     WHERE region_id = $1 AND municipality_id = $2 AND month >= $3 AND month < $4 AND metric = $5",
                )
                .bind(region.0)
                .bind(municipality.map_or(Uuid::nil(), |m| m.0))
                .bind(from.to_db())
                .bind(until.to_db())
                .bind(metric.as_str())
                .fetch_all(&self.reader)
                .await?;
                rows.iter()
                    .map(|r| counted_from(r, Some(r.try_get::<jiff_sqlx::Date, _>("month")?.to_jiff())))
                    .collect()
            }

            async fn stocks(&self, region: RegionId, municipality: Option<OrganisationId>) -> StoreResult<Vec<regie_domain::stats::Delta>> {
                let rows = sqlx::query("SELECT metric, key, n FROM stats_stocks WHERE region_id = $1 AND municipality_id = $2 AND n <> 0")
                    .bind(region.0)
                    .bind(municipality.map_or(Uuid::nil(), |m| m.0))
                    .fetch_all(&self.reader)
                    .await?;
                rows.iter().map(|r| counted_from(r, None)).collect()
            }

            async fn first_month(&self, region: RegionId) -> StoreResult<Option<jiff::civil::Date>> {
                let first: Option<jiff_sqlx::Date> =
                    sqlx::query_scalar("SELECT min(month) FROM stats_flows WHERE region_id = $1 AND municipality_id = $2")
                        .bind(region.0)
                        .bind(Uuid::nil())
                        .fetch_one(&self.reader)
                        .await?;
                Ok(first.map(|d| d.to_jiff()))
            }

            async fn questionnaires_answered(&self, respondent: Uuid, events: &[(CaseId, i64)]) -> StoreResult<Vec<(CaseId, i64)>> {
                let mut answered = Vec::new();
                for (case, seq) in events {
                    let found: Option<i64> = sqlx::query_scalar(
                        "SELECT seq FROM questionnaires_answered WHERE respondent_id = $1 AND case_id = $2 AND seq = $3",
                    )
                    .bind(respondent)
                    .bind(case.0)
                    .bind(*seq)
                    .fetch_optional(&self.reader)
                    .await?;
                    answered.extend(found.map(|_| (*case, *seq)));
                }
                Ok(answered)
            }

            async fn answer_questionnaire(
                &self,
                respondent: Uuid,
                (case, seq): (CaseId, i64),
                kept: &crate::KeptAnswer,
                log: &[ProcessingRecord],
            ) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                let marked = sqlx::query(
                    "INSERT INTO questionnaires_answered (respondent_id, case_id, seq) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                )
                .bind(respondent)
                .bind(case.0)
                .bind(seq)
                .execute(&mut *tx)
                .await?;
                if marked.rows_affected() == 0 {
                    return Err(StoreError::Conflict {
                        code: "already_answered",
                        field: None,
                        en: "this questionnaire was answered already",
                        nl: "deze vragenlijst is al ingevuld",
                    });
                }
                let a = &kept.answer;
                sqlx::query(
                    "INSERT INTO questionnaire_answers (region_id, municipality_id, month, moment, respondent, scores, open_answer) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(kept.region.0)
                .bind(kept.municipality.map_or(Uuid::nil(), |m| m.0))
                .bind(kept.month.to_db())
                .bind(a.moment.as_str())
                .bind(a.respondent.as_str())
                .bind(Json(&a.scores))
                .bind(a.open.as_deref())
                .execute(&mut *tx)
                .await?;
                insert_log(&mut *tx, log).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn questionnaire_answers(
                &self,
                region: RegionId,
                from: jiff::civil::Date,
                until: jiff::civil::Date,
            ) -> StoreResult<Vec<regie_domain::questionnaire::Answer>> {
                use regie_domain::questionnaire::{Answer, Moment, Respondent};
                let rows = sqlx::query(
                    "SELECT moment, respondent, scores, open_answer FROM questionnaire_answers \
                     WHERE region_id = $1 AND month >= $2 AND month < $3",
                )
                .bind(region.0)
                .bind(from.to_db())
                .bind(until.to_db())
                .fetch_all(&self.reader)
                .await?;
                rows.iter()
                    .map(|r| {
                        let moment: String = r.try_get("moment")?;
                        let respondent: String = r.try_get("respondent")?;
                        let Json(scores): Json<Vec<(String, u8)>> = r.try_get("scores")?;
                        Ok(Answer {
                            moment: code(Moment::parse(&moment), "moment", &moment)?,
                            respondent: code(Respondent::parse(&respondent), "respondent", &respondent)?,
                            scores,
                            open: r.try_get("open_answer")?,
                        })
                    })
                    .collect()
            }

            async fn research_cases(
                &self,
                region: RegionId,
                from: Timestamp,
                until: Timestamp,
                out: tokio::sync::mpsc::Sender<Option<crate::ResearchCase>>,
            ) -> StoreResult<()> {
                use futures_util::TryStreamExt;
                let mut tx = self.reader.begin().await?;
                if self.backend() == "postgres" {
                    // Both passes see one snapshot; SQLite's read transaction does so by itself.
                    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute(&mut *tx).await?;
                }
                for _pass in 0..2 {
                    let mut rows = sqlx::query(
                        "SELECT c.id, c.tally, h.postcode, p.date_of_birth, m.from_date, m.to_date \
                         FROM cases c JOIN households h ON h.id = c.household_id \
                         LEFT JOIN memberships m ON m.household_id = c.household_id \
                         LEFT JOIN persons p ON p.id = m.person_id \
                         WHERE h.region_id = $1 AND c.opened_at >= $2 AND c.opened_at < $3 ORDER BY c.id",
                    )
                    .bind(region.0)
                    .bind(from.to_db())
                    .bind(until.to_db())
                    .fetch(&mut *tx);
                    let mut current: Option<(Uuid, crate::ResearchCase)> = None;
                    while let Some(r) = rows.try_next().await? {
                        let id: Uuid = r.try_get("id")?;
                        if current.as_ref().is_none_or(|(c, _)| *c != id) {
                            if let Some((_, case)) = current.take()
                                && out.send(Some(case)).await.is_err()
                            {
                                return Ok(());
                            }
                            let tally: Option<Json<regie_domain::stats::Tally>> = r.try_get("tally")?;
                            current = Some((id, crate::ResearchCase {
                                postcode: r.try_get("postcode")?,
                                members: Vec::new(),
                                tally: tally.map(|t| t.0).unwrap_or_default(),
                            }));
                        }
                        if let (Some((_, case)), Some(born)) = (current.as_mut(), r.try_get::<Option<jiff_sqlx::Date>, _>("date_of_birth")?) {
                            case.members.push((
                                born.to_jiff(),
                                r.try_get::<jiff_sqlx::Date, _>("from_date")?.to_jiff(),
                                r.try_get::<Option<jiff_sqlx::Date>, _>("to_date")?.map(|d| d.to_jiff()),
                            ));
                        }
                    }
                    drop(rows);
                    let last = current.map(|(_, case)| case);
                    for item in [last.map(Some), Some(None)].into_iter().flatten() {
                        if out.send(item).await.is_err() {
                            return Ok(());
                        }
                    }
                }
                tx.commit().await?;
                Ok(())
            }
        }

        #[async_trait]
        impl ConsentStore for $store {
            async fn create_consent(&self, c: &regie_domain::consent::Consent, log: &[ProcessingRecord]) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query("INSERT INTO consents (id, household_id, person_id, organisation_id, revoked, document) VALUES ($1, $2, $3, $4, $5, $6)")
                    .bind(c.id.0)
                    .bind(c.household.0)
                    .bind(c.person.0)
                    .bind(c.organisation.0)
                    .bind(i64::from(c.revoked.is_some()))
                    .bind(Json(c))
                    .execute(&mut *tx)
                    .await?;
                insert_log(&mut *tx, log).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn consents_of(&self, household: HouseholdId) -> StoreResult<Vec<regie_domain::consent::Consent>> {
                let rows: Vec<Json<regie_domain::consent::Consent>> =
                    sqlx::query_scalar("SELECT document FROM consents WHERE household_id = $1 ORDER BY id")
                        .bind(household.0)
                        .fetch_all(&self.reader)
                        .await?;
                Ok(rows.into_iter().map(|j| j.0).collect())
            }

            async fn revoke_consent(&self, c: &regie_domain::consent::Consent, log: &[ProcessingRecord]) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                let done = sqlx::query("UPDATE consents SET revoked = 1, document = $1 WHERE id = $2 AND revoked = 0")
                    .bind(Json(c))
                    .bind(c.id.0)
                    .execute(&mut *tx)
                    .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::stale());
                }
                insert_log(&mut *tx, log).await?;
                tx.commit().await?;
                Ok(())
            }
        }

        #[async_trait]
        impl EmergencyStore for $store {
            async fn create_emergency(&self, a: &regie_domain::emergency::EmergencyAccess, log: &[ProcessingRecord]) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query("INSERT INTO emergency_access (id, professional_id, organisation_id, household_id, at, until, reviewed, document) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                    .bind(a.id.0)
                    .bind(a.professional.0)
                    .bind(a.organisation.0)
                    .bind(a.household.0)
                    .bind(a.at.to_db())
                    .bind(a.until.to_db())
                    .bind(i64::from(a.review.is_some()))
                    .bind(Json(a))
                    .execute(&mut *tx)
                    .await?;
                insert_log(&mut *tx, log).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn emergency(&self, id: regie_domain::EmergencyAccessId) -> StoreResult<Option<regie_domain::emergency::EmergencyAccess>> {
                let row: Option<Json<regie_domain::emergency::EmergencyAccess>> = sqlx::query_scalar("SELECT document FROM emergency_access WHERE id = $1")
                    .bind(id.0)
                    .fetch_optional(&self.reader)
                    .await?;
                Ok(row.map(|j| j.0))
            }

            async fn emergencies_of(&self, organisation: OrganisationId) -> StoreResult<Vec<regie_domain::emergency::EmergencyAccess>> {
                let rows: Vec<Json<regie_domain::emergency::EmergencyAccess>> = sqlx::query_scalar(
                    "SELECT document FROM emergency_access WHERE organisation_id = $1 ORDER BY reviewed, at DESC",
                )
                .bind(organisation.0)
                .fetch_all(&self.reader)
                .await?;
                Ok(rows.into_iter().map(|j| j.0).collect())
            }

            async fn emergencies_about(&self, household: HouseholdId) -> StoreResult<Vec<regie_domain::emergency::EmergencyAccess>> {
                let rows: Vec<Json<regie_domain::emergency::EmergencyAccess>> = sqlx::query_scalar(
                    "SELECT document FROM emergency_access WHERE household_id = $1 ORDER BY at",
                )
                .bind(household.0)
                .fetch_all(&self.reader)
                .await?;
                Ok(rows.into_iter().map(|j| j.0).collect())
            }

            async fn review_emergency(&self, a: &regie_domain::emergency::EmergencyAccess, log: &[ProcessingRecord]) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                let done = sqlx::query("UPDATE emergency_access SET reviewed = 1, document = $1 WHERE id = $2 AND reviewed = 0")
                    .bind(Json(a))
                    .bind(a.id.0)
                    .execute(&mut *tx)
                    .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::stale());
                }
                insert_log(&mut *tx, log).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn put_emergency_complaints(
                &self,
                a: &regie_domain::emergency::EmergencyAccess,
                before: usize,
                log: &[ProcessingRecord],
            ) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                let stored: Option<Json<regie_domain::emergency::EmergencyAccess>> =
                    sqlx::query_scalar("SELECT document FROM emergency_access WHERE id = $1")
                        .bind(a.id.0)
                        .fetch_optional(&mut *tx)
                        .await?;
                let Some(stored) = stored else {
                    return Err(StoreError::NotFound { entity: "emergency access" });
                };
                let decided = |x: &regie_domain::emergency::EmergencyAccess| x.complaints.iter().filter(|c| c.decision.is_some()).count();
                if stored.0.complaints.len() != before || decided(&stored.0) > decided(a) {
                    return Err(StoreError::stale());
                }
                // The judgement stays as stored: only the complaints change here.
                let next = regie_domain::emergency::EmergencyAccess {
                    complaints: a.complaints.clone(),
                    ..stored.0
                };
                sqlx::query("UPDATE emergency_access SET document = $1 WHERE id = $2")
                    .bind(Json(&next))
                    .bind(a.id.0)
                    .execute(&mut *tx)
                    .await?;
                insert_log(&mut *tx, log).await?;
                tx.commit().await?;
                Ok(())
            }
        }

        #[async_trait]
        impl FamilyStore for $store {
            async fn add_contribution(
                &self,
                c: &regie_domain::portal::FamilyContribution,
                change: Option<(&Case, &NewEvent)>,
                log: &[ProcessingRecord],
            ) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                if let Some((case, event)) = change {
                    let write = crate::sql::CaseWrite {
                        case: case.clone(),
                        event: event.clone(),
                        log: Vec::new(),
                    };
                    record_unlogged(&mut *tx, &[&write]).await?.remove(0)?;
                }
                sqlx::query("INSERT INTO family_contributions (id, case_id, person_id, at, contribution, shared) VALUES ($1, $2, $3, $4, $5, $6)")
                    .bind(c.id.0)
                    .bind(c.case_id.0)
                    .bind(c.person_id.0)
                    .bind(c.at.to_db())
                    .bind(Json(&c.contribution))
                    .bind(i64::from(c.shared))
                    .execute(&mut *tx)
                    .await?;
                insert_log(&mut *tx, log).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn contributions(&self, case: CaseId) -> StoreResult<Vec<regie_domain::portal::FamilyContribution>> {
                let rows = sqlx::query(&format!("SELECT {CONTRIBUTION_COLUMNS} FROM family_contributions WHERE case_id = $1 ORDER BY at, id"))
                    .bind(case.0)
                    .fetch_all(&self.reader)
                    .await?;
                rows.iter().map(contribution_from).collect()
            }

            async fn contributions_since(&self, cases: &[CaseId], since: Timestamp) -> StoreResult<Vec<regie_domain::portal::FamilyContribution>> {
                let mut found = Vec::new();
                for chunk in cases.chunks(ROWS) {
                    let mut b = sqlx::QueryBuilder::<$db>::new(format!("SELECT {CONTRIBUTION_COLUMNS} FROM family_contributions WHERE at > "));
                    b.push_bind(since.to_db());
                    b.push(" AND case_id");
                    push_ids(&mut b, chunk.iter().map(|c| c.0));
                    for r in b.build().fetch_all(&self.reader).await? {
                        found.push(contribution_from(&r)?);
                    }
                }
                found.sort_by_key(|c: &regie_domain::portal::FamilyContribution| (c.at, c.id.0));
                Ok(found)
            }
        }

        #[async_trait]
        impl SignalStore for $store {
            async fn create_signals(&self, new_persons: &[Person], intake: &[SignalIntake], log: &[ProcessingRecord]) -> StoreResult<()> {
                self.write(crate::sql::Write::Signals(crate::sql::SignalsWrite {
                    new_persons: new_persons.to_vec(),
                    intake: intake.to_vec(),
                    log: log.to_vec(),
                }))
                .await
            }

            async fn signal(&self, id: regie_domain::SignalId) -> StoreResult<Option<regie_domain::signal::Signal>> {
                let row = sqlx::query(&format!("SELECT {SIGNAL_COLUMNS} FROM signals WHERE id = $1"))
                    .bind(id.0)
                    .fetch_optional(&self.reader)
                    .await?;
                row.map(|r| signal_from(&r)).transpose()
            }

            async fn assess_signal(
                &self,
                s: &regie_domain::signal::Signal,
                actor: &Actor,
                case: Option<&CaseLink>,
                log: &[ProcessingRecord],
            ) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                let done = sqlx::query("UPDATE signals SET status = $1, document = $2, version = $3 WHERE id = $4 AND version = $5")
                    .bind(signal_status(s))
                    .bind(Json(s))
                    .bind(s.version)
                    .bind(s.id.0)
                    .bind(s.version - 1)
                    .execute(&mut *tx)
                    .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::stale());
                }
                let at = s.assessment.as_ref().map_or(s.registered_at, |a| a.at);
                insert_signal_event(&mut tx, s, actor, at, "assessed").await?;
                count_signals(&mut *tx, &[s], false).await?;
                match case {
                    Some(CaseLink::Open(c, events)) => {
                        insert_cases(&mut *tx, std::slice::from_ref(c), events, &Default::default()).await?;
                    }
                    Some(CaseLink::Join(c, event)) => {
                        let write = crate::sql::CaseWrite {
                            case: c.clone(),
                            event: (**event).clone(),
                            log: Vec::new(),
                        };
                        record_unlogged(&mut *tx, &[&write]).await?.remove(0)?;
                    }
                    None => {}
                }
                insert_log(&mut *tx, log).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn earlier_signals(
                &self,
                region: RegionId,
                persons: &[PersonId],
                households: &[HouseholdId],
                since: Date,
            ) -> StoreResult<Vec<regie_domain::signal::EarlierSignal>> {
                if persons.is_empty() && households.is_empty() {
                    return Ok(Vec::new());
                }
                // One round trip: every subject row of the signals that match by person or household. The
                // matching signals are found once and each is then looked up by its index, and so is each
                // household's region, whatever the statistics say: planned on those of a table that had grown
                // since, PostgreSQL scanned every subject row and every household (docs/performance.md).
                let mut b = sqlx::QueryBuilder::<$db>::new(format!(
                    "SELECT ss.signal_id, ss.household_id, ss.received_on, \
                     (SELECT h.region_id FROM households h WHERE h.id = ss.household_id) AS region_id \
                     FROM signal_subjects ss WHERE ss.signal_id{}\
                     SELECT signal_id FROM signal_subjects WHERE received_on >= ",
                    IN_SUBQUERY.0
                ));
                b.push_bind(since.to_db()).push(" AND (");
                let mut first = true;
                for (column, ids) in [("person_id", persons.iter().map(|p| p.0).collect::<Vec<_>>()), ("household_id", households.iter().map(|h| h.0).collect())] {
                    if ids.is_empty() {
                        continue;
                    }
                    if !first {
                        b.push(" OR ");
                    }
                    first = false;
                    b.push(column);
                    push_ids(&mut b, ids);
                }
                b.push(")").push(IN_SUBQUERY.1);
                let mut found: Vec<regie_domain::signal::EarlierSignal> = Vec::new();
                // The signals about a household, of whichever region.
                let mut about_households = std::collections::HashSet::new();
                for r in b.build().fetch_all(&self.reader).await? {
                    let id = regie_domain::SignalId(r.try_get("signal_id")?);
                    let household = r.try_get::<Option<Uuid>, _>("household_id")?.map(HouseholdId);
                    if household.is_some() {
                        about_households.insert(id);
                    }
                    let of_region = r.try_get::<Option<Uuid>, _>("region_id")? == Some(region.0);
                    let household = household.filter(|_| of_region);
                    let received_on = r.try_get::<jiff_sqlx::Date, _>("received_on")?.to_jiff();
                    let entry = match found.iter_mut().position(|e| e.id == id) {
                        Some(i) => &mut found[i],
                        None => {
                            found.push(regie_domain::signal::EarlierSignal { id, received_on, households: Vec::new() });
                            found.last_mut().expect("just pushed")
                        }
                    };
                    entry.households.extend(household);
                }
                found.retain(|s| !(s.households.is_empty() && about_households.contains(&s.id)));
                Ok(found)
            }

            async fn current_cases_for(&self, households: &[HouseholdId]) -> StoreResult<Vec<Case>> {
                let ids: Vec<Uuid> = households.iter().map(|i| i.0).collect();
                let head = format!(
                    "SELECT {CASE_COLUMNS} FROM (SELECT {CASE_COLUMNS}, ROW_NUMBER() OVER \
                     (PARTITION BY household_id ORDER BY closed_at IS NULL DESC, opened_at DESC) AS n \
                     FROM cases WHERE household_id"
                );
                by_ids(&self.reader, &head, &ids, ") c WHERE n = 1", case_from).await
            }

            async fn open_cases_of(&self, households: &[HouseholdId]) -> StoreResult<Vec<CaseId>> {
                let ids: Vec<Uuid> = households.iter().map(|i| i.0).collect();
                by_ids(&self.reader, "SELECT id FROM cases WHERE closed_at IS NULL AND household_id", &ids, "", |r| {
                    Ok(CaseId(r.try_get("id")?))
                })
                .await
            }

            async fn households_at(&self, region: RegionId, postcode: &str, house_number: &str) -> StoreResult<Vec<HouseholdId>> {
                let ids: Vec<Uuid> = sqlx::query_scalar("SELECT id FROM households WHERE postcode = $1 AND house_number = $2 AND region_id = $3")
                    .bind(postcode)
                    .bind(house_number)
                    .bind(region.0)
                    .fetch_all(&self.reader)
                    .await?;
                Ok(ids.into_iter().map(HouseholdId).collect())
            }

            async fn open_signals_received_by(
                &self,
                organisation: OrganisationId,
                limit: u32,
                offset: u32,
            ) -> StoreResult<(Vec<regie_domain::signal::Signal>, u64)> {
                let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM signals WHERE received_by = $1 AND status = 'received'")
                    .bind(organisation.0)
                    .fetch_one(&self.reader)
                    .await?;
                let rows = sqlx::query(&format!(
                    "SELECT {SIGNAL_COLUMNS} FROM signals WHERE received_by = $1 AND status = 'received' \
                     ORDER BY assessment_deadline IS NULL, assessment_deadline, received_on, id LIMIT $2 OFFSET $3"
                ))
                .bind(organisation.0)
                .bind(i64::from(limit))
                .bind(i64::from(offset))
                .fetch_all(&self.reader)
                .await?;
                let signals = rows.iter().map(signal_from).collect::<StoreResult<_>>()?;
                Ok((signals, u64::try_from(total).unwrap_or(0)))
            }

            async fn signals_reported_by(&self, professional: ProfessionalId) -> StoreResult<Vec<regie_domain::signal::Signal>> {
                let rows = sqlx::query(&format!(
                    "SELECT {SIGNAL_COLUMNS} FROM signals WHERE reporter_professional = $1 ORDER BY received_on DESC, id DESC"
                ))
                .bind(professional.0)
                .fetch_all(&self.reader)
                .await?;
                rows.iter().map(signal_from).collect()
            }

            async fn create_meldcode(&self, m: &regie_domain::signal::Meldcode, log: &[ProcessingRecord]) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query("INSERT INTO meldcode_records (id, professional_id, organisation_id, at, household_id, document) VALUES ($1, $2, $3, $4, $5, $6)")
                    .bind(m.id.0)
                    .bind(m.by.0)
                    .bind(m.organisation.0)
                    .bind(m.at.to_db())
                    .bind(m.household_id.map(|h| h.0))
                    .bind(Json(m))
                    .execute(&mut *tx)
                    .await?;
                insert_log(&mut *tx, log).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn meldcodes_by(&self, professional: ProfessionalId) -> StoreResult<Vec<regie_domain::signal::Meldcode>> {
                let rows = sqlx::query("SELECT document FROM meldcode_records WHERE professional_id = $1 ORDER BY at DESC, id DESC")
                    .bind(professional.0)
                    .fetch_all(&self.reader)
                    .await?;
                rows.iter()
                    .map(|r| Ok(r.try_get::<Json<regie_domain::signal::Meldcode>, _>("document")?.0))
                    .collect()
            }

            async fn norms(&self, region: RegionId) -> StoreResult<regie_domain::signal::Norms> {
                norms_from(self.region_rows(region).await?)
            }

            async fn route_variant(&self, region: RegionId) -> StoreResult<regie_domain::route::RouteVariant> {
                let rows = self.region_rows(region).await?;
                let mut variant = regie_domain::route::RouteVariant::default();
                for (name, value) in rows {
                    let on = value != 0;
                    match name.as_str() {
                        "consultation" => variant.consultation = on,
                        "joint_work" => variant.joint_work = on,
                        "transfer" => variant.transfer = on,
                        "joint_work_rvt_leads" => variant.joint_work_rvt_leads = on,
                        "local_pressure_after_consultation" => variant.local_pressure_after_consultation = on,
                        "measure_transfer" => variant.measure_transfer = on,
                        _ => {}
                    }
                }
                Ok(variant)
            }

            async fn put_route_variant(&self, region: RegionId, variant: &regie_domain::route::RouteVariant) -> StoreResult<()> {
                let rows = [
                    ("consultation", variant.consultation),
                    ("joint_work", variant.joint_work),
                    ("transfer", variant.transfer),
                    ("joint_work_rvt_leads", variant.joint_work_rvt_leads),
                    ("local_pressure_after_consultation", variant.local_pressure_after_consultation),
                    ("measure_transfer", variant.measure_transfer),
                ];
                self.put_region_rows(region, &rows.map(|(name, on)| (name, u32::from(on)))).await
            }

            async fn put_norms(&self, region: RegionId, norms: &regie_domain::signal::Norms) -> StoreResult<()> {
                self.put_region_rows(
                    region,
                    &[
                        ("safety_assessment_working_days", norms.safety_assessment_working_days),
                        ("investigation_weeks", norms.investigation_weeks),
                        ("radar_years", norms.radar_years),
                        ("team_access", u32::from(norms.team_access)),
                        ("raad_investigation_weeks", norms.raad_investigation_weeks),
                        ("measure_reminder_weeks", norms.measure_reminder_weeks),
                        ("complaint_weeks", norms.complaint_weeks),
                    ],
                )
                .await
            }
        }

        #[async_trait]
        impl ImportStore for $store {
            async fn import(&self, batch: &ImportBatch, at: Timestamp, log: &[ProcessingRecord]) -> StoreResult<()> {
                let mut tx = self.begin_write().await?;
                // Households and persons first: the signals refer to them.
                insert_households(&mut *tx, &batch.households, at).await?;
                insert_persons(&mut *tx, &batch.persons, at).await?;
                insert_memberships(&mut *tx, &batch.memberships).await?;
                // The search index, from the batch itself.
                let persons: std::collections::HashMap<PersonId, &Person> = batch.persons.iter().map(|p| (p.id, p)).collect();
                let mut current: std::collections::HashMap<HouseholdId, Vec<MemberTokens>> = std::collections::HashMap::new();
                for m in batch.memberships.iter().filter(|m| m.to.is_none()) {
                    if let Some(p) = persons.get(&m.person_id) {
                        current.entry(m.household_id).or_default().push(MemberTokens {
                            given: p.name.given.as_str().to_owned(),
                            family: p.name.family.as_str().to_owned(),
                            bsn: p.bsn.as_ref().map(Bsn::as_string),
                            date_of_birth: p.date_of_birth,
                        });
                    }
                }
                let mut tokens: Vec<(String, HouseholdId)> = Vec::new();
                let mut words = std::collections::HashMap::new();
                for h in &batch.households {
                    let members = current.remove(&h.id).unwrap_or_default();
                    let sort_key = regie_domain::person::normalise(h.name.as_str());
                    let of_household = household_tokens(h.name.as_str(), members);
                    words.insert(h.id, (sort_key, crate::household_words(&of_household)));
                    tokens.extend(of_household.into_iter().map(|t| (t, h.id)));
                }
                for chunk in tokens.chunks(ROWS) {
                    let mut b = sqlx::QueryBuilder::<$db>::new("INSERT INTO household_tokens (token, household_id) ");
                    b.push_values(chunk, |mut b, (t, h)| {
                        b.push_bind(t.clone()).push_bind(h.0);
                    });
                    b.build().execute(&mut *tx).await?;
                }
                insert_cases(&mut *tx, &batch.cases, &batch.events, &words).await?;
                insert_signals(&mut tx, &batch.signals).await?;
                insert_log(&mut *tx, log).await?;
                tx.commit().await?;
                Ok(())
            }
        }
    };
}

pub(crate) use impl_store;
pub(crate) use professional_columns;
