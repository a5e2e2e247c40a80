//! A household member's lawyer (F16; `regie_domain::lawyer`): the member registers them in the portal, and
//! may let them read the court proceedings that concern the member. The lawyer has no account in Regie:
//! the member hands them an access code, shown once when the consent is given; only its hash is kept, and
//! withdrawing the consent (or removing the lawyer) ends it. The lawyer reads what concerns the client:
//! proceedings about the client, and about the children the client holds authority over. What they read is
//! logged as the member's processing under the register's `lawyer_view` activity, per person.

use super::{Access, FamilyScope, Scope};
use crate::error::AccessError;
use crate::letters::household_letters;
use crate::random_token;
use regie_domain::authority::{Holder, in_effect};
use regie_domain::justice::{CourtRequest, Measure};
use regie_domain::lawyer::Lawyer;
use regie_domain::letter::Letter;
use regie_domain::policy::{Action, require};
use regie_domain::{DomainError, HouseholdId, PersonId, Relation, time};
use regie_store::{Operation, ProcessingRecord, Processor};
use sha2::{Digest, Sha256};

/// The register's activity under which a lawyer reads.
pub const LAWYER_ACTIVITY: &str = "lawyer_view";

/// What a lawyer reads with their client's consent.
#[derive(Debug, Clone)]
pub struct LawyerView {
    /// The lawyer.
    pub lawyer: Lawyer,
    /// The client's full name.
    pub client: String,
    /// The names of the household's members, to name the children of a request.
    pub names: Vec<(PersonId, String)>,
    /// The requests to the juvenile court that concern the client, with their hearing and decision.
    pub requests: Vec<CourtRequest>,
    /// The measures that concern the client.
    pub measures: Vec<Measure>,
    /// The copies of the client's letters sent to the lawyer, newest first.
    pub letters: Vec<Letter>,
}

/// The hash under which an access code is kept.
fn code_hash(code: &str) -> String {
    regie_store::hex(&Sha256::digest(
        code.trim().to_ascii_lowercase().replace([' ', '-'], "").as_bytes(),
    ))
}

/// The refusal of a code that opens nothing, the same whatever the reason.
fn unknown_code() -> AccessError {
    DomainError::invalid(
        "code",
        "unknown_code",
        "this code gives no access: it is wrong, or the client withdrew their consent",
        "Met deze code kunt u niets inzien. Controleer de code; misschien heeft uw cliënt de toestemming ingetrokken.",
    )
    .into()
}

impl Access {
    /// The court proceedings concerning the client whose access code this is, for their lawyer: a request
    /// concerns a child of it, and a parent or other adult member of the household its children's; logged
    /// as the client's processing under `lawyer_view`.
    pub async fn lawyer_view(&self, code: &str) -> Result<LawyerView, AccessError> {
        let store = self.store.as_ref();
        let (lawyer, household) = (store.lawyer_by_code(&code_hash(code)).await?).ok_or_else(unknown_code)?;
        if lawyer.consent.is_none() {
            return Err(unknown_code());
        }
        let members = store.members(household).await?;
        let client = (members.iter())
            .find(|m| m.person.id == lawyer.client)
            .ok_or_else(unknown_code)?;
        // The proceedings about the client themselves, and about the children they hold authority over (the
        // registered gezag, else the household's parents): not a stepchild's, nor another adult's child's.
        let cases = store.cases_of_household(household).await?;
        let justice = (cases.iter().find(|c| c.is_open()))
            .map(|c| c.route.justice.clone())
            .unwrap_or_default();
        let authority = in_effect(&store.authorities(household).await?, &justice, time::today());
        let mut followed = vec![lawyer.client];
        if client.membership.relation != Relation::Child {
            for child in members.iter().filter(|m| m.membership.relation == Relation::Child) {
                let holds = match authority.iter().find(|a| a.child == child.person.id) {
                    Some(a) => (a.holders.iter())
                        .any(|h| matches!(h, Holder::Person { person_id } if *person_id == lawyer.client)),
                    None => client.membership.relation == Relation::Parent,
                };
                if holds {
                    followed.push(child.person.id);
                }
            }
        }
        let concerns = |children: &[PersonId]| children.iter().any(|c| followed.contains(c));
        let mut requests = Vec::new();
        let mut measures = Vec::new();
        let mut organisation = (store.household(household).await?).and_then(|h| h.registered_by);
        for case in &cases {
            let justice = &case.route.justice;
            requests.extend(justice.requests.iter().filter(|r| concerns(&r.children)).cloned());
            measures.extend(justice.measures.iter().filter(|m| concerns(&[m.child])).cloned());
            if let Some((_, o)) = store.professional(case.lead.primary).await? {
                organisation = Some(o.id);
            }
        }
        let letters: Vec<Letter> = (household_letters(store, household).await?.into_iter())
            .filter(|l| l.to == lawyer.client && l.lawyer.is_some())
            .collect();
        if let Some(organisation) = organisation {
            let span = crate::ProcessingSpan::new();
            let records: Vec<ProcessingRecord> = (followed.iter())
                .map(|person| ProcessingRecord {
                    at: time::now(),
                    actor: Processor::Family {
                        person: lawyer.client,
                        organisation,
                    },
                    purpose: LAWYER_ACTIVITY,
                    operation: Operation::Read,
                    household: Some(household),
                    person: Some(*person),
                    activity: LAWYER_ACTIVITY,
                    span: span.next(),
                    emergency: false,
                })
                .collect();
            store.log_processing(&records).await?;
        }
        Ok(LawyerView {
            client: client.person.name.full(),
            names: members.iter().map(|m| (m.person.id, m.person.name.full())).collect(),
            lawyer,
            requests,
            measures,
            letters,
        })
    }
}

