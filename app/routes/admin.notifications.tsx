import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "@db/client.server";
import { testMessage } from "~/domain/notify-messages";
import { isRobotErrorCode, type RobotVerdict } from "~/domain/robots";
import type { Role } from "~/domain/scope";
import { translator, type MessageKey, type Translate } from "~/i18n";
import { useLang, useT } from "~/i18n/use-t";
import { addTarget, auditTestMessage, getMessageRegion, getTarget, listFailedMessages, listTargets, resendMessage, setTargetEnabled, targetSecret } from "~/models/notify-targets.server";
import { publicBaseUrl } from "~/models/outbox.server";
import { requireUser } from "~/services/auth.server";
import { getLang } from "~/utils/lang.server";
import { clientIp } from "~/utils/request.server";
import { sendToRobot } from "~/utils/robot-sender.server";
import { canStoreSecrets } from "~/utils/secret-box.server";
import { actorOf } from "~/utils/audit.server";
import { Toast } from "~/components/ui/Toast";
import { EmptyState } from "~/components/ui/EmptyState";
import { errorAria, FieldError } from "~/components/ui/Field";
import { pageTitle } from "~/i18n/meta";
import { scrollRegion } from "~/components/ui/scroll-region";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.notifications") }];

const MANAGERS: Role[] = ["admin", "bureau"];

/** Group robots and failed messages: admins see all, bureaus the regions within theirs. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: MANAGERS });
  const db = await getDb();
  const [targets, failed] = await Promise.all([listTargets({ db, grants: user.grants }), listFailedMessages({ db, grants: user.grants })]);
  return {
    targets: targets.map((t) => ({ ...t, createdAt: t.createdAt.toISOString() })),
    failed: failed.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })),
    canStoreSecrets: canStoreSecrets(),
  };
}

const empty = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const RegionCode = z.string().regex(/^[0-9]{12}$/);
const Id = z.coerce.number().int().positive().max(2 ** 53);
const AddForm = z
  .object({
    kind: z.enum(["dingtalk", "wecom"], { message: "notify.err.kind" }),
    name: z.string({ message: "notify.err.name" }).trim().min(1, "notify.err.name").max(60, "notify.err.name"),
    url: z
      .string({ message: "notify.err.url" })
      .trim()
      .max(500, "notify.err.url")
      .url("notify.err.url")
      .refine((u) => /^https?:\/\//i.test(u), "notify.err.url"),
    secret: z.preprocess(empty, z.string().trim().max(200, "notify.err.secret").optional()),
  })
  .refine((f) => !(f.secret && f.kind !== "dingtalk"), { message: "notify.err.secret", path: ["secret"] });

type Field = "regionCode" | "kind" | "name" | "url" | "secret" | "id" | "intent";
type ActionData = { error: string; errors: Partial<Record<Field, string>>; values: Record<string, string> } | { test: RobotVerdict };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: MANAGERS });
  const t = translator(await getLang(request));
  const form = Object.fromEntries(await request.formData());
  const values = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, typeof v === "string" ? v : ""]));
  delete values.secret; // never sent back
  const refuse = (errors: Partial<Record<Field, string>>, status = 400) => data<ActionData>({ error: t("notify.invalid"), errors, values }, { status });
  const db = await getDb();
  const actor = actorOf(user);
  const ip = clientIp(context);

  switch (values.intent) {
    case "add": {
      const region = RegionCode.safeParse(values.regionCode);
      if (!region.success) return refuse({ regionCode: t("notify.err.regionCode") });
      // the region must lie within the caller's reach (403), and exist (404)
      await requireUser(request, { role: MANAGERS, region: region.data });
      const parsed = AddForm.safeParse(form);
      if (!parsed.success) {
        const errors: Partial<Record<Field, string>> = {};
        for (const issue of parsed.error.issues) {
          const field = String(issue.path[0] ?? "url") as Field;
          const key = issue.message.startsWith("notify.") ? (issue.message as MessageKey) : (`notify.err.${field}` as MessageKey);
          errors[field] ??= t(key);
        }
        return refuse(errors);
      }
      const f = parsed.data;
      if (f.secret && !canStoreSecrets()) return refuse({ secret: t("notify.err.noKey") });
      await addTarget({ db, actor, regionCode: region.data, kind: f.kind, name: f.name, webhookUrl: f.url, secret: f.secret ?? null, ip });
      return redirect("/admin/notifications?done=added");
    }
    case "enable":
    case "disable":
    case "test": {
      const id = Id.safeParse(values.id);
      if (!id.success) return refuse({ id: t("notify.err.id") });
      const target = await getTarget({ db, id: id.data });
      if (!target) return refuse({ id: t("notify.err.notFound") }, 404);
      await requireUser(request, { role: MANAGERS, region: target.regionCode });
      if (values.intent !== "test") {
        await setTargetEnabled({ db, actor, id: target.id, enabled: values.intent === "enable", ip });
        return redirect("/admin/notifications?done=saved");
      }
      let verdict: RobotVerdict;
      let secret: string | null = null;
      try {
        secret = targetSecret(target);
      } catch (e) {
        verdict = { ok: false, code: "secret", detail: (e as Error).message.slice(0, 300) };
      }
      verdict ??= await sendToRobot(
        { kind: target.kind, webhookUrl: target.webhookUrl, secret },
        testMessage({ targetName: target.name, regionName: target.regionName, actor: user.displayName || user.username, link: `${publicBaseUrl()}/admin/notifications` }),
      );
      await auditTestMessage({ db, actor, id: target.id, verdict, ip });
      return data<ActionData>({ test: verdict });
    }
    case "resend": {
      const id = Id.safeParse(values.id);
      if (!id.success) return refuse({ id: t("notify.err.id") });
      const message = await getMessageRegion({ db, id: id.data });
      if (!message) return refuse({ id: t("notify.err.notFound") }, 404);
      await requireUser(request, { role: MANAGERS, region: message.regionCode });
      if (!(await resendMessage({ db, actor, id: id.data, ip }))) return refuse({ id: t("notify.err.notFound") }, 409);
      return redirect("/admin/notifications?done=resent");
    }
    default:
      return refuse({ intent: t("notify.err.intent") });
  }
}

/** A robot's failure in the reader's language: the code worded by the catalogue, the detail as it came. */
function robotErrorText(t: Translate, code: string | null | undefined, detail: string | null | undefined): string {
  if (!isRobotErrorCode(code)) return detail ?? "";
  return t(`notify.error.${code}`, { detail: detail ?? "" });
}

