//! The family portal's door (F16): a household member who may use the portal sees their own household's
//! case, never another household's, never a signal or its reporter; what they add is kept beside the case.

use super::{Access, NamedEvent, ProcessingSpan, Scope, named_timeline};
use crate::error::AccessError;
use regie_domain::analysis::Analysis;
use regie_domain::portal::{Contribution, FamilyContribution, may_use_portal, own_words_visible, visible_in_portal};
use regie_domain::{
    Case, CaseChange, CaseId, ContributionId, DomainError, Household, HouseholdId, Organisation, OrganisationId,
    Person, PersonId, Professional, Relation, time,
};
use regie_store::{Operation, ProcessingRecord, Processor, Store};

/// A household member signed in to the portal.
#[derive(Debug, Clone)]
pub struct FamilyMember {
    /// The person.
    pub person: Person,
    /// Their household today.
    pub household: Household,
}

/// Everything the portal shows a household member.
#[derive(Debug, Clone)]
pub struct PortalView {
    /// The current members: name and relation.
    pub members: Vec<(Person, Relation)>,
    /// The household's open case, if any.
    pub case: Option<Case>,
    /// The fixed contact person (and the second of a duo), with their organisation and how to reach them.
    pub contacts: Vec<PortalContact>,
    /// Every change of phase, lead, legal frame, scaling, analysis and plan, with who and why.
    pub timeline: Vec<NamedEvent>,
    /// What the household's members added in the portal, with who.
    pub contributions: Vec<(FamilyContribution, String)>,
    /// The letters addressed to the member, newest first.
    pub letters: Vec<regie_domain::letter::Letter>,
    /// The member's requests to destroy the file.
    pub destructions: Vec<regie_domain::retention::DestructionRequest>,
    /// The member's lawyer, if they registered one.
    pub lawyer: Option<regie_domain::lawyer::Lawyer>,
    /// The emergency accesses to the household's file, with the organisation that broke the glass; of
    /// the complaints about them only the member's own.
    pub emergencies: Vec<(regie_domain::emergency::EmergencyAccess, String)>,
    /// The experience questionnaires offered to the member, newest first.
    pub questionnaires: Vec<crate::Invitation>,
}

/// A contact person as the portal shows them: their own phone and e-mail, each missing one taken from their
/// team's (`team_phone`, `team_email` say so).
#[derive(Debug, Clone)]
pub struct PortalContact {
    /// The professional.
    pub professional: Professional,
    /// Their organisation.
    pub organisation: Organisation,
    /// How to reach them.
    pub contact: regie_domain::Contact,
    /// The phone number is the team's.
    pub team_phone: bool,
    /// The e-mail address is the team's.
    pub team_email: bool,
}

/// How a family reaches a professional: their own phone and e-mail, each missing one taken from their
/// team's (both, once the professional has left). `None` for an unknown professional.
pub(crate) async fn contact_of(
    store: &dyn Store,
    id: regie_domain::ProfessionalId,
) -> Result<Option<PortalContact>, AccessError> {
    let Some((professional, organisation)) = store.professional(id).await? else {
        return Ok(None);
    };
    let team = match professional.team_id {
        Some(team) => (store.teams_of(organisation.id).await?.into_iter()).find(|t| t.id == team),
        None => None,
    };
    // One who left is no longer reached at their work phone and e-mail: the team's take their place.
    let own = match professional.ended {
        None => professional.contact.clone(),
        Some(_) => regie_domain::Contact::default(),
    };
    let contact = team.as_ref().map_or_else(|| own.clone(), |t| own.or(&t.contact));
    Ok(Some(PortalContact {
        team_phone: own.phone.is_none() && contact.phone.is_some(),
        team_email: own.email.is_none() && contact.email.is_some(),
        contact,
        professional,
        organisation,
    }))
}

