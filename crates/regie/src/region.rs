//! `regie region`: the operator's configuration of a deployment's pilot regions (F26) — create a region,
//! show its configuration, change its norms and route variant, add organisations and teams. The regions'
//! functional administrators do the same on the Beheer page; no command here touches a family's data.

use anyhow::{Context, Result, bail};
use regie_access::{Access, RegionSettings};
use regie_domain::route::RouteVariant;
use regie_domain::signal::Norms;
use serde_json::{Map, Value, json};
use std::fmt::Write;

/// Every region with its number of organisations, one per line.
pub async fn list(access: &Access) -> Result<String> {
    let mut out = String::new();
    for region in access.regions().await? {
        let settings = access.region_settings(&region).await?;
        writeln!(out, "{}\t{} organisaties", region.name, settings.organisations.len())?;
    }
    Ok(out)
}

/// A region's configuration as JSON: its norms, route variant, help kinds, organisations and teams.
pub async fn show(access: &Access, name: &str) -> Result<String> {
    let region = access.region_named(name).await?;
    let s = access.region_settings(&region).await?;
    Ok(serde_json::to_string_pretty(&view(&s))?)
}

fn view(s: &RegionSettings) -> Value {
    json!({
        "id": s.region.id,
        "name": s.region.name,
        "norms": s.norms,
        "route_variant": s.variant,
        "help_kinds": s.help_kinds,
        "organisations": s.organisations.iter().map(|(o, teams)| json!({
            "id": o.id,
            "name": o.name,
            "kind": o.kind,
            "teams": teams.iter().map(|t| json!({"id": t.id, "name": t.name})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// Changes a region's norms and route variant by `key=value` settings (the field names of `norms` and
/// `route_variant` in [`show`]); nothing is written when any setting is unknown or out of range.
pub async fn set(access: &Access, name: &str, settings: &[String]) -> Result<String> {
    let region = access.region_named(name).await?;
    let current = access.region_settings(&region).await?;
    let (norms, variant) = apply(&current.norms, &current.variant, settings)?;
    access.put_region_settings(region.id, &norms, &variant).await?;
    Ok(format!("{} is ingesteld", region.name))
}

/// The norms and route variant with `key=value` settings applied; every unknown key and unreadable value
/// is named at once.
pub fn apply(norms: &Norms, variant: &RouteVariant, settings: &[String]) -> Result<(Norms, RouteVariant)> {
    let mut n = as_object(serde_json::to_value(norms)?);
    let mut v = as_object(serde_json::to_value(variant)?);
    let mut wrong = Vec::new();
    for setting in settings {
        let Some((key, raw)) = setting.split_once('=') else {
            wrong.push(format!("{setting}: write key=value"));
            continue;
        };
        let (key, raw) = (key.trim(), raw.trim());
        let value = match raw {
            "ja" | "yes" | "on" => Value::Bool(true),
            "nee" | "no" | "off" => Value::Bool(false),
            _ => match raw.parse::<u32>() {
                Ok(n) => Value::from(n),
                Err(_) => Value::String(raw.to_owned()),
            },
        };
        let target = if n.contains_key(key) {
            &mut n
        } else if v.contains_key(key) {
            &mut v
        } else {
            let keys: Vec<&String> = n.keys().chain(v.keys()).collect();
            wrong.push(format!("{key}: unknown setting; known are {keys:?}"));
            continue;
        };
        if std::mem::discriminant(&target[key]) != std::mem::discriminant(&value) {
            wrong.push(format!("{key}: {raw} is not a {}", kind_of(&target[key])));
            continue;
        }
        target.insert(key.to_owned(), value);
    }
    if !wrong.is_empty() {
        bail!("nothing was changed:\n{}", wrong.join("\n"));
    }
    Ok((
        serde_json::from_value(Value::Object(n)).context("norms")?,
        serde_json::from_value(Value::Object(v)).context("route variant")?,
    ))
}

fn as_object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Bool(_) => "yes or no",
        Value::Number(_) => "whole number",
        _ => "value",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_change_norms_and_variant_and_every_wrong_one_is_named() {
        let (norms, variant) = apply(
            &Norms::default(),
            &RouteVariant::default(),
            &[
                "radar_years=7".into(),
                "transfer=nee".into(),
                "joint_work_rvt_leads=ja".into(),
            ],
        )
        .unwrap();
        assert_eq!(norms.radar_years, 7);
        assert!(!variant.transfer && variant.joint_work_rvt_leads);
        let err = apply(
            &Norms::default(),
            &RouteVariant::default(),
            &["colour=blue".into(), "radar_years=ja".into(), "transfer".into()],
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("colour: unknown setting"), "{err}");
        assert!(err.contains("radar_years: ja is not a whole number"), "{err}");
        assert!(err.contains("transfer: write key=value"), "{err}");
    }
}
