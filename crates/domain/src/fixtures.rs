//! Shared test fixtures for the domain's unit tests.

use crate::case::{Case, Lead, LegalFrame};
use crate::directory::{Actor, OrganisationKind};
use crate::ids::{HouseholdId, OrganisationId, PersonId, ProfessionalId, RegionId};
use crate::route::{CaseContext, Standing};
use jiff::Timestamp;
use jiff::civil::{Date, date};

/// The region of the fixtures' actors.
pub const REGION: RegionId = RegionId(uuid::Uuid::nil());

/// A professional of a fresh organisation of `kind`.
pub fn actor(kind: OrganisationKind) -> Actor {
    Actor {
        professional: ProfessionalId::new(),
        organisation: OrganisationId::new(),
        kind,
        region: crate::fixtures::REGION,
    }
}

/// The "today" of the fixtures.
pub const TODAY: Date = date(2026, 11, 23);

/// A case opened by a local-team professional, who leads it, in a household of two members, with the
/// professional's organisation as the region's one organisation.
pub fn local_case() -> (Case, CaseContext, Actor) {
    let actor = Actor {
        professional: ProfessionalId::new(),
        organisation: OrganisationId::new(),
        kind: OrganisationKind::LocalTeam,
        region: crate::fixtures::REGION,
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
        consents: vec![],
        today: TODAY,
        born: vec![],
        norms: crate::signal::Norms::default(),
        variant: crate::route::RouteVariant::default(),
    };
    (case, ctx, actor)
}

/// An open case led by `lead` alone.
pub fn case_led_by(lead: &Actor) -> Case {
    let l = Lead::new((lead.professional, lead.kind), None).unwrap();
    Case::open(
        HouseholdId::new(),
        l,
        LegalFrame::Voluntary,
        None,
        lead,
        Timestamp::now(),
    )
    .unwrap()
    .0
}

/// `case` consulted with the RVT professional `rvt`, by its lead `lead`.
pub fn scaled_up(mut case: Case, lead: &Actor, rvt: &Actor) -> Case {
    case.route.scale = Some(crate::route::ScaleUp {
        form: crate::route::ScaleForm::Consultation,
        ground: crate::route::Ground::StructuralUnsafety,
        rvt_professional: rvt.professional,
        since: Timestamp::now(),
        local_lead: Lead::new((lead.professional, lead.kind), None).unwrap(),
        deadline: Some(TODAY),
        answered_at: None,
        answer: None,
        proposal: None,
        answer_seen_at: None,
        basis: None,
    });
    case
}

/// A parent's written consent, in force since [`TODAY`], to share `household`'s data with `to`'s
/// organisation for `purpose`.
pub fn consent(household: HouseholdId, purpose: crate::consent::Purpose, to: &Actor) -> crate::consent::Consent {
    crate::consent::Consent {
        id: crate::ids::ConsentId::new(),
        household,
        person: PersonId::new(),
        purpose,
        organisation: to.organisation,
        from: TODAY,
        manner: crate::consent::Manner::Written,
        recorded_by: ProfessionalId::new(),
        recorded_at: Timestamp::now(),
        revoked: None,
    }
}

/// A signal of `kind` received by `receiver`'s organisation, waiting for assessment; with a safety
/// assessment deadline when `deadline`.
pub fn signal(kind: crate::signal::SignalKind, receiver: &Actor, deadline: bool) -> crate::signal::Signal {
    use crate::signal::{Radar, Reporter, Signal, SourceCategory};
    Signal {
        id: crate::ids::SignalId::new(),
        kind,
        reporter: Reporter {
            category: SourceCategory::Neighbour,
            name: None,
            organisation: None,
            contact: None,
            professional_id: None,
        },
        shielded: false,
        household_id: Some(HouseholdId::new()),
        persons: vec![],
        observed: "Geschreeuw".into(),
        received_on: TODAY,
        registered_at: Timestamp::now(),
        received_by: receiver.organisation,
        acute: false,
        assessment_deadline: deadline.then_some(TODAY),
        assessment: None,
        radar: Radar::default(),
        meldcode: None,
        imported: false,
        version: 1,
    }
}
