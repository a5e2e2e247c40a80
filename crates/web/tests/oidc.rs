//! Signing in through the organisation's own identity provider (F30, OIDC NL GOV), on SQLite and
//! PostgreSQL, against a provider of this test's own making on loopback: discovery, the authorization request
//! (code flow, PKCE S256, state, nonce), the token request authenticated with `private_key_jwt` (checked
//! here), and the ID token. A good one signs in; a bad signature, another audience, another nonce, an
//! expired token, an unknown user, a state from another browser and a replayed state are each refused with a
//! clear page and no session.

use crate::common;

use axum::extract::{Form, State};
use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use common::{Client, TestApp};
use openidconnect::core::{
    CoreIdToken, CoreIdTokenClaims, CoreJsonWebKeySet, CoreJwsSigningAlgorithm, CoreRsaPrivateSigningKey,
};
use openidconnect::{
    Audience, AuthenticationContextClass, EmptyAdditionalClaims, EndUserUsername, IssuerUrl, JsonWebKey, JsonWebKeyId,
    Nonce, PrivateSigningKey, StandardClaims, SubjectIdentifier,
};
use regie_access::Access;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

const PROVIDER_KEY: &str = include_str!("fixtures/provider-key.pem");
const IMPOSTOR_KEY: &str = include_str!("fixtures/impostor-key.pem");
/// The provider's key after a rotation (the client's key stands in for it: any RSA key will do).
const SECOND_KEY: &str = include_str!("fixtures/client-key.pem");
const CLIENT_KEY: &str = include_str!("fixtures/client-key.pem");

/// What the provider puts in the next ID token.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Token {
    Good,
    BadSignature,
    OtherAudience,
    OtherNonce,
    Expired,
    UnknownUser,
    /// Signed in at a lower level of assurance than the substantial one.
    LowAssurance,
    /// No level of assurance stated.
    NoAssurance,
}

/// The eIDAS levels of assurance a provider names in `acr`.
const SUBSTANTIAL: &str = "http://eidas.europa.eu/LoA/substantial";
const LOW: &str = "http://eidas.europa.eu/LoA/low";

/// A code given: the authorization request's nonce and code challenge, and what to put in its ID token.
type Given = (String, String, Token);

/// The test's identity provider: it knows which code was given for which authorization request.
#[derive(Clone, Default)]
struct Provider {
    issuer: Arc<Mutex<String>>,
    /// The codes given, each with its request.
    codes: Arc<Mutex<HashMap<String, Given>>>,
    /// Why the last token request was refused, if it was.
    refused: Arc<Mutex<Option<String>>>,
    /// How often its discovery document was read.
    discoveries: Arc<AtomicUsize>,
    /// Whether it moved to its second key: it publishes only that one and signs with it.
    rotated: Arc<AtomicBool>,
}

fn key(pem: &str) -> CoreRsaPrivateSigningKey {
    CoreRsaPrivateSigningKey::from_pem(pem, Some(JsonWebKeyId::new("provider-1".into()))).unwrap()
}

/// The key the provider signs with now: its first, or after a rotation its second.
fn current_key(p: &Provider) -> CoreRsaPrivateSigningKey {
    if p.rotated.load(Ordering::SeqCst) {
        CoreRsaPrivateSigningKey::from_pem(SECOND_KEY, Some(JsonWebKeyId::new("provider-2".into()))).unwrap()
    } else {
        key(PROVIDER_KEY)
    }
}

async fn discovery(State(p): State<Provider>) -> axum::Json<serde_json::Value> {
    p.discoveries.fetch_add(1, Ordering::SeqCst);
    let issuer = p.issuer.lock().unwrap().clone();
    axum::Json(json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/authorize"),
        "token_endpoint": format!("{issuer}/token"),
        "jwks_uri": format!("{issuer}/jwks"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256", "PS256"],
        "token_endpoint_auth_methods_supported": ["private_key_jwt"],
        "code_challenge_methods_supported": ["S256"]
    }))
}

async fn jwks(State(p): State<Provider>) -> axum::Json<CoreJsonWebKeySet> {
    axum::Json(CoreJsonWebKeySet::new(vec![current_key(&p).as_verification_key()]))
}

