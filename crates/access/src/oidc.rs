//! Sign-in through an organisation's own identity provider (F30), after the Dutch OpenID Connect profile
//! (OIDC NL GOV): the authorization code flow with PKCE (S256), `state` and `nonce`; Regie authenticates at the
//! token endpoint with `private_key_jwt` (a client assertion after RFC 7523, signed with the organisation's
//! key for Regie); the ID token's signature is checked against the provider's published keys (RS256 or
//! PS256), with its issuer, audience, expiry and nonce, and the level of assurance (`acr`) Regie asked when
//! the provider has one configured; the provider's endpoints and keys come from its discovery document,
//! kept across sign-ins ([`DISCOVERY_FOR`]). The configured claim's value must be the username of a
//! professional of that organisation: nobody is created on the fly.
//!
//! The provider authenticates the professional (with its own second factor), so Regie's own is not asked;
//! the level of assurance configured for the provider is how Regie knows that it did.

use super::accounts::{hash_password, random_token};
use super::{Access, token_hash};
use crate::error::AccessError;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use jiff::SignedDuration;
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreIdToken, CoreIdTokenVerifier, CoreJwsSigningAlgorithm,
    CoreProviderMetadata, CoreRsaPrivateSigningKey,
};
use openidconnect::{
    AuthenticationContextClass, AuthorizationCode, ClaimsVerificationError, ClientId, CsrfToken, IssuerUrl,
    JsonWebKeyId, Nonce, PkceCodeChallenge, PkceCodeVerifier, PrivateSigningKey, RedirectUrl, TokenResponse,
};
use regie_domain::{DomainError, OrganisationId, time};
use regie_store::{AccountHolder, IdentityProvider, OidcLogin};
use std::sync::LazyLock;

/// How long a sign-in may take at the provider.
const LOGIN_MINUTES: i64 = 10;

/// The claims a provider may map to usernames (an e-mail address cannot be a Regie username).
pub const CLAIMS: [&str; 2] = ["preferred_username", "sub"];

/// Why a sign-in through a provider was refused. The reasons name no person; they go to the log as they are.
#[derive(Debug)]
pub enum OidcRefused {
    /// The sign-in was not started in this browser, was used already, or took longer than ten minutes.
    Expired,
    /// The provider could not be reached, or refused to give tokens.
    Provider(String),
    /// The ID token did not pass: a bad signature, another audience or issuer, another nonce, expired.
    Token(String),
    /// No professional of the organisation has the username the provider gave.
    UnknownUser,
    /// The professional's access has ended: they left the organisation.
    Ended,
    /// The store failed.
    Store(AccessError),
}

impl From<AccessError> for OidcRefused {
    fn from(e: AccessError) -> Self {
        Self::Store(e)
    }
}

impl From<regie_store::StoreError> for OidcRefused {
    fn from(e: regie_store::StoreError) -> Self {
        Self::Store(e.into())
    }
}

/// The HTTP client for providers: no redirects (they would open the door to request forgery), short timeouts.
static HTTP: LazyLock<reqwest::Client> = LazyLock::new(|| {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .expect("an HTTP client without TLS configuration errors")
});

/// How long a provider's discovery document and keys are taken as read. An ID token whose signature does not
/// pass with the kept keys makes them read again at once (`Access::oidc_finish`); any other failure does not.
const DISCOVERY_FOR: std::time::Duration = std::time::Duration::from_secs(3600);

/// The providers' discovery documents with their published keys, each as read at a moment, by issuer: a
/// sign-in needs them when it starts and when it finishes, and reading them is two requests to the
/// provider (the document, then its keys) that each sign-in made twice.
#[derive(Default)]
pub(crate) struct Discovered(
    std::sync::Mutex<std::collections::HashMap<String, (std::time::Instant, CoreProviderMetadata)>>,
);

