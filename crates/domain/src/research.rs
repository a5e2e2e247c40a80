//! The action research's export (F24): one line per client journey of a pilot region, **k-anonymous** with
//! k ≥ [`K`] on the facts that could single out a family in combination (the quasi-identifiers: where it
//! lives, the youngest child's age, the household's make-up and the months its case opened and closed).
//!
//! The export reads the region's cases twice. The first pass counts, for each [`Level`] of coarsening, how
//! many cases share each combination ([`Counts`]); [`Counts::plan`] takes the finest level at which at most
//! [`MAX_SUPPRESSED_PERCENT`] of the cases sit in a group under k, and leaves those out. The second pass
//! writes each case at that level ([`Plan::row`]). So every line shares its quasi-identifiers with at least
//! k − 1 others, the export says which k it reached and how many it left out, and only the counts are held,
//! never the lines. (Sweeney, "k-anonymity: a model for protecting privacy", 2002; the coarsening is
//! global recoding over a fixed hierarchy, the simplest of its methods.)

use crate::case::{LegalFrame, Phase};
use crate::stats::Journey;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// Every line of the export shares its quasi-identifiers with at least this many lines.
pub const K: i64 = 5;

/// The share of the cases (in percent) a level may leave out before the next, coarser level is taken.
pub const MAX_SUPPRESSED_PERCENT: i64 = 5;

/// A case as the export starts from, before any coarsening: no name, no address, no date of birth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// The municipality the household lives in, when its postcode area is known.
    pub municipality: Option<String>,
    /// The household's postcode area (four digits).
    pub area: Option<String>,
    /// Adults (18 or over) in the household when the case opened.
    pub adults: u32,
    /// Children in the household when the case opened.
    pub children: u32,
    /// The youngest child's age in years when the case opened.
    pub youngest: Option<i16>,
    /// The case's journey.
    pub journey: Journey,
}

impl Subject {
    /// A subject from the household's members (each a date of birth and the dates they belonged, `to`
    /// open-ended) and the case's journey; the household's make-up is read on the day the case opened.
    pub fn new(
        municipality: Option<String>,
        area: Option<String>,
        members: &[(Date, Date, Option<Date>)],
        journey: Journey,
    ) -> Subject {
        let on = journey.opened.unwrap_or(Date::MIN);
        let ages: Vec<i16> = (members.iter())
            .filter(|(_, from, to)| *from <= on.last_of_month() && to.is_none_or(|t| t >= on))
            .map(|(born, _, _)| crate::person::age(*born, on).max(0))
            .collect();
        Subject {
            municipality,
            area,
            adults: ages.iter().filter(|a| **a >= 18).count().try_into().unwrap_or(u32::MAX),
            children: ages.iter().filter(|a| **a < 18).count().try_into().unwrap_or(u32::MAX),
            youngest: ages.iter().copied().filter(|a| *a < 18).min(),
            journey,
        }
    }
}

/// How coarse the quasi-identifiers are written; each level is coarser than the one before in every one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Postcode area, four age bands, adults and children counted (up to three), months.
    Fine,
    /// Municipality, four age bands, adults and children counted, quarters.
    Municipality,
    /// Municipality, two age bands, one or more adults and one or more children, years.
    Coarse,
    /// The region, child or none, one parent or more, years.
    Region,
}

impl Level {
    /// Every level, finest first.
    pub const ALL: [Level; 4] = [Self::Fine, Self::Municipality, Self::Coarse, Self::Region];

    /// What the level writes, in Dutch, for the export's heading.
    pub fn label_nl(self) -> &'static str {
        match self {
            Self::Fine => "postcodegebied, leeftijd in vier groepen, gezinssamenstelling, maanden",
            Self::Municipality => "gemeente, leeftijd in vier groepen, gezinssamenstelling, kwartalen",
            Self::Coarse => "gemeente, leeftijd in twee groepen, eenouder- of meeroudergezin, jaren",
            Self::Region => "regio, wel of geen kind, eenouder- of meeroudergezin, jaren",
        }
    }
}

