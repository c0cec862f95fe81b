import type { z } from "zod";
import { AdminError } from "./auth/admin";
import type { FormState } from "./form-state";

export { type FormState, idle } from "./form-state";

const SECRET_FIELDS = new Set(["password", "confirmPassword"]);

/** The form's fields as a plain object; repeated fields (checkboxes) become arrays when `arrays` names them. */
export function formFields(formData: FormData, arrays: string[] = []): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    if (key.startsWith("$ACTION")) continue; // React's own hidden fields
    const all = formData.getAll(key).filter((v): v is string => typeof v === "string");
    fields[key] = arrays.includes(key) ? all : all[0];
  }
  for (const key of arrays) fields[key] ??= [];
  return fields;
}

/** Parses with the form's schema; on failure, a FormState naming each field's first problem. */
export function parseForm<T extends z.ZodType>(schema: T, fields: Record<string, unknown>): { ok: true; data: z.infer<T> } | { ok: false; state: FormState } {
  const parsed = schema.safeParse(fields);
  if (parsed.success) return { ok: true, data: parsed.data };
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "form");
    fieldErrors[field] ??= issue.message;
  }
  return { ok: false, state: { status: "error", message: "Check the highlighted fields.", fieldErrors, values: echo(fields) } };
}

/** A refused change (AdminError) as a FormState; anything else is a bug and is rethrown to be logged. */
export function refused(error: unknown, fields: Record<string, unknown> = {}): FormState {
  if (!AdminError.is(error)) throw error;
  return { status: "error", message: error.message, fieldErrors: error.field ? { [error.field]: error.message } : undefined, values: echo(fields) };
}

function echo(fields: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields).flatMap(([k, v]) => (SECRET_FIELDS.has(k) ? [] : typeof v === "string" ? [[k, v]] : Array.isArray(v) ? [[k, v.join(",")]] : [])),
  );
}
