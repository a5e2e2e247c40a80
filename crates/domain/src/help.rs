//! Help and waiting (F12): help for any household member, youth or adult, from the region's catalogue of
//! help kinds, with provider, requested date and start date. The waiting time runs from the request to the
//! start (or to today while it has not started); each help kind has a waiting norm.

use crate::analysis::required_text;
use crate::case::{Case, CaseChange, NewEvent};
use crate::directory::Actor;
use crate::error::DomainError;
use crate::ids::PersonId;
use crate::route::CaseContext;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// A kind of help in the region's catalogue, with its waiting norm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct HelpKind {
    /// Stable code, e.g. `debt_help`.
    pub code: String,
    /// The Dutch name shown to users, e.g. "Schuldhulpverlening".
    pub name_nl: String,
    /// The longest acceptable wait, in calendar days, from request to start.
    pub waiting_norm_days: u32,
}

impl HelpKind {
    /// Validates a catalogue entry.
    pub fn new(code: &str, name_nl: &str, waiting_norm_days: i64) -> Result<Self, Vec<DomainError>> {
        let mut wrong = Vec::new();
        let code = code.trim();
        if code.is_empty()
            || code.len() > 40
            || !code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            wrong.push(DomainError::invalid(
                "code",
                "code_format",
                "a help kind's code is 1 to 40 lowercase letters, digits or underscores",
                "Vul een code in van 1 tot 40 kleine letters, cijfers of liggende streepjes, zoals schuldhulp.",
            ));
        }
        let name_nl = crate::text::ShortText::parse("name_nl", name_nl)
            .map_err(|e| wrong.push(e))
            .ok();
        let waiting_norm_days = u32::try_from(waiting_norm_days).ok().filter(|d| (1..=730).contains(d));
        if waiting_norm_days.is_none() {
            wrong.push(DomainError::invalid(
                "waiting_norm_days",
                "norm_range",
                "a waiting norm is 1 to 730 days",
                "Vul een wachttijdnorm in van 1 tot en met 730 dagen.",
            ));
        }
        match (name_nl, waiting_norm_days, wrong.is_empty()) {
            (Some(name_nl), Some(waiting_norm_days), true) => Ok(Self {
                code: code.to_owned(),
                name_nl: name_nl.as_str().to_owned(),
                waiting_norm_days,
            }),
            _ => Err(wrong),
        }
    }
}

/// Help for one household member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Help {
    /// 1, 2, … within the case.
    pub number: u32,
    /// Who receives it.
    pub person_id: PersonId,
    /// The help kind's code.
    pub kind: String,
    /// The help kind's Dutch name when the help was asked for.
    #[serde(default)]
    pub kind_name_nl: String,
    /// Who provides it.
    pub provider: String,
    /// When it was asked for.
    #[schema(value_type = String, format = Date)]
    pub requested_on: Date,
    /// When it started.
    #[schema(value_type = Option<String>, format = Date)]
    pub started_on: Option<Date>,
    /// When it ended.
    #[schema(value_type = Option<String>, format = Date)]
    pub ended_on: Option<Date>,
}

impl Help {
    /// Days from the request to the start, or to `today` while it has not started.
    pub fn waiting_days(&self, today: Date) -> i64 {
        let until = self.started_on.unwrap_or(today);
        i64::from((until - self.requested_on).get_days())
    }

    /// Whether it is still waiting, longer than the norm. Help that started late is history, not work.
    pub fn over_norm(&self, norm_days: u32, today: Date) -> bool {
        self.started_on.is_none() && self.ended_on.is_none() && self.waiting_days(today) > i64::from(norm_days)
    }
}

fn not_in_future(field: &'static str, day: Date, today: Date) -> Result<(), DomainError> {
    if day > today {
        return Err(DomainError::invalid(
            field,
            "date_in_future",
            "this date cannot lie after today",
            "deze datum kan niet na vandaag liggen",
        ));
    }
    Ok(())
}

fn before_request(field: &'static str) -> DomainError {
    DomainError::invalid(
        field,
        "before_request",
        "help cannot start or end before it was asked for",
        "hulp kan niet beginnen of eindigen voordat ze is aangevraagd",
    )
}

