import { describe, expect, it } from "vitest";
import { comment, deliver, startReplica, ROOMY_LIMITS, useAppUnderTest } from "./app-under-test.js";

const t = useAppUnderTest({ config: ROOMY_LIMITS });
const say = t.say;

describe("/claim through Probot against the emulated GitHub", () => {
  it("locks the task to the claimant with an assignee, a label, a branch, a draft PR and one reply", async () => {
    const n = await t.w.task("Add the CLI");
    await say("alice", n, "/claim");
    const view = await t.w.view(n);
    expect(view.assignees).toEqual(["alice"]);
    expect(view.labels).toEqual(["agent:claimed"]);
    expect(view.branches).toEqual([`agent/alice/${n}-add-the-cli`]);
    expect(view.pullRequests).toEqual([
      expect.objectContaining({ head: `agent/alice/${n}-add-the-cli`, draft: true, body: expect.stringContaining(`Closes #${n}`) }),
    ]);
    expect(view.replies).toHaveLength(1);
    expect(view.replies[0]).toContain(`git fetch origin agent/alice/${n}-add-the-cli`);
    expect(view.replies[0]).toContain(`git worktree add ../widgets-${n} agent/alice/${n}-add-the-cli`);
    expect(view.replies[0]).toContain(`#${view.pullRequests[0]!.number}`);
  });

  it("costs a bounded, known number of requests and writes", async () => {
    const n = await t.w.task("Count the requests");
    const said = await comment(t.gh, "bob", n, "/claim");
    const mark = t.gh.recorder.mark();
    await deliver(t.app, said);
    const requests = t.gh.recorder.since(mark);
    const writes = requests.filter((r) => r.method !== "GET" && !r.path.endsWith("/access_tokens"));
    expect(writes.map((r) => `${r.method} ${r.path.replace(/\/\d+/g, "/N")}`)).toEqual([
      "POST /repos/acme/widgets/issues/comments/N/reactions",
      "POST /repos/acme/widgets/git/commits",
      "POST /repos/acme/widgets/git/refs",
      "POST /repos/acme/widgets/issues/N/labels",
      "DELETE /repos/acme/widgets/issues/N/labels/agent:ready",
      "POST /repos/acme/widgets/issues/N/assignees",
      "POST /repos/acme/widgets/git/commits",
      "POST /repos/acme/widgets/git/refs",
      "POST /repos/acme/widgets/pulls",
      "POST /repos/acme/widgets/issues/N/comments",
    ]);
    // Reads: config, permission, issue, lock ref, default branch head, and for admission control the lock refs (the
    // active tracks: held locks, never labels) and one list per active state (claimed, review, queued: the tracks'
    // bodies), twice: before the lock, and after it is published (the second look that keeps concurrent claims of
    // different tasks within the limits). Never one per issue; lock commits are read once per process.
    const allReads = requests.filter((r) => r.method === "GET").map((r) => `${r.method} ${r.path.replace(/\/\d+/g, "/N")}`);
    // Another active track's lock commit is read the first time this process meets it (here: at most the earlier test's).
    // So is the app's own login (`GET /app`, once per process), which tells its state commits from forgeries.
    const reads = allReads.filter((r) => !r.includes("/git/commits/") && r !== "GET /app");
    expect(allReads.length - reads.length).toBeLessThanOrEqual(2);
    // Sorted: the independent reads run concurrently.
    expect(reads.sort()).toEqual([
      "GET /repos/acme/widgets/contents/.github/switchyard.yml",
      "GET /repos/acme/widgets/collaborators/bob/permission",
      "GET /repos/acme/widgets/issues/N",
      "GET /repos/acme/widgets/git/ref/switchyard/tasks/N",
      "GET /repos/acme/widgets/branches/main",
      "GET /repos/acme/widgets/git/matching-refs/switchyard/tasks/",
      "GET /repos/acme/widgets/git/matching-refs/switchyard/tasks/",
      "GET /repos/acme/widgets/issues",
      "GET /repos/acme/widgets/issues",
      "GET /repos/acme/widgets/issues",
      "GET /repos/acme/widgets/issues",
      "GET /repos/acme/widgets/issues",
      "GET /repos/acme/widgets/issues",
    ].sort());
  });

  it("lets exactly one of 8 concurrent claims win, and answers all 8", async () => {
    const n = await t.w.task("Race for it");
    const claimants = ["alice", "bob", "carol", "dave", "erin", "maya", "adam", "alice"];
    const said = await Promise.all(claimants.map((login) => comment(t.gh, login, n, "/claim")));
    await Promise.all(said.map((s) => deliver(t.app, s)));
    const view = await t.w.view(n);
    expect(view.assignees).toHaveLength(1);
    const winner = view.assignees[0]!;
    expect(view.branches).toHaveLength(1);
    expect(view.branches[0]).toContain(`agent/${winner}/`);
    expect(view.pullRequests).toHaveLength(1);
    expect(view.labels).toEqual(["agent:claimed"]);
    expect(view.replies).toHaveLength(8);
    expect(view.replies.filter((r) => r.includes("claimed this task"))).toHaveLength(1);
    const refusals = view.replies.filter((r) => r.includes(`already claimed by @${winner}`));
    const sameAgentAgain = view.replies.filter((r) => r.includes("you already hold this task"));
    expect(refusals.length + sameAgentAgain.length).toBe(7);
  });

  it("handles a redelivered webhook (same delivery id) once", async () => {
    const n = await t.w.task("Redelivered");
    const said = await comment(t.gh, "carol", n, "/claim");
    await deliver(t.app, said);
    await deliver(t.app, said);
    await deliver(t.app, said);
    const view = await t.w.view(n);
    expect(view.replies).toHaveLength(1);
    expect(view.branches).toHaveLength(1);
  });

  it("handles the same comment delivered to two replicas at once with the side effects of one", async () => {
    const other = await startReplica(t.gh);
    const n = await t.w.task("Two replicas");
    const said = await comment(t.gh, "dave", n, "/claim");
    await Promise.all([deliver(t.app, said), deliver(other, { ...said, deliveryId: `${said.deliveryId}-b` })]);
    const view = await t.w.view(n);
    expect(view.replies).toHaveLength(1);
    expect(view.assignees).toEqual(["dave"]);
    expect(view.pullRequests).toHaveLength(1);
  });
});

