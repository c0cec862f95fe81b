import { requirePermission } from "@/lib/auth/guard";

// The permission is checked here as well as in the page: this segment has a loading.tsx, so its page
// renders after a 200 has been streamed, while its layout renders before (docs/security.md).
export default async function Layout({ children }: { children: React.ReactNode }) {
  await requirePermission("metrics.read");
  return children;
}