/// The token endpoint: it checks the PKCE verifier and Regie's client assertion before it gives tokens.
async fn token(State(p): State<Provider>, Form(form): Form<HashMap<String, String>>) -> axum::response::Response {
    use axum::response::IntoResponse;
    let issuer = p.issuer.lock().unwrap().clone();
    let refuse = |why: &str| {
        *p.refused.lock().unwrap() = Some(why.to_owned());
        (StatusCode::BAD_REQUEST, axum::Json(json!({"error": "invalid_grant"}))).into_response()
    };
    let Some((nonce, challenge, what)) = p.codes.lock().unwrap().remove(&form["code"]) else {
        return refuse("unknown code");
    };
    if B64URL.encode(Sha256::digest(form["code_verifier"].as_bytes())) != challenge {
        return refuse("the PKCE verifier does not match");
    }
    if form.get("client_assertion_type").map(String::as_str)
        != Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
    {
        return refuse("no client assertion");
    }
    let assertion = &form["client_assertion"];
    let (input, signature) = assertion.rsplit_once('.').unwrap();
    let client = CoreRsaPrivateSigningKey::from_pem(CLIENT_KEY, None)
        .unwrap()
        .as_verification_key();
    let signature = B64URL.decode(signature).unwrap();
    if client
        .verify_signature(
            &CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
            input.as_bytes(),
            &signature,
        )
        .is_err()
    {
        return refuse("the client assertion's signature does not verify");
    }
    let claims: serde_json::Value =
        serde_json::from_slice(&B64URL.decode(input.split('.').nth(1).unwrap()).unwrap()).unwrap();
    if claims["iss"] != "regie" || claims["sub"] != "regie" || claims["aud"] != format!("{issuer}/token") {
        return refuse("the client assertion names another client or audience");
    }
    let now = chrono::Utc::now();
    let (issued, expires) = if what == Token::Expired {
        (now - chrono::Duration::hours(2), now - chrono::Duration::hours(1))
    } else {
        (now, now + chrono::Duration::minutes(5))
    };
    let audience = if what == Token::OtherAudience {
        "another-client"
    } else {
        "regie"
    };
    let username = if what == Token::UnknownUser { "nobody" } else { "local" };
    let nonce = if what == Token::OtherNonce {
        "another-nonce".to_owned()
    } else {
        nonce
    };
    let claims = CoreIdTokenClaims::new(
        IssuerUrl::new(issuer).unwrap(),
        vec![Audience::new(audience.into())],
        expires,
        issued,
        StandardClaims::new(SubjectIdentifier::new("f3b1c2d4".into()))
            .set_preferred_username(Some(EndUserUsername::new(username.into()))),
        EmptyAdditionalClaims {},
    )
    .set_nonce(Some(Nonce::new(nonce)))
    .set_auth_context_ref(match what {
        Token::NoAssurance => None,
        Token::LowAssurance => Some(AuthenticationContextClass::new(LOW.into())),
        _ => Some(AuthenticationContextClass::new(SUBSTANTIAL.into())),
    });
    let signer = if what == Token::BadSignature {
        key(IMPOSTOR_KEY)
    } else {
        current_key(&p)
    };
    let id_token = CoreIdToken::new(
        claims,
        &signer,
        CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
        None,
        None,
    )
    .unwrap();
    axum::Json(
        json!({"access_token": "at", "token_type": "Bearer", "expires_in": 300, "id_token": id_token.to_string()}),
    )
    .into_response()
}

impl Provider {
    async fn start(&self) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let issuer = format!("http://{}", listener.local_addr().unwrap());
        *self.issuer.lock().unwrap() = issuer.clone();
        let router = axum::Router::new()
            .route("/.well-known/openid-configuration", axum::routing::get(discovery))
            .route("/jwks", axum::routing::get(jwks))
            .route("/token", axum::routing::post(token))
            .with_state(self.clone());
        tokio::spawn(async move { axum::serve(listener, router).await });
        issuer
    }
}

/// The test's provider, started, and configured for "Org local" (asked the level of assurance `acr`, if any);
/// with its issuer.
async fn configured(app: &TestApp, acr: Option<&str>) -> (Provider, String) {
    let provider = Provider::default();
    let issuer = provider.start().await;
    (Access::new(app.store.clone()))
        .set_identity_provider(
            "Org local",
            &issuer,
            "regie",
            CLIENT_KEY,
            None,
            "preferred_username",
            acr,
        )
        .await
        .unwrap();
    (provider, issuer)
}

