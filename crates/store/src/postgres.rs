//! The PostgreSQL backend, for production and for several server instances sharing one database.

use crate::{ProcessingRecord, Store, StoreError, StoreResult};
use async_trait::async_trait;
use prometheus_client::metrics::histogram::Histogram;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Pool, Postgres};
use std::str::FromStr;
use tokio::sync::{mpsc, oneshot};

/// The PostgreSQL store. Reads and writes share one pool; PostgreSQL handles concurrent writers itself,
/// except that every transaction that appends to the processing log takes the chain's head row until it
/// commits. Reads' log records therefore go through one appender per server, which writes what arrives
/// together in one transaction (one head update, one commit); writes keep their records in their own
/// transaction.
#[derive(Clone)]
pub struct PgStore {
    writer: Pool<Postgres>,
    reader: Pool<Postgres>,
    appender: mpsc::Sender<Appended>,
    batches: Histogram,
}

/// Log records waiting for the appender, with where to send the outcome.
type Appended = (Vec<ProcessingRecord>, oneshot::Sender<StoreResult<()>>);

/// The most callers one append serves.
const MAX_BATCH: usize = 256;

/// Starts the appender: the log records of reads that arrive while it is writing are appended together in
/// its next transaction. Each caller hears only once its records are committed, so a read returns only when
/// what it logged is in the chain ([`append`] says how durable). The task ends when the last store clone is
/// dropped.
fn start_appender(writer: Pool<Postgres>, batches: Histogram) -> mpsc::Sender<Appended> {
    let (sender, mut queue) = mpsc::channel::<Appended>(MAX_BATCH * 4);
    tokio::spawn(async move {
        let mut batch = Vec::with_capacity(MAX_BATCH);
        while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
            let (records, replies): (Vec<_>, Vec<_>) = batch.drain(..).unzip();
            batches.observe(replies.len() as f64);
            let all: Vec<ProcessingRecord> = records.iter().flatten().cloned().collect();
            match append(&writer, &all).await {
                Ok(()) => {
                    for reply in replies {
                        let _ = reply.send(Ok(()));
                    }
                }
                // The batch rolled back as a whole; append each caller's records alone, for its own outcome.
                Err(error) => {
                    tracing::warn!(%error, callers = replies.len(), "log append failed; appending one by one");
                    for (records, reply) in records.into_iter().zip(replies) {
                        let _ = reply.send(append(&writer, &records).await);
                    }
                }
            }
        }
    });
    sender
}

/// Appends reads' records in one transaction. Its commit does not wait for the WAL flush
/// (`synchronous_commit = off`, for this transaction only): the records are safe when Regie itself stops, and
/// only a crash of the PostgreSQL server within about 0.6 s (three times `wal_writer_delay`) could lose
/// them; SQLite (`synchronous = FULL`) loses none. The chain stays
/// whole: a later write's durable commit flushes every record before it. Writes keep durable commits.
async fn append(writer: &Pool<Postgres>, records: &[ProcessingRecord]) -> StoreResult<()> {
    let mut tx = writer.begin().await?;
    sqlx::query("SET LOCAL synchronous_commit TO OFF")
        .execute(&mut *tx)
        .await?;
    insert_log(&mut tx, records).await?;
    tx.commit().await?;
    Ok(())
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
            appender: start_appender(pool.clone(), batches.clone()),
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

    /// Each write in its own transaction, PostgreSQL running them in parallel; reads' log records through
    /// the appender.
    async fn write(&self, write: crate::sql::Write) -> StoreResult<()> {
        match write {
            crate::sql::Write::Log(records) => {
                let (reply, outcome) = oneshot::channel();
                let gone = || StoreError::Database(sqlx::Error::PoolClosed);
                self.appender.send((records, reply)).await.map_err(|_| gone())?;
                outcome.await.map_err(|_| gone())?
            }
            other => write_one(&self.writer, other).await,
        }
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
