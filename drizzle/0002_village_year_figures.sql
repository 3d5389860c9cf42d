CREATE TABLE "village_year_figures" (
	"village_code" char(12) NOT NULL,
	"year" smallint NOT NULL,
	"households" integer NOT NULL,
	"members" integer NOT NULL,
	"shareholder_households" integer NOT NULL,
	CONSTRAINT "village_year_figures_village_code_year_pk" PRIMARY KEY("village_code","year")
);
--> statement-breakpoint
ALTER TABLE "village_year_figures" ADD CONSTRAINT "village_year_figures_village_code_villages_code_fk" FOREIGN KEY ("village_code") REFERENCES "public"."villages"("code") ON DELETE no action ON UPDATE no action;