//! Validated free text: trimmed, non-empty, bounded.

use crate::error::DomainError;
use serde::Serialize;

/// The text with its first letter a capital: "u zelf" → "U zelf".
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A short required text such as a name: trimmed, 1 to 200 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct ShortText(String);

/// The reason for a change (why a phase, lead or legal frame changed): trimmed, 1 to 2,000 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Reason(String);

/// Characters that change the direction of the text around them (Unicode bidirectional controls). In a
/// name or a note shown to others they can make it read as something else ("Trojan Source"), so no free
/// text may hold them.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that show nothing: white space, and the zero-width and filler characters that render as
/// empty. A text made only of these hides itself.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200D}'
                | '\u{2060}'..='\u{2064}'
                | '\u{3164}'
                | '\u{FEFF}'
                | '\u{FFA0}'
        )
}

/// What to fill in, in Dutch, for the free-text fields most forms share: a form's summary lists its
/// errors together, where "fill this in" would not say which field is meant. `None` for others, which say
/// "vul dit in" beside their field.
fn what_to_fill_in(field: &str) -> Option<&'static str> {
    Some(match field {
        "reason" | "end_reason" | "rename_reason" | "handover_reason" => "vul de reden in",
        "why" => "vul in waarom",
        "name" | "display_name" | "lawyer_name" | "reporter.name" => "vul de naam in",
        "given_name" => "vul de voornaam in",
        "family_name" => "vul de achternaam in",
        "reporter.organisation" => "vul de organisatie in",
        "lawyer_office" => "vul het kantoor in",
        "text" => "vul de tekst in",
        "grounds" | "extension_grounds" => "vul de gronden in",
        "provider" => "vul de aanbieder in",
        "note" => "vul de toelichting in",
        "explanation" => "vul de uitleg in",
        "complaint" => "vul de klacht in",
        "answer" => "vul het antwoord in",
        "summary" => "vul de onderbouwing in",
        "statement" => "vul uw verklaring in",
        "observed" => "vul in wat er is gezien of gehoord",
        "steps.signals" => "beschrijf de signalen",
        "steps.colleague_consulted" => "vul in met wie u overlegde",
        "steps.client_conversation" => "beschrijf het gesprek met de cliënt",
        "steps.weighing" => "beschrijf hoe u het geweld of de mishandeling woog",
        "actions.description" => "beschrijf de actie",
        _ => return None,
    })
}

/// Checks a free text for `field`: trimmed, not empty, at most `max` characters, no control characters
/// (a line break and a tab excepted), no bidirectional controls, and not made only of invisible
/// characters. Every free text shown to others goes through here.
pub(crate) fn check(field: &'static str, raw: &str, max: usize) -> Result<String, DomainError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(DomainError::invalid(
            field,
            "required",
            "must not be empty",
            what_to_fill_in(field).unwrap_or("vul dit in: het mag niet leeg zijn"),
        ));
    }
    if s.chars().count() > max {
        return Err(DomainError::invalid(
            field,
            "too_long",
            format!("must be at most {max} characters"),
            format!("maak de tekst korter: hoogstens {max} tekens"),
        ));
    }
    if s.chars()
        .any(|c| (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c))
    {
        return Err(DomainError::invalid(
            field,
            "control_character",
            "must not contain control characters, such as ones that turn the direction of the text",
            "mag geen stuurtekens bevatten, zoals tekens die de leesrichting omdraaien",
        ));
    }
    if s.chars().all(is_invisible) {
        return Err(DomainError::invalid(
            field,
            "invisible",
            "must contain visible characters",
            "bestaat alleen uit onzichtbare tekens: vul gewone letters in",
        ));
    }
    Ok(s.to_owned())
}

impl ShortText {
    /// Parses a short text for `field`.
    pub fn parse(field: &'static str, raw: &str) -> Result<Self, DomainError> {
        check(field, raw, 200).map(Self)
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Reason {
    /// Parses a reason for `field`.
    pub fn parse(field: &'static str, raw: &str) -> Result<Self, DomainError> {
        check(field, raw, 2000).map(Self)
    }

    /// Parses an optional reason: absent or blank means none.
    pub fn parse_optional(field: &'static str, raw: Option<&str>) -> Result<Option<Self>, DomainError> {
        match raw {
            Some(r) if !r.trim().is_empty() => Self::parse(field, r).map(Some),
            _ => Ok(None),
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_text_says_what_to_fill_in() {
        for (field, nl) in [
            ("reason", "vul de reden in"),
            ("steps.signals", "beschrijf de signalen"),
            ("some_other_field", "vul dit in: het mag niet leeg zijn"),
        ] {
            let e = Reason::parse(field, " \t").unwrap_err();
            assert_eq!((e.code, e.nl.as_str()), ("required", nl), "{field}");
        }
        let long = "x".repeat(201);
        assert_eq!(
            ShortText::parse("name", &long).unwrap_err().nl,
            "maak de tekst korter: hoogstens 200 tekens"
        );
    }

    #[test]
    fn capitalise_raises_the_first_letter_only() {
        assert_eq!(capitalise("u zelf"), "U zelf");
        assert_eq!(capitalise("ïlse"), "Ïlse");
        assert_eq!(capitalise(""), "");
    }
    use proptest::prelude::*;

    #[test]
    fn names_that_hide_themselves_or_turn_the_text_around_are_refused() {
        for (raw, code) in [
            ("\u{200B}\u{200C}\u{200D}", "invisible"),
            ("\u{FEFF}\u{2060}", "invisible"),
            ("\u{3164}", "invisible"),
            ("Jan\u{202E}neP", "control_character"),
            ("\u{2067}Anna\u{2069}", "control_character"),
            ("Bram\u{200F}", "control_character"),
        ] {
            let e = ShortText::parse("given_name", raw).unwrap_err();
            assert_eq!((e.field, e.code), (Some("given_name"), code), "{raw:?}");
            assert_eq!(Reason::parse("reason", raw).unwrap_err().code, code);
        }
        // A zero-width joiner inside a visible name (as in some scripts and emoji) is kept.
        assert!(ShortText::parse("given_name", "Zoë\u{200D}").is_ok());
        assert_eq!(ShortText::parse("given_name", "Yılmaz").unwrap().as_str(), "Yılmaz");
    }

    #[test]
    fn blank_text_is_refused_with_the_field_name() {
        let err = ShortText::parse("name", "   ").unwrap_err();
        assert_eq!(err.field, Some("name"));
        assert_eq!(err.code, "required");
    }

    #[test]
    fn text_is_trimmed() {
        assert_eq!(ShortText::parse("name", "  Jansen ").unwrap().as_str(), "Jansen");
    }

    proptest! {
        #[test]
        fn accepted_short_text_is_never_empty_or_too_long(s in "\\PC{0,300}") {
            if let Ok(t) = ShortText::parse("name", &s) {
                prop_assert!(!t.as_str().is_empty());
                prop_assert!(t.as_str().chars().count() <= 200);
                prop_assert_eq!(t.as_str(), s.trim());
            }
        }
    }
}
