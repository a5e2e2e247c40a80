//! The embedded SQLite backend: one file, WAL mode, a single writer connection and a pool of readers.
//!
//! Reads' processing-log records wait in a second file beside it (`DB-reads`, see [`staging_path`]) until
//! the next write moves them into the database: a commit to the database makes every reader drop its page
//! cache, and every read writes a record.
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
    /// The database file's path, for messages about its staging file.
    path: String,
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

/// Writes a batch in one transaction. A batch of reads' log records alone is staged in the staging file
/// (`stage_reads`) while fewer than [`STAGED_MAX`] wait there: the database does not change, so its readers
/// keep their page caches; every other batch first moves the staged records into the chain. Staging commits
/// without waiting for the disk (the staging file's `synchronous = NORMAL`): a crash of the process loses
/// nothing and a power cut at most the reads' records of the last moments, as PostgreSQL's committer
/// (`synchronous_commit = off`) does.
async fn commit_batch(writer: &Pool<Sqlite>, writes: &[Write]) -> StoreResult<Vec<StoreResult<()>>> {
    let mut conn = writer.acquire().await?;
    let stage = crate::sql::reads_only(writes) && staged(&mut conn).await? < STAGED_MAX;
    // Staging writes to the staging file alone: a deferred BEGIN takes no lock on the database.
    let begin = if stage { "BEGIN" } else { "BEGIN IMMEDIATE" };
    let mut tx = sqlx::Connection::begin_with(&mut *conn, begin).await?;
    let outcomes = write_all(&mut tx, writes, stage).await?;
    tx.commit().await?;
    Ok(outcomes)
}

/// How many reads' records wait in the staging file (at most: a crash between a move's two commits can leave
/// moved ones behind until the next move).
async fn staged(conn: &mut sqlx::SqliteConnection) -> StoreResult<i64> {
    // Each end in a query of its own: SQLite reads `max` or `min` alone from the key's end, both together by
    // walking the table.
    const WAITING: &str =
        "SELECT coalesce((SELECT max(n) FROM staged.reads) - (SELECT min(n) FROM staged.reads) + 1, 0)";
    Ok(sqlx::query_scalar(WAITING).fetch_one(conn).await?)
}

/// The most reads' records that wait in the staging file before a batch of reads' records moves them into the
/// chain itself; any other write moves them before it.
const STAGED_MAX: i64 = 20_000;

/// The staging file beside the database at `path`: reads' processing-log records wait there until the next
/// write to the database moves them into the hash chain (`settle_staged`). Every read writes a record, and
/// with one database file every such commit made every reader drop its page cache (docs/performance.md).
pub fn staging_path(path: &str) -> String {
    format!("{path}-reads")
}

/// A pool's `after_connect` that attaches the staging file at `path` ([`attach_staging`]).
fn attaching(
    path: String,
) -> impl for<'c> Fn(
    &'c mut sqlx::SqliteConnection,
    sqlx::pool::PoolConnectionMetadata,
) -> futures_util::future::BoxFuture<'c, Result<(), sqlx::Error>>
+ Clone
+ Send
+ Sync
+ 'static {
    move |conn, _| {
        let path = path.clone();
        Box::pin(async move { attach_staging(conn, &path).await })
    }
}

