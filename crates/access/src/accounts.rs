//! Sign-in for the web application (F30): passwords hashed with argon2id, sessions kept in the database (so
//! several servers share them) under a hash of the cookie's value, a CSRF token per session, and failed
//! sign-ins slowed down and then locked by the domain's rule.

use super::{Access, FamilyMember, Scope, SignInStep, SignedIn, hex, token_hash};
use crate::error::AccessError;
use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use jiff::SignedDuration;
use jiff::Timestamp;
use regie_domain::departure::{Ended, EndedBy, Holdings, already_ended, end_access};
use regie_domain::portal::{FORGET_ATTEMPTS_HOURS, LOCK_AFTER, SignInGate, lock_window, sign_in_gate};
use regie_domain::{Contact, DomainError, Professional, Role, Team, TeamId, time};
use regie_store::{AccountHolder, ContactOf};

/// How long a session lasts: a working day.
const SESSION_HOURS: i64 = 10;

/// Who is signed in to the web application.
#[derive(Debug, Clone)]
pub enum Visitor {
    /// A professional.
    Professional(SignedIn),
    /// A household member in the portal.
    Family(FamilyMember),
}

/// A signed-in browser session.
#[derive(Debug, Clone)]
pub struct Session {
    /// Who.
    pub visitor: Visitor,
    /// The token each form of the session must carry.
    pub csrf_token: String,
    /// Signed in with a temporary password: only the password page is open until it is replaced.
    pub must_change: bool,
}

/// Why a sign-in failed.
#[derive(Debug)]
pub enum SignInRefused {
    /// Unknown username or wrong password (never said which).
    Wrong,
    /// Too many failed sign-ins: locked for this many more minutes.
    Locked(i64),
    /// The half-done sign-in waiting for a second factor is unknown or expired: start again.
    Expired,
    /// Not the code the app shows now, nor an unused recovery code.
    WrongCode,
    /// The password was right, but the professional's access has ended: they left the organisation.
    Ended,
    /// The app's code, but one already used: wait for the next.
    ReusedCode,
    /// The store failed.
    Store(AccessError),
}

impl From<AccessError> for SignInRefused {
    fn from(e: AccessError) -> Self {
        Self::Store(e)
    }
}

/// A fresh random token, hex encoded.
pub fn random_token() -> Result<String, AccessError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AccessError::Internal(Box::new(e)))?;
    Ok(hex(&bytes))
}

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

impl Access {
    /// The deployment's key for the sign-in form's CSRF token: in the store, so every server shares it.
    async fn csrf_key(&self) -> Result<&[u8], AccessError> {
        let key = self
            .csrf_key
            .get_or_try_init(|| async {
                let key = self.store.server_key("sign_in_csrf", &random_token()?).await?;
                Ok::<_, AccessError>(key.into_bytes())
            })
            .await?;
        Ok(key)
    }

    fn mac(key: &[u8], nonce: &str) -> HmacSha256 {
        use hmac::Mac;
        let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes a key of any length");
        mac.update(nonce.as_bytes());
        mac
    }

    /// A fresh token for the sign-in form, before there is a session: a random nonce for the cookie, and
    /// for the form a MAC of it under the deployment's key, so a cookie planted with a matching field of the
    /// attacker's own making does not pass.
    pub async fn sign_in_form_token(&self) -> Result<(String, String), AccessError> {
        let nonce = random_token()?;
        let token = self.form_token_for(&nonce).await?;
        Ok((nonce, token))
    }

    /// The form token for a nonce the browser holds in a cookie (the sign-in form's nonce, or a half-done
    /// sign-in's id).
    pub async fn form_token_for(&self, nonce: &str) -> Result<String, AccessError> {
        use hmac::Mac;
        Ok(hex(&Self::mac(self.csrf_key().await?, nonce).finalize().into_bytes()))
    }

    /// Whether a sign-in form's token is the MAC of its cookie's nonce (checked in constant time).
    pub async fn sign_in_form_token_valid(&self, nonce: &str, token: &str) -> Result<bool, AccessError> {
        use hmac::Mac;
        let Some(bytes) = unhex(token) else { return Ok(false) };
        Ok(!nonce.is_empty() && Self::mac(self.csrf_key().await?, nonce).verify_slice(&bytes).is_ok())
    }
}

