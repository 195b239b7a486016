/**
 * Measuring what one Switchyard operation costs: the GitHub requests the app made for it (from the emulator's
 * request recorder) and how long the user waited, from their comment existing to the bot's reply being posted.
 */
import type { EmulatedGitHub } from "../../test/support/emulated-github.js";
import { isWrite, type Mark, type RecordedRequest } from "../../test/support/request-recorder.js";
import { isPaced, notifies, serialPacingMs } from "./pacing.js";
import { appIdle, isPacedSandbox, sleep, TimeoutError } from "./sandbox.js";

const REPLY_MARKER = "<!-- switchyard:reply -->";

export interface Sample {
  /** Every request the app made for the operation, token mints included. */
  readonly requests: number;
  /** Content-creating requests: POST/PUT/PATCH/DELETE and GraphQL mutations, not token mints. */
  readonly writes: number;
  /** GET/HEAD and GraphQL queries. */
  readonly reads: number;
  /** Reads GitHub answered 304 (unchanged since this process last read them): they do not count against the rate limit. */
  readonly notModified: number;
  /** Writes Probot's throttling also spaces 3 s apart because they notify people (its `notifications` group). */
  readonly notifying: number;
  /** Requests Probot's throttling spaces 1 s apart (its `write` group): the writes and every GraphQL request. */
  readonly paced: number;
  /** `serialPacingMs` of the requests up to the reply: what pacing would add to an unpaced wall time. */
  readonly pacingModelMs: number;
  /** `POST /app/installations/{id}/access_tokens`. */
  readonly tokenMints: number;
  /** Comment created → reply posted. */
  readonly wallMs: number;
  /** `METHOD path status` of each write, in order. */
  readonly writeList: readonly string[];
  /** The bot's reply, without its hidden marker. */
  readonly reply: string;
  /** For a sample of several commands (the whole track): each one's wait for the bot. */
  readonly steps?: readonly { readonly says: string; readonly wallMs: number }[];
}

export function isTokenMint(request: RecordedRequest): boolean {
  return request.method === "POST" && /^\/app\/installations\/[^/]+\/access_tokens$/.test(request.path);
}

/**
 * Says `body` as `login` on `issue` and measures the app's work until it replied there and went idle.
 * The app must be idle when this is called (the caller runs one command at a time).
 */
export async function measureCommand(gh: EmulatedGitHub, login: string, issue: number, body: string, options: { timeoutMs?: number } = {}): Promise<Sample> {
  const timeoutMs = options.timeoutMs ?? (isPacedSandbox(gh) ? 120_000 : 15_000);
  await appIdle(gh, { quietMs: 20 });
  const mark = gh.recorder.mark();
  const { data: comment } = await gh.as(login).rest.issues.createComment({ owner: gh.owner, repo: gh.repo, issue_number: issue, body });
  const measured = await measureUntilComment(gh, mark, issue, {
    timeoutMs,
    pollMs: 1,
    quietMs: 50,
    timedOut: () => new TimeoutError(`no reply from Switchyard to ${login}'s \`${body}\` on #${issue} within ${timeoutMs} ms`),
  });
  const { data: comments } = await gh.as(login).rest.issues.listComments({ owner: gh.owner, repo: gh.repo, issue_number: issue, since: comment.created_at, per_page: 100 });
  const reply = comments.find((c) => c.id > comment.id && c.user?.type === "Bot" && (c.body ?? "").includes(REPLY_MARKER));
  return { ...measured, reply: (reply?.body ?? "").replace(REPLY_MARKER, "").trim() };
}

/**
 * The sampling both `measureCommand` and the merge rows use, called right after the measured comment was created:
 * waits until the app posted a comment on `issue` (the wall time ends there; `timedOut` after `timeoutMs`), then
 * until it went idle for `quietMs`, and counts the app's requests since `mark`.
 */
export async function measureUntilComment(
  gh: EmulatedGitHub,
  mark: Mark,
  issue: number,
  options: { timeoutMs: number; pollMs: number; quietMs: number; timedOut: () => Error | Promise<Error> },
): Promise<Omit<Sample, "reply">> {
  const commentsPath = `/repos/${gh.owner}/${gh.repo}/issues/${issue}/comments`;
  const start = performance.now();
  const deadline = Date.now() + options.timeoutMs;
  let end: number | undefined;
  let replyAt = -1;
  while (end === undefined) {
    // A comment posted through REST, or said in a GraphQL request (the queue's merged note goes with the close).
    replyAt = gh.recorder.since(mark).findIndex((r) => r.method === "POST" && r.status === (r.graphql ? 200 : 201) && (r.path === commentsPath || r.graphql?.fields.includes("addComment") === true));
    if (replyAt >= 0) end = performance.now();
    else if (Date.now() > deadline) throw await options.timedOut();
    else await sleep(options.pollMs);
  }
  await appIdle(gh, { quietMs: options.quietMs });
  const requests = gh.recorder.since(mark);
  return { ...tally(requests), wallMs: end - start, pacingModelMs: serialPacingMs(requests.slice(0, replyAt + 1)) };
}

/** The counts of a Sample, for `requests` the app made. */
export function tally(requests: readonly RecordedRequest[]): Omit<Sample, "reply" | "wallMs" | "pacingModelMs"> {
  const writes = requests.filter(isWrite);
  const mints = requests.filter(isTokenMint).length;
  return {
    requests: requests.length,
    writes: writes.length,
    reads: requests.length - writes.length - mints,
    notModified: requests.filter((r) => r.status === 304).length,
    tokenMints: mints,
    notifying: writes.filter(notifies).length,
    paced: requests.filter(isPaced).length,
    writeList: writes.map((r) => `${r.method} ${r.path}${r.graphql ? ` (${r.graphql.fields.join(",")})` : ""} ${r.status}`),
  };
}

export interface Spread {
  readonly median: number;
  readonly p95: number;
  readonly min: number;
  readonly max: number;
}

/** Median and nearest-rank 95th percentile. */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { median: 0, p95: 0, min: 0, max: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!;
  return { median, p95, min: sorted[0]!, max: sorted.at(-1)! };
}
