import { parseJsonBody } from "@/lib/api/body";
import { requireAccess, route, workspaceFor } from "@/lib/api/handler";
import { policyOverview, publishPolicyBy, versionJson } from "@/lib/policy/admin";
import { policyPublishRequestSchema } from "@/lib/policy/api-schemas";
import { apiActor, policyChange } from "@/lib/policy/http";

export const dynamic = "force-dynamic";

// GET /api/v1/policies — the workspace's policy versions, newest first, and the one in force now.
export const GET = route(async (ctx) => {
  const workspaceId = workspaceFor(ctx, await requireAccess(ctx, "policies.manage"));
  const { versions, inForce } = await policyOverview(ctx.runtime.handle.db, workspaceId);
  return Response.json({ workspace: workspaceId, inForce: inForce?.version ?? null, versions: versions.map(versionJson) });
});

// POST /api/v1/policies — publish a new version (a JSON document or its YAML/JSON text); written to the access log.
export const POST = route(async (ctx) => {
  const principal = await requireAccess(ctx, "policies.manage");
  const workspaceId = workspaceFor(ctx, principal);
  const body = await parseJsonBody(ctx, policyPublishRequestSchema);
  const input = { document: body.document, reason: body.reason, effectiveFrom: body.effectiveFrom ? new Date(body.effectiveFrom) : undefined };
  const version = await policyChange(publishPolicyBy(ctx.runtime.handle.db, apiActor(ctx, principal), workspaceId, input), "document");
  return Response.json(versionJson(version), { status: 201 });
});
