//! The one web error type. User errors become RFC 9457 `application/problem+json` naming the field, a
//! stable code and the reason in English and Dutch; internal errors are an opaque 500 with an id that the
//! log line carries too, so support can find the cause without the response leaking it.

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use regie_access::{AccessError, Refusal};
use regie_domain::DomainError;
use serde::Serialize;
use std::ops::RangeInclusive;
use utoipa::ToSchema;

/// One reason a request was refused.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct FieldError {
    /// The request field (dotted path), when the reason is about one.
    pub field: Option<String>,
    /// Stable machine-readable code, e.g. `bsn_checksum`.
    pub code: String,
    /// The reason in English.
    pub detail: String,
    /// The reason in Dutch.
    pub detail_nl: String,
}

/// An RFC 9457 problem document, with Regie's extension members.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// Always `about:blank`: the `code` says what kind of problem it is.
    #[serde(rename = "type")]
    pub problem_type: &'static str,
    /// The HTTP status phrase.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// The first reason, in English.
    pub detail: String,
    /// The first reason, in Dutch.
    pub detail_nl: String,
    /// The code of the first reason.
    pub code: String,
    /// The field of the first reason, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Every reason, when several fields were wrong.
    pub errors: Vec<FieldError>,
    /// Extra data for some problems (e.g. the possible duplicates of a person).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub data: Option<serde_json::Value>,
}

/// Everything a handler can fail with.
#[derive(Debug)]
pub enum ApiError {
    /// The caller sent something that cannot be accepted; status and reasons say why.
    User {
        /// The HTTP status.
        status: StatusCode,
        /// The reasons (at least one).
        errors: Vec<FieldError>,
        /// Extra data.
        data: Option<serde_json::Value>,
    },
    /// Something failed on our side.
    Internal(Box<dyn std::error::Error + Send + Sync>),
}

/// Numeric query parameters checked with [`in_range`]: their values, or one refusal (400) that names every
/// parameter out of its range at once.
pub fn in_ranges<const N: usize>(checks: [Result<u32, FieldError>; N]) -> Result<[u32; N], ApiError> {
    let refused: Vec<FieldError> = checks.iter().filter_map(|c| c.as_ref().err().cloned()).collect();
    if !refused.is_empty() {
        return Err(ApiError::User {
            status: StatusCode::BAD_REQUEST,
            errors: refused,
            data: None,
        });
    }
    Ok(checks.map(|c| c.unwrap_or_default()))
}

/// A numeric query parameter's value (or `default` when it is absent), or the reason it is refused: outside
/// `range`, named with the range in both languages.
pub fn in_range(field: &str, value: Option<u32>, default: u32, range: RangeInclusive<u32>) -> Result<u32, FieldError> {
    let value = value.unwrap_or(default);
    if range.contains(&value) {
        return Ok(value);
    }
    let (low, high) = (*range.start(), *range.end());
    Err(FieldError {
        field: Some(field.to_owned()),
        code: "out_of_range".to_owned(),
        detail: format!("{field} must be between {low} and {high}"),
        detail_nl: format!("{field} moet tussen {low} en {high} liggen"),
    })
}

impl ApiError {
    /// The same error with reasons about request field `from` moved to `to` (a form names the field
    /// differently, to keep its ids apart from another form's on the same page).
    pub fn renamed(mut self, from: &str, to: &str) -> Self {
        if let Self::User { errors, .. } = &mut self {
            for e in errors.iter_mut().filter(|e| e.field.as_deref() == Some(from)) {
                e.field = Some(to.to_owned());
            }
        }
        self
    }

    /// A user error with one reason.
    pub fn user(
        status: StatusCode,
        field: Option<&str>,
        code: &str,
        en: impl Into<String>,
        nl: impl Into<String>,
    ) -> Self {
        ApiError::User {
            status,
            errors: vec![FieldError {
                field: field.map(str::to_owned),
                code: code.to_owned(),
                detail: en.into(),
                detail_nl: nl.into(),
            }],
            data: None,
        }
    }

    /// The thing named in the path does not exist (or is not visible to the caller).
    pub fn not_found(entity: &str) -> Self {
        AccessError::not_found(entity).into()
    }

    /// The request carries no valid API token.
    pub fn unauthenticated() -> Self {
        Self::user(
            StatusCode::UNAUTHORIZED,
            None,
            "unauthenticated",
            "sign in: send a valid API token as `Authorization: Bearer <token>`",
            "meld je aan: stuur een geldig API-token als `Authorization: Bearer <token>`",
        )
    }