impl Discovered {
    /// The provider's discovery document with its keys: as kept, when read less than [`DISCOVERY_FOR`]
    /// ago and not asked `fresh`; else read from the provider (and kept). Says whether it was kept.
    async fn get(&self, provider: &IdentityProvider, fresh: bool) -> Result<(CoreProviderMetadata, bool), OidcRefused> {
        let kept = || self.0.lock().unwrap_or_else(|e| e.into_inner());
        if !fresh
            && let Some((at, metadata)) = kept().get(&provider.issuer)
            && at.elapsed() < DISCOVERY_FOR
        {
            return Ok((metadata.clone(), true));
        }
        let issuer = IssuerUrl::new(provider.issuer.clone()).map_err(|e| OidcRefused::Provider(e.to_string()))?;
        let metadata = CoreProviderMetadata::discover_async(issuer, &*HTTP)
            .await
            .map_err(|e| OidcRefused::Provider(format!("discovery failed: {e}")))?;
        kept().insert(provider.issuer.clone(), (std::time::Instant::now(), metadata.clone()));
        Ok((metadata, false))
    }
}

/// The username in an ID token that passes with the provider's keys in `metadata`: signed RS256 or PS256,
/// for this client, by this issuer, unexpired, with the sign-in's nonce and the level of assurance Regie
/// asked (if any); the configured claim's value.
fn username_in(
    id_token: &CoreIdToken,
    metadata: &CoreProviderMetadata,
    provider: &IdentityProvider,
    nonce: &Nonce,
) -> Result<Option<String>, ClaimsVerificationError> {
    let verifier = CoreIdTokenVerifier::new_public_client(
        ClientId::new(provider.client_id.clone()),
        metadata.issuer().clone(),
        metadata.jwks().clone(),
    )
    .set_allowed_algs([
        CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
        CoreJwsSigningAlgorithm::RsaSsaPssSha256,
    ]);
    // The level of assurance asked, when Regie asks one: the token must name it as reached.
    let required = provider.acr.clone();
    let verifier =
        verifier.set_auth_context_verifier_fn(move |acr: Option<&AuthenticationContextClass>| match (&required, acr) {
            (None, _) => Ok(()),
            (Some(required), Some(acr)) if acr.as_str() == required => Ok(()),
            (Some(required), acr) => Err(format!(
                "the sign-in reached {} at the provider, not {required}",
                acr.map_or("no stated level", |a| a.as_str())
            )),
        });
    let claims = id_token.claims(&verifier, nonce)?;
    Ok(match provider.claim.as_str() {
        "preferred_username" => claims.preferred_username().map(|u| u.as_str().to_owned()),
        _ => Some(claims.subject().as_str().to_owned()),
    })
}

/// A client assertion for `private_key_jwt` (RFC 7523): the client as issuer and subject, the token endpoint
/// as audience, valid for a minute, with a fresh `jti`, signed RS256 with the organisation's key for Regie.
fn client_assertion(provider: &IdentityProvider, token_endpoint: &str) -> Result<String, OidcRefused> {
    let key_id = provider.key_id.clone().map(JsonWebKeyId::new);
    let key = CoreRsaPrivateSigningKey::from_pem(&provider.private_key_pem, key_id)
        .map_err(|e| OidcRefused::Provider(format!("the private key does not load: {e}")))?;
    let mut header = serde_json::json!({"alg": "RS256", "typ": "JWT"});
    if let Some(kid) = &provider.key_id {
        header["kid"] = kid.clone().into();
    }
    let now = time::now().as_second();
    let claims = serde_json::json!({
        "iss": provider.client_id, "sub": provider.client_id, "aud": token_endpoint,
        "jti": random_token()?, "iat": now, "exp": now + 60,
    });
    let input = format!(
        "{}.{}",
        B64URL.encode(header.to_string()),
        B64URL.encode(claims.to_string())
    );
    let signature = key
        .sign(&CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256, input.as_bytes())
        .map_err(|e| OidcRefused::Provider(format!("signing failed: {e}")))?;
    Ok(format!("{input}.{}", B64URL.encode(signature)))
}

/// Checks an issuer address: https, or http on this machine's loopback (a provider beside the server, as
/// in tests).
fn check_issuer(issuer: &str) -> Result<(), DomainError> {
    // The operator configures providers: one on loopback (as in tests) is theirs to choose.
    regie_domain::notification::check_endpoint(issuer, true).map_err(|_| {
        DomainError::invalid(
            "issuer",
            "invalid_issuer",
            "the issuer must be an https address",
            "de issuer moet een https-adres zijn",
        )
    })
}

