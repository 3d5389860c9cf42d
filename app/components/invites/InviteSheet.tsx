import { Link } from "@remix-run/react";
import { date } from "~/i18n/format";
import { useLang, useT } from "~/i18n/use-t";

export type SheetSlip = {
  id: number;
  householdCode: string;
  headName: string;
  grouped: string;
  url: string;
  qrSvg: string;
  expiresOn: string;
};

/**
 * The slips just made, to print on A4 (8 a page, cut along the dashed lines). The codes exist
 * only in this answer: the page says so, and nothing else of the workspace is printed.
 */
export function InviteSheet({
  villageName,
  joinUrl,
  slips,
  revoked,
  back,
}: {
  villageName: string;
  joinUrl: string;
  slips: readonly SheetSlip[];
  revoked: number;
  back: string;
}) {
  const t = useT();
  const lang = useLang();
  return (
    <div className="print-doc invite-sheet">
      <header className="no-print stack">
        <h1>{t("invites.sheetTitle", { n: slips.length })}</h1>
        <p className="alert alert-error" role="alert">
          {t("invites.onceOnly")}
        </p>
        {revoked ? <p className="muted">{t("invites.revokedOld", { n: revoked })}</p> : null}
        <p className="muted small">{t("invites.printHint")}</p>
        <p className="actions">
          <button type="button" className="primary" onClick={() => window.print()}>
            {t("invites.print")}
          </button>
          <Link to={back}>{t("invites.back")}</Link>
        </p>
      </header>
      <ul className="slips">
        {slips.map((s) => (
          <li key={s.id} className="slip" data-code={s.grouped}>
            <p className="slip-title">{t("invites.slipTitle", { village: villageName })}</p>
            <p className="slip-household">{t("invites.slipHousehold", { code: s.householdCode, name: s.headName })}</p>
            <div className="slip-body">
              {/* the QR code is the qrcode library's own SVG: modules only, no text of ours inside */}
              <div
                className="slip-qr"
                role="img"
                aria-label={t("invites.qrLabel", { url: s.url })}
                dangerouslySetInnerHTML={{ __html: s.qrSvg }}
              />
              <div className="slip-text">
                <p className="slip-code-label">{t("invites.slipCode")}</p>
                <p className="slip-code">{s.grouped}</p>
                <p className="slip-expires">{t("invites.slipExpires", { date: date(s.expiresOn, lang) })}</p>
                <p className="slip-url">{s.url}</p>
              </div>
            </div>
            <p className="slip-how">{t("invites.slipHow", { url: joinUrl })}</p>
            <p className="slip-once">{t("invites.slipOnce")}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
