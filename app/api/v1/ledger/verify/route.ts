import { z } from "zod";
import { parseJsonBody } from "@/lib/api/body";
import { requireApiKey, route } from "@/lib/api/handler";
import { verifyLedger } from "@/lib/ledger/verify";

export const dynamic = "force-dynamic";

const verifyRequest = z.strictObject({}).optional();

// POST /api/v1/ledger/verify — recompute the caller's workspace chain and check every checkpoint.
export const POST = route(async (ctx) => {
  const principal = await requireApiKey(ctx, "read");
  await parseJsonBody(ctx.request, verifyRequest, { optional: true });
  const result = await verifyLedger(ctx.runtime.ledger, principal.workspaceId);
  return Response.json(result);
});
