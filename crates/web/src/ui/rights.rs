//! "Mijn dossier" (F16; AVG art. 15, Jeugdwet art. 7.3.10): a household member downloads their copy of the
//! file from the portal, as a PDF to read and as JSON; a professional of an involved organisation downloads
//! it for a member who asked in writing, from the household page. What is in it, and what is left out, is
//! the access layer's (`regie_access::FileCopy`); the PDF says it in Dutch.

use super::format::{date, moment};
use super::{Family, PagePath, PageResult, Pro};
use crate::AppState;
use crate::access::FileCopy;
use crate::pdf::{Block, render};
use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use regie_domain::{HouseholdId, PersonId};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/portaal/mijn-dossier.json", get(own_copy))
        .route("/portaal/mijn-dossier.pdf", get(own_pdf))
        .route("/huishoudens/{id}/leden/{person}/afschrift.json", get(copy_for))
        .route("/huishoudens/{id}/leden/{person}/afschrift.pdf", get(pdf_for))
}

/// The copy as a JSON file to save, named after the day it was made.
fn download(file: &FileCopy) -> PageResult {
    let body = serde_json::to_string_pretty(file).map_err(|e| crate::error::ApiError::Internal(Box::new(e)))?;
    let name = format!(
        "attachment; filename=\"mijn-dossier-{}.json\"",
        regie_domain::time::date_in_nl(file.made_at)
    );
    Ok((
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, name),
        ],
        body,
    )
        .into_response())
}

async fn own_copy(State(state): State<AppState>, family: Family) -> PageResult {
    let file = state.access.family_scope(family.member.clone()).file_copy().await?;
    download(&file)
}

async fn copy_for(
    State(state): State<AppState>,
    pro: Pro,
    PagePath((id, person)): PagePath<(HouseholdId, PersonId)>,
) -> PageResult {
    let file = state.access.scope(pro.me.actor()).file_copy(id, person).await?;
    download(&file)
}

/// The copy as a PDF file to save.
fn pdf(file: &FileCopy) -> PageResult {
    let name = format!(
        "attachment; filename=\"mijn-dossier-{}.pdf\"",
        regie_domain::time::date_in_nl(file.made_at)
    );
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (header::CONTENT_DISPOSITION, name),
        ],
        render(&format!("Mijn dossier, {}", file.made_for), &blocks(file)),
    )
        .into_response())
}

/// The copy in Dutch, section by section.
fn blocks(file: &FileCopy) -> Vec<Block> {
    use Block::{Heading, Paragraph, Title};
    let mut out = vec![
        Title(format!("Mijn dossier: {}", file.made_for)),
        Paragraph(format!(
            "Gemaakt op {} voor {}, {}. Dit is een overzicht van wat over u is vastgelegd{}. Alle gegevens, ook de analyse, het plan, de hulp en de maatregelen, staan in het gegevensbestand (JSON) dat u ook kunt downloaden.",
            moment(file.made_at),
            file.made_for,
            file.household,
            if file.persons.len() > 1 {
                " en over uw kinderen onder de 16 over wie u het gezag hebt"
            } else {
                ""
            }
        )),
        Heading("Over wie".into()),
    ];
    for p in &file.persons {
        let mut line = format!("{}, geboren {}", p.name.full(), date(p.date_of_birth));
        if let Some(bsn) = &p.bsn {
            line.push_str(&format!(", BSN {}", bsn.as_string()));
        }
        if let Some(a) = &p.address {
            line.push_str(&format!(
                ", {} {}, {} {}",
                a.street.as_str(),
                a.house_number.as_str(),
                a.postcode,
                a.city.as_str()
            ));
        }
        out.push(Paragraph(line + "."));
    }
    let members: Vec<String> = (file.members.iter())
        .map(|(name, relation)| format!("{name} ({})", relation.label_nl()))
        .collect();
    out.push(Paragraph(format!("In het huishouden: {}.", members.join(", "))));
    for case in &file.cases {
        let c = &case.case;
        out.push(Heading(format!(
            "Zaak geopend op {}{}",
            moment(c.opened_at),
            c.closed_at
                .map(|t| format!(", gesloten op {}", moment(t)))
                .unwrap_or_default()
        )));
        out.push(Paragraph(format!(
            "Fase: {}. Kader van de hulp: {}.",
            c.phase.label_nl(),
            c.legal_frame.label_nl()
        )));
        let rect = &c.route.rectification;
        // Accepted corrections change the file for everyone, whoever asked: read them from the timeline.
        let corrected = regie_domain::correction::accepted(case.timeline.iter().map(|e| &e.change));
        for e in &case.timeline {
            let mut line = format!(
                "{}: {}, door {} ({}).",
                moment(e.at),
                e.change.summary_nl(),
                e.by,
                e.organisation
            );
            match (corrected.get(&e.seq), &e.reason) {
                (Some(d), old) => line.push_str(&format!(
                    " Reden: {} (gecorrigeerd op {}; eerder stond er: “{}”)",
                    d.corrected.clone().unwrap_or_default(),
                    date(d.on),
                    old.clone().unwrap_or_default()
                )),
                (None, Some(r)) => line.push_str(&format!(" Reden: {r}")),
                (None, None) => {}
            }
            for s in rect.statements_on(e.seq) {
                line.push_str(&format!(" Uw eigen verklaring ({}): “{}”", moment(s.at), s.text));
            }
            out.push(Paragraph(line));
        }
        for k in &case.contributions {
            out.push(Paragraph(format!(
                "In het portaal, {}: {}",
                moment(k.at),
                k.contribution.summary_nl()
            )));
        }
    }
    if !file.consents.is_empty() {
        out.push(Heading("Toestemming".into()));
        for c in &file.consents {
            out.push(Paragraph(format!(
                "Sinds {}: {}{}.",
                date(c.from),
                c.purpose.label_nl(),
                if c.revoked.is_some() { " (ingetrokken)" } else { "" }
            )));
        }
    }
    out.push(Heading("Wie uw gegevens verwerkte".into()));
    for p in &file.processing {
        out.push(Paragraph(format!(
            "{}: {}, {}{}{}",
            moment(p.at),
            p.organisation,
            if p.operation == "read" {
                "bekeken"
            } else {
                "vastgelegd of gewijzigd"
            },
            p.activity.map(|a| format!(". {a}")).unwrap_or_default(),
            if p.emergency { " (noodtoegang)" } else { "" }
        )));
    }
    out.push(Heading("Wat er niet in staat, en waarom".into()));
    out.extend(file.left_out.iter().map(|l| Paragraph((*l).to_owned())));
    out
}

async fn own_pdf(State(state): State<AppState>, family: Family) -> PageResult {
    let file = state.access.family_scope(family.member.clone()).file_copy().await?;
    pdf(&file)
}

async fn pdf_for(
    State(state): State<AppState>,
    pro: Pro,
    PagePath((id, person)): PagePath<(HouseholdId, PersonId)>,
) -> PageResult {
    let file = state.access.scope(pro.me.actor()).file_copy(id, person).await?;
    pdf(&file)
}
