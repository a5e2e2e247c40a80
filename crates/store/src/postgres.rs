//! The PostgreSQL backend, for production and for several server instances sharing one database.

use crate::sql::{Commit, Queued, Write, queue, start_committer};
use crate::{Store, StoreError, StoreResult};
use async_trait::async_trait;
use jiff_sqlx::ToSqlx;
use prometheus_client::metrics::histogram::Histogram;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Pool, Postgres};
use std::str::FromStr;
use tokio::sync::mpsc;

/// The PostgreSQL store. Reads share one pool with the writes. Every transaction that appends to the
/// processing log takes the chain's head row until it commits, so writes of the log cannot run side by side:
/// the changes of cases, the intake of signals and reads' log records therefore go through one committer per
/// server, which writes what arrives together in one transaction (one head update, one commit flush), as
/// SQLite's group commit does.
#[derive(Clone)]
pub struct PgStore {
    writer: Pool<Postgres>,
    reader: Pool<Postgres>,
    committer: mpsc::Sender<Queued>,
    batches: Histogram,
}

/// The group commit's writer. It remembers the chain's head as its last batch of reads' records left it, so
/// that the next such batch appends in one statement that is its own transaction ([`PgCommitter::append_reads`]):
/// one round trip to the server instead of four (BEGIN, the head, the records, COMMIT).
struct PgCommitter {
    pool: Pool<Postgres>,
    head: std::sync::Mutex<Option<(i64, String)>>,
}

#[async_trait]
impl Commit for PgCommitter {
    async fn batch(&self, writes: &[Write]) -> StoreResult<Vec<StoreResult<()>>> {
        if crate::sql::reads_only(writes) {
            let records: Vec<crate::LoggedProcessing> = (writes.iter())
                .flat_map(|w| match w {
                    Write::Log(records) => records.as_slice(),
                    Write::Case(_) | Write::Signals(_) => &[],
                })
                .map(crate::LoggedProcessing::from)
                .collect();
            if self.append_reads(&records).await? {
                return Ok(writes.iter().map(|_| Ok(())).collect());
            }
        }
        self.forget_head();
        commit_batch(&self.pool, writes).await
    }

    async fn one(&self, write: Write) -> StoreResult<()> {
        self.forget_head();
        write_one(&self.pool, write).await
    }
}

/// The most reads' records one statement appends (sixteen arrays of that length): a larger batch, rare,
/// takes the locking path, which writes its records in chunks.
const READS_AT_ONCE: usize = 4_000;

