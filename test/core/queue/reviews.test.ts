import { describe as group, expect, it } from "vitest";
import { reviewVerdict, type ReviewRecord } from "../../../src/core/queue/reviews.js";

const HEAD = "head-sha";
const review = (reviewer: string, state: string, overrides: Partial<ReviewRecord> = {}): ReviewRecord => ({ reviewer, state, isBot: false, commitId: HEAD, ...overrides });
const maintainers = new Set(["maya", "max", "rita"]);
const verdict = (reviews: ReviewRecord[], holder = "alice") => reviewVerdict(reviews, { holder, headSha: HEAD, isMaintainer: (l) => maintainers.has(l.toLowerCase()) });

group("reviews that count toward a merge", () => {
  it("counts a maintainer's approval of the current head", () => {
    expect(verdict([review("maya", "APPROVED")])).toEqual({ approvals: 1, changesRequested: false, approvedBy: ["maya"], changesRequestedBy: [] });
  });

  const ignored: [string, ReviewRecord][] = [
    ["the holder approving their own track", review("alice", "APPROVED")],
    ["a read-only user or an outsider", review("rob", "APPROVED")],
    ["a bot", review("ci[bot]", "APPROVED", { isBot: true })],
    ["an approval of an earlier commit", review("maya", "APPROVED", { commitId: "older-sha" })],
    ["a comment", review("maya", "COMMENTED")],
  ];
  it.each(ignored)("does not count %s", (_who, r) => {
    expect(verdict([r]).approvals).toBe(0);
  });

  it("takes each reviewer's latest verdict: a dismissal or a later change request cancels an approval", () => {
    expect(verdict([review("maya", "APPROVED"), review("maya", "DISMISSED")]).approvals).toBe(0);
    expect(verdict([review("maya", "APPROVED"), review("maya", "CHANGES_REQUESTED")])).toMatchObject({ approvals: 0, changesRequested: true, changesRequestedBy: ["maya"] });
    expect(verdict([review("maya", "CHANGES_REQUESTED"), review("maya", "APPROVED")])).toMatchObject({ approvals: 1, changesRequested: false });
    expect(verdict([review("Maya", "APPROVED"), review("maya", "APPROVED")]).approvals).toBe(1); // logins are case-insensitive
  });

  it("lets a maintainer's change request block, but not an outsider's or the holder's", () => {
    expect(verdict([review("max", "APPROVED"), review("rita", "CHANGES_REQUESTED", { commitId: "older-sha" })]).changesRequested).toBe(true);
    expect(verdict([review("max", "APPROVED"), review("rob", "CHANGES_REQUESTED")]).changesRequested).toBe(false);
    expect(verdict([review("max", "APPROVED"), review("alice", "CHANGES_REQUESTED")]).changesRequested).toBe(false);
  });
});
