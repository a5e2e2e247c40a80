//! Figures for steering (F22; `regie_domain::stats`): the municipality's dashboard of the chain in its
//! region, per municipality or for the whole region, over a period of months beside the one before.
//!
//! The figures are counters the store keeps as events are written, so a view reads a few hundred rows. They
//! hold no person and no household; every count a page or the API shows passes the domain's suppression
//! (under ten hidden, the rest rounded to five). Each view is logged as a read under the register's
//! `policy_information` activity, without a household or a person.

use super::Scope;
use crate::Access;
use crate::error::AccessError;
use jiff::ToSpan;
use regie_domain::policy::Action;
use regie_domain::stats::{self, Context, Metric, Period, Table};
use regie_domain::{DomainError, Organisation, OrganisationId, OrganisationKind, Region, RegionId, time};
use regie_store::{Operation, ProcessingRecord};

/// The register's activity under which the municipality reads its figures.
pub const POLICY_ACTIVITY: &str = "policy_information";

/// The dashboard as the municipality sees it.
#[derive(Debug, Clone)]
pub struct SteeringFigures {
    /// The region.
    pub region: Region,
    /// The municipality the figures are about; `None` for the whole region.
    pub municipality: Option<Organisation>,
    /// The region's municipalities, to choose from.
    pub municipalities: Vec<Organisation>,
    /// The period shown.
    pub period: Period,
    /// The as long period before it, to compare with.
    pub previous: Period,
    /// The first month with figures.
    pub first: jiff::civil::Date,
    /// The figures.
    pub tables: Vec<Table>,
}

impl Access {
    /// Sets the postcode areas (four digits each) of a municipality: the figures about households there
    /// count for it from then on (functional administration; no client data).
    pub async fn set_municipality_areas(
        &self,
        region: RegionId,
        municipality: OrganisationId,
        areas: &[String],
    ) -> Result<(), AccessError> {
        Ok(self.store.set_municipality_areas(region, municipality, areas).await?)
    }
}

