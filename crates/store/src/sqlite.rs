//! The embedded SQLite backend: one file, WAL mode, a single writer connection and a pool of readers.
//!
//! SQLite allows one writer at a time; funnelling writes through one connection makes concurrent requests
//! queue in-process instead of failing with `SQLITE_BUSY`, while reads proceed in parallel under WAL.
//!
//! SQLite's automatic checkpoint would run inside whichever write transaction pushes the WAL past 1,000
//! pages, so that one request pays for copying everything written since the last checkpoint (the search
//! and append tails in docs/performance.md). The writer therefore never checkpoints; a background task
//! runs a passive checkpoint from its own connection every [`CHECKPOINT_EVERY`], which keeps the WAL small
//! without making any request wait for it. Should the WAL still outgrow 64 MiB, that task truncates it
//! (see `checkpoint` below). The task stops when the last clone of the store is dropped.

use crate::sql::{Commit, Queued, Write, queue, start_committer};
use crate::{Store, StoreError, StoreResult};
use async_trait::async_trait;
use prometheus_client::metrics::histogram::Histogram;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Pool, Sqlite};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// How often the background task moves committed WAL pages into the database file.
pub const CHECKPOINT_EVERY: Duration = Duration::from_millis(100);

/// How often [`Store::compact`] tries to empty the WAL, [`CHECKPOINT_EVERY`] apart, before it gives up.
const COMPACT_TRIES: u32 = 100;

/// The WAL length (in pages, 4 KiB each) past which a checkpoint waits for readers and truncates the WAL.
const WAL_LIMIT_FRAMES: i64 = 16_384;

/// The SQLite store.
#[derive(Clone)]
pub struct SqliteStore {
    writer: Pool<Sqlite>,
    reader: Pool<Sqlite>,
    committer: mpsc::Sender<Queued>,
    batches: Histogram,
    _checkpointer: Arc<Checkpointer>,
}

#[async_trait]
impl Commit for Pool<Sqlite> {
    async fn batch(&self, writes: &[Write]) -> StoreResult<Vec<StoreResult<()>>> {
        commit_batch(self, writes).await
    }

    async fn one(&self, write: Write) -> StoreResult<()> {
        write_one(self, write).await
    }
}

/// Begins a write transaction that takes the write lock at once (`BEGIN IMMEDIATE`). A deferred one that
/// reads first would have to upgrade its read snapshot to write, and SQLite refuses that upgrade at once,
/// without waiting, when the checkpointer truncated the WAL in between ("database is locked", seen in the
/// benchmark right after a bulk import); taking the lock first waits within the busy timeout instead.
async fn begin_write(writer: &Pool<Sqlite>) -> Result<sqlx::Transaction<'static, Sqlite>, sqlx::Error> {
    writer.begin_with("BEGIN IMMEDIATE").await
}

/// Writes a batch in one transaction. A batch of reads' log records alone commits without waiting for the
/// disk (`synchronous = NORMAL` for that commit only): the next durable commit or checkpoint flushes the
/// WAL with it, so a crash of the process loses nothing and a power cut at most the reads' records since
/// the last write, as PostgreSQL's committer (`synchronous_commit = off`) does.
async fn commit_batch(writer: &Pool<Sqlite>, writes: &[Write]) -> StoreResult<Vec<StoreResult<()>>> {
    let reads_only = crate::sql::reads_only(writes);
    let mut conn = writer.acquire().await?;
    // The mode goes with the BEGIN, in the same call to the connection's thread (sqlx then checks that a
    // transaction began, a second call), instead of a call of its own before it.
    let begin = if reads_only {
        "PRAGMA synchronous = NORMAL; BEGIN IMMEDIATE"
    } else {
        "BEGIN IMMEDIATE"
    };
    let outcomes = async {
        let mut tx = sqlx::Connection::begin_with(&mut *conn, begin).await?;
        let outcomes = write_all(&mut tx, writes).await?;
        tx.commit().await?;
        Ok(outcomes)
    }
    .await;
    // Before the connection goes back to the pool, whatever the outcome: every other write is durable. A
    // connection that cannot be set back is closed, and the pool opens a durable one in its place. The
    // readers whose records these were need not wait for it: the next write waits for the connection.
    if reads_only {
        tokio::spawn(async move {
            if let Err(error) = sqlx::query("PRAGMA synchronous = FULL").execute(&mut *conn).await {
                tracing::warn!(%error, "the writer could not be set back to synchronous = FULL; closing it");
                if let Err(error) = conn.close().await {
                    tracing::warn!(%error, "closing the writer connection failed");
                }
            }
        });
    }
    outcomes
}