impl FamilyScope<'_> {
    /// The member's lawyer, if they registered one.
    pub async fn lawyer(&self) -> Result<Option<Lawyer>, AccessError> {
        let me = self.member.person.id;
        Ok((self.store.lawyers_of(self.member.household.id).await?.into_iter()).find(|l| l.client == me))
    }

    /// Registers the member's lawyer, replacing the one they had (and ending that one's access).
    pub async fn register_lawyer(
        &self,
        name: &str,
        office: &str,
        phone: &str,
        email: &str,
    ) -> Result<Lawyer, AccessError> {
        let lawyer = Lawyer::register(self.member.person.id, name, office, phone, email, time::now())?;
        self.put(&lawyer, None).await?;
        Ok(lawyer)
    }

    /// The member lets their lawyer read the court proceedings concerning them: the access code to hand
    /// them, shown this once (a new one each time; the earlier code stops working).
    pub async fn consent_to_lawyer(&self) -> Result<String, AccessError> {
        let mut lawyer = self.lawyer().await?.ok_or_else(no_lawyer)?;
        lawyer.consent = Some(time::now());
        let code = random_token()?[..24].to_owned();
        self.put(&lawyer, Some(&code_hash(&code))).await?;
        Ok(code)
    }

    /// The member withdraws the consent: the code stops working.
    pub async fn withdraw_lawyer_consent(&self) -> Result<(), AccessError> {
        let mut lawyer = self.lawyer().await?.ok_or_else(no_lawyer)?;
        lawyer.consent = None;
        self.put(&lawyer, None).await
    }

    /// The member removes their lawyer: no more letters, no more access.
    pub async fn remove_lawyer(&self) -> Result<(), AccessError> {
        let me = self.member.person.id;
        let log = self.records(None, Operation::Write, [me]).await?;
        Ok(self.store.remove_lawyer(me, &log).await?)
    }

    async fn put(&self, lawyer: &Lawyer, code_hash: Option<&str>) -> Result<(), AccessError> {
        let log = self.records(None, Operation::Write, [lawyer.client]).await?;
        Ok(self
            .store
            .put_lawyer(lawyer, self.member.household.id, code_hash, &log)
            .await?)
    }
}

fn no_lawyer() -> AccessError {
    DomainError::conflict(
        None,
        "no_lawyer",
        "register your lawyer first",
        "Vul eerst de gegevens van uw advocaat in.",
    )
    .into()
}

impl Scope<'_> {
    /// The lawyers a household's members registered, for a professional involved in it (who sends the
    /// letters); logged as a read of each client.
    pub async fn lawyers(&self, household: HouseholdId) -> Result<Vec<Lawyer>, AccessError> {
        require(self.actor.kind, Action::ReadHouseholdFile)?;
        let (household, _) = self.involved_household(household).await?;
        let lawyers = self.store.lawyers_of(household.id).await?;
        let log = (lawyers.iter())
            .map(|l| self.record(Operation::Read, Some(household.id), Some(l.client)))
            .collect();
        self.log(log).await?;
        Ok(lawyers)
    }
}
