import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { getDb } from "@db/client.server";
import { AddTargetForm } from "~/components/notifications/AddTargetForm";
import { FailedMessages } from "~/components/notifications/FailedMessages";
import { robotErrorText } from "~/components/notifications/robot-error";
import { TargetsTable } from "~/components/notifications/TargetsTable";
import { TextMessages } from "~/components/notifications/TextMessages";
import { ErrorList, FormErrorsAlert, useFormReply } from "~/components/ui/forms";
import { Toast } from "~/components/ui/Toast";
import { parseForm } from "~/domain/form";
import { testMessage } from "~/domain/notify-messages";
import {
  addTargetSchema,
  NOTIFY_NOT_FOUND,
  notifyIntentSchema,
  resendSchema,
  targetActionSchema,
  targetRegionSchema,
  type AddTargetForm as AddTargetValues,
} from "~/domain/notify-target-form";
import { refuse } from "~/domain/refusal";
import type { RobotVerdict } from "~/domain/robots";
import type { Role } from "~/domain/scope";
import { useT } from "~/i18n/use-t";
import {
  addTarget,
  auditTestMessage,
  getMessageRegion,
  getTarget,
  listFailedMessages,
  listTargets,
  listTexts,
  resendMessage,
  setTargetEnabled,
  targetSecret,
} from "~/models/notify-targets.server";
import { publicBaseUrl } from "~/models/outbox.server";
import { requireUser, type AuthUser } from "~/services/auth.server";
import { actorOf } from "~/utils/audit.server";
import { replyInvalid, replyRefused } from "~/utils/form-reply.server";
import { clientIp } from "~/utils/request.server";
import { sendToRobot } from "~/utils/robot-sender.server";
import { textsEnabled } from "~/utils/sms-sender.server";
import { canStoreSecrets } from "~/utils/secret-box.server";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.notifications") }];

const MANAGERS: Role[] = ["admin", "bureau"];

/** Group robots and failed messages: admins see all, bureaus the regions within theirs. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: MANAGERS });
  const db = await getDb();
  const [targets, failed, texts] = await Promise.all([
    listTargets({ db, grants: user.grants }),
    listFailedMessages({ db, grants: user.grants }),
    listTexts({ db, grants: user.grants }),
  ]);
  const dated = <M extends { createdAt: Date; sentAt: Date | null }>(m: M) => ({
    ...m,
    createdAt: m.createdAt.toISOString(),
    sentAt: m.sentAt?.toISOString() ?? null,
  });
  return {
    targets: targets.map((t) => ({ ...t, createdAt: t.createdAt.toISOString() })),
    failed: failed.map(dated),
    texts: texts.map(dated),
    textsEnabled: textsEnabled(),
    canStoreSecrets: canStoreSecrets(),
  };
}

type Args = { request: Request; formData: FormData; user: AuthUser; ip: string };

/** the signing secret is never sent back */
const hideFields = ["secret"];
const gone = () => refuse("not_found", { message: NOTIFY_NOT_FOUND });

/** intent=add: the region is checked first (within the caller's reach, else 403; existing, else 404), whatever else is wrong */
async function add({ request, formData, user, ip }: Args) {
  const submission = parseForm(formData, addTargetSchema);
  // conform's check as the user types: the form's own messages, nothing looked up
  if (!submission.status) return replyInvalid(submission, { hideFields });
  const region = parseForm(formData, targetRegionSchema);
  if (region.status === "success") await requireUser(request, { role: MANAGERS, region: region.value.regionCode });
  if (submission.status !== "success") return replyInvalid(submission, { hideFields });
  const { regionCode, kind, name, url, secret } = submission.value;
  const added = await addTarget({
    db: await getDb(),
    actor: actorOf(user),
    regionCode,
    kind,
    name,
    webhookUrl: url,
    secret: secret ?? null,
    ip,
  });
  if (!added.ok) return replyRefused(submission, added, { hideFields });
  return redirect("/admin/notifications?done=added");
}

