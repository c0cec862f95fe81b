import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SetupForm } from "@/components/setup-form";
import { setupAvailable } from "@/lib/auth/setup";
import { runtime } from "@/lib/runtime";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Set up" };

// /setup — exists only on a fresh embedded start, until the first admin is created.
export default async function SetupPage() {
  if (!(await setupAvailable(await runtime()))) notFound();
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-xl font-bold tracking-tight">Set up Warrant</h1>
        <p className="mt-1 text-sm text-muted">Create the first admin. This page disappears once there is a user.</p>
      </div>
      <SetupForm />
    </div>
  );
}
