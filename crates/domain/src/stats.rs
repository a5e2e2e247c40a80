//! Figures for steering (F22): what the municipality's policy staff see of the chain, as counts over months,
//! never a person.
//!
//! Every figure comes from events Regie already records. Each case event and each signal adds [`Delta`]s to
//! two kinds of counter as it is written: a **flow** per month (signals received, phases left after so many
//! days, cases closed after so many handoffs, help started after so many days of waiting, …) and a
//! **stock** (open cases per phase, per legal frame and per lead; help waiting since a day). A case keeps
//! its [`Tally`], the little it must remember between its events to count them (its phase and since when,
//! its frame and lead, the help still waiting). Durations are counted per day for two weeks and by the week
//! after ([`duration_key`]), so a median and a 90th percentile come from the counts ([`percentile`]), to the
//! week beyond two weeks.
//!
//! What is shown follows the rules CBS publishes by ([`Cell::count`]): a count under [`MIN_CELL`] is shown
//! as "<10", every other count is rounded to a multiple of [`ROUNDING`], and a duration is only shown over
//! at least [`MIN_CELL`] cases. So no choice of municipality and period narrows a figure to fewer than ten
//! cases or families.

use crate::calendar::Calendar;
use crate::case::{CaseChange, Lead, LegalFrame, Phase};
use crate::error::DomainError;
use crate::signal::{Signal, SignalKind};
use crate::time::date_in_nl;
use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};

/// A count under this is not shown ("<10").
pub const MIN_CELL: i64 = 10;
/// Shown counts are rounded to a multiple of this.
pub const ROUNDING: i64 = 5;
/// A duration over this many days is counted as this many: the tail beyond two years says nothing more.
pub const MAX_DAYS: i64 = 730;
/// Closed cases with this many handoffs or more are counted together.
pub const MAX_HANDOFFS: i32 = 5;
/// The longest period one view covers, in months.
pub const MAX_MONTHS: i32 = 36;

/// What a counter counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Flow: a signal received by Veilig Thuis; key `kind|source` ("report|school").
    Inflow,
    /// Flow: a signal received by Veilig Thuis, by the household's postcode area; key "9991".
    InflowArea,
    /// Flow: a report's safety assessment, by days from receipt; key "4".
    Assessed,
    /// Flow: a safety assessment made after its statutory deadline; key "".
    AssessedLate,
    /// Flow: a case opened; key "".
    Opened,
    /// Flow: a case closed, by its handoffs (up to [`MAX_HANDOFFS`]); key "2".
    Handoffs,
    /// Flow: a scale-up, by form; key "joint_work".
    ScaledUp,
    /// Flow: a scale-down, by the form that ended; key "transfer".
    ScaledDown,
    /// Flow: a measure granted or extended, by kind; key "supervision".
    Measures,
    /// Flow: help started, by kind and days waited; key "ambulant|21".
    HelpWait,
    /// Stock: open cases per phase; key "analysis".
    InPhase,
    /// Stock: open cases per legal frame; key "voluntary".
    InFrame,
    /// Stock: open cases per (primary) lead; key the professional's id.
    Caseload,
    /// Stock: help asked for and not started, by kind and the day asked; key "ambulant|2026-03-02".
    Waiting,
    /// Stock: a partner's step a case is at, by the step and the day it began; key
    /// "raad_investigation|2026-03-02" (see [`Step`]).
    Step,
    /// Flow: a case went from one phase to the next (or closed), by the days in the first; key
    /// "analysis>plan|21" or "plan>closed|35": the throughput per phase and the client journeys' map (F24).
    Transition,
}

impl Metric {
    /// Every metric.
    pub const ALL: [Metric; 16] = [
        Self::Inflow,
        Self::InflowArea,
        Self::Assessed,
        Self::AssessedLate,
        Self::Opened,
        Self::Handoffs,
        Self::ScaledUp,
        Self::ScaledDown,
        Self::Measures,
        Self::HelpWait,
        Self::InPhase,
        Self::InFrame,
        Self::Caseload,
        Self::Waiting,
        Self::Step,
        Self::Transition,
    ];

    /// The stable code, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Inflow => "inflow",
            Self::InflowArea => "inflow_area",
            Self::Assessed => "assessed",
            Self::AssessedLate => "assessed_late",
            Self::Opened => "opened",
            Self::Handoffs => "handoffs",
            Self::ScaledUp => "scaled_up",
            Self::ScaledDown => "scaled_down",
            Self::Measures => "measures",
            Self::HelpWait => "help_wait",
            Self::InPhase => "in_phase",
            Self::InFrame => "in_frame",
            Self::Caseload => "caseload",
            Self::Waiting => "waiting",
            Self::Step => "step",
            Self::Transition => "transition",
        }
    }

    /// Parses the stable code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == code)
    }

    /// Whether it is a stock (a standing count) rather than a flow per month.
    pub fn is_stock(self) -> bool {
        matches!(
            self,
            Self::InPhase | Self::InFrame | Self::Caseload | Self::Waiting | Self::Step
        )
    }
}

/// One change to a counter: `n` more (or fewer, for a stock) under `metric` and `key`, in `month` (the first
/// of the month) for a flow.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Delta {
    /// The month of a flow (its first day); `None` for a stock.
    pub month: Option<Date>,
    /// What is counted.
    pub metric: Metric,
    /// Under which key.
    pub key: String,
    /// How many.
    pub n: i64,
}

/// The first day of the Dutch month of an instant.
pub fn month_of(at: Timestamp) -> Date {
    date_in_nl(at).first_of_month()
}

/// A month as the period's fields take it and give it: "2026-01".
pub fn month_code(month: Date) -> String {
    month.strftime("%Y-%m").to_string()
}

fn flow(at: Timestamp, metric: Metric, key: impl Into<String>) -> Delta {
    Delta {
        month: Some(month_of(at)),
        metric,
        key: key.into(),
        n: 1,
    }
}

fn stock(metric: Metric, key: impl Into<String>, n: i64) -> Delta {
    Delta {
        month: None,
        metric,
        key: key.into(),
        n,
    }
}

fn days(from: Date, to: Date) -> i64 {
    i64::from((to - from).get_days()).clamp(0, MAX_DAYS)
}

/// The key a duration is counted under: each day of the first two weeks, then whole weeks rounded up (29 to
/// 35 days count as 35). So a month holds a few dozen keys per series instead of hundreds, and a norm of
/// whole weeks (the catalogue's are) still tells exactly who waited longer.
pub fn duration_key(days: i64) -> i64 {
    if days <= 14 { days } else { (days + 6) / 7 * 7 }
}

/// The months `from` up to, not including, `until`, split into the whole years inside them and the months
/// before and after those: (years, head, tail), each a half-open range of first days; an empty range
/// starts where it ends. A store sums the years from its yearly roll-up and the head and tail by the month.
pub type YearSplit = ((Date, Date), (Date, Date), (Date, Date));

/// Splits a period of months into whole years and its edges; see [`YearSplit`].
pub fn split_years(from: Date, until: Date) -> YearSplit {
    let first_year = if from == from.first_of_year() {
        from
    } else {
        from.first_of_year().checked_add(1.year()).unwrap_or(Date::MAX)
    };
    let last_year = until.first_of_year();
    if first_year < last_year {
        ((first_year, last_year), (from, first_year), (last_year, until))
    } else {
        ((from, from), (from, until), (until, until))
    }
}

/// Sums deltas with the same month, metric and key, and drops those that come to nothing, in a stable
/// order (so writers take their rows in one order and never deadlock).
pub fn combine(deltas: impl IntoIterator<Item = Delta>) -> Vec<Delta> {
    let mut sums: std::collections::BTreeMap<(Option<Date>, Metric, String), i64> = Default::default();
    for d in deltas {
        *sums.entry((d.month, d.metric, d.key)).or_default() += d.n;
    }
    sums.into_iter()
        .filter(|(_, n)| *n != 0)
        .map(|((month, metric, key), n)| Delta { month, metric, key, n })
        .collect()
}

/// Help asked for that has not started, as a case's tally remembers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Waiting {
    number: u32,
    kind: String,
    requested_on: Date,
}

impl Waiting {
    fn key(&self) -> String {
        format!("{}|{}", self.kind, self.requested_on)
    }
}

/// The steps of the chain's partners a case can be at, as the municipality follows them without content
/// (F23).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Veilig Thuis: a report waiting for its safety assessment.
    VtAssessment,
    /// The Raad: asked to investigate, not yet accepted.
    RaadRequest,
    /// The Raad: investigating.
    RaadInvestigation,
    /// The court: a request waiting for its decision.
    CourtRequest,
    /// A GI: a measure being carried out.
    GiMeasure,
}

impl Step {
    /// Every step, in the route's order.
    pub const ALL: [Step; 5] = [
        Self::VtAssessment,
        Self::RaadRequest,
        Self::RaadInvestigation,
        Self::CourtRequest,
        Self::GiMeasure,
    ];