describe("refusals: one clear reply, nothing changed", () => {
  async function refused(login: string, body: string, labels: string[] = ["agent:ready"], title = "Refuse me") {
    const n = await t.w.task(title, labels);
    await say(login, n, body);
    const view = await t.w.view(n);
    expect(view.replies).toHaveLength(1);
    expect(view.assignees).toEqual([]);
    expect(view.branches).toEqual([]);
    expect(view.labels).toEqual(labels);
    return view.replies[0]!;
  }

  it("refuses a read-only user", async () => {
    expect(await refused("rita", "/claim")).toContain("needs write permission");
  });

  it("refuses an outsider", async () => {
    expect(await refused("oscar", "/claim")).toContain("needs write permission");
  });

  it("refuses an issue that is not ready", async () => {
    expect(await refused("alice", "/claim", ["bug"])).toContain("needs the `agent:ready` label");
  });

  it("answers /claim with extra arguments with its usage", async () => {
    expect(await refused("alice", "/claim this one please")).toContain("takes no arguments");
  });

  it("answers a lookalike ／claim instead of claiming", async () => {
    expect(await refused("alice", "／claim")).toContain("lookalike characters");
  });

  it("ignores commands inside code and quotes entirely", async () => {
    const n = await t.w.task("Quoted");
    await say("alice", n, "```\n/claim\n```\n> /claim\n`/claim`\n<!-- /claim -->");
    const view = await t.w.view(n);
    expect(view.replies).toEqual([]);
    expect(view.assignees).toEqual([]);
  });

  it("claims from a 65,000-character comment whose command is on its last line", async () => {
    const n = await t.w.task("Long comment");
    await say("erin", n, `${"lorem ipsum dolor sit amet ".repeat(2400).slice(0, 64_990)}\n/claim`);
    expect((await t.w.view(n)).assignees).toEqual(["erin"]);
  });

  it("makes a valid branch from a title full of shell metacharacters and ref-breaking characters", async () => {
    const n = await t.w.task("Fix `rm -rf ~`; $(curl x) && ..\\weird~^:?*[ name.lock");
    await say("bob", n, "/claim");
    expect((await t.w.view(n)).branches).toEqual([`agent/bob/${n}-fix-rm-rf-curl-x-weird-name-lock`]);
  });

  it("refuses a closed issue", async () => {
    const n = await t.w.task("Closed one");
    await t.gh.as("maya").rest.issues.update({ owner: t.gh.owner, repo: t.gh.repo, issue_number: n, state: "closed" });
    await say("alice", n, "/claim");
    const view = await t.w.view(n);
    expect(view.replies).toEqual([expect.stringContaining("This issue is closed")]);
    expect(view.branches).toEqual([]);
  });
});