function formatTime(iso: string, lang: string) {
  return new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "zh-CN", { timeZone: "Asia/Shanghai", dateStyle: "short", timeStyle: "short", hour12: false }).format(new Date(iso));
}

export default function Notifications() {
  const { targets, failed, canStoreSecrets: secretsOk } = useLoaderData<typeof loader>();
  const result = useActionData() as ActionData | undefined;
  const t = useT();
  const lang = useLang();
  const busy = useNavigation().state !== "idle";
  const [params] = useSearchParams();
  const done = params.get("done");
  const errors = result && "errors" in result ? result.errors : {};
  const values = result && "values" in result ? result.values : {};
  const adding = values.intent === "add";
  return (
    <section className="stack">
      <h1>{t("notify.title")}</h1>
      <p className="muted">{t("notify.intro")}</p>
      {done === "added" || done === "saved" || done === "resent" ? (
        <Toast>{t(done === "added" ? "notify.added" : done === "resent" ? "notify.resent" : "notify.saved")}</Toast>
      ) : null}
      {result && "test" in result ? (
        <p className={result.test.ok ? "alert alert-ok" : "alert alert-error"} role="status">
          {result.test.ok ? t("notify.testOk") : t("notify.testFailed", { error: robotErrorText(t, result.test.code, result.test.detail) })}
        </p>
      ) : null}
      {result && "error" in result ? (
        <p className="alert alert-error" role="alert">
          {result.error} {Object.values(result.errors).filter((e, i, a) => a.indexOf(e) === i && !adding).join(" ")}
        </p>
      ) : null}

      <h2>{t("notify.targets")}</h2>
      {targets.length === 0 ? (
        <EmptyState title={t("empty.notifications.title")}>{t("empty.notifications.body")}</EmptyState>
      ) : (
        <div {...scrollRegion(t, t("notify.targets"))}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("notify.name")}</th>
                <th scope="col">{t("notify.region")}</th>
                <th scope="col">{t("notify.kind")}</th>
                <th scope="col">{t("notify.url")}</th>
                <th scope="col">{t("notify.enabled")}</th>
                <th scope="col"><span className="sr-only">{t("table.actions")}</span></th>
              </tr>
            </thead>
            <tbody>
              {targets.map((x) => (
                <tr key={x.id}>
                  <td>{x.name}</td>
                  <td>
                    {x.regionName} <span className="muted small">{x.regionCode}</span>
                  </td>
                  <td>
                    {t(x.kind === "dingtalk" ? "notify.kind.dingtalk" : "notify.kind.wecom")}
                    {x.hasSecret ? <span className="muted small"> · {t("notify.hasSecret")}</span> : null}
                  </td>
                  <td className="small">{x.url}</td>
                  <td>{x.enabled ? t("notify.enabled") : t("notify.disabled")}</td>
                  <td>
                    <Form method="post" className="actions">
                      <input type="hidden" name="id" value={x.id} />
                      <button type="submit" name="intent" value="test" className="button secondary" disabled={busy || !x.enabled}>
                        {t("notify.test")}
                      </button>{" "}
                      <button type="submit" name="intent" value={x.enabled ? "disable" : "enable"} className="button secondary" disabled={busy}>
                        {x.enabled ? t("notify.disable") : t("notify.enable")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>{t("notify.add")}</h2>
      <Form method="post" className="stack narrow" noValidate>
        <input type="hidden" name="intent" value="add" />
        <div className="field">
          <label htmlFor="regionCode">{t("notify.regionCode")}</label>
          <input id="regionCode" name="regionCode" inputMode="numeric" maxLength={12} defaultValue={adding ? values.regionCode : ""} {...errorAria("regionCode", errors.regionCode)} />
          <FieldError fieldId="regionCode" error={errors.regionCode} />
        </div>
        <div className="field">
          <label htmlFor="kind">{t("notify.kind")}</label>
          <select id="kind" name="kind" defaultValue={adding ? values.kind : "dingtalk"} {...errorAria("kind", errors.kind)}>
            <option value="dingtalk">{t("notify.kind.dingtalk")}</option>
            <option value="wecom">{t("notify.kind.wecom")}</option>
          </select>
          <FieldError fieldId="kind" error={errors.kind} />
        </div>
        <div className="field">
          <label htmlFor="name">{t("notify.name")}</label>
          <input id="name" name="name" maxLength={60} defaultValue={adding ? values.name : ""} {...errorAria("name", errors.name)} />
          <FieldError fieldId="name" error={errors.name} />
        </div>
        <div className="field">
          <label htmlFor="url">{t("notify.url")}</label>
          <input id="url" name="url" type="url" maxLength={500} autoComplete="off" defaultValue={adding ? values.url : ""} {...errorAria("url", errors.url)} />
          <FieldError fieldId="url" error={errors.url} />
        </div>
        <div className="field">
          <label htmlFor="secret">{t("notify.secret")}</label>
          <input id="secret" name="secret" type="password" maxLength={200} autoComplete="off" disabled={!secretsOk} {...errorAria("secret", errors.secret, "secret-note")} />
          <p id="secret-note" className="muted small">
            {secretsOk ? t("notify.secretNote") : t("notify.err.noKey")}
          </p>
          <FieldError fieldId="secret" error={errors.secret} />
        </div>
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy}>
            {t("notify.add")}
          </button>
        </div>
      </Form>

      <h2>{t("notify.failed")}</h2>
      {failed.length === 0 ? (
        <EmptyState>{t("empty.failed")}</EmptyState>
      ) : (
        <div {...scrollRegion(t, t("notify.failed"))}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("notify.createdAt")}</th>
                <th scope="col">{t("notify.name")}</th>
                <th scope="col">{t("notify.message")}</th>
                <th scope="col">{t("notify.attempts")}</th>
                <th scope="col">{t("notify.lastError")}</th>
                <th scope="col"><span className="sr-only">{t("table.actions")}</span></th>
              </tr>
            </thead>
            <tbody>
              {failed.map((m) => (
                <tr key={m.id}>
                  <td>{formatTime(m.createdAt, lang)}</td>
                  <td>{m.targetName}</td>
                  <td>{m.title}</td>
                  <td>{m.attempts}</td>
                  <td className="small">{robotErrorText(t, m.lastErrorCode, m.lastError)}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="id" value={m.id} />
                      <button type="submit" name="intent" value="resend" className="button secondary" disabled={busy}>
                        {t("notify.resend")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