    /// The stable code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::VtAssessment => "vt_assessment",
            Self::RaadRequest => "raad_request",
            Self::RaadInvestigation => "raad_investigation",
            Self::CourtRequest => "court_request",
            Self::GiMeasure => "gi_measure",
        }
    }

    /// The partner and the step, in Dutch.
    pub fn label_nl(self) -> &'static str {
        match self {
            Self::VtAssessment => "Veilig Thuis: veiligheidsbeoordeling",
            Self::RaadRequest => "Raad voor de Kinderbescherming: verzoek tot onderzoek",
            Self::RaadInvestigation => "Raad voor de Kinderbescherming: onderzoek",
            Self::CourtRequest => "Rechtbank: verzoek om een maatregel",
            Self::GiMeasure => "Gecertificeerde Instelling: maatregel in uitvoering",
        }
    }

    /// Whether an item that began on `since` is past the region's norm for the step on `today`; `None`
    /// for a step without a norm (accepting a request, the court, a measure, which has its own term).
    fn over_norm(self, since: Date, today: Date, norms: &crate::signal::Norms, calendar: &Calendar) -> Option<bool> {
        match self {
            Self::VtAssessment => Some(calendar.add_working_days(since, norms.safety_assessment_working_days) < today),
            Self::RaadInvestigation => {
                let weeks = i64::from(norms.raad_investigation_weeks);
                Some(since.checked_add((weeks * 7).days()).is_ok_and(|due| due < today))
            }
            Self::RaadRequest | Self::CourtRequest | Self::GiMeasure => None,
        }
    }

    /// The norm as shown.
    fn norm(self, norms: &crate::signal::Norms) -> Cell {
        match self {
            Self::VtAssessment => Cell::WorkingDays(i64::from(norms.safety_assessment_working_days)),
            Self::RaadInvestigation => Cell::Days(i64::from(norms.raad_investigation_weeks) * 7),
            Self::RaadRequest | Self::CourtRequest | Self::GiMeasure => Cell::None,
        }
    }
}

/// A partner's step a case is at, as its tally remembers it: which, for which investigation, request or
/// measure (its number), and since when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct AtStep {
    step: Step,
    number: u32,
    since: Date,
}

impl AtStep {
    fn key(&self) -> String {
        format!("{}|{}", self.step.as_str(), self.since)
    }
}

/// What a case must remember between its events to count them; kept with the case, stored without its
/// empty members (`regie_store::compact`): the defaults of its fields and its journey's are part of the
/// stored format.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// The phase, while the case is open.
    phase: Option<Phase>,
    /// Since when it is in that phase.
    since: Option<Timestamp>,
    frame: Option<LegalFrame>,
    lead: Option<Lead>,
    #[serde(default)]
    waiting: Vec<Waiting>,
    #[serde(default)]
    steps: Vec<AtStep>,
    /// The client journey so far (F24), for the research export.
    #[serde(default)]
    pub journey: Journey,
}

/// A case's client journey as the research export gives it: no person, no date finer than a month.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Journey {
    /// The month the case opened.
    pub opened: Option<Date>,
    /// The month it closed, if it did.
    pub closed: Option<Date>,
    /// The phases it went through, each with the days it spent there (the last, while open, without).
    #[serde(default)]
    pub legs: Vec<(Phase, Option<i64>)>,
    /// The legal frames it was in, in the order it first reached them.
    #[serde(default)]
    pub frames: Vec<LegalFrame>,
    /// The forms of its scale-ups, in order.
    #[serde(default)]
    pub scale_ups: Vec<crate::route::ScaleForm>,
    /// The kinds of the measures granted or extended, in order.
    #[serde(default)]
    pub measures: Vec<crate::justice::MeasureKind>,
    /// Its handoffs (regiewissels).
    pub handoffs: i32,
}

impl Tally {
    /// A case's tally from its whole history, with every delta it made.
    pub fn of<'a>(events: impl IntoIterator<Item = (&'a CaseChange, Timestamp)>) -> (Tally, Vec<Delta>) {
        let mut tally = Tally::default();
        let mut deltas = Vec::new();
        for (change, at) in events {
            deltas.extend(tally.apply(change, at));
        }
        (tally, combine(deltas))
    }

    /// The case reaches a partner's step: one more at it since `since`.
    fn enter(&mut self, step: Step, number: u32, since: Date) -> Delta {
        let at = AtStep { step, number, since };
        let delta = stock(Metric::Step, at.key(), 1);
        self.steps.push(at);
        delta
    }

    /// The case leaves a partner's step, if it was at it.
    fn leave(&mut self, step: Step, number: u32) -> Option<Delta> {
        let i = self.steps.iter().position(|s| s.step == step && s.number == number)?;
        Some(stock(Metric::Step, self.steps.remove(i).key(), -1))
    }

    /// The case leaves phase `from` for `to` (a phase's code, or "closed") at `at`: the days it spent there,
    /// in the journey and the counters.
    fn leave_phase(&mut self, from: Phase, to: &str, at: Timestamp) -> Vec<Delta> {
        let Some(since) = self.since else {
            return Vec::new();
        };
        let spent = days(date_in_nl(since), date_in_nl(at));
        if let Some(leg) = self.journey.legs.last_mut().filter(|l| l.0 == from) {
            leg.1 = Some(spent);
        }
        let d = duration_key(spent);
        vec![flow(at, Metric::Transition, format!("{}>{to}|{d}", from.as_str()))]
    }

    /// What the case stands for in the stocks, taken away: when its file is destroyed while it is open.
    pub fn withdrawn(&self) -> Vec<Delta> {
        let mut out = self.stocks(-1);
        out.extend(self.waiting.iter().map(|w| stock(Metric::Waiting, w.key(), -1)));
        out.extend(self.steps.iter().map(|s| stock(Metric::Step, s.key(), -1)));
        combine(out)
    }

    /// Whether the case is open.
    pub fn is_open(&self) -> bool {
        self.phase.is_some()
    }

    fn stocks(&self, sign: i64) -> Vec<Delta> {
        let Some(phase) = self.phase else {
            return Vec::new();
        };
        let mut out = vec![stock(Metric::InPhase, phase.as_str(), sign)];
        if let Some(frame) = self.frame {
            out.push(stock(Metric::InFrame, frame.as_str(), sign));
        }
        if let Some(lead) = self.lead {
            out.push(stock(Metric::Caseload, lead.primary.0.to_string(), sign));
        }
        out
    }

    /// Takes in one event of the case (`change` at `at`) and gives what it changes in the counters.
    pub fn apply(&mut self, change: &CaseChange, at: Timestamp) -> Vec<Delta> {
        let mut out = self.stocks(-1);
        let on = date_in_nl(at);
        match change {
            CaseChange::Opened { .. } => {
                self.phase = Some(Phase::Question);
                self.since = Some(at);
                self.journey.opened = Some(on.first_of_month());
                self.journey.legs.push((Phase::Question, None));
                out.push(flow(at, Metric::Opened, ""));
            }
            CaseChange::PhaseChanged { from, to } => {
                out.extend(self.leave_phase(*from, to.as_str(), at));
                self.journey.legs.push((*to, None));
                self.phase = Some(*to);
                self.since = Some(at);
            }
            CaseChange::Closed { from } => {
                out.extend(self.leave_phase(*from, "closed", at));
                self.journey.closed = Some(on.first_of_month());
                let handoffs = self.journey.handoffs.min(MAX_HANDOFFS);
                out.push(flow(at, Metric::Handoffs, handoffs.to_string()));
                out.extend(self.waiting.drain(..).map(|w| stock(Metric::Waiting, w.key(), -1)));
                out.extend(self.steps.drain(..).map(|s| stock(Metric::Step, s.key(), -1)));
                self.phase = None;
                self.since = None;
            }
            CaseChange::ScaledUp { form, .. } => {
                self.journey.scale_ups.push(*form);
                out.push(flow(at, Metric::ScaledUp, form.as_str()));
            }
            CaseChange::ScaledDown { form, .. } => out.push(flow(at, Metric::ScaledDown, form.as_str())),
            CaseChange::CourtDecided { request, measures, .. } => {
                out.extend(measures.iter().map(|m| flow(at, Metric::Measures, m.kind.as_str())));
                self.journey.measures.extend(measures.iter().map(|m| m.kind));
                out.extend(self.leave(Step::CourtRequest, *request));
                for m in measures {
                    if !self
                        .steps
                        .iter()
                        .any(|s| s.step == Step::GiMeasure && s.number == m.number)
                    {
                        out.push(self.enter(Step::GiMeasure, m.number, m.start));
                    }
                }
            }
            CaseChange::InvestigationRequested { investigation } => {
                out.push(self.enter(Step::RaadRequest, investigation.number, investigation.requested_on));
            }
            CaseChange::InvestigationAccepted { number, .. } => {
                out.extend(self.leave(Step::RaadRequest, *number));
                out.push(self.enter(Step::RaadInvestigation, *number, on));
            }
            CaseChange::InvestigationConcluded { number, request, .. } => {
                out.extend(self.leave(Step::RaadInvestigation, *number));
                if let Some(r) = request {
                    out.push(self.enter(Step::CourtRequest, r.number, r.filed_on));
                }
            }
            CaseChange::CourtRequestFiled { request } => {
                out.push(self.enter(Step::CourtRequest, request.number, request.filed_on));
            }
            CaseChange::MeasureEnded { measure, .. } => out.extend(self.leave(Step::GiMeasure, *measure)),
            CaseChange::HelpRequested { help } | CaseChange::HelpUpdated { help } => {
                let was_waiting = self.waiting.iter().position(|w| w.number == help.number);
                if let Some(i) = was_waiting {
                    out.push(stock(Metric::Waiting, self.waiting.remove(i).key(), -1));
                }
                let requested = matches!(change, CaseChange::HelpRequested { .. });
                if let Some(start) = help.started_on
                    && (requested || was_waiting.is_some())
                {
                    let key = format!("{}|{}", help.kind, duration_key(days(help.requested_on, start)));
                    out.push(flow(at, Metric::HelpWait, key));
                } else if help.started_on.is_none() && help.ended_on.is_none() {
                    let w = Waiting {
                        number: help.number,
                        kind: help.kind.clone(),
                        requested_on: help.requested_on,
                    };
                    out.push(stock(Metric::Waiting, w.key(), 1));
                    self.waiting.push(w);
                }
            }
            _ => {}
        }
        // A handoff (regiewissel) is any change of the lead, alone or in the duo, as `Case::handoffs` counts.
        if let Some(lead) = change.lead_after() {
            if self.lead.is_some_and(|l| l != lead) {
                self.journey.handoffs += 1;
            }
            self.lead = Some(lead);
        }
        if let Some(frame) = change.legal_frame_after() {
            self.frame = Some(frame);
            if !self.journey.frames.contains(&frame) {
                self.journey.frames.push(frame);
            }
        }
        out.extend(self.stocks(1));
        combine(out)
    }
}

