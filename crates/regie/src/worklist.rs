//! `regie worklist`: what needs attention, for a professional or their team, as plain Dutch text on the
//! command line (the same list as `GET /api/v1/worklist`). The processing log records these reads with the
//! purpose `operator_command_line`.

use anyhow::{Context, Result};
use regie_access::{Access, WorkItem};
use std::fmt::Write;

/// The worklist of `username`, or of their team when `team` is set, rendered as text.
pub async fn run(access: &Access, username: &str, team: bool) -> Result<String> {
    let me = access.sign_in_as(username).await?;
    let scope = access.operator_scope(me.actor());
    let (whose, items) = if team {
        let team = me
            .professional
            .team_id
            .with_context(|| format!("{username} is not in a team"))?;
        (
            format!("het team van {}", me.professional.display_name),
            scope.team_worklist(team).await?,
        )
    } else {
        (me.professional.display_name.clone(), scope.my_worklist().await?)
    };
    let mut out = render(&whose, &me.organisation.name, &items);
    let receives = regie_domain::policy::decide(me.organisation.kind, regie_domain::Action::ReceiveSignal)
        == regie_domain::Decision::Allowed;
    if team && receives {
        let (open, total) = scope.triage_signals(regie_access::TRIAGE_PAGE, 0).await?;
        out.push_str(&render_triage(&open, total));
    }
    Ok(out)
}

/// The first of the `total` signals waiting for assessment, earliest deadline first.
pub fn render_triage(open: &[regie_domain::signal::Signal], total: u64) -> String {
    let today = regie_domain::time::today();
    let overdue = open.iter().filter(|s| s.is_overdue(today)).count();
    let mut out = format!("\nTriage: {total} signalen wachten op beoordeling");
    if (open.len() as u64) < total {
        out.push_str(&format!("; de {} dringendste", open.len()));
    }
    out.push_str(&format!(", {overdue} daarvan over de termijn\n"));
    for s in open {
        let deadline = s
            .assessment_deadline
            .map(|d| {
                let when = regie_domain::calendar::Calendar::default().deadline_nl(d, today);
                format!("beoordelen uiterlijk {} ({when})", d.strftime("%d-%m-%Y"))
            })
            .unwrap_or_else(|| "geen wettelijke termijn".into());
        let marks: String = [
            (s.is_overdue(today), " ! over de termijn"),
            (s.acute, " · acuut"),
            (s.radar.flagged, " · radar: derde signaal binnen een jaar"),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, text)| *text)
        .collect();
        let kind = match s.kind {
            regie_domain::signal::SignalKind::Report => "melding",
            regie_domain::signal::SignalKind::AdviceRequest => "adviesvraag",
        };
        let _ = writeln!(
            out,
            "  {kind} ontvangen {} · {deadline}{marks} · signaal {}",
            s.received_on.strftime("%d-%m-%Y"),
            s.id.0
        );
    }
    out
}

/// Renders a worklist: a heading with the counts, then one block per case, reasons for attention first.
pub fn render(whose: &str, organisation: &str, items: &[WorkItem]) -> String {
    let attention = items.iter().filter(|i| !i.attention.is_empty()).count();
    let today = regie_domain::time::today();
    let mut out = format!(
        "Werklijst van {whose} ({organisation}), {}: {} open zaken, {attention} vragen aandacht\n",
        today.strftime("%d-%m-%Y"),
        items.len(),
    );
    for item in items {
        let c = &item.case;
        let scale = c
            .route
            .scale
            .as_ref()
            .map(|s| format!(" · opgeschaald ({})", s.form.label_nl()))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "\n{} · {} · {}{scale} · zaak {}",
            item.household_name,
            c.phase.label_nl(),
            c.legal_frame.label_nl(),
            c.id.0
        );
        for a in &item.attention {
            let _ = writeln!(out, "  ! {}", a.summary_nl(today));
        }
    }
    out
}
