import { describe as group, expect, it } from "vitest";
import { MAX_MERGE_ATTEMPTS, onMergeResult, onUpdateBranchResult, type AnswerOutcome } from "../../../src/core/queue/answers.js";

group("GitHub's answer to the merge", () => {
  const cases: [string, number, string, number, AnswerOutcome][] = [
    ["200: merged, evaluate again to finish", 200, "Pull Request successfully merged", 1, { kind: "merged" }],
    ["405 base modified: retry after 1 s", 405, "Base branch was modified. Review and try the merge again.", 1, { kind: "retry", delayMs: 1000 }],
    ["405 base modified again: back off to 2 s", 405, "Base branch was modified. Review and try the merge again.", 2, { kind: "retry", delayMs: 2000 }],
    ["405 base modified, 4th attempt: 8 s", 405, "Base branch was modified", 4, { kind: "retry", delayMs: 8000 }],
    ["405 base modified at the last attempt: evaluate again", 405, "Base branch was modified", MAX_MERGE_ATTEMPTS, { kind: "reevaluate", reason: "the base kept moving during 5 merge attempts" }],
    ["409 head moved: evaluate again (the new head waits for its checks)", 409, "Head branch was modified. Review and try the merge again.", 1, { kind: "reevaluate", reason: "the head moved since its checks were read" }],
    ["405 not mergeable: dequeue with GitHub's words", 405, "Pull Request is not mergeable", 1, { kind: "dequeue", problem: { kind: "notMergeable", message: "Pull Request is not mergeable" } }],
    ["422 refused: dequeue", 422, "Required status check \"ci\" is expected.", 1, { kind: "dequeue", problem: { kind: "notMergeable", message: "Required status check \"ci\" is expected." } }],
    ["403 refused: dequeue with GitHub's words, not counted, so the queue never jams", 403, "Resource not accessible by integration", 1, { kind: "dequeue", problem: { kind: "refused", step: "merge", status: 403, message: "Resource not accessible by integration", workflows: false } }],
    ["403 for a workflow file: dequeue, saying the app lacks the workflows permission", 403, "refusing to allow a GitHub App to create or update workflow `.github/workflows/ci.yml` without `workflows` permission", 1, { kind: "dequeue", problem: { kind: "refused", step: "merge", status: 403, message: "refusing to allow a GitHub App to create or update workflow `.github/workflows/ci.yml` without `workflows` permission", workflows: true } }],
    ["403 secondary rate limit: transient, keep the lease", 403, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", 1, { kind: "error", reason: "GitHub answered 403 to the merge: You have exceeded a secondary rate limit. Please wait a few minutes before you try again." }],
    ["502: not the track's fault", 502, "Bad Gateway", 1, { kind: "error", reason: "GitHub answered 502 to the merge: Bad Gateway" }],
  ];
  it.each(cases)("%s", (_scenario, status, message, attempt, outcome) => {
    expect(onMergeResult(status, message, attempt)).toEqual(outcome);
  });

  it("caps the back-off and keeps GitHub's message to one short line", () => {
    const long = onMergeResult(405, `not mergeable\n${"x".repeat(500)}`, 1);
    expect(long).toMatchObject({ kind: "dequeue" });
    if (long.kind === "dequeue" && long.problem.kind === "notMergeable") {
      expect(long.problem.message).not.toContain("\n");
      expect(long.problem.message.length).toBeLessThanOrEqual(200);
    }
  });
});

group("GitHub's answer to the branch update", () => {
  const cases: [string, number, string, AnswerOutcome["kind"]][] = [
    ["202: accepted, wait for the new head", 202, "Updating pull request branch.", "accepted"],
    ["422 head moved: evaluate again", 422, "expected head sha didn't match current head ref.", "reevaluate"],
    ["422 conflict: dequeue as a conflict", 422, "merge conflict between base and head", "dequeue"],
    ["403 refused: dequeue with GitHub's words", 403, "Resource not accessible by integration", "dequeue"],
    ["429: transient, ask again on the next evaluation", 429, "API rate limit exceeded", "error"],
  ];
  it.each(cases)("%s", (_scenario, status, message, kind) => {
    expect(onUpdateBranchResult(status, message).kind).toBe(kind);
  });
});