/// The background checkpoint task; aborted when the last store clone holding it is dropped.
struct Checkpointer(JoinHandle<()>);

impl Checkpointer {
    fn start(pool: Pool<Sqlite>) -> Self {
        Self(tokio::spawn(async move {
            let mut tick = tokio::time::interval(CHECKPOINT_EVERY);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                if let Err(error) = checkpoint(&pool).await {
                    tracing::warn!(%error, "WAL checkpoint failed");
                }
            }
        }))
    }
}

/// One checkpoint round. PASSIVE never blocks the writer or the readers; pages a reader still needs wait for
/// a later round. SQLite only rewinds the WAL when a write starts after a *complete* checkpoint with no
/// reader inside the WAL, which a steady stream of writes and reads can postpone indefinitely (a bulk import
/// grew it to 7.8 GB). Past [`WAL_LIMIT_FRAMES`] this round therefore waits for the writer and the readers
/// and truncates the WAL: a rare pause instead of an ever larger WAL that slows every read.
async fn checkpoint(pool: &Pool<Sqlite>) -> StoreResult<()> {
    let (_busy, frames, _done): (i64, i64, i64) =
        sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)").fetch_one(pool).await?;
    if frames > WAL_LIMIT_FRAMES {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(pool).await?;
        tracing::debug!(frames, "WAL truncated");
    }
    Ok(())
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl SqliteStore {
    /// Begins a write transaction on the writer connection (see [`begin_write`]).
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, Sqlite>, sqlx::Error> {
        begin_write(&self.writer).await
    }

    /// Opens (creating when missing) the database file at `path`; a `sqlite:` prefix is accepted.
    pub async fn open(path: &str) -> StoreResult<Self> {
        let path = path
            .strip_prefix("sqlite://")
            .or_else(|| path.strip_prefix("sqlite:"))
            .unwrap_or(path);
        let options = SqliteConnectOptions::from_str(path)?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // Each commit waits for the WAL to reach the disk, so an acknowledged write survives a power cut;
            // with the group commit that is one flush per batch (docs/performance.md, docs/operations.md).
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        // The writer keeps 64 MiB of pages (SQLite's default is 2 MiB): the index pages a write touches stay
        // in memory between group commits instead of being read again from the file. Its statement journals
        // (the copies of the pages a statement or a group commit's savepoint changes, to undo it alone) stay
        // in memory too, instead of going through a temporary file.
        // No pool pings its connections before lending them out (sqlx's `test_before_acquire`, on by
        // default): an embedded database's connection cannot have been dropped by a server or a network,
        // and each ping is a round trip to the connection's worker thread before every statement.
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .test_before_acquire(false)
            .connect_with(
                options
                    .clone()
                    .pragma("wal_autocheckpoint", "0")
                    .pragma("cache_size", "-65536")
                    .pragma("temp_store", "memory"),
            )
            .await?;
        // A short busy timeout: a truncating checkpoint that would wait long for readers gives up and lets
        // the writer on, to try again a round later.
        let checkpointer = SqlitePoolOptions::new()
            .max_connections(1)
            .test_before_acquire(false)
            .connect_with(options.clone().busy_timeout(Duration::from_millis(100)))
            .await?;
        // The readers map the file into memory (SQLite's memory-mapped I/O, up to its built-in ceiling of
        // 2 GiB): a page they read is the operating system's cached page itself, shared by all eight, instead
        // of a copy made by a system call into each connection's own 2 MiB cache, which a search over a
        // team's 1,900 households overflowed (13.6 ms instead of 5.0). A 32 MiB cache per reader did as well
        // for one client but served half the household lists with sixteen (docs/performance.md).
        let reader = SqlitePoolOptions::new()
            .max_connections(8)
            .test_before_acquire(false)
            .connect_with(options.read_only(true).pragma("mmap_size", "2147418112"))
            .await?;
        let batches = crate::batch_histogram();
        Ok(Self {
            committer: start_committer(writer.clone(), batches.clone()),
            batches,
            writer,
            reader,
            _checkpointer: Arc::new(Checkpointer::start(checkpointer)),
        })
    }
}

