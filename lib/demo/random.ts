// A small, fast, seedable PRNG so the demo is reproducible: sfc32 (Chris Doty-Humphrey's Small Fast
// Chaotic generator, 128-bit state, passes PractRand), seeded from any string by xmur3. Never
// Math.random: the same seed must give the same events, ids and ledger hashes on every machine.

function xmur3(text: string): () => number {
  let h = 1779033703 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  return () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    return (h ^= h >>> 16) >>> 0;
  };
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string | number) {
    const next = xmur3(`warrant-demo:${seed}`);
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 15; i++) this.u32(); // let the state mix before the first use
  }

  /** A uniform unsigned 32-bit integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks by weight: `[["chat", 55], ["email", 25]]`. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = this.next() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    return entries[entries.length - 1][0];
  }

  /** Roughly normal (Irwin–Hall of four uniforms), cheap and bounded to ±2σ·√3. */
  normal(mean: number, sd: number): number {
    const sum = this.next() + this.next() + this.next() + this.next();
    return mean + (sum - 2) * sd * 1.7320508;
  }

  /** Log-normal-ish positive amount with the given median. */
  logNormal(median: number, spread: number): number {
    return median * Math.exp(this.normal(0, spread));
  }

  /** `n` random lowercase hex digits. */
  hex(n: number): string {
    let out = "";
    while (out.length < n) out += HEX[this.u32() & 0xff] + HEX[(this.u32() >>> 8) & 0xff];
    return out.slice(0, n);
  }

  digits(n: number): string {
    let out = "";
    for (let i = 0; i < n; i++) out += String(this.u32() % 10);
    return out;
  }

  /** A random (version 4, RFC 9562) UUID drawn from this generator. */
  uuid(): string {
    const a = this.u32();
    const b = this.u32();
    const c = this.u32();
    const d = this.u32();
    return (
      HEX[a >>> 24] + HEX[(a >>> 16) & 0xff] + HEX[(a >>> 8) & 0xff] + HEX[a & 0xff] + "-" +
      HEX[b >>> 24] + HEX[(b >>> 16) & 0xff] + "-" +
      HEX[0x40 | ((b >>> 8) & 0x0f)] + HEX[b & 0xff] + "-" +
      HEX[0x80 | ((c >>> 24) & 0x3f)] + HEX[(c >>> 16) & 0xff] + "-" +
      HEX[(c >>> 8) & 0xff] + HEX[c & 0xff] + HEX[d >>> 24] + HEX[(d >>> 16) & 0xff] + HEX[(d >>> 8) & 0xff] + HEX[d & 0xff]
    );
  }
}
