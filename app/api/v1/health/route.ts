import { route } from "@/lib/api/handler";
import { checkHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

// GET /api/v1/health — liveness plus the truth about the database, migrations and each ledger head.
export const GET = route(async ({ runtime }) => {
  const health = await checkHealth(runtime);
  return Response.json(health, { status: health.database.ok ? 200 : 503, headers: health.database.ok ? {} : { "retry-after": "5" } });
});
