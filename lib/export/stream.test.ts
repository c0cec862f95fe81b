import { describe, expect, it } from "vitest";
import { toByteStream } from "./stream";

/** Chunks whose second one arrives only when `release` is called; `waiting` resolves once it is asked for. */
function slowChunks() {
  let release = () => {};
  let asked = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const waiting = new Promise<void>((resolve) => (asked = resolve));
  async function* chunks() {
    yield "first\n";
    asked();
    await gate;
    yield "second\n";
    throw new Error("the database went away");
  }
  return { chunks: chunks(), release, waiting };
}

describe("toByteStream", () => {
  it("streams the chunks in order and reports a failure mid-stream", async () => {
    const { chunks, release } = slowChunks();
    const errors: unknown[] = [];
    const reader = toByteStream(chunks, (error) => errors.push(error)).getReader();
    const decoder = new TextDecoder();
    expect(decoder.decode((await reader.read()).value)).toBe("first\n");
    release();
    expect(decoder.decode((await reader.read()).value)).toBe("second\n");
    await expect(reader.read()).rejects.toThrow("the database went away");
    expect(errors).toHaveLength(1);
  });

  it("does not report a client that went away while a chunk was being read as a failure", async () => {
    const { chunks, release, waiting } = slowChunks();
    const errors: unknown[] = [];
    const reader = toByteStream(chunks, (error) => errors.push(error)).getReader();
    await reader.read();
    await waiting; // the stream is reading the second chunk ahead
    const cancelled = reader.cancel("client closed the connection");
    release(); // the chunk arrives after the client left
    await cancelled;
    expect(errors).toEqual([]);
  });
});
