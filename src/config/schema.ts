/**
 * The one description of `.github/switchyard.yml`: validation, defaults, the problems users read, and
 * (through `z.toJSONSchema`, see json-schema.ts) the JSON Schema editors use. Every key is optional.
 */
import { z } from "zod";
import { DAY, DURATION_TEXT_PATTERN, MINUTE, formatDuration, parseDuration } from "./duration.js";
import { got } from "./wording.js";

/** An error option whose message is `<requirement> (got <value>)`, whatever zod's issue was. */
function says(requirement: string | ((input: unknown) => string)) {
  return {
    error: (issue: { readonly input?: unknown }) =>
      got(typeof requirement === "string" ? requirement : requirement(issue.input), issue.input),
  };
}

function wholeNumber(min: number, max: number) {
  const e = says(`must be a whole number from ${min} to ${max}`);
  return z.number(e).int(e).min(min, e).max(max, e);
}

/** A mapping of keys; unknown keys are reported. Absent → every key at its default. */
function section<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "invalid_type"
        ? issue.input === null
          ? "is empty: add keys under it, or remove it to use the defaults"
          : got("must be a mapping of keys to values", issue.input)
        : undefined,
  });
}

// ---------------------------------------------------------------- durations

const MIN_DURATION = MINUTE;
const MAX_DURATION = 7 * DAY;
const DURATION_SHAPE = "must be a whole number of minutes like `20`, or a duration like `90s`, `20m`, `1h` or `1h30m`";
const MAX_MINUTES = MAX_DURATION / MINUTE;

function durationRequirement(input: unknown): string {
  const ms = parseDuration(input);
  if (ms === null || (typeof input === "number" && input < 1)) return DURATION_SHAPE;
  if (typeof input === "number") return `must be from 1 to ${MAX_MINUTES} minutes (7 days)`;
  return "must be from 1 minute to 7 days";
}

/** A duration in the file (minutes or text); milliseconds once parsed. */
function duration(defaultText: string) {
  const e = says(durationRequirement);
  return z
    .union(
      [
        z.number(e).int(e).min(1, e).max(MAX_MINUTES, e),
        z.string(e).min(2, e).meta({ pattern: DURATION_TEXT_PATTERN }),
      ],
      e,
    )
    .transform((value, ctx) => {
      const ms = parseDuration(value);
      if (ms === null || ms < MIN_DURATION || ms > MAX_DURATION) {
        ctx.issues.push({ code: "custom", input: value, message: got(durationRequirement(value), value) });
        return z.NEVER;
      }
      return ms;
    })
    .prefault(defaultText);
}

// ---------------------------------------------------------------- names

/** GitHub's login shape (the `[bot]` suffix is added for agents). Linear: no nested quantifiers. */
const LOGIN = "[A-Za-z0-9][A-Za-z0-9-]{0,38}";
const USER_LOGIN = new RegExp(`^${LOGIN}$`);
const AGENT_LOGIN = new RegExp(`^${LOGIN}(?:\\[bot\\])?$`);
const TEAM_SLUG = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

function loginRequirement(bots: boolean) {
  return (input: unknown): string => {
    if (typeof input === "string" && input.startsWith("@")) return "write the login without `@`";
    return bots
      ? "must be a GitHub login (letters, digits and hyphens, at most 39 characters), or an app's bot login ending in `[bot]`"
      : "must be a GitHub login (letters, digits and hyphens, at most 39 characters)";
  };
}

function logins(bots: boolean) {
  const e = says(loginRequirement(bots));
  return z.array(z.string(e).regex(bots ? AGENT_LOGIN : USER_LOGIN, e), says("must be a list of GitHub logins"));
}

function teamRequirement(input: unknown): string {
  if (typeof input === "string" && input.includes("/"))
    return "write only the team's slug, without `@` or the organization (`@org/docs-team` → `docs-team`)";
  return "must be a team slug (letters, digits, `-`, `_` and `.`, as in the team's URL)";
}

// ---------------------------------------------------------------- free text with rules

