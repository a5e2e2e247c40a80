//! The second factor (F30): time-based one-time passwords after RFC 6238 (HMAC-SHA-1, six digits, 30-second
//! steps, one step of clock drift either way), as every authenticator app makes them, with ten single-use
//! recovery codes stored as hashes. The Baseline Informatiebeveiliging Overheid asks for two factors for
//! access to data like a household's file.
//!
//! A sign-in whose password was right, of an account with a second factor, becomes a *challenge*: no session
//! exists until a code is accepted. A code's time step is recorded, so the same code (or an older one) is never
//! accepted twice; every wrong code counts towards the sign-in lock-out like a wrong password.

use super::accounts::{SignInRefused, readable_code};
use super::{Access, token_hash};
use crate::error::AccessError;
use jiff::{SignedDuration, Timestamp};
use regie_domain::{DomainError, time};
use regie_store::{Account, AccountHolder};
use totp_rs::{Builder, Secret, Totp};

/// How long a half-done sign-in waits for its second factor.
const CHALLENGE_MINUTES: i64 = 10;

/// How many recovery codes an account gets at a time.
pub const RECOVERY_CODES: usize = 10;

/// The name authenticator apps show beside the account.
const ISSUER: &str = "Regie";

/// What a sign-in's password step leads to.
#[derive(Debug)]
pub enum SignInStep {
    /// Signed in: the new session's cookie value.
    Signed(String),
    /// The password was right and the account has a second factor: its code is asked next. The half-done
    /// sign-in's cookie value.
    Code(String),
    /// The password was right, but a professional must set up a second factor before anything else. The
    /// half-done sign-in's cookie value.
    Enrol(String),
}

/// A second factor being set up: what the holder's app needs.
#[derive(Debug, Clone)]
pub struct Enrolment {
    /// The secret in base32, in groups of four for typing it over.
    pub secret: String,
    /// The `otpauth://` address a QR code carries to the app.
    pub uri: String,
}

/// The state of a signed-in user's own second factor.
#[derive(Debug, Clone)]
pub struct OwnSecondFactor {
    /// Asked for at every sign-in.
    pub on: bool,
    /// Recovery codes not yet used.
    pub recovery_codes_left: u32,
    /// They may switch it off (not a professional where the deployment requires it).
    pub may_switch_off: bool,
    /// When the operator last reset it, if ever.
    pub last_reset: Option<Timestamp>,
}

/// A code as typed: six digits from the app, or a recovery code.
#[derive(Debug, PartialEq, Eq)]
enum Typed {
    /// A one-time password from the app.
    Totp(String),
    /// A recovery code, lower case without separators.
    Recovery(String),
}

/// Reads a typed code: spaces and dashes are ignored, so "123 456" and "abcd-efgh-jkmn" both work.
fn typed(code: &str) -> Option<Typed> {
    let plain: String = (code.chars())
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    if plain.len() == 6 && plain.bytes().all(|b| b.is_ascii_digit()) {
        Some(Typed::Totp(plain))
    } else if plain.len() == 12 && plain.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Some(Typed::Recovery(plain))
    } else {
        None
    }
}

/// The TOTP of a base32 secret, for an account.
fn totp(secret: &str, username: &str) -> Result<Totp, AccessError> {
    let secret = Secret::try_from_base32(secret).map_err(|e| AccessError::Internal(e.to_string().into()))?;
    Builder::new()
        .with_secret(secret)
        .with_account_name(username)
        .with_issuer(Some(ISSUER))
        .build()
        .map_err(|e| AccessError::Internal(e.to_string().into()))
}

/// The time step of `code` if it is the secret's code within one step of `now` (clock drift), else `None`.
fn accepted_step(totp: &Totp, code: &str, now: Timestamp) -> Option<u64> {
    totp.check(code, u64::try_from(now.as_second()).unwrap_or(0))
}

/// A fresh secret of 160 bits (RFC 4226's recommendation), base32 encoded.
fn fresh_secret() -> Result<String, AccessError> {
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).map_err(|e| AccessError::Internal(Box::new(e)))?;
    Ok(Secret::new_stack(bytes).to_base32())
}

