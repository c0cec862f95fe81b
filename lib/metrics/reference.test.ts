// The fixture's KPIs, worked out by hand. Case and event numbers refer to lib/metrics/fixture.ts
// (#n = event n). The SQL implementation's tests assert the same numbers on the same events.
//
// Current range [03-01, 03-31), previous [01-30, 03-01), workspace acme, came-back window 7 days.
//
// Case facts (acme), current period — a case counts by the instant of its earliest event:
// case  journey  channel  AI ver  engaged  handoff→human       outcome (latest)          came back        contact
// 01    DF       chat     care@1  yes      -                   resolved ai  customer     no               1
// 02    DF       chat     care@1  yes      -                   resolved ai  timeout      yes (#34 reopen) 1
// 03    DF       voice    care@1  yes      low_confidence      resolved human agent      no               1
// 04    BD       chat     care@2  yes      customer_requested  resolved hybrid customer  no               1
// 05    BD       voice    care@2  yes      -                   unresolved timeout        -                1
// 06    BD       chat     care@2  yes      -                   (open)                    -                1
// 07    DF       chat     care@1  yes      -                   resolved ai  judge        yes (#63 case_08) 1
// 08    DF       voice    -       no       -                   resolved human agent      no               2
// 09    BD       chat     care@2  yes      policy_required     resolved human customer   no               2
// 10    DF       chat     care@1  yes      -                   resolved ai  judge (#69)  yes (#70 at +7d) 1
// 11    DF       voice    care@1  yes      -                   resolved ai  customer     no (#82 at +7d+1ms) 1
// 16    BD       chat     care@2  yes      -                   resolved ai  customer     yes (#73, after #72) 1
// 17    DF       chat     -       no       -                   resolved human agent      no (but reopened) 1
// Not counted: case_12 starts at `to`; case_13, case_14 start in the previous period; case_15 before it.
import { beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_PREVIOUS_RANGE, FIXTURE_RANGE, fixtureBreaches, fixtureEvents } from "./fixture";
import { computeMetricsReference } from "./reference";
import { type MetricsQueryInput, type MetricsResult, type Ratio, metricsResultSchema, resolveMetricsQuery } from "./types";

const r = (numerator: number, denominator: number): Ratio => ({
  value: denominator === 0 ? null : numerator / denominator,
  numerator,
  denominator,
});

const metrics = (query: MetricsQueryInput = {}) =>
  computeMetricsReference(fixtureEvents, resolveMetricsQuery({ ...FIXTURE_RANGE, workspace: "acme", ...query }), fixtureBreaches);

