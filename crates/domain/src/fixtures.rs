//! Shared test fixtures for the domain's unit tests.

use crate::case::{Case, Lead, LegalFrame};
use crate::directory::{Actor, OrganisationKind};
use crate::ids::{HouseholdId, OrganisationId, PersonId, ProfessionalId};
use crate::route::{CaseContext, Standing};
use jiff::Timestamp;
use jiff::civil::{Date, date};

/// The "today" of the fixtures.
pub const TODAY: Date = date(2026, 11, 23);

/// A case opened by a local-team professional, who leads it, in a household of two members, with the
/// professional's organisation as the region's one organisation.
pub fn local_case() -> (Case, CaseContext, Actor) {
    let actor = Actor {
        professional: ProfessionalId::new(),
        organisation: OrganisationId::new(),
        kind: OrganisationKind::LocalTeam,
    };
    let lead = Lead::new((actor.professional, actor.kind), None).unwrap();
    let (case, _) = Case::open(
        HouseholdId::new(),
        lead,
        LegalFrame::Voluntary,
        None,
        &actor,
        Timestamp::now(),
    )
    .unwrap();
    let ctx = CaseContext {
        standing: Standing::CaseTeam,
        members: vec![PersonId::new(), PersonId::new()],
        organisations: vec![actor.organisation],
        help_kinds: vec![],
        today: TODAY,
    };
    (case, ctx, actor)
}