/// HMAC-SHA-256 of `data` under `key`, in hex: a pseudonym that only the key's holder can link to `data`.
pub(super) fn keyed_hash(key: &[u8], data: &[u8]) -> String {
    use hmac::Mac;
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(data);
    hex(&mac.finalize().into_bytes())
}

pub(super) use regie_store::unhex;

fn internal(e: impl std::fmt::Display) -> AccessError {
    AccessError::Internal(e.to_string().into())
}

/// At most this many password hashes are computed at once (each takes 19 MiB and a core for ~20 ms), so a
/// flood of sign-in attempts queues instead of exhausting memory.
static HASHING: std::sync::LazyLock<tokio::sync::Semaphore> = std::sync::LazyLock::new(|| {
    tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
});

/// Runs argon2id work off the async threads, a few at a time.
async fn argon2<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, AccessError> + Send + 'static,
) -> Result<T, AccessError> {
    let _permit = HASHING.acquire().await.map_err(internal)?;
    tokio::task::spawn_blocking(work).await.map_err(internal)?
}

/// Hashes a password with argon2id (the crate's defaults follow OWASP's recommendation).
pub(super) async fn hash_password(password: String) -> Result<String, AccessError> {
    argon2(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(internal)
    })
    .await
}

/// Checks a password against a PHC hash.
async fn verify_password(password: String, hash: String) -> Result<bool, AccessError> {
    argon2(move || {
        let parsed = PasswordHash::new(&hash).map_err(internal)?;
        Ok(Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await
}

impl Access {
    /// Gives a professional (by username) a password to sign in to the web application with.
    pub async fn set_professional_password(&self, username: &str, password: &str) -> Result<(), AccessError> {
        let signed_in = self.sign_in_as(username).await?;
        check_password(password)?;
        let hash = hash_password(password.to_owned()).await?;
        let holder = AccountHolder::Professional(signed_in.professional.id);
        Ok(self.store.put_account(username, &hash, holder).await?)
    }

    /// Gives a household member a portal account; they must be a parent or 12 or older in a household now.
    pub async fn set_family_password(
        &self,
        username: &str,
        person: regie_domain::PersonId,
        password: &str,
    ) -> Result<(), AccessError> {
        self.family_member(person).await?.ok_or_else(|| {
            AccessError::from(DomainError::invalid(
                "person",
                "no_portal",
                "the portal is for parents and household members aged 12 or older",
                "het portaal is voor ouders en gezinsleden van 12 jaar of ouder",
            ))
        })?;
        if self.store.professional_by_username(username).await?.is_some() {
            return Err(DomainError::invalid(
                "username",
                "username_taken",
                "a professional has this username",
                "een professional heeft deze gebruikersnaam",
            )
            .into());
        }
        check_password(password)?;
        let hash = hash_password(password.to_owned()).await?;
        Ok(self
            .store
            .put_account(username, &hash, AccountHolder::Person(person))
            .await?)
    }

    /// Signs in with a username and password: a session, or a half-done sign-in that asks for the second
    /// factor next (or, for a professional where it is required, sets one up first).
    pub async fn sign_in(&self, username: &str, password: &str) -> Result<SignInStep, SignInRefused> {
        let now = time::now();
        let username = username.trim();
        self.count_attempt(username, now).await?;
        let account = self.store.account(username).await.map_err(AccessError::from)?;
        let hash = match &account {
            Some(a) => a.password_hash.clone(),
            None => dummy_hash().await?,
        };
        let matches = verify_password(password.to_owned(), hash).await?;
        let Some(account) = account.filter(|_| matches) else {
            return Err(SignInRefused::Wrong);
        };
        // Said only after the right password, so it tells nobody else that the username exists.
        if let AccountHolder::Professional(id) = account.holder {
            let found = self.store.professional(id).await.map_err(AccessError::from)?;
            if found.is_some_and(|(p, _)| p.ended.is_some()) {
                return Err(SignInRefused::Ended);
            }
        }
        Ok(self.after_password(&account, now).await?)
    }

    /// Counts a sign-in attempt (a password or a second factor's code) before it is checked, so parallel
    /// guesses each see their own count and the lock holds; the domain's gate decides on the failures before
    /// this attempt, and slows it down or refuses it.
    pub(super) async fn count_attempt(&self, username: &str, now: Timestamp) -> Result<(), SignInRefused> {
        match self.gate_attempt(username, now).await? {
            None => Ok(()),
            Some(minutes) => Err(SignInRefused::Locked(minutes)),
        }
    }

    /// Counts a signed-in user's own attempt with a password or code, for a change to their account, as
    /// [`Self::count_attempt`] counts a sign-in: refused while the account is locked.
    pub(super) async fn count_own_attempt(&self, username: &str, now: Timestamp) -> Result<(), AccessError> {
        match self.gate_attempt(username, now).await? {
            None => Ok(()),
            Some(minutes) => Err(super::second_factor::locked(minutes).into()),
        }
    }

    /// Counts an attempt and waits the gate's delay; the minutes still locked when it is refused.
    async fn gate_attempt(&self, username: &str, now: Timestamp) -> Result<Option<i64>, AccessError> {
        // Known or unknown, every username is counted, slowed down and locked the same way, so neither
        // the answers nor their timing tell which usernames exist.
        let before = self.store.sign_in_attempts(username).await?;
        let forget_before = now - SignedDuration::from_hours(FORGET_ATTEMPTS_HOURS);
        let counted = (self.store)
            .count_sign_in(username, now, forget_before, lock_window(now))
            .await?;
        let Some(attempts) = counted else {
            // Locked: refused without counting, so the lock ends at its time.
            let minutes = match sign_in_gate(LOCK_AFTER, before.map(|(_, at)| at), now) {
                SignInGate::Locked { minutes } => minutes,
                SignInGate::Try { .. } => 1,
            };
            return Ok(Some(minutes));
        };
        match sign_in_gate(attempts.saturating_sub(1), before.map(|(_, at)| at), now) {
            SignInGate::Locked { minutes } => Ok(Some(minutes)),
            SignInGate::Try { delay } => {
                tokio::time::sleep(delay).await;
                Ok(None)
            }
        }
    }

    /// Starts a session for an account whose sign-in succeeded; returns its cookie value.
    pub(super) async fn start_session(&self, username: &str, now: Timestamp) -> Result<String, AccessError> {
        let cookie = random_token()?;
        let csrf = random_token()?;
        let expires = now + SignedDuration::from_hours(SESSION_HOURS);
        (self.store)
            .create_session(&token_hash(&cookie), username, &csrf, now, expires)
            .await?;
        Ok(cookie)
    }

    /// The session a cookie value belongs to, if it is valid and its holder may still sign in.
    pub async fn session(&self, cookie: &str) -> Result<Option<Session>, AccessError> {
        let Some(session) = self.store.session(&token_hash(cookie), time::now()).await? else {
            return Ok(None);
        };
        let visitor = match session.account.holder {
            // Ending an access ends its sessions; one begun at that very moment is not let in either.
            AccountHolder::Professional(id) => match self.store.professional(id).await? {
                Some((professional, organisation)) if professional.ended.is_none() => {
                    Some(Visitor::Professional(self.signed_in(professional, organisation).await?))
                }
                _ => None,
            },
            AccountHolder::Person(id) => self.family_member(id).await?.map(Visitor::Family),
        };
        Ok(visitor.map(|visitor| Session {
            visitor,
            csrf_token: session.csrf_token,
            must_change: session.account.must_change,
        }))
    }

    /// The signed-in user (of the session `cookie`) changes their own password: the current password must
    /// be right, the new one at least 12 characters and typed twice the same; every wrong field is named at
    /// once. A wrong current password counts as a failed sign-in, and the sign-in's delays and lock apply
    /// here too. Storing the new password ends every session of the account, this one included.
    pub async fn change_own_password(
        &self,
        cookie: &str,
        current: &str,
        new: &str,
        repeated: &str,
    ) -> Result<(), AccessError> {
        let now = time::now();
        let Some(session) = self.store.session(&token_hash(cookie), now).await? else {
            return Err(AccessError::not_found("session"));
        };
        let account = session.account;
        let mut errors: Vec<DomainError> = password_rule("new", new).err().into_iter().collect();
        if new != repeated {
            errors.push(DomainError::invalid(
                "repeated",
                "not_the_same",
                "type the new password twice the same",
                "typ het nieuwe wachtwoord twee keer hetzelfde",
            ));
        }
        // Guessing the current password here meets the same delays and lock as signing in: the attempt is
        // counted before the password is checked (so guesses sent in parallel meet the lock too), while
        // locked it is not checked, and a right one clears the count again.
        self.count_own_attempt(&account.username, now).await?;
        if verify_password(current.to_owned(), account.password_hash.clone()).await? {
            self.store.clear_sign_in_attempts(&account.username).await?;
        } else {
            errors.insert(
                0,
                DomainError::invalid(
                    "current",
                    "wrong_password",
                    "the current password is not right",
                    "uw huidige wachtwoord klopt niet: typ het wachtwoord waarmee u inlogde",
                ),
            );
        }
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let hash = hash_password(new.to_owned()).await?;
        Ok(self.store.put_account(&account.username, &hash, account.holder).await?)
    }

    /// Ends the session of a cookie value (and clears out expired ones).
    pub async fn sign_out(&self, cookie: &str) -> Result<(), AccessError> {
        Ok(self.store.end_session(&token_hash(cookie), time::now()).await?)
    }
}

/// A temporary password an administrator passes on: four groups of four characters, 79 bits.
fn temporary_password() -> Result<String, AccessError> {
    readable_code(4)
}

/// `groups` groups of four random characters without look-alikes (no 0/o, 1/l/i), joined by dashes: about 20
/// bits a group. Random bytes of 248 and up are skipped, so each character is equally likely.
pub(super) fn readable_code(groups: usize) -> Result<String, AccessError> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let fair = (256 / ALPHABET.len() * ALPHABET.len()) as u8;
    let mut chars: Vec<char> = Vec::with_capacity(4 * groups);
    while chars.len() < 4 * groups {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| AccessError::Internal(Box::new(e)))?;
        chars.extend(
            (bytes.iter())
                .filter(|b| **b < fair)
                .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()])),
        );
    }
    chars.truncate(4 * groups);
    Ok(chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-"))
}

