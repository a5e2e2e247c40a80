//! `regie account`: an operator gives a professional a password or a role and a parent a portal account
//! from the command line; refusals say why and change nothing.

use regie_access::{Access, SignInRefused, SignInStep};
use std::io::Write;
use std::process::{Command, Stdio};

/// Runs `regie account ARGS` with `password` on standard input; returns (success, stdout + stderr).
fn account(database: &str, args: &[&str], password: &str) -> (bool, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_regie"))
        .arg("account")
        .args(args)
        .args(["--database", database])
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
    let out = child.wait_with_output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[tokio::test]
async fn an_operator_sets_passwords_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("regie.db").to_string_lossy().into_owned();
    let store = regie_store::connect(&database).await.unwrap();
    store.migrate().await.unwrap();
    let access = Access::new(store.clone());
    regie::demo::configure(&access).await.unwrap();

    let (ok, out) = account(&database, &["password", "--user", "demo-vt"], "kort");
    assert!(!ok);
    assert!(out.contains("at least 12 characters"), "{out}");
    assert!(store.account("demo-vt").await.unwrap().is_none(), "nothing was stored");
    let (ok, out) = account(&database, &["password", "--user", "nobody"], "een lang wachtwoord");
    assert!(!ok);
    assert!(out.contains("no professional with username \"nobody\""), "{out}");

    let (ok, out) = account(&database, &["password", "--user", "demo-vt"], "een lang wachtwoord");
    assert!(ok, "{out}");
    assert!(access.sign_in("demo-vt", "een lang wachtwoord").await.is_ok());
    assert!(matches!(
        access.sign_in("demo-vt", "kort").await,
        Err(SignInRefused::Wrong)
    ));

    // A person who belongs to no household cannot get a portal account.
    let stranger = regie_domain::PersonId::new().to_string();
    let (ok, out) = account(
        &database,
        &["portal", "--person", &stranger, "--user", "ouder"],
        "een lang wachtwoord",
    );
    assert!(!ok);
    assert!(out.contains("the portal is for parents"), "{out}");
    assert!(store.account("ouder").await.unwrap().is_none());

    // A role for an organisation: an unknown one is refused by the command line, an unknown user says so.
    let vt = store.professional_by_username("demo-vt").await.unwrap().unwrap().id;
    let (ok, out) = account(&database, &["role", "--user", "demo-vt", "--role", "baas"], "");
    assert!(!ok && out.contains("invalid value 'baas'"), "{out}");
    let (ok, out) = account(&database, &["role", "--user", "nobody", "--role", "administrator"], "");
    assert!(!ok && out.contains("no professional with username \"nobody\""), "{out}");
    assert!(store.roles(vt).await.unwrap().is_empty(), "nothing was stored");
    let (ok, out) = account(&database, &["role", "--user", "demo-vt", "--role", "administrator"], "");
    assert!(ok && out.contains("functioneel beheerder"), "{out}");
    assert_eq!(store.roles(vt).await.unwrap(), [regie_domain::Role::Administrator]);
    // And taken away again: from then on the administrator's pages refuse them.
    let (ok, out) = account(
        &database,
        &["role", "--user", "demo-vt", "--role", "administrator", "--remove"],
        "",
    );
    assert!(ok && out.contains("no longer functioneel beheerder"), "{out}");
    assert!(store.roles(vt).await.unwrap().is_empty());
}

#[tokio::test]
async fn an_operator_resets_a_lost_second_factor_and_the_reset_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("regie.db").to_string_lossy().into_owned();
    let store = regie_store::connect(&database).await.unwrap();
    store.migrate().await.unwrap();
    let access = Access::new(store.clone()).requiring_second_factor(true);
    regie::demo::configure(&access).await.unwrap();
    access
        .set_professional_password("demo-vt", "een lang wachtwoord")
        .await
        .unwrap();
    let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    assert!(store.confirm_second_factor("demo-vt", secret, 1, &[]).await.unwrap());
    assert!(matches!(
        access.sign_in("demo-vt", "een lang wachtwoord").await,
        Ok(SignInStep::Code(_))
    ));

    let (ok, out) = account(&database, &["reset-second-factor", "--user", "nobody"], "");
    assert!(!ok && out.contains("no account with username \"nobody\""), "{out}");
    assert!(store.second_factor_reset("nobody").await.unwrap().is_none());
    assert!(
        store.second_factor("demo-vt").await.unwrap().is_some(),
        "nothing changed"
    );

    let (ok, out) = account(&database, &["reset-second-factor", "--user", "demo-vt"], "");
    assert!(ok && out.contains("second factor is reset"), "{out}");
    assert!(store.second_factor("demo-vt").await.unwrap().is_none());
    assert!(
        store.second_factor_reset("demo-vt").await.unwrap().is_some(),
        "the reset is recorded"
    );
    // Where a second factor is required, the next sign-in sets up a new one.
    assert!(matches!(
        access.sign_in("demo-vt", "een lang wachtwoord").await,
        Ok(SignInStep::Enrol(_))
    ));
}
