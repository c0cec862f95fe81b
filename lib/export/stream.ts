/**
 * An async sequence of text chunks as a byte stream that pulls the next chunk only when the client has
 * taken the last one: a slow download holds one page in memory, not the whole export.
 */
export function toByteStream(chunks: AsyncIterable<string>, onError: (error: unknown) => void = () => {}): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  // The client went away (closed the connection, or read the headers only): a chunk still being read then
  // has nowhere to go, which is not a failure of the export.
  let cancelled = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { value, done } = await iterator.next();
          if (cancelled) return;
          if (done) controller.close();
          else controller.enqueue(encoder.encode(value));
        } catch (error) {
          if (cancelled) return;
          // The client sees a cut-short file; a bundle's verifier then reports it truncated.
          onError(error);
          controller.error(error);
        }
      },
      async cancel() {
        cancelled = true;
        await iterator.return?.();
      },
    },
    { highWaterMark: 1 },
  );
}

/** Content-Disposition for a download, with an ASCII name and the RFC 6266 UTF-8 form. */
export function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
