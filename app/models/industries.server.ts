/**
 * 产业目录: the industry catalogue villages pick their industries from. Seeded with the articles'
 * industries; admins add to it and correct names (an industry is never removed: villages' rows
 * and income lines point at it).
 */
import { and, asc, eq, ne, or } from "drizzle-orm";
import type { Db, DbOrTx } from "@db/client.server";
import { industries, villageIndustries } from "@db/schema";
import { INDUSTRY_DUPLICATE, type IndustryCatalogueForm } from "~/domain/industry-form";
import { refuse, type Refusal } from "~/domain/refusal";
import { writeAudit, type AuditActor } from "~/utils/audit.server";

export type IndustryResult = { ok: true; id: number } | Refusal<"duplicate" | "not_found">;

const duplicate = (field: "key" | "nameZh") => refuse("duplicate", { field, message: INDUSTRY_DUPLICATE[field] });

/** The catalogue, with how many villages run each industry. */
export async function listIndustries({ db }: { db: DbOrTx }) {
  const rows = await db
    .select({
      id: industries.id,
      key: industries.key,
      nameZh: industries.nameZh,
      nameEn: industries.nameEn,
      defaultUnit: industries.defaultUnit,
      villages: db.$count(villageIndustries, eq(villageIndustries.industryId, industries.id)),
    })
    .from(industries)
    .orderBy(asc(industries.id));
  return rows.map((r) => ({ ...r, villages: Number(r.villages) }));
}

function isUniqueViolation(e: unknown): string | null {
  const err = e as {
    code?: string;
    constraint_name?: string;
    constraint?: string;
    cause?: { code?: string; constraint_name?: string; constraint?: string };
  };
  const c = err?.cause ?? err;
  if (c?.code !== "23505" && err?.code !== "23505") return null;
  return c?.constraint_name ?? c?.constraint ?? "";
}

/** A key or Chinese name someone else already uses: which field, and the message. */
async function clash(tx: DbOrTx, input: { key?: string; nameZh: string; exceptId?: number }) {
  const [row] = await tx
    .select({ key: industries.key, nameZh: industries.nameZh })
    .from(industries)
    .where(
      and(
        input.key ? or(eq(industries.key, input.key), eq(industries.nameZh, input.nameZh)) : eq(industries.nameZh, input.nameZh),
        input.exceptId ? ne(industries.id, input.exceptId) : undefined,
      ),
    )
    .limit(1);
  if (!row) return null;
  return input.key && row.key === input.key ? ("key" as const) : ("nameZh" as const);
}

/** Adds an industry (create) or renames one (update), with its audit row, in one transaction. */
export async function saveIndustry({
  db,
  input,
  actor,
}: {
  db: Db;
  input: IndustryCatalogueForm;
  actor: AuditActor;
}): Promise<IndustryResult> {
  const names = { nameZh: input.nameZh, nameEn: input.nameEn, defaultUnit: input.defaultUnit };
  try {
    return await db.transaction(async (tx): Promise<IndustryResult> => {
      if (input.intent === "create") {
        const field = await clash(tx, { key: input.key, nameZh: input.nameZh });
        if (field) return duplicate(field);
        const [row] = await tx
          .insert(industries)
          .values({ key: input.key, ...names })
          .returning({ id: industries.id });
        await writeAudit(tx, {
          actor,
          action: "industry.create",
          entity: "industry",
          entityId: row.id,
          after: { key: input.key, ...names },
        });
        return { ok: true, id: row.id };
      }
      const [before] = await tx
        .select({ key: industries.key, nameZh: industries.nameZh, nameEn: industries.nameEn, defaultUnit: industries.defaultUnit })
        .from(industries)
        .where(eq(industries.id, input.id))
        .for("update");
      if (!before) return refuse("not_found", { message: { zh: "没有这个产业", en: "No such industry" } });
      const field = await clash(tx, { nameZh: input.nameZh, exceptId: input.id });
      if (field) return duplicate(field);
      await tx.update(industries).set(names).where(eq(industries.id, input.id));
      await writeAudit(tx, {
        actor,
        action: "industry.update",
        entity: "industry",
        entityId: input.id,
        before,
        after: { key: before.key, ...names },
      });
      return { ok: true, id: input.id };
    });
  } catch (e) {
    // two admins adding the same industry at once: the unique indexes decide
    const constraint = isUniqueViolation(e);
    if (constraint === null) throw e;
    const field = constraint.includes("key") ? "key" : "nameZh";
    return duplicate(field);
  }
}
