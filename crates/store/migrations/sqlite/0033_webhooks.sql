-- Webhooks to partner systems (F28, issue 16): an organisation subscribes an endpoint of its own to event
-- types. The bearer token and the signing secret are sent with (or sign) every notification, so they are
-- kept as they are; they are shown once, when the subscription is made.
CREATE TABLE webhook_subscriptions (
    id BLOB PRIMARY KEY,
    organisation_id BLOB NOT NULL REFERENCES organisations(id),
    endpoint TEXT NOT NULL,
    bearer_token TEXT NOT NULL,
    signing_secret TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by BLOB NOT NULL REFERENCES professionals(id),
    ended_at TEXT,
    -- The server delivering its notifications (a random id per round) holds it until then, so one server
    -- at a time does.
    lease_holder TEXT,
    lease_until TEXT
);
CREATE INDEX webhook_subscriptions_organisation ON webhook_subscriptions (organisation_id);
CREATE TABLE webhook_subscription_types (
    subscription_id BLOB NOT NULL REFERENCES webhook_subscriptions(id),
    event_type TEXT NOT NULL,
    PRIMARY KEY (subscription_id, event_type)
);
-- The transactional outbox: a notification per subscription, written in the transaction of the event it
-- announces, delivered in the order of its id (so in order per case), at least once.
CREATE TABLE webhook_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    subscription_id BLOB NOT NULL REFERENCES webhook_subscriptions(id),
    event_id BLOB NOT NULL,
    event_type TEXT NOT NULL,
    resource_id BLOB NOT NULL,
    sequence BIGINT,
    at TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_status BIGINT,
    last_error TEXT,
    delivered_at TEXT
);
CREATE INDEX webhook_outbox_pending ON webhook_outbox (subscription_id, id) WHERE delivered_at IS NULL;
CREATE INDEX webhook_outbox_subscription ON webhook_outbox (subscription_id, at);