/// What `professional` still holds: the open cases they lead or are consulted on, and those whose route
/// names them otherwise (a scale-up's local lead, a justice route).
async fn holdings(store: &dyn regie_store::Store, professional: &Professional) -> Result<Holdings, AccessError> {
    let mut cases = store.open_cases_involving(&[professional.id]).await?;
    cases.extend(store.open_cases_naming(professional.id).await?);
    Ok(Holdings::of(professional.id, &cases, time::today()))
}

/// A colleague who may be leaving, with what they hold and whether their access can end now.
#[derive(Debug)]
pub struct Departure {
    /// Who.
    pub colleague: Professional,
    /// The work still in their name.
    pub held: Holdings,
    /// Who would end it.
    by: EndedBy,
    /// The end as the domain decided it now, or why it cannot be (work held, a role, already ended, one's
    /// own).
    verdict: Result<Ended, DomainError>,
}

impl Departure {
    /// What `by` may do about `colleague`'s access now.
    async fn of(store: &dyn regie_store::Store, colleague: Professional, by: EndedBy) -> Result<Self, AccessError> {
        let held = holdings(store, &colleague).await?;
        let holds_role = !store.roles(colleague.id).await?.is_empty();
        let verdict = end_access(&colleague, by, holds_role, &held, time::now());
        Ok(Self {
            colleague,
            held,
            by,
            verdict,
        })
    }