    /// Adds extra data to a user error.
    pub fn with_data(self, value: serde_json::Value) -> Self {
        match self {
            ApiError::User { status, errors, .. } => ApiError::User {
                status,
                errors,
                data: Some(value),
            },
            other => other,
        }
    }
}

impl From<AccessError> for ApiError {
    fn from(e: AccessError) -> Self {
        match e {
            AccessError::Refused { refusal, reasons } => ApiError::User {
                status: match refusal {
                    Refusal::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
                    Refusal::Conflict => StatusCode::CONFLICT,
                    Refusal::Forbidden => StatusCode::FORBIDDEN,
                    Refusal::NotFound => StatusCode::NOT_FOUND,
                },
                errors: reasons
                    .into_iter()
                    .map(|r| FieldError {
                        field: r.field,
                        code: r.code,
                        detail: r.en,
                        detail_nl: r.nl,
                    })
                    .collect(),
                data: None,
            },
            AccessError::Internal(cause) => ApiError::Internal(cause),
        }
    }
}

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> Self {
        AccessError::from(e).into()
    }
}

impl From<Vec<DomainError>> for ApiError {
    fn from(errors: Vec<DomainError>) -> Self {
        AccessError::from(errors).into()
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        let status = rejection.status();
        let (code, en, nl, field) = match &rejection {
            JsonRejection::JsonDataError(e) => {
                let (field, reason) = split_serde_path(&e.body_text());
                (
                    "invalid_body",
                    reason,
                    "een veld heeft een ongeldige waarde of ontbreekt".to_owned(),
                    field,
                )
            }
            JsonRejection::JsonSyntaxError(e) => (
                "malformed_json",
                e.body_text(),
                "de body is geen geldige JSON".into(),
                None,
            ),
            JsonRejection::MissingJsonContentType(_) => (
                "content_type",
                "send the body as JSON with `Content-Type: application/json`".into(),
                "stuur de body als JSON met `Content-Type: application/json`".into(),
                None,
            ),
            _ if status == StatusCode::PAYLOAD_TOO_LARGE => (
                "body_too_large",
                "the request body is too large".into(),
                "de body van het verzoek is te groot".into(),
                None,
            ),
            other => (
                "invalid_body",
                other.body_text(),
                "de body van het verzoek kon niet worden gelezen".into(),
                None,
            ),
        };
        ApiError::User {
            status,
            errors: vec![FieldError {
                field,
                code: code.into(),
                detail: en,
                detail_nl: nl,
            }],
            data: None,
        }
    }
}

/// Axum reports a typed-JSON failure as "Failed to deserialize ...: <path>: <reason>"; the path is the field.
/// A missing or unknown field names itself in backticks.
fn split_serde_path(text: &str) -> (Option<String>, String) {
    let rest = (["target type: ", "query string: "].iter())
        .find_map(|p| text.split_once(p).map(|(_, r)| r))
        .unwrap_or(text);
    let (path, reason) = match rest.split_once(": ") {
        Some((path, reason)) if !path.contains(' ') && path != "." => (Some(path.to_owned()), reason.to_owned()),
        _ => (None, rest.to_owned()),
    };
    let named = ["missing field `", "unknown field `"]
        .iter()
        .find_map(|p| reason.strip_prefix(p))
        .and_then(|r| r.split_once('`'))
        .map(|(name, _)| match &path {
            // serde's path already ends at an unknown field, but stops before a missing one.
            Some(p) if p == name || p.ends_with(&format!(".{name}")) => p.clone(),
            Some(p) => format!("{p}.{name}"),
            None => name.to_owned(),
        });
    (named.or(path), reason)
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        ApiError::user(
            StatusCode::NOT_FOUND,
            None,
            "invalid_id",
            format!("this address does not name anything: {}", rejection.body_text()),
            "dit adres verwijst nergens naar: de id in het pad is ongeldig",
        )
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        let (field, reason) = split_serde_path(&rejection.body_text());
        ApiError::user(
            StatusCode::BAD_REQUEST,
            field.as_deref(),
            "invalid_query",
            reason,
            "een zoekparameter heeft een ongeldige waarde",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, errors, data) = match self {
            ApiError::User { status, errors, data } => (status, errors, data),
            ApiError::Internal(cause) => {
                let id = uuid::Uuid::now_v7();
                tracing::error!(error_id = %id, error = %cause, "internal error");
                let detail = format!("something went wrong on our side; quote error id {id}");
                let nl = format!("er ging aan onze kant iets mis; noem foutcode {id}");
                let e = FieldError {
                    field: None,
                    code: "internal".into(),
                    detail,
                    detail_nl: nl,
                };
                (StatusCode::INTERNAL_SERVER_ERROR, vec![e], None)
            }
        };
        let first = errors.first().cloned().expect("a problem has at least one reason");
        let problem = Problem {
            problem_type: "about:blank",
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: first.detail,
            detail_nl: first.detail_nl,
            code: first.code,
            field: first.field,
            errors,
            data,
        };
        let mut response = (status, Json(problem)).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// Collects the errors of several fields so that one response names all of them.
#[derive(Default)]
pub struct Fields(Vec<DomainError>);

impl Fields {
    /// Keeps the value, or remembers the error.
    pub fn check<T>(&mut self, result: Result<T, DomainError>) -> Option<T> {
        result.map_err(|e| self.0.push(e)).ok()
    }

    /// Remembers an error found by the caller.
    pub fn push(&mut self, error: DomainError) {
        self.0.push(error);
    }

    /// Keeps the value, or remembers all its errors.
    pub fn check_all<T>(&mut self, result: Result<T, Vec<DomainError>>) -> Option<T> {
        result.map_err(|e| self.0.extend(e)).ok()
    }

    /// Fails with every remembered error, if there is any.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.0.is_empty() { Ok(()) } else { Err(self.0.into()) }
    }
}

