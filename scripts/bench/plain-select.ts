// The baseline for bench:verify: read the same rows the verifier reads, the same way (keyset pages
// of 2,000 by seq), and do nothing with them.
import postgres from "postgres";

const workspace = process.argv[2];
const sql = postgres(process.env.DATABASE_URL!, { max: 1 });
let last = 0;
let count = 0;
for (;;) {
  const rows = await sql`select seq, id, record, prev_hash, hash from events where workspace_id = ${workspace} and seq > ${last} order by seq limit 2000`;
  if (rows.length === 0) break;
  count += rows.length;
  last = Number(rows[rows.length - 1].seq);
  if (rows.length < 2000) break;
}
console.log(count);
await sql.end();
