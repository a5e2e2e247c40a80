//! The justice partners' tracks in the access layer (F17): the OM and the Reclassering register a track
//! about a person they identify by BSN and date of birth together (no fishing with a BSN alone), and see
//! their own tracks and nothing else of the household; the case team sees the household's tracks and asks a
//! partner to coordinate.

use super::Scope;
use crate::error::AccessError;
use jiff::civil::Date;
use regie_domain::partners::{Coordination, CriminalStatus, Track, TrackInput};
use regie_domain::policy::{Action, require};
use regie_domain::register::{self, Category};
use regie_domain::{Bsn, DomainError, HouseholdId, PersonId, Professional, TrackId, time};
use regie_store::{Operation, ProcessingRecord};

/// The register's activity under which a partner's track is processed.
const TRACK_ACTIVITY: &str = "justice_partner_track";

/// The register's activity under which the OM's own request for a measure is processed.
const OM_REQUEST_ACTIVITY: &str = "om_child_protection_request";

/// A child the OM names in its request: by BSN and date of birth together.
#[derive(Debug, Clone, Copy)]
pub struct NamedChild<'a> {
    /// The BSN.
    pub bsn: &'a str,
    /// The date of birth (YYYY-MM-DD).
    pub date_of_birth: &'a str,
}

/// A partner's own track, with who in the case team asked to coordinate.
#[derive(Debug, Clone)]
pub struct OwnTrack {
    /// The track.
    pub track: Track,
    /// The professional who asked to coordinate, with their organisation's name.
    pub contact: Option<(Professional, String)>,
    /// For the OM: the measures it asked for in this household that end soon without the GI having
    /// requested their extension, so the OM may (art. 1:260 lid 1 BW).
    pub due: Vec<DueMeasure>,
}

/// A measure the OM asked for and may now request the extension of: what it needs to decide, nothing else
/// of the case.
#[derive(Debug, Clone)]
pub struct DueMeasure {
    /// The measure's number in the case.
    pub number: u32,
    /// Which measure.
    pub kind: regie_domain::justice::MeasureKind,
    /// The child's name.
    pub child: String,
    /// The day it ends.
    pub until: jiff::civil::Date,
}

