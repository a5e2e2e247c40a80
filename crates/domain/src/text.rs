//! Validated free text: trimmed, non-empty, bounded.

use crate::error::DomainError;
use serde::Serialize;

/// A short required text such as a name: trimmed, 1 to 200 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct ShortText(String);

/// The reason for a change (why a phase, lead or legal frame changed): trimmed, 1 to 2,000 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Reason(String);

fn check(field: &'static str, raw: &str, max: usize) -> Result<String, DomainError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(DomainError::invalid(
            field,
            "required",
            "must not be empty",
            "mag niet leeg zijn",
        ));
    }
    if s.chars().count() > max {
        return Err(DomainError::invalid(
            field,
            "too_long",
            format!("must be at most {max} characters"),
            format!("mag hoogstens {max} tekens lang zijn"),
        ));
    }
    if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(DomainError::invalid(
            field,
            "control_character",
            "must not contain control characters",
            "mag geen stuurtekens bevatten",
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
    use proptest::prelude::*;

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
