import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormErrorsAlert, formProps, useFormReply } from "~/components/ui/forms";
import { parseForm } from "~/domain/form";
import { joinCodeSchema } from "~/domain/invite-forms";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/use-t";
import { assertSameOrigin } from "~/utils/csrf.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "title.join") }];

const slipPage = (code: string) => redirect(`/join/${encodeURIComponent(code)}`);

/**
 * /join: where a household types the code on its slip (anyone may; nothing is looked up here).
 * `?code=` well formed goes on to /join/<code>; a malformed one is answered here, 400.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const query = new URL(request.url).searchParams;
  if (!query.has("code")) return { reply: null };
  const submission = parseForm(query, joinCodeSchema);
  if (submission.status === "success") throw slipPage(submission.value.code);
  return data({ reply: submission.reply() }, { status: 400 });
}

/** the code typed, posted: on to its slip's page, or the field's message (400) */
export async function action({ request }: ActionFunctionArgs) {
  await assertSameOrigin(request);
  const submission = parseForm(await request.formData(), joinCodeSchema);
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  return slipPage(submission.value.code);
}

export default function JoinPage() {
  const { reply } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const t = useT();
  const [form, fields] = useFormReply<{ code: string }>({ id: "join-code", lastResult: answer ?? reply });
  return (
    <section className="card narrow stack">
      <h1>{t("title.join")}</h1>
      <p className="muted">{t("join.intro")}</p>
      {/* a plain POST: works in WeChat's browser with scripts off */}
      <Form method="post" action="/join" className="form" {...formProps(form)}>
        <FormErrorsAlert form={form} />
        <Field
          meta={fields.code}
          label={t("join.code")}
          hint={t("join.codeHint")}
          autoComplete="one-time-code"
          autoCapitalize="characters"
          spellCheck={false}
          required
          maxLength={20}
        />
        <button type="submit" className="button primary">
          {t("join.next")}
        </button>
      </Form>
    </section>
  );
}
