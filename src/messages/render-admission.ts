import { MAX_GLOB_ALTERNATIVES, MAX_GLOB_LENGTH, MAX_TOUCHES_CLASSES, type AdmissionRefusal, type TaskMetaProblem } from "../core/admission/index.js";
import { codeSpan } from "./neutralize.js";

/** Overlapping pairs named in one reason; a hostile list could otherwise make a reply longer than GitHub takes. */
const MAX_PAIRS_SHOWN = 10;

/** Why admission control refused a claim, and what would unblock it: one bullet of the `notAdmitted` reply. */
export function renderAdmissionReason(r: AdmissionRefusal): string {
  const tasks = (numbers: readonly number[]) => numbers.map((n) => `#${n}`).join(", ");
  switch (r.kind) {
    case "invalidTaskMeta":
      return `its \`Depends on:\` / \`Touches:\` lines need fixing in the issue body: ${r.problems.map(metaProblem).join("; ")}.`;
    case "dependencyCycle":
      return `its dependencies form a cycle (${[...r.cycle, r.cycle[0]].map((n) => `#${n}`).join(" → ")}), so none of them can start. Remove one of those \`Depends on:\` lines.`;
    case "dependenciesNotDone":
      return `it depends on ${tasks(r.tasks)}, not done yet. It can be claimed once ${r.tasks.length === 1 ? "that task is" : "those tasks are"} merged.`;
    case "maxActiveTracks":
      return `${r.tracks.length === 1 ? "1 track is" : `${r.tracks.length} tracks are`} already active (${tasks(r.tracks)}), the limit set by \`limits.maxActiveTracks\` (${r.limit}). A slot frees up when one is merged or released.`;
    case "maxClaimsPerAgent":
      return `you already hold ${tasks(r.tasks)}, the limit set by \`limits.maxClaimsPerAgent\` (${r.limit}). Say \`/done\`, \`/release\` or \`/fail\` there first.`;
    case "touchesOverlap":
      return touchesOverlap(r);
  }
}

function metaProblem(p: TaskMetaProblem): string {
  switch (p.kind) {
    case "crossRepositoryDependency":
      return `line ${p.line}: ${codeSpan(p.reference)} is in another repository, which Switchyard cannot track`;
    case "malformedDependency":
      return `line ${p.line}: ${codeSpan(p.entry)} is not a task reference like \`#12\``;
    case "invalidGlob":
      return `line ${p.line}: ${codeSpan(p.glob)} is not a usable glob (${GLOB_ERRORS[p.error]})`;
    case "tooManyEntries":
      return `line ${p.line}: more than ${p.limit} \`${p.key === "touches" ? "Touches" : "Depends on"}:\` entries`;
    case "tooManyAlternatives":
      return `line ${p.line}: the \`Touches:\` globs expand to more than ${p.limit} alternatives in all (count each \`{a,b}\` choice)`;
    case "tooManyClasses":
      return `line ${p.line}: the \`Touches:\` globs use more than ${p.limit} different character classes (\`[...]\`) in all`;
  }
}

function touchesOverlap(r: Extract<AdmissionRefusal, { kind: "touchesOverlap" }>): string {
  const shown = r.pairs.slice(0, MAX_PAIRS_SHOWN).map(([a, b]) => `${codeSpan(a)} and ${codeSpan(b)}`);
  if (r.pairs.length > MAX_PAIRS_SHOWN) shown.push(`${r.pairs.length - MAX_PAIRS_SHOWN} more pairs`);
  const then = `It can start once #${r.task} is merged or released.`;
  if (r.unsettled) {
    return `what it touches may overlap #${r.task}, held by @${r.holder} (${shown.join(", ")}): the globs are too many or too intricate to compare in the time a claim may take, so Switchyard assumes they overlap. Fewer or simpler \`Touches:\` globs let it decide. ${then}`;
  }
  return `what it touches overlaps #${r.task}, held by @${r.holder} (${shown.join(", ")}). ${then}`;
}

const GLOB_ERRORS: Record<Extract<TaskMetaProblem, { kind: "invalidGlob" }>["error"], string> = {
  empty: "empty",
  tooLong: `longer than ${MAX_GLOB_LENGTH} characters`,
  controlCharacter: "it contains a control character",
  unbalancedBraces: "unbalanced braces",
  tooManyAlternatives: `more than ${MAX_GLOB_ALTERNATIVES} brace alternatives`,
  tooManyClasses: `more than ${MAX_TOUCHES_CLASSES} different character classes`,
  dotSegment: "`.` and `..` are not allowed",
  matchesNothing: "it can match no file",
};
