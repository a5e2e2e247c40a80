//! The region's directory for the pages and the API: organisations, the few professionals a page names,
//! and a form's choice of a professional. Directory data, never a family's.

use super::{Access, SignedIn};
use crate::error::AccessError;
use regie_domain::directory::{Choices, Choosing};
use regie_domain::{Organisation, OrganisationId, Professional, ProfessionalId, RegionId};

impl Access {
    /// The organisations of a region's chain (directory data, no client data).
    pub async fn organisations(&self, region: RegionId) -> Result<Vec<Organisation>, AccessError> {
        Ok((self.store.organisations().await?.into_iter())
            .filter(|o| o.region_id == region)
            .collect())
    }

    /// Of these professionals, those of a region, with their organisations (directory data, no client
    /// data): for a page that names a few, instead of the whole directory.
    pub async fn directory_of(
        &self,
        region: RegionId,
        ids: &[ProfessionalId],
    ) -> Result<Vec<(Professional, Organisation)>, AccessError> {
        Ok((self.store.professionals_by_id(ids).await?.into_iter())
            .filter(|(_, o)| o.region_id == region)
            .collect())
    }

    /// The professionals a form offers `chooser` for one choice (directory data, no client data): at most
    /// `limit` of their region's professionals that `choosing` admits (and are of organisation `of`, when
    /// the form knows which it must be) and whose name, team or organisation matches `search`, and those of
    /// `keep`, grouped by team, their own team first ([`regie_domain::directory::choices`]). Only for an
    /// organisation with the task the choice serves (`Choosing::task`).
    pub async fn choices(
        &self,
        chooser: &SignedIn,
        (choosing, of): (Choosing, Option<OrganisationId>),
        (search, keep): (&str, &[ProfessionalId]),
        limit: usize,
    ) -> Result<Choices, AccessError> {
        regie_domain::policy::require(chooser.organisation.kind, choosing.task())?;
        let mut directory = self.store.professionals(chooser.organisation.region_id).await?;
        if let Some(of) = of {
            directory.retain(|(_, o)| o.id == of);
        }
        let teams = self.store.teams(chooser.organisation.region_id).await?;
        Ok(regie_domain::directory::choices(
            &directory,
            &teams,
            &chooser.professional,
            choosing,
            (search, keep),
            limit,
        ))
    }
}
