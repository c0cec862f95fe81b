import type { Metadata } from "next";
import { CreateUserForm } from "@/components/create-user-form";
import { UsersTable } from "@/components/users-table";
import { requirePermission } from "@/lib/auth/guard";
import { listUsers } from "@/lib/auth/users";
import { runtime } from "@/lib/runtime";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Users" };

// /settings/users — who can sign in, with which role. Admins only.
export default async function UsersPage() {
  const admin = await requirePermission("users.manage");
  const users = await listUsers((await runtime()).handle.db);
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-bold tracking-tight">Users</h1>
        <p className="mt-1 text-muted">
          People who can sign in, and what their role lets them see. Users are deactivated, never deleted, so what they did stays
          attributable. Every change is written to the access log.
        </p>
      </header>
      <CreateUserForm />
      <section aria-labelledby="users-heading" className="space-y-2">
        <h2 id="users-heading" className="text-lg font-semibold">
          {users.length} {users.length === 1 ? "user" : "users"}
        </h2>
        <UsersTable users={users} currentUserId={admin.id} />
      </section>
    </div>
  );
}
