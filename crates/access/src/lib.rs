//! The access layer: the one door to personal data.
//!
//! Handlers never see the store. They get an [`Access`] from the application state and ask it, as an
//! [`Actor`], for a [`Scope`]; every read and write of personal data goes through a `Scope` method, which
//! asks the statutory-task policy whether the actor's organisation may do it at all and writes the
//! processing-log record (who, for which organisation, which purpose, which household or person). Every
//! method that reaches a household's file also checks need-to-know (F19, `regie_domain::involvement`): the
//! actor works in the file only while they, their team or their organisation's task are involved in it;
//! others learn only that the household is known, and to whom. Consent and legal grounds (F18) are
//! checked here too. The web crate (API and pages) and the command line both use this crate; the store
//! stays private to it.

mod accounts;
mod consent;
mod directory;
mod emergency;
pub mod error;
mod family;
mod justice;
mod lawyer;
mod letters;
mod log;
mod merge;
mod oidc;
mod partners;
mod questionnaire;
mod regions;
mod research;
mod retention;
mod rights;
mod second_factor;
mod steering;
mod webhooks;

pub use accounts::{Departure, Session, SignInRefused, Visitor, random_token};
pub use consent::ConsentItem;
pub use emergency::EmergencyItem;
pub use family::{FamilyMember, FamilyScope, PortalContact, PortalView};
pub use justice::{
    Child, ConclusionInput, CourtFile, INVESTIGATIONS_PAGE, InvestigationItem, JUSTICE_PAGE, JusticeItem,
    MeasureNotice, Whose,
};
pub use lawyer::{LAWYER_ACTIVITY, LawyerView};
pub use log::{LOG_PAGE, LogCheck, LogProblem, ProcessingLine};
pub use oidc::{CLAIMS, OidcRefused};
pub use partners::{DueMeasure, NamedChild, OwnTrack};
pub use questionnaire::Invitation;
pub use regie_domain::involvement::Involvement;
pub use regions::{RegionComparison, RegionSettings};
pub use research::{Journeys, ResearchExport};
pub use retention::{DESTRUCTION_ACTIVITY, RetentionRun, RetentionView};
pub use rights::{CaseCopy, FileCopy, Processing, SUBJECT_ACCESS_ACTIVITY, TimelineEntry};
pub use second_factor::{Enrolment, OwnSecondFactor, RECOVERY_CODES, SignInStep};
pub use steering::{POLICY_ACTIVITY, SteeringFigures};
pub use webhooks::{DeliveryRound, DeliveryView, NotificationSettings, SubscriptionView, signature};

pub use error::{AccessError, Reason, Refusal};
use jiff::Timestamp;
use jiff::civil::Date;
use regie_domain::CaseContext;
use regie_domain::calendar::Calendar;
use regie_domain::departure::Holdings;
use regie_domain::error::both;
use regie_domain::help::HelpKind;
use regie_domain::involvement::{HouseholdFacts, Viewer, gives_task, involvement, standing};
use regie_domain::person::MatchReason;
use regie_domain::policy::{Action, require};
use regie_domain::register::{self, Activity, Category};
use regie_domain::route::RouteVariant;
use regie_domain::signal::{AssessmentOutcome, Meldcode, MeldcodeRecord, NewSignal, Norms, Radar, Signal, radar};
use regie_domain::worklist::{Attention, attention, order_key};
use regie_domain::{
    Actor, Case, CaseEvent, CaseId, DomainError, Household, HouseholdId, Membership, MembershipId, NewEvent,
    Organisation, Person, PersonId, Professional, ProfessionalId, Region, Standing, Team, TeamId, time,
};
use regie_domain::{EventActor, Lead, LegalFrame, MeldcodeId, OrganisationId, Role, SignalId};
use regie_store::{
    CaseLink, Grounds, HouseholdSummary, ImportBatch, Member, Operation, PersonMatch, ProcessingRecord, Processor,
    SignalIntake, Span,
};
/// The store an [`Access`] is built on, and the household search it answers; the store's other types stay
/// inside this crate.
pub use regie_store::{HouseholdQuery, PoolUse, Store, WorkedWith};
use sha2::{Digest, Sha256};
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use tokio::sync::OnceCell;

/// The purpose recorded for work in a household's file (dossiervoering).
const PURPOSE: &str = "household_file";
/// The purpose recorded when an operator reads on a professional's behalf from the command line.
const OPERATOR_PURPOSE: &str = "operator_command_line";

tokio::task_local! {
    /// The trace of the request being handled, set by the web layer around each request.
    static TRACE: TraceParent;
}

/// A W3C trace context as it reaches Regie: the trace and the caller's span, if a caller sent one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TraceParent {
    /// The trace (16 bytes).
    pub trace_id: [u8; 16],
    /// The caller's span (8 bytes), the parent of Regie's processing.
    pub parent: Option<[u8; 8]>,
}

/// One processing's span (Logboek Dataverwerkingen): its first log record is the span itself, a child of
/// the caller's span when a partner's `traceparent` named one; every later record (one per data subject) is
/// its child. So every parent a record names is a record too, or the partner's own.
#[derive(Debug)]
pub(crate) struct ProcessingSpan {
    trace: TraceParent,
    own: [u8; 8],
    opened: std::sync::atomic::AtomicBool,
}

impl ProcessingSpan {
    /// A span in the request's trace (or a new trace).
    pub(crate) fn new() -> Self {
        Self {
            trace: TRACE.try_with(|t| *t).unwrap_or_else(|_| TraceParent::fresh()),
            own: random_bytes(),
            opened: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// The span of the processing's next log record.
    pub(crate) fn next(&self) -> Span {
        if self.opened.swap(true, std::sync::atomic::Ordering::Relaxed) {
            Span {
                trace_id: self.trace.trace_id,
                span_id: random_bytes(),
                parent_span_id: Some(self.own),
            }
        } else {
            Span {
                trace_id: self.trace.trace_id,
                span_id: self.own,
                parent_span_id: self.trace.parent,
            }
        }
    }
}

impl TraceParent {
    /// A new trace, for a request that brought none.
    pub fn fresh() -> Self {
        Self {
            trace_id: random_bytes(),
            parent: None,
        }
    }

    /// Parses a `traceparent` header (`00-<32 hex>-<16 hex>-<2 hex>`, W3C Trace Context level 1); an
    /// invalid one (or the all-zero ids the standard forbids) is none, and the request starts a new trace.
    pub fn parse(header: &str) -> Option<Self> {
        let mut parts = header.trim().split('-');
        let (version, trace, span, flags) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
        if version.len() != 2 || version == "ff" || flags.len() != 2 || (version == "00" && parts.next().is_some()) {
            return None;
        }
        let trace_id: [u8; 16] = accounts::unhex(trace)?.try_into().ok()?;
        let span_id: [u8; 8] = accounts::unhex(span)?.try_into().ok()?;
        accounts::unhex(flags)?;
        if trace_id == [0; 16] || span_id == [0; 8] {
            return None;
        }
        Some(Self {
            trace_id,
            parent: Some(span_id),
        })
    }

    /// Runs `work` within this trace: every processing it logs belongs to it.
    pub async fn scope<F: std::future::Future>(self, work: F) -> F::Output {
        TRACE.scope(self, work).await
    }
}

/// Random bytes for trace and span ids.
fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    // The operating system's generator does not fail on the platforms Regie runs on; a zero id would only
    // make a span less unique, never leak anything.
    let _ = getrandom::fill(&mut bytes);
    bytes
}

/// The one door to the store. Cheap to clone.
#[derive(Clone)]
pub struct Access {
    store: Arc<dyn Store>,
    /// The deployment's key for the sign-in form's CSRF token, loaded from the store on first use.
    csrf_key: Arc<OnceCell<Vec<u8>>>,
    /// Professionals must sign in with a second factor (F30): `regie serve` requires it unless told otherwise.
    second_factor_required: bool,
    /// Webhooks may go to plain `http` on loopback (the demo and tests); never in production.
    loopback_endpoints: bool,
    /// The professionals' teams and their regions' norms, kept briefly across requests.
    kept: Arc<SettingsCache>,
    /// The identity providers' discovery documents with their keys, kept across sign-ins.
    discovered: Arc<oidc::Discovered>,
}

/// How long a professional's team and their region's norms are taken as read (`SettingsCache`). A change
/// made through this server takes effect at once; one made through another instance of it, or from the
/// command line, within this time.
const SETTINGS_FOR: std::time::Duration = std::time::Duration::from_secs(10);

/// The answers of `Store::norms_and_team` per professional, each for [`SETTINGS_FOR`]: every request reads
/// them first, for need-to-know, and they change rarely. Reading them once per request instead cost the
/// appends 18% of their throughput with 16 clients on SQLite (docs/performance.md). Emptied whenever this
/// server changes a region's norms or adds a professional.
#[derive(Default)]
struct SettingsCache(std::sync::Mutex<HashMap<ProfessionalId, Kept>>);

/// A professional's settings as read at a moment: the region's norms and the colleagues of their team.
type Kept = (std::time::Instant, Norms, Vec<ProfessionalId>);

/// A person's memberships and their households, with the actor's ground in each household (in the same
/// order) and the households' current cases (`Scope::person_households`).
struct PersonHouseholds {
    memberships: Vec<Membership>,
    households: Vec<Household>,
    grounds: Vec<Option<Involvement>>,
    cases: HashMap<HouseholdId, Case>,
}

impl SettingsCache {
    /// The kept settings of a professional, unless older than [`SETTINGS_FOR`].
    fn get(&self, professional: ProfessionalId) -> Option<(Norms, Vec<ProfessionalId>)> {
        let kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        (kept.get(&professional))
            .filter(|(at, _, _)| at.elapsed() < SETTINGS_FOR)
            .map(|(_, norms, team)| (*norms, team.clone()))
    }

    /// Keeps a professional's settings as just read, dropping every expired entry first when the map has
    /// grown large (a region's professionals, not its households).
    fn put(&self, professional: ProfessionalId, norms: Norms, team: Vec<ProfessionalId>) {
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if kept.len() >= 10_000 {
            kept.retain(|_, (at, _, _)| at.elapsed() < SETTINGS_FOR);
        }
        kept.insert(professional, (std::time::Instant::now(), norms, team));
    }

    /// Forgets everything kept, after a change of norms or teams.
    fn clear(&self) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

/// A professional signed in with an API token.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// The professional.
    pub professional: Professional,
    /// Their organisation.
    pub organisation: Organisation,
    /// They review their organisation's emergency accesses (the privacy officer or team manager).
    pub reviewer: bool,
    /// They manage their organisation's accounts (functioneel beheerder).
    pub administrator: bool,
    /// They configure their region (functioneel beheerder van de regio).
    pub region_administrator: bool,
}

impl SignedIn {
    /// The actor they act as.
    pub fn actor(&self) -> Actor {
        Actor::of(self.professional.id, &self.organisation)
    }
}

/// A household's file as a professional sees it.
#[derive(Debug, Clone)]
pub struct HouseholdFile {
    /// The household.
    pub household: Household,
    /// Its members, current and former.
    pub members: Vec<Member>,
    /// Its open case.
    pub open_case: Option<Case>,
    /// Why the actor may work in it.
    pub ground: Involvement,
    /// Shown without names, BSNs, addresses and dates of birth (`regie_domain::involvement::anonymous_to`).
    pub anonymous: bool,
    /// Who holds parental authority over each child, in effect today: as registered, or the GI as guardian
    /// under a gezagsbeëindigende maatregel (none shown in an anonymous consultation).
    pub authority: Vec<regie_domain::authority::Authority>,
    /// The justice partners' tracks about its members (none shown in an anonymous consultation).
    pub tracks: Vec<regie_domain::partners::Track>,
}

/// A timeline entry with the names a reader needs.
#[derive(Debug, Clone)]
pub struct NamedEvent {
    /// The event.
    pub event: CaseEvent,
    /// Who acted.
    pub actor_name: String,
    /// For which organisation.
    pub organisation_name: String,
}

/// Hashes an API token for storage and look-up; tokens are random, so a fast hash is enough.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

use regie_store::hex;

impl Duplicate {
    /// Why they match.
    pub fn reason(&self) -> MatchReason {
        match self {
            Self::Visible(m) => m.reason,
            Self::Elsewhere { reason, .. } => *reason,
        }
    }
}

impl Access {
    /// Wraps a store. A second factor is optional until [`Access::requiring_second_factor`] says otherwise.
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self {
            store,
            csrf_key: Arc::default(),
            second_factor_required: false,
            loopback_endpoints: false,
            kept: Arc::default(),
            discovered: Arc::default(),
        }
    }

    /// The same access layer, letting webhook endpoints be plain `http` on this machine's loopback (for the
    /// demo and tests, with a receiver beside the server).
    pub fn allowing_loopback_endpoints(mut self, allowed: bool) -> Self {
        self.loopback_endpoints = allowed;
        self
    }

    /// The same access layer, with professionals required (or not) to sign in with a second factor.
    pub fn requiring_second_factor(mut self, required: bool) -> Self {
        self.second_factor_required = required;
        self
    }

