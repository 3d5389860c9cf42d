-- The village workspace page (/villages/:code) is cached like the dashboards, under figures_version
-- (app/utils/figures-cache.server.ts). It also reads the collective, the villager groups, the
-- household leaders with the households each looks after, and the industries' yearly figures:
-- changes to those move the version too.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['collectives', 'villager_groups', 'household_leaders', 'households', 'village_industry_years']
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
      FOR EACH STATEMENT EXECUTE FUNCTION bump_figures_version()', t || '_figures_version', t);
  END LOOP;
END;
$$;