/// Attaches the staging file at `path` as `staged` to a connection, creating it when missing: its own WAL,
/// commits that do not wait for the disk, and the table of waiting records with the processing log's columns
/// (numbered, never reusing a number). Changing these columns needs the old table emptied first.
async fn attach_staging(conn: &mut sqlx::SqliteConnection, path: &str) -> Result<(), sqlx::Error> {
    sqlx::query("ATTACH DATABASE $1 AS staged")
        .bind(path)
        .execute(&mut *conn)
        .await?;
    sqlx::query("PRAGMA staged.journal_mode = WAL")
        .execute(&mut *conn)
        .await?;
    sqlx::query("PRAGMA staged.synchronous = NORMAL")
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS staged.reads (n INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, \
         professional_id BLOB, organisation_id BLOB NOT NULL, purpose TEXT NOT NULL, operation TEXT NOT NULL, \
         household_id BLOB, person_id BLOB, activity TEXT, trace_id BLOB, span_id BLOB, parent_span_id BLOB, \
         emergency INTEGER NOT NULL, by_person_id BLOB)",
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query("CREATE TABLE IF NOT EXISTS staged.owner (id BLOB NOT NULL)")
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Claims the staging file for the database when it is new, and refuses one that another database claimed
/// (its records are that database's: left where they are, for whoever moved that database to take along).
async fn claim_staging(writer: &Pool<Sqlite>, path: &str) -> StoreResult<()> {
    let mut tx = begin_write(writer).await?;
    let ours: Vec<u8> = sqlx::query_scalar("SELECT staging FROM log_chain WHERE id = 1")
        .fetch_one(&mut *tx)
        .await?;
    let owner: Option<Vec<u8>> = sqlx::query_scalar("SELECT id FROM staged.owner")
        .fetch_optional(&mut *tx)
        .await?;
    match owner {
        Some(owner) if owner == ours => return Ok(()),
        Some(_) => {
            return Err(StoreError::Corrupt(format!(
                "{} holds the reads' processing-log records of another database; move it (and its -wal and -shm) \
                 aside with that database, or delete it if that database is gone",
                staging_path(path)
            )));
        }
        None => {
            sqlx::query("INSERT INTO staged.owner (id) VALUES ($1)")
                .bind(ours)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(())
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
    let (_busy, frames, _done): (i64, i64, i64) = sqlx::query_as("PRAGMA main.wal_checkpoint(PASSIVE)")
        .fetch_one(pool)
        .await?;
    if frames > WAL_LIMIT_FRAMES {
        sqlx::query("PRAGMA main.wal_checkpoint(TRUNCATE)")
            .execute(pool)
            .await?;
        tracing::debug!(frames, "WAL truncated");
    }
    // The staging file's WAL: only the writer reads it, between its transactions, so it rewinds at the
    // writer's next commit after a complete round.
    sqlx::query("PRAGMA staged.wal_checkpoint(PASSIVE)")
        .execute(pool)
        .await?;
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
        let attach = attaching(staging_path(path));
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .test_before_acquire(false)
            .after_connect(attach.clone())
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
            .after_connect(attach)
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
            path: path.to_owned(),
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
        restore_statistics(&self.writer).await?;
        backfill_stats(&self.writer).await?;
        // Reads' records staged before a stop or a crash.
        claim_staging(&self.writer, &self.path).await?;
        self.settle_log().await
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
        // The reads' records staged so far go into the copy; the staging file is not copied.
        self.settle_log().await?;
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
/// Adds chained processing-log records to an `INSERT INTO processing_log (…, seq, prev_hash, hash)`: a
/// `VALUES` list, each record's values in the order of `LOG_COLUMNS`, then `seq, prev_hash, hash`.
fn push_chained_rows(b: &mut sqlx::QueryBuilder<'_, Sqlite>, rows: &[ChainedRow<'_>]) {
    b.push_values(rows, |mut b, (seq, r, prev_hash, hash)| {
        push_record(&mut b, r);
        b.push_bind(*seq).push_bind(prev_hash.clone()).push_bind(hash.clone());
    });
}

/// Tests the column before it against `ids`: `IN (…)` with a parameter each (SQLite has no arrays).
fn push_ids(b: &mut sqlx::QueryBuilder<'_, Sqlite>, ids: impl IntoIterator<Item = uuid::Uuid>) {
    b.push(" IN (");
    let mut list = b.separated(", ");
    for id in ids {
        list.push_bind(id);
    }
    b.push(")");
}
impl sqlx::Type<Sqlite> for crate::sql::Moment {
    fn type_info() -> sqlx::sqlite::SqliteTypeInfo {
        <str as sqlx::Type<Sqlite>>::type_info()
    }
}

/// A moment as text of one width: six fraction digits, always (`Moment`'s `Display`, which truncates below the
/// microsecond, where `time::now` already cut).
impl sqlx::Encode<'_, Sqlite> for crate::sql::Moment {
    fn encode_by_ref(
        &self,
        buf: &mut Vec<sqlx::sqlite::SqliteArgumentValue<'_>>,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        sqlx::Encode::<Sqlite>::encode(self.to_string(), buf)
    }
}

/// Ends a search word's `EXISTS` check so that it stays a probe per household: SQLite probes them so already.
const ONE_BY_ONE: &str = "";

/// The function that finds a text in a text (1-based, 0 when absent): SQLite's `instr`.
const CONTAINS: &str = "instr";
/// What locks a row read in a write transaction until it ends: nothing on SQLite, whose writes take turns.
const LOCK_ROW: &str = "";
/// A case's route as text, for [`CONTAINS`].
const ROUTE_TEXT: &str = "route";

/// A text's length in bytes, around an expression: SQLite's `length` counts characters of a text and bytes
/// of a blob.
const OCTET_LENGTH: (&str, &str) = ("length(CAST(", " AS BLOB))");

/// Whether reads' processing-log records are staged outside the database until the next write
/// (`commit_batch`, `settle_staged`).
const STAGED_READS: bool = true;

/// Gives the planner statistics of the tables migrations rebuilt (`household_tokens` in 0051, `case_events`
/// in 0053) back, where the database had them before (an `ANALYZE` ran, as `regie generate` does): a table
/// dropped and made anew has none, and the planner would guess. Once, as the table then has its rows in
/// `sqlite_stat1`.
async fn restore_statistics(writer: &Pool<Sqlite>) -> StoreResult<()> {
    let analysed: i64 = sqlx::query_scalar(TABLE_EXISTS)
        .bind("sqlite_stat1")
        .fetch_one(writer)
        .await?;
    if analysed == 0 {
        return Ok(());
    }
    for table in REBUILT {
        let known: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = $1")
            .bind(table)
            .fetch_one(writer)
            .await?;
        if known == 0 {
            sqlx::query(&format!("ANALYZE {table}")).execute(writer).await?;
        }
    }
    Ok(())
}

/// The tables migrations rebuilt, which `restore_statistics` analyses again.
const REBUILT: [&str; 2] = ["household_tokens", "case_events"];

/// Whether a table exists, by its name.
const TABLE_EXISTS: &str = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $1";
/// An index's definition by its name.
const INDEX_DEFINITION: &str = "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = $1";

crate::sql::impl_store!(SqliteStore, sqlx::Sqlite, sqlx::sqlite::SqliteRow);

#[cfg(test)]
mod tests {
    use super::*;

    use crate::ProcessingLogStore;
    use sqlx::Connection;

    /// A read's processing-log record, as the access layer makes one.
    fn read_record(purpose: &'static str) -> crate::ProcessingRecord {
        crate::ProcessingRecord {
            at: regie_domain::time::now(),
            actor: crate::Processor::System {
                organisation: regie_domain::OrganisationId::new(),
            },
            purpose,
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
        }
    }

    /// A fresh, migrated store in `dir`, with its database's path.
    async fn migrated(dir: &tempfile::TempDir) -> (SqliteStore, String) {
        let path = dir.path().join("staged.db").to_str().unwrap().to_owned();
        let store = SqliteStore::open(&path).await.unwrap();
        crate::Store::migrate(&store).await.unwrap();
        (store, path)
    }

    /// A fresh store in `dir` with the migrations before `version` only, to test that migration on data.
    async fn migrated_before(dir: &tempfile::TempDir, version: i64) -> SqliteStore {
        let path = dir.path().join("before.db");
        let store = SqliteStore::open(path.to_str().unwrap()).await.unwrap();
        let mut before = sqlx::migrate!("migrations/sqlite");
        before.migrations = (before.migrations.iter())
            .filter(|m| m.version < version)
            .cloned()
            .collect::<Vec<_>>()
            .into();
        before.run(&store.writer).await.unwrap();
        store
    }

    /// How many records wait in the staging file.
    async fn waiting(store: &SqliteStore) -> i64 {
        staged(&mut store.writer.acquire().await.unwrap()).await.unwrap()
    }

    /// Reads' records wait in the staging file: the database does not change, so a reader keeps what it has
    /// read (`data_version` tells a connection whether another one committed), until reading the log moves
    /// them into the chain.
    #[tokio::test]
    async fn reads_records_wait_beside_the_database_until_the_log_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let (store, path) = migrated(&dir).await;
        let mut reader = sqlx::SqliteConnection::connect(&format!("sqlite://{path}"))
            .await
            .unwrap();
        let mut version = async || -> i64 {
            sqlx::query_scalar("PRAGMA data_version")
                .fetch_one(&mut reader)
                .await
                .unwrap()
        };
        let before = version().await;
        store
            .log_processing(&[read_record("a"), read_record("b")])
            .await
            .unwrap();
        assert_eq!(version().await, before, "staging changed the database");
        assert_eq!(waiting(&store).await, 2);
        assert_eq!(store.log_head().await.unwrap().0, 2);
        assert_ne!(version().await, before, "the move changed the database");
        assert_eq!(waiting(&store).await, 0);
    }

    /// Past [`STAGED_MAX`] waiting records, the next batch of reads' records moves them into the chain.
    #[tokio::test]
    async fn the_staging_file_is_emptied_past_its_limit() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = migrated(&dir).await;
        let many = vec![read_record("many"); usize::try_from(STAGED_MAX).unwrap()];
        store.log_processing(&many).await.unwrap();
        assert_eq!(waiting(&store).await, STAGED_MAX);
        store.log_processing(&[read_record("one more")]).await.unwrap();
        assert_eq!(waiting(&store).await, 0);
        let (seq, _): (i64, Vec<u8>) = sqlx::query_as("SELECT seq, hash FROM log_chain")
            .fetch_one(&store.reader)
            .await
            .unwrap();
        assert_eq!(seq, STAGED_MAX + 1);
    }

    /// Records staged before a stop are in the chain after the next start's migration; a staging file that
    /// is new beside a database that took records from an earlier one (a restored database) has all of its
    /// records moved, none skipped.
    #[tokio::test]
    async fn staged_records_survive_a_stop_and_a_new_staging_file() {
        let dir = tempfile::tempdir().unwrap();
        let (store, path) = migrated(&dir).await;
        store.log_processing(&[read_record("before the stop")]).await.unwrap();
        drop(store);
        let store = SqliteStore::open(&path).await.unwrap();
        crate::Store::migrate(&store).await.unwrap();
        assert_eq!(waiting(&store).await, 0);
        store
            .log_processing(&[read_record("a"), read_record("b")])
            .await
            .unwrap();
        assert_eq!(store.log_head().await.unwrap().0, 3);
        store.log_processing(&[read_record("c")]).await.unwrap();
        drop(store);
        for end in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{end}", staging_path(&path)));
        }
        let store = SqliteStore::open(&path).await.unwrap();
        crate::Store::migrate(&store).await.unwrap();
        store.log_processing(&[read_record("new file")]).await.unwrap();
        let chain = store.log_chain(0, 10, None).await.unwrap();
        let purposes: Vec<&str> = chain.iter().map(|c| c.record.purpose.as_str()).collect();
        assert_eq!(
            purposes,
            ["before the stop", "a", "b", "new file"],
            "c was lost with its file"
        );
    }

    /// A staging file left beside a database deleted (or moved aside without it) is not a new database's:
    /// its start is refused, naming the file, and the records stay there.
    #[tokio::test]
    async fn another_databases_staging_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (store, path) = migrated(&dir).await;
        store
            .log_processing(&[read_record("the old database's")])
            .await
            .unwrap();
        drop(store);
        for end in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{path}{end}"));
        }
        let store = SqliteStore::open(&path).await.unwrap();
        let error = crate::Store::migrate(&store).await.unwrap_err().to_string();
        assert!(error.contains(&staging_path(&path)), "{error}");
        assert_eq!(waiting(&store).await, 1);
        assert_eq!(store.log_head().await.unwrap().0, 0);
    }

    /// SQLite is built with its planner stability guarantee (`.cargo/config.toml`): statements keep their plans
    /// whatever values are bound, instead of being planned again at each run.
    #[tokio::test]
    async fn sqlite_keeps_a_statements_plan_whatever_its_values() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = migrated(&dir).await;
        let options: Vec<String> = sqlx::query_scalar("SELECT compile_options FROM pragma_compile_options")
            .fetch_all(&store.reader)
            .await
            .unwrap();
        assert!(options.iter().any(|o| o == "ENABLE_QPSG"), "{options:?}");
    }

    /// Migration 0051 keys the search words by household: a database's words, and those an import stopped
    /// halfway had staged (without one whose household is gone), are found after it through the new key and
    /// the word index; where the database had planner statistics, the rebuilt table gets its own at the start.
    #[tokio::test]
    async fn the_words_keep_their_households_through_0051() {
        use crate::{DirectoryStore, HouseholdQuery};
        let dir = tempfile::tempdir().unwrap();
        let store = migrated_before(&dir, 51).await;
        let region = regie_domain::Region {
            id: regie_domain::RegionId::new(),
            name: "Regio Test".into(),
        };
        store.create_region(&region).await.unwrap();
        let household = |name: &str| regie_domain::Household {
            id: regie_domain::HouseholdId::new(),
            region_id: region.id,
            name: regie_domain::ShortText::parse("name", name).unwrap(),
            address: None,
            registered_by: None,
            version: 1,
        };
        let (kept, staged) = (household("Huishouden Wolters"), household("Huishouden Zwaan"));
        // Written as the store wrote them before 0051 (each word with the household's sort key).
        for h in [&kept, &staged] {
            let sort_key = regie_domain::person::normalise(h.name.as_str());
            sqlx::query("INSERT INTO households (id, region_id, name, sort_key, created_at, version) VALUES ($1, $2, $3, $4, $5, 1)")
                .bind(h.id.0)
                .bind(region.id.0)
                .bind(h.name.as_str())
                .bind(&sort_key)
                .bind(crate::sql::Moment(jiff::Timestamp::now()))
                .execute(&store.writer)
                .await
                .unwrap();
            for token in crate::household_tokens(h.name.as_str(), []) {
                sqlx::query("INSERT INTO household_tokens (token, sort_key, household_id) VALUES ($1, $2, $3)")
                    .bind(token)
                    .bind(&sort_key)
                    .bind(h.id.0)
                    .execute(&store.writer)
                    .await
                    .unwrap();
            }
        }
        // As an import stopped before it moved its words leaves them: one household's words only staged, and
        // a staged word of a household that is gone.
        let tamper = |sql: String| {
            let writer = store.writer.clone();
            async move { sqlx::query(&sql).execute(&writer).await.unwrap() }
        };
        tamper("CREATE TABLE household_tokens_import AS SELECT token, sort_key, household_id FROM household_tokens WHERE 1 = 0".into()).await;
        let (id, gone) = (staged.id.0, uuid::Uuid::now_v7());
        tamper(format!("INSERT INTO household_tokens_import SELECT token, sort_key, household_id FROM household_tokens WHERE household_id = x'{}'", id.simple())).await;
        tamper(format!(
            "INSERT INTO household_tokens_import VALUES ('wolters', 'huishouden wolters', x'{}')",
            gone.simple()
        ))
        .await;
        tamper(format!(
            "DELETE FROM household_tokens WHERE household_id = x'{}'",
            id.simple()
        ))
        .await;
        tamper("ANALYZE".into()).await;
        let words: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM household_tokens")
            .fetch_one(&store.writer)
            .await
            .unwrap();
        let staged_words: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM household_tokens_import")
            .fetch_one(&store.writer)
            .await
            .unwrap();

        crate::Store::migrate(&store).await.unwrap();
        let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM household_tokens")
            .fetch_one(&store.writer)
            .await
            .unwrap();
        assert_eq!(
            after,
            words + staged_words - 1,
            "every word but the one whose household is gone"
        );
        let key: String = sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE name = 'household_tokens'")
            .fetch_one(&store.writer)
            .await
            .unwrap();
        assert!(key.contains("PRIMARY KEY (household_id, token)"), "{key}");
        let staging: i64 = sqlx::query_scalar(TABLE_EXISTS)
            .bind("household_tokens_import")
            .fetch_one(&store.writer)
            .await
            .unwrap();
        assert_eq!(staging, 0);
        let statistics: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'household_tokens'")
            .fetch_one(&store.writer)
            .await
            .unwrap();
        assert!(statistics > 0, "the rebuilt table is analysed again");
        for h in [&kept, &staged] {
            let found = store
                .list_households(&HouseholdQuery::typed(h.name.as_str(), None, 10))
                .await
                .unwrap();
            assert_eq!(
                found.iter().map(|f| f.household.id).collect::<Vec<_>>(),
                vec![h.id],
                "{}",
                h.name.as_str()
            );
        }
    }

    /// Moments go in as text of one width, and migration 0047 pads those stored before it the same way, so
    /// that their texts sort as the moments within a second (jiff's own text drops trailing zeros).
    #[tokio::test]
    async fn moments_are_text_of_one_width_before_and_after_0047() {
        let dir = tempfile::tempdir().unwrap();
        let store = migrated_before(&dir, 47).await;
        for (n, at) in [
            "2026-12-06T15:55:56Z",
            "2026-12-06T15:55:56.5Z",
            "2026-12-06T15:55:56.05Z",
            "2026-12-06T15:55:55.999999Z",
        ]
        .into_iter()
        .enumerate()
        {
            sqlx::query("INSERT INTO destructions (id, at, rule, records) VALUES ($1, $2, 'test', '[]')")
                .bind(n as i64)
                .bind(at)
                .execute(&store.writer)
                .await
                .unwrap();
        }
        crate::Store::migrate(&store).await.unwrap();
        let texts: Vec<String> = sqlx::query_scalar("SELECT at FROM destructions ORDER BY at")
            .fetch_all(&store.writer)
            .await
            .unwrap();
        assert_eq!(
            texts,
            [
                "2026-12-06T15:55:55.999999Z",
                "2026-12-06T15:55:56.000000Z",
                "2026-12-06T15:55:56.050000Z",
                "2026-12-06T15:55:56.500000Z",
            ]
        );
        let whole: String = sqlx::query_scalar("SELECT $1")
            .bind(crate::sql::Moment(jiff::Timestamp::from_second(1_765_036_556).unwrap()))
            .fetch_one(&store.writer)
            .await
            .unwrap();
        assert_eq!(whole, "2025-12-06T15:55:56.000000Z");
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
