/**
 * The demo's scheduler: calls the app's `POST /switchyard/sweep` the way the GitHub Actions workflow in
 * docs/sweep.md does, with the sweep's clock (and only the sweep's: the app's `sweep.now`) moved ahead instead of
 * waiting half an hour. And what a sweep did to one task, read back from GitHub: the bot's stale warning or release
 * notice (found by their hidden markers), the task's labels and assignees.
 */
import { randomBytes } from "node:crypto";
import { MINUTE } from "../../src/config/duration.js";
import type { RepositorySweep } from "../../src/flows/sweep/sweep-repository.js";
import type { SweepSettings } from "../../src/triggers/sweep-settings.js";
import type { EmulatedGitHub } from "../../test/support/emulated-github.js";

const SWEEP_PATH = "/switchyard/sweep";
const WARNING_MARKER = "<!-- switchyard:stale-warning ";
const RELEASE_MARKER = "<!-- switchyard:stale-release ";

export class SweepCron {
  /** How far the sweep's clock runs ahead of the real one. */
  private aheadMs = 0;
  private readonly secret = randomBytes(32).toString("hex");

  /** For `startSandbox({ sweep })`: no timer, the HTTP trigger with this cron's secret, and its clock. */
  get settings(): SweepSettings {
    return { intervalMs: 0, secret: this.secret, now: () => new Date(Date.now() + this.aheadMs) };
  }

  /** Sweeps every installed repository with the sweep's clock `minutes` ahead; the route's answer. */
  async fire(appUrl: string, minutes: number, timeoutMs = 15_000): Promise<RepositorySweep[]> {
    this.aheadMs = minutes * MINUTE;
    const response = await fetch(`${appUrl}${SWEEP_PATH}`, {
      method: "POST",
      headers: { authorization: `Bearer ${this.secret}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`POST ${SWEEP_PATH} answered ${response.status}: ${text.slice(0, 200)}`);
    return JSON.parse(text) as RepositorySweep[];
  }
}

/** A sweep's answer for one repository, in a few words: `5 tasks looked at: 1 warned`. */
export function describeSweep(result: RepositorySweep | undefined): string {
  if (!result) return "no repository swept";
  if (!result.ran) return `${result.repository} not swept: ${result.reason}`;
  const { report } = result;
  const did = (
    [
      ["warned", report.warned],
      ["released", report.released],
      ["repaired", report.repaired],
      ["closed", report.closed],
      ["deferred", report.deferred],
      ["skipped", report.skipped],
    ] as const
  )
    .filter(([, n]) => n > 0)
    .map(([what, n]) => `${n} ${what}`);
  return `${report.tasks} task(s) looked at: ${did.join(", ") || "nothing to do"}`;
}

export interface SweepView {
  /** The stale warning, as posted (without markers), if any. */
  readonly warning: string | null;
  /** The release notice, if any. */
  readonly release: string | null;
  readonly labels: readonly string[];
  readonly assignees: readonly string[];
}

/** The sweep's comments on `issue` (only the bot's: anyone could paste a marker) and the issue's state. */
export async function readSweepView(gh: EmulatedGitHub, reader: string, issue: number): Promise<SweepView> {
  const client = gh.as(reader);
  const repo = { owner: gh.owner, repo: gh.repo };
  const [comments, { data }] = await Promise.all([
    client.paginate(client.rest.issues.listComments, { ...repo, issue_number: issue, per_page: 100 }),
    client.rest.issues.get({ ...repo, issue_number: issue }),
  ]);
  const find = (marker: string) => {
    const found = comments.filter((c) => c.user?.type === "Bot" && (c.body ?? "").includes(marker)).at(-1);
    return found ? (found.body ?? "").replace(/<!--[\s\S]*?-->/g, "").trim() : null;
  };
  return {
    warning: find(WARNING_MARKER),
    release: find(RELEASE_MARKER),
    labels: data.labels.map((l) => (typeof l === "string" ? l : (l.name ?? ""))),
    assignees: (data.assignees ?? []).map((a) => a.login),
  };
}

/** From a stale warning: `{ silent: "21 minutes", last: "the claim itself", releaseIn: "9 minutes" }`. */
export function readWarning(text: string): { holder: string; silent: string; last: string; releaseIn: string } | null {
  const found = /^@([A-Za-z0-9-]+) this task has had no activity for (.+?) \(the last was (.+?)\)\. Unless something happens, I will release it in about (.+?),/.exec(text);
  return found ? { holder: found[1]!, silent: found[2]!, last: found[3]!, releaseIn: found[4]! } : null;
}

/** From a release notice: who, after how long, and the failure count. */
export function readRelease(text: string): { holder: string; silent: string; failures: number; maxFailures: number; blocked: boolean } | null {
  const found = /^@([A-Za-z0-9-]+) I released this task after (.+?) without activity\. (?:That counts as failure|That was failure) (\d+) of (\d+)/.exec(text);
  if (!found) return null;
  return { holder: found[1]!, silent: found[2]!, failures: Number(found[3]), maxFailures: Number(found[4]), blocked: /\*\*blocked\*\*/.test(text) };
}

/** `21 minutes` → `21m`, `1 hour 5 minutes` → `1h 5m`. */
export function shortDuration(spoken: string): string {
  return spoken.replace(/ (day|hour|minute)s?/g, (_, unit: string) => unit[0]!);
}