/// What the portal shows of a case's timeline: the route's steps and their reasons; not signals (whose
/// reporter may be shielded) nor the investigation after one unless its take-over changed the lead, nor the RVT's internal consultation, nor that the lead read the family's
/// contributions (which would tell a parent that a youth wrote something not shared with them).
/// Nor another member's answer to the plan that they gave for the professionals only, nor another member's
/// correction request, own statement or complaint.
pub(crate) fn shown_to_family(change: &CaseChange, member: PersonId) -> bool {
    match change {
        // A merge's event holds the route as it was, with what every member wrote: the family reads the
        // route as it is now.
        CaseChange::PersonsMerged { .. } | CaseChange::PersonsUnmerged { .. } => false,
        CaseChange::SignalLinked { .. }
        | CaseChange::SignalSeen { .. }
        | CaseChange::ConsultationAnswered { .. }
        | CaseChange::ConsultationAnswerSeen
        | CaseChange::FamilySeen { .. } => false,
        CaseChange::FamilyResponded { response, .. } => response.visible_to(member),
        // The investigation after a report is Veilig Thuis's, as the signal is (Veilig Thuis discusses its
        // findings with the family): the family reads of its take-over only when their fixed contact person
        // changed with it.
        CaseChange::SignalInvestigationTakenOver { lead, .. } => lead.is_some(),
        CaseChange::SignalInvestigationConcluded { .. } => false,
        // What one member asks, complains about or states is theirs: another member (a parent, a youth)
        // does not read it. An accepted correction changes the file for everyone.
        CaseChange::CorrectionRequested { correction } => correction.by == member,
        CaseChange::CorrectionExtended { member: by, .. }
        | CaseChange::ComplaintDecided { member: by, .. }
        | CaseChange::DestructionDecided { member: by, .. } => *by == member,
        CaseChange::DestructionRequested { request } => request.by == member,
        CaseChange::CorrectionDecided {
            member: by, decision, ..
        } => decision.corrected.is_some() || *by == member,
        CaseChange::OwnStatementAdded { statement } => statement.by == member,
        CaseChange::ComplaintFiled { complaint } => complaint.by == member,
        _ => true,
    }
}

impl Scope<'_> {
    /// What the household's members added in the portal to a case, oldest first (the read is logged).
    pub async fn contributions(&self, case: CaseId) -> Result<Vec<FamilyContribution>, AccessError> {
        let (case, hide) = self.read_case(case).await?;
        let mut found = self.store.contributions(case.id).await?;
        self.log(
            found
                .iter()
                .map(|c| self.record(Operation::Read, Some(case.household_id), Some(c.person_id)))
                .collect(),
        )
        .await?;
        // In an anonymous consultation the family's own words name no one either.
        if let Some(names) = hide {
            for c in &mut found {
                c.contribution = super::redacted(&c.contribution, &names)?;
            }
        }
        Ok(found)
    }
}

impl Access {
    /// The household a person may use the portal for today: their current household where they are a
    /// parent or aged 12 or older.
    pub(super) async fn family_member(&self, id: PersonId) -> Result<Option<FamilyMember>, AccessError> {
        let Some(person) = self.store.person(id).await? else {
            return Ok(None);
        };
        let today = time::today();
        let age = person.age_on(today);
        let memberships = self.store.memberships_of(id).await?;
        let Some(m) = memberships
            .iter()
            .filter(|m| m.is_current_on(today) && may_use_portal(m.relation, age))
            .max_by_key(|m| m.from)
        else {
            return Ok(None);
        };
        let household = self
            .store
            .household(m.household_id)
            .await?
            .ok_or_else(|| AccessError::not_found("household"))?;
        Ok(Some(FamilyMember { person, household }))
    }

    /// Acts for a household member in the portal.
    pub fn family_scope(&self, member: FamilyMember) -> FamilyScope<'_> {
        FamilyScope {
            store: self.store.as_ref(),
            member,
            span: ProcessingSpan::new(),
        }
    }
}

