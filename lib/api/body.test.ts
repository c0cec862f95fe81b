import { isUtf8 } from "node:buffer";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { firstInvalidUtf8, readBytes, readText } from "./body";

/** A request whose body arrives as `chunks`, each after `delayMs`; with `stall`, it never ends. */
function slowRequest(chunks: Uint8Array[], delayMs: number, stall = false): Request {
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      await new Promise((r) => setTimeout(r, delayMs));
      if (i < chunks.length) controller.enqueue(chunks[i++]);
      else if (!stall) controller.close();
      else await new Promise(() => {});
    },
  });
  return new Request("http://localhost/", { method: "POST", body, duplex: "half" } as RequestInit);
}

describe("reading request bodies", () => {
  it("finds the first byte that is not UTF-8 exactly where a strict decoder fails", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.string({ unit: "binary", maxLength: 20 }), (random, text) => {
        const bytes = Buffer.concat([Buffer.from(text, "utf8"), random]);
        const offset = firstInvalidUtf8(bytes);
        expect(offset === -1).toBe(isUtf8(bytes));
        if (offset >= 0) expect(isUtf8(bytes.subarray(0, offset))).toBe(true);
      }),
      { numRuns: 2000 },
    );
    // Overlong "/", a UTF-16 surrogate, past U+10FFFF, a truncated sequence.
    for (const bad of [[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]]) {
      expect(firstInvalidUtf8(Uint8Array.from([0x41, ...bad]))).toBe(1);
    }
  });

  it("refuses a body that is not UTF-8 with a 400 naming the offset, instead of replacing the bytes", async () => {
    const request = new Request("http://localhost/", { method: "POST", body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]) });
    await expect(readText(request, 1000)).rejects.toMatchObject({ status: 400, code: "invalid_encoding", message: expect.stringContaining("offset 6") });
  });

  it("answers 408 when a body stops arriving, and when it trickles past the total time", async () => {
    const stalled = slowRequest([Buffer.from("{")], 5, true);
    await expect(readBytes(stalled, 1000, { idleTimeoutMs: 100, totalTimeoutMs: 5000 })).rejects.toMatchObject({ status: 408, code: "request_timeout", message: expect.stringContaining("of the last byte") });
    const trickle = slowRequest(Array.from({ length: 100 }, () => Buffer.from("x")), 30);
    const started = performance.now();
    await expect(readBytes(trickle, 1000, { idleTimeoutMs: 1000, totalTimeoutMs: 300 })).rejects.toMatchObject({ status: 408, message: expect.stringContaining("whole within") });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("still reads a slow body that keeps within both limits, and refuses one past the size limit", async () => {
    const chunks = Array.from({ length: 5 }, (_, i) => Buffer.from(String(i)));
    expect(Buffer.from(await readBytes(slowRequest(chunks, 20), 1000, { idleTimeoutMs: 500, totalTimeoutMs: 2000 })).toString()).toBe("01234");
    await expect(readBytes(slowRequest([Buffer.alloc(600), Buffer.alloc(600)], 1), 1000)).rejects.toMatchObject({ status: 413 });
  });
});
