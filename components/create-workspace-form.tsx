"use client";

import { useActionState } from "react";
import { createWorkspaceAction } from "@/app/(dashboard)/settings/workspaces/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { useFieldErrors } from "@/components/ui/use-field-errors";
import { idle } from "@/lib/form-state";

export function CreateWorkspaceForm() {
  const [state, action, pending] = useActionState(createWorkspaceAction, idle);
  const { errors, onInput } = useFieldErrors(state);
  const values = state.status === "error" ? (state.values ?? {}) : {};
  return (
    <form onInput={onInput} action={action} aria-labelledby="create-workspace-heading" className="space-y-4 rounded-lg border border-line bg-white p-5">
      <h2 id="create-workspace-heading" className="text-lg font-semibold">
        Create a workspace
      </h2>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <Field
          label="Id"
          name="id"
          autoComplete="off"
          required
          hint="Lower-case letters, digits, - and _; it cannot be changed later."
          defaultValue={values.id}
          error={errors.id}
        />
        <Field label="Name" name="name" autoComplete="off" required defaultValue={values.name} error={errors.name} />
      </div>
      <div className="flex items-center gap-4">
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create workspace"}
        </Button>
        <FormStatus state={state} className="flex-1" />
      </div>
    </form>
  );
}