/** intent=test|enable|disable, on a robot within the caller's reach; a test message is sent at once and its outcome shown */
async function onTarget({ request, formData, user, ip }: Args) {
  const submission = parseForm(formData, targetActionSchema);
  if (submission.status !== "success") return replyInvalid(submission);
  const db = await getDb();
  const actor = actorOf(user);
  const target = await getTarget({ db, id: submission.value.id });
  if (!target) return replyRefused(submission, gone());
  await requireUser(request, { role: MANAGERS, region: target.regionCode });
  if (submission.value.intent !== "test") {
    const set = await setTargetEnabled({ db, actor, id: target.id, enabled: submission.value.intent === "enable", ip });
    if (!set.ok) return replyRefused(submission, set);
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
    testMessage({
      targetName: target.name,
      regionName: target.regionName,
      actor: user.displayName || user.username,
      link: `${publicBaseUrl()}/admin/notifications`,
    }),
  );
  await auditTestMessage({ db, actor, id: target.id, verdict, ip });
  return { test: verdict };
}

/** intent=resend: a failed message within the caller's reach back in the queue (409 when it is no longer failed) */
async function resend({ request, formData, user, ip }: Args) {
  const submission = parseForm(formData, resendSchema);
  if (submission.status !== "success") return replyInvalid(submission);
  const db = await getDb();
  const message = await getMessageRegion({ db, id: submission.value.id });
  if (!message) return replyRefused(submission, gone());
  await requireUser(request, { role: MANAGERS, region: message.regionCode });
  const resent = await resendMessage({ db, actor: actorOf(user), id: submission.value.id, ip });
  if (!resent.ok) return replyRefused(submission, resent);
  return redirect("/admin/notifications?done=resent");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: MANAGERS });
  const formData = await request.formData();
  const args = { request, formData, user, ip: clientIp(context) };
  switch (formData.get("intent")) {
    case "add":
      return add(args);
    case "test":
    case "enable":
    case "disable":
      return onTarget(args);
    case "resend":
      return resend(args);
    default:
      return replyInvalid(parseForm(formData, notifyIntentSchema));
  }
}

export default function Notifications() {
  const { targets, failed, texts, textsEnabled: textsOn, canStoreSecrets: secretsOk } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state !== "idle";
  const [params] = useSearchParams();
  const done = params.get("done");
  const reply = answer && !("test" in answer) ? answer : null;
  const [addForm, addFields] = useFormReply<AddTargetValues>({
    id: "add-target",
    lastResult: reply,
    intent: "add",
    defaultValue: { kind: "dingtalk" },
  });
  // the answer to a row's button (a robot or message that is gone, a request no form sends) is the page's
  const [pageForm, page] = useFormReply<{ id: number }>({
    id: "notifications",
    lastResult: reply?.initialValue?.intent === "add" ? null : reply,
  });
  return (
    <section className="stack">
      <h1>{t("notify.title")}</h1>
      <p className="muted">{t("notify.intro")}</p>
      {done === "added" || done === "saved" || done === "resent" ? (
        <Toast>{t(done === "added" ? "notify.added" : done === "resent" ? "notify.resent" : "notify.saved")}</Toast>
      ) : null}
      {answer && "test" in answer ? (
        <p className={answer.test.ok ? "alert alert-ok" : "alert alert-error"} role="status">
          {answer.test.ok ? t("notify.testOk") : t("notify.testFailed", { error: robotErrorText(t, answer.test.code, answer.test.detail) })}
        </p>
      ) : null}
      <FormErrorsAlert form={pageForm} />
      <ErrorList id={page.id.errorId} errors={page.id.errors} />

      <h2>{t("notify.targets")}</h2>
      <TargetsTable targets={targets} busy={busy} />

      <h2>{t("notify.add")}</h2>
      <AddTargetForm form={addForm} fields={addFields} secretsOk={secretsOk} busy={busy} />

      <h2>{t("notify.failed")}</h2>
      <FailedMessages failed={failed} busy={busy} />

      <h2>{t("sms.title")}</h2>
      <TextMessages texts={texts} enabled={textsOn} />
    </section>
  );
}