/// A signal received, when Veilig Thuis received it: its kind and source, and the household's postcode area
/// (`area`, the postcode's four digits) when known.
pub fn signal_received(signal: &Signal, area: Option<&str>) -> Vec<Delta> {
    let month = Some(signal.received_on.first_of_month());
    let kind = match signal.kind {
        SignalKind::Report => "report",
        SignalKind::AdviceRequest => "advice_request",
    };
    let mut out = vec![Delta {
        month,
        metric: Metric::Inflow,
        key: format!("{kind}|{}", signal.reporter.category.as_str()),
        n: 1,
    }];
    // A report with a deadline waits for its safety assessment until [`signal_assessed`].
    if signal.assessment_deadline.is_some() {
        out.push(stock(Metric::Step, vt_assessment(signal), 1));
    }
    if let Some(area) = area {
        out.push(Delta {
            month,
            metric: Metric::InflowArea,
            key: area.to_owned(),
            n: 1,
        });
    }
    out
}

/// What a signal stands for in the stocks, taken away when it is destroyed: a report still waiting for
/// its safety assessment.
pub fn signal_withdrawn(signal: &Signal) -> Vec<Delta> {
    if signal.assessment_deadline.is_some() && signal.assessment.is_none() {
        vec![stock(Metric::Step, vt_assessment(signal), -1)]
    } else {
        Vec::new()
    }
}

/// A signal's safety assessment: days from receipt, and whether it came after the statutory deadline.
pub fn signal_assessed(signal: &Signal) -> Vec<Delta> {
    let Some(assessment) = &signal.assessment else {
        return Vec::new();
    };
    let on = date_in_nl(assessment.at);
    let mut out = vec![flow(
        assessment.at,
        Metric::Assessed,
        duration_key(days(signal.received_on, on)).to_string(),
    )];
    if signal.assessment_deadline.is_some_and(|d| on > d) {
        out.push(flow(assessment.at, Metric::AssessedLate, ""));
    }
    if signal.assessment_deadline.is_some() {
        out.push(stock(Metric::Step, vt_assessment(signal), -1));
    }
    out
}

fn vt_assessment(signal: &Signal) -> String {
    format!("{}|{}", Step::VtAssessment.as_str(), signal.received_on)
}

/// The postcode area of a Dutch postcode: its four digits.
pub fn area_of(postcode: &str) -> Option<&str> {
    postcode.get(..4).filter(|d| d.bytes().all(|b| b.is_ascii_digit()))
}

/// A figure as shown: hidden when it counts too few, a count rounded to [`ROUNDING`], a number of days, or a
/// share in percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Cell {
    /// Fewer than [`MIN_CELL`]: not shown.
    Hidden,
    /// A count, rounded.
    Count(i64),
    /// A number of days (a median or percentile over at least [`MIN_CELL`] cases).
    Days(i64),
    /// A share in percent, over at least [`MIN_CELL`] cases.
    Percent(i64),
    /// A number of working days (a norm).
    WorkingDays(i64),
    /// A mean score in tenths (38 is 3,8), over at least [`MIN_CELL`] answers.
    Tenths(i64),
    /// Not applicable (no norm, no earlier period).
    None,
}

impl Cell {
    /// A count as it may be shown: under [`MIN_CELL`] hidden, otherwise rounded to [`ROUNDING`].
    pub fn count(n: i64) -> Cell {
        if n < MIN_CELL {
            Cell::Hidden
        } else {
            Cell::Count((n + ROUNDING / 2) / ROUNDING * ROUNDING)
        }
    }

    /// The value a chart draws, if any.
    pub fn value(self) -> Option<i64> {
        match self {
            Cell::Count(n) | Cell::Days(n) | Cell::Percent(n) | Cell::WorkingDays(n) | Cell::Tenths(n) => Some(n),
            Cell::Hidden | Cell::None => None,
        }
    }

    /// As a page and the CSV show it: "<10", "35", "12 dagen", "80%", "–".
    pub fn text_nl(self) -> String {
        match self {
            Cell::Hidden => format!("<{MIN_CELL}"),
            Cell::Count(n) => n.to_string(),
            Cell::Days(1) => "1 dag".into(),
            Cell::Days(n) => format!("{n} dagen"),
            Cell::Percent(n) => format!("{n}%"),
            Cell::WorkingDays(1) => "1 werkdag".into(),
            Cell::WorkingDays(n) => format!("{n} werkdagen"),
            Cell::Tenths(n) => format!("{},{}", n / 10, n % 10),
            Cell::None => "–".into(),
        }
    }
}

/// A distribution of days: (days, how many).
pub type Histogram = Vec<(i64, i64)>;

/// The `p`-th percentile (0–100) of a histogram by the nearest-rank method, `None` when it is empty.
pub fn percentile(histogram: &[(i64, i64)], p: i64) -> Option<i64> {
    let mut sorted = histogram.to_vec();
    sorted.sort_unstable();
    let total: i64 = sorted.iter().map(|(_, n)| n).sum();
    if total <= 0 {
        return None;
    }
    // Nearest rank: the smallest value with at least p% of the observations at or below it.
    let rank = (p * total + 99) / 100;
    let mut seen = 0;
    for (value, n) in sorted {
        seen += n;
        if seen >= rank.max(1) {
            return Some(value);
        }
    }
    None
}

/// Median and 90th percentile of a histogram as cells: hidden over fewer than [`MIN_CELL`] cases.
pub fn spread(histogram: &[(i64, i64)]) -> (Cell, Cell, Cell) {
    let n: i64 = histogram.iter().map(|(_, n)| n).sum();
    if n < MIN_CELL {
        return (Cell::count(n), Cell::Hidden, Cell::Hidden);
    }
    let days = |p| percentile(histogram, p).map_or(Cell::None, Cell::Days);
    (Cell::count(n), days(50), days(90))
}

/// A share `part` of `whole` in whole percent, hidden over fewer than [`MIN_CELL`].
pub fn share(part: i64, whole: i64) -> Cell {
    if whole < MIN_CELL {
        Cell::Hidden
    } else {
        Cell::Percent((part * 100 + whole / 2) / whole)
    }
}

/// A period of whole months, from the first month to the last, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Period {
    /// The first day of the first month.
    #[schema(value_type = String, format = Date)]
    pub from: Date,
    /// The first day of the last month.
    #[schema(value_type = String, format = Date)]
    pub to: Date,
}

impl Period {
    /// The twelve months up to and including `today`'s.
    pub fn last_year(today: Date) -> Period {
        let to = today.first_of_month();
        Period {
            from: to.checked_sub(11.months()).unwrap_or(to),
            to,
        }
    }

