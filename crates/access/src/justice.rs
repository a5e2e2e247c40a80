//! The court route in the access layer (F13–F15): asking the Raad to investigate, the Raad's
//! investigation and request, the court's hearing and decision, and the GI's execution of a measure.
//!
//! The Raad, the court and the GI reach a case through their work on it, not through the case's lead: a
//! task of their organisation (`regie_domain::justice::Justice::tasks`, indexed with the other tasks of
//! `Case::tasks` as `case_tasks` for the worklists) that is theirs, their team's or nobody's yet
//! (`Justice::involves`, as need-to-know has it). Veilig Thuis's investigations after an assessment are
//! listed and taken over here too (`Scope::investigations`, `Scope::take_over_signal_investigation`). The
//! court is a partner, not a case-running organisation: it never reads the household's file, only the
//! request filed with it with the minimal data a decision needs ([`CourtFile`]): the children (name, date
//! of birth), the parents' names, the grounds, who filed it and who will execute.

use super::{Scope, not_involved};
use crate::error::AccessError;
use jiff::Timestamp;
use jiff::civil::Date;
use regie_domain::error::both;
use regie_domain::justice::{
    Conclusion, CourtRequest, DecisionInput, Investigation, InvestigationRequest, MeasureKind, MeasureRequest, Work,
    check_successor, worklist,
};
use regie_domain::person::age;
use regie_domain::policy::Action;
use regie_domain::signal::{LinkedSignal, SignalInvestigation};
use regie_domain::{
    Actor, Case, CaseContext, CaseId, DomainError, LegalFrame, NewEvent, OrganisationId, OrganisationKind, PersonId,
    ProfessionalId, Reason, SignalId, Standing, time,
};
use regie_store::Operation;
use std::collections::HashMap;

/// What the police are told about a household they reported: a child protection measure is in force, since
/// when, and which GI executes it (F17's minimal data set; nothing of the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureNotice {
    /// The police's report.
    pub signal_id: regie_domain::SignalId,
    /// Since when a measure is in force.
    pub since: Date,
    /// The GI that executes it (the police's contact).
    pub executor: String,
}

/// One line of the Raad's, the court's or the GI's worklist.
#[derive(Debug, Clone)]
pub struct JusticeItem {
    /// The case.
    pub case_id: CaseId,
    /// The case's version, to take the work over with (`Scope::take_over_investigation`).
    pub version: i64,
    /// Whether the case's justice route involves the actor (`regie_domain::justice::Justice::involves`:
    /// work of theirs, their team's or nobody's yet), so that they may open the file; else the work is a
    /// colleague's whom they do not cover for.
    pub yours: bool,
    /// Its household's name.
    pub household_name: String,
    /// What is to be done, and by when (for the first of `numbers`).
    pub work: Work,
    /// The investigation's, request's or measures' numbers in the case: the same work on the same day for
    /// several children's measures of one case is one line.
    pub numbers: Vec<u32>,
}

/// A child a request is about, as the court sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Child {
    /// The person.
    pub person_id: PersonId,
    /// Full name.
    pub name: String,
    /// Date of birth.
    pub date_of_birth: Date,
    /// Age on the hearing day (or today, before one is set).
    pub age: i16,
}

/// A request as the court sees it: the minimal data set for deciding (F17), nothing else of the file.
#[derive(Debug, Clone)]
pub struct CourtFile {
    /// The case (to address the request).
    pub case_id: CaseId,
    /// Send this back with a change.
    pub version: i64,
    /// The household's name.
    pub household_name: String,
    /// The request with its hearing and decision.
    pub request: CourtRequest,
    /// The children it concerns.
    pub children: Vec<Child>,
    /// The parties beside the children: who holds authority over them, or the parents where none is
    /// registered (names only).
    pub parents: Vec<String>,
    /// The organisation that filed it.
    pub filed_by: String,
    /// The GI and jeugdbeschermer who will execute it.
    pub executor: String,
    /// The investigation it rests on: its dates and outcome, without the asking professional's words.
    pub investigation: Option<Investigation>,
    /// The measures an extension asks for, as they run.
    pub measures: Vec<regie_domain::justice::Measure>,
}

