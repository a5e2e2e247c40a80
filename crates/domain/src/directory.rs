//! The region's directory: organisations of the chain, their teams and professionals, and who acts.

use crate::ids::{OrganisationId, ProfessionalId, RegionId, TeamId};
use serde::{Deserialize, Serialize};

/// A region (in the pilots: a "proeftuin") with its own organisations and route.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Region {
    /// Identifier.
    pub id: RegionId,
    /// Display name, e.g. "Regio Voorbeeld".
    pub name: String,
}

/// The kind of an organisation decides its statutory tasks (see [`crate::policy`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationKind {
    /// Municipal local team (lokaal team / wijkteam): access to help, voluntary help, the hub.
    LocalTeam,
    /// Veilig Thuis: advice and reporting centre for domestic violence and child abuse.
    Vt,
    /// Raad voor de Kinderbescherming.
    Rvdk,
    /// Gecertificeerde Instelling: executes child protection measures.
    Gi,
    /// Gemeente: steers on aggregates.
    Municipality,
    /// Politie.
    Police,
    /// Openbaar Ministerie.
    Prosecutor,
    /// Rechtspraak (the juvenile court).
    Court,
    /// Reclassering.
    Probation,
    /// A provider of youth or adult care.
    CareProvider,
    /// A school: it reports worries under the meldcode, and works in no household files.
    School,
}

impl OrganisationKind {
    /// Every kind, for exhaustive tests and listings.
    pub const ALL: [OrganisationKind; 11] = [
        Self::LocalTeam,
        Self::Vt,
        Self::Rvdk,
        Self::Gi,
        Self::Municipality,
        Self::Police,
        Self::Prosecutor,
        Self::Court,
        Self::Probation,
        Self::CareProvider,
        Self::School,
    ];

    /// The stable code used in the database and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::LocalTeam => "local_team",
            Self::Vt => "vt",
            Self::Rvdk => "rvdk",
            Self::Gi => "gi",
            Self::Municipality => "municipality",
            Self::Police => "police",
            Self::Prosecutor => "prosecutor",
            Self::Court => "court",
            Self::Probation => "probation",
            Self::CareProvider => "care_provider",
            Self::School => "school",
        }
    }

    /// The Dutch name shown to users.
    pub fn label_nl(self) -> &'static str {
        match self {
            Self::LocalTeam => "lokaal team",
            Self::Vt => "Veilig Thuis",
            Self::Rvdk => "Raad voor de Kinderbescherming",
            Self::Gi => "Gecertificeerde Instelling",
            Self::Municipality => "gemeente",
            Self::Police => "politie",
            Self::Prosecutor => "Openbaar Ministerie",
            Self::Court => "Rechtspraak",
            Self::Probation => "Reclassering",
            Self::CareProvider => "zorgaanbieder",
            Self::School => "school",
        }
    }

    /// Parses the stable code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == code)
    }
}

/// An organisation in the region's chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Organisation {
    /// Identifier.
    pub id: OrganisationId,
    /// The region it works in.
    pub region_id: RegionId,
    /// Display name.
    pub name: String,
    /// Its kind, which decides its statutory tasks.
    pub kind: OrganisationKind,
}

/// A team inside an organisation (a local team's neighbourhood team, the RVT's VT unit, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Team {
    /// Identifier.
    pub id: TeamId,
    /// The organisation it belongs to.
    pub organisation_id: OrganisationId,
    /// Display name.
    pub name: String,
}

/// A professional: a user who works for one organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Professional {
    /// Identifier.
    pub id: ProfessionalId,
    /// The one organisation they work for.
    pub organisation_id: OrganisationId,
    /// Their team, if any.
    pub team_id: Option<TeamId>,
    /// Sign-in name.
    pub username: String,
    /// Name shown to colleagues and families.
    pub display_name: String,
    /// Their work phone number, as families may call it.
    pub phone: Option<String>,
    /// Their work e-mail address, as families may write to it.
    pub email: Option<String>,
}

/// A task a professional holds for their organisation beyond casework (functional administration).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reviews the organisation's emergency accesses (the privacy officer or team manager).
    Reviewer,
    /// Manages the organisation's accounts: resets a colleague's password (functioneel beheerder).
    Administrator,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 2] = [Role::Reviewer, Role::Administrator];

    /// The stable code stored and used in the API and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reviewer => "reviewer",
            Self::Administrator => "administrator",
        }
    }

    /// The role for a code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == code)
    }

    /// In Dutch, for people.
    pub fn label_nl(self) -> &'static str {
        match self {
            Self::Reviewer => "beoordelaar van noodtoegang",
            Self::Administrator => "functioneel beheerder",
        }
    }
}

/// Who acts: a professional, for their organisation (whose kind decides what they may do).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    /// The professional.
    pub professional: ProfessionalId,
    /// Their organisation.
    pub organisation: OrganisationId,
    /// The organisation's kind.
    pub kind: OrganisationKind,
}