/// Ten fresh recovery codes as shown once to their holder, and their hashes as stored.
fn fresh_recovery_codes() -> Result<(Vec<String>, Vec<String>), AccessError> {
    let codes = (0..RECOVERY_CODES)
        .map(|_| readable_code(3))
        .collect::<Result<Vec<_>, _>>()?;
    let hashes = codes.iter().map(|c| token_hash(&c.replace('-', ""))).collect();
    Ok((codes, hashes))
}

/// Why a code was not accepted.
enum CodeRefused {
    /// Not the app's code now, nor an unused recovery code.
    Wrong,
    /// The app's code, but of a time step already used.
    Reused,
}

fn code_error(refused: CodeRefused) -> DomainError {
    match refused {
        CodeRefused::Wrong => DomainError::invalid(
            "code",
            "wrong_code",
            "this is not the code your app shows now, nor an unused recovery code",
            "Deze code klopt niet. Typ de code van zes cijfers die uw app nu toont, of een ongebruikte herstelcode.",
        ),
        CodeRefused::Reused => DomainError::invalid(
            "code",
            "reused_code",
            "this code was used already: wait for the next one",
            "Deze code is al gebruikt. Wacht tot uw app een nieuwe code toont en typ die in.",
        ),
    }
}

impl From<CodeRefused> for SignInRefused {
    fn from(refused: CodeRefused) -> Self {
        match refused {
            CodeRefused::Wrong => Self::WrongCode,
            CodeRefused::Reused => Self::ReusedCode,
        }
    }
}

fn already_on() -> DomainError {
    DomainError::invalid(
        "code",
        "already_on",
        "your second factor is on already",
        "Uw tweede factor staat al aan.",
    )
}

/// Too many wrong passwords or codes: locked for `minutes` more.
pub(super) fn locked(minutes: i64) -> DomainError {
    DomainError::forbidden(
        "locked",
        format!("too many wrong passwords or codes: try again in {minutes} minutes"),
        format!(
            "Er is te vaak een verkeerd wachtwoord of een verkeerde code gebruikt. Probeer het over {minutes} minuten opnieuw."
        ),
    )
}

fn no_code() -> DomainError {
    DomainError::invalid(
        "code",
        "required",
        "type the six-digit code from your app",
        "Vul de code van zes cijfers uit uw app in.",
    )
}

impl Access {
    /// Whether this account must have a second factor: a professional's, where the deployment requires it.
    fn must_have_second_factor(&self, holder: AccountHolder) -> bool {
        self.second_factor_required && matches!(holder, AccountHolder::Professional(_))
    }

    /// What follows a right password: a session, or a half-done sign-in when a second factor is asked or
    /// must first be set up.
    pub(super) async fn after_password(&self, account: &Account, now: Timestamp) -> Result<SignInStep, AccessError> {
        let factor = self.store.second_factor(&account.username).await?;
        let must_enrol = self.must_have_second_factor(account.holder);
        let challenge = |step: fn(String) -> SignInStep, pending: Option<String>| async move {
            let id = super::random_token()?;
            let expires = now + SignedDuration::from_mins(CHALLENGE_MINUTES);
            (self.store)
                .create_challenge(&token_hash(&id), &account.username, pending.as_deref(), now, expires)
                .await?;
            Ok::<_, AccessError>(step(id))
        };
        match factor {
            Some(f) if f.confirmed => challenge(SignInStep::Code, None).await,
            // A fresh secret for this sign-in only: whoever else knows the password never sees it.
            _ if must_enrol => challenge(SignInStep::Enrol, Some(fresh_secret()?)).await,
            _ => Ok(SignInStep::Signed(self.start_session(&account.username, now).await?)),
        }
    }

    /// The username of a half-done sign-in and the secret it sets up, or `Expired`.
    async fn challenged(&self, challenge: &str, now: Timestamp) -> Result<(String, Option<String>), SignInRefused> {
        (self.store.challenge(&token_hash(challenge), now).await)
            .map_err(AccessError::from)?
            .ok_or(SignInRefused::Expired)
    }

    /// Ends a half-done sign-in and starts its session; `Expired` if another request ended it first.
    async fn finish(&self, challenge: &str, username: &str, now: Timestamp) -> Result<String, SignInRefused> {
        if !self
            .store
            .end_challenge(&token_hash(challenge))
            .await
            .map_err(AccessError::from)?
        {
            return Err(SignInRefused::Expired);
        }
        Ok(self.start_session(username, now).await?)
    }

