//! The PostgreSQL backend, for production and for several server instances sharing one database.

use crate::{Store, StoreResult};
use async_trait::async_trait;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Pool, Postgres};
use std::str::FromStr;

/// The PostgreSQL store. Reads and writes share one pool; PostgreSQL handles concurrent writers itself.
#[derive(Clone)]
pub struct PgStore {
    writer: Pool<Postgres>,
    reader: Pool<Postgres>,
}

impl PgStore {
    /// Connects to a `postgres://` URL.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        Self::connect_with(PgConnectOptions::from_str(url)?).await
    }

    /// Connects with explicit options (tests use this to give each test its own schema).
    pub async fn connect_with(options: PgConnectOptions) -> StoreResult<Self> {
        let pool = PgPoolOptions::new().max_connections(16).connect_with(options).await?;
        Ok(Self {
            writer: pool.clone(),
            reader: pool,
        })
    }
}

impl PgStore {
    /// Each write in its own transaction: PostgreSQL runs concurrent writers in parallel.
    async fn write(&self, write: crate::sql::Write) -> StoreResult<()> {
        write_one(&self.writer, write).await
    }
}

#[async_trait]
impl Store for PgStore {
    async fn migrate(&self) -> StoreResult<()> {
        sqlx::migrate!("migrations/postgres").run(&self.writer).await?;
        Ok(())
    }

    async fn analyze(&self) -> StoreResult<()> {
        sqlx::query("ANALYZE").execute(&self.writer).await?;
        Ok(())
    }

    fn backend(&self) -> &'static str {
        "postgres"
    }
}

crate::sql::impl_store!(PgStore, sqlx::Postgres, sqlx::postgres::PgRow);
