import { actorLabel, logRead, readsContent } from "@/lib/api/audit";
import { ApiError } from "@/lib/api/errors";
import { requireAccess, route, workspaceFor } from "@/lib/api/handler";
import { accountabilityFromEnv, EventNotFoundError, explainAction, NotExplainableError } from "@/lib/explain";
import { explanationPdf } from "@/lib/explain/pdf";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/v1/events/{id}/explanation — why the AI did it, as JSON or (?format=pdf) a PDF; logged as an explanation view.
export const GET = route<{ id: string }>(async (ctx, { id }) => {
  const principal = await requireAccess(ctx, "cases.read");
  const workspaceId = workspaceFor(ctx, principal);
  const format = new URL(ctx.request.url).searchParams.get("format") ?? "json";
  if (format !== "json" && format !== "pdf") throw new ApiError(400, "invalid_query", "The query is invalid.", [{ path: "format", message: 'must be "json" or "pdf"' }]);
  const { handle, ledger, env } = ctx.runtime;
  let explanation;
  try {
    explanation = await explainAction(handle.db, ledger, workspaceId, id, { accountability: accountabilityFromEnv(env) });
  } catch (error) {
    if (EventNotFoundError.is(error)) throw new ApiError(404, "not_found", `No event with id '${id.slice(0, 100)}' in this workspace.`);
    if (NotExplainableError.is(error)) throw new ApiError(422, "not_explainable", `Event ${error.eventId} is a ${error.eventType}; only AI proposals and actions have explanations. See its case: /api/v1/cases/${encodeURIComponent(error.caseId)}.`);
    throw error;
  }
  await logRead(ctx, principal, {
    workspaceId,
    action: format === "pdf" ? "explanation.pdf" : "explanation.view",
    target: explanation.eventId,
    details: { caseId: explanation.caseId, verification: explanation.verification.status },
  });
  if (format === "json") return Response.json(explanation);
  const headers = {
    "content-type": "application/pdf",
    "content-disposition": `inline; filename="explanation-${explanation.eventId}.pdf"`,
    "cache-control": "private, no-store",
  };
  // A HEAD gets the headers without the PDF being drawn and thrown away.
  if (!readsContent(ctx.request)) return new Response(null, { headers });
  const pdf = await explanationPdf(explanation, { generatedBy: actorLabel(principal) });
  return new Response(new Uint8Array(pdf), { headers });
});
