/**
 * Probot's write pacing and GitHub's secondary limits, as numbers `npm run bench`, `npm run demo` and README share.
 *
 * Probot 14.3.2 builds its Octokit with @octokit/plugin-throttling 11.0.5 (`node_modules/probot/lib/octokit/probot-octokit.js`).
 * What the plugin paces, read from its source (`node_modules/@octokit/plugin-throttling/dist-src/`):
 * - `index.js`, `createGroups`: group `write` is `{ maxConcurrent: 1, minTime: 1e3 }`, group `notifications` is
 *   `{ maxConcurrent: 1, minTime: 3e3 }` (and `search`, 2e3, for `GET /search/*`, which Switchyard never sends).
 * - `wrap-request.js`, `doRequest`: a request is a write unless it is GET or HEAD or an auth request (installation
 *   and OAuth token requests). Every write and every GraphQL request, queries included, first waits its turn in
 *   `write`; a write whose path `triggersNotification` (`generated/triggers-notification-paths.js`: creating issues,
 *   issue and PR comments, pull requests, reviews, review requests, merging a PR, releases, invitations, ...)
 *   then also waits its turn in `notifications`. Bottleneck's `minTime` is the least time between two job starts.
 * - Both groups live in the plugin's module state, keyed by the throttle `id`. Probot means to set it to the
 *   installation id (`node_modules/probot/lib/octokit/get-authenticated-octokit.js`), but with Probot 14.3.2 it stays
 *   the default `no-id` (logged group keys: only `octokit-write:no-id`, `octokit-notifications:no-id`): the pacing
 *   is one queue per process, shared by every installation and every event it handles.
 * - A secondary-limit 403 waits `retry-after`, else `fallbackSecondaryRateRetryAfter` (60 s); the pacing above is
 *   what keeps the app from getting one.
 */
import { throttling } from "@octokit/plugin-throttling";

/** `createGroups` in plugin-throttling's `index.js`: the `write` group's `minTime`. */
export const WRITE_SPACING_MS = 1_000;
/** `createGroups` in plugin-throttling's `index.js`: the `notifications` group's `minTime`. */
export const NOTIFY_SPACING_MS = 3_000;

/**
 * GitHub's documented secondary limits on content-creating requests (POST, PATCH, PUT, DELETE, GraphQL mutations),
 * per user or app installation: https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits
 */
export const CONTENT_CREATING_PER_MINUTE = 80;
export const CONTENT_CREATING_PER_HOUR = 500;

export interface RequestLine {
  readonly method: string;
  /** Without base URL and query string: `/repos/acme/widgets/issues/7/comments`, `/graphql`. */
  readonly path: string;
}

/** `isAuthRequest` in plugin-throttling's `wrap-request.js`. */
function isAuthRequest({ method, path }: RequestLine): boolean {
  if (method === "PATCH") return /^\/applications\/[^/]+\/token\/scoped$/.test(path);
  return method === "POST" && (/^\/applications\/[^/]+\/token$/.test(path) || /^\/app\/installations\/[^/]+\/access_tokens$/.test(path) || path === "/login/oauth/access_token");
}

/** A write to the plugin: not GET/HEAD, not an auth request (GraphQL queries are POSTs, so they are writes to it too). */
function isPluginWrite(request: RequestLine): boolean {
  return request.method !== "GET" && request.method !== "HEAD" && !isAuthRequest(request);
}

/** Waits its turn in the plugin's `write` group (1 s apart): every plugin write and every GraphQL request. */
export function isPaced(request: RequestLine): boolean {
  return isPluginWrite(request) || request.path.startsWith("/graphql");
}

/** Also waits its turn in the `notifications` group (3 s apart): the plugin's own `triggersNotification` list. */
export function notifies(request: RequestLine): boolean {
  return isPluginWrite(request) && throttling.triggersNotification(request.path);
}

/**
 * The pacing wait of requests sent one after another (each after the previous answered), as the plugin schedules
 * them when the queues start empty: a paced request starts ≥ 1 s after the previous paced one, a notifying one also
 * ≥ 3 s after the previous notifying one. Request latency is not included (add the unpaced wall time).
 */
