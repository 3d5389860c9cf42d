/**
 * A real HTTP server on 127.0.0.1 (a port the system picks) standing in for Tencent Cloud SMS's
 * SendSms (API 3.0). It checks each request's TC3-HMAC-SHA256 signature the way Tencent Cloud
 * does, from the request as it arrived (its Content-Type and Host headers, its body) and the
 * shared secret, computed here on its own (node:crypto, no app code), and answers
 * AuthFailure.SignatureFailure when it does not match. Every request is recorded (`hits`).
 * `mode` changes the answer: a Response to send, an HTTP status, a delay, or never answering.
 */
import { createHash, createHmac } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export const STUB_SECRET_ID = "AKIDstub0000000000000000000000000000";
export const STUB_SECRET_KEY = "stubSecretKey0000000000000000000";

export type SmsHit = {
  headers: IncomingMessage["headers"];
  body: any;
  raw: string;
  /** the signature matched one computed here with STUB_SECRET_KEY */
  signatureOk: boolean;
  /** why not, when it did not */
  problem: string | null;
};

export type SmsStub = {
  /** the endpoint to set as TENCENT_SMS_ENDPOINT */
  url: string;
  hits: SmsHit[];
  mode: { delayMs: number; hang: boolean; status: number; reply: ((hit: SmsHit) => unknown) | null };
  close: () => Promise<void>;
};

const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
const hmac = (key: string | Buffer, s: string) => createHmac("sha256", key).update(s, "utf8").digest();

/** Tencent Cloud's check of an API 3.0 request, as its documentation describes it. */
export function verifyTc3(headers: IncomingMessage["headers"], raw: string, secretId: string, secretKey: string): string | null {
  const auth = String(headers.authorization ?? "");
  const m =
    /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([a-z]+)\/tc3_request, SignedHeaders=([a-z;-]+), Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (!m) return `Authorization not of the TC3 form: ${auth}`;
  const [, id, date, service, signedHeaders, signature] = m;
  if (id !== secretId) return "unknown SecretId";
  const timestamp = Number(headers["x-tc-timestamp"]);
  if (!Number.isInteger(timestamp)) return "no X-TC-Timestamp";
  if (new Date(timestamp * 1000).toISOString().slice(0, 10) !== date) return "the credential's date is not the timestamp's UTC day";
  const names = signedHeaders.split(";");
  const canonicalHeaders = names
    .map(
      (n) =>
        `${n}:${String(headers[n] ?? "")
          .trim()
          .toLowerCase()}\n`,
    )
    .join("");
  const canonicalRequest = `POST\n/\n\n${canonicalHeaders}\n${signedHeaders}\n${sha256(raw)}`;
  const stringToSign = `TC3-HMAC-SHA256\n${timestamp}\n${date}/${service}/tc3_request\n${sha256(canonicalRequest)}`;
  const key = hmac(hmac(hmac("TC3" + secretKey, date), service), "tc3_request");
  const expected = createHmac("sha256", key).update(stringToSign, "utf8").digest("hex");
  return expected === signature ? null : "signature does not match";
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (raw += chunk));
    req.on("end", () => resolve(raw));
    req.on("error", reject);
  });
}

/** The answer of a SendSms that went out. */
export function sentReply(hit: SmsHit) {
  return {
    Response: {
      SendStatusSet: [
        {
          SerialNo: "5000:1045710669157053657849499619",
          PhoneNumber: hit.body?.PhoneNumberSet?.[0] ?? "",
          Fee: 1,
          SessionContext: "",
          Code: "Ok",
          Message: "send success",
          IsoCode: "CN",
        },
      ],
      RequestId: "a0aabda6-cf91-4f3e-a81f-9198114a2279",
    },
  };
}

export async function startSmsStub(): Promise<SmsStub> {
  const hits: SmsHit[] = [];
  const mode: SmsStub["mode"] = { delayMs: 0, hang: false, status: 200, reply: null };
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const problem = verifyTc3(req.headers, raw, STUB_SECRET_ID, STUB_SECRET_KEY);
      let body: any = null;
      try {
        body = JSON.parse(raw);
      } catch {
        body = null;
      }
      const hit: SmsHit = { headers: req.headers, body, raw, signatureOk: problem === null, problem };
      hits.push(hit);
      if (mode.hang) return;
      setTimeout(() => {
        if (res.destroyed) return;
        const answer = problem
          ? { Response: { Error: { Code: "AuthFailure.SignatureFailure", Message: problem }, RequestId: "r-sig" } }
          : (mode.reply ?? sentReply)(hit);
        res.writeHead(mode.status, { "Content-Type": "application/json" });
        res.end(typeof answer === "string" ? answer : JSON.stringify(answer));
      }, mode.delayMs);
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    mode,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The environment of a server whose texts go to the stub (tests set these, then resetEnvForTests). */
export function smsEnvFor(stub: { url: string } | null): Record<string, string | undefined> {
  return {
    SMS_PROVIDER: "tencent",
    TENCENT_SMS_SECRET_ID: STUB_SECRET_ID,
    TENCENT_SMS_SECRET_KEY: STUB_SECRET_KEY,
    TENCENT_SMS_SDK_APP_ID: "1400006666",
    TENCENT_SMS_SIGN_NAME: "红河村委会",
    TENCENT_SMS_TEMPLATE_NOTICE: "1110001",
    TENCENT_SMS_TEMPLATE_HANDOUT: "1110002",
    TENCENT_SMS_REGION: "ap-guangzhou",
    TENCENT_SMS_ENDPOINT: stub?.url,
  };
}

/** Sets (or, with undefined, removes) environment variables; returns a function putting them back. */
export function withEnv(vars: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (v: Record<string, string | undefined>) => {
    for (const [k, value] of Object.entries(v)) {
      if (value === undefined) delete process.env[k];
      else process.env[k] = value;
    }
  };
  apply(vars);
  return () => apply(saved);
}