    /// A period from "2026-01" to "2026-12" as typed, checked against today and the first month with data
    /// (`first`); every wrong field at once.
    pub fn parse(from: &str, to: &str, today: Date, first: Option<Date>) -> Result<Period, Vec<DomainError>> {
        let month = |field: &'static str, raw: &str| {
            format!("{}-01", raw.trim()).parse::<Date>().map_err(|_| {
                DomainError::invalid(
                    field,
                    "month_format",
                    "write a month as YYYY-MM, e.g. 2026-01",
                    "Schrijf een maand als JJJJ-MM, bijvoorbeeld 2026-01.",
                )
            })
        };
        let (f, t) = (month("from", from), month("to", to));
        let mut errors: Vec<DomainError> = [&f, &t].iter().filter_map(|r| r.as_ref().err().cloned()).collect();
        let (f, t) = (f.ok(), t.ok());
        let this_month = today.first_of_month();
        if let Some(t) = t
            && t > this_month
        {
            errors.push(DomainError::invalid(
                "to",
                "month_in_future",
                "the period cannot end after this month",
                "Kies als laatste maand deze maand of een eerdere: er zijn nog geen cijfers over de toekomst.",
            ));
        }
        if let (Some(f), Some(t)) = (f, t) {
            if f > t {
                errors.push(DomainError::invalid(
                    "from",
                    "period_backwards",
                    "the first month lies after the last",
                    "De eerste maand ligt na de laatste. Kies een eerste maand vóór de laatste.",
                ));
            } else if (Period { from: f, to: t }).months() > MAX_MONTHS {
                errors.push(DomainError::invalid(
                    "from",
                    "period_too_long",
                    format!("a period covers at most {MAX_MONTHS} months"),
                    format!("Kies een periode van hoogstens {MAX_MONTHS} maanden."),
                ));
            }
            match first {
                Some(first) if f < first => errors.push(DomainError::invalid(
                    "from",
                    "before_data",
                    format!("there are figures from {first} on"),
                    format!(
                        "Er zijn pas cijfers vanaf {} {}. Kies die maand of een latere als eerste maand.",
                        crate::time::month_nl(first),
                        first.year()
                    ),
                )),
                None => errors.push(DomainError::invalid(
                    "from",
                    "no_data",
                    "there are no figures yet",
                    "Er zijn nog geen cijfers over deze regio.",
                )),
                Some(_) => {}
            }
        }
        match (f, t) {
            (Some(from), Some(to)) if errors.is_empty() => Ok(Period { from, to }),
            _ => Err(errors),
        }
    }

    /// How many months it covers.
    pub fn months(self) -> i32 {
        (i32::from(self.to.year()) - i32::from(self.from.year())) * 12 + i32::from(self.to.month())
            - i32::from(self.from.month())
            + 1
    }

    /// The as long period just before it.
    pub fn previous(self) -> Period {
        let n = self.months();
        Period {
            from: self.from.checked_sub(n.months()).unwrap_or(self.from),
            to: self.from.checked_sub(1.month()).unwrap_or(self.from),
        }
    }

    /// Each month's first day, in order.
    pub fn each_month(self) -> impl Iterator<Item = Date> {
        (0..self.months()).filter_map(move |i| self.from.checked_add(i.months()).ok())
    }

    /// The day after its last month: the end of a half-open range.
    pub fn end(self) -> Date {
        self.to.checked_add(1.month()).unwrap_or(self.to)
    }

    /// "januari 2026 – december 2026".
    pub fn label_nl(self) -> String {
        let m = |d: Date| format!("{} {}", crate::time::month_nl(d), d.year());
        if self.from == self.to {
            m(self.from)
        } else {
            format!("{} – {}", m(self.from), m(self.to))
        }
    }
}

/// A table of figures, with one row per label and one cell per column; a page draws it as a chart beside
/// the table, the CSV and the API give it as is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Table {
    /// Stable id, e.g. `inflow_by_month`.
    pub id: &'static str,
    /// The title, in Dutch.
    pub title: String,
    /// What it counts, in one Dutch sentence.
    pub note: String,
    /// The columns' headings.
    pub columns: Vec<String>,
    /// The rows.
    pub rows: Vec<TableRow>,
    /// How many of the first columns a chart draws (none for a table of durations).
    pub charted: usize,
    /// The codes of the glossary's terms it uses, whose definitions a page shows beside it (F25).
    pub terms: Vec<&'static str>,
}

/// A row of a [`Table`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct TableRow {
    /// What the row is about: a month, a phase, a source, a team.
    pub label: String,
    /// One cell per column.
    pub cells: Vec<Cell>,
}

/// What the figures are read against, besides the counters.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The help kinds of the catalogue: (code, Dutch name, waiting norm in days).
    pub help_kinds: Vec<(String, String, i64)>,
    /// The team (or organisation) each lead works in, by the professional's id as counted.
    pub teams: std::collections::HashMap<String, String>,
    /// The postcode areas the figures cover.
    pub areas: Vec<String>,
    /// Today's date.
    pub today: Option<Date>,
    /// The region's norms.
    pub norms: crate::signal::Norms,
    /// The working-day calendar.
    pub calendar: Calendar,
}

/// The sum of the flows under `metric` whose key passes `key`.
fn sum(flows: &[Delta], metric: Metric, key: impl Fn(&str) -> bool) -> i64 {
    flows
        .iter()
        .filter(|d| d.metric == metric && key(&d.key))
        .map(|d| d.n)
        .sum()
}

/// The days histogram of the flows under `metric` whose key is `prefix|days`.
fn histogram(flows: &[Delta], metric: Metric, prefix: Option<&str>) -> Histogram {
    histogram_where(flows, metric, |k| k == prefix)
}

/// The days histogram of the flows under `metric` whose key is `key|days` with `key` passing `keep` (a
/// key of days alone passes `None`).
fn histogram_where(flows: &[Delta], metric: Metric, keep: impl Fn(Option<&str>) -> bool) -> Histogram {
    let mut h: std::collections::BTreeMap<i64, i64> = Default::default();
    for d in flows.iter().filter(|d| d.metric == metric) {
        let (key, days) = match d.key.rsplit_once('|') {
            Some((k, days)) => (Some(k), days),
            None => (None, d.key.as_str()),
        };
        if !keep(key) {
            continue;
        }
        if let Ok(days) = days.parse::<i64>() {
            *h.entry(days).or_default() += d.n;
        }
    }
    h.into_iter().collect()
}

fn compare(id: &'static str, title: &str, note: &str, rows: impl IntoIterator<Item = (String, i64, i64)>) -> Table {
    Table {
        id,
        title: title.into(),
        note: note.into(),
        columns: vec!["Deze periode".into(), "Vorige periode".into()],
        rows: rows
            .into_iter()
            .map(|(label, now, before)| TableRow {
                label,
                cells: vec![Cell::count(now), Cell::count(before)],
            })
            .collect(),
        charted: 2,
        terms: Vec::new(),
    }
}

fn standing(id: &'static str, title: &str, note: &str, rows: impl IntoIterator<Item = (String, i64)>) -> Table {
    Table {
        id,
        title: title.into(),
        note: note.into(),
        columns: vec!["Nu".into()],
        rows: rows
            .into_iter()
            .map(|(label, n)| TableRow {
                label,
                cells: vec![Cell::count(n)],
            })
            .collect(),
        charted: 1,
        terms: Vec::new(),
    }
}

/// The tables of the dashboard a researcher sees beside the journeys' map (F24): the route's figures, not
/// the municipality's caseloads, areas or partners' lists.
pub const JOURNEY_TABLES: [&str; 5] = ["phase_days", "cases_opened_closed", "handoffs", "scaling", "measures"];

/// The client journeys' map for `period` (F24): how many cases went from each phase to the next (or
/// closed), and the days they spent in the first, beside the period before (`before`).
pub fn journey_map(now: &[Delta], before: &[Delta]) -> Table {
    let histogram_of = |flows: &[Delta], from: Phase, to: Phase| {
        let prefix = format!("{}>{}", from.as_str(), to.as_str());
        histogram(flows, Metric::Transition, Some(&prefix))
    };
    let mut rows = Vec::new();
    for from in Phase::ALL.into_iter().filter(|p| *p != Phase::Closed) {
        for to in Phase::ALL.into_iter().filter(|p| *p != from) {
            let h = histogram_of(now, from, to);
            let earlier: i64 = histogram_of(before, from, to).iter().map(|(_, n)| n).sum();
            if h.is_empty() && earlier == 0 {
                continue;
            }
            let (n, median, p90) = spread(&h);
            rows.push(TableRow {
                label: format!("{} → {}", crate::text::capitalise(from.label_nl()), to.label_nl()),
                cells: vec![n, median, p90, Cell::count(earlier)],
            });
        }
    }
    Table {
        id: "journey_map",
        title: "Klantreizen: van fase naar fase".into(),
        note: "Hoeveel zaken van de ene fase naar de volgende gingen (of werden afgesloten), en hoeveel dagen ze in de eerste fase waren.".into(),
        columns: vec![
            "Zaken".into(),
            "Mediaan dagen".into(),
            "90e percentiel".into(),
            "Zaken vorige periode".into(),
        ],
        rows,
        charted: 1,
        terms: Vec::new(),
    }
}

/// One region's counters for [`comparison`]: its name, its flows in the period and its stocks now.
pub struct RegionCounters {
    /// The region's name.
    pub name: String,
    /// Its flows in the period.
    pub flows: Vec<Delta>,
    /// Its stocks now.
    pub stocks: Vec<Delta>,
}

