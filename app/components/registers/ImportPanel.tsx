import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { pick } from "~/i18n";
import { useLang, useT } from "~/i18n/use-t";
import { Progress } from "~/components/ui/Progress";
import type { ImportAnswer } from "~/domain/register-files";
import { useUploadCheck } from "./use-upload-check";

const MAX_MB = 5;
const ACCEPT = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * Upload → preview (every bad row listed, a few good rows shown) → commit. With JavaScript the
 * file goes to `checkUrl` by XMLHttpRequest and a <progress> bar shows how much of it has been
 * sent, then that it is being checked; without, the form posts to the page's action. While the
 * rows are written the bar shows that too.
 */
export function ImportPanel({
  columns,
  sampleColumns,
  actionData,
  templateHref,
  checkUrl,
}: {
  /** the file's columns, for the help text */
  columns: string[];
  sampleColumns: { key: string; label: string }[];
  actionData?: ImportAnswer;
  templateHref: string;
  /** the JSON preview route the upload goes to when JavaScript runs */
  checkUrl: string;
}) {
  const t = useT();
  const lang = useLang();
  const nav = useNavigation();
  const stage = nav.state === "submitting" ? nav.formData?.get("intent") : null;
  const [chosen, setChosen] = useState<{ name: string; size: number } | null>(null);
  const [tooBig, setTooBig] = useState(false);
  const check = useUploadCheck<ImportAnswer>(checkUrl);
  const { clearResult } = check;
  // a new answer of the page's action (a commit refused) replaces an earlier checked preview
  useEffect(() => {
    if (actionData) clearResult();
  }, [actionData, clearResult]);
  const shown = check.result ?? actionData;
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (shown) resultRef.current?.focus();
  }, [shown]);

  const upload = check.state;
  const busy = stage != null || upload.phase !== "idle";
  const percent = upload.phase === "uploading" && upload.total > 0 ? Math.floor((upload.loaded / upload.total) * 100) : null;
  const errors = shown && shown.stage !== "upload" ? shown.errors : [];
  const preview = shown?.stage === "preview" ? shown : null;

  return (
    <>
      <section className="card stack" aria-labelledby="upload-h">
        <h2 id="upload-h">{t("registers.importStep1")}</h2>
        <p className="small">{t("registers.importColumns", { columns: columns.join(t("punct.enumSep")) })}</p>
        <p className="small muted">
          {t("registers.importHelp", { mb: MAX_MB })} <a href={templateHref}>{t("registers.importTemplate")}</a>
        </p>
        <Form method="post" encType="multipart/form-data" className="stack" onSubmit={check.onSubmit}>
          <input type="hidden" name="intent" value="preview" />
          <div className="field">
            <label htmlFor="file">{t("registers.importFile")}</label>
            <input
              id="file"
              name="file"
              type="file"
              accept={ACCEPT}
              required
              aria-describedby="file-hint"
              onChange={(e) => {
                const f = e.currentTarget.files?.[0];
                setChosen(f ? { name: f.name, size: f.size } : null);
                setTooBig(!!f && f.size > MAX_MB * 1024 * 1024);
              }}
            />
            <p id="file-hint" className={tooBig ? "field-error" : "hint"}>
              {chosen
                ? t(tooBig ? "registers.fileTooBig" : "registers.fileChosen", {
                    name: chosen.name,
                    kb: Math.ceil(chosen.size / 1024),
                    mb: MAX_MB,
                  })
                : t("registers.fileNone")}
            </p>
          </div>
          <div className="actions">
            <button type="submit" className="primary" disabled={busy || tooBig}>
              {t("registers.preview")}
            </button>
          </div>
        </Form>
        {busy && stage !== "commit" ? (
          <Progress
            label={
              upload.phase === "uploading"
                ? t("registers.uploading", { name: chosen?.name ?? "" })
                : t("registers.checking", { name: chosen?.name ?? "" })
            }
            value={percent !== null && upload.phase === "uploading" ? upload.loaded : undefined}
            max={percent !== null && upload.phase === "uploading" ? upload.total : undefined}
          />
        ) : null}
      </section>

      {shown ? (
        <section className="card stack" aria-labelledby="result-h">
          <div ref={resultRef} tabIndex={-1}>
            <h2 id="result-h">{t("registers.importStep2")}</h2>
          </div>
          {shown.stage === "upload" ? (
            <p className="alert alert-error" role="alert">
              {pick(lang, shown.error)}
            </p>
          ) : null}
          {preview ? (
            <p>
              {t("registers.previewSummary", {
                name: preview.fileName,
                good: preview.good,
                bad: new Set(preview.errors.map((e) => e.line)).size,
              })}
            </p>
          ) : null}
          {preview?.notes.map((note, i) => (
            <p key={i} className="alert alert-warn">
              {pick(lang, note)}
            </p>
          ))}
          {errors.length ? (
            <div className="alert alert-error" role="alert">
              <p>{t(shown.stage === "commit" ? "registers.commitRefused" : "registers.previewErrors", { n: errors.length })}</p>
              <ol className="small import-errors">
                {errors.map((e, i) => (
                  <li key={i}>{pick(lang, e)}</li>
                ))}
              </ol>
            </div>
          ) : null}
          {preview && preview.sample.length ? (
            <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="sample-caption">
              <table className="register-table">
                <caption id="sample-caption" className="small muted">
                  {t("registers.sampleCaption", { n: preview.sample.length })}
                </caption>
                <thead>
                  <tr>
                    {sampleColumns.map((c) => (
                      <th key={c.key} scope="col">
                        {c.label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {preview.sample.map((row, i) => (
                    <tr key={i}>
                      {sampleColumns.map((c, j) =>
                        j === 0 ? (
                          <th key={c.key} scope="row">
                            {row[c.key] ?? ""}
                          </th>
                        ) : (
                          <td key={c.key}>{row[c.key] ?? ""}</td>
                        ),
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {preview?.token ? (
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="commit" />
              <input type="hidden" name="token" value={preview.token} />
              <p className="small muted">{t("registers.commitHelp")}</p>
              <button type="submit" className="primary" disabled={busy}>
                {t("registers.commit", { n: preview.good })}
              </button>
              {stage === "commit" ? <Progress label={t("registers.committing")} /> : null}
            </Form>
          ) : preview ? (
            <p className="small">{t("registers.fixAndRetry")}</p>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
