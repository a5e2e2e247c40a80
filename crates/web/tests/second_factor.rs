//! The second factor (F30, issue 16) over HTTP, on SQLite and PostgreSQL: a professional sets one up at the
//! first sign-in where it is required, then signs in with a code; replayed codes, codes outside the time
//! window, wrong codes and a recovery code used twice are refused without a session, and wrong codes count
//! towards the lock-out; the operator's reset is recorded; a household member switches one on and off by
//! choice, a professional cannot switch a required one off.

use crate::common;

use axum::http::StatusCode;
use common::{Client, Page, TestApp};
use regie_access::Access;
use regie_domain::portal::LOCK_AFTER;
use totp_rs::{Builder, Secret, Totp};

const PASSWORD: &str = "correct horse battery";

/// The app, now requiring a second factor of professionals.
fn requiring(mut app: TestApp) -> TestApp {
    let access = Access::new(app.store.clone()).requiring_second_factor(true);
    app.router = regie_web::app_with(access, false);
    app
}

/// The authenticator app a person set up from the secret on the page.
fn phone(page: &Page) -> Totp {
    let at = page
        .body
        .find("class=\"regie-secret\">")
        .expect("the page shows the secret")
        + 21;
    let secret: String = page.body[at..].split('<').next().unwrap().split_whitespace().collect();
    Builder::new()
        .with_secret(Secret::try_from_base32(&secret).unwrap())
        .with_account_name("test")
        .build()
        .unwrap()
}

/// The phone's code `steps` time steps from now.
fn code(phone: &Totp, steps: i64) -> String {
    let now = regie_domain::time::now().as_second() + 30 * steps;
    phone.generate(u64::try_from(now).unwrap()).to_string()
}

/// The recovery codes on a page.
fn recovery_codes(page: &Page) -> Vec<String> {
    (page.body.split("<li><code>").skip(1))
        .map(|s| s.split('<').next().unwrap().to_owned())
        .collect()
}

async fn post_code(client: &mut Client<'_>, path: &str, code: &str) -> Page {
    let form = client.get(path).await;
    let csrf = Client::csrf(&form);
    client.post(path, &[("csrf", &csrf), ("code", code)]).await
}

/// Whether the client is signed in: the worklist answers instead of sending it to the sign-in page.
async fn signed_in(client: &mut Client<'_>) -> bool {
    client.cookies.contains_key("regie_sessie") && client.get("/werklijst").await.status == StatusCode::OK
}

