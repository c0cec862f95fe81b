"use client";

import { useActionState } from "react";
import { changeRoleAction, setActiveAction } from "@/app/(dashboard)/settings/users/actions";
import { Button } from "@/components/ui/button";
import { ConfirmSubmit } from "@/components/ui/confirm-submit";
import { type FormState, idle } from "@/lib/form-state";
import { type Role, ROLE_LABELS, ROLES } from "@/lib/auth/permissions";

function RowMessage({ state }: { state: FormState }) {
  return (
    <span role={state.status === "error" ? "alert" : "status"} className={`block text-xs ${state.status === "error" ? "text-danger" : "text-ok"}`}>
      {state.status === "idle" ? "" : state.message}
    </span>
  );
}

/** The role of one user: a select and a Save button, with the answer beside them. */
export function RoleForm({ userId, userName, role }: { userId: string; userName: string; role: Role }) {
  const [state, action, pending] = useActionState(changeRoleAction, idle);
  const id = `role-${userId}`;
  return (
    <form action={action} className="space-y-1">
      <input type="hidden" name="userId" value={userId} />
      <div className="flex items-center gap-2">
        <label htmlFor={id} className="sr-only">
          Role of {userName}
        </label>
        <select id={id} name="role" defaultValue={role} className="rounded-md border border-gray-300 bg-white px-2 py-1 text-sm">
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
        <Button type="submit" variant="secondary" size="sm" disabled={pending} aria-label={`Save role of ${userName}`}>
          Save
        </Button>
      </div>
      <RowMessage state={state} />
    </form>
  );
}

/** Deactivate (or reactivate) one user; nobody is ever deleted, so their history stays attributable. */
export function ActiveForm({ userId, userName, active }: { userId: string; userName: string; active: boolean }) {
  const [state, action, pending] = useActionState(setActiveAction, idle);
  return (
    <form action={action} className="space-y-1">
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="active" value={active ? "false" : "true"} />
      {active ? (
        <ConfirmSubmit label="Deactivate" ariaLabel={`Deactivate ${userName}`} question={`Deactivate ${userName}? They are signed out at once.`} confirmLabel="Yes, deactivate" pending={pending} />
      ) : (
        <Button type="submit" variant="secondary" size="sm" disabled={pending} aria-label={`Reactivate ${userName}`}>
          Reactivate
        </Button>
      )}
      <RowMessage state={state} />
    </form>
  );
}