impl Access {
    /// The organisations whose professionals can sign in through their own provider: (id, name), for the
    /// sign-in page.
    pub async fn sign_in_providers(&self) -> Result<Vec<(OrganisationId, String)>, AccessError> {
        let providers = self.store.identity_providers().await?;
        if providers.is_empty() {
            return Ok(Vec::new());
        }
        let organisations = self.store.organisations().await?;
        let mut found: Vec<(OrganisationId, String)> = (organisations.into_iter())
            .filter(|o| providers.iter().any(|p| p.organisation_id == o.id))
            .map(|o| (o.id, o.name))
            .collect();
        found.sort_by(|a, b| a.1.cmp(&b.1));
        Ok(found)
    }

    /// Sets an organisation's identity provider, from the command line: the organisation by name, the
    /// issuer (https), Regie's client id there, the RSA private key (PKCS#1 PEM) and its key id, the claim
    /// that holds the username, and the level of assurance (`acr`) a sign-in must reach there, if any.
    /// Every wrong field is named at once.
    #[allow(clippy::too_many_arguments)] // the provider's settings, as the command line gives them
    pub async fn set_identity_provider(
        &self,
        organisation: &str,
        issuer: &str,
        client_id: &str,
        private_key_pem: &str,
        key_id: Option<&str>,
        claim: &str,
        acr: Option<&str>,
    ) -> Result<(), AccessError> {
        let mut errors: Vec<DomainError> = check_issuer(issuer).err().into_iter().collect();
        let found = (self.store.organisations().await?.into_iter()).find(|o| o.name == organisation.trim());
        if found.is_none() {
            errors.push(DomainError::invalid(
                "organisation",
                "unknown_organisation",
                format!("no organisation is called {organisation:?}"),
                format!("er is geen organisatie met de naam {organisation:?}"),
            ));
        }
        if client_id.trim().is_empty() {
            errors.push(DomainError::invalid(
                "client_id",
                "required",
                "give Regie's client id",
                "vul de client id in",
            ));
        }
        if CoreRsaPrivateSigningKey::from_pem(private_key_pem, None).is_err() {
            errors.push(DomainError::invalid(
                "private_key",
                "invalid_key",
                "the private key is not an RSA key in PKCS#1 PEM (BEGIN RSA PRIVATE KEY)",
                "de sleutel is geen RSA-sleutel in PKCS#1-PEM",
            ));
        }
        if !CLAIMS.contains(&claim) {
            errors.push(DomainError::invalid(
                "claim",
                "unknown_claim",
                format!("the claim is one of {}", CLAIMS.join(", ")),
                format!("de claim is een van {}", CLAIMS.join(", ")),
            ));
        }
        let acr = acr.map(str::trim);
        if acr.is_some_and(|a| a.is_empty() || a.len() > 200 || a.contains(char::is_whitespace)) {
            errors.push(DomainError::invalid(
                "acr",
                "invalid_acr",
                "the level of assurance is one value without spaces, such as http://eidas.europa.eu/LoA/substantial",
                "het betrouwbaarheidsniveau is één waarde zonder spaties, zoals http://eidas.europa.eu/LoA/substantial",
            ));
        }
        let Some(organisation) = found.filter(|_| errors.is_empty()) else {
            return Err(errors.into());
        };
        let provider = IdentityProvider {
            organisation_id: organisation.id,
            issuer: issuer.trim().trim_end_matches('/').to_owned(),
            client_id: client_id.trim().to_owned(),
            private_key_pem: private_key_pem.to_owned(),
            key_id: key_id.map(str::to_owned),
            claim: claim.to_owned(),
            acr: acr.map(str::to_owned),
        };
        Ok(self.store.put_identity_provider(&provider).await?)
    }

    async fn provider(&self, organisation: OrganisationId) -> Result<IdentityProvider, OidcRefused> {
        (self.store.identity_providers().await?.into_iter())
            .find(|p| p.organisation_id == organisation)
            .ok_or(OidcRefused::Expired)
    }

