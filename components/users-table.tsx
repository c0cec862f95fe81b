import { ActiveForm, RoleForm } from "@/components/user-row-forms";
import { Badge } from "@/components/ui/badge";
import { TableScroll } from "@/components/ui/table-scroll";
import type { PublicUser } from "@/lib/auth/users";

const date = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

export function UsersTable({ users, currentUserId }: { users: PublicUser[]; currentUserId: string }) {
  return (
    <TableScroll>
      <table className="w-full border-collapse bg-white text-sm">
        <caption className="sr-only">Users, their roles and status</caption>
        <thead>
          <tr className="border-b border-line text-left text-muted">
            <th scope="col" className="px-3 py-2 font-medium">Name</th>
            <th scope="col" className="px-3 py-2 font-medium">Role</th>
            <th scope="col" className="px-3 py-2 font-medium">Status</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">Failed sign-ins</th>
            <th scope="col" className="px-3 py-2 font-medium">Added (UTC)</th>
            <th scope="col" className="px-3 py-2 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id} className="border-b border-line align-top last:border-0">
              <th scope="row" className="px-3 py-2 text-left font-medium">
                {user.name}
                {user.id === currentUserId && <span className="ml-2 text-xs font-normal text-muted">(you)</span>}
                <span className="block text-xs font-normal text-muted">{user.email}</span>
              </th>
              <td className="px-3 py-2">
                <RoleForm userId={user.id} userName={user.name} role={user.role} />
              </td>
              <td className="px-3 py-2">{user.active ? <Badge tone="ok">Active</Badge> : <Badge tone="danger">Deactivated</Badge>}</td>
              <td className="px-3 py-2 text-right tabular-nums">{user.failedSignIns}</td>
              <td className="px-3 py-2">{date.format(user.createdAt)}</td>
              <td className="px-3 py-2">{user.id !== currentUserId && <ActiveForm userId={user.id} userName={user.name} active={user.active} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