impl PgCommitter {
    /// Appends reads' records after the chain's head in one statement, outside a transaction: the head's
    /// update holds only when the head is still where this committer saw it, so the statement appends
    /// nothing when another writer (a case change here, another server, a command) moved it. Then the head
    /// is read afresh and tried once more; `false` leaves the batch to the locking path (`commit_batch`).
    /// The statement's commit does not wait for the WAL flush (`set_config(…, true)` is `SET LOCAL`), as
    /// `commit_batch` does for a batch of reads. The triggers of migration 0037 give the head the last
    /// record's hash and note the subjects, as for every append.
    async fn append_reads(&self, records: &[crate::LoggedProcessing]) -> StoreResult<bool> {
        if records.is_empty() || records.len() > READS_AT_ONCE {
            return Ok(false);
        }
        let mut remembered = self.forget_head();
        for _ in 0..2 {
            let (seq, hash) = match remembered.take() {
                Some(head) => head,
                None => {
                    sqlx::query_as("SELECT seq, hash FROM log_chain WHERE id = 1")
                        .fetch_one(&self.pool)
                        .await?
                }
            };
            let (rows, last_hash) = chained_rows(records, (seq, hash.clone()))?;
            let last = seq + log_size(records.len())?;
            let mut b = sqlx::QueryBuilder::<Postgres>::new(
                "WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true) AS off), \
                 head AS (UPDATE log_chain SET seq = ",
            );
            b.push_bind(last).push(" WHERE id = 1 AND seq = ").push_bind(seq);
            b.push(" AND hash = ").push_bind(hash);
            b.push(" AND (SELECT off FROM relaxed) = 'off' RETURNING seq) ");
            b.push(format!(
                "INSERT INTO processing_log ({LOG_COLUMNS}, seq, prev_hash, hash) "
            ));
            push_chained_rows(&mut b, &rows);
            b.push(" WHERE EXISTS (SELECT 1 FROM head)");
            if b.build().execute(&self.pool).await?.rows_affected() == rows.len() as u64 {
                *self.head.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some((last, last_hash));
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Forgets the head remembered, returning it: any write but a batch of reads moves it.
    fn forget_head(&self) -> Option<(i64, String)> {
        self.head
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
    }
}

/// Adds chained processing-log records to an `INSERT INTO processing_log (…, seq, prev_hash, hash)` as
/// `SELECT * FROM UNNEST(…)` of one array per column, in the order of `LOG_COLUMNS` and then `seq,
/// prev_hash, hash` (as `push_record` binds a record's values; the contract tests' chains fail to verify
/// when the two disagree): the statement has one shape whatever the number of records, so each connection
/// prepares it once, where a `VALUES` list per number of records made about a hundred shapes (more than
/// sqlx keeps prepared per connection, so they were prepared and planned again and again:
/// docs/performance.md).
fn push_chained_rows(b: &mut sqlx::QueryBuilder<'_, Postgres>, rows: &[ChainedRow<'_>]) {
    fn column<'r, T>(rows: &[ChainedRow<'r>], value: impl Fn(&ChainedRow<'r>) -> T) -> Vec<T> {
        rows.iter().map(value).collect()
    }
    b.push("SELECT * FROM UNNEST(");
    b.separated(", ")
        .push_bind(column(rows, |(_, r, ..)| r.at.to_sqlx()))
        .push_bind(column(rows, |(_, r, ..)| r.professional.map(|p| p.0)))
        .push_bind(column(rows, |(_, r, ..)| r.organisation.0))
        .push_bind(column(rows, |(_, r, ..)| r.purpose.clone()))
        .push_bind(column(rows, |(_, r, ..)| r.operation.clone()))
        .push_bind(column(rows, |(_, r, ..)| r.household.map(|h| h.0)))
        .push_bind(column(rows, |(_, r, ..)| r.person.map(|p| p.0)))
        .push_bind(column(rows, |(_, r, ..)| r.activity.clone()))
        .push_bind(column(rows, |(_, r, ..)| r.span.trace_id.to_vec()))
        .push_bind(column(rows, |(_, r, ..)| r.span.span_id.to_vec()))
        .push_bind(column(rows, |(_, r, ..)| r.span.parent_span_id.map(|p| p.to_vec())))
        .push_bind(column(rows, |(_, r, ..)| i64::from(r.emergency)))
        .push_bind(column(rows, |(_, r, ..)| r.by_person.map(|p| p.0)))
        .push_bind(column(rows, |(seq, ..)| *seq))
        .push_bind(column(rows, |(_, _, prev, _)| prev.clone()))
        .push_bind(column(rows, |(.., hash)| hash.clone()));
    b.push(")");
}

/// Writes a batch in one transaction. A batch of reads' log records alone commits without waiting for the
/// WAL flush (`synchronous_commit = off`, for this transaction only): the records are safe when Regie itself
/// stops, and only a crash of the PostgreSQL server within about 0.6 s (three times `wal_writer_delay`) could
/// lose them, as a power cut could lose those in SQLite's staging file (`synchronous = NORMAL`). The chain
/// stays whole: a later write's durable commit flushes every record before it. A batch with a change in it
/// commits durably.
async fn commit_batch(writer: &Pool<Postgres>, writes: &[Write]) -> StoreResult<Vec<StoreResult<()>>> {
    // The setting goes with the BEGIN, in one round trip.
    let begin = if crate::sql::reads_only(writes) {
        "BEGIN; SET LOCAL synchronous_commit TO OFF"
    } else {
        "BEGIN"
    };
    let mut tx = writer.begin_with(begin).await?;
    let outcomes = write_all(&mut tx, writes, false).await?;
    tx.commit().await?;
    Ok(outcomes)
}

/// How long a pooled connection may sit idle and still be lent out without a ping first.
const PING_WHEN_IDLE: std::time::Duration = std::time::Duration::from_secs(1);

impl PgStore {
    /// Connects to a `postgres://` URL.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        Self::connect_with(PgConnectOptions::from_str(url)?).await
    }

