import { parseJsonBody } from "@/lib/api/body";
import { requireAccess, route, workspaceFor } from "@/lib/api/handler";
import { liftCapBy, lowerToAssistBy, versionJson } from "@/lib/policy/admin";
import { killSwitchRequestSchema } from "@/lib/policy/api-schemas";
import { apiActor, policyChange } from "@/lib/policy/http";

export const dynamic = "force-dynamic";

// POST /api/v1/policies/kill-switch — lower every action matching `pattern` to assist at once (or `lift` that cap); a new version, in the access log.
export const POST = route(async (ctx) => {
  const principal = await requireAccess(ctx, "policies.manage");
  const workspaceId = workspaceFor(ctx, principal);
  const { pattern, reason, lift } = await parseJsonBody(ctx, killSwitchRequestSchema);
  const change = lift ? liftCapBy : lowerToAssistBy;
  const version = await policyChange(change(ctx.runtime.handle.db, apiActor(ctx, principal), workspaceId, { pattern, reason }));
  return Response.json(versionJson(version), { status: 201 });
});
