//! `regie worklist`: what needs attention, for a professional or their team, as plain Dutch text on the
//! command line (the same list as `GET /api/v1/worklist`); for the Raad, the court and a GI also their work
//! on court routes (as `GET /api/v1/justice/worklist`), and for Veilig Thuis's team its triage and its
//! investigations (`GET /api/v1/investigations`). The processing log records these reads with the
//! purpose `operator_command_line`.

use anyhow::{Context, Result};
use regie_access::{Access, JusticeItem, Whose, WorkItem};
use regie_domain::OrganisationKind;
use regie_domain::justice::WorkKind;
use std::fmt::Write;

/// The worklist of `username`, or of their team when `team` is set, rendered as text.
pub async fn run(access: &Access, username: &str, team: bool) -> Result<String> {
    let me = access.sign_in_as(username).await?;
    let scope = access.operator_scope(me.actor());
    let (whose, items) = if me.organisation.kind == OrganisationKind::Court {
        // The court reads no household files: its list is its inbox of requests, below.
        (me.professional.display_name.clone(), None)
    } else if team {
        let team = me
            .professional
            .team_id
            .with_context(|| format!("{username} is not in a team"))?;
        (
            format!("het team van {}", me.professional.display_name),
            Some(scope.team_worklist(team).await?),
        )
    } else {
        (me.professional.display_name.clone(), Some(scope.my_worklist().await?))
    };
    let mut out = match items {
        Some(items) => render(&whose, &me.organisation.name, &items),
        None => format!(
            "Werklijst van {whose} ({}), {}\n",
            me.organisation.name,
            regie_domain::time::today().strftime("%d-%m-%Y")
        ),
    };
    let receives = regie_domain::policy::decide(me.organisation.kind, regie_domain::Action::ReceiveSignal)
        == regie_domain::Decision::Allowed;
    if team && receives {
        let (open, total) = scope.triage_signals(regie_access::TRIAGE_PAGE, 0).await?;
        out.push_str(&render_triage(&open, total));
        // A local team receives reports too, but seldom investigates: the list only when there is one.
        let (items, total) = scope.investigations(regie_access::INVESTIGATIONS_PAGE, 0).await?;
        if total > 0 {
            out.push_str(&render_investigations(&items, total));
        }
    }
    // The Raad, the court and the GI: their work on justice routes, as on the Kinderbescherming page. One's
    // own (the measures one executes, the investigations one does) and what nobody has yet, or with `team`
    // the organisation's; the court's requests are nobody's in particular.
    let justice = match me.organisation.kind {
        OrganisationKind::Court => Some(Whose::Organisation),
        OrganisationKind::Rvdk | OrganisationKind::Gi if team => Some(Whose::Organisation),
        OrganisationKind::Rvdk | OrganisationKind::Gi => Some(Whose::Mine),
        _ => None,
    };
    if let Some(whose) = justice {
        let (items, total) = scope.justice_worklist(whose, regie_access::JUSTICE_PAGE, 0).await?;
        let of = match whose {
            Whose::Mine => format!("op naam van {} of nog van niemand", me.professional.display_name),
            Whose::Organisation => "van de organisatie".to_owned(),
        };
        out.push_str(&render_justice(&of, &items, total));
    }
    Ok(out)
}

/// The open cases in which `colleague`, one of the team of `username`, still holds work (as lead or whom a
/// scale-down returns to, as the RVT's professional, on a justice route), rendered as text: to pass on the
/// work of a colleague who is away or leaving (as `GET /api/v1/teams/{id}/worklist?professional=`).
pub async fn of_colleague(access: &Access, username: &str, colleague: &str) -> Result<String> {
    let me = access.sign_in_as(username).await?;
    let team = me
        .professional
        .team_id
        .with_context(|| format!("{username} is not in a team"))?;
    let scope = access.operator_scope(me.actor());
    let members = scope.own_team(team).await?;
    let found = (members.iter().find(|p| p.username == colleague))
        .with_context(|| format!("{colleague} is not in the team of {username}"))?;
    let items = scope.team_worklist_of(team, found.id).await?;
    Ok(render(&found.display_name, &me.organisation.name, &items))
}

/// The first of the `total` lines of work on justice routes `of` whom, what needs action first.
pub fn render_justice(of: &str, items: &[JusticeItem], total: u64) -> String {
    let lines = if total == 1 { "regel" } else { "regels" };
    let mut out = format!("\nKinderbescherming: {total} {lines} {of}");
    if (items.len() as u64) < total {
        out.push_str(&format!("; de eerste {}", items.len()));
    }
    out.push('\n');
    let today = regie_domain::time::today();
    for i in items {
        let due = match i.work.due {
            jiff::civil::Date::MAX => String::new(),
            due => format!(" · {}", due.strftime("%d-%m-%Y")),
        };
        let now = if i.work.kind.needs_action() && i.work.due <= today {
            "! "
        } else {
            ""
        };
        let of = match (i.work.kind, i.numbers.len()) {
            (WorkKind::AcceptInvestigation | WorkKind::ConcludeInvestigation, _) => "onderzoek",
            (WorkKind::ScheduleHearing | WorkKind::Decide, _) => "verzoek",
            (_, 1) => "maatregel",
            _ => "maatregelen",
        };
        let numbers: Vec<String> = i.numbers.iter().map(u32::to_string).collect();
        let _ = writeln!(
            out,
            "  {now}{} · {of} {}: {}{due} · zaak {}",
            i.household_name,
            numbers.join(", "),
            i.work.kind.label_nl(),
            i.case_id.0
        );
    }
    out
}

/// The first of the `total` investigations the organisation does after an assessment, the first deadline
/// first (as `GET /api/v1/investigations`); a colleague's whom the professional does not cover for is marked
/// so, to take over before its file opens.
pub fn render_investigations(items: &[regie_access::InvestigationItem], total: u64) -> String {
    let today = regie_domain::time::today();
    let mut out = format!("\nOnderzoeken na een melding: {total}");
    if (items.len() as u64) < total {
        out.push_str(&format!("; de eerste {}", items.len()));
    }
    out.push('\n');
    for i in items {
        let overdue = i.deadline.is_some_and(|d| d < today);
        let deadline = i.deadline.map_or_else(
            || "geen termijn".into(),
            |d| format!("af uiterlijk {}", d.strftime("%d-%m-%Y")),
        );
        let _ = writeln!(
            out,
            "  {}{} · {deadline} · zaak {}{}",
            if overdue { "! " } else { "" },
            i.household_name,
            i.case_id.0,
            if i.yours {
                ""
            } else {
                " · van een collega die u niet vervangt: eerst overnemen"
            }
        );
    }
    out
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
