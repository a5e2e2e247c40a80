//! Choosing a professional on a form (a new fixed contact person, the second of a duo, the RVT professional to
//! scale up to, the jeugdbeschermer of a measure). A large region has thousands of professionals: a choice
//! lists at most [`LIMIT`], grouped by team with the user's own team first, and a search above the form
//! finds the others by name, team or organisation (`regie_domain::directory::choices`). The search is sent
//! in the address: it holds names of professionals, never of a family; a refused form carries it along so
//! its list stays the one the user chose from.

use super::{PageError, Pro};
use crate::AppState;
use regie_domain::directory::{Choices, Choosing};
use serde::Deserialize;

/// How many professionals a choice lists at most.
pub(super) const LIMIT: usize = 50;

/// The search of a page's professional choices, from its address (`?zoek=`).
#[derive(Deserialize)]
pub(super) struct ChoiceQuery {
    zoek: Option<String>,
}

impl ChoiceQuery {
    /// What was searched, or "".
    pub(super) fn text(&self) -> &str {
        self.zoek.as_deref().unwrap_or_default()
    }
}

/// One choice of a professional on a form, as the page shows it.
pub(super) struct ProfessionalChoice {
    /// The field's name.
    pub name: &'static str,
    /// The field's label.
    pub label: &'static str,
    /// The first option, for none chosen ("Kies een professional", "Geen duo").
    pub none: &'static str,
    /// Whom the field asks for.
    pub choosing: Choosing,
    /// The groups shown: each team's label with its professionals (value, text).
    pub groups: Vec<(String, Vec<(String, String)>)>,
}

impl ProfessionalChoice {
    /// A field asking for `choosing`, its options still to be filled in with [`Self::fill`].
    pub(super) fn new(name: &'static str, label: &'static str, none: &'static str, choosing: Choosing) -> Self {
        Self {
            name,
            label,
            none,
            choosing,
            groups: Vec::new(),
        }
    }

    /// Shows `choices`: the user's own team says so in its label.
    pub(super) fn fill(&mut self, choices: &Choices) {
        self.groups = (choices.groups.iter())
            .map(|g| {
                let label = if g.own_team {
                    format!("Uw team: {}", g.label)
                } else {
                    g.label.clone()
                };
                let options = (g.options.iter()).map(|o| (o.id.to_string(), o.text())).collect();
                (label, options)
            })
            .collect();
    }
}

/// The search above a form with a professional choice.
pub(super) struct ChoiceSearch {
    /// The page the search reloads (the form's own page).
    pub action: String,
    /// What was searched.
    pub text: String,
    /// What the list shows, in a sentence or two.
    pub note: String,
}

impl ChoiceSearch {
    /// The search for a page at `action`, with what `choices` found for `text`.
    pub(super) fn new(action: String, text: &str, choices: &Choices) -> Self {
        let text = text.trim();
        let shown = choices.shown();
        let professionals = |n: usize| {
            if n == 1 {
                "1 professional".to_owned()
            } else {
                format!("{} professionals", super::format::thousands(n as u64))
            }
        };
        let note = if text.is_empty() && shown == choices.admitted {
            "Uw eigen team staat bovenaan. Zoek op naam, team of organisatie om de lijst korter te maken.".to_owned()
        } else if text.is_empty() {
            format!(
                "De lijst toont {shown} van de {}, uw eigen team bovenaan. Zoek op naam, team of organisatie om een ander te vinden.",
                professionals(choices.admitted)
            )
        } else if choices.found == 0 {
            format!(
                "Geen professional gevonden met “{text}”. Zoek op een deel van de naam, het team of de organisatie."
            )
        } else if shown < choices.found {
            format!(
                "{} gevonden met “{text}”; de lijst toont de eerste {shown}. Maak de zoekopdracht preciezer.",
                professionals(choices.found)
            )
        } else {
            format!("{} gevonden met “{text}”.", professionals(choices.found))
        };
        Self {
            action,
            text: text.to_owned(),
            note,
        }
    }
}

/// What the signed-in professional may choose from for `choosing`, with `search` applied.
pub(super) async fn load(state: &AppState, pro: &Pro, choosing: Choosing, search: &str) -> Result<Choices, PageError> {
    Ok(state.access.choices(&pro.me, choosing, search, LIMIT).await?)
}

/// A form's one professional choice with its search.
pub(super) struct Chooser {
    /// The choice.
    pub choice: ProfessionalChoice,
    /// The search above the form.
    pub search: ChoiceSearch,
}

/// `choice` filled in for the signed-in professional, with the search `form` holds (from the page's address,
/// or carried along by a refused form), the search reloading `action`.
pub(super) async fn chooser(
    state: &AppState,
    pro: &Pro,
    action: String,
    form: &super::FormState,
    mut choice: ProfessionalChoice,
) -> Result<Chooser, PageError> {
    let choices = load(state, pro, choice.choosing, form.value("zoek")).await?;
    choice.fill(&choices);
    Ok(Chooser {
        choice,
        search: ChoiceSearch::new(action, form.value("zoek"), &choices),
    })
}