    /// Why the access cannot end now; none when it can.
    pub fn refusal(&self) -> Option<&DomainError> {
        self.verdict.as_ref().err()
    }

    /// Ends the access as decided, with its sessions and tokens; refused as decided, or as it stands when
    /// something changed meanwhile (another administrator ended it, a case was given to them).
    async fn end(self, store: &dyn regie_store::Store) -> Result<Professional, AccessError> {
        let ended = self.verdict?;
        let unless_leading = !matches!(self.by, EndedBy::Operator { despite_work: true });
        if !store.end_access(&self.colleague, ended, unless_leading).await? {
            let now = store.professional(self.colleague.id).await?.map(|(p, _)| p);
            let now = now.ok_or_else(|| AccessError::not_found("professional"))?;
            let again = Self::of(store, now, self.by).await?;
            return Err(match (again.refusal(), again.colleague.ended) {
                (Some(refusal), _) => refusal.clone(),
                (None, Some(_)) => already_ended(&again.colleague),
                // Work given to them a moment ago has gone again: nothing is wrong, only late.
                (None, None) => DomainError::conflict(
                    Some("username"),
                    "changed_meanwhile",
                    "the colleague's work changed meanwhile: try again",
                    "Het werk van deze collega veranderde net. Probeer het opnieuw.",
                ),
            }
            .into());
        }
        Ok(Professional {
            ended: Some(ended),
            ..self.colleague
        })
    }
}

