import { actorName } from "@/lib/api/actor";
import { readsContent } from "@/lib/api/audit";
import { ApiError } from "@/lib/api/errors";
import { requireAccess, route, workspaceFor } from "@/lib/api/handler";
import { appendAccessLog } from "@/lib/auth/access-log";
import { clientIp } from "@/lib/auth/client-ip";
import { regulatorReport } from "@/lib/export/report-data";
import { regulatorReportPdf } from "@/lib/export/report-pdf";
import { reportPeriod, reportQuerySchema, ReportRefusal, reportFilename } from "@/lib/export/report-period";
import { attachment } from "@/lib/export/stream";

export const dynamic = "force-dynamic";

// GET /api/v1/reports/regulator?month=2026-10 (or from=&to=) — the regulator's report for a period, as a PDF.
export const GET = route(async (ctx) => {
  const principal = await requireAccess(ctx, "exports.read");
  const workspaceId = workspaceFor(ctx, principal);
  // An empty field of a plain HTML form means "no filter".
  const parsed = reportQuerySchema.safeParse(Object.fromEntries([...new URL(ctx.request.url).searchParams].filter(([, v]) => v !== "")));
  if (!parsed.success) {
    throw new ApiError(400, "invalid_query", "The query is invalid.", parsed.error.issues.map((i) => ({ path: i.path.join(".") || "(query)", message: i.message })));
  }
  const now = new Date();
  let period;
  try {
    period = reportPeriod(parsed.data, now);
  } catch (error) {
    if (ReportRefusal.is(error)) throw new ApiError(400, "invalid_query", `${error.field}: ${error.message}.`, [{ path: error.field, message: error.message }]);
    throw error;
  }
  const filename = reportFilename(workspaceId, period);
  const headers = { "content-type": "application/pdf", "content-disposition": attachment(filename), "cache-control": "no-store" };
  // A HEAD (answered by this handler) gets the headers only: no report is built, so none is logged as read.
  if (!readsContent(ctx.request)) return new Response(null, { headers });
  const { runtime: rt } = ctx;
  const actor = actorName(principal);
  const report = await regulatorReport(rt.ledger, {
    workspaceId,
    period,
    now,
    generatedBy: actor,
    retentionMonths: rt.env.WARRANT_RETENTION_MONTHS,
    sequential: rt.handle.kind === "pglite",
  });
  const pdf = await regulatorReportPdf(report);
  await appendAccessLog(rt.handle.db, {
    workspaceId,
    actor,
    action: "export.report",
    target: filename,
    ip: clientIp(ctx.request.headers),
    details: { from: report.period.from, to: report.period.to, ...(period.inProgress ? { inProgress: true } : {}), checkpoint: report.ledger.checkpoint?.treeSize ?? 0 },
  });
  return new Response(new Uint8Array(pdf), { headers });
});
