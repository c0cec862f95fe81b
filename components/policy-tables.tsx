import { LiftCapForm } from "@/components/policy-forms";
import { Badge } from "@/components/ui/badge";
import { TableScroll } from "@/components/ui/table-scroll";
import type { Autonomy } from "@/lib/events/constants";
import { describeClause, describeConditions } from "@/lib/policy/describe";
import type { PolicyCap, PolicyRule, PolicyVersion } from "@/lib/policy/schema";

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const when = (value: Date | string | undefined) => (value ? dateTime.format(new Date(value)) : "—");

const TONE: Record<Autonomy, "danger" | "warn" | "brand" | "ok"> = { assist: "danger", approve: "warn", supervised: "brand", autonomous: "ok" };

export function AutonomyBadge({ level }: { level: Autonomy }) {
  return <Badge tone={TONE[level]}>{level}</Badge>;
}

const th = "px-3 py-2 font-medium";

/** The rules of a version in file order, numbered from 1 as explanations quote them. */
export function PolicyRulesTable({ rules, caption }: { rules: PolicyRule[]; caption: string }) {
  return (
    <TableScroll>
      <table className="w-full border-collapse bg-white text-sm">
        <caption className="pb-2 text-left text-sm text-muted">{caption}</caption>
        <thead>
          <tr className="border-b border-line text-left text-muted">
            <th scope="col" className={th}>#</th>
            <th scope="col" className={th}>Pattern</th>
            <th scope="col" className={th}>Max autonomy</th>
            <th scope="col" className={th}>Conditions</th>
            <th scope="col" className={th}>Clause</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((rule, i) => (
            <tr key={i} className="border-b border-line align-top last:border-0">
              <td className="px-3 py-2 tabular-nums text-muted">{i + 1}</td>
              <th scope="row" className="px-3 py-2 text-left font-normal">
                <span className="font-mono text-xs font-semibold">{rule.pattern}</span>
                {rule.note && <span className="block text-xs text-muted">{rule.note}</span>}
              </th>
              <td className="px-3 py-2">
                <AutonomyBadge level={rule.maxAutonomy} />
              </td>
              <td className="px-3 py-2">{describeConditions(rule.when)}</td>
              <td className="px-3 py-2 text-xs">{describeClause(rule.clause) ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** The caps of the version in force: who lowered what, why and when, each with a way to lift it. */
export function PolicyCapsTable({ caps, workspace }: { caps: PolicyCap[]; workspace: string }) {
  return (
    <TableScroll>
      <table className="w-full border-collapse bg-white text-sm">
        <caption className="sr-only">Caps in force: actions limited whatever the rules grant</caption>
        <thead>
          <tr className="border-b border-line text-left text-muted">
            <th scope="col" className={th}>Actions</th>
            <th scope="col" className={th}>Limited to</th>
            <th scope="col" className={th}>By</th>
            <th scope="col" className={th}>Why</th>
            <th scope="col" className={th}>Since (UTC)</th>
            <th scope="col" className={th}>Lift</th>
          </tr>
        </thead>
        <tbody>
          {caps.map((cap, i) => (
            <tr key={cap.pattern} className="border-b border-line align-top last:border-0">
              <th scope="row" className="px-3 py-2 text-left font-mono text-xs font-semibold">{cap.pattern}</th>
              <td className="px-3 py-2">
                <AutonomyBadge level={cap.maxAutonomy} />
              </td>
              <td className="px-3 py-2 text-xs">{cap.by}</td>
              <td className="px-3 py-2">{cap.reason}</td>
              <td className="whitespace-nowrap px-3 py-2 tabular-nums">{when(cap.at)}</td>
              <td className="px-3 py-2">
                <LiftCapForm workspace={workspace} pattern={cap.pattern} index={i} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/**
 * Every version, newest first, marked in force or scheduled. A version dated later than one appended
 * after it never comes into force (the highest version effective at an instant governs), so it is
 * not marked scheduled.
 */
export function PolicyVersionsTable({ versions, inForce, scheduled }: { versions: PolicyVersion[]; inForce: number | null; scheduled: number[] }) {
  return (
    <TableScroll>
      <table className="w-full border-collapse bg-white text-sm">
        <caption className="sr-only">Policy versions, newest first</caption>
        <thead>
          <tr className="border-b border-line text-left text-muted">
            <th scope="col" className={th}>Version</th>
            <th scope="col" className={th}>Effective from (UTC)</th>
            <th scope="col" className={th}>Created by</th>
            <th scope="col" className={th}>Reason</th>
            <th scope="col" className={th}>Created (UTC)</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version} className="border-b border-line align-top last:border-0">
              <th scope="row" className="whitespace-nowrap px-3 py-2 text-left font-medium">
                {`v${v.version} `}
                {v.version === inForce && (
                  <span className="ml-2">
                    <Badge tone="ok">in force</Badge>
                  </span>
                )}
                {scheduled.includes(v.version) && (
                  <span className="ml-2">
                    <Badge tone="warn">scheduled</Badge>
                  </span>
                )}
              </th>
              <td className="whitespace-nowrap px-3 py-2 tabular-nums">{when(v.effectiveFrom)}</td>
              <td className="px-3 py-2 text-xs">{v.createdBy}</td>
              <td className="px-3 py-2">{v.reason}</td>
              <td className="whitespace-nowrap px-3 py-2 tabular-nums">{when(v.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
