//! Choosing a professional on a form (a new fixed contact person, the second of a duo, the RVT professional to
//! scale up to, the jeugdbeschermer of a measure). A large region has thousands of professionals: a choice
//! lists at most [`LIMIT`], grouped by team with the user's own team first, and a search just above it finds
//! the others by name, team or organisation (`regie_domain::directory::choices`); the case's current
//! leads and what the form chose already stay in the list whatever the search. The search is a field of the
//! form itself, just above the choice: its button sends the form as typed, which comes back with the list
//! searched and nothing saved ([`searching`]), so nothing typed elsewhere on the form is lost; a refused form
//! keeps it too, so its list stays the one the user chose from. `?zoek=` in the address opens a form
//! searched (it holds names of professionals, never of a family). [`ListSearch`] also serves the
//! administrator's accounts, as a search above the list that reloads the page.

use super::{FormState, PageError, Pro};
use crate::AppState;
use regie_domain::directory::{Choices, Choosing};
use regie_domain::{OrganisationId, ProfessionalId};
use serde::Deserialize;

/// How many professionals a choice lists at most.
pub(super) const LIMIT: usize = 50;

/// The search of a page's long list, from its address (`?zoek=`).
#[derive(Deserialize)]
pub(super) struct SearchQuery {
    zoek: Option<String>,
}

impl SearchQuery {
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
    /// Only the professionals of this organisation, when the form already knows which it must be (the GI
    /// named in a request to the court).
    pub of: Option<OrganisationId>,
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
            of: None,
            groups: Vec::new(),
        }
    }

    /// The same field, offering only the professionals of `organisation`.
    pub(super) fn of(self, organisation: OrganisationId) -> Self {
        Self {
            of: Some(organisation),
            ..self
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

/// The search of a long list (a form's choice of a professional, the administrator's accounts), with a note on
/// what the list shows.
pub(super) struct ListSearch {
    /// The search field's label.
    pub label: &'static str,
    /// The page a list's search reloads with `?zoek=` (a GET form above the list); empty for a choice's search,
    /// which is a field of its form and goes with it.
    pub action: String,
    /// What was searched.
    pub text: String,
    /// What the list shows, in a sentence or two.
    pub note: String,
}

/// What a searched list is of, for its note.
pub(super) struct Listed {
    /// One of them, and many ("professional", "professionals").
    pub what: (&'static str, &'static str),
    /// What one searches by ("naam, team of organisatie").
    pub by: &'static str,
    /// What to do when nothing is found, as a sentence.
    pub hint: &'static str,
    /// What to do when the list is empty before any search, as a sentence.
    pub empty: &'static str,
}

/// A professional choice's list.
const PROFESSIONALS: Listed = Listed {
    what: ("professional", "professionals"),
    by: "naam, team of organisatie",
    hint: "Zoek op een deel van een naam, of op een team of organisatie.",
    empty: "Uw regio heeft nog niemand om hier te kiezen. Vraag de functioneel beheerder van de regio de organisatie en haar professionals toe te voegen.",
};

impl ListSearch {
    /// The search of a list of `listed` at `action`, searched for `text`: `shown` of the `found` that match,
    /// of `total` in all, in the `order` a sentence gives.
    pub(super) fn new(
        label: &'static str,
        (action, text): (String, &str),
        (shown, found, total): (usize, usize, usize),
        order: &str,
        listed: &Listed,
    ) -> Self {
        let text = text.trim();
        let count = |n: usize| {
            let (one, many) = listed.what;
            if n == 1 {
                format!("1 {one}")
            } else {
                format!("{} {many}", super::format::thousands(n as u64))
            }
        };
        let by = listed.by;
        let note = if total == 0 {
            listed.empty.to_owned()
        } else if text.is_empty() && shown >= total {
            format!("{order} Zoek op {by} om de lijst korter te maken.")
        } else if text.is_empty() {
            format!(
                "De lijst toont {shown} van de {}. {order} Zoek op {by} om een ander te vinden.",
                count(total)
            )
        } else if found == 0 {
            format!("Niets gevonden met “{text}”. {}", listed.hint)
        } else if shown < found {
            format!(
                "{} gevonden met “{text}”; de lijst toont de eerste {shown}. Maak de zoekopdracht preciezer.",
                count(found)
            )
        } else {
            format!("{} gevonden met “{text}”.", count(found))
        };
        Self {
            label,
            action,
            text: text.to_owned(),
            note,
        }
    }

    /// The search of a professional choice, with what `choices` found for `text`.
    pub(super) fn of_choices(text: &str, choosing: Choosing, choices: &Choices) -> Self {
        let label = match choosing {
            Choosing::Executor | Choosing::Successor => "Jeugdbeschermer zoeken",
            Choosing::Lead | Choosing::Rvt => "Professional zoeken",
        };
        let order = if choices.groups.first().is_some_and(|g| g.own_team) {
            "Uw eigen team staat bovenaan."
        } else {
            "Per team, op naam."
        };
        // Those kept whatever the search (the current leads) are not among what it found.
        let shown = choices.shown().min(choices.found);
        let counts = (shown, choices.found, choices.admitted);
        Self::new(label, (String::new(), text), counts, order, &PROFESSIONALS)
    }
}

/// Whether a posted form was sent by its choice's search button (`actie=zoeken`): then it is shown again as
/// typed, with the choice's list searched, and nothing is changed.
pub(super) fn searching(form: &FormState) -> bool {
    form.value("actie") == "zoeken"
}

/// What the signed-in professional may choose from for `choosing`, with `search` applied and `keep` kept.
pub(super) async fn load(
    state: &AppState,
    pro: &Pro,
    (choosing, of): (Choosing, Option<OrganisationId>),
    search: &str,
    keep: &[ProfessionalId],
) -> Result<Choices, PageError> {
    Ok(state
        .access
        .choices(&pro.me, (choosing, of), (search, keep), LIMIT)
        .await?)
}

/// The professionals a form has chosen already in these fields (a refused form), to keep in their lists.
pub(super) fn chosen<'a>(form: &FormState, fields: impl IntoIterator<Item = &'a str>) -> Vec<ProfessionalId> {
    (fields.into_iter())
        .filter_map(|f| form.value(f).parse().ok())
        .collect()
}

/// A form's one professional choice with its search.
pub(super) struct Chooser {
    /// The choice.
    pub choice: ProfessionalChoice,
    /// The search just above the choice, in the form.
    pub search: ListSearch,
}

/// `choice` filled in for the signed-in professional, with the search `form` holds (from the page's address,
/// or sent with the form) and the professional it has chosen already.
pub(super) async fn chooser(
    state: &AppState,
    pro: &Pro,
    form: &FormState,
    mut choice: ProfessionalChoice,
) -> Result<Chooser, PageError> {
    let keep = chosen(form, [choice.name]);
    let choices = load(state, pro, (choice.choosing, choice.of), form.value("zoek"), &keep).await?;
    choice.fill(&choices);
    Ok(Chooser {
        search: ListSearch::of_choices(form.value("zoek"), choice.choosing, &choices),
        choice,
    })
}
