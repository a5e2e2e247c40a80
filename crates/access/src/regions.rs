//! Several pilot regions in one deployment (F26). Each region has its own directory (organisations and
//! teams), norms, route variant and catalogue of help kinds; its functional administrator configures them
//! through the pages, the operator through `regie region`. No household, case or professional of one region
//! is reachable from another: an actor carries their region (`Actor::region`) and every look-up the access
//! layer makes is limited to it. Only aggregates cross regions, in the comparison for the programme.

use super::Scope;
use crate::Access;
use crate::error::AccessError;
use crate::steering::{POLICY_ACTIVITY, chosen_period};
use regie_domain::help::HelpKind;
use regie_domain::policy::Action;
use regie_domain::route::RouteVariant;
use regie_domain::signal::Norms;
use regie_domain::stats::{self, Period, RegionCounters, Table};
use regie_domain::text::ShortText;
use regie_domain::{DomainError, Organisation, OrganisationId, Professional, Region, RegionId, Role, Team};
use regie_store::{Operation, ProcessingRecord, Store};

/// A region's configuration: no personal data.
#[derive(Debug, Clone)]
pub struct RegionSettings {
    /// The region.
    pub region: Region,
    /// Its norms.
    pub norms: Norms,
    /// Its route variant.
    pub variant: RouteVariant,
    /// Its catalogue of help kinds.
    pub help_kinds: Vec<HelpKind>,
    /// Its organisations, each with its teams, by name.
    pub organisations: Vec<(Organisation, Vec<Team>)>,
}

/// The regions' figures side by side over one period.
#[derive(Debug, Clone)]
pub struct RegionComparison {
    /// The period.
    pub period: Period,
    /// The first month with figures in any region.
    pub first: jiff::civil::Date,
    /// One column per region.
    pub table: Table,
}

impl Access {
    /// Creates a region with the deployment's template of norms, route variant and help kinds (the
    /// operator's `regie region create`); refused for an empty name or one another region has.
    pub async fn create_region(&self, name: &str) -> Result<Region, AccessError> {
        let name = ShortText::parse("name", name)?;
        if (self.store.regions().await?.iter()).any(|r| r.name.eq_ignore_ascii_case(name.as_str())) {
            return Err(DomainError::invalid(
                "name",
                "duplicate_name",
                "there is a region of this name already",
                "Er is al een regio met deze naam. Kies een andere naam.",
            )
            .into());
        }
        let region = Region {
            id: RegionId::new(),
            name: name.as_str().to_owned(),
        };
        self.store.create_region(&region).await?;
        Ok(region)
    }

    /// The region of this name; refused on `region` when there is none.
    pub async fn region_named(&self, name: &str) -> Result<Region, AccessError> {
        (self.store.regions().await?.into_iter())
            .find(|r| r.name.eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| {
                DomainError::invalid(
                    "region",
                    "unknown_region",
                    "there is no region of this name",
                    "Er is geen regio met deze naam.",
                )
                .into()
            })
    }

    /// A region's configuration.
    pub async fn region_settings(&self, region: &Region) -> Result<RegionSettings, AccessError> {
        settings_of(self.store.as_ref(), region).await
    }

    /// Changes a region's norms and route variant (the operator's `regie region set`); both are checked
    /// before either is written.
    pub async fn put_region_settings(
        &self,
        region: RegionId,
        norms: &Norms,
        variant: &RouteVariant,
    ) -> Result<(), AccessError> {
        let mut errors: Vec<DomainError> = norms.check().err().unwrap_or_default();
        errors.extend(variant.check().err());
        if !errors.is_empty() {
            return Err(errors.into());
        }
        self.store.put_norms(region, norms).await?;
        self.kept.clear();
        Ok(self.store.put_route_variant(region, variant).await?)
    }

    /// Adds an organisation to a region (kind by its code, e.g. `local_team`).
    pub async fn add_organisation(
        &self,
        region: RegionId,
        name: &str,
        kind: &str,
    ) -> Result<Organisation, AccessError> {
        add_organisation(self.store.as_ref(), region, name, kind).await
    }

    /// Adds a professional to an organisation of a region (by names; the team optional), without a
    /// password: `regie account password` gives them one. Refused with every wrong field at once.
    pub async fn add_professional(
        &self,
        region: RegionId,
        organisation: &str,
        team: Option<&str>,
        username: &str,
        display_name: &str,
    ) -> Result<Professional, AccessError> {
        let settings = settings_of(self.store.as_ref(), &self.region_by_id(region).await?).await?;
        let (org, teams) = (settings.organisations.iter())
            .find(|(o, _)| o.name.eq_ignore_ascii_case(organisation.trim()))
            .ok_or_else(|| {
                AccessError::from(DomainError::invalid(
                    "organisation",
                    "unknown_organisation",
                    "the region has no organisation of this name",
                    "De regio heeft geen organisatie met deze naam.",
                ))
            })?;
        let team = match team {
            None => None,
            Some(name) => Some(
                (teams.iter())
                    .find(|t| t.name.eq_ignore_ascii_case(name.trim()))
                    .ok_or_else(|| {
                        AccessError::from(DomainError::invalid(
                            "team",
                            "unknown_team",
                            "the organisation has no team of this name",
                            "De organisatie heeft geen team met deze naam.",
                        ))
                    })?,
            ),
        };
        let taken = (self.store.professional_by_username(username.trim()).await?).is_some();
        let professional = Professional::new(org, team, username, display_name, taken)?;
        self.store.create_professional(&professional).await?;
        self.kept.clear();
        Ok(professional)
    }

    /// The region with this id.
    async fn region_by_id(&self, id: RegionId) -> Result<Region, AccessError> {
        (self.store.regions().await?.into_iter())
            .find(|r| r.id == id)
            .ok_or_else(|| AccessError::not_found("region"))
    }

