-- Guards of a speculative append (lib/ledger/append.ts, docs/ingestion.md). A process that has just
-- sent one append to a workspace knows the chain head that append will leave, so it computes the next
-- group's entries on that head and sends everything at once: these guards, the writes and COMMIT, in
-- one round trip, without first reading the head under the lock. Each guard raises, and so aborts the
-- transaction (PostgreSQL then turns its COMMIT into a ROLLBACK), when what the entries were computed
-- on no longer holds; the process then appends the group again the ordinary way. They never decide
-- what is stored, only whether a precomputed transaction may commit.
--> statement-breakpoint
-- Takes the chain lock, as the ordinary append does, then checks the head is the one expected: same
-- sequence number and same hash (which commits to every entry before it, so to the whole chain).
CREATE FUNCTION warrant_expect_head(p_workspace text, p_seq bigint, p_hash bytea) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  head_seq bigint;
  head_hash bytea;
BEGIN
  SELECT seq, hash INTO head_seq, head_hash FROM chain_heads WHERE workspace_id = p_workspace FOR UPDATE;
  IF head_seq IS DISTINCT FROM p_seq OR head_hash IS DISTINCT FROM p_hash THEN
    RAISE EXCEPTION 'the chain head of workspace % is not the one the append was computed on', p_workspace
      USING ERRCODE = 'WR001';
  END IF;
END $$;
--> statement-breakpoint
-- Policy versions are append-only and numbered without gaps (0004), so the latest number names the
-- whole set the append's verdicts were judged against.
CREATE FUNCTION warrant_expect_policy(p_workspace text, p_version integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce((SELECT max(version) FROM policy_versions WHERE workspace_id = p_workspace), 0) <> p_version THEN
    RAISE EXCEPTION 'the policy of workspace % changed since the append was judged against version %', p_workspace, p_version
      USING ERRCODE = 'WR002';
  END IF;
END $$;