impl SqliteStore {
    /// Queues a write for the group commit and waits for its outcome.
    async fn write(&self, write: Write) -> StoreResult<()> {
        queue(&self.committer, write).await
    }
}

#[async_trait]
impl Store for SqliteStore {
    async fn migrate(&self) -> StoreResult<()> {
        // First, so that the migrations find the schema whole.
        create_deferred_indexes(&self.writer).await?;
        sqlx::migrate!("migrations/sqlite").run(&self.writer).await?;
        backfill_stats(&self.writer).await
    }

    async fn drop_indexes_for_import(&self) -> StoreResult<()> {
        drop_indexes(&self.writer).await
    }

    async fn create_deferred_indexes(&self) -> StoreResult<()> {
        create_deferred_indexes(&self.writer).await
    }

    async fn analyze(&self) -> StoreResult<()> {
        sqlx::query("ANALYZE").execute(&self.writer).await?;
        Ok(())
    }

    async fn compact(&self) -> StoreResult<()> {
        sqlx::query("VACUUM").execute(&self.writer).await?;
        // While another connection (this store's checkpointer, or another process's) checkpoints, SQLite
        // answers a truncating checkpoint with "busy" at once, without waiting, and the deleted pages stay
        // in the files: try again until the WAL is empty.
        for _ in 0..COMPACT_TRIES {
            let (busy, _, _): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
                .fetch_one(&self.writer)
                .await?;
            if busy == 0 {
                return Ok(());
            }
            tokio::time::sleep(CHECKPOINT_EVERY).await;
        }
        Err(StoreError::Conflict {
            code: "database_busy",
            field: None,
            en: "the database stayed busy: deleted records may remain in its write-ahead log until a later run",
            nl: "de database bleef bezet: verwijderde gegevens kunnen tot een volgende run in het logbestand blijven",
        })
    }

    async fn pending_migrations(&self) -> StoreResult<Vec<i64>> {
        let applied = sqlx::query_scalar(crate::APPLIED_MIGRATIONS)
            .fetch_all(&self.reader)
            .await;
        crate::pending(&sqlx::migrate!("migrations/sqlite"), applied)
    }

    async fn backup_into(&self, path: &str) -> StoreResult<()> {
        // A reader's connection: the copy is one read transaction, which under WAL never holds up the writer.
        sqlx::query("VACUUM INTO $1").bind(path).execute(&self.reader).await?;
        Ok(())
    }

    fn backend(&self) -> &'static str {
        "sqlite"
    }

    fn pools(&self) -> Vec<crate::PoolUse> {
        vec![
            crate::PoolUse::of("writer", &self.writer),
            crate::PoolUse::of("reader", &self.reader),
        ]
    }

    fn commit_batch_sizes(&self) -> Histogram {
        self.batches.clone()
    }
}

/// A processing-log record as four values (`impl_store!`'s `chained_packed` reads them): on SQLite a walk over
/// ten million records is bound by the driver's work per value, not by the hashing (2.5–2.95 s against
/// 4.25–4.55 s for 445,411 records).
const CHAIN_SELECT: &str = "SELECT seq, emergency, \
     coalesce(hex(professional_id), '') || ',' || hex(organisation_id) || ',' || coalesce(hex(household_id), '') \
     || ',' || coalesce(hex(person_id), '') || ',' || coalesce(hex(by_person_id), '') AS ids, \
     at || char(31) || lower(hex(prev_hash)) || char(31) || lower(hex(hash)) || char(31) || purpose || char(31) \
     || operation || char(31) || coalesce(activity, '') || char(31) || hex(trace_id) || char(31) || hex(span_id) \
     || char(31) || hex(parent_span_id) AS texts \
     FROM processing_log";
