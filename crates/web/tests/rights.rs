//! The family's rights over the file (issue 14). Item 1: "Mijn dossier" from the portal, and the same copy
//! made by a professional for a written request. Item 2: a correction request decided by the lead within
//! its term, and the member's own statement beside the entry. Item 3: a complaint about a decision, decided by
//! the organisation that made it; a member's request, statement or complaint is not another member's to read.
//! Item 5: the refused correction and the decided complaint each come with a letter to the member, as a PDF.
//! Item 4: a lawyer, registered in the portal, reads the court proceedings with the access code only while
//! the client consents.
//! Item 6: two records of one person merged by a professional involved with both, the retired id
//! pointing to the survivor, undone while nothing new was recorded.
//! Item 7: a request to destroy the file, refused by the lead on a ground the law allows (with a letter), or
//! granted, when the household's whole file is gone at once and only a destruction record remains.
//! A parent receives their own data and that
//! of the children under 16 over whom they hold authority; never another adult's, a youth of 16's, a
//! reporter's, or what another member wrote for the professionals only. Each copy is logged under the
//! register's `subject_access` activity. Runs on SQLite and on PostgreSQL.

use crate::common;

use axum::http::StatusCode;
use common::{Client, TestApp};
use serde_json::{Value, json};

api_tests!(
    a_member_downloads_their_file_with_only_what_is_theirs_to_see,
    a_correction_is_decided_by_the_lead_in_its_term_and_an_own_statement_stands_beside_the_entry,
    a_complaint_about_a_decision_is_decided_by_the_organisation_that_made_it,
    a_request_to_destroy_the_file_is_refused_with_a_letter_or_granted_and_the_file_is_gone,
    a_member_registers_a_lawyer_who_reads_the_court_proceedings_only_while_the_member_consents,
    two_records_of_one_person_are_merged_by_someone_involved_with_both_and_undone_while_nothing_changed,
);

const PASSWORD: &str = "correct horse battery";

/// The ids of the persons a copy is about.
fn persons(copy: &Value) -> Vec<String> {
    let mut ids: Vec<String> = (copy["persons"].as_array().unwrap().iter())
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids
}

