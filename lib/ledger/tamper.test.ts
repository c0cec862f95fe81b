import { generateKeyPairSync } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, openTestDatabase, type TestDatabase } from "@/tests/helpers/databases";
import { sampleEvents } from "@/tests/helpers/events";
import { appendEvents, checkpointNow } from "./append";
import { encodeRecord, entryHash } from "./chain";
import { checkpointOrigin } from "./context";
import { appendToFrontier, frontierRoot, leafHash, type Frontier } from "./merkle";
import { checkpointBody, signNote } from "./note";
import { verifyLedger } from "./verify";

// Every tampering here is done the way an attacker with superuser rights would: triggers disabled,
// rows rewritten directly in SQL. Verification must name the first bad seq and the kind of break.
describe.each(ENGINES)("verification catches tampering on %s", (engine) => {
  let t: TestDatabase;
  let n = 0;
  beforeAll(async () => {
    t = await openTestDatabase(engine);
  });
  afterAll(() => t?.close());

  /** A fresh workspace with `count` events, checkpoints every `every`. */
  async function chain(count: number, every = 50) {
    const workspace = `w${++n}`;
    const ledger = t.ledger({ checkpointEvery: every });
    // Batches of 10, so checkpoints fall exactly on multiples of `every` (they are signed at batch ends).
    for (let i = 0; i < count; i += 10) await appendEvents(ledger, workspace, sampleEvents(Math.min(10, count - i), i));
    return { workspace, ledger };
  }

  async function asSuperuser(statements: string) {
    await t.exec(`alter table events disable trigger user; alter table checkpoints disable trigger user`);
    try {
      await t.exec(statements);
    } finally {
      await t.exec(
        ["events_append_only", "events_no_truncate", "checkpoints_append_only", "checkpoints_no_truncate"]
          .map((name) => `alter table ${name.split("_")[0]} enable always trigger ${name};`)
          .join(" "),
      );
    }
  }

  it("an edited record", async () => {
    const { workspace, ledger } = await chain(120);
    await asSuperuser(`update events set record = replace(record, 'case-9"', 'case-99"') where workspace_id = '${workspace}' and seq = 37`);
    expect(await verifyLedger(ledger, workspace)).toMatchObject({ ok: false, firstBadSeq: 37, kind: "hash-mismatch" });
  });

  it("a deleted row", async () => {
    const { workspace, ledger } = await chain(120);
    await asSuperuser(`delete from events where workspace_id = '${workspace}' and seq = 61`);
    expect(await verifyLedger(ledger, workspace)).toMatchObject({ ok: false, firstBadSeq: 61, kind: "gap" });
  });

  it("an inserted row", async () => {
    const { workspace, ledger } = await chain(120);
    // Make room at seq 30 by moving 30…120 up by one, then insert a forged entry there.
    await asSuperuser(`
      update events set seq = seq + 1000000 where workspace_id = '${workspace}' and seq >= 30;
      update events set seq = seq - 999999 where workspace_id = '${workspace}' and seq >= 1000000;
      insert into events select workspace_id, 30, gen_random_uuid(), type, occurred_at, received_at, case_id, journey, channel,
        actor_type, actor_id, ai_version, action, autonomy, confidence, parent_id, outcome, customer_ref, amount, currency,
        record, body, prev_hash, hash from events where workspace_id = '${workspace}' and seq = 29;
      update chain_heads set seq = 121 where workspace_id = '${workspace}';`);
    expect(await verifyLedger(ledger, workspace)).toMatchObject({ ok: false, firstBadSeq: 30, kind: "misplaced" });
  });

  it("two rows swapped", async () => {
    const { workspace, ledger } = await chain(120);
    await asSuperuser(`
      update events set seq = -1 where workspace_id = '${workspace}' and seq = 10;
      update events set seq = 10 where workspace_id = '${workspace}' and seq = 11;
      update events set seq = 11 where workspace_id = '${workspace}' and seq = -1;`);
    expect(await verifyLedger(ledger, workspace)).toMatchObject({ ok: false, firstBadSeq: 10, kind: "misplaced" });
  });

  it("a row copied into another workspace", async () => {
    const source = await chain(20);
    const target = await chain(20);
    await asSuperuser(`
      delete from events where workspace_id = '${target.workspace}' and seq = 5;
      insert into events select '${target.workspace}', seq, id, type, occurred_at, received_at, case_id, journey, channel,
        actor_type, actor_id, ai_version, action, autonomy, confidence, parent_id, outcome, customer_ref, amount, currency,
        record, body, prev_hash, hash from events where workspace_id = '${source.workspace}' and seq = 5;`);
    expect(await verifyLedger(target.ledger, target.workspace)).toMatchObject({ ok: false, firstBadSeq: 5, kind: "misplaced" });
    expect((await verifyLedger(source.ledger, source.workspace)).ok).toBe(true);
  });

  it("a truncated tail, caught by the checkpoints even with the head patched", async () => {
    const { workspace, ledger } = await chain(120);
    await asSuperuser(`
      delete from events where workspace_id = '${workspace}' and seq > 80;
      update chain_heads set seq = 80, hash = (select hash from events where workspace_id = '${workspace}' and seq = 80)
        where workspace_id = '${workspace}';`);
    expect(await verifyLedger(ledger, workspace)).toMatchObject({ ok: false, firstBadSeq: 81, kind: "truncated" });
  });

  /** Rewrites entries from `from` on with valid hashes, as an attacker who knows the scheme would. */
  async function rewriteTail(workspace: string, from: number) {
    const rows = await t.exec<{ seq: string; record: string; hash: Buffer | Uint8Array }>(
      `select seq, record, hash from events where workspace_id = '${workspace}' order by seq`,
    );
    let frontier: Frontier = [];
    let prev: Buffer = Buffer.alloc(0);
    const updates: string[] = [];
    for (const row of rows) {
      const seq = Number(row.seq);
      let hash: Buffer = Buffer.from(row.hash);
      if (seq >= from) {
        const parsed = JSON.parse(row.record);
        parsed.event.journey = "rewritten";
        const record = encodeRecord(parsed);
        hash = entryHash(prev, record);
        updates.push(
          `update events set record = '${record.replaceAll("'", "''")}', prev_hash = '\\x${prev.toString("hex")}', hash = '\\x${hash.toString("hex")}' where workspace_id = '${workspace}' and seq = ${seq};`,
        );
      }
      frontier = appendToFrontier(frontier, seq - 1, leafHash(hash));
      prev = hash;
    }
    updates.push(`update chain_heads set hash = '\\x${prev.toString("hex")}' where workspace_id = '${workspace}';`);
    await asSuperuser(updates.join("\n"));
    return { size: rows.length, root: frontierRoot(frontier, rows.length) };
  }

  it("a whole tail rewritten with recomputed hashes and a patched head, caught by the signed checkpoints", async () => {
    const { workspace, ledger } = await chain(120);
    await rewriteTail(workspace, 51);
    expect(await verifyLedger(ledger, workspace)).toMatchObject({ ok: false, firstBadSeq: 51, kind: "checkpoint-root" });
  });

  it("a rewritten tail whose database checkpoints were deleted, caught by the external copies", async () => {
    const { workspace, ledger } = await chain(120);
    await rewriteTail(workspace, 51);
    await asSuperuser(`delete from checkpoints where workspace_id = '${workspace}' and tree_size > 50`);
    expect(await verifyLedger(ledger, workspace)).toMatchObject({ ok: false, firstBadSeq: 51, kind: "checkpoint-root" });
  });

  it("a rewritten tail with forged checkpoints, caught by the signatures even without external copies", async () => {
    const { workspace, ledger } = await chain(120);
    const { size, root } = await rewriteTail(workspace, 51);
    // The attacker re-signs with a key of their own, and removes the external copies too.
    const attacker = generateKeyPairSync("ed25519");
    const forged = signNote(checkpointBody(checkpointOrigin(workspace), size, root), { name: ledger.key.name, privateKey: attacker.privateKey });
    await asSuperuser(`
      delete from checkpoints where workspace_id = '${workspace}' and tree_size > 50;
      insert into checkpoints (workspace_id, tree_size, root_hash, key_id, note)
        values ('${workspace}', ${size}, '\\x${root.toString("hex")}', 'forged', '${forged}');`);
    await rm(path.join(t.dir, "checkpoints", workspace), { recursive: true, force: true });
    expect(await verifyLedger(ledger, workspace)).toMatchObject({ ok: false, firstBadSeq: 51, kind: "checkpoint-signature" });
  });

  it("without external copies, a deleted checkpoint over a rewritten tail leaves only the signatures to rely on", async () => {
    // This documents the limit: with both the database and the external copies controlled by the attacker,
    // a rewrite after the last surviving checkpoint is only caught if they cannot sign.
    const { workspace, ledger } = await chain(120);
    await rewriteTail(workspace, 101);
    await rm(path.join(t.dir, "checkpoints", workspace), { recursive: true, force: true });
    const result = await verifyLedger(ledger, workspace);
    expect(result.ok).toBe(true);
    expect(result.warnings.some((w) => w.includes("no external copy"))).toBe(true);
  });

  it("a forged checkpoint signature", async () => {
    const { workspace, ledger } = await chain(120);
    const [{ note }] = await t.exec<{ note: string }>(`select note from checkpoints where workspace_id = '${workspace}' and tree_size = 100`);
    // Flip one character inside the signature itself, keeping the key id: a bad signature, not an unknown key.
    const at = note.length - 10;
    const tampered = note.slice(0, at) + (note[at] === "A" ? "B" : "A") + note.slice(at + 1);
    await asSuperuser(`update checkpoints set note = '${tampered}' where workspace_id = '${workspace}' and tree_size = 100`);
    await rm(path.join(t.dir, "checkpoints", workspace), { recursive: true, force: true });
    expect(await verifyLedger(ledger, workspace)).toMatchObject({ ok: false, firstBadSeq: 51, kind: "checkpoint-signature" });
  });

  it("random tamperings are always caught", async () => {
    const kinds = ["edit", "delete", "swap", "truncate"] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...kinds), fc.integer({ min: 1, max: 59 }), async (kind, at) => {
        const { workspace, ledger } = await chain(60, 25);
        await checkpointNow(ledger, workspace);
        const where = `workspace_id = '${workspace}'`;
        const sqlFor = {
          edit: `update events set record = replace(record, '"v":1', '"v":2') where ${where} and seq = ${at}`,
          delete: `delete from events where ${where} and seq = ${at}`,
          swap: `update events set seq = -1 where ${where} and seq = ${at}; update events set seq = ${at} where ${where} and seq = ${at + 1}; update events set seq = ${at + 1} where ${where} and seq = -1`,
          truncate: `delete from events where ${where} and seq >= ${at}; update chain_heads set seq = ${at - 1} where ${where}`,
        }[kind];
        await asSuperuser(sqlFor);
        const result = await verifyLedger(ledger, workspace);
        expect(result.ok).toBe(false);
        expect(result.firstBadSeq).toBeLessThanOrEqual(at);
      }),
      { numRuns: engine === "pglite" ? 25 : 40 },
    );
  }, 120_000);
});
