//! The web application over HTTP, on SQLite and PostgreSQL: sign-in and its cookie, CSRF, throttling,
//! refused forms that change nothing, the portal's one household, and the shared language. The browser suite (e2e/) walks the
//! same pages in Chromium; these tests pin the rules a browser cannot see.

use crate::common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use common::{Client, TestApp};
use regie_domain::portal::LOCK_AFTER;
use regie_domain::{CaseId, HouseholdId, PersonId};
use serde_json::json;
use tower::ServiceExt;

const PASSWORD: &str = "correct horse battery";

async fn with_accounts(app: &TestApp) {
    let access = regie_access::Access::new(app.store.clone());
    for user in ["local", "vt"] {
        access.set_professional_password(user, PASSWORD).await.unwrap();
    }
}

async fn signing_in_sets_a_safe_session_cookie_and_signing_out_ends_it(app: TestApp) {
    with_accounts(&app).await;
    let mut client = Client::new(&app);
    client.forwarded_https = true;
    let signed_in = client.sign_in("local", PASSWORD).await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER, "{}", signed_in.body);
    let session = signed_in
        .set_cookies
        .iter()
        .find(|c| c.starts_with("__Host-regie_sessie="))
        .expect("a session cookie with the __Host- prefix, as it is Secure");
    for attribute in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
        assert!(session.contains(attribute), "{session} lacks {attribute}");
    }
    let worklist = client.get("/werklijst").await;
    assert_eq!(worklist.status, StatusCode::OK);
    assert!(worklist.body.contains("Professional local"));
    let csrf = Client::csrf(&worklist);
    let out = client.post("/uitloggen", &[("csrf", &csrf)]).await;
    assert_eq!(out.location.as_deref(), Some("/inloggen"));
    // The old cookie no longer opens anything, even when sent again.
    let cookie = session.split(';').next().unwrap().split_once('=').unwrap().1.to_owned();
    client.cookies.insert("__Host-regie_sessie".into(), cookie);
    let after = client.get("/werklijst").await;
    assert_eq!(after.location.as_deref(), Some("/inloggen"));
}

async fn wrong_passwords_are_refused_and_too_many_lock_the_account(app: TestApp) {
    with_accounts(&app).await;
    let mut client = Client::new(&app);
    let wrong = client.sign_in("local", "not the password").await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong
            .body
            .contains("Deze combinatie van gebruikersnaam en wachtwoord kennen we niet")
    );
    assert!(wrong.body.contains("value=\"local\""), "the username stays");
    assert!(
        !wrong.body.contains("not the password"),
        "the password is never sent back"
    );
    assert!(!client.cookies.contains_key("regie_sessie"));
    let unknown = client.sign_in("nobody", PASSWORD).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unknown.body.contains("kennen we niet"),
        "an unknown username gets the same answer"
    );
    // Failures in a row lock the account; then even the right password is refused without being checked.
    // (The further failures are counted directly: through the form each would wait up to five seconds.)
    let now = regie_domain::time::now();
    let long_ago = now - jiff::SignedDuration::from_hours(24);
    for username in ["local", "nobody"] {
        let open = (u32::MAX, now);
        while app
            .store
            .count_sign_in(username, now, long_ago, open)
            .await
            .unwrap()
            .unwrap()
            < LOCK_AFTER
        {}
        let locked = client.sign_in(username, PASSWORD).await;
        assert_eq!(locked.status, StatusCode::UNPROCESSABLE_ENTITY);
        // A username without an account is locked the same way: the answer tells nobody which exist.
        assert!(
            locked.body.contains("Probeer het over 15 minuten opnieuw"),
            "{username}: {}",
            locked.body
        );
        assert!(!client.cookies.contains_key("regie_sessie"));
    }
    // Another account is not affected.
    assert_eq!(client.sign_in("vt", PASSWORD).await.status, StatusCode::SEE_OTHER);
}

