import { parseTaskMeta, type TrackFiles, type WaitingTask } from "../../core/admission/index.js";
import { taskFromBranch } from "../../core/branch-name.js";
import { stateLabel } from "../../core/labels.js";
import type { SwitchyardConfig } from "../../config/schema.js";
import { statusOf, type GitHub, type Repo } from "../octokit.js";
import { ConditionalLists } from "./conditional-lists.js";
import type { ListReader } from "./load-queue.js";

const PAGE = 100;
/** Open track PRs compared per push; more than this many active tracks is beyond any sane `maxActiveTracks`. */
const MAX_TRACKS = 20;
/** The ready tasks change far less often than tasks are finished: read again only when they changed (a 304 is free). */
const readyLists = new ConditionalLists();

/**
 * The ready tasks that depend on `finished`, and which of their other dependencies are done. Reads one page of
 * ready tasks (conditionally: unchanged since this process last read it, it costs no rate limit) and the state of
 * their other dependencies, never every issue.
 */
export async function loadWaitingOn(
  github: GitHub,
  repo: Repo,
  config: SwitchyardConfig,
  finished: number,
  list: ListReader = readyLists.read,
): Promise<{ waiting: WaitingTask[]; done: ReadonlySet<number> }> {
  const where = { owner: repo.owner, name: repo.repo };
  const label = stateLabel(config.labels.prefix, "ready");
  const data = await list(`${repo.owner}/${repo.repo} open ${label}`.toLowerCase(), (headers) =>
    github.rest.issues.listForRepo({ ...repo, labels: label, state: "open", per_page: PAGE, headers }),
  );
  const waiting: WaitingTask[] = data
    .filter((issue) => !issue.pull_request)
    .map((issue) => ({ number: issue.number, dependsOn: parseTaskMeta(issue.body ?? "", where).dependsOn }))
    .filter((task) => task.dependsOn.includes(finished));
  const others = [...new Set(waiting.flatMap((t) => t.dependsOn))].filter((n) => n !== finished);
  return { waiting, done: new Set([finished, ...(await closedAsCompleted(github, repo, others))]) };
}

async function closedAsCompleted(github: GitHub, repo: Repo, tasks: readonly number[]): Promise<number[]> {
  const done = await Promise.all(
    tasks.map(async (n) => {
      try {
        const { data } = await github.rest.issues.get({ ...repo, issue_number: n });
        return data.state === "closed" && data.state_reason !== "not_planned" ? [n] : [];
      } catch (error) {
        if (statusOf(error) === 404) return [];
        throw error;
      }
    }),
  );
  return done.flat();
}

/** The files of every open track PR: one list of open PRs and one list of files per track PR. */
export async function loadTrackFiles(github: GitHub, repo: Repo, config: SwitchyardConfig): Promise<TrackFiles[]> {
  const { data: pulls } = await github.rest.pulls.list({ ...repo, state: "open", per_page: 100 });
  const tracks = pulls
    .map((pr) => ({ pr, task: taskFromBranch(config.branchPrefix, pr.head.ref) }))
    .filter((t): t is { pr: (typeof pulls)[number]; task: number } => t.task !== null)
    .slice(0, MAX_TRACKS);
  return Promise.all(
    tracks.map(async ({ pr, task }) => ({ task, pullRequest: pr.number, files: await filesAt(github, repo, pr.number, pr.head.sha) })),
  );
}

/**
 * The files a PR changes, per head: they are the head's changes since where it left its base, which the base moving
 * on does not change. Another track's PR is read again only when it was pushed to.
 */
const trackFiles = new Map<string, Promise<string[]>>();
const MAX_FILE_LISTS = 2_000;

function filesAt(github: GitHub, repo: Repo, pullRequest: number, head: string): Promise<string[]> {
  const key = `${repo.owner}/${repo.repo}#${pullRequest}@${head}`.toLowerCase();
  let files = trackFiles.get(key);
  if (!files) {
    files = github.paginate(github.rest.pulls.listFiles, { ...repo, pull_number: pullRequest, per_page: 100 }).then((changed) => changed.map((f) => f.filename));
    files.catch(() => trackFiles.delete(key));
    if (trackFiles.size >= MAX_FILE_LISTS) trackFiles.delete(trackFiles.keys().next().value!);
    trackFiles.set(key, files);
  }
  return files;
}
