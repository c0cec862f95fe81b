import { describe, expect, it } from "vitest";
import { filenameFromDisposition } from "./disposition";
import { attachment } from "./stream";

describe("filenameFromDisposition", () => {
  it("reads back the name `attachment` wrote, non-ASCII included", () => {
    for (const name of ["warrant-default-2026-12-01_2027-01-01.csv", "warrant-café-report.pdf", "bundle; \"quoted\".jsonl"]) {
      expect(filenameFromDisposition(attachment(name), "fallback")).toBe(name);
    }
  });

  it("falls back to the plain name when the UTF-8 one is malformed, and to the fallback when there is none", () => {
    expect(filenameFromDisposition(`attachment; filename="plain.csv"; filename*=UTF-8''bad%E0%A4%A`, "x")).toBe("plain.csv");
    expect(filenameFromDisposition("attachment", "warrant-report.pdf")).toBe("warrant-report.pdf");
    expect(filenameFromDisposition(null, "warrant-report.pdf")).toBe("warrant-report.pdf");
  });
});
