import { MINUTE } from "../../src/config/duration.js";
import { loadConfig } from "../../src/config/load-config.js";
import { SweepCache } from "../../src/github/load/sweep-cache.js";
import { repoConfigReader } from "../../src/github/repo-config.js";
import { runSweep, type SweepReport } from "../../src/flows/sweep/run-sweep.js";
import type { RecordedRequest } from "../support/request-recorder.js";
import type { AppUnderTest } from "./app-under-test.js";

export const QUIET = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Sweeps of the test's repository by the app under test, on a clock `minutes` ahead of the real one. */
export function sweeper(t: AppUnderTest) {
  const cache = new SweepCache();
  const repo = () => ({ owner: t.gh.owner, repo: t.gh.repo });
  return {
    repo,
    botLogin: () => `${t.gh.appSlug}[bot]`,
    async at(minutes: number, options: { maxWrites?: number } = {}): Promise<SweepReport & { writeList: string[]; requestList: string[] }> {
      const github = await t.app.auth(t.gh.installationId);
      const config = await loadConfig(repoConfigReader(github, repo()));
      if (!config.ok) throw new Error(config.problems.join("; "));
      const mark = t.gh.recorder.mark();
      const report = await runSweep({
        github,
        repo: repo(),
        config: config.config,
        defaultBranch: t.gh.defaultBranch,
        botLogin: `${t.gh.appSlug}[bot]`,
        now: () => new Date(Date.now() + minutes * MINUTE),
        cache,
        ...options,
        log: QUIET,
      });
      const requestList = t.gh.recorder.since(mark).filter((r) => !r.path.endsWith("/access_tokens")).map(line);
      return { ...report, writeList: t.gh.recorder.writes(mark).map(line), requestList };
    },
  };
}

function line(r: RecordedRequest): string {
  return `${r.method} ${r.path.replace(/\/\d+(?=\/|$)/g, "/N")}`;
}

/** Closes every open issue, so the next test's sweeps see only its own tasks. */
export async function closeAllIssues(t: AppUnderTest): Promise<void> {
  const maya = t.gh.as("maya").rest;
  const open = await t.gh.as("maya").paginate(maya.issues.listForRepo, { owner: t.gh.owner, repo: t.gh.repo, state: "open", per_page: 100 });
  for (const issue of open) {
    if (issue.pull_request) continue;
    await maya.issues.update({ owner: t.gh.owner, repo: t.gh.repo, issue_number: issue.number, state: "closed", state_reason: "not_planned" });
  }
}
