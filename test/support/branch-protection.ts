/**
 * Branch protection, which emulate lacks: a protected branch takes no direct writes (GitHub answers a contents write
 * 409 "Changes must be made through a pull request." and a ref update or deletion 422 "Protected branch update
 * failed"), and a pull request into it merges only with `requiredApprovals` approving reviews (405 otherwise). The
 * app's shims are the app's real traffic: anything it writes straight to a protected default branch fails here as
 * it would on a well-kept repository. Opt in per test with `protectBranch(t.gh.state, "main")`.
 */
import { json, type Guard, type ShimContext } from "./github-fetch.js";
import type { ShimState } from "./shim-state.js";

export interface Protection {
  readonly requiredApprovals: number;
}

const protections = new WeakMap<ShimState, Map<string, Protection>>();

/** Protects `branch` until the returned function lifts it (suites share one emulator across their tests). */
export function protectBranch(state: ShimState, branch: string, protection: Protection = { requiredApprovals: 0 }): () => void {
  const map = protections.get(state) ?? new Map<string, Protection>();
  map.set(branch, protection);
  protections.set(state, map);
  return () => void map.delete(branch);
}

export function protectionOf(state: ShimState, branch: string): Protection | undefined {
  return protections.get(state)?.get(branch);
}

const REPO = "/repos/([^/]+)/([^/]+)";
const DOCS = "https://docs.github.com/rest";

async function defaultBranch(c: ShimContext, owner: string, repo: string): Promise<string> {
  const found = await c.internal("GET", `/repos/${owner}/${repo}`, { as: "harness" });
  return String(found.json?.default_branch ?? "main");
}

/** Checked before the shims: a refusal answers; `null` lets the request go on as usual. */
export function branchProtectionGuards(): Guard[] {
  return [
    {
      method: "PUT",
      route: new RegExp(`^${REPO}/contents/(.+)$`),
      why: "emulate has no branch protection; GitHub refuses a direct contents write to a protected branch with 409",
      refuse: async (c) => {
        const [owner, repo] = c.params as [string, string];
        const branch = (c.request.json as { branch?: unknown } | undefined)?.branch;
        const target = typeof branch === "string" ? branch : await defaultBranch(c, owner, repo);
        if (!protectionOf(c.state, target)) return null;
        return json(409, { message: "Changes must be made through a pull request.", documentation_url: `${DOCS}/repos/contents#create-or-update-file-contents`, status: "409" });
      },
    },
    ...(["PATCH", "DELETE"] as const).map((method): Guard => ({
      method,
      route: new RegExp(`^${REPO}/git/refs/heads/(.+)$`),
      why: "emulate has no branch protection; GitHub refuses to move or delete a protected branch's ref with 422",
      refuse: async (c) => {
        const branch = c.params[2] ?? "";
        if (!protectionOf(c.state, branch)) return null;
        return json(422, { message: `Protected branch update failed for refs/heads/${branch}.`, documentation_url: `${DOCS}/git/refs`, status: "422" });
      },
    })),
  ];
}
