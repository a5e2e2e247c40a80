//! Identifiers: UUIDv7 (time-ordered) in one newtype per entity, so a case id can never be passed as a
//! household id.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
        )]
        #[serde(transparent)]
        #[schema(value_type = String, format = Uuid)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A fresh, time-ordered identifier.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    )*};
}

id_type!(
    /// Identifies a region (a pilot region, "proeftuin").
    RegionId,
    /// Identifies an organisation in the chain.
    OrganisationId,
    /// Identifies a team inside an organisation.
    TeamId,
    /// Identifies a professional (a user who works for an organisation).
    ProfessionalId,
    /// Identifies a household.
    HouseholdId,
    /// Identifies a person, of any age.
    PersonId,
    /// Identifies one membership of a person in a household.
    MembershipId,
    /// Identifies a case (the one client route of a household).
    CaseId,
    /// Identifies one event in a case's log.
    EventId,
    /// Identifies a signal (a report or an advice request).
    SignalId,
    /// Identifies a meldcode assistant's record.
    MeldcodeId,
    /// Identifies what a family member added from the portal.
    ContributionId,
    /// Identifies an emergency access to a file (break-the-glass).
    EmergencyAccessId,
    /// Identifies a household member's consent to share data.
    ConsentId,
    /// Identifies a justice partner's track about a household member (a criminal case, a supervision).
    TrackId,
    /// A merge of two person records into one.
    MergeId,
    /// An organisation's webhook subscription (F28).
    SubscriptionId,
);