/// A case's quasi-identifiers as written at a level: the columns k-anonymity is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Quasi {
    /// Where the household lives: postcode area, municipality or the region.
    pub place: String,
    /// The youngest child's age band.
    pub age: String,
    /// The household's make-up.
    pub household: String,
    /// When the case opened: month, quarter or year.
    pub opened: String,
    /// When it closed, the same way, or "open".
    pub closed: String,
}

/// The quasi-identifiers' column names, in the order a line gives them.
pub const QUASI_COLUMNS: [&str; 5] = [
    "woonplaats",
    "leeftijd_jongste_kind",
    "huishouden",
    "geopend",
    "gesloten",
];

impl Quasi {
    /// The subject's quasi-identifiers at `level`.
    pub fn of(s: &Subject, level: Level) -> Quasi {
        use Level::*;
        let unknown = || "onbekend".to_owned();
        let place = match level {
            Fine => s
                .area
                .clone()
                .or_else(|| s.municipality.clone())
                .unwrap_or_else(unknown),
            Municipality | Coarse => s.municipality.clone().unwrap_or_else(unknown),
            Region => "regio".to_owned(),
        };
        let age = match (s.youngest, level) {
            (None, _) => "geen kind",
            (Some(_), Region) => "0-17",
            (Some(a), Coarse) if a < 12 => "0-11",
            (Some(_), Coarse) => "12-17",
            (Some(a), _) if a < 4 => "0-3",
            (Some(a), _) if a < 12 => "4-11",
            (Some(a), _) if a < 16 => "12-15",
            (Some(_), _) => "16-17",
        };
        let counted = |n: u32, one: &str, more: &str| match n {
            0 => format!("0 {more}"),
            1 => format!("1 {one}"),
            2 => format!("2 {more}"),
            _ => format!("3 of meer {more}"),
        };
        let household = match level {
            Fine | Municipality => format!(
                "{}, {}",
                counted(s.adults, "volwassene", "volwassenen"),
                counted(s.children, "kind", "kinderen")
            ),
            Coarse | Region if s.adults <= 1 => "eenoudergezin".to_owned(),
            Coarse | Region => "meeroudergezin".to_owned(),
        };
        let when = |month: Option<Date>| match month {
            None => "open".to_owned(),
            Some(m) => match level {
                Fine => m.strftime("%Y-%m").to_string(),
                Municipality => format!("{}-K{}", m.year(), (m.month() - 1) / 3 + 1),
                Coarse | Region => m.year().to_string(),
            },
        };
        Quasi {
            place,
            age: age.to_owned(),
            household,
            opened: when(s.journey.opened),
            closed: when(s.journey.closed),
        }
    }

    /// A fixed 64-bit digest: the counts keep this instead of the strings, so a region's first pass holds
    /// a few bytes per group.
    fn digest(&self) -> u64 {
        let mut h = std::hash::DefaultHasher::new();
        self.hash(&mut h);
        h.finish()
    }
}

/// The first pass: how many cases share each combination of quasi-identifiers, at every level.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    groups: [HashMap<u64, i64>; 4],
    total: i64,
}

impl Counts {
    /// Counts one case.
    pub fn add(&mut self, s: &Subject) {
        for (i, level) in Level::ALL.into_iter().enumerate() {
            *self.groups[i].entry(Quasi::of(s, level).digest()).or_default() += 1;
        }
        self.total += 1;
    }

    /// The finest level that leaves at most [`MAX_SUPPRESSED_PERCENT`] of the cases out (else the
    /// coarsest), with the groups under [`K`] it leaves out.
    pub fn plan(self) -> Plan {
        let total = self.total;
        let mut levels = Level::ALL.into_iter().zip(self.groups).peekable();
        loop {
            let (level, groups) = levels.next().expect("four levels");
            let suppressed: i64 = groups.values().filter(|n| **n < K).sum();
            if suppressed * 100 <= MAX_SUPPRESSED_PERCENT * total || levels.peek().is_none() {
                let k = groups.values().copied().filter(|n| *n >= K).min();
                return Plan {
                    level,
                    k,
                    suppressed,
                    total,
                    groups,
                };
            }
        }
    }
}

