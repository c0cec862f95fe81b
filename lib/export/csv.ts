// CSV for spreadsheets (RFC 4180: comma-separated, CRLF line ends, fields with a comma, quote or line
// break in double quotes, quotes doubled) that cannot turn into formulas: a cell starting with
// = + - @ tab or carriage return gets a leading apostrophe (OWASP "CSV injection"), so a rationale
// like "=HYPERLINK(…)" shows as text in Excel, LibreOffice and Google Sheets instead of running.
import type { CsvRow } from "./read";

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell: neutralised, then quoted when it must be. null is an empty cell. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

export const CSV_COLUMNS = [
  "seq",
  "id",
  "type",
  "occurred_at",
  "received_at",
  "case_id",
  "journey",
  "channel",
  "actor_type",
  "actor_id",
  "ai_version",
  "action",
  "autonomy",
  "confidence",
  "amount",
  "currency",
  "parent_id",
  "outcome",
  "customer_ref",
  "hash",
  "prev_hash",
  "record",
] as const;

export const csvHeader = () => csvLine([...CSV_COLUMNS]);

export function csvRow(r: CsvRow): string {
  const cells = [
    r.seq,
    r.id,
    r.type,
    r.occurredAt,
    r.receivedAt,
    r.caseId,
    r.journey,
    r.channel,
    r.actorType,
    r.actorId,
    r.aiVersion,
    r.action,
    r.autonomy,
    r.confidence,
    r.amount,
    r.currency,
    r.parentId,
    r.outcome,
    r.customerRef,
    r.hash,
    r.prevHash,
  ];
  // The record comes as a finished cell (read.ts), quoted by PostgreSQL.
  return `${cells.map(csvCell).join(",")},${r.recordCell}\r\n`;
}