export function serialPacingMs(requests: readonly RequestLine[]): number {
  let now = 0;
  let lastWrite = -Infinity;
  let lastNotify = -Infinity;
  for (const request of requests) {
    if (isPaced(request)) now = lastWrite = Math.max(now, lastWrite + WRITE_SPACING_MS);
    if (notifies(request)) now = lastNotify = Math.max(now, lastNotify + NOTIFY_SPACING_MS);
  }
  return now;
}

/**
 * The least time `paced` requests (of which `notifying`) can take in one process however many flows run at once:
 * each queue lets one request start per interval, and a request waiting in `notifications` has left `write`.
 */
export function parallelPacingFloorMs(paced: number, notifying: number): number {
  return Math.max(0, (paced - 1) * WRITE_SPACING_MS, (notifying - 1) * NOTIFY_SPACING_MS);
}

export interface Ceiling {
  readonly writesPerTrack: number;
  readonly pacedPerTrack: number;
  readonly notifyingPerTrack: number;
  /** 500 / writes per track. */
  readonly byHourLimit: number;
  /** 80 × 60 / writes per track. */
  readonly byMinuteLimit: number;
  /** 3600 s / the pacing floor of one track: per process, Probot's one pacing queue. */
  readonly byPacing: number;
  /** The least of the three: tasks per hour per installation. */
  readonly tasksPerHour: number;
  readonly formula: string;
}

/** Whole tasks an installation can take from claim to merged per hour, by each limit and in all. */
export function ceiling(track: { writes: number; paced: number; notifying: number }): Ceiling {
  const byHourLimit = Math.floor(CONTENT_CREATING_PER_HOUR / track.writes);
  const byMinuteLimit = Math.floor((CONTENT_CREATING_PER_MINUTE * 60) / track.writes);
  const floorS = Math.max(track.paced * WRITE_SPACING_MS, track.notifying * NOTIFY_SPACING_MS) / 1000;
  const byPacing = Math.floor(3600 / floorS);
  const tasksPerHour = Math.min(byHourLimit, byMinuteLimit, byPacing);
  const formula =
    `min(${CONTENT_CREATING_PER_HOUR} writes/h ÷ ${track.writes} = ${byHourLimit}, ` +
    `${CONTENT_CREATING_PER_MINUTE} writes/min × 60 ÷ ${track.writes} = ${byMinuteLimit}, ` +
    `3600 s ÷ max(${track.paced} paced × 1 s, ${track.notifying} notifying × 3 s) = ${byPacing}) = ${tasksPerHour} tasks/h`;
  return { writesPerTrack: track.writes, pacedPerTrack: track.paced, notifyingPerTrack: track.notifying, byHourLimit, byMinuteLimit, byPacing, tasksPerHour, formula };
}

export interface PacedRunEstimate {
  readonly paced: number;
  readonly notifying: number;
  /** Probot's pacing, however the flows overlap: the measured time or each queue's floor, whichever is longer. */
  readonly pacingLowerMs: number;
  /** Probot's pacing if no wait overlapped anything: the measured time plus every wait in turn. */
  readonly pacingUpperMs: number;
  /** With more than 500 writes: the least time GitHub's hourly limit allows them (the 501st an hour after the 1st). */
  readonly hourLimitMs: number;
}

/**
 * How long a run that took `unpacedMs` without pacing would take with it, from the app's requests in the order they
 * were sent (`writes` of them content-creating): the bounds of `parallelPacingFloorMs` and `serialPacingMs`, and
 * GitHub's hourly limit apart.
 */
export function pacedRunEstimate(requests: readonly RequestLine[], writes: number, unpacedMs: number): PacedRunEstimate {
  const paced = requests.filter(isPaced).length;
  const notifying = requests.filter(notifies).length;
  return {
    paced,
    notifying,
    pacingLowerMs: Math.max(unpacedMs, parallelPacingFloorMs(paced, notifying)),
    pacingUpperMs: unpacedMs + serialPacingMs(requests),
    hourLimitMs: writes > CONTENT_CREATING_PER_HOUR ? Math.floor((writes - 1) / CONTENT_CREATING_PER_HOUR) * 3_600_000 : 0,
  };
}