impl Access {
    /// Ends a professional's access (by username), from the command line, once their work is handed over or
    /// `despite_work`; the operator may do so for one who holds a role. See [`Scope::end_access`].
    pub async fn end_access_as_operator(
        &self,
        username: &str,
        despite_work: bool,
    ) -> Result<Professional, AccessError> {
        let (colleague, _) = self.professional_named(username).await?;
        let by = EndedBy::Operator { despite_work };
        let departure = Departure::of(self.store.as_ref(), colleague, by).await?;
        departure.end(self.store.as_ref()).await
    }

    /// Gives back the access of a professional (by username) that was ended by mistake, from the command
    /// line; `false` when it had not ended. They sign in with their password as before (or get a new one).
    pub async fn reinstate(&self, username: &str) -> Result<bool, AccessError> {
        let (professional, _) = self.professional_named(username).await?;
        Ok(self.store.reinstate(professional.id, time::now()).await?)
    }

    /// A professional by username with their organisation, whether or not their access has ended.
    pub(super) async fn professional_named(
        &self,
        username: &str,
    ) -> Result<(Professional, regie_domain::Organisation), AccessError> {
        let found = match self.store.professional_by_username(username.trim()).await? {
            Some(p) => self.store.professional(p.id).await?,
            None => None,
        };
        found.ok_or_else(|| {
            AccessError::refused(
                crate::Refusal::NotFound,
                Some("user"),
                "unknown_user",
                format!("there is no professional with username {username:?}"),
                format!("er is geen professional met gebruikersnaam {username:?}"),
            )
        })
    }

    /// Gives a professional (by username) a role for their organisation, from the command line.
    pub async fn appoint(&self, username: &str, role: Role) -> Result<(), AccessError> {
        let who = self.sign_in_as(username).await?;
        Ok(self.store.appoint(who.professional.id, role).await?)
    }

    /// Takes a role away from a professional (by username), from the command line.
    pub async fn dismiss(&self, username: &str, role: Role) -> Result<(), AccessError> {
        // Also of one whose access has ended, so that an undo does not bring the role back unasked.
        let (professional, _) = self.professional_named(username).await?;
        Ok(self.store.dismiss(professional.id, role).await?)
    }
}