    /// The professional a bearer token belongs to.
    pub async fn authenticate(&self, token: &str) -> Result<Option<SignedIn>, AccessError> {
        match self.store.professional_by_token(&token_hash(token)).await? {
            // Ending an access revokes its tokens; one issued at that very moment is not let in either.
            Some((professional, organisation)) if professional.ended.is_none() => {
                Ok(Some(self.signed_in(professional, organisation).await?))
            }
            _ => Ok(None),
        }
    }

    /// A signed-in professional, with whether they review their organisation's emergency accesses.
    async fn signed_in(&self, professional: Professional, organisation: Organisation) -> Result<SignedIn, AccessError> {
        let roles = self.store.roles(professional.id).await?;
        Ok(SignedIn {
            professional,
            organisation,
            reviewer: roles.contains(&Role::Reviewer),
            administrator: roles.contains(&Role::Administrator),
            region_administrator: roles.contains(&Role::RegionAdministrator),
        })
    }

    /// Issues a fresh API token for a professional and returns it; only its hash is stored.
    pub async fn issue_token(&self, username: &str) -> Result<String, AccessError> {
        let professional = self.sign_in_as(username).await?.professional;
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| AccessError::Internal(Box::new(e)))?;
        // The prefix lets secret scanners recognise a leaked token.
        let token = format!("regie_{}", hex(&bytes));
        self.store
            .store_token(&token_hash(&token), professional.id, time::now())
            .await?;
        Ok(token)
    }

    /// Signs in as a professional by username, for the operator's command line (no token involved).
    pub async fn sign_in_as(&self, username: &str) -> Result<SignedIn, AccessError> {
        let (professional, organisation) = self.professional_named(username).await?;
        if professional.ended.is_some() {
            return Err(AccessError::refused(
                Refusal::Forbidden,
                Some("user"),
                "access_ended",
                format!("the access of {username:?} has ended"),
                format!("de toegang van {username:?} is beëindigd"),
            ));
        }
        self.signed_in(professional, organisation).await
    }

    /// Acts as `actor` from here on.
    pub fn scope(&self, actor: Actor) -> Scope<'_> {
        Scope {
            store: self.store.as_ref(),
            shared: &self.store,
            actor,
            purpose: PURPOSE,
            activity: register::file_activity(actor.kind),
            span: ProcessingSpan::new(),
            settings: OnceCell::new(),
            kept: &self.kept,
            under_emergency: std::sync::Mutex::default(),
            loopback_endpoints: self.loopback_endpoints,
        }
    }

    /// Acts as `actor` for an operator at the command line: the processing log records that purpose, so a
    /// read on the professional's behalf is never mistaken for their own.
    pub fn operator_scope(&self, actor: Actor) -> Scope<'_> {
        Scope {
            purpose: OPERATOR_PURPOSE,
            ..self.scope(actor)
        }
    }

    /// Applies the store's migrations.
    pub async fn migrate(&self) -> Result<(), AccessError> {
        Ok(self.store.migrate().await?)
    }

    /// The regions configured in this database.
    pub async fn regions(&self) -> Result<Vec<Region>, AccessError> {
        Ok(self.store.regions().await?)
    }

    /// Configures a region with its organisations, teams and professionals (functional administration;
    /// the directory holds no client data).
    pub async fn configure_region(
        &self,
        region: &Region,
        organisations: &[Organisation],
        teams: &[Team],
        professionals: &[Professional],
    ) -> Result<(), AccessError> {
        self.store.create_region(region).await?;
        for o in organisations {
            self.store.create_organisation(o).await?;
        }
        for t in teams {
            self.store.create_team(t).await?;
        }
        for p in professionals {
            self.store.create_professional(p).await?;
        }
        self.kept.clear();
        Ok(())
    }

    /// Refreshes the database's planner statistics, and on PostgreSQL its visibility map (after a bulk import).
    pub async fn analyze(&self) -> Result<(), AccessError> {
        Ok(self.store.analyze().await?)
    }

    /// Drops the indexes a bulk import only writes, until [`Access::create_deferred_indexes`] (`regie
    /// generate`, into a database nobody serves yet).
    pub async fn drop_indexes_for_import(&self) -> Result<(), AccessError> {
        Ok(self.store.drop_indexes_for_import().await?)
    }

    /// Creates the indexes [`Access::drop_indexes_for_import`] dropped.
    pub async fn create_deferred_indexes(&self) -> Result<(), AccessError> {
        Ok(self.store.create_deferred_indexes().await?)
    }

    /// The store's backend name, for the health check.
    pub fn backend(&self) -> &'static str {
        self.store.backend()
    }

    /// Writes a consistent copy of the whole database to the new file `path` (SQLite) while the servers go
    /// on writing: for `regie backup`, run by the deployment's operator, who holds the database already.
    pub async fn backup_into(&self, path: &str) -> Result<(), AccessError> {
        Ok(self.store.backup_into(path).await?)
    }

    /// The database connection pools' use, for `/metrics` (no personal data).
    pub fn pools(&self) -> Vec<PoolUse> {
        self.store.pools()
    }

    /// The group commit's batch sizes, for `/metrics` (no personal data).
    pub fn commit_batch_sizes(&self) -> prometheus_client::metrics::histogram::Histogram {
        self.store.commit_batch_sizes()
    }

    /// The database migrations still to apply (empty when ready to serve), for the readiness check; an
    /// error when the database cannot be reached. No personal data.
    pub async fn pending_migrations(&self) -> Result<Vec<i64>, AccessError> {
        Ok(self.store.pending_migrations().await?)
    }
}

/// Access to personal data on behalf of one actor.
pub struct Scope<'a> {
    store: &'a dyn Store,
    /// The same store, for work that outlives the call (the research export's streaming).
    shared: &'a Arc<dyn Store>,
    actor: Actor,
    purpose: &'static str,
    /// The processing activity of the register the actor's organisation performs.
    activity: Option<&'static Activity>,
    /// This processing's span in its trace (continued from a partner's `traceparent`, or new).
    span: ProcessingSpan,
    /// The actor with the colleagues who may cover for them, and the region's norms, looked up once per
    /// scope (one request): see `Scope::settings`.
    settings: OnceCell<(Viewer, Norms)>,
    /// The settings kept across requests, which `settings` starts from.
    kept: &'a SettingsCache,
    /// The households this processing reaches through an emergency access: its records say so.
    under_emergency: std::sync::Mutex<HashSet<HouseholdId>>,
    /// Webhook endpoints may be plain `http` on loopback (the deployment's choice, for the demo and tests).
    loopback_endpoints: bool,
}

/// What someone who is not involved learns of a household they looked for: that it is known, and to
/// whom, as the Verwijsindex tells (no names of members, no content).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownElsewhere {
    /// The household.
    pub household_id: HouseholdId,
    /// The organisation that works with it (its case's lead's, or the one that registered it).
    pub organisation: String,
    /// The case's fixed contact person, when it has an open case.
    pub contact: Option<String>,
}

/// A page of the household search: the households the actor is involved in, and the others that match an
/// identifying query (a BSN, or a name with a birth date) as "known elsewhere".
#[derive(Debug, Clone, Default)]
pub struct HouseholdPage {
    /// The households the actor may open.
    pub households: Vec<HouseholdSummary>,
    /// The others.
    pub known_elsewhere: Vec<KnownElsewhere>,
    /// Where the next page starts: the last household the store returned, when the page was full.
    pub next_after: Option<HouseholdId>,
}

/// A possible duplicate of a person being registered.
#[derive(Debug, Clone)]
pub enum Duplicate {
    /// A person in a household the actor is involved in (or in none): shown whole.
    Visible(PersonMatch),
    /// A person known only elsewhere: their id (to add them to a household without seeing them), why
    /// they match, and to whom they are known.
    Elsewhere {
        /// The person.
        person_id: PersonId,
        /// Why they match.
        reason: MatchReason,
        /// The households they live in, as known elsewhere.
        known: Vec<KnownElsewhere>,
    },
}

/// One row of a signal import: its line in the file, the person it concerns (registered when not found)
/// and the signal.
pub struct SignalRow {
    /// The line in the file, for error messages.
    pub line: u64,
    /// The person as the row describes them.
    pub person: Person,
    /// The signal (its persons are filled in by the import).
    pub signal: NewSignal,
}

/// Why an import wrote nothing.
#[derive(Debug)]
pub enum ImportRefused {
    /// These rows (line, reason) are refused.
    Rows(Vec<(u64, String)>),
    /// The store failed.
    Store(AccessError),
}

/// A signal with whom it is about and, for the organisation that assesses it, what surrounds it.
#[derive(Debug, Clone)]
pub struct TriageItem {
    /// The signal.
    pub signal: Signal,
    /// The persons it is about.
    pub subjects: Vec<Person>,
    /// Its household and open case, for its receiver.
    pub surroundings: Surroundings,
}

/// What surrounds a signal for the organisation that assesses it: empty for anyone else.
#[derive(Debug, Clone, Default)]
pub struct Surroundings {
    /// The household the signal is linked to.
    pub household: Option<Household>,
    /// That household's open case.
    pub open_case: Option<Case>,
    /// The signal is about a child, and no child lives in the linked household: check the link.
    pub child_outside_household: bool,
}

/// One open case on a worklist.
pub struct WorkItem {
    /// The case.
    pub case: Case,
    /// Its household's name.
    pub household_name: String,
    /// What needs attention today; empty when nothing does.
    pub attention: Vec<Attention>,
    /// On a colleague's list ([`Scope::team_worklist_of`]): what that colleague holds in this case.
    pub held: Option<Holdings>,
}

/// The outcome of registering a person.
pub enum PersonRegistration {
    /// The person was created.
    Created(Person),
    /// Possible duplicates were found and the caller did not confirm a new person.
    PossibleDuplicates(Vec<Duplicate>),
}

