//! The processing log as the Logboek Dataverwerkingen defines it: checking its hash chain and exporting
//! its records for an organisation's central logbook.

use super::{Access, FamilyScope, Involvement, Scope, accounts, hex};
use crate::error::AccessError;
use jiff::Timestamp;
use regie_domain::register;
use regie_domain::{HouseholdId, Organisation, OrganisationKind, PersonId, ProfessionalId};
use regie_store::{CHAIN_START, ChainedRecord, LoggedProcessing, Operation, chain_hash};
use serde_json::json;
use std::collections::{HashMap, HashSet};

/// Records read per round trip while walking the chain.
const PAGE: u32 = 20_000;

/// What a walk over the hash chain found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogCheck {
    /// How many records were checked.
    pub records: u64,
    /// The first problem, naming the record; none when the chain is whole.
    pub problem: Option<LogProblem>,
}

/// Where the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogProblem {
    /// The record at this place no longer matches its own hash: its content (or hash) was changed.
    Altered(i64),
    /// The record at this place is missing.
    Removed(i64),
    /// The record at this place is intact but does not follow the one before it: records were moved.
    Reordered(i64),
    /// The chain's head (its last hash) does not match the last record: the end was rewritten.
    Head(i64),
}

impl std::fmt::Display for LogProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Altered(seq) => write!(f, "record {seq} was altered: it no longer matches its hash"),
            Self::Removed(seq) => write!(f, "record {seq} was removed"),
            Self::Reordered(seq) => write!(f, "record {seq} was reordered: it does not follow record {}", seq - 1),
            Self::Head(seq) => write!(f, "the chain's head does not match record {seq}: its end was rewritten"),
        }
    }
}

impl Access {
    /// Walks the processing log's hash chain from its first record to the head and names the first record
    /// that was altered, removed or reordered.
    pub async fn verify_log(&self) -> Result<LogCheck, AccessError> {
        let (head_seq, head_hash) = self.store.log_head().await?;
        let mut expected_prev = CHAIN_START.to_owned();
        let mut next = 1i64;
        let mut records = 0u64;
        // While one page is hashed (on a blocking thread), the next is read: the two cores each do half.
        let fetch = |after: i64| {
            let store = self.store.clone();
            tokio::spawn(async move { store.log_chain(after, PAGE, None).await })
        };
        let mut pending = Some(fetch(0));
        while let Some(reading) = pending.take() {
            let page = reading.await.map_err(AccessError::internal)??;
            let Some(last) = page.last().map(|r| r.seq) else { break };
            if last < head_seq {
                pending = Some(fetch(last));
            }
            let (page, intact) = tokio::task::spawn_blocking(move || {
                let intact: Vec<bool> = (page.iter())
                    .map(|r| chain_hash(&r.prev_hash, &r.record) == r.hash)
                    .collect();
                (page, intact)
            })
            .await
            .map_err(AccessError::internal)?;
            for (r, intact) in page.iter().zip(intact) {
                if let Some(problem) = check(r, intact, next, &expected_prev) {
                    return Ok(LogCheck {
                        records,
                        problem: Some(problem),
                    });
                }
                expected_prev.clone_from(&r.hash);
                next = r.seq + 1;
                records += 1;
            }
        }
        // Records handed out but no longer there, at the end of the chain; or an end that was rewritten.
        let problem = if next <= head_seq {
            Some(LogProblem::Removed(next))
        } else if expected_prev != head_hash {
            Some(LogProblem::Head(next - 1))
        } else {
            None
        };
        Ok(LogCheck { records, problem })
    }

    /// Writes every record of the chain at or after `since` to `out` as JSON lines in the Logboek
    /// Dataverwerkingen's fields, the data subject pseudonymised (a keyed hash of the person's id, the same
    /// for every record of that person, so the central logbook can answer a person's request without
    /// learning who they are). Returns the number of records written.
    pub async fn export_log(&self, since: Timestamp, out: &mut dyn std::io::Write) -> Result<u64, AccessError> {
        let key = self
            .store
            .server_key("log_pseudonym", &accounts::random_token()?)
            .await?;
        let mut after = 0i64;
        let mut written = 0u64;
        loop {
            let page = self.store.log_chain(after, PAGE, Some(since)).await?;
            let Some(last) = page.last().map(|r| r.seq) else { break };
            for r in &page {
                let line = record_json(r, key.as_bytes());
                writeln!(out, "{line}").map_err(|e| AccessError::Internal(Box::new(e)))?;
                written += 1;
            }
            after = last;
        }
        Ok(written)
    }
}

