// `cases.came_back_after`: for each case, the shortest time from one of its resolutions to the next
// reopen of the case or repeat contact of its customer about its journey (docs/metrics.md, "came back").
// The KPIs ask whether a resolved case came back within a window the query chooses (1–365 days), which
// is exactly `came_back_after <= window`; kept here, the question costs a comparison per case instead of
// an index probe per resolution (lib/metrics/sql-cases.ts; 1.6 s → 0.5 s over 260,000 cases).
//
// It depends on later events of two kinds: the case's own (a resolution, a reopen), and another case's
// opening (a repeat contact). The cases a batch touches get their value in the same statement that
// recomputes their rows (lib/projections/cases.ts, after the batch's repeat contacts are written); the
// cases of a customer and journey the batch brought a repeat contact for are refreshed here, after both.
import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import type { ProjectedEntry } from "./project";

/**
 * The `came_back_after` of the case row `alias` (a table or subquery with the columns of `cases`), from
 * its resolutions and reopens and the repeat contacts stored for its customer and journey. Null for a
 * case never resolved.
 */
export function cameBackAfter(alias: string): SQL {
  return sql.raw(`(
    select min(next.at - r.at) from unnest(${alias}.resolved_at) as r(at)
    cross join lateral (
      select min(t.at) as at from (
        select o.at from unnest(${alias}.reopened_at) as o(at) where o.at > r.at
        union all
        select x.occurred_at from repeat_contacts x
        where x.workspace_id = ${alias}.workspace_id and x.customer_ref = ${alias}.customer_ref and x.journey = ${alias}.journey
          and x.occurred_at > r.at
      ) t
    ) next
  )`);
}

/**
 * Recomputes `came_back_after` for the cases the batch's repeat contacts are about: all of that customer's
 * earlier cases about the journey. A batch without repeat contacts changes no case it did not touch, and
 * sends nothing.
 */
export async function refreshCameBack(tx: Executor, workspaceId: string, entries: ProjectedEntry[]): Promise<void> {
  const repeats = entries.flatMap((entry) => repeatContactKey(entry) ?? []);
  if (repeats.length === 0) return;
  // Rows whose value is unchanged are not rewritten: a repeat contact concerns all of a customer's
  // earlier cases about the journey, and most of them keep their value. The cases are probed per
  // customer and journey ("offset 0" keeps the planner from turning the probe into a scan of the
  // workspace's cases) and collected into one array, so each use below is an index condition on the
  // primary key (see sqlArray in db/client.ts).
  await tx.execute(sql`
    with touched as (
      select k.case_id as id from json_to_recordset(${JSON.stringify(repeats)}::json) as r(customer_ref text, journey text)
      cross join lateral (
        select k.case_id from cases k
        where k.workspace_id = ${workspaceId} and k.customer_ref = r.customer_ref and k.journey = r.journey offset 0
      ) k
    )
    update cases c set came_back_after = fresh.after
    from (
      select c.case_id, ${cameBackAfter("c")} as after
      from cases c
      where c.workspace_id = ${workspaceId} and c.case_id = any(array(select id from touched))
    ) fresh
    where c.workspace_id = ${workspaceId} and c.case_id = any(array(select id from touched)) and c.case_id = fresh.case_id
      and c.came_back_after is distinct from fresh.after`);
}

/** The customer and journey a repeat contact is about; null for entries that are not one. */
export function repeatContactKey({ event }: ProjectedEntry): { customer_ref: string; journey: string } | null {
  return event.type === "case.opened" && event.contact > 1 && event.customerRef !== undefined
    ? { customer_ref: event.customerRef, journey: event.journey }
    : null;
}
