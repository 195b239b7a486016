/**
 * Scene 3, the tracks: an agent holding a claim works on it for a while, pushes one real commit to its track branch
 * and says `/done`, which makes its draft PR ready for review. The flaky task's first holder says `/fail` instead,
 * once, which frees its slot so someone else picks it up.
 */
import { event, paint } from "../support/printer.js";
import { sleep, type Sandbox } from "../support/sandbox.js";
import { fileSha, type Task } from "./backlog.js";
import { WORK_MS } from "./cast.js";
import { progress, say, type Stage } from "./stage.js";

/** Work on a claimed task: push a commit, then `/done` (or `/fail`, once, for the flaky task); true once in review. */
export async function track(stage: Stage, login: string, task: Task, branch: string): Promise<boolean> {
  const { shared } = stage;
  shared.holding++;
  progress(shared);
  try {
    await sleep(WORK_MS(task));
    await pushCommit(stage.sandbox, login, task, branch);
    if (task.spec.failsOnce && !shared.failedOnce.has(task.number)) {
      shared.failedOnce.add(task.number);
      await say(stage, login, task, `/fail ${task.spec.failsOnce}`);
      shared.freedAt.set(task.number, ++shared.generation);
      return false;
    }
    const done = await say(stage, login, task, "/done");
    if (done.outcome.kind !== "done") return false;
    shared.inbox.push({ task, pullRequest: done.outcome.pullRequest });
    return true;
  } finally {
    shared.holding--;
    progress(shared);
  }
}

/** The agent's work: one real commit on its track branch, through the contents API. */
async function pushCommit(sandbox: Sandbox, login: string, task: Task, branch: string): Promise<void> {
  const { gh, repo } = sandbox;
  const sha = await fileSha(sandbox, task.spec.file, branch);
  const { data } = await gh.as(login).rest.repos.createOrUpdateFileContents({
    ...repo,
    path: task.spec.file,
    branch,
    message: `${task.spec.title} (#${task.number})`,
    content: Buffer.from(contentFor(task, login)).toString("base64"),
    ...(sha ? { sha } : {}),
  });
  // Read back from GitHub: the branch head is the commit just made.
  const { data: head } = await gh.as(login).rest.repos.getBranch({ ...repo, branch });
  const ok = head.commit.sha === data.commit.sha;
  event(login, `pushed 1 commit to ${branch} (${task.spec.file}, ${data.commit.sha?.slice(0, 7)})${ok ? "" : paint(" but the branch head is elsewhere", "red")}`);
}

function contentFor(task: Task, login: string): string {
  const note = `${task.spec.title} (#${task.number}), by ${login}.`;
  if (task.spec.file.endsWith(".md")) return `# ${task.spec.title}\n\n${note}\n`;
  return `// ${note}\nexport const done = true;\n`;
}