impl Scope<'_> {
    /// The actor.
    pub fn actor(&self) -> Actor {
        self.actor
    }

    /// A processing-log record of this scope's processing: its own span, a child of the calling partner's
    /// span when a partner sent one (so its call and this processing share a trace), else of this
    /// processing's span.
    fn record(
        &self,
        operation: Operation,
        household: Option<HouseholdId>,
        person: Option<PersonId>,
    ) -> ProcessingRecord {
        ProcessingRecord {
            at: time::now(),
            actor: Processor::Professional(self.actor),
            purpose: self.purpose,
            operation,
            household,
            person,
            activity: self.activity.map_or("", |a| a.id),
            span: self.span.next(),
            emergency: household
                .is_some_and(|h| (self.under_emergency.lock().unwrap_or_else(|e| e.into_inner())).contains(&h)),
        }
    }

    /// Whether the actor holds `role` for their organisation.
    async fn holds(&self, role: Role) -> Result<bool, AccessError> {
        Ok(self.store.roles(self.actor.professional).await?.contains(&role))
    }

    async fn log(&self, records: Vec<ProcessingRecord>) -> Result<(), AccessError> {
        self.store.log_processing(&records).await?;
        Ok(())
    }

    /// The persons who are members of a household on `on`.
    async fn current_members(&self, household: HouseholdId, on: Date) -> Result<Vec<PersonId>, AccessError> {
        Ok((self.store.members(household).await?.into_iter())
            .filter(|m| m.membership.is_current_on(on))
            .map(|m| m.person.id)
            .collect())
    }

    /// Refuses, on request field `field`, a person id that names no one.
    async fn existing_persons(&self, field: &'static str, persons: &[PersonId]) -> Result<(), AccessError> {
        let found: HashSet<PersonId> = (self.store.persons(persons).await?.into_iter()).map(|p| p.id).collect();
        if persons.iter().any(|p| !found.contains(p)) {
            return Err(unknown_person(field));
        }
        Ok(())
    }

    /// Of these households, those of the actor's region (F26), in the same order.
    async fn of_region(&self, households: Vec<HouseholdId>) -> Result<Vec<HouseholdId>, AccessError> {
        let own: HashSet<HouseholdId> = (self.store.households(&households).await?.into_iter())
            .filter(|h| h.region_id == self.actor.region)
            .map(|h| h.id)
            .collect();
        Ok(households.into_iter().filter(|h| own.contains(h)).collect())
    }

    /// The household a request field names; refused on `field` when there is none.
    async fn existing_household(&self, field: &'static str, id: HouseholdId) -> Result<Household, AccessError> {
        let found = self.store.household(id).await?;
        // A household of another region is not there for this actor (F26).
        (found.filter(|h| h.region_id == self.actor.region)).ok_or_else(|| unknown_household(field))
    }

    /// Refuses an action the actor's organisation has no statutory task for, or that the register of
    /// processing activities does not cover for it.
    fn may(&self, action: Action) -> Result<(), AccessError> {
        require(self.actor.kind, action)?;
        let category = match action {
            // The region's configuration holds no personal data.
            Action::ConfigureCatalogue | Action::ReadSteeringFigures => return Ok(()),
            Action::ReceiveSignal | Action::UseRadar | Action::ReportSignal => Category::Signals,
            Action::RegisterHousehold => Category::Identity,
            _ => Category::CaseFile,
        };
        register::require(self.activity, self.actor.kind, category)?;
        Ok(())
    }

    /// The actor with the colleagues of their team who may cover for them (when the region allows it), and
    /// the region's norms: read together once per scope, as need-to-know asks for the one on every request
    /// and many requests need the other.
    async fn settings(&self) -> Result<&(Viewer, Norms), AccessError> {
        self.settings
            .get_or_try_init(|| async {
                let me = self.actor.professional;
                let (norms, team) = match self.kept.get(me) {
                    Some(kept) => kept,
                    None => {
                        let (norms, team) = self.store.norms_and_team(self.actor.region, me).await?;
                        self.kept.put(me, norms, team.clone());
                        (norms, team)
                    }
                };
                Ok::<_, AccessError>((Viewer::new(self.actor, team, norms.team_access), norms))
            })
            .await
    }

    /// The actor with the colleagues of their team who may cover for them (when the region allows it).
    async fn viewer(&self) -> Result<&Viewer, AccessError> {
        Ok(&self.settings().await?.0)
    }

    /// The region's norms, as this scope read them.
    async fn region_norms(&self) -> Result<Norms, AccessError> {
        Ok(self.settings().await?.1)
    }

    /// On which ground, if any, the actor may work in each of these households' files, with their current
    /// cases (open, or else the latest closed one) (need-to-know, F19).
    async fn involvements(
        &self,
        households: &[&Household],
    ) -> Result<(Vec<Option<Involvement>>, HashMap<HouseholdId, Case>), AccessError> {
        let (found, cases, _) = self.involvements_with(households, false).await?;
        Ok((found, cases))
    }

    /// As `involvements`, and with `members` also the persons who are members of the households today,
    /// read in the same statement.
    async fn involvements_with(
        &self,
        households: &[&Household],
        members: bool,
    ) -> Result<(Vec<Option<Involvement>>, HashMap<HouseholdId, Case>, Vec<PersonId>), AccessError> {
        let viewer = self.viewer().await?;
        let ids: Vec<HouseholdId> = households.iter().map(|h| h.id).collect();
        let grounds = self.grounds(&ids, members).await?;
        Ok(self.involvements_from(viewer, households, grounds))
    }

    /// What need-to-know asks of these households for the actor, in one statement (see `Grounds`); with
    /// `members`, also who their members are today. Nothing in it is shown: `involvements_from` decides.
    async fn grounds(&self, households: &[HouseholdId], members: bool) -> Result<Grounds, AccessError> {
        Ok((self.store)
            .grounds_about(
                self.actor.professional,
                self.actor.organisation,
                households,
                time::now(),
                time::today(),
                members,
            )
            .await?)
    }

    /// As `involvements_with`, from the households' grounds read already (`Scope::grounds`).
    fn involvements_from(
        &self,
        viewer: &Viewer,
        households: &[&Household],
        grounds: Grounds,
    ) -> (Vec<Option<Involvement>>, HashMap<HouseholdId, Case>, Vec<PersonId>) {
        let cases: HashMap<HouseholdId, Case> = (grounds.cases.into_iter()).map(|c| (c.household_id, c)).collect();
        let emergency: HashSet<HouseholdId> = grounds.emergency.into_iter().collect();
        let mut tasks: HashSet<HouseholdId> = (grounds.signals.into_iter())
            .filter(|r| gives_task(&r.signal, r.reporter_organisation, cases.get(&r.about), viewer))
            .map(|r| r.about)
            .collect();
        // The Raad's investigation, the court's request and the GI's measure (the justice route), when the
        // work is the viewer's, their team's or nobody's yet. Only an open case has such work (it closes
        // after it), and a household's open case is its current one.
        let today = time::today();
        tasks.extend(
            (cases.values())
                .filter(|c| c.route.justice.involves(viewer, today))
                .map(|c| c.household_id),
        );
        let found = households
            .iter()
            .map(|h| {
                // Data never crosses regions (F26): no ground reaches a household of another region.
                if h.region_id != self.actor.region {
                    return None;
                }
                let facts = HouseholdFacts {
                    case: cases.get(&h.id),
                    task: tasks.contains(&h.id),
                    registered_by: h.registered_by,
                    emergency: emergency.contains(&h.id),
                };
                involvement(viewer, &facts)
            })
            .collect::<Vec<_>>();
        // What is read under broken glass is logged as such.
        let mut under_emergency = self.under_emergency.lock().unwrap_or_else(|e| e.into_inner());
        for (h, ground) in households.iter().zip(&found) {
            if *ground == Some(Involvement::Emergency) {
                under_emergency.insert(h.id);
            }
        }
        let members = grounds.members.into_iter().map(|(_, p)| p).collect();
        (found, cases, members)
    }

    /// The households the actor is most likely involved in, to search among: the open cases of the actor
    /// and the colleagues who may cover for them (as lead, duo or RVT), the households their organisation
    /// registered without a case yet, those of its work on the justice route, and those a report to their
    /// organisation waiting for assessment is about; the store finds them together with the search. Each
    /// found household is still checked in full by need-to-know (`Scope::involvements`).
    pub async fn own_households(&self) -> Result<WorkedWith, AccessError> {
        let viewer = self.viewer().await?;
        let mut team: Vec<ProfessionalId> = viewer.colleagues.iter().copied().collect();
        team.push(self.actor.professional);
        Ok(WorkedWith {
            team,
            organisation: self.actor.organisation,
            today: time::today(),
            received: require(self.actor.kind, Action::ReceiveSignal).is_ok(),
        })
    }

    /// The household, when the actor is involved in its file; else refused, naming the rule. The household,
    /// who the actor is and need-to-know's grounds are read side by side.
    async fn involved_household(&self, id: HouseholdId) -> Result<(Household, Involvement), AccessError> {
        let ids = [id];
        let (household, viewer, grounds) =
            tokio::join!(self.store.household(id), self.viewer(), self.grounds(&ids, false));
        let household = self.of_actors_region(household?)?;
        let (found, _, _) = self.involvements_from(viewer?, &[&household], grounds?);
        Ok((household, found[0].ok_or_else(not_involved)?))
    }

    /// The household found, when it is of the actor's region: another region's household is not there for
    /// this actor (F26), not even as one they are not in.
    pub(crate) fn of_actors_region(&self, household: Option<Household>) -> Result<Household, AccessError> {
        household
            .filter(|h| h.region_id == self.actor.region)
            .ok_or_else(|| AccessError::not_found("household"))
    }

    /// The ground on which the actor works in a household's file, or a refusal when there is none.
    async fn involvement_in(&self, household: &Household) -> Result<Involvement, AccessError> {
        let (found, _) = self.involvements(&[household]).await?;
        found[0].ok_or_else(not_involved)
    }

    /// The household, when the actor may change its file: involved on any ground but an emergency access,
    /// which is for reading only.
    async fn writable_household(&self, id: HouseholdId) -> Result<Household, AccessError> {
        let (household, ground) = self.involved_household(id).await?;
        writable(ground)?;
        Ok(household)
    }

    /// What an uninvolved actor learns of these households: who works with them.
    async fn known_elsewhere(
        &self,
        households: &[&Household],
        cases: &HashMap<HouseholdId, Case>,
    ) -> Result<Vec<KnownElsewhere>, AccessError> {
        if households.is_empty() {
            return Ok(Vec::new());
        }
        let leads: Vec<ProfessionalId> = (households.iter())
            .filter_map(|h| cases.get(&h.id).filter(|c| c.is_open()).map(|c| c.lead.primary))
            .collect();
        let directory: HashMap<ProfessionalId, (Professional, Organisation)> =
            (self.store.professionals_by_id(&leads).await?.into_iter())
                .map(|(p, o)| (p.id, (p, o)))
                .collect();
        let organisations: HashMap<OrganisationId, String> = (self.store.organisations().await?.into_iter())
            .map(|o| (o.id, o.name))
            .collect();
        Ok(households
            .iter()
            .map(|h| {
                let lead = (cases.get(&h.id).filter(|c| c.is_open())).and_then(|c| directory.get(&c.lead.primary));
                KnownElsewhere {
                    household_id: h.id,
                    organisation: match lead {
                        Some((_, o)) => o.name.clone(),
                        None => (h.registered_by.and_then(|o| organisations.get(&o).cloned()))
                            .unwrap_or_else(|| "onbekend".into()),
                    },
                    // Whoever left is no one to ask: the organisation is.
                    contact: lead
                        .filter(|(p, _)| p.ended.is_none())
                        .map(|(p, _)| p.display_name.clone()),
                }
            })
            .collect())
    }

    /// A page of households: those the actor is involved in, and (for an identifying query) the others as
    /// known elsewhere.
    pub async fn list_households(&self, query: &HouseholdQuery) -> Result<HouseholdPage, AccessError> {
        self.may(Action::ReadHouseholdFile)?;
        let mut page = HouseholdPage::default();
        let (mut others, mut cases) = (Vec::new(), HashMap::new());
        // The store pages through every household that matches; the actor sees those they are involved in.
        // Read on until the page is full, for at most a bounded number of store pages (a search that
        // matches mostly other teams' households returns what it found so far, with where to go on).
        let mut raw = query.clone();
        // A search that names no one in particular looks only among the actor's own households; only a
        // search by BSN, or by name with a birth date, looks at all of them, for "known elsewhere".
        if !identifying(query) {
            raw.within = Some(self.own_households().await?);
        }
        for _ in 0..SEARCH_ROUNDS {
            let rows = self.store.list_households(&raw).await?;
            let full = rows.len() as u32 >= raw.limit;
            let all: Vec<&Household> = rows.iter().map(|s| &s.household).collect();
            let (grounds, found) = self.involvements(&all).await?;
            let mut last = None;
            for (summary, ground) in rows.iter().zip(grounds) {
                if page.households.len() as u32 >= query.limit {
                    break;
                }
                last = Some(summary.household.id);
                let anonymous = match found.get(&summary.household.id) {
                    Some(c) if c.is_open() => self.anonymous(c).await?,
                    _ => false,
                };
                match ground {
                    Some(_) if anonymous => page.households.push(HouseholdSummary {
                        household: anonymised(&summary.household),
                        ..summary.clone()
                    }),
                    Some(_) => page.households.push(summary.clone()),
                    None if identifying(query) && summary.household.region_id == self.actor.region => {
                        others.push(summary.household.clone())
                    }
                    None => {}
                }
            }
            cases.extend(found);
            let stopped_early = last != rows.last().map(|s| s.household.id);
            page.next_after = (full || stopped_early).then_some(last).flatten();
            match page.next_after {
                Some(after) if page.households.len() < query.limit as usize => raw.after = Some(after),
                _ => break,
            }
        }
        let others_ref: Vec<&Household> = others.iter().collect();
        page.known_elsewhere = self.known_elsewhere(&others_ref, &cases).await?;
        let shown = (page.households.iter().map(|s| s.household.id)).chain(others.iter().map(|h| h.id));
        self.log(shown.map(|h| self.record(Operation::Read, Some(h), None)).collect())
            .await?;
        Ok(page)
    }

    /// A household with its members and open case, for an actor involved in it.
    pub async fn household_file(&self, id: HouseholdId) -> Result<HouseholdFile, AccessError> {
        self.may(Action::ReadHouseholdFile)?;
        let (household, ground) = self.involved_household(id).await?;
        let members = self.store.members(id).await?;
        let open_case = self.store.open_case_of(id).await?;
        let anonymous = match &open_case {
            Some(c) => self.anonymous(c).await?,
            None => false,
        };
        let authority = if anonymous {
            Vec::new()
        } else {
            self.store.authorities(id).await?
        };
        let tracks = if anonymous {
            Vec::new()
        } else {
            self.household_tracks(id).await?
        };
        let mut records = vec![self.record(Operation::Read, Some(id), None)];
        records.extend(
            members
                .iter()
                .map(|m| self.record(Operation::Read, Some(id), Some(m.person.id))),
        );
        self.log(records).await?;
        let (household, members, open_case) = match (anonymous, &open_case) {
            (true, Some(case)) => {
                let names = self.names_to_hide(case, &household).await?.unwrap_or_default();
                (
                    anonymised(&household),
                    anonymised_members(&members, time::today()),
                    Some(redacted_case(case, &names)?),
                )
            }
            _ => (household, members, open_case),
        };
        let authority = match &open_case {
            Some(c) => regie_domain::authority::in_effect(&authority, &c.route.justice, time::today()),
            None => authority,
        };
        Ok(HouseholdFile {
            household,
            members,
            open_case,
            ground,
            anonymous,
            authority,
            tracks,
        })
    }

    /// Registers who holds parental authority over a child of a household the actor may change: one or two
    /// adults, or a GI alone (`regie_domain::authority`); every wrong field at once. Logged for the
    /// household, the child and each person holder.
    pub async fn record_authority(
        &self,
        household: HouseholdId,
        child: PersonId,
        holders: Vec<regie_domain::authority::Holder>,
        since: Date,
    ) -> Result<regie_domain::authority::Authority, AccessError> {
        use regie_domain::authority::{Authority, AuthorityFacts, Holder};
        self.may(Action::RegisterHousehold)?;
        self.writable_household(household).await?;
        let today = time::today();
        let members = self.store.members(household).await?;
        let child_born = (members.iter())
            .find(|m| m.person.id == child && m.membership.is_current_on(today))
            .map(|m| m.person.date_of_birth);
        // A holder is (or was) a member of the household: no one else's data is reached through it.
        let born: Vec<(PersonId, Date)> = (members.iter())
            .filter(|m| holders.contains(&Holder::Person { person_id: m.person.id }))
            .map(|m| (m.person.id, m.person.date_of_birth))
            .collect();
        let gis: Vec<OrganisationId> = (self.store.organisations().await?.into_iter())
            .filter(|o| o.kind == regie_domain::OrganisationKind::Gi && o.region_id == self.actor.region)
            .map(|o| o.id)
            .collect();
        let facts = AuthorityFacts {
            child_born,
            born: &born,
            gis: &gis,
            today,
        };
        let authority = Authority::new(child, holders, since, &facts)?;
        let mut log = vec![
            self.record(Operation::Write, Some(household), None),
            self.record(Operation::Write, Some(household), Some(child)),
        ];
        log.extend(
            born.iter()
                .map(|(p, _)| self.record(Operation::Write, Some(household), Some(*p))),
        );
        (self.store)
            .record_authority(household, &authority, self.actor.professional, time::now(), &log)
            .await?;
        Ok(authority)
    }

    /// Registers a household.
    pub async fn create_household(&self, household: &Household) -> Result<(), AccessError> {
        self.may(Action::RegisterHousehold)?;
        let household = Household {
            registered_by: Some(self.actor.organisation),
            region_id: self.actor.region,
            ..household.clone()
        };
        let log = [self.record(Operation::Write, Some(household.id), None)];
        Ok(self.store.create_household(&household, time::now(), &log).await?)
    }

    /// Registers a person, unless possible duplicates exist and `confirmed` is false. A person whose BSN is
    /// already registered is never created twice.
    pub async fn register_person(&self, person: &Person, confirmed: bool) -> Result<PersonRegistration, AccessError> {
        self.may(Action::RegisterHousehold)?;
        let matches = self
            .store
            .person_matches(&person.name.match_key(), person.date_of_birth, person.bsn.as_ref())
            .await?;
        if !matches.is_empty() {
            self.log(
                matches
                    .iter()
                    .map(|m| self.record(Operation::Read, None, Some(m.person.id)))
                    .collect(),
            )
            .await?;
            let same_bsn = matches.iter().any(|m| m.reason == MatchReason::SameBsn);
            if same_bsn || !confirmed {
                return Ok(PersonRegistration::PossibleDuplicates(self.duplicates(matches).await?));
            }
        }
        let log = [self.record(Operation::Write, None, Some(person.id))];
        self.store.create_person(person, time::now(), &log).await?;
        Ok(PersonRegistration::Created(person.clone()))
    }

    /// Possible duplicates as the actor may see them: whole where the actor is involved in one of the
    /// person's current households, else only as known elsewhere.
    async fn duplicates(&self, matches: Vec<PersonMatch>) -> Result<Vec<Duplicate>, AccessError> {
        let today = time::today();
        let mut found = Vec::with_capacity(matches.len());
        for m in matches {
            let ids: Vec<HouseholdId> = (self.store.memberships_of(m.person.id).await?.into_iter())
                .filter(|ms| ms.is_current_on(today))
                .map(|ms| ms.household_id)
                .collect();
            let households = self.store.households(&ids).await?;
            // Of another region's households not even the organisation is told (F26).
            let refs: Vec<&Household> = (households.iter())
                .filter(|h| h.region_id == self.actor.region)
                .collect();
            let (grounds, cases) = self.involvements(&refs).await?;
            if households.is_empty() || grounds.iter().any(Option::is_some) {
                found.push(Duplicate::Visible(m));
            } else {
                found.push(Duplicate::Elsewhere {
                    person_id: m.person.id,
                    reason: m.reason,
                    known: self.known_elsewhere(&refs, &cases).await?,
                });
            }
        }
        Ok(found)
    }

    /// A person's memberships and their households, with the actor's ground in each and their current
    /// cases (as `involvements`); refused when the actor is involved in none of them.
    async fn person_households(&self, id: PersonId) -> Result<PersonHouseholds, AccessError> {
        let memberships = self.store.memberships_of(id).await?;
        let ids: Vec<HouseholdId> = memberships.iter().map(|m| m.household_id).collect();
        let households = self.store.households(&ids).await?;
        let (grounds, cases) = self.involvements(&households.iter().collect::<Vec<_>>()).await?;
        if !grounds.iter().any(Option::is_some) {
            return Err(not_involved());
        }
        Ok(PersonHouseholds {
            memberships,
            households,
            grounds,
            cases,
        })
    }

    /// A person with the households they are or were a member of, for an actor involved in one of those
    /// households' files.
    pub async fn person(&self, id: PersonId) -> Result<(Person, Vec<Membership>), AccessError> {
        self.may(Action::ReadHouseholdFile)?;
        let person = self
            .store
            .person(id)
            .await?
            .ok_or_else(|| AccessError::not_found("person"))?;
        let PersonHouseholds {
            memberships,
            households,
            grounds,
            cases,
        } = self.person_households(id).await?;
        // Anonymous when every household that opens the person to the actor is an anonymous consultation.
        let mut named = false;
        for (h, g) in households.iter().zip(&grounds) {
            named |= g.is_some()
                && !match cases.get(&h.id) {
                    Some(c) if c.is_open() => self.anonymous(c).await?,
                    _ => false,
                };
        }
        let person = if named {
            person
        } else {
            anonymised_person(&person, "Gezinslid", time::today())
        };
        // Where else the person lives or lived is not the actor's to know: only the memberships of the
        // households they are involved in (a person known elsewhere and added to their household shows
        // as a member of that household only).
        let open: Vec<HouseholdId> = (households.iter().zip(&grounds))
            .filter(|(_, g)| g.is_some())
            .map(|(h, _)| h.id)
            .collect();
        let memberships: Vec<Membership> = (memberships.into_iter())
            .filter(|m| open.contains(&m.household_id))
            .collect();
        let mut log = vec![self.record(Operation::Read, None, Some(id))];
        log.extend(open.iter().map(|h| self.record(Operation::Read, Some(*h), Some(id))));
        self.log(log).await?;
        Ok((person, memberships))
    }

    /// Adds a member to a household; the person must exist.
    pub async fn add_member(&self, membership: &Membership) -> Result<(), AccessError> {
        self.may(Action::RegisterHousehold)?;
        self.writable_household(membership.household_id).await?;
        self.existing_persons("person_id", &[membership.person_id]).await?;
        // A person who lives, or lived, only in another region's households stays there (F26): their record
        // is not added to a household here, where their BSN and address would show.
        let theirs: Vec<HouseholdId> = (self.store.memberships_of(membership.person_id).await?.iter())
            .map(|m| m.household_id)
            .collect();
        if !theirs.is_empty() && self.of_region(theirs).await?.is_empty() {
            return Err(DomainError::invalid(
                "person_id",
                "person_of_other_region",
                "this person is known in another pilot region; their record stays there",
                "Deze persoon is bekend in een andere proeftuinregio. Dat dossier blijft daar; neem contact op met de beheerder.",
            )
            .into());
        }
        let log = [self.record(
            Operation::Write,
            Some(membership.household_id),
            Some(membership.person_id),
        )];
        Ok(self.store.add_membership(membership, &log).await?)
    }

    /// Ends a membership of `household` on `to`.
    pub async fn end_member(
        &self,
        household: HouseholdId,
        id: MembershipId,
        to: Date,
    ) -> Result<Membership, AccessError> {
        self.may(Action::RegisterHousehold)?;
        self.writable_household(household).await?;
        let current = self
            .store
            .membership(id)
            .await?
            .filter(|m| m.household_id == household)
            .ok_or_else(|| AccessError::not_found("membership"))?;
        let ended = current.end(to, time::today())?;
        let log = [self.record(Operation::Write, Some(household), Some(ended.person_id))];
        self.store.end_membership(&ended, &log).await?;
        Ok(ended)
    }

    /// Bulk-loads complete records (all or nothing), recording a write for every household and person in
    /// the same transaction.
    pub async fn import(&self, batch: &ImportBatch) -> Result<(), AccessError> {
        self.may(Action::RegisterHousehold)?;
        let mut records: Vec<ProcessingRecord> = batch
            .households
            .iter()
            .map(|h| self.record(Operation::Write, Some(h.id), None))
            .collect();
        records.extend(
            batch
                .persons
                .iter()
                .map(|p| self.record(Operation::Write, None, Some(p.id))),
        );
        Ok(self.store.import(batch, time::now(), &records).await?)
    }

    /// Looks up a professional who is to lead a case, or to be brought in from the RVT, with their
    /// organisation; `field` names the request field for errors.
    pub async fn lead_candidate(&self, id: ProfessionalId, field: &'static str) -> Result<Actor, AccessError> {
        Ok(self.candidate(id, field).await??)
    }

    /// Another professional (`to`) takes over the part `from` holds in the case's scale-up
    /// (`regie_domain::Case::hand_over_scale_up`); a successor who is unknown, of another region or gone,
    /// and a wrong `reason`, are refused together.
    pub async fn hand_over_scale_up(
        &self,
        id: CaseId,
        version: i64,
        from: ProfessionalId,
        to: ProfessionalId,
        reason: &str,
    ) -> Result<Case, AccessError> {
        let (to, reason) = both(
            self.candidate(to, "to").await?,
            regie_domain::Reason::parse("reason", reason),
        )?;
        self.change_case_in_context(id, version, |c, ctx, a, at| {
            c.hand_over_scale_up(from, &to, reason, ctx, a, at)
        })
        .await
    }

    /// [`Scope::lead_candidate`], with a refusal of the value apart from a failure to look it up, for a
    /// form that reports it beside its other wrong fields.
    pub async fn candidate(
        &self,
        id: ProfessionalId,
        field: &'static str,
    ) -> Result<Result<Actor, DomainError>, AccessError> {
        Ok(match self.store.professional(id).await? {
            // A professional of another region never joins a case here (F26).
            Some((p, o)) if o.region_id == self.actor.region => match p.ended {
                None => Ok(Actor::of(p.id, &o)),
                Some(_) => Err(regie_domain::departure::left(field)),
            },
            _ => Err(DomainError::invalid(
                field,
                "unknown_professional",
                "there is no professional with this id in your region",
                "Kies een professional uit de lijst: er is geen professional met deze id in uw regio.",
            )),
        })
    }

    /// A case, for an actor involved in its household's file. The read is logged for the household and
    /// each of its current members, whom the case's analysis and plan concern.
    pub async fn case(&self, id: CaseId) -> Result<Case, AccessError> {
        Ok(self.read_case(id).await?.0)
    }

    /// [`Scope::case`], with the names to hide from the actor (see [`Scope::names_to_hide`]) for whatever
    /// else the caller shows of the case.
    async fn read_case(&self, id: CaseId) -> Result<(Case, Option<Vec<(String, String)>>), AccessError> {
        let (case, household, members) = self.involved_case(id).await?;
        self.log(self.household_records(Operation::Read, case.household_id, &members))
            .await?;
        match self.names_to_hide(&case, &household).await? {
            Some(names) => Ok((redacted_case(&case, &names)?, Some(names))),
            None => Ok((case, None)),
        }
    }

    /// A case with its household and the household's current members, for an actor involved in its file.
    async fn involved_case(&self, id: CaseId) -> Result<(Case, Household, Vec<PersonId>), AccessError> {
        self.may(Action::ReadHouseholdFile)?;
        // Who the actor is in the region (team, norms) is read beside the case, for the grounds after it.
        // (Reading the grounds beside the case too, by the case's id, was measured: no faster on two cores.)
        let (found, viewer) = tokio::join!(self.store.case_with_household(id), self.viewer());
        let (case, household) = found?.ok_or_else(|| AccessError::not_found("case"))?;
        viewer?;
        let household = self.of_actors_region(Some(household))?;
        let (found, _, members) = self.involvements_with(&[&household], true).await?;
        found[0].ok_or_else(not_involved)?;
        Ok((case, household, members))
    }

    /// For an anonymous consultation (`regie_domain::involvement::anonymous_to`): the names to replace in
    /// what professionals wrote, with their placeholders; none when the actor may see the names.
    async fn names_to_hide(
        &self,
        case: &Case,
        household: &Household,
    ) -> Result<Option<Vec<(String, String)>>, AccessError> {
        if !self.anonymous(case).await? {
            return Ok(None);
        }
        let members = self.store.members(case.household_id).await?;
        let shown = anonymised_members(&members, time::today());
        let mut names = Vec::new();
        for (m, s) in members.iter().zip(&shown) {
            let placeholder = s.person.name.given.as_str().to_owned();
            names.push((m.person.name.full(), placeholder.clone()));
            names.push((m.person.name.given.as_str().to_owned(), placeholder));
            names.push((m.person.name.family.as_str().to_owned(), "[achternaam]".to_owned()));
        }
        names.push((household.name.as_str().to_owned(), ANONYMOUS_HOUSEHOLD.to_owned()));
        Ok(Some(names))
    }

    /// Opens a case that the domain has decided on, for a household the actor is involved in.
    pub async fn open_case(&self, case: &Case, event: &NewEvent) -> Result<(), AccessError> {
        // The domain refused it already for an organisation without the task; this door says it again.
        self.may(Action::OpenCase)?;
        // An unknown household is a wrong field (422); one the actor has no part in, a refusal (403).
        let household = self.existing_household("household_id", case.household_id).await?;
        writable(self.involvement_in(&household).await?)?;
        let log = self.case_records(Operation::Write, case.household_id).await?;
        Ok(self.store.open_case(case, event, &log).await?)
    }

    /// Changes a case: loads it, refuses a stale `version`, lets the domain decide with `change`, and records
    /// the new state with its event in one transaction. The domain refuses with one reason or with every
    /// wrong field at once (`E`: a `DomainError` or a `Vec` of them).
    pub async fn change_case<E: Into<AccessError>>(
        &self,
        id: CaseId,
        version: i64,
        change: impl FnOnce(&Case, &Actor, Timestamp) -> Result<(Case, NewEvent), E>,
    ) -> Result<Case, AccessError> {
        let (current, members) = self.case_at(id, version).await?;
        let (next, event) = change(&current, &self.actor, time::now()).map_err(Into::into)?;
        self.commit_for(next, event, &members).await
    }

    /// Like [`Scope::change_case`], for changes the domain judges against the case's surroundings: where
    /// the actor stands towards it, the household's current members, the region's organisations and the
    /// catalogue of help kinds.
    pub async fn change_case_in_context<E: Into<AccessError>>(
        &self,
        id: CaseId,
        version: i64,
        change: impl FnOnce(&Case, &CaseContext, &Actor, Timestamp) -> Result<(Case, NewEvent), E>,
    ) -> Result<Case, AccessError> {
        self.change_case_as_of(id, version, time::now(), change).await
    }

    /// [`Scope::change_case_in_context`] as it would have been judged at an earlier moment `at`, which is
    /// also the event's time: for bringing in the history of a file kept elsewhere, and for the demo
    /// region. The processing log still records the real moment of the write.
    pub async fn change_case_as_of<E: Into<AccessError>>(
        &self,
        id: CaseId,
        version: i64,
        at: Timestamp,
        change: impl FnOnce(&Case, &CaseContext, &Actor, Timestamp) -> Result<(Case, NewEvent), E>,
    ) -> Result<Case, AccessError> {
        let (current, members) = self.case_at(id, version).await?;
        let ctx = self.case_context(&current, time::date_in_nl(at)).await?;
        let (next, event) = change(&current, &ctx, &self.actor, at).map_err(Into::into)?;
        self.commit_for(next, event, &members).await
    }

    /// What the domain judges a change of `case` against on `today`.
    async fn case_context(&self, case: &Case, today: Date) -> Result<CaseContext, AccessError> {
        let members = self.store.members(case.household_id).await?;
        let current: Vec<&Person> = (members.iter())
            .filter(|m| m.membership.is_current_on(today))
            .map(|m| &m.person)
            .collect();
        Ok(CaseContext {
            standing: self.standing(case).await?,
            members: current.iter().map(|p| p.id).collect(),
            organisations: (self.store.organisations().await?.into_iter())
                .filter(|o| o.region_id == self.actor.region)
                .map(|o| o.id)
                .collect(),
            help_kinds: self.store.help_kinds(self.actor.region).await?,
            consents: self.store.consents_of(case.household_id).await?,
            today,
            born: current.iter().map(|p| (p.id, p.date_of_birth)).collect(),
            norms: self.region_norms().await?,
            variant: self.store.route_variant(self.actor.region).await?,
        })
    }

    /// The case as the client last saw it, for an actor who stands in it (its case team or the RVT it is
    /// scaled up to): a different version is stale. With its household's members today, whom a change's
    /// log records name: the case and its members in one statement, beside the actor's team.
    async fn case_at(&self, id: CaseId, version: i64) -> Result<(Case, Vec<PersonId>), AccessError> {
        self.may(Action::ReadHouseholdFile)?;
        let (found, viewer) = tokio::join!(self.store.case_with_members(id, time::today()), self.viewer());
        let (current, members) = found?.ok_or_else(|| AccessError::not_found("case"))?;
        if standing(viewer?, &current) == Standing::Outsider {
            return Err(not_involved());
        }
        if current.version != version {
            return Err(regie_store::StoreError::stale().into());
        }
        Ok((current, members))
    }

    /// Records a case's next state with its event and the processing-log records of the write.
    async fn commit(&self, next: Case, event: NewEvent) -> Result<Case, AccessError> {
        let members = self.current_members(next.household_id, time::today()).await?;
        self.commit_for(next, event, &members).await
    }

    /// [`Scope::commit`] with the household's current `members` already read.
    async fn commit_for(&self, next: Case, event: NewEvent, members: &[PersonId]) -> Result<Case, AccessError> {
        let log = self.household_records(Operation::Write, next.household_id, members);
        self.store.record(&next, &event, &log).await?;
        Ok(next)
    }

    /// The records of a processing of a household's case: one for the household, and one for each current
    /// member, whom the case's analysis and plan concern (one record per data subject).
    async fn case_records(
        &self,
        operation: Operation,
        household: HouseholdId,
    ) -> Result<Vec<ProcessingRecord>, AccessError> {
        let members = self.current_members(household, time::today()).await?;
        Ok(self.household_records(operation, household, &members))
    }

    /// The processing-log records of an operation on a household's file: one for the household, and one
    /// for each of its current `members`.
    fn household_records(
        &self,
        operation: Operation,
        household: HouseholdId,
        members: &[PersonId],
    ) -> Vec<ProcessingRecord> {
        let mut log = vec![self.record(operation, Some(household), None)];
        log.extend(
            members
                .iter()
                .map(|p| self.record(operation, Some(household), Some(*p))),
        );
        log
    }

    /// Where the actor stands towards a case (see `regie_domain::involvement::standing`).
    pub async fn standing(&self, case: &Case) -> Result<Standing, AccessError> {
        Ok(standing(self.viewer().await?, case))
    }

    /// The region's catalogue of help kinds (no personal data: any signed-in professional may read it).
    pub async fn help_kinds(&self) -> Result<Vec<HelpKind>, AccessError> {
        Ok(self.store.help_kinds(self.actor.region).await?)
    }

    /// Adds or changes a help kind in the catalogue.
    pub async fn put_help_kind(&self, kind: &HelpKind) -> Result<(), AccessError> {
        self.may_configure().await?;
        Ok(self.store.put_help_kind(self.actor.region, kind).await?)
    }

    /// The worklist of the signed-in professional.
    pub async fn my_worklist(&self) -> Result<Vec<WorkItem>, AccessError> {
        self.worklist(&[self.actor.professional]).await
    }

    /// The worklist of the actor's own team, where the region lets a team cover for its members.
    pub async fn team_worklist(&self, team: TeamId) -> Result<Vec<WorkItem>, AccessError> {
        let members = self.own_team(team).await?;
        let ids: Vec<ProfessionalId> = members.iter().map(|p| p.id).collect();
        self.worklist(&ids).await
    }

    /// The open cases in which `colleague`, one of the actor's own team, holds work — as the fixed contact
    /// person, alone or in a duo, or whom a scale-down returns the case to; as the RVT's professional; on
    /// a justice route (`regie_domain::departure::Holdings`) — each with what needs attention: the work of
    /// a colleague who is away or leaving, for the team to pass on (F8, F30), where the region lets a team
    /// cover for its members. Also for a colleague whose access has ended with work still in their name.
    pub async fn team_worklist_of(
        &self,
        team: TeamId,
        colleague: ProfessionalId,
    ) -> Result<Vec<WorkItem>, AccessError> {
        let members = self.own_team(team).await?;
        if !members.iter().any(|p| p.id == colleague) {
            return Err(DomainError::invalid(
                "professional",
                "not_in_team",
                "choose a member of your own team",
                "Kies een collega uit uw eigen team.",
            )
            .into());
        }
        self.may(Action::ReadHouseholdFile)?;
        let mut cases = self.store.open_cases_involving(&[colleague]).await?;
        cases.extend(self.store.open_cases_naming(colleague).await?);
        let today = time::today();
        let mut seen = HashSet::new();
        cases.retain(|c| seen.insert(c.id) && !Holdings::of(colleague, std::slice::from_ref(c), today).is_empty());
        // Only the households the actor works in themselves (not by an emergency access): a justice route
        // can name the colleague in a family their team has no part in, such as a request at the court.
        let households = self
            .store
            .households(&cases.iter().map(|c| c.household_id).collect::<Vec<_>>())
            .await?;
        let refs: Vec<&Household> = households.iter().collect();
        let (found, _) = self.involvements(&refs).await?;
        let involved: HashSet<HouseholdId> = (households.iter().zip(found))
            .filter(|(_, i)| i.is_some_and(|i| i != Involvement::Emergency))
            .map(|(h, _)| h.id)
            .collect();
        cases.retain(|c| involved.contains(&c.household_id));
        let mut items = self.work_items(cases, &[colleague]).await?;
        for item in &mut items {
            item.held = Some(Holdings::of(colleague, std::slice::from_ref(&item.case), today));
        }
        Ok(items)
    }

    /// The members of `team`, the actor's own, where the region lets a team cover for its members; also
    /// those whose access has ended.
    pub async fn own_team(&self, team: TeamId) -> Result<Vec<Professional>, AccessError> {
        let viewer = self.viewer().await?;
        let members = self.store.team_members(team).await?;
        if !members.is_empty() && !members.iter().all(|p| viewer.colleagues.contains(&p.id)) {
            return Err(DomainError::forbidden(
                "not_your_team",
                "a team's worklist is for the team's own members, where the region lets a team cover for its members",
                "de werklijst van een team is voor de leden van dat team, als de regio teams voor elkaar laat waarnemen",
            )
            .into());
        }
        let Some(first) = members.first() else {
            return Err(AccessError::not_found("team"));
        };
        if first.organisation_id != self.actor.organisation {
            return Err(DomainError::forbidden(
                "not_your_team",
                "a team's worklist is for the organisation the team belongs to",
                "de werklijst van een team is voor de organisatie waartoe het team hoort",
            )
            .into());
        }
        Ok(members)
    }

    /// The open cases of these professionals (as lead, in a duo, or consulted), each with what needs
    /// attention today; those that need attention first, then the oldest.
    async fn worklist(&self, professionals: &[ProfessionalId]) -> Result<Vec<WorkItem>, AccessError> {
        self.may(Action::ReadHouseholdFile)?;
        let cases = self.store.open_cases_involving(professionals).await?;
        self.work_items(cases, professionals).await
    }

    /// `cases` as a worklist of `professionals`: each with its household's name and what needs attention
    /// today, those that need it first; the reads are logged.
    async fn work_items(
        &self,
        cases: Vec<Case>,
        professionals: &[ProfessionalId],
    ) -> Result<Vec<WorkItem>, AccessError> {
        let ids: Vec<HouseholdId> = cases.iter().map(|c| c.household_id).collect();
        let names: HashMap<HouseholdId, String> = (self.store.households(&ids).await?.into_iter())
            .map(|h| (h.id, h.name.as_str().to_owned()))
            .collect();
        self.log(
            ids.iter()
                .map(|h| self.record(Operation::Read, Some(*h), None))
                .collect(),
        )
        .await?;
        let catalogue = self.store.help_kinds(self.actor.region).await?;
        // What the families said in the portal since their leads last looked (only the leads see it).
        let led: Vec<&Case> = (cases.iter())
            .filter(|c| professionals.iter().any(|p| c.lead.includes(*p)))
            .collect();
        let family = match led
            .iter()
            .map(|c| c.route.family_seen_until.unwrap_or(Timestamp::UNIX_EPOCH))
            .min()
        {
            Some(since) => {
                let ids: Vec<CaseId> = led.iter().map(|c| c.id).collect();
                self.store.contributions_since(&ids, since).await?
            }
            None => Vec::new(),
        };
        let today = time::today();
        let mut items = Vec::with_capacity(cases.len());
        for case in cases {
            items.push(WorkItem {
                household_name: if self.anonymous(&case).await? {
                    ANONYMOUS_HOUSEHOLD.to_owned()
                } else {
                    names.get(&case.household_id).cloned().unwrap_or_default()
                },
                attention: attention(&case, &catalogue, &family, professionals, today),
                case,
                held: None,
            });
        }
        items.sort_by_key(|i| order_key(&i.attention, today));
        Ok(items)
    }

    /// Registers a signal: received by the actor's own organisation (`received_by` empty) or reported to
    /// another organisation. The radar looks, where the receiving organisation has the task to, for earlier
    /// signals and open cases about the same persons, their households and the households at the same
    /// address; the look-up is in the processing log with the write.
    pub async fn receive_signal(
        &self,
        new: NewSignal,
        received_by: Option<OrganisationId>,
    ) -> Result<Signal, AccessError> {
        self.receive(new, received_by, Vec::new()).await
    }

    /// Registers a signal about persons described by name, birth date and (if known) BSN, as a reporter
    /// who cannot look them up: each is found as the import finds them, or else registered.
    pub async fn report_about(
        &self,
        mut new: NewSignal,
        received_by: Option<OrganisationId>,
        subjects: Vec<Person>,
    ) -> Result<Signal, AccessError> {
        let mut fresh: Vec<Person> = Vec::new();
        for subject in subjects {
            let found = self
                .store
                .person_matches(&subject.name.match_key(), subject.date_of_birth, subject.bsn.as_ref())
                .await?;
            let id = match same_person(&found, &subject, &fresh) {
                Some(id) => id,
                None => {
                    fresh.push(subject.clone());
                    subject.id
                }
            };
            new.persons.push(id);
        }
        self.receive(new, received_by, fresh).await
    }

    /// Registers a signal, with the persons it newly registers.
    async fn receive(
        &self,
        new: NewSignal,
        received_by: Option<OrganisationId>,
        fresh: Vec<Person>,
    ) -> Result<Signal, AccessError> {
        let receiver = match received_by {
            None => (self.actor.organisation, self.actor.kind),
            Some(id) => {
                let org = (self.store.organisations().await?.into_iter())
                    .find(|o| o.id == id && o.region_id == self.actor.region)
                    .ok_or_else(|| {
                        DomainError::invalid(
                            "received_by",
                            "unknown_organisation",
                            "there is no organisation with this id in your region",
                            "er is geen organisatie met deze id in uw regio",
                        )
                    })?;
                (org.id, org.kind)
            }
        };
        let known: Vec<PersonId> = (new.persons.iter())
            .filter(|p| !fresh.iter().any(|f| f.id == **p))
            .copied()
            .collect();
        // The persons with where they live and lived, and those households, each read once for all.
        let subjects = self.store.persons_memberships(&known).await?;
        if known.iter().any(|p| !subjects.iter().any(|(s, _)| s == p)) {
            return Err(unknown_person("persons"));
        }
        let mut candidates: Vec<HouseholdId> = (subjects.iter())
            .flat_map(|(_, ms)| ms.iter().map(|m| m.household_id))
            .chain(new.household_id)
            .collect();
        candidates.sort();
        candidates.dedup();
        // A household of another region is not there for this actor (F26).
        let in_region: HashMap<HouseholdId, Household> = (self.store.households(&candidates).await?.into_iter())
            .filter(|h| h.region_id == self.actor.region)
            .map(|h| (h.id, h))
            .collect();
        let mut household = match new.household_id {
            Some(id) => Some(
                in_region
                    .get(&id)
                    .cloned()
                    .ok_or_else(|| unknown_household("household_id"))?,
            ),
            None => None,
        };
        let norms = self.region_norms().await?;
        let now = time::now();
        let mut signal = Signal::receive(
            new,
            receiver,
            &norms,
            &Calendar::default(),
            &self.actor,
            now,
            time::today(),
        )?;
        // The households it concerns: its own, and those its persons live in on the day of receipt.
        let mut households: Vec<HouseholdId> = signal.household_id.into_iter().collect();
        for (_, memberships) in subjects.iter().filter(|(p, _)| signal.persons.contains(p)) {
            households.extend(
                memberships
                    .iter()
                    .filter(|m| m.is_current_on(signal.received_on))
                    .map(|m| m.household_id),
            );
        }
        households.sort();
        households.dedup();
        // A person's household in another region is not this region's to look at or count (F26).
        households.retain(|h| in_region.contains_key(h));
        // About persons only, who live in one household: the signal is about that household.
        if let (None, [only]) = (signal.household_id, households.as_slice()) {
            signal.household_id = Some(*only);
            household = in_region.get(only).cloned();
        }
        let mut log: Vec<ProcessingRecord> = signal
            .persons
            .iter()
            .map(|p| self.record(Operation::Write, None, Some(*p)))
            .chain(households.iter().map(|h| self.record(Operation::Write, Some(*h), None)))
            .collect();
        // A report to another organisation is the reporter's meldrecht, whatever their own organisation's
        // casework: logged so, and so never shown where a shielded reporter must not appear.
        let reported = signal.received_by != self.actor.organisation;
        if reported {
            log = log.into_iter().map(reporters).collect();
        }
        if require(receiver.1, Action::UseRadar).is_ok() && self.may_run_intake_radar(&signal, &households).await? {
            let looked_at = self.radar_households(household.as_ref(), &households).await?;
            // A new signal counts towards its households.
            signal.radar =
                (self.radar_matches(&signal.persons, &looked_at, &households, signal.received_on, &norms)).await?;
            // The reporter never sees the radar: on a report it is Regie's look-up for the organisation
            // that will assess it, under that organisation's activity.
            log.extend(looked_at.iter().map(|h| {
                let mut read = self.record(Operation::Read, Some(*h), None);
                if reported {
                    read.actor = Processor::System {
                        organisation: receiver.0,
                    };
                    read.activity = register::file_activity(receiver.1).map_or("", |a| a.id);
                    read.emergency = false;
                }
                read
            }));
        }
        let intake = SignalIntake {
            signal: signal.clone(),
            households,
            actor: self.actor,
        };
        self.store.create_signals(&fresh, &[intake], &log).await?;
        Ok(signal)
    }

    /// Whether the radar runs for a signal coming in: when it gives the receiving organisation a task (a
    /// report to assess), or the actor is already involved in every household it concerns. A signal an
    /// organisation registers itself otherwise is no ground to look at a family's history.
    async fn may_run_intake_radar(&self, signal: &Signal, households: &[HouseholdId]) -> Result<bool, AccessError> {
        let reporter_organisation = signal.reporter.professional_id.map(|_| self.actor.organisation);
        if gives_task(signal, reporter_organisation, None, self.viewer().await?) {
            return Ok(true);
        }
        if households.is_empty() || signal.received_by != self.actor.organisation {
            return Ok(false);
        }
        let found = self.store.households(households).await?;
        let (grounds, _) = self.involvements(&found.iter().collect::<Vec<_>>()).await?;
        Ok(grounds.iter().all(Option::is_some))
    }

    /// The households the radar looks at for these households: them, and those at the same address as
    /// `household` in the actor's region (F26). The caller logs those reads.
    async fn radar_households(
        &self,
        household: Option<&Household>,
        households: &[HouseholdId],
    ) -> Result<Vec<HouseholdId>, AccessError> {
        let mut looked_at = households.to_vec();
        if let Some(address) = household.and_then(|h| h.address.as_ref()) {
            looked_at.extend(
                (self.store)
                    .households_at(self.actor.region, &address.postcode, address.house_number.as_str())
                    .await?,
            );
        }
        looked_at.sort();
        looked_at.dedup();
        Ok(looked_at)
    }

    /// The radar on day `on` for persons and the households looked at (`radar_households`): their earlier
    /// signals and open cases, back `norms.radar_years`; a `new_signal` counts towards its households.
    async fn radar_matches(
        &self,
        persons: &[PersonId],
        looked_at: &[HouseholdId],
        new_signal: &[HouseholdId],
        on: Date,
        norms: &Norms,
    ) -> Result<Radar, AccessError> {
        let since = on
            .checked_sub(jiff::Span::new().years(i64::from(norms.radar_years)))
            .unwrap_or(Date::MIN);
        // A person's signals in another region stay there. The two reads go side by side.
        let (earlier, cases) = tokio::try_join!(
            self.store.earlier_signals(self.actor.region, persons, looked_at, since),
            self.store.open_cases_of(looked_at),
        )?;
        Ok(radar(on, new_signal, &earlier, cases))
    }

    /// What the radar shows today about a household and its current members, for an organisation with
    /// the task to look (Veilig Thuis, the local team) and a reason to: the actor is involved in the
    /// household's file (which a signal the organisation registered itself does not make them, until it is
    /// assessed). The look-up is logged.
    pub async fn household_radar(&self, id: HouseholdId) -> Result<Radar, AccessError> {
        self.may(Action::UseRadar)?;
        // The household, who the actor is (with the region's norms) and need-to-know's grounds with the
        // members, side by side.
        let ids = [id];
        let (household, viewer, grounds) =
            tokio::join!(self.store.household(id), self.viewer(), self.grounds(&ids, true));
        let household = self.of_actors_region(household?)?;
        let (found, _, persons) = self.involvements_from(viewer?, &[&household], grounds?);
        if found[0].is_none() {
            return Err(DomainError::forbidden(
                "no_ground",
                "the radar looks at a household you are involved in, or one a report to your organisation is about",
                "de radar kijkt alleen naar een huishouden waarbij u betrokken bent, of waarover uw organisatie een melding moet beoordelen",
            )
            .into());
        }
        let norms = self.region_norms().await?;
        let looked_at = self.radar_households(Some(&household), &[id]).await?;
        // The matches are read while the look-up's records commit; nothing is shown before they have.
        let records = (looked_at.iter())
            .map(|h| self.record(Operation::Read, Some(*h), None))
            .collect();
        let (logged, found) = tokio::join!(
            self.log(records),
            self.radar_matches(&persons, &looked_at, &[], time::today(), &norms)
        );
        logged?;
        found
    }

    /// Imports signals from an earlier registration, all of them or none: each row's person is found by
    /// BSN, or by name and birth date when that finds exactly one, or else registered; each signal is
    /// checked as if it came in now (the radar is not run for history). Returns the number imported, or
    /// every refused row's line and reason.
    pub async fn import_signals(&self, rows: Vec<SignalRow>) -> Result<usize, ImportRefused> {
        let refuse = |line, e: AccessError| ImportRefused::Rows(vec![(line, e.to_string())]);
        self.may(Action::ReceiveSignal).map_err(|e| refuse(0, e))?;
        let norms = self
            .store
            .norms(self.actor.region)
            .await
            .map_err(|e| refuse(0, e.into()))?;
        let (now, today, calendar) = (time::now(), time::today(), Calendar::default());
        let receiver = (self.actor.organisation, self.actor.kind);
        let mut refused = Vec::new();
        let mut new_persons: Vec<Person> = Vec::new();
        let mut intake = Vec::with_capacity(rows.len());
        for row in rows {
            let found = self
                .store
                .person_matches(
                    &row.person.name.match_key(),
                    row.person.date_of_birth,
                    row.person.bsn.as_ref(),
                )
                .await
                .map_err(|e| refuse(row.line, e.into()))?;
            let person = match same_person(&found, &row.person, &new_persons) {
                Some(id) => id,
                None => {
                    new_persons.push(row.person.clone());
                    row.person.id
                }
            };
            let mut new = row.signal;
            new.persons = vec![person];
            match Signal::receive(new, receiver, &norms, &calendar, &self.actor, now, today) {
                Ok(signal) => intake.push(SignalIntake {
                    households: Vec::new(),
                    signal: signal.historical(),
                    actor: self.actor,
                }),
                Err(e) => refused.push((row.line, format!("{}: {}", e.field.unwrap_or("row"), e.en))),
            }
        }
        if !refused.is_empty() {
            return Err(ImportRefused::Rows(refused));
        }
        // The households the persons live in, for future radars, read once for all rows.
        let persons: Vec<PersonId> = intake.iter().flat_map(|i| i.signal.persons.iter().copied()).collect();
        let memberships: HashMap<PersonId, Vec<Membership>> = (self.store.persons_memberships(&persons).await)
            .map_err(|e| refuse(0, e.into()))?
            .into_iter()
            .collect();
        let mut candidates: Vec<HouseholdId> = memberships.values().flatten().map(|m| m.household_id).collect();
        candidates.sort();
        candidates.dedup();
        // Only the households of the actor's region (F26).
        let in_region: HashSet<HouseholdId> = (self.of_region(candidates).await.map_err(|e| refuse(0, e))?)
            .into_iter()
            .collect();
        for i in &mut intake {
            for p in &i.signal.persons {
                let current = (memberships.get(p).into_iter().flatten())
                    .filter(|m| m.is_current_on(i.signal.received_on) && in_region.contains(&m.household_id));
                i.households.extend(current.map(|m| m.household_id));
            }
        }
        let log: Vec<ProcessingRecord> = intake
            .iter()
            .flat_map(|i| {
                let persons = i
                    .signal
                    .persons
                    .iter()
                    .map(|p| self.record(Operation::Write, None, Some(*p)));
                persons.chain(
                    i.households
                        .iter()
                        .map(|h| self.record(Operation::Write, Some(*h), None)),
                )
            })
            .collect();
        self.store
            .create_signals(&new_persons, &intake, &log)
            .await
            .map_err(|e| ImportRefused::Store(e.into()))?;
        Ok(intake.len())
    }

    /// A signal, for the professional who reported it; for the organisation that received it while it waits
    /// for its assessment (the open task), and afterwards for the professional who assessed it (or, for an
    /// investigation, who investigates: `Case::investigation_of`) and their team; and for the case team of
    /// the case it joined. As `Signal::as_read_by` leaves it for the reader: a shielded reporter only for
    /// Veilig Thuis, the radar only for the receiver.
    pub async fn signal(&self, id: SignalId) -> Result<Signal, AccessError> {
        self.may(Action::ReadHouseholdFile)?;
        let signal = self
            .store
            .signal(id)
            .await?
            .ok_or_else(|| AccessError::not_found("signal"))?;
        let reporter = signal.reporter.professional_id == Some(self.actor.professional);
        let case = match signal.assessment.as_ref().and_then(|a| a.case_id) {
            Some(case) => self.store.case(case).await?,
            None => None,
        };
        // Receiving it is a task only until it is assessed: then the assessor's team keeps it (or, for an
        // investigation, the investigator's: `Case::investigation_of`), and the rest of the organisation is
        // no longer involved (as for a household's file). An imported signal is history: no task, not in
        // triage.
        let receiver = signal.received_by == self.actor.organisation
            && match &signal.assessment {
                None => !signal.imported,
                Some(a) => {
                    let investigation = case.as_ref().and_then(|c| c.investigation_of(signal.id));
                    let holder = investigation.map_or(a.by, |i| i.investigator);
                    self.viewer().await?.is_me_or_colleague(holder)
                }
            };
        // Through the case it joined: for its case team, and for the RVT once it may know who the family is.
        let via_case = match &case {
            Some(c) => c.involves(self.actor.professional) && !self.anonymous(c).await?,
            None => false,
        };
        if !(reporter || receiver || via_case) {
            return Err(AccessError::not_found("signal"));
        }
        let mut log: Vec<ProcessingRecord> = signal
            .persons
            .iter()
            .map(|p| self.record(Operation::Read, None, Some(*p)))
            .collect();
        log.extend(signal.household_id.map(|h| self.record(Operation::Read, Some(h), None)));
        // A reporter reading back their report to another organisation does so under their meldrecht, as
        // they made it (`receive`): under their own organisation's activity the household's log would name
        // them to its case team and their organisation to the family.
        if reporter && signal.received_by != self.actor.organisation {
            log = log.into_iter().map(reporters).collect();
        }
        self.log(log).await?;
        Ok(signal.as_read_by(self.actor.organisation, self.actor.kind))
    }

    /// A signal with the persons it is about, for whoever may read the signal (see [`Scope::signal`]): the
    /// persons come with the signal, whether or not the reader works in their households' files.
    pub async fn signal_with_subjects(&self, id: SignalId) -> Result<TriageItem, AccessError> {
        let signal = self.signal(id).await?;
        let mut items = self.with_subjects(vec![signal]).await?;
        Ok(items.remove(0))
    }

    /// Signals with their persons and, for their receiver, their surroundings: the household each is
    /// linked to, that household's open case, and whether a signal about a child is linked to a household
    /// where no child lives (issue 12: the radar connects). Only for the receiving organisation while a
    /// signal waits for its assessment (the open task that makes it involved); anyone else, or afterwards,
    /// gets no surroundings. Read in four statements, however many signals (the triage page shows fifty).
    /// The callers log the reads of the signals' persons and households.
    async fn with_subjects(&self, signals: Vec<Signal>) -> Result<Vec<TriageItem>, AccessError> {
        let persons: Vec<PersonId> = (signals.iter().flat_map(|s| s.persons.iter().copied()))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let persons: HashMap<PersonId, Person> = (self.store.persons(&persons).await?.into_iter())
            .map(|p| (p.id, p))
            .collect();
        // The open task is the ground: once a signal is assessed, the receiver learns nothing more here.
        let task_open = |s: &Signal| s.received_by == self.actor.organisation && s.assessment.is_none() && !s.imported;
        let linked: Vec<HouseholdId> = (signals.iter().filter(|s| task_open(s)))
            .filter_map(|s| s.household_id)
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let today = time::today();
        let mut households: HashMap<HouseholdId, Household> = HashMap::new();
        let mut open_cases: HashMap<HouseholdId, Case> = HashMap::new();
        let mut members: HashMap<HouseholdId, Vec<(Person, regie_domain::Relation)>> = HashMap::new();
        if !linked.is_empty() {
            households.extend((self.store.households(&linked).await?.into_iter()).map(|h| (h.id, h)));
            open_cases.extend(
                (self.store.current_cases_for(&linked).await?.into_iter())
                    .filter(|c| c.is_open())
                    .map(|c| (c.household_id, c)),
            );
            for m in self.store.members_of(&linked).await? {
                if m.membership.is_current_on(today) {
                    (members.entry(m.membership.household_id).or_default()).push((m.person, m.membership.relation));
                }
            }
        }
        Ok(signals
            .into_iter()
            .map(|signal| {
                let subjects: Vec<Person> = (signal.persons.iter())
                    .filter_map(|p| persons.get(p).cloned())
                    .collect();
                let surroundings = match signal.household_id.filter(|_| task_open(&signal)) {
                    Some(h) => Surroundings {
                        household: households.get(&h).cloned(),
                        open_case: open_cases.get(&h).cloned(),
                        child_outside_household: regie_domain::signal::child_outside_household(
                            &subjects,
                            members.get(&h).map_or(&[][..], Vec::as_slice),
                            today,
                        ),
                    },
                    None => Surroundings::default(),
                };
                TriageItem {
                    signal,
                    subjects,
                    surroundings,
                }
            })
            .collect())
    }

    /// Whether the actor may work in a household's file now (need-to-know), for pages that offer a link
    /// to it only where it would open.
    pub async fn involved_in(&self, id: HouseholdId) -> Result<bool, AccessError> {
        match self.store.household(id).await? {
            Some(h) => Ok(self.involvements(&[&h]).await?.0[0].is_some()),
            None => Ok(false),
        }
    }

    /// The status of a report, for the professional who made it (and the organisation that received it):
    /// no content, nothing of whom it is about, only where it stands.
    pub async fn signal_status(&self, id: SignalId) -> Result<ReportStatus, AccessError> {
        self.may(Action::ReportSignal)?;
        let signal = self
            .store
            .signal(id)
            .await?
            .ok_or_else(|| AccessError::not_found("signal"))?;
        if signal.reporter.professional_id != Some(self.actor.professional)
            && signal.received_by != self.actor.organisation
        {
            return Err(AccessError::not_found("signal"));
        }
        Ok(ReportStatus::of(&signal))
    }

    /// Where the reports the actor made through Regie stand, newest first: nothing of whom they are about.
    pub async fn my_reports(&self) -> Result<Vec<ReportStatus>, AccessError> {
        self.may(Action::ReportSignal)?;
        let reports = self.store.signals_reported_by(self.actor.professional).await?;
        Ok(reports.iter().map(ReportStatus::of).collect())
    }

    /// A page of the signals the actor's organisation received and has not assessed yet, earliest deadline
    /// first: at most `limit` after skipping `offset`, with how many wait in all. Only the page is read (and
    /// logged): a large region's triage list is read a page at a time.
    pub async fn triage_signals(&self, limit: u32, offset: u32) -> Result<(Vec<Signal>, u64), AccessError> {
        self.may(Action::ReceiveSignal)?;
        let (open, total) = (self.store)
            .open_signals_received_by(self.actor.organisation, limit, offset)
            .await?;
        let log = open
            .iter()
            .flat_map(|s| {
                let persons = s.persons.iter().map(|p| self.record(Operation::Read, None, Some(*p)));
                persons.chain(s.household_id.map(|h| self.record(Operation::Read, Some(h), None)))
            })
            .collect();
        self.log(log).await?;
        let shown = (open.into_iter())
            .map(|s| s.as_read_by(self.actor.organisation, self.actor.kind))
            .collect();
        Ok((shown, total))
    }

    /// [`Scope::triage_signals`], each with whom it is about and what surrounds it (for the triage page).
    pub async fn triage(&self, limit: u32, offset: u32) -> Result<(Vec<TriageItem>, u64), AccessError> {
        let (signals, total) = self.triage_signals(limit, offset).await?;
        Ok((self.with_subjects(signals).await?, total))
    }

    /// Assesses a signal the actor's organisation received. An outcome that means work in a case joins the
    /// household's open case, or opens one with `lead` (default: the assessor); signal, case and log are
    /// written in one transaction.
    pub async fn assess_signal(
        &self,
        id: SignalId,
        version: i64,
        outcome: AssessmentOutcome,
        summary: &str,
        lead: Option<Lead>,
    ) -> Result<(Signal, Option<Case>), AccessError> {
        self.may(Action::ReceiveSignal)?;
        let current = (self.store.signal(id).await?)
            .filter(|s| s.received_by == self.actor.organisation)
            .ok_or_else(|| AccessError::not_found("signal"))?;
        if current.version != version {
            return Err(regie_store::StoreError::stale().into());
        }
        let now = time::now();
        let norms = self.region_norms().await?;
        // The household's open case to join, or a new one (with its opening event) to open.
        let target: Option<(Case, Option<NewEvent>)> = if outcome.needs_case() {
            let household = current.household_id.ok_or_else(|| {
                DomainError::invalid(
                    "outcome",
                    "household_required",
                    "a case needs the signal's household: register the signal with its household first",
                    "een zaak heeft het huishouden van het signaal nodig: registreer het signaal met zijn huishouden",
                )
            })?;
            // Opening or joining a case takes a ground: a report the organisation must assess, or its
            // involvement; a signal it registered about someone else's family itself is none.
            let found = self.existing_household("household_id", household).await?;
            if self.involvements(&[&found]).await?.0[0].is_none() {
                return Err(DomainError::forbidden(
                    "no_ground",
                    "a signal your organisation registered itself gives no ground to open or join this household's case: hand it to the organisation with the task",
                    "een signaal dat uw organisatie zelf registreerde, geeft geen grond om een zaak van dit huishouden te openen of erbij te voegen: draag het over aan de organisatie met de taak",
                )
                .into());
            }
            match self.store.open_case_of(household).await? {
                Some(_) if lead.is_some() => {
                    return Err(DomainError::invalid(
                        "lead",
                        "lead_not_used",
                        "the household already has an open case, whose lead stays: leave the lead out",
                        "het huishouden heeft al een open zaak, waarvan de regie blijft: laat de regie weg",
                    )
                    .into());
                }
                Some(case) => Some((case, None)),
                None => {
                    let lead = match lead {
                        Some(lead) => lead,
                        None => Lead::new((self.actor.professional, self.actor.kind), None)?,
                    };
                    let (case, opened) = Case::open(household, lead, LegalFrame::Voluntary, None, &self.actor, now)?;
                    Some((case, Some(opened)))
                }
            }
        } else {
            None
        };
        let case_id = target.as_ref().map(|(c, _)| c.id);
        let assessed = current.assess(outcome, summary, case_id, &norms, &self.actor, now)?;
        let (link, case) = match target {
            None => (None, None),
            Some((case, opened)) => {
                let (next, linked) = case.link_signal(&assessed, &self.actor, now)?;
                let link = match opened {
                    Some(opened) => CaseLink::Open(next.clone(), vec![opened, linked]),
                    None => CaseLink::Join(next.clone(), Box::new(linked)),
                };
                (Some(link), Some(next))
            }
        };
        let mut log: Vec<ProcessingRecord> = assessed
            .persons
            .iter()
            .map(|p| self.record(Operation::Write, None, Some(*p)))
            .collect();
        log.extend(
            assessed
                .household_id
                .map(|h| self.record(Operation::Write, Some(h), None)),
        );
        self.store
            .assess_signal(&assessed, &self.actor, link.as_ref(), &log)
            .await?;
        Ok((assessed.as_read_by(self.actor.organisation, self.actor.kind), case))
    }

    /// Keeps the actor's walk through the meldcode, whatever its outcome; the persons and household it
    /// names must exist.
    pub async fn record_meldcode(
        &self,
        record: MeldcodeRecord,
        household_id: Option<HouseholdId>,
        persons: Vec<PersonId>,
    ) -> Result<Meldcode, AccessError> {
        self.may(Action::ReportSignal)?;
        self.existing_persons("persons", &persons).await?;
        if let Some(h) = household_id {
            self.existing_household("household_id", h).await?;
        }
        let meldcode = Meldcode {
            id: MeldcodeId::new(),
            by: self.actor.professional,
            organisation: self.actor.organisation,
            at: time::now(),
            household_id,
            persons,
            record,
            signal_id: None,
        };
        // The meldcode is the way to a report (Wmo 2015 art. 5.2.6 shields its reporter): its records are
        // the reporter's, logged as the report's are, so that no household log names who weighed reporting.
        let log: Vec<ProcessingRecord> = (meldcode.persons.iter())
            .map(|p| self.record(Operation::Write, None, Some(*p)))
            .chain(household_id.map(|h| self.record(Operation::Write, Some(h), None)))
            .map(reporters)
            .collect();
        self.store.create_meldcode(&meldcode, &log).await?;
        Ok(meldcode)
    }

    /// The actor's own meldcode records, newest first.
    pub async fn my_meldcodes(&self) -> Result<Vec<Meldcode>, AccessError> {
        self.may(Action::ReportSignal)?;
        let records = self.store.meldcodes_by(self.actor.professional).await?;
        let log = records
            .iter()
            .flat_map(|m| {
                m.persons
                    .iter()
                    .map(|p| reporters(self.record(Operation::Read, None, Some(*p))))
            })
            .collect();
        self.log(log).await?;
        Ok(records)
    }

    /// The region's norms.
    pub async fn norms(&self) -> Result<Norms, AccessError> {
        Ok(self.store.norms(self.actor.region).await?)
    }

    /// Changes the region's norms (the municipality steers them; the region's functional administrator
    /// configures them).
    pub async fn put_norms(&self, norms: &Norms) -> Result<(), AccessError> {
        self.may_configure().await?;
        norms.check()?;
        self.store.put_norms(self.actor.region, norms).await?;
        self.kept.clear();
        Ok(())
    }

    /// The region's route variant (F26; no personal data: any signed-in professional may read it).
    pub async fn route_variant(&self) -> Result<RouteVariant, AccessError> {
        Ok(self.store.route_variant(self.actor.region).await?)
    }

    /// Changes the region's route variant; only the region's functional administrator does. Cases already
    /// scaled up keep their form and lead: the variant decides the next change.
    pub async fn put_route_variant(&self, variant: &RouteVariant) -> Result<(), AccessError> {
        self.administrator_only().await?;
        variant.check()?;
        Ok(self.store.put_route_variant(self.actor.region, variant).await?)
    }

    /// Refuses anyone but the municipality (who steers the region's norms and catalogue) and the region's
    /// functional administrator.
    async fn may_configure(&self) -> Result<(), AccessError> {
        if self.holds(Role::RegionAdministrator).await? {
            return Ok(());
        }
        self.may(Action::ConfigureCatalogue)
    }

    /// A case's timeline with the names of who acted.
    pub async fn timeline(&self, id: CaseId) -> Result<Vec<NamedEvent>, AccessError> {
        let (case, household, members) = self.involved_case(id).await?;
        // The events are read while the read's records commit; nothing is shown before they have.
        let records = self.household_records(Operation::Read, case.household_id, &members);
        let (logged, timeline) = tokio::join!(self.log(records), named_timeline(self.store, case.id));
        logged?;
        let timeline = timeline?;
        match self.names_to_hide(&case, &household).await? {
            Some(names) => Ok(timeline
                .into_iter()
                .map(|e| {
                    Ok(NamedEvent {
                        event: CaseEvent {
                            reason: (e.event.reason.as_deref()).map(|r| regie_domain::involvement::redact(r, &names)),
                            change: redacted(&e.event.change, &names)?,
                            ..e.event
                        },
                        // A member who answered in the portal is not named either.
                        actor_name: regie_domain::involvement::redact(&e.actor_name, &names),
                        ..e
                    })
                })
                .collect::<Result<_, AccessError>>()?),
            None => Ok(timeline),
        }
    }
}

