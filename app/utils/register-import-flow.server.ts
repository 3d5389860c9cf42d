/**
 * The two steps of a register import, shared by the household and share import pages.
 *
 * 1. PREVIEW (multipart POST with the file): the file is read and checked in memory; the page
 *    lists every bad row. When there are none, the checked rows are deflated, signed (HMAC, see
 *    signed-payload.server.ts) and handed back in a hidden field, bound to this register, village
 *    and user, valid for an hour. Nothing is stored on the server between the steps.
 * 2. COMMIT (urlencoded POST with that token): the signature is checked, then the model checks
 *    every row again against the register as it is now and writes all of them in one transaction,
 *    or none.
 *
 * A bad file, a bad row, a forged or stale token: status 400, nothing written. A commit the model
 * refuses answers its refusal's status (rows gone bad: 400; a 户号 someone else added during the
 * commit: 409).
 */
import { data, redirect } from "@remix-run/node";
import { parseForm } from "~/domain/form";
import type { ImportAnswer, ImportLineError, ImportRefusal, SampleRow } from "~/domain/register-files";
import type { Message } from "~/i18n/message";
import { importCommitSchema } from "~/domain/register-forms";
import { statusOfRefusal } from "./refusal.server";
import { signPayload, verifyPayload } from "./signed-payload.server";
import { isMultipart, readUpload, type Upload } from "./upload.server";

export const PREVIEW_TTL_MS = 60 * 60 * 1000;
/** the preview shows this many good rows; the errors are all listed */
export const SAMPLE_ROWS = 10;

type Payload = { fileName: string; rows: unknown };

const EXPIRED = { zh: "预览已过期（超过1小时），请重新上传文件", en: "The preview has expired (after an hour): upload the file again" };
const NOT_VALID = { zh: "导入数据无效，请重新上传文件", en: "The import data is not valid: upload the file again" };

export async function runImportAction<R>({
  request,
  purpose,
  preview,
  toPayload,
  sample,
  commit,
  doneUrl,
}: {
  request: Request;
  /** binds a preview to one register, village and user, e.g. "import:households:<code>:<userId>" */
  purpose: string;
  /** `notes`: said once about the whole file (a column not read), whatever its rows */
  preview: (upload: Upload) => Promise<{ rows: R[]; errors: ImportLineError[]; notes?: Message[] }>;
  toPayload: (rows: R[]) => unknown;
  sample: (row: R) => SampleRow;
  commit: (rows: unknown, fileName: string) => Promise<{ ok: true; count: number } | ImportRefusal>;
  doneUrl: (count: number) => string;
}) {
  if (isMultipart(request)) {
    const read = await readUpload(request);
    if (!read.ok) return data<ImportAnswer>({ stage: "upload", error: read.error }, { status: 400 });
    const { rows, errors, notes = [] } = await preview(read.upload);
    const fileName = read.upload.name;
    const empty: ImportLineError[] =
      rows.length === 0 && errors.length === 0 ? [{ line: 0, field: "file", zh: "文件中没有数据行", en: "The file has no data rows" }] : [];
    const allErrors = [...errors, ...empty];
    const token =
      allErrors.length === 0 ? signPayload(purpose, { fileName, rows: toPayload(rows) } satisfies Payload, PREVIEW_TTL_MS) : null;
    return data<ImportAnswer>(
      { stage: "preview", fileName, good: rows.length, errors: allErrors, notes, sample: rows.slice(0, SAMPLE_ROWS).map(sample), token },
      { status: allErrors.length ? 400 : 200 },
    );
  }

  const submission = parseForm(await request.formData(), importCommitSchema);
  const verified =
    submission.status === "success" ? verifyPayload(purpose, submission.value.token) : ({ ok: false, reason: "invalid" } as const);
  if (!verified.ok)
    return data<ImportAnswer>({ stage: "upload", error: verified.reason === "expired" ? EXPIRED : NOT_VALID }, { status: 400 });
  const payload = verified.data as Payload;
  const result = await commit(payload.rows, String(payload.fileName ?? ""));
  if (!result.ok) return data<ImportAnswer>({ stage: "commit", errors: result.errors }, { status: statusOfRefusal(result.code) });
  return redirect(doneUrl(result.count));
}
