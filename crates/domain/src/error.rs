//! The one error type of the domain: what was wrong, about which field, in Dutch and English.

/// How a refusal should be understood by the caller (and mapped to a status code by the web layer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The input itself is invalid (a field fails its rule).
    Invalid,
    /// The input is valid but the current state does not allow the change.
    Conflict,
    /// The acting organisation has no statutory task for this action.
    Forbidden,
}

/// A refusal by a domain rule: names the field (when there is one), a stable code and the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field_prefix}{en}", field_prefix = self.field.map(|f| format!("{f}: ")).unwrap_or_default())]
pub struct DomainError {
    /// How to read the refusal.
    pub kind: ErrorKind,
    /// The request field the refusal is about, if any (dotted path, e.g. `address.postcode`).
    pub field: Option<&'static str>,
    /// A stable machine-readable code, e.g. `bsn_checksum`.
    pub code: &'static str,
    /// The reason in English.
    pub en: String,
    /// The reason in Dutch, for people using the UI.
    pub nl: String,
}

/// Both results, or every error of the two (each names its field), so a form or a request reports them at
/// once.
pub fn both<A, B>(a: Result<A, DomainError>, b: Result<B, DomainError>) -> Result<(A, B), Vec<DomainError>> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (a, b) => Err(a.err().into_iter().chain(b.err()).collect()),
    }
}

impl DomainError {
    /// An invalid field.
    pub fn invalid(field: &'static str, code: &'static str, en: impl Into<String>, nl: impl Into<String>) -> Self {
        Self {
            kind: ErrorKind::Invalid,
            field: Some(field),
            code,
            en: en.into(),
            nl: nl.into(),
        }
    }

    /// A change the current state does not allow; `field` names the input that asked for it.
    pub fn conflict(
        field: Option<&'static str>,
        code: &'static str,
        en: impl Into<String>,
        nl: impl Into<String>,
    ) -> Self {
        Self {
            kind: ErrorKind::Conflict,
            field,
            code,
            en: en.into(),
            nl: nl.into(),
        }
    }

    /// An action outside the acting organisation's statutory tasks.
    pub fn forbidden(code: &'static str, en: impl Into<String>, nl: impl Into<String>) -> Self {
        Self {
            kind: ErrorKind::Forbidden,
            field: None,
            code,
            en: en.into(),
            nl: nl.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_keeps_every_error_in_the_order_of_the_fields() {
        let wrong = |field| DomainError::invalid(field, "required", "fill it in", "vul het in");
        assert_eq!(both::<u8, u8>(Ok(1), Ok(2)), Ok((1, 2)));
        let fields = |r: Result<(u8, u8), Vec<DomainError>>| r.unwrap_err().iter().map(|e| e.field).collect::<Vec<_>>();
        assert_eq!(
            fields(both(Err(wrong("to")), Err(wrong("reason")))),
            [Some("to"), Some("reason")]
        );
        assert_eq!(fields(both(Ok(1), Err(wrong("reason")))), [Some("reason")]);
    }
}