/// The purpose and processing activity of what a household member does in the portal.
const FAMILY_PORTAL: &str = "family_portal";

/// Access for one household member, to their own household only. What they read and add is logged too,
/// as processed by the member for the organisation whose file it is.
pub struct FamilyScope<'a> {
    pub(super) store: &'a dyn Store,
    pub(super) member: FamilyMember,
    span: ProcessingSpan,
}

impl FamilyScope<'_> {
    /// The organisation whose file the household's is: that of its case's fixed contact person, else the one
    /// that registered it; none for a household no organisation works with.
    /// `case` is the household's open case when the caller has it at hand; else it is looked up.
    pub(crate) async fn controller(&self, case: Option<&Case>) -> Result<Option<OrganisationId>, AccessError> {
        let lead = match case {
            Some(c) => Some(c.lead.primary),
            None => (self.store.open_case_of(self.member.household.id).await?).map(|c| c.lead.primary),
        };
        if let Some(lead) = lead
            && let Some((_, o)) = self.store.professional(lead).await?
        {
            return Ok(Some(o.id));
        }
        Ok(self.member.household.registered_by)
    }

    /// The log records of the member's own processing of these persons' data in their household (one for
    /// the household and one per person), for the organisation whose file it is ([`Self::controller`]); none
    /// when no organisation keeps the file.
    pub(super) async fn records(
        &self,
        case: Option<&Case>,
        operation: Operation,
        persons: impl IntoIterator<Item = PersonId>,
    ) -> Result<Vec<ProcessingRecord>, AccessError> {
        let Some(organisation) = self.controller(case).await? else {
            return Ok(Vec::new());
        };
        let household: HouseholdId = self.member.household.id;
        let record = |person: Option<PersonId>| ProcessingRecord {
            at: time::now(),
            actor: Processor::Family {
                person: self.member.person.id,
                organisation,
            },
            purpose: FAMILY_PORTAL,
            operation,
            household: Some(household),
            person,
            activity: FAMILY_PORTAL,
            span: self.span.next(),
            emergency: false,
        };
        Ok(std::iter::once(None)
            .chain(persons.into_iter().map(Some))
            .map(record)
            .collect())
    }

    /// Their household's portal.
    pub async fn view(&self) -> Result<PortalView, AccessError> {
        let today = time::today();
        let household = self.member.household.id;
        let all = self.store.members(household).await?;
        let members: Vec<(Person, Relation)> = all
            .into_iter()
            .filter(|m| m.membership.is_current_on(today))
            .map(|m| (m.person, m.membership.relation))
            .collect();
        let case = self.store.open_case_of(household).await?;
        let own = OwnWords::of(self.member.person.id, &members, today);
        let (mut contacts, mut timeline, mut contributions) = (Vec::new(), Vec::new(), Vec::new());
        if let Some(case) = &case {
            for id in std::iter::once(case.lead.primary).chain(case.lead.secondary) {
                contacts.extend(contact_of(self.store, id).await?);
            }
            timeline = (named_timeline(self.store, case.id).await?.into_iter())
                .filter_map(|mut e| {
                    e.event.change = own.change(e.event.change)?;
                    Some(e)
                })
                .collect();
            for c in self.store.contributions(case.id).await? {
                // What another member wrote is theirs, unless they shared it.
                if !visible_in_portal(&c, self.member.person.id) {
                    continue;
                }
                let name = members
                    .iter()
                    .find(|(p, _)| p.id == c.person_id)
                    .map_or_else(|| "Een gezinslid".to_owned(), |(p, _)| p.name.given.as_str().to_owned());
                contributions.push((c, name));
            }
        }
        let letters = self.own_letters().await?;
        let destructions = self.destruction_requests().await?;
        let lawyer = self.lawyer().await?;
        let emergencies = self.emergencies().await?;
        let questionnaires = self.questionnaires().await?;
        let log = self
            .records(case.as_ref(), Operation::Read, members.iter().map(|(p, _)| p.id))
            .await?;
        self.store.log_processing(&log).await?;
        let case = case.map(|c| own.case(c));
        Ok(PortalView {
            members,
            case,
            contacts,
            timeline,
            contributions,
            letters,
            destructions,
            lawyer,
            emergencies,
            questionnaires,
        })
    }

    /// A parent asks the juvenile court themselves to extend their children's measures, when the GI has
    /// not requested it by six weeks before the end (art. 1:260 lid 1 BW: "een ouder"); filed with the
    /// region's court. Answers the request's number. A step-parent is not a parent in law, and a youth
    /// cannot ask.
    pub async fn request_extension(
        &self,
        measures: Vec<u32>,
        grounds: regie_domain::Reason,
    ) -> Result<u32, AccessError> {
        let today = time::today();
        let household = self.member.household.id;
        let members = self.store.members(household).await?;
        let current: Vec<_> = members.iter().filter(|m| m.membership.is_current_on(today)).collect();
        let me = self.member.person.id;
        if !(current.iter()).any(|m| m.person.id == me && m.membership.relation == Relation::Parent) {
            return Err(DomainError::forbidden(
                "not_a_parent",
                "only a parent asks the court to extend a measure (art. 1:260 BW)",
                "Alleen een ouder kan de kinderrechter zelf om verlenging vragen (art. 1:260 BW).",
            )
            .into());
        }
        let children: Vec<PersonId> = (current.iter())
            .filter(|m| m.membership.relation == Relation::Child)
            .map(|m| m.person.id)
            .collect();
        let case = self.open_case().await?;
        let courts: Vec<_> = (self.store.organisations().await?.into_iter())
            .filter(|o| {
                o.kind == regie_domain::OrganisationKind::Court && o.region_id == self.member.household.region_id
            })
            .collect();
        let [court] = courts.as_slice() else {
            return Err(DomainError::conflict(
                None,
                "no_court",
                "the region has no single juvenile court to file with",
                "De regio heeft niet één rechtbank om het verzoek bij in te dienen. Vraag uw contactpersoon.",
            )
            .into());
        };
        let organisation = (self.controller(Some(&case)).await?).ok_or_else(|| AccessError::not_found("case"))?;
        let (next, event) = case.request_extension_as_parent(
            measures,
            grounds,
            (court.id, court.kind),
            (me, &children),
            organisation,
            time::now(),
        )?;
        let request = next.route.justice.requests.last().cloned();
        let log = (self.records(
            Some(&case),
            Operation::Write,
            request.iter().flat_map(|r| r.children.clone()),
        ))
        .await?;
        self.store.record(&next, &event, &log).await?;
        Ok(request.map_or(0, |r| r.number))
    }

    /// The case's timeline entries the member reads (as `shown_to_family` says).
    async fn readable_events(&self, case: &Case) -> Result<Vec<regie_domain::CaseEvent>, AccessError> {
        Ok((self.store.events(case.id).await?.into_iter())
            .filter(|e| shown_to_family(&e.change, self.member.person.id))
            .collect())
    }

    /// The sequence numbers of the case's timeline entries the member reads.
    async fn readable_entries(&self, case: &Case) -> Result<Vec<i64>, AccessError> {
        Ok(self.readable_events(case).await?.iter().map(|e| e.seq).collect())
    }

    /// The member adds their own statement (eigen verklaring) beside an entry of their household's open
    /// case's timeline, as they read it; it is shown beside that entry wherever it appears.
    pub async fn add_own_statement(&self, entry: i64, text: regie_domain::Reason) -> Result<(), AccessError> {
        let case = self.open_case().await?;
        let organisation = (self.controller(Some(&case)).await?).ok_or_else(|| AccessError::not_found("case"))?;
        let entries = self.readable_entries(&case).await?;
        let by = (self.member.person.id, organisation);
        let (next, event) = case.add_own_statement(by, entry, &entries, text, time::now())?;
        let log = (self.records(Some(&case), Operation::Write, [self.member.person.id])).await?;
        self.store.record(&next, &event, &log).await?;
        Ok(())
    }

    /// The member files a complaint about a decision in their household's open case's timeline, with the
    /// organisation that made it, which decides within the region's term (`Norms::complaint_weeks`).
    pub async fn file_complaint(&self, entry: i64, text: regie_domain::Reason) -> Result<(), AccessError> {
        let case = self.open_case().await?;
        let organisation = (self.controller(Some(&case)).await?).ok_or_else(|| AccessError::not_found("case"))?;
        let me = self.member.person.id;
        let events = self.readable_events(&case).await?;
        let entries: Vec<regie_domain::complaint::Entry> = (events.iter())
            .map(|e| regie_domain::complaint::Entry {
                seq: e.seq,
                organisation: e.organisation,
                actor: e.actor.professional(),
                change: &e.change,
            })
            .collect();
        let weeks = self.store.norms(self.member.household.region_id).await?.complaint_weeks;
        let (next, event) = case.file_complaint((me, organisation), entry, &entries, text, weeks, time::now())?;
        let log = (self.records(Some(&case), Operation::Write, [me])).await?;
        self.store.record(&next, &event, &log).await?;
        Ok(())
    }

    /// The household's open case; refused when there is none.
    async fn open_case(&self) -> Result<Case, AccessError> {
        (self.store.open_case_of(self.member.household.id).await?).ok_or_else(|| {
            AccessError::from(DomainError::conflict(
                None,
                "no_case",
                "your household has no open case",
                "uw huishouden heeft geen lopende zaak",
            ))
        })
    }

    /// Adds what the member says to their household's open case, for the professionals and, when `shared`,
    /// for the rest of the household too. `make` builds the contribution from the case's current route (a
    /// plan answer must name the current plan version).
    pub async fn contribute(
        &self,
        shared: bool,
        make: impl FnOnce(&Case) -> Result<Contribution, Vec<DomainError>>,
    ) -> Result<FamilyContribution, AccessError> {
        let case = self.open_case().await?;
        let contribution = make(&case).map_err(AccessError::from)?;
        let recorded = FamilyContribution {
            id: ContributionId::new(),
            case_id: case.id,
            person_id: self.member.person.id,
            at: time::now(),
            contribution,
            shared,
        };
        // An answer to the plan is the family's answer in the case too, with the member as its actor, for
        // the organisation whose file it is.
        // A correction of a timeline entry goes to the lead to decide on, with its legal term.
        let change = match (&recorded.contribution, self.controller(Some(&case)).await?) {
            (Contribution::PlanAnswer { .. }, Some(organisation)) => Some(
                case.record_member_answer(
                    recorded.person_id,
                    &recorded.contribution,
                    shared,
                    organisation,
                    recorded.at,
                )
                .map_err(AccessError::from)?,
            ),
            (
                Contribution::CorrectionRequest {
                    text,
                    entry: Some(entry),
                },
                Some(organisation),
            ) => {
                let entries = self.readable_entries(&case).await?;
                let asked = regie_domain::Reason::parse("text", text)?;
                let by = (recorded.person_id, organisation);
                Some(case.request_correction(by, *entry, &entries, asked, recorded.at)?)
            }
            _ => None,
        };
        let log = self
            .records(Some(&case), Operation::Write, [self.member.person.id])
            .await?;
        let change = change.as_ref().map(|(case, event)| (case, event));
        self.store.add_contribution(&recorded, change, &log).await?;
        Ok(recorded)
    }
}

