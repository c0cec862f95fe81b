import { ApiError } from "@/lib/api/errors";
import { requireAccess, route, workspaceFor } from "@/lib/api/handler";
import { caseSearchSchema, InvalidCursorError, searchCases } from "@/lib/cases/search";

export const dynamic = "force-dynamic";

// GET /api/v1/cases — search cases by id, customer, journey, action, actor, outcome, dates and words; keyset-paged.
export const GET = route(async (ctx) => {
  const principal = await requireAccess(ctx, "cases.read");
  const workspaceId = workspaceFor(ctx, principal);
  const params = Object.fromEntries(new URL(ctx.request.url).searchParams);
  delete params.workspace;
  const parsed = caseSearchSchema.safeParse(params);
  if (!parsed.success) {
    throw new ApiError(400, "invalid_query", "The query is invalid.", parsed.error.issues.map((i) => ({ path: i.path.join(".") || "(query)", message: i.message })));
  }
  try {
    return Response.json(await searchCases(ctx.runtime.handle.db, workspaceId, parsed.data));
  } catch (error) {
    if (InvalidCursorError.is(error)) throw new ApiError(400, "invalid_query", "The query is invalid.", [{ path: "cursor", message: error.message }]);
    throw error;
  }
});