/// Where a report stands, for the professional who made it: what the signal says and whom it is about stay
/// with the organisation that received it (only a status leaves the access layer, so nothing about the
/// family is read for the reporter, and nothing is logged).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportStatus {
    /// The signal.
    pub id: SignalId,
    /// A report or an advice request.
    pub kind: regie_domain::signal::SignalKind,
    /// When it was received.
    pub received_on: jiff::civil::Date,
    /// The organisation that received it.
    pub received_by: OrganisationId,
    /// By when its safety is assessed, while it waits.
    pub assessment_deadline: Option<jiff::civil::Date>,
    /// Received, imported or assessed.
    pub status: regie_domain::signal::SignalStatus,
    /// What the assessment decided follows, once assessed.
    pub follow_up: Option<regie_domain::signal::AssessmentOutcome>,
}

impl ReportStatus {
    fn of(signal: &Signal) -> Self {
        Self {
            id: signal.id,
            kind: signal.kind,
            received_on: signal.received_on,
            received_by: signal.received_by,
            assessment_deadline: signal.assessment_deadline,
            status: signal.status(),
            follow_up: signal.assessment.as_ref().map(|a| a.outcome),
        }
    }
}

/// The register's activity for reporting to another organisation (meldrecht): its records show nowhere a
/// reporter could be recognised.
pub(crate) const REPORT_ACTIVITY: &str = "report_to_vt";

