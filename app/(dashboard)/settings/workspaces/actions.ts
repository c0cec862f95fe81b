"use server";

import { revalidatePath } from "next/cache";
import { createWorkspaceBy, createWorkspaceInput } from "@/lib/auth/admin";
import { actorOf, requirePermission } from "@/lib/auth/guard";
import { formFields, type FormState, parseForm, refused } from "@/lib/forms";
import { runtime } from "@/lib/runtime";

// A server action is a public POST endpoint: it checks the permission first, then validates.
export async function createWorkspaceAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const admin = await requirePermission("workspaces.manage");
  const fields = formFields(formData);
  const parsed = parseForm(createWorkspaceInput, fields);
  if (!parsed.ok) return parsed.state;
  try {
    await createWorkspaceBy((await runtime()).handle.db, await actorOf(admin), parsed.data);
    revalidatePath("/settings/workspaces");
    return { status: "ok", message: `Created workspace ${parsed.data.id}. Create an API key for it to start sending events.` };
  } catch (error) {
    return refused(error, fields);
  }
}