impl Scope<'_> {
    /// Refuses anyone but their organisation's administrator.
    pub(super) async fn must_administer(&self) -> Result<(), AccessError> {
        if self.holds(Role::Administrator).await? {
            return Ok(());
        }
        Err(DomainError::forbidden(
            "not_administrator",
            "only your organisation's administrator manages its accounts",
            "alleen de functioneel beheerder van uw organisatie beheert de accounts",
        )
        .into())
    }

    /// The accounts the actor manages as their organisation's administrator: its professionals, by name
    /// (directory data, no client data).
    pub async fn administered(&self) -> Result<Vec<Professional>, AccessError> {
        self.must_administer().await?;
        let mut found: Vec<Professional> = (self.store.professionals(self.actor.region).await?.into_iter())
            .filter(|(_, o)| o.id == self.actor.organisation)
            .map(|(p, _)| p)
            .collect();
        // By name as a person reads it: "de Vries" among the d's, "Ünal" among the u's.
        // The username breaks a tie, so that pages of the list neither repeat nor skip a namesake.
        found.sort_by_cached_key(|p| (regie_domain::person::normalise(&p.display_name), p.username.clone()));
        Ok(found)
    }

    /// The actor's own work phone and e-mail, as families read them in the portal.
    pub async fn own_contact(&self) -> Result<Contact, AccessError> {
        let (me, _) = (self.store.professional(self.actor.professional).await?)
            .ok_or_else(|| AccessError::not_found("professional"))?;
        Ok(me.contact)
    }

    /// Changes the actor's own work phone and e-mail, as typed (empty means none; every wrong field is named
    /// at once). Directory data, no client data: nothing is logged.
    pub async fn set_own_contact(&self, phone: &str, email: &str) -> Result<Contact, AccessError> {
        let contact = Contact::parse(phone, email)?;
        let me = ContactOf::Professional(self.actor.professional);
        self.store.set_contact(me, &contact).await?;
        Ok(contact)
    }

    /// The teams of the administrator's organisation, with their contact details.
    pub async fn administered_teams(&self) -> Result<Vec<Team>, AccessError> {
        self.must_administer().await?;
        Ok(self.store.teams_of(self.actor.organisation).await?)
    }

    /// Changes the phone and e-mail of a team of the administrator's organisation: the portal shows them
    /// for a contact person who gave none of their own.
    /// `phone` and `email` as typed, checked once the actor is known to administer the team.
    pub async fn set_team_contact(&self, team: TeamId, phone: &str, email: &str) -> Result<Team, AccessError> {
        let mut found = (self.administered_teams().await?.into_iter())
            .find(|t| t.id == team)
            .ok_or_else(|| AccessError::not_found("team"))?;
        let contact = Contact::parse(phone, email)?;
        self.store.set_contact(ContactOf::Team(team), &contact).await?;
        found.contact = contact;
        Ok(found)
    }

    /// The newest `limit` password resets of the administrator's organisation's accounts, newest first:
    /// (whose, by whom, when), for the Accounts page.
    pub async fn password_resets(&self, limit: usize) -> Result<Vec<(String, String, jiff::Timestamp)>, AccessError> {
        self.must_administer().await?;
        let found = (self.store)
            .password_resets(self.actor.organisation, i64::try_from(limit).unwrap_or(i64::MAX))
            .await?;
        let mut by: Vec<regie_domain::ProfessionalId> = found.iter().map(|(_, by, _)| *by).collect();
        by.sort_unstable();
        by.dedup();
        let names: std::collections::HashMap<_, _> = (self.store.professionals_by_id(&by).await?.into_iter())
            .map(|(p, _)| (p.id, p.display_name))
            .collect();
        Ok(found
            .into_iter()
            .map(|(username, by, at)| {
                let by = names.get(&by).cloned().unwrap_or_else(|| "een beheerder".to_owned());
                (username, by, at)
            })
            .collect())
    }

    /// A professional of the administrator's own organisation, by username; another organisation's are not
    /// this administrator's to know of.
    async fn colleague(&self, username: &str) -> Result<Professional, AccessError> {
        self.must_administer().await?;
        (self.store.professional_by_username(username.trim()).await?)
            .filter(|p| p.organisation_id == self.actor.organisation)
            .ok_or_else(|| {
                AccessError::refused(
                    crate::Refusal::NotFound,
                    Some("username"),
                    "unknown_account",
                    "your organisation has no account with this username",
                    "Uw organisatie heeft geen account met deze gebruikersnaam. Kies een collega uit de lijst.",
                )
            })
    }

    /// A colleague of the administrator's organisation who may be leaving: the work still in their name (as
    /// counts: the administrator is not involved in those families, so no case or household is named) and
    /// why their access cannot end now, if it cannot.
    pub async fn departure(&self, username: &str) -> Result<Departure, AccessError> {
        let colleague = self.colleague(username).await?;
        let by = EndedBy::Administrator(self.actor.professional);
        Departure::of(self.store, colleague, by).await
    }

    /// Ends the access of a colleague of the administrator's organisation who leaves it, once their work is
    /// handed over (`regie_domain::departure::end_access`): their sessions, half-done sign-ins and API
    /// tokens end with it, they cannot sign in again and no form offers them any more.
    pub async fn end_access(&self, username: &str) -> Result<Professional, AccessError> {
        let colleague = self.colleague(username).await?;
        let by = EndedBy::Administrator(self.actor.professional);
        Departure::of(self.store, colleague, by).await?.end(self.store).await
    }

    /// Gives a colleague of the administrator's own organisation a new, temporary password and returns it
    /// once, to pass on in person; every session and API token of the account ends and its sign-in lock is
    /// lifted. At their next sign-in the colleague must choose their own before anything else, and the reset
    /// is recorded (whose, by whom, when). Only an existing account, never of a colleague who holds a role
    /// (the operator resets those), never one's own (the password page), never one whose access has ended.
    pub async fn reset_password(&self, username: &str) -> Result<(Professional, String), AccessError> {
        let colleague = self.colleague(username).await?;
        if colleague.ended.is_some() {
            return Err(DomainError::conflict(
                Some("username"),
                "access_ended",
                "this colleague's access has ended",
                format!(
                    "De toegang van {} is beëindigd: een wachtwoord geeft u niet meer.",
                    colleague.display_name
                ),
            )
            .into());
        }
        if colleague.id == self.actor.professional {
            return Err(DomainError::invalid(
                "username",
                "own_account",
                "change your own password on the password page",
                "Voor uw eigen account maakt u geen tijdelijk wachtwoord: wijzig uw wachtwoord zelf op de pagina Wachtwoord wijzigen.",
            )
            .into());
        }
        // Those who hold a role themselves are reset from the command line: an administrator must not be able
        // to sign in as the reviewer who judges their emergency accesses, or as another administrator.
        if !self.store.roles(colleague.id).await?.is_empty() {
            return Err(DomainError::forbidden(
                "holds_role",
                "a colleague who is a reviewer or administrator gets a new password from the operator (regie account password)",
                "Een collega die beoordelaar of beheerder is, krijgt een nieuw wachtwoord via de applicatiebeheerder (regie account password).",
            )
            .into());
        }
        // Only an account that exists: a reset never makes one for a professional who never signed in.
        if (self.store.account(&colleague.username).await?).is_none() {
            return Err(DomainError::invalid(
                "username",
                "no_account",
                "this colleague has no account to sign in with yet: the operator gives them one (regie account password)",
                "Deze collega heeft nog geen account om mee in te loggen; de applicatiebeheerder maakt dat aan (regie account password).",
            )
            .into());
        }
        let password = temporary_password()?;
        let hash = hash_password(password.clone()).await?;
        // A reset is for an account that may be in the wrong hands: its API tokens go too, before the new
        // password is set (if that fails, the tokens are gone and the old password stays: the safe side).
        self.store.revoke_tokens(colleague.id).await?;
        let holder = AccountHolder::Professional(colleague.id);
        (self.store)
            .put_temporary_password(&colleague.username, &hash, holder, self.actor.professional, time::now())
            .await?;
        Ok((colleague, password))
    }
}

