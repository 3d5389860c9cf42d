-- A failed try's reason as a code (timeout, http, errcode …) beside its detail, so that the admin
-- page words it in the reader's language instead of showing the sender's English.
ALTER TABLE "outbox_messages" ADD COLUMN "last_error_code" varchar(20);