async fn a_form_without_the_sessions_csrf_token_changes_nothing(app: TestApp) {
    with_accounts(&app).await;
    let (h, _, _) = app.family("Huishouden Zonder Token").await;
    let mut client = Client::new(&app);
    client.sign_in("local", PASSWORD).await;
    let path = format!("/huishoudens/{h}/zaak");
    for csrf in ["", "forged"] {
        let page = client
            .post(&path, &[("csrf", csrf), ("legal_frame", "voluntary")])
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        assert!(page.body.contains("Dit formulier is verlopen"));
    }
    let id: HouseholdId = h.parse().unwrap();
    assert!(
        app.store.open_case_of(id).await.unwrap().is_none(),
        "no case was opened"
    );
    // The sign-in form is protected too, by its own cookie.
    let mut other = Client::new(&app);
    let page = other
        .post(
            "/inloggen",
            &[("csrf", "x"), ("username", "local"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    // A planted cookie with a matching field of the attacker's own making does not pass: the field must be
    // the server's MAC of the cookie.
    other.cookies.insert("regie_inlog".into(), "planted".into());
    let planted = other
        .post(
            "/inloggen",
            &[("csrf", "planted"), ("username", "local"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(planted.status, StatusCode::FORBIDDEN);
    assert!(!other.cookies.contains_key("regie_sessie"));
}

async fn bad_input_is_shown_next_to_the_field_as_typed_and_changes_nothing(app: TestApp) {
    with_accounts(&app).await;
    let (h, _, _) = app.family("Huishouden Te Lang").await;
    let mut client = Client::new(&app);
    client.sign_in("local", PASSWORD).await;
    let page = client.get(&format!("/huishoudens/{h}")).await;
    let csrf = Client::csrf(&page);
    let long = "Zorgen over de kinderen. ".repeat(100);
    let refused = client
        .post(
            &format!("/huishoudens/{h}/zaak"),
            &[("csrf", &csrf), ("legal_frame", "voluntary"), ("reason", &long)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("id=\"reason-error\""),
        "the error is next to the field"
    );
    assert!(refused.body.contains("aria-invalid=\"true\""));
    assert!(refused.body.contains(long.trim_end()), "what was typed stays");
    assert!(
        refused
            .body
            .contains("value=\"voluntary\" aria-describedby=\"legal_frame-voluntary-begrip\" checked"),
        "the choice stays"
    );
    assert!(
        !refused.body.contains("value=\"mandatory\""),
        "a local team is not offered a frame it may not set"
    );
    let id: HouseholdId = h.parse().unwrap();
    assert!(app.store.open_case_of(id).await.unwrap().is_none());
    let opened = client
        .post(
            &format!("/huishoudens/{h}/zaak"),
            &[
                ("csrf", &csrf),
                ("legal_frame", "voluntary"),
                ("reason", "Moeder vraagt hulp."),
            ],
        )
        .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
    let case = app.store.open_case_of(id).await.unwrap().expect("opened");
    assert_eq!(case.legal_frame, regie_domain::LegalFrame::Voluntary);
}

async fn a_parent_sees_only_their_own_household_and_adds_their_words(app: TestApp) {
    with_accounts(&app).await;
    let (h, mother, child) = app.family("Huishouden Portaal").await;
    let other = app.household("Huishouden Buren").await;
    let case: CaseId = app.open_case(&h).await["id"].as_str().unwrap().parse().unwrap();
    let access = regie_access::Access::new(app.store.clone());
    let mother_id: PersonId = mother.parse().unwrap();
    access.set_family_password("moeder", mother_id, PASSWORD).await.unwrap();
    // Sem is eight: too young for the portal.
    let refused = access
        .set_family_password("sem", child.parse().unwrap(), PASSWORD)
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("no_portal") || format!("{refused:?}").contains("no_portal"));

    let mut client = Client::new(&app);
    let signed_in = client.sign_in("moeder", PASSWORD).await;
    assert_eq!(signed_in.location.as_deref(), Some("/"));
    let portal = client.get("/portaal").await;
    assert_eq!(portal.status, StatusCode::OK);
    assert!(portal.body.contains("Huishouden Portaal"));
    assert!(portal.body.contains("Professional local"), "the contact person");
    assert!(!portal.body.contains("Huishouden Buren"));
    for path in [
        format!("/huishoudens/{other}"),
        format!("/huishoudens/{h}"),
        "/werklijst".into(),
    ] {
        let page = client.get(&path).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
        assert!(!page.body.contains("Huishouden Buren"));
    }
    let csrf = Client::csrf(&portal);
    let bad = client
        .post(
            "/portaal/eigen-woorden",
            &[("csrf", &csrf), ("words", "Het gaat beter."), ("score", "11")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("id=\"score-error\""));
    assert!(bad.body.contains("Het gaat beter."));
    assert!(
        app.store.contributions(case).await.unwrap().is_empty(),
        "nothing was kept"
    );
    let good = client
        .post(
            "/portaal/eigen-woorden",
            &[("csrf", &csrf), ("words", "Het gaat beter."), ("score", "7")],
        )
        .await;
    assert_eq!(good.status, StatusCode::SEE_OTHER);
    let kept = app.store.contributions(case).await.unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].person_id, mother_id);
    // The professional sees it on the household page.
    let mut pro = Client::new(&app);
    pro.sign_in("local", PASSWORD).await;
    let file = pro.get(&format!("/huishoudens/{h}")).await;
    assert!(file.body.contains("Eigen woorden en veiligheidscijfer 7 toegevoegd"));
    // Her own reading and writing is in the processing log: for her as herself, for the case team by name.
    let own = client.get("/portaal/verwerkingen").await;
    assert!(
        own.body
            .contains("U zelf, in het portaal: gegevens vastgelegd of gewijzigd"),
        "{}",
        own.body
    );
    assert!(own.body.contains("U zelf, in het portaal: gegevens bekeken"));
    let log = pro.get(&format!("/huishoudens/{h}/verwerkingen")).await;
    assert!(
        log.body.contains("Anouk Test (gezinslid), in het portaal"),
        "{}",
        log.body
    );
    let written = app.store.processing_of_person(mother_id).await.unwrap();
    assert!(
        written
            .iter()
            .any(|r| r.by_person == Some(mother_id) && r.operation == "write" && r.activity == "family_portal")
    );
}

async fn a_deployment_behind_tls_marks_every_cookie_secure(app: TestApp) {
    let router = regie_web::app_with(regie_access::Access::new(app.store.clone()), true);
    let res = router
        .oneshot(Request::get("/inloggen").body(Body::empty()).unwrap())
        .await
        .unwrap();
    let cookie = res.headers()[header::SET_COOKIE].to_str().unwrap().to_owned();
    assert!(
        cookie.starts_with("__Host-regie_inlog=") && cookie.contains("Secure") && cookie.contains("Path=/"),
        "{cookie}"
    );
    // Without the setting, and without a proxy saying https, a cookie is not marked Secure (plain-HTTP demo).
    let page = Client::new(&app).get("/inloggen").await;
    assert!(!page.set_cookies[0].contains("Secure"), "{:?}", page.set_cookies);
}

async fn pages_carry_security_headers_and_the_stylesheets_are_served(app: TestApp) {
    let mut client = Client::new(&app);
    let page = client.get("/inloggen").await;
    let csp = page.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"));
    assert_eq!(page.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(page.body.starts_with("<!DOCTYPE html>") && page.body.contains("<html lang=\"nl\""));
    for css in [
        "/assets/utrecht.css",
        "/assets/voorbeeld-theme.css",
        "/assets/regie.css",
    ] {
        let sheet = client.get(css).await;
        assert_eq!(sheet.status, StatusCode::OK, "{css}");
        assert!(
            sheet.headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/css")
        );
    }
    assert!(client.get("/assets/utrecht.css").await.body.contains(".utrecht-button"));
    assert_eq!(client.get("/assets/geheim.txt").await.status, StatusCode::NOT_FOUND);
    // Stylesheets travel gzipped; pages (which hold a CSRF token) never do.
    for (path, gzipped) in [("/assets/utrecht.css", true), ("/inloggen", false)] {
        let req = Request::get(path)
            .header(header::ACCEPT_ENCODING, "gzip")
            .body(Body::empty())
            .unwrap();
        let res = app.router.clone().oneshot(req).await.unwrap();
        let encoding = res
            .headers()
            .get(header::CONTENT_ENCODING)
            .map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(encoding.as_deref() == Some("gzip"), gzipped, "{path}");
    }
    assert_eq!(client.get("/werklijst").await.location.as_deref(), Some("/inloggen"));
}

async fn a_local_team_never_learns_where_a_shielded_report_came_from(app: TestApp) {
    with_accounts(&app).await;
    let (h, _, child) = app.family("Huishouden Afgeschermd").await;
    // A neighbour calls the local team, asking to stay unknown to the family.
    let (status, signal) = app
        .post(
            "local",
            "/api/v1/signals",
            serde_json::json!({"kind": "advice_request", "reporter": {"category": "neighbour", "name": "Buurman Geheim"},
                "shielded": true, "household_id": h, "persons": [child], "observed": "Geschreeuw in de nacht"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{signal}");
    let mut client = Client::new(&app);
    client.sign_in("local", PASSWORD).await;
    let triage = client.get("/triage").await;
    assert_eq!(triage.status, StatusCode::OK);
    assert!(triage.body.contains("afgeschermd"), "{}", triage.body);
    assert!(!triage.body.contains(">buur<"), "the source category stays hidden");
    let page = client
        .get(&format!("/signalen/{}", signal["id"].as_str().unwrap()))
        .await;
    assert!(!page.body.contains("Buurman Geheim") && !page.body.contains("buur,"));
    assert_eq!(
        page.headers[header::CACHE_CONTROL],
        "no-store",
        "pages with personal data are not cached"
    );
    // Searching is a form post: no name or BSN in the address.
    let form = client.get("/huishoudens").await;
    let csrf = Client::csrf(&form);
    let found = client
        .post("/huishoudens", &[("csrf", &csrf), ("q", "Afgeschermd")])
        .await;
    assert!(found.body.contains("Huishouden Afgeschermd"));
    let forged = client
        .post("/huishoudens", &[("csrf", "x"), ("q", "Afgeschermd")])
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
}

async fn a_member_who_moves_out_is_ended_from_a_date(app: TestApp) {
    with_accounts(&app).await;
    let (h, _, child) = app.family("Huishouden Verhuizing").await;
    let household: HouseholdId = h.parse().unwrap();
    let child: PersonId = child.parse().unwrap();
    let membership = |store: std::sync::Arc<dyn regie_store::Store>| async move {
        let members = store.members(household).await.unwrap();
        members.into_iter().find(|m| m.person.id == child).unwrap().membership
    };
    let m = membership(app.store.clone()).await;
    let mut client = Client::new(&app);
    client.sign_in("local", PASSWORD).await;
    let page = client.get(&format!("/huishoudens/{h}")).await;
    assert!(page.body.contains("Iemand woont hier niet meer"));
    let csrf = Client::csrf(&page);
    let path = format!("/huishoudens/{h}/leden/einde");
    let id = m.id.to_string();
    let refused = client
        .post(&path, &[("csrf", &csrf), ("membership", &id), ("to", "gisteren")])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("id=\"to-error\"") && refused.body.contains("value=\"gisteren\""));
    assert_eq!(membership(app.store.clone()).await.to, None, "nothing changed");
    let today = regie_domain::time::today().to_string();
    let ended = client
        .post(&path, &[("csrf", &csrf), ("membership", &id), ("to", &today)])
        .await;
    assert_eq!(ended.status, StatusCode::SEE_OTHER, "{}", ended.body);
    assert_eq!(
        membership(app.store.clone()).await.to,
        Some(regie_domain::time::today())
    );
}

/// The region's settings: the norms, a help kind and a team each name every wrong field at once, in whole
/// Dutch sentences, and change nothing.
async fn the_settings_forms_name_every_wrong_field_at_once(app: TestApp) {
    let access = regie_access::Access::new(app.store.clone());
    access.set_professional_password("outsider", PASSWORD).await.unwrap();
    let mut admin = Client::new(&app);
    admin.sign_in("outsider", PASSWORD).await;
    let region = app
        .store
        .professional(app.ids["outsider"])
        .await
        .unwrap()
        .unwrap()
        .1
        .region_id;
    let before = (
        app.store.norms(region).await.unwrap(),
        app.store.help_kinds(region).await.unwrap(),
        app.store.teams(region).await.unwrap().len(),
    );
    let page = admin.get("/beheer").await;
    let csrf = Client::csrf(&page);
    let refused = |page: &common::Page, fields: &[&str]| {
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", page.body);
        for field in fields {
            assert!(page.body.contains(&format!("id=\"{field}-error\"")), "{field}");
            assert!(page.body.contains(&format!("href=\"#{field}\"")), "{field}");
        }
    };
    let norms = admin
        .post(
            "/beheer/normen",
            &[
                ("csrf", csrf.as_str()),
                ("safety_assessment_working_days", "6"),
                ("investigation_weeks", "tien"),
                ("radar_years", "0"),
                ("raad_investigation_weeks", "10"),
                ("measure_reminder_weeks", "12"),
                ("complaint_weeks", "6"),
                ("team_access", "yes"),
            ],
        )
        .await;
    refused(
        &norms,
        &["safety_assessment_working_days", "investigation_weeks", "radar_years"],
    );
    let at = |field: &str| norms.body.find(&format!("href=\"#{field}\"")).unwrap();
    assert!(
        at("safety_assessment_working_days") < at("investigation_weeks")
            && at("investigation_weeks") < at("radar_years"),
        "in the form's order"
    );
    assert!(
        norms.body.contains("Vul een getal tussen 0 en 5 in.")
            && norms.body.contains("Vul een heel getal in, zoals 10.")
    );
    let kind = admin
        .post(
            "/beheer/hulpsoorten",
            &[
                ("csrf", csrf.as_str()),
                ("code", "Schuld hulp"),
                ("name_nl", ""),
                ("waiting_norm_days", "veel"),
            ],
        )
        .await;
    refused(&kind, &["code", "name_nl", "waiting_norm_days"]);
    assert!(kind.body.contains("Vul een code in van 1 tot 40 kleine letters"));
    let team = admin
        .post(
            "/beheer/teams",
            &[("csrf", csrf.as_str()), ("organisation", ""), ("team_name", "")],
        )
        .await;
    refused(&team, &["organisation", "team_name"]);
    assert!(team.body.contains("Kies de organisatie waar het team bij hoort."));
    let after = (
        app.store.norms(region).await.unwrap(),
        app.store.help_kinds(region).await.unwrap(),
        app.store.teams(region).await.unwrap().len(),
    );
    assert_eq!(after, before);
}

/// The joint analysis: every cell too long is named at its own field at once (the page's names, not the
/// API's), with a score out of range beside them; nothing is recorded.
async fn every_wrong_cell_of_the_analysis_is_named_at_its_field(app: TestApp) {
    with_accounts(&app).await;
    let (h, mother, child) = app.family("Huishouden Cel").await;
    let case = app.open_case(&h).await;
    let id = case["id"].as_str().unwrap();
    let mut local = Client::new(&app);
    local.sign_in("local", PASSWORD).await;
    let form = local.get(&format!("/zaken/{id}/analyse/bewerken")).await;
    let long = "x".repeat(regie_domain::analysis::MAX_TEXT + 1);
    let (harm, next) = (format!("{mother}.harm.pro"), format!("{child}.next_steps.family"));
    let score = format!("score.p.{}", app.ids["local"]);
    let csrf = Client::csrf(&form);
    let refused = local
        .post(
            &format!("/zaken/{id}/analyse"),
            &[
                ("csrf", csrf.as_str()),
                ("version", "1"),
                (harm.as_str(), long.as_str()),
                (next.as_str(), long.as_str()),
                (score.as_str(), "11"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    for field in [&harm, &next, &score] {
        assert!(refused.body.contains(&format!("id=\"{field}-error\"")), "{field}");
        assert!(refused.body.contains(&format!("href=\"#{field}\"")), "{field}");
    }
    assert!(refused.body.contains("Maak de tekst korter: hoogstens 4000 tekens."));
    let after = app.store.case(id.parse().unwrap()).await.unwrap().unwrap();
    assert!(after.route.analysis.is_none() && after.version == 1);
}

api_tests!(
    every_wrong_cell_of_the_analysis_is_named_at_its_field,
    the_settings_forms_name_every_wrong_field_at_once,
    a_member_who_moves_out_is_ended_from_a_date,
    a_deployment_behind_tls_marks_every_cookie_secure,
    a_local_team_never_learns_where_a_shielded_report_came_from,
    signing_in_sets_a_safe_session_cookie_and_signing_out_ends_it,
    wrong_passwords_are_refused_and_too_many_lock_the_account,
    a_form_without_the_sessions_csrf_token_changes_nothing,
    bad_input_is_shown_next_to_the_field_as_typed_and_changes_nothing,
    a_parent_sees_only_their_own_household_and_adds_their_words,
    pages_carry_security_headers_and_the_stylesheets_are_served,
    the_shared_language_is_listed_served_and_explained_inline_where_a_form_uses_it,
    a_consent_is_recorded_on_the_household_page_and_revoked_by_its_giver_in_the_portal,
    what_a_youth_writes_is_not_shown_to_a_parent_unless_the_youth_shares_it,
    consultations_and_the_familys_words_stay_on_the_worklist_until_read,
    the_triage_names_whom_a_signal_is_about_its_open_case_and_a_doubtful_link,
    every_form_names_every_wrong_field_at_once_and_changes_nothing,
    refusals_read_as_refusals_keep_the_navigation_and_a_get_on_a_form_address_goes_back,
    a_user_changes_their_own_password_and_every_session_ends,
    guessing_the_current_password_meets_the_sign_in_lock,
    an_administrator_resets_a_colleagues_password_and_their_sessions_end,
    a_leaving_colleagues_access_ends_once_their_work_is_handed_over,
    a_part_of_a_scale_up_changes_hands_in_its_form,
    the_teams_worklist_shows_one_colleagues_work,
    the_portal_gives_the_contact_persons_own_phone_and_email_or_their_teams,
    a_large_regions_choice_lists_put_the_own_team_first_and_a_search_finds_the_others,
);

/// F18 in the browser's forms: the case team records a parent's consent (every wrong field at once first,
/// keeping nothing), the parent sees it in the portal and revokes it there; another parent's consent she
/// cannot revoke.
async fn a_consent_is_recorded_on_the_household_page_and_revoked_by_its_giver_in_the_portal(app: TestApp) {
    with_accounts(&app).await;
    let (h, mother, _) = app.family("Huishouden Akkoord").await;
    let father = app.person("Bram", "1986-03-03", None).await;
    let (s, _) = app
        .post(
            "local",
            &format!("/api/v1/households/{h}/members"),
            json!({"person_id": father, "relation": "parent"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let household: HouseholdId = h.parse().unwrap();
    let vt = app.org_of("vt").await.to_string();
    let mut pro = Client::new(&app);
    pro.sign_in("local", PASSWORD).await;
    assert!(
        pro.get(&format!("/huishoudens/{h}"))
            .await
            .body
            .contains("/toestemming")
    );
    let path = format!("/huishoudens/{h}/toestemming");
    let form = pro.get(&path).await;
    assert_eq!(form.status, StatusCode::OK);
    let csrf = Client::csrf(&form);
    let bad = pro
        .post(
            &path,
            &[
                ("csrf", &csrf),
                ("person_id", ""),
                ("organisation_id", ""),
                ("from", "2999-01-01"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["person_id", "purpose", "organisation_id", "from", "manner"] {
        assert!(bad.body.contains(&format!("id=\"{field}-error\"")), "{field}");
    }
    assert!(bad.body.contains("2999-01-01"), "what was typed stays");
    assert!(
        app.store.consents_of(household).await.unwrap().is_empty(),
        "nothing kept"
    );
    for who in [&mother, &father] {
        let good = pro
            .post(
                &path,
                &[
                    ("csrf", &csrf),
                    ("person_id", who),
                    ("purpose", "rvt_consultation"),
                    ("organisation_id", &vt),
                    ("from", &regie_domain::time::today().to_string()),
                    ("manner", "verbal"),
                ],
            )
            .await;
        assert_eq!(good.status, StatusCode::SEE_OTHER, "{}", good.body);
    }
    assert!(pro.get(&path).await.body.contains("Anouk Test"));

    let access = regie_access::Access::new(app.store.clone());
    access
        .set_family_password("moeder", mother.parse().unwrap(), PASSWORD)
        .await
        .unwrap();
    let mut family = Client::new(&app);
    family.sign_in("moeder", PASSWORD).await;
    let mine = family.get("/portaal/toestemming").await;
    assert_eq!(mine.status, StatusCode::OK);
    let consents = app.store.consents_of(household).await.unwrap();
    let (hers, his) = (consents[0].id, consents[1].id);
    assert!(
        mine.body.contains(&hers.to_string()) && !mine.body.contains(&his.to_string()),
        "only her own"
    );
    let csrf = Client::csrf(&mine);
    let refused = family
        .post(&format!("/portaal/toestemming/{his}/intrekken"), &[("csrf", &csrf)])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("zelf gaf"), "{}", refused.body);
    let revoked = family
        .post(&format!("/portaal/toestemming/{hers}/intrekken"), &[("csrf", &csrf)])
        .await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    let after = app.store.consents_of(household).await.unwrap();
    assert!(after[0].revoked.is_some() && after[1].revoked.is_none());
    assert!(family.get("/portaal/toestemming").await.body.contains("Ingetrokken op"));
    // The professional sees that she revoked it herself.
    assert!(pro.get(&path).await.body.contains("door het gezinslid zelf"));
}

/// Safe for the child (issue 12): what a youth writes in the portal is read by the professionals, not by a
/// parent, unless the youth shares it; a parent's words likewise stay from the youth. The youth is spoken
/// to with "je", the parent with "u".
async fn what_a_youth_writes_is_not_shown_to_a_parent_unless_the_youth_shares_it(app: TestApp) {
    with_accounts(&app).await;
    let (h, mother, young) = app.family("Huishouden Stil").await;
    let youth = app.person("Lotte", "2012-03-03", None).await;
    let (s, _) = app
        .post(
            "local",
            &format!("/api/v1/households/{h}/members"),
            json!({"person_id": youth, "relation": "child"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let case: CaseId = app.open_case(&h).await["id"].as_str().unwrap().parse().unwrap();
    let access = regie_access::Access::new(app.store.clone());
    access
        .set_family_password("moeder", mother.parse().unwrap(), PASSWORD)
        .await
        .unwrap();
    access
        .set_family_password("lotte", youth.parse().unwrap(), PASSWORD)
        .await
        .unwrap();
    let (mut parent, mut child) = (Client::new(&app), Client::new(&app));
    parent.sign_in("moeder", PASSWORD).await;
    child.sign_in("lotte", PASSWORD).await;

    let page = child.get("/portaal").await;
    assert!(
        page.body.contains("Hier zie je") && page.body.contains("Jouw contactpersoon"),
        "je"
    );
    assert!(parent.get("/portaal").await.body.contains("Hier ziet u"), "u");
    assert!(
        child
            .get("/wachtwoord")
            .await
            .body
            .contains("dat je nergens anders gebruikt")
    );
    assert!(
        parent
            .get("/wachtwoord")
            .await
            .body
            .contains("dat u nergens anders gebruikt")
    );
    let csrf = Client::csrf(&page);
    let said = child
        .post(
            "/portaal/eigen-woorden",
            &[
                ("csrf", &csrf),
                ("words", "Ik ben bang als het thuis ruzie is."),
                ("score", "3"),
            ],
        )
        .await;
    assert_eq!(said.status, StatusCode::SEE_OTHER);
    let own = child.get("/portaal").await;
    assert!(own.body.contains("Ik ben bang als het thuis ruzie is."));
    assert!(
        own.body.contains("Jouw laatste cijfer: <strong>3 (op"),
        "her own latest score"
    );
    let theirs = parent.get("/portaal").await;
    assert!(!theirs.body.contains("Ik ben bang"), "the mother does not read it");
    assert!(!theirs.body.contains("cijfer: <strong>3"));

    // The mother's correction stays from the youth; what she shares, the youth reads.
    let csrf = Client::csrf(&theirs);
    parent
        .post(
            "/portaal/correctie",
            &[("csrf", &csrf), ("text", "Mijn werkadres klopt niet.")],
        )
        .await;
    parent
        .post(
            "/portaal/eigen-woorden",
            &[("csrf", &csrf), ("words", "We doen ons best samen."), ("shared", "yes")],
        )
        .await;
    let now = child.get("/portaal").await;
    assert!(!now.body.contains("Mijn werkadres"));
    assert!(now.body.contains("We doen ons best samen."));
    // The professionals read all of it.
    let mut pro = Client::new(&app);
    pro.sign_in("local", PASSWORD).await;
    let file = pro.get(&format!("/huishoudens/{h}")).await;
    for text in [
        "Ik ben bang als het thuis ruzie is.",
        "Mijn werkadres klopt niet.",
        "We doen ons best samen.",
    ] {
        assert!(file.body.contains(text), "{text}");
    }
    let kept = app.store.contributions(case).await.unwrap();
    assert_eq!(kept.iter().map(|c| c.shared).collect::<Vec<_>>(), [false, false, true]);

    // The analysis's "in your own words" follows the same rule: the mother reads her own words and her
    // young son's (who does not use the portal), not Lotte's; Lotte reads only her own.
    let own =
        |p: &str, words: &str| json!({"person_id": p, "harm": {"professionals": "Zorgen thuis", "family": words}});
    let (s, c) = app
        .post(
            "local",
            &format!("/api/v1/cases/{case}/analysis"),
            json!({"members": [own(&mother, "Woorden van moeder"), own(&young, "Woorden van Sem"), own(&youth, "Woorden van Lotte")],
                   "scores": [{"by": "member", "person_id": youth, "score": 2},
                              {"by": "professional", "professional_id": app.ids["local"], "score": 8}], "version": 1}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let theirs = parent.get("/portaal").await.body;
    assert!(theirs.contains("Woorden van moeder") && theirs.contains("Woorden van Sem"));
    assert!(!theirs.contains("Woorden van Lotte"), "a youth's own words are hers");
    let hers = child.get("/portaal").await.body;
    assert!(hers.contains("Woorden van Lotte"));
    assert!(!hers.contains("Woorden van moeder") && !hers.contains("Woorden van Sem"));
    assert!(
        hers.contains("Zorgen thuis"),
        "what the professionals wrote is read by all"
    );

    // An answer to the plan follows it too: Lotte's disagreement, for the professionals only, is in the
    // case's record under her name, but neither in her mother's portal nor in the plan's answer; what the
    // mother shares is the household's answer, which Lotte reads.
    let (s, c) = app
        .post(
            "local",
            &format!("/api/v1/cases/{case}/plan"),
            json!({"conditions": ["Geen ruzie waar de kinderen bij zijn"], "goals": [], "actions": [], "version": 2}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let csrf = Client::csrf(&child.get("/portaal").await);
    let said = child
        .post(
            "/portaal/plan",
            &[
                ("csrf", &csrf),
                ("plan_version", "1"),
                ("agreed", "no"),
                ("why", "Papa schreeuwt nog steeds."),
            ],
        )
        .await;
    assert_eq!(said.status, StatusCode::SEE_OTHER, "{}", said.body);
    assert!(child.get("/portaal").await.body.contains("Papa schreeuwt nog steeds."));
    let theirs = parent.get("/portaal").await.body;
    assert!(!theirs.contains("Papa schreeuwt") && !theirs.contains("stemt niet in"));
    assert!(theirs.contains("Uw gezin heeft nog niet gezegd"));
    // The copy of the file each downloads (inzage en afschrift) holds the same, in the case as it is and in
    // every version of the analysis and plan its timeline keeps: the mother's has neither Lotte's words
    // nor her score nor her answer; Lotte's has her own and not her mother's.
    let copy = parent.get("/portaal/mijn-dossier.json").await.body;
    assert!(copy.contains("Woorden van moeder") && copy.contains("Woorden van Sem"));
    for secret in ["Woorden van Lotte", "Papa schreeuwt"] {
        assert!(!copy.contains(secret), "{secret} is Lotte's: {copy}");
    }
    let copy: serde_json::Value = serde_json::from_str(&copy).unwrap();
    let kept = &copy["cases"][0];
    let versions: Vec<&serde_json::Value> = std::iter::once(&kept["case"]["route"]["analysis"])
        .chain(
            kept["timeline"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| &e["change"]["analysis"]),
        )
        .filter(|a| a.is_object())
        .collect();
    assert_eq!(versions.len(), 2, "the analysis now and as recorded");
    for analysis in versions {
        let givers: Vec<&str> = (analysis["scores"].as_array().unwrap().iter())
            .map(|s| s["by"].as_str().unwrap())
            .collect();
        assert_eq!(givers, ["professional"], "Lotte's score is hers");
        assert_eq!(
            analysis["disagreement"],
            json!([]),
            "nor may a flag tell that her score differs"
        );
    }
    let hers = child.get("/portaal/mijn-dossier.json").await.body;
    assert!(hers.contains("Woorden van Lotte") && hers.contains("Papa schreeuwt nog steeds."));
    assert!(!hers.contains("Woorden van moeder") && !hers.contains("Woorden van Sem"));
    let (_, events) = app.get("local", &format!("/api/v1/cases/{case}/events")).await;
    let last = events.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["actor"], json!({"kind": "member", "person_id": youth}));
    assert_eq!(last["actor_name"], "Lotte Test");
    let csrf = Client::csrf(&parent.get("/portaal").await);
    let said = parent
        .post(
            "/portaal/plan",
            &[
                ("csrf", &csrf),
                ("plan_version", "1"),
                ("agreed", "yes"),
                ("shared", "yes"),
            ],
        )
        .await;
    assert_eq!(said.status, StatusCode::SEE_OTHER, "{}", said.body);
    let (_, c) = app.get("local", &format!("/api/v1/cases/{case}")).await;
    let family = &c["route"]["plan"]["family"];
    assert_eq!(
        (family["response"].as_str(), family["via"].as_str()),
        (Some("agreed"), Some("portal_shared"))
    );
    assert_eq!(family["by"], json!([mother]));
    assert!(
        child.get("/portaal").await.body.contains("gaf op"),
        "Lotte reads her mother's shared answer"
    );
}

/// Issue 12, items 1 and 3: the consulted RVT professional finds the consultation on their worklist with
/// its deadline ("vandaag"); the answer, with its proposal, is on the lead's worklist until read, and the
/// lead takes the proposal up in one step; what a parent says in the portal is on the lead's worklist
/// until they looked, and the plan page shows the portal's answer as the family's. Refusals change nothing.
async fn consultations_and_the_familys_words_stay_on_the_worklist_until_read(app: TestApp) {
    with_accounts(&app).await;
    let (h, mother, child) = app.family("Huishouden Wachter").await;
    let id = app.open_case(&h).await["id"].as_str().unwrap().to_owned();
    let path = |action: &str| format!("/api/v1/cases/{id}/{action}");
    let today = regie_domain::time::today().to_string();
    let (s, c) = app
        .post(
            "local",
            &path("scale-up"),
            json!({"form": "consultation", "ground": "acute_unsafety", "rvt_professional": app.ids["vt"], "deadline": today, "reason": "Graag advies", "version": 1}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let kinds = |list: &serde_json::Value| -> Vec<String> {
        (list.as_array().unwrap().iter())
            .flat_map(|i| i["attention"].as_array().unwrap().iter())
            .map(|a| a["kind"].as_str().unwrap().to_owned())
            .collect()
    };
    let (_, vt_list) = app.get("vt", "/api/v1/worklist").await;
    assert_eq!(kinds(&vt_list), ["consultation_to_answer"]);
    let (_, local_list) = app.get("local", "/api/v1/worklist").await;
    assert_eq!(
        kinds(&local_list),
        Vec::<String>::new(),
        "the lead waits; nothing due yet"
    );
    let mut rvt = Client::new(&app);
    rvt.sign_in("vt", PASSWORD).await;
    assert!(
        rvt.get("/werklijst")
            .await
            .body
            .contains("consultatie beantwoorden, uiterlijk")
    );
    assert!(rvt.get("/werklijst").await.body.contains("(vandaag)"));
    // The terms the worklist's reasons use are defined beside them (F25).
    let consultation = regie_domain::glossary::find("consultation").unwrap().definition;
    let terms = |body: &str, label: &str| {
        (body.split(&format!("aria-label=\"Begrippen bij {label}\"")).nth(1))
            .map(|rest| rest.split("</dl>").next().unwrap_or("").to_owned())
            .unwrap_or_default()
    };
    assert!(terms(&rvt.get("/werklijst").await.body, "de werklijst").contains(consultation));

    // The RVT answers in its form: both fields wrong are named at once; then with a proposal.
    let form = rvt.get(&format!("/zaken/{id}/consultatie")).await;
    let csrf = Client::csrf(&form);
    let bad = rvt
        .post(
            &format!("/zaken/{id}/consultatie"),
            &[("csrf", &csrf), ("version", "2"), ("answer", " ")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["answer", "proposal"] {
        assert!(bad.body.contains(&format!("id=\"{field}-error\"")), "{field}");
    }
    let answered = rvt
        .post(
            &format!("/zaken/{id}/consultatie"),
            &[
                ("csrf", &csrf),
                ("version", "2"),
                ("answer", "Werk samen met ons."),
                ("proposal", "joint_work"),
            ],
        )
        .await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER, "{}", answered.body);
    let (_, vt_list) = app.get("vt", "/api/v1/worklist").await;
    assert_eq!(kinds(&vt_list), Vec::<String>::new());
    let (_, local_list) = app.get("local", "/api/v1/worklist").await;
    assert_eq!(kinds(&local_list), ["consultation_answered"]);
    assert_eq!(local_list[0]["attention"][0]["proposal"], "joint_work");

    // Only the lead marks it read.
    let (s, p) = app
        .post("vt", &path("consultation/answer/seen"), json!({"version": 3}))
        .await;
    assert_eq!((s, p["code"].as_str()), (StatusCode::FORBIDDEN, Some("not_lead")));
    // The household page says it was answered, with the answer; the lead takes the proposal up in one step.
    let mut lead = Client::new(&app);
    lead.sign_in("local", PASSWORD).await;
    let page = lead.get(&format!("/huishoudens/{h}")).await;
    assert!(page.body.contains("Beantwoord op") && page.body.contains("Werk samen met ons."));
    assert!(
        terms(&page.body, "de tijdlijn").contains(consultation),
        "the timeline's terms"
    );
    // The case's essentials lead the page, with what needs the lead's attention.
    let summary = page.body.split("id=\"kort\"").nth(1).expect("a summary at the top");
    assert!(
        summary
            .split("</section>")
            .next()
            .unwrap()
            .contains("het RVT heeft de consultatie beantwoord")
    );
    assert!(page.body.contains("Voorstel aannemen: samenwerken"));
    let csrf = Client::csrf(&page);
    let refused = lead
        .post(
            &format!("/zaken/{id}/consultatie/voorstel"),
            &[("csrf", &csrf), ("version", "3"), ("reason", "")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("id=\"reason-error\""));
    let before = app.get("local", &format!("/api/v1/cases/{id}")).await.1;
    assert_eq!(before["version"], 3, "the refusal changed nothing");
    let accepted = lead
        .post(
            &format!("/zaken/{id}/consultatie/voorstel"),
            &[("csrf", &csrf), ("version", "3"), ("reason", "We werken samen verder.")],
        )
        .await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
    let (_, c) = app.get("local", &format!("/api/v1/cases/{id}")).await;
    assert_eq!(c["route"]["scale"]["form"], "joint_work");
    assert_eq!(c["lead"]["secondary"], app.ids["vt"].to_string());
    let (_, local_list) = app.get("local", "/api/v1/worklist").await;
    assert_eq!(kinds(&local_list), Vec::<String>::new(), "taken up: off the list");

    // An analysis and a plan, then the mother answers it in the portal: on the lead's worklist until they
    // looked.
    let concern = |p: &str| json!({"person_id": p, "harm": {"professionals": "Ruzie thuis"}});
    let (s, c) = app
        .post(
            "local",
            &path("analysis"),
            json!({"members": [concern(&mother), concern(&child)], "version": 4}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let (s, c) = app
        .post(
            "local",
            &path("plan"),
            json!({"conditions": ["Geen geweld"], "goals": [], "actions": [], "version": 5}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let access = regie_access::Access::new(app.store.clone());
    access
        .set_family_password("moeder", mother.parse().unwrap(), PASSWORD)
        .await
        .unwrap();
    let mut parent = Client::new(&app);
    parent.sign_in("moeder", PASSWORD).await;
    let portal = parent.get("/portaal").await;
    let csrf_parent = Client::csrf(&portal);
    let said = parent
        .post(
            "/portaal/plan",
            &[
                ("csrf", &csrf_parent),
                ("plan_version", "1"),
                ("agreed", "no"),
                ("why", "Te snel."),
            ],
        )
        .await;
    assert_eq!(said.status, StatusCode::SEE_OTHER, "{}", said.body);
    let (_, local_list) = app.get("local", "/api/v1/worklist").await;
    assert_eq!(kinds(&local_list), ["family_said"]);
    let (_, vt_list) = app.get("vt", "/api/v1/worklist").await;
    assert_eq!(kinds(&vt_list), ["family_said"], "the duo leads together");
    assert!(lead.get("/werklijst").await.body.contains("het gezin in het portaal ("));
    let plan = lead.get(&format!("/zaken/{id}/plan")).await;
    assert!(
        plan.body.contains("gaf in het portaal"),
        "the family's answer is the portal's"
    );
    assert!(plan.body.contains("Te snel.") && plan.body.contains("(alleen voor de professionals)"));
    // The answer is in the case's record under the mother's own name; given for the professionals only,
    // it does not speak for the household in the plan.
    let (_, events) = app.get("local", &path("events")).await;
    let last = events.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["actor"], json!({"kind": "member", "person_id": mother}), "{last}");
    assert_eq!(last["seq"], 7);
    assert_eq!(last["change"]["response"]["via"], "portal_private");
    let household = lead.get(&format!("/huishoudens/{h}")).await.body;
    assert!(
        household.contains("(het gezin, in het portaal)"),
        "the timeline names her"
    );
    let (_, c) = app.get("local", &format!("/api/v1/cases/{id}")).await;
    assert_eq!(c["route"]["plan"]["family"], serde_json::Value::Null);

    // The lead looked: off the list; a bad moment is refused and changes nothing.
    let (s, p) = app
        .post("local", &path("family/seen"), json!({"until": "morgen", "version": 7}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    let page = lead.get(&format!("/huishoudens/{h}")).await;
    assert!(page.body.contains("Nieuw"));
    let until = page
        .body
        .split("name=\"until\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("the lead is offered to mark what they read")
        .to_owned();
    let (s, c) = app
        .post("local", &path("family/seen"), json!({"until": until, "version": 7}))
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let (_, local_list) = app.get("local", "/api/v1/worklist").await;
    assert_eq!(kinds(&local_list), Vec::<String>::new());
    assert!(
        !lead
            .get(&format!("/huishoudens/{h}"))
            .await
            .body
            .contains("Inbreng van het gezin gelezen</button>")
    );

    // Issue 12, item 8: a second plan version; the first stays readable as it was, on its own page.
    let (s, c) = app
        .post(
            "local",
            &path("plan"),
            json!({"conditions": ["Geen geweld", "Oma is er elke avond"], "goals": [], "actions": [], "version": 8}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let plan = lead.get(&format!("/zaken/{id}/plan")).await.body;
    assert!(plan.contains("Huidig plan: versie 2") && plan.contains("Oma is er elke avond"));
    assert!(plan.contains(&format!("href=\"/zaken/{id}/plan/versies/1\"")));
    assert!(
        !plan.contains("Plan vastleggen"),
        "reading first; changing is a step of its own"
    );
    let edit = lead.get(&format!("/zaken/{id}/plan/bewerken")).await;
    assert!(edit.body.contains("Plan vastleggen"));
    // Each action's wrong fields are named beside it, all at once: no owner and a deadline gone by, no
    // owner and no day. Nothing is recorded.
    let refused = lead
        .post(
            &format!("/zaken/{id}/plan"),
            &[
                ("csrf", &Client::csrf(&edit)),
                ("version", "9"),
                ("conditions", "Geen geweld"),
                ("a0.description", "Huisarts bellen"),
                ("a0.owner", ""),
                ("a0.deadline", "2020-01-01"),
                ("a1.description", "Oma komt elke avond"),
                ("a1.owner", ""),
                ("a1.deadline", ""),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["a0.owner", "a0.deadline", "a1.owner", "a1.deadline"] {
        assert!(refused.body.contains(&format!("id=\"{field}-error\"")), "{field}");
    }
    assert!(refused.body.contains("Kies een termijn van vandaag of later"));
    let (_, after) = app.get("local", &format!("/api/v1/cases/{id}")).await;
    assert_eq!(after["version"], 9, "nothing recorded");
    // An action's status "changed" to the one it has is refused beside that action's choice, linked.
    let in_a_week = (jiff::Zoned::now().date() + jiff::Span::new().days(7)).to_string();
    let (s, c) = app
        .post(
            "local",
            &format!("/api/v1/cases/{id}/plan"),
            json!({"conditions": ["Geen geweld"], "goals": [], "actions": [{"description": "Huisarts bellen",
                   "owner": {"kind": "professional", "professional_id": app.ids["local"]}, "deadline": in_a_week}], "version": 9}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let edit = lead.get(&format!("/zaken/{id}/plan/bewerken")).await;
    let refused = lead
        .post(
            &format!("/zaken/{id}/plan/acties/1"),
            &[
                ("csrf", &Client::csrf(&edit)),
                ("version", "10"),
                ("plan_version", "3"),
                ("status", "open"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    for expected in [
        "href=\"#status-1\"",
        "id=\"status-1-error\"",
        "aria-describedby=\"status-1-error\"",
    ] {
        assert!(refused.body.contains(expected), "{expected}");
    }
    // An evaluation without its day or what it found: both named beside their fields.
    let edit = lead.get(&format!("/zaken/{id}/plan/bewerken")).await;
    let refused = lead
        .post(
            &format!("/zaken/{id}/plan/evaluatie"),
            &[
                ("csrf", &Client::csrf(&edit)),
                ("version", "10"),
                ("plan_version", "3"),
                ("on", ""),
                ("text", " "),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    for field in ["on", "text"] {
        assert!(refused.body.contains(&format!("id=\"{field}-error\"")), "{field}");
    }
    assert!(
        refused
            .body
            .contains("aria-invalid=\"true\" aria-describedby=\"text-error\"")
    );
    // The family's answer recorded with nothing chosen and nobody named: both at once.
    let refused = lead
        .post(
            &format!("/zaken/{id}/plan/antwoord"),
            &[("csrf", &Client::csrf(&edit)), ("version", "10"), ("plan_version", "3")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    for message in ["Kies of het gezin instemt.", "Noem de gezinsleden die antwoorden."] {
        assert!(refused.body.contains(message), "{message}");
    }
    let first = lead.get(&format!("/zaken/{id}/plan/versies/1")).await.body;
    assert!(first.contains("Eerdere versie 1") && !first.contains("Oma is er elke avond"));
    assert!(
        first.contains("Te snel."),
        "the family's answer to that version stays with it"
    );
    assert_eq!(
        lead.get(&format!("/zaken/{id}/plan/versies/9")).await.status,
        StatusCode::NOT_FOUND
    );
}

/// Issue 12, item 4: a new signal about a household with an open case shows that case, its phase and its
/// fixed contact person on the triage list and the signal's page; a signal about a child linked to a
/// household where no child lives is flagged for the assessor.
async fn the_triage_names_whom_a_signal_is_about_its_open_case_and_a_doubtful_link(app: TestApp) {
    with_accounts(&app).await;
    let (h, _, child) = app.family("Huishouden Koppeling").await;
    app.open_case(&h).await;
    let signal = |household: &str, person: &str| {
        json!({"kind": "advice_request", "reporter": {"category": "neighbour"}, "household_id": household,
               "persons": [person], "observed": "Komt vaak zonder eten naar school"})
    };
    let (s, known) = app.post("local", "/api/v1/signals", signal(&h, &child)).await;
    assert_eq!(s, StatusCode::CREATED, "{known}");
    // A household of adults only, and a report about a child linked to it.
    let adults = app.household("Huishouden Volwassen").await;
    let adult = app.person("Gerrit", "1960-02-02", None).await;
    let (s, _) = app
        .post(
            "local",
            &format!("/api/v1/households/{adults}/members"),
            json!({"person_id": adult, "relation": "parent"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let other_child = app.person("Mila", "2018-06-06", None).await;
    let (s, doubtful) = app
        .post("local", "/api/v1/signals", signal(&adults, &other_child))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{doubtful}");

    let mut client = Client::new(&app);
    client.sign_in("local", PASSWORD).await;
    let triage = client.get("/triage").await.body;
    assert!(triage.contains("Adviesvraag over Sem"), "{triage}");
    // Read together for the whole page, each signal keeps its own household's surroundings.
    assert_eq!(
        triage.matches("lopende zaak (fase").count(),
        1,
        "only the known household's case"
    );
    assert!(triage.contains("vaste contactpersoon: Professional local"));
    assert!(triage.contains("Adviesvraag over Mila"));
    assert_eq!(
        triage.matches("controleer de koppeling").count(),
        1,
        "only the doubtful link"
    );
    let page = client
        .get(&format!("/signalen/{}", known["id"].as_str().unwrap()))
        .await
        .body;
    assert!(page.contains("Lopende zaak") && page.contains("Huishouden Koppeling"));
    assert!(!page.contains("Controleer de koppeling"));
    let page = client
        .get(&format!("/signalen/{}", doubtful["id"].as_str().unwrap()))
        .await
        .body;
    assert!(page.contains("Controleer de koppeling"));
    assert!(!page.contains("Lopende zaak"), "no case for that household");
}

/// Issue 12, item 7: opening a case without its reason, adding a member with nothing filled in and scaling
/// up with nothing chosen each name every wrong field at once, in whole sentences, and change nothing.
async fn every_form_names_every_wrong_field_at_once_and_changes_nothing(app: TestApp) {
    with_accounts(&app).await;
    let (h, mother, _) = app.family("Huishouden Formulier").await;
    let id: HouseholdId = h.parse().unwrap();
    let mut client = Client::new(&app);
    client.sign_in("local", PASSWORD).await;
    let page = client.get(&format!("/huishoudens/{h}")).await;
    let csrf = Client::csrf(&page);

    let refused = client
        .post(&format!("/huishoudens/{h}/zaak"), &[("csrf", &csrf), ("reason", " ")])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["reason", "legal_frame"] {
        assert!(refused.body.contains(&format!("id=\"{field}-error\"")), "{field}");
    }
    assert!(refused.body.contains("Vul de aanleiding in: het gezin leest deze ook."));
    assert!(app.store.open_case_of(id).await.unwrap().is_none());

    let members = app.store.members(id).await.unwrap().len();
    let refused = client
        .post(
            &format!("/huishoudens/{h}/leden"),
            &[("csrf", &csrf), ("from", "gisteren")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["relation", "from", "given_name", "family_name", "date_of_birth"] {
        assert!(refused.body.contains(&format!("id=\"{field}-error\"")), "{field}");
    }
    assert_eq!(app.store.members(id).await.unwrap().len(), members);

    // The meldcode assistant: every empty step and the first question at once, nothing kept; a choice
    // ticked after the answer that decided is not asked, so it does not stop the walk.
    let kept = |app: &TestApp| {
        let (store, me) = (app.store.clone(), app.ids["local"]);
        async move { store.meldcodes_by(me).await.unwrap().len() }
    };
    let csrf = Client::csrf(&client.get("/meldcode").await);
    let refused = client
        .post(
            "/meldcode",
            &[("csrf", &csrf), ("colleague_consulted", "Met de gedragswetenschapper")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["signals", "client_conversation", "weighing", "suspicion"] {
        assert!(refused.body.contains(&format!("id=\"{field}-error\"")), "{field}");
    }
    assert!(!refused.body.contains("id=\"colleague_consulted-error\""));
    assert_eq!(kept(&app).await, 0);
    let walk = [
        ("csrf", csrf.as_str()),
        ("signals", "Sem vertelt over klappen"),
        ("colleague_consulted", "Met de gedragswetenschapper"),
        ("client_conversation", "Met moeder gesproken"),
        ("weighing", "Structurele onveiligheid"),
        ("suspicion", "yes"),
        ("unsafety", "yes"),
        ("can_help", "no"),
        ("help_accepted", "yes"),
    ];
    let weighed = client.post("/meldcode", &walk).await;
    assert_eq!(weighed.status, StatusCode::OK, "{}", weighed.body);
    assert!(weighed.body.contains("melden bij Veilig Thuis"));
    assert_eq!(kept(&app).await, 1);
    // The report it leads to: whom it is about and what was seen, all at once; nothing is sent.
    let mut report = walk.to_vec();
    report.push(("observed", " "));
    let refused = client.post("/meldcode/melding", &report).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        app.store
            .signals_reported_by(app.ids["local"])
            .await
            .unwrap()
            .is_empty()
    );
    for field in ["given_name", "family_name", "date_of_birth", "observed"] {
        assert!(refused.body.contains(&format!("id=\"{field}-error\"")), "{field}");
    }

    let case = app.open_case(&h).await;
    let cid = case["id"].as_str().unwrap();
    let form = client.get(&format!("/zaken/{cid}/opschalen")).await;
    let csrf = Client::csrf(&form);
    let refused = client
        .post(
            &format!("/zaken/{cid}/opschalen"),
            &[("csrf", &csrf), ("version", "1"), ("deadline", "30-02-2026")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["form", "ground", "rvt_professional", "deadline", "reason"] {
        assert!(refused.body.contains(&format!("id=\"{field}-error\"")), "{field}");
    }
    let after = app.store.case(cid.parse().unwrap()).await.unwrap().unwrap();
    assert_eq!((after.version, after.route.scale), (1, None), "nothing changed");
    // A new legal frame and a new lead, each without a choice and without a reason: both named.
    for (path, choice) in [("kader", "to"), ("regie", "primary")] {
        let form = client.get(&format!("/zaken/{cid}/{path}")).await;
        let refused = client
            .post(
                &format!("/zaken/{cid}/{path}"),
                &[
                    ("csrf", &Client::csrf(&form)),
                    ("version", "1"),
                    (choice, ""),
                    ("reason", ""),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        for field in [choice, "reason"] {
            assert!(
                refused.body.contains(&format!("id=\"{field}-error\"")),
                "{path}: {field}"
            );
        }
    }
    // Ending a membership of nobody on no day: both named, nobody's membership ended.
    let refused = client
        .post(
            &format!("/huishoudens/{h}/leden/einde"),
            &[("csrf", &csrf), ("membership", ""), ("to", "")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["membership", "to"] {
        assert!(refused.body.contains(&format!("id=\"{field}-error\"")), "{field}");
    }
    // Veilig Thuis registers a police report without the agent's name or what was seen: both named beside
    // their own fields, nothing registered.
    let mut vt = Client::new(&app);
    vt.sign_in("vt", PASSWORD).await;
    let intake = vt.get("/signalen/nieuw").await;
    let report = |observed: &'static str| {
        [
            ("kind", "report"),
            ("received_on", "2026-12-01"),
            ("category", "police"),
            ("reporter_name", ""),
            ("reporter_organisation", "Politie Eenheid Voorbeeld"),
            ("given_name", "Sem"),
            ("family_name", "Formulier"),
            ("date_of_birth", "2017-09-01"),
            ("observed", observed),
        ]
    };
    let csrf_vt = Client::csrf(&intake);
    let mut posted = vec![("csrf", csrf_vt.as_str())];
    posted.extend(report(" "));
    let refused = vt.post("/signalen/nieuw", &posted).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("id=\"observed-error\""));
    let mut posted = vec![("csrf", csrf_vt.as_str())];
    posted.extend(report("Geschreeuw gehoord"));
    let refused = vt.post("/signalen/nieuw", &posted).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("id=\"reporter_name-error\""), "{}", refused.body);
    assert!(refused.body.contains("Vul de naam en de organisatie van de melder in"));
    assert_eq!(app.get("vt", "/api/v1/triage").await.1, json!([]), "nothing registered");
    // Help asked for nobody, of no kind, from no provider, on no day: all four named.
    let form = client.get(&format!("/zaken/{cid}/hulp")).await;
    let refused = client
        .post(
            &format!("/zaken/{cid}/hulp"),
            &[("csrf", &Client::csrf(&form)), ("version", "1"), ("requested_on", "")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["person_id", "kind", "provider", "requested_on"] {
        assert!(refused.body.contains(&format!("id=\"{field}-error\"")), "{field}");
    }
    assert!(refused.body.contains("Kies een soort hulp."));
    let after = app.store.case(cid.parse().unwrap()).await.unwrap().unwrap();
    assert!(after.route.help.is_empty());
    // A help's dates, both mistyped: named at that help's own form, above the new request's.
    let (s, c) = app
        .post(
            "local",
            &format!("/api/v1/cases/{cid}/help"),
            json!({"person_id": mother, "kind": "debt_help", "provider": "Schuldhulp Voorbeeld", "requested_on": "2026-11-02", "version": 1}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let form = client.get(&format!("/zaken/{cid}/hulp")).await;
    let refused = client
        .post(
            &format!("/zaken/{cid}/hulp/1"),
            &[
                ("csrf", &Client::csrf(&form)),
                ("number", "1"),
                ("version", "2"),
                ("started_on", "2026-02-30"),
                ("ended_on", "gisteren"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["started_on", "ended_on"] {
        assert!(refused.body.contains(&format!("id=\"{field}-error\"")), "{field}");
        assert!(refused.body.contains(&format!("href=\"#{field}\"")), "{field}");
    }
    let summary = refused.body.find("Dit is nog niet goed ingevuld").unwrap();
    assert!(summary < refused.body.find("Nieuwe hulp aanvragen").unwrap());

    // A date no calendar has is said to be one, on the page and in the API, instead of finding nothing.
    let search = client.get("/huishoudens").await;
    let found = client
        .post(
            "/huishoudens",
            &[("csrf", &Client::csrf(&search)), ("q", "Formulier 31-02-2015")],
        )
        .await;
    assert!(
        found
            .body
            .contains("31-02-2015 is geen bestaande datum: controleer de dag en de maand.")
    );
    assert!(found.body.contains("id=\"q-error\"") && !found.body.contains("Gevonden:"));
    let (s, p) = app.get("local", "/api/v1/households?q=31-02-2015").await;
    assert_eq!((s, p["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("q")));
    // A house number is a number, with an addition if there is one.
    let new = client.get("/huishoudens/nieuw").await;
    let refused = client
        .post(
            "/huishoudens/nieuw",
            &[
                ("csrf", &Client::csrf(&new)),
                ("name", "Huishouden Nul"),
                ("street", "Dorpsstraat"),
                ("house_number", "nul"),
                ("postcode", "1234 AB"),
                ("city", "Voorbeeldstad"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("id=\"house_number-error\""));
    let (_, list) = app.get("local", "/api/v1/households?q=Nul").await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(0), "nothing was made");
}

/// Issue 12, item 7: a refusal for a statutory task reads as one ("Dit mag u niet doen"), the meldcode
/// assistant is not offered to a municipality, a 403 page keeps the navigation and the sign-out, and a GET
/// on an address that only takes a POST leads back to its form.
async fn refusals_read_as_refusals_keep_the_navigation_and_a_get_on_a_form_address_goes_back(app: TestApp) {
    with_accounts(&app).await;
    regie_access::Access::new(app.store.clone())
        .set_professional_password("municipality", PASSWORD)
        .await
        .unwrap();
    let (h, _, _) = app.family("Huishouden Kader").await;
    let case = app.open_case(&h).await;
    let id = case["id"].as_str().unwrap();
    let mut local = Client::new(&app);
    local.sign_in("local", PASSWORD).await;
    let form = local.get(&format!("/zaken/{id}/kader")).await;
    let refused = local
        .post(
            &format!("/zaken/{id}/kader"),
            &[
                ("csrf", &Client::csrf(&form)),
                ("version", "1"),
                ("to", "mandatory"),
                ("reason", "Uitspraak"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("Dit mag u niet doen") && !refused.body.contains("nog niet goed ingevuld"));
    let after = app.store.case(id.parse().unwrap()).await.unwrap().unwrap();
    assert_eq!(
        (after.version, after.legal_frame),
        (1, regie_domain::LegalFrame::Voluntary)
    );

    // A GET on a form's address goes back to the form.
    for (path, back) in [
        (format!("/huishoudens/{h}/zaak"), format!("/huishoudens/{h}")),
        (format!("/zaken/{id}/plan/antwoord"), format!("/zaken/{id}/plan")),
        ("/uitloggen".to_owned(), "/".to_owned()),
    ] {
        let got = local.get(&path).await;
        assert_eq!(
            (got.status, got.location.as_deref()),
            (StatusCode::SEE_OTHER, Some(back.as_str())),
            "{path}"
        );
    }
    // The case's own address leads to its household's page.
    let got = local.get(&format!("/zaken/{id}")).await;
    assert_eq!(got.location.as_deref(), Some(format!("/huishoudens/{h}").as_str()));

    // A municipality is not offered the meldcode assistant; the refusal keeps the navigation.
    let mut municipality = Client::new(&app);
    municipality.sign_in("municipality", PASSWORD).await;
    let page = municipality.get("/meldcode").await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.body.contains("Geen toegang") && !page.body.contains("Is het acuut onveilig?"));
    assert!(
        page.body.contains("Uitloggen") && page.body.contains("href=\"/beheer\""),
        "the navigation stays"
    );
    let page = municipality.get(&format!("/huishoudens/{h}")).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.body.contains("Uitloggen"));
}

/// Issue 12, item 9: a signed-in user changes their own password; every wrong field is named at once and
/// the password stays; afterwards every session of the account has ended and only the new password works.
async fn a_user_changes_their_own_password_and_every_session_ends(app: TestApp) {
    with_accounts(&app).await;
    let (mut here, mut elsewhere) = (Client::new(&app), Client::new(&app));
    here.sign_in("local", PASSWORD).await;
    elsewhere.sign_in("local", PASSWORD).await;
    let form = here.get("/wachtwoord").await;
    assert!(form.body.contains("href=\"/wachtwoord\""), "linked beside signing out");
    let csrf = Client::csrf(&form);
    let refused = here
        .post(
            "/wachtwoord",
            &[
                ("csrf", &csrf),
                ("current", "niet het wachtwoord"),
                ("new", "kort"),
                ("repeated", "anders"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["current", "new", "repeated"] {
        assert!(refused.body.contains(&format!("id=\"{field}-error\"")), "{field}");
        assert!(
            refused.body.contains(&format!("href=\"#{field}\"")),
            "the summary links to {field}"
        );
    }
    assert!(
        !refused.body.contains("niet het wachtwoord"),
        "a password is never sent back"
    );
    let new = "een-nieuw-lang-wachtwoord";
    let changed = here
        .post(
            "/wachtwoord",
            &[("csrf", &csrf), ("current", PASSWORD), ("new", new), ("repeated", new)],
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    assert!(changed.body.contains("Uw wachtwoord is gewijzigd"));
    for client in [&mut here, &mut elsewhere] {
        let gone = client.get("/werklijst").await;
        assert_eq!(gone.location.as_deref(), Some("/inloggen"), "every session ended");
    }
    let mut again = Client::new(&app);
    assert_eq!(
        again.sign_in("local", PASSWORD).await.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the old one no longer works"
    );
    assert_eq!(again.sign_in("local", new).await.status, StatusCode::SEE_OTHER);
}

/// A guess at the current password on the password page is counted before it is checked, like a sign-in, so
/// someone holding a stolen session cannot guess past the lock; a right one clears the count, and while the
/// account is locked even the right one changes nothing.
async fn guessing_the_current_password_meets_the_sign_in_lock(app: TestApp) {
    with_accounts(&app).await;
    let mut client = Client::new(&app);
    client.sign_in("local", PASSWORD).await;
    let form = client.get("/wachtwoord").await;
    let csrf = Client::csrf(&form);
    let new = "een-nieuw-lang-wachtwoord";
    let change = |current: &'static str| {
        [
            ("csrf", csrf.as_str()),
            ("current", current),
            ("new", new),
            ("repeated", new),
        ]
    };
    let wrong = client.post("/wachtwoord", &change("niet het wachtwoord")).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let attempts = app.store.sign_in_attempts("local").await.unwrap();
    assert_eq!(attempts.map(|(n, _)| n), Some(1), "the guess is counted");
    // Locked: the right password is refused without being checked, and the password stays.
    let now = regie_domain::time::now();
    let long_ago = now - jiff::SignedDuration::from_hours(24);
    while app
        .store
        .count_sign_in("local", now, long_ago, (u32::MAX, now))
        .await
        .unwrap()
        .unwrap()
        < LOCK_AFTER
    {}
    let locked = client.post("/wachtwoord", &change(PASSWORD)).await;
    assert_eq!(locked.status, StatusCode::FORBIDDEN);
    assert!(
        locked.body.contains("Probeer het over 15 minuten opnieuw"),
        "{}",
        locked.body
    );
    assert_eq!(
        app.store.sign_in_attempts("local").await.unwrap().map(|(n, _)| n),
        Some(LOCK_AFTER),
        "a try during the lock does not extend it"
    );
    assert_eq!(
        Client::new(&app).sign_in("vt", PASSWORD).await.status,
        StatusCode::SEE_OTHER,
        "another account is not affected"
    );
    app.store.clear_sign_in_attempts("local").await.unwrap();
    let wrong = client.post("/wachtwoord", &change("nog steeds niet")).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let right = client.post("/wachtwoord", &change(PASSWORD)).await;
    assert_eq!(right.status, StatusCode::OK, "{}", right.body);
    assert_eq!(
        app.store
            .sign_in_attempts("local")
            .await
            .unwrap()
            .map(|(n, _)| n)
            .unwrap_or(0),
        0,
        "a right one clears the count"
    );
}

/// Issue 12, item 9: the organisation's administrator ("outsider" in the tests) gives a colleague a new,
/// temporary password, in the web application and through the API; the colleague's sessions and API tokens
/// end and the old password stops working. Nobody else may, an account of another organisation is not found, and one's
/// own password is changed on the password page; each refusal changes nothing.
async fn an_administrator_resets_a_colleagues_password_and_their_sessions_end(app: TestApp) {
    with_accounts(&app).await;
    let access = regie_access::Access::new(app.store.clone());
    access.set_professional_password("outsider", PASSWORD).await.unwrap();
    let (mut admin, mut colleague) = (Client::new(&app), Client::new(&app));
    admin.sign_in("outsider", PASSWORD).await;
    colleague.sign_in("local", PASSWORD).await;

    // Only the administrator has the page, in the navigation too.
    assert!(!colleague.get("/werklijst").await.body.contains("href=\"/accounts\""));
    assert_eq!(colleague.get("/accounts").await.status, StatusCode::FORBIDDEN);
    let list = admin.get("/accounts").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("href=\"/accounts\""));
    for who in ["Professional local", "Professional colleague", "Professional outsider"] {
        assert!(list.body.contains(who), "{who}");
    }
    assert!(!list.body.contains("Professional vt"), "only the own organisation");
    assert!(list.body.contains("Uw eigen wachtwoord wijzigt u"));
    let csrf = Client::csrf(&list);

    // Refused, each changing nothing: one's own account, another organisation's.
    let own = admin
        .post("/accounts", &[("csrf", &csrf), ("username", "outsider")])
        .await;
    assert_eq!(own.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        own.body
            .contains("Voor uw eigen account maakt u geen tijdelijk wachtwoord")
    );
    let other = admin.post("/accounts", &[("csrf", &csrf), ("username", "vt")]).await;
    assert_eq!(other.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        other
            .body
            .contains("Uw organisatie heeft geen account met deze gebruikersnaam.")
    );
    // A colleague without an account gets none this way; one who holds a role is reset by the operator.
    let none = admin
        .post("/accounts", &[("csrf", &csrf), ("username", "colleague")])
        .await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(none.body.contains("Deze collega heeft nog geen account"));
    assert!(app.store.account("colleague").await.unwrap().is_none(), "none was made");
    access.set_professional_password("colleague", PASSWORD).await.unwrap();
    access.appoint("colleague", regie_domain::Role::Reviewer).await.unwrap();
    let (s, p) = app
        .post("outsider", "/api/v1/accounts/colleague/password-reset", json!(null))
        .await;
    assert_eq!((s, p["code"].as_str()), (StatusCode::FORBIDDEN, Some("holds_role")));
    assert_eq!(signs_in(&app, "colleague", PASSWORD).await, StatusCode::SEE_OTHER);
    assert_eq!(signs_in(&app, "vt", PASSWORD).await, StatusCode::SEE_OTHER);
    assert_eq!(signs_in(&app, "outsider", PASSWORD).await, StatusCode::SEE_OTHER);

    let done = admin.post("/accounts", &[("csrf", &csrf), ("username", "local")]).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let temporary = done
        .body
        .split("Tijdelijk wachtwoord: <strong class=\"regie-nowrap\">")
        .nth(1)
        .and_then(|r| r.split('<').next())
        .expect("the temporary password, shown once")
        .to_owned();
    assert_eq!(temporary.len(), 19, "{temporary}");
    assert_eq!(
        colleague.get("/werklijst").await.location.as_deref(),
        Some("/inloggen"),
        "the colleague's session ended"
    );
    assert_eq!(
        signs_in(&app, "local", PASSWORD).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // With the temporary password every page leads to the password page, until it is replaced.
    let mut fresh = Client::new(&app);
    assert_eq!(fresh.sign_in("local", &temporary).await.status, StatusCode::SEE_OTHER);
    for path in ["/", "/werklijst", "/huishoudens"] {
        assert_eq!(fresh.get(path).await.location.as_deref(), Some("/wachtwoord"), "{path}");
    }
    let form = fresh.get("/wachtwoord").await;
    assert!(form.body.contains("U bent ingelogd met een tijdelijk wachtwoord"));
    let own = "mijn eigen lange wachtwoord";
    let changed = fresh
        .post(
            "/wachtwoord",
            &[
                ("csrf", &Client::csrf(&form)),
                ("current", &temporary),
                ("new", own),
                ("repeated", own),
            ],
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    let mut after = Client::new(&app);
    after.sign_in("local", own).await;
    assert_eq!(
        after.get("/werklijst").await.status,
        StatusCode::OK,
        "free to work again"
    );
    // The reset is on record for the administrator: whose, by whom, when.
    let accounts = admin.get("/accounts").await;
    assert!(
        accounts
            .body
            .contains("tijdelijk wachtwoord voor local, gegeven door Professional outsider"),
        "{}",
        accounts.body
    );
    // The reset ends the account's API tokens too: whoever holds one must ask for a new one.
    let (s, _) = app.get("local", "/api/v1/me").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "the API token was revoked");
    assert_eq!(
        app.get("colleague", "/api/v1/me").await.0,
        StatusCode::OK,
        "not a colleague's"
    );

    // The API does the same for the administrator only.
    let (_, me) = app.get("outsider", "/api/v1/me").await;
    assert_eq!(me["roles"], json!(["administrator", "region_administrator"]));
    let (s, p) = app
        .post("colleague", "/api/v1/accounts/local/password-reset", json!(null))
        .await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("not_administrator"))
    );
    let (s, _) = app
        .post("outsider", "/api/v1/accounts/vt/password-reset", json!(null))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, listed) = app.get("outsider", "/api/v1/accounts").await;
    assert_eq!((s, listed.as_array().map(Vec::len)), (StatusCode::OK, Some(3)));
    // In pages, with a search by name or username, as the page has it; a wrong page names its fields.
    let names = |v: &serde_json::Value| -> Vec<String> {
        (v.as_array().unwrap().iter())
            .map(|a| a["username"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        names(&app.get("outsider", "/api/v1/accounts?q=PROF%20colleag").await.1),
        ["colleague"]
    );
    let all = names(&listed);
    let (_, second) = app.get("outsider", "/api/v1/accounts?limit=1&offset=1").await;
    assert_eq!(names(&second), all[1..2]);
    let request = Request::get("/api/v1/accounts?q=professional&limit=1")
        .header(header::AUTHORIZATION, format!("Bearer {}", app.tokens["outsider"]))
        .body(Body::empty())
        .unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.headers()["x-total-count"], "3", "one shown of three found");
    let (s, p) = app.get("outsider", "/api/v1/accounts?limit=0&offset=2000000").await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{p}");
    assert_eq!(
        common::field_codes(&p).into_iter().map(|(f, _)| f).collect::<Vec<_>>(),
        ["limit", "offset"]
    );
    let (s, reset) = app
        .post("outsider", "/api/v1/accounts/local/password-reset", json!(null))
        .await;
    assert_eq!(s, StatusCode::OK, "{reset}");
    let second = reset["temporary_password"].as_str().unwrap();
    assert_ne!(second, temporary);
    assert_eq!(
        signs_in(&app, "local", &temporary).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(signs_in(&app, "local", second).await, StatusCode::SEE_OTHER);
}

/// F30 and BIO 9.2.6: a professional who leaves loses their access. The administrator ("outsider") first
/// sees the work still in their name, as counts, and cannot end the access until it is handed over; then
/// the colleague's sessions and API token end, they cannot sign in (told why, after the right password),
/// no choice offers them and a lead change to them is refused, while the timeline still names them. Every
/// refusal changes nothing; the operator gives an access ended by mistake back.
async fn a_leaving_colleagues_access_ends_once_their_work_is_handed_over(app: TestApp) {
    with_accounts(&app).await;
    let access = regie_access::Access::new(app.store.clone());
    access.set_professional_password("outsider", PASSWORD).await.unwrap();
    let (h, _, _) = app.family("Huishouden Vertrek").await;
    let case = app.open_case(&h).await;
    let id = case["id"].as_str().unwrap().to_owned();
    let (mut admin, mut leaving) = (Client::new(&app), Client::new(&app));
    admin.sign_in("outsider", PASSWORD).await;
    leaving.sign_in("local", PASSWORD).await;
    let ended = |store: std::sync::Arc<dyn regie_store::Store>, user: &'static str| async move {
        let p = store.professional_by_username(user).await.unwrap().unwrap();
        p.ended
    };

    // The work still in the colleague's name, as counts: no button to end the access yet.
    let list = admin.get("/accounts").await;
    assert!(
        list.body.contains("Toegang van Professional local beëindigen"),
        "{}",
        list.body
    );
    assert!(
        !list.body.contains("Toegang van Professional outsider beëindigen"),
        "not one's own"
    );
    let confirm = admin.get("/accounts/beeindigen?username=local").await;
    assert_eq!(confirm.status, StatusCode::OK, "{}", confirm.body);
    assert!(
        confirm
            .body
            .contains("Professional local is nog vaste contactpersoon van 1 gezin."),
        "{}",
        confirm.body
    );
    assert!(
        !confirm.body.contains("Huishouden Vertrek"),
        "no family is named to the administrator"
    );
    assert!(
        !confirm.body.contains("action=\"/accounts/beeindigen\""),
        "nothing to confirm yet"
    );
    let (s, d) = app.get("outsider", "/api/v1/accounts/local/departure").await;
    assert_eq!(s, StatusCode::OK, "{d}");
    let held = &d["holdings"];
    assert_eq!(
        (held["leads"].as_u64(), held["rvt"].as_u64(), held["measures"].as_u64()),
        (Some(1), Some(0), Some(0))
    );
    assert_eq!(
        (d["may_end"].as_bool(), d["refusal_code"].as_str()),
        (Some(false), Some("holds_work"))
    );
    let csrf = Client::csrf(&list);
    let refused = admin
        .post("/accounts/beeindigen", &[("csrf", &csrf), ("username", "local")])
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert!(
        refused.body.contains("Laat dat werk eerst overdragen"),
        "{}",
        refused.body
    );
    let (s, p) = app.post("outsider", "/api/v1/accounts/local/end", json!(null)).await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::CONFLICT, Some("holds_work")),
        "{p}"
    );
    // Nobody else, not one's own, not another organisation's, not one who holds a role: each changes nothing.
    let (s, p) = app.post("colleague", "/api/v1/accounts/local/end", json!(null)).await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("not_administrator"))
    );
    let (s, p) = app.post("outsider", "/api/v1/accounts/outsider/end", json!(null)).await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("own_account"))
    );
    let (s, _) = app.post("outsider", "/api/v1/accounts/vt/end", json!(null)).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    access.appoint("colleague", regie_domain::Role::Reviewer).await.unwrap();
    let (s, p) = app
        .post("outsider", "/api/v1/accounts/colleague/end", json!(null))
        .await;
    assert_eq!((s, p["code"].as_str()), (StatusCode::FORBIDDEN, Some("holds_role")));
    // The page says so, without a button.
    let page = admin.get("/accounts/beeindigen?username=colleague").await;
    assert!(
        page.body
            .contains("Vraag de applicatiebeheerder om de toegang te beëindigen"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("action=\"/accounts/beeindigen\""));
    access.dismiss("colleague", regie_domain::Role::Reviewer).await.unwrap();
    for user in ["local", "outsider", "vt", "colleague"] {
        assert_eq!(ended(app.store.clone(), user).await, None, "{user}");
    }
    assert_eq!(leaving.get("/werklijst").await.status, StatusCode::OK, "still at work");

    // The lead goes to a colleague; then the access ends, with its sessions and token.
    let to = json!({"lead": {"primary": app.ids["colleague"]}, "reason": "Fatima gaat weg bij het lokale team", "version": 1});
    let (s, c) = app.post("local", &format!("/api/v1/cases/{id}/lead"), to).await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let confirm = admin.get("/accounts/beeindigen?username=local").await;
    assert!(
        confirm
            .body
            .contains("geen gezinnen, opschalingen, maatregelen, verzoeken of onderzoeken meer op naam")
    );
    let done = admin
        .post(
            "/accounts/beeindigen",
            &[("csrf", &Client::csrf(&confirm)), ("username", "local")],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.body.contains("De toegang van Professional local is beëindigd"));
    assert!(done.body.contains("Toegang beëindigd op "), "the list says so");
    let at = ended(app.store.clone(), "local").await.expect("ended");
    assert_eq!(at.by, Some(app.ids["outsider"]));
    assert_eq!(leaving.get("/werklijst").await.location.as_deref(), Some("/inloggen"));
    assert_eq!(app.get("local", "/api/v1/me").await.0, StatusCode::UNAUTHORIZED);
    let again = Client::new(&app).sign_in("local", PASSWORD).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        again.body.contains("Uw toegang tot Regie is beëindigd"),
        "{}",
        again.body
    );
    let wrong = Client::new(&app).sign_in("local", "not the password at all").await;
    assert!(!wrong.body.contains("beëindigd"), "only the right password learns it");
    let err = access.sign_in_as("local").await.unwrap_err();
    assert!(err.to_string().contains("has ended"), "{err}");

    // Nobody can choose them any more, and the family's timeline still names them.
    let (_, choices) = app.get("colleague", "/api/v1/professionals?choice=lead").await;
    assert!(
        !choices.to_string().contains(&app.ids["local"].to_string()),
        "{choices}"
    );
    assert!(choices.to_string().contains(&app.ids["vt"].to_string()), "{choices}");
    let back = json!({"lead": {"primary": app.ids["local"]}, "reason": "Terug", "version": 2});
    let (s, p) = app.post("colleague", &format!("/api/v1/cases/{id}/lead"), back).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert!(p.to_string().contains("professional_left"), "{p}");
    let (_, timeline) = app.get("colleague", &format!("/api/v1/cases/{id}/events")).await;
    assert!(timeline.to_string().contains("Professional local"), "{timeline}");
    // Once ended: not again, and no temporary password.
    let (s, p) = app.post("outsider", "/api/v1/accounts/local/end", json!(null)).await;
    assert_eq!((s, p["code"].as_str()), (StatusCode::CONFLICT, Some("access_ended")));
    let (s, p) = app
        .post("outsider", "/api/v1/accounts/local/password-reset", json!(null))
        .await;
    assert_eq!((s, p["code"].as_str()), (StatusCode::CONFLICT, Some("access_ended")));
    let (_, listed) = app.get("outsider", "/api/v1/accounts").await;
    let local = (listed.as_array().unwrap().iter())
        .find(|a| a["username"] == "local")
        .unwrap();
    assert!(local["ended_at"].is_string(), "{local}");

    // The operator gives it back; the password works again.
    assert!(access.reinstate("local").await.unwrap());
    assert!(!access.reinstate("local").await.unwrap(), "nothing to give back");
    assert_eq!(signs_in(&app, "local", PASSWORD).await, StatusCode::SEE_OTHER);
    assert_eq!(ended(app.store.clone(), "local").await, None);
    // The operator ends the access of one who holds a role, as long as nothing is in their name.
    access.appoint("colleague", regie_domain::Role::Reviewer).await.unwrap();
    let err = access.end_access_as_operator("colleague", false).await.unwrap_err();
    assert!(err.to_string().contains("still holds work"), "{err}");
    let gone = access.end_access_as_operator("vt", false).await.unwrap();
    assert_eq!(gone.ended.map(|e| e.by), Some(None), "by the operator");
    // For a dismissal on the spot the operator ends it despite the work, which stays in their name.
    let fired = access.end_access_as_operator("colleague", true).await.unwrap();
    assert!(fired.ended.is_some());
    // Their role can still be taken away, so that an undo does not bring it back unasked.
    access.dismiss("colleague", regie_domain::Role::Reviewer).await.unwrap();
    assert!(app.store.roles(fired.id).await.unwrap().is_empty());
    let case: CaseId = id.parse().unwrap();
    let kept = app.store.case(case).await.unwrap().unwrap();
    assert_eq!(kept.lead.primary, app.ids["colleague"]);
    // Their colleagues, who take the work over, read that the contact person left.
    let mut team = Client::new(&app);
    team.sign_in("local", PASSWORD).await;
    let page = team.get(&format!("/huishoudens/{h}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body
            .contains("Professional colleague (Org local, werkt hier niet meer)"),
        "{}",
        page.body
    );
}

/// How signing in with a fresh browser ends: 303 in, 422 refused.
async fn signs_in(app: &TestApp, user: &str, password: &str) -> StatusCode {
    Client::new(app).sign_in(user, password).await.status
}

/// Issue 12, item 9: a professional keeps their own work phone and e-mail; the organisation's administrator
/// keeps the team's; the portal gives the contact person's own, and the team's where they gave none. Every
/// wrong field is named at once and a refusal changes nothing.
async fn the_portal_gives_the_contact_persons_own_phone_and_email_or_their_teams(app: TestApp) {
    with_accounts(&app).await;
    let access = regie_access::Access::new(app.store.clone());
    access.set_professional_password("outsider", PASSWORD).await.unwrap();
    let team = app.team_of("local").await;
    let (mut admin, mut lead) = (Client::new(&app), Client::new(&app));
    admin.sign_in("outsider", PASSWORD).await;
    lead.sign_in("local", PASSWORD).await;

    // The team's, by the administrator: both wrong fields at once, then right.
    let page = admin.get("/accounts").await;
    let csrf = Client::csrf(&page);
    let team_id = team.to_string();
    let refused = admin
        .post(
            "/accounts/team",
            &[
                ("csrf", &csrf),
                ("team", &team_id),
                ("phone", "12"),
                ("email", "geen adres"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["phone", "email"] {
        assert!(refused.body.contains(&format!("id=\"{field}-error\"")), "{field}");
    }
    assert!(refused.body.contains("geen adres"), "what was typed stays");
    let (_, teams) = app.get("outsider", "/api/v1/teams").await;
    let ours = (teams.as_array().unwrap().iter())
        .find(|t| t["id"] == team_id.as_str())
        .unwrap()
        .clone();
    assert_eq!(
        ours["contact"],
        json!({"phone": null, "email": null}),
        "nothing changed"
    );
    let saved = admin
        .post(
            "/accounts/team",
            &[
                ("csrf", &csrf),
                ("team", &team_id),
                ("phone", "020 123 40 99"),
                ("email", ""),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    // Not the colleague's to change.
    let (s, p) = app
        .call(
            "local",
            Method::PUT,
            &format!("/api/v1/teams/{team}/contact"),
            Some(json!({"phone": "020 123 40 98"})),
        )
        .await;
    assert_eq!(
        (s, p["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("not_administrator"))
    );

    // The lead's own: an e-mail address, no phone.
    let own = lead.get("/mijn-gegevens").await;
    assert!(own.body.contains("href=\"/mijn-gegevens\""), "in the header");
    let csrf = Client::csrf(&own);
    let refused = lead
        .post(
            "/mijn-gegevens",
            &[("csrf", &csrf), ("phone", "bel maar"), ("email", "fatima@")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("id=\"phone-error\"") && refused.body.contains("id=\"email-error\""));
    let (_, mine) = app.get("local", "/api/v1/me/contact").await;
    assert_eq!(mine, json!({"phone": null, "email": null}), "nothing changed");
    let saved = lead
        .post(
            "/mijn-gegevens",
            &[("csrf", &csrf), ("phone", ""), ("email", "fatima@noord.example")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK);
    assert!(saved.body.contains("Uw contactgegevens zijn opgeslagen."));
    let (s, p) = app
        .call(
            "local",
            Method::PUT,
            "/api/v1/me/contact",
            Some(json!({"phone": "1", "email": "x"})),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(p["errors"].as_array().map(Vec::len), Some(2), "both fields: {p}");

    // The portal: her own e-mail, the team's phone, said so.
    let (h, mother, _) = app.family("Huishouden Bereikbaar").await;
    app.open_case(&h).await;
    access
        .set_family_password("moeder", mother.parse().unwrap(), PASSWORD)
        .await
        .unwrap();
    let mut parent = Client::new(&app);
    parent.sign_in("moeder", PASSWORD).await;
    let portal = parent.get("/portaal").await.body;
    assert!(portal.contains("mailto:fatima@noord.example"), "her own e-mail");
    assert!(portal.contains("href=\"tel:0201234099\""), "the team's phone");
    assert!(portal.contains("(het nummer van het team)"));
    assert!(!portal.contains("(het adres van het team)"));
    assert!(!portal.contains("werkt daar niet meer"));

    // F30: if she leaves before another takes over (a dismissal on the spot), the family is told, and
    // reaches the team rather than an address nobody reads.
    access.end_access_as_operator("local", true).await.unwrap();
    let portal = parent.get("/portaal").await.body;
    assert!(portal.contains("Deze contactpersoon werkt daar niet meer."), "{portal}");
    assert!(
        portal.contains("U krijgt een nieuwe contactpersoon. Tot dan kunt u terecht bij het team:"),
        "{portal}"
    );
    assert!(!portal.contains("blijft uw vaste aanspreekpunt"), "{portal}");
    assert!(
        !portal.contains("mailto:fatima@noord.example"),
        "not her own e-mail any more"
    );
    assert!(portal.contains("href=\"tel:0201234099\""), "the team's phone");
}

async fn the_shared_language_is_listed_served_and_explained_inline_where_a_form_uses_it(app: TestApp) {
    // Everyone reads the terms, signed in or not; the API serves the same list.
    let mut visitor = Client::new(&app);
    let list = visitor.get("/begrippen").await;
    assert_eq!(list.status, StatusCode::OK);
    for term in regie_domain::glossary::TERMS {
        assert!(
            list.body.contains(&format!("id=\"{}\"", term.code)),
            "{} is not listed",
            term.code
        );
    }
    let (s, terms) = app.get("local", "/api/v1/terms").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        terms.as_array().map(Vec::len),
        Some(regie_domain::glossary::TERMS.len())
    );
    let acute = (terms.as_array().unwrap().iter())
        .find(|t| t["code"] == "acute_unsafety")
        .unwrap();
    assert_eq!(acute["nl"], "acute onveiligheid");

    // The scale-up form explains each term beside its choice, for a screen reader
    // too (aria-describedby).
    with_accounts(&app).await;
    let (h, _, _) = app.family("Huishouden Taal").await;
    let id = app.open_case(&h).await["id"].as_str().unwrap().to_owned();
    let mut client = Client::new(&app);
    client.sign_in("local", PASSWORD).await;
    let scale = client.get(&format!("/zaken/{id}/opschalen")).await.body;
    let definition = regie_domain::glossary::find("development_threat").unwrap().definition;
    assert!(
        scale.contains(r#"aria-describedby="ground-development_threat-begrip""#),
        "{scale}"
    );
    assert!(scale.contains(definition));
    assert!(scale.contains(regie_domain::glossary::find("transfer").unwrap().definition));
    assert!(scale.contains(r#"href="/begrippen""#));
    // Every term a page explains inline is in the shared language: none is shown empty.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut used = 0;
    for file in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
        for (_, rest) in text.match_indices("layout.term(\"").map(|(i, _)| ((), &text[i + 13..])) {
            let code = rest.split('"').next().unwrap();
            assert!(regie_domain::glossary::find(code).is_some(), "{code} is not a term");
            used += 1;
        }
    }
    assert!(used >= 5, "{used}");
}

/// A large region's choice of a professional (issue 17: 3,002 professionals at a million households): a
/// form lists at most 50, grouped by team with the user's own team first, and says so; a search by name,
/// team or organisation (diacritics ignored) finds the others; a refused form keeps the search, so the one
/// chosen is still chosen, and changes nothing; the choice then goes through. The OM's choice of a GI's
/// jeugdbeschermer searches the same way.
async fn a_large_regions_choice_lists_put_the_own_team_first_and_a_search_finds_the_others(app: TestApp) {
    with_accounts(&app).await;
    let access = regie_access::Access::new(app.store.clone());
    let region = (access.regions().await.unwrap().into_iter())
        .find(|r| r.name == "Regio Test")
        .unwrap();
    let local = app.org_of("local").await;
    for team in ["Wijkteam Noord", "Wijkteam Zuid"] {
        access.add_team(region.id, local, team).await.unwrap();
        for i in 1..=30 {
            let user = format!("{}-{i}", team.to_lowercase().replace(' ', "-"));
            (access.add_professional(
                region.id,
                "Org local",
                Some(team),
                &user,
                &format!("Medewerker {team} {i}"),
            ))
            .await
            .unwrap();
        }
    }
    let zoe = access
        .add_professional(region.id, "Org local", Some("Wijkteam Zuid"), "zoe", "Zoë Ünal")
        .await
        .unwrap();
    access
        .add_professional(region.id, "Org gi", None, "anouk", "Anouk Verbeek")
        .await
        .unwrap();
    // The same choice through the API, for an organisation's own system.
    let (s, all) = app.get("local", "/api/v1/professionals?choice=lead").await;
    assert_eq!(s, StatusCode::OK, "{all}");
    let groups = all["groups"].as_array().unwrap();
    let listed: usize = groups
        .iter()
        .map(|g| g["professionals"].as_array().unwrap().len())
        .sum();
    assert_eq!(listed, 50);
    assert!(all["admitted"].as_u64().unwrap() > 60 && all["found"] == all["admitted"]);
    assert_eq!(
        (&groups[0]["label"], &groups[0]["own_team"]),
        (&json!("Team Org local (Org local)"), &json!(true))
    );
    let (_, found) = app.get("local", "/api/v1/professionals?choice=lead&q=zoe%20unal").await;
    assert_eq!(found["found"], 1);
    assert_eq!(
        found["groups"][0]["professionals"][0],
        json!({"id": zoe.id, "name": "Zoë Ünal", "organisation": "Org local"})
    );
    for (query, field) in [
        ("choice=everyone", "choice"),
        ("choice=lead&limit=0", "limit"),
        ("q=zoe", "choice"),
    ] {
        let (s, problem) = app.get("local", &format!("/api/v1/professionals?{query}")).await;
        assert_eq!(
            (s, &problem["field"]),
            (StatusCode::BAD_REQUEST, &json!(field)),
            "{query}: {problem}"
        );
    }

    let (h, _, _) = app.family("Huishouden Keuze").await;
    let case = app.open_case(&h).await;
    let cid: CaseId = case["id"].as_str().unwrap().parse().unwrap();
    let path = format!("/zaken/{cid}/regie");
    let mut client = Client::new(&app);
    client.sign_in("local", PASSWORD).await;

    let form = client.get(&path).await;
    assert_eq!(form.status, StatusCode::OK);
    // Two choices (the new contact person and the duo), each its first option and at most 50 professionals.
    assert_eq!(form.body.matches("<option ").count(), 2 * 51, "{}", form.body);
    let first = form.body.find("<optgroup").unwrap();
    assert!(
        form.body[first..].starts_with(r#"<optgroup label="Uw team: Team Org local (Org local)">"#),
        "{}",
        &form.body[first..first + 200]
    );
    let own = &form.body[first..form.body[first..].find("</optgroup>").unwrap() + first];
    assert!(own.contains("Professional colleague (Org local)") && own.contains("Professional local (Org local)"));
    assert!(!own.contains("Medewerker"), "another team is another group");
    assert!(
        form.body.contains("De lijst toont 50 van de "),
        "the list says it is cut"
    );
    assert!(form.body.contains(r#"role="search""#) && form.body.contains(r#"name="zoek""#));
    assert!(!form.body.contains("Zoë Ünal"), "beyond the first 50");

    // A search without the diacritics finds her; it is in the address, with no family data.
    // The case's current lead stays in both lists whatever the search: a duo of the lead and someone found.
    let found = client.get(&format!("{path}?zoek=zoe+unal")).await;
    assert_eq!(found.body.matches("<option ").count(), 2 * 3, "{}", found.body);
    assert_eq!(
        found.body.matches(">Professional local (Org local)</option>").count(),
        2
    );
    assert!(found.body.contains("1 professional gevonden met “zoe unal”."));
    // The search is a field of the form itself (sent with it), just above the first choice.
    let form_at = found
        .body
        .find(&format!(r#"<form method="post" action="{path}""#))
        .unwrap();
    let search_at = found.body.find(r#"name="zoek" value="zoe unal""#).unwrap();
    let choice_at = found
        .body
        .find(r#"<select class="utrecht-select" id="primary""#)
        .unwrap();
    assert!(form_at < search_at && search_at < choice_at, "{}", found.body);
    assert!(found.body.contains(r#"<optgroup label="Wijkteam Zuid (Org local)">"#));
    assert!(
        found
            .body
            .contains(&format!(r#"<option value="{}">Zoë Ünal (Org local)</option>"#, zoe.id))
    );
    let none = client.get(&format!("{path}?zoek=niemand")).await;
    assert!(none.body.contains("Niets gevonden met “niemand”."));
    assert_eq!(none.body.matches("<option ").count(), 2 * 2, "the current lead only");

    // The search's button sends the form as typed: it comes back searched anew, with what was typed and
    // chosen, and nothing changed.
    let csrf = Client::csrf(&found);
    let zoe_id = zoe.id.to_string();
    let typed = [
        ("csrf", csrf.as_str()),
        ("version", "1"),
        ("zoek", "niemand"),
        ("actie", "zoeken"),
        ("primary", zoe_id.as_str()),
        ("secondary", ""),
        ("reason", "Zoë werkt in de wijk van het gezin."),
    ];
    let searched = client.post(&path, &typed).await;
    assert_eq!(searched.status, StatusCode::OK, "{}", searched.body);
    assert!(
        searched.body.contains("Niets gevonden met “niemand”."),
        "{}",
        searched.body
    );
    assert!(
        searched
            .body
            .contains(">Zoë werkt in de wijk van het gezin.</textarea>"),
        "{}",
        searched.body
    );
    assert!(
        searched.body.contains(&format!(
            r#"<option value="{zoe_id}" selected>Zoë Ünal (Org local)</option>"#
        )),
        "what the form chose stays, whatever the search"
    );
    assert!(!searched.body.contains("-error\""), "a search reports no wrong field");
    let after = app.store.case(cid).await.unwrap().unwrap();
    assert_eq!(
        (after.version, after.lead.primary),
        (1, app.ids["local"]),
        "nothing changed"
    );

    // Refused (no reason): the search comes back with the choice still made, and nothing changed.
    let hand_over = |reason: &'static str| {
        [
            ("csrf", csrf.clone()),
            ("version", "1".to_owned()),
            ("zoek", "zoe unal".to_owned()),
            ("primary", zoe_id.clone()),
            ("secondary", String::new()),
            ("reason", reason.to_owned()),
        ]
    };
    let fields = hand_over("");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = client.post(&path, &fields).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains(r#"id="reason-error""#));
    assert!(
        refused.body.contains(&format!(
            r#"<option value="{zoe_id}" selected>Zoë Ünal (Org local)</option>"#
        )),
        "{}",
        refused.body
    );
    let after = app.store.case(cid).await.unwrap().unwrap();
    assert_eq!(
        (after.version, after.lead.primary),
        (1, app.ids["local"]),
        "nothing changed"
    );
    let fields = hand_over("Zoë werkt in de wijk van het gezin.");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let changed = client.post(&path, &fields).await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    assert_eq!(app.store.case(cid).await.unwrap().unwrap().lead.primary, zoe.id);
    // Handed to another team, "local" is no longer involved: the worklist says the case went, instead of a
    // refusal to open the household it came from.
    assert_eq!(changed.location.as_deref(), Some("/werklijst?overgedragen=1"));
    let worklist = client.get("/werklijst?overgedragen=1").await;
    assert!(worklist.body.contains("De zaak is overgedragen."), "{}", worklist.body);
    assert!(!client.get("/werklijst").await.body.contains("De zaak is overgedragen."));

    // The administrator of "local"'s organisation ("outsider") finds a colleague among the accounts the same
    // way; a reset keeps the search, and is listed.
    for user in ["outsider", "zoe"] {
        access.set_professional_password(user, PASSWORD).await.unwrap();
    }
    let mut admin = Client::new(&app);
    admin.sign_in("outsider", PASSWORD).await;
    let accounts = admin.get("/accounts").await;
    assert!(
        accounts.body.contains("De lijst toont 50 van de 6"),
        "{}",
        accounts.body
    );
    // The first 50 by name: the 60 "Medewerker …" come before every "Professional …".
    assert_eq!(
        accounts
            .body
            .matches("Nieuw tijdelijk wachtwoord voor Medewerker")
            .count(),
        50
    );
    assert!(!accounts.body.contains("Professional colleague"));
    let found = admin.get("/accounts?zoek=UNAL").await;
    assert!(found.body.contains("1 account gevonden met “UNAL”."), "{}", found.body);
    assert!(found.body.contains("Nieuw tijdelijk wachtwoord voor Zoë Ünal") && !found.body.contains("Medewerker"));
    let reset = admin
        .post(
            "/accounts",
            &[("csrf", &Client::csrf(&found)), ("username", "zoe"), ("zoek", "UNAL")],
        )
        .await;
    assert_eq!(reset.status, StatusCode::OK);
    assert!(reset.body.contains("Nieuw tijdelijk wachtwoord voor Zoë Ünal</h2>"));
    assert!(reset.body.contains("1 account gevonden met “UNAL”."));
    assert!(
        reset
            .body
            .contains("tijdelijk wachtwoord voor zoe, gegeven door Professional outsider.")
    );

    // The OM's request names a GI's jeugdbeschermer, found the same way.
    access.set_professional_password("om", PASSWORD).await.unwrap();
    let mut om = Client::new(&app);
    om.sign_in("om", PASSWORD).await;
    let all = om.get("/trajecten").await;
    assert!(all.body.contains("Anouk Verbeek (Org gi)") && all.body.contains("Professional gi (Org gi)"));
    let found = om.get("/trajecten?zoek=verbeek").await;
    assert!(found.body.contains("Anouk Verbeek (Org gi)") && !found.body.contains("Professional gi (Org gi)"));
    // Searched from within the request: what was typed comes back, and no request is made.
    let typed = [
        ("csrf", Client::csrf(&found)),
        ("zoek", "verbeek".to_owned()),
        ("actie", "zoeken".to_owned()),
        ("kind", "ots".to_owned()),
        ("child_bsn", "111222333".to_owned()),
        ("grounds", "Het kind is niet veilig thuis.".to_owned()),
    ];
    let typed: Vec<(&str, &str)> = typed.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let searched = om.post("/trajecten/verzoek", &typed).await;
    assert_eq!(searched.status, StatusCode::OK, "{}", searched.body);
    assert!(
        searched.body.contains("1 professional gevonden met “verbeek”."),
        "{}",
        searched.body
    );
    assert!(searched.body.contains(">Het kind is niet veilig thuis.</textarea>"));
    assert!(
        searched.body.contains(r#"name="child_bsn" value="111222333""#),
        "{}",
        searched.body
    );
    assert!(
        !searched.body.contains("Kies de strafzaak."),
        "a search reports no wrong field"
    );
}

/// F9 and F30 in the browser's form: the RVT sees only its own part to hand over, the local team both; a
/// form with nothing chosen names every wrong field at once and changes nothing; then the RVT's part goes
/// to the Raad.
async fn a_part_of_a_scale_up_changes_hands_in_its_form(app: TestApp) {
    with_accounts(&app).await;
    let (h, _, _) = app.family("Huishouden Wissel").await;
    let case = app.open_case(&h).await;
    let cid = case["id"].as_str().unwrap();
    let (s, joint) = app
        .post(
            "local",
            &format!("/api/v1/cases/{cid}/scale-up"),
            json!({"form": "joint_work", "ground": "structural_unsafety", "rvt_professional": app.ids["vt"],
                   "reason": "Zorgen blijven terugkomen", "version": 1}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{joint}");
    let path = format!("/zaken/{cid}/opschaling");
    let mut vt = Client::new(&app);
    vt.sign_in("vt", PASSWORD).await;
    let own = vt.get(&path).await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    assert!(
        own.body.contains("Professional vt (Org vt): het deel van het RVT"),
        "{}",
        own.body
    );
    assert!(
        !own.body.contains("): het deel van het lokaal team"),
        "the local team chooses its own"
    );

    let mut local = Client::new(&app);
    local.sign_in("local", PASSWORD).await;
    let household = local.get(&format!("/huishoudens/{h}")).await;
    assert!(household.body.contains(&path), "the case page links the form");
    let form = local.get(&path).await;
    assert!(
        form.body
            .contains("Professional local (Org local): het deel van het lokaal team"),
        "{}",
        form.body
    );
    assert!(form.body.contains("Professional vt (Org vt): het deel van het RVT"));
    let csrf = Client::csrf(&form);
    let refused = local
        .post(&path, &[("csrf", &csrf), ("version", "2"), ("reason", " ")])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["from", "to", "reason"] {
        assert!(refused.body.contains(&format!("id=\"{field}-error\"")), "{field}");
    }
    assert!(refused.body.contains("Kies wie het werk overdraagt."));
    let stored = |store: std::sync::Arc<dyn regie_store::Store>| async move {
        store.case(cid.parse().unwrap()).await.unwrap().unwrap()
    };
    assert_eq!(stored(app.store.clone()).await.version, 2, "nothing changed");
    // A GI has no legal ground for joint work in a voluntary frame, and the form says so; the Raad has one
    // (BW 1:240).
    let (vt_id, gi_id, rvdk_id) = (
        app.ids["vt"].to_string(),
        app.ids["gi"].to_string(),
        app.ids["rvdk"].to_string(),
    );
    let no_ground = local
        .post(
            &path,
            &[
                ("csrf", &csrf),
                ("version", "2"),
                ("from", &vt_id),
                ("to", &gi_id),
                ("reason", "Collega neemt het over"),
            ],
        )
        .await;
    assert_eq!(no_ground.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_ground.body.contains("id=\"to-error\""), "{}", no_ground.body);
    assert!(
        no_ground.body.contains(&format!("value=\"{vt_id}\" checked")),
        "the choice comes back as made"
    );
    let done = local
        .post(
            &path,
            &[
                ("csrf", &csrf),
                ("version", "2"),
                ("from", &vt_id),
                ("to", &rvdk_id),
                ("reason", "Collega neemt het over"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let after = stored(app.store.clone()).await;
    let scale = after.route.scale.as_ref().unwrap();
    assert_eq!(
        (scale.rvt_professional, after.lead.secondary),
        (app.ids["rvdk"], Some(app.ids["rvdk"]))
    );
    let page = local.get(&format!("/huishoudens/{h}")).await;
    assert!(
        page.body
            .contains("Een andere professional van het RVT neemt het deel van het RVT in de opschaling over"),
        "{}",
        page.body
    );
    assert_eq!(
        vt.get(&path).await.status,
        StatusCode::FORBIDDEN,
        "Veilig Thuis is no longer involved"
    );
}

/// F8 and F30 in the browser: the team's worklist names each case's contact person and, for a chosen
/// colleague, shows only the families in which they hold work; a wrong choice is refused in words.
async fn the_teams_worklist_shows_one_colleagues_work(app: TestApp) {
    with_accounts(&app).await;
    regie_access::Access::new(app.store.clone())
        .set_professional_password("colleague", PASSWORD)
        .await
        .unwrap();
    let (h, _, _) = app.family("Huishouden Waarneming").await;
    app.open_case(&h).await;
    let mut client = Client::new(&app);
    client.sign_in("colleague", PASSWORD).await;
    let team = client.get("/werklijst?team=1").await;
    assert_eq!(team.status, StatusCode::OK, "{}", team.body);
    assert!(
        team.body
            .contains("<label class=\"utrecht-form-label\" for=\"van\">Werk van</label>"),
        "{}",
        team.body
    );
    assert!(team.body.contains(&format!(
        "<option value=\"{}\">Professional local</option>",
        app.ids["local"]
    )));
    assert!(
        team.body.contains("Vaste contactpersoon"),
        "the team's list names whose case it is"
    );
    let of_local = client.get(&format!("/werklijst?team=1&van={}", app.ids["local"])).await;
    assert!(of_local.body.contains("Huishouden Waarneming"), "{}", of_local.body);
    assert!(
        of_local
            .body
            .contains("1 lopende zaak waarin Professional local werk heeft"),
        "{}",
        of_local.body
    );
    assert!(
        of_local
            .body
            .contains(&format!("<option value=\"{}\" selected>", app.ids["local"]))
    );
    assert!(
        of_local.body.contains(
            "Werk van Professional local hier</dt><dd class=\"utrecht-data-list__item-value\">vaste contactpersoon</dd>"
        ),
        "{}",
        of_local.body
    );
    let of_self = client
        .get(&format!("/werklijst?team=1&van={}", app.ids["colleague"]))
        .await;
    assert!(
        of_self
            .body
            .contains("Professional colleague heeft geen werk meer in gezinnen waarin u werkt.")
    );
    assert!(!of_self.body.contains("Huishouden Waarneming"));
    let wrong = client.get("/werklijst?team=1&van=iemand").await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong.body.contains("Kies bij Werk van een collega uit uw eigen team."),
        "{}",
        wrong.body
    );
    let outsider = client
        .get(&format!("/werklijst?team=1&van={}", app.ids["outsider"]))
        .await;
    assert_eq!(outsider.status, StatusCode::UNPROCESSABLE_ENTITY);
    // One's own list has no choice of colleague.
    assert!(!client.get("/werklijst").await.body.contains("Werk van"));
}
