//! What the API sends and receives. Request bodies are raw shapes that handlers parse into domain types
//! (collecting every field error); responses are plain views of domain values.

use jiff::Timestamp;
use jiff::civil::Date;
use regie_domain::person::{MatchReason, Prefix};
use regie_domain::{
    Address, Case, CaseChange, CaseId, DomainError, HouseholdId, Lead, LegalFrame, MembershipId, OrganisationId,
    OrganisationKind, Person, PersonId, Phase, ProfessionalId, Relation, Route,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A Dutch address.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddressBody {
    /// Street name.
    pub street: String,
    /// House number with any addition.
    pub house_number: String,
    /// Postcode, e.g. `1234 AB`.
    pub postcode: String,
    /// Place name.
    pub city: String,
}

impl AddressBody {
    /// Parses into a domain address.
    pub fn parse(&self) -> Result<Address, Vec<DomainError>> {
        Address::parse(
            Prefix::Address,
            &self.street,
            &self.house_number,
            &self.postcode,
            &self.city,
        )
    }

    /// The view of a domain address.
    pub fn from_domain(a: &Address) -> Self {
        Self {
            street: a.street.as_str().into(),
            house_number: a.house_number.as_str().into(),
            postcode: a.postcode.clone(),
            city: a.city.as_str().into(),
        }
    }
}

/// A household.
#[derive(Debug, Serialize, ToSchema)]
pub struct HouseholdView {
    /// Identifier.
    pub id: HouseholdId,
    /// How professionals refer to it.
    pub name: String,
    /// Where it lives.
    pub address: Option<AddressBody>,
    /// Version of the household record.
    pub version: i64,
}

impl From<&regie_domain::Household> for HouseholdView {
    fn from(h: &regie_domain::Household) -> Self {
        Self {
            id: h.id,
            name: h.name.as_str().into(),
            address: h.address.as_ref().map(AddressBody::from_domain),
            version: h.version,
        }
    }
}

/// A household's open case, in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct OpenCaseRef {
    /// The case.
    pub id: CaseId,
    /// Its phase.
    pub phase: Phase,
}

/// One row of the household list.
#[derive(Debug, Serialize, ToSchema)]
pub struct HouseholdSummaryView {
    /// The household.
    #[serde(flatten)]
    pub household: HouseholdView,
    /// Number of current members.
    pub members: i64,
    /// The open case, if any.
    pub open_case: Option<OpenCaseRef>,
}

/// A page of households.
#[derive(Debug, Serialize, ToSchema)]
pub struct HouseholdPage {
    /// The households on this page that you are involved in, by name.
    pub items: Vec<HouseholdSummaryView>,
    /// For a search by BSN, or by name with a date of birth: the matching households you are not involved
    /// in, only as known elsewhere (need-to-know).
    pub known_elsewhere: Vec<KnownElsewhereView>,
    /// Pass as `after` to get the next page; absent on the last page.
    pub next: Option<HouseholdId>,
}

/// A household known to another organisation: that it is known, and to whom; nothing else.
#[derive(Debug, Serialize, ToSchema)]
pub struct KnownElsewhereView {
    /// The household.
    pub household_id: HouseholdId,
    /// The organisation that works with it.
    pub organisation: String,
    /// Its case's fixed contact person, if it has an open case.
    pub contact: Option<String>,
}

impl From<&crate::access::KnownElsewhere> for KnownElsewhereView {
    fn from(k: &crate::access::KnownElsewhere) -> Self {
        Self {
            household_id: k.household_id,
            organisation: k.organisation.clone(),
            contact: k.contact.clone(),
        }
    }
}

/// A person.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonView {
    /// Identifier.
    pub id: PersonId,
    /// Given name(s).
    pub given_name: String,
    /// Family name including any prefix.
    pub family_name: String,
    /// Date of birth.
    #[schema(value_type = String, format = Date)]
    pub date_of_birth: Date,
    /// Age in years today.
    pub age: i16,
    /// BSN, if known.
    pub bsn: Option<String>,
    /// Address, if known.
    pub address: Option<AddressBody>,
    /// Version of the person record.
    pub version: i64,
}

impl From<&Person> for PersonView {
    fn from(p: &Person) -> Self {
        Self {
            id: p.id,
            given_name: p.name.given.as_str().into(),
            family_name: p.name.family.as_str().into(),
            date_of_birth: p.date_of_birth,
            age: p.age_on(regie_domain::time::today()),
            bsn: p.bsn.as_ref().map(regie_domain::Bsn::as_string),
            address: p.address.as_ref().map(AddressBody::from_domain),
            version: p.version,
        }
    }
}

/// A membership of a household.
#[derive(Debug, Serialize, ToSchema)]
pub struct MembershipView {
    /// Identifier.
    pub id: MembershipId,
    /// The household.
    pub household_id: HouseholdId,
    /// The member.
    pub person_id: PersonId,
    /// How they relate to the household.
    pub relation: Relation,
    /// First day.
    #[schema(value_type = String, format = Date)]
    pub from: Date,
    /// Last day, once ended.
    #[schema(value_type = Option<String>, format = Date)]
    pub to: Option<Date>,
}