async fn a_professional_sets_up_a_second_factor_at_the_first_sign_in_and_then_needs_it(app: TestApp) {
    let app = requiring(app);
    Access::new(app.store.clone())
        .set_professional_password("local", PASSWORD)
        .await
        .unwrap();
    let mut client = Client::new(&app);
    let password = client.sign_in("local", PASSWORD).await;
    assert_eq!(
        password.location.as_deref(),
        Some("/inloggen/koppelen"),
        "{}",
        password.body
    );
    assert!(!signed_in(&mut client).await, "a right password alone gives no session");

    // Someone else who knows the password and signs in meanwhile gets a secret of their own, never the one
    // another sign-in shows, so they cannot share the second factor it sets up; the earlier sign-in ends.
    let first = self::phone(&client.get("/inloggen/koppelen").await);
    let mut other = Client::new(&app);
    other.sign_in("local", PASSWORD).await;
    let others = self::phone(&other.get("/inloggen/koppelen").await);
    assert_ne!(code(&first, 0), code(&others, 0), "each sign-in its own secret");
    assert_eq!(
        client.get("/inloggen/koppelen").await.location.as_deref(),
        Some("/inloggen")
    );
    client.sign_in("local", PASSWORD).await;
    let setup = client.get("/inloggen/koppelen").await;
    assert_eq!(setup.status, StatusCode::OK);
    assert_ne!(code(&self::phone(&setup), 0), code(&others, 0));
    assert_eq!(
        other.get("/inloggen/koppelen").await.location.as_deref(),
        Some("/inloggen")
    );
    assert!(setup.body.contains("<svg"), "a QR code to scan");
    assert!(setup.body.contains("otpauth") || setup.body.contains("regie-secret"));
    let phone = phone(&setup);
    // Reloading shows the same secret, so an app that scanned it stays right.
    assert_eq!(
        code(&self::phone(&client.get("/inloggen/koppelen").await), 0),
        code(&phone, 0)
    );
    // A wrong code sets nothing up and signs nobody in.
    let wrong = post_code(&mut client, "/inloggen/koppelen", "000000").await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("Deze code klopt niet"), "{}", wrong.body);
    assert!(!signed_in(&mut client).await);
    let empty = post_code(&mut client, "/inloggen/koppelen", " ").await;
    assert!(empty.body.contains("Vul de code van zes cijfers in"), "{}", empty.body);

    let first_code = code(&phone, 0);
    let done = post_code(&mut client, "/inloggen/koppelen", &first_code).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let codes = recovery_codes(&done);
    assert_eq!(codes.len(), 10, "{}", done.body);
    assert!(signed_in(&mut client).await);
    let factor = app.store.second_factor("local").await.unwrap().unwrap();
    assert!(factor.confirmed);
    assert!(
        !factor.secret.is_empty() && !codes.iter().any(|c| factor.secret.contains(c.as_str())),
        "only hashes of the recovery codes are kept"
    );

    // The next sign-in asks for a code. The code that set it up is refused as used; so is one far outside
    // the time window; the phone's next code (its clock a step ahead) is accepted.
    let mut client = Client::new(&app);
    let password = client.sign_in("local", PASSWORD).await;
    assert_eq!(password.location.as_deref(), Some("/inloggen/code"));
    let replayed = post_code(&mut client, "/inloggen/code", &first_code).await;
    assert_eq!(replayed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(replayed.body.contains("al gebruikt"), "{}", replayed.body);
    let old = post_code(&mut client, "/inloggen/code", &code(&phone, -3)).await;
    assert!(old.body.contains("Deze code klopt niet"), "{}", old.body);
    assert!(!signed_in(&mut client).await, "a refused code creates no session");
    let challenge = client.cookies.get("regie_stap2").cloned().expect("a half-done sign-in");
    let ahead = post_code(&mut client, "/inloggen/code", &code(&phone, 1)).await;
    assert_eq!(ahead.location.as_deref(), Some("/"), "{}", ahead.body);
    assert!(
        !client.cookies.contains_key("regie_stap2"),
        "the half-done sign-in's cookie goes"
    );
    assert!(signed_in(&mut client).await);
    // The half-done sign-in is used up: sent again, it is refused.
    client.cookies.remove("regie_sessie");
    client.cookies.insert("regie_stap2".into(), challenge);
    let again = post_code(&mut client, "/inloggen/code", &code(&phone, 1)).await;
    assert!(again.body.contains("Uw inlogpoging is verlopen"), "{}", again.body);

    // A recovery code works once, typed in any case and spacing.
    let mut client = Client::new(&app);
    client.sign_in("local", PASSWORD).await;
    let recovered = post_code(
        &mut client,
        "/inloggen/code",
        &codes[3].to_uppercase().replace('-', " "),
    )
    .await;
    assert_eq!(recovered.location.as_deref(), Some("/"), "{}", recovered.body);
    let mut client = Client::new(&app);
    client.sign_in("local", PASSWORD).await;
    let twice = post_code(&mut client, "/inloggen/code", &codes[3]).await;
    assert!(twice.body.contains("Deze code klopt niet"), "{}", twice.body);
    assert!(!signed_in(&mut client).await);
    assert_eq!(
        app.store
            .second_factor("local")
            .await
            .unwrap()
            .unwrap()
            .recovery_codes_left,
        9
    );

    // Professionals cannot switch a required second factor off.
    let mut client = Client::new(&app);
    client.sign_in("local", PASSWORD).await;
    post_code(&mut client, "/inloggen/code", &codes[0]).await;
    let settings = client.get("/tweede-factor").await;
    assert!(settings.body.contains("staat aan"), "{}", settings.body);
    assert!(!settings.body.contains("value=\"off\""), "no switch-off button");
    let csrf = Client::csrf(&settings);
    let off = client
        .post(
            "/tweede-factor/wijzigen",
            &[("csrf", &csrf), ("code", &codes[1]), ("action", "off")],
        )
        .await;
    assert_eq!(off.status, StatusCode::FORBIDDEN, "{}", off.body);
    assert!(app.store.second_factor("local").await.unwrap().is_some());
    // New recovery codes against a code: the old ones stop working.
    let renewed = client
        .post(
            "/tweede-factor/wijzigen",
            &[("csrf", &csrf), ("code", &codes[2]), ("action", "renew")],
        )
        .await;
    let fresh = recovery_codes(&renewed);
    assert_eq!(fresh.len(), 10, "{}", renewed.body);
    let mut client = Client::new(&app);
    client.sign_in("local", PASSWORD).await;
    assert!(
        post_code(&mut client, "/inloggen/code", &codes[4])
            .await
            .body
            .contains("klopt niet")
    );
    assert_eq!(
        post_code(&mut client, "/inloggen/code", &fresh[0])
            .await
            .location
            .as_deref(),
        Some("/")
    );
}

