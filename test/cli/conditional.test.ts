import type { Octokit } from "@octokit/rest";
import { describe, expect, it } from "vitest";
import { ConditionalReader } from "../../src/cli/api/conditional.js";

/** A GitHub that answers 304 whenever the caller's `If-None-Match` matches the list's current ETag. */
function fakeGitHub(list: { data: unknown; etag: string }) {
  const sent: (string | undefined)[] = [];
  const github = {
    async request(_route: string, params: { headers: Record<string, string> }) {
      const asked = params.headers["if-none-match"];
      sent.push(asked);
      if (asked === list.etag) throw Object.assign(new Error("Not Modified"), { status: 304 });
      return { data: list.data, headers: { etag: list.etag } };
    },
  } as unknown as Octokit;
  return { github, sent };
}

describe("conditional polling", () => {
  it("asks again with the ETag, reuses the list on a 304, and sees a change at once", async () => {
    const list = { data: ["first comment"], etag: 'W/"1"' };
    const { github, sent } = fakeGitHub(list);
    const reader = new ConditionalReader(github);
    const route = "GET /repos/{owner}/{repo}/issues/{issue_number}/comments";
    const params = { owner: "acme", repo: "widgets", issue_number: 7 };
    expect(await reader.get(route, params)).toEqual(["first comment"]);
    expect(await reader.get(route, params)).toEqual(["first comment"]);
    expect(reader.notModified).toBe(1);
    list.data = ["first comment", "the bot's reply"];
    list.etag = 'W/"2"';
    expect(await reader.get(route, params)).toEqual(["first comment", "the bot's reply"]);
    expect(sent).toEqual([undefined, 'W/"1"', 'W/"1"']);
  });
});