impl From<&regie_domain::Membership> for MembershipView {
    fn from(m: &regie_domain::Membership) -> Self {
        Self {
            id: m.id,
            household_id: m.household_id,
            person_id: m.person_id,
            relation: m.relation,
            from: m.from,
            to: m.to,
        }
    }
}

/// A member: the membership with the person.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberView {
    /// The membership.
    pub membership: MembershipView,
    /// The person.
    pub person: PersonView,
    /// Whether the membership is current today.
    pub current: bool,
}

/// A household's file: the household, its members and its open case.
#[derive(Debug, Serialize, ToSchema)]
pub struct HouseholdFileView {
    /// The household.
    pub household: HouseholdView,
    /// Current and former members.
    pub members: Vec<MemberView>,
    /// The open case, if any.
    pub open_case: Option<CaseView>,
    /// Shown without names, BSNs, addresses and dates of birth: you are consulted on a voluntary case
    /// without a ground to share who the family is. Names are placeholders ("Kind 1"), and each date of
    /// birth is 1 January of a year that gives the member's age.
    pub anonymous: bool,
    /// Who holds parental authority over each child, as last registered (none in an anonymous
    /// consultation).
    pub authority: Vec<regie_domain::authority::Authority>,
    /// The justice partners' tracks about its members: a criminal case, a supervision (none in an anonymous
    /// consultation).
    pub tracks: Vec<regie_domain::partners::Track>,
}

/// A person with their memberships.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonFileView {
    /// The person.
    pub person: PersonView,
    /// Households they are or were a member of.
    pub memberships: Vec<MembershipView>,
}

/// A possible duplicate, returned with a `possible_duplicate` problem.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonMatchView {
    /// The existing person's id (to add them to a household).
    pub person_id: PersonId,
    /// The existing person, when you are involved in one of their households (or they live in none).
    pub person: Option<PersonView>,
    /// Why they may be the same.
    pub reason: MatchReason,
    /// Otherwise: to whom their households are known (need-to-know).
    pub known_elsewhere: Vec<KnownElsewhereView>,
}

impl From<&crate::access::Duplicate> for PersonMatchView {
    fn from(d: &crate::access::Duplicate) -> Self {
        match d {
            crate::access::Duplicate::Visible(m) => Self {
                person_id: m.person.id,
                person: Some((&m.person).into()),
                reason: m.reason,
                known_elsewhere: Vec::new(),
            },
            crate::access::Duplicate::Elsewhere {
                person_id,
                reason,
                known,
            } => Self {
                person_id: *person_id,
                person: None,
                reason: *reason,
                known_elsewhere: known.iter().map(Into::into).collect(),
            },
        }
    }
}

/// A case.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseView {
    /// Identifier.
    pub id: CaseId,
    /// The household.
    pub household_id: HouseholdId,
    /// Where on the route it is.
    pub phase: Phase,
    /// The fixed contact person or duo.
    pub lead: Lead,
    /// The legal frame.
    pub legal_frame: LegalFrame,
    /// When it opened.
    #[schema(value_type = String, format = DateTime)]
    pub opened_at: Timestamp,
    /// When it closed.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub closed_at: Option<Timestamp>,
    /// Number of changes of lead (regiewissels).
    pub handoffs: i32,
    /// Send this back with a change; a stale version gets 409.
    pub version: i64,
    /// Scaling up to the RVT, the latest joint analysis and safety plan, and help.
    pub route: Route,
}

impl From<&Case> for CaseView {
    fn from(c: &Case) -> Self {
        Self {
            id: c.id,
            household_id: c.household_id,
            phase: c.phase,
            lead: c.lead,
            legal_frame: c.legal_frame,
            opened_at: c.opened_at,
            closed_at: c.closed_at,
            handoffs: c.handoffs,
            version: c.version,
            route: c.route.clone(),
        }
    }
}

/// One entry of a case's timeline.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventView {
    /// Order within the case (1 is the opening).
    pub seq: i64,
    /// When.
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
    /// Who: a professional, or a household member who answered in the portal.
    pub actor: regie_domain::EventActor,
    /// Their name.
    pub actor_name: String,
    /// For which organisation.
    pub organisation: OrganisationId,
    /// Its name.
    pub organisation_name: String,
    /// Why, in the actor's words.
    pub reason: Option<String>,
    /// What changed.
    pub change: CaseChange,
    /// The change in plain Dutch, for people.
    pub summary_nl: String,
}

/// The signed-in professional.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeView {
    /// Identifier.
    pub id: ProfessionalId,
    /// Username.
    pub username: String,
    /// Name.
    pub display_name: String,
    /// Organisation.
    pub organisation_id: OrganisationId,
    /// Organisation name.
    pub organisation_name: String,
    /// Organisation kind, which decides what they may do.
    pub organisation_kind: OrganisationKind,
    /// Their tasks for the organisation beyond casework.
    pub roles: Vec<regie_domain::Role>,
}