async fn wrong_codes_count_towards_the_lock_out(app: TestApp) {
    let app = requiring(app);
    let access = Access::new(app.store.clone());
    access.set_professional_password("vt", PASSWORD).await.unwrap();
    let mut client = Client::new(&app);
    client.sign_in("vt", PASSWORD).await;
    let phone = phone(&client.get("/inloggen/koppelen").await);
    post_code(&mut client, "/inloggen/koppelen", &code(&phone, 0)).await;
    assert!(signed_in(&mut client).await);

    let mut client = Client::new(&app);
    client.sign_in("vt", PASSWORD).await;
    for _ in 0..2 {
        let wrong = post_code(&mut client, "/inloggen/code", "123456").await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let (attempts, _) = app.store.sign_in_attempts("vt").await.unwrap().unwrap();
    assert_eq!(attempts, 3, "the password and both wrong codes counted");
    // Up to the lock (counted directly: through the form each would wait up to five seconds), then even the
    // right code is refused without being checked.
    let now = regie_domain::time::now();
    let long_ago = now - jiff::SignedDuration::from_hours(24);
    while (app
        .store
        .count_sign_in("vt", now, long_ago, (u32::MAX, now))
        .await
        .unwrap())
    .unwrap()
        < LOCK_AFTER
    {}
    let locked = post_code(&mut client, "/inloggen/code", &code(&phone, 1)).await;
    assert!(
        locked.body.contains("Probeer het over 15 minuten opnieuw"),
        "{}",
        locked.body
    );
    assert!(!signed_in(&mut client).await);
    assert!(
        app.store.second_factor("vt").await.unwrap().unwrap().last_step
            < u64::try_from(now.as_second() / 30 + 1).unwrap(),
        "the right code was not used up"
    );
}

async fn the_operators_reset_is_recorded_and_a_new_factor_is_set_up_at_the_next_sign_in(app: TestApp) {
    let app = requiring(app);
    let access = Access::new(app.store.clone());
    access.set_professional_password("gi", PASSWORD).await.unwrap();
    let mut client = Client::new(&app);
    client.sign_in("gi", PASSWORD).await;
    let first = phone(&client.get("/inloggen/koppelen").await);
    post_code(&mut client, "/inloggen/koppelen", &code(&first, 0)).await;
    assert!(signed_in(&mut client).await);
    assert!(access.reset_second_factor("gi").await.unwrap());
    assert!(
        !signed_in(&mut client).await,
        "the reset ends the session on the lost phone"
    );
    assert!(app.store.second_factor("gi").await.unwrap().is_none());
    assert!(app.store.second_factor_reset("gi").await.unwrap().is_some());
    let unknown = access.reset_second_factor("nobody").await;
    assert!(unknown.is_err(), "an unknown account is refused");

    let mut client = Client::new(&app);
    let password = client.sign_in("gi", PASSWORD).await;
    assert_eq!(password.location.as_deref(), Some("/inloggen/koppelen"));
    let second = phone(&client.get("/inloggen/koppelen").await);
    assert_ne!(code(&second, 0), code(&first, 0), "a new secret");
    post_code(&mut client, "/inloggen/koppelen", &code(&second, 0)).await;
    let settings = client.get("/tweede-factor").await;
    assert!(settings.body.contains("teruggezet op"), "{}", settings.body);
}

async fn a_household_member_switches_a_second_factor_on_and_off_by_choice(app: TestApp) {
    // Even where professionals must, a household member chooses.
    let app = requiring(app);
    let (_, mother, _) = app.family("Huishouden Tweede Factor").await;
    (Access::new(app.store.clone()))
        .set_family_password("moeder", mother.parse().unwrap(), PASSWORD)
        .await
        .unwrap();
    let mut client = Client::new(&app);
    assert_eq!(client.sign_in("moeder", PASSWORD).await.location.as_deref(), Some("/"));
    let settings = client.get("/tweede-factor").await;
    assert!(settings.body.contains("staat uit"), "{}", settings.body);
    let csrf = Client::csrf(&settings);
    let setup = client.post("/tweede-factor/instellen", &[("csrf", &csrf)]).await;
    let phone = phone(&setup);
    let wrong = client
        .post("/tweede-factor/bevestigen", &[("csrf", &csrf), ("code", "999999")])
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("Deze code klopt niet"), "{}", wrong.body);
    assert!(!app.store.second_factor("moeder").await.unwrap().unwrap().confirmed);
    let on = client
        .post(
            "/tweede-factor/bevestigen",
            &[("csrf", &csrf), ("code", &code(&phone, 0))],
        )
        .await;
    assert_eq!(recovery_codes(&on).len(), 10, "{}", on.body);

    let mut other = Client::new(&app);
    assert_eq!(
        other.sign_in("moeder", PASSWORD).await.location.as_deref(),
        Some("/inloggen/code")
    );
    let off = client
        .post(
            "/tweede-factor/wijzigen",
            &[("csrf", &csrf), ("code", &code(&phone, 1)), ("action", "off")],
        )
        .await;
    assert_eq!(off.location.as_deref(), Some("/tweede-factor"), "{}", off.body);
    assert!(app.store.second_factor("moeder").await.unwrap().is_none());
    let mut third = Client::new(&app);
    assert_eq!(third.sign_in("moeder", PASSWORD).await.location.as_deref(), Some("/"));
}

api_tests!(
    a_professional_sets_up_a_second_factor_at_the_first_sign_in_and_then_needs_it,
    wrong_codes_count_towards_the_lock_out,
    the_operators_reset_is_recorded_and_a_new_factor_is_set_up_at_the_next_sign_in,
    a_household_member_switches_a_second_factor_on_and_off_by_choice,
);
