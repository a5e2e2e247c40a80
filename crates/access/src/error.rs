//! The access layer's one error type: a refusal with its reasons (each naming the field, a stable code and
//! the reason in English and Dutch), or an internal failure. The web crate turns it into problem+json or a
//! Dutch page; the command line prints it.

use regie_domain::{DomainError, ErrorKind};
use regie_store::StoreError;

/// How a refusal is to be understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The input itself is invalid.
    Invalid,
    /// The input is valid but the current state does not allow it (also: a stale version).
    Conflict,
    /// The actor may not do this: no statutory task, no involvement, not their consent.
    Forbidden,
    /// What was asked for does not exist, or is not visible to the actor.
    NotFound,
}

/// One reason for a refusal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    /// The request field (dotted path), when the reason is about one.
    pub field: Option<String>,
    /// Stable machine-readable code, e.g. `not_involved`.
    pub code: String,
    /// The reason in English.
    pub en: String,
    /// The reason in Dutch.
    pub nl: String,
}

/// Everything the access layer can fail with.
#[derive(Debug)]
pub enum AccessError {
    /// The request cannot be accepted; the reasons (at least one) say why.
    Refused {
        /// How to read it.
        refusal: Refusal,
        /// Why.
        reasons: Vec<Reason>,
    },
    /// Something failed on our side.
    Internal(Box<dyn std::error::Error + Send + Sync>),
}

/// The code of the refusal of an actor who is not involved in a household's file (need-to-know).
pub(crate) const NOT_INVOLVED: &str = "not_involved";

impl AccessError {
    /// Whether this refuses an actor who is not involved in a household's file (need-to-know).
    pub fn is_not_involved(&self) -> bool {
        matches!(self, Self::Refused { refusal: Refusal::Forbidden, reasons } if reasons.iter().any(|r| r.code == NOT_INVOLVED))
    }

    /// A refusal with one reason.
    pub fn refused(
        refusal: Refusal,
        field: Option<&str>,
        code: &str,
        en: impl Into<String>,
        nl: impl Into<String>,
    ) -> Self {
        Self::Refused {
            refusal,
            reasons: vec![Reason {
                field: field.map(str::to_owned),
                code: code.to_owned(),
                en: en.into(),
                nl: nl.into(),
            }],
        }
    }

    /// The thing asked for does not exist (or is not visible to the actor).
    pub fn not_found(entity: &str) -> Self {
        Self::refused(
            Refusal::NotFound,
            None,
            "not_found",
            format!("{entity} not found"),
            format!("{} niet gevonden", entity_nl(entity)),
        )
    }

    /// An internal failure with this cause.
    pub fn internal(cause: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Internal(Box::new(cause))
    }
}

/// The Dutch name of an entity in a "not found".
fn entity_nl(entity: &str) -> &str {
    match entity {
        "household" => "huishouden",
        "person" => "persoon",
        "case" => "zaak",
        "membership" => "lidmaatschap",
        "professional" => "professional",
        "signal" => "signaal",
        "team" => "team",
        "consent" => "toestemming",
        "emergency access" => "noodtoegang",
        _ => "pagina",
    }
}

fn reason(e: DomainError) -> Reason {
    Reason {
        field: e.field.map(str::to_owned),
        code: e.code.to_owned(),
        en: e.en,
        nl: e.nl,
    }
}

fn refusal_of(kind: ErrorKind) -> Refusal {
    match kind {
        ErrorKind::Invalid => Refusal::Invalid,
        ErrorKind::Conflict => Refusal::Conflict,
        ErrorKind::Forbidden => Refusal::Forbidden,
    }
}

impl From<DomainError> for AccessError {
    fn from(e: DomainError) -> Self {
        Self::Refused {
            refusal: refusal_of(e.kind),
            reasons: vec![reason(e)],
        }
    }
}

impl From<Vec<DomainError>> for AccessError {
    /// Every reason, refused as the gravest of them: who may not do it before where the case stands, and
    /// that before what was typed.
    fn from(errors: Vec<DomainError>) -> Self {
        let gravity = |k: &ErrorKind| match k {
            ErrorKind::Forbidden => 2,
            ErrorKind::Conflict => 1,
            ErrorKind::Invalid => 0,
        };
        let refusal = (errors.iter().map(|e| e.kind).max_by_key(gravity)).map_or(Refusal::Invalid, refusal_of);
        Self::Refused {
            refusal,
            reasons: errors.into_iter().map(reason).collect(),
        }
    }
}

impl From<StoreError> for AccessError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { entity } => Self::not_found(entity),
            StoreError::Conflict { code, field, en, nl } => Self::refused(Refusal::Conflict, field, code, en, nl),
            other => Self::Internal(Box::new(other)),
        }
    }
}

impl std::fmt::Display for AccessError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Refused { refusal, reasons } => {
                write!(f, "{refusal:?}")?;
                for r in reasons {
                    match &r.field {
                        Some(field) => write!(f, "; {field}: {}", r.en)?,
                        None => write!(f, "; {}", r.en)?,
                    }
                }
                Ok(())
            }
            Self::Internal(cause) => write!(f, "internal error: {cause}"),
        }
    }
}

impl std::error::Error for AccessError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_with_several_reasons_is_refused_as_the_gravest() {
        let invalid = DomainError::invalid("reason", "required", "fill it in", "Vul de reden in.");
        let conflict = DomainError::conflict(None, "case_closed", "closed", "Deze zaak is afgesloten.");
        let forbidden = DomainError::forbidden("statutory_task", "not yours", "Dit mag u niet doen.");
        let refusal = |errors: Vec<DomainError>| match AccessError::from(errors) {
            AccessError::Refused { refusal, reasons } => (refusal, reasons.len()),
            other => panic!("{other:?}"),
        };
        assert_eq!(refusal(vec![invalid.clone()]), (Refusal::Invalid, 1));
        assert_eq!(refusal(vec![invalid.clone(), conflict.clone()]), (Refusal::Conflict, 2));
        assert_eq!(refusal(vec![invalid, conflict, forbidden]), (Refusal::Forbidden, 3));
        assert_eq!(refusal(vec![]), (Refusal::Invalid, 0));
    }
}
