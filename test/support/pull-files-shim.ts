/**
 * `GET /pulls/{n}/files`: emulate answers stub names (`file1.ts`, …) counted from the PR's creation. GitHub lists
 * the files the PR changes: the diff from the merge base of its base and head branches to the head. Answered here
 * from emulate's own compare of the two branches.
 */
import type { ShimContext } from "./github-fetch.js";

export const pullFilesShim = {
  method: "GET",
  route: /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/files$/,
  why: "emulate lists stub file names for a PR; GitHub lists the files its head branch changes since the merge base",
  handle: async (c: ShimContext): Promise<Response> => {
    const [owner, repo, number] = c.params as [string, string, string];
    const pr = await c.internal("GET", `/repos/${owner}/${repo}/pulls/${number}`, { as: "caller" });
    if (pr.status !== 200) return c.forward();
    const basehead = `${encodeURIComponent(pr.json.base.ref)}...${encodeURIComponent(pr.json.head.ref)}`;
    const compare = await c.internal("GET", `/repos/${owner}/${repo}/compare/${basehead}`, { as: "harness" });
    if (compare.status !== 200) return c.forward();
    const perPage = Math.min(100, Number(c.request.query.get("per_page") ?? 30) || 30);
    const page = Math.max(1, Number(c.request.query.get("page") ?? 1) || 1);
    const files = (compare.json.files ?? []) as unknown[];
    return new Response(JSON.stringify(files.slice((page - 1) * perPage, page * perPage)), {
      status: 200,
      headers: { "content-type": "application/json; charset=utf-8" },
    });
  },
};
