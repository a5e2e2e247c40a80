//! Experience questionnaires (F24) on SQLite and PostgreSQL: after a key moment a parent finds the
//! questions in the portal, a wrong answer is named field by field and keeps nothing, the answer is kept
//! apart from the file (no person, household or case with it) and is not asked again, another household's
//! member cannot open it; the contact person answers their own questions; and the researcher sees the
//! answers only as aggregates.

use crate::common;

use axum::http::StatusCode;
use common::{Client, TestApp};
use regie_domain::PersonId;
use regie_domain::questionnaire::{Answer, Moment, Respondent};
use serde_json::json;

const PASSWORD: &str = "correct horse battery";

api_tests!(a_parent_answers_a_questionnaire_kept_apart_from_the_file);

async fn a_parent_answers_a_questionnaire_kept_apart_from_the_file(app: TestApp) {
    let access = regie_access::Access::new(app.store.clone());
    let (h, mother, _) = app.family("Huishouden Vragen").await;
    let neighbours = app.household("Huishouden Buren").await;
    let bea = app.person("Bea", "1985-05-05", None).await;
    app.add_member(&neighbours, &bea, "parent").await;
    let case = app.open_case(&h).await;
    // The case closes: a key moment.
    let (s, c) = app
        .post(
            "local",
            &format!("/api/v1/cases/{}/close", case["id"].as_str().unwrap()),
            json!({"version": case["version"], "reason": "Het gaat goed."}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let mother_id: PersonId = mother.parse().unwrap();
    access.set_family_password("moeder", mother_id, PASSWORD).await.unwrap();
    access
        .set_family_password("buurvrouw", bea.parse().unwrap(), PASSWORD)
        .await
        .unwrap();
    let region = app.store.regions().await.unwrap()[0].id;
    let kept = || async {
        let (from, until) = (jiff::civil::date(2000, 1, 1), jiff::civil::date(2100, 1, 1));
        app.store.questionnaire_answers(region, from, until).await.unwrap()
    };

    let mut client = Client::new(&app);
    client.sign_in("moeder", PASSWORD).await;
    let portal = client.get("/portaal").await;
    assert!(portal.body.contains("Wat vond u ervan?"), "{}", portal.body);
    assert!(portal.body.contains("de zaak is afgesloten"));
    let start = portal
        .body
        .find("/portaal/vragenlijst/")
        .expect("a questionnaire offered");
    let href = portal.body[start..].split('"').next().unwrap().to_owned();
    let form = client.get(&href).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Voelde u zich gehoord?"));
    let csrf = Client::csrf(&form);

    // Every wrong field at once, in whole sentences, and nothing kept.
    let long = "x".repeat(1001);
    let bad = client
        .post(
            &href,
            &[("csrf", &csrf), ("heard", "9"), ("clear", "zes"), ("open", &long)],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["heard", "clear", "open"] {
        assert!(bad.body.contains(&format!("id=\"{field}-error\"")), "{field}");
    }
    assert!(
        bad.body
            .contains("Kies bij &#39;Voelde u zich gehoord?&#39; een getal van 1 tot en met 5")
            || bad
                .body
                .contains("Kies bij 'Voelde u zich gehoord?' een getal van 1 tot en met 5")
    );
    let empty = client.post(&href, &[("csrf", &csrf)]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("Beantwoord minstens één vraag"));
    assert!(kept().await.is_empty(), "nothing was kept");

    let good = client
        .post(
            &href,
            &[("csrf", &csrf), ("heard", "4"), ("contact", "5"), ("open", "Fijn.")],
        )
        .await;
    assert_eq!(good.status, StatusCode::SEE_OTHER, "{}", good.body);
    let portal = client.get("/portaal?vragenlijst=bedankt").await;
    assert!(portal.body.contains("Dank u wel voor het invullen."));
    assert!(!portal.body.contains("Vragenlijst invullen"), "not asked again");
    // Kept apart from the file: the moment, who answered and what, nothing that points at the mother.
    assert_eq!(
        kept().await,
        [Answer {
            moment: Moment::Closed,
            respondent: Respondent::Parent,
            scores: vec![("heard".into(), 4), ("contact".into(), 5)],
            open: Some("Fijn.".into()),
        }]
    );
    let again = client.post(&href, &[("csrf", &csrf), ("heard", "3")]).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert_eq!(kept().await.len(), 1);

    // Another household's member cannot open it.
    let mut neighbour = Client::new(&app);
    neighbour.sign_in("buurvrouw", PASSWORD).await;
    assert_eq!(neighbour.get(&href).await.status, StatusCode::NOT_FOUND);

    // The contact person who closed the case gets their own questions, on their own page.
    access.set_professional_password("local", PASSWORD).await.unwrap();
    let mut pro = Client::new(&app);
    pro.sign_in("local", PASSWORD).await;
    let list = pro.get("/vragenlijsten").await;
    assert_eq!(list.status, StatusCode::OK);
    // A mistyped address is Regie's Dutch "not found" page, not the framework's English line.
    let mistyped = pro.get("/vragenlijsten/geen-zaak/1").await;
    assert_eq!(mistyped.status, StatusCode::NOT_FOUND);
    assert!(mistyped.body.contains("Deze pagina bestaat niet."), "{}", mistyped.body);
    let start = list.body.find("/vragenlijsten/").expect("a questionnaire for the lead");
    let own = list.body[start..].split('"').next().unwrap().to_owned();
    let page = pro.get(&own).await;
    assert!(
        page.body
            .contains("Verliep de samenwerking met de andere organisaties goed?")
    );
    assert!(
        !page.body.contains("Voelde u zich gehoord?"),
        "the family's questions are not theirs"
    );
    let csrf = Client::csrf(&page);
    let bad = pro.post(&own, &[("csrf", &csrf), ("cooperation", "6")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("id=\"cooperation-error\""));
    let done = pro.post(&own, &[("csrf", &csrf), ("cooperation", "2")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert!(
        !pro.get("/vragenlijsten").await.body.contains("/vragenlijsten/"),
        "not asked again"
    );
    let answers = kept().await;
    assert_eq!(answers.len(), 2);
    assert!(
        answers
            .iter()
            .any(|a| a.respondent == Respondent::Professional && a.scores == [("cooperation".to_owned(), 2)])
    );
    // A colleague who did not lead the case has nothing to answer about it.
    access.set_professional_password("vt", PASSWORD).await.unwrap();
    let mut other = Client::new(&app);
    other.sign_in("vt", PASSWORD).await;
    assert_eq!(other.get(&own).await.status, StatusCode::NOT_FOUND);

    // The researcher sees one answer only as "fewer than ten", without a mean.
    let (s, j) = app.get("researcher", "/api/v1/research/journeys").await;
    assert_eq!(s, StatusCode::OK, "{j}");
    let table = (j["tables"].as_array().unwrap().iter())
        .find(|t| t["id"] == "questionnaire_parents")
        .expect("the parents' answers");
    let closed = (table["rows"].as_array().unwrap().iter())
        .find(|r| r["label"] == "De zaak is afgesloten")
        .unwrap();
    assert_eq!(closed["cells"][0], json!({"kind": "hidden"}));
    assert_eq!(closed["cells"][1], json!({"kind": "hidden"}));
    assert!(!j.to_string().contains("Fijn."), "no open answer in the aggregates");
}
