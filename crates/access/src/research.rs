//! Action research in the pilot region (F24; `regie_domain::research`): what a researcher of the region's
//! research institute sees. Never a file, a name or an address:
//!
//! - the **client journeys' map** ([`Scope::journeys`]): how many cases went from each phase to the next
//!   and how long they stayed, beside the route's figures and the experience questionnaires' answers, from
//!   the same counters as the municipality's dashboard and under the same suppression (under ten hidden,
//!   the rest rounded to five);
//! - the **research export** ([`Scope::research_export`]): one line per case opened in a period,
//!   k-anonymous with k ≥ 5, streamed from two passes over one snapshot of the database.
//!
//! Both are logged as a read under the register's `action_research` activity (AVG art. 89), without a
//! household or a person: what is read is pseudonymised before it leaves this layer.

use super::Scope;
use super::steering::chosen_period;
use crate::error::AccessError;
use regie_domain::policy::Action;
use regie_domain::research::{Counts, Level, Row, Subject};
use regie_domain::stats::{self, Context, Period, Table};
use regie_domain::{Organisation, OrganisationId, Region, time};
use regie_store::{Operation, ResearchCase};
use std::collections::HashMap;
use tokio::sync::mpsc;

/// The client journeys' map as a researcher sees it.
#[derive(Debug, Clone)]
pub struct Journeys {
    /// The pilot region.
    pub region: Region,
    /// The period shown.
    pub period: Period,
    /// The as long period before it.
    pub previous: Period,
    /// The first month with figures.
    pub first: jiff::civil::Date,
    /// The journeys' map first, then the route's figures.
    pub tables: Vec<Table>,
}

/// The research export of a region and period: what it reached, and its lines as they are read.
#[derive(Debug)]
pub struct ResearchExport {
    /// The pilot region.
    pub region: Region,
    /// The months whose opened cases it covers.
    pub period: Period,
    /// How coarse its quasi-identifiers are written.
    pub level: Level,
    /// The smallest group of equal quasi-identifiers among its lines (at least 5); `None` without lines.
    pub k: Option<i64>,
    /// The cases it leaves out, being in a group under 5.
    pub suppressed: i64,
    /// The cases opened in the period.
    pub total: i64,
    /// The lines, one by one; an error ends them.
    pub rows: mpsc::Receiver<Result<Row, AccessError>>,
}

/// How many cases wait between the database and the writer of the export.
const BUFFER: usize = 256;

impl Scope<'_> {
    /// For a researcher: their region, its directory, the period asked for and the first month with
    /// figures; refused for anyone else, and for a wrong period with every wrong field at once.
    async fn research_period(
        &self,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<(Region, Vec<Organisation>, Period, Option<jiff::civil::Date>), AccessError> {
        self.may(Action::ReadResearchData)?;
        let organisations = self.store.organisations().await?;
        let region = self.own_region(&organisations).await?;
        let first = self.store.first_month(region.id).await?;
        let mut errors = Vec::new();
        let Some(period) = chosen_period(from, to, first, &mut errors) else {
            return Err(errors.into());
        };
        Ok((region, organisations, period, first))
    }

    /// The client journeys' map of the actor's region over the months `from` to `to` (without either, the
    /// last twelve), with the route's figures. Refused for anyone but a researcher, and for a period
    /// backwards, too long, in the future or before the figures begin; every wrong field at once.
    pub async fn journeys(&self, from: Option<&str>, to: Option<&str>) -> Result<Journeys, AccessError> {
        let (region, _, period, first) = self.research_period(from, to).await?;
        let previous = period.previous();
        let now = self.store.flows(region.id, None, period.from, period.end()).await?;
        let before = (self.store)
            .flows(region.id, None, previous.from, previous.end())
            .await?;
        let stocks = self.store.stocks(region.id, None).await?;
        let ctx = Context {
            today: Some(time::today()),
            ..Context::default()
        };
        let mut tables = vec![stats::journey_map(&now, &before)];
        tables.extend(
            stats::tables(period, &now, &before, &stocks, &ctx)
                .into_iter()
                .filter(|t| stats::JOURNEY_TABLES.contains(&t.id)),
        );
        tables.extend(self.questionnaire_tables(region.id, period).await?);
        self.log(vec![self.record(Operation::Read, None, None)]).await?;
        Ok(Journeys {
            region,
            period,
            previous,
            first: first.unwrap_or(period.from),
            tables,
        })
    }

    /// The k-anonymous research export of the actor's region: the cases opened in the months `from` to
    /// `to`. The first pass over the region's cases runs before this returns (so a refusal or a failure is
    /// an answer, not a broken download); the lines follow from the second. Refused as [`Scope::journeys`].
    pub async fn research_export(&self, from: Option<&str>, to: Option<&str>) -> Result<ResearchExport, AccessError> {
        let (region, organisations, period, _) = self.research_period(from, to).await?;
        let names: HashMap<OrganisationId, String> = (organisations.into_iter())
            .filter(|o| o.region_id == region.id)
            .map(|o| (o.id, o.name))
            .collect();
        let places: HashMap<String, String> = (self.store.municipality_areas(region.id).await?.into_iter())
            .filter_map(|(area, m)| Some((area, names.get(&m)?.clone())))
            .collect();
        let subject = move |c: ResearchCase| {
            let area = c.postcode.as_deref().and_then(stats::area_of).map(str::to_owned);
            let municipality = area.as_ref().and_then(|a| places.get(a)).cloned();
            Subject::new(municipality, area, &c.members, c.tally.journey)
        };
        let start = |d: jiff::civil::Date| {
            d.to_zoned(time::zone())
                .map(|z| z.timestamp())
                .map_err(|e| AccessError::Internal(Box::new(e)))
        };
        let (sender, mut cases) = mpsc::channel(BUFFER);
        let store = self.shared.clone();
        let (id, from, until) = (region.id, start(period.from)?, start(period.end())?);
        let reader = tokio::spawn(async move { store.research_cases(id, from, until, sender).await });
        let mut counts = Counts::default();
        loop {
            match cases.recv().await {
                Some(Some(case)) => counts.add(&subject(case)),
                Some(None) => break,
                None => {
                    reader.await.map_err(|e| AccessError::Internal(Box::new(e)))??;
                    return Err(AccessError::Internal("the export's first pass ended early".into()));
                }
            }
        }
        let plan = counts.plan();
        self.log(vec![self.record(Operation::Read, None, None)]).await?;
        let (lines, rows) = mpsc::channel(BUFFER);
        let export = ResearchExport {
            region,
            period,
            level: plan.level,
            k: plan.k,
            suppressed: plan.suppressed,
            total: plan.total,
            rows,
        };
        tokio::spawn(async move {
            while let Some(Some(case)) = cases.recv().await {
                if let Some(row) = plan.row(&subject(case))
                    && lines.send(Ok(row)).await.is_err()
                {
                    return;
                }
            }
            let failed = match reader.await {
                Ok(Ok(())) => return,
                Ok(Err(e)) => AccessError::from(e),
                Err(e) => AccessError::Internal(Box::new(e)),
            };
            let _gone = lines.send(Err(failed)).await;
        });
        Ok(export)
    }
}