/// The pilot regions' figures side by side (F26), for the programme's view across regions: one column per
/// region, one row per figure over the same period. Every cell passes the dashboard's suppression, so a
/// small region shows "<10" rather than a figure that narrows to a few families.
pub fn comparison(regions: &[RegionCounters]) -> Table {
    const LABELS: [&str; 8] = [
        "Instroom bij Veilig Thuis",
        "Zaken geopend",
        "Zaken afgesloten",
        "Overdrachten per afgesloten zaak (gemiddeld)",
        "Opschalingen naar het RVT",
        "Maatregelen uitgesproken of verlengd",
        "Veiligheidsbeoordelingen na de termijn",
        "Lopende zaken nu",
    ];
    let figures: Vec<[Cell; 8]> = regions.iter().map(region_figures).collect();
    Table {
        id: "region_comparison",
        title: "Regio's naast elkaar".into(),
        note: "Dezelfde cijfers voor elke proeftuinregio over dezelfde periode; kleine aantallen zijn verborgen."
            .into(),
        columns: regions.iter().map(|r| r.name.clone()).collect(),
        rows: (LABELS.iter().enumerate())
            .map(|(i, label)| TableRow {
                label: (*label).into(),
                cells: figures.iter().map(|f| f[i]).collect(),
            })
            .collect(),
        charted: 0,
        terms: vec!["rvt"],
    }
}

/// One region's figures for [`comparison`], in the order of its rows.
fn region_figures(r: &RegionCounters) -> [Cell; 8] {
    let total = |metric| sum(&r.flows, metric, |_| true);
    // The mean handoffs of the cases closed, in tenths, over at least MIN_CELL cases.
    let (mut closed, mut handoffs) = (0, 0);
    for d in r.flows.iter().filter(|d| d.metric == Metric::Handoffs) {
        closed += d.n;
        handoffs += d.n * d.key.parse::<i64>().unwrap_or(0);
    }
    let mean = if closed < MIN_CELL {
        Cell::Hidden
    } else {
        Cell::Tenths((handoffs * 10 + closed / 2) / closed)
    };
    // The share of safety assessments made after the statutory deadline, over at least MIN_CELL.
    let (assessed, late) = (total(Metric::Assessed), total(Metric::AssessedLate));
    let late = if assessed < MIN_CELL {
        Cell::Hidden
    } else {
        Cell::Percent((late * 100 + assessed / 2) / assessed)
    };
    [
        Cell::count(total(Metric::Inflow)),
        Cell::count(total(Metric::Opened)),
        Cell::count(closed),
        mean,
        Cell::count(total(Metric::ScaledUp)),
        Cell::count(total(Metric::Measures)),
        late,
        Cell::count(sum(&r.stocks, Metric::InPhase, |_| true)),
    ]
}

/// How many months of inflow the forecast reads: five years, enough for three of backtest.
pub const FORECAST_HISTORY_MONTHS: i64 = 60;

/// The forecasts (B3; [`crate::forecast`]): the inflow into Veilig Thuis in the three months after `last`
/// (the last whole month), from the inflow per month since `start` (`inflow`, [`Metric::Inflow`] per
/// month); and the expected wait of help asked for now, per help kind of the catalogue, from the help
/// started per month in the three months up to `last` (`started`, [`Metric::HelpWait`] per month) and
/// who waits now (`stocks`).
pub fn forecast_tables(
    inflow: &[Delta],
    start: Date,
    last: Date,
    started: &[Delta],
    stocks: &[Delta],
    ctx: &Context,
) -> Vec<Table> {
    use crate::forecast;
    let mut series = Vec::new();
    let mut month = start;
    while month <= last {
        series.push(inflow.iter().filter(|d| d.month == Some(month)).map(|d| d.n).sum());
        month = month.checked_add(1.month()).unwrap_or(Date::MAX);
    }
    let expected = forecast::inflow(&series, last);
    let test = forecast::backtest(&series);
    let count = |v: f64| Cell::count(v.round() as i64);
    let inflow_note = match &test {
        Some(t) => format!(
            "Dezelfde maand vorig jaar, maal de groei van de laatste twaalf maanden ten opzichte van de twaalf daarvoor, gecorrigeerd met de gewone afwijking. Zo terugberekend over de eigen geschiedenis ({} keer) zat deze methode gemiddeld {:.0}% naast de werkelijke instroom; tussen onder- en bovengrens lag {:.0}% van de maanden.",
            t.forecasts,
            t.mape * 100.0,
            t.coverage * 100.0
        ),
        None => {
            "Voor een verwachting is minstens twee jaar en een maand geschiedenis nodig; die is er nog niet.".to_owned()
        }
    };
    let mut out = vec![Table {
        id: "forecast_inflow",
        title: "Verwachte instroom bij Veilig Thuis".into(),
        note: inflow_note,
        columns: vec!["Verwacht".into(), "Ondergrens".into(), "Bovengrens".into()],
        rows: (expected.unwrap_or_default().into_iter())
            .filter_map(|e| {
                let m = e.month?;
                Some(TableRow {
                    label: format!("{} {}", crate::time::month_nl(m), m.year()),
                    cells: vec![count(e.value), count(e.low), count(e.high)],
                })
            })
            .collect(),
        charted: 1,
        terms: Vec::new(),
    }];
    let first_started = last
        .checked_sub(((forecast::AHEAD - 1) as i64).months())
        .unwrap_or(last);
    let rows = ctx.help_kinds.iter().map(|(code, name, norm)| {
        let of_kind = |key: &str| key.split_once('|').is_some_and(|(k, _)| k == code);
        let waiting: i64 = stocks
            .iter()
            .filter(|d| d.metric == Metric::Waiting && of_kind(&d.key))
            .map(|d| d.n)
            .sum();
        let mut per_month = Vec::new();
        let mut month = first_started;
        while month <= last {
            let n: i64 = (started.iter())
                .filter(|d| d.month == Some(month) && d.metric == Metric::HelpWait && of_kind(&d.key))
                .map(|d| d.n)
                .sum();
            per_month.push((n, i64::from(month.days_in_month())));
            month = month.checked_add(1.month()).unwrap_or(Date::MAX);
        }
        let starts: i64 = per_month.iter().map(|(n, _)| n).sum();
        let days = |v: f64| Cell::Days(v.round() as i64);
        let wait = forecast::waiting_days(waiting, &per_month).filter(|_| starts >= MIN_CELL);
        TableRow {
            label: name.clone(),
            cells: vec![
                Cell::count(waiting),
                wait.map_or(Cell::Hidden, |w| days(w.value)),
                wait.map_or(Cell::Hidden, |w| days(w.low)),
                wait.map_or(Cell::Hidden, |w| days(w.high)),
                Cell::Days(*norm),
            ],
        }
    });
    out.push(Table {
        id: "forecast_wait",
        title: "Verwachte wachttijd per hulpsoort".into(),
        note: "Voor hulp die vandaag wordt aangevraagd: wie nu wacht, wordt op volgorde geholpen, in het tempo waarin hulp de laatste drie maanden startte. De grenzen nemen de traagste en de snelste van die maanden. Alleen bij 10 of meer starts.".into(),
        columns: vec![
            "Wacht nu".into(),
            "Verwachte wachttijd".into(),
            "Ondergrens".into(),
            "Bovengrens".into(),
            "Norm".into(),
        ],
        rows: rows.collect(),
        charted: 0,
        terms: Vec::new(),
    });
    out
}

