"use client";

import { useActionState } from "react";
import { revokeApiKeyAction } from "@/app/(dashboard)/settings/api-keys/actions";
import { Badge } from "@/components/ui/badge";
import { ConfirmSubmit } from "@/components/ui/confirm-submit";
import { TableScroll } from "@/components/ui/table-scroll";
import { idle } from "@/lib/form-state";

export interface ApiKeyRow {
  id: string;
  workspaceId: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const format = (iso: string | null) => (iso ? dateTime.format(new Date(iso)) : "never");

export function ApiKeysTable({ keys }: { keys: ApiKeyRow[] }) {
  return (
    <TableScroll>
      <table className="w-full border-collapse bg-white text-sm">
        <caption className="sr-only">API keys, their scopes and when they were last used</caption>
        <thead>
          <tr className="border-b border-line text-left text-muted">
            <th scope="col" className="px-3 py-2 font-medium">Name</th>
            <th scope="col" className="px-3 py-2 font-medium">Workspace</th>
            <th scope="col" className="px-3 py-2 font-medium">Key</th>
            <th scope="col" className="px-3 py-2 font-medium">Scopes</th>
            <th scope="col" className="px-3 py-2 font-medium">Created (UTC)</th>
            <th scope="col" className="px-3 py-2 font-medium">Last used (UTC)</th>
            <th scope="col" className="px-3 py-2 font-medium">Status</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr key={key.id} className="border-b border-line align-top last:border-0">
              <th scope="row" className="px-3 py-2 text-left font-medium">{key.name}</th>
              <td className="px-3 py-2 font-mono text-xs">{key.workspaceId}</td>
              <td className="px-3 py-2 font-mono text-xs">{key.prefix}…</td>
              <td className="px-3 py-2 font-mono text-xs">{key.scopes.join(", ")}</td>
              <td className="px-3 py-2">{format(key.createdAt)}</td>
              <td className="px-3 py-2">{format(key.lastUsedAt)}</td>
              <td className="px-3 py-2">{key.revokedAt ? <Badge tone="danger">Revoked {format(key.revokedAt)}</Badge> : <RevokeForm id={key.id} name={key.name} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function RevokeForm({ id, name }: { id: string; name: string }) {
  const [state, action, pending] = useActionState(revokeApiKeyAction, idle);
  return (
    <form action={action} className="space-y-1">
      <input type="hidden" name="keyId" value={id} />
      <div className="flex items-center gap-2">
        <Badge tone="ok">Active</Badge>
        <ConfirmSubmit label="Revoke" ariaLabel={`Revoke ${name}`} question={`Revoke ${name}? Agents using it are refused at once; this cannot be undone.`} confirmLabel="Yes, revoke" pending={pending} />
      </div>
      {state.status === "error" && (
        <span role="alert" className="block text-xs text-danger">
          {state.message}
        </span>
      )}
    </form>
  );
}
