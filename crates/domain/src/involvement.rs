//! Need-to-know (F19): a professional works in a household's file only while they are involved in it.
//!
//! Having a statutory task (the [`policy`](crate::policy)) is necessary but not enough. The AVG's purpose
//! limitation and data minimisation (art. 5 lid 1 sub b and c) and the Jeugdwet's duty of confidentiality
//! (art. 7.3.11) allow a professional to process a family's data only as far as their own work with that
//! family needs it. So a file opens to a professional only on one of the grounds in [`Involvement`]; the
//! access layer gathers the facts, this module decides, and everyone else learns only *that* the household
//! is known and to whom (as the Verwijsindex risicojongeren does, Jeugdwet art. 7.1.1.1 ff.).

use crate::case::Case;
use crate::consent::Consent;
use crate::directory::Actor;
use crate::ids::{OrganisationId, ProfessionalId};
use crate::route::Standing;
use crate::signal::{AssessmentOutcome, Signal, SignalKind, SignalStatus};
use jiff::civil::Date;
use std::collections::HashSet;

/// Why a professional may work in a household's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Involvement {
    /// They lead its current case (alone or in a duo), or led it before it was scaled up.
    Lead,
    /// The Regional Safety Team professional its current case is scaled up to.
    Rvt,
    /// A colleague in the team of one of those, where the region lets teams cover for each other.
    Team,
    /// Their organisation has an open statutory task about it: a report waiting for assessment, an
    /// investigation in its open case, until concluded, that is theirs or their team's ([`gives_task`]), or
    /// work on the case's justice route that is theirs, their team's or nobody's yet (`Justice::involves`).
    Task,
    /// Their organisation registered the household and no case has been opened for it yet.
    Registered,
    /// They broke the glass: an emergency access, for reading only, until the end of the day
    /// ([`crate::emergency`]).
    Emergency,
}

impl Involvement {
    /// In Dutch, for a page that says why a file is open.
    pub fn label_nl(self) -> &'static str {
        match self {
            Self::Lead => "u bent contactpersoon",
            Self::Rvt => "de zaak is naar u opgeschaald",
            Self::Team => "uw team werkt aan deze zaak",
            Self::Task => "uw organisatie heeft een wettelijke taak bij dit huishouden",
            Self::Registered => "uw organisatie heeft dit huishouden ingeschreven",
            Self::Emergency => "u hebt noodtoegang (alleen lezen, tot het einde van de dag)",
        }
    }
}

/// Who is looking: the actor and the colleagues who may cover for them.
#[derive(Debug, Clone)]
pub struct Viewer {
    /// The acting professional.
    pub actor: Actor,
    /// The members of the actor's team (the actor included) when the region lets a team cover for its
    /// members; empty otherwise.
    pub colleagues: HashSet<ProfessionalId>,
}

impl Viewer {
    /// A viewer with the colleagues of their team, when `team_access` is on.
    pub fn new(actor: Actor, team: impl IntoIterator<Item = ProfessionalId>, team_access: bool) -> Self {
        let colleagues = if team_access {
            team.into_iter().collect()
        } else {
            HashSet::new()
        };
        Self { actor, colleagues }
    }

    /// Whether `p` is the actor or, where the region lets a team cover for its members, one of their team.
    pub fn is_me_or_colleague(&self, p: ProfessionalId) -> bool {
        p == self.actor.professional || self.colleagues.contains(&p)
    }
}

/// What the access layer knows about a household, as far as involvement goes.
#[derive(Debug, Clone, Copy, Default)]
pub struct HouseholdFacts<'a> {
    /// Its current case: the open one, or else the latest closed one, whose last case team stays
    /// responsible for the file (for the family's requests, a complaint, or opening a new case).
    pub case: Option<&'a Case>,
    /// The viewer's organisation has an open statutory task about it that is open to them (see
    /// [`gives_task`] and `Justice::involves`).
    pub task: bool,
    /// The organisation that registered it.
    pub registered_by: Option<OrganisationId>,
    /// The viewer has an emergency access to it now.
    pub emergency: bool,
}

