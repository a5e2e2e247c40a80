//! Webhooks to partner systems (F28): an organisation's administrator subscribes an endpoint of the
//! organisation's own to event types; the deliverer posts each notification in the outbox as a CloudEvent
//! after the NL GOV profile for CloudEvents 1.0 (structured mode, `application/cloudevents+json`), at least
//! once, in order per subscription (so per case), retried with growing delays and honouring `Retry-After`.
//!
//! A notification holds no personal data ("informatiearm"): its `dataref` points to the API resource, which
//! the receiver reads with its own token, so need-to-know decides there as for any read. Each is sent with the
//! subscriber's bearer token and signed after the Standard Webhooks scheme (`webhook-id`,
//! `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA-256 of "id.timestamp.body">`).

use super::{Access, Scope};
use crate::error::AccessError;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use jiff::{SignedDuration, Timestamp};
use regie_domain::notification::{EventType, check_endpoint, retry_delay};
use regie_domain::{DomainError, SubscriptionId, time};
use regie_store::{Delivery, Subscription};
use serde::Serialize;
use std::time::Duration;

/// How long a server holds a subscription's deliveries: longer than a round can take (it starts no delivery
/// after [`ROUND_TIME`] and each ends within [`TIMEOUT`]), short enough that after a crash another server (or
/// the same one restarted) takes over soon.
const LEASE_SECONDS: i64 = 15;

/// A round starts no new delivery for a subscription after this long.
const ROUND_TIME: Duration = Duration::from_secs(5);

/// At most this many notifications per subscription in one round.
const ROUND: u32 = 100;

/// How long a receiver has to answer (Standard Webhooks advises receivers to answer at once and work later).
const TIMEOUT: Duration = Duration::from_secs(5);

/// Where notifications point and what they say they come from.
#[derive(Debug, Clone)]
pub struct NotificationSettings {
    /// The address partner systems reach the API at (`dataref` starts with it), without a trailing slash.
    pub public_url: String,
    /// The CloudEvents `source`: a URN in the `nld` namespace naming the organisation and the system.
    pub source: String,
}

/// A subscription as its organisation sees it: the bearer token and the secret are never shown again.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SubscriptionView {
    /// Its id.
    pub id: SubscriptionId,
    /// Where notifications are posted.
    pub endpoint: String,
    /// The CloudEvents types it receives.
    pub event_types: Vec<String>,
    /// When it was made.
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    /// When it was ended, if it was.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub ended_at: Option<Timestamp>,
}

impl From<&Subscription> for SubscriptionView {
    fn from(s: &Subscription) -> Self {
        Self {
            id: s.id,
            endpoint: s.endpoint.clone(),
            event_types: s.event_types.iter().map(|t| t.as_str().to_owned()).collect(),
            created_at: s.created_at,
            ended_at: s.ended_at,
        }
    }
}

/// A notification's delivery, as its organisation sees it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DeliveryView {
    /// The CloudEvent's `id`.
    pub event_id: uuid::Uuid,
    /// The CloudEvent's `type`.
    pub event_type: String,
    /// The API path it points to (its `dataref` is this under the server's public address).
    pub resource: String,
    /// When the event happened.
    #[schema(value_type = String, format = DateTime)]
    pub time: Timestamp,
    /// Failed tries.
    pub attempts: u32,
    /// The receiver's last HTTP status.
    pub last_status: Option<u16>,
    /// Why the last try failed.
    pub last_error: Option<String>,
    /// When it was accepted; empty while it waits.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub delivered_at: Option<Timestamp>,
    /// When it is tried next, while it waits.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub next_attempt_at: Option<Timestamp>,
}

/// A CloudEvent after the NL GOV profile, in its JSON format.
#[derive(Debug, Serialize)]
struct CloudEvent<'a> {
    specversion: &'static str,
    /// The event's persistent id (the profile asks for it when there is one).
    id: String,
    source: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    /// When the event was recorded in Regie (the profile's advice: the time it was logged).
    time: String,
    /// The API resource to read, with the receiver's own token.
    dataref: String,
    /// The event's place in its case, zero-padded so it orders as text.
    #[serde(skip_serializing_if = "Option::is_none")]
    sequence: Option<String>,
}

