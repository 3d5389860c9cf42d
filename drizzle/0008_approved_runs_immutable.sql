-- An approved distribution run never changes (a correction is a reversal run plus a new run).
-- The model already keeps to this; the database now refuses it too: once a run is approved,
-- its figures and its households' amounts are fixed. What may still change: the run's status
-- (approved → handed_out, → reversed) and each household's hand-out record.
CREATE OR REPLACE FUNCTION refuse_change_approved_run() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status IN ('approved', 'handed_out', 'reversed') AND (
       NEW.village_code, NEW.year, NEW.kind, NEW.reverses_run_id, NEW.income_year_id, NEW.rule_id,
       NEW.record_date, NEW.distributable_fen, NEW.losses_to_cover_fen, NEW.base_fen, NEW.retained_fen,
       NEW.dividend_pool_fen, NEW.rewards_fen, NEW.split_pool_fen, NEW.leftover_fen, NEW.extractions,
       NEW.request_snapshot, NEW.notice_from, NEW.notice_to
     ) IS DISTINCT FROM (
       OLD.village_code, OLD.year, OLD.kind, OLD.reverses_run_id, OLD.income_year_id, OLD.rule_id,
       OLD.record_date, OLD.distributable_fen, OLD.losses_to_cover_fen, OLD.base_fen, OLD.retained_fen,
       OLD.dividend_pool_fen, OLD.rewards_fen, OLD.split_pool_fen, OLD.leftover_fen, OLD.extractions,
       OLD.request_snapshot, OLD.notice_from, OLD.notice_to
     ) THEN
    RAISE EXCEPTION 'distribution run % is approved: its figures cannot change', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER distribution_runs_approved_immutable BEFORE UPDATE ON distribution_runs
  FOR EACH ROW EXECUTE FUNCTION refuse_change_approved_run();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION refuse_change_approved_allocation() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  run_status text;
BEGIN
  SELECT status::text INTO run_status FROM distribution_runs WHERE id = OLD.run_id;
  IF run_status IN ('approved', 'handed_out', 'reversed') THEN
    IF TG_OP = 'DELETE' OR (
         NEW.run_id, NEW.household_id, NEW.shares, NEW.members, NEW.eligible, NEW.reward_fen,
         NEW.share_fen, NEW.cash_fen, NEW.in_kind_units, NEW.in_kind_value_fen
       ) IS DISTINCT FROM (
         OLD.run_id, OLD.household_id, OLD.shares, OLD.members, OLD.eligible, OLD.reward_fen,
         OLD.share_fen, OLD.cash_fen, OLD.in_kind_units, OLD.in_kind_value_fen
       ) THEN
      RAISE EXCEPTION 'distribution run % is approved: its allocations cannot change', OLD.run_id
        USING ERRCODE = 'insufficient_privilege';
    END IF;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER distribution_allocations_approved_immutable BEFORE UPDATE OR DELETE ON distribution_allocations
  FOR EACH ROW EXECUTE FUNCTION refuse_change_approved_allocation();
