//! A household member's lawyer (advocaat; F16): registered by the member, who may also let them read the
//! court proceedings that concern them.
//!
//! - The letters about a request for a measure and the court's decisions on measures go to the lawyer too
//!   (`crate::letter`), from the moment the lawyer is registered.
//! - With the client's consent (AVG art. 6 lid 1 sub a), the lawyer reads the court proceedings concerning
//!   their client, read-only: the requests, hearings and decisions, the measures, and the letters sent to
//!   the lawyer. The consent can be withdrawn at any time (AVG art. 7 lid 3); the access ends with it.

use crate::directory::Contact;
use crate::error::DomainError;
use crate::ids::PersonId;
use crate::text::ShortText;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// A member's lawyer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Lawyer {
    /// The client: the household member who registered them.
    pub client: PersonId,
    /// The lawyer's name.
    pub name: String,
    /// Their office.
    pub office: String,
    /// How to reach them: at least a phone number or an e-mail address.
    pub contact: Contact,
    /// When the client registered them; letters from then on go to them too.
    #[schema(value_type = String, format = DateTime)]
    pub registered_at: Timestamp,
    /// Since when the client lets them read the court proceedings concerning the client, if they do.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub consent: Option<Timestamp>,
}

impl Lawyer {
    /// The lawyer as the client typed them in; every wrong field named at once. Without a phone number
    /// or e-mail address, letters and questions cannot reach them.
    pub fn register(
        client: PersonId,
        name: &str,
        office: &str,
        phone: &str,
        email: &str,
        at: Timestamp,
    ) -> Result<Self, Vec<DomainError>> {
        let mut errors = Vec::new();
        let name = ShortText::parse("lawyer_name", name).map_err(|e| errors.push(e)).ok();
        let office = ShortText::parse("lawyer_office", office)
            .map_err(|e| errors.push(e))
            .ok();
        let contact = Contact::parse(phone, email).map_err(|e| errors.extend(e)).ok();
        if let Some(c) = &contact
            && c.phone.is_none()
            && c.email.is_none()
        {
            errors.push(DomainError::invalid(
                "phone",
                "contact_required",
                "give the lawyer's phone number or e-mail address",
                "Vul het telefoonnummer of het e-mailadres van de advocaat in, zodat brieven en vragen hen bereiken.",
            ));
        }
        match (name, office, contact) {
            (Some(name), Some(office), Some(contact)) if errors.is_empty() => Ok(Self {
                client,
                name: name.as_str().to_owned(),
                office: office.as_str().to_owned(),
                contact,
                registered_at: at,
                consent: None,
            }),
            _ => Err(errors),
        }
    }

    /// "mr. A. de Wit (Advocatenkantoor Wit), advocaat van Ilse Verhoef".
    pub fn label_nl(&self, client: &str) -> String {
        format!("{} ({}), advocaat van {client}", self.name, self.office)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lawyer_needs_a_name_an_office_and_a_way_to_reach_them_and_every_wrong_field_is_named() {
        let client = PersonId::new();
        let now = Timestamp::now();
        let errors = Lawyer::register(client, " ", "", "", "", now).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.unwrap_or("")).collect();
        assert_eq!(fields, ["lawyer_name", "lawyer_office", "phone"]);
        let errors = Lawyer::register(client, "mr. A. de Wit", "Wit Advocaten", "12", "geen-adres", now).unwrap_err();
        let codes: Vec<_> = errors.iter().map(|e| e.code).collect();
        assert_eq!(codes, ["phone_invalid", "email_invalid"]);
        let lawyer = Lawyer::register(client, "mr. A. de Wit", "Wit Advocaten", "", "wit@example.nl", now).unwrap();
        assert_eq!(lawyer.consent, None);
        assert_eq!(
            lawyer.label_nl("Ilse Verhoef"),
            "mr. A. de Wit (Wit Advocaten), advocaat van Ilse Verhoef"
        );
    }
}
