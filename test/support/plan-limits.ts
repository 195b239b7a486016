/**
 * Plan limits, which emulate lacks: private repositories on some GitHub plans cannot have draft pull requests, and
 * GitHub answers a draft `POST /pulls` with 422. Opt in per test with `refuseDrafts(t.gh.state)`.
 */
import { json, type Guard } from "./github-fetch.js";
import type { ShimState } from "./shim-state.js";

const refusing = new WeakSet<ShimState>();

/** Drafts are refused until the returned function lifts it (suites share one emulator across their tests). */
export function refuseDrafts(state: ShimState): () => void {
  refusing.add(state);
  return () => void refusing.delete(state);
}

export function planLimitGuards(): Guard[] {
  return [
    {
      method: "POST",
      route: /^\/repos\/([^/]+)\/([^/]+)\/pulls$/,
      why: "emulate opens drafts everywhere; GitHub refuses them on private repositories of some plans (422)",
      refuse: async (c) => {
        if (!refusing.has(c.state) || (c.request.json as { draft?: unknown } | undefined)?.draft !== true) return null;
        return json(422, {
          message: "Validation Failed",
          errors: [{ resource: "PullRequest", code: "custom", message: "Draft pull requests are not supported in this repository." }],
          documentation_url: "https://docs.github.com/rest/pulls/pulls#create-a-pull-request",
          status: "422",
        });
      },
    },
  ];
}
