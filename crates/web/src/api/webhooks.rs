//! Webhooks through the API (F28): an organisation's administrator subscribes an endpoint to event types,
//! lists and ends its subscriptions, and reads each one's deliveries and failures.

use crate::AppState;
use crate::access::{DeliveryView, SignedIn, SubscriptionView};
use crate::error::{ApiError, ApiJson, ApiPath, Problem};
use axum::extract::State;
use axum::http::StatusCode;
use regie_domain::SubscriptionId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, subscribe))
        .routes(routes!(end))
        .routes(routes!(deliveries))
}

/// A new subscription.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubscribeBody {
    /// Where to post notifications: an `https` address (plain `http` only to loopback).
    pub endpoint: String,
    /// The CloudEvents types to receive, for example `nl.regie.zaak.fase-gewijzigd`.
    pub event_types: Vec<String>,
    /// The token your endpoint expects: Regie sends it as `Authorization: Bearer` (at least 20 characters).
    pub bearer_token: String,
}

/// A subscription just made, with its signing secret: shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct Subscribed {
    /// The subscription.
    pub subscription: SubscriptionView,
    /// Checks each notification's `webhook-signature` (Standard Webhooks: `v1,` and the base64 HMAC-SHA-256
    /// of `webhook-id.webhook-timestamp.body` under this secret's base64 part). Keep it secret.
    pub signing_secret: String,
}

#[utoipa::path(get, path = "/webhooks", tag = "webhooks",
    responses((status = 200, body = Vec<SubscriptionView>, description = "Your organisation's subscriptions, ended ones too, newest first"),
        (status = 403, body = Problem, description = "Only your organisation's administrator manages them"), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn list(State(state): State<AppState>, me: SignedIn) -> Result<axum::Json<Vec<SubscriptionView>>, ApiError> {
    Ok(axum::Json(state.access.scope(me.actor()).subscriptions().await?))
}

#[utoipa::path(post, path = "/webhooks", tag = "webhooks", request_body = SubscribeBody,
    responses((status = 201, body = Subscribed, description = "Subscribed: notifications of events from now on, in order, at least once"),
        (status = 422, body = Problem, description = "Every wrong field at once: an endpoint that is not https, an unknown event type or one your organisation may not receive, a short token"),
        (status = 403, body = Problem), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn subscribe(
    State(state): State<AppState>,
    me: SignedIn,
    ApiJson(body): ApiJson<SubscribeBody>,
) -> Result<(StatusCode, axum::Json<Subscribed>), ApiError> {
    let (subscription, signing_secret) = (state.access.scope(me.actor()))
        .subscribe(&body.endpoint, &body.event_types, &body.bearer_token)
        .await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(Subscribed {
            subscription,
            signing_secret,
        }),
    ))
}

#[utoipa::path(delete, path = "/webhooks/{id}", tag = "webhooks",
    params(("id" = SubscriptionId, Path, description = "Subscription id")),
    responses((status = 200, body = SubscriptionView, description = "Ended: what was not delivered yet is dropped"),
        (status = 409, body = Problem, description = "Ended already"), (status = 404, body = Problem), (status = 403, body = Problem), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn end(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<SubscriptionId>,
) -> Result<axum::Json<SubscriptionView>, ApiError> {
    Ok(axum::Json(state.access.scope(me.actor()).end_subscription(id).await?))
}

#[utoipa::path(get, path = "/webhooks/{id}/deliveries", tag = "webhooks",
    params(("id" = SubscriptionId, Path, description = "Subscription id")),
    responses((status = 200, body = Vec<DeliveryView>, description = "The latest 200 notifications, newest first: delivered, or waiting with their failures and next try"),
        (status = 404, body = Problem), (status = 403, body = Problem), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn deliveries(
    State(state): State<AppState>,
    me: SignedIn,
    ApiPath(id): ApiPath<SubscriptionId>,
) -> Result<axum::Json<Vec<DeliveryView>>, ApiError> {
    Ok(axum::Json(state.access.scope(me.actor()).deliveries(id).await?))
}
