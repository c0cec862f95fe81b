// Export text leaves in chunks of a few tens of kilobytes, however many lines a database page holds.
// V8 puts a string over 128 KiB (an export page's lines, once flattened for writing) in its large-object
// space, which belongs to the old generation: every such chunk stayed until the next full collection,
// and the heap grew by megabytes a page. Chunks this small are born and die in the young generation.
export const CHUNK_CHARS = 32 * 1024;

/** Collects lines; hands back a chunk once it holds CHUNK_CHARS characters. */
export class ChunkBuffer {
  private text = "";

  /** Adds a line; returns the chunk to send when it is full, else null. */
  add(line: string): string | null {
    this.text += line;
    if (this.text.length < CHUNK_CHARS) return null;
    return this.rest();
  }

  /** Whatever is left (possibly ""), emptying the buffer. */
  rest(): string {
    const chunk = this.text;
    this.text = "";
    return chunk;
  }
}
