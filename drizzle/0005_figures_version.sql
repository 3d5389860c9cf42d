-- figures_version counts changes to anything the region dashboards read. A dashboard caches its
-- figures per (region, year, filters) under the version it read first, and recomputes when the
-- version moved (app/utils/figures-cache.server.ts). A sequence, not a row: bumping it takes no
-- lock, so writers never queue behind each other for it.
CREATE SEQUENCE IF NOT EXISTS figures_version;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION bump_figures_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nextval('figures_version');
  RETURN NULL;
END;
$$;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['regions', 'villages', 'income_years', 'income_lines', 'distribution_runs',
    'village_year_figures', 'industries', 'village_industries', 'cooperatives', 'cooperative_partners']
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
      FOR EACH STATEMENT EXECUTE FUNCTION bump_figures_version()', t || '_figures_version', t);
  END LOOP;
END;
$$;
