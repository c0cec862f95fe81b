"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requestIp, requirePermission, type SessionUser } from "@/lib/auth/guard";
import { formFields, parseForm, refused } from "@/lib/forms";
import { liftCapBy, lowerToAssistBy, type PolicyActor, publishPolicyBy } from "@/lib/policy/admin";
import { MAX_POLICY_TEXT } from "@/lib/policy/api-schemas";
import type { PolicyFormState } from "@/lib/policy/form-state";
import { PolicyValidationError } from "@/lib/policy/load";
import { runtime } from "@/lib/runtime";
import { workspaceIdSchema } from "@/lib/workspaces";

// Server actions are public POST endpoints: each checks the permission first, then validates. Every
// change appends a policy version and an access-log entry (lib/policy/admin.ts, lib/policy/store.ts).

const reason = z.string().trim().min(1, "Say why: the reason is kept with the version and in the access log.").max(2000, "Use at most 2000 characters.");
const publishInput = z.object({
  workspace: workspaceIdSchema,
  // Not trimmed: the line and column of each problem must match what the person sees.
  document: z
    .string()
    .max(MAX_POLICY_TEXT, `Use at most ${MAX_POLICY_TEXT / 1024} KiB.`)
    .refine((text) => text.trim() !== "", "Paste the policy, in YAML or JSON."),
  reason,
});
const capInput = z.object({
  workspace: workspaceIdSchema,
  pattern: z.string().trim().min(1, "Name the actions: refund.*, order.cancel, or * for all."),
  reason,
});

async function actor(user: SessionUser): Promise<PolicyActor> {
  return { by: user.email, ip: await requestIp(), via: "page" };
}

export async function publishPolicyAction(_previous: PolicyFormState, formData: FormData): Promise<PolicyFormState> {
  const admin = await requirePermission("policies.manage");
  const fields = formFields(formData);
  const parsed = parseForm(publishInput, fields);
  if (!parsed.ok) return parsed.state;
  const { workspace, document } = parsed.data;
  try {
    const version = await publishPolicyBy((await runtime()).handle.db, await actor(admin), workspace, { document, reason: parsed.data.reason });
    revalidatePath("/settings/policies");
    return { status: "ok", message: `Published version ${version.version} of ${version.document.id}. It is in force now.` };
  } catch (error) {
    if (error instanceof PolicyValidationError) {
      const count = error.issues.length;
      return {
        status: "error",
        message: `The policy has ${count} ${count === 1 ? "problem" : "problems"}; nothing was published. Fix ${count === 1 ? "it" : "them"} and publish again.`,
        fieldErrors: { document: "See the problems listed below the policy." },
        issues: error.issues,
        values: { workspace, document, reason: parsed.data.reason },
      };
    }
    return refused(error, fields);
  }
}

export async function lowerToAssistAction(_previous: PolicyFormState, formData: FormData): Promise<PolicyFormState> {
  return changeCap(formData, lowerToAssistBy, (pattern, version) => `Every action matching ${pattern} is now limited to assist (version ${version}); the next authority check answers so.`);
}

export async function liftCapAction(_previous: PolicyFormState, formData: FormData): Promise<PolicyFormState> {
  return changeCap(formData, liftCapBy, (pattern, version) => `Lifted the cap on ${pattern} (version ${version}).`);
}

// The kill switch and its undo: the same checks, form and answers around a different change.
async function changeCap(formData: FormData, change: typeof lowerToAssistBy, done: (pattern: string, version: number) => string): Promise<PolicyFormState> {
  const admin = await requirePermission("policies.manage");
  const fields = formFields(formData);
  const parsed = parseForm(capInput, fields);
  if (!parsed.ok) return parsed.state;
  const { workspace, pattern } = parsed.data;
  try {
    const version = await change((await runtime()).handle.db, await actor(admin), workspace, { pattern, reason: parsed.data.reason });
    revalidatePath("/settings/policies");
    return { status: "ok", message: done(pattern, version.version) };
  } catch (error) {
    if (error instanceof PolicyValidationError) return patternRefused(error, fields);
    return refused(error, fields);
  }
}

function patternRefused(error: PolicyValidationError, fields: Record<string, unknown>): PolicyFormState {
  const message = error.issues[0]?.message ?? "This is not an action pattern.";
  const values = Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  return { status: "error", message: "Check the highlighted fields.", fieldErrors: { pattern: message }, values };
}
