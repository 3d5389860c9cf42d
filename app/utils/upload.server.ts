/**
 * One uploaded file, read into memory with a size cap (register imports). Only the named fields
 * are kept; anything else in the multipart body is skipped. A file over the cap, a missing file or
 * a body that is not multipart comes back as a message in both languages, never a 500.
 */
import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import type { Message } from "~/i18n/message";

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
// the other fields and the multipart framing
const OVERHEAD_BYTES = 64 * 1024;

export type Upload = { name: string; bytes: Uint8Array; fields: Map<string, string> };
export type UploadResult = { ok: true; upload: Upload } | { ok: false; error: Message };

const tooBig: Message = {
  zh: `文件超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB，请分批导入`,
  en: `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB: import it in parts`,
};

export function isMultipart(request: Request): boolean {
  return /^multipart\/form-data\s*;/i.test(request.headers.get("Content-Type") ?? "");
}

export async function readUpload(
  request: Request,
  { fileField = "file", textFields = [] as string[], maxBytes = MAX_UPLOAD_BYTES } = {},
): Promise<UploadResult> {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > maxBytes + OVERHEAD_BYTES) return { ok: false, error: tooBig };
  const wanted = new Set([fileField, ...textFields]);
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: maxBytes, filter: ({ name }) => wanted.has(name) }),
    );
  } catch (e) {
    if (e instanceof MaxPartSizeExceededError) return { ok: false, error: tooBig };
    return { ok: false, error: { zh: "上传的内容无法读取，请重新选择文件", en: "The upload could not be read: choose the file again" } };
  }
  const file = form.get(fileField);
  if (!(file instanceof File) || file.size === 0) {
    return { ok: false, error: { zh: "请选择一个 CSV 或 Excel（.xlsx）文件", en: "Choose a CSV or Excel (.xlsx) file" } };
  }
  const fields = new Map<string, string>();
  for (const name of textFields) {
    const v = form.get(name);
    if (typeof v === "string") fields.set(name, v);
  }
  return { ok: true, upload: { name: file.name.slice(0, 200), bytes: new Uint8Array(await file.arrayBuffer()), fields } };
}
