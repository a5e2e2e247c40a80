//! `regie region`: an operator creates a pilot region, fills its directory, sets its norms and route variant
//! and reads them back; every refusal says why and changes nothing.

use regie_access::Access;
use std::process::Command;

/// Runs `regie region ARGS`; returns (success, stdout + stderr).
fn region(database: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_regie"))
        .arg("region")
        .args(args)
        .env("REGIE_DATABASE", database)
        .env("RUST_BACKTRACE", "0")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[tokio::test]
async fn an_operator_configures_a_pilot_region_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("regie.db").to_string_lossy().into_owned();
    let store = regie_store::connect(&database).await.unwrap();
    store.migrate().await.unwrap();
    let access = Access::new(store.clone());

    let (ok, out) = region(&database, &["create", "Proeftuin Noordkust"]);
    assert!(ok, "{out}");
    let (ok, out) = region(&database, &["create", "proeftuin noordkust"]);
    assert!(!ok && out.contains("there is a region of this name already"), "{out}");
    for args in [
        [
            "add-organisation",
            "Proeftuin Noordkust",
            "--name",
            "Lokaal team Noordkust",
            "--kind",
            "local_team",
        ],
        [
            "add-organisation",
            "Proeftuin Noordkust",
            "--name",
            "Veilig Thuis Noordkust",
            "--kind",
            "vt",
        ],
        [
            "add-team",
            "Proeftuin Noordkust",
            "--organisation",
            "Lokaal team Noordkust",
            "--name",
            "Wijkteam Strand",
        ],
    ] {
        let (ok, out) = region(&database, &args);
        assert!(ok, "{out}");
    }
    let (ok, out) = region(
        &database,
        &[
            "add-organisation",
            "Proeftuin Noordkust",
            "--name",
            "Bakkerij",
            "--kind",
            "bakkerij",
        ],
    );
    assert!(!ok && out.contains("choose one of the kinds of organisation"), "{out}");
    let (ok, out) = region(
        &database,
        &[
            "add-professional",
            "Proeftuin Noordkust",
            "--organisation",
            "Lokaal team Noordkust",
            "--team",
            "Wijkteam Strand",
            "--username",
            "jan.noordkust",
            "--name",
            "Jan de Wit",
        ],
    );
    assert!(ok, "{out}");
    let me = access.sign_in_as("jan.noordkust").await.unwrap();
    assert_eq!(me.organisation.name, "Lokaal team Noordkust");

    // A wrong setting changes nothing, not even the right ones beside it.
    let (ok, out) = region(
        &database,
        &[
            "set",
            "Proeftuin Noordkust",
            "transfer=nee",
            "radar_years=99",
            "kleur=blauw",
        ],
    );
    assert!(!ok, "{out}");
    assert!(out.contains("kleur: unknown setting"), "{out}");
    let noordkust = access.region_named("Proeftuin Noordkust").await.unwrap();
    assert!(access.region_settings(&noordkust).await.unwrap().variant.transfer);
    let (ok, out) = region(&database, &["set", "Proeftuin Noordkust", "radar_years=99"]);
    assert!(!ok && out.contains("must lie between 1 and 20"), "{out}");
    let (ok, out) = region(
        &database,
        &[
            "set",
            "Proeftuin Noordkust",
            "transfer=nee",
            "joint_work_rvt_leads=ja",
            "radar_years=7",
        ],
    );
    assert!(ok, "{out}");
    let (ok, out) = region(&database, &["show", "Proeftuin Noordkust"]);
    assert!(ok, "{out}");
    let shown: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (
            shown["route_variant"]["transfer"].clone(),
            shown["route_variant"]["joint_work_rvt_leads"].clone(),
            shown["norms"]["radar_years"].clone()
        ),
        (false.into(), true.into(), 7.into())
    );
    assert_eq!(shown["organisations"].as_array().unwrap().len(), 2);
    assert!(
        shown["help_kinds"].as_array().unwrap().len() >= 5,
        "the template's catalogue"
    );
    let (ok, out) = region(&database, &["show", "Onbekend"]);
    assert!(!ok && out.contains("there is no region of this name"), "{out}");
    let (ok, out) = region(&database, &["list"]);
    assert!(ok && out.contains("Proeftuin Noordkust\t2 organisaties"), "{out}");
}
