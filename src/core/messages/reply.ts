import type { AdmissionRefusal } from "../admission/index.js";
import type { StatusReport } from "../status.js";
import type { QueueMessage } from "./queue.js";

/**
 * What Switchyard answers to a command, as plain data: decisions return it inside a `reply` operation and
 * `messages/` turns it into the sentences a user reads. The merge queue's replies are part of it.
 */
export type Message = CommandMessage | QueueMessage;

/** The replies of the task commands (`/claim` … `/status`) and of the command flow itself. */
export type CommandMessage =
  /** `pullRequestOpening`: the reply goes out before the draft PR is opened, right after it. */
  | { kind: "claimed"; holder: string; branch: string; worktreeDir: string; reclaimed: boolean; pullRequest?: number; pullRequestOpening?: boolean; repository?: string }
  | { kind: "released"; holder: string; by: string }
  | { kind: "done"; holder: string; pullRequest: number; reviewers: string[]; tasksFile: string }
  | { kind: "failed"; holder: string; reason: string; failures: number; maxFailures: number; blocked: boolean }
  | { kind: "unblocked"; by: string }
  | { kind: "usage"; command: string }
  | { kind: "lookalike"; written: string; command: string }
  | { kind: "badConfig"; problems: string[] }
  | { kind: "notAllowed"; login: string; command: string; need?: "read" }
  | { kind: "notMaintainer"; login: string; command: string; permission: string }
  | { kind: "useTaskIssue"; command: string }
  | { kind: "notATrack" }
  | { kind: "issueClosed" }
  | { kind: "notReady"; readyLabel: string }
  | { kind: "isBlocked"; failures: number }
  | { kind: "heldBy"; holder: string; since: string }
  | { kind: "alreadyInReview"; holder: string }
  | { kind: "notClaimed"; command: string }
  | { kind: "notHolder"; holder: string; command: string }
  | { kind: "earlierClaim"; command: string; task: number }
  | { kind: "notBlocked" }
  | { kind: "noPullRequest"; branch: string }
  | { kind: "busy"; command: string }
  | { kind: "internalError"; command: string; detail: string }
  | { kind: "halfDone"; command: string; detail: string }
  /** GitHub's rate limit stopped the command; `tookEffect`: the lock had changed already. `until`: ISO time, if known. */
  | { kind: "rateLimited"; command: string; until: string | null; tookEffect: boolean }
  | { kind: "status"; report: StatusReport }
  | { kind: "notAdmitted"; refusals: AdmissionRefusal[] };