/// What member `me` reads of what the other members said or gave for themselves: in the analysis, their own
/// words and the safety score they gave, unless `regie_domain::portal::own_words_visible` allows it (a parent
/// reads a young child's, for whom they speak). Applied to the case as it is now and to every version of the
/// analysis the timeline's events hold. (An answer to the plan given for the professionals only never
/// reaches the plan itself: `Case::record_member_answer` keeps it in its event, which `shown_to_family` leaves out.)
pub(crate) struct OwnWords<'a> {
    me: PersonId,
    parent: bool,
    members: &'a [(Person, Relation)],
    today: jiff::civil::Date,
}

impl<'a> OwnWords<'a> {
    /// For member `me` of a household with these current `members`, on `today`.
    pub(crate) fn of(me: PersonId, members: &'a [(Person, Relation)], today: jiff::civil::Date) -> Self {
        let parent = (members.iter()).any(|(p, r)| p.id == me && matches!(r, Relation::Parent | Relation::StepParent));
        Self {
            me,
            parent,
            members,
            today,
        }
    }

    /// Whether the reader reads what `person` said in their own words.
    fn visible(&self, person: PersonId) -> bool {
        // Someone no longer in the household counts as an adult: their words stay theirs.
        let age = (self.members.iter())
            .find(|(p, _)| p.id == person)
            .map_or(i16::MAX, |(p, _)| p.age_on(self.today));
        own_words_visible(self.me, self.parent, person, age)
    }

