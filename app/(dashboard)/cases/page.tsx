import type { Metadata } from "next";
import Link from "next/link";
import { CaseResultsTable } from "@/components/case-results-table";
import { CaseSearchForm, type CaseSearchValues } from "@/components/case-search-form";
import { EmptyState } from "@/components/empty-state";
import { requirePermission } from "@/lib/auth/guard";
import { caseSearchSchema, InvalidCursorError, searchCases, type CaseSearchResult } from "@/lib/cases/search";
import { pickWorkspace, searchFacets, workspacesWithEvents } from "@/lib/cases/workspace";
import { runtime } from "@/lib/runtime";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Cases" };

type Params = Record<string, string | string[] | undefined>;
const FIELDS = ["query", "journey", "action", "actor", "outcome", "from", "to", "cursor"] as const;

// /cases — find a case by id, customer, journey, action, actor, outcome, dates or words, and jump to why the AI acted.
export default async function CasesPage({ searchParams }: { searchParams: Promise<Params> }) {
  await requirePermission("cases.read");
  const params = await searchParams;
  const one = (key: string) => {
    const value = params[key];
    return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
  };
  const db = (await runtime()).handle.db;
  const workspaces = await workspacesWithEvents(db);
  const workspace = pickWorkspace(workspaces, one("workspace"));
  const values = Object.fromEntries(FIELDS.map((f) => [f, one(f)]).filter(([, v]) => v !== undefined)) as CaseSearchValues & { cursor?: string };

  const parsed = caseSearchSchema.safeParse(values);
  const errors: Record<string, string> = {};
  let result: CaseSearchResult | null = null;
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "query")] ??= issue.message;
  } else {
    try {
      result = await searchCases(db, workspace, parsed.data);
    } catch (error) {
      if (!InvalidCursorError.is(error)) throw error;
      errors.query = "That page link has expired; search again.";
    }
  }
  const facets = await searchFacets(db, workspace);
  const searched = FIELDS.some((f) => f !== "cursor" && values[f as keyof CaseSearchValues]);
  const link = (extra: Record<string, string>) => {
    const query = new URLSearchParams({ workspace, ...Object.fromEntries(Object.entries(values).filter(([k]) => k !== "cursor")), ...extra });
    return `/cases?${query}`;
  };

  return (
    <div className="max-w-7xl space-y-6">
      <header>
        <h1 className="text-2xl font-bold tracking-tight">Cases</h1>
        <p className="mt-1 text-muted">
          Paste a case id or customer reference, or search what the AI and people wrote. Open a case for its timeline, or go
          straight to why the AI acted.
        </p>
      </header>
      <CaseSearchForm values={values} workspace={workspace} workspaces={workspaces} journeys={facets.journeys} actions={facets.actions} errors={errors} />
      {result && result.cases.length > 0 && (
        <section aria-labelledby="results-heading" className="space-y-3">
          <h2 id="results-heading" className="text-lg font-semibold">
            {searched ? "Matching cases" : "Recent cases"}
            <span className="ml-2 text-sm font-normal text-muted">
              {values.cursor
                ? "further results"
                : `${result.nextCursor ? `the first ${result.cases.length}` : `${result.cases.length} ${result.cases.length === 1 ? "case" : "cases"}`}, most recent activity first`}
            </span>
          </h2>
          <div className="overflow-hidden rounded-lg border border-line">
            <CaseResultsTable cases={result.cases} workspace={workspace} />
          </div>
        </section>
      )}
      {result && result.cases.length === 0 && (
        <EmptyState title={searched ? "No cases match" : "No cases yet"}>
          {searched ? (
            <>
              <p>Nothing in workspace {workspace} matches this search.</p>
              <ul className="list-inside list-disc">
                <li>A case id or customer reference must be exact (they are case-sensitive).</li>
                <li>Words are matched by their stem: “refunds” also finds “refund”. Try fewer words, or remove a filter.</li>
              </ul>
              <p>
                <Link href={`/cases?workspace=${encodeURIComponent(workspace)}`} className="text-brand underline">
                  Clear the search
                </Link>
              </p>
            </>
          ) : (
            <p>Cases appear here as soon as your agents send events (see docs/events.md).</p>
          )}
        </EmptyState>
      )}
      {result && (values.cursor || result.nextCursor) && (
        <nav aria-label="Result pages" className="flex gap-4 text-sm">
          {values.cursor && (
            <Link href={link({})} className="text-brand underline">
              First page
            </Link>
          )}
          {result.nextCursor && (
            <Link href={link({ cursor: result.nextCursor })} className="text-brand underline" rel="next">
              Next page
            </Link>
          )}
        </nav>
      )}
    </div>
  );
}
