//! `regie import signals`: signals from an earlier registration, from a CSV file.
//!
//! The file is UTF-8 with a header row naming exactly the columns of [`COLUMNS`], in that order. Every row
//! is checked first, against the file's own rules and then the domain's; any refused row means nothing is
//! imported, and every refused row is reported with its line number and reason. A file that passes is
//! written in one transaction. Persons are found by BSN, or by name and birth date when that finds exactly
//! one person, or else registered. The radar is not run over history: imported signals feed the radar of
//! signals that come in later.

use anyhow::{Result, bail};
use regie_access::{Access, ImportRefused, SignalRow};
use regie_domain::person::PersonName;
use regie_domain::signal::{NewSignal, Reporter, SignalKind, SourceCategory};
use regie_domain::{Bsn, Person, PersonId, ShortText, time};
use std::path::Path;

/// The columns of a signals file, in order.
pub const COLUMNS: [&str; 12] = [
    "received_on",
    "kind",
    "source_category",
    "reporter_name",
    "reporter_organisation",
    "shielded",
    "acute",
    "bsn",
    "given_name",
    "family_name",
    "date_of_birth",
    "observed",
];

/// Imports the signals in `file` as received by `user`'s organisation; returns a one-line summary, or an
/// error listing every refused row.
pub async fn signals(access: &Access, user: &str, file: &Path) -> Result<String> {
    let bytes = std::fs::read(file).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    let rows = parse(&bytes)?;
    let me = access.sign_in_as(user).await?;
    match access.scope(me.actor()).import_signals(rows).await {
        Ok(n) => Ok(format!("imported {n} signals from {}", file.display())),
        Err(ImportRefused::Rows(refused)) => bail!(report(&refused)),
        Err(ImportRefused::Store(e)) => bail!("nothing imported: {e}"),
    }
}

fn report(refused: &[(u64, String)]) -> String {
    let mut out = format!("nothing imported: {} rows refused\n", refused.len());
    for (line, reason) in refused {
        out.push_str(&format!("  line {line}: {reason}\n"));
    }
    out
}

/// Parses and checks a whole file; refuses it with every bad row when any row is bad.
pub fn parse(bytes: &[u8]) -> Result<Vec<SignalRow>> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
            bail!("line {line} is not UTF-8 text: save the file as UTF-8 (CSV UTF-8 in a spreadsheet)");
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers()?.iter().map(str::to_owned).collect();
    if header != COLUMNS {
        bail!(
            "line 1 has the wrong columns: expected {}, found {}",
            COLUMNS.join(","),
            header.join(",")
        );
    }
    let mut rows = Vec::new();
    let mut refused = Vec::new();
    for record in reader.records() {
        let record = record?;
        let line = record.position().map_or(0, |p| p.line());
        match row(line, &record) {
            Ok(r) => rows.push(r),
            Err(reason) => refused.push((line, reason)),
        }
    }
    if !refused.is_empty() {
        bail!(report(&refused));
    }
    if rows.is_empty() {
        bail!("the file has no rows below its header");
    }
    Ok(rows)
}

fn flag(field: &str, raw: &str) -> Result<bool, String> {
    match raw.to_lowercase().as_str() {
        "ja" | "yes" | "true" | "1" => Ok(true),
        "nee" | "no" | "false" | "0" | "" => Ok(false),
        other => Err(format!("{field}: {other:?} is not ja or nee")),
    }
}

fn row(line: u64, r: &csv::StringRecord) -> Result<SignalRow, String> {
    let get = |i: usize| r.get(i).unwrap_or("");
    let problem = |e: regie_domain::DomainError| format!("{}: {}", e.field.unwrap_or("row"), e.en);
    let optional = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    let kind = match get(1) {
        "report" | "melding" => SignalKind::Report,
        "advice_request" | "adviesvraag" => SignalKind::AdviceRequest,
        other => {
            return Err(format!(
                "kind: {other:?} is not report (melding) or advice_request (adviesvraag)"
            ));
        }
    };
    let category = SourceCategory::parse(get(2)).ok_or_else(|| {
        let known: Vec<&str> = SourceCategory::ALL.iter().map(|c| c.as_str()).collect();
        format!("source_category: {:?} is not one of {}", get(2), known.join(", "))
    })?;
    let bsn = match get(7) {
        "" => None,
        raw => Some(Bsn::parse("bsn", raw).map_err(problem)?),
    };
    let person = Person {
        id: PersonId::new(),
        name: PersonName {
            given: ShortText::parse("given_name", get(8)).map_err(problem)?,
            family: ShortText::parse("family_name", get(9)).map_err(problem)?,
        },
        date_of_birth: time::parse_date("date_of_birth", get(10)).map_err(problem)?,
        bsn,
        address: None,
        version: 1,
    };
    Ok(SignalRow {
        line,
        person,
        signal: NewSignal {
            kind,
            reporter: Reporter {
                category,
                name: optional(get(3)),
                organisation: optional(get(4)),
                contact: None,
                professional_id: None,
            },
            shielded: flag("shielded", get(5))?,
            household_id: None,
            persons: Vec::new(),
            observed: get(11).to_owned(),
            received_on: time::parse_date("received_on", get(0)).map_err(problem)?,
            acute: flag("acute", get(6))?,
            meldcode: None,
        },
    })
}