/// Starts a sign-in at the provider through the sign-in page; returns the authorization request's
/// parameters.
async fn go_to_provider(client: &mut Client<'_>, issuer: &str) -> HashMap<String, String> {
    let page = client.get("/inloggen").await;
    assert!(page.body.contains("Inloggen via Org local"), "{}", page.body);
    let csrf = Client::csrf(&page);
    let at = page.body.find("name=\"organisation\" value=\"").unwrap() + 27;
    let organisation = page.body[at..].split('"').next().unwrap().to_owned();
    let sent = client
        .post(
            "/inloggen/organisatie",
            &[("csrf", &csrf), ("organisation", &organisation)],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let location = sent.location.unwrap();
    assert!(location.starts_with(&format!("{issuer}/authorize?")), "{location}");
    let query = location.split_once('?').unwrap().1;
    serde_urlencoded::from_str(query).unwrap()
}

/// The provider signs the professional in and sends the browser back with a code for this ID token.
async fn come_back(
    client: &mut Client<'_>,
    provider: &Provider,
    request: &HashMap<String, String>,
    what: Token,
) -> common::Page {
    let code = format!("code-{}", uuid::Uuid::now_v7());
    provider.codes.lock().unwrap().insert(
        code.clone(),
        (request["nonce"].clone(), request["code_challenge"].clone(), what),
    );
    client
        .get(&format!("/inloggen/terug?state={}&code={code}", request["state"]))
        .await
}

async fn signed_in(client: &mut Client<'_>) -> bool {
    client.cookies.contains_key("regie_sessie") && client.get("/werklijst").await.status == StatusCode::OK
}

async fn a_professional_signs_in_through_the_organisations_provider(app: TestApp) {
    let provider = Provider::default();
    let issuer = provider.start().await;
    let access = Access::new(app.store.clone());
    access
        .set_identity_provider(
            "Org local",
            &issuer,
            "regie",
            CLIENT_KEY,
            Some("regie-1"),
            "preferred_username",
            None,
        )
        .await
        .unwrap();
    let mut client = Client::new(&app);
    let request = go_to_provider(&mut client, &issuer).await;
    assert_eq!(request["response_type"], "code");
    assert_eq!(request["code_challenge_method"], "S256");
    assert_eq!(request["client_id"], "regie");
    assert_eq!(request["redirect_uri"], "http://localhost/inloggen/terug");
    assert!(request["scope"].split(' ').any(|s| s == "openid"));
    assert!(request["state"].len() >= 16 && request["nonce"].len() >= 16);
    let back = come_back(&mut client, &provider, &request, Token::Good).await;
    assert_eq!(
        back.location.as_deref(),
        Some("/"),
        "{} {:?}",
        back.body,
        provider.refused.lock().unwrap()
    );
    assert!(
        signed_in(&mut client).await,
        "signed in as the professional the provider named"
    );
    assert!(!client.cookies.contains_key("regie_oidc"), "the state cookie goes");

    // The same state again (a replay) is refused: it was used.
    let mut other = Client::new(&app);
    other.cookies.insert("regie_oidc".into(), request["state"].clone());
    let replay = come_back(&mut other, &provider, &request, Token::Good).await;
    assert_eq!(replay.status, StatusCode::FORBIDDEN);
    assert!(replay.body.contains("verlopen of al gebruikt"), "{}", replay.body);
    assert!(!signed_in(&mut other).await);

    // F30: once the professional's access has ended, the provider's word is not enough, and the session
    // made through it ends with the access.
    access.end_access_as_operator("local", true).await.unwrap();
    assert!(!signed_in(&mut client).await, "the session ended with the access");
    let mut after = Client::new(&app);
    let request = go_to_provider(&mut after, &issuer).await;
    let back = come_back(&mut after, &provider, &request, Token::Good).await;
    assert_eq!(back.status, StatusCode::FORBIDDEN, "{}", back.body);
    assert!(back.body.contains("Uw toegang tot Regie is beëindigd"), "{}", back.body);
    assert!(!signed_in(&mut after).await);
}

async fn a_bad_id_token_or_a_stranger_is_refused_and_no_session_is_made(app: TestApp) {
    let (provider, issuer) = configured(&app, None).await;
    for what in [
        Token::BadSignature,
        Token::OtherAudience,
        Token::OtherNonce,
        Token::Expired,
        Token::UnknownUser,
    ] {
        let mut client = Client::new(&app);
        let request = go_to_provider(&mut client, &issuer).await;
        let back = come_back(&mut client, &provider, &request, what).await;
        assert_eq!(back.status, StatusCode::FORBIDDEN, "{what:?}: {}", back.body);
        assert!(
            provider.refused.lock().unwrap().is_none(),
            "{what:?}: the token request itself was right"
        );
        let expected = if what == Token::UnknownUser {
            "Regie nog niet"
        } else {
            "kon niet worden gecontroleerd"
        };
        assert!(back.body.contains(expected), "{what:?}: {}", back.body);
        assert!(back.body.contains("Inloggen bij Regie"), "the sign-in page again");
        assert!(!signed_in(&mut client).await, "{what:?}: no session");
    }
    // A state that is not this browser's (a sign-in forced on someone else) is refused.
    let mut victim = Client::new(&app);
    let mut attacker = Client::new(&app);
    let request = go_to_provider(&mut attacker, &issuer).await;
    victim.cookies.insert("regie_oidc".into(), "a-state-of-its-own".into());
    let back = come_back(&mut victim, &provider, &request, Token::Good).await;
    assert_eq!(back.status, StatusCode::FORBIDDEN);
    assert!(!signed_in(&mut victim).await);
    // The provider said no.
    let mut client = Client::new(&app);
    let page = client.get("/inloggen/terug?error=access_denied&state=x").await;
    assert!(page.body.contains("afgebroken of geweigerd"), "{}", page.body);
    assert!(!signed_in(&mut client).await);
}

/// The provider's discovery document and keys are read once for many sign-ins (start and finish of each),
/// and read again at once when the provider signs with a key it published since: that sign-in goes through.
/// Only a signature that does not pass reads them again.
async fn the_providers_keys_are_read_once_and_again_after_it_rotates_them(app: TestApp) {
    let (provider, issuer) = configured(&app, None).await;
    let sign_in = async |what| {
        let mut client = Client::new(&app);
        let request = go_to_provider(&mut client, &issuer).await;
        let back = come_back(&mut client, &provider, &request, what).await;
        (back, signed_in(&mut client).await)
    };
    for _ in 0..3 {
        let (back, signed) = sign_in(Token::Good).await;
        assert_eq!(back.location.as_deref(), Some("/"), "{}", back.body);
        assert!(signed);
    }
    assert_eq!(
        provider.discoveries.load(Ordering::SeqCst),
        1,
        "read once for three sign-ins"
    );
    // The provider moves to a new key: the next sign-in reads its keys again and goes through.
    provider.rotated.store(true, Ordering::SeqCst);
    let (back, signed) = sign_in(Token::Good).await;
    assert_eq!(back.location.as_deref(), Some("/"), "{}", back.body);
    assert!(signed);
    assert_eq!(provider.discoveries.load(Ordering::SeqCst), 2);
    // A token signed with a key the provider never published is still refused, after one more read.
    let (back, signed) = sign_in(Token::BadSignature).await;
    assert_eq!(back.status, StatusCode::FORBIDDEN, "{}", back.body);
    assert!(!signed);
    assert_eq!(provider.discoveries.load(Ordering::SeqCst), 3);
    // A token refused for anything but its signature (here: expired) reads nothing again.
    let (back, signed) = sign_in(Token::Expired).await;
    assert_eq!(back.status, StatusCode::FORBIDDEN, "{}", back.body);
    assert!(!signed);
    assert_eq!(provider.discoveries.load(Ordering::SeqCst), 3);
}

/// A provider asked a level of assurance (OIDC NL GOV `acr_values`) must say the sign-in reached it: one
/// at a lower level, or that states none, is refused with no session.
async fn a_provider_asked_a_level_of_assurance_must_reach_it(app: TestApp) {
    let (provider, issuer) = configured(&app, Some(SUBSTANTIAL)).await;
    for what in [Token::LowAssurance, Token::NoAssurance] {
        let mut client = Client::new(&app);
        let request = go_to_provider(&mut client, &issuer).await;
        assert_eq!(request["acr_values"], SUBSTANTIAL, "the level is asked");
        let back = come_back(&mut client, &provider, &request, what).await;
        assert_eq!(back.status, StatusCode::FORBIDDEN, "{what:?}: {}", back.body);
        assert!(
            back.body.contains("kon niet worden gecontroleerd"),
            "{what:?}: {}",
            back.body
        );
        assert!(!signed_in(&mut client).await, "{what:?}: no session");
    }
    let mut client = Client::new(&app);
    let request = go_to_provider(&mut client, &issuer).await;
    let back = come_back(&mut client, &provider, &request, Token::Good).await;
    assert_eq!(back.location.as_deref(), Some("/"), "{}", back.body);
    assert!(signed_in(&mut client).await, "the level reached: signed in");
}

async fn a_provider_is_configured_with_every_wrong_field_named(app: TestApp) {
    let access = Access::new(app.store.clone());
    let refused = access
        .set_identity_provider(
            "Org nergens",
            "http://idp.example.nl",
            " ",
            "geen sleutel",
            None,
            "naam",
            Some("twee woorden"),
        )
        .await
        .unwrap_err();
    let text = format!("{refused:?}");
    for field in ["issuer", "organisation", "client_id", "private_key", "claim", "acr"] {
        assert!(text.contains(field), "{field}: {text}");
    }
    assert!(
        access.sign_in_providers().await.unwrap().is_empty(),
        "nothing was stored"
    );
    let mut client = Client::new(&app);
    assert!(!client.get("/inloggen").await.body.contains("Inloggen via"));
}

api_tests!(
    a_professional_signs_in_through_the_organisations_provider,
    a_bad_id_token_or_a_stranger_is_refused_and_no_session_is_made,
    the_providers_keys_are_read_once_and_again_after_it_rotates_them,
    a_provider_asked_a_level_of_assurance_must_reach_it,
    a_provider_is_configured_with_every_wrong_field_named,
);