impl Scope<'_> {
    /// The municipalities of the actor's region, for a municipality to choose from.
    pub async fn municipalities(&self) -> Result<Vec<Organisation>, AccessError> {
        self.may(Action::ReadSteeringFigures)?;
        let organisations = self.store.organisations().await?;
        let region = self.own_region(&organisations).await?;
        Ok(municipalities_of(&region, &organisations))
    }

    /// The region of the actor's organisation.
    pub(crate) async fn own_region(&self, organisations: &[Organisation]) -> Result<Region, AccessError> {
        let own = (organisations.iter().find(|o| o.id == self.actor.organisation))
            .ok_or_else(|| AccessError::not_found("organisation"))?;
        (self.store.regions().await?.into_iter())
            .find(|r| r.id == own.region_id)
            .ok_or_else(|| AccessError::not_found("region"))
    }

    /// The figures for steering of the actor's region, or of one of its municipalities, over the months
    /// `from` to `to` ("2026-01"; without either, the last twelve months). Refused for anyone but a municipality,
    /// for a municipality of another region, and for a period backwards, too long, in the future or before
    /// the figures begin; every wrong field at once.
    pub async fn steering_figures(
        &self,
        municipality: Option<OrganisationId>,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<SteeringFigures, AccessError> {
        self.may(Action::ReadSteeringFigures)?;
        let organisations = self.store.organisations().await?;
        let region = self.own_region(&organisations).await?;
        let municipalities = municipalities_of(&region, &organisations);
        let mut errors = Vec::new();
        let chosen = match municipality {
            None => None,
            Some(id) => match municipalities.iter().find(|m| m.id == id) {
                Some(m) => Some(m.clone()),
                None => {
                    errors.push(DomainError::invalid(
                        "municipality",
                        "unknown_municipality",
                        "there is no municipality with this id in your region",
                        "Deze gemeente hoort niet bij uw regio. Kies een gemeente uit de lijst, of de hele regio.",
                    ));
                    None
                }
            },
        };
        let first = self.store.first_month(region.id).await?;
        let period = chosen_period(from, to, first, &mut errors);
        let (Some(period), true) = (period, errors.is_empty()) else {
            return Err(errors.into());
        };
        let previous = period.previous();
        let place = chosen.as_ref().map(|m| m.id);
        let now = self.store.flows(region.id, place, period.from, period.end()).await?;
        let before = self
            .store
            .flows(region.id, place, previous.from, previous.end())
            .await?;
        let stocks = self.store.stocks(region.id, place).await?;
        let ctx = self.context(&region, place).await?;
        // The forecasts look ahead from the last whole month, whatever period is shown.
        let this_month = stats::month_of(time::now());
        let months_back = |n: i64| this_month.checked_sub(n.months()).unwrap_or(this_month);
        let (last, start) = (months_back(1), months_back(stats::FORECAST_HISTORY_MONTHS));
        let start = first.map_or(start, |f| f.max(start).min(last));
        let inflow = (self.store)
            .monthly(region.id, place, Metric::Inflow, start, this_month)
            .await?;
        let started = (self.store)
            .monthly(region.id, place, Metric::HelpWait, months_back(3), this_month)
            .await?;
        self.log(vec![ProcessingRecord {
            activity: POLICY_ACTIVITY,
            ..self.record(Operation::Read, None, None)
        }])
        .await?;
        let mut tables = stats::tables(period, &now, &before, &stocks, &ctx);
        tables.extend(stats::forecast_tables(&inflow, start, last, &started, &stocks, &ctx));
        Ok(SteeringFigures {
            tables,
            region,
            municipality: chosen,
            municipalities,
            period,
            previous,
            first: first.unwrap_or(period.from),
        })
    }

    /// What the figures are read against: the catalogue's norms, the leads' teams and the areas covered.
    async fn context(&self, region: &Region, municipality: Option<OrganisationId>) -> Result<Context, AccessError> {
        let help_kinds = (self.store.help_kinds(self.actor.region).await?.into_iter())
            .map(|k| (k.code, k.name_nl, i64::from(k.waiting_norm_days)))
            .collect();
        let team_names: std::collections::HashMap<_, _> = (self.store.teams(region.id).await?.into_iter())
            .map(|t| (t.id, t.name))
            .collect();
        let teams = (self.store.professionals(region.id).await?.into_iter())
            .map(|(p, o)| {
                let team = p.team_id.and_then(|t| team_names.get(&t).cloned());
                (p.id.0.to_string(), team.unwrap_or(o.name))
            })
            .collect();
        let areas = (self.store.municipality_areas(region.id).await?.into_iter())
            .filter(|(_, m)| municipality.is_none_or(|chosen| chosen == *m))
            .map(|(a, _)| a)
            .collect();
        Ok(Context {
            help_kinds,
            teams,
            areas,
            today: Some(time::today()),
            norms: self.region_norms().await?,
            calendar: regie_domain::calendar::Calendar::default(),
        })
    }
}

/// The months `from` to `to` ("2026-01"), or without either the last twelve months since the figures
/// began (`first`); a refusal's reasons are added to `errors`.
pub(crate) fn chosen_period(
    from: Option<&str>,
    to: Option<&str>,
    first: Option<jiff::civil::Date>,
    errors: &mut Vec<DomainError>,
) -> Option<Period> {
    let today = time::today();
    match (from, to) {
        (None, None) => {
            let year = Period::last_year(today);
            Some(Period {
                from: first.map_or(year.from, |f| f.max(year.from).min(year.to)),
                ..year
            })
        }
        // One month without the other is a month missing: the parser names it.
        (from, to) => (Period::parse(from.unwrap_or(""), to.unwrap_or(""), today, first))
            .map_err(|e| errors.extend(e))
            .ok(),
    }
}

/// The municipalities of a region.
fn municipalities_of(region: &Region, organisations: &[Organisation]) -> Vec<Organisation> {
    (organisations.iter())
        .filter(|o| o.region_id == region.id && o.kind == OrganisationKind::Municipality)
        .cloned()
        .collect()
}