    /// Checks a typed code against a confirmed second factor and uses it up: a code of the app once per time
    /// step, a recovery code once.
    async fn use_code(
        &self,
        username: &str,
        code: &str,
        now: Timestamp,
    ) -> Result<Result<(), CodeRefused>, AccessError> {
        let Some(factor) = self.store.second_factor(username).await?.filter(|f| f.confirmed) else {
            return Ok(Err(CodeRefused::Wrong));
        };
        Ok(match typed(code) {
            Some(Typed::Totp(code)) => match accepted_step(&totp(&factor.secret, username)?, &code, now) {
                Some(step) if self.store.use_time_step(username, step).await? => Ok(()),
                Some(_) => Err(CodeRefused::Reused),
                None => Err(CodeRefused::Wrong),
            },
            Some(Typed::Recovery(code)) => {
                if (self.store.use_recovery_code(username, &token_hash(&code), now).await)? {
                    Ok(())
                } else {
                    Err(CodeRefused::Wrong)
                }
            }
            None => Err(CodeRefused::Wrong),
        })
    }

    /// The second step of a sign-in: a code from the app or a recovery code. The attempt counts towards the
    /// lock-out before the code is checked, like a password; an accepted code starts the session.
    pub async fn sign_in_with_code(&self, challenge: &str, code: &str) -> Result<String, SignInRefused> {
        let now = time::now();
        let (username, _) = self.challenged(challenge, now).await?;
        self.count_attempt(&username, now).await?;
        self.use_code(&username, code, now).await??;
        self.finish(challenge, &username, now).await
    }

    /// What an authenticator app needs to take a secret over.
    fn show(secret: &str, username: &str) -> Result<Enrolment, AccessError> {
        let uri = totp(secret, username)?
            .to_url()
            .map_err(|e| AccessError::Internal(e.to_string().into()))?;
        let grouped = (secret.as_bytes().chunks(4))
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(" ");
        Ok(Enrolment { secret: grouped, uri })
    }

    /// Confirms a second factor with `secret` by a code from the app; returns the recovery codes to show once.
    async fn confirm(
        &self,
        username: &str,
        secret: &str,
        code: &str,
        now: Timestamp,
    ) -> Result<Result<Vec<String>, CodeRefused>, AccessError> {
        let Some(Typed::Totp(code)) = typed(code) else {
            return Ok(Err(CodeRefused::Wrong));
        };
        let Some(step) = accepted_step(&totp(secret, username)?, &code, now) else {
            return Ok(Err(CodeRefused::Wrong));
        };
        let (codes, hashes) = fresh_recovery_codes()?;
        if !self
            .store
            .confirm_second_factor(username, secret, step, &hashes)
            .await?
        {
            return Ok(Err(CodeRefused::Wrong));
        }
        Ok(Ok(codes))
    }

    /// The second factor to set up during a sign-in (a professional's first, where required): the secret of
    /// this sign-in, the same on a reload.
    pub async fn enrolment_at_sign_in(&self, challenge: &str) -> Result<Enrolment, SignInRefused> {
        let (username, secret) = self.challenged(challenge, time::now()).await?;
        let secret = secret.ok_or(SignInRefused::Expired)?;
        Ok(Self::show(&secret, &username)?)
    }

    /// Finishes a sign-in by confirming its new second factor with a code from the app: returns the session's
    /// cookie value and the recovery codes to show once. The attempt counts towards the lock-out first.
    pub async fn enrol_at_sign_in(&self, challenge: &str, code: &str) -> Result<(String, Vec<String>), SignInRefused> {
        let now = time::now();
        let (username, secret) = self.challenged(challenge, now).await?;
        let secret = secret.ok_or(SignInRefused::Expired)?;
        self.count_attempt(&username, now).await?;
        let codes = self.confirm(&username, &secret, code, now).await??;
        Ok((self.finish(challenge, &username, now).await?, codes))
    }

    /// The account of a signed-in session.
    async fn own_account(&self, cookie: &str) -> Result<Account, AccessError> {
        (self.store.session(&token_hash(cookie), time::now()).await?)
            .map(|s| s.account)
            .ok_or_else(|| AccessError::not_found("session"))
    }

