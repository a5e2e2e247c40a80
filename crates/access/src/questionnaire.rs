//! Experience questionnaires (F24; `regie_domain::questionnaire`): a household member is offered, in the
//! portal, the questions after each key moment of their household's cases in the last 60 days
//! ([`FamilyScope::questionnaires`]) and answers them or not ([`FamilyScope::answer_questionnaire`]); the
//! case's fixed contact person gets their own questions after the same moments ([`Scope::questionnaires`],
//! [`Scope::answer_questionnaire`]). The
//! answer is kept apart from the file (region, municipality, month, moment, who answered); only that the
//! member answered is kept with them, so it is not asked again. A researcher reads the answers as
//! aggregates beside the journeys (`Scope::journeys`).

use super::{FamilyScope, Scope};
use crate::error::AccessError;
use jiff::Timestamp;
use regie_domain::questionnaire::{Answer, Moment, OPEN_DAYS, Respondent};
use regie_domain::stats::{self, Cell, Period, Table, TableRow};
use regie_domain::{CaseId, RegionId, time};
use regie_store::{KeptAnswer, Operation};

/// A questionnaire the member may answer: after which moment of which case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    /// The case.
    pub case: CaseId,
    /// The event that was the moment.
    pub seq: i64,
    /// The moment.
    pub moment: Moment,
    /// When it happened.
    pub at: Timestamp,
    /// Whose questions: a parent's or a youth's.
    pub respondent: Respondent,
}

impl Invitation {
    /// What happened when, as the lists and the form say it: "9 november 2026: het veiligheidsplan is
    /// afgesproken."
    pub fn text_nl(&self) -> String {
        format!(
            "{}: {}.",
            time::date_nl(time::date_in_nl(self.at)),
            self.moment.label_nl()
        )
    }
}

impl FamilyScope<'_> {
    /// The questionnaires the member has not answered, after the key moments of their household's cases
    /// in the last [`OPEN_DAYS`] days, newest first.
    pub async fn questionnaires(&self) -> Result<Vec<Invitation>, AccessError> {
        let adult = self.member.person.age_on(time::today()) >= 18;
        let respondent = if adult { Respondent::Parent } else { Respondent::Youth };
        let cases = self.store.cases_of_household(self.member.household.id).await?;
        let ids: Vec<CaseId> = cases.iter().map(|c| c.id).collect();
        offered(self.store, &ids, respondent, self.member.person.id.0).await
    }

    /// The questionnaire offered to the member after event `seq` of `case`; not found when none is.
    pub async fn questionnaire(&self, case: CaseId, seq: i64) -> Result<Invitation, AccessError> {
        chosen(self.questionnaires().await?, case, seq)
    }

    /// Answers the questionnaire after event `seq` of `case`: per question (by its code) a score from 1 to
    /// 5 or blank, and an open answer. Refused when it is not offered to the member (another household's
    /// case, too long ago, answered already), and for wrong fields, every one at once.
    pub async fn answer_questionnaire(
        &self,
        case: CaseId,
        seq: i64,
        fields: &[(String, String)],
        open: &str,
    ) -> Result<(), AccessError> {
        let invitation = self.questionnaire(case, seq).await?;
        let answer = Answer::parse(invitation.moment, invitation.respondent, fields, open)?;
        let household = &self.member.household;
        let kept = kept(household.region_id, household.address.as_ref(), answer, self.store).await?;
        let current = self.store.case(case).await?;
        let log = (self.records(current.as_ref(), Operation::Write, [self.member.person.id])).await?;
        (self.store)
            .answer_questionnaire(self.member.person.id.0, (case, seq), &kept, &log)
            .await?;
        Ok(())
    }
}

impl Scope<'_> {
    /// The questionnaires the actor has not answered, after the key moments of the cases they lead (or
    /// led when it closed) in the last [`OPEN_DAYS`] days, newest first.
    pub async fn questionnaires(&self) -> Result<Vec<Invitation>, AccessError> {
        self.may(regie_domain::policy::Action::LeadCase)?;
        let me = self.actor.professional;
        let mut cases: Vec<CaseId> = (self.store.open_cases_involving(&[me]).await?.into_iter())
            .filter(|c| c.lead.primary == me || c.lead.secondary == Some(me))
            .map(|c| c.id)
            .collect();
        let closed = self.store.cases_closed_since(me, open_since()).await?;
        cases.extend(closed.into_iter().map(|c| c.id));
        offered(self.store, &cases, Respondent::Professional, me.0).await
    }

    /// The questionnaire offered to the actor after event `seq` of `case`; not found when none is.
    pub async fn questionnaire(&self, case: CaseId, seq: i64) -> Result<Invitation, AccessError> {
        chosen(self.questionnaires().await?, case, seq)
    }

    /// Answers the professional's questionnaire after event `seq` of `case`, as
    /// [`FamilyScope::answer_questionnaire`] does for a member.
    pub async fn answer_questionnaire(
        &self,
        case: CaseId,
        seq: i64,
        fields: &[(String, String)],
        open: &str,
    ) -> Result<(), AccessError> {
        let invitation = self.questionnaire(case, seq).await?;
        let answer = Answer::parse(invitation.moment, invitation.respondent, fields, open)?;
        let household_id = (self.store.case(case).await?)
            .ok_or_else(|| AccessError::not_found("case"))?
            .household_id;
        let household =
            (self.store.household(household_id).await?).ok_or_else(|| AccessError::not_found("household"))?;
        let kept = kept(household.region_id, household.address.as_ref(), answer, self.store).await?;
        let log = vec![self.record(Operation::Write, Some(household_id), None)];
        (self.store)
            .answer_questionnaire(self.actor.professional.0, (case, seq), &kept, &log)
            .await?;
        Ok(())
    }

    /// The questionnaires' answers of `region` given in `period`, as aggregates for the researcher's
    /// journeys (`Scope::journeys` checks and logs): per moment and respondent how many answered, and each
    /// question's mean score, shown only over ten answers or more.
    pub(crate) async fn questionnaire_tables(
        &self,
        region: RegionId,
        period: Period,
    ) -> Result<Vec<Table>, AccessError> {
        let answers = (self.store)
            .questionnaire_answers(region, period.from, period.end())
            .await?;
        Ok(Respondent::ALL
            .into_iter()
            .map(|respondent| results(respondent, &answers))
            .collect())
    }
}