/// A record as a reporter's (`REPORT_ACTIVITY`).
pub(crate) fn reporters(mut record: ProcessingRecord) -> ProcessingRecord {
    record.activity = REPORT_ACTIVITY;
    record
}

/// How many signals a page of the triage list shows: the most urgent first, the rest on the next pages.
pub const TRIAGE_PAGE: u32 = 50;

/// How many pages of the store a household search reads at most to fill one page of the actor's own.
const SEARCH_ROUNDS: usize = 10;

/// How an anonymous consultation names a household.
const ANONYMOUS_HOUSEHOLD: &str = "Huishouden (consultatie zonder namen)";

/// A household as an anonymous consultation shows it: no name, no address.
fn anonymised(household: &Household) -> Household {
    Household {
        name: regie_domain::ShortText::parse("name", ANONYMOUS_HOUSEHOLD).expect("a valid name"),
        address: None,
        ..household.clone()
    }
}

/// A person as an anonymous consultation shows them: a placeholder name with their age, no BSN or address,
/// and 1 January of the year that gives their age on `today` as the date of birth.
fn anonymised_person(person: &Person, label: &str, today: Date) -> Person {
    let age = person.age_on(today);
    let text = |field, raw: &str| regie_domain::ShortText::parse(field, raw).expect("a valid placeholder");
    Person {
        name: regie_domain::PersonName {
            given: text("given_name", label),
            family: text("family_name", &format!("({age} jaar)")),
        },
        date_of_birth: Date::new(today.year() - age, 1, 1).unwrap_or(person.date_of_birth),
        bsn: None,
        address: None,
        ..person.clone()
    }
}