/// Where the viewer stands towards an open case: the case team (its lead, its lead before scaling up, or
/// their team), the RVT (the professional it is scaled up to, or their team), or an outsider. Nobody has
/// RVT standing on a case that was not scaled up to them.
pub fn standing(viewer: &Viewer, case: &Case) -> Standing {
    let me = viewer.actor.professional;
    let scale = case.route.scale.as_ref();
    let local = scale.map_or(case.lead, |s| s.local_lead);
    let leads = [
        Some(local.primary),
        local.secondary,
        Some(case.lead.primary),
        case.lead.secondary,
    ];
    let rvt = scale.map(|s| s.rvt_professional);
    if rvt == Some(me) {
        return Standing::Rvt;
    }
    if leads.contains(&Some(me)) {
        return Standing::CaseTeam;
    }
    if leads.iter().flatten().any(|p| viewer.is_me_or_colleague(*p)) {
        return Standing::CaseTeam;
    }
    if rvt.is_some_and(|p| viewer.is_me_or_colleague(p)) {
        return Standing::Rvt;
    }
    Standing::Outsider
}

/// Whether the viewer sees a case's household without names, BSNs, addresses and dates of birth: a
/// professional of the RVT consulted on a case without a basis to share the family's data with their
/// organisation (F18, [`crate::consent::basis_for`]). The local team may consult without sharing who the
/// family is; a legal ground (a suspicion of acute or structural unsafety reported to Veilig Thuis, the
/// Raad's investigation, a court measure) or a household member's consent in force for a consultation with
/// that organisation shows the names, and a revoked consent hides them again. Once the case is worked on
/// jointly or handed over, the names appear.
pub fn anonymous_to(viewer: &Viewer, case: &Case, consents: &[Consent], today: Date) -> bool {
    use crate::consent::{Purpose, basis_for};
    use crate::route::ScaleForm;
    let Some(scale) = case.route.scale.as_ref() else {
        return false;
    };
    standing(viewer, case) == Standing::Rvt
        && scale.form == ScaleForm::Consultation
        && basis_for(
            &viewer.actor,
            Purpose::RvtConsultation,
            scale.ground,
            case.legal_frame,
            consents,
            today,
        )
        .is_none()
}

/// Replaces, in a free text, every name of `names` (whole words, whatever their case; the longest first, so
/// a full name goes before its parts) by its placeholder: what professionals wrote about a family stays
/// readable in an anonymous consultation without naming anyone.
pub fn redact(text: &str, names: &[(String, String)]) -> String {
    let mut names: Vec<&(String, String)> = names.iter().filter(|(n, _)| !n.trim().is_empty()).collect();
    names.sort_by_key(|(n, _)| std::cmp::Reverse(n.chars().count()));
    let mut out = text.to_owned();
    for (name, placeholder) in names {
        out = replace_word(&out, name, placeholder);
    }
    out
}

/// `text` with each whole-word occurrence of `word` (compared without regard to case) replaced.
fn replace_word(text: &str, word: &str, with: &str) -> String {
    let lower = text.to_lowercase();
    let needle = word.to_lowercase();
    // Lower-casing changed some byte lengths: match exactly instead of risking a wrong cut.
    let (hay, needle) = if lower.len() == text.len() {
        (lower, needle)
    } else {
        (text.to_owned(), word.to_owned())
    };
    let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut from = 0;
    while let Some(found) = hay[from..].find(&needle) {
        let start = from + found;
        let end = start + needle.len();
        if !is_word(text[..start].chars().next_back()) && !is_word(text[end..].chars().next()) {
            out.push_str(&text[last..start]);
            out.push_str(with);
            last = end;
        }
        from = end;
    }
    out.push_str(&text[last..]);
    out
}

