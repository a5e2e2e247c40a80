//! Notifications to partner systems (F28), after the NL GOV profile for CloudEvents 1.0 (Logius): an
//! organisation subscribes an endpoint of its own to event types; each notification says *that* something
//! happened to a case or a report and where to read it (`dataref`), never what ("informatiearm notificeren"),
//! so the receiver fetches it with its own token and need-to-know applies as to any other read.

use crate::error::DomainError;
use crate::route::ScalePart;
use crate::{CaseChange, OrganisationKind};
use jiff::SignedDuration;
use serde::{Deserialize, Serialize};

/// What a notification is about. Its `type` is in reverse-DNS notation after the data source (the profile
/// prefers the source's name over an organisation's), in Dutch as the profile's examples are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventType {
    /// A case moved to another phase of the route.
    CasePhaseChanged,
    /// A case got another fixed contact person (regievoerder).
    CaseLeadChanged,
    /// The Regional Safety Team was consulted, joined or took over.
    CaseScaledUp,
    /// A case was closed.
    CaseClosed,
    /// The juvenile court decided on a request (a child protection measure imposed, extended or refused).
    MeasureDecided,
    /// Veilig Thuis received a report or an advice request.
    SignalReceived,
}

impl EventType {
    /// Every type, for listings.
    pub const ALL: [EventType; 6] = [
        Self::CasePhaseChanged,
        Self::CaseLeadChanged,
        Self::CaseScaledUp,
        Self::CaseClosed,
        Self::MeasureDecided,
        Self::SignalReceived,
    ];

    /// The CloudEvents `type`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CasePhaseChanged => "nl.regie.zaak.fase-gewijzigd",
            Self::CaseLeadChanged => "nl.regie.zaak.regievoerder-gewijzigd",
            Self::CaseScaledUp => "nl.regie.zaak.opgeschaald",
            Self::CaseClosed => "nl.regie.zaak.afgesloten",
            Self::MeasureDecided => "nl.regie.zaak.rechter-besloten",
            Self::SignalReceived => "nl.regie.melding.ontvangen",
        }
    }

    /// The type of a CloudEvents `type` string.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// In Dutch, for the page.
    pub fn label_nl(self) -> &'static str {
        match self {
            Self::CasePhaseChanged => "Fase van een zaak gewijzigd",
            Self::CaseLeadChanged => "Vaste contactpersoon van een zaak gewijzigd",
            Self::CaseScaledUp => "Zaak opgeschaald naar het RVT",
            Self::CaseClosed => "Zaak afgesloten",
            Self::MeasureDecided => "Beslissing van de kinderrechter",
            Self::SignalReceived => "Melding of adviesvraag ontvangen",
        }
    }

    /// The type a case event is notified as, if any (most changes are the case's own business).
    pub fn of_change(change: &CaseChange) -> Option<Self> {
        match change {
            CaseChange::PhaseChanged { .. } => Some(Self::CasePhaseChanged),
            CaseChange::LeadChanged { .. }
            | CaseChange::MeasuresHandedOver { lead: Some(_), .. }
            | CaseChange::SignalInvestigationTakenOver { lead: Some(_), .. }
            | CaseChange::ScaleUpHandedOver {
                part: ScalePart::Local,
                lead: Some(_),
                ..
            } => Some(Self::CaseLeadChanged),
            // Another RVT professional, perhaps of another organisation, is brought in.
            CaseChange::ScaledUp { .. }
            | CaseChange::ScaleUpHandedOver {
                part: ScalePart::Rvt, ..
            } => Some(Self::CaseScaledUp),
            CaseChange::Closed { .. } => Some(Self::CaseClosed),
            CaseChange::CourtDecided { .. } => Some(Self::MeasureDecided),
            _ => None,
        }
    }

    /// Whether an organisation of this kind may subscribe: case events for the organisations that work in
    /// household files, court decisions for those with a statutory task in them, reports for Veilig Thuis,
    /// which receives them. The others never see a file, so they learn nothing of one either.
    pub fn may_subscribe(self, kind: OrganisationKind) -> bool {
        use OrganisationKind::{Gi, LocalTeam, Rvdk, Vt};
        match self {
            Self::CasePhaseChanged | Self::CaseLeadChanged | Self::CaseScaledUp | Self::CaseClosed => {
                matches!(kind, LocalTeam | Vt | Rvdk | Gi)
            }
            Self::MeasureDecided => matches!(kind, LocalTeam | Rvdk | Gi),
            Self::SignalReceived => kind == Vt,
        }
    }
}

/// Checks a subscription's endpoint: an absolute `https` address without credentials in it; plain `http`
/// only to this machine's loopback, and only where the deployment allows that (`allow_loopback`: the demo
/// and tests, with a receiver beside the server), never over a network.
pub fn check_endpoint(endpoint: &str, allow_loopback: bool) -> Result<(), DomainError> {
    let invalid = |en: &str, nl: &str| DomainError::invalid("endpoint", "invalid_endpoint", en, nl);
    let Ok(url) = url::Url::parse(endpoint.trim()) else {
        return Err(invalid(
            "the endpoint is not an absolute address",
            "Vul een volledig adres in dat met https:// begint.",
        ));
    };
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(
            "an endpoint carries no user name or password: Regie sends the bearer token",
            "Zet geen gebruikersnaam of wachtwoord in het adres; Regie stuurt het token mee.",
        ));
    }
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match url.scheme() {
        "https" if url.host().is_some() => Ok(()),
        "http" if loopback && allow_loopback => Ok(()),
        _ => Err(invalid(
            "the endpoint must be an https address",
            "Het adres moet met https:// beginnen: meldingen gaan alleen versleuteld over het netwerk.",
        )),
    }
}

