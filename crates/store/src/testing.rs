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
    /// The store (migrated, unless made by an `_unmigrated` function).
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

impl TestStore {
    /// The number `sql` (a `SELECT COUNT(*) …`) reads from the database behind the store's back.
    pub async fn count(&self, sql: &str) -> i64 {
        match &self.location {
            Location::Sqlite(path) => {
                let mut c = sqlx::SqliteConnection::connect(&format!("sqlite://{path}"))
                    .await
                    .expect("open sqlite");
                let n = sqlx::query_scalar(sql).fetch_one(&mut c).await.expect("count");
                c.close().await.expect("close");
                n
            }
            Location::Postgres(options) => {
                let mut c = options.connect().await.expect("connect");
                let n = sqlx::query_scalar(sql).fetch_one(&mut c).await.expect("count");
                c.close().await.expect("close");
                n
            }
        }
    }

    /// Another store on the same database, as a second server instance (or a command beside a running
    /// server) has: its own pools and its own group commit.
    pub async fn another(&self) -> Arc<dyn Store> {
        match &self.location {
            Location::Sqlite(path) => Arc::new(SqliteStore::open(path).await.expect("open sqlite")),
            Location::Postgres(options) => Arc::new(PgStore::connect_with((**options).clone()).await.expect("connect")),
        }
    }

    /// Applies the backend's migrations before `version` only, as an earlier Regie left its database: for
    /// tests of what a later migration does to rows written in the earlier format.
    pub async fn migrate_before(&self, version: i64) {
        fn before(mut migrator: sqlx::migrate::Migrator, version: i64) -> sqlx::migrate::Migrator {
            migrator.migrations = (migrator.migrations.iter())
                .filter(|m| m.version < version)
                .cloned()
                .collect::<Vec<_>>()
                .into();
            migrator
        }
        match &self.location {
            Location::Sqlite(path) => {
                let mut c = sqlx::SqliteConnection::connect(&format!("sqlite://{path}"))
                    .await
                    .expect("open sqlite");
                (before(sqlx::migrate!("migrations/sqlite"), version).run(&mut c).await).expect("migrate");
                c.close().await.expect("close");
            }
            Location::Postgres(options) => {
                let mut c = options.connect().await.expect("connect");
                (before(sqlx::migrate!("migrations/postgres"), version).run(&mut c).await).expect("migrate");
                c.close().await.expect("close");
            }
        }
    }

    /// The names of the database's own indexes (not those SQLite makes for a key), in order.
    pub async fn indexes(&self) -> Vec<String> {
        match &self.location {
            Location::Sqlite(path) => {
                let mut c = sqlx::SqliteConnection::connect(&format!("sqlite://{path}"))
                    .await
                    .expect("open sqlite");
                let names = sqlx::query_scalar(
                    "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name",
                )
                .fetch_all(&mut c)
                .await
                .expect("indexes");
                c.close().await.expect("close");
                names
            }
            Location::Postgres(options) => {
                let mut c = options.connect().await.expect("connect");
                let names = sqlx::query_scalar(
                    "SELECT indexname::text FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname",
                )
                .fetch_all(&mut c)
                .await
                .expect("indexes");
                c.close().await.expect("close");
                names
            }
        }
    }

    /// Where `text` can still be read in the database: the SQLite files (the database, the staging file of
    /// reads' log records and their write-ahead logs, byte for byte), or the PostgreSQL tables of the store's
    /// schema (each row as text). Empty when it is found nowhere.
    pub async fn found(&self, text: &str) -> Vec<String> {
        match &self.location {
            Location::Sqlite(path) => [path.clone(), crate::sqlite::staging_path(path)]
                .into_iter()
                .flat_map(|file| {
                    let wal = format!("{file}-wal");
                    [file, wal]
                })
                .filter(|file| {
                    let bytes = std::fs::read(file).unwrap_or_default();
                    bytes.windows(text.len()).any(|w| w == text.as_bytes())
                })
                .collect(),
            Location::Postgres(options) => {
                let mut c = options.connect().await.expect("connect");
                let tables: Vec<String> = sqlx::query_scalar(
                    "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema()",
                )
                .fetch_all(&mut c)
                .await
                .expect("tables");
                let mut found = Vec::new();
                for table in tables {
                    let n: i64 = sqlx::query_scalar(&format!(
                        "SELECT COUNT(*) FROM \"{table}\" t WHERE strpos(t::text, $1) > 0"
                    ))
                    .bind(text)
                    .fetch_one(&mut c)
                    .await
                    .expect("search");
                    if n > 0 {
                        found.push(table);
                    }
                }
                c.close().await.expect("close");
                found
            }
        }
    }
}

/// A migrated SQLite store in a fresh temporary file.
pub async fn sqlite() -> TestStore {
    let t = sqlite_unmigrated().await;
    t.store.migrate().await.expect("migrate sqlite");
    t
}

/// A SQLite store in a fresh temporary file, not yet migrated.
pub async fn sqlite_unmigrated() -> TestStore {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("regie.db");
    let store = SqliteStore::open(path.to_str().expect("utf-8 path"))
        .await
        .expect("open sqlite");
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
    let t = postgres_unmigrated().await;
    t.store.migrate().await.expect("migrate postgres");
    t
}

/// A PostgreSQL store in an empty schema of its own, not yet migrated.
pub async fn postgres_unmigrated() -> TestStore {
    let url = postgres_url();
    let schema = format!("t_{}", uuid::Uuid::now_v7().simple());
    let options = PgConnectOptions::from_str(&url).expect("valid REGIE_TEST_DATABASE_URL");
    as_admin(&options, &format!("CREATE SCHEMA {schema}")).await;
    let options = options.options([("search_path", schema.as_str())]);
    let store = PgStore::connect_with(options.clone()).await.expect("connect");
    TestStore {
        store: Arc::new(store),
        location: Location::Postgres(Box::new(options)),
        _dir: None,
    }
}

/// The URL of a new, empty PostgreSQL database on the test server (for tests of whole-database tools such
/// as `pg_dump`); the database is dropped by the test server's removal.
pub async fn empty_postgres_database() -> String {
    let url = postgres_url();
    let name = format!("d_{}", uuid::Uuid::now_v7().simple());
    let options = PgConnectOptions::from_str(&url).expect("valid REGIE_TEST_DATABASE_URL");
    as_admin(&options, &format!("CREATE DATABASE {name}")).await;
    let base = url
        .split('?')
        .next()
        .expect("a URL")
        .rsplit_once('/')
        .expect("a URL with a database")
        .0;
    format!("{base}/{name}")
}

/// Runs one statement on its own connection to the test server (outside any transaction, as `CREATE
/// DATABASE` needs).
async fn as_admin(options: &PgConnectOptions, sql: &str) {
    let mut admin = options.connect().await.expect("connect to the test PostgreSQL");
    sqlx::Executor::execute(&mut admin, sql).await.expect(sql);
    admin.close().await.expect("close admin connection");
}
