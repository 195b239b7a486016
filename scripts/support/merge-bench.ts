/**
 * What the merge queue costs per track, for `npm run bench`: a track is prepared without measuring (task line in
 * TASKS.md, claim, one commit, `/done`, CI's passing status, an approval; optionally a commit on main after it, so the
 * queue must bring the branch up to date first and CI runs again on the new head), then a maintainer says `/queue`
 * on its PR and everything the app does until the track is finished is measured: the PR merged, the task issue
 * closed, its TASKS.md line checked, labels and lock cleared, the branch deleted, the bot's note posted, the app
 * idle. Tracks are queued one after another, so each has the queue to itself.
 */
import type { EmulatedGitHub } from "../../test/support/emulated-github.js";
import { isWrite } from "../../test/support/request-recorder.js";
import type { CiBot } from "./ci-bot.js";
import { measureUntilComment, type Sample } from "./measure.js";
import { readMergedByQueue, readOutcome } from "./replies.js";
import { appIdle, isPacedSandbox, TimeoutError, waitUntil } from "./sandbox.js";

const REPLY_MARKER = "<!-- switchyard:reply -->";

export interface MergeTrack {
  readonly issue: number;
  readonly pullRequest: number;
  readonly branch: string;
}

/** Says `body` as `login` on `issue` and returns the bot's first reply after it (unmeasured setup). */
export type SayFn = (login: string, issue: number, body: string, expect: RegExp) => Promise<string>;

/**
 * An approved track with a passing CI status on its head, ready to be queued. With `behindBase`, main gets one more
 * commit afterwards. `ci` must be running (it reports on the head once the PR is ready for review).
 */
