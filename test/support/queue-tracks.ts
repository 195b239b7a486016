import type { Probot } from "probot";
import { runQueue } from "../../src/flows/queue/run-queue.js";
import type { EmulatedGitHub } from "./emulated-github.js";
import { statusEvent } from "./queue-payloads.js";

/** Where the people act: an integration test's app under test, or an e2e world (which has no app to call). */
export interface QueueWorldHost {
  readonly gh: EmulatedGitHub;
  readonly app?: Probot;
  say(login: string, issue: number, body: string): Promise<unknown>;
}

/**
 * A repository's people working a track to the merge queue through the app under test: tasks, commits by the agent,
 * CI that reports a commit status on every open PR's head, reviews, and queue runs at a chosen time.
 */
export function queueWorld(t: QueueWorldHost) {
  const gh = () => t.gh;
  const where = () => ({ owner: t.gh.owner, repo: t.gh.repo });

  async function readFile(path: string, ref: string): Promise<{ text: string; sha: string } | null> {
    try {
      const { data } = await gh().as("maya").rest.repos.getContent({ ...where(), path, ref });
      if (Array.isArray(data) || data.type !== "file") return null;
      return { text: Buffer.from(data.content, "base64").toString("utf8"), sha: data.sha };
    } catch {
      return null;
    }
  }

  async function commitFile(login: string, branch: string, path: string, edit: (text: string) => string): Promise<void> {
    const file = await readFile(path, branch);
    await gh().as(login).rest.repos.createOrUpdateFileContents({
      ...where(),
      path,
      branch,
      message: `Edit ${path}`,
      content: Buffer.from(edit(file?.text ?? ""), "utf8").toString("base64"),
      ...(file ? { sha: file.sha } : {}),
    });
  }

  async function headOf(pr: number): Promise<string> {
    const { data } = await gh().as("maya").rest.pulls.get({ ...where(), pull_number: pr });
    return data.head.sha;
  }

  return {
    readFile,
    commitFile,
    headOf,

    /** The tasks file on the default branch, listing `tasks` unchecked. */
    async writeTasksFile(tasks: readonly { n: number; title: string }[]): Promise<void> {
      await commitFile("adam", gh().defaultBranch, "TASKS.md", () => `# Tasks\n\n${tasks.map((x) => `- [ ] #${x.n} ${x.title}`).join("\n")}\n`);
    },

    /**
     * `login` claims a new task, changes `path` on the track (and checks its own box in the tasks file, as agents
     * do), says `/done`, and maya approves the PR.
     */
    async track(login: string, n: number, path: string, content: string, options: { checkOwnBox?: boolean; approve?: boolean; done?: boolean } = {}) {
      await t.say(login, n, "/claim");
      const { data: pulls } = await gh().as("maya").rest.pulls.list({ ...where(), state: "open", per_page: 100 });
      const pr = pulls.find((p) => p.head.ref.startsWith(`agent/${login}/${n}-`));
      if (!pr) throw new Error(`no PR for #${n}`);
      await commitFile(login, pr.head.ref, path, () => content);
      if (options.checkOwnBox ?? true) await commitFile(login, pr.head.ref, "TASKS.md", (text) => text.replace(`- [ ] #${n} `, `- [x] #${n} `));
      if (options.done ?? true) await t.say(login, n, "/done");
      if (options.approve ?? true) await gh().as("maya").rest.pulls.createReview({ ...where(), pull_number: pr.number, event: "APPROVE" });
      return { n, pr: pr.number, branch: pr.head.ref };
    },

    /**
     * CI: reports `state` for `context` on the head of each of `prs` (every open PR when omitted) that has no status
     * yet; answers how many it reported.
     */
    async ci(state: "success" | "failure" | "pending" = "success", prs?: readonly number[], context = "ci/test"): Promise<number> {
      const { data: open } = await gh().as("maya").rest.pulls.list({ ...where(), state: "open", per_page: 100 });
      let reported = 0;
      for (const pr of open.filter((p) => !prs || prs.includes(p.number))) {
        const sha = await headOf(pr.number);
        const { data: combined } = await gh().as("adam").rest.repos.getCombinedStatusForRef({ ...where(), ref: sha });
        if (combined.statuses.some((s) => s.context === context)) continue;
        await gh().as("adam").rest.repos.createCommitStatus({ ...where(), sha, state, context });
        reported++;
      }
      return reported;
    },

    /** One queue run, as the periodic tick does it, at `now`. */
    async run(now: Date = new Date()): Promise<void> {
      if (!t.app) throw new Error("an e2e test waits for the app; it does not run the queue itself");
      await runQueue(await t.app.auth(gh().installationId), where(), now, { sleep: async () => undefined });
    },

    async pull(pr: number) {
      const { data } = await gh().as("maya").rest.pulls.get({ ...where(), pull_number: pr });
      return data;
    },

    async issue(n: number) {
      const { data } = await gh().as("maya").rest.issues.get({ ...where(), issue_number: n });
      return data;
    },

    async branchExists(branch: string): Promise<boolean> {
      try {
        await gh().as("maya").rest.repos.getBranch({ ...where(), branch });
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** A CI bot for e2e tests: a success status on every new head of an open PR, with the webhook GitHub sends for it. */
export function startCi(gh: EmulatedGitHub): { stop(): Promise<void> } {
  const where = { owner: gh.owner, repo: gh.repo };
  const seen = new Set<string>();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const { data: open } = await gh.as("maya").rest.pulls.list({ ...where, state: "open", per_page: 100 });
      for (const pr of open.filter((p) => !p.draft)) {
        // The branch, not the PR: its head is what CI runs on (and reading it costs the emulator least).
        const { data: head } = await gh.as("maya").rest.git.getRef({ ...where, ref: `heads/${pr.head.ref}` }).catch(() => ({ data: null }));
        const sha = head?.object.sha;
        if (!sha || seen.has(sha)) continue;
        seen.add(sha);
        await gh.as("adam").rest.repos.createCommitStatus({ ...where, sha, state: "success", context: "ci/test" });
        await gh.webhooks.send("status", statusEvent({ ...where, installationId: gh.installationId }, { sha, state: "success", context: "ci/test" }));
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