    /// Leaves another member's own words and own safety score out of an analysis version.
    fn analysis(&self, analysis: &mut Analysis) {
        for m in &mut analysis.members {
            if !self.visible(m.person_id) {
                for cell in [
                    &mut m.harm,
                    &mut m.danger,
                    &mut m.complicating_factors,
                    &mut m.what_works,
                    &mut m.next_steps,
                ] {
                    cell.family = None;
                }
            }
        }
        analysis.scores.retain(|s| match s.giver {
            regie_domain::analysis::ScoreGiver::Member { person_id } => self.visible(person_id),
            regie_domain::analysis::ScoreGiver::Professional { .. } => true,
        });
        // The flags of disagreement are worked out again from the scores left: a flag that the family
        // differs from the professionals would tell of a score that is not the reader's to see.
        analysis.disagreement = regie_domain::analysis::disagreement(&analysis.scores);
    }

    /// A timeline entry's change as the reader reads it: `None` when the family's timeline leaves it out
    /// (`shown_to_family`); an analysis version without what is another member's.
    pub(crate) fn change(&self, mut change: CaseChange) -> Option<CaseChange> {
        if !shown_to_family(&change, self.me) {
            return None;
        }
        if let CaseChange::AnalysisRecorded { analysis } = &mut change {
            self.analysis(analysis);
        }
        Some(change)
    }

