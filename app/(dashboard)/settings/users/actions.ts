"use server";

import { revalidatePath } from "next/cache";
import { changeRoleBy, changeRoleInput, createUserBy, createUserInput, setActiveBy, setActiveInput } from "@/lib/auth/admin";
import { actorOf, requirePermission } from "@/lib/auth/guard";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { formFields, type FormState, parseForm, refused } from "@/lib/forms";
import { runtime } from "@/lib/runtime";

// Server actions are public POST endpoints: each checks the permission first, then validates.

export async function createUserAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const admin = await requirePermission("users.manage");
  const fields = formFields(formData);
  const parsed = parseForm(createUserInput, fields);
  if (!parsed.ok) return parsed.state;
  try {
    const user = await createUserBy((await runtime()).handle.db, await actorOf(admin), parsed.data);
    revalidatePath("/settings/users");
    return { status: "ok", message: `Created ${user.name} (${ROLE_LABELS[user.role]}). Give them their password in person or over a separate channel.` };
  } catch (error) {
    return refused(error, fields);
  }
}

export async function changeRoleAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const admin = await requirePermission("users.manage");
  const fields = formFields(formData);
  const parsed = parseForm(changeRoleInput, fields);
  if (!parsed.ok) return parsed.state;
  try {
    const user = await changeRoleBy((await runtime()).handle.db, await actorOf(admin), parsed.data);
    revalidatePath("/settings/users");
    return { status: "ok", message: `${user.name} is now ${ROLE_LABELS[user.role]}.` };
  } catch (error) {
    return refused(error, fields);
  }
}

export async function setActiveAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const admin = await requirePermission("users.manage");
  const fields = formFields(formData);
  const parsed = parseForm(setActiveInput, fields);
  if (!parsed.ok) return parsed.state;
  try {
    const user = await setActiveBy((await runtime()).handle.db, await actorOf(admin), parsed.data);
    revalidatePath("/settings/users");
    return { status: "ok", message: user.active ? `${user.name} can sign in again.` : `${user.name} is deactivated and signed out.` };
  } catch (error) {
    return refused(error, fields);
  }
}
