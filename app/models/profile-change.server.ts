/** What every change of the village profile shares: its answer, its source label, a race's answer. */
import { refuse, type Refusal } from "~/domain/refusal";

/** a change saved, or why not (the field it is about, when there is one) */
export type ProfileResult = { ok: true } | Refusal<"invalid" | "not_found" | "duplicate" | "conflict">;
export const ENTERED = "村级填报 / entered by the village";

/**
 * A change whose check passed but whose insert a unique index refused: someone saved the same
 * thing a moment before (two secretaries, a double submit). Answered as `refused()`, by default
 * the code for "someone just did the same".
 */
export async function unlessRaced(
  change: Promise<ProfileResult>,
  refused: () => ProfileResult = () => refuse("conflict"),
): Promise<ProfileResult> {
  try {
    return await change;
  } catch (e) {
    const err = e as { code?: string; cause?: { code?: string } } | null;
    if (err?.code === "23505" || err?.cause?.code === "23505") return refused();
    throw e;
  }
}
