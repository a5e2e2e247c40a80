-- Webhooks to partner systems (F28, issue 16): an organisation subscribes an endpoint of its own to event
-- types. The bearer token and the signing secret are sent with (or sign) every notification, so they are
-- kept as they are; they are shown once, when the subscription is made.
CREATE TABLE webhook_subscriptions (
    id UUID PRIMARY KEY,
    organisation_id UUID NOT NULL REFERENCES organisations(id),
    endpoint TEXT NOT NULL,
    bearer_token TEXT NOT NULL,
    signing_secret TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    created_by UUID NOT NULL REFERENCES professionals(id),
    ended_at TIMESTAMPTZ,
    -- The server delivering its notifications (a random id per round) holds it until then, so one server
    -- at a time does.
    lease_holder TEXT,
    lease_until TIMESTAMPTZ
);
CREATE INDEX webhook_subscriptions_organisation ON webhook_subscriptions (organisation_id);
CREATE TABLE webhook_subscription_types (
    subscription_id UUID NOT NULL REFERENCES webhook_subscriptions(id),
    event_type TEXT NOT NULL,
    PRIMARY KEY (subscription_id, event_type)
);
-- The transactional outbox: a notification per subscription, written in the transaction of the event it
-- announces, delivered in the order of its id (so in order per case), at least once.
CREATE TABLE webhook_outbox (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subscription_id UUID NOT NULL REFERENCES webhook_subscriptions(id),
    event_id UUID NOT NULL,
    event_type TEXT NOT NULL,
    resource_id UUID NOT NULL,
    sequence BIGINT,
    at TIMESTAMPTZ NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    last_status BIGINT,
    last_error TEXT,
    delivered_at TIMESTAMPTZ
);
CREATE INDEX webhook_outbox_pending ON webhook_outbox (subscription_id, id) WHERE delivered_at IS NULL;
CREATE INDEX webhook_outbox_subscription ON webhook_outbox (subscription_id, at);