/// The API path of what a notification is about.
fn resource(d: &Delivery) -> String {
    let kind = if d.event_type == EventType::SignalReceived {
        "signals"
    } else {
        "cases"
    };
    format!("/api/v1/{kind}/{}", d.resource_id)
}

/// A notification's body.
fn cloud_event(settings: &NotificationSettings, d: &Delivery) -> Vec<u8> {
    let event = CloudEvent {
        specversion: "1.0",
        id: d.event_id.to_string(),
        source: &settings.source,
        kind: d.event_type.as_str(),
        time: d.at.to_string(),
        dataref: format!("{}{}", settings.public_url, resource(d)),
        sequence: d.sequence.map(|s| format!("{s:010}")),
    };
    serde_json::to_vec(&event).expect("a CloudEvent serialises")
}

/// The Standard Webhooks signature of a body: `v1,` and the base64 HMAC-SHA-256 of `id.timestamp.body` under
/// the secret (the part after `whsec_`, base64 decoded).
pub fn signature(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> Option<String> {
    use hmac::Mac;
    let key = BASE64.decode(secret.strip_prefix("whsec_")?).ok()?;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key).ok()?;
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body);
    Some(format!("v1,{}", BASE64.encode(mac.finalize().into_bytes())))
}

/// A fresh signing secret: `whsec_` and 32 random bytes in base64.
fn fresh_secret() -> Result<String, AccessError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AccessError::Internal(Box::new(e)))?;
    Ok(format!("whsec_{}", BASE64.encode(bytes)))
}

impl Scope<'_> {
    /// Subscribes an endpoint of the actor's organisation to event types, as its administrator; returns the
    /// subscription and its signing secret, shown this once. Every wrong field is named at once: an endpoint
    /// that is not https (outside loopback), no type, an unknown type or one the organisation may not see,
    /// a bearer token too short to be a secret.
    pub async fn subscribe(
        &self,
        endpoint: &str,
        event_types: &[String],
        bearer_token: &str,
    ) -> Result<(SubscriptionView, String), AccessError> {
        self.must_administer().await?;
        let loopback = self.loopback_endpoints;
        let mut errors: Vec<DomainError> = check_endpoint(endpoint, loopback).err().into_iter().collect();
        let mut types = Vec::new();
        if event_types.is_empty() {
            errors.push(DomainError::invalid(
                "event_types",
                "required",
                "choose at least one event type",
                "Kies ten minste één soort melding.",
            ));
        }
        for typed in event_types {
            match EventType::parse(typed.trim()) {
                Some(t) if t.may_subscribe(self.actor.kind) => {
                    if !types.contains(&t) {
                        types.push(t);
                    }
                }
                Some(t) => errors.push(DomainError::invalid(
                    "event_types",
                    "not_for_organisation",
                    format!("your organisation may not receive {}", t.as_str()),
                    format!(
                        "Uw organisatie kan zich niet abonneren op '{}': die gebeurtenis hoort niet bij haar wettelijke taak.",
                        t.label_nl()
                    ),
                )),
                None => errors.push(DomainError::invalid(
                    "event_types",
                    "unknown_event_type",
                    format!("unknown event type {typed:?}"),
                    "Kies een soort melding uit de lijst.",
                )),
            }
        }
        let token = bearer_token.trim();
        if token.chars().count() < 20 || token.chars().any(char::is_whitespace) {
            errors.push(DomainError::invalid(
                "bearer_token",
                "weak_token",
                "the bearer token has at least 20 characters and no spaces",
                "Vul het token in dat uw systeem van Regie verwacht: minstens 20 tekens, zonder spaties.",
            ));
        }
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let subscription = Subscription {
            id: SubscriptionId::new(),
            organisation_id: self.actor.organisation,
            endpoint: endpoint.trim().to_owned(),
            event_types: types,
            bearer_token: token.to_owned(),
            signing_secret: fresh_secret()?,
            created_at: time::now(),
            created_by: self.actor.professional,
            ended_at: None,
        };
        self.store.add_subscription(&subscription).await?;
        Ok(((&subscription).into(), subscription.signing_secret))
    }

    /// The subscriptions of the actor's organisation, for its administrator.
    pub async fn subscriptions(&self) -> Result<Vec<SubscriptionView>, AccessError> {
        self.must_administer().await?;
        let found = self.store.subscriptions_of(self.actor.organisation).await?;
        Ok(found.iter().map(SubscriptionView::from).collect())
    }

    /// A subscription of the actor's organisation (another's is not found).
    async fn own_subscription(&self, id: SubscriptionId) -> Result<Subscription, AccessError> {
        self.must_administer().await?;
        (self.store.subscription(id).await?)
            .filter(|s| s.organisation_id == self.actor.organisation)
            .ok_or_else(|| AccessError::not_found("subscription"))
    }

    /// Ends a subscription of the actor's organisation: what it has not delivered yet is dropped.
    pub async fn end_subscription(&self, id: SubscriptionId) -> Result<SubscriptionView, AccessError> {
        let mut found = self.own_subscription(id).await?;
        if !self.store.end_subscription(id, time::now()).await? {
            return Err(DomainError::conflict(
                None,
                "already_ended",
                "this subscription was ended already",
                "Dit abonnement is al beëindigd.",
            )
            .into());
        }
        found.ended_at = Some(time::now());
        Ok((&found).into())
    }

    /// A subscription's latest deliveries and failures, newest first.
    pub async fn deliveries(&self, id: SubscriptionId) -> Result<Vec<DeliveryView>, AccessError> {
        self.own_subscription(id).await?;
        let found = self.store.deliveries(id, 200).await?;
        Ok(found
            .iter()
            .map(|d| DeliveryView {
                event_id: d.event_id,
                event_type: d.event_type.as_str().to_owned(),
                resource: resource(d),
                time: d.at,
                attempts: d.attempts,
                last_status: d.last_status,
                last_error: d.last_error.clone(),
                delivered_at: d.delivered_at,
                next_attempt_at: d.delivered_at.is_none().then_some(d.next_attempt_at),
            })
            .collect())
    }
}

