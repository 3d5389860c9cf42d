/**
 * 组织方式 and 网格: a village's cooperatives with their ordered partners, its villager groups and
 * household leaders — each change written with its audit row in one transaction.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "@db/client.server";
import { cooperativePartners, cooperatives, householdLeaders, villagerGroups } from "@db/schema";
import { PROFILE_REFUSALS, type CooperativeForm } from "~/domain/profile-form";
import { refuse } from "~/domain/refusal";
import { writeAudit, type AuditActor } from "~/utils/audit.server";

import { ENTERED, unlessRaced, type ProfileResult as Result } from "./profile-change.server";

/** Replaces a cooperative's ordered partners (its 组织方式), or creates the cooperative. */
export async function saveCooperative({
  db,
  villageCode,
  input,
  actor,
}: {
  db: Db;
  villageCode: string;
  input: CooperativeForm;
  actor: AuditActor;
}): Promise<Result> {
  return db.transaction(async (tx): Promise<Result> => {
    let id = input.id;
    if (id != null) {
      const [own] = await tx
        .select({ id: cooperatives.id })
        .from(cooperatives)
        .where(and(eq(cooperatives.id, id), eq(cooperatives.villageCode, villageCode)));
      if (!own) return refuse("not_found", { message: PROFILE_REFUSALS.noCooperative });
      const before = await tx
        .select()
        .from(cooperativePartners)
        .where(eq(cooperativePartners.cooperativeId, id))
        .orderBy(asc(cooperativePartners.position));
      await tx.update(cooperatives).set({ name: input.name, registrationNo: input.registrationNo }).where(eq(cooperatives.id, id));
      await tx.delete(cooperativePartners).where(eq(cooperativePartners.cooperativeId, id));
      await writeAudit(tx, { actor, action: "cooperative.update", entity: "cooperative", entityId: id, villageCode, before, after: input });
    } else {
      const [row] = await tx
        .insert(cooperatives)
        .values({ villageCode, name: input.name, registrationNo: input.registrationNo, source: ENTERED })
        .returning({ id: cooperatives.id });
      id = row.id;
      await writeAudit(tx, { actor, action: "cooperative.create", entity: "cooperative", entityId: id, villageCode, after: input });
    }
    await tx
      .insert(cooperativePartners)
      .values(input.partners.map((p, i) => ({ cooperativeId: id!, position: i + 1, role: p.role, label: p.label, name: p.name })));
    return { ok: true };
  });
}

export async function addGroup({
  db,
  villageCode,
  name,
  actor,
}: {
  db: Db;
  villageCode: string;
  name: string;
  actor: AuditActor;
}): Promise<Result> {
  const taken = () => refuse("duplicate", { field: "name", message: PROFILE_REFUSALS.groupExists(name) });
  return unlessRaced(
    db.transaction(async (tx): Promise<Result> => {
      const [dup] = await tx
        .select({ id: villagerGroups.id })
        .from(villagerGroups)
        .where(and(eq(villagerGroups.villageCode, villageCode), eq(villagerGroups.name, name)));
      if (dup) return taken();
      const [row] = await tx.insert(villagerGroups).values({ villageCode, name }).returning({ id: villagerGroups.id });
      await writeAudit(tx, {
        actor,
        action: "villager_group.create",
        entity: "villager_group",
        entityId: row.id,
        villageCode,
        after: { name },
      });
      return { ok: true };
    }),
    taken,
  );
}

export async function addLeader({
  db,
  villageCode,
  name,
  groupId,
  actor,
}: {
  db: Db;
  villageCode: string;
  name: string;
  groupId: number | null;
  actor: AuditActor;
}): Promise<Result> {
  return db.transaction(async (tx): Promise<Result> => {
    if (groupId != null) {
      const groups = await tx
        .select({ id: villagerGroups.id })
        .from(villagerGroups)
        .where(and(eq(villagerGroups.villageCode, villageCode), inArray(villagerGroups.id, [groupId])));
      if (!groups.length) return refuse("invalid", { field: "groupId", message: PROFILE_REFUSALS.notOurGroup });
    }
    const [row] = await tx.insert(householdLeaders).values({ villageCode, name, groupId }).returning({ id: householdLeaders.id });
    await writeAudit(tx, {
      actor,
      action: "household_leader.create",
      entity: "household_leader",
      entityId: row.id,
      villageCode,
      after: { name, groupId },
    });
    return { ok: true };
  });
}
