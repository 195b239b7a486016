import { describe, expect, it } from "vitest";
import { isWrite, type RecordedRequest } from "../support/request-recorder.js";
import { comment, deliver, ROOMY_LIMITS, useAppUnderTest } from "./app-under-test.js";

const t = useAppUnderTest({ config: ROOMY_LIMITS });

/** The app's requests since `mark`, as `METHOD path` with issue numbers as N (tokens and the app's own login left out). */
function requestsSince(mark: number): string[] {
  return t.gh.recorder
    .since(mark)
    .filter((r: RecordedRequest) => !r.path.endsWith("/access_tokens") && r.path !== "/app")
    .map((r) => `${r.method} ${r.path.replace(/\/\d+(?=\/|$)/g, "/N")}`);
}

/** `login` says `body` on `issue`; the requests the app made for it. */
async function measured(login: string, issue: number, body: string): Promise<string[]> {
  const said = await comment(t.gh, login, issue, body);
  const mark = t.gh.recorder.mark();
  await deliver(t.app, said);
  return requestsSince(mark);
}

const lockSha = async (task: number) =>
  (await t.gh.as("maya").rest.git.getRef({ owner: t.gh.owner, repo: t.gh.repo, ref: `switchyard/tasks/${task}` })).data.object.sha;

/** What anyone sees of a held task, and the lock itself. */
async function snapshot(task: number) {
  const { replies, ...shown } = await t.w.view(task);
  return { shown, replies, lock: await lockSha(task) };
}

describe("/claim of a task someone else holds", () => {
  it("is answered in 5 requests and one write, the caller's permission never read: the holder's name whoever asks", async () => {
    const n = await t.w.task("Held by alice");
    await t.say("alice", n, "/claim");
    const requests = await measured("bob", n, "/claim");
    // The default branch head (the configuration read at it is reused), the issue and the listing of the lock refs side
    // by side (the lock commit was met when it was written; not the PR: it is not bob's track), the reply, and the
    // look that keeps only the first answer should another delivery of the comment have answered too.
    expect(requests[0]).toBe("GET /repos/acme/widgets/branches/main");
    expect(requests.slice(1, 3).sort()).toEqual(["GET /repos/acme/widgets/git/matching-refs/switchyard/tasks/", "GET /repos/acme/widgets/issues/N"]);
    expect(requests.slice(3)).toEqual(["POST /repos/acme/widgets/issues/N/comments", "GET /repos/acme/widgets/issues/N/comments"]);
    expect((await t.w.repliesOn(n)).at(-1)).toContain("This task is already claimed by @alice");
  });

  it("refuses a maintainer too: a claim is taken from its holder by /release, never by /claim", async () => {
    const n = await t.w.task("Not even a maintainer");
    await t.say("alice", n, "/claim");
    const before = await snapshot(n);
    await t.say("adam", n, "/claim");
    const after = await snapshot(n);
    expect(after.replies.at(-1)).toContain("already claimed by @alice");
    expect({ ...after, replies: [] }).toEqual({ ...before, replies: [] });
  });

  it("still answers everyone with access after the issue's one early answer of the hour, reading their permission", async () => {
    const n = await t.w.task("Popular task");
    await t.say("alice", n, "/claim");
    expect(await measured("bob", n, "/claim")).not.toContain("GET /repos/acme/widgets/collaborators/bob/permission");
    for (const login of ["carol", "maya"]) {
      const requests = await measured(login, n, "/claim");
      expect(requests).toContain(`GET /repos/acme/widgets/collaborators/${login}/permission`);
      expect(requests.length).toBe(6);
    }
    const replies = await t.w.repliesOn(n);
    expect(replies.slice(-3).filter((r) => r.includes("already claimed by @alice"))).toHaveLength(3);
  });
});

describe("/claim by someone with no access", () => {
  it("on a free task: refused for their permission, read before anything is written; the task stays free", async () => {
    const n = await t.w.task("Free for insiders");
    const requests = await measured("oscar", n, "/claim");
    const permission = requests.indexOf("GET /repos/acme/widgets/collaborators/oscar/permission");
    expect(permission).toBeGreaterThan(0);
    expect(requests.findIndex((r) => !r.startsWith("GET"))).toBeGreaterThan(permission);
    const view = await t.w.view(n);
    expect(view.replies).toEqual([expect.stringContaining("@oscar you cannot `/claim` here")]);
    expect(view.labels).toEqual(["agent:ready"]);
    expect(view.assignees).toEqual([]);
    expect(view.branches).toEqual([]);
    await expect(lockSha(n)).rejects.toMatchObject({ status: 404 });
  });

  it("on a held task: changes nothing, and the issue answers such commands once an hour at most, as before", async () => {
    const n = await t.w.task("Held against outsiders");
    await t.say("alice", n, "/claim");
    const before = await snapshot(n);
    const mark = t.gh.recorder.mark();
    await t.say("oscar", n, "/claim");
    expect(t.gh.recorder.since(mark).filter(isWrite).map((r) => `${r.method} ${r.path.replace(/\/\d+\//g, "/N/")}`)).toEqual([
      "POST /repos/acme/widgets/issues/N/comments",
    ]);
    const later = t.gh.recorder.mark();
    for (const command of ["/claim", "/release", "/done", "/fail mine now"]) await t.say("oscar", n, command);
    expect(t.gh.recorder.since(later).filter(isWrite)).toEqual([]);
    const after = await snapshot(n);
    expect(after.replies).toEqual([...before.replies, expect.stringContaining("already claimed by @alice")]);
    expect({ ...after, replies: [] }).toEqual({ ...before, replies: [] });
  });

  it("gets no reply on an issue whose early answer of the hour went to someone else: outsiders get no more than before", async () => {
    const n = await t.w.task("Answered early already");
    await t.say("alice", n, "/claim");
    await t.say("bob", n, "/claim");
    const before = await snapshot(n);
    const mark = t.gh.recorder.mark();
    await t.say("oscar", n, "/claim");
    expect(t.gh.recorder.since(mark).filter(isWrite)).toEqual([]);
    expect(await snapshot(n)).toEqual(before);
  });
});
