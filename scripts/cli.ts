import { parseArgs } from "node:util";
import { loadEnv } from "@/lib/env";
import { createRuntime, type Runtime } from "@/lib/runtime";
import { commands } from "./commands";

const USAGE = `usage: warrant <command> [options]

commands:
  migrate                                   apply database migrations
  apikey create --workspace W --scopes S    create an API key (scopes: ingest,read,export,admin); prints it once, last line
  apikey list [--workspace W]               list keys (never their secrets)
  apikey revoke <id>                        revoke a key
  verify [--workspace W]                    verify a workspace's ledger (all workspaces when omitted)
  checkpoint [--workspace W]                sign a checkpoint of each head now
  rebuild [--workspace W]                   regenerate projections (cases, daily activity) from the ledger

environment: DATABASE_URL (absent: embedded PGlite under WARRANT_DATA_DIR, default ./.data), WARRANT_SIGNING_KEY, …
`;

export async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      workspace: { type: "string" },
      scopes: { type: "string" },
      name: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [name, ...rest] = positionals;
  const command = name ? commands[name] : undefined;
  if (!command || values.help) {
    process.stderr.write(USAGE);
    return values.help ? 0 : 2;
  }
  let rt: Runtime | undefined;
  try {
    rt = await createRuntime(loadEnv());
    return await command(rt, rest, values);
  } catch (error) {
    process.stderr.write(`warrant ${name}: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await rt?.handle.close();
  }
}