/// Whether `CHAIN_SELECT` packs a record into four values.
const CHAIN_PACKED: bool = true;
/// Whether a batch's statements go to the database together: SQLite takes several statements with parameters in
/// one call (`write_changes`).
const STATEMENTS_TOGETHER: bool = true;
/// How a statement tests an id column against the ids a subquery finds: `IN (…)`, which SQLite evaluates
/// once into a temporary index and then probes the column's index with, id by id.
const IN_SUBQUERY: (&str, &str) = (" IN (", ")");
/// Ends a search word's `EXISTS` check so that it stays a probe per household: SQLite probes them so already.
const ONE_BY_ONE: &str = "";

/// The function that finds a text in a text (1-based, 0 when absent): SQLite's `instr`.
const CONTAINS: &str = "instr";

/// Whether a bulk import stages its search words (`STAGED_TOKENS`): SQLite's WAL writes a page again at
/// every commit that changes it, so the words in their order save half of a million households' writes
/// (docs/performance.md).
const STAGE_TOKENS: bool = true;

/// Whether a table exists, by its name.
const TABLE_EXISTS: &str = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $1";
/// An index's definition by its name.
const INDEX_DEFINITION: &str = "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = $1";

crate::sql::impl_store!(SqliteStore, sqlx::Sqlite, sqlx::sqlite::SqliteRow);

#[cfg(test)]
mod tests {
    use super::*;

    /// A batch of reads' log records alone commits with `synchronous = NORMAL`; the writer goes back to the
    /// pool durable (`FULL`, 2) for every other write, also after a write that failed.
    #[tokio::test]
    async fn the_writer_is_durable_again_after_a_batch_of_reads_records() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path().join("sync.db").to_str().unwrap())
            .await
            .unwrap();
        let mode = || async {
            sqlx::query_scalar::<_, i64>("PRAGMA synchronous")
                .fetch_one(&store.writer)
                .await
                .unwrap()
        };
        assert_eq!(mode().await, 2);
        let outcomes = commit_batch(&store.writer, &[Write::Log(Vec::new())]).await.unwrap();
        assert_eq!(outcomes.len(), 1);
        assert_eq!(mode().await, 2, "after a committed batch");
        // The log's tables do not exist before the migrations: the batch fails and rolls back.
        let record = crate::ProcessingRecord {
            at: regie_domain::time::now(),
            actor: crate::Processor::System {
                organisation: regie_domain::OrganisationId::new(),
            },
            purpose: "household_file",
            operation: crate::Operation::Read,
            household: None,
            person: None,
            activity: "",
            span: crate::Span {
                trace_id: [1; 16],
                span_id: [2; 8],
                parent_span_id: None,
            },
            emergency: false,
        };
        assert!(commit_batch(&store.writer, &[Write::Log(vec![record])]).await.is_err());
        assert_eq!(mode().await, 2, "after a failed batch");
    }

    /// Writes go to the WAL only; the background task, not the writer, copies them into the database file.
    #[tokio::test]
    async fn background_task_checkpoints_the_wal_and_the_writer_never_does() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("checkpoint.db");
        let store = SqliteStore::open(path.to_str().unwrap()).await.unwrap();
        let (autocheckpoint,): (i64,) = sqlx::query_as("PRAGMA wal_autocheckpoint")
            .fetch_one(&store.writer)
            .await
            .unwrap();
        assert_eq!(autocheckpoint, 0);

        sqlx::query("CREATE TABLE filler (x BLOB)")
            .execute(&store.writer)
            .await
            .unwrap();
        let before = std::fs::metadata(&path).unwrap().len();
        sqlx::query("INSERT INTO filler VALUES (zeroblob(1000000))")
            .execute(&store.writer)
            .await
            .unwrap();
        let mut after = before;
        for _ in 0..50 {
            tokio::time::sleep(CHECKPOINT_EVERY).await;
            after = std::fs::metadata(&path).unwrap().len();
            if after > before + 1_000_000 {
                break;
            }
        }
        assert!(
            after > before + 1_000_000,
            "database file stayed at {after} bytes (was {before})"
        );
    }
}
