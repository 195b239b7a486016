/** Who plays in `npm run demo`, and the timings and limits its scenes keep to. */
import type { Task } from "./backlog.js";

export const AGENTS = ["alice", "bob", "carol"] as const;
/** Works through the `switchyard` CLI in a clone of her own (scene 7, `cli-agent.ts`). */
export const CLI_AGENT = "erin";
export const REVIEWER = "maya";
export const MAINTAINER = "adam";
export const READ_ONLY = "rita";
/** Claims `SILENT_TASK` early, then never pushes or comments again. */
export const SILENT = "dave";
/** The index in BACKLOG of the task the silent agent claims (no dependency, no overlap with the others). */
export const SILENT_TASK = 8;
/** The scheduler sweeps once this many tasks have landed (or all but the silent one). */
export const SWEEP_AFTER_LANDED = 3;
/** The sweep's clock for the warning and for the release: past `stale.warnAfter` (20m), then `stale.releaseAfter` (30m). */
export const WARN_AT_MINUTES = 21;
export const RELEASE_AT_MINUTES = 31;
/** The whole demo must finish well within this; every single wait has its own, shorter timeout too. */
export const DEADLINE_MS = 75_000;
/** How long the reviewer takes to read a PR that became ready for review. */
export const REVIEW_READING_MS = 550;
/** How long an agent works on a task before pushing (a little longer for each task down the list). */
export const WORK_MS = (task: Task) => 500 + 150 * (task.number % 4);
/** With nobody holding a claim, nothing to review and no change for this long, the agents stop waiting. */
export const STALL_MS = 4_000;
/** The app's defaults (`limits.maxActiveTracks`, `limits.maxClaimsPerAgent`): the demo runs without a config file. */
export const MAX_ACTIVE_TRACKS = 4;
/** A queued track must be merged (and finished: issue closed, line checked, branch deleted) within this. */
export const QUEUE_WAIT_MS = 20_000;
/** The hidden marker on every Switchyard reply (`src/messages/index.ts`). */
export const REPLY_MARKER = "<!-- switchyard:reply -->";
