import type { Op } from "../../core/ops.js";
import { renderQueueMessage, type QueueMessage, type QueueOp } from "../../core/queue/index.js";
import { checkTask, mergeTasks } from "../../core/tasks-md/index.js";
import { REPLY_MARKER } from "../../messages/index.js";
import { applyOps, type ApplyLog } from "./apply-ops.js";
import { LockConflict, writeLock } from "../state/lock-store.js";
import { messageOf, statusOf, type GitHub, type Repo } from "../octokit.js";
import { LeaseConflict, writeLease } from "../state/queue-lease.js";

/** GitHub's answer to the merge or branch update the operations asked for: the runner hands it to the queue core. */
export interface QueueAnswer {
  readonly kind: "merge" | "updateBranch";
  readonly status: number;
  readonly message: string;
}

export type QueueApplyResult =
  | { readonly kind: "done"; readonly answer?: QueueAnswer }
  /** A lease or lock compare-and-swap lost: the operations after it were not run; evaluate again from a fresh read. */
  | { readonly kind: "conflict"; readonly reason: string };

const QUEUE_MESSAGES: ReadonlySet<string> = new Set<QueueMessage["kind"]>([
  "queued", "alreadyQueued", "dequeued", "notQueued", "cannotQueue", "queueIssueClosed", "removedFromQueue", "mergedByQueue",
]);
/** Conditional writes of the tasks file lost to a concurrent write are retried this many times. */
const TASKS_FILE_ATTEMPTS = 5;

/**
 * Applies the merge queue's operations in order. `Op`s are delegated to `applyOps`, the one writer for them; this
 * adds the queue's own. A lost compare-and-swap stops the list and says so, instead of throwing; the merge and the
 * branch update hand GitHub's answer back rather than throwing.
 */
export async function applyQueueOps(github: GitHub, repo: Repo, ops: readonly QueueOp[], log: ApplyLog): Promise<QueueApplyResult> {
  let answer: QueueAnswer | undefined;
  for (const op of ops) {
    try {
      const result = await applyOne(github, repo, op, log);
      if (result) answer = result;
    } catch (error) {
      if (error instanceof LeaseConflict || error instanceof LockConflict) return { kind: "conflict", reason: error.message };
      throw error;
    }
  }
  return { kind: "done", ...(answer ? { answer } : {}) };
}

async function applyOne(github: GitHub, repo: Repo, op: QueueOp, log: ApplyLog): Promise<QueueAnswer | undefined> {
  switch (op.kind) {
    case "writeLock":
      await writeLock(github, repo, op);
      return;
    case "reply":
      if (QUEUE_MESSAGES.has(op.message.kind)) {
        await github.rest.issues.createComment({ ...repo, issue_number: op.issue, body: `${REPLY_MARKER}\n${renderQueueMessage(op.message as QueueMessage)}` });
        log.info(`replied on #${op.issue}: ${op.message.kind}`);
        return;
      }
      await applyOps(github, repo, [op as Op], log);
      return;
    case "writeLease":
      await writeLease(github, repo, op);
      return;
    case "updateBranch":
      return answered("updateBranch", () =>
        github.rest.pulls.updateBranch({ ...repo, pull_number: op.pullRequest, expected_head_sha: op.expectedHeadSha }),
      );
    case "mergePullRequest":
      return answered("merge", () => github.rest.pulls.merge({ ...repo, pull_number: op.pullRequest, sha: op.sha, merge_method: op.method }));
    case "reconcileTasksFile":
      return reconcileTasksFile(github, repo, op);
    case "closeIssue":
      await github.rest.issues.update({ ...repo, issue_number: op.issue, state: "closed", state_reason: "completed" });
      return;
    case "deleteBranch":
      try {
        await github.rest.git.deleteRef({ ...repo, ref: `heads/${op.branch}` });
      } catch (error) {
        // Already gone (GitHub deleted it on merge, or an earlier evaluation did): success.
        if (statusOf(error) !== 404 && !(statusOf(error) === 422 && /does not exist/i.test(messageOf(error)))) throw error;
      }
      return;
    case "checkTaskLine":
      await checkTaskLine(github, repo, op);
      return;
    default:
      await applyOps(github, repo, [op], log);
      return;
  }
}

async function answered(kind: QueueAnswer["kind"], call: () => Promise<{ status: number; data: { message?: string } }>): Promise<QueueAnswer> {
  try {
    const { status, data } = await call();
    return { kind, status, message: data.message ?? "" };
  } catch (error) {
    const status = statusOf(error);
    if (status === undefined || status >= 500) throw error;
    return { kind, status, message: messageOf(error) };
  }
}

/** Checks the task's line in the tasks file on `branch`: a conditional write on the file's blob sha, retried on 409. */
async function checkTaskLine(github: GitHub, repo: Repo, op: { task: number; path: string; branch: string }): Promise<void> {
  for (let attempt = 1; attempt <= TASKS_FILE_ATTEMPTS; attempt++) {
    const file = await readFile(github, repo, op.path, op.branch);
    if (!file) return;
    const { text, changed } = checkTask(file.text, op.task);
    if (!changed) return;
    try {
      await github.rest.repos.createOrUpdateFileContents({
        ...repo,
        path: op.path,
        branch: op.branch,
        sha: file.sha,
        message: `Check #${op.task} in ${op.path}`,
        content: Buffer.from(text, "utf8").toString("base64"),
      });
      return;
    } catch (error) {
      if (statusOf(error) !== 409 || attempt === TASKS_FILE_ATTEMPTS) throw error;
    }
  }
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
): Promise<undefined> {
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
  return undefined;
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
