/**
 * Labels and assignees are not compare-and-swap on GitHub: Switchyard changes them with add/remove mutations, never by
 * writing whole lists, so what a person puts on a task between Switchyard's read and its write stays. The person's
 * change is made right before the app's GraphQL request reaches GitHub (`faults.before`), the worst moment for it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { isWrite } from "../support/request-recorder.js";
import { queueWorld } from "../support/queue-tracks.js";
import { useAppUnderTest } from "./app-under-test.js";

const t = useAppUnderTest();
const q = queueWorld(t);
const where = () => ({ owner: t.gh.owner, repo: t.gh.repo });
const MINE = "needs-design";

/** maya labels the task and assigns herself in the moment before the app's request holding the mutation `field`. */
function personActsBefore(n: number, field: string): void {
  t.gh.faults.before({
    method: "POST",
    path: "/graphql",
    field,
    run: async () => {
      await t.gh.as("maya").rest.issues.addLabels({ ...where(), issue_number: n, labels: [MINE] });
      await t.gh.as("maya").rest.issues.addAssignees({ ...where(), issue_number: n, assignees: ["maya"] });
    },
  });
}

function writesSince(mark: number): string[] {
  return t.gh.recorder.requests.slice(mark).filter(isWrite).map((r) => `${r.method} ${r.path.replace(/\/\d+/g, "/N")}`);
}

describe("what a person adds to a task while Switchyard writes it stays", () => {
  // The state labels exist, as after the repository's first claims (a label missing yet is added through REST).
  beforeAll(async () => {
    for (const state of ["claimed", "review", "queued", "blocked"]) await t.gh.as("maya").rest.issues.createLabel({ ...where(), name: `agent:${state}` });
  });

  it("survives a claim", async () => {
    const n = await t.w.task("Claimed while labelled");
    personActsBefore(n, "addLabelsToLabelable");
    await t.say("bob", n, "/claim");
    expect(t.gh.faults.waiting()).toEqual([]);
    const view = await t.w.view(n);
    expect(view.labels).toEqual(["agent:claimed", MINE]);
    expect(view.assignees).toEqual(["bob", "maya"]);
  });

  it("survives a release, which unassigns only the holder", async () => {
    const n = await t.w.task("Released while labelled");
    await t.say("alice", n, "/claim");
    personActsBefore(n, "removeAssigneesFromAssignable");
    await t.say("alice", n, "/release");
    expect(t.gh.faults.waiting()).toEqual([]);
    const view = await t.w.view(n);
    expect(view.labels).toEqual(["agent:ready", MINE]);
    expect(view.assignees).toEqual(["maya"]);
  });

  it("survives /done, which costs 3 writes: the lock's commit and ref, one GraphQL request (PR ready, label review, the reply)", async () => {
    const n = await t.w.task("Done while labelled");
    await t.say("dave", n, "/claim");
    personActsBefore(n, "markPullRequestReadyForReview");
    const mark = t.gh.recorder.mark();
    await t.say("dave", n, "/done");
    expect(await t.w.repliesOn(n)).toHaveLength(2);
    expect(writesSince(mark)).toEqual([
      "POST /repos/acme/widgets/git/commits",
      "PATCH /repos/acme/widgets/git/refs/switchyard/tasks/N",
      "POST /graphql",
    ]);
    expect(t.gh.faults.waiting()).toEqual([]);
    const view = await t.w.view(n);
    expect(view.labels).toEqual(["agent:review", MINE]);
    expect(view.assignees).toEqual(["dave", "maya"]);
    expect(view.pullRequests.map((p) => p.draft)).toEqual([false]);
  });

  it("survives the queue's close of the merged task: closed as completed, only the state label gone", async () => {
    const track = await q.track("carol", await t.w.task("Merged while labelled"), "docs/labelled.md", "x\n", { checkOwnBox: false });
    personActsBefore(track.n, "closeIssue");
    await t.say("maya", track.n, "/queue");
    for (let i = 0; i < 10 && t.gh.faults.waiting().length > 0; i++) {
      await q.ci();
      await q.run();
    }
    expect(t.gh.faults.waiting()).toEqual([]);
    const issue = await q.issue(track.n);
    expect([issue.state, issue.state_reason]).toEqual(["closed", "completed"]);
    const view = await t.w.view(track.n);
    expect(view.labels).toEqual([MINE]);
    expect(view.assignees).toEqual(["carol", "maya"]);
  });

  it("applies a label made again since the app learned its id: the failed mutation is done through REST", async () => {
    const first = await t.w.task("Learns the label ids");
    await t.say("erin", first, "/claim");
    // A person deletes the state label and makes it again: the same name, a new node id the app has not seen.
    await t.gh.as("maya").rest.issues.deleteLabel({ ...where(), name: "agent:claimed" });
    await t.gh.as("maya").rest.issues.createLabel({ ...where(), name: "agent:claimed" });
    const n = await t.w.task("Claimed with a stale label id");
    const mark = t.gh.recorder.mark();
    await t.say("alice", n, "/claim");
    const view = await t.w.view(n);
    expect(view.labels).toEqual(["agent:claimed"]);
    expect(view.assignees).toContain("alice");
    expect(writesSince(mark)).toContain("POST /repos/acme/widgets/issues/N/labels");
  });
});
