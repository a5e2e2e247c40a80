//! What the process tests share: `regie serve` started as the operator starts it.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// Starts `regie serve` on a free port with `args` added; returns the process and its address.
pub fn serve(database: &str, args: &[&str]) -> (Child, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_regie"));
    command
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--database",
            database,
            "--second-factor",
            "optional",
        ])
        // The tests' receivers listen on loopback.
        .arg("--allow-loopback-webhooks")
        .args(args)
        .env("REGIE_LOG", "warn")
        .stderr(Stdio::null());
    spawn(&mut command)
}

/// Spawns a `regie serve` command and waits until it says where it runs; returns the process and its address.
pub fn spawn(command: &mut Command) -> (Child, String) {
    let mut child = command.stdout(Stdio::piped()).spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = loop {
        let line = lines.next().expect("regie serve printed its address").unwrap();
        if let Some(url) = line.strip_prefix("Regie runs at ") {
            break url.trim().to_owned();
        }
    };
    (child, url)
}

/// A migrated database at `database` with the demo region configured (no passwords, no history).
pub async fn demo_region(database: &str) -> regie_access::Access {
    let store = regie_store::connect(database).await.unwrap();
    store.migrate().await.unwrap();
    let access = regie_access::Access::new(store);
    regie::demo::configure(&access).await.unwrap();
    access
}

/// Serves `router` on a free loopback port, as a partner's system beside the server; returns its address.
pub async fn listen(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    address
}