    /// The signed-in user's own second factor.
    pub async fn own_second_factor(&self, cookie: &str) -> Result<OwnSecondFactor, AccessError> {
        let account = self.own_account(cookie).await?;
        let factor = self
            .store
            .second_factor(&account.username)
            .await?
            .filter(|f| f.confirmed);
        Ok(OwnSecondFactor {
            on: factor.is_some(),
            recovery_codes_left: factor.map_or(0, |f| f.recovery_codes_left),
            may_switch_off: !self.must_have_second_factor(account.holder),
            last_reset: self.store.second_factor_reset(&account.username).await?,
        })
    }

    /// Starts setting up a second factor for the signed-in user (a family member, or a professional where
    /// it is not required) with a fresh secret; refused if they have one.
    pub async fn begin_own_second_factor(&self, cookie: &str) -> Result<Enrolment, AccessError> {
        let account = self.own_account(cookie).await?;
        let secret = fresh_secret()?;
        if !self.store.begin_second_factor(&account.username, &secret).await? {
            return Err(already_on().into());
        }
        Self::show(&secret, &account.username)
    }

    /// The second factor the signed-in user is setting up, shown again (after a wrong code).
    pub async fn own_enrolment(&self, cookie: &str) -> Result<Enrolment, AccessError> {
        let account = self.own_account(cookie).await?;
        match self.store.second_factor(&account.username).await? {
            Some(f) if !f.confirmed => Self::show(&f.secret, &account.username),
            Some(_) => Err(already_on().into()),
            None => Err(AccessError::not_found("second factor")),
        }
    }

    /// Checks a signed-in user's code for a change to their second factor. The attempt is counted before the
    /// code is checked, like a sign-in, so guesses sent in parallel meet the lock too; a right code clears
    /// the count again. `new`: the code confirms the second factor being set up.
    async fn own_code(
        &self,
        username: &str,
        code: &str,
        now: Timestamp,
        new: bool,
    ) -> Result<Option<Vec<String>>, AccessError> {
        if code.trim().is_empty() {
            return Err(no_code().into());
        }
        self.count_own_attempt(username, now).await?;
        let result = if new {
            let pending = (self.store.second_factor(username).await?).filter(|f| !f.confirmed);
            match pending {
                Some(f) => self.confirm(username, &f.secret, code, now).await?.map(Some),
                None => Err(CodeRefused::Wrong),
            }
        } else {
            self.use_code(username, code, now).await?.map(|()| None)
        };
        match result {
            Ok(codes) => {
                self.store.clear_sign_in_attempts(username).await?;
                Ok(codes)
            }
            Err(refused) => Err(code_error(refused).into()),
        }
    }

    /// Confirms the signed-in user's new second factor with a code from their app; returns the recovery
    /// codes to show once.
    pub async fn confirm_own_second_factor(&self, cookie: &str, code: &str) -> Result<Vec<String>, AccessError> {
        let account = self.own_account(cookie).await?;
        let codes = self.own_code(&account.username, code, time::now(), true).await?;
        Ok(codes.unwrap_or_default())
    }

    /// Ten new recovery codes for the signed-in user, replacing the old ones, against a code from their app
    /// (or a recovery code).
    pub async fn renew_own_recovery_codes(&self, cookie: &str, code: &str) -> Result<Vec<String>, AccessError> {
        let account = self.own_account(cookie).await?;
        self.own_code(&account.username, code, time::now(), false).await?;
        let (codes, hashes) = fresh_recovery_codes()?;
        self.store.renew_recovery_codes(&account.username, &hashes).await?;
        Ok(codes)
    }

    /// Switches the signed-in user's second factor off, against a code from their app (or a recovery code);
    /// refused for a professional where the deployment requires one.
    pub async fn switch_off_own_second_factor(&self, cookie: &str, code: &str) -> Result<(), AccessError> {
        let account = self.own_account(cookie).await?;
        if self.must_have_second_factor(account.holder) {
            return Err(DomainError::forbidden(
                "second_factor_required",
                "professionals sign in with a second factor here",
                "Professionals loggen hier altijd in met een tweede factor. Is uw telefoon kwijt? Vraag de applicatiebeheerder uw tweede factor terug te zetten.",
            )
            .into());
        }
        self.own_code(&account.username, code, time::now(), false).await?;
        self.store.remove_second_factor(&account.username, None).await?;
        Ok(())
    }