/// JSON body extractor whose rejections are problem documents. Every request body is a JSON object: an
/// array is refused, though serde would read a struct from one (`[null, null]` as `{}`).
pub struct ApiJson<T>(pub T);

impl<T, S> axum::extract::FromRequest<S> for ApiJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        // Content type, size and syntax first, as axum checks them.
        let axum::Json(value) = axum::Json::<serde_json::Value>::from_request(req, state).await?;
        if !value.is_object() {
            return Err(ApiError::User {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                errors: vec![FieldError {
                    field: None,
                    code: "invalid_body".into(),
                    detail: "the body must be a JSON object".into(),
                    detail_nl: "de body moet een JSON-object zijn".into(),
                }],
                data: None,
            });
        }
        // Then the shape, with axum's messages that name the field.
        let bytes = serde_json::to_vec(&value).map_err(|e| ApiError::Internal(Box::new(e)))?;
        let axum::Json(body) = axum::Json::<T>::from_bytes(&bytes)?;
        Ok(Self(body))
    }
}

/// Path extractor whose rejections are problem documents.
#[derive(axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

/// Query extractor whose rejections are problem documents.
#[derive(axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::User { status, errors, .. } => {
                write!(f, "{status}")?;
                for e in errors {
                    match &e.field {
                        Some(field) => write!(f, "; {field}: {}", e.detail)?,
                        None => write!(f, "; {}", e.detail)?,
                    }
                }
                Ok(())
            }
            ApiError::Internal(cause) => write!(f, "internal error: {cause}"),
        }
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_serde_path_becomes_the_field() {
        let text = "Failed to deserialize the JSON body into the target type: lead.primary: UUID parsing failed at line 1 column 9";
        assert_eq!(
            split_serde_path(text),
            (
                Some("lead.primary".into()),
                "UUID parsing failed at line 1 column 9".into()
            )
        );
        let text = "Failed to deserialize the JSON body into the target type: missing field `name` at line 1 column 2";
        assert_eq!(split_serde_path(text).0.as_deref(), Some("name"));
        let text =
            "Failed to deserialize the JSON body into the target type: lead: unknown field `primry`, expected one of";
        assert_eq!(split_serde_path(text).0.as_deref(), Some("lead.primry"));
        assert_eq!(split_serde_path("expected value at line 1 column 1").0, None);
        // A query string's parameters are named the same way.
        let text = "Failed to deserialize query string: choice: unknown variant `everyone`, expected one of `lead`";
        assert_eq!(split_serde_path(text).0.as_deref(), Some("choice"));
        let text = "Failed to deserialize query string: missing field `choice`";
        assert_eq!(split_serde_path(text).0.as_deref(), Some("choice"));
    }
}