/// How the Raad concludes, as typed.
#[derive(Debug, Clone)]
pub enum ConclusionInput {
    /// File a request with the court.
    Request {
        /// The measures asked for.
        kinds: Vec<MeasureKind>,
        /// The children.
        children: Vec<PersonId>,
        /// The grounds.
        grounds: Reason,
        /// The court; the region's one court when not given.
        court: Option<OrganisationId>,
        /// The GI's jeugdbeschermer who declared themselves willing to execute it.
        executor: ProfessionalId,
    },
    /// Hand the case back with advice.
    HandBack {
        /// The advice.
        advice: Reason,
    },
}

/// Whose work on a case's justice route lets the actor reach it.
#[derive(Debug, Clone, Copy)]
enum Reach {
    /// Work that involves them: theirs, their team's, or their organisation's and nobody's yet.
    Involved,
    /// Any work of their organisation, for taking it over.
    Organisation,
}

impl Scope<'_> {
    /// The region's organisation of `kind` named on request field `field`: the one given (which must be of
    /// that kind), or the region's only one; a wrong or missing choice refused apart from a failure to read,
    /// for a form that reports it beside its other wrong fields.
    pub(crate) async fn organisation_of(
        &self,
        field: &'static str,
        kind: OrganisationKind,
        given: Option<OrganisationId>,
    ) -> Result<Result<(OrganisationId, OrganisationKind), DomainError>, AccessError> {
        let all: Vec<_> = (self.store.organisations().await?.into_iter())
            .filter(|o| o.region_id == self.actor.region)
            .collect();
        let found: Vec<_> = match given {
            Some(id) => all.iter().filter(|o| o.id == id).collect(),
            None => all.iter().filter(|o| o.kind == kind).collect(),
        };
        // What a user calls it: the court is a rechtbank, not the whole Rechtspraak.
        let called = match kind {
            OrganisationKind::Court => "rechtbank",
            _ => kind.label_nl(),
        };
        Ok(match found.as_slice() {
            [one] => Ok((one.id, one.kind)),
            [] if given.is_some() => Err(DomainError::invalid(
                field,
                "unknown_organisation",
                "there is no organisation with this id",
                "Kies een organisatie uit de lijst: er is geen organisatie met deze id.",
            )),
            [] => Err(DomainError::invalid(
                field,
                "none_in_region",
                format!("the region has no {} yet", kind.as_str()),
                format!(
                    "De regio heeft nog geen {called}: vraag de functioneel beheerder van de regio die toe te voegen.",
                ),
            )),
            _ => Err(DomainError::invalid(
                field,
                "required",
                format!("choose the {}: the region has more than one", kind.as_str()),
                format!("Kies de {called} uit de lijst: de regio heeft er meer dan één.",),
            )),
        })
    }

    /// The case, for an actor with `action`'s statutory task who stands in it (its case team or RVT) or has
    /// work on it (`Case::tasks`: its justice route, an investigation after an assessment): the work of
    /// their organisation that is theirs, their team's or nobody's yet (`Task::involves`), or for taking
    /// work over (`Reach::Organisation`), any of their organisation's; a different `version` is stale.
    async fn justice_case(
        &self,
        id: CaseId,
        version: Option<i64>,
        action: Action,
        reach: Reach,
    ) -> Result<Case, AccessError> {
        self.may(action)?;
        let case = (self.store.case(id).await?).ok_or_else(|| AccessError::not_found("case"))?;
        if self.of_region(vec![case.household_id]).await?.is_empty() {
            return Err(AccessError::not_found("case"));
        }
        let today = time::today();
        let tasked = match reach {
            Reach::Involved => {
                let viewer = self.viewer().await?;
                (case.tasks().iter()).any(|t| t.involves(viewer, today))
            }
            Reach::Organisation => {
                (case.tasks().iter()).any(|t| t.organisation == self.actor.organisation && t.active(today))
            }
        };
        if !tasked && self.standing(&case).await? == Standing::Outsider {
            return Err(not_involved());
        }
        if version.is_some_and(|v| v != case.version) {
            return Err(regie_store::StoreError::stale().into());
        }
        Ok(case)
    }

    /// Changes a case on its justice route: checks as [`Scope::justice_case`], lets the domain decide, and
    /// records the new state with its event and the log in one transaction.
    async fn justice_change<E: Into<AccessError>>(
        &self,
        id: CaseId,
        version: i64,
        action: Action,
        change: impl FnOnce(&Case, &CaseContext, &Actor, Timestamp) -> Result<(Case, NewEvent), E>,
    ) -> Result<Case, AccessError> {
        self.change_justice_as_of(id, version, time::now(), action, change)
            .await
    }

    /// A change on the justice route, checked as the others, as judged at an earlier moment `at` (the demo
    /// region replays histories); the caller names the `action` whose statutory task the change needs.
    pub async fn change_justice_as_of<E: Into<AccessError>>(
        &self,
        id: CaseId,
        version: i64,
        at: Timestamp,
        action: Action,
        change: impl FnOnce(&Case, &CaseContext, &Actor, Timestamp) -> Result<(Case, NewEvent), E>,
    ) -> Result<Case, AccessError> {
        let current = self.justice_case(id, Some(version), action, Reach::Involved).await?;
        self.commit_justice(current, at, change).await
    }

    /// Lets the domain change `current` as judged at `at`, and records the new state with its event and the
    /// log in one transaction; only the justice route's own changes pass, and the take-over and the
    /// conclusion of an investigation after an assessment.
    async fn commit_justice<E: Into<AccessError>>(
        &self,
        current: Case,
        at: Timestamp,
        change: impl FnOnce(&Case, &CaseContext, &Actor, Timestamp) -> Result<(Case, NewEvent), E>,
    ) -> Result<Case, AccessError> {
        let ctx = self.case_context(&current, time::date_in_nl(at)).await?;
        let (next, event) = change(&current, &ctx, &self.actor, at).map_err(Into::into)?;
        // This door is for the justice route's own changes only; every other change goes through the case
        // team's (`Scope::change_case_as_of`).
        use regie_domain::CaseChange::*;
        if !matches!(
            event.change,
            InvestigationRequested { .. }
                | InvestigationAccepted { .. }
                | InvestigationTakenOver { .. }
                | InvestigationConcluded { .. }
                | CourtRequestFiled { .. }
                | HearingScheduled { .. }
                | CourtDecided { .. }
                | PlacementRecorded { .. }
                | MeasureEnded { .. }
                | MeasuresHandedOver { .. }
                | RequestExecutorChanged { .. }
                | SignalInvestigationTakenOver { .. }
                | SignalInvestigationConcluded { .. }
        ) {
            return Err(not_involved());
        }
        self.commit(next, event).await
    }

    /// Asks the Raad to investigate (the region's Raad when `raad` is not given); a wrong Raad and a wrong
    /// reason are named together.
    pub async fn request_investigation(
        &self,
        id: CaseId,
        version: i64,
        raad: Option<OrganisationId>,
        reason: &str,
    ) -> Result<Case, AccessError> {
        self.may(Action::RequestInvestigation)?;
        // The Raad chosen and the reason named together when both are wrong.
        let (raad, reason) = regie_domain::error::both(
            self.organisation_of("raad", OrganisationKind::Rvdk, raad).await?,
            Reason::parse("reason", reason),
        )?;
        let request = InvestigationRequest { raad, reason };
        self.justice_change(id, version, Action::RequestInvestigation, |c, ctx, a, at| {
            c.request_investigation(request, ctx, a, at)
        })
        .await
    }

    /// The Raad accepts investigation `number`; the acting professional investigates.
    pub async fn accept_investigation(&self, id: CaseId, version: i64, number: u32) -> Result<Case, AccessError> {
        self.justice_change(id, version, Action::Investigate, |c, ctx, a, at| {
            c.accept_investigation(number, ctx, a, at)
        })
        .await
    }

    /// Another of the Raad's professionals (the actor) takes over investigation `number` a colleague accepted.
    /// Any of the Raad's professionals may, from its worklist, without reading the file first: a colleague of
    /// another team reads it only once the investigation is theirs.
    pub async fn take_over_investigation(&self, id: CaseId, version: i64, number: u32) -> Result<Case, AccessError> {
        let current = (self.justice_case(id, Some(version), Action::Investigate, Reach::Organisation)).await?;
        self.commit_justice(current, time::now(), |c, _, a, at| {
            c.take_over_investigation(number, a, at)
        })
        .await
    }

    /// The Raad concludes investigation `number`: a request to the court, or back with advice.
    pub async fn conclude_investigation(
        &self,
        id: CaseId,
        version: i64,
        number: u32,
        input: ConclusionInput,
    ) -> Result<Case, AccessError> {
        self.may(Action::Investigate)?;
        let conclusion = match input {
            ConclusionInput::HandBack { advice } => Conclusion::HandBack { advice },
            ConclusionInput::Request {
                kinds,
                children,
                grounds,
                court,
                executor,
            } => {
                // The court and the jeugdbeschermer named together when both are wrong.
                let (court, executor) = regie_domain::error::both(
                    self.organisation_of("court", OrganisationKind::Court, court).await?,
                    self.candidate(executor, "executor").await?,
                )?;
                Conclusion::Request(MeasureRequest {
                    kinds,
                    children,
                    grounds,
                    court,
                    executor,
                })
            }
        };
        self.justice_change(id, version, Action::Investigate, |c, ctx, a, at| {
            c.conclude_investigation(number, conclusion, ctx, a, at)
        })
        .await
    }

    /// Requests the extension of running measures (art. 1:260 BW).
    pub async fn request_extension(
        &self,
        id: CaseId,
        version: i64,
        measures: Vec<u32>,
        grounds: Reason,
        court: Option<OrganisationId>,
    ) -> Result<Case, AccessError> {
        self.may(Action::RequestExtension)?;
        // The OM reads no case: it asks through its own criminal case (`Scope::om_extension_request`).
        if self.actor.kind == OrganisationKind::Prosecutor {
            return Err(DomainError::forbidden(
                "through_track",
                "the public prosecutor requests an extension through its criminal case's track",
                "Het Openbaar Ministerie vraagt een verlenging aan via zijn strafzaak (Trajecten).",
            )
            .into());
        }
        let court = self.organisation_of("court", OrganisationKind::Court, court).await??;
        self.justice_change(id, version, Action::RequestExtension, |c, ctx, a, at| {
            c.request_extension(measures, grounds, court, ctx, a, at)
        })
        .await
    }

    /// The GI records that a placement authorisation was used.
    pub async fn record_placement(
        &self,
        id: CaseId,
        version: i64,
        measure: u32,
        on: Date,
    ) -> Result<Case, AccessError> {
        self.justice_change(id, version, Action::ExecuteMeasure, |c, ctx, a, at| {
            c.record_placement(measure, on, ctx, a, at)
        })
        .await
    }

    /// The GI ends a measure early or records its expiry, with the frame after the last one.
    pub async fn end_measure(
        &self,
        id: CaseId,
        version: i64,
        measure: u32,
        frame_after: Option<LegalFrame>,
        reason: Reason,
    ) -> Result<Case, AccessError> {
        self.justice_change(id, version, Action::ExecuteMeasure, |c, ctx, a, at| {
            c.end_measure(measure, frame_after, reason, ctx, a, at)
        })
        .await
    }

    /// The GI hands what it executes in the case over to another of its jeugdbeschermers
    /// (`regie_domain::Case::hand_over_measures`); a successor who is not of the actor's GI (or not in the
    /// region) and a wrong `reason` are refused together.
    pub async fn hand_over_measures(
        &self,
        id: CaseId,
        version: i64,
        to: ProfessionalId,
        reason: &str,
    ) -> Result<Case, AccessError> {
        self.may(Action::ExecuteMeasure)?;
        let to = (self.candidate(to, "to").await?).and_then(|to| check_successor(&to, &self.actor).map(|()| to));
        let (to, reason) = both(to, Reason::parse("reason", reason))?;
        self.justice_change(id, version, Action::ExecuteMeasure, |c, ctx, a, at| {
            c.hand_over_measures(&to, reason, ctx, a, at)
        })
        .await
    }

    /// Another jeugdbeschermer of the GI (the actor) takes over what it executes in the case
    /// (`regie_domain::Case::take_over_measures`), from the GI's worklist, without reading the file first:
    /// for when the one who executes it left or fell ill and nobody who stands in the case hands it over.
    pub async fn take_over_measures(&self, id: CaseId, version: i64, reason: &str) -> Result<Case, AccessError> {
        self.may(Action::ExecuteMeasure)?;
        let reason = Reason::parse("reason", reason)?;
        let current = (self.justice_case(id, Some(version), Action::ExecuteMeasure, Reach::Organisation)).await?;
        self.commit_justice(current, time::now(), |c, _, a, at| c.take_over_measures(reason, a, at))
            .await
    }

    /// A colleague of the investigator takes over the investigation that the assessment of `signal` started
    /// in the case (`regie_domain::Case::take_over_signal_investigation`): any professional of the
    /// organisation that investigates, from its list of investigations, without reading the file first.
    pub async fn take_over_signal_investigation(
        &self,
        id: CaseId,
        signal: SignalId,
        version: i64,
        reason: &str,
    ) -> Result<Case, AccessError> {
        self.may(Action::ReceiveSignal)?;
        let reason = Reason::parse("reason", reason)?;
        let current = (self.justice_case(id, Some(version), Action::ReceiveSignal, Reach::Organisation)).await?;
        self.commit_justice(current, time::now(), |c, _, a, at| {
            c.take_over_signal_investigation(signal, reason, a, at)
        })
        .await
    }

    /// The investigator, or a colleague of their team who covers for them, concludes the investigation that
    /// the assessment of `signal` started (`regie_domain::Case::conclude_signal_investigation`); then it
    /// opens the file no longer.
    pub async fn conclude_signal_investigation(
        &self,
        id: CaseId,
        signal: SignalId,
        version: i64,
        conclusion: &str,
    ) -> Result<Case, AccessError> {
        self.may(Action::ReceiveSignal)?;
        let conclusion = Reason::parse("conclusion", conclusion)?;
        let current = (self.justice_case(id, Some(version), Action::ReceiveSignal, Reach::Involved)).await?;
        // This investigation's own investigator or their team: standing in the case, or another
        // investigation in it, is not enough.
        let viewer = self.viewer().await?;
        if !(current.investigation_of(signal)).is_some_and(|i| i.involves(viewer)) {
            return Err(not_involved());
        }
        self.commit_justice(current, time::now(), |c, _, a, at| {
            c.conclude_signal_investigation(signal, conclusion, a, at)
        })
        .await
    }

    /// The organisation that filed request `number` names another jeugdbeschermer of the same GI in it
    /// (`regie_domain::Case::name_other_executor`); a successor who is unknown, of another region or gone,
    /// and a wrong `reason`, are refused together.
    pub async fn name_other_executor(
        &self,
        id: CaseId,
        version: i64,
        number: u32,
        to: ProfessionalId,
        reason: &str,
    ) -> Result<Case, AccessError> {
        self.may(Action::RequestMeasure)?;
        let (to, reason) = both(self.candidate(to, "to").await?, Reason::parse("reason", reason))?;
        self.justice_change(id, version, Action::RequestMeasure, |c, _, a, at| {
            c.name_other_executor(number, &to, reason, a, at)
        })
        .await
    }

    /// The court sets the hearing of request `number`; answers with the court's view of it.
    pub async fn schedule_hearing(
        &self,
        id: CaseId,
        version: i64,
        number: u32,
        on: Date,
    ) -> Result<CourtFile, AccessError> {
        let case = self
            .justice_change(id, version, Action::Decide, |c, ctx, a, at| {
                c.schedule_hearing(number, on, ctx, a, at)
            })
            .await?;
        self.court_view(&case, number).await
    }

    /// The court decides on a request; answers with the court's view of it.
    pub async fn decide(&self, id: CaseId, version: i64, input: DecisionInput) -> Result<CourtFile, AccessError> {
        let number = input.request;
        let case = self
            .justice_change(id, version, Action::Decide, |c, ctx, a, at| c.decide(input, ctx, a, at))
            .await?;
        self.court_view(&case, number).await
    }

    /// A request filed with the actor's court, with the minimal data for deciding; the read is logged.
    pub async fn court_file(&self, id: CaseId, number: u32) -> Result<CourtFile, AccessError> {
        let case = self.justice_case(id, None, Action::Decide, Reach::Involved).await?;
        self.court_view(&case, number).await
    }

    /// The court's view of request `number` of `case` (the court's own requests only); the read is logged
    /// for the household and each person it shows.
    async fn court_view(&self, case: &Case, number: u32) -> Result<CourtFile, AccessError> {
        let request = (case.route.justice.requests.iter())
            .find(|r| r.number == number && r.court == self.actor.organisation)
            .cloned()
            .ok_or_else(|| AccessError::not_found("request"))?;
        let household =
            (self.store.household(case.household_id).await?).ok_or_else(|| AccessError::not_found("household"))?;
        let on = request.hearing.as_ref().map_or_else(time::today, |h| h.on);
        let members = self.store.members(case.household_id).await?;
        let today = time::today();
        let current: Vec<_> = members.iter().filter(|m| m.membership.is_current_on(today)).collect();
        let children: Vec<Child> = (request.children.iter())
            .filter_map(|c| current.iter().find(|m| m.person.id == *c))
            .map(|m| Child {
                person_id: m.person.id,
                name: m.person.name.full(),
                date_of_birth: m.person.date_of_birth,
                age: age(m.person.date_of_birth, on),
            })
            .collect();
        // The parties beside the children: who holds authority over them (gezag, as in effect), or the
        // household's parents where none is registered.
        let registered = self.store.authorities(case.household_id).await?;
        let holders: Vec<PersonId> = (regie_domain::authority::in_effect(&registered, &case.route.justice, today)
            .iter())
        .filter(|a| request.children.contains(&a.child))
        .flat_map(|a| a.holders.iter())
        .filter_map(|h| match h {
            regie_domain::authority::Holder::Person { person_id } => Some(*person_id),
            regie_domain::authority::Holder::Guardian { .. } => None,
        })
        .collect();
        let parents: Vec<&regie_store::Member> = (current.iter())
            .filter(|m| {
                if holders.is_empty() {
                    m.membership.relation == regie_domain::Relation::Parent
                } else {
                    holders.contains(&m.person.id)
                }
            })
            .copied()
            .collect();
        let organisations: HashMap<OrganisationId, String> = (self.store.organisations().await?.into_iter())
            .map(|o| (o.id, o.name))
            .collect();
        let name_of = |o: OrganisationId| organisations.get(&o).cloned().unwrap_or_default();
        let executor = match self.store.professional(request.executor.professional).await? {
            Some((p, o)) => format!("{} ({})", p.display_name, o.name),
            None => name_of(request.executor.organisation),
        };
        // The investigation's dates and outcome; the asking professional's own words stay in the file.
        let investigation = (request.investigation)
            .and_then(|n| case.route.justice.investigations.iter().find(|i| i.number == n))
            .map(|i| Investigation {
                reason: String::new(),
                ..i.clone()
            });
        let measures = match &request.asked {
            regie_domain::justice::Asked::Extension { measures } => (case.route.justice.measures.iter())
                .filter(|m| measures.contains(&m.number))
                .cloned()
                .collect(),
            regie_domain::justice::Asked::Measures { .. } => Vec::new(),
        };
        // The children, the parties, and a parent who filed the request themselves.
        let mut shown: Vec<PersonId> = (children.iter().map(|c: &Child| c.person_id))
            .chain(parents.iter().map(|m| m.person.id))
            .chain(request.parent)
            .collect();
        shown.sort();
        shown.dedup();
        let mut log = vec![self.record(Operation::Read, Some(case.household_id), None)];
        log.extend((shown.into_iter()).map(|p| self.record(Operation::Read, Some(case.household_id), Some(p))));
        self.log(log).await?;
        let parents = parents.iter().map(|m| m.person.name.full()).collect();
        Ok(CourtFile {
            case_id: case.id,
            version: case.version,
            household_name: household.name.as_str().to_owned(),
            filed_by: match (request.filed_by, request.parent) {
                (Some(o), _) => name_of(o),
                // A parent's own request: they are a party, named with the parents.
                (None, Some(p)) => (members.iter()).find(|m| m.person.id == p).map_or_else(
                    || "een ouder".to_owned(),
                    |m| format!("een ouder, {}", m.person.name.full()),
                ),
                (None, None) => String::new(),
            },
            request,
            children,
            parents,
            executor,
            investigation,
            measures,
        })
    }

    /// For the police: which of their reports are about a household where a child protection measure is in
    /// force now, since when and with which GI (nothing else); each such household's read is logged as
    /// feedback to the reporter.
    pub async fn measure_notices(&self) -> Result<Vec<MeasureNotice>, AccessError> {
        self.may(Action::ReportSignal)?;
        if self.actor.kind != OrganisationKind::Police {
            return Ok(Vec::new());
        }
        let reports = self.store.signals_reported_by(self.actor.professional).await?;
        let households: Vec<_> = reports.iter().filter_map(|s| s.household_id).collect();
        let cases = self.store.current_cases_for(&households).await?;
        let organisations: HashMap<OrganisationId, String> = (self.store.organisations().await?.into_iter())
            .map(|o| (o.id, o.name))
            .collect();
        let today = time::today();
        let mut notices = Vec::new();
        let mut log = Vec::new();
        for s in &reports {
            let case = cases
                .iter()
                .find(|c| Some(c.household_id) == s.household_id && c.is_open());
            let Some(first) = case.and_then(|c| c.route.justice.in_force(today).min_by_key(|m| m.start)) else {
                continue;
            };
            log.push(crate::reporters(self.record(Operation::Read, s.household_id, None)));
            notices.push(MeasureNotice {
                signal_id: s.id,
                since: first.start,
                executor: organisations
                    .get(&first.executor.organisation)
                    .cloned()
                    .unwrap_or_default(),
            });
        }
        self.log(log).await?;
        Ok(notices)
    }

    /// A page of the work the actor's organisation has on justice routes (the Raad's investigations, the
    /// court's requests, the GI's measures), what needs action first and then soonest due, with how many
    /// lines there are in all; `whose` narrows it to the actor's own work and what nobody has yet. Only the
    /// households on the page are read and logged: a large region's GI has thousands of measures.
    pub async fn justice_worklist(
        &self,
        whose: Whose,
        limit: u32,
        offset: u32,
    ) -> Result<(Vec<JusticeItem>, u64), AccessError> {
        let action = match self.actor.kind {
            OrganisationKind::Rvdk => Action::Investigate,
            OrganisationKind::Court => Action::Decide,
            _ => Action::ExecuteMeasure,
        };
        self.may(action)?;
        let cases = self.store.justice_cases(self.actor.organisation, time::today()).await?;
        let norms = self.region_norms().await?;
        let today = time::today();
        let mut items = Vec::new();
        for case in &cases {
            let work = worklist(
                &case.route.justice,
                self.actor.organisation,
                norms.measure_reminder_weeks,
                today,
            );
            let assigned = (work.into_iter()).filter(|w| {
                whose == Whose::Organisation || w.professional.is_none_or(|p| p == self.actor.professional)
            });
            items.extend(assigned.map(|work| (case, work)));
        }
        items.sort_by_key(|(case, work)| {
            (
                !work.kind.needs_action(),
                work.due,
                case.id,
                work.kind.as_str(),
                work.number,
            )
        });
        // One line for the same work on the same day on several children's measures of a case, before the
        // list is cut into pages, so that no page boundary splits it.
        let mut lines: Vec<(&Case, Work, Vec<u32>)> = Vec::with_capacity(items.len());
        for (case, work) in items {
            match lines.last_mut() {
                Some((c, w, numbers))
                    if c.id == case.id
                        && work.kind.on_measures()
                        && (w.kind, w.due, w.professional) == (work.kind, work.due, work.professional) =>
                {
                    numbers.push(work.number)
                }
                _ => {
                    let first = work.number;
                    lines.push((case, work, vec![first]))
                }
            }
        }
        let items = lines;
        let total = items.len() as u64;
        let page: Vec<_> = items.into_iter().skip(offset as usize).take(limit as usize).collect();
        // Only the households the page shows (a requester waiting for the court has no line).
        let names = self
            .names_on_page(page.iter().map(|(case, ..)| case.household_id))
            .await?;
        let viewer = self.viewer().await?;
        let items = (page.into_iter())
            .map(|(case, work, numbers)| JusticeItem {
                case_id: case.id,
                version: case.version,
                yours: case.route.justice.involves(viewer, today),
                household_name: names.get(&case.household_id).cloned().unwrap_or_default(),
                work,
                numbers,
            })
            .collect();
        Ok((items, total))
    }
}

