// Shared by server actions and the client forms that show their answers; no server imports here.

/**
 * What a server action answers a form with. `values` echoes the non-secret fields back so a refused
 * form keeps what was typed (React resets forms after an action); passwords are never echoed.
 */
export type FormState =
  | { status: "idle" }
  | { status: "ok"; message: string; secret?: string }
  | { status: "error"; message: string; fieldErrors?: Record<string, string>; values?: Record<string, string> };

export const idle: FormState = { status: "idle" };
