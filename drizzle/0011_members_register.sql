CREATE TYPE "public"."outbox_channel" AS ENUM('robot', 'sms');--> statement-breakpoint
CREATE TYPE "public"."civil_capacity" AS ENUM('by_age', 'full', 'limited');--> statement-breakpoint
CREATE TYPE "public"."member_relation" AS ENUM('head', 'spouse', 'child', 'parent', 'grandchild', 'other');--> statement-breakpoint
CREATE TYPE "public"."member_sex" AS ENUM('male', 'female');--> statement-breakpoint
CREATE TYPE "public"."membership_basis" AS ENUM('birth', 'marriage', 'adoption', 'resettlement', 'assembly', 'reform');--> statement-breakpoint
CREATE TYPE "public"."membership_loss" AS ENUM('death', 'voluntary_exit', 'other_collective', 'nationality', 'civil_servant', 'other');--> statement-breakpoint
CREATE TABLE "member_invites" (
	"id" serial PRIMARY KEY NOT NULL,
	"village_code" char(12) NOT NULL,
	"household_id" integer NOT NULL,
	"code_hash" char(64) NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"used_by" text,
	"revoked_at" timestamp with time zone,
	"revoked_by" text,
	CONSTRAINT "member_invites_used_or_revoked" CHECK ("member_invites"."used_at" is null or "member_invites"."revoked_at" is null)
);
--> statement-breakpoint
CREATE TABLE "members" (
	"id" serial PRIMARY KEY NOT NULL,
	"village_code" char(12) NOT NULL,
	"household_id" integer NOT NULL,
	"name" varchar(50) NOT NULL,
	"relation" "member_relation" NOT NULL,
	"sex" "member_sex" NOT NULL,
	"birth_date" date NOT NULL,
	"id_number_ciphertext" text,
	"id_number_hash" char(64),
	"id_last4" char(4),
	"phone" varchar(20),
	"sms_consent" boolean DEFAULT false NOT NULL,
	"civil_capacity" "civil_capacity" DEFAULT 'by_age' NOT NULL,
	"confirmed_on" date NOT NULL,
	"confirmation_basis" "membership_basis" NOT NULL,
	"confirmation_resolution" varchar(200) NOT NULL,
	"lost_on" date,
	"loss_reason" "membership_loss",
	"loss_note" varchar(200),
	"version" integer DEFAULT 1 NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "members_lost_after_confirmed" CHECK ("members"."lost_on" is null or "members"."lost_on" >= "members"."confirmed_on"),
	CONSTRAINT "members_loss_reason" CHECK (("members"."lost_on" is null) = ("members"."loss_reason" is null)),
	CONSTRAINT "members_loss_note" CHECK ("members"."loss_reason" is distinct from 'other' or "members"."loss_note" is not null),
	CONSTRAINT "members_id_parts" CHECK (("members"."id_number_ciphertext" is null) = ("members"."id_number_hash" is null) and ("members"."id_number_hash" is null) = ("members"."id_last4" is null))
);
--> statement-breakpoint
ALTER TABLE "outbox_messages" ALTER COLUMN "target_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "distribution_runs" ADD COLUMN "handout_place" varchar(100);--> statement-breakpoint
ALTER TABLE "distribution_runs" ADD COLUMN "handout_on" date;--> statement-breakpoint
ALTER TABLE "notice_objections" ADD COLUMN "raised_by_user_id" text;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "channel" "outbox_channel" DEFAULT 'robot' NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "household_id" integer;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "recipient_phone" varchar(20);--> statement-breakpoint
ALTER TABLE "member_invites" ADD CONSTRAINT "member_invites_village_code_villages_code_fk" FOREIGN KEY ("village_code") REFERENCES "public"."villages"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_invites" ADD CONSTRAINT "member_invites_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_invites" ADD CONSTRAINT "member_invites_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_invites" ADD CONSTRAINT "member_invites_used_by_users_id_fk" FOREIGN KEY ("used_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_invites" ADD CONSTRAINT "member_invites_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_village_code_villages_code_fk" FOREIGN KEY ("village_code") REFERENCES "public"."villages"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "member_invites_code_uq" ON "member_invites" USING btree ("code_hash");--> statement-breakpoint
CREATE INDEX "member_invites_village_idx" ON "member_invites" USING btree ("village_code","created_at");--> statement-breakpoint
CREATE INDEX "member_invites_household_idx" ON "member_invites" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "members_household_idx" ON "members" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "members_village_name_idx" ON "members" USING btree ("village_code","name");--> statement-breakpoint
CREATE INDEX "members_village_last4_idx" ON "members" USING btree ("village_code","id_last4");--> statement-breakpoint
CREATE INDEX "members_id_hash_idx" ON "members" USING btree ("id_number_hash");--> statement-breakpoint
ALTER TABLE "notice_objections" ADD CONSTRAINT "notice_objections_raised_by_user_id_users_id_fk" FOREIGN KEY ("raised_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "notice_objections_open_uq" ON "notice_objections" USING btree ("run_id","household_id") WHERE "notice_objections"."answer" is null and "notice_objections"."household_id" is not null;--> statement-breakpoint
CREATE INDEX "outbox_messages_household_idx" ON "outbox_messages" USING btree ("household_id");--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_channel" CHECK (("outbox_messages"."channel" = 'robot' and "outbox_messages"."target_id" is not null) or ("outbox_messages"."channel" = 'sms' and "outbox_messages"."recipient_phone" is not null and "outbox_messages"."household_id" is not null));