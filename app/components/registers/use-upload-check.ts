import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";

export type UploadPhase = { phase: "idle" } | { phase: "uploading"; loaded: number; total: number } | { phase: "checking" };

/**
 * Sends an upload form's data with XMLHttpRequest (fetch reports no upload progress) to a route
 * that answers JSON, tracking how much has been sent. Anything but a JSON answer — signed out, a
 * network error — falls back to the form's ordinary submission, so the page's own action answers.
 * Without JavaScript the form submits as usual and this never runs.
 */
export function useUploadCheck<T extends object>(url: string) {
  const [state, setState] = useState<UploadPhase>({ phase: "idle" });
  const [result, setResult] = useState<T | null>(null);
  const xhrRef = useRef<XMLHttpRequest | null>(null);
  useEffect(() => () => xhrRef.current?.abort(), []);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    if (typeof XMLHttpRequest === "undefined") return;
    event.preventDefault();
    const form = event.currentTarget;
    const fallback = () => {
      setState({ phase: "idle" });
      form.submit();
    };
    const xhr = new XMLHttpRequest();
    xhrRef.current = xhr;
    xhr.open("POST", url);
    xhr.responseType = "json";
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (e) => setState({ phase: "uploading", loaded: e.loaded, total: e.lengthComputable ? e.total : 0 });
    xhr.upload.onload = () => setState({ phase: "checking" });
    xhr.onload = () => {
      const body: unknown = xhr.response;
      if (body && typeof body === "object" && "stage" in body) {
        setState({ phase: "idle" });
        setResult(body as T);
      } else {
        fallback();
      }
    };
    xhr.onerror = fallback;
    setResult(null);
    setState({ phase: "uploading", loaded: 0, total: 0 });
    xhr.send(new FormData(form));
  };

  const clearResult = useCallback(() => setResult(null), []);
  return { state, result, clearResult, onSubmit };
}
