import { z } from "zod";

/**
 * The database's own settings, read and validated here so that db/ needs nothing from app/.
 * app/utils/env.server.ts includes these in the app's one Env (README.md lists each variable).
 */
export const DbSettingsSchema = z.object({
  /** a PostgreSQL server; unset = embedded PGlite */
  DATABASE_URL: z
    .string()
    .url()
    .optional()
    .or(z.literal("").transform(() => undefined)),
  PGLITE_DIR: z.string().min(1).default("./data/pglite"),
});

export type DbSettings = z.infer<typeof DbSettingsSchema>;

let cached: DbSettings | undefined;

/** The issues of a failed reading, one line each, for an "Invalid environment" error. */
export function issueLines(error: z.ZodError): string[] {
  return error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
}

export function getDbSettings(): DbSettings {
  if (!cached) {
    const parsed = DbSettingsSchema.safeParse(process.env);
    if (!parsed.success) throw new Error(`Invalid environment:\n${issueLines(parsed.error).join("\n")}`);
    cached = parsed.data;
  }
  return cached;
}

/** tests change the environment between files; app/utils/env.server.ts's resetEnvForTests calls this */
export function resetDbSettingsForTests() {
  cached = undefined;
}