/** The first rule a branch prefix breaks, or `null`. Together with the prefix's characters this is git's ref rules. */
export function branchPrefixProblem(prefix: string): string | null {
  for (const ch of prefix) {
    const ok = (ch >= "a" && ch <= "z") || (ch >= "A" && ch <= "Z") || (ch >= "0" && ch <= "9") || "._/-".includes(ch);
    if (!ok) return "may only contain letters, digits, `.`, `_`, `-` and `/`";
  }
  if (prefix.length > 100) return "must be at most 100 characters";
  if (prefix.startsWith("/") || prefix.startsWith("-")) return "must not start with `/` or `-`";
  if (!prefix.endsWith("/")) return "must end with `/`, like `agent/`";
  if (prefix.includes("..")) return "must not contain `..`";
  const parts = prefix.slice(0, -1).split("/");
  if (parts.some((part) => part.length === 0)) return "must not contain `//`";
  if (parts.some((part) => part.startsWith("."))) return "must not have a part that starts with `.`";
  if (parts.some((part) => part.endsWith(".lock"))) return "must not have a part that ends with `.lock`";
  return null;
}

/** The first rule a tasks file path breaks, or `null`. */
export function tasksFileProblem(path: string): string | null {
  if (path.length === 0) return "must be a file path like `TASKS.md` or `docs/TASKS.md`";
  if (path.length > 255) return "must be at most 255 characters";
  for (const ch of path) {
    const code = ch.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) return "must not contain control characters or line breaks";
  }
  if (path.includes("\\")) return "must separate folders with `/`, not `\\`";
  if (path.startsWith("/")) return "must be relative to the repository's root: remove the leading `/`";
  const parts = path.split("/");
  if (parts.includes("..")) return "must not contain `..`: the file must be inside the repository";
  if (parts.includes(".")) return "must not contain `.` folders: write `docs/TASKS.md`, not `./docs/TASKS.md`";
  if (parts.some((part) => part.length === 0)) return "must be a file path like `docs/TASKS.md`, without `//` or a trailing `/`";
  return null;
}

function ruledString(problem: (value: string) => string | null, notText: string) {
  return z.string(says(notText)).superRefine((value, ctx) => {
    const found = problem(value);
    if (found !== null) ctx.addIssue({ code: "custom", input: value, message: got(found, value) });
  });
}

function labelPrefixProblem(prefix: string): string | null {
  if (prefix.length < 1 || prefix.length > 20) return "must be 1 to 20 characters";
  if (prefix.includes(",")) return "must not contain commas";
  for (const ch of prefix) {
    const code = ch.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) return "must not contain control characters or line breaks";
  }
  return null;
}

// ---------------------------------------------------------------- the file

export const MAINTAINER_PERMISSIONS = ["triage", "write", "maintain", "admin"] as const;
export const MERGE_METHODS = ["squash", "merge", "rebase"] as const;

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  const names = values.map((v) => `\`${v}\``);
  return z.enum(values, says(`must be one of ${names.slice(0, -1).join(", ")} or ${names.at(-1)}`));
}

const yesNo = () => z.boolean(says("must be `true` or `false`"));

