//! Letters in plain Dutch about decisions (F16; `regie_domain::letter`): listed on the household page and
//! in the portal, each downloaded as a PDF made with printpdf (`crate::pdf`). A member downloads the
//! letters addressed to them; a professional involved in the household every letter to its members.

use super::format::moment;
use super::{Family, PagePath, PageResult, Pro};
use crate::AppState;
use crate::pdf::{Block, render};
use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use regie_domain::letter::Letter;
use regie_domain::{CaseId, HouseholdId, PersonId};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/portaal/brieven/{case}/{entry}/brief.pdf", get(own_letter))
        .route(
            "/huishoudens/{id}/brieven/{case}/{entry}/{person}/brief.pdf",
            get(letter_for),
        )
        .route(
            "/huishoudens/{id}/brieven/{case}/{entry}/{person}/advocaat.pdf",
            get(copy_for),
        )
}

/// A letter in a list: where to download it, its subject, to whom, when and from whom.
pub(super) struct LetterRow {
    pub href: String,
    pub subject: String,
    pub to: String,
    pub at: String,
    pub from: String,
}

/// The rows of `letters`, each downloaded at `href(letter)`.
pub(super) fn rows(letters: &[Letter], href: impl Fn(&Letter) -> String) -> Vec<LetterRow> {
    (letters.iter())
        .map(|l| LetterRow {
            href: href(l),
            subject: l.subject.clone(),
            to: l.to_name.clone(),
            at: moment(l.at),
            from: l.from.clone(),
        })
        .collect()
}

/// The letter as a PDF to save: to whom, when and from whom, then its sections under their headings.
fn pdf(letter: &Letter) -> PageResult {
    let mut blocks = vec![
        Block::Title(letter.subject.clone()),
        Block::Paragraph(format!(
            "Aan: {}\nDatum: {}\nVan: {}",
            letter.to_name,
            regie_domain::time::date_nl(regie_domain::time::date_in_nl(letter.at)),
            letter.from
        )),
        Block::Paragraph(match &letter.lawyer {
            Some(name) => format!("Beste {name},\nDit is een afschrift van de brief aan uw cliënt."),
            None => format!("Beste {},", letter.to_name),
        }),
    ];
    for s in &letter.sections {
        blocks.push(Block::Heading(s.heading.clone()));
        blocks.push(Block::Paragraph(s.text.clone()));
    }
    blocks.push(Block::Paragraph(format!("Met vriendelijke groet,\n{}", letter.from)));
    let name = format!(
        "attachment; filename=\"brief-{}-{}.pdf\"",
        regie_domain::time::date_in_nl(letter.at),
        letter.entry
    );
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (header::CONTENT_DISPOSITION, name),
        ],
        render(&letter.subject, &blocks),
    )
        .into_response())
}

async fn own_letter(
    State(state): State<AppState>,
    family: Family,
    PagePath((case, entry)): PagePath<(CaseId, i64)>,
) -> PageResult {
    pdf(&state
        .access
        .family_scope(family.member.clone())
        .letter(case, entry)
        .await?)
}

async fn letter_for(
    State(state): State<AppState>,
    pro: Pro,
    PagePath((id, case, entry, person)): PagePath<(HouseholdId, CaseId, i64, PersonId)>,
) -> PageResult {
    pdf(&(state.access.scope(pro.me.actor()))
        .letter(id, (case, entry), person, false)
        .await?)
}

/// The copy of a member's letter for their lawyer.
async fn copy_for(
    State(state): State<AppState>,
    pro: Pro,
    PagePath((id, case, entry, person)): PagePath<(HouseholdId, CaseId, i64, PersonId)>,
) -> PageResult {
    pdf(&(state.access.scope(pro.me.actor()))
        .letter(id, (case, entry), person, true)
        .await?)
}
