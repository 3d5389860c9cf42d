/**
 * The share register (股权台账), pure. Quantities are exact scaled integers (share-quantities.ts).
 * Holdings are never stored: they are the sum of the append-only ledger up to a date; a movement
 * is checked against that ledger and refused with the rule it broke.
 */
import type { Message } from "~/i18n/message";
import { isIsoDate } from "./dates";
import { refuse, type Refusal } from "./refusal";
import { MAX_SHARE_UNITS, SHARE_ERRORS, formatShares, sharesFromNumeric, sharesToNumeric } from "./share-quantities";

export {
  MAX_SHARE_UNITS,
  SHARE_ERRORS,
  SHARE_SCALE,
  formatShares,
  parseShares,
  sharesFromNumeric,
  sharesToNumeric,
  type ParseSharesResult,
} from "./share-quantities";

/** @deprecated the one declaration is `Message` (app/i18n/message.ts); kept for variance.ts until its own conversion */
export type Bilingual = Message;
export type Key = string | number;

export const SHARE_CLASS_KINDS = ["cash", "member", "land", "collective"] as const;
export type ShareClassKind = (typeof SHARE_CLASS_KINDS)[number];
export const SHARE_CLASS_LABELS: Record<ShareClassKind, Message> = {
  cash: { zh: "现金股", en: "Cash shares" },
  member: { zh: "成员股", en: "Membership shares" },
  land: { zh: "土地股", en: "Land shares" },
  collective: { zh: "集体股", en: "Collective shares" },
};

export type ShareEntryType = "subscribe" | "increase" | "transfer_out" | "transfer_in" | "redeem";

/** One ledger row as the domain sees it: quantity signed, in units. */
export type LedgerEntry<H extends Key = number, C extends Key = number> = {
  householdId: H;
  shareClassId: C;
  entryType: ShareEntryType;
  quantity: bigint;
  effectiveOn: string;
};

/** A share_ledger row as selected (quantity is numeric text) → LedgerEntry. */
export function ledgerEntryFromRow<H extends Key, C extends Key>(row: {
  householdId: H;
  shareClassId: C;
  entryType: ShareEntryType;
  quantity: string;
  effectiveOn: string;
}): LedgerEntry<H, C> {
  const { householdId, shareClassId, entryType, effectiveOn } = row;
  return { householdId, shareClassId, entryType, effectiveOn, quantity: sharesFromNumeric(row.quantity) };
}

/** household → class → units; households and classes with a zero holding are left out. */
export type Holdings<H extends Key = number, C extends Key = number> = Map<H, Map<C, bigint>>;

/** Holdings at the end of `date` (every entry with effectiveOn ≤ date). */
export function holdingsOn<H extends Key, C extends Key>(entries: Iterable<LedgerEntry<H, C>>, date: string): Holdings<H, C> {
  const out: Holdings<H, C> = new Map();
  for (const e of entries) {
    if (e.effectiveOn > date) continue;
    let byClass = out.get(e.householdId);
    if (!byClass) out.set(e.householdId, (byClass = new Map()));
    byClass.set(e.shareClassId, (byClass.get(e.shareClassId) ?? 0n) + e.quantity);
  }
  for (const [h, byClass] of out) {
    for (const [c, q] of byClass) if (q === 0n) byClass.delete(c);
    if (byClass.size === 0) out.delete(h);
  }
  return out;
}

/** What validateMovement needs to know of a household. */
export type HouseholdStatus = {
  villageCode: string;
  joinedOn: string;
  leftOn: string | null;
  /** shown in messages, e.g. the 户号 */
  code?: string;
};

type MovementBase<C extends Key> = {
  shareClassId: C;
  /** positive units */
  quantity: bigint;
  effectiveOn: string;
  approvedOn: string;
  approvedBy: string;
  note?: string | null;
};
export type Movement<H extends Key = number, C extends Key = number> =
  | (MovementBase<C> & { type: "subscribe" | "increase" | "redeem"; householdId: H })
  | (MovementBase<C> & { type: "transfer"; fromHouseholdId: H; toHouseholdId: H });

