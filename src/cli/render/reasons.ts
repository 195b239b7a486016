/** Why a task cannot be claimed, in one short clause each: the admission refusals as `switchyard tasks` prints them. */
import type { AdmissionRefusal } from "../../core/admission/index.js";
import { oneLine } from "../text.js";

const list = (numbers: readonly number[]): string => numbers.map((n) => `#${n}`).join(", ");

export function reasonText(r: AdmissionRefusal): string {
  switch (r.kind) {
    case "invalidTaskMeta":
      return `its Depends on/Touches lines need fixing (${r.problems.length} problem${r.problems.length === 1 ? "" : "s"})`;
    case "dependencyCycle":
      return `dependency cycle ${[...r.cycle, r.cycle[0]].map((n) => `#${n}`).join(" → ")}`;
    case "dependenciesNotDone":
      return `dependency open: ${list(r.tasks)}`;
    case "maxActiveTracks":
      return `at the track limit (${r.limit} active: ${list(r.tracks)})`;
    case "maxClaimsPerAgent":
      return `you already hold ${list(r.tasks)} (limit ${r.limit} per agent)`;
    case "touchesOverlap":
      return `overlaps #${r.task}'s Touches (held by @${oneLine(r.holder, 40)}: ${r.pairs.map(([a, b]) => `${oneLine(a, 60)} and ${oneLine(b, 60)}`).join(", ")})`;
  }
}

/** A refusal as plain data for `--json` and MCP: its kind, the tasks it names, and the clause. */
export function reasonData(r: AdmissionRefusal): { kind: AdmissionRefusal["kind"]; tasks: number[]; text: string } {
  const tasks =
    r.kind === "dependenciesNotDone" ? r.tasks
    : r.kind === "maxActiveTracks" ? r.tracks
    : r.kind === "maxClaimsPerAgent" ? r.tasks
    : r.kind === "touchesOverlap" ? [r.task]
    : r.kind === "dependencyCycle" ? r.cycle
    : [];
  return { kind: r.kind, tasks: [...tasks], text: reasonText(r) };
}
