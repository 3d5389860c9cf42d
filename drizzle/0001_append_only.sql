-- The audit log and the share ledger are only ever appended to: the database itself refuses
-- UPDATE, DELETE and TRUNCATE on them, whatever the application does.
CREATE OR REPLACE FUNCTION refuse_change_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION refuse_change_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_append_only();
--> statement-breakpoint
CREATE TRIGGER share_ledger_append_only BEFORE UPDATE OR DELETE ON share_ledger
  FOR EACH ROW EXECUTE FUNCTION refuse_change_append_only();
--> statement-breakpoint
CREATE TRIGGER share_ledger_no_truncate BEFORE TRUNCATE ON share_ledger
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_append_only();