impl Scope<'_> {
    /// Refuses an actor whose organisation has no task to register tracks.
    fn may_track(&self) -> Result<(), AccessError> {
        require(self.actor.kind, Action::RegisterJusticeTrack)?;
        register::require(register::find(TRACK_ACTIVITY), self.actor.kind, Category::Identity)?;
        Ok(())
    }

    /// A log record of a track's processing, under the track activity.
    fn track_record(&self, operation: Operation, track: &Track) -> Vec<ProcessingRecord> {
        [None, Some(track.person)]
            .into_iter()
            .map(|p| {
                let mut r = self.record(operation, Some(track.household), p);
                r.activity = TRACK_ACTIVITY;
                r
            })
            .collect()
    }

    /// Registers a track about the person with this BSN and date of birth, in their current household.
    pub async fn register_track(
        &self,
        bsn: &str,
        date_of_birth: &str,
        input: TrackInput<'_>,
    ) -> Result<Track, AccessError> {
        self.may_track()?;
        let today = time::today();
        let subject = self.track_subject(bsn, date_of_birth, today).await?;
        let track = Track::register(input, self.actor.kind, self.actor.organisation, subject, today)?;
        self.store
            .put_track(&track, &self.track_record(Operation::Write, &track))
            .await?;
        Ok(track)
    }

    /// The person a partner's BSN and date of birth name, with their date of birth and current household
    /// in the actor's region (F26); or every reason they name nobody: a wrong BSN or date, or no such
    /// person in a household here.
    async fn track_subject(
        &self,
        bsn: &str,
        date_of_birth: &str,
        today: Date,
    ) -> Result<Result<((PersonId, Date), HouseholdId), Vec<DomainError>>, AccessError> {
        let mut wrong = Vec::new();
        let bsn = Bsn::parse("bsn", bsn).map_err(|e| wrong.push(e)).ok();
        let born = time::parse_date("date_of_birth", date_of_birth)
            .map_err(|e| wrong.push(e))
            .ok();
        let (Some(bsn), Some(born)) = (bsn, born) else {
            return Ok(Err(wrong));
        };
        let unknown = || {
            vec![DomainError::invalid(
                "bsn",
                "unknown_person",
                "no household in the region knows a person with this BSN and date of birth; nothing was registered",
                "Controleer het BSN en de geboortedatum: geen huishouden in de regio kent iemand met dit BSN en deze geboortedatum. Er is niets vastgelegd.",
            )]
        };
        let Some(person) = (self.store.person_by_bsn(&bsn).await?).filter(|p| p.date_of_birth == born) else {
            return Ok(Err(unknown()));
        };
        let current: Vec<HouseholdId> = (self.store.memberships_of(person.id).await?.into_iter())
            .filter(|m| m.is_current_on(today))
            .map(|m| m.household_id)
            .collect();
        // Only a household of the partner's own region (F26).
        Ok(match self.of_region(current).await?.first() {
            Some(household) => Ok(((person.id, person.date_of_birth), *household)),
            None => Err(unknown()),
        })
    }

    /// The OM changes where its criminal case stands (and until when, if known).
    pub async fn update_track(&self, id: TrackId, status: &str, until: &str) -> Result<Track, AccessError> {
        self.may_track()?;
        let mut track = self.own_track(id).await?;
        let mut wrong = Vec::new();
        match CriminalStatus::ALL.into_iter().find(|s| s.as_str() == status.trim()) {
            Some(s) if track.status.is_some() => track.status = Some(s),
            _ => wrong.push(DomainError::invalid(
                "status",
                "required",
                "choose where the criminal case stands",
                "kies hoe de strafzaak ervoor staat",
            )),
        }
        match until.trim() {
            "" => {}
            u => match time::parse_date("until", u) {
                Ok(d) if d < track.from => wrong.push(regie_domain::partners::ends_before_start()),
                Ok(d) => track.until = Some(d),
                Err(e) => wrong.push(e),
            },
        }
        if !wrong.is_empty() {
            return Err(wrong.into());
        }
        self.store
            .put_track(&track, &self.track_record(Operation::Write, &track))
            .await?;
        Ok(track)
    }

    /// One of the actor's organisation's own tracks; another's is not found.
    async fn own_track(&self, id: TrackId) -> Result<Track, AccessError> {
        (self.store.track(id).await?)
            .filter(|t| t.organisation == self.actor.organisation)
            .ok_or_else(|| AccessError::not_found("track"))
    }

    /// The actor's organisation's tracks, with the case team's contact where they asked to coordinate; the
    /// partner sees nothing else of the household.
    pub async fn my_tracks(&self) -> Result<Vec<OwnTrack>, AccessError> {
        self.may_track()?;
        let tracks = self.store.tracks_of_organisation(self.actor.organisation).await?;
        let mut log = Vec::new();
        let mut out = Vec::with_capacity(tracks.len());
        let today = time::today();
        for t in tracks {
            log.extend(self.track_record(Operation::Read, &t));
            let contact = match t.coordination {
                Some(c) => (self.store.professional(c.by).await?).map(|(p, o)| (p, o.name)),
                None => None,
            };
            let due = self.om_due(&t, today, &mut log).await?;
            out.push(OwnTrack { track: t, contact, due });
        }
        self.log(log).await?;
        Ok(out)
    }

    /// The OM asks the court for a measure for children of the household its criminal case `track` is in
    /// (art. 1:255 lid 1 BW), naming each child by BSN and date of birth; the request joins the household's
    /// open case, where the court and the case team see it. Every wrong field at once (the measures, the
    /// children, the grounds, the jeugdbeschermer, the court); answers the request's number; the OM learns
    /// nothing else of the case.
    pub async fn om_measure_request(
        &self,
        track: TrackId,
        kinds: Vec<regie_domain::justice::MeasureKind>,
        children: &[NamedChild<'_>],
        grounds: &str,
        executor: regie_domain::ProfessionalId,
        court: Option<regie_domain::OrganisationId>,
    ) -> Result<u32, AccessError> {
        require(self.actor.kind, Action::RequestMeasure)?;
        register::require(register::find(OM_REQUEST_ACTIVITY), self.actor.kind, Category::CaseFile)?;
        let track = self.own_track(track).await?;
        let today = time::today();
        let members = self.store.members(track.household).await?;
        let mut wrong = Vec::new();
        if kinds.is_empty() {
            wrong.push(regie_domain::justice::no_measure_asked());
        }
        let mut ids = Vec::new();
        for c in children {
            let bsn = Bsn::parse("children", c.bsn).map_err(|e| wrong.push(e)).ok();
            let born = time::parse_date("children", c.date_of_birth)
                .map_err(|e| wrong.push(e))
                .ok();
            let found = (members.iter()).find(|m| {
                m.membership.is_current_on(today)
                    && m.person.bsn.as_ref() == bsn.as_ref()
                    && bsn.is_some()
                    && Some(m.person.date_of_birth) == born
            });
            match found {
                Some(m) => ids.push(m.person.id),
                None if bsn.is_some() && born.is_some() => wrong.push(DomainError::invalid(
                    "children",
                    "not_a_member",
                    "a child named is not in the household of your criminal case's person: check the BSN and date of birth",
                    "Controleer het BSN en de geboortedatum: een genoemd kind woont niet in het huishouden van de verdachte in uw strafzaak.",
                )),
                None => {}
            }
        }
        if children.is_empty() {
            wrong.push(DomainError::invalid(
                "children",
                "required",
                "name the children by BSN and date of birth",
                "Noem de kinderen met hun BSN en geboortedatum.",
            ));
        }
        let grounds = regie_domain::Reason::parse("grounds", grounds)
            .map_err(|e| wrong.push(e))
            .ok();
        let executor = (self.candidate(executor, "executor").await?)
            .map_err(|e| wrong.push(e))
            .ok();
        let court = (self.organisation_of("court", regie_domain::OrganisationKind::Court, court))
            .await?
            .map_err(|e| wrong.push(e))
            .ok();
        let (Some(grounds), Some(executor), Some(court), true) = (grounds, executor, court, wrong.is_empty()) else {
            return Err(wrong.into());
        };
        let case = self.om_case(track.household).await?;
        let asked = regie_domain::justice::MeasureRequest {
            kinds,
            children: ids.clone(),
            grounds,
            court,
            executor,
        };
        let at = time::now();
        let ctx = self.case_context(&case, today).await?;
        let (next, event) = case.file_measure_request(asked, &ctx, &self.actor, at)?;
        self.om_file(&next, &event, track.household).await
    }

    /// The measures the OM asked for in the household of its criminal case `track` whose extension it may
    /// request today; each child shown is logged under the OM's request activity.
    async fn om_due(
        &self,
        track: &Track,
        today: jiff::civil::Date,
        log: &mut Vec<ProcessingRecord>,
    ) -> Result<Vec<DueMeasure>, AccessError> {
        if require(self.actor.kind, Action::RequestMeasure).is_err() {
            return Ok(Vec::new());
        }
        let Some(case) = self.store.open_case_of(track.household).await? else {
            return Ok(Vec::new());
        };
        let measures: Vec<_> = case.route.justice.step_in(self.actor.organisation, today).collect();
        if measures.is_empty() {
            return Ok(Vec::new());
        }
        let members = self.store.members(track.household).await?;
        let mut due = Vec::new();
        for m in measures {
            let child = (members.iter()).find(|p| p.person.id == m.child);
            let mut r = self.record(Operation::Read, Some(track.household), Some(m.child));
            r.activity = OM_REQUEST_ACTIVITY;
            log.push(r);
            due.push(DueMeasure {
                number: m.number,
                kind: m.kind,
                child: child.map(|p| p.person.name.full()).unwrap_or_default(),
                until: m.until.unwrap_or(today),
            });
        }
        Ok(due)
    }

    /// The OM requests the extension of measures it asked for in the household of its criminal case
    /// `track`, when the GI has not (art. 1:260 lid 1 BW; the domain checks the step-in day). Answers the
    /// request's number; the OM learns nothing else of the case.
    pub async fn om_extension_request(
        &self,
        track: TrackId,
        measures: Vec<u32>,
        grounds: regie_domain::Reason,
        court: Option<regie_domain::OrganisationId>,
    ) -> Result<u32, AccessError> {
        require(self.actor.kind, Action::RequestExtension)?;
        register::require(register::find(OM_REQUEST_ACTIVITY), self.actor.kind, Category::CaseFile)?;
        let track = self.own_track(track).await?;
        let case = self.om_case(track.household).await?;
        let court = self
            .organisation_of("court", regie_domain::OrganisationKind::Court, court)
            .await??;
        let at = time::now();
        let ctx = self.case_context(&case, time::date_in_nl(at)).await?;
        let (next, event) = case.request_extension(measures, grounds, court, &ctx, &self.actor, at)?;
        self.om_file(&next, &event, track.household).await
    }

    /// The open case of the household the OM's track is in.
    async fn om_case(&self, household: HouseholdId) -> Result<regie_domain::Case, AccessError> {
        (self.store.open_case_of(household).await?).ok_or_else(|| {
            DomainError::conflict(
                None,
                "no_open_case",
                "no case is open for this household: ask the Raad to investigate, or the local team to open one",
                "voor dit huishouden loopt geen zaak: vraag de Raad om onderzoek, of het lokaal team om een zaak te openen",
            )
            .into()
        })
    }

    /// Records the OM's request (the case's last) with its log: the household and each child it names.
    async fn om_file(
        &self,
        next: &regie_domain::Case,
        event: &regie_domain::NewEvent,
        household: HouseholdId,
    ) -> Result<u32, AccessError> {
        let request = next.route.justice.requests.last();
        let children = request.map(|r| r.children.clone()).unwrap_or_default();
        let mut log = Vec::new();
        for p in std::iter::once(None).chain(children.into_iter().map(Some)) {
            let mut r = self.record(Operation::Write, Some(household), p);
            r.activity = OM_REQUEST_ACTIVITY;
            log.push(r);
        }
        self.store.record(next, event, &log).await?;
        Ok(request.map_or(0, |r| r.number))
    }

    /// The tracks about a household's members, for its file (read and logged with it).
    pub(crate) async fn household_tracks(&self, household: HouseholdId) -> Result<Vec<Track>, AccessError> {
        Ok(self.store.tracks_of_household(household).await?)
    }

    /// The case team asks the partner of a track about one of its household's members to coordinate: the
    /// partner then sees who to contact.
    pub async fn ask_coordination(&self, household: HouseholdId, id: TrackId) -> Result<Track, AccessError> {
        self.may(Action::WorkOnPlan)?;
        self.writable_household(household).await?;
        let mut track = (self.store.track(id).await?)
            .filter(|t| t.household == household)
            .ok_or_else(|| AccessError::not_found("track"))?;
        if track.coordination.is_some() {
            return Err(DomainError::conflict(
                None,
                "already_asked",
                "coordination was already asked",
                "er is al om afstemming gevraagd",
            )
            .into());
        }
        track.coordination = Some(Coordination {
            by: self.actor.professional,
            at: time::now(),
        });
        let log = vec![
            self.record(Operation::Write, Some(household), None),
            self.record(Operation::Write, Some(household), Some(track.person)),
        ];
        self.store.put_track(&track, &log).await?;
        Ok(track)
    }
}
