// `npx warrant seed [--events N] [--seed S] [--workspace W]`: the demo workspace from the command line.
import type { Ledger } from "@/lib/ledger/context";
import { seedDemo } from "./seed";

export const DEFAULT_DEMO_EVENTS = 50_000;
const MAX_DEMO_EVENTS = 50_000_000;

/** Midnight UTC of the day `now` falls in: the demo's 90 days end there, so charts look current. */
export function demoEndDate(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

export async function seedDemoCommand(
  ledger: Ledger,
  options: { events?: string; seed?: string; workspace?: string },
  print: { out: (line: string) => void; err: (line: string) => void },
  now = new Date(),
): Promise<number> {
  const events = options.events === undefined ? DEFAULT_DEMO_EVENTS : Number(options.events);
  if (!Number.isInteger(events) || events < 1 || events > MAX_DEMO_EVENTS) {
    print.err(`--events must be a whole number from 1 to ${MAX_DEMO_EVENTS} (got ${options.events})`);
    return 2;
  }
  const seed = options.seed ?? "1";
  const workspace = options.workspace ?? "demo";
  const endDate = demoEndDate(now);
  let reported = 0;
  const result = await seedDemo(ledger, workspace, {
    events,
    seed,
    endDate,
    onProgress: ({ appended, duplicates, seconds }) => {
      const done = appended + duplicates;
      if (done - reported < events / 10 && done < events) return;
      reported = done;
      print.err(`  ${done.toLocaleString("en")} / ${events.toLocaleString("en")} events, ${Math.round(done / seconds).toLocaleString("en")} events/s`);
    },
  });
  if (result.policyVersionsInstalled > 0) print.err(`installed the demo decision-authority policy (${result.policyVersionsInstalled} versions)`);
  const rate = Math.round(result.eventsPerSecond).toLocaleString("en");
  print.out(
    `seeded ${workspace} (seed ${seed}, 90 days to ${endDate.toISOString().slice(0, 10)}): ${result.appended} events appended, ` +
      `${result.duplicates} already present, in ${result.seconds.toFixed(1)} s — ${rate} events/s` +
      (result.headHash ? `; head ${result.headSeq} ${result.headHash}` : ""),
  );
  return 0;
}