export const configSchema = z
  .strictObject(
    {
      labels: section({
        prefix: ruledString(labelPrefixProblem, "must be text of 1 to 20 characters")
          .meta({ minLength: 1, maxLength: 20, pattern: "^[^,]*$" })
          .default("agent:")
          .describe(
            "Prefix of the state labels Switchyard puts on task issues: `<prefix>ready`, `<prefix>claimed`, " +
              "`<prefix>review`, `<prefix>queued` and `<prefix>blocked`. 1 to 20 characters, no commas.",
          ),
      })
        .prefault({})
        .describe("The labels that show a task's state."),

      branchPrefix: ruledString(branchPrefixProblem, "must be text like `agent/`")
        .meta({ pattern: "^[A-Za-z0-9._][A-Za-z0-9._/-]*/$", maxLength: 100 })
        .default("agent/")
        .describe(
          "Start of every track branch name: `<branchPrefix><login>/<issue>-<slug>`. Only letters, digits, " +
            "`.`, `_`, `-` and `/`; must end with `/`; no `..`; must not start with `/` or `-`.",
        ),

      agents: section({
        allow: logins(true)
          .default([])
          .describe(
            "GitHub logins that may `/claim` tasks even without write permission on the repository " +
              "(for example an agent's bot account, `my-agent[bot]`).",
          ),
      })
        .prefault({})
        .describe("Who may claim tasks besides people with write permission."),

      maintainers: section({
        permission: oneOf(MAINTAINER_PERMISSIONS)
          .default("write")
          .describe(
            "The lowest repository permission treated as a maintainer, who may for example `/unblock` a task: " +
              "`triage`, `write`, `maintain` or `admin`.",
          ),
      })
        .prefault({})
        .describe("Who counts as a maintainer."),

      limits: section({
        maxActiveTracks: wholeNumber(1, 50)
          .default(4)
          .describe("How many tasks may be claimed at the same time in this repository (1 to 50)."),
        maxClaimsPerAgent: wholeNumber(1, 20)
          .default(1)
          .describe("How many tasks one agent may hold at the same time (1 to 20)."),
      })
        .prefault({})
        .describe("Limits on parallel work."),

      stale: section({
        warnAfter: duration("20m").describe(
          "How long a claimed task may go without activity before Switchyard warns its holder. A whole " +
            "number of minutes (`20`) or a duration such as `90s`, `20m`, `1h30m`; from 1m to 7d.",
        ),
        releaseAfter: duration("30m").describe(
          "How long a claimed task may go without activity before Switchyard releases it; longer than " +
            "`warnAfter`. A whole number of minutes (`30`) or a duration such as `30m`, `2h`; from 1m to 7d.",
        ),
      })
        .superRefine((stale, ctx) => {
          if (stale.releaseAfter > stale.warnAfter) return;
          ctx.addIssue({
            code: "custom",
            path: ["releaseAfter"],
            input: stale.releaseAfter,
            message:
              `must be longer than \`stale.warnAfter\` (releaseAfter is ${formatDuration(stale.releaseAfter)}, ` +
              `warnAfter is ${formatDuration(stale.warnAfter)})`,
          });
        })
        .prefault({})
        .describe("When idle claims are warned about and released."),

      maxFailures: wholeNumber(1, 20)
        .default(2)
        .describe("After this many `/fail`s a task is marked blocked until a maintainer says `/unblock` (1 to 20)."),

      queue: section({
        requiredApprovals: wholeNumber(0, 10)
          .default(1)
          .describe("Approving reviews a track's pull request needs before it may be queued for merging (0 to 10)."),
        method: oneOf(MERGE_METHODS).default("squash").describe("How queued pull requests are merged: `squash`, `merge` or `rebase`."),
        autoEnqueueOnApproval: yesNo()
          .default(false)
          .describe("Queue a track's pull request by itself once it has enough approvals, without a `/queue` command."),
        checkTimeout: duration("30m").describe(
          "How long to wait for a queued pull request's checks before giving up on it. A whole number of " +
            "minutes (`30`) or a duration such as `45m`, `1h`; from 1m to 7d.",
        ),
        deleteBranchAfterMerge: yesNo().default(true).describe("Delete a track's branch once its pull request is merged."),
      })
        .prefault({})
        .describe("The merge queue."),

      review: section({
        reviewers: logins(false)
          .default([])
          .describe("GitHub logins asked to review a track's pull request when its holder says `/done`."),
        teamReviewers: z
          .array(z.string(says(teamRequirement)).regex(TEAM_SLUG, says(teamRequirement)), says("must be a list of team slugs"))
          .default([])
          .describe("Team slugs (without the organization) asked to review a track's pull request when its holder says `/done`."),
      })
        .prefault({})
        .describe("Who is asked to review finished work."),

      dashboard: section({
        enabled: yesNo().default(true).describe("Keep one dashboard issue up to date: progress, active tracks, the merge queue and the task graph."),
        interval: duration("5m").describe("The dashboard issue is rewritten at most once per this long, and only when what it shows changed. A whole number of minutes (`5`) or a duration such as `90s`, `10m`, `1h`; from 1m to 7d."),
      }).prefault({}).describe("The dashboard issue: one per repository, kept up to date by Switchyard."),

      tasksFile: ruledString(tasksFileProblem, "must be a file path like `TASKS.md`")
        .meta({ minLength: 1, maxLength: 255 })
        .default("TASKS.md")
        .describe("Path of the task list file, relative to the repository's root (no leading `/`, no `..`)."),
    },
    { error: (issue) => (issue.code === "invalid_type" ? "the file must be a YAML mapping of keys to values" : undefined) },
  )
  .describe("Switchyard's configuration, read from `.github/switchyard.yml` on the default branch. Every key is optional.");

/** The configuration once parsed: every key present, durations in milliseconds. */
export type SwitchyardConfig = z.output<typeof configSchema>;

function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null) return value;
  for (const inner of Object.values(value)) deepFreeze(inner);
  return Object.freeze(value);
}

/** The configuration of a repository without `.github/switchyard.yml` (frozen: copy it to change it). */
export const DEFAULT_CONFIG: SwitchyardConfig = deepFreeze(configSchema.parse({}));