/// Whether, and on which ground, the viewer may work in a household's file.
pub fn involvement(viewer: &Viewer, facts: &HouseholdFacts<'_>) -> Option<Involvement> {
    let me = viewer.actor.professional;
    if let Some(case) = facts.case {
        let personal = case.involves(me) || case.route.scale.as_ref().is_some_and(|s| s.local_lead.includes(me));
        match standing(viewer, case) {
            Standing::CaseTeam if personal => return Some(Involvement::Lead),
            // The RVT's part ends with the case: a closed case stays with its case team only.
            Standing::Rvt if personal && case.is_open() => return Some(Involvement::Rvt),
            Standing::CaseTeam => return Some(Involvement::Team),
            Standing::Rvt if case.is_open() => return Some(Involvement::Team),
            Standing::Rvt | Standing::Outsider => {}
        }
    }
    if facts.task {
        return Some(Involvement::Task);
    }
    if facts.case.is_none() && facts.registered_by == Some(viewer.actor.organisation) {
        return Some(Involvement::Registered);
    }
    facts.emergency.then_some(Involvement::Emergency)
}

/// Whether a signal gives `viewer`, of its receiving organisation, a statutory task about the households it
/// concerns: a report Veilig Thuis must assess (it has a safety-assessment deadline, Wmo 2015 art. 4.1.1
/// lid 2), or a report another organisation's professional made to it, while it waits for assessment (the
/// organisation's, for whoever takes it up in triage); or an investigation the assessment started, while
/// its own case is open (`case`: the household's current case; a later case of the household is no ground
/// to return) and until it is concluded, for its investigator and their team only (`Case::investigation_of`,
/// the assessor on a link that names nobody): a colleague of another team takes it over first
/// (`Case::take_over_signal_investigation`). A signal an organisation registers itself otherwise, such as
/// an advice request, gives no ground to look beyond the signal: else anyone could manufacture one.
/// `reporter_organisation` is the organisation of the reporting professional, if any.
pub fn gives_task(
    signal: &Signal,
    reporter_organisation: Option<OrganisationId>,
    case: Option<&Case>,
    viewer: &Viewer,
) -> bool {
    if signal.imported {
        return false;
    }
    match signal.status() {
        SignalStatus::Received => {
            let reported_to_us = reporter_organisation.is_some_and(|o| o != signal.received_by);
            signal.kind == SignalKind::Report && (signal.assessment_deadline.is_some() || reported_to_us)
        }
        SignalStatus::Assessed => signal.assessment.as_ref().is_some_and(|a| {
            a.outcome == AssessmentOutcome::Investigation
                && case.is_some_and(|c| {
                    c.is_open()
                        && a.case_id.is_none_or(|own| own == c.id)
                        && match c.investigation_of(signal.id) {
                            Some(i) => i.involves(viewer),
                            None => viewer.is_me_or_colleague(a.by),
                        }
                })
        }),
        SignalStatus::Imported => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;
    use crate::{Lead, OrganisationKind};
    use proptest::prelude::*;

    use crate::fixtures::actor;

    fn viewer(a: Actor, team: &[ProfessionalId]) -> Viewer {
        Viewer::new(a, team.iter().copied().chain([a.professional]), true)
    }

    #[test]
    fn the_lead_and_their_team_are_involved_and_no_one_else() {
        let lead = actor(OrganisationKind::LocalTeam);
        let colleague = actor(OrganisationKind::LocalTeam);
        let other_team = actor(OrganisationKind::LocalTeam);
        let case = fixtures::case_led_by(&lead);
        let facts = HouseholdFacts {
            case: Some(&case),
            ..Default::default()
        };
        assert_eq!(involvement(&viewer(lead, &[]), &facts), Some(Involvement::Lead));
        let team = [lead.professional];
        assert_eq!(involvement(&viewer(colleague, &team), &facts), Some(Involvement::Team));
        assert_eq!(involvement(&viewer(other_team, &[]), &facts), None);
        // Without team cover the colleague is an outsider.
        let no_cover = Viewer::new(colleague, team, false);
        assert_eq!(involvement(&no_cover, &facts), None);
        assert_eq!(standing(&no_cover, &case), Standing::Outsider);
    }

    #[test]
    fn the_rvt_stands_only_on_cases_scaled_up_to_it() {
        let lead = actor(OrganisationKind::LocalTeam);
        let vt = actor(OrganisationKind::Vt);
        let other_vt = actor(OrganisationKind::Vt);
        let mut case = fixtures::case_led_by(&lead);
        assert_eq!(standing(&viewer(vt, &[]), &case), Standing::Outsider);
        case = fixtures::scaled_up(case, &lead, &vt);
        assert_eq!(standing(&viewer(vt, &[]), &case), Standing::Rvt);
        let facts = HouseholdFacts {
            case: Some(&case),
            ..Default::default()
        };
        assert_eq!(involvement(&viewer(vt, &[]), &facts), Some(Involvement::Rvt));
        assert_eq!(involvement(&viewer(other_vt, &[]), &facts), None);
        assert_eq!(
            involvement(&viewer(other_vt, &[vt.professional]), &facts),
            Some(Involvement::Team)
        );
        // The local lead keeps their standing while the case is scaled up.
        assert_eq!(standing(&viewer(lead, &[]), &case), Standing::CaseTeam);
        // Once the case is closed, the file stays with its case team, not with the RVT.
        case.closed_at = Some(jiff::Timestamp::now());
        let closed = HouseholdFacts {
            case: Some(&case),
            ..Default::default()
        };
        assert_eq!(involvement(&viewer(vt, &[]), &closed), None);
        assert_eq!(involvement(&viewer(lead, &[]), &closed), Some(Involvement::Lead));
    }

    #[test]
    fn a_task_or_a_fresh_registration_opens_the_file_to_the_organisation() {
        let a = actor(OrganisationKind::Vt);
        let v = viewer(a, &[]);
        let task = HouseholdFacts {
            task: true,
            ..Default::default()
        };
        assert_eq!(involvement(&v, &task), Some(Involvement::Task));
        let registered = HouseholdFacts {
            registered_by: Some(a.organisation),
            ..Default::default()
        };
        assert_eq!(involvement(&v, &registered), Some(Involvement::Registered));
        let other = fixtures::case_led_by(&actor(OrganisationKind::LocalTeam));
        let since_had_a_case = HouseholdFacts {
            case: Some(&other),
            ..registered
        };
        assert_eq!(involvement(&v, &since_had_a_case), None);
        let by_others = HouseholdFacts {
            registered_by: Some(OrganisationId::new()),
            ..Default::default()
        };
        assert_eq!(involvement(&v, &by_others), None);
        // Broken glass opens it, as the weakest ground: any other one is named first.
        let emergency = HouseholdFacts {
            emergency: true,
            ..by_others
        };
        assert_eq!(involvement(&v, &emergency), Some(Involvement::Emergency));
        assert_eq!(
            involvement(
                &v,
                &HouseholdFacts {
                    task: true,
                    ..emergency
                }
            ),
            Some(Involvement::Task)
        );
    }

    #[test]
    fn only_a_report_to_assess_gives_a_task() {
        let vt = actor(OrganisationKind::Vt);
        let lt = actor(OrganisationKind::LocalTeam);
        let v = viewer(vt, &[]);
        let vt_report = fixtures::signal(SignalKind::Report, &vt, true);
        assert!(gives_task(&vt_report, None, None, &v));
        // Waiting for assessment, it is the organisation's: anyone in triage takes it up.
        assert!(gives_task(
            &vt_report,
            None,
            None,
            &viewer(actor(OrganisationKind::Vt), &[])
        ));
        let advice = fixtures::signal(SignalKind::AdviceRequest, &vt, false);
        assert!(!gives_task(&advice, None, None, &v));
        // A local team's own registration gives nothing; a report another organisation made to it does.
        let own = fixtures::signal(SignalKind::Report, &lt, false);
        let lv = viewer(lt, &[]);
        assert!(!gives_task(&own, Some(lt.organisation), None, &lv));
        assert!(!gives_task(&own, None, None, &lv));
        assert!(gives_task(&own, Some(OrganisationId::new()), None, &lv));
        let mut imported = vt_report.clone();
        imported.imported = true;
        assert!(!gives_task(&imported, None, None, &v));
    }

    #[test]
    fn an_investigation_is_its_investigators_and_their_teams_while_its_case_is_open() {
        let vt = actor(OrganisationKind::Vt);
        let same_org = |a: Actor| Actor {
            organisation: vt.organisation,
            ..a
        };
        // `colleague` is in the investigator's team; `other_team` in another team of the same Veilig Thuis;
        // `other_org` of another Veilig Thuis.
        let colleague = same_org(actor(OrganisationKind::Vt));
        let other_team = same_org(actor(OrganisationKind::Vt));
        let other_org = actor(OrganisationKind::Vt);
        let lt = actor(OrganisationKind::LocalTeam);
        let opened = fixtures::case_led_by(&lt);
        let report = Signal {
            household_id: Some(opened.household_id),
            ..fixtures::signal(SignalKind::Report, &vt, true)
        };
        let (case, _) = opened
            .link_signal(&assessed(&report, &vt, None), &vt, jiff::Timestamp::now())
            .unwrap();
        let investigated = assessed(&report, &vt, Some(&case));
        assert_eq!(
            case.investigation_of(report.id).map(|i| i.investigator),
            Some(vt.professional)
        );
        assert!(gives_task(&investigated, None, Some(&case), &viewer(vt, &[])));
        assert!(gives_task(
            &investigated,
            None,
            Some(&case),
            &viewer(colleague, &[vt.professional])
        ));
        assert!(
            !gives_task(&investigated, None, Some(&case), &viewer(other_team, &[])),
            "a colleague of another team"
        );
        assert!(!gives_task(&investigated, None, None, &viewer(vt, &[])));
        let mut closed = case.clone();
        closed.closed_at = Some(jiff::Timestamp::now());
        assert!(!gives_task(&investigated, None, Some(&closed), &viewer(vt, &[])));
        let later = fixtures::case_led_by(&lt);
        assert!(
            !gives_task(&investigated, None, Some(&later), &viewer(vt, &[])),
            "a later case is no ground"
        );
        // A link from before investigators were named: the assessor's.
        let mut unnamed = case.clone();
        unnamed.route.signals[0].investigation = None;
        assert!(gives_task(&investigated, None, Some(&unnamed), &viewer(vt, &[])));
        assert!(!gives_task(
            &investigated,
            None,
            Some(&unnamed),
            &viewer(other_team, &[])
        ));
        // Taken over, it is the new investigator's, and no longer the first one's.
        let reason = crate::text::Reason::parse("reason", "Collega is langdurig ziek.").unwrap();
        let (taken, event) = case
            .take_over_signal_investigation(report.id, reason, &other_team, jiff::Timestamp::now())
            .unwrap();
        assert!(gives_task(&investigated, None, Some(&taken), &viewer(other_team, &[])));
        assert!(!gives_task(&investigated, None, Some(&taken), &viewer(vt, &[])));
        assert!(matches!(
            event.change,
            crate::case::CaseChange::SignalInvestigationTakenOver { to, lead: None, .. } if to == other_team.professional
        ));
        assert_eq!(taken.lead, case.lead, "the local team keeps the lead");
        // Where the investigator led the case (Veilig Thuis opened it), the lead passes with it.
        let own = fixtures::case_led_by(&vt);
        let (own, _) = own
            .link_signal(
                &Signal {
                    household_id: Some(own.household_id),
                    ..assessed(&report, &vt, None)
                },
                &vt,
                jiff::Timestamp::now(),
            )
            .unwrap();
        let reason = crate::text::Reason::parse("reason", "Collega is vertrokken.").unwrap();
        let (taken, event) = own
            .take_over_signal_investigation(report.id, reason.clone(), &other_team, jiff::Timestamp::now())
            .unwrap();
        assert_eq!(taken.lead.primary, other_team.professional);
        assert_eq!(event.change.lead_after(), Some(taken.lead));
        assert_eq!(taken.handoffs, own.handoffs + 1);
        // Not twice, not by another organisation, not for a signal without an investigation.
        let again =
            taken.take_over_signal_investigation(report.id, reason.clone(), &other_team, jiff::Timestamp::now());
        assert_eq!(again.unwrap_err().code, "already_yours");
        let refused = own.take_over_signal_investigation(report.id, reason.clone(), &other_org, jiff::Timestamp::now());
        assert_eq!(refused.unwrap_err().code, "not_your_investigation");
        let unknown = own.take_over_signal_investigation(
            crate::ids::SignalId::new(),
            reason.clone(),
            &other_team,
            jiff::Timestamp::now(),
        );
        assert_eq!(unknown.unwrap_err().code, "no_investigation");
        // Scaled up, the investigator's place in the scale-up passes too: nothing is left in their name.
        let rvt = actor(OrganisationKind::Vt);
        let scaled = fixtures::scaled_up(own.clone(), &vt, &rvt);
        let (taken, _) = scaled
            .take_over_signal_investigation(report.id, reason, &other_team, jiff::Timestamp::now())
            .unwrap();
        let scale = taken.route.scale.as_ref().unwrap();
        assert_eq!(
            (scale.local_lead.primary, scale.rvt_professional),
            (other_team.professional, rvt.professional)
        );
        let held = crate::departure::Holdings::of(vt.professional, std::slice::from_ref(&taken), fixtures::TODAY);
        assert!(held.is_empty(), "{held:?}");
        // The case does not close while the investigation runs; concluded, it opens the file to nobody and
        // the case may close.
        let why = || crate::text::Reason::parse("reason", "Klaar").unwrap();
        let refused = taken.close(why(), &vt, jiff::Timestamp::now()).unwrap_err();
        assert_eq!(refused.code, "investigation_open");
        let (done, _) = taken
            .conclude_signal_investigation(report.id, why(), &other_team, jiff::Timestamp::now())
            .unwrap();
        assert!(done.investigation_tasks().next().is_none());
        let investigated = assessed(&report, &vt, Some(&done));
        assert!(!gives_task(&investigated, None, Some(&done), &viewer(other_team, &[])));
        assert!(done.close(why(), &other_team, jiff::Timestamp::now()).is_ok());
    }

    /// `report` assessed by `by` as an investigation in `case` (none: its case is not known yet).
    fn assessed(report: &Signal, by: &Actor, case: Option<&Case>) -> Signal {
        let mut s = report.clone();
        s.assessment = Some(crate::signal::Assessment {
            outcome: AssessmentOutcome::Investigation,
            summary: "Onderzoek".into(),
            case_id: case.map(|c| c.id),
            investigation_deadline: None,
            by: by.professional,
            at: jiff::Timestamp::now(),
        });
        s
    }

    #[test]
    fn names_in_free_text_give_way_to_placeholders() {
        let names = vec![
            ("Ilse".to_owned(), "Ouder 1".to_owned()),
            ("Ilse Verhoef".to_owned(), "Ouder 1".to_owned()),
            ("Verhoef".to_owned(), "[achternaam]".to_owned()),
            ("Noor".to_owned(), "Kind 1".to_owned()),
        ];
        assert_eq!(
            redact(
                "Ilse Verhoef vraagt hulp; ILSE zegt dat Noor bang is. Noord en Ilsebeth blijven.",
                &names
            ),
            "Ouder 1 vraagt hulp; Ouder 1 zegt dat Kind 1 bang is. Noord en Ilsebeth blijven."
        );
        assert_eq!(redact("Familie Verhoef", &names), "Familie [achternaam]");
        assert_eq!(redact("Niets", &[]), "Niets");
    }

    #[test]
    fn a_consultation_without_a_ground_to_share_is_anonymous_to_the_rvt() {
        use crate::route::Ground;
        let lead = actor(OrganisationKind::LocalTeam);
        let vt = actor(OrganisationKind::Vt);
        let mut case = fixtures::scaled_up(fixtures::case_led_by(&lead), &lead, &vt);
        let scale = |c: &mut Case, g| c.route.scale.as_mut().unwrap().ground = g;
        let today = fixtures::TODAY;
        let anonymous = |v: Actor, c: &Case, consents: &[Consent]| anonymous_to(&viewer(v, &[]), c, consents, today);
        scale(&mut case, Ground::DevelopmentThreat);
        assert!(anonymous(vt, &case, &[]));
        assert!(!anonymous(lead, &case, &[]), "the local team knows the family");
        // A parent's consent to a consultation with this organisation shows the names; revoked, it no longer does.
        let consent = fixtures::consent(case.household_id, crate::consent::Purpose::RvtConsultation, &vt);
        assert!(!anonymous(vt, &case, std::slice::from_ref(&consent)));
        let revoked = consent
            .revoke(crate::consent::Revoker::Family(consent.person), jiff::Timestamp::now())
            .unwrap();
        assert!(anonymous(vt, &case, &[revoked]));
        let elsewhere = fixtures::consent(case.household_id, crate::consent::Purpose::RvtConsultation, &lead);
        assert!(anonymous(vt, &case, &[elsewhere]), "consent names the organisation");
        scale(&mut case, Ground::StructuralUnsafety);
        assert!(
            !anonymous(vt, &case, &[]),
            "a suspicion of violence is a ground to share"
        );
        scale(&mut case, Ground::PartnerRequest);
        case.legal_frame = crate::case::LegalFrame::Pressure;
        assert!(!anonymous(vt, &case, &[]), "drang is a ground");
        case.legal_frame = crate::case::LegalFrame::Voluntary;
        case.route.scale.as_mut().unwrap().form = crate::route::ScaleForm::JointWork;
        assert!(!anonymous(vt, &case, &[]), "joint work shares the names");
    }

    proptest! {
        /// Whatever the case looks like, an actor who is neither named in it nor a colleague of someone
        /// named in it, and whose organisation has no task or fresh registration, is never involved.
        #[test]
        fn a_stranger_is_never_involved(scaled in any::<bool>(), duo in any::<bool>(), cover in any::<bool>()) {
            let lead = actor(OrganisationKind::LocalTeam);
            let second = actor(OrganisationKind::LocalTeam);
            let vt = actor(OrganisationKind::Vt);
            let mut case = fixtures::case_led_by(&lead);
            if duo {
                case.lead = Lead::new((lead.professional, lead.kind), Some((second.professional, second.kind))).unwrap();
            }
            if scaled {
                case = fixtures::scaled_up(case, &lead, &vt);
            }
            let stranger = actor(OrganisationKind::Vt);
            let team: Vec<ProfessionalId> = vec![ProfessionalId::new(), ProfessionalId::new()];
            let v = Viewer::new(stranger, team, cover);
            let facts = HouseholdFacts { case: Some(&case), registered_by: Some(lead.organisation), ..Default::default() };
            prop_assert_eq!(involvement(&v, &facts), None);
            prop_assert_eq!(standing(&v, &case), Standing::Outsider);
        }
    }
}
