import { z } from "zod";
import { getDbSettings, issueLines, resetDbSettingsForTests, type DbSettings } from "@db/settings";

/**
 * Every setting the app reads, in one place, validated once. Safe defaults run the embedded
 * mode; README.md lists each variable. The database's own (DATABASE_URL, PGLITE_DIR) are read by
 * db/settings.ts, which db/ uses without app/, and are part of Env through it.
 */
/** a setting that may be left out (an empty value counts as left out) */
const optionalText = z
  .string()
  .trim()
  .min(1)
  .optional()
  .or(z.literal("").transform(() => undefined));

const TENCENT_SMS_REQUIRED = [
  "TENCENT_SMS_SECRET_ID",
  "TENCENT_SMS_SECRET_KEY",
  "TENCENT_SMS_SDK_APP_ID",
  "TENCENT_SMS_SIGN_NAME",
  "TENCENT_SMS_TEMPLATE_NOTICE",
  "TENCENT_SMS_TEMPLATE_HANDOUT",
] as const;

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    /** demo accounts are refused in production unless DEMO=1 */
    DEMO: z.enum(["0", "1"]).optional(),
    /** seed the demo villages when the database is empty (default on) */
    SEED_ON_START: z.enum(["0", "1"]).default("1"),
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30),
    SESSION_MAX_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(12),
    /**
     * key for HMAC-signed form data (an import's checked rows between preview and commit); at least
     * 32 characters. Unset = a random key per process: fine for the embedded single-process mode,
     * where a restart only means re-uploading a file under preview. Set it when several processes
     * serve the app.
     */
    SESSION_SECRET: z
      .string()
      .min(32)
      .optional()
      .or(z.literal("").transform(() => undefined)),
    /**
     * how many proxies stand in front of the server: 0 (default) takes the client address from the
     * connection; 1 trusts one X-Forwarded-For / X-Forwarded-Proto hop (a reverse proxy), and so on
     */
    TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
    /**
     * how many server processes `npm start` runs on PORT (Node's cluster; one per core is usual).
     * More than 1 needs DATABASE_URL: the embedded database belongs to one process.
     */
    WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
    /** how long a region dashboard may reuse its computed figures while nothing changed (0 = off) */
    FIGURES_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
    /** the share of last year's line a new line may move before it needs a note (percent) */
    VARIANCE_THRESHOLD_PERCENT: z.coerce.number().min(1).max(1000).default(50),
    /**
     * 32-byte key (Base64) encrypting DingTalk robots' signing secrets (AES-256-GCM). Unset: in the
     * embedded mode a key is made once and kept in notify-secret.key beside PGLITE_DIR; with
     * DATABASE_URL (several servers) no secret can be saved until it is set.
     */
    NOTIFY_SECRET_KEY: z
      .string()
      .refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 bytes in Base64")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    /** how often the outbox worker looks for messages to deliver (ms); 0 = no worker in this process */
    OUTBOX_POLL_MS: z.coerce.number().int().min(0).max(3_600_000).default(2000),
    /** tries before a message is given up as failed (admins can resend it) */
    OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
    /**
     * how long a claimed message stays with its sender before another may retry it (seconds); the
     * sender renews it before each send, so it must outlast one send: at least 2 × ROBOT_TIMEOUT_MS
     */
    OUTBOX_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
    /** how long a robot (or the SMS service) may take to answer (ms) */
    ROBOT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    /** texts (短信) to households: unset = none are queued; tencent = Tencent Cloud SMS (API 3.0) with the TENCENT_SMS_* settings */
    SMS_PROVIDER: z
      .enum(["tencent"])
      .optional()
      .or(z.literal("").transform(() => undefined)),
    TENCENT_SMS_SECRET_ID: optionalText,
    TENCENT_SMS_SECRET_KEY: optionalText,
    /** the SMS application's SdkAppId (1400…) */
    TENCENT_SMS_SDK_APP_ID: optionalText,
    /** the approved signature's name, without 【】 */
    TENCENT_SMS_SIGN_NAME: optionalText,
    /** the approved templates' ids (docs/sms-templates.md): a plan on notice, the hand-out's place and date */
    TENCENT_SMS_TEMPLATE_NOTICE: optionalText,
    TENCENT_SMS_TEMPLATE_HANDOUT: optionalText,
    TENCENT_SMS_REGION: z
      .string()
      .regex(/^[a-z]+-[a-z]+$/, "a region such as ap-guangzhou")
      .default("ap-guangzhou"),
    /** tests point it at a local stub */
    TENCENT_SMS_ENDPOINT: z.string().url().default("https://sms.tencentcloudapi.com"),
    /** the app's address as people reach it, for links in messages; default http://localhost:PORT */
    PUBLIC_BASE_URL: z
      .string()
      .url()
      .optional()
      .or(z.literal("").transform(() => undefined)),
  })
  .superRefine((env, ctx) => {
    // texts switched on must be able to go out: refuse to start rather than queue texts no one can send
    if (env.SMS_PROVIDER === "tencent") {
      for (const key of TENCENT_SMS_REQUIRED) {
        if (!env[key]) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: "is required when SMS_PROVIDER=tencent" });
      }
    }
    // a send that outlasted its message's lease could be repeated by another server (app/models/outbox.server.ts)
    if (env.OUTBOX_LEASE_SECONDS * 1000 < 2 * env.ROBOT_TIMEOUT_MS) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["OUTBOX_LEASE_SECONDS"],
        message: `must be at least twice ROBOT_TIMEOUT_MS (${env.ROBOT_TIMEOUT_MS} ms): a message's lease must outlast its send`,
      });
    }
  });

export type Env = z.infer<typeof EnvSchema> & DbSettings;

let cached: Env | undefined;

export function getEnv(): Env {
  if (!cached) {
    const parsed = EnvSchema.safeParse(process.env);
    if (!parsed.success) throw new Error(`Invalid environment:\n${issueLines(parsed.error).join("\n")}`);
    cached = { ...parsed.data, ...getDbSettings() };
  }
  return cached;
}

/** tests change the environment between files; they call this after doing so */
export function resetEnvForTests() {
  cached = undefined;
  resetDbSettingsForTests();
}