export async function prepareTrack(
  gh: EmulatedGitHub,
  options: { ci: CiBot; say: SayFn; agent: string; maintainer: string; issue: number; title: string; file: string; behindBase: boolean },
): Promise<MergeTrack> {
  const where = { owner: gh.owner, repo: gh.repo };
  const { ci, say, agent, maintainer, issue } = options;
  await editFile(gh, maintainer, gh.defaultBranch, "TASKS.md", (text) => `${text.replace(/\n*$/, "\n")}- [ ] #${issue} ${options.title}\n`, `List #${issue} in TASKS.md`);
  const claimed = readOutcome(await say(agent, issue, "/claim", /claimed this task/));
  if (claimed.kind !== "claimed") throw new Error(`${agent} could not claim #${issue}`);
  // The claim's reply goes out before its draft PR is opened: find the PR by its branch once it is there.
  const opened = async () => (await gh.as(maintainer).rest.pulls.list({ ...where, head: `${gh.owner}:${claimed.branch}`, state: "open" })).data[0]?.number;
  const pullRequest = claimed.pullRequest ?? (await waitUntil(`the draft PR of #${issue}`, opened, { timeoutMs: 30_000, everyMs: 25 }));
  const claim = { ...claimed, pullRequest };
  await editFile(gh, agent, claim.branch, options.file, () => `// ${options.title} (#${issue})\nexport const done = true;\n`, `${options.title} (#${issue})`);
  await say(agent, issue, "/done", /marked #\d+ ready for review/);
  const head = async () => (await gh.as(maintainer).rest.git.getRef({ ...where, ref: `heads/${claim.branch}` })).data.object.sha;
  const sha = await head();
  await waitUntil(`CI on ${claim.branch}`, async () => ((await ci.passed(sha, maintainer)) ? true : undefined), { timeoutMs: 10_000, everyMs: 25 });
  await gh.as(maintainer).rest.pulls.createReview({ ...where, pull_number: claim.pullRequest, event: "APPROVE" });
  if (options.behindBase) {
    await editFile(gh, maintainer, gh.defaultBranch, `notes/after-${issue}.md`, () => `Landed on main after #${issue} was approved.\n`, `A note after #${issue}`);
  }
  await ci.settled();
  await appIdle(gh, { quietMs: 100 });
  return { issue, pullRequest: claim.pullRequest, branch: claim.branch };
}

/**
 * `/queue` on the track's PR by `maintainer`, and the app's requests until the track is finished and the app idle.
 * The wall time runs from the comment to the bot's "merged" note on the task.
 */
export async function measureMerge(gh: EmulatedGitHub, maintainer: string, track: MergeTrack, options: { timeoutMs?: number } = {}): Promise<Sample> {
  const where = { owner: gh.owner, repo: gh.repo };
  const timeoutMs = options.timeoutMs ?? (isPacedSandbox(gh) ? 180_000 : 30_000);
  await appIdle(gh, { quietMs: 20 });
  const mark = gh.recorder.mark();
  await gh.as(maintainer).rest.issues.createComment({ ...where, issue_number: track.pullRequest, body: "/queue" });
  const measured = await measureUntilComment(gh, mark, track.issue, {
    timeoutMs,
    pollMs: 2,
    quietMs: 150,
    timedOut: async () =>
      new TimeoutError(`the queue did not merge PR #${track.pullRequest} (#${track.issue}) within ${timeoutMs} ms; ${await diagnose(gh, maintainer, track, mark)}`),
  });
  return { ...measured, reply: await finished(gh, maintainer, track) };
}

/** Checks on GitHub that the track is finished; the bot's note on the task. */
async function finished(gh: EmulatedGitHub, reader: string, track: MergeTrack): Promise<string> {
  const where = { owner: gh.owner, repo: gh.repo };
  const client = gh.as(reader);
  const problems: string[] = [];
  const { data: pr } = await client.rest.pulls.get({ ...where, pull_number: track.pullRequest });
  if (!pr.merged) problems.push("the PR is not merged");
  const { data: issue } = await client.rest.issues.get({ ...where, issue_number: track.issue });
  if (issue.state !== "closed") problems.push("the issue is open");
  const labels = issue.labels.map((l) => (typeof l === "string" ? l : l.name)).filter((l) => l?.startsWith("agent:"));
  if (labels.length > 0) problems.push(`the issue is still labelled ${labels.join(", ")}`);
  const tasks = await readFile(gh, reader, gh.defaultBranch, "TASKS.md");
  if (!tasks?.text.includes(`- [x] #${track.issue} `)) problems.push("its TASKS.md line is not checked");
  const branch = await client.rest.repos.getBranch({ ...where, branch: track.branch }).then(
    () => true,
    () => false,
  );
  if (branch) problems.push("the branch still exists");
  const comments = await client.paginate(client.rest.issues.listComments, { ...where, issue_number: track.issue, per_page: 100 });
  const note = comments.map((c) => (c.body ?? "").replace(REPLY_MARKER, "").trim()).find((text) => readMergedByQueue(text)?.pullRequest === track.pullRequest);
  if (!note) problems.push("the bot did not say it merged it");
  if (problems.length > 0) throw new Error(`PR #${track.pullRequest} (#${track.issue}) is not finished: ${problems.join("; ")}`);
  return note!;
}

async function readFile(gh: EmulatedGitHub, login: string, ref: string, path: string): Promise<{ text: string; sha: string } | null> {
  try {
    const { data } = await gh.as(login).rest.repos.getContent({ owner: gh.owner, repo: gh.repo, path, ref });
    if (Array.isArray(data) || data.type !== "file") return null;
    return { text: Buffer.from(data.content, "base64").toString("utf8"), sha: data.sha };
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
}

async function editFile(gh: EmulatedGitHub, login: string, branch: string, path: string, edit: (text: string) => string, message: string): Promise<void> {
  const file = await readFile(gh, login, branch, path);
  await gh.as(login).rest.repos.createOrUpdateFileContents({
    owner: gh.owner,
    repo: gh.repo,
    path,
    branch,
    message,
    content: Buffer.from(edit(file?.text ?? ""), "utf8").toString("base64"),
    ...(file ? { sha: file.sha } : {}),
  });
}

/** What a stuck merge looks like from GitHub: the queue's lease, the task's lock, the last replies, the app's last writes. */
async function diagnose(gh: EmulatedGitHub, reader: string, track: MergeTrack, mark: number): Promise<string> {
  const where = { owner: gh.owner, repo: gh.repo };
  const client = gh.as(reader);
  const refMessage = async (ref: string) => {
    try {
      const { data } = await client.rest.git.getRef({ ...where, ref });
      return (await client.rest.git.getCommit({ ...where, commit_sha: data.object.sha })).data.message.split("\n")[0];
    } catch {
      return "none";
    }
  };
  const replies = [];
  for (const issue of [track.pullRequest, track.issue]) {
    const comments = await client.paginate(client.rest.issues.listComments, { ...where, issue_number: issue, per_page: 100 });
    replies.push(...comments.filter((c) => c.user?.type === "Bot").map((c) => `#${issue}: ${(c.body ?? "").replace(REPLY_MARKER, "").trim().split("\n")[0]}`));
  }
  const writes = gh.recorder.since(mark).filter(isWrite).map((r) => `${r.method} ${r.path} ${r.status}`);
  const { data: pr } = await client.rest.pulls.get({ ...where, pull_number: track.pullRequest });
  const { data: combined } = await client.rest.repos.getCombinedStatusForRef({ ...where, ref: pr.head.sha });
  return [
    `head ${pr.head.sha.slice(0, 7)} (${pr.mergeable_state}): ${combined.state}, ${combined.statuses.map((st) => `${st.context} ${st.state}`).join(", ") || "no statuses"}`,
    `lease: ${await refMessage(`switchyard/queue/${gh.defaultBranch}`)}`,
    `lock: ${await refMessage(`switchyard/tasks/${track.issue}`)}`,
    `replies: ${replies.slice(-4).join(" | ")}`,
    `the app's writes since /queue: ${writes.join(", ")}`,
  ].join("; ");
}
