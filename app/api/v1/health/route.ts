import { getHealth } from "@/lib/api/ingest-routes";

export const dynamic = "force-dynamic";

// GET /api/v1/health — liveness plus the truth about the database (also served on the ingest port).
export const GET = getHealth;