/// A password must be long enough to resist guessing (NCSC: at least 12 characters for a passphrase).
fn check_password(password: &str) -> Result<(), AccessError> {
    Ok(password_rule("password", password)?)
}

/// A password (in request field `field`) has at least 12 characters.
fn password_rule(field: &'static str, password: &str) -> Result<(), DomainError> {
    if password.chars().count() < 12 {
        return Err(DomainError::invalid(
            field,
            "too_short",
            "a password has at least 12 characters",
            "een wachtwoord heeft minstens 12 tekens",
        ));
    }
    Ok(())
}

/// An argon2id hash of a random password nobody knows, checked for usernames without an account so that
/// they take as long as real ones. Made once, on first use.
async fn dummy_hash() -> Result<String, AccessError> {
    static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DUMMY
        .get_or_try_init(|| async { hash_password(random_token()?).await })
        .await
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_temporary_password_is_four_groups_of_unmistakable_characters_and_long_enough() {
        let mut seen = std::collections::HashSet::new();
        for _ in 0..200 {
            let p = temporary_password().unwrap();
            let groups: Vec<&str> = p.split('-').collect();
            assert_eq!(groups.iter().map(|g| g.len()).collect::<Vec<_>>(), [4, 4, 4, 4], "{p}");
            assert!(
                p.chars()
                    .all(|c| c == '-' || "abcdefghjkmnpqrstuvwxyz23456789".contains(c)),
                "{p}"
            );
            assert!(check_password(&p).is_ok(), "the sign-in's own rule accepts it");
            seen.insert(p);
        }
        assert_eq!(seen.len(), 200, "never the same twice");
    }
}