/// How long to wait before the next try after `failures` failed deliveries in a row: 10 seconds, doubling,
/// at most an hour; a receiver's `Retry-After` (a 429 or 503) is honoured when longer, up to a day.
pub fn retry_delay(failures: u32, retry_after: Option<SignedDuration>) -> SignedDuration {
    let exponential =
        SignedDuration::from_secs(10 * (1i64 << failures.saturating_sub(1).min(9))).min(SignedDuration::from_hours(1));
    match retry_after {
        Some(asked) => asked.clamp(exponential, SignedDuration::from_hours(24)),
        None => exponential,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_new_rvt_professional_is_a_scale_up_and_a_new_local_contact_a_lead_change() {
        let handed = |part, lead| CaseChange::ScaleUpHandedOver {
            part,
            from: crate::ProfessionalId::new(),
            to: crate::ProfessionalId::new(),
            lead,
            basis: None,
        };
        let lead = Some(crate::Lead {
            primary: crate::ProfessionalId::new(),
            secondary: None,
        });
        // The new RVT organisation's system hears of it even where the lead stays (a consultation).
        for lead in [None, lead] {
            assert_eq!(
                EventType::of_change(&handed(ScalePart::Rvt, lead)),
                Some(EventType::CaseScaledUp)
            );
        }
        assert_eq!(
            EventType::of_change(&handed(ScalePart::Local, lead)),
            Some(EventType::CaseLeadChanged)
        );
        // Whom a transfer returns to is not its contact person yet.
        assert_eq!(EventType::of_change(&handed(ScalePart::Local, None)), None);
    }

    #[test]
    fn types_are_reverse_dns_and_parse_back() {
        for t in EventType::ALL {
            assert!(t.as_str().starts_with("nl.regie."), "{t:?}");
            assert!(
                t.as_str()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '.' || c == '-')
            );
            assert_eq!(EventType::parse(t.as_str()), Some(t));
        }
        assert_eq!(EventType::parse("nl.regie.zaak.onbekend"), None);
    }

    #[test]
    fn only_organisations_that_work_in_files_subscribe_to_case_events_and_only_veilig_thuis_to_reports() {
        assert!(EventType::CasePhaseChanged.may_subscribe(OrganisationKind::LocalTeam));
        assert!(EventType::MeasureDecided.may_subscribe(OrganisationKind::Gi));
        assert!(!EventType::MeasureDecided.may_subscribe(OrganisationKind::Vt));
        assert!(EventType::SignalReceived.may_subscribe(OrganisationKind::Vt));
        assert!(!EventType::SignalReceived.may_subscribe(OrganisationKind::LocalTeam));
        for kind in [
            OrganisationKind::Municipality,
            OrganisationKind::Police,
            OrganisationKind::School,
            OrganisationKind::Research,
        ] {
            assert!(EventType::ALL.iter().all(|t| !t.may_subscribe(kind)), "{kind:?}");
        }
    }

    #[test]
    fn endpoints_are_https_or_loopback_http_without_credentials() {
        assert!(check_endpoint("https://partner.example.nl/regie/meldingen", false).is_ok());
        assert!(check_endpoint("http://127.0.0.1:9000/hook", true).is_ok());
        assert!(check_endpoint("http://localhost/hook", true).is_ok());
        assert!(check_endpoint("http://[::1]:8000/", true).is_ok());
        // Where the deployment does not allow it, not even loopback (no port scanning of the server itself).
        assert!(check_endpoint("http://127.0.0.1:9000/hook", false).is_err());
        for bad in [
            "http://partner.example.nl/hook",
            "http://10.0.0.8/hook",
            "ftp://partner.example.nl/",
            "https://user:secret@partner.example.nl/",
            "partner.example.nl/hook",
            "",
        ] {
            let e = check_endpoint(bad, true).unwrap_err();
            assert_eq!(e.field, Some("endpoint"), "{bad}");
        }
    }

    #[test]
    fn the_first_retries_come_quickly_and_a_receivers_retry_after_is_honoured() {
        assert_eq!(retry_delay(1, None), SignedDuration::from_secs(10));
        assert_eq!(retry_delay(2, None), SignedDuration::from_secs(20));
        assert_eq!(retry_delay(30, None), SignedDuration::from_hours(1));
        let asked = SignedDuration::from_secs(120);
        assert_eq!(retry_delay(1, Some(asked)), asked);
        assert_eq!(
            retry_delay(1, Some(SignedDuration::from_secs(1))),
            SignedDuration::from_secs(10)
        );
        assert_eq!(
            retry_delay(1, Some(SignedDuration::from_hours(100))),
            SignedDuration::from_hours(24)
        );
    }

    proptest! {
        #[test]
        fn a_delay_never_shrinks_with_more_failures(n in 0u32..64, asked in proptest::option::of(0i64..200_000)) {
            let asked = asked.map(SignedDuration::from_secs);
            prop_assert!(retry_delay(n + 1, asked) >= retry_delay(n, asked));
            prop_assert!(retry_delay(n, asked) <= SignedDuration::from_hours(24));
        }
    }
}
