"use client";

import { type FormEvent, useState } from "react";
import type { FormState } from "@/lib/form-state";

/**
 * A refused form's field errors, each hidden once its field is edited. The errors come from the last
 * submission, and a later one can be stopped by the browser itself (a field's `minLength`) before the
 * server answers: without this, "The two passwords differ." stayed under a field the person had since
 * corrected, beside the browser's own message about something else.
 */
export function useFieldErrors(state: FormState): { errors: Record<string, string>; onInput: (event: FormEvent<HTMLFormElement>) => void } {
  const [edited, setEdited] = useState<{ state: FormState; names: ReadonlySet<string> }>({ state, names: new Set() });
  // A new answer shows all of its errors again (state kept per answer, reset during render as React advises).
  const names = edited.state === state ? edited.names : new Set<string>();
  if (edited.state !== state) setEdited({ state, names });
  const all = state.status === "error" ? (state.fieldErrors ?? {}) : {};
  const errors = Object.fromEntries(Object.entries(all).filter(([name]) => !names.has(name)));
  const onInput = (event: FormEvent<HTMLFormElement>) => {
    const name = (event.target as HTMLInputElement).name;
    if (name && all[name] !== undefined && !names.has(name)) setEdited({ state, names: new Set(names).add(name) });
  };
  return { errors, onInput };
}