/// Members as an anonymous consultation shows them: "Ouder 1", "Kind 2", each with their age.
fn anonymised_members(members: &[Member], today: Date) -> Vec<Member> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    members
        .iter()
        .map(|m| {
            let relation = m.membership.relation.label_nl();
            let n = counts.entry(relation).or_default();
            *n += 1;
            let mut label: String = relation.chars().take(1).flat_map(char::to_uppercase).collect();
            label.push_str(&relation[relation.chars().next().map_or(0, char::len_utf8)..]);
            Member {
                membership: m.membership.clone(),
                person: anonymised_person(&m.person, &format!("{label} {n}"), today),
            }
        })
        .collect()
}

/// A case with every name of `names` replaced in what professionals wrote in its route.
fn redacted_case(case: &Case, names: &[(String, String)]) -> Result<Case, AccessError> {
    Ok(Case {
        route: redacted(&case.route, names)?,
        ..case.clone()
    })
}

/// `value` with every name of `names` replaced in its free texts (string values that are not codes), by way
/// of its JSON form. Should that form not read back, nothing is shown: a failure, never the names.
fn redacted<T: serde::Serialize + serde::de::DeserializeOwned>(
    value: &T,
    names: &[(String, String)],
) -> Result<T, AccessError> {
    fn walk(v: &mut serde_json::Value, names: &[(String, String)]) {
        match v {
            serde_json::Value::String(s)
                if !s
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-') =>
            {
                *s = regie_domain::involvement::redact(s, names);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|i| walk(i, names)),
            serde_json::Value::Object(map) => map.values_mut().for_each(|i| walk(i, names)),
            _ => {}
        }
    }
    let mut json = serde_json::to_value(value).map_err(|e| AccessError::Internal(Box::new(e)))?;
    walk(&mut json, names);
    serde_json::from_value(json).map_err(|e| AccessError::Internal(Box::new(e)))
}