    /// Adds a team to an organisation of a region; refused on `organisation` for one outside the region.
    pub async fn add_team(
        &self,
        region: RegionId,
        organisation: OrganisationId,
        name: &str,
    ) -> Result<Team, AccessError> {
        add_team(self.store.as_ref(), region, Some(organisation), name).await
    }
}

/// A region's configuration.
async fn settings_of(store: &dyn Store, region: &Region) -> Result<RegionSettings, AccessError> {
    let mut teams: std::collections::HashMap<OrganisationId, Vec<Team>> = std::collections::HashMap::new();
    for t in store.teams(region.id).await? {
        teams.entry(t.organisation_id).or_default().push(t);
    }
    let mut organisations: Vec<_> = (store.organisations().await?.into_iter())
        .filter(|o| o.region_id == region.id)
        .map(|o| {
            let of = teams.remove(&o.id).unwrap_or_default();
            (o, of)
        })
        .collect();
    organisations.sort_by(|(a, _), (b, _)| a.name.cmp(&b.name));
    Ok(RegionSettings {
        region: region.clone(),
        norms: store.norms(region.id).await?,
        variant: store.route_variant(region.id).await?,
        help_kinds: store.help_kinds(region.id).await?,
        organisations,
    })
}

async fn add_organisation(
    store: &dyn Store,
    region: RegionId,
    name: &str,
    kind: &str,
) -> Result<Organisation, AccessError> {
    let organisation = Organisation::new(region, name, kind, &store.organisations().await?)?;
    store.create_organisation(&organisation).await?;
    Ok(organisation)
}

/// Adds a team named `name` to the region's `organisation` (`None`: none was chosen); a missing or unknown
/// organisation and a wrong name are refused together.
async fn add_team(
    store: &dyn Store,
    region: RegionId,
    organisation: Option<OrganisationId>,
    name: &str,
) -> Result<Team, AccessError> {
    let found =
        (store.organisations().await?.into_iter()).find(|o| Some(o.id) == organisation && o.region_id == region);
    let Some(organisation) = found else {
        let mut wrong = vec![DomainError::invalid(
            "organisation",
            "unknown_organisation",
            "choose an organisation of the region",
            "Kies de organisatie waar het team bij hoort.",
        )];
        wrong.extend(regie_domain::ShortText::parse("name", name).err());
        return Err(wrong.into());
    };
    let team = Team::new(&organisation, name, &store.teams_of(organisation.id).await?)?;
    store.create_team(&team).await?;
    Ok(team)
}

impl Scope<'_> {
    /// The actor's region's configuration, for its functional administrator and its municipalities.
    pub async fn region_settings(&self) -> Result<RegionSettings, AccessError> {
        self.may_configure().await?;
        let region = (self.store.regions().await?.into_iter())
            .find(|r| r.id == self.actor.region)
            .ok_or_else(|| AccessError::not_found("region"))?;
        settings_of(self.store, &region).await
    }

    /// Adds an organisation to the actor's region; only its functional administrator does.
    pub async fn add_organisation(&self, name: &str, kind: &str) -> Result<Organisation, AccessError> {
        self.administrator_only().await?;
        add_organisation(self.store, self.actor.region, name, kind).await
    }

    /// Adds a team to an organisation of the actor's region (`None`: none was chosen, refused beside a wrong
    /// name); only its functional administrator does.
    pub async fn add_team(&self, organisation: Option<OrganisationId>, name: &str) -> Result<Team, AccessError> {
        self.administrator_only().await?;
        add_team(self.store, self.actor.region, organisation, name).await
    }

    /// The pilot regions' figures side by side over the months `from` to `to` (without either, the last
    /// twelve), for the municipality and the researcher: aggregates only, each suppressed as on the
    /// dashboard. The read is logged without a household or a person.
    pub async fn compare_regions(&self, from: Option<&str>, to: Option<&str>) -> Result<RegionComparison, AccessError> {
        // The municipality reads under policy information, the researcher under their own activity.
        let record = if self.may(Action::ReadSteeringFigures).is_ok() {
            ProcessingRecord {
                activity: POLICY_ACTIVITY,
                ..self.record(Operation::Read, None, None)
            }
        } else {
            self.may(Action::ReadResearchData)?;
            self.record(Operation::Read, None, None)
        };
        let mut regions = self.store.regions().await?;
        regions.sort_by(|a, b| a.name.cmp(&b.name));
        let mut first = None;
        for r in &regions {
            if let Some(f) = self.store.first_month(r.id).await? {
                first = Some(first.map_or(f, |g: jiff::civil::Date| g.min(f)));
            }
        }
        let mut errors = Vec::new();
        let period = chosen_period(from, to, first, &mut errors);
        let (Some(period), true) = (period, errors.is_empty()) else {
            return Err(errors.into());
        };
        let mut counters = Vec::new();
        for r in regions {
            counters.push(RegionCounters {
                flows: self.store.flows(r.id, None, period.from, period.end()).await?,
                stocks: self.store.stocks(r.id, None).await?,
                name: r.name,
            });
        }
        self.log(vec![record]).await?;
        Ok(RegionComparison {
            period,
            first: first.unwrap_or(period.from),
            table: stats::comparison(&counters),
        })
    }

    /// Refuses anyone but a functional administrator of the actor's region.
    pub(crate) async fn administrator_only(&self) -> Result<(), AccessError> {
        if self.holds(Role::RegionAdministrator).await? {
            return Ok(());
        }
        Err(DomainError::forbidden(
            "not_administrator",
            "only the region's functional administrator changes its configuration",
            "alleen de functioneel beheerder van de regio wijzigt de inrichting",
        )
        .into())
    }
}
