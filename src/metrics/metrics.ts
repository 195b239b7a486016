import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { RateLimitTable } from "./rate-limit-table.js";

/**
 * Switchyard's Prometheus metrics, one set per server: tests run several servers in one process, so nothing is
 * registered in prom-client's global registry. Label values come from fixed vocabularies (command names, message
 * kinds, route templates, GitHub's status codes), never from repository names, paths or anything a user typed,
 * so the number of series stays bounded. README's "Metrics" section describes each one.
 */
export interface SwitchyardMetrics {
  readonly registry: Registry;
  readonly commands: Counter<"command" | "outcome">;
  readonly refusals: Counter<"reason">;
  readonly lostRaces: Counter<"target">;
  /** Tracks waiting per repository, as each repository's last queue run found them; the gauge shows their sum. */
  readonly queueDepths: Map<string, number>;
  readonly queueTime: Histogram;
  readonly merges: Counter;
  readonly ejections: Counter<"reason">;
  readonly sweepDuration: Histogram;
  readonly sweepActions: Counter<"action">;
  readonly requests: Counter<"method" | "route" | "status">;
  readonly writes: Counter<"method" | "route">;
  readonly rateLimits: RateLimitTable;
}

type Registers = Registry[];

const MINUTE = 60;
const HOUR = 60 * MINUTE;

/** A new registry with the process's default metrics (CPU, memory, event loop) and Switchyard's own. */
export function createMetrics(): SwitchyardMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return { registry, ...commandMetrics(registers), ...queueMetrics(registers), ...sweepMetrics(registers), ...gitHubMetrics(registers) };
}

function commandMetrics(registers: Registers) {
  return {
    commands: new Counter({
      name: "switchyard_commands_total",
      help: "Commands answered, by command and outcome (succeeded, refused, failed).",
      labelNames: ["command", "outcome"] as const,
      registers,
    }),
    refusals: new Counter({ name: "switchyard_refusals_total", help: "Refusals said, by reason.", labelNames: ["reason"] as const, registers }),
    lostRaces: new Counter({
      name: "switchyard_lost_races_total",
      help: "Compare-and-swaps lost to another writer (then decided again from a fresh read), by what was written.",
      labelNames: ["target"] as const,
      registers,
    }),
  };
}

function queueMetrics(registers: Registers) {
  const queueDepths = new Map<string, number>();
  new Gauge({
    name: "switchyard_queue_depth",
    help: "Tracks waiting in the merge queues, summed over the repositories, as each one's last queue run found them.",
    registers,
    collect() {
      this.set([...queueDepths.values()].reduce((sum, depth) => sum + depth, 0));
    },
  });
  return {
    queueDepths,
    queueTime: new Histogram({
      name: "switchyard_queue_time_seconds",
      help: "Time from /queue to the merge, of each track the merge queue landed.",
      buckets: [MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 4 * HOUR, 12 * HOUR, 24 * HOUR, 72 * HOUR],
      registers,
    }),
    merges: new Counter({ name: "switchyard_merges_total", help: "Tracks the merge queue merged.", registers }),
    ejections: new Counter({
      name: "switchyard_ejections_total",
      help: "Tracks the merge queue took out without merging them, by reason.",
      labelNames: ["reason"] as const,
      registers,
    }),
  };
}

function sweepMetrics(registers: Registers) {
  return {
    sweepDuration: new Histogram({
      name: "switchyard_sweep_duration_seconds",
      help: "How long one repository's sweep took.",
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, MINUTE, 2 * MINUTE, 5 * MINUTE],
      registers,
    }),
    sweepActions: new Counter({
      name: "switchyard_sweep_actions_total",
      help: "Tasks the sweep acted on, by action (warned, released, repaired, closed; deferred by the write cap; skipped).",
      labelNames: ["action"] as const,
      registers,
    }),
  };
}

function gitHubMetrics(registers: Registers) {
  const rateLimits = new RateLimitTable();
  new Gauge({
    name: "switchyard_github_rate_limit_remaining",
    help: "Requests left in GitHub's current rate-limit window (x-ratelimit-remaining), the lowest over the installations.",
    labelNames: ["resource"] as const,
    registers,
    collect() {
      this.reset();
      for (const [resource, remaining] of rateLimits.lowest(Date.now())) this.set({ resource }, remaining);
    },
  });
  return {
    rateLimits,
    requests: new Counter({
      name: "switchyard_github_requests_total",
      help: "Requests sent to GitHub (each retry too), by method, route template and answer status (0: no answer).",
      labelNames: ["method", "route", "status"] as const,
      registers,
    }),
    writes: new Counter({
      name: "switchyard_github_writes_total",
      help: "Requests that change something on GitHub (GraphQL mutations included), by method and route template.",
      labelNames: ["method", "route"] as const,
      registers,
    }),
  };
}
