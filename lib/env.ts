import path from "node:path";
import { z } from "zod";

// The environment is validated once, with messages that name the variable, so a bad deployment fails at start-up.
const envSchema = z.object({
  DATABASE_URL: z.url({ message: "must be a postgres:// URL" }).optional(),
  DATABASE_READ_URL: z.url({ message: "must be a postgres:// URL" }).optional(),
  WARRANT_DATA_DIR: z.string().min(1).default("./.data"),
  WARRANT_CHECKPOINT_DIR: z.string().min(1).optional(),
  WARRANT_CHECKPOINT_EVERY: z.coerce.number().int().min(1).max(10_000_000).default(1000),
  WARRANT_CHECKPOINT_MINUTES: z.coerce.number().min(0.01).max(24 * 60).default(5),
  WARRANT_SIGNING_KEY: z.string().min(1).optional(),
  WARRANT_KEY_NAME: z.string().regex(/^[A-Za-z0-9._/-]{1,100}$/, "letters, digits, . _ / - only").default("warrant"),
  WARRANT_CHECKPOINT_WEBHOOK: z.url().optional(),
  WARRANT_SKIP_MIGRATIONS: z.enum(["0", "1"]).default("0"),
  WARRANT_REDACT: z.string().optional(),
  WARRANT_REDACT_PATTERNS: z.string().optional(),
  WARRANT_GROUP_MAX_EVENTS: z.coerce.number().int().min(1).max(50_000).default(10_000),
  WARRANT_DEMO: z.enum(["0", "1"]).default("1"),
  AUTH_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
});

export type Env = z.infer<typeof envSchema> & { checkpointDir: string; dataDir: string };

let cached: Env | undefined;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  // An empty variable means "not set" (shells and .env files produce them easily).
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const dataDir = path.resolve(parsed.data.WARRANT_DATA_DIR);
  return {
    ...parsed.data,
    dataDir,
    checkpointDir: path.resolve(parsed.data.WARRANT_CHECKPOINT_DIR ?? path.join(dataDir, "checkpoints")),
  };
}

export function env(): Env {
  cached ??= loadEnv();
  return cached;
}