    /// Starts a sign-in at an organisation's provider: returns the address to send the browser to and the
    /// `state` for its cookie. The nonce and the PKCE verifier stay in the store, under a hash of the state.
    pub async fn oidc_start(
        &self,
        organisation: OrganisationId,
        redirect_uri: &str,
    ) -> Result<(String, String), OidcRefused> {
        let provider = self.provider(organisation).await?;
        let (metadata, _) = self.discovered.get(&provider, false).await?;
        let redirect = RedirectUrl::new(redirect_uri.to_owned()).map_err(|e| OidcRefused::Provider(e.to_string()))?;
        let client = CoreClient::from_provider_metadata(metadata, ClientId::new(provider.client_id.clone()), None)
            .set_redirect_uri(redirect);
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let url = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .set_pkce_challenge(challenge);
        // The level of assurance Regie asks (OIDC NL GOV: `acr_values`); the ID token must say it was reached.
        let (url, state, nonce) = match &provider.acr {
            Some(acr) => url.add_auth_context_value(AuthenticationContextClass::new(acr.clone())),
            None => url,
        }
        .url();
        let login = OidcLogin {
            organisation_id: organisation,
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
        };
        let now = time::now();
        (self.store)
            .put_oidc_login(
                &token_hash(state.secret()),
                &login,
                now,
                now + SignedDuration::from_mins(LOGIN_MINUTES),
            )
            .await?;
        Ok((url.to_string(), state.secret().clone()))
    }

    /// Finishes a sign-in when the provider sends the browser back: the `state` must be the one in this
    /// browser's cookie and is used once; the code is exchanged with a client assertion and the PKCE
    /// verifier; the ID token is checked; the claim names a professional of the organisation. Returns the new
    /// session's cookie value; a refusal creates no session.
    pub async fn oidc_finish(
        &self,
        cookie_state: &str,
        state: &str,
        code: &str,
        redirect_uri: &str,
    ) -> Result<String, OidcRefused> {
        let now = time::now();
        // Compared as hashes, so the time taken says nothing about the state.
        if cookie_state.is_empty() || token_hash(cookie_state) != token_hash(state) {
            return Err(OidcRefused::Expired);
        }
        let login = (self.store.take_oidc_login(&token_hash(state), now).await?).ok_or(OidcRefused::Expired)?;
        let provider = self.provider(login.organisation_id).await?;
        let (metadata, kept) = self.discovered.get(&provider, false).await?;
        let token_endpoint = (metadata.token_endpoint())
            .map(|t| t.url().to_string())
            .ok_or_else(|| OidcRefused::Provider("the provider has no token endpoint".into()))?;
        let redirect = RedirectUrl::new(redirect_uri.to_owned()).map_err(|e| OidcRefused::Provider(e.to_string()))?;
        let client =
            CoreClient::from_provider_metadata(metadata.clone(), ClientId::new(provider.client_id.clone()), None)
                .set_redirect_uri(redirect);
        let assertion = client_assertion(&provider, &token_endpoint)?;
        let tokens = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|e| OidcRefused::Provider(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(login.pkce_verifier))
            .add_extra_param(
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            )
            .add_extra_param("client_assertion", assertion)
            .request_async(&*HTTP)
            .await
            .map_err(|e| OidcRefused::Provider(format!("the token request failed: {e}")))?;
        let id_token = (tokens.id_token()).ok_or_else(|| OidcRefused::Token("no ID token".into()))?;
        let nonce = Nonce::new(login.nonce);
        let mut username = username_in(id_token, &metadata, &provider, &nonce);
        if kept && matches!(username, Err(ClaimsVerificationError::SignatureVerification(_))) {
            // The provider may sign with a key it published after its keys were read: read them again, once.
            let (fresh, _) = self.discovered.get(&provider, true).await?;
            username = username_in(id_token, &fresh, &provider, &nonce);
        }
        let username = (username.map_err(|e| OidcRefused::Token(e.to_string()))?).ok_or(OidcRefused::UnknownUser)?;
        let professional = (self.store.professional_by_username(&username).await?)
            .filter(|p| p.organisation_id == login.organisation_id)
            .ok_or(OidcRefused::UnknownUser)?;
        if professional.ended.is_some() {
            return Err(OidcRefused::Ended);
        }
        // A professional who signs in only through the provider gets an account with a password nobody
        // knows, so the session has its account.
        let holder = AccountHolder::Professional(professional.id);
        match self.store.account(&professional.username).await? {
            // A household member's account of the same name is not this professional's.
            Some(account) if account.holder != holder => return Err(OidcRefused::UnknownUser),
            Some(_) => {}
            None => {
                let hash = hash_password(random_token()?).await?;
                self.store.put_account(&professional.username, &hash, holder).await?;
            }
        }
        Ok(self.start_session(&professional.username, now).await?)
    }
}