    /// Connects with explicit options (tests use this to give each test its own schema).
    pub async fn connect_with(options: PgConnectOptions) -> StoreResult<Self> {
        // Every prepared statement runs with its generic plan, made once per connection. By default
        // PostgreSQL plans a statement afresh for its first five runs on each connection, and then for
        // good whenever its generic plan's estimate is above the custom plans' — as for a test of an id
        // against an array (`push_ids`) when the array holds one id. Regie's statements are written for
        // their generic plans (`IN_SUBQUERY`, `ONE_BY_ONE`); planning them took 0.5–0.8 ms a run, more
        // than most of them take to run (docs/performance.md).
        //
        // Nor are they compiled: a generic plan's estimate can be far above what a statement reads (a search
        // word's range of index entries, planned without the word, is thousands of rows for the five that a
        // birth date names), and above `jit_above_cost` PostgreSQL spends about 90 ms compiling a statement
        // that then runs in one (docs/performance.md).
        let options = options.options([("plan_cache_mode", "force_generic_plan"), ("jit", "off")]);
        // A connection is pinged before it is lent out only when it sat idle for a while (as in sqlx's own
        // example for `before_acquire`, and HikariCP's bypass window): one that served a statement a moment
        // ago is alive, and a ping before every statement is one more round trip to the server.
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for > PING_WHEN_IDLE {
                        sqlx::Connection::ping(conn).await?;
                    }
                    Ok(true)
                })
            })
            .connect_with(options)
            .await?;
        let batches = crate::batch_histogram();
        Ok(Self {
            committer: start_committer(
                PgCommitter {
                    pool: pool.clone(),
                    head: std::sync::Mutex::default(),
                },
                batches.clone(),
            ),
            batches,
            writer: pool.clone(),
            reader: pool,
        })
    }
}

impl PgStore {
    /// Begins a write transaction.
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, Postgres>, sqlx::Error> {
        self.writer.begin().await
    }

    /// Queues a write for the group commit and waits for its outcome.
    async fn write(&self, write: Write) -> StoreResult<()> {
        queue(&self.committer, write).await
    }
}

#[async_trait]
impl Store for PgStore {
    async fn migrate(&self) -> StoreResult<()> {
        // First, so that the migrations find the schema whole.
        create_deferred_indexes(&self.writer).await?;
        sqlx::migrate!("migrations/postgres").run(&self.writer).await?;
        backfill_stats(&self.writer).await
    }

    async fn drop_indexes_for_import(&self) -> StoreResult<()> {
        drop_indexes(&self.writer).await
    }

    async fn create_deferred_indexes(&self) -> StoreResult<()> {
        create_deferred_indexes(&self.writer).await
    }

    async fn analyze(&self) -> StoreResult<()> {
        // VACUUM as well: it marks the freshly imported pages all-visible, so the covering indexes answer
        // without visiting the table (index-only scans) and the first readers need not set every row's
        // hint bits. Right after `regie generate --households 100000`, the household list's p50 was 6.06 ms
        // without it and 4.80 ms with it (docs/performance.md).
        sqlx::query("VACUUM (ANALYZE)").execute(&self.writer).await?;
        Ok(())
    }

    async fn compact(&self) -> StoreResult<()> {
        sqlx::query("VACUUM").execute(&self.writer).await?;
        Ok(())
    }

    async fn pending_migrations(&self) -> StoreResult<Vec<i64>> {
        let applied = sqlx::query_scalar(crate::APPLIED_MIGRATIONS)
            .fetch_all(&self.reader)
            .await;
        crate::pending(&sqlx::migrate!("migrations/postgres"), applied)
    }

    async fn backup_into(&self, _path: &str) -> StoreResult<()> {
        Err(StoreError::Conflict {
            code: "backup_with_pg_dump",
            field: None,
            en: "a PostgreSQL database is backed up with pg_dump (as `regie backup` does)",
            nl: "een PostgreSQL-database maak je een reservekopie van met pg_dump (zoals `regie backup` doet)",
        })
    }

