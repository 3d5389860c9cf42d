import type { MemberView } from "~/domain/members";
import { date } from "~/i18n/format";
import { basisLabel, capacityLabel, lossLabel, relationLabel, sexLabel } from "~/i18n/member-labels";
import { useLang, useT } from "~/i18n/use-t";

/** A person's details as everyone may read them: the ID number and the phone masked. */
export function MemberDetails({ member: m, age, fullCapacityToday }: { member: MemberView; age: number; fullCapacityToday: boolean }) {
  const t = useT();
  const lang = useLang();
  const rows: [string, string][] = [
    [t("members.field.relation"), relationLabel(t, m.relation)],
    [t("members.field.sex"), sexLabel(t, m.sex)],
    [t("members.field.birthDate"), `${date(m.birthDate, lang)}${t("punct.paren", { text: t("members.age", { n: age }) })}`],
    [t("members.field.idNumber"), m.idNumberMasked ?? "—"],
    [t("members.field.phone"), m.phoneMasked ?? "—"],
    [t("members.field.smsConsent"), t(m.smsConsent ? "members.yes" : "members.no")],
    [t("members.field.civilCapacity"), capacityLabel(t, m.civilCapacity)],
    [t("members.countsForAssembly"), t(fullCapacityToday && !m.lostOn ? "members.yes" : "members.no")],
    [t("members.field.confirmedOn"), date(m.confirmedOn, lang)],
    [t("members.field.confirmationBasis"), basisLabel(t, m.confirmationBasis)],
    [t("members.field.confirmationResolution"), m.confirmationResolution],
  ];
  if (m.lostOn && m.lossReason) {
    rows.push([t("members.field.lostOn"), date(m.lostOn, lang)], [t("members.field.lossReason"), lossLabel(t, m.lossReason, m.lossNote)]);
  }
  return (
    <dl className="totals">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
