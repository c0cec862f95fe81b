"use client";

import { useActionState } from "react";
import { createUserAction } from "@/app/(dashboard)/settings/users/actions";
import { Button } from "@/components/ui/button";
import { Field, SelectField } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { useFieldErrors } from "@/components/ui/use-field-errors";
import { idle } from "@/lib/form-state";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES } from "@/lib/auth/permissions";

const roleOptions = ROLES.map((role) => ({ value: role, label: `${ROLE_LABELS[role]} — ${ROLE_DESCRIPTIONS[role]}` }));

export function CreateUserForm() {
  const [state, action, pending] = useActionState(createUserAction, idle);
  const { errors, onInput } = useFieldErrors(state);
  const values = state.status === "error" ? (state.values ?? {}) : {};
  return (
    <form onInput={onInput} action={action} aria-labelledby="create-user-heading" className="space-y-4 rounded-lg border border-line bg-white p-5">
      <h2 id="create-user-heading" className="text-lg font-semibold">
        Add a user
      </h2>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <Field label="Name" name="name" autoComplete="off" required defaultValue={values.name} error={errors.name} />
        <Field label="Email" name="email" type="email" autoComplete="off" required defaultValue={values.email} error={errors.email} />
        <SelectField key={values.role ?? "agent"} label="Role" name="role" options={roleOptions} defaultValue={values.role ?? "agent"} error={errors.role} />
        <Field
          label="Initial password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={12}
          hint="At least 12 characters. Tell it to them over a separate channel."
          error={errors.password}
        />
      </div>
      <div className="flex items-center gap-4">
        <Button type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add user"}
        </Button>
        <FormStatus state={state} className="flex-1" />
      </div>
    </form>
  );
}