/// The dashboard's tables for `period`, from its flows (`now`), the previous period's (`before`) and the
/// stocks as they stand; every count passes [`Cell::count`], every duration [`spread`].
pub fn tables(period: Period, now: &[Delta], before: &[Delta], stocks: &[Delta], ctx: &Context) -> Vec<Table> {
    use crate::justice::MeasureKind;
    use crate::route::ScaleForm;
    use crate::signal::SourceCategory;
    let mut out = Vec::new();
    let of_kind = |kind: &'static str| move |k: &str| k.starts_with(kind) && k[kind.len()..].starts_with('|');
    out.push(Table {
        id: "inflow_by_month",
        title: "Instroom bij Veilig Thuis per maand".into(),
        note: "Meldingen en adviesvragen die Veilig Thuis ontving, per maand van ontvangst.".into(),
        columns: vec!["Meldingen".into(), "Adviesvragen".into()],
        rows: period
            .each_month()
            .map(|m| {
                let in_month: Vec<Delta> = now.iter().filter(|d| d.month == Some(m)).cloned().collect();
                TableRow {
                    label: format!("{} {}", crate::time::month_nl(m), m.year()),
                    cells: vec![
                        Cell::count(sum(&in_month, Metric::Inflow, of_kind("report"))),
                        Cell::count(sum(&in_month, Metric::Inflow, of_kind("advice_request"))),
                    ],
                }
            })
            .collect(),
        charted: 2,
        terms: Vec::new(),
    });
    let source = |flows: &[Delta], c: SourceCategory| {
        sum(flows, Metric::Inflow, |k| {
            k.rsplit_once('|').is_some_and(|(_, s)| s == c.as_str())
        })
    };
    out.push(compare(
        "inflow_by_source",
        "Instroom bij Veilig Thuis naar bron",
        "Meldingen en adviesvragen samen, naar wie ze deed.",
        SourceCategory::ALL
            .into_iter()
            .map(|c| (crate::text::capitalise(c.label_nl()), source(now, c), source(before, c))),
    ));
    let mut areas = ctx.areas.clone();
    areas.extend(
        now.iter()
            .chain(before)
            .filter(|d| d.metric == Metric::InflowArea)
            .map(|d| d.key.clone()),
    );
    areas.sort();
    areas.dedup();
    out.push(compare(
        "inflow_by_area",
        "Instroom bij Veilig Thuis per wijk",
        "Naar het postcodegebied (de vier cijfers) van het huishouden; zonder bekend huishouden telt een signaal alleen in het totaal.",
        areas.into_iter().map(|a| {
            let n = |flows: &[Delta]| sum(flows, Metric::InflowArea, |k| k == a);
            (a.clone(), n(now), n(before))
        }),
    ));
    let assessment = |flows: &[Delta]| {
        let h = histogram(flows, Metric::Assessed, None);
        let (n, median, p90) = spread(&h);
        let total: i64 = h.iter().map(|(_, n)| n).sum();
        let late = sum(flows, Metric::AssessedLate, |_| true);
        vec![n, median, p90, share(total - late, total)]
    };
    out.push(Table {
        id: "assessment",
        title: "Van melding tot veiligheidsbeoordeling".into(),
        note: "Dagen van ontvangst tot de veiligheidsbeoordeling, en hoeveel binnen de wettelijke termijn van vijf werkdagen.".into(),
        columns: vec![
            "Beoordeeld".into(),
            "Mediaan".into(),
            "90e percentiel".into(),
            "Binnen de termijn".into(),
        ],
        rows: vec![
            TableRow {
                label: "Deze periode".into(),
                cells: assessment(now),
            },
            TableRow {
                label: "Vorige periode".into(),
                cells: assessment(before),
            },
        ],
        charted: 0,
        terms: Vec::new(),
    });
    out.push(Table {
        id: "phase_days",
        title: "Doorlooptijd per fase".into(),
        note: "Dagen in een fase, over de zaken die de fase in de periode afrondden.".into(),
        columns: vec![
            "Afgerond".into(),
            "Mediaan".into(),
            "90e percentiel".into(),
            "Mediaan vorige periode".into(),
        ],
        rows: Phase::ALL
            .into_iter()
            .filter(|p| *p != Phase::Closed)
            .map(|p| {
                let left = |k: Option<&str>| {
                    k.and_then(|k| k.split_once('>'))
                        .is_some_and(|(from, _)| from == p.as_str())
                };
                let (n, median, p90) = spread(&histogram_where(now, Metric::Transition, left));
                let (_, before_median, _) = spread(&histogram_where(before, Metric::Transition, left));
                TableRow {
                    label: crate::text::capitalise(p.label_nl()),
                    cells: vec![n, median, p90, before_median],
                }
            })
            .collect(),
        charted: 0,
        terms: Vec::new(),
    });
    let today = ctx.today.unwrap_or(period.end());
    out.push(Table {
        id: "help_wait",
        title: "Wachttijd per hulpsoort".into(),
        note: "Dagen van aanvraag tot start, over de hulp die in de periode begon, tegen de wachttijdnorm van de regio; en hoeveel er nu langer dan de norm wachten.".into(),
        columns: vec![
            "Gestart".into(),
            "Mediaan".into(),
            "90e percentiel".into(),
            "Norm".into(),
            "Boven de norm gestart".into(),
            "Wacht nu boven de norm".into(),
        ],
        rows: ctx
            .help_kinds
            .iter()
            .map(|(code, name, norm)| {
                let h = histogram(now, Metric::HelpWait, Some(code));
                let (n, median, p90) = spread(&h);
                let over: i64 = h.iter().filter(|(days, _)| days > norm).map(|(_, n)| n).sum();
                let limit = today.checked_sub(norm.days()).unwrap_or(today);
                let waiting: i64 = stocks
                    .iter()
                    .filter(|d| d.metric == Metric::Waiting)
                    .filter_map(|d| {
                        let (kind, day) = d.key.rsplit_once('|')?;
                        let day: Date = day.parse().ok()?;
                        (kind == code && day < limit).then_some(d.n)
                    })
                    .sum();
                TableRow {
                    label: name.clone(),
                    cells: vec![n, median, p90, Cell::Days(*norm), Cell::count(over), Cell::count(waiting)],
                }
            })
            .collect(),
        charted: 0,
        terms: Vec::new(),
    });
    let stock = |metric: Metric, key: &str| sum(stocks, metric, |k| k == key);
    out.push(standing(
        "cases_by_phase",
        "Open zaken per fase",
        "Zoals het nu staat.",
        Phase::ALL.into_iter().filter(|p| *p != Phase::Closed).map(|p| {
            (
                crate::text::capitalise(p.label_nl()),
                stock(Metric::InPhase, p.as_str()),
            )
        }),
    ));
    out.push(standing(
        "cases_by_frame",
        "Open zaken per wettelijk kader",
        "Zoals het nu staat: vrijwillig, drang of gedwongen (een maatregel van de rechter).",
        LegalFrame::ALL.into_iter().map(|f| {
            (
                crate::text::capitalise(f.label_nl()),
                stock(Metric::InFrame, f.as_str()),
            )
        }),
    ));
    let mut per_team: std::collections::BTreeMap<String, i64> = Default::default();
    for d in stocks.iter().filter(|d| d.metric == Metric::Caseload) {
        let team = ctx.teams.get(&d.key).cloned().unwrap_or_else(|| "Overig".into());
        *per_team.entry(team).or_default() += d.n;
    }
    out.push(standing(
        "caseload_by_team",
        "Open zaken per team",
        "Naar het team van de regievoerder, zoals het nu staat.",
        per_team,
    ));
    out.extend(partners(stocks, ctx, today));
    out.push(compare(
        "cases_opened_closed",
        "Zaken geopend en afgesloten",
        "Zaken die in de periode begonnen of werden afgesloten.",
        [
            (
                "Geopend".into(),
                sum(now, Metric::Opened, |_| true),
                sum(before, Metric::Opened, |_| true),
            ),
            (
                "Afgesloten".into(),
                sum(now, Metric::Handoffs, |_| true),
                sum(before, Metric::Handoffs, |_| true),
            ),
        ],
    ));
    out.push(compare(
        "handoffs",
        "Regiewissels per afgesloten zaak",
        "Hoe vaak de regie wisselde in de zaken die in de periode werden afgesloten.",
        (0..=MAX_HANDOFFS).map(|n| {
            let label = match n {
                1 => "1 regiewissel".into(),
                MAX_HANDOFFS => format!("{n} of meer regiewissels"),
                _ => format!("{n} regiewissels"),
            };
            let key = n.to_string();
            (
                label,
                sum(now, Metric::Handoffs, |k| k == key),
                sum(before, Metric::Handoffs, |k| k == key),
            )
        }),
    ));
    out.push(compare(
        "scaling",
        "Opschalen en afschalen",
        "Hoe vaak lokale teams het Regionaal Veiligheidsteam erbij haalden, en in welke vorm; en hoe vaak zo'n vorm eindigde.",
        ScaleForm::ALL
            .into_iter()
            .map(|f| (Metric::ScaledUp, "Opgeschaald", f))
            .chain(ScaleForm::ALL.into_iter().map(|f| (Metric::ScaledDown, "Afgeschaald", f)))
            .map(|(metric, verb, f)| {
                let n = |flows: &[Delta]| sum(flows, metric, |k| k == f.as_str());
                (format!("{verb}: {}", f.label_nl()), n(now), n(before))
            }),
    ));
    out.push(compare(
        "measures",
        "Kinderbeschermingsmaatregelen per soort",
        "Maatregelen die de rechter in de periode uitsprak of verlengde, per kind geteld.",
        MeasureKind::ALL.into_iter().map(|k| {
            let n = |flows: &[Delta]| sum(flows, Metric::Measures, |key| key == k.as_str());
            (crate::text::capitalise(k.label_nl()), n(now), n(before))
        }),
    ));
    for t in &mut out {
        t.terms = terms_of(t.id).to_vec();
    }
    out
}