impl Scope<'_> {
    /// The names of the households a page of work shows, read and logged as reads of those households only.
    async fn names_on_page(
        &self,
        households: impl Iterator<Item = regie_domain::HouseholdId>,
    ) -> Result<HashMap<regie_domain::HouseholdId, String>, AccessError> {
        let mut ids: Vec<_> = households.collect();
        ids.sort_unstable();
        ids.dedup();
        let names = (self.store.households(&ids).await?.into_iter())
            .map(|h| (h.id, h.name.as_str().to_owned()))
            .collect();
        let log = ids
            .iter()
            .map(|h| self.record(Operation::Read, Some(*h), None))
            .collect();
        self.log(log).await?;
        Ok(names)
    }

    /// A page of the investigations the actor's organisation does after an assessment, in cases still open,
    /// the first deadline first, with how many there are in all: each its investigator's, whose team reads
    /// the file; a colleague of another team takes one over from here. Only the households on the page are
    /// read and logged.
    pub async fn investigations(&self, limit: u32, offset: u32) -> Result<(Vec<InvestigationItem>, u64), AccessError> {
        self.may(Action::ReceiveSignal)?;
        let today = time::today();
        let cases = self.store.justice_cases(self.actor.organisation, today).await?;
        let mut lines: Vec<(&Case, &LinkedSignal, SignalInvestigation)> = (cases.iter().filter(|c| c.is_open()))
            .flat_map(|c| {
                (c.route.signals.iter()).filter_map(move |s| {
                    let i = (s.investigation.filter(|i| i.running()))
                        .filter(|i| i.organisation == self.actor.organisation)?;
                    Some((c, s, i))
                })
            })
            .collect();
        lines.sort_by_key(|(c, s, _)| (s.investigation_deadline.unwrap_or(s.received_on), c.id, s.signal_id));
        let total = lines.len() as u64;
        let page: Vec<_> = lines.into_iter().skip(offset as usize).take(limit as usize).collect();
        let names = self.names_on_page(page.iter().map(|(c, ..)| c.household_id)).await?;
        let viewer = self.viewer().await?;
        let items = (page.into_iter())
            .map(|(c, s, i)| InvestigationItem {
                case_id: c.id,
                version: c.version,
                signal_id: s.signal_id,
                household_id: c.household_id,
                household_name: names.get(&c.household_id).cloned().unwrap_or_default(),
                received_on: s.received_on,
                deadline: s.investigation_deadline,
                investigator: i.investigator,
                yours: i.involves(viewer),
            })
            .collect();
        Ok((items, total))
    }
}

