import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { desc, eq } from "drizzle-orm";
import { accessLog } from "@/db/schema";
import type { WarrantEvent } from "@/lib/events/schema";
import { appendEvents } from "@/lib/ledger/append";
import { entryHash } from "@/lib/ledger/chain";
import type { Ledger } from "@/lib/ledger/context";
import { ENGINES, openTestDatabase, type TestDatabase } from "@/tests/helpers/databases";
import { sampleEvents } from "@/tests/helpers/events";
import { CHUNK_CHARS } from "./chunks";
import { CSV_COLUMNS, csvCell, csvLine } from "./csv";
import { exportChunks, logExport, planExport } from "./plan";
import { exportFilename, exportQuerySchema } from "./query";
import { EXPORT_PAGE } from "./read";

/** RFC 4180 reader, enough to read back what csv.ts writes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(cell), (cell = "");
    else if (c === "\r" && text[i + 1] === "\n") row.push(cell), rows.push(row), (row = []), (cell = ""), i++;
    else cell += c;
  }
  return rows;
}

describe("csv cells", () => {
  it.each([
    ["plain", "plain"],
    ["=1+2", "'=1+2"],
    ["+31 20 555", "'+31 20 555"],
    ["-5", "'-5"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tlead", "'\tlead"],
    ["\rlead", `"'\rlead"`],
    ['say "hi", then go', '"say ""hi"", then go"'],
    ["two\nlines", '"two\nlines"'],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ["a=b", "a=b"],
  ])("%j becomes %j", (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it("writes null as an empty cell and ends lines with CRLF", () => {
    expect(csvLine([1, null, "x"])).toBe("1,,x\r\n");
  });
});

describe("export file names", () => {
  it("say the workspace and the range", () => {
    expect(exportFilename("acme", "bundle", { from: "2026-10-01T00:00:00Z", to: "2026-11-01T00:00:00Z" })).toBe("warrant-acme-2026-10-01_2026-11-01.bundle.jsonl");
    expect(exportFilename("acme", "csv", { fromSeq: 5 }, new Date("2026-10-07T10:00:00Z"))).toBe("warrant-acme-2026-10-07-seq5-head.csv");
  });
});

describe("the export query", () => {
  it("reads dates as UTC midnight and refuses a reversed range", () => {
    expect(exportQuerySchema.parse({ from: "2026-10-01" }).from).toBe("2026-10-01T00:00:00Z");
    expect(exportQuerySchema.safeParse({ from: "2026-10-02", to: "2026-10-01" }).success).toBe(false);
    expect(exportQuerySchema.safeParse({ from: "yesterday" }).success).toBe(false);
    expect(exportQuerySchema.safeParse({ format: "csv", since: "4" }).success).toBe(false);
    expect(exportQuerySchema.safeParse({ format: "xml" }).success).toBe(false);
  });
});

describe.each(ENGINES)("JSONL and CSV exports (%s)", (engine) => {
  let db: TestDatabase;
  let ledger: Ledger;
  const hostile = {
    ...sampleEvents(1, 1)[0],
    caseId: "=cmd|' /C calc'!A0",
    customerRef: "@SUM(1+1)",
    actor: { type: "ai", id: "+agent, \"quoted\"", version: "v1" },
  } as WarrantEvent;

  async function exported(format: "jsonl" | "csv", query: Record<string, string> = {}) {
    const plan = await planExport(ledger, "acme", exportQuerySchema.parse({ format, ...query }));
    const chunks: string[] = [];
    for await (const chunk of exportChunks(ledger, plan)) chunks.push(chunk);
    return { plan, chunks, text: chunks.join("") };
  }

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    ledger = db.ledger();
    await appendEvents(ledger, "acme", sampleEvents(EXPORT_PAGE + 500));
    await appendEvents(ledger, "acme", [hostile]);
    await appendEvents(ledger, "other", sampleEvents(3));
  });
  afterAll(() => db.close());

  it("JSONL: one line per event, in seq order, in chunks of whole lines, with the hashed record verbatim", async () => {
    const { plan, chunks, text } = await exported("jsonl");
    expect(plan.total).toBe(EXPORT_PAGE + 501);
    // Chunks are bounded by size, not by the database page: small enough to die young in V8's heap.
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) {
      expect(chunk.endsWith("\n")).toBe(true);
      expect(chunk.length).toBeLessThan(2 * CHUNK_CHARS);
    }
    for (const chunk of chunks.slice(0, -1)) expect(chunk.length).toBeGreaterThanOrEqual(CHUNK_CHARS);
    const lines = text.trimEnd().split("\n");
    expect(lines).toHaveLength(plan.total);
    let prev: Buffer | null = null;
    for (const [i, line] of lines.entries()) {
      const parsed = JSON.parse(line) as { seq: number; hash: string; prevHash: string; record: unknown };
      expect(parsed.seq).toBe(i + 1);
      const record = line.slice(line.indexOf(',"record":') + 10, -1);
      expect(entryHash(Buffer.from(parsed.prevHash, "hex"), record).toString("hex")).toBe(parsed.hash);
      if (prev) expect(parsed.prevHash).toBe(prev.toString("hex"));
      prev = Buffer.from(parsed.hash, "hex");
    }
  });

  it("filters by time range, journey, case, type and actor like the SQL says", async () => {
    const events = sampleEvents(EXPORT_PAGE + 500);
    const count = async (query: Record<string, string>) => (await exported("jsonl", query)).plan.total;
    expect(await count({ journey: "refund" })).toBe(events.filter((e) => e.journey === "refund").length);
    expect(await count({ case: "case-7" })).toBe(4);
    expect(await count({ type: "case.opened" })).toBe(events.filter((e) => e.type === "case.opened").length + 0);
    expect(await count({ actor: "refund-agent" })).toBe(events.filter((e) => e.actor.id === "refund-agent").length);
    expect(await count({ actorType: "customer", journey: "order_status" })).toBe(
      events.filter((e) => e.actor.type === "customer" && e.journey === "order_status").length,
    );
    // sampleEvents are one minute apart from 2026-10-01T00:00Z; the hostile one is at minute 1 too.
    expect(await count({ from: "2026-10-01T00:10:00Z", to: "2026-10-01T00:20:00+00:00" })).toBe(10);
    expect(await count({ fromSeq: "100", toSeq: "199" })).toBe(100);
    const { text } = await exported("jsonl", { case: "case-7" });
    expect(text.trimEnd().split("\n").map((l) => JSON.parse(l).record.caseId ?? JSON.parse(l).record.event.caseId)).toEqual(Array(4).fill("case-7"));
  });

  it("CSV: RFC 4180 with a header, formulas neutralised, and the same rows as JSONL", async () => {
    const { text, plan } = await exported("csv");
    expect(text.startsWith(`${CSV_COLUMNS.join(",")}\r\n`)).toBe(true);
    const rows = parseCsv(text);
    expect(rows).toHaveLength(plan.total + 1);
    expect(rows.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    const last = rows.at(-1)!;
    expect(last[col("case_id")]).toBe("'=cmd|' /C calc'!A0");
    expect(last[col("customer_ref")]).toBe("'@SUM(1+1)");
    expect(last[col("actor_id")]).toBe("'+agent, \"quoted\"");
    const first = rows[1];
    expect(first[col("seq")]).toBe("1");
    expect(first[col("occurred_at")]).toBe("2026-10-01T00:00:00.000000Z");
    expect(rows[2][col("amount")]).toBe("11.5");
    expect(rows[2][col("confidence")]).toBe("0.1");
    expect(entryHash(Buffer.from(first[col("prev_hash")], "hex"), first[col("record")]).toString("hex")).toBe(first[col("hash")]);
  });

  it("an export is written to the access log with what it selected", async () => {
    const { plan } = await exported("csv", { journey: "refund" });
    await logExport(ledger.db, plan, { actor: "officer@example.com", ip: "10.0.0.1", via: "api" });
    const [entry] = await ledger.db.select().from(accessLog).where(eq(accessLog.workspaceId, "acme")).orderBy(desc(accessLog.id)).limit(1);
    expect(entry).toMatchObject({ actor: "officer@example.com", action: "export.events", target: plan.filename, ip: "10.0.0.1" });
    expect(entry.details).toMatchObject({ format: "csv", events: plan.total, filter: "journey=refund" });
  });
});