/// What the second pass writes: the level, and which groups it leaves out.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The level every line is written at.
    pub level: Level,
    /// The smallest group written: the k the export reaches (at least [`K`]); `None` when it writes none.
    pub k: Option<i64>,
    /// How many cases it leaves out, being in a group under [`K`].
    pub suppressed: i64,
    /// How many cases there are.
    pub total: i64,
    groups: HashMap<u64, i64>,
}

impl Plan {
    /// The subject's line, or `None` when its group is under [`K`] (or was not counted).
    pub fn row(&self, s: &Subject) -> Option<Row> {
        let quasi = Quasi::of(s, self.level);
        if self.groups.get(&quasi.digest()).is_none_or(|n| *n < K) {
            return None;
        }
        let j = &s.journey;
        let phase = |p: Phase| match p {
            Phase::Closed => "afgesloten",
            other => other.as_str(),
        };
        Some(Row {
            quasi,
            route: (j.legs.iter())
                .map(|(p, days)| match days {
                    Some(d) => format!("{}:{d}", phase(*p)),
                    None => phase(*p).to_owned(),
                })
                .collect::<Vec<_>>()
                .join(" > "),
            frames: j
                .frames
                .iter()
                .map(|f: &LegalFrame| f.as_str())
                .collect::<Vec<_>>()
                .join(" > "),
            scale_ups: j.scale_ups.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(" > "),
            measures: j.measures.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(" > "),
            handoffs: j.handoffs,
        })
    }
}

/// One line of the export: the quasi-identifiers at the plan's level and the journey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// The quasi-identifiers.
    #[serde(flatten)]
    pub quasi: Quasi,
    /// The phases in order, each with its days ("question:12 > analysis:30 > plan").
    pub route: String,
    /// The legal frames reached, in order.
    pub frames: String,
    /// The scale-ups' forms, in order.
    pub scale_ups: String,
    /// The measures' kinds, in order.
    pub measures: String,
    /// The handoffs (regiewissels).
    pub handoffs: i32,
}

/// The export's columns, in the order [`Row::fields`] gives them.
pub const COLUMNS: [&str; 10] = [
    "woonplaats",
    "leeftijd_jongste_kind",
    "huishouden",
    "geopend",
    "gesloten",
    "route",
    "kaders",
    "opschalingen",
    "maatregelen",
    "regiewissels",
];

