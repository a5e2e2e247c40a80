//! Fresh, migrated stores for tests (feature `testing`): a SQLite file in a temporary folder, or a schema
//! of its own in the PostgreSQL database named by `REGIE_TEST_DATABASE_URL` (which `scripts/test` starts).

use crate::Store;
use crate::postgres::PgStore;
use crate::sqlite::SqliteStore;
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::str::FromStr;
use std::sync::Arc;

/// A store for one test; the SQLite file is removed when this is dropped.
pub struct TestStore {
    /// The migrated store.
    pub store: Arc<dyn Store>,
    /// Where it is, for [`TestStore::tamper`].
    location: Location,
    _dir: Option<tempfile::TempDir>,
}

enum Location {
    Sqlite(String),
    Postgres(Box<PgConnectOptions>),
}

impl TestStore {
    /// The SQLite file, for tests that run the command line on it.
    pub fn sqlite_path(&self) -> Option<&str> {
        match &self.location {
            Location::Sqlite(path) => Some(path),
            Location::Postgres(_) => None,
        }
    }

    /// Runs `sql` on the database behind the store's back, as someone with direct access to the database
    /// would: for tests that show such changes are caught.
    pub async fn tamper(&self, sql: &str) {
        match &self.location {
            Location::Sqlite(path) => {
                let mut c = sqlx::SqliteConnection::connect(&format!("sqlite://{path}"))
                    .await
                    .expect("open sqlite");
                sqlx::query(sql).execute(&mut c).await.expect("tamper");
                c.close().await.expect("close");
            }
            Location::Postgres(options) => {
                let mut c = options.connect().await.expect("connect");
                sqlx::query(sql).execute(&mut c).await.expect("tamper");
                c.close().await.expect("close");
            }
        }
    }
}

/// A migrated SQLite store in a fresh temporary file.
pub async fn sqlite() -> TestStore {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("regie.db");
    let store = SqliteStore::open(path.to_str().expect("utf-8 path"))
        .await
        .expect("open sqlite");
    store.migrate().await.expect("migrate sqlite");
    TestStore {
        store: Arc::new(store),
        location: Location::Sqlite(path.to_str().expect("utf-8 path").to_owned()),
        _dir: Some(dir),
    }
}

/// The PostgreSQL URL the tests use; they fail loudly without one rather than silently skipping.
pub fn postgres_url() -> String {
    std::env::var("REGIE_TEST_DATABASE_URL")
        .expect("REGIE_TEST_DATABASE_URL is not set: run scripts/test, which starts a throwaway PostgreSQL")
}

/// A migrated PostgreSQL store in a schema of its own.
pub async fn postgres() -> TestStore {
    let url = postgres_url();
    let schema = format!("t_{}", uuid::Uuid::now_v7().simple());
    let options = PgConnectOptions::from_str(&url).expect("valid REGIE_TEST_DATABASE_URL");
    let mut admin = options.connect().await.expect("connect to the test PostgreSQL");
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&mut admin)
        .await
        .expect("create schema");
    admin.close().await.expect("close admin connection");
    let options = options.options([("search_path", schema.as_str())]);
    let store = PgStore::connect_with(options.clone()).await.expect("connect");
    store.migrate().await.expect("migrate postgres");
    TestStore {
        store: Arc::new(store),
        location: Location::Postgres(Box::new(options)),
        _dir: None,
    }
}