/// Since when a key moment is offered: [`OPEN_DAYS`] ago.
fn open_since() -> Timestamp {
    let now = time::now();
    now.checked_sub(jiff::SignedDuration::from_hours(24 * OPEN_DAYS))
        .unwrap_or(now)
}

/// The questionnaires after the key moments of `cases` since [`open_since`] that `respondent_id` (a
/// person's or a professional's id) has not answered, newest first.
async fn offered(
    store: &dyn regie_store::Store,
    cases: &[CaseId],
    respondent: Respondent,
    respondent_id: uuid::Uuid,
) -> Result<Vec<Invitation>, AccessError> {
    let since = open_since();
    let mut offered = Vec::new();
    for case in cases {
        for e in store.events(*case).await? {
            if let Some(moment) = Moment::of(&e.change).filter(|_| e.at >= since) {
                offered.push(Invitation {
                    case: *case,
                    seq: e.seq,
                    moment,
                    at: e.at,
                    respondent,
                });
            }
        }
    }
    let events: Vec<(CaseId, i64)> = offered.iter().map(|i| (i.case, i.seq)).collect();
    let answered = store.questionnaires_answered(respondent_id, &events).await?;
    offered.retain(|i| !answered.contains(&(i.case, i.seq)));
    offered.sort_by_key(|i| std::cmp::Reverse(i.at));
    Ok(offered)
}

/// The one of `offered` after event `seq` of `case`; refused as not found when there is none.
fn chosen(offered: Vec<Invitation>, case: CaseId, seq: i64) -> Result<Invitation, AccessError> {
    (offered.into_iter())
        .find(|i| i.case == case && i.seq == seq)
        .ok_or_else(|| AccessError::not_found("questionnaire"))
}

/// An answer as kept, apart from the file: the household's region and municipality (by its postcode area)
/// and this month.
async fn kept(
    region: RegionId,
    address: Option<&regie_domain::Address>,
    answer: Answer,
    store: &dyn regie_store::Store,
) -> Result<KeptAnswer, AccessError> {
    let area = address.and_then(|a| stats::area_of(&a.postcode).map(str::to_owned));
    let municipality = (store.municipality_areas(region).await?.into_iter())
        .find(|(a, _)| Some(a) == area.as_ref())
        .map(|(_, m)| m);
    Ok(KeptAnswer {
        region,
        municipality,
        month: stats::month_of(time::now()),
        answer,
    })
}

/// One respondent's table: per moment the answers and each question's mean score.
fn results(respondent: Respondent, answers: &[Answer]) -> Table {
    let questions = respondent.questions();
    let mut columns = vec!["Ingevuld".to_owned()];
    columns.extend(questions.iter().map(|(_, q)| (*q).to_owned()));
    Table {
        id: match respondent {
            Respondent::Parent => "questionnaire_parents",
            Respondent::Youth => "questionnaire_youths",
            Respondent::Professional => "questionnaire_professionals",
        },
        title: format!("Ervaringen van {}", respondent.label_nl()),
        note: "Hoeveel vragenlijsten er na elk moment zijn ingevuld, en het gemiddelde cijfer per vraag (1 tot en met 5, in tienden), alleen bij 10 of meer antwoorden.".into(),
        columns,
        rows: (Moment::ALL.into_iter())
            .map(|moment| {
                let given: Vec<&Answer> = (answers.iter())
                    .filter(|a| a.moment == moment && a.respondent == respondent)
                    .collect();
                let mut cells = vec![Cell::count(i64::try_from(given.len()).unwrap_or(i64::MAX))];
                for (code, _) in questions {
                    let scores: Vec<i64> = (given.iter())
                        .flat_map(|a| a.scores.iter().filter(|(c, _)| c == code).map(|(_, s)| i64::from(*s)))
                        .collect();
                    let n = i64::try_from(scores.len()).unwrap_or(i64::MAX);
                    cells.push(if n < stats::MIN_CELL {
                        Cell::Hidden
                    } else {
                        Cell::Tenths(scores.iter().sum::<i64>() * 10 / n)
                    });
                }
                TableRow {
                    label: regie_domain::text::capitalise(moment.label_nl()),
                    cells,
                }
            })
            .collect(),
        charted: 1,
        terms: Vec::new(),
    }
}