/** A row ready for share_ledger (the model adds villageCode, one entryGroup per result, the user). */
export type LedgerRowToAppend<H extends Key = number, C extends Key = number> = {
  householdId: H;
  shareClassId: C;
  entryType: ShareEntryType;
  /** signed numeric(18,4) text */
  quantity: string;
  counterpartyHouseholdId: H | null;
  effectiveOn: string;
  approvedOn: string;
  approvedBy: string;
  note: string | null;
};

/** the rows to append, or why the movement is refused (its message says which rule it broke) */
export type MovementResult<H extends Key = number, C extends Key = number> =
  { ok: true; rows: LedgerRowToAppend<H, C>[] } | MovementRefusal;
export type MovementRefusal = Refusal<"invalid"> & { message: Message };

const refused = (message: Message): MovementRefusal => ({ ...refuse("invalid"), message });
const err = (zh: string, en: string) => refused({ zh, en });
const who = (h: HouseholdStatus | undefined, id: Key) => h?.code ?? String(id);

/** A member on `date`: joined on or before it, and not left before it (the leaving day still counts). */
export function isActiveOn(h: HouseholdStatus, date: string): boolean {
  return h.joinedOn <= date && (h.leftOn === null || date <= h.leftOn);
}

/**
 * The first date on or after `from` at which the holding of (household, class) would drop below
 * `take` — i.e. where removing `take` at `from` would make the running balance negative.
 */
function firstShortfall<H extends Key, C extends Key>(
  ledger: Iterable<LedgerEntry<H, C>>,
  householdId: H,
  shareClassId: C,
  from: string,
  take: bigint,
): { date: string; available: bigint } | null {
  let balance = 0n;
  const later = new Map<string, bigint>();
  for (const e of ledger) {
    if (e.householdId !== householdId || e.shareClassId !== shareClassId) continue;
    if (e.effectiveOn <= from) balance += e.quantity;
    else later.set(e.effectiveOn, (later.get(e.effectiveOn) ?? 0n) + e.quantity);
  }
  if (balance < take) return { date: from, available: balance };
  for (const date of [...later.keys()].sort()) {
    balance += later.get(date)!;
    if (balance < take) return { date, available: balance };
  }
  return null;
}

/**
 * Check one movement against the ledger and return the rows to append (two for a transfer).
 * `ledger` must hold every entry of the households involved (more is fine). Subscribe and
 * increase are not told apart by the current holding: imports often say 认购 for both.
 */