/// The glossary's terms a table uses (F25), by the table's id.
fn terms_of(table: &str) -> &'static [&'static str] {
    match table {
        "inflow_by_month" | "inflow_by_source" | "inflow_by_area" => &["vt", "report", "advice_request"],
        "assessment" => &["safety_assessment", "working_day"],
        "phase_days" => &["throughput_time", "client_route"],
        "help_wait" => &["waiting_time"],
        "cases_by_frame" => &["voluntary", "pressure", "mandatory"],
        "caseload_by_team" => &["lead"],
        "handoffs" => &["lead", "relay_work"],
        "scaling" => &["scale_up", "scale_down", "consultation", "joint_work", "transfer"],
        "measures" => &[
            "protection_measure",
            "provisional_supervision",
            "supervision",
            "placement",
            "authority_termination",
        ],
        "partners" | "partner_days" => &["vt", "safety_assessment", "rvdk", "court_request", "gi"],
        _ => &[],
    }
}

/// The partners' processes without content (F23): per step, how many cases are at it, the norm, how many
/// are past it and the longest; and, for a step with at least [`MIN_CELL`] cases, each case's days at it
/// under a number of its own (no id, no name, no content).
fn partners(stocks: &[Delta], ctx: &Context, today: Date) -> Vec<Table> {
    let mut rows = Vec::new();
    let mut days_rows = Vec::new();
    for step in Step::ALL {
        let mut items: Vec<(Date, i64)> = (stocks.iter())
            .filter(|d| d.metric == Metric::Step && d.n > 0)
            .filter_map(|d| {
                let (code, since) = d.key.split_once('|')?;
                (code == step.as_str()).then_some((since.parse().ok()?, d.n))
            })
            .collect();
        items.sort();
        let n: i64 = items.iter().map(|(_, n)| n).sum();
        let has_norm = step.norm(&ctx.norms) != Cell::None;
        let over: i64 = (items.iter())
            .filter(|(since, _)| step.over_norm(*since, today, &ctx.norms, &ctx.calendar) == Some(true))
            .map(|(_, n)| n)
            .sum();
        let days_at = |since: Date| Cell::Days(i64::from((today - since).get_days()));
        let longest = match items.first() {
            Some((since, _)) if n >= MIN_CELL => days_at(*since),
            _ => Cell::Hidden,
        };
        rows.push(TableRow {
            label: step.label_nl().into(),
            cells: vec![
                Cell::count(n),
                step.norm(&ctx.norms),
                if has_norm { Cell::count(over) } else { Cell::None },
                longest,
            ],
        });
        if n >= MIN_CELL {
            let each = items.iter().flat_map(|(since, count)| (0..*count).map(move |_| *since));
            for (i, since) in each.enumerate() {
                days_rows.push(TableRow {
                    label: format!("{} · {}", step.label_nl(), i + 1),
                    cells: vec![days_at(since)],
                });
            }
        }
    }
    vec![
        Table {
            id: "partners",
            title: "Processen van ketenpartners".into(),
            note: "Hoeveel zaken nu bij welke stap van Veilig Thuis, de Raad, de rechtbank en de GI staan, en hoe lang, tegen de norm van de regio. Zonder namen, adressen of inhoud.".into(),
            columns: vec!["Zaken".into(), "Norm".into(), "Boven de norm".into(), "Langste".into()],
            rows,
            charted: 1,
            terms: Vec::new(),
        },
        Table {
            id: "partner_days",
            title: "Dagen per stap, per zaak".into(),
            note: "Elke zaak met het aantal dagen dat ze bij de stap staat, onder een volgnummer, de langste eerst. Alleen bij stappen met 10 of meer zaken.".into(),
            columns: vec!["Dagen".into()],
            rows: days_rows,
            charted: 0,
            terms: Vec::new(),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{Case, Lead, LegalFrame};
    use crate::directory::{Actor, OrganisationKind};
    use crate::fixtures::actor;
    use crate::text::Reason;
    use proptest::prelude::*;

    #[test]
    fn a_period_splits_into_whole_years_and_its_edge_months() {
        let d = |y, m| jiff::civil::date(y, m, 1);
        assert_eq!(
            split_years(d(2020, 3), d(2025, 11)),
            (
                (d(2021, 1), d(2025, 1)),
                (d(2020, 3), d(2021, 1)),
                (d(2025, 1), d(2025, 11))
            )
        );
        assert_eq!(
            split_years(d(2021, 1), d(2023, 1)),
            (
                (d(2021, 1), d(2023, 1)),
                (d(2021, 1), d(2021, 1)),
                (d(2023, 1), d(2023, 1))
            )
        );
        // Within one year, or across one year's end: no whole year.
        assert_eq!(
            split_years(d(2024, 11), d(2025, 3)),
            (
                (d(2024, 11), d(2024, 11)),
                (d(2024, 11), d(2025, 3)),
                (d(2025, 3), d(2025, 3))
            )
        );
    }

    #[test]
    fn regions_compare_on_the_same_figures_with_small_numbers_hidden() {
        let flow = |metric, key: &str, n| Delta {
            month: Some(jiff::civil::date(2026, 3, 1)),
            metric,
            key: key.into(),
            n,
        };
        let big = RegionCounters {
            name: "Regio Groot".into(),
            flows: vec![
                flow(Metric::Inflow, "report|school", 40),
                flow(Metric::Inflow, "advice_request|police", 22),
                flow(Metric::Handoffs, "0", 10),
                flow(Metric::Handoffs, "2", 10),
                flow(Metric::Assessed, "3", 20),
                flow(Metric::AssessedLate, "", 5),
            ],
            stocks: vec![Delta {
                month: None,
                metric: Metric::InPhase,
                key: "plan".into(),
                n: 31,
            }],
        };
        let small = RegionCounters {
            name: "Proeftuin Klein".into(),
            flows: vec![flow(Metric::Inflow, "report|gp", 4), flow(Metric::Handoffs, "1", 3)],
            stocks: Vec::new(),
        };
        let t = comparison(&[big, small]);
        assert_eq!(t.columns, ["Regio Groot", "Proeftuin Klein"]);
        let row = |label: &str| t.rows.iter().find(|r| r.label == label).unwrap().cells.clone();
        assert_eq!(row("Instroom bij Veilig Thuis"), [Cell::Count(60), Cell::Hidden]);
        assert_eq!(row("Zaken afgesloten"), [Cell::Count(20), Cell::Hidden]);
        assert_eq!(
            row("Overdrachten per afgesloten zaak (gemiddeld)"),
            [Cell::Tenths(10), Cell::Hidden]
        );
        assert_eq!(
            row("Veiligheidsbeoordelingen na de termijn"),
            [Cell::Percent(25), Cell::Hidden]
        );
        assert_eq!(row("Lopende zaken nu"), [Cell::Count(30), Cell::Hidden]);
    }

    fn at(day: &str) -> Timestamp {
        format!("{day}T10:00:00Z").parse().unwrap()
    }

    #[test]
    fn a_count_under_ten_is_hidden_and_others_round_to_five() {
        assert_eq!(Cell::count(0), Cell::Hidden);
        assert_eq!(Cell::count(9), Cell::Hidden);
        assert_eq!(Cell::count(10), Cell::Count(10));
        assert_eq!(Cell::count(12), Cell::Count(10));
        assert_eq!(Cell::count(13), Cell::Count(15));
        assert_eq!(Cell::count(87), Cell::Count(85));
        assert_eq!(Cell::Hidden.text_nl(), "<10");
    }

    #[test]
    fn percentiles_come_from_the_counts_per_day() {
        let h = vec![(1, 5), (3, 4), (10, 1)];
        assert_eq!(percentile(&h, 50), Some(1));
        assert_eq!(percentile(&h, 90), Some(3));
        assert_eq!(percentile(&h, 100), Some(10));
        assert_eq!(percentile(&[], 50), None);
        // Over fewer than ten cases no duration is shown.
        assert_eq!(spread(&[(4, 9)]), (Cell::Hidden, Cell::Hidden, Cell::Hidden));
        assert_eq!(spread(&[(4, 10)]), (Cell::Count(10), Cell::Days(4), Cell::Days(4)));
    }

    #[test]
    fn a_period_refuses_backwards_too_long_future_and_before_the_data() {
        let today: Date = "2026-12-03".parse().unwrap();
        let first = Some("2020-01-01".parse().unwrap());
        let ok = Period::parse("2026-01", "2026-12", today, first).unwrap();
        assert_eq!(ok.months(), 12);
        assert_eq!(
            (month_code(ok.from), month_code(ok.to)),
            ("2026-01".into(), "2026-12".into())
        );
        assert_eq!(
            ok.previous(),
            Period::parse("2025-01", "2025-12", today, first).unwrap()
        );
        assert_eq!(ok.each_month().count(), 12);
        let codes = |from, to, first| -> Vec<&'static str> {
            Period::parse(from, to, today, first)
                .unwrap_err()
                .into_iter()
                .map(|e| e.code)
                .collect()
        };
        assert_eq!(codes("2026-12", "2026-01", first), ["period_backwards"]);
        assert_eq!(codes("2021-01", "2026-12", first), ["period_too_long"]);
        assert_eq!(codes("2026-01", "2027-01", first), ["month_in_future"]);
        assert_eq!(codes("2019-01", "2019-12", first), ["before_data"]);
        assert_eq!(codes("2026-01", "2026-12", None), ["no_data"]);
        assert_eq!(codes("januari", "2026-13", first), ["month_format", "month_format"]);
    }

    fn lead(p: &Actor) -> Lead {
        Lead::new((p.professional, p.kind), None).unwrap()
    }

    #[test]
    fn a_case_counts_its_phases_lead_and_handoffs() {
        let local = actor(OrganisationKind::LocalTeam);
        let other = actor(OrganisationKind::LocalTeam);
        let reason = || Reason::parse("reason", "Overleg.").unwrap();
        let (case, opened) = Case::open(
            crate::HouseholdId::new(),
            lead(&local),
            LegalFrame::Voluntary,
            None,
            &local,
            at("2026-01-05"),
        )
        .unwrap();
        let (case, moved) = case
            .change_phase(Phase::Analysis, None, &local, at("2026-01-15"))
            .unwrap();
        let (case, handed) = case
            .change_lead(lead(&other), reason(), &local, at("2026-02-01"))
            .unwrap();
        let (_, closed) = case.close(reason(), &other, at("2026-03-01")).unwrap();
        let history = |events: &[&crate::NewEvent]| Tally::of(events.iter().map(|e| (&e.change, e.at)));
        let (tally, deltas) = history(&[&opened, &moved]);
        assert!(tally.is_open());
        let jan = Some("2026-01-01".parse().unwrap());
        assert!(deltas.contains(&Delta {
            month: jan,
            metric: Metric::Transition,
            key: "question>analysis|10".into(),
            n: 1
        }));
        assert!(deltas.contains(&stock(Metric::InPhase, "analysis", 1)));
        assert!(
            !deltas
                .iter()
                .any(|d| d.metric == Metric::InPhase && d.key == "question")
        );
        let (tally, deltas) = history(&[&opened, &moved, &handed, &closed]);
        assert!(!tally.is_open());
        // Once closed, nothing stands: the stocks sum to nothing.
        assert!(deltas.iter().all(|d| !d.metric.is_stock()), "{deltas:?}");
        assert!(deltas.contains(&Delta {
            month: Some("2026-03-01".parse().unwrap()),
            metric: Metric::Handoffs,
            key: "1".into(),
            n: 1
        }));
    }

    #[test]
    fn partners_steps_are_counted_against_their_norm_without_content() {
        let today: Date = "2026-12-03".parse().unwrap();
        // Twelve reports waiting for their safety assessment: ten received today, two three weeks ago.
        let stocks = vec![
            stock(Metric::Step, "vt_assessment|2026-12-03", 10),
            stock(Metric::Step, "vt_assessment|2026-11-12", 2),
            stock(Metric::Step, "raad_investigation|2026-11-01", 3),
        ];
        let ctx = Context {
            today: Some(today),
            ..Context::default()
        };
        let tables = partners(&stocks, &ctx, today);
        let vt = &tables[0].rows[0];
        assert_eq!(vt.label, "Veilig Thuis: veiligheidsbeoordeling");
        assert_eq!(
            vt.cells,
            [Cell::Count(10), Cell::WorkingDays(5), Cell::Hidden, Cell::Days(21)],
            "12 rounds to 10; two over the norm are fewer than ten; the longest waits 21 days"
        );
        // Three at the Raad: hidden, and no longest or list for so few.
        assert_eq!(tables[0].rows[2].cells[0], Cell::Hidden);
        assert_eq!(tables[0].rows[2].cells[3], Cell::Hidden);
        // The list: one line per report, the longest first, by number only.
        let list = &tables[1].rows;
        assert_eq!(list.len(), 12);
        assert_eq!(list[0].label, "Veilig Thuis: veiligheidsbeoordeling · 1");
        assert_eq!(list[0].cells, [Cell::Days(21)]);
        assert_eq!(list[11].cells, [Cell::Days(0)]);
        // A report counts at the step from its receipt until its assessment.
        let signal_steps =
            |deltas: Vec<Delta>| -> i64 { deltas.iter().filter(|d| d.metric == Metric::Step).map(|d| d.n).sum() };
        let vt = actor(OrganisationKind::Vt);
        let mut signal = crate::fixtures::signal(crate::signal::SignalKind::Report, &vt, true);
        assert!(signal.assessment_deadline.is_some());
        assert_eq!(signal_steps(signal_received(&signal, None)), 1);
        signal.assessment = Some(crate::signal::Assessment {
            outcome: crate::signal::AssessmentOutcome::Advice,
            summary: "Advies gegeven.".into(),
            case_id: None,
            investigation_deadline: None,
            by: crate::ProfessionalId::new(),
            at: at("2026-12-03"),
        });
        assert_eq!(signal_steps(signal_assessed(&signal)), -1);
    }

    #[test]
    fn every_table_explains_its_terms_from_the_glossary() {
        let today: Date = "2026-12-03".parse().unwrap();
        let tables = tables(Period::last_year(today), &[], &[], &[], &Context::default());
        for t in &tables {
            assert!(
                !t.terms.is_empty() || t.id == "cases_by_phase" || t.id == "cases_opened_closed",
                "{}",
                t.id
            );
            for code in &t.terms {
                assert!(
                    crate::glossary::find(code).is_some(),
                    "{} uses {code}, not in the glossary",
                    t.id
                );
            }
        }
    }

    #[test]
    fn durations_count_by_the_day_then_by_the_week() {
        assert_eq!(duration_key(0), 0);
        assert_eq!(duration_key(14), 14);
        assert_eq!(duration_key(15), 21);
        assert_eq!(duration_key(28), 28);
        assert_eq!(duration_key(29), 35);
    }

    #[test]
    fn areas_are_the_postcodes_four_digits() {
        assert_eq!(area_of("9991 AB"), Some("9991"));
        assert_eq!(area_of("AB"), None);
        assert_eq!(area_of("99"), None);
    }

    proptest! {
        /// Counting event by event adds up to counting the history at once, and the stocks of an open case
        /// always say one phase, one frame and one lead.
        #[test]
        fn counting_by_event_equals_counting_the_history(steps in proptest::collection::vec(0u8..6, 1..20)) {
            let local = actor(OrganisationKind::LocalTeam);
            let other = actor(OrganisationKind::LocalTeam);
            let reason = || Reason::parse("reason", "Overleg.").unwrap();
            let mut t = at("2025-01-01");
            let (mut case, opened) =
                Case::open(crate::HouseholdId::new(), lead(&local), LegalFrame::Voluntary, None, &local, t).unwrap();
            let mut events = vec![opened];
            for s in steps {
                t = t.checked_add(jiff::SignedDuration::from_hours(24 * 9)).unwrap();
                let who = if case.lead.primary == local.professional { &local } else { &other };
                let step = match s {
                    0 => Phase::ALL.get(case.phase as usize + 1).copied().filter(|p| *p != Phase::Closed)
                        .map(|to| case.change_phase(to, None, who, t)),
                    1 => Some(case.change_lead(
                        lead(if who == &local { &other } else { &local }), reason(), who, t)),
                    4 => Some(case.change_lead(
                        Lead::new((who.professional, who.kind), case.lead.secondary.xor(Some(other.professional)).filter(|p| *p != who.professional).map(|p| (p, OrganisationKind::LocalTeam))).unwrap(),
                        reason(), who, t)),
                    2 => Some(case.change_legal_frame(
                        if case.legal_frame == LegalFrame::Voluntary { LegalFrame::Pressure } else { LegalFrame::Voluntary },
                        reason(), &Default::default(), &actor(OrganisationKind::Vt), t)),
                    3 => Some(case.close(reason(), who, t)),
                    _ => None,
                };
                if let Some(Ok((next, e))) = step {
                    case = next;
                    events.push(e);
                }
                if case.closed_at.is_some() { break; }
            }
            let mut one_by_one = Tally::default();
            let mut deltas = Vec::new();
            for e in &events {
                deltas.extend(one_by_one.apply(&e.change, e.at));
            }
            let (whole, at_once) = Tally::of(events.iter().map(|e| (&e.change, e.at)));
            prop_assert_eq!(&one_by_one, &whole);
            prop_assert_eq!(combine(deltas), at_once.clone());
            let stocks: Vec<&Delta> = at_once.iter().filter(|d| d.metric.is_stock()).collect();
            if case.closed_at.is_none() {
                prop_assert_eq!(stocks.len(), 3);
                prop_assert!(stocks.iter().all(|d| d.n == 1));
                prop_assert!(stocks.contains(&&stock(Metric::InPhase, case.phase.as_str(), 1)));
                prop_assert!(stocks.contains(&&stock(Metric::InFrame, case.legal_frame.as_str(), 1)));
                prop_assert!(stocks.contains(&&stock(Metric::Caseload, case.lead.primary.0.to_string(), 1)));
            } else {
                prop_assert!(stocks.is_empty());
                let handoffs = case.handoffs.min(MAX_HANDOFFS).to_string();
                prop_assert!(at_once.iter().any(|d| d.metric == Metric::Handoffs && d.key == handoffs));
            }
        }
    }
}
