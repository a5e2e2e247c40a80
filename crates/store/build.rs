//! Rebuilds the store when a migration is added: `sqlx::migrate!` embeds the files it finds, and Cargo does not
//! otherwise know that a new file in `migrations/` changes the crate (sqlx's documented build script).

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