export function validateMovement<H extends Key, C extends Key>(args: {
  ledger: Iterable<LedgerEntry<H, C>>;
  households: ReadonlyMap<H, HouseholdStatus>;
  movement: Movement<H, C>;
  today: string;
}): MovementResult<H, C> {
  const { ledger, households, movement: m, today } = args;
  if (!isIsoDate(m.effectiveOn)) return err("变动日期不是有效日期", "The date is not a valid date");
  if (!isIsoDate(m.approvedOn)) return err("批准日期不是有效日期", "The approval date is not a valid date");
  if (m.effectiveOn > today) return err("变动日期不能晚于今天", "The date cannot be in the future");
  if (m.approvedOn > today) return err("批准日期不能晚于今天", "The approval date cannot be in the future");
  const approvedBy = m.approvedBy.trim();
  if (approvedBy === "" || approvedBy.length > 100) {
    return err("请填写批准人（不超过100字）", "Enter who approved it (at most 100 characters)");
  }
  if (m.quantity <= 0n) return refused(SHARE_ERRORS.notPositive);
  if (m.quantity > MAX_SHARE_UNITS) return refused(SHARE_ERRORS.tooLarge);

  const date = m.effectiveOn;
  const giver = m.type === "transfer" ? m.fromHouseholdId : m.type === "redeem" ? m.householdId : null;
  const receiver = m.type === "transfer" ? m.toHouseholdId : m.type === "redeem" ? null : m.householdId;
  if (m.type === "transfer" && giver === receiver) {
    return err("转让需选择另一户作为受让方", "A transfer needs a different receiving household");
  }

  for (const id of [giver, receiver]) {
    if (id === null) continue;
    const h = households.get(id);
    if (!h) return err(`找不到户 ${String(id)}`, `Household ${String(id)} not found`);
    if (!isActiveOn(h, date)) {
      return err(
        `户 ${who(h, id)} 在 ${date} 不是本社成员（未入社或已退社）`,
        `Household ${who(h, id)} is not a member on ${date} (not yet joined, or left)`,
      );
    }
  }
  if (receiver !== null && households.get(receiver)!.leftOn !== null) {
    // It would hold shares after leaving, which leaving forbids.
    const h = households.get(receiver)!;
    return err(`户 ${who(h, receiver)} 已退社，不能再获得股份`, `Household ${who(h, receiver)} has left and cannot receive shares`);
  }
  if (giver !== null && receiver !== null && households.get(giver)!.villageCode !== households.get(receiver)!.villageCode) {
    return err("只能转让给本村的户", "Shares can only be transferred within the same village");
  }

  if (giver !== null) {
    const short = firstShortfall(ledger, giver, m.shareClassId, date, m.quantity);
    if (short) {
      const q = formatShares(m.quantity);
      const have = formatShares(short.available);
      const h = who(households.get(giver), giver);
      return short.date === date
        ? err(`${q} 股超过户 ${h} 在 ${date} 的持股（${have} 股）`, `${q} shares exceed household ${h}'s holding on ${date} (${have})`)
        : err(
            `户 ${h} 在 ${short.date} 的持股将变为负数（届时 ${have} 股，少于 ${q} 股），请先处理之后的变动`,
            `Household ${h}'s holding would go negative on ${short.date} (${have} then, less than ${q}); deal with the later movements first`,
          );
    }
  }

  const base = {
    shareClassId: m.shareClassId,
    effectiveOn: m.effectiveOn,
    approvedOn: m.approvedOn,
    approvedBy,
    note: m.note?.trim() || null,
  };
  const plus = sharesToNumeric(m.quantity);
  const minus = sharesToNumeric(-m.quantity);
  if (m.type === "transfer") {
    return {
      ok: true,
      rows: [
        { ...base, householdId: m.fromHouseholdId, entryType: "transfer_out", quantity: minus, counterpartyHouseholdId: m.toHouseholdId },
        { ...base, householdId: m.toHouseholdId, entryType: "transfer_in", quantity: plus, counterpartyHouseholdId: m.fromHouseholdId },
      ],
    };
  }
  return {
    ok: true,
    rows: [
      {
        ...base,
        householdId: m.householdId,
        entryType: m.type,
        quantity: m.type === "redeem" ? minus : plus,
        counterpartyHouseholdId: null,
      },
    ],
  };
}

/**
 * May a household leave? Only with no shares left. Pass its holdings over the whole ledger
 * (`holdingsOn(entries, "9999-12-31").get(id)`), not just up to the leaving date, so a backdated
 * leaving cannot strand shares entered after it.
 */
export function canLeave<C extends Key>(holdings: ReadonlyMap<C, bigint> | undefined): { ok: true } | Refusal<"wrong_state"> {
  const held = [...(holdings ?? new Map<C, bigint>()).values()].filter((q) => q !== 0n);
  if (held.length === 0) return { ok: true };
  const total = formatShares(held.reduce((a, b) => a + b, 0n));
  return refuse("wrong_state", {
    message: {
      zh: `该户仍持有股份（${held.length} 类，共 ${total} 股），请先转让或退股再办理退社`,
      en: `The household still holds shares (${held.length} class(es), ${total} in all): transfer or redeem them before it leaves`,
    },
  });
}
