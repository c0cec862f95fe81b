"use server";

import { revalidatePath } from "next/cache";
import { createApiKeyBy, createApiKeyInput, revokeApiKeyBy, revokeApiKeyInput } from "@/lib/auth/admin";
import { actorOf, requirePermission } from "@/lib/auth/guard";
import { formFields, type FormState, parseForm, refused } from "@/lib/forms";
import { runtime } from "@/lib/runtime";

// Server actions are public POST endpoints: each checks the permission first, then validates.

/** Creates a key and answers with its secret, once: only its hash is stored, and it is never logged. */
export async function createApiKeyAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const admin = await requirePermission("api_keys.manage");
  const fields = formFields(formData, ["scopes"]);
  const parsed = parseForm(createApiKeyInput, fields);
  if (!parsed.ok) return parsed.state;
  try {
    const key = await createApiKeyBy((await runtime()).handle.db, await actorOf(admin), parsed.data);
    revalidatePath("/settings/api-keys");
    return { status: "ok", message: `Created “${key.name}” for ${key.workspaceId} with ${key.scopes.join(", ")}.`, secret: key.key };
  } catch (error) {
    return refused(error, fields);
  }
}

export async function revokeApiKeyAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const admin = await requirePermission("api_keys.manage");
  const fields = formFields(formData);
  const parsed = parseForm(revokeApiKeyInput, fields);
  if (!parsed.ok) return parsed.state;
  try {
    await revokeApiKeyBy((await runtime()).handle.db, await actorOf(admin), parsed.data);
    revalidatePath("/settings/api-keys");
    return { status: "ok", message: "Revoked. Requests with this key are now refused." };
  } catch (error) {
    return refused(error, fields);
  }
}
