import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBench, type Bench } from "../../scripts/bench/operations.js";
import type { CiBot } from "../../scripts/support/ci-bot.js";
import { isTokenMint } from "../../scripts/support/measure.js";
import { measureMerge, prepareTrack } from "../../scripts/support/merge-bench.js";
import type { Sandbox } from "../../scripts/support/sandbox.js";
import { isWrite, type RecordedRequest } from "../support/request-recorder.js";

/**
 * What `/queue` on an approved track's PR costs until the track is merged and finished, with the app in a real Probot
 * server and every webhook GitHub would send delivered (the merge's `pull_request.closed`, the close's `issues.closed`,
 * CI's statuses): the bench's "merge (per track)" row, its request list pinned.
 */
let opened: { bench: Bench; sandbox: Sandbox; ci: CiBot } | undefined;

beforeAll(async () => {
  opened = await openBench();
  opened.ci.start();
});

afterAll(async () => {
  await opened?.ci.stop().catch(() => undefined);
  await opened?.sandbox.stop();
});

/** An approved track with CI passed, then `/queue` on its PR: the app's requests until the track is finished. */
async function queueToMerged(i: number): Promise<{ requests: RecordedRequest[]; note: string }> {
  const { bench, sandbox, ci } = opened!;
  const { gh } = sandbox;
  // The bench's CI reports on track branches named after "Bench merge …" tasks.
  const title = `Bench merge cost ${i}`;
  const issue = await bench.task(title);
  const say = (login: string, on: number, body: string, expect: RegExp) => bench.say(login, on, body, expect);
  const track = await prepareTrack(gh, { ci, say, agent: "alice", maintainer: "maya", issue, title, file: `src/cost-${i}.ts`, behindBase: false });
  const mark = gh.recorder.mark();
  const sample = await measureMerge(gh, "maya", track);
  const requests = gh.recorder.since(mark).filter((r) => !isTokenMint(r) && r.path !== "/app");
  return { requests, note: sample.reply };
}

/** `METHOD path status`, numbers and shas replaced, GraphQL by its root fields. */
function line(r: RecordedRequest): string {
  const path = r.path
    .replace(/^\/repos\/acme\/widgets/, "")
    .replace(/\/[0-9a-f]{40}/g, "/SHA")
    .replace(/\.\.\.[0-9a-f]{40}/, "...SHA")
    .replace(/\/\d+(?=\/|$)/g, "/N");
  return `${r.method} ${path}${r.graphql ? ` ${r.graphql.fields.join(",")}` : ""} ${r.status}`;
}

describe("/queue → merged", () => {
  it("costs 21 requests, five of them 304s, and 7 writes: nothing read twice, and the merge's own webhooks redo nothing", async () => {
    // The first track of a process reads the ready tasks in full; from the second on, unchanged, they answer 304, and
    // so do the default branch and the queued tasks the command reads (neither moved since the last track's merge).
    await queueToMerged(1);
    const { requests, note } = await queueToMerged(2);
    expect(note).toMatch(/The merge queue merged #\d+/);
    expect(requests.map(line).sort()).toEqual(
      [
        // The command: the default branch (its configuration is cached), the caller, the PR it was said on (it is the
        // track's), the task and its lock, the queue (for the reply), the reviews (whose reviewer is the caller, read
        // once), the lease; then the lock and the lease in one commit and one request, the labels and the reply in one.
        "GET /branches/main 304",
        "GET /collaborators/maya/permission 200",
        "GET /pulls/N 200",
        "GET /issues/N 200",
        "GET /git/ref/switchyard/tasks/N 200",
        "GET /issues 304",
        "GET /pulls/N/reviews 200",
        "GET /git/ref/switchyard/queue/main 200",
        "POST /git/commits 201",
        "POST /graphql updateRefs 200",
        "POST /graphql removeLabelsFromLabelable,addLabelsToLabelable,addComment 200",
        // The run, started from what the command wrote (the track at the head of the idle queue, its lock and lease):
        // the PR, how it stands against main, its checks, statuses and reviews, read fresh (the PR and its reviews
        // with the ETags of the command's reads a moment before: unchanged, 304); the merge, the close with the note,
        // the finish.
        "GET /pulls/N 304",
        "GET /compare/main...SHA 200",
        "GET /commits/SHA/check-runs 200",
        "GET /commits/SHA/status 200",
        "GET /pulls/N/reviews 304",
        "PUT /pulls/N/merge 200",
        "POST /graphql addComment,removeLabelsFromLabelable,closeIssue 200",
        "POST /git/commits 201",
        "POST /graphql updateRefs 200",
        // issues.closed: the tasks waiting on it, among the ready ones (unchanged: 304), with the finish's configuration.
        "GET /issues 304",
      ].sort(),
    );
    expect(requests.filter(isWrite)).toHaveLength(7);
    // Nobody reads the configuration after the merge, and no run lists the queue: the one /queue starts begins from
    // what the command wrote, and the merge's own webhooks start none.
    expect(requests.filter((r) => r.path.includes("/contents/"))).toEqual([]);
    expect(requests.filter((r) => r.path.endsWith("/git/matching-refs/switchyard/queue/"))).toHaveLength(0);
  });
});
