//! What the process tests share: `regie serve` started as the operator starts it.
#![allow(dead_code)] // each test file uses its own part of the helpers

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// Starts `regie serve` on a free port with `args` added; returns the process and its address.
pub fn serve(database: &str, args: &[&str]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_regie"))
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
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = loop {
        let line = lines.next().expect("regie serve printed its address").unwrap();
        if let Some(url) = line.strip_prefix("Regie runs at ") {
            break url.trim().to_owned();
        }
    };
    (child, url)
}

/// Serves `router` on a free loopback port, as a partner's system beside the server; returns its address.
pub async fn listen(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    address
}