    /// The operator resets an account's second factor (a lost phone): it and its recovery codes are removed,
    /// the account's sessions end (a browser signed in on the lost phone too), and the reset is recorded
    /// with its time. At the next sign-in a professional sets up a new one where it is required. False if
    /// the account had none.
    pub async fn reset_second_factor(&self, username: &str) -> Result<bool, AccessError> {
        let username = username.trim();
        if self.store.account(username).await?.is_none() {
            return Err(AccessError::refused(
                crate::Refusal::NotFound,
                Some("user"),
                "unknown_account",
                format!("no account with username \"{username}\""),
                format!("er is geen account met gebruikersnaam \"{username}\""),
            ));
        }
        Ok(self.store.remove_second_factor(username, Some(time::now())).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_code_is_six_digits_or_twelve_recovery_characters_whatever_the_spacing() {
        assert_eq!(typed(" 123 456 "), Some(Typed::Totp("123456".into())));
        assert_eq!(typed("ABCD-efgh-2345"), Some(Typed::Recovery("abcdefgh2345".into())));
        assert_eq!(typed("12345"), None);
        assert_eq!(typed("1234567"), None);
        assert_eq!(typed("abcd-efgh-234"), None);
        assert_eq!(typed(""), None);
    }

    #[test]
    fn the_apps_code_is_accepted_within_one_step_of_drift_and_not_beyond() {
        let secret = fresh_secret().unwrap();
        let totp = totp(&secret, "demo-wijkteam").unwrap();
        let now = Timestamp::from_second(1_800_000_015).unwrap();
        let at = |secs: i64| {
            totp.generate(u64::try_from(now.as_second() + secs).unwrap())
                .to_string()
        };
        let step = 1_800_000_015 / 30;
        assert_eq!(accepted_step(&totp, &at(0), now), Some(step));
        assert_eq!(
            accepted_step(&totp, &at(-30), now),
            Some(step - 1),
            "the phone runs 30 s behind"
        );
        assert_eq!(
            accepted_step(&totp, &at(30), now),
            Some(step + 1),
            "the phone runs 30 s ahead"
        );
        assert_eq!(accepted_step(&totp, &at(-90), now), None, "a code of 90 s ago");
        assert_eq!(accepted_step(&totp, &at(90), now), None);
    }

    #[test]
    fn rfc_6238_test_vector() {
        // RFC 6238, appendix B: the SHA-1 secret "12345678901234567890" at 59 s gives 94287082 in eight
        // digits; the six-digit code is its last six.
        let totp = Builder::new()
            .with_secret(Secret::new_stack(*b"12345678901234567890"))
            .with_account_name("rfc")
            .build()
            .unwrap();
        assert_eq!(totp.generate(59).to_string(), "287082");
    }

    #[test]
    fn recovery_codes_are_ten_different_codes_stored_only_as_hashes() {
        let (codes, hashes) = fresh_recovery_codes().unwrap();
        assert_eq!(codes.len(), RECOVERY_CODES);
        assert_eq!(
            codes.iter().collect::<std::collections::HashSet<_>>().len(),
            RECOVERY_CODES
        );
        for (code, hash) in codes.iter().zip(&hashes) {
            assert!(
                matches!(typed(code), Some(Typed::Recovery(_))),
                "{code} reads as a recovery code"
            );
            assert!(
                !hash.contains(&code.replace('-', "")),
                "the hash does not hold the code"
            );
        }
    }

    proptest! {
        #[test]
        fn another_secrets_code_is_refused(seconds in 1_000_000_000i64..4_000_000_000) {
            let (a, b) = (fresh_secret().unwrap(), fresh_secret().unwrap());
            let (a, b) = (totp(&a, "x").unwrap(), totp(&b, "x").unwrap());
            let now = Timestamp::from_second(seconds).unwrap();
            let code = a.generate(u64::try_from(seconds).unwrap()).to_string();
            prop_assert!(accepted_step(&a, &code, now).is_some());
            // Two random secrets share a code in a three-step window with a chance of about 3 in a million.
            let shared = (-1..=1).any(|d| b.generate(u64::try_from(seconds + 30 * d).unwrap()).to_string() == code);
            prop_assert_eq!(accepted_step(&b, &code, now).is_some(), shared);
        }
    }
}
