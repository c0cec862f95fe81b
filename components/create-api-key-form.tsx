"use client";

import { useActionState, useState } from "react";
import { createApiKeyAction } from "@/app/(dashboard)/settings/api-keys/actions";
import { Button } from "@/components/ui/button";
import { Field, SelectField } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { useFieldErrors } from "@/components/ui/use-field-errors";
import { idle } from "@/lib/form-state";

const SCOPES = [
  { value: "ingest", label: "ingest", hint: "send events" },
  { value: "read", label: "read", hint: "cases, metrics, ledger verification" },
  { value: "export", label: "export", hint: "bulk exports" },
  { value: "admin", label: "admin", hint: "all of the above and the access log" },
];

export function CreateApiKeyForm({ workspaces }: { workspaces: { id: string; name: string }[] }) {
  const [state, action, pending] = useActionState(createApiKeyAction, idle);
  const { errors, onInput } = useFieldErrors(state);
  const values = state.status === "error" ? (state.values ?? {}) : {};
  const chosen = new Set((values.scopes ?? "ingest").split(","));
  return (
    <form onInput={onInput} action={action} aria-labelledby="create-key-heading" className="space-y-4 rounded-lg border border-line bg-white p-5">
      <h2 id="create-key-heading" className="text-lg font-semibold">
        Create an API key
      </h2>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <Field label="Name" name="name" autoComplete="off" required placeholder="e.g. refund-agent production" defaultValue={values.name} error={errors.name} />
        <SelectField
          key={values.workspaceId ?? ""}
          label="Workspace"
          name="workspaceId"
          options={workspaces.map((w) => ({ value: w.id, label: w.name === w.id ? w.id : `${w.name} (${w.id})` }))}
          defaultValue={values.workspaceId}
          error={errors.workspaceId}
        />
      </div>
      <fieldset aria-describedby={errors.scopes ? "scopes-error" : undefined}>
        <legend className="text-sm font-medium">Scopes</legend>
        {/* Keyed by what was chosen: React resets a form after its action, and only a remount updates the defaults. */}
        <div key={values.scopes ?? ""} className="mt-2 flex flex-wrap gap-x-6 gap-y-2">
          {SCOPES.map((scope) => (
            <label key={scope.value} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="scopes" value={scope.value} defaultChecked={chosen.has(scope.value)} />
              <span>
                <span className="font-mono">{scope.label}</span> <span className="text-muted">— {scope.hint}</span>
              </span>
            </label>
          ))}
        </div>
        {errors.scopes && (
          <p id="scopes-error" className="mt-1 text-xs font-medium text-danger">
            {errors.scopes}
          </p>
        )}
      </fieldset>
      <div className="flex items-center gap-4">
        <Button type="submit" disabled={pending || workspaces.length === 0}>
          {pending ? "Creating…" : "Create key"}
        </Button>
        {state.status !== "ok" && <FormStatus state={state} className="flex-1" />}
      </div>
      {state.status === "ok" && state.secret && <NewKey message={state.message} secret={state.secret} />}
    </form>
  );
}

/** The secret, shown this once: it is not stored anywhere it could be shown from again. */
function NewKey({ message, secret }: { message: string; secret: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div role="status" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-4">
      <p className="text-sm font-semibold text-amber-900">{message} Copy the key now: it will not be shown again.</p>
      <div className="flex gap-2">
        <label htmlFor="new-api-key" className="sr-only">
          New API key
        </label>
        <input id="new-api-key" readOnly value={secret} className="flex-1 rounded-md border border-amber-300 bg-white px-3 py-2 font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
        <Button
          type="button"
          variant="secondary"
          onClick={async () => {
            await navigator.clipboard?.writeText(secret).catch(() => {});
            setCopied(true);
          }}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
    </div>
  );
}
