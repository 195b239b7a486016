import type { MergeOp } from "../../core/ops.js";
import { checkTask, mergeTasks } from "../../core/tasks-md/index.js";
import { statusOf, messageOf, type GitHub, type Repo } from "../octokit.js";
import type { ApplyContext, GitHubAnswer } from "./apply-context.js";

/** Conditional writes of the tasks file lost to a concurrent write are retried this many times. */
const TASKS_FILE_ATTEMPTS = 5;

/**
 * The merge queue's writes on a track. The merge and the branch update hand GitHub's answer back (in
 * `context.answer`) rather than throwing: what a 405 or 409 means is the queue's decision, not the apply step's.
 */
export async function writeMerge(github: GitHub, repo: Repo, op: MergeOp, context: ApplyContext): Promise<void> {
  switch (op.kind) {
    case "updateBranch":
      context.answer = await answered("updateBranch", () =>
        github.rest.pulls.updateBranch({ ...repo, pull_number: op.pullRequest, expected_head_sha: op.expectedHeadSha }),
      );
      return;
    case "mergePullRequest":
      context.answer = await answered("merge", () => github.rest.pulls.merge({ ...repo, pull_number: op.pullRequest, sha: op.sha, merge_method: op.method }));
      return;
    case "reconcileTasksFile":
      return reconcileTasksFile(github, repo, op);
    case "checkTaskLine":
      if (await checkTaskLine(github, repo, op)) context.checkedTaskLine = true;
      return;
  }
}

async function answered(kind: GitHubAnswer["kind"], call: () => Promise<{ status: number; data: { message?: string } }>): Promise<GitHubAnswer> {
  try {
    const { status, data } = await call();
    return { kind, status, message: data.message ?? "" };
  } catch (error) {
    const status = statusOf(error);
    if (status === undefined || status >= 500) throw error;
    return { kind, status, message: messageOf(error) };
  }
}

/**
 * Checks the task's line in the tasks file on `branch`: a conditional write on the file's blob sha, retried when the
 * file changed meanwhile (409 "does not match"); any other refusal (a protected branch says 409 too) is GitHub's
 * answer, not a race. Returns whether the line was checked now (false: no file, no such line, or checked already).
 */
async function checkTaskLine(github: GitHub, repo: Repo, op: { task: number; path: string; branch: string }): Promise<boolean> {
  for (let attempt = 1; attempt <= TASKS_FILE_ATTEMPTS; attempt++) {
    const file = await readFile(github, repo, op.path, op.branch);
    if (!file) return false;
    const { text, changed } = checkTask(file.text, op.task);
    if (!changed) return false;
    try {
      await github.rest.repos.createOrUpdateFileContents({
        ...repo,
        path: op.path,
        branch: op.branch,
        sha: file.sha,
        message: `Check #${op.task} in ${op.path}`,
        content: Buffer.from(text, "utf8").toString("base64"),
      });
      return true;
    } catch (error) {
      const stale = statusOf(error) === 409 && /does not match/i.test(messageOf(error));
      if (!stale || attempt === TASKS_FILE_ATTEMPTS) throw error;
    }
  }
  return false;
}

/**
 * Builds the merge of the base into the branch through the Git Data API, with the tasks file merged additively. GitHub
 * reported a conflict only in the tasks file, so every other file changed on the branch since the merge base is
 * unchanged on the base: the merged tree is the base's tree, plus the branch's changed files, plus `mergeTasks`. The
 * commit's first parent is `expectedHeadSha` and the ref update is fast-forward only, so a push meanwhile wins.
 */
async function reconcileTasksFile(
  github: GitHub,
  repo: Repo,
  op: { pullRequest: number; branch: string; base: string; path: string; expectedHeadSha: string },
): Promise<void> {
  const { data: compare } = await github.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${op.base}...${op.expectedHeadSha}` });
  const mergeBase = compare.merge_base_commit.sha;
  const { data: baseHead } = await github.rest.repos.getBranch({ ...repo, branch: op.base });
  const [ancestor, ours, theirs] = await Promise.all([
    readFile(github, repo, op.path, mergeBase),
    readFile(github, repo, op.path, op.expectedHeadSha),
    readFile(github, repo, op.path, baseHead.commit.sha),
  ]);
  const merged = mergeTasks(ancestor?.text ?? "", ours?.text ?? "", theirs?.text ?? "");
  const tree: { path: string; mode: "100644"; type: "blob"; sha?: string | null; content?: string }[] = [];
  for (const file of compare.files ?? []) {
    if (file.filename === op.path) continue;
    if (file.status === "renamed" && file.previous_filename) tree.push({ path: file.previous_filename, mode: "100644", type: "blob", sha: null });
    tree.push({ path: file.filename, mode: "100644", type: "blob", sha: file.status === "removed" ? null : file.sha });
  }
  tree.push({ path: op.path, mode: "100644", type: "blob", content: merged });
  const { data: newTree } = await github.rest.git.createTree({ ...repo, base_tree: baseHead.commit.commit.tree.sha, tree });
  const { data: commit } = await github.rest.git.createCommit({
    ...repo,
    message: `Merge ${op.base} into ${op.branch}\n\n${op.path} merged additively by Switchyard's merge queue.`,
    tree: newTree.sha,
    parents: [op.expectedHeadSha, baseHead.commit.sha],
  });
  try {
    await github.rest.git.updateRef({ ...repo, ref: `heads/${op.branch}`, sha: commit.sha, force: false });
  } catch (error) {
    // The branch moved since the decision: the next evaluation sees the new head and decides again.
    if (statusOf(error) !== 422) throw error;
  }
}

async function readFile(github: GitHub, repo: Repo, path: string, ref: string): Promise<{ text: string; sha: string } | null> {
  try {
    const { data } = await github.rest.repos.getContent({ ...repo, path, ref });
    if (Array.isArray(data) || data.type !== "file" || typeof data.content !== "string") return null;
    return { text: Buffer.from(data.content, "base64").toString("utf8"), sha: data.sha };
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}