/// What one round of deliveries did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DeliveryRound {
    /// Notifications accepted by their receivers.
    pub delivered: u32,
    /// Tries that failed (each is tried again later).
    pub failed: u32,
}

impl Access {
    /// How many notifications wait in the outbox.
    pub async fn outbox_depth(&self) -> Result<u64, AccessError> {
        Ok(self.store.outbox_depth().await?)
    }

    /// One round of deliveries: for every subscription this server can lease, its waiting notifications in
    /// order, until one fails (the later ones wait for it, so a case's notifications never overtake each
    /// other). A failure is tried again after [`retry_delay`]. Logs carry no personal data: there is none.
    pub async fn deliver_notifications(
        &self,
        client: &reqwest::Client,
        settings: &NotificationSettings,
    ) -> Result<DeliveryRound, AccessError> {
        let mut round = DeliveryRound::default();
        // This round's id: only its holder extends or gives back a lease.
        let holder = super::random_token()?;
        for sub in self.store.active_subscriptions().await? {
            if !self.lease(&sub, &holder).await? {
                continue;
            }
            let result = self
                .deliver_subscription(client, settings, &sub, &holder, &mut round)
                .await;
            self.store.release_subscription(sub.id, &holder).await?;
            result?;
        }
        Ok(round)
    }

