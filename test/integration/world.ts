import type { EmulatedGitHub } from "../support/emulated-github.js";

/** What a user sees of a task on GitHub: the facts the integration tests assert. */
export interface TaskView {
  labels: string[];
  assignees: string[];
  branches: string[];
  pullRequests: { number: number; head: string; draft: boolean; body: string }[];
  replies: string[];
}

export function world(gh: EmulatedGitHub) {
  const owner = gh.owner;
  const repo = gh.repo;
  const maintainer = gh.as("maya").rest;

  return {
    /** A task issue made by a maintainer, ready to be claimed unless `labels` says otherwise. */
    async task(title: string, labels: string[] = ["agent:ready"], body = "A task."): Promise<number> {
      const { data } = await maintainer.issues.create({ owner, repo, title, body, labels });
      return data.number;
    },

    async view(number: number): Promise<TaskView> {
      const { data: issue } = await maintainer.issues.get({ owner, repo, issue_number: number });
      const { data: refs } = await maintainer.git.listMatchingRefs({ owner, repo, ref: "heads/agent/" });
      const branches = refs.map((r) => r.ref.replace("refs/heads/", "")).filter((b) => b.includes(`/${number}-`));
      const { data: pulls } = await maintainer.pulls.list({ owner, repo, state: "all", per_page: 100 });
      const { data: comments } = await maintainer.issues.listComments({ owner, repo, issue_number: number, per_page: 100 });
      return {
        labels: issue.labels.map((l) => (typeof l === "string" ? l : (l.name ?? ""))).sort(),
        assignees: (issue.assignees ?? []).map((a) => a.login).sort(),
        branches,
        pullRequests: pulls
          .filter((p) => branches.includes(p.head.ref))
          .map((p) => ({ number: p.number, head: p.head.ref, draft: Boolean(p.draft), body: p.body ?? "" })),
        replies: comments.filter((c) => c.user?.type === "Bot").map((c) => c.body ?? ""),
      };
    },

    async repliesOn(number: number): Promise<string[]> {
      const { data: comments } = await maintainer.issues.listComments({ owner, repo, issue_number: number, per_page: 100 });
      return comments.filter((c) => c.user?.type === "Bot").map((c) => c.body ?? "");
    },

    async writeConfig(yaml: string): Promise<void> {
      const path = ".github/switchyard.yml";
      let sha: string | undefined;
      try {
        const { data } = await maintainer.repos.getContent({ owner, repo, path });
        if (!Array.isArray(data)) sha = data.sha;
      } catch {
        sha = undefined;
      }
      await gh.as("adam").rest.repos.createOrUpdateFileContents({
        owner,
        repo,
        path,
        message: "Configure Switchyard",
        content: Buffer.from(yaml).toString("base64"),
        ...(sha ? { sha } : {}),
      });
    },
  };
}