impl Case {
    /// Records help asked for a household member.
    #[allow(clippy::too_many_arguments)] // one argument per field of the request
    pub fn request_help(
        &self,
        person_id: PersonId,
        kind: &str,
        provider: &str,
        requested_on: Date,
        started_on: Option<Date>,
        ctx: &CaseContext,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        self.check_plan_work(ctx, actor, "kind")?;
        ctx.check_member("person_id", person_id)?;
        let Some(kind) = ctx.help_kinds.iter().find(|k| k.code == kind) else {
            return Err(DomainError::invalid(
                "kind",
                "unknown_help_kind",
                format!("'{kind}' is not in the region's catalogue of help kinds: choose one of its kinds"),
                format!(
                    "'{kind}' staat niet in de catalogus van hulpsoorten van de regio: kies een soort uit de lijst"
                ),
            ));
        };
        not_in_future("requested_on", requested_on, ctx.today)?;
        if let Some(start) = started_on {
            not_in_future("started_on", start, ctx.today)?;
            if start < requested_on {
                return Err(before_request("started_on"));
            }
        }
        let help = Help {
            number: self.route.help.len() as u32 + 1,
            person_id,
            kind: kind.code.clone(),
            kind_name_nl: kind.name_nl.clone(),
            provider: required_text("provider", provider)?,
            requested_on,
            started_on,
            ended_on: None,
        };
        let mut next = self.clone();
        next.route.help.push(help.clone());
        Ok(self.next(next, CaseChange::HelpRequested { help }, None, actor, at))
    }

    /// Records that help started or ended.
    pub fn update_help(
        &self,
        number: u32,
        started_on: Option<Date>,
        ended_on: Option<Date>,
        ctx: &CaseContext,
        actor: &Actor,
        at: Timestamp,
    ) -> Result<(Case, NewEvent), DomainError> {
        self.check_plan_work(ctx, actor, "number")?;
        let Some(current) = self.route.help.iter().find(|h| h.number == number) else {
            return Err(DomainError::invalid(
                "number",
                "unknown_help",
                format!("this case has no help number {number}"),
                format!("deze zaak heeft geen hulp met nummer {number}"),
            ));
        };
        if started_on.is_none() && ended_on.is_none() {
            return Err(DomainError::invalid(
                "started_on",
                "required",
                "give the start date, the end date or both",
                "geef de begindatum, de einddatum of beide",
            ));
        }
        let mut help = current.clone();
        if let Some(start) = started_on {
            not_in_future("started_on", start, ctx.today)?;
            if start < help.requested_on {
                return Err(before_request("started_on"));
            }
            help.started_on = Some(start);
        }
        if let Some(end) = ended_on {
            not_in_future("ended_on", end, ctx.today)?;
            help.ended_on = Some(end);
        }
        // The merged record keeps its order: requested, then started, then ended.
        if let (Some(start), Some(end)) = (help.started_on, help.ended_on)
            && end < start
        {
            return Err(DomainError::invalid(
                if ended_on.is_some() { "ended_on" } else { "started_on" },
                "end_before_start",
                "help cannot end before it started",
                "hulp kan niet eindigen voordat ze begon",
            ));
        }
        if help.ended_on.is_some_and(|end| end < help.requested_on) {
            return Err(before_request("ended_on"));
        }
        let mut next = self.clone();
        if let Some(h) = next.route.help.iter_mut().find(|h| h.number == number) {
            *h = help.clone();
        }
        Ok(self.next(next, CaseChange::HelpUpdated { help }, None, actor, at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn help(requested: Date, started: Option<Date>) -> Help {
        Help {
            number: 1,
            person_id: PersonId::new(),
            kind: "debt_help".into(),
            kind_name_nl: "Schuldhulpverlening".into(),
            provider: "Schuldhulp Voorbeeld".into(),
            requested_on: requested,
            started_on: started,
            ended_on: None,
        }
    }

    #[test]
    fn waiting_runs_to_the_start_or_to_today() {
        let today = date(2026, 11, 23);
        assert_eq!(help(date(2026, 11, 1), None).waiting_days(today), 22);
        assert_eq!(
            help(date(2026, 10, 1), Some(date(2026, 10, 29))).waiting_days(today),
            28
        );
        assert!(help(date(2026, 11, 1), None).over_norm(21, today));
        assert!(!help(date(2026, 11, 1), None).over_norm(22, today));
        let ended = Help {
            ended_on: Some(today),
            ..help(date(2026, 1, 1), Some(date(2026, 6, 1)))
        };
        assert!(!ended.over_norm(28, today));
        // Started late: history, no longer on the worklist.
        assert!(!help(date(2026, 1, 1), Some(date(2026, 6, 1))).over_norm(28, today));
    }

    #[test]
    fn catalogue_entries_are_checked() {
        assert!(HelpKind::new("debt_help", "Schuldhulpverlening", 28).is_ok());
        let codes = |r: Result<HelpKind, Vec<DomainError>>| r.unwrap_err().iter().map(|e| e.code).collect::<Vec<_>>();
        assert_eq!(codes(HelpKind::new("Debt help", "x", 28)), ["code_format"]);
        assert_eq!(codes(HelpKind::new("debt_help", "x", 0)), ["norm_range"]);
        assert_eq!(codes(HelpKind::new("debt_help", " ", 10)), ["required"]);
        // Every wrong field at once, in the form's order.
        assert_eq!(
            codes(HelpKind::new("", " ", 731)),
            ["code_format", "required", "norm_range"]
        );
    }
}
