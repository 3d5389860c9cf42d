/**
 * The yearly income's approval, as a pure state machine:
 * 草稿 draft → 已提交 submitted → 已审核 approved (locked), or → 退回 returned with a comment;
 * only a bureau unlocks an approved year, with a reason.
 */
import { refuse, type Refusal } from "./refusal";
import { mayAct, type Grant, type VillagePlace } from "./scope";

export type YearStatus = "draft" | "submitted" | "approved" | "returned";
export type Transition = "save" | "submit" | "approve" | "return" | "unlock";

/** What the acting user may do to this village's year (decided by role and scope). */
export type Capacity = { canEdit: boolean; canApprove: boolean; canUnlock: boolean };

export type TransitionResult = { ok: true; next: YearStatus } | Refusal<"forbidden" | "wrong_state" | "invalid">;

const EDITABLE: YearStatus[] = ["draft", "returned"];

const refused = (zh: string, en: string): TransitionResult => refuse("forbidden", { message: { zh, en } });
const wrongState = (zh: string, en: string): TransitionResult => refuse("wrong_state", { message: { zh, en } });

export function checkTransition(status: YearStatus, transition: Transition, capacity: Capacity, text?: string | null): TransitionResult {
  const hasText = (text ?? "").trim().length > 0;
  switch (transition) {
    case "save":
    case "submit":
      if (!capacity.canEdit) return refused("只有本村村支书（会计）可以填报", "Only the village's secretary can enter the year");
      if (!EDITABLE.includes(status))
        return wrongState(
          status === "approved" ? "该年度已审核锁定，不能修改" : "该年度已提交审核，不能修改",
          status === "approved" ? "This year is approved and locked" : "This year is submitted for approval",
        );
      return { ok: true, next: transition === "submit" ? "submitted" : status };
    case "approve":
    case "return":
      if (!capacity.canApprove) return refused("只有乡镇农经站或县农业农村局可以审核", "Only the town or county office can approve");
      if (status !== "submitted") return wrongState("该年度不在待审核状态", "This year is not awaiting approval");
      if (transition === "return" && !hasText)
        return refuse("invalid", { field: "text", message: { zh: "退回时请填写意见", en: "Say why the year is returned" } });
      return { ok: true, next: transition === "approve" ? "approved" : "returned" };
    case "unlock":
      if (!capacity.canUnlock) return refused("只有县农业农村局可以解锁已审核年度", "Only the county bureau can unlock an approved year");
      if (status !== "approved") return wrongState("该年度未审核，无需解锁", "This year is not approved");
      if (!hasText) return refuse("invalid", { field: "text", message: { zh: "解锁时请填写原因", en: "Give the reason for unlocking" } });
      return { ok: true, next: "draft" };
  }
}

/** What this user may do to this village's year. Admins read; they do not keep villages' books. */
export function capacityOf(grants: readonly Grant[], village: VillagePlace): Capacity {
  return {
    canEdit: mayAct(grants, "secretary", [village]),
    canApprove: mayAct(grants, ["town", "bureau"], [village]),
    canUnlock: mayAct(grants, "bureau", [village]),
  };
}
