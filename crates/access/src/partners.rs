//! The justice partners' tracks in the access layer (F17): the OM and the Reclassering register a track
//! about a person they identify by BSN and date of birth together (no fishing with a BSN alone), and see
//! their own tracks and nothing else of the household; the case team sees the household's tracks and asks a
//! partner to coordinate.

use super::Scope;
use crate::error::AccessError;
use regie_domain::partners::{Coordination, CriminalStatus, Track, TrackInput};
use regie_domain::policy::{Action, require};
use regie_domain::register::{self, Category};
use regie_domain::{Bsn, DomainError, HouseholdId, Professional, TrackId, time};
use regie_store::{Operation, ProcessingRecord};

/// The register's activity under which a partner's track is processed.
const TRACK_ACTIVITY: &str = "justice_partner_track";

/// A partner's own track, with who in the case team asked to coordinate.
#[derive(Debug, Clone)]
pub struct OwnTrack {
    /// The track.
    pub track: Track,
    /// The professional who asked to coordinate, with their organisation's name.
    pub contact: Option<(Professional, String)>,
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
        let mut wrong = Vec::new();
        let bsn = Bsn::parse("bsn", bsn).map_err(|e| wrong.push(e)).ok();
        let born = time::parse_date("date_of_birth", date_of_birth)
            .map_err(|e| wrong.push(e))
            .ok();
        let (Some(bsn), Some(born)) = (bsn, born) else {
            return Err(wrong.into());
        };
        let today = time::today();
        let unknown = || {
            DomainError::invalid(
                "bsn",
                "unknown_person",
                "no household in the region knows a person with this BSN and date of birth; nothing was registered",
                "geen huishouden in de regio kent iemand met dit BSN en deze geboortedatum; er is niets vastgelegd",
            )
        };
        let person = (self.store.person_by_bsn(&bsn).await?)
            .filter(|p| p.date_of_birth == born)
            .ok_or_else(unknown)?;
        let household: HouseholdId = (self.store.memberships_of(person.id).await?.into_iter())
            .find(|m| m.is_current_on(today))
            .map(|m| m.household_id)
            .ok_or_else(unknown)?;
        let track = Track::register(
            input,
            self.actor.kind,
            self.actor.organisation,
            (person.id, person.date_of_birth),
            household,
            today,
        )?;
        self.store
            .put_track(&track, &self.track_record(Operation::Write, &track))
            .await?;
        Ok(track)
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
                Ok(d) if d < track.from => wrong.push(DomainError::invalid(
                    "until",
                    "before_start",
                    "the end lies after the start",
                    "de einddatum ligt na de begindatum",
                )),
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
        for t in tracks {
            log.extend(self.track_record(Operation::Read, &t));
            let contact = match t.coordination {
                Some(c) => (self.store.professional(c.by).await?).map(|(p, o)| (p, o.name)),
                None => None,
            };
            out.push(OwnTrack { track: t, contact });
        }
        self.log(log).await?;
        Ok(out)
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
