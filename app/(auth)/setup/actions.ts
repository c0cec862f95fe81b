"use server";

import { redirect } from "next/navigation";
import { requestIp } from "@/lib/auth/guard";
import { completeSetup, setupAvailable, setupInput } from "@/lib/auth/setup";
import { formFields, type FormState, parseForm, refused } from "@/lib/forms";
import { runtime } from "@/lib/runtime";

// Public by nature (there is nobody to sign in as yet), so it re-checks that setup is still open.
export async function createFirstAdminAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const rt = await runtime();
  if (!(await setupAvailable(rt))) return { status: "error", message: "Warrant is already set up; sign in instead." };
  const fields = formFields(formData);
  const parsed = parseForm(setupInput, fields);
  if (!parsed.ok) return parsed.state;
  try {
    await completeSetup(rt, parsed.data, await requestIp());
  } catch (error) {
    return refused(error, fields);
  }
  redirect("/sign-in?setup=done");
}
