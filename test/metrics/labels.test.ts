/**
 * Label values stay bounded: routes are templates whatever URL a request was sent to, refusal reasons and command
 * outcomes come from the message kinds, and the rate-limit gauge forgets windows that have reset.
 */
import { describe, expect, it } from "vitest";
import type { Message } from "../../src/core/messages/reply.js";
import { RateLimitTable, rateLimitOf } from "../../src/metrics/rate-limit-table.js";
import { refusalReasons, replyOutcome } from "../../src/metrics/reply-outcome.js";
import { routeTemplate } from "../../src/metrics/route-template.js";

describe("route labels", () => {
  it("keeps the template Octokit was called with", () => {
    expect(routeTemplate("/repos/{owner}/{repo}/git/ref/{ref}")).toBe("/repos/{owner}/{repo}/git/ref/{ref}");
    expect(routeTemplate("/graphql")).toBe("/graphql");
  });

  it("templates a next page's URL from GitHub's Link header: no owner, repository, number or query", () => {
    const base = "https://api.github.com";
    expect(routeTemplate(`${base}/repositories/1300192/issues/7/comments?per_page=100&page=2`, base)).toBe(
      "/repositories/{repository_id}/issues/{number}/comments",
    );
    expect(routeTemplate(`${base}/repos/Acme-Corp/widgets.js/pulls/12/reviews?page=3`, base)).toBe("/repos/{owner}/{repo}/pulls/{number}/reviews");
    expect(routeTemplate(`${base}/app/installations?per_page=100&page=2`, base)).toBe("/app/installations");
  });

  it("drops GitHub Enterprise Server's /api/v3 prefix, and names anything that is not a plain word by a placeholder", () => {
    const base = "https://ghe.example.com/api/v3";
    expect(routeTemplate("https://ghe.example.com/api/v3/repos/o/r/issues/3/comments?page=2", base)).toBe("/repos/{owner}/{repo}/issues/{number}/comments");
    expect(routeTemplate("http://127.0.0.1:9/repos/o/r/contents/Some%20File.md", "")).toBe("/repos/{owner}/{repo}/contents/{param}");
  });
});

describe("reply outcomes and refusal reasons", () => {
  const refused = (message: Message) => [replyOutcome(message), refusalReasons(message)];

  it("names each of admission control's reasons once, and /queue's reason", () => {
    const notAdmitted: Message = {
      kind: "notAdmitted",
      refusals: [
        { kind: "dependenciesNotDone", tasks: [3] },
        { kind: "touchesOverlap", task: 4, holder: "bob", pairs: [] },
        { kind: "touchesOverlap", task: 5, holder: "carol", pairs: [] },
      ],
    };
    expect(refused(notAdmitted)).toEqual(["refused", ["dependenciesNotDone", "touchesOverlap"]]);
    expect(refused({ kind: "cannotQueue", reason: "draft", pullRequest: 9 })).toEqual(["refused", ["draft"]]);
    expect(refused({ kind: "heldBy", holder: "alice", since: "2026-01-01T00:00:00Z" })).toEqual(["refused", ["heldBy"]]);
  });

  it("counts successes, failures and the queue's own replies as no refusal", () => {
    expect(refused({ kind: "released", holder: "alice", by: "alice" })).toEqual(["succeeded", []]);
    expect(refused({ kind: "busy", command: "claim" })).toEqual(["failed", []]);
    expect(refused({ kind: "mergedByQueue", pullRequest: 8, sha: "abc", branchDeleted: true })).toEqual(["merged", []]);
  });
});

describe("rate-limit remaining", () => {
  const headers = (remaining: string, reset: number, resource?: string) =>
    new Headers({ "x-ratelimit-remaining": remaining, "x-ratelimit-reset": String(reset), ...(resource ? { "x-ratelimit-resource": resource } : {}) });

  it("is the lowest over the installations, per resource, until a window resets", () => {
    const table = new RateLimitTable();
    table.record("1", "core", 4200, 2_000);
    table.record("2", "core", 310, 1_000);
    table.record("2", "graphql", 4990, 3_000);
    expect(table.lowest(500)).toEqual(new Map([["core", 310], ["graphql", 4990]]));
    expect(table.lowest(1_000)).toEqual(new Map([["core", 4200], ["graphql", 4990]]));
  });

  it("reads GitHub's headers, and keeps a resource GitHub did not name out of the labels", () => {
    expect(rateLimitOf(headers("4999", 1_800_000_000, "graphql"))).toEqual({ resource: "graphql", remaining: 4999, resetsAt: 1_800_000_000_000 });
    expect(rateLimitOf(headers("12", 1_800_000_000))?.resource).toBe("core");
    expect(rateLimitOf(headers("12", 1_800_000_000, "<script>"))?.resource).toBe("other");
    expect(rateLimitOf(new Headers())).toBeNull();
  });
});
