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
  // A workspace's chain length from which its appends under load run on generic plans (Ledger.genericPlansFrom).
  WARRANT_GENERIC_PLANS_FROM: z.coerce.number().int().min(0).default(100_000),
  WARRANT_DEMO: z.enum(["0", "1"]).default("1"),
  // How many events the first-start demo loads (lib/demo/first-start.ts); smaller loads faster.
  WARRANT_DEMO_EVENTS: z.coerce.number().int().min(100).max(1_000_000).default(50_000),
  AUTH_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  // People and permissions (lib/auth, docs/security.md).
  NEXTAUTH_URL: z.url({ message: "must be the app's public URL, e.g. https://warrant.example.com" }).optional(),
  WARRANT_SESSION_HOURS: z.coerce.number().min(0.05).max(24 * 30).default(8),
  WARRANT_OIDC_ISSUER: z.url({ message: "must be the issuer URL of an OpenID Connect provider" }).optional(),
  WARRANT_OIDC_CLIENT_ID: z.string().min(1).optional(),
  WARRANT_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  WARRANT_OIDC_NAME: z.string().min(1).max(60).default("single sign-on"),
  WARRANT_RATE_SIGNIN: z.coerce.number().int().min(0).max(100_000).default(30),
  WARRANT_RATE_INGEST: z.coerce.number().min(0).max(1_000_000).default(200),
  // Explanations (lib/explain, docs/explanations.md): who answers for the AI's decisions, and where to contest one.
  WARRANT_ACCOUNTABLE_PARTY: z.string().min(1).max(300).default("The organisation that operates this AI agent"),
  WARRANT_CONTEST_URL: z.url({ message: "must be a URL where customers can contest a decision" }).optional(),
  // Compliance (lib/export, docs/retention.md): how long the ledger is kept. Six months is the floor the EU AI Act
  // sets for deployers' automatically generated logs (Art. 26(6)); nothing younger is ever removed.
  WARRANT_RETENTION_MONTHS: z.coerce.number().int().min(6, "must be at least 6 months (the EU AI Act's floor for deployers' logs)").max(1200).default(6),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  // The ingest listener (lib/ingest/listener.ts): the ingest endpoints alone on a port of their own,
  // without Next.js's per-request work. Off unless a port is given.
  WARRANT_INGEST_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  WARRANT_INGEST_HOST: z.string().min(1).default("0.0.0.0"),
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
