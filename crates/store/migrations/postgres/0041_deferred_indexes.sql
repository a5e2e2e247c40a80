-- The indexes `regie generate` drops while it imports (`Store::drop_indexes_for_import`), with their definitions,
-- until it creates them again; `Store::migrate` creates any still listed, so an import stopped halfway leaves
-- no database without them once Regie starts.
CREATE TABLE deferred_indexes (
    name TEXT PRIMARY KEY,
    definition TEXT NOT NULL
);
