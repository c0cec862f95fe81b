// The explanation as a PDF for a customer letter or a regulator's file: the sentence, every section, the
// ledger proof (hashes, the signed checkpoint note, the inclusion path) and the verification result.
import { existsSync } from "node:fs";
import PDFDocument from "pdfkit";
import type { Explanation } from "./types";
import { when } from "./words";

// DejaVu covers far more of Unicode than the 14 standard PDF fonts (WinAnsi only), so rationales in any
// language print; without it, Helvetica is used and characters it cannot show become "?".
const DEJAVU = "/usr/share/fonts/truetype/dejavu";
const FONTS = existsSync(`${DEJAVU}/DejaVuSans.ttf`)
  ? { regular: `${DEJAVU}/DejaVuSans.ttf`, bold: `${DEJAVU}/DejaVuSans-Bold.ttf`, mono: `${DEJAVU}/DejaVuSansMono.ttf`, unicode: true }
  : { regular: "Helvetica", bold: "Helvetica-Bold", mono: "Courier", unicode: false };

// Characters WinAnsi (the standard fonts' encoding) can show beyond Latin-1.
const WIN_ANSI_EXTRA = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";
const printable = (text: string) =>
  FONTS.unicode ? text : [...text].map((ch) => (ch.charCodeAt(0) < 256 || WIN_ANSI_EXTRA.includes(ch) ? ch : "?")).join("");

const INK = "#111827";
const MUTED = "#4b5563";
const BRAND = "#1d4ed8";
const OK = "#15803d";
const DANGER = "#b91c1c";
const WARN = "#b45309";

export interface PdfOptions {
  /** When the PDF was made and by whom, printed in the footer. */
  generatedAt?: Date;
  generatedBy?: string;
}

/** Renders an explanation to a PDF document (A4). */
export function explanationPdf(e: Explanation, options: PdfOptions = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: 56, bottom: 64, left: 56, right: 56 },
    bufferPages: true,
    info: {
      Title: `Explanation of AI decision ${e.eventId}`,
      Subject: `Case ${e.caseId}`,
      Author: "Warrant",
      Keywords: `warrant, explanation, ${e.caseId}, ${e.eventId}`,
    },
  });
  doc.registerFont("regular", FONTS.regular);
  doc.registerFont("bold", FONTS.bold);
  doc.registerFont("mono", FONTS.mono);
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const left = doc.page.margins.left;
  const text = (value: string, font: "regular" | "bold" | "mono", size: number, color = INK, extra: PDFKit.Mixins.TextOptions = {}) =>
    doc.font(font).fontSize(size).fillColor(color).text(printable(value), { width, ...extra });

  // Heading: what this document is.
  text("WARRANT · EXPLANATION OF AN AI DECISION", "bold", 8, BRAND, { characterSpacing: 1 });
  doc.moveDown(0.3);
  text(`Case ${e.caseId} · ${e.journey.replaceAll("_", " ")} · ${e.channel} · ${when(e.occurredAt)}`, "regular", 9, MUTED);
  doc.moveDown(0.8);

  // The title, then the lead sentence, come first.
  text(e.title, "bold", 16, INK, { lineGap: 2 });
  doc.moveDown(0.4);
  text(e.sentence, "regular", 12, INK, { lineGap: 3 });
  doc.moveDown(0.8);

  // The verification result, as a coloured panel.
  const v = e.verification;
  const tone = v.status === "verified" ? OK : v.status === "failed" ? DANGER : WARN;
  const label = v.status === "verified" ? "VERIFIED" : v.status === "failed" ? "VERIFICATION FAILED" : "PARTLY VERIFIED";
  const panelTop = doc.y;
  doc.font("regular").fontSize(9.5);
  const panelText = printable(v.summary);
  const panelHeight = doc.heightOfString(panelText, { width: width - 24 }) + 34;
  doc.save().roundedRect(left, panelTop, width, panelHeight, 4).lineWidth(1).strokeColor(tone).stroke().restore();
  doc.font("bold").fontSize(9).fillColor(tone).text(label, left + 12, panelTop + 9, { width: width - 24, characterSpacing: 0.5 });
  doc.font("regular").fontSize(9.5).fillColor(INK).text(panelText, left + 12, doc.y + 2, { width: width - 24 });
  doc.x = left;
  doc.y = panelTop + panelHeight + 14;

  for (const section of e.sections) {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 80) doc.addPage();
    text(section.title, "bold", 12, INK);
    doc.moveDown(0.25);
    doc.save().moveTo(left, doc.y).lineTo(left + width, doc.y).lineWidth(0.5).strokeColor("#e5e7eb").stroke().restore();
    doc.moveDown(0.4);
    for (const paragraph of section.paragraphs) {
      text(paragraph, "regular", 10, INK, { lineGap: 2 });
      doc.moveDown(0.35);
    }
    for (const fact of section.facts ?? []) {
      const isHash = section.id === "proof" && /^[0-9a-f]{64}$/.test(fact.value);
      text(fact.label, "bold", 8.5, MUTED);
      text(fact.value, isHash ? "mono" : "regular", isHash ? 8 : 10, INK, { lineGap: 1.5 });
      doc.moveDown(0.35);
    }
    doc.moveDown(0.6);
  }

  // The proof material a verifier needs, verbatim: the signed checkpoint note and the inclusion path.
  const p = e.proof;
  if (p.checkpoint || p.inclusion) {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 160) doc.addPage();
    text("Proof material", "bold", 12, INK);
    doc.moveDown(0.4);
    text(
      "To check this event without Warrant: recompute SHA-256(\"warrant-leaf-v1\\0\" || previous hash || record), hash it as an RFC 6962 leaf, fold in the sibling hashes below, and compare with the root of the signed checkpoint, whose Ed25519 signature verifies with the public key below.",
      "regular",
      9,
      MUTED,
      { lineGap: 1.5 },
    );
    doc.moveDown(0.5);
    text("Public key", "bold", 8.5, MUTED);
    text(p.verifierKey, "mono", 7.5);
    doc.moveDown(0.4);
    if (p.checkpoint) {
      text(`Signed checkpoint (tree size ${p.checkpoint.treeSize})`, "bold", 8.5, MUTED);
      text(p.checkpoint.note.trimEnd(), "mono", 7.5);
      doc.moveDown(0.4);
    }
    if (p.inclusion) {
      text(`Inclusion path for leaf ${p.inclusion.leafIndex} of ${p.inclusion.treeSize}`, "bold", 8.5, MUTED);
      text(p.inclusion.path.length ? p.inclusion.path.map((h, i) => `${String(i + 1).padStart(2, " ")}  ${h}`).join("\n") : "(none: the tree has one leaf)", "mono", 7.5);
    }
  }

  // Footer on every page.
  const generated = `Generated ${when((options.generatedAt ?? new Date()).toISOString())}${options.generatedBy ? ` for ${options.generatedBy}` : ""} · reference ${e.eventId}`;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing inside the margin must not start a new page
    doc
      .font("regular")
      .fontSize(7.5)
      .fillColor(MUTED)
      .text(printable(`${generated} · page ${i + 1} of ${range.count}`), left, doc.page.height - 40, { width, align: "center", lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