/// Refuses a change made under an emergency access, which is for reading only.
fn writable(ground: Involvement) -> Result<(), AccessError> {
    if ground == Involvement::Emergency {
        return Err(DomainError::forbidden(
            "emergency_read_only",
            "an emergency access is for reading: ask the case team to make the change",
            "noodtoegang is alleen om te lezen: vraag het zaakteam de wijziging te doen",
        )
        .into());
    }
    Ok(())
}

/// The refusal of a request field that names no person.
fn unknown_person(field: &'static str) -> AccessError {
    let en = "there is no person with this id";
    DomainError::invalid(field, "unknown_person", en, "er is geen persoon met deze id").into()
}

/// The refusal of a request field that names no household (of the actor's region).
fn unknown_household(field: &'static str) -> AccessError {
    let en = "there is no household with this id";
    DomainError::invalid(field, "unknown_household", en, "er is geen huishouden met deze id").into()
}

/// The refusal for an actor who is not involved in a household's file.
fn not_involved() -> AccessError {
    DomainError::forbidden(
        error::NOT_INVOLVED,
        "you are not involved in this household's file (need-to-know): only its case team, the RVT it is scaled up to, or an organisation with an open task about it work in it",
        "u bent niet betrokken bij dit huishouden, dus u kunt het dossier niet openen of wijzigen. Alleen het zaakteam, het RVT waarnaar is opgeschaald en een organisatie met een open wettelijke taak werken erin. Zoek op BSN om te zien bij wie het huishouden bekend is",
    )
    .into()
}

