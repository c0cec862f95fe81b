// The regulator's report as a PDF (A4): for one workspace and period, what the AI did and how it was
// overseen, whether the ledger that records it verifies, the checkpoint it rests on, and the retention
// in force. Numbers come from lib/metrics (docs/metrics.md defines each one).
import { existsSync } from "node:fs";
import PDFDocument from "pdfkit";
import { AUTONOMY_LEVELS } from "@/lib/events/constants";
import type { Ratio } from "@/lib/metrics/types";
import type { RegulatorReport, Reversals } from "./report-data";

const DEJAVU = "/usr/share/fonts/truetype/dejavu";
const FONTS = existsSync(`${DEJAVU}/DejaVuSans.ttf`)
  ? { regular: `${DEJAVU}/DejaVuSans.ttf`, bold: `${DEJAVU}/DejaVuSans-Bold.ttf`, mono: `${DEJAVU}/DejaVuSansMono.ttf`, unicode: true }
  : { regular: "Helvetica", bold: "Helvetica-Bold", mono: "Courier", unicode: false };
const WIN_ANSI_EXTRA = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";
const printable = (s: string) => (FONTS.unicode ? s : [...s].map((c) => (c.charCodeAt(0) < 256 || WIN_ANSI_EXTRA.includes(c) ? c : "?")).join(""));

const INK = "#111827";
const MUTED = "#4b5563";
const BRAND = "#1d4ed8";
const OK = "#15803d";
const DANGER = "#b91c1c";
const WARN = "#b45309";
const LINE = "#e5e7eb";

const day = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const n = new Intl.NumberFormat("en-GB");
const pct = (r: Ratio) => (r.value === null ? "—" : `${(r.value * 100).toFixed(1)}%`);
const ofWhat = (r: Ratio, what: string) => (r.denominator === 0 ? `no ${what}` : `${n.format(r.numerator)} of ${n.format(r.denominator)} ${what}`);
const seconds = (s: number | null) => (s === null ? "—" : s < 120 ? `${s.toFixed(0)} s` : s < 7200 ? `${(s / 60).toFixed(1)} min` : `${(s / 3600).toFixed(1)} h`);
const TYPE_LABELS: Record<string, string> = {
  "case.opened": "Cases opened",
  "ai.proposal": "AI proposals",
  "action.executed": "Actions executed",
  "approval.decided": "Approvals decided",
  "action.overridden": "Actions overridden",
  "action.reversed": "Actions reversed",
  handoff: "Handoffs",
  "case.outcome": "Case outcomes",
  "case.reopened": "Cases reopened",
  feedback: "Feedback",
};

/** Why Volumes' reversals and the reversal rate's numerator differ: they count on different bases. */
export function reversalsReconciled(rv: Reversals): string {
  const otherRecorded = rv.recorded - rv.recordedOfPeriodAiActions;
  const parts = [
    `Volumes counts the ${n.format(rv.recorded)} reversals dated in the period, whatever they undo; this counts the period's AI-executed actions that were reversed, whenever.`,
  ];
  const repeated = rv.recordedOfPeriodAiActions - (rv.aiActionsReversed - rv.aiActionsReversedOutside);
  const sum = [n.format(rv.recorded)];
  if (otherRecorded > 0) {
    parts.push(`${n.format(otherRecorded)} of those ${otherRecorded === 1 ? "undoes" : "undo"} something else (an action by a person or a system, the execution of an approved proposal, or an action from before the period).`);
    sum.push(`- ${n.format(otherRecorded)}`);
  }
  if (repeated > 0) {
    parts.push(`${n.format(repeated)} ${repeated === 1 ? "is a further reversal" : "are further reversals"} of an AI action already reversed.`);
    sum.push(`- ${n.format(repeated)}`);
  }
  if (rv.aiActionsReversedOutside > 0) {
    parts.push(`${n.format(rv.aiActionsReversedOutside)} AI ${rv.aiActionsReversedOutside === 1 ? "action" : "actions"} of the period ${rv.aiActionsReversedOutside === 1 ? "was" : "were"} reversed only after it.`);
    sum.push(`+ ${n.format(rv.aiActionsReversedOutside)}`);
  }
  parts.push(`(${sum.join(" ")} = ${n.format(rv.aiActionsReversed)})`);
  return parts.join(" ");
}

