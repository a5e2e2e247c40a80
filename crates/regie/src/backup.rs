//! `regie backup` and `regie restore`: a consistent copy of the whole database taken while the servers keep
//! writing, and putting such a copy back.
//!
//! - **SQLite**: `VACUUM INTO` writes one read transaction's snapshot into a new file, so a backup holds
//!   every write acknowledged before it began and no half of any later one; the servers go on writing (and
//!   reading) meanwhile, since under WAL a reader never blocks the writer.
//! - **PostgreSQL**: `pg_dump --format=custom` (its own snapshot, equally consistent) and `pg_restore` into
//!   a new, empty database, in one transaction. Both tools must be on `PATH`, at least the server's version.
//!
//! A restore never overwrites: it goes into a file or database that does not hold data yet, is migrated to
//! this version of Regie, and its processing log's hash chain is checked before it is reported good.

use anyhow::{Context, Result, bail};
use regie_access::Access;
use regie_store::is_postgres;
use std::path::Path;
use std::process::Command;

/// What a restore found in the restored database.
#[derive(Debug)]
pub struct Restored {
    /// Processing-log records whose chain was checked and found intact.
    pub log_records: u64,
}

/// Writes a consistent copy of `database` to the new file `to`.
pub async fn backup(database: &str, to: &Path) -> Result<()> {
    if to.exists() {
        bail!(
            "--to: {} already exists; name a new file, so that no earlier backup is overwritten",
            to.display()
        );
    }
    if is_postgres(database) {
        return run(
            Command::new("pg_dump")
                .args(["--format=custom", "--no-owner", "--no-privileges", "--file"])
                .arg(to)
                .arg(database),
            "pg_dump",
        );
    }
    if !Path::new(database).exists() {
        bail!("--database: {database} does not exist");
    }
    let store = regie_store::connect(database).await.context("open the database")?;
    let to = to.to_str().context("--to: the path is not valid UTF-8")?;
    Access::new(store).backup_into(to).await.context("copy the database")?;
    Ok(())
}

/// Puts the backup `from` back as `database`, which must not hold data yet, and checks the result.
pub async fn restore(from: &Path, database: &str) -> Result<Restored> {
    if !from.is_file() {
        bail!("--from: {} is not a file", from.display());
    }
    if is_postgres(database) {
        run(
            Command::new("pg_restore")
                .args([
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    "--exit-on-error",
                    "--dbname",
                ])
                .arg(database)
                .arg(from),
            "pg_restore (restore into a new, empty database)",
        )?;
        return check(database).await;
    }
    if Path::new(database).exists() {
        bail!("--database: {database} already exists; stop the servers, move it aside, and restore into its place");
    }
    // The staging file of reads' processing-log records belongs to the database that was there.
    let staging = regie_store::sqlite::staging_path(database);
    if Path::new(&staging).exists() {
        bail!("--database: {staging} (reads' processing-log records) is still there; move it aside with its database");
    }
    std::fs::copy(from, database).with_context(|| format!("copy {} to {database}", from.display()))?;
    match check(database).await {
        Ok(restored) => Ok(restored),
        Err(error) => {
            for file in [database, staging.as_str()] {
                for end in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{file}{end}"));
                }
            }
            Err(error)
        }
    }
}

/// Migrates the restored database to this version of Regie and checks its processing log.
async fn check(database: &str) -> Result<Restored> {
    let store = regie_store::connect(database)
        .await
        .context("--from: the backup cannot be opened as a database")?;
    // Regie's first migration missing: whatever this is, it is not a backup of Regie.
    if store.pending_migrations().await?.contains(&1) {
        bail!("--from: the backup holds no Regie database");
    }
    store.migrate().await.context("migrate the restored database")?;
    let check = Access::new(store).verify_log().await?;
    if let Some(problem) = check.problem {
        bail!("--from: the restored processing log is not intact ({problem}); the backup is damaged");
    }
    Ok(Restored {
        log_records: check.records,
    })
}

fn run(command: &mut Command, what: &str) -> Result<()> {
    let output = command
        .output()
        .with_context(|| format!("run {what}: is it installed and on PATH?"))?;
    if !output.status.success() {
        bail!("{what} failed: {}", String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(())
}
