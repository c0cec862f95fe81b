// The baseline for bench:export: read the same rows an export reads, with a server-side cursor in
// batches of 2,000, and do nothing with them. Argument: jsonl (the ledger columns) or csv (every column).
import postgres from "postgres";

const [workspace, columns] = process.argv.slice(2);
const sql = postgres(process.env.DATABASE_URL!, { max: 1 });
const select =
  columns === "csv"
    ? sql`select seq, id, type, occurred_at, received_at, case_id, journey, channel, actor_type, actor_id, ai_version, action, autonomy,
        confidence, amount, currency, parent_id, outcome, customer_ref, record, prev_hash, hash from events where workspace_id = ${workspace} order by seq`
    : sql`select seq, id, record, prev_hash, hash from events where workspace_id = ${workspace} order by seq`;
let count = 0;
await select.cursor(2000, (rows) => {
  count += rows.length;
});
console.log(count);
await sql.end();