describe("reference metrics on the fixture (acme, March 2025)", () => {
  let m: MetricsResult;
  let k: MetricsResult["kpis"];
  beforeAll(() => {
    m = metrics();
    k = m.kpis;
  });

  it("echoes the range, the previous period, the window and the filters, in the documented shape", () => {
    expect(metricsResultSchema.parse(m)).toEqual(m);
    expect(m).toMatchObject({ ...FIXTURE_RANGE, previous: FIXTURE_PREVIOUS_RANGE, cameBackWindowDays: 7, filters: { workspace: "acme" } });
  });

  it("counts AI-engaged cases", () => {
    // Current: 01 02 03 04 05 06 07 09 10 11 16 = 11 (08 and 17 have no AI actor; 16 via its
    // unversioned AI outcome #72). Previous: 13, 14 = 2 (15 starts 1 ms before the period).
    expect(k.aiEngaged).toEqual({ value: 11, previous: { value: 2 } });
  });

  it("computes containment and escalation, split by the first handoff's reason", () => {
    // Contained = engaged without handoff to a human: 01 02 05 06 07 10 11 16 = 8 of 11.
    // Escalated: 03 (low_confidence), 04 (customer_requested), 09 (policy_required) = 3 of 11.
    // Previous: 14 contained, 13 escalated (error): 1 of 2 each.
    expect(k.containment).toEqual({ ...r(8, 11), previous: r(1, 2) });
    expect(k.escalation).toEqual({
      ...r(3, 11),
      byReason: { customer_requested: r(1, 11), low_confidence: r(1, 11), policy_required: r(1, 11), error: r(0, 11), other: r(0, 11) },
      previous: {
        ...r(1, 2),
        byReason: { customer_requested: r(0, 2), low_confidence: r(0, 2), policy_required: r(0, 2), error: r(1, 2), other: r(0, 2) },
      },
    });
  });

  it("counts only AI resolutions that hold", () => {
    // Denominator: engaged and not open = 11 − 06 = 10. Resolved by ai: 01 02 07 10 11 16; of those
    // 02 (reopened), 07 (repeat contact), 10 (reopened exactly at +7 d, inclusive) and 16 (its first
    // resolution #72 was reopened by #73, then resolved again) came back → 01, 11 = 2 of 10.
    // Previous: 14 resolved by ai and holds; 13 by a human → 1 of 2.
    expect(k.aiResolution).toEqual({ ...r(2, 10), previous: r(1, 2) });
  });

  it("measures hollow containment: contained cases with an outcome that is not a holding resolution", () => {
    // Contained and not open: 01 02 05 07 10 11 16 = 7 (06 is open). Not holding: 02, 07, 10, 16
    // came back; 05 unresolved → 5 of 7. Previous: 14 holds → 0 of 1.
    expect(k.hollowContainment).toEqual({ ...r(5, 7), previous: r(0, 1) });
  });

  it("computes first-contact resolution", () => {
    // contact = 1 and not open: 01 02 03 04 05 07 10 11 16 17 = 10 (06 open; 08, 09 contact 2).
    // Resolved, holding and never reopened: 01, 03, 04, 11 (its reopen #82 is 1 ms past the window)
    // = 4. 17 holds but was reopened (#86) before its resolution: two contacts, not FCR.
    // Previous: 13, 14 → 2 of 2.
    expect(k.fcr).toEqual({ ...r(4, 10), previous: r(2, 2) });
  });

  it("computes repeat contact and confirmed share over resolved cases", () => {
    // Resolved: 01 02 03 04 07 08 09 10 11 16 17 = 11. Came back: 02 07 10 16 = 4.
    // case_01 did not come back: cus_a's repeat contact #23 is about billing_dispute, and #90 is in
    // another workspace. Attested by customer or agent: all but 02 (timeout), 07 and 10 (judge) = 8.
    expect(k.repeatContact).toEqual({ ...r(4, 11), previous: r(0, 2) });
    expect(k.confirmedShare).toEqual({ ...r(8, 11), previous: r(2, 2) });
  });

  it("splits CSAT by who resolved the case, good = top two points of the scale", () => {
    // Resolved by ai: 01 (#21 5/5 good; #22 is NPS, ignored), 02 (#33 2/5), 07 (#62 8/10: not top two),
    // 11 (#81 10/10 good); 10 and 16 have none → 2 of 4. Human or hybrid: 03 (#42 9/10 good),
    // 04 (#49 3/5), 09 (#29 4/5 good) → 2 of 3. 05's 1/5 is on an unresolved case: in neither.
    // Previous: 14 (#4 4/5) → 1 of 1; no human-resolved survey → null.
    expect(k.csatAi).toEqual({ ...r(2, 4), previous: r(1, 1) });
    expect(k.csatHuman).toEqual({ ...r(2, 3), previous: r(0, 0) });
  });

  it("gives time to resolution as percentile_cont median and p90, in seconds", () => {
    // Resolved cases, resolving outcome − start: 07 300, 01 600, 11 600, 08 1200, 02 1800, 03 1800,
    // 10 1800, 09 3600, 04 7200, 17 88200 (24.5 h), 16 90000 (25 h). n = 11:
    // median at rank 0.5·10 = 5 → 1800; p90 at rank 0.9·10 = 9 → 88200.
    // Previous: 14 1860, 13 864000 (10 days): median = 1860 + 0.5·862140 = 432930,
    // p90 = 1860 + 0.9·862140 = 777786.
    expect(k.timeToResolution).toMatchObject({ median: 1800, p90: 88200, count: 11, previous: { count: 2 } });
    expect(k.timeToResolution.previous.median).toBeCloseTo(432930, 6);
    expect(k.timeToResolution.previous.p90).toBeCloseTo(777786, 6);
  });

  it("computes context carried over handoffs to a human in the range", () => {
    // #27 (true), #39 (true), #45 (false) → 2 of 3; #84 goes human → ai and does not count.
    // Previous: #10 (true) → 1 of 1.
    expect(k.contextCarried).toEqual({ ...r(2, 3), previous: r(1, 1) });
  });

  it("computes approval, edit and reject rates over decided proposals, expired included", () => {
    // Proposals in range: #17 approved, #24 rejected then approved (latest counts: approved),
    // #37 rejected, #51 edited, #57 expired, #67 undecided (not counted), #76 approved → 6 decided.
    // Previous: #7 approved.
    expect(k.approval).toEqual({ ...r(3, 6), previous: r(1, 1) });
    expect(k.edit).toEqual({ ...r(1, 6), previous: r(0, 1) });
    expect(k.reject).toEqual({ ...r(1, 6), previous: r(0, 1) });
  });

  it("shows review latency beside the approval rate", () => {
    // Decided, not expired: #17 30 s, #24 120 s (#26's latency), #37 120 s, #51 600 s (no latencyMs:
    // #52 − #51), #76 2 s → sorted 2, 30, 120, 120, 600: median 120; p90 at rank 3.6 →
    // 120 + 0.6·480 = 408. Previous: #7 120 s.
    expect(k.reviewLatency).toMatchObject({ median: 120, count: 5, previous: { median: 120, p90: 120, count: 1 } });
    expect(k.reviewLatency.p90).toBeCloseTo(408, 9);
  });

  it("computes the override rate over AI decisions open to review", () => {
    // Open to review: decided proposals #17 #24 #37 #51 #57 #76, and supervised/autonomous AI actions
    // #11 (case_13's March voucher) #31 #44 #60 #66 → 11. Overridden: #37 rejected, #51 edited,
    // #44 overridden, #76 (its execution #78 was overridden by #79) → 4.
    // Previous: #7, #2, #14 (at the period's first instant) → 3; #14 overridden → 1.
    expect(k.override).toEqual({ ...r(4, 11), previous: r(1, 3) });
  });

  it("computes reversals, money-weighted per currency", () => {
    // AI-executed in range: #11 10 EUR, #19 40 EUR, #31 15 EUR (reversed #35), #44 25 USD (reversed #47),
    // #53 8 USD, #60, #66 (no amount), #78 20 EUR → 2 of 8. #40 is a human's; #89 is at `to`.
    // EUR 15 of 85; USD 25 of 33. Previous: #2 30 USD (reversed #5), #9 50 EUR, #14 → 1 of 3.
    expect(k.reversal).toEqual({
      ...r(2, 8),
      byCurrency: [
        { currency: "EUR", ...r(15, 85) },
        { currency: "USD", ...r(25, 33) },
      ],
      previous: {
        ...r(1, 3),
        byCurrency: [
          { currency: "EUR", ...r(0, 50) },
          { currency: "USD", ...r(30, 30) },
        ],
      },
    });
  });

  it("computes policy breaches from the evaluator's verdicts", () => {
    // Breaches #31 #66 of the 8 current actions; #14 of the 3 previous; #89 is outside both.
    expect(k.policyBreach).toEqual({ ...r(2, 8), previous: r(1, 3) });
  });

  it("computes the autonomy mix of AI-executed actions", () => {
    // approve #19 #53 #78 = 3; supervised #44 = 1; autonomous #11 #31 #60 #66 = 4; of 8.
    // Previous: approve #9; autonomous #2 #14; of 3.
    expect(k.autonomyMix).toEqual({
      assist: { ...r(0, 8), previous: r(0, 3) },
      approve: { ...r(3, 8), previous: r(1, 3) },
      supervised: { ...r(1, 8), previous: r(0, 3) },
      autonomous: { ...r(4, 8), previous: r(2, 3) },
    });
  });

  it("computes calibration bands and the expected calibration error", () => {
    // Open to review with a confidence (#11 has none) — band, correct?:
    // #57 0.15 b1 ✓ (expired is not a disagreement) | #76 0.30 b3 ✗ (execution overridden) | #24 0.35 b3 ✓
    // #60 0.45 b4 ✓ | #37 0.55 b5 ✗ rejected | #51 0.65 b6 ✗ edited | #44 0.75 b7 ✗ | #17 0.85 b8 ✓
    // #31 0.95 b9 ✗ reversed | #66 1.00 b9 ✓ (1 falls in the last band). n = 10.
    // ECE = (1/n)·Σ_B |correct(B) − Σconf(B)| = (|1−0.15| + |1−0.65| + |1−0.45| + 0.55 + 0.65 + 0.75
    //       + |1−0.85| + |1−1.95|) / 10 = (0.85+0.35+0.55+0.55+0.65+0.75+0.15+0.95) / 10 = 0.48.
    // Previous: #14 0.2 ✗ (overridden), #2 0.7 ✗ (reversed), #7 0.9 ✓ → (0.2 + 0.7 + 0.1) / 3 = 1/3.
    const { calibration } = k;
    expect(calibration.count).toBe(10);
    expect(calibration.ece).toBeCloseTo(0.48, 12);
    const band = (b: number) => calibration.bands[b]!;
    expect(calibration.bands.map((b) => [b.count, b.correct])).toEqual([
      [0, 0], [1, 1], [0, 0], [2, 1], [1, 1], [1, 0], [1, 0], [1, 0], [1, 1], [2, 1],
    ]);
    expect(band(0)).toEqual({ from: 0, to: 0.1, count: 0, correct: 0, meanConfidence: null, accuracy: null });
    expect(band(3).meanConfidence).toBeCloseTo(0.325, 12);
    expect(band(3).accuracy).toBe(0.5);
    expect(band(9)).toMatchObject({ from: 0.9, to: 1, accuracy: 0.5 });
    expect(band(9).meanConfidence).toBeCloseTo(0.975, 12);
    expect(calibration.previous.count).toBe(3);
    expect(calibration.previous.ece).toBeCloseTo(1 / 3, 12);
    expect(calibration.previous.bands.map((b) => b.count)).toEqual([0, 0, 1, 0, 0, 0, 0, 1, 0, 1]);
  });
});

