import { parseArgs } from "node:util";
import { loadEnv } from "@/lib/env";
import { createRuntime, type Runtime } from "@/lib/runtime";
import { commands, offlineCommands } from "./commands";

const USAGE = `usage: warrant <command> [options]

commands:
  migrate                                   apply database migrations
  apikey create --workspace W --scopes S [--new-workspace]
                                            create an API key (scopes: ingest,read,export,admin); prints it once, last line.
                                            W must exist (default: default) unless --new-workspace creates it, or there is
                                            no workspace yet
  apikey list [--workspace W]               list keys (never their secrets)
  apikey revoke <id>                        revoke a key
  user create --email E --name N --role R   create a user (roles: admin, cx_leader, compliance, agent); the password
                                            comes from WARRANT_PASSWORD or standard input, never a prompt or an echo
  user list                                 list users (never their passwords)
  user set-password --email E               set a new password (same sources as user create)
  verify [--workspace W]                    verify a workspace's ledger (all workspaces when omitted)
  checkpoint [--workspace W]                sign a checkpoint of each head now
  rebuild [--workspace W]                   regenerate projections (cases, AI decisions, handoffs, daily activity, search) from the ledger
  export --workspace W --format jsonl|csv|bundle [--from D] [--to D] [--journey J] [--case C] [--type T]
         [--actor A] [--actor-type T] [--from-seq N] [--to-seq N] [--since N] [--out FILE]
                                            stream an export of the workspace's events (standard output by default)
  verify-bundle FILE [--key KEY|KEYFILE] [--previous EARLIER_BUNDLE]
                                            verify an export bundle offline: no database, no network
  seed [--events N] [--seed S] [--workspace W]
                                            generate a demo workspace (default: 50000 events, seed 1, workspace demo)
                                            covering the 90 days before today, through the ledger; prints events/s

environment: DATABASE_URL (absent: embedded PGlite under WARRANT_DATA_DIR, default ./.data), WARRANT_SIGNING_KEY, …
`;

export async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      workspace: { type: "string" },
      "new-workspace": { type: "boolean" },
      scopes: { type: "string" },
      name: { type: "string" },
      email: { type: "string" },
      role: { type: "string" },
      events: { type: "string" },
      seed: { type: "string" },
      format: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      journey: { type: "string" },
      case: { type: "string" },
      type: { type: "string" },
      actor: { type: "string" },
      "actor-type": { type: "string" },
      "from-seq": { type: "string" },
      "to-seq": { type: "string" },
      since: { type: "string" },
      out: { type: "string" },
      key: { type: "string" },
      previous: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [name, ...rest] = positionals;
  // Offline commands run before any database or key is opened (verify-bundle must work on a laptop with only the file).
  const offline = name ? offlineCommands[name] : undefined;
  if (offline && !values.help) {
    try {
      return await offline(rest, values);
    } catch (error) {
      process.stderr.write(`warrant ${name}: ${(error as Error).message}\n`);
      return 1;
    }
  }
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
