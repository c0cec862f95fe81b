import { API_SCOPES, createApiKey, listApiKeys, revokeApiKey, scopeSchema } from "@/lib/auth/api-keys";
import { checkpointNow } from "@/lib/ledger/append";
import { runVerification } from "@/lib/ledger/verification-runs";
import { seedDemoCommand } from "@/lib/demo/command";
import { rebuildProjections } from "@/lib/projections/rebuild";
import type { Runtime } from "@/lib/runtime";
import { listWorkspaces, UnknownWorkspaceError, workspaceForNewKey } from "@/lib/workspaces";
import { exportCommand, type ExportOptions, verifyBundleCommand } from "./export-commands";
import { userCommand } from "./user-command";

type Options = { workspace?: string; "new-workspace"?: boolean; scopes?: string; name?: string; email?: string; role?: string; events?: string; seed?: string };
export type Command = (rt: Runtime, args: string[], options: Options & ExportOptions) => Promise<number>;

/** Commands that need no database, no key and no network. */
export const offlineCommands: Record<string, (args: string[], options: ExportOptions) => Promise<number>> = {
  "verify-bundle": verifyBundleCommand,
};

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

async function workspacesToVisit(rt: Runtime, options: Options): Promise<string[]> {
  if (options.workspace) return [options.workspace];
  return (await listWorkspaces(rt.handle.db)).map((w) => w.id);
}

export const commands: Record<string, Command> = {
  // Migrations already ran when the runtime opened the database.
  migrate: async () => {
    out("migrations applied");
    return 0;
  },

  apikey: async (rt, [sub, id], options) => {
    const db = rt.handle.db;
    if (sub === "create") {
      // Scopes first: a refused command must not leave a new workspace behind.
      const requested = (options.scopes ?? "ingest").split(",").map((s) => s.trim());
      const scopes = requested.map((s) => {
        const parsed = scopeSchema.safeParse(s);
        if (!parsed.success) throw new Error(`unknown scope '${s}'; choose from ${API_SCOPES.join(", ")}`);
        return parsed.data;
      });
      let workspaceId: string;
      try {
        workspaceId = await workspaceForNewKey(db, options.workspace ?? "default", options["new-workspace"] === true);
      } catch (error) {
        if (!(error instanceof UnknownWorkspaceError)) throw error;
        err(`${error.message}`);
        err(`to create workspace '${error.workspaceId}' with this key, run the command again with --new-workspace`);
        return 1;
      }
      const key = await createApiKey(db, { workspaceId, name: options.name ?? "cli", scopes, createdBy: "cli" });
      err(`created API key ${key.id} (${key.prefix}…) for workspace ${workspaceId} with scopes ${scopes.join(",")}`);
      err("store it now: it is shown only once");
      out(key.key);
      return 0;
    }
    if (sub === "list") {
      for (const key of await listApiKeys(db, options.workspace)) {
        const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : "active";
        out(`${key.id}  ${key.workspaceId}  ${key.prefix}…  ${key.scopes.join(",")}  ${key.name}  ${state}`);
      }
      return 0;
    }
    if (sub === "revoke" && id) {
      if (await revokeApiKey(db, id)) {
        out(`revoked ${id}`);
        return 0;
      }
      err(`no active API key with id ${id}`);
      return 1;
    }
    err("usage: warrant apikey create|list|revoke");
    return 2;
  },

  user: (rt, args, options) => userCommand(rt, args, options),

  seed: (rt, _args, options) => seedDemoCommand(rt.ledger, options, { out, err }),

  verify: async (rt, _args, options) => {
    let failures = 0;
    for (const workspace of await workspacesToVisit(rt, options)) {
      const started = performance.now();
      const { result } = await runVerification(rt.ledger, workspace, { actor: "cli", via: "cli" });
      const seconds = (performance.now() - started) / 1000;
      for (const warning of result.warnings) err(`warning: ${workspace}: ${warning}`);
      if (result.ok) {
        out(`ok ${workspace}: ${result.checked} entries, ${result.checkpoints.verified} checkpoints verified, head ${result.head.hash} (${seconds.toFixed(1)} s)`);
      } else {
        failures += 1;
        out(`FAILED ${workspace}: first bad seq ${result.firstBadSeq} (${result.kind}): ${result.reason}`);
      }
    }
    return failures === 0 ? 0 : 1;
  },

  rebuild: async (rt, _args, options) => {
    for (const workspace of await workspacesToVisit(rt, options)) {
      const started = performance.now();
      const result = await rebuildProjections(rt.handle.db, workspace);
      const seconds = (performance.now() - started) / 1000;
      out(`${workspace}: rebuilt projections from ${result.entries} ledger entries (${result.cases} cases) in ${seconds.toFixed(1)} s`);
    }
    return 0;
  },

  export: exportCommand,

  checkpoint: async (rt, _args, options) => {
    for (const workspace of await workspacesToVisit(rt, options)) {
      const size = await checkpointNow(rt.ledger, workspace);
      out(size === null ? `${workspace}: nothing new to sign` : `${workspace}: signed checkpoint at size ${size}`);
    }
    return 0;
  },
};