/// The first problem with record `r`, expected at place `seq` after a record whose hash is `prev`;
/// `intact` says whether it still matches its own hash.
fn check(r: &ChainedRecord, intact: bool, seq: i64, prev: &str) -> Option<LogProblem> {
    if r.seq != seq {
        return Some(LogProblem::Removed(seq));
    }
    if !intact {
        return Some(LogProblem::Altered(r.seq));
    }
    (r.prev_hash != prev).then_some(LogProblem::Reordered(r.seq))
}

/// One record in the Logboek Dataverwerkingen's fields.
fn record_json(r: &ChainedRecord, key: &[u8]) -> serde_json::Value {
    let l = &r.record;
    let ms = l.at.as_millisecond();
    let mut attributes = serde_json::Map::new();
    let activity = register::find(&l.activity).map_or_else(|| l.activity.clone(), |a| a.uri());
    attributes.insert("dpl.core.processing_activity_id".into(), json!(activity));
    if let Some(person) = l.person {
        attributes.insert(
            "dpl.core.data_subject_id".into(),
            json!(accounts::keyed_hash(key, person.0.as_bytes())),
        );
        attributes.insert("dpl.core.data_subject_id_type".into(), json!("regie-pseudoniem"));
    }
    attributes.insert("regie.operation".into(), json!(l.operation));
    attributes.insert("regie.purpose".into(), json!(l.purpose));
    attributes.insert("regie.organisation_id".into(), json!(l.organisation.0));
    // Who acted, without saying who: a professional, a household member in the portal, or Regie itself.
    let actor = match (l.professional, l.by_person) {
        (_, Some(_)) => "family_member",
        (Some(_), None) => "professional",
        (None, None) => "system",
    };
    attributes.insert("regie.actor_kind".into(), json!(actor));
    attributes.insert("regie.emergency_access".into(), json!(l.emergency));
    attributes.insert("regie.log.seq".into(), json!(r.seq));
    attributes.insert("regie.log.hash".into(), json!(r.hash));
    json!({
        "trace_id": hex(&l.span.trace_id),
        "span_id": hex(&l.span.span_id),
        "parent_span_id": l.span.parent_span_id.map(|p| hex(&p)),
        "name": format!("{}.{}", l.activity, l.operation),
        "status": "Ok",
        "start_time": ms,
        "end_time": ms,
        "resource": {"service.name": "regie", "service.version": env!("CARGO_PKG_VERSION")},
        "attributes": attributes,
    })
}

/// One processing as a reader of the log sees it: when, by whom, what for and on which ground.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessingLine {
    /// When.
    pub at: Timestamp,
    /// The organisation that processed.
    pub organisation: String,
    /// Its kind, for the professional's role in plain words.
    pub kind: OrganisationKind,
    /// The professional, for professionals' eyes only (empty in the family's view).
    pub professional: String,
    /// The household member who read or added in the portal, if one did: their name for professionals,
    /// "u zelf" in the member's own view.
    pub family_member: Option<String>,
    /// Regie itself processed, for the organisation, with no one reading (the radar when a report comes in).
    pub automatic: bool,
    /// Read (`read`) or changed (`write`).
    pub operation: String,
    /// The processing activity, when it names one of the register's.
    pub activity: Option<&'static register::Activity>,
    /// Under an emergency access (break-the-glass).
    pub emergency: bool,
    /// The person it was about, if one.
    pub person: Option<PersonId>,
}

/// Who reads a log: a professional (who sees professionals' and members' names), or a household member
/// (who sees organisations only, and of the family only what they did themselves).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Reader {
    Professional,
    Family(PersonId),
}

