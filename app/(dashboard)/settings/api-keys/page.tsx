import type { Metadata } from "next";
import Link from "next/link";
import { type ApiKeyRow, ApiKeysTable } from "@/components/api-keys-table";
import { CreateApiKeyForm } from "@/components/create-api-key-form";
import { EmptyState } from "@/components/empty-state";
import { listApiKeys } from "@/lib/auth/api-keys";
import { requirePermission } from "@/lib/auth/guard";
import { runtime } from "@/lib/runtime";
import { listWorkspaces } from "@/lib/workspaces";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API keys" };

// /settings/api-keys — keys for agents and tools, scoped to one workspace. Admins only.
export default async function ApiKeysPage() {
  await requirePermission("api_keys.manage");
  const db = (await runtime()).handle.db;
  const [keys, workspaces] = await Promise.all([listApiKeys(db), listWorkspaces(db)]);
  const rows: ApiKeyRow[] = keys.map((k) => ({
    ...k,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  }));
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-bold tracking-tight">API keys</h1>
        <p className="mt-1 text-muted">
          Agents and tools authenticate with <code className="font-mono text-sm">Authorization: Bearer &lt;key&gt;</code>. A key
          belongs to one workspace; only its hash is stored, so it is shown once, when created. Revoking takes effect at once.
        </p>
      </header>
      {workspaces.length === 0 ? (
        <EmptyState title="No workspace yet">
          <p>
            A key belongs to a workspace.{" "}
            <Link href="/settings/workspaces" className="text-brand underline">
              Create a workspace
            </Link>{" "}
            first.
          </p>
        </EmptyState>
      ) : (
        <CreateApiKeyForm workspaces={workspaces} />
      )}
      <section aria-labelledby="keys-heading" className="space-y-2">
        <h2 id="keys-heading" className="text-lg font-semibold">
          Keys
        </h2>
        {rows.length === 0 ? (
          <EmptyState title="No API keys yet">
            <p>
              Create a key above, or, against a server database, from a shell:{" "}
              <code className="font-mono">npx warrant apikey create --workspace {workspaces[0]?.id ?? "default"} --scopes ingest</code>.
            </p>
          </EmptyState>
        ) : (
          <ApiKeysTable keys={rows} />
        )}
      </section>
    </div>
  );
}