describe("filters on the fixture", () => {
  it("by journey: cases by their earliest event's journey, actions by their own", () => {
    // delivery_failure cases: 01 02 03 07 08 10 11 17; engaged 01 02 03 07 10 11 = 6; contained: all
    // but 03 = 5; resolved: all 8, came back 02 07 10 = 3.
    // AI actions: #11 #19 #31 #60 #66 #78 → #31 reversed, 1 of 6, only EUR (85, of which 15).
    // Decided proposals: #17 approved, #37 rejected, #76 approved (#67 undecided).
    const { kpis } = metrics({ journey: "delivery_failure" });
    expect(kpis.aiEngaged.value).toBe(6);
    expect(kpis.containment).toMatchObject(r(5, 6));
    expect(kpis.escalation).toMatchObject(r(1, 6));
    expect(kpis.aiResolution).toMatchObject(r(2, 6));
    expect(kpis.repeatContact).toMatchObject(r(3, 8));
    expect(kpis.reversal).toMatchObject({ ...r(1, 6), byCurrency: [{ currency: "EUR", ...r(15, 85) }] });
    expect(kpis.approval).toMatchObject(r(2, 3));
    expect(kpis.reject).toMatchObject(r(1, 3));
  });

  it("by channel: case_11 opened on voice counts as a voice case, its chat actions do not", () => {
    // voice cases: 03 05 08 11; engaged 03 05 11; contained 05 11 → 2 of 3. Resolved: 03 1800,
    // 08 1200, 11 600 → median 1200. Voice AI actions: #53 only (approve). Voice proposals decided:
    // #37 rejected, #51 edited.
    const { kpis } = metrics({ channel: "voice" });
    expect(kpis.aiEngaged.value).toBe(3);
    expect(kpis.containment).toMatchObject(r(2, 3));
    expect(kpis.timeToResolution).toMatchObject({ median: 1200, count: 3 });
    expect(kpis.autonomyMix.approve).toMatchObject(r(1, 1));
    expect(kpis.approval).toMatchObject(r(0, 2));
    expect(kpis.edit).toMatchObject(r(1, 2));
    expect(kpis.reject).toMatchObject(r(1, 2));
  });

  it("by AI version: a case belongs to the version of its earliest versioned AI event", () => {
    // care@2 cases: 04 05 06 09 16 (16 via #74: #72 names no version). case_10 stays care@1 although
    // its later proposal #67 is care@2. Contained: 05 06 16 → 3 of 5; escalated: 04 09 → 2 of 5.
    // care@2 actions: #44 (reversed, supervised), #53 (approve). Proposals decided: #24 approved,
    // #51 edited, #57 expired. Handoffs by care@2: #27 (context), #45 (none).
    const { kpis } = metrics({ aiVersion: "care@2" });
    expect(kpis.aiEngaged.value).toBe(5);
    expect(kpis.containment).toMatchObject(r(3, 5));
    expect(kpis.escalation).toMatchObject(r(2, 5));
    expect(kpis.reversal).toMatchObject(r(1, 2));
    expect(kpis.autonomyMix.supervised).toMatchObject(r(1, 2));
    expect(kpis.autonomyMix.approve).toMatchObject(r(1, 2));
    expect(kpis.approval).toMatchObject(r(1, 3));
    expect(kpis.edit).toMatchObject(r(1, 3));
    expect(kpis.contextCarried).toMatchObject(r(1, 2));
    // FCR: contact 1 and not open: 04 05 16 (09 is contact 2, 06 open); only 04 holds.
    expect(kpis.fcr).toMatchObject(r(1, 3));
  });

  it("by workspace: globex alone, and both workspaces kept apart when unfiltered", () => {
    const globex = metrics({ workspace: "globex" }).kpis;
    expect(globex.aiEngaged.value).toBe(1);
    expect(globex.aiResolution).toMatchObject(r(1, 1));
    expect(globex.reversal.byCurrency).toEqual([{ currency: "EUR", ...r(0, 99) }]);
    // No workspace filter: the two case_01 stay two cases (12 engaged), and globex's repeat contact
    // #90 by "cus_a" does not make acme's case_01 come back: AI resolutions 2 + 1 of 10 + 1.
    const all = computeMetricsReference(fixtureEvents, resolveMetricsQuery(FIXTURE_RANGE), fixtureBreaches).kpis;
    expect(all.aiEngaged.value).toBe(12);
    expect(all.aiResolution).toMatchObject(r(3, 11));
    expect(all.repeatContact).toMatchObject(r(4, 12));
    expect(all.containment).toMatchObject(r(9, 12));
  });
});