export function regulatorReportPdf(r: RegulatorReport): Promise<Buffer> {
  const lastDay = new Date(Date.parse(r.period.to) - 1);
  const generated = `${dateTime.format(new Date(r.generatedAt))} UTC`;
  // A period not over when generated ends at the moment of generation, and says so wherever the period is named.
  const periodText = `${day.format(new Date(r.period.from))} – ${day.format(lastDay)} (UTC${r.period.inProgress ? `; ${r.period.by === "month" ? "month" : "period"} in progress, generated ${generated}` : ""})`;
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: 56, bottom: 64, left: 56, right: 56 },
    bufferPages: true,
    info: { Title: `Regulator's report: ${r.workspace.name}, ${periodText}`, Author: "Warrant", Subject: "AI actions in customer service" },
  });
  doc.registerFont("regular", FONTS.regular);
  doc.registerFont("bold", FONTS.bold);
  doc.registerFont("mono", FONTS.mono);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const text = (s: string, font: "regular" | "bold" | "mono", size: number, color = INK, extra: PDFKit.Mixins.TextOptions = {}) =>
    doc.font(font).fontSize(size).fillColor(color).text(printable(s), { width, ...extra });
  const ensure = (space: number) => {
    if (doc.y > doc.page.height - doc.page.margins.bottom - space) doc.addPage();
  };
  const heading = (title: string, lead?: string) => {
    ensure(120);
    doc.moveDown(0.6);
    text(title, "bold", 12.5);
    doc.moveDown(0.2);
    doc.save().moveTo(left, doc.y).lineTo(left + width, doc.y).lineWidth(0.5).strokeColor(LINE).stroke().restore();
    doc.moveDown(0.35);
    if (lead) {
      text(lead, "regular", 9, MUTED, { lineGap: 1.5 });
      doc.moveDown(0.3);
    }
  };
  // A three-column row: what, the figure, and how it was counted.
  const row = (label: string, value: string, detail = "", tone = INK) => {
    ensure(24);
    const y = doc.y;
    doc.font("regular").fontSize(9.5).fillColor(INK).text(printable(label), left, y, { width: width * 0.4 });
    const h1 = doc.y - y;
    doc.font("bold").fontSize(9.5).fillColor(tone).text(printable(value), left + width * 0.4, y, { width: width * 0.22, align: "right" });
    const h2 = doc.y - y;
    doc.font("regular").fontSize(8.5).fillColor(MUTED).text(printable(detail), left + width * 0.65, y + 0.5, { width: width * 0.35 });
    doc.x = left;
    doc.y = y + Math.max(h1, h2, doc.y - y) + 3;
  };

  // A framed panel: a label in the tone's colour over a paragraph.
  const notice = (title: string, body: string, color: string) => {
    const panelTop = doc.y;
    doc.font("regular").fontSize(9.5);
    const panelHeight = doc.heightOfString(printable(body), { width: width - 24 }) + 34;
    doc.save().roundedRect(left, panelTop, width, panelHeight, 4).lineWidth(1).strokeColor(color).stroke().restore();
    doc.font("bold").fontSize(9).fillColor(color).text(title, left + 12, panelTop + 9, { width: width - 24 });
    doc.font("regular").fontSize(9.5).fillColor(INK).text(printable(body), left + 12, doc.y + 2, { width: width - 24 });
    doc.x = left;
    doc.y = panelTop + panelHeight + 6;
  };

  // Title.
  text("WARRANT · REGULATOR'S REPORT", "bold", 8, BRAND);
  doc.moveDown(0.3);
  text(`AI actions in customer service: ${r.workspace.name}`, "bold", 17);
  doc.moveDown(0.2);
  text(`${periodText} · workspace ${r.workspace.id}`, "regular", 10, MUTED);
  doc.moveDown(0.9);

  if (r.period.inProgress) {
    const asked = `${day.format(new Date(r.period.from))} – ${day.format(new Date(Date.parse(r.period.askedTo) - 1))}`;
    notice(
      "PARTIAL PERIOD: NOT YET ENDED",
      `This report covers ${day.format(new Date(r.period.from))} 00:00 UTC up to ${generated}, when it was generated, not the whole of ${asked}. ` +
        "Every figure counts only what had happened by then; previous-period comparisons use a period of the same length. Generate the report again once the period has ended for its complete figures.",
      WARN,
    );
  }

  // The verdict on the record itself comes first.
  const v = r.verification;
  const tone = !v ? WARN : v.ok ? OK : DANGER;
  const label = !v ? "LEDGER NOT YET VERIFIED" : v.ok ? "LEDGER VERIFIED" : "LEDGER VERIFICATION FAILED";
  const verdict = !v
    ? "No verification of this workspace's ledger has been recorded. Run one (Compliance page, POST /api/v1/ledger/verify or npx warrant verify) and generate this report again."
    : v.ok && v.checked === 0
      ? `On ${dateTime.format(new Date(v.finishedAt))} UTC, ${v.actor} verified the ledger while it was empty: there was nothing to recompute yet.`
      : v.ok
      ? `On ${dateTime.format(new Date(v.finishedAt))} UTC, ${v.actor} recomputed all ${n.format(v.checked)} entries of the hash chain and checked ${n.format(v.checkpointsVerified)} signed checkpoints: nothing was changed, removed, inserted or reordered.`
      : `On ${dateTime.format(new Date(v.finishedAt))} UTC, ${v.actor} found the chain broken at entry ${v.firstBadSeq ?? "?"} (${v.kind ?? "unknown"}): ${v.reason ?? ""}`;
  notice(label, verdict, tone);

  const k = r.kpis;
  heading("Volumes", "Events that occurred in the period, as recorded in the ledger.");
  row("All events", n.format(r.volumes.total));
  for (const [type, count] of Object.entries(r.volumes.byType).sort((a, b) => b[1] - a[1])) {
    // Not the reversal rate's numerator (Human oversight): reversals dated in the period, of any action.
    if (type === "action.reversed") row("Reversals recorded (all actions)", n.format(count), `${type} dated in the period, whatever it undoes; see Human oversight`);
    else row(TYPE_LABELS[type] ?? type, n.format(count), type);
  }
  row("Cases the AI engaged in", n.format(k.aiEngaged.value), `previous period ${n.format(k.aiEngaged.previous.value)}`);

  heading("Outcomes", "Cases opened in the period; resolution must hold (no return within the window) to count. Definitions: docs/metrics.md.");
  row("AI resolution", pct(k.aiResolution), ofWhat(k.aiResolution, "AI-engaged cases"));
  row("Containment (no human)", pct(k.containment), ofWhat(k.containment, "AI-engaged cases"));
  row("Hollow containment", pct(k.hollowContainment), ofWhat(k.hollowContainment, "contained cases"), k.hollowContainment.value ? WARN : INK);
  row("First-contact resolution", pct(k.fcr), ofWhat(k.fcr, "cases"));
  row("Repeat contact", pct(k.repeatContact), ofWhat(k.repeatContact, "cases"));
  row("Escalation to a human", pct(k.escalation), ofWhat(k.escalation, "AI-engaged cases"));
  row("Context carried at handoff", pct(k.contextCarried), ofWhat(k.contextCarried, "handoffs"));
  row("Satisfaction with the AI", pct(k.csatAi), ofWhat(k.csatAi, "AI surveys"));
  row("Satisfaction with people", pct(k.csatHuman), ofWhat(k.csatHuman, "human surveys"));
  row("Time to resolution (median / p90)", `${seconds(k.timeToResolution.median)} / ${seconds(k.timeToResolution.p90)}`, `${n.format(k.timeToResolution.count)} resolved cases`);

  heading("Autonomy mix", "How independently the AI acted: its executed actions at each level of autonomy.");
  for (const level of AUTONOMY_LEVELS) row(level[0].toUpperCase() + level.slice(1), pct(k.autonomyMix[level]), ofWhat(k.autonomyMix[level], "AI actions"));

  heading("Human oversight", "What people did with what the AI proposed or did.");
  row("Proposals approved", pct(k.approval), ofWhat(k.approval, "decided proposals"));
  row("Proposals edited before approval", pct(k.edit), ofWhat(k.edit, "decided proposals"));
  row("Proposals rejected", pct(k.reject), ofWhat(k.reject, "decided proposals"));
  row("Overridden", pct(k.override), ofWhat(k.override, "reviewable decisions"), k.override.value ? WARN : INK);
  row("AI actions reversed", pct(k.reversal), `${ofWhat(k.reversal, "AI actions")} of the period, reversed whenever`, k.reversal.value ? WARN : INK);
  const rv = r.reversals;
  if (rv.recorded !== rv.aiActionsReversed) text(reversalsReconciled(rv), "regular", 8.5, MUTED, { lineGap: 1 });
  row("Review latency (median / p90)", `${seconds(k.reviewLatency.median)} / ${seconds(k.reviewLatency.p90)}`, `${n.format(k.reviewLatency.count)} reviews`);

  heading("Policy breaches", "AI-executed actions above the autonomy the decision-authority policy in force allowed them.");
  row("Breaches", n.format(r.breaches.count), ofWhat(k.policyBreach, "AI actions"), r.breaches.count ? DANGER : OK);
  if (r.breaches.listed.length > 0) {
    doc.moveDown(0.2);
    for (const b of r.breaches.listed) {
      ensure(36);
      row(`#${b.seq} ${b.action}`, b.autonomy ?? "—", `${dateTime.format(new Date(b.occurredAt))} · policy v${b.policyVersion ?? "?"}`);
      // The event id under the row, in a type small enough to keep it on one line: run on after the date
      // it was split at a hyphen, and an auditor copying it from the PDF got two halves.
      const y = doc.y - 2;
      doc.font("mono").fontSize(7).fillColor(MUTED).text(printable(b.eventId), left + width * 0.65, y, { width: width * 0.35, lineBreak: false });
      doc.x = left;
      doc.y = y + 11;
    }
    if (r.breaches.count > r.breaches.listed.length) text(`… and ${n.format(r.breaches.count - r.breaches.listed.length)} more; export the period to see them all.`, "regular", 8.5, MUTED);
  }

  heading("The record and its proof", "Every figure above is computed from an append-only, hash-chained ledger whose state is signed. To check it without Warrant, export the period as a bundle and run npx warrant verify-bundle (docs/verification.md).");
  row("Entries in the ledger", n.format(r.ledger.headSeq));
  if (v) row("Last verification", v.ok ? "passed" : "failed", `${dateTime.format(new Date(v.finishedAt))} UTC by ${v.actor} (${v.via})`, v.ok ? OK : DANGER);
  doc.moveDown(0.3);
  text("Public key (C2SP verifier key)", "bold", 8.5, MUTED);
  text(r.ledger.verifierKey, "mono", 7);
  if (r.ledger.checkpoint) {
    doc.moveDown(0.3);
    text(`Signed checkpoint, tree size ${n.format(r.ledger.checkpoint.treeSize)} (${dateTime.format(r.ledger.checkpoint.createdAt)} UTC)`, "bold", 8.5, MUTED);
    text(r.ledger.checkpoint.note.trimEnd(), "mono", 7);
  }

  const ret = r.retention;
  heading("Retention in force");
  text(
    `Entries are kept for at least ${ret.months} months (the EU AI Act's floor for deployers' logs is six). Nothing recorded on or after ${day.format(ret.keepFrom)} may be removed. ` +
      `The oldest entry still held was received ${ret.oldest ? day.format(ret.oldest) : "— (the ledger is empty)"}. No entry has ever been removed: removal is only by detaching whole monthly partitions after a signed checkpoint, and it is not implemented in this version.`,
    "regular",
    9.5,
    INK,
    { lineGap: 1.5 },
  );

  const footer = `Generated ${generated} for ${r.generatedBy} · ${r.workspace.id} · ${periodText}`;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font("regular").fontSize(7.5).fillColor(MUTED).text(printable(`${footer} · page ${i + 1} of ${range.count}`), left, doc.page.height - 40, { width, align: "center", lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
