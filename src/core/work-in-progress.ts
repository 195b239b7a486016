/**
 * Draft pull requests are refused on private repositories of some GitHub plans. There a track's PR is opened as a
 * normal PR marked as work in progress (this title prefix, and the `<prefix>wip` label), and `/done` is its "ready
 * for review": the prefix and label come off. Everything that asks "is it a draft?" treats such a PR as one.
 */
export const WORK_IN_PROGRESS_PREFIX = "[WIP] ";

export function isWorkInProgress(pullRequest: { readonly draft?: boolean | null; readonly title: string }): boolean {
  return !pullRequest.draft && pullRequest.title.startsWith(WORK_IN_PROGRESS_PREFIX);
}

/** Not ready for review: a draft, or a work-in-progress PR. */
export function isDraftLike(pullRequest: { readonly draft?: boolean | null; readonly title: string }): boolean {
  return Boolean(pullRequest.draft) || isWorkInProgress(pullRequest);
}

export function withoutWorkInProgress(title: string): string {
  return title.startsWith(WORK_IN_PROGRESS_PREFIX) ? title.slice(WORK_IN_PROGRESS_PREFIX.length) : title;
}

export function workInProgressLabel(labelPrefix: string): string {
  return `${labelPrefix}wip`;
}
