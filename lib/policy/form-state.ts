// What the policy forms of Settings → Policies answer with; no server imports, the client forms use it.
import type { FormState } from "@/lib/form-state";
import type { PolicyIssue } from "./load";

/** A FormState that may also list every problem of a refused document, each with its line and column. */
export type PolicyFormState = FormState & { issues?: PolicyIssue[] };
