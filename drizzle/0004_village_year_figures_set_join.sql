-- refresh_village_figures (0003) compared each row with the whole array of codes: fine for the
-- handful of villages a statement touches, quadratic for a province's 15,000 (a refresh of every
-- village, as after a bulk load). The same function, joining the codes as a set (a hash join).
CREATE OR REPLACE FUNCTION refresh_village_figures(codes text[]) RETURNS void
LANGUAGE sql AS $$
  DELETE FROM village_year_figures f USING (SELECT DISTINCT unnest(codes)::char(12) AS code) t
   WHERE f.village_code = t.code;
  WITH target AS (
    SELECT DISTINCT unnest(codes)::char(12) AS code
  ),
  household_events AS (
    SELECT h.village_code, extract(year FROM h.joined_on)::int AS y, 1 AS dh, h.members::int AS dm
      FROM households h JOIN target t ON t.code = h.village_code
    UNION ALL
    SELECT h.village_code, extract(year FROM h.left_on)::int, -1, -h.members::int
      FROM households h JOIN target t ON t.code = h.village_code WHERE h.left_on IS NOT NULL
  ),
  household_deltas AS (
    SELECT village_code, y, sum(dh) AS dh, sum(dm) AS dm FROM household_events GROUP BY village_code, y
  ),
  holding_changes AS (
    SELECT l.household_id, min(l.village_code) AS village_code, extract(year FROM l.effective_on)::int AS y, sum(l.quantity) AS dq
      FROM share_ledger l JOIN target t ON t.code = l.village_code
     GROUP BY l.household_id, extract(year FROM l.effective_on)
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
