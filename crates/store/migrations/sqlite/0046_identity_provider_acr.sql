-- The level of assurance Regie asks of an organisation's identity provider (OIDC NL GOV: `acr_values` in the
-- authorization request, the ID token's `acr` claim), e.g. http://eidas.europa.eu/LoA/substantial. A
-- provider without one is trusted as it signs in.
ALTER TABLE identity_providers ADD COLUMN acr TEXT;
