//! The PostgreSQL backend, for production and for several server instances sharing one database.

use crate::sql::Write;
use crate::{Store, StoreError, StoreResult};
use async_trait::async_trait;
use prometheus_client::metrics::histogram::Histogram;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Pool, Postgres};
use std::str::FromStr;
use tokio::sync::{mpsc, oneshot};

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

/// A write waiting for the committer, with where to send its outcome.
type Queued = (Write, oneshot::Sender<StoreResult<()>>);

/// The most writes one commit takes.
const MAX_BATCH: usize = 256;

/// Starts the committer: the writes that arrive while it is writing go together into its next transaction.
/// Each caller hears only once its write is committed ([`commit_batch`] says how durable). A stale case
/// change is refused on its own without stopping the others; when the batch fails as a whole, each write is
/// tried alone, for its own outcome. The task ends when the last store clone is dropped.
fn start_committer(writer: Pool<Postgres>, batches: Histogram) -> mpsc::Sender<Queued> {
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
            match commit_batch(&writer, &writes).await {
                Ok(outcomes) => {
                    for (reply, outcome) in replies.into_iter().zip(outcomes) {
                        let _ = reply.send(outcome);
                    }
                }
                Err(error) => {
                    tracing::warn!(%error, changes = writes.len(), "group commit failed; writing its changes one by one");
                    for (write, reply) in writes.into_iter().zip(replies) {
                        let _ = reply.send(write_one(&writer, write).await);
                    }
                }
            }
        }
    });
    sender
}

/// Writes a batch in one transaction. A batch of reads' log records alone commits without waiting for the
/// WAL flush (`synchronous_commit = off`, for this transaction only): the records are safe when Regie itself
/// stops, and only a crash of the PostgreSQL server within about 0.6 s (three times `wal_writer_delay`) could
/// lose them; SQLite (`synchronous = FULL`) loses none. The chain stays whole: a later write's durable commit
/// flushes every record before it. A batch with a change in it commits durably.
async fn commit_batch(writer: &Pool<Postgres>, writes: &[Write]) -> StoreResult<Vec<StoreResult<()>>> {
    let mut tx = writer.begin().await?;
    if writes.iter().all(|w| matches!(w, Write::Log(_))) {
        sqlx::query("SET LOCAL synchronous_commit TO OFF")
            .execute(&mut *tx)
            .await?;
    }
    let outcomes = write_all(&mut tx, writes).await?;
    tx.commit().await?;
    Ok(outcomes)
}

impl PgStore {
    /// Connects to a `postgres://` URL.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        Self::connect_with(PgConnectOptions::from_str(url)?).await
    }

    /// Connects with explicit options (tests use this to give each test its own schema).
    pub async fn connect_with(options: PgConnectOptions) -> StoreResult<Self> {
        let pool = PgPoolOptions::new().max_connections(16).connect_with(options).await?;
        let batches = crate::batch_histogram();
        Ok(Self {
            committer: start_committer(pool.clone(), batches.clone()),
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
        let (reply, outcome) = oneshot::channel();
        let gone = || StoreError::Database(sqlx::Error::PoolClosed);
        self.committer.send((write, reply)).await.map_err(|_| gone())?;
        outcome.await.map_err(|_| gone())?
    }
}

#[async_trait]
impl Store for PgStore {
    async fn migrate(&self) -> StoreResult<()> {
        sqlx::migrate!("migrations/postgres").run(&self.writer).await?;
        backfill_stats(&self.writer).await
    }

    async fn analyze(&self) -> StoreResult<()> {
        sqlx::query("ANALYZE").execute(&self.writer).await?;
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

/// The processing log's records as stored: PostgreSQL's work per value is small, and packing them in SQL
/// (as SQLite does) made the walk slower here (2.1–2.2 s against 1.6–1.7 s for 445,411 records).
const CHAIN_SELECT: &str = "SELECT * FROM processing_log";
/// Whether `CHAIN_SELECT` packs a record into four values.
const CHAIN_PACKED: bool = false;

crate::sql::impl_store!(PgStore, sqlx::Postgres, sqlx::postgres::PgRow);
