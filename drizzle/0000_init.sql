CREATE TYPE "public"."handout_status" AS ENUM('pending', 'paid', 'collected');--> statement-breakpoint
CREATE TYPE "public"."income_line_direction" AS ENUM('income', 'expense');--> statement-breakpoint
CREATE TYPE "public"."income_line_kind" AS ENUM('operating', 'contracting', 'investment', 'subsidy', 'other', 'operating_cost', 'management', 'other_expense');--> statement-breakpoint
CREATE TYPE "public"."income_year_status" AS ENUM('draft', 'submitted', 'approved', 'returned');--> statement-breakpoint
CREATE TYPE "public"."partner_role" AS ENUM('party_branch', 'cooperative', 'enterprise', 'large_grower', 'base', 'household');--> statement-breakpoint
CREATE TYPE "public"."region_level" AS ENUM('province', 'city', 'county', 'town', 'village');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('admin', 'bureau', 'town', 'secretary', 'member');--> statement-breakpoint
CREATE TYPE "public"."distribution_run_kind" AS ENUM('regular', 'reversal');--> statement-breakpoint
CREATE TYPE "public"."distribution_run_status" AS ENUM('draft', 'notice', 'approved', 'handed_out', 'reversed');--> statement-breakpoint
CREATE TYPE "public"."share_class_kind" AS ENUM('cash', 'member', 'land', 'collective');--> statement-breakpoint
CREATE TYPE "public"."share_entry_type" AS ENUM('subscribe', 'increase', 'transfer_out', 'transfer_in', 'redeem');--> statement-breakpoint
CREATE TABLE "regions" (
	"code" char(12) PRIMARY KEY NOT NULL,
	"name" varchar(100) NOT NULL,
	"level" "region_level" NOT NULL,
	"parent_code" char(12),
	"code_illustrative" boolean DEFAULT false NOT NULL,
	"note" text,
	CONSTRAINT "regions_code_digits" CHECK ("regions"."code" ~ '^[0-9]{12}$'),
	CONSTRAINT "regions_parent_rule" CHECK (("regions"."level" = 'province') = ("regions"."parent_code" is null))
);
--> statement-breakpoint
CREATE TABLE "collectives" (
	"id" serial PRIMARY KEY NOT NULL,
	"village_code" char(12) NOT NULL,
	"name" varchar(100) NOT NULL,
	"registration_no" varchar(40),
	"founded_on" date,
	"source" text NOT NULL,
	CONSTRAINT "collectives_villageCode_unique" UNIQUE("village_code")
);
--> statement-breakpoint
CREATE TABLE "cooperative_partners" (
	"id" serial PRIMARY KEY NOT NULL,
	"cooperative_id" integer NOT NULL,
	"position" integer NOT NULL,
	"role" "partner_role" NOT NULL,
	"label" varchar(20) NOT NULL,
	"name" varchar(100),
	CONSTRAINT "cooperative_partners_position_positive" CHECK ("cooperative_partners"."position" >= 1)
);
--> statement-breakpoint
CREATE TABLE "cooperatives" (
	"id" serial PRIMARY KEY NOT NULL,
	"village_code" char(12) NOT NULL,
	"name" varchar(100) NOT NULL,
	"registration_no" varchar(40),
	"founded_on" date,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "household_leaders" (
	"id" serial PRIMARY KEY NOT NULL,
	"village_code" char(12) NOT NULL,
	"group_id" integer,
	"name" varchar(50) NOT NULL,
	"phone" varchar(20),
	"is_demo" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "villager_groups" (
	"id" serial PRIMARY KEY NOT NULL,
	"village_code" char(12) NOT NULL,
	"name" varchar(50) NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "villages" (
	"code" char(12) PRIMARY KEY NOT NULL,
	"town_code" char(12) NOT NULL,
	"county_code" char(12) NOT NULL,
	"city_code" char(12) NOT NULL,
	"province_code" char(12) NOT NULL,
	"summary" text,
	"source" text NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "industries" (
	"id" serial PRIMARY KEY NOT NULL,
	"key" varchar(40) NOT NULL,
	"name_zh" varchar(40) NOT NULL,
	"name_en" varchar(60) NOT NULL,
	"default_unit" varchar(10) NOT NULL,
	CONSTRAINT "industries_key_unique" UNIQUE("key"),
	CONSTRAINT "industries_nameZh_unique" UNIQUE("name_zh")
);
--> statement-breakpoint
CREATE TABLE "village_industries" (
	"id" serial PRIMARY KEY NOT NULL,
	"village_code" char(12) NOT NULL,
	"industry_id" integer NOT NULL,
	"cooperative_id" integer,
	"description" text,
	"scale_quantity" numeric(14, 2),
	"scale_unit" varchar(10),
	"driven_area_mu" numeric(14, 2),
	"households_driven" integer,
	"scale_note" text,
	"position" smallint DEFAULT 1 NOT NULL,
	"source" text NOT NULL,
	CONSTRAINT "village_industries_scale_nonneg" CHECK ("village_industries"."scale_quantity" is null or "village_industries"."scale_quantity" >= 0),
	CONSTRAINT "village_industries_driven_nonneg" CHECK ("village_industries"."households_driven" is null or "village_industries"."households_driven" >= 0)
);
--> statement-breakpoint
CREATE TABLE "village_industry_years" (
	"id" serial PRIMARY KEY NOT NULL,
	"village_industry_id" integer NOT NULL,
	"year" smallint NOT NULL,
	"output_quantity" numeric(14, 2),
	"output_unit" varchar(10),
	"revenue_fen" bigint,
	"visitors" integer,
	"source" text NOT NULL,
	CONSTRAINT "village_industry_years_year" CHECK ("village_industry_years"."year" between 1949 and 2100),
	CONSTRAINT "village_industry_years_revenue_nonneg" CHECK ("village_industry_years"."revenue_fen" is null or "village_industry_years"."revenue_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "households" (
	"id" serial PRIMARY KEY NOT NULL,
	"village_code" char(12) NOT NULL,
	"code" varchar(20) NOT NULL,
	"head_name" varchar(50) NOT NULL,
	"group_id" integer,
	"leader_id" integer,
	"members" smallint DEFAULT 1 NOT NULL,
	"flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"joined_on" date NOT NULL,
	"left_on" date,
	"left_reason" text,
	"phone" varchar(20),
	"is_demo" boolean DEFAULT false NOT NULL,
	CONSTRAINT "households_members_nonneg" CHECK ("households"."members" >= 0),
	CONSTRAINT "households_left_after_joined" CHECK ("households"."left_on" is null or "households"."left_on" >= "households"."joined_on"),
	CONSTRAINT "households_left_reason" CHECK (("households"."left_on" is null) = ("households"."left_reason" is null))
);
--> statement-breakpoint
CREATE TABLE "share_classes" (
	"id" serial PRIMARY KEY NOT NULL,
	"village_code" char(12) NOT NULL,
	"kind" "share_class_kind" NOT NULL,
	"name" varchar(40) NOT NULL,
	"unit_value_fen" bigint NOT NULL,
	CONSTRAINT "share_classes_unit_value_nonneg" CHECK ("share_classes"."unit_value_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "share_ledger" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"village_code" char(12) NOT NULL,
	"household_id" integer NOT NULL,
	"share_class_id" integer NOT NULL,
	"entry_type" "share_entry_type" NOT NULL,
	"quantity" numeric(18, 4) NOT NULL,
	"counterparty_household_id" integer,
	"entry_group" uuid DEFAULT gen_random_uuid() NOT NULL,
	"effective_on" date NOT NULL,
	"approved_on" date NOT NULL,
	"approved_by" varchar(100) NOT NULL,
	"note" text,
	"created_by_user_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "share_ledger_sign" CHECK (("share_ledger"."entry_type" in ('subscribe','increase','transfer_in') and "share_ledger"."quantity" > 0)
       or ("share_ledger"."entry_type" in ('transfer_out','redeem') and "share_ledger"."quantity" < 0)),
	CONSTRAINT "share_ledger_counterparty" CHECK (("share_ledger"."entry_type" in ('transfer_out','transfer_in')) = ("share_ledger"."counterparty_household_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "income_lines" (
	"id" serial PRIMARY KEY NOT NULL,
	"income_year_id" integer NOT NULL,
	"direction" "income_line_direction" NOT NULL,
	"kind" "income_line_kind" NOT NULL,
	"village_industry_id" integer,
	"description" varchar(200) NOT NULL,
	"amount_fen" bigint NOT NULL,
	"variance_note" text,
	"position" smallint DEFAULT 1 NOT NULL,
	CONSTRAINT "income_lines_amount_nonneg" CHECK ("income_lines"."amount_fen" >= 0),
	CONSTRAINT "income_lines_kind_matches_direction" CHECK (("income_lines"."direction" = 'income') = ("income_lines"."kind" in ('operating','contracting','investment','subsidy','other')))
);
--> statement-breakpoint
CREATE TABLE "income_years" (
	"id" serial PRIMARY KEY NOT NULL,
	"village_code" char(12) NOT NULL,
	"year" smallint NOT NULL,
	"status" "income_year_status" DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"carried_over_fen" bigint DEFAULT 0 NOT NULL,
	"losses_to_cover_fen" bigint DEFAULT 0 NOT NULL,
	"operating_income_fen" bigint DEFAULT 0 NOT NULL,
	"expenses_fen" bigint DEFAULT 0 NOT NULL,
	"net_operating_income_fen" bigint DEFAULT 0 NOT NULL,
	"subsidy_fen" bigint DEFAULT 0 NOT NULL,
	"distributable_fen" bigint DEFAULT 0 NOT NULL,
	"stated_note" text,
	"return_comment" text,
	"unlock_reason" text,
	"submitted_at" timestamp with time zone,
	"submitted_by" text,
	"approved_at" timestamp with time zone,
	"approved_by" text,
	"source" text NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "income_years_year" CHECK ("income_years"."year" between 1949 and 2100),
	CONSTRAINT "income_years_version_positive" CHECK ("income_years"."version" >= 1),
	CONSTRAINT "income_years_losses_nonneg" CHECK ("income_years"."losses_to_cover_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "distribution_allocations" (
	"id" serial PRIMARY KEY NOT NULL,
	"run_id" integer NOT NULL,
	"household_id" integer NOT NULL,
	"shares" numeric(18, 4) NOT NULL,
	"members" smallint NOT NULL,
	"eligible" boolean NOT NULL,
	"reward_fen" bigint NOT NULL,
	"share_fen" bigint NOT NULL,
	"cash_fen" bigint NOT NULL,
	"in_kind_units" bigint NOT NULL,
	"in_kind_value_fen" bigint NOT NULL,
	"handout" "handout_status" DEFAULT 'pending' NOT NULL,
	"handed_out_on" date,
	"handout_reference" varchar(100)
);
--> statement-breakpoint
CREATE TABLE "distribution_rules" (
	"id" serial PRIMARY KEY NOT NULL,
	"owner_region_code" char(12),
	"is_template" boolean DEFAULT false NOT NULL,
	"rule_key" varchar(60) NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"name" varchar(200) NOT NULL,
	"document_title" varchar(200) NOT NULL,
	"valid_from" date NOT NULL,
	"extractions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"dividend_percent" numeric(7, 4) NOT NULL,
	"rewards" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"split" jsonb NOT NULL,
	"in_kind" jsonb,
	"notice_days" smallint DEFAULT 7 NOT NULL,
	"source" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "distribution_rules_percent" CHECK ("distribution_rules"."dividend_percent" >= 0 and "distribution_rules"."dividend_percent" <= 100),
	CONSTRAINT "distribution_rules_notice_days" CHECK ("distribution_rules"."notice_days" between 1 and 90),
	CONSTRAINT "distribution_rules_owner" CHECK ("distribution_rules"."is_template" or "distribution_rules"."owner_region_code" is not null)
);
--> statement-breakpoint
CREATE TABLE "distribution_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"village_code" char(12) NOT NULL,
	"year" smallint NOT NULL,
	"kind" "distribution_run_kind" DEFAULT 'regular' NOT NULL,
	"reverses_run_id" integer,
	"income_year_id" integer NOT NULL,
	"rule_id" integer NOT NULL,
	"status" "distribution_run_status" DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"record_date" date NOT NULL,
	"distributable_fen" bigint NOT NULL,
	"losses_to_cover_fen" bigint DEFAULT 0 NOT NULL,
	"base_fen" bigint NOT NULL,
	"retained_fen" bigint NOT NULL,
	"dividend_pool_fen" bigint NOT NULL,
	"rewards_fen" bigint NOT NULL,
	"split_pool_fen" bigint NOT NULL,
	"leftover_fen" bigint NOT NULL,
	"extractions" jsonb NOT NULL,
	"request_snapshot" jsonb NOT NULL,
	"notice_from" date,
	"notice_to" date,
	"approved_by_secretary" text,
	"approved_by_secretary_at" timestamp with time zone,
	"confirmed_by_town" text,
	"confirmed_by_town_at" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text NOT NULL,
	CONSTRAINT "distribution_runs_notice_dates" CHECK ("distribution_runs"."notice_to" is null or "distribution_runs"."notice_to" >= "distribution_runs"."notice_from"),
	CONSTRAINT "distribution_runs_two_people" CHECK ("distribution_runs"."confirmed_by_town" is null or "distribution_runs"."confirmed_by_town" <> "distribution_runs"."approved_by_secretary")
);
--> statement-breakpoint
CREATE TABLE "notice_objections" (
	"id" serial PRIMARY KEY NOT NULL,
	"run_id" integer NOT NULL,
	"household_id" integer,
	"raised_by" varchar(50) NOT NULL,
	"raised_on" date NOT NULL,
	"content" text NOT NULL,
	"answer" text,
	"answered_on" date,
	"answered_by" text
);
--> statement-breakpoint
CREATE TABLE "login_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"username" varchar(60) NOT NULL,
	"ip" varchar(64) NOT NULL,
	"succeeded" boolean NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "role_grants" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"role" "role" NOT NULL,
	"region_code" char(12),
	"household_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "role_grants_scope" CHECK (("role_grants"."role" = 'admin' and "role_grants"."region_code" is null and "role_grants"."household_id" is null)
       or ("role_grants"."role" in ('bureau','town','secretary') and "role_grants"."region_code" is not null and "role_grants"."household_id" is null)
       or ("role_grants"."role" = 'member' and "role_grants"."household_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"absolute_expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"username" varchar(60) NOT NULL,
	"display_name" varchar(60) NOT NULL,
	"password_hash" text NOT NULL,
	"must_change_password" boolean DEFAULT false NOT NULL,
	"disabled_at" timestamp with time zone,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" text,
	"actor_name" varchar(60) NOT NULL,
	"action" varchar(60) NOT NULL,
	"entity" varchar(60) NOT NULL,
	"entity_id" varchar(60) NOT NULL,
	"village_code" char(12),
	"before" jsonb,
	"after" jsonb,
	"ip" varchar(64)
);
--> statement-breakpoint
ALTER TABLE "regions" ADD CONSTRAINT "regions_parent_code_regions_code_fk" FOREIGN KEY ("parent_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collectives" ADD CONSTRAINT "collectives_village_code_villages_code_fk" FOREIGN KEY ("village_code") REFERENCES "public"."villages"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cooperative_partners" ADD CONSTRAINT "cooperative_partners_cooperative_id_cooperatives_id_fk" FOREIGN KEY ("cooperative_id") REFERENCES "public"."cooperatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cooperatives" ADD CONSTRAINT "cooperatives_village_code_villages_code_fk" FOREIGN KEY ("village_code") REFERENCES "public"."villages"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_leaders" ADD CONSTRAINT "household_leaders_village_code_villages_code_fk" FOREIGN KEY ("village_code") REFERENCES "public"."villages"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_leaders" ADD CONSTRAINT "household_leaders_group_id_villager_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."villager_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "villager_groups" ADD CONSTRAINT "villager_groups_village_code_villages_code_fk" FOREIGN KEY ("village_code") REFERENCES "public"."villages"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "villages" ADD CONSTRAINT "villages_code_regions_code_fk" FOREIGN KEY ("code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "villages" ADD CONSTRAINT "villages_town_code_regions_code_fk" FOREIGN KEY ("town_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "villages" ADD CONSTRAINT "villages_county_code_regions_code_fk" FOREIGN KEY ("county_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "villages" ADD CONSTRAINT "villages_city_code_regions_code_fk" FOREIGN KEY ("city_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "villages" ADD CONSTRAINT "villages_province_code_regions_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "village_industries" ADD CONSTRAINT "village_industries_village_code_villages_code_fk" FOREIGN KEY ("village_code") REFERENCES "public"."villages"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "village_industries" ADD CONSTRAINT "village_industries_industry_id_industries_id_fk" FOREIGN KEY ("industry_id") REFERENCES "public"."industries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "village_industries" ADD CONSTRAINT "village_industries_cooperative_id_cooperatives_id_fk" FOREIGN KEY ("cooperative_id") REFERENCES "public"."cooperatives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "village_industry_years" ADD CONSTRAINT "village_industry_years_village_industry_id_village_industries_id_fk" FOREIGN KEY ("village_industry_id") REFERENCES "public"."village_industries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_village_code_villages_code_fk" FOREIGN KEY ("village_code") REFERENCES "public"."villages"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_group_id_villager_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."villager_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_leader_id_household_leaders_id_fk" FOREIGN KEY ("leader_id") REFERENCES "public"."household_leaders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_classes" ADD CONSTRAINT "share_classes_village_code_villages_code_fk" FOREIGN KEY ("village_code") REFERENCES "public"."villages"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_ledger" ADD CONSTRAINT "share_ledger_village_code_villages_code_fk" FOREIGN KEY ("village_code") REFERENCES "public"."villages"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_ledger" ADD CONSTRAINT "share_ledger_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_ledger" ADD CONSTRAINT "share_ledger_share_class_id_share_classes_id_fk" FOREIGN KEY ("share_class_id") REFERENCES "public"."share_classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_ledger" ADD CONSTRAINT "share_ledger_counterparty_household_id_households_id_fk" FOREIGN KEY ("counterparty_household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_ledger" ADD CONSTRAINT "share_ledger_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "income_lines" ADD CONSTRAINT "income_lines_income_year_id_income_years_id_fk" FOREIGN KEY ("income_year_id") REFERENCES "public"."income_years"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "income_lines" ADD CONSTRAINT "income_lines_village_industry_id_village_industries_id_fk" FOREIGN KEY ("village_industry_id") REFERENCES "public"."village_industries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "income_years" ADD CONSTRAINT "income_years_village_code_villages_code_fk" FOREIGN KEY ("village_code") REFERENCES "public"."villages"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "income_years" ADD CONSTRAINT "income_years_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "income_years" ADD CONSTRAINT "income_years_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_allocations" ADD CONSTRAINT "distribution_allocations_run_id_distribution_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."distribution_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_allocations" ADD CONSTRAINT "distribution_allocations_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_rules" ADD CONSTRAINT "distribution_rules_owner_region_code_regions_code_fk" FOREIGN KEY ("owner_region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_rules" ADD CONSTRAINT "distribution_rules_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_runs" ADD CONSTRAINT "distribution_runs_village_code_villages_code_fk" FOREIGN KEY ("village_code") REFERENCES "public"."villages"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_runs" ADD CONSTRAINT "distribution_runs_reverses_run_id_distribution_runs_id_fk" FOREIGN KEY ("reverses_run_id") REFERENCES "public"."distribution_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_runs" ADD CONSTRAINT "distribution_runs_income_year_id_income_years_id_fk" FOREIGN KEY ("income_year_id") REFERENCES "public"."income_years"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_runs" ADD CONSTRAINT "distribution_runs_rule_id_distribution_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."distribution_rules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_runs" ADD CONSTRAINT "distribution_runs_approved_by_secretary_users_id_fk" FOREIGN KEY ("approved_by_secretary") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_runs" ADD CONSTRAINT "distribution_runs_confirmed_by_town_users_id_fk" FOREIGN KEY ("confirmed_by_town") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_runs" ADD CONSTRAINT "distribution_runs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_objections" ADD CONSTRAINT "notice_objections_run_id_distribution_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."distribution_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_objections" ADD CONSTRAINT "notice_objections_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_objections" ADD CONSTRAINT "notice_objections_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "regions_parent_idx" ON "regions" USING btree ("parent_code");--> statement-breakpoint
CREATE UNIQUE INDEX "cooperative_partners_position_uq" ON "cooperative_partners" USING btree ("cooperative_id","position");--> statement-breakpoint
CREATE INDEX "cooperatives_village_idx" ON "cooperatives" USING btree ("village_code");--> statement-breakpoint
CREATE INDEX "household_leaders_village_idx" ON "household_leaders" USING btree ("village_code");--> statement-breakpoint
CREATE UNIQUE INDEX "villager_groups_village_name_uq" ON "villager_groups" USING btree ("village_code","name");--> statement-breakpoint
CREATE INDEX "villages_town_idx" ON "villages" USING btree ("town_code");--> statement-breakpoint
CREATE INDEX "villages_county_idx" ON "villages" USING btree ("county_code");--> statement-breakpoint
CREATE INDEX "villages_city_idx" ON "villages" USING btree ("city_code");--> statement-breakpoint
CREATE INDEX "villages_province_idx" ON "villages" USING btree ("province_code");--> statement-breakpoint
CREATE INDEX "village_industries_village_idx" ON "village_industries" USING btree ("village_code");--> statement-breakpoint
CREATE UNIQUE INDEX "village_industries_uq" ON "village_industries" USING btree ("village_code","industry_id");--> statement-breakpoint
CREATE UNIQUE INDEX "village_industry_years_uq" ON "village_industry_years" USING btree ("village_industry_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "households_village_code_uq" ON "households" USING btree ("village_code","code");--> statement-breakpoint
CREATE INDEX "households_village_head_idx" ON "households" USING btree ("village_code","head_name");--> statement-breakpoint
CREATE INDEX "households_group_idx" ON "households" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "households_leader_idx" ON "households" USING btree ("leader_id");--> statement-breakpoint
CREATE UNIQUE INDEX "share_classes_village_kind_uq" ON "share_classes" USING btree ("village_code","kind");--> statement-breakpoint
CREATE INDEX "share_ledger_household_idx" ON "share_ledger" USING btree ("household_id","effective_on");--> statement-breakpoint
CREATE INDEX "share_ledger_village_idx" ON "share_ledger" USING btree ("village_code","effective_on");--> statement-breakpoint
CREATE INDEX "income_lines_year_idx" ON "income_lines" USING btree ("income_year_id");--> statement-breakpoint
CREATE UNIQUE INDEX "income_years_village_year_uq" ON "income_years" USING btree ("village_code","year");--> statement-breakpoint
CREATE INDEX "income_years_year_status_idx" ON "income_years" USING btree ("year","status");--> statement-breakpoint
CREATE UNIQUE INDEX "distribution_allocations_run_household_uq" ON "distribution_allocations" USING btree ("run_id","household_id");--> statement-breakpoint
CREATE INDEX "distribution_allocations_household_idx" ON "distribution_allocations" USING btree ("household_id");--> statement-breakpoint
CREATE UNIQUE INDEX "distribution_rules_key_version_uq" ON "distribution_rules" USING btree ("rule_key","version");--> statement-breakpoint
CREATE INDEX "distribution_rules_owner_idx" ON "distribution_rules" USING btree ("owner_region_code","valid_from");--> statement-breakpoint
CREATE INDEX "distribution_runs_village_year_idx" ON "distribution_runs" USING btree ("village_code","year");--> statement-breakpoint
CREATE UNIQUE INDEX "distribution_runs_live_uq" ON "distribution_runs" USING btree ("village_code","year") WHERE "distribution_runs"."kind" = 'regular' and "distribution_runs"."status" <> 'reversed';--> statement-breakpoint
CREATE INDEX "notice_objections_run_idx" ON "notice_objections" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "login_attempts_user_at_idx" ON "login_attempts" USING btree ("username","at");--> statement-breakpoint
CREATE INDEX "role_grants_user_idx" ON "role_grants" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_village_at_idx" ON "audit_log" USING btree ("village_code","at");--> statement-breakpoint
CREATE INDEX "audit_log_actor_at_idx" ON "audit_log" USING btree ("actor_user_id","at");