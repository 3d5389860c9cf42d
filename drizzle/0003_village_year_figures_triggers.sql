-- village_year_figures (db/schema/figures.ts) is kept by the database itself: every statement that
-- adds, changes or removes households, or appends to the share ledger, recomputes the touched
-- villages' rows. One row per village and year in which something changed; values are as at the
-- end of that year: households that joined on or before 31 Dec and had not left by then, their
-- members, and those of them holding shares (a positive holding summed over every class).
-- Bulk loaders may `SET LOCAL village_ledger.defer_figures = 'on'` and call the function once.
CREATE OR REPLACE FUNCTION refresh_village_figures(codes text[]) RETURNS void
LANGUAGE sql AS $$
  DELETE FROM village_year_figures WHERE village_code = ANY (codes);
  WITH household_events AS (
    SELECT village_code, extract(year FROM joined_on)::int AS y, 1 AS dh, members::int AS dm
      FROM households WHERE village_code = ANY (codes)
    UNION ALL
    SELECT village_code, extract(year FROM left_on)::int, -1, -members::int
      FROM households WHERE village_code = ANY (codes) AND left_on IS NOT NULL
  ),
  household_deltas AS (
    SELECT village_code, y, sum(dh) AS dh, sum(dm) AS dm FROM household_events GROUP BY village_code, y
  ),
  holding_changes AS (
    SELECT household_id, min(village_code) AS village_code, extract(year FROM effective_on)::int AS y, sum(quantity) AS dq
      FROM share_ledger WHERE village_code = ANY (codes) GROUP BY household_id, extract(year FROM effective_on)
  ),
  holdings AS (
    SELECT household_id, village_code, y, sum(dq) OVER (PARTITION BY household_id ORDER BY y) AS holding FROM holding_changes
  ),
  holder_flips AS (
    SELECT village_code, y,
      (holding > 0)::int - (coalesce(lag(holding) OVER (PARTITION BY household_id ORDER BY y), 0) > 0)::int AS ds
      FROM holdings
  ),
  holder_deltas AS (
    SELECT village_code, y, sum(ds) AS ds FROM holder_flips GROUP BY village_code, y
  ),
  deltas AS (
    SELECT coalesce(h.village_code, s.village_code) AS village_code, coalesce(h.y, s.y) AS y,
           coalesce(h.dh, 0) AS dh, coalesce(h.dm, 0) AS dm, coalesce(s.ds, 0) AS ds
      FROM household_deltas h FULL JOIN holder_deltas s ON s.village_code = h.village_code AND s.y = h.y
  )
  INSERT INTO village_year_figures (village_code, year, households, members, shareholder_households)
  SELECT village_code, y,
         (sum(dh) OVER w)::int, (sum(dm) OVER w)::int, (sum(ds) OVER w)::int
    FROM deltas
  WINDOW w AS (PARTITION BY village_code ORDER BY y);
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION village_figures_after_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('village_ledger.defer_figures', true), '') = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM refresh_village_figures(ARRAY(SELECT DISTINCT village_code::text FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM refresh_village_figures(ARRAY(SELECT DISTINCT village_code::text FROM old_rows));
  ELSE
    PERFORM refresh_village_figures(ARRAY(
      SELECT village_code::text FROM new_rows UNION SELECT village_code::text FROM old_rows));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER households_figures_insert AFTER INSERT ON households
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION village_figures_after_change();
--> statement-breakpoint
CREATE TRIGGER households_figures_update AFTER UPDATE ON households
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION village_figures_after_change();
--> statement-breakpoint
CREATE TRIGGER households_figures_delete AFTER DELETE ON households
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION village_figures_after_change();
--> statement-breakpoint
CREATE TRIGGER share_ledger_figures_insert AFTER INSERT ON share_ledger
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION village_figures_after_change();
--> statement-breakpoint
SELECT refresh_village_figures(ARRAY(SELECT code::text FROM villages));