/// The text of a PDF, whitespace made single.
fn pdf_text(pdf: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(pdf).expect("a PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).expect("its text");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The household's log records of the `subject_access` activity.
async fn copies_logged(app: &TestApp, household: &str) -> usize {
    (app.store
        .processing_of_household(household.parse().unwrap())
        .await
        .unwrap()
        .iter())
    .filter(|r| r.activity == "subject_access")
    .count()
}

async fn a_member_downloads_their_file_with_only_what_is_theirs_to_see(app: TestApp) {
    let h = app.household("Huishouden Dekker").await;
    let mother = app.person("Mirjam", "1982-02-02", Some("999990032")).await;
    let father = app.person("Joost", "1980-03-03", None).await;
    let daughter = app.person("Fenna", "2012-04-04", None).await;
    let son = app.person("Stijn", "2009-05-05", None).await;
    app.add_member(&h, &mother, "parent").await;
    app.add_member(&h, &father, "parent").await;
    app.add_member(&h, &daughter, "child").await;
    app.add_member(&h, &son, "child").await;
    app.open_case(&h).await;
    // The mother alone holds authority over Fenna (14); Stijn is 17.
    let (s, a) = app
        .call(
            "local",
            axum::http::Method::PUT,
            &format!("/api/v1/households/{h}/authority/{daughter}"),
            Some(json!({"holders": [{"kind": "person", "person_id": mother}], "since": "2016-01-01"})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{a}");
    // The police report the household, naming the agent.
    let steps = json!({"signals": "Ruzie gehoord", "colleague_consulted": "Besproken", "client_conversation": "Gesproken",
        "weighing": "Zorgen"});
    let report = json!({"kind": "report", "reporter": {"category": "police", "name": "Agent Wilschut", "organisation": "Politie"},
        "household_id": h, "persons": [daughter], "observed": "Ruzie in huis", "received_by": app.org_of("vt").await,
        "meldcode": {"steps": steps, "answers": {"suspicion": true, "unsafety": true}}});
    let (s, signal) = app.post("police", "/api/v1/signals", report).await;
    assert_eq!(s, StatusCode::CREATED, "{signal}");

    let access = regie_access::Access::new(app.store.clone());
    for (login, person) in [("mirjam", &mother), ("joost", &father), ("stijn", &son)] {
        access
            .set_family_password(login, person.parse().unwrap(), PASSWORD)
            .await
            .unwrap();
    }
    // Stijn writes something for the professionals only.
    let mut stijn = Client::new(&app);
    stijn.sign_in("stijn", PASSWORD).await;
    let page = stijn.get("/portaal").await;
    let csrf = Client::csrf(&page);
    let words = [
        ("csrf", csrf.as_str()),
        ("words", "Ik slaap liever bij opa"),
        ("score", ""),
    ];
    assert_eq!(
        stijn.post("/portaal/eigen-woorden", &words).await.status,
        StatusCode::SEE_OTHER
    );

    // The mother: her own data and Fenna's, as a file to save; not Joost's, not Stijn's (17), not the agent.
    let mut mirjam = Client::new(&app);
    mirjam.sign_in("mirjam", PASSWORD).await;
    assert!(mirjam.get("/portaal").await.body.contains("Mijn dossier downloaden"));
    let before = copies_logged(&app, &h).await;
    let download = mirjam.get("/portaal/mijn-dossier.json").await;
    assert_eq!(download.status, StatusCode::OK);
    let disposition = download.headers[axum::http::header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"mijn-dossier-"),
        "{disposition}"
    );
    let copy: Value = serde_json::from_str(&download.body).unwrap();
    let mut expected = vec![mother.clone(), daughter.clone()];
    expected.sort();
    assert_eq!(persons(&copy), expected);
    assert!(copy["persons"].to_string().contains("999990032"), "her own BSN");
    assert_eq!(copy["cases"].as_array().unwrap().len(), 1);
    assert!(
        copy["processing"].as_array().is_some_and(|p| !p.is_empty()),
        "{}",
        copy["processing"]
    );
    assert_eq!(copy["authority"][0]["child"].as_str(), Some(daughter.as_str()));
    // Neither the agent's name nor that the police processed Fenna's data (the report) is in it.
    for secret in ["Wilschut", "Org police", "Ik slaap liever bij opa"] {
        assert!(!download.body.contains(secret), "{secret} is not hers to see");
    }
    assert_eq!(
        copies_logged(&app, &h).await,
        before + 5,
        "the household and each of its four members, of whom the cases speak"
    );
    // The same as a PDF to read, in Dutch, with what is left out and why.
    let pdf = mirjam.get("/portaal/mijn-dossier.pdf").await;
    assert_eq!(pdf.headers[axum::http::header::CONTENT_TYPE], "application/pdf");
    let text = pdf_text(&pdf.bytes);
    for expected in [
        "Mijn dossier: Mirjam Test",
        "Fenna Test, geboren 4 april 2012",
        "BSN 999990032",
        "Wie uw gegevens verwerkte",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    assert!(text.contains("Wie uw gezin heeft gemeld: een melder mag afgeschermd blijven"));
    for secret in [
        "Wilschut",
        "Org police",
        "Ik slaap liever bij opa",
        "Stijn Test, geboren",
    ] {
        assert!(!text.contains(secret), "{secret} is not hers to see");
    }

    // The father holds no authority over Fenna: his own data only. Stijn sees his own words.
    let mut joost = Client::new(&app);
    joost.sign_in("joost", PASSWORD).await;
    let his: Value = serde_json::from_str(&joost.get("/portaal/mijn-dossier.json").await.body).unwrap();
    assert_eq!(persons(&his), vec![father.clone()]);
    let own = stijn.get("/portaal/mijn-dossier.json").await.body;
    assert!(own.contains("Ik slaap liever bij opa"));

    // A professional of the case team makes the same copy for a written request; another team may not; a
    // person outside the household is refused, naming the field; nothing is logged for a refusal.
    let path = |person: &str| format!("/api/v1/households/{h}/members/{person}/file-copy");
    let (s, pro) = app.get("local", &path(&mother)).await;
    assert_eq!(s, StatusCode::OK, "{pro}");
    assert_eq!(persons(&pro), expected);
    assert!(!pro.to_string().contains("Wilschut"));
    let before = copies_logged(&app, &h).await;
    let (s, _) = app.get("local2", &path(&mother)).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let stranger = app.person("Vreemd", "1990-01-01", None).await;
    let (s, p) = app.get("local", &path(&stranger)).await;
    assert_eq!(
        (s, p["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("person")),
        "{p}"
    );
    let (s, _) = app.get("police", &path(&mother)).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(copies_logged(&app, &h).await, before);
}

async fn a_correction_is_decided_by_the_lead_in_its_term_and_an_own_statement_stands_beside_the_entry(app: TestApp) {
    let (h, mother, _) = app.family("Huishouden Bos").await;
    let id = app.open_case(&h).await["id"].as_str().unwrap().to_owned();
    let access = regie_access::Access::new(app.store.clone());
    access
        .set_family_password("anouk", mother.parse().unwrap(), PASSWORD)
        .await
        .unwrap();
    let mut portal = Client::new(&app);
    portal.sign_in("anouk", PASSWORD).await;
    let page = portal.get("/portaal").await;
    assert!(page.body.contains("Waar gaat het over?") && page.body.contains("Uw eigen verklaring toevoegen"));
    let csrf = Client::csrf(&page);

    // She asks to correct the case's opening (entry 1): it is the lead's, with a month's term.
    let ask = |text: &'static str| {
        [
            ("csrf", csrf.clone()),
            ("entry", "1".to_owned()),
            ("text", text.to_owned()),
        ]
    };
    let fields = ask("Wij vroegen zelf om hulp; dat staat er niet.");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        portal.post("/portaal/correctie", &fields).await.status,
        StatusCode::SEE_OTHER
    );
    let (_, c) = app.get("local", &format!("/api/v1/cases/{id}")).await;
    let asked = &c["route"]["rectification"]["corrections"][0];
    assert_eq!(asked["entry"], 1, "{c}");
    let due = regie_domain::justice::add_months(regie_domain::time::today(), 1).to_string();
    assert_eq!(asked["due"].as_str(), Some(due.as_str()));
    let (_, work) = app.get("local", "/api/v1/worklist").await;
    assert!(work.to_string().contains("correction_due"), "{work}");
    let version = c["version"].as_i64().unwrap();

    // Nothing chosen and no reason: both named at once; another professional may not decide; nothing changes.
    let path = |rest: &str| format!("/api/v1/cases/{id}/corrections/1{rest}");
    let (s, p) = app
        .post("local", &path("/decision"), json!({"reason": " ", "version": version}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = common::field_codes(&p).into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, ["accepted", "reason"], "{p}");
    let (s, _) = app
        .post(
            "local2",
            &path("/decision"),
            json!({"accepted": false, "reason": "Nee", "version": version}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (_, same) = app.get("local", &format!("/api/v1/cases/{id}")).await;
    assert_eq!(same["version"].as_i64(), Some(version));

    // The lead extends once, with a notice; then refuses with the ground.
    let (s, c) = app
        .post(
            "local",
            &path("/extension"),
            json!({"notice": "Ik vraag het na bij de school", "version": version}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let (s, p) = app
        .post(
            "local",
            &path("/extension"),
            json!({"notice": "Nog eens", "version": version + 1}),
        )
        .await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::CONFLICT, Some("already_extended")),
        "{p}"
    );
    let refuse = json!({"accepted": false, "reason": "Het lokaal team opende de zaak na een melding; dat blijft zo staan.", "version": version + 1});
    let (s, _) = app.post("local", &path("/decision"), refuse).await;
    assert_eq!(s, StatusCode::OK);

    // The refusal comes with a letter to her alone, in the portal and on the household page, as a PDF.
    let (s, letters) = app.get("local", &format!("/api/v1/households/{h}/letters")).await;
    assert_eq!(s, StatusCode::OK, "{letters}");
    let letters = letters.as_array().unwrap().clone();
    assert_eq!(letters.len(), 1, "{letters:?}");
    assert_eq!(
        (letters[0]["topic"].as_str(), letters[0]["to"].as_str()),
        (Some("correction_refused"), Some(mother.as_str()))
    );
    let (s, _) = app.get("local2", &format!("/api/v1/households/{h}/letters")).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "an uninvolved professional reads no letter");
    let own = portal.get("/portaal").await.body;
    let href = format!("/portaal/brieven/{id}/{}/brief.pdf", letters[0]["entry"]);
    assert!(
        own.contains("Wij passen uw gegevens niet aan") && own.contains(&href),
        "{own}"
    );
    let letter = portal.get(&href).await;
    assert_eq!(letter.status, StatusCode::OK);
    let text = pdf_text(&letter.bytes);
    for said in [
        "Wij passen uw gegevens niet aan",
        "Beste Anouk Test",
        "dat blijft zo staan",
        "eigen verklaring",
        "binnen zes weken",
        "Uw contactpersoon is",
    ] {
        assert!(text.contains(said), "{said:?} missing from {text}");
    }
    access.set_professional_password("local", PASSWORD).await.unwrap();
    let mut lead = Client::new(&app);
    lead.sign_in("local", PASSWORD).await;
    let household = lead.get(&format!("/huishoudens/{h}")).await.body;
    let pro_href = format!(
        "/huishoudens/{h}/brieven/{id}/{}/{mother}/brief.pdf",
        letters[0]["entry"]
    );
    assert!(household.contains(&pro_href), "{household}");
    assert_eq!(pdf_text(&lead.get(&pro_href).await.bytes), text);
    // Not a letter of hers: refused.
    assert_eq!(
        portal.get(&format!("/portaal/brieven/{id}/1/brief.pdf")).await.status,
        StatusCode::NOT_FOUND
    );

    // Her own statement beside the entry: on the household page's timeline and in the portal.
    let page = portal.get("/portaal").await;
    let refused = portal.post("/portaal/eigen-verklaring", &[("csrf", &csrf)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("id=\"statement_entry-error\"") && refused.body.contains("id=\"statement-error\""));
    let statement = [
        ("csrf", csrf.as_str()),
        ("statement_entry", "1"),
        ("statement", "Wij belden zelf het lokaal team."),
    ];
    assert_eq!(
        portal.post("/portaal/eigen-verklaring", &statement).await.status,
        StatusCode::SEE_OTHER,
        "{}",
        page.body
    );
    assert!(
        portal
            .get("/portaal")
            .await
            .body
            .contains("Eigen verklaring van Anouk Test")
    );

    // A second request on the same entry is accepted: the entry shows the new text, the old one marked.
    let fields = ask("Graag: op eigen verzoek.");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        portal.post("/portaal/correctie", &fields).await.status,
        StatusCode::SEE_OTHER
    );
    let (_, c) = app.get("local", &format!("/api/v1/cases/{id}")).await;
    let accept = json!({"accepted": true, "corrected": "Het gezin vroeg zelf om hulp.", "reason": "Klopt, aangepast.",
        "version": c["version"]});
    let (s, c) = app
        .post("local", &format!("/api/v1/cases/{id}/corrections/2/decision"), accept)
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let own = portal.get("/portaal").await.body;
    assert!(
        own.contains("Reden: Het gezin vroeg zelf om hulp."),
        "the corrected text"
    );
    assert!(
        own.contains("Eerder stond er: “Het gezin vraagt hulp”"),
        "the old text, marked"
    );
    // Her copy of the file carries both, in the JSON and beside the entry in the PDF.
    let copy = portal.get("/portaal/mijn-dossier.json").await.body;
    assert!(copy.contains("Wij belden zelf het lokaal team.") && copy.contains("Het gezin vroeg zelf om hulp."));
    let pdf = pdf_text(&portal.get("/portaal/mijn-dossier.pdf").await.bytes);
    assert!(
        pdf.contains("Reden: Het gezin vroeg zelf om hulp. (gecorrigeerd op"),
        "{pdf}"
    );
    assert!(pdf.contains("Uw eigen verklaring"), "{pdf}");
    // An accepted correction needs no letter: still the one.
    let (_, letters) = app.get("local", &format!("/api/v1/households/{h}/letters")).await;
    assert_eq!(letters.as_array().map(Vec::len), Some(1), "{letters}");
}

async fn a_complaint_about_a_decision_is_decided_by_the_organisation_that_made_it(app: TestApp) {
    let (h, mother, _) = app.family("Huishouden Kaya").await;
    let father = app.person("Emre", "1983-08-08", None).await;
    app.add_member(&h, &father, "parent").await;
    let id = app.open_case(&h).await["id"].as_str().unwrap().to_owned();
    // The local team decides to work in a duo.
    let lead = json!({"lead": {"primary": app.ids["local"], "secondary": app.ids["colleague"]},
        "reason": "Wij werken voortaan met zijn tweeën.", "version": 1});
    let (s, c) = app.post("local", &format!("/api/v1/cases/{id}/lead"), lead).await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let access = regie_access::Access::new(app.store.clone());
    access
        .set_family_password("anouk", mother.parse().unwrap(), PASSWORD)
        .await
        .unwrap();
    access
        .set_family_password("emre", father.parse().unwrap(), PASSWORD)
        .await
        .unwrap();
    let mut portal = Client::new(&app);
    portal.sign_in("anouk", PASSWORD).await;
    let page = portal.get("/portaal").await;
    let csrf = Client::csrf(&page);

    // Nothing chosen, no words: both named at once. The opening is no decision; the lead change is.
    let refused = portal.post("/portaal/klacht", &[("csrf", &csrf)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("id=\"complaint_entry-error\"") && refused.body.contains("id=\"complaint-error\""));
    let complain = |entry: &'static str| {
        [
            ("csrf", csrf.clone()),
            ("complaint_entry", entry.to_owned()),
            ("complaint", "Zonder overleg met ons besloten.".to_owned()),
        ]
    };
    let fields = complain("1");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let not_a_decision = portal.post("/portaal/klacht", &fields).await;
    assert_eq!(not_a_decision.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(not_a_decision.body.contains("Dit onderdeel is geen beslissing"));
    let fields = complain("2");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        portal.post("/portaal/klacht", &fields).await.status,
        StatusCode::SEE_OTHER
    );
    assert!(
        portal
            .get("/portaal")
            .await
            .body
            .contains("in behandeling; beslissing uiterlijk")
    );
    let (_, work) = app.get("local", "/api/v1/worklist").await;
    assert!(work.to_string().contains("complaint_due"), "{work}");
    // Her complaint is hers: the father reads neither it nor its words.
    let mut emre = Client::new(&app);
    emre.sign_in("emre", PASSWORD).await;
    let his = emre.get("/portaal").await.body;
    assert!(!his.contains("Zonder overleg met ons") && !his.contains("Klacht ingediend"));
    assert!(
        !emre
            .get("/portaal/mijn-dossier.json")
            .await
            .body
            .contains("Zonder overleg met ons")
    );

    // Another organisation does not decide; the one that decided names both missing fields, then decides.
    let (_, c) = app.get("local", &format!("/api/v1/cases/{id}")).await;
    let version = c["version"].as_i64().unwrap();
    let path = format!("/api/v1/cases/{id}/complaints/1/decision");
    let (s, _) = app
        .post(
            "vt",
            &path,
            json!({"finding": "unfounded", "reason": "Nee", "version": version}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, p) = app
        .post("local", &path, json!({"reason": "", "version": version}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = common::field_codes(&p).into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, ["finding", "reason"], "{p}");
    let decide = json!({"finding": "well_founded", "reason": "Wij hadden eerst met u moeten praten; dat doen wij nu.", "version": version});
    // Not by the one who took the decision (Awb art. 9:7): by a colleague of the same organisation.
    let (s, p) = app.post("local", &path, decide.clone()).await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("not_impartial")),
        "{p}"
    );
    let (s, c) = app.post("colleague", &path, decide).await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let own = portal.get("/portaal").await.body;
    assert!(own.contains("beslist, gegrond. Wij hadden eerst met u moeten praten"));
    // The decision comes with a letter to her, not to the father.
    assert!(own.contains("Wij hebben uw klacht behandeld"), "{own}");
    assert!(
        !emre
            .get("/portaal")
            .await
            .body
            .contains("Wij hebben uw klacht behandeld")
    );
    let (_, letters) = app.get("local", &format!("/api/v1/households/{h}/letters")).await;
    let topics: Vec<(&str, &str)> = (letters.as_array().unwrap().iter())
        .map(|l| (l["topic"].as_str().unwrap(), l["to"].as_str().unwrap()))
        .collect();
    assert_eq!(topics, [("complaint_decided", mother.as_str())]);
}

async fn a_request_to_destroy_the_file_is_refused_with_a_letter_or_granted_and_the_file_is_gone(app: TestApp) {
    let (h, mother, _) = app.family("Huishouden Wever").await;
    let id = app.open_case(&h).await["id"].as_str().unwrap().to_owned();
    let access = regie_access::Access::new(app.store.clone());
    access
        .set_family_password("anouk", mother.parse().unwrap(), PASSWORD)
        .await
        .unwrap();
    let mut portal = Client::new(&app);
    portal.sign_in("anouk", PASSWORD).await;
    let csrf = Client::csrf(&portal.get("/portaal").await);

    // She asks, without saying why (the right needs no reason); a second request while one waits is refused.
    let ask = [("csrf", csrf.as_str()), ("destruction_text", "")];
    assert_eq!(
        portal.post("/portaal/vernietiging", &ask).await.status,
        StatusCode::SEE_OTHER
    );
    let again = portal.post("/portaal/vernietiging", &ask).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("wacht nog op een beslissing"), "{}", again.body);
    let (s, kept) = app.get("local", &format!("/api/v1/households/{h}/retention")).await;
    assert_eq!(s, StatusCode::OK, "{kept}");
    assert_eq!(kept["retention"]["kind"], "open", "{kept}");
    assert_eq!(kept["requests"].as_array().map(Vec::len), Some(1), "{kept}");
    let (_, work) = app.get("local", "/api/v1/worklist").await;
    assert!(work.to_string().contains("destruction_due"), "{work}");

    // Nothing chosen, no reason: both named; another team's professional may not decide; nothing changes.
    let (_, c) = app.get("local", &format!("/api/v1/cases/{id}")).await;
    let version = c["version"].as_i64().unwrap();
    let path = |n: u32| format!("/api/v1/cases/{id}/destruction-requests/{n}/decision");
    let (s, p) = app
        .post("local", &path(1), json!({"reason": "", "version": version}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = common::field_codes(&p).into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, ["decision", "reason"], "{p}");
    let grant = json!({"decision": "grant", "reason": "Akkoord.", "version": version});
    let (s, _) = app.post("local2", &path(1), grant).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (_, same) = app.get("local", &format!("/api/v1/cases/{id}")).await;
    assert_eq!(same["version"].as_i64(), Some(version));

    // Refused: the interest of her son, who still gets help. A letter tells her the ground.
    let refuse = json!({"decision": "others_interest", "reason": "Sem krijgt nog hulp; zijn plan staat in het dossier.", "version": version});
    let (s, outcome) = app.post("local", &path(1), refuse).await;
    assert_eq!(s, StatusCode::OK, "{outcome}");
    assert_eq!(outcome["destroyed"], false);
    let (_, letters) = app.get("local", &format!("/api/v1/households/{h}/letters")).await;
    let letter = &letters[0];
    assert_eq!(
        (letter["topic"].as_str(), letter["to"].as_str()),
        (Some("destruction_refused"), Some(mother.as_str())),
        "{letters}"
    );
    let href = format!("/portaal/brieven/{id}/{}/brief.pdf", letter["entry"]);
    let text = pdf_text(&portal.get(&href).await.bytes);
    assert!(
        text.contains("Wij vernietigen uw dossier niet") && text.contains("groot belang voor iemand anders"),
        "{text}"
    );
    let own = portal.get("/portaal").await.body;
    assert!(
        own.contains("afgewezen op") && own.contains("Sem krijgt nog hulp"),
        "{own}"
    );

    // She asks again later; now the lead grants it: the household's whole file is gone at once.
    assert_eq!(
        portal.post("/portaal/vernietiging", &ask).await.status,
        StatusCode::SEE_OTHER
    );
    let (_, c) = app.get("local", &format!("/api/v1/cases/{id}")).await;
    let grant = json!({"decision": "grant", "reason": "Akkoord.", "version": c["version"]});
    let (s, outcome) = app.post("local", &path(2), grant).await;
    assert_eq!((s, &outcome["destroyed"]), (StatusCode::OK, &json!(true)), "{outcome}");
    let (s, _) = app.get("local", &format!("/api/v1/households/{h}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(app.store.person(mother.parse().unwrap()).await.unwrap().is_none());
    let records = access.destructions().await.unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].rule, regie_domain::retention::Rule::Request);
    // Her portal account went with it.
    assert!(access.sign_in("anouk", PASSWORD).await.is_err());
}

async fn a_member_registers_a_lawyer_who_reads_the_court_proceedings_only_while_the_member_consents(app: TestApp) {
    let (h, mother, _) = app.family("Huishouden Smit").await;
    app.open_case(&h).await;
    let access = regie_access::Access::new(app.store.clone());
    access
        .set_family_password("anouk", mother.parse().unwrap(), PASSWORD)
        .await
        .unwrap();
    let mut portal = Client::new(&app);
    portal.sign_in("anouk", PASSWORD).await;
    let csrf = Client::csrf(&portal.get("/portaal").await);

    // Every missing field at once, in whole sentences; nothing is registered.
    let refused = portal.post("/portaal/advocaat", &[("csrf", &csrf)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["lawyer_name", "lawyer_office", "lawyer_phone"] {
        assert!(refused.body.contains(&format!("id=\"{field}-error\"")), "{field}");
    }
    let (_, none) = app.get("local", &format!("/api/v1/households/{h}/lawyers")).await;
    assert_eq!(none, json!([]));
    let register = [
        ("csrf", csrf.as_str()),
        ("lawyer_name", "mr. A. de Wit"),
        ("lawyer_office", "Wit Advocaten"),
        ("lawyer_phone", ""),
        ("lawyer_email", "wit@example.nl"),
    ];
    assert_eq!(
        portal.post("/portaal/advocaat", &register).await.status,
        StatusCode::SEE_OTHER
    );
    let (_, lawyers) = app.get("local", &format!("/api/v1/households/{h}/lawyers")).await;
    assert_eq!(lawyers[0]["name"], "mr. A. de Wit", "{lawyers}");
    assert_eq!(lawyers[0]["consent"], Value::Null);

    // Without consent no code opens anything, with the same answer as a wrong code.
    let mut lawyer = Client::new(&app);
    let wrong = lawyer.post("/advocaat", &[("code", "0123456789abcdef01234567")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong.body.contains("Met deze code kunt u niets inzien"),
        "{}",
        wrong.body
    );

    // She consents: the code is shown once; with it the lawyer reads, read-only, and it is logged.
    let given = portal.post("/portaal/advocaat/toestemming", &[("csrf", &csrf)]).await;
    assert_eq!(given.status, StatusCode::OK);
    let at = given.body.find("advocaat: <strong>").expect("the code is shown") + 18;
    let code = given.body[at..].split('<').next().unwrap().to_owned();
    assert_eq!(code.len(), 24);
    assert!(!portal.get("/portaal").await.body.contains(&code), "shown only once");
    let read = lawyer.post("/advocaat", &[("code", &code)]).await;
    assert_eq!(read.status, StatusCode::OK);
    assert!(
        read.body.contains("Stukken van de kinderrechter over Anouk Test"),
        "{}",
        read.body
    );
    assert!(read.body.contains("Er is geen verzoek aan de kinderrechter gedaan."));
    let logged = (app
        .store
        .processing_of_household(h.parse().unwrap())
        .await
        .unwrap()
        .iter())
    .filter(|r| r.activity == "lawyer_view")
    .count();
    assert_eq!(logged, 2, "her own proceedings and her son's");

    // She stops it: the same code opens nothing any more.
    assert_eq!(
        portal
            .post("/portaal/advocaat/stoppen", &[("csrf", &csrf)])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        lawyer.post("/advocaat", &[("code", &code)]).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // And removes the lawyer altogether.
    assert_eq!(
        portal
            .post("/portaal/advocaat/verwijderen", &[("csrf", &csrf)])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let (_, gone) = app.get("local", &format!("/api/v1/households/{h}/lawyers")).await;
    assert_eq!(gone, json!([]));
}

/// The names of a household's members, sorted.
async fn member_names(app: &TestApp, h: &str) -> Vec<String> {
    let (_, file) = app.get("local", &format!("/api/v1/households/{h}")).await;
    let mut names: Vec<String> = (file["members"].as_array().unwrap().iter())
        .map(|m| m["person"]["given_name"].as_str().unwrap_or_default().to_owned())
        .collect();
    names.sort();
    names
}

/// For each person: how many writes about them name no household, and how many reads about them there are.
async fn about_persons(app: &TestApp, persons: [&String; 2]) -> Vec<(usize, usize)> {
    let mut counts = Vec::new();
    for person in persons {
        let id = person.parse().unwrap();
        let logged = app.store.processing_of_person(id).await.unwrap();
        let writes =
            (logged.iter()).filter(|r| r.operation == "write" && r.person == Some(id) && r.household.is_none());
        let reads = (logged.iter()).filter(|r| r.operation == "read" && r.person == Some(id));
        counts.push((writes.count(), reads.count()));
    }
    counts
}

async fn two_records_of_one_person_are_merged_by_someone_involved_with_both_and_undone_while_nothing_changed(
    app: TestApp,
) {
    let (h, mother, child) = app.family("Huishouden Kok").await;
    // The mother was registered a second time, with a typo, and named as the child's authority there.
    let twin = app.person("Anoek", "1990-04-12", None).await;
    app.add_member(&h, &twin, "parent").await;
    let authority = json!({"holders": [{"kind": "person", "person_id": twin}], "since": "2017-09-01"});
    let path = format!("/api/v1/households/{h}/authority/{child}");
    let (s, a) = app.call("local", axum::http::Method::PUT, &path, Some(authority)).await;
    assert_eq!(s, StatusCode::OK, "{a}");
    let id = app.open_case(&h).await["id"].as_str().unwrap().to_owned();
    assert_eq!(member_names(&app, &h).await, ["Anoek", "Anouk", "Sem"]);

    // With itself and without a reason: both named. By someone not involved: refused. Nothing changes.
    let merge = |into: &str, reason: &str| json!({"into": into, "reason": reason});
    let (s, p) = app
        .post("local", &format!("/api/v1/persons/{twin}/merge"), merge(&twin, ""))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = common::field_codes(&p).into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, ["into", "reason"], "{p}");
    let why = "Dezelfde moeder, twee keer ingeschreven (tikfout in de voornaam).";
    let (s, _) = app
        .post("local2", &format!("/api/v1/persons/{twin}/merge"), merge(&mother, why))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(member_names(&app, &h).await, ["Anoek", "Anouk", "Sem"]);

    // Merged: one mother, who now holds the authority; the case records it; the old id points onward.
    let before = about_persons(&app, [&twin, &mother]).await;
    let (s, merged) = app
        .post("local", &format!("/api/v1/persons/{twin}/merge"), merge(&mother, why))
        .await;
    assert_eq!(s, StatusCode::OK, "{merged}");
    assert_eq!(member_names(&app, &h).await, ["Anouk", "Sem"]);
    let (_, file) = app.get("local", &format!("/api/v1/households/{h}")).await;
    assert!(
        file.to_string().contains(&mother) && !file["authority"].to_string().contains(&twin),
        "{file}"
    );
    let (_, events) = app.get("local", &format!("/api/v1/cases/{id}/events")).await;
    let last = events.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["change"]["kind"], "persons_merged", "{last}");
    let (s, _) = app.get("local", &format!("/api/v1/persons/{twin}")).await;
    assert_eq!(s, StatusCode::PERMANENT_REDIRECT);
    // Not for someone who is not involved: the old id tells them nothing of where it went.
    let (s, p) = app.get("local2", &format!("/api/v1/persons/{twin}")).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{p}");
    let logged = app.store.processing_of_person(twin.parse().unwrap()).await.unwrap();
    assert!(
        logged
            .iter()
            .any(|r| r.activity == "local_team_casework" && r.operation == "write")
    );
    // The merge's record about each person names no household (theirs need not be the same); the pointer
    // followed above is a read of both records.
    let after = about_persons(&app, [&twin, &mother]).await;
    for (person, (before, after)) in [&twin, &mother].iter().zip(before.iter().zip(&after)) {
        assert_eq!(after.0, before.0 + 1, "{person}: one more write without a household");
        assert!(after.1 > before.1, "{person}: read through the pointer");
    }
    let (s, p) = app
        .post("local", &format!("/api/v1/persons/{twin}/merge"), merge(&mother, why))
        .await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::CONFLICT, Some("already_merged")),
        "{p}"
    );

    // Undone: both records again, the authority with the twin again.
    let undo = format!("/api/v1/merges/{}/undo", merged["id"].as_str().unwrap());
    let (s, p) = app.post("local", &undo, json!(null)).await;
    assert_eq!(s, StatusCode::NO_CONTENT, "{p}");
    assert_eq!(member_names(&app, &h).await, ["Anoek", "Anouk", "Sem"]);
    let (_, file) = app.get("local", &format!("/api/v1/households/{h}")).await;
    assert!(file["authority"].to_string().contains(&twin), "{file}");
    let (s, _) = app.get("local", &format!("/api/v1/persons/{twin}")).await;
    assert_eq!(s, StatusCode::OK);

    // Merged again, then something new on the case: the merge stays.
    let (_, merged) = app
        .post("local", &format!("/api/v1/persons/{twin}/merge"), merge(&mother, why))
        .await;
    let (_, c) = app.get("local", &format!("/api/v1/cases/{id}")).await;
    let phase = json!({"to": "analysis", "version": c["version"]});
    let (s, p) = app.post("local", &format!("/api/v1/cases/{id}/phase"), phase).await;
    assert_eq!(s, StatusCode::OK, "{p}");
    let undo = format!("/api/v1/merges/{}/undo", merged["id"].as_str().unwrap());
    let (s, p) = app.post("local", &undo, json!(null)).await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::CONFLICT, Some("changed_since")),
        "{p}"
    );
    assert_eq!(member_names(&app, &h).await, ["Anouk", "Sem"]);

    // Destroying the file takes the merged record and the merges with it.
    let household: regie_domain::HouseholdId = h.parse().unwrap();
    let rule = regie_domain::retention::Rule::Request;
    let record = app
        .store
        .destroy_household(household, rule, regie_domain::time::now(), &[])
        .await
        .unwrap();
    assert!(record.records.contains(&("persons".to_owned(), 3)), "{record:?}");
    assert!(
        record.records.iter().any(|(t, n)| t == "person_merges" && *n == 2),
        "{record:?}"
    );
    assert!(app.store.person(twin.parse().unwrap()).await.unwrap().is_none());
}