    /// The case as the reader may read it in the portal: the analysis as [`OwnWords::analysis`] leaves it;
    /// without another member's correction requests, own statements and
    /// complaints, and without what the family's timeline leaves out (`shown_to_family`): the RVT's
    /// consultation, the linked reports, when the lead last read the family's words.
    pub(crate) fn case(&self, mut case: Case) -> Case {
        if let Some(analysis) = case.route.analysis.as_mut() {
            self.analysis(analysis);
        }
        // Another member's correction requests, own statements and complaints are theirs (an accepted
        // correction shows in the timeline for everyone).
        let rect = &mut case.route.rectification;
        rect.corrections.retain(|c| c.by == self.me);
        rect.statements.retain(|s| s.by == self.me);
        rect.complaints.retain(|c| c.by == self.me);
        // What the timeline keeps from the family keeps out of the case too: the RVT's internal consultation,
        // the reports linked to the case (a reporter may be shielded), and when the lead last read the
        // family's words (which would tell a parent that a youth wrote something).
        if let Some(scale) = case.route.scale.as_mut() {
            scale.answer = None;
            scale.proposal = None;
            scale.answered_at = None;
            scale.answer_seen_at = None;
        }
        case.route.signals.clear();
        case.route.family_seen_until = None;
        case
    }
}