/// Turns records into lines with the directory's names, newest first, at most `limit`.
pub(crate) async fn lines(
    store: &dyn regie_store::Store,
    records: Vec<LoggedProcessing>,
    reader: Reader,
    limit: usize,
) -> Result<Vec<ProcessingLine>, AccessError> {
    // Only the professionals these records name: not the region's whole directory.
    let named: Vec<ProfessionalId> = match reader {
        Reader::Professional => (records.iter().filter_map(|r| r.professional))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect(),
        Reader::Family(_) => Vec::new(),
    };
    let directory: HashMap<ProfessionalId, String> = (store.professionals_by_id(&named).await?.into_iter())
        .map(|(p, _)| (p.id, p.display_name))
        .collect();
    let organisations: HashMap<regie_domain::OrganisationId, Organisation> =
        (store.organisations().await?.into_iter()).map(|o| (o.id, o)).collect();
    let mut members: HashMap<PersonId, String> = HashMap::new();
    let mut shown = Vec::new();
    for r in records.into_iter().rev() {
        if shown.len() >= limit {
            break;
        }
        let Some(org) = organisations.get(&r.organisation) else {
            continue;
        };
        let (professional, family_member) = match (r.professional, r.by_person, reader) {
            (Some(p), _, Reader::Professional) => (directory.get(&p).cloned().unwrap_or_default(), None),
            (Some(_), _, Reader::Family(_)) => (String::new(), None),
            (None, Some(p), Reader::Family(me)) if p == me => (String::new(), Some("u zelf".to_owned())),
            // Another member's own reading stays theirs.
            (None, Some(_), Reader::Family(_)) => continue,
            (None, Some(p), Reader::Professional) => {
                let name = match members.get(&p) {
                    Some(name) => name.clone(),
                    None => {
                        let name =
                            (store.person(p).await?).map_or_else(|| "een gezinslid".to_owned(), |x| x.name.full());
                        members.insert(p, name.clone());
                        name
                    }
                };
                (String::new(), Some(name))
            }
            (None, None, _) => (String::new(), None),
        };
        shown.push(ProcessingLine {
            at: r.at,
            organisation: org.name.clone(),
            kind: org.kind,
            professional,
            automatic: r.automatic(),
            family_member,
            operation: r.operation,
            activity: register::find(&r.activity),
            emergency: r.emergency,
            person: r.person,
        });
    }
    Ok(shown)
}

/// The most lines a log page shows.
pub const LOG_PAGE: usize = 500;

impl Scope<'_> {
    /// The processing log of a household (reporters left out), for a professional involved in it on any
    /// ground but an emergency access, or for the reviewer of an organisation one of whose professionals
    /// opened the file with an emergency access.
    pub async fn household_log(&self, id: HouseholdId) -> Result<Vec<ProcessingLine>, AccessError> {
        self.may(regie_domain::Action::ReadHouseholdFile)?;
        let household = self.of_actors_region(self.store.household(id).await?)?;
        let ground = self.involvements(&[&household]).await?.0[0];
        let reviews_it = self.holds(regie_domain::Role::Reviewer).await?
            && (self.store.emergencies_about(id).await?)
                .iter()
                .any(|a| a.organisation == self.actor.organisation);
        let allowed = matches!(ground, Some(g) if g != Involvement::Emergency) || reviews_it;
        if !allowed {
            return Err(super::not_involved());
        }
        // Reporters stay out: the case team may not learn who reported, nor may the family.
        let records = (self.store.processing_of_household(id).await?)
            .into_iter()
            .filter(|r| r.activity != super::REPORT_ACTIVITY)
            .collect();
        self.log(vec![self.record(Operation::Read, Some(id), None)]).await?;
        lines(self.store, records, Reader::Professional, LOG_PAGE).await
    }
}

impl FamilyScope<'_> {
    /// Who processed the member's data and that of the household's children whose file they may see (those
    /// under 16 over whom they hold authority, `regie_domain::rights::subjects`), in their own household:
    /// never a reporter (whose report may be shielded), never anything about another household.
    pub async fn processing_log(&self) -> Result<Vec<ProcessingLine>, AccessError> {
        let household = self.member.household.id;
        let me = self.member.person.id;
        let visible: HashSet<PersonId> = self.subjects().await?.into_iter().collect();
        let records = family_records(self.store, household, &visible).await?;
        let log = self.records(None, Operation::Read, []).await?;
        self.store.log_processing(&log).await?;
        lines(self.store, records, Reader::Family(me), LOG_PAGE).await
    }
}

/// The household's log records a member may read about the persons `visible` to them
/// (`regie_domain::rights::subjects`): never a reporter's (whose report may be shielded), never Regie's own
/// look-up, never anything about another household.
pub(crate) async fn family_records(
    store: &dyn regie_store::Store,
    household: HouseholdId,
    visible: &HashSet<PersonId>,
) -> Result<Vec<LoggedProcessing>, AccessError> {
    Ok((store.processing_of_household(household).await?)
        .into_iter()
        .filter(|r| r.household.is_none_or(|h| h == household))
        .filter(|r| r.person.is_none_or(|p| visible.contains(&p)))
        .filter(|r| r.activity != super::REPORT_ACTIVITY)
        // Regie's own look-up when a report comes in (the radar) would tell the family, and the households at
        // the same address, of a report before the organisation with the task has decided what it may say
        // (UAVG art. 41); professionals and the export keep it.
        .filter(|r| !r.automatic())
        .collect())
}