    fn backend(&self) -> &'static str {
        "postgres"
    }

    fn pools(&self) -> Vec<crate::PoolUse> {
        vec![crate::PoolUse::of("shared", &self.writer)]
    }

    fn commit_batch_sizes(&self) -> Histogram {
        self.batches.clone()
    }
}

impl sqlx::Type<Postgres> for crate::sql::Moment {
    fn type_info() -> sqlx::postgres::PgTypeInfo {
        <jiff_sqlx::Timestamp as sqlx::Type<Postgres>>::type_info()
    }
}

/// A moment as `timestamptz`, as jiff_sqlx encodes it.
impl sqlx::Encode<'_, Postgres> for crate::sql::Moment {
    fn encode_by_ref(
        &self,
        buf: &mut sqlx::postgres::PgArgumentBuffer,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        sqlx::Encode::<Postgres>::encode_by_ref(&self.0.to_sqlx(), buf)
    }
}

/// The processing log's records as stored: PostgreSQL's work per value is small, and packing them in SQL
/// (as SQLite does) made the walk slower here (2.1–2.2 s against 1.6–1.7 s for 445,411 records).
const CHAIN_SELECT: &str = "SELECT * FROM processing_log";
/// Whether `CHAIN_SELECT` packs a record into four values.
const CHAIN_PACKED: bool = false;
/// Whether a batch's statements go to the database together: not on PostgreSQL, whose protocol takes one
/// statement with parameters per call (`write_changes`).
const STATEMENTS_TOGETHER: bool = false;
/// How a statement tests an id column against the ids a subquery finds: as one array, which PostgreSQL
/// computes once and then probes the column's index with, id by id, whatever its statistics say. As
/// `IN (…)` it may join instead: the household list then hashed the whole range of the search word, which
/// grows with the region, and the radar's earlier signals, planned on statistics of a table that had
/// grown since, scanned every subject row (docs/performance.md).
const IN_SUBQUERY: (&str, &str) = (" = ANY(ARRAY(", "))");
/// Tests the column before it against `ids`: as one array parameter (`= ANY($n)`, which is how PostgreSQL
/// reads `IN (…)` anyway), so that the statement has one shape whatever the number of ids. With a
/// parameter per id, each number of households on a page or in a radar made a statement of its own, which
/// each connection prepared and PostgreSQL planned afresh five times before settling on a plan
/// (docs/performance.md).
fn push_ids(b: &mut sqlx::QueryBuilder<'_, Postgres>, ids: impl IntoIterator<Item = uuid::Uuid>) {
    b.push(" = ANY(")
        .push_bind(ids.into_iter().collect::<Vec<_>>())
        .push(")");
}
/// Ends a search word's `EXISTS` check so that it stays a probe per household: `OFFSET 0` keeps PostgreSQL
/// from turning it into a join, which a generic plan (a prepared statement's, after five runs) made a hash
/// of the word's whole range: 6.9 ms against 0.16 ms for a name with a birth date (docs/performance.md).
const ONE_BY_ONE: &str = " OFFSET 0";

/// The function that finds a text in a text (1-based, 0 when absent): PostgreSQL's `strpos`.
const CONTAINS: &str = "strpos";
/// What locks a row read in a write transaction until it ends: `FOR UPDATE`.
const LOCK_ROW: &str = " FOR UPDATE";
/// A case's route as text, for [`CONTAINS`].
const ROUTE_TEXT: &str = "route::text";

/// A text's length in bytes, around an expression: PostgreSQL's `octet_length`.
const OCTET_LENGTH: (&str, &str) = ("octet_length(", ")");

/// Whether reads' processing-log records are staged outside the database (`settle_staged`): not on
/// PostgreSQL, whose readers keep their caches across other sessions' commits.
const STAGED_READS: bool = false;

/// Whether a table exists, by its name.
const TABLE_EXISTS: &str = "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = $1";
/// An index's definition by its name.
const INDEX_DEFINITION: &str = "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = $1";

crate::sql::impl_store!(PgStore, sqlx::Postgres, sqlx::postgres::PgRow);