impl Row {
    /// The line's fields, as [`COLUMNS`] names them.
    pub fn fields(&self) -> [String; 10] {
        let q = &self.quasi;
        [
            q.place.clone(),
            q.age.clone(),
            q.household.clone(),
            q.opened.clone(),
            q.closed.clone(),
            self.route.clone(),
            self.frames.clone(),
            self.scale_ups.clone(),
            self.measures.clone(),
            self.handoffs.to_string(),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn subject(area: &str, youngest: i16, adults: u32, children: u32, opened: Date) -> Subject {
        Subject {
            municipality: Some(if area < "9996" { "Voorbeeldstad" } else { "Dijkdorp" }.to_owned()),
            area: Some(area.to_owned()),
            adults,
            children,
            youngest: Some(youngest),
            journey: Journey {
                opened: Some(opened),
                legs: vec![(Phase::Question, Some(3)), (Phase::Analysis, None)],
                ..Journey::default()
            },
        }
    }

    fn export(subjects: &[Subject]) -> (Plan, Vec<Row>) {
        let mut counts = Counts::default();
        subjects.iter().for_each(|s| counts.add(s));
        let plan = counts.plan();
        let rows = subjects.iter().filter_map(|s| plan.row(s)).collect();
        (plan, rows)
    }

    /// The smallest group of equal quasi-identifiers among the lines themselves.
    fn k_of(rows: &[Row]) -> Option<i64> {
        let mut groups: HashMap<&Quasi, i64> = HashMap::new();
        rows.iter().for_each(|r| *groups.entry(&r.quasi).or_default() += 1);
        groups.values().copied().min()
    }

    #[test]
    fn the_household_is_read_on_the_day_the_case_opened() {
        let opened = date(2025, 3, 1);
        let journey = Journey {
            opened: Some(opened),
            ..Journey::default()
        };
        let members = [
            (date(1990, 5, 1), date(2010, 1, 1), None),
            // Left before the case opened.
            (date(1988, 5, 1), date(2010, 1, 1), Some(date(2024, 1, 1))),
            // Eleven on the day, twelve a week later.
            (date(2013, 3, 8), date(2013, 3, 8), None),
            // Born after the case opened.
            (date(2025, 6, 1), date(2025, 6, 1), None),
        ];
        let s = Subject::new(None, Some("9991".into()), &members, journey);
        assert_eq!((s.adults, s.children, s.youngest), (1, 1, Some(11)));
    }

    #[test]
    fn enough_alike_cases_are_written_at_the_finest_level() {
        let subjects: Vec<Subject> = (0..10).map(|_| subject("9991", 5, 2, 1, date(2025, 1, 1))).collect();
        let (plan, rows) = export(&subjects);
        assert_eq!((plan.level, plan.k, plan.suppressed), (Level::Fine, Some(10), 0));
        assert_eq!(rows.len(), 10);
        assert_eq!(rows[0].quasi.place, "9991");
        assert_eq!(rows[0].quasi.opened, "2025-01");
        assert_eq!(rows[0].route, "question:3 > analysis");
    }

    #[test]
    fn rare_cases_make_the_export_coarser_and_a_lone_one_is_left_out() {
        // Five alike per month over three months of one quarter, and one household of its own kind.
        let mut subjects: Vec<Subject> = (0..12)
            .map(|i| subject("9991", 5, 2, 1, date(2025, 1 + (i % 3), 1)))
            .collect();
        subjects.push(subject("9996", 17, 1, 1, date(2025, 2, 1)));
        let (plan, rows) = export(&subjects);
        assert_eq!(plan.level, Level::Region);
        assert_eq!((plan.suppressed, plan.total), (1, 13));
        assert_eq!(rows.len(), 12);
        assert_eq!(k_of(&rows), plan.k);
        assert!(plan.k >= Some(K));
    }

    #[test]
    fn a_line_gives_a_field_per_column() {
        let (_, rows) = export(&vec![subject("9991", 5, 2, 1, date(2025, 1, 1)); 5]);
        let fields = rows[0].fields();
        assert_eq!(fields.len(), COLUMNS.len());
        assert_eq!(
            fields[..5],
            ["9991", "4-11", "2 volwassenen, 1 kind", "2025-01", "open"].map(String::from)
        );
        assert_eq!(fields[9], "0");
    }

    fn any_subject() -> impl Strategy<Value = Subject> {
        (
            0..6u8,
            0..18i16,
            1..4u32,
            1..4u32,
            0..24i8,
            proptest::option::of(0..24i8),
        )
            .prop_map(|(area, age, adults, children, opened, closed)| {
                let month = |m: i8| date(2024, 1, 1).checked_add(jiff::Span::new().months(m)).unwrap();
                let mut s = subject(&format!("999{}", area + 1), age, adults, children, month(opened));
                s.journey.closed = closed.map(|c| month(opened.max(c)));
                s
            })
    }

    proptest! {
        #[test]
        fn every_line_shares_its_quasi_identifiers_with_k_minus_one_others(
            subjects in proptest::collection::vec(any_subject(), 0..300)
        ) {
            let (plan, rows) = export(&subjects);
            prop_assert_eq!(rows.len() as i64 + plan.suppressed, plan.total);
            prop_assert_eq!(k_of(&rows), plan.k);
            prop_assert!(plan.k.is_none_or(|k| k >= K));
            if plan.level != Level::Region {
                prop_assert!(plan.suppressed * 100 <= MAX_SUPPRESSED_PERCENT * plan.total);
            }
        }
    }
}
