import type { Lock } from "./lock.js";

export type StateName = "ready" | "claimed" | "review" | "queued" | "blocked";
export const STATE_NAMES: readonly StateName[] = ["ready", "claimed", "review", "queued", "blocked"];

export function stateLabel(prefix: string, state: StateName): string {
  return `${prefix}${state}`;
}

/** The state labels currently on an issue (label names compare case-insensitively on GitHub). */
export function stateLabelsOn(prefix: string, labels: readonly string[]): StateName[] {
  const lower = new Set(labels.map((l) => l.toLowerCase()));
  return STATE_NAMES.filter((s) => lower.has(stateLabel(prefix, s).toLowerCase()));
}

/** Which state label a lock projects to. A free lock projects to `ready`: it was a task before. */
export function projectedState(lock: Lock): StateName {
  switch (lock.status) {
    case "claimed":
      return "claimed";
    case "review":
      return "review";
    case "queued":
      return "queued";
    case "blocked":
      return "blocked";
    case "free":
      return "ready";
  }
}

/** The label changes that make an issue show exactly one state: `want`. */
export function labelChanges(prefix: string, labels: readonly string[], want: StateName): { add: string[]; remove: string[] } {
  const present = stateLabelsOn(prefix, labels);
  return {
    add: present.includes(want) ? [] : [stateLabel(prefix, want)],
    remove: present.filter((s) => s !== want).map((s) => stateLabel(prefix, s)),
  };
}
