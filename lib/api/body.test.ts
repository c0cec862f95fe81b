import { isUtf8 } from "node:buffer";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Readable } from "node:stream";
import { decodeUtf8, firstInvalidUtf8, type ReadOptions, readBytes, readNodeBody } from "./body";

/** Chunks that arrive each after `delayMs`; with `stall`, the body never ends. */
async function* slowly(chunks: Uint8Array[], delayMs: number, stall: boolean) {
  for (const chunk of chunks) {
    await new Promise((r) => setTimeout(r, delayMs));
    yield chunk;
  }
  if (stall) await new Promise(() => {});
}

type SlowBodyReader = (chunks: Uint8Array[], delayMs: number, limit: number, options?: ReadOptions & { stall?: boolean }) => Promise<Uint8Array>;

// The two ways a body is read: from a web Request (Next.js routes) and from Node's stream (the ingest listener).
const READERS: [string, SlowBodyReader][] = [
  [
    "a web Request",
    (chunks, delayMs, limit, options = {}) => {
      const source = slowly(chunks, delayMs, options.stall ?? false);
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const next = await source.next();
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        },
      });
      return readBytes(new Request("http://localhost/", { method: "POST", body, duplex: "half" } as RequestInit), limit, options);
    },
  ],
  ["Node's stream", (chunks, delayMs, limit, options = {}) => readNodeBody(Readable.from(slowly(chunks, delayMs, options.stall ?? false)), undefined, limit, options)],
];

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
    await expect(readBytes(request, 1000).then(decodeUtf8)).rejects.toMatchObject({ status: 400, code: "invalid_encoding", message: expect.stringContaining("offset 6") });
  });

});

describe.each(READERS)("reading a body from %s", (_, read) => {
  it("answers 408 when a body stops arriving, and when it trickles past the total time", async () => {
    await expect(read([Buffer.from("{")], 5, 1000, { stall: true, idleTimeoutMs: 100, totalTimeoutMs: 5000 })).rejects.toMatchObject({
      status: 408,
      code: "request_timeout",
      message: expect.stringContaining("of the last byte"),
    });
    const trickle = Array.from({ length: 100 }, () => Buffer.from("x"));
    const started = performance.now();
    await expect(read(trickle, 30, 1000, { idleTimeoutMs: 1000, totalTimeoutMs: 300 })).rejects.toMatchObject({ status: 408, message: expect.stringContaining("whole within") });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("still reads a slow body that keeps within both limits, and refuses one past the size limit", async () => {
    const chunks = Array.from({ length: 5 }, (_, i) => Buffer.from(String(i)));
    expect(Buffer.from(await read(chunks, 20, 1000, { idleTimeoutMs: 500, totalTimeoutMs: 2000 })).toString()).toBe("01234");
    await expect(read([Buffer.alloc(600), Buffer.alloc(600)], 1, 1000)).rejects.toMatchObject({ status: 413 });
  });
});

describe("reading a body from Node's stream", () => {
  it("refuses a declared length past the limit before reading, and a failed connection with a 400", async () => {
    const unread = Readable.from(slowly([Buffer.from("x")], 1, true));
    await expect(readNodeBody(unread, "5000", 1000)).rejects.toMatchObject({ status: 413 });
    const broken = new Readable({ read() {} });
    const reading = readNodeBody(broken, undefined, 1000);
    broken.destroy(new Error("socket hang up"));
    await expect(reading).rejects.toMatchObject({ status: 400, code: "invalid_request", message: expect.stringContaining("socket hang up") });
  });
});
