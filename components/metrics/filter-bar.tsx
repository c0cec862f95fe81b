import Link from "next/link";
import { CHANNELS } from "@/lib/events/constants";
import type { FilterOptions } from "@/lib/metrics/dashboard";
import { hrefWith } from "@/lib/metrics/dashboard-query";
import { formatInstant, instant, MICROS_PER_DAY } from "@/lib/metrics/time";

interface Props {
  path: string;
  params: Record<string, string>;
  options: FilterOptions;
  /** Filters fixed by the page's own path (the journey page's journey): not offered. */
  fixed?: string[];
  problems: { path: string; message: string }[];
  /** Days of the range after today (DashboardQuery.futureDays). */
  futureDays: number;
  /** DashboardQuery.todayEnd. */
  todayEnd: string;
}

const select = "mt-1 block w-36 rounded-md border border-gray-300 bg-white px-2 py-1.5 text-sm";
const label = "block text-xs font-medium text-muted";

/**
 * The dashboards' filters, kept in the URL: a plain GET form (works before any script runs), so every
 * view can be bookmarked, shared, and compared with GET /api/v1/metrics using the same parameters.
 */
export function FilterBar({ path, params, options, fixed = [], problems, futureDays, todayEnd }: Props) {
  // Quick ranges end where the range does, or today if it runs past it: "last 7 days" of days that
  // have not happened yet would be empty.
  const end = futureDays > 0 ? todayEnd : params.to;
  const to = instant(end);
  const kept = Object.fromEntries(Object.entries(params).filter(([key]) => !fixed.includes(key)));
  const preset = (days: number) => hrefWith(path, { ...kept, from: formatInstant(to - BigInt(days) * MICROS_PER_DAY), to: end });
  return (
    <section aria-label="Filters" className="space-y-2 rounded-lg border border-line bg-white p-4">
      <form method="get" action={path} className="flex flex-wrap items-end gap-3" aria-describedby="f-range-hint">
        <div>
          <label htmlFor="f-from" className={label}>From</label>
          <input id="f-from" name="from" type="date" defaultValue={params.from.slice(0, 10)} className={select} required />
        </div>
        <div>
          <label htmlFor="f-to" className={label}>To (not included)</label>
          <input id="f-to" name="to" type="date" defaultValue={params.to.slice(0, 10)} className={select} required />
        </div>
        {!fixed.includes("journey") && (
          <div>
            <label htmlFor="f-journey" className={label}>Journey</label>
            <select id="f-journey" name="journey" defaultValue={params.journey ?? ""} className={select}>
              <option value="">All journeys</option>
              {options.journeys.map((j) => (
                <option key={j} value={j}>{j}</option>
              ))}
            </select>
          </div>
        )}
        <div>
          <label htmlFor="f-channel" className={label}>Channel</label>
          <select id="f-channel" name="channel" defaultValue={params.channel ?? ""} className={select}>
            <option value="">All channels</option>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>{c}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-version" className={label}>AI version</label>
          <select id="f-version" name="aiVersion" defaultValue={params.aiVersion ?? ""} className={select}>
            <option value="">All versions</option>
            {options.aiVersions.map((v) => (
              <option key={v} value={v}>{v}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-workspace" className={label}>Workspace</label>
          <select id="f-workspace" name="workspace" defaultValue={params.workspace ?? ""} className={select}>
            <option value="">All workspaces</option>
            {options.workspaces.map((w) => (
              <option key={w.id} value={w.id}>{w.name}{w.isDemo ? " (demo)" : ""}</option>
            ))}
          </select>
        </div>
        <div className="flex gap-2">
          <button type="submit" className="rounded-md bg-brand px-4 py-1.5 text-sm font-semibold text-white hover:bg-blue-800">
            Apply
          </button>
          <Link href={path} className="rounded-md px-2 py-1.5 text-sm text-brand underline">
            Reset
          </Link>
        </div>
      </form>
      <p className="flex flex-wrap items-center gap-x-3 text-xs text-muted">
        <span id="f-range-hint">Days are UTC: the range starts at 00:00 on From and stops at 00:00 on To.</span>
        <span>Quick ranges ending {end.slice(0, 10)}:</span>
        {[7, 30, 90].map((days) => (
          <Link key={days} href={preset(days)} className="text-brand underline">
            last {days} days
          </Link>
        ))}
        <span className="ml-auto">Previous period: the same length just before; deltas compare with it.</span>
      </p>
      {futureDays > 0 && <FutureRange path={path} params={kept} futureDays={futureDays} todayEnd={todayEnd} />}
      {problems.length > 0 && (
        <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900">
          Some filters in the address were not understood and the defaults were used instead:{" "}
          {problems.map((p) => `${p.path}: ${p.message}`).join("; ")}.
        </div>
      )}
    </section>
  );
}

/**
 * Days that have not happened yet have no events: their counts are empty, and set against a previous
 * period that did happen, every change reads as a fall ("▼ 100%"). Said once, above the figures, with
 * a link to the same view ending today.
 */
function FutureRange({ path, params, futureDays, todayEnd }: { path: string; params: Record<string, string>; futureDays: number; todayEnd: string }) {
  const whole = instant(params.from) >= instant(todayEnd);
  return (
    <p role="status" className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900">
      {whole
        ? "This range is in the future: nothing can have happened in it yet, so its figures are empty and every change from the previous period reads as a fall."
        : `This range runs ${futureDays} ${futureDays === 1 ? "day" : "days"} past today. Those days have not happened yet: the figures cover the days so far, and counts compared with the full previous period read low.`}{" "}
      {!whole && (
        <Link href={hrefWith(path, { ...params, to: todayEnd })} className="text-brand underline">
          End the range today
        </Link>
      )}
    </p>
  );
}
