/**
 * Where and when an approved run's goods and cash are handed out (发放地点和日期), as the
 * secretary sets them for the members (/me shows "请于 2026-01-20 到 岗上组广场 领取"). One
 * transaction with its audit row, on the locked run; changeable until everything is handed out.
 */
import { chinaDate, earliestHandoutDay, handoutDateProblem, HANDOUT_PLACE_MESSAGES } from "~/domain/distribution-lifecycle";
import { refuse } from "~/domain/refusal";
import { writeAudit } from "~/utils/audit.server";
import { queueHouseholdTexts } from "./household-texts.server";
import type { StepResult } from "./distributions.server";
import { bump, withRun, type Common } from "./distribution-run-lock.server";

export const HANDOUT_PLACE_MAX = 100;

/**
 * Sets (or changes) the hand-out place and date of the village's approved run of `year`.
 * `place` 1–100 characters after trimming; `on` a real date not before the town's confirmation
 * (or, unknown, the day after the notice). With `version`, a stale form changes nothing.
 */
export async function setHandoutPlace(
  c: Common & { place: string; on: string; version?: number },
): Promise<StepResult & { changed?: boolean }> {
  return withRun({ ...c, action: "handoutPlace" }, async (tx, run) => {
    const place = c.place.trim();
    if (!place || place.length > HANDOUT_PLACE_MAX)
      return refuse("invalid", { field: "handoutPlace", message: HANDOUT_PLACE_MESSAGES.handoutPlace });
    const earliest = earliestHandoutDay({
      noticeTo: run.noticeTo,
      confirmedOn: run.confirmedByTownAt ? chinaDate(run.confirmedByTownAt) : null,
    });
    const problem = handoutDateProblem(c.on, earliest);
    if (problem) return refuse("invalid", { field: "handoutOn", message: problem });
    if (place === run.handoutPlace && c.on === run.handoutOn)
      return { ok: true as const, runId: run.id, version: run.version, changed: false };

    const version = await bump(tx, run.id, { handoutPlace: place, handoutOn: c.on });
    await writeAudit(tx, {
      actor: c.actor,
      action: "distribution_run.handout_set",
      entity: "distribution_run",
      entityId: run.id,
      villageCode: c.villageCode,
      before: { handoutPlace: run.handoutPlace, handoutOn: run.handoutOn },
      after: { handoutPlace: place, handoutOn: c.on },
    });
    // texts (短信) to the consenting households in this same transaction: a place and date are
    // never set without their messages queued, nor queued for a change that did not happen
    await queueHouseholdTexts({ tx, runId: run.id, event: "handout", on: c.today });
    return { ok: true as const, runId: run.id, version, changed: true };
  });
}