/// Whether a search is specific enough to tell about households the actor is not involved in: it names a
/// BSN, or a name with a date of birth (as the Verwijsindex is searched).
fn identifying(query: &HouseholdQuery) -> bool {
    let bsn = query.words.iter().any(|w| regie_store::digits(w, 9));
    let birth = query.words.iter().any(|w| regie_store::digits(w, 8));
    // A given and a family name, each more than a letter or two (words match as prefixes).
    let names = (query.words.iter())
        .filter(|w| w.chars().count() >= 3 && !w.bytes().all(|b| b.is_ascii_digit()))
        .count();
    bsn || (birth && names >= 2)
}

/// The registered person a description names: the one with the same BSN; else the only one with the same
/// name and birth date, unless both have a BSN (then they differ); else one described earlier in the same
/// batch (`fresh`) the same way. None means: register them.
fn same_person(found: &[PersonMatch], described: &Person, fresh: &[Person]) -> Option<PersonId> {
    if let Some(m) = found.iter().find(|m| m.reason == MatchReason::SameBsn) {
        return Some(m.person.id);
    }
    if let [only] = found
        && (described.bsn.is_none() || only.person.bsn.is_none())
    {
        return Some(only.person.id);
    }
    fresh
        .iter()
        .find(|p| match (&p.bsn, &described.bsn) {
            (Some(a), Some(b)) => a == b,
            _ => p.name.match_key() == described.name.match_key() && p.date_of_birth == described.date_of_birth,
        })
        .map(|p| p.id)
}

/// A case's events with the names of the professionals who acted and their organisations, read together.
async fn named_timeline(store: &dyn Store, case: CaseId) -> Result<Vec<NamedEvent>, AccessError> {
    let events = store.named_events(case).await?;
    // The names of the household members who answered in the portal, each read once.
    let mut members: HashMap<PersonId, String> = HashMap::new();
    let mut timeline = Vec::with_capacity(events.len());
    for (event, names) in events {
        let (actor_name, organisation_name) = match (event.actor, names) {
            (EventActor::Professional { .. }, Some(names)) => names,
            (EventActor::Professional { .. }, None) => return Err(AccessError::not_found("professional")),
            (EventActor::Member { person_id }, _) => {
                let name = match members.entry(person_id) {
                    Entry::Occupied(name) => name.get().clone(),
                    Entry::Vacant(slot) => {
                        let p = (store.person(person_id).await?).ok_or_else(|| AccessError::not_found("person"))?;
                        slot.insert(p.name.full()).clone()
                    }
                };
                (name, "het gezin, in het portaal".to_owned())
            }
        };
        timeline.push(NamedEvent {
            event,
            actor_name,
            organisation_name,
        });
    }
    Ok(timeline)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_settings_expire_and_are_forgotten_on_a_change() {
        let cache = SettingsCache::default();
        let (me, colleague) = (ProfessionalId::new(), ProfessionalId::new());
        cache.put(me, Norms::default(), vec![colleague]);
        assert_eq!(cache.get(me), Some((Norms::default(), vec![colleague])));
        assert_eq!(cache.get(colleague), None);
        // Settings kept for as long as `SETTINGS_FOR` are read again.
        let old = std::time::Instant::now().checked_sub(SETTINGS_FOR).unwrap();
        (cache.0.lock().unwrap()).insert(colleague, (old, Norms::default(), vec![me]));
        assert_eq!(cache.get(colleague), None);
        cache.clear();
        assert_eq!(cache.get(me), None);
    }
}