/// An investigation after an assessment, on the list of the organisation that does it.
#[derive(Debug, Clone)]
pub struct InvestigationItem {
    /// The case it runs in.
    pub case_id: CaseId,
    /// The case's version, to take it over with (`Scope::take_over_signal_investigation`).
    pub version: i64,
    /// The signal whose assessment started it.
    pub signal_id: SignalId,
    /// The household.
    pub household_id: regie_domain::HouseholdId,
    /// Its name.
    pub household_name: String,
    /// When the signal was received.
    pub received_on: Date,
    /// Its deadline.
    pub deadline: Option<Date>,
    /// Who investigates.
    pub investigator: ProfessionalId,
    /// Whether it is the actor's or their team's (where the region lets a team cover for its members), so
    /// that they may open the file; else it is a colleague's, to take over first.
    pub yours: bool,
}

/// How many investigations a page of the organisation's list shows.
pub const INVESTIGATIONS_PAGE: u32 = 50;

/// How many items a page of the justice worklist shows: what needs action first, the rest on the next pages.
pub const JUSTICE_PAGE: u32 = 50;

/// Whose work on justice routes a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whose {
    /// All of the organisation's.
    Organisation,
    /// What is assigned to the actor (the measures they execute as jeugdbeschermer, the investigations they
    /// do for the Raad: [`regie_domain::justice::Work::professional`]) and what is assigned to nobody yet
    /// (an investigation the Raad has not accepted, a measure's extension the requester may ask for).
    Mine,
}
