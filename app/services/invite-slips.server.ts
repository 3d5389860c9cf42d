/**
 * The printable slips of a batch just made: each household's code grouped for reading, its
 * /join link and that link's QR code (inline SVG). Built once, in the answer that made the codes.
 */
import { chinaDate } from "~/domain/distribution-lifecycle";
import { groupInviteCode } from "~/domain/invite-code";
import type { InviteSlip } from "~/models/member-invites.server";
import { getEnv } from "~/utils/env.server";
import { qrSvg } from "~/utils/qr.server";

/**
 * The app's address as the households reach it: PUBLIC_BASE_URL when set, else the address the
 * secretary reached this page at (what a printed slip must point to, not the server's localhost).
 */
export function joinBaseUrl(request: Request): string {
  const configured = getEnv().PUBLIC_BASE_URL;
  return (configured ?? new URL(request.url).origin).replace(/\/+$/, "");
}

export type PrintableSlip = {
  id: number;
  householdCode: string;
  headName: string;
  grouped: string;
  url: string;
  qrSvg: string;
  expiresOn: string;
};

export async function printableSlips({ request, slips }: { request: Request; slips: readonly InviteSlip[] }) {
  const base = joinBaseUrl(request);
  const list: PrintableSlip[] = [];
  for (const s of slips) {
    const url = `${base}/join/${s.code}`;
    list.push({
      id: s.id,
      householdCode: s.householdCode,
      headName: s.headName,
      grouped: groupInviteCode(s.code),
      url,
      qrSvg: await qrSvg(url),
      expiresOn: chinaDate(s.expiresAt),
    });
  }
  return { joinUrl: `${base}/join`, slips: list };
}
