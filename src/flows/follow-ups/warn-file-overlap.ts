import { taskFromBranch } from "../../core/branch-name.js";
import { fileOverlaps, type TrackFiles } from "../../core/admission/index.js";
import type { SwitchyardConfig } from "../../config/schema.js";
import { renderNotice } from "../../messages/index.js";
import { sayOnce } from "../../github/apply/marked-comment.js";
import type { GitHub, Repo } from "../../github/octokit.js";

/** Open track PRs compared per push; more than this many active tracks is beyond any sane `maxActiveTracks`. */
const MAX_TRACKS = 20;

/**
 * A track PR changed: compare the files of every open track PR and warn each PR that shares files with another,
 * in one comment per PR that is rewritten in place as the overlap changes. Costs one list of open PRs and one list
 * of files per track PR.
 */
export async function warnFileOverlap(github: GitHub, repo: Repo, config: SwitchyardConfig, botLogin: string): Promise<number[]> {
  const { data: pulls } = await github.rest.pulls.list({ ...repo, state: "open", per_page: 100 });
  const tracks = pulls
    .map((pr) => ({ pr, task: taskFromBranch(config.branchPrefix, pr.head.ref) }))
    .filter((t): t is { pr: (typeof pulls)[number]; task: number } => t.task !== null)
    .slice(0, MAX_TRACKS);
  const files: TrackFiles[] = await Promise.all(
    tracks.map(async ({ pr, task }) => {
      const changed = await github.paginate(github.rest.pulls.listFiles, { ...repo, pull_number: pr.number, per_page: 100 });
      return { task, pullRequest: pr.number, files: changed.map((f) => f.filename) };
    }),
  );
  const overlaps = fileOverlaps(files);
  for (const overlap of overlaps) {
    await sayOnce(github, repo, {
      issue: overlap.pullRequest,
      marker: "<!-- switchyard:notice file-overlap -->",
      text: renderNotice({ kind: "filesOverlap", others: overlap.others }),
      botLogin,
      update: true,
    });
  }
  return overlaps.map((o) => o.pullRequest);
}