    /// Delivers notifications for as long as the server runs: a round every second (a receiver that fails
    /// waits for its own retry time). Failures of the store are logged and tried again.
    pub async fn deliver_forever(self, settings: NotificationSettings) {
        // No redirects: a receiver's redirect must not send Regie's requests elsewhere.
        let client = reqwest::Client::builder()
            .connect_timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build();
        let client = match client {
            Ok(client) => client,
            Err(error) => {
                tracing::error!(%error, "no HTTP client for notifications: they wait in the outbox");
                return;
            }
        };
        loop {
            if let Err(error) = self.deliver_notifications(&client, &settings).await {
                tracing::warn!(%error, "a round of notifications failed; it is tried again");
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }

    /// Takes or extends a subscription's lease for this round; false if another server has it.
    async fn lease(&self, sub: &Subscription, holder: &str) -> Result<bool, AccessError> {
        let now = time::now();
        let until = now + SignedDuration::from_secs(LEASE_SECONDS);
        Ok(self.store.lease_subscription(sub.id, holder, now, until).await?)
    }

    async fn deliver_subscription(
        &self,
        client: &reqwest::Client,
        settings: &NotificationSettings,
        sub: &Subscription,
        holder: &str,
        round: &mut DeliveryRound,
    ) -> Result<(), AccessError> {
        let started = std::time::Instant::now();
        for d in self.store.pending_deliveries(sub.id, ROUND).await? {
            let now = time::now();
            // Each delivery first extends the lease: a server that stalled past it has lost the subscription
            // to another and stops, so two never deliver it at once.
            if d.next_attempt_at > now || started.elapsed() > ROUND_TIME || !self.lease(sub, holder).await? {
                break;
            }
            let body = cloud_event(settings, &d);
            let id = d.event_id.to_string();
            let timestamp = now.as_second();
            let signed = signature(&sub.signing_secret, &id, timestamp, &body)
                .ok_or_else(|| AccessError::Internal("a subscription's signing secret is not valid".into()))?;
            let sent = client
                .post(&sub.endpoint)
                .timeout(TIMEOUT)
                .header("content-type", "application/cloudevents+json; charset=utf-8")
                .bearer_auth(&sub.bearer_token)
                .header("webhook-id", &id)
                .header("webhook-timestamp", timestamp.to_string())
                .header("webhook-signature", signed)
                .body(body)
                .send()
                .await;
            let (status, retry_after, error) = match sent {
                Ok(r) if r.status().is_success() => {
                    self.store.delivered(d.id, time::now(), r.status().as_u16()).await?;
                    round.delivered += 1;
                    continue;
                }
                Ok(r) => {
                    let retry_after = (r.headers().get("retry-after"))
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.trim().parse::<i64>().ok())
                        .map(SignedDuration::from_secs);
                    let status = r.status();
                    (
                        Some(status.as_u16()),
                        retry_after,
                        format!("the receiver answered {status}"),
                    )
                }
                Err(e) if e.is_timeout() => (None, None, format!("no answer within {} s", TIMEOUT.as_secs())),
                Err(e) if e.is_connect() => (None, None, "the receiver could not be reached".to_owned()),
                Err(_) => (None, None, "the request failed".to_owned()),
            };
            let next = time::now() + retry_delay(d.attempts + 1, retry_after);
            self.store.delivery_failed(d.id, next, status, &error).await?;
            tracing::warn!(subscription = %sub.id, attempts = d.attempts + 1, status, "a notification was not accepted");
            round.failed += 1;
            break;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_follows_standard_webhooks() {
        // The example of the Standard Webhooks specification's reference libraries.
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let body = br#"{"test": 2432232314}"#;
        assert_eq!(
            signature(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body).as_deref(),
            Some("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        );
        assert_eq!(signature("not-a-secret", "x", 1, b""), None);
    }

    #[test]
    fn a_notification_carries_no_data_only_where_to_read_it() {
        let settings = NotificationSettings {
            public_url: "https://regie.voorbeeld.nl".into(),
            source: "urn:nld:regie".into(),
        };
        let d = Delivery {
            id: 1,
            subscription_id: SubscriptionId::new(),
            event_id: uuid::Uuid::nil(),
            event_type: EventType::CasePhaseChanged,
            resource_id: uuid::Uuid::max(),
            sequence: Some(7),
            at: Timestamp::from_second(1_800_000_000).unwrap(),
            attempts: 0,
            next_attempt_at: Timestamp::from_second(1_800_000_000).unwrap(),
            last_status: None,
            last_error: None,
            delivered_at: None,
        };
        let event: serde_json::Value = serde_json::from_slice(&cloud_event(&settings, &d)).unwrap();
        let mut keys: Vec<&str> = event.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["dataref", "id", "sequence", "source", "specversion", "time", "type"]
        );
        assert_eq!(event["type"], "nl.regie.zaak.fase-gewijzigd");
        assert_eq!(
            event["dataref"],
            "https://regie.voorbeeld.nl/api/v1/cases/ffffffff-ffff-ffff-ffff-ffffffffffff"
        );
        assert_eq!(event["sequence"], "0000000007");
        assert_eq!(event["time"], "2027-01-15T08:00:00Z");
    }
}
