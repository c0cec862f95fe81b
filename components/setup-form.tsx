"use client";

import { useActionState } from "react";
import { createFirstAdminAction } from "@/app/(auth)/setup/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { useFieldErrors } from "@/components/ui/use-field-errors";
import { idle } from "@/lib/form-state";

export function SetupForm() {
  const [state, action, pending] = useActionState(createFirstAdminAction, idle);
  const { errors, onInput } = useFieldErrors(state);
  const values = state.status === "error" ? (state.values ?? {}) : {};
  return (
    <form onInput={onInput} action={action} className="space-y-4">
      <FormStatus state={state} />
      <Field label="Your name" name="name" autoComplete="name" required defaultValue={values.name} error={errors.name} />
      <Field label="Email" name="email" type="email" autoComplete="username" required defaultValue={values.email} error={errors.email} />
      <Field label="Password" name="password" type="password" autoComplete="new-password" required minLength={12} hint="At least 12 characters." error={errors.password} />
      <Field label="Repeat the password" name="confirmPassword" type="password" autoComplete="new-password" required error={errors.confirmPassword} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating…" : "Create admin"}
      </Button>
    </form>
  );
}
