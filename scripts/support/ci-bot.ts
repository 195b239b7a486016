/**
 * A simulated CI for the demo and the bench: it "runs" on every new head of an open, ready-for-review pull request and
 * reports a passing commit status there (`POST /repos/{owner}/{repo}/statuses/{sha}`, as its own user), then delivers
 * the `status` webhook GitHub sends for it (the emulator does not send that one). The merge queue waits for these:
 * it merges a track only when every check on its head passed, and a head it brought up to date with its base needs
 * a new run. CI's requests are a user's, not the app's: the app's request recorder does not count them.
 */
import type { EmulatedGitHub } from "../../test/support/emulated-github.js";
import { statusEvent } from "../../test/support/queue-payloads.js";
import { sleep, waitUntil } from "./sandbox.js";

/** The seeded user CI reports as (`startSandbox({ seed: { users: CI_USERS } })`). */
export const CI_LOGIN = "ci-bot";
export const CI_USERS = { [CI_LOGIN]: "write" } as const;

export interface CiRun {
  readonly pullRequest: number;
  readonly branch: string;
  readonly sha: string;
  /** Whether this PR already had a passing run on an earlier head (the head moved: a push or a branch update). */
  readonly rerun: boolean;
  /** The head commit's first line (a branch update by the merge queue reads "Merge branch 'main' into …"). */
  readonly title: string;
}

export class CiBot {
  private readonly seen = new Set<string>();
  private readonly ranOn = new Set<number>();
  private stopped = true;
  private loop: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  /** Passes finished, and how many heads the last one reported on. */
  private passes = 0;
  private lastReported = 0;

  constructor(
    private readonly gh: EmulatedGitHub,
    private readonly options: {
      context?: string;
      everyMs?: number;
      onRun?: (run: CiRun) => void;
      /** Which PRs' branches CI runs on (default: all). */
      branches?: (ref: string) => boolean;
    } = {},
  ) {}

  get context(): string {
    return this.options.context ?? "ci/demo";
  }

  /** How many heads CI reported on. */
  get runs(): number {
    return this.seen.size;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = (async () => {
      while (!this.stopped) {
        try {
          this.lastReported = await this.once();
          this.passes++;
        } catch (error) {
          // The emulator refusing CI is worth stopping for: nothing would merge without it.
          this.failure = error;
          this.stopped = true;
          return;
        }
        await sleep(this.options.everyMs ?? 100);
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
    if (this.failure) throw this.failure instanceof Error ? this.failure : new Error(String(this.failure));
  }

  /** Resolves once a whole pass that started after this call found no new head (every status and webhook sent). */
  async settled(timeoutMs = 10_000): Promise<void> {
    const from = this.passes;
    await waitUntil("CI to report on every head", () => (this.failure ? true : this.passes >= from + 2 && this.lastReported === 0 ? true : undefined), { timeoutMs, everyMs: 10 });
    if (this.failure) throw this.failure instanceof Error ? this.failure : new Error(String(this.failure));
  }

  /** One pass: a passing status on each open, non-draft PR's head that has none from CI yet; how many it reported. */
  async once(): Promise<number> {
    const { gh } = this;
    const where = { owner: gh.owner, repo: gh.repo };
    const { data: open } = await gh.as(CI_LOGIN).rest.pulls.list({ ...where, state: "open", per_page: 100 });
    let reported = 0;
    for (const pr of open.filter((p) => !p.draft && (this.options.branches?.(p.head.ref) ?? true))) {
      // The branch, not the PR: its head is what CI runs on.
      const head = await gh.as(CI_LOGIN).rest.git.getRef({ ...where, ref: `heads/${pr.head.ref}` }).catch(() => null);
      const sha = head?.data.object.sha;
      if (!sha || this.seen.has(sha)) continue;
      this.seen.add(sha);
      await gh.as(CI_LOGIN).rest.repos.createCommitStatus({ ...where, sha, state: "success", context: this.context, description: "All tests passed" });
      if (this.options.onRun) {
        const { data: commit } = await gh.as(CI_LOGIN).rest.git.getCommit({ ...where, commit_sha: sha });
        this.options.onRun({ pullRequest: pr.number, branch: pr.head.ref, sha, rerun: this.ranOn.has(pr.number), title: commit.message.split("\n")[0] ?? "" });
      }
      // Delivered last: the app may merge the PR while handling it.
      await gh.webhooks.send("status", statusEvent({ ...where, installationId: gh.installationId }, { sha, state: "success", context: this.context }));
      this.ranOn.add(pr.number);
      reported++;
    }
    return reported;
  }

  /** Whether CI's status on `sha` is a success (read from GitHub). */
  async passed(sha: string, reader: string): Promise<boolean> {
    const { data } = await this.gh.as(reader).rest.repos.getCombinedStatusForRef({ owner: this.gh.owner, repo: this.gh.repo, ref: sha });
    return data.statuses.some((s) => s.context === this.context && s.state === "success");
  }
}
