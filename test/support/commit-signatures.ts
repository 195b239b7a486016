/**
 * Commit signatures, which emulate lacks (it calls every commit "unsigned"). GitHub signs the commits it creates for
 * an app through the API (author `<app>[bot]`, committer `web-flow`): those read back as verified. A commit pushed
 * with git, or made with someone else's token, is not the app's, whatever author it claims. The shims record the
 * commits an installation creates; reads of commits and comparisons report `verification` accordingly.
 */
import type { ShimRequest } from "./github-fetch.js";
import type { Identity, ShimState } from "./shim-state.js";

const signed = new WeakMap<ShimState, Set<string>>();

function signedIn(state: ShimState): Set<string> {
  let found = signed.get(state);
  if (!found) signed.set(state, (found = new Set()));
  return found;
}

/** A commit GitHub made on the app's behalf (the shims' own update-branch merges use this). */
export function signCommit(state: ShimState, sha: string): void {
  signedIn(state).add(sha);
}

/** Whether GitHub signed this commit (made it for an installation): what GraphQL's `Commit.signature` reports too. */
export function isSigned(state: ShimState, sha: string): boolean {
  return signedIn(state).has(sha);
}

function verification(state: ShimState, sha: unknown) {
  const valid = typeof sha === "string" && signedIn(state).has(sha);
  return { verified: valid, reason: valid ? "valid" : "unsigned", signature: null, payload: null, verified_at: valid ? new Date(0).toISOString() : null };
}

/** Records commits an installation created, and reports `verification` on every commit read back. */
export function modelSignatures(state: ShimState, request: ShimRequest, status: number, body: Record<string, unknown> | unknown[] | undefined, who: Identity | undefined): void {
  if (!body || Array.isArray(body) || status >= 300) return;
  const path = request.path;
  if (who?.kind === "installation" && request.method === "POST" && /\/git\/commits$/.test(path)) signCommit(state, String(body.sha));
  if (who?.kind === "installation" && request.method === "PUT" && /\/contents\//.test(path)) signCommit(state, String((body.commit as { sha?: string } | undefined)?.sha));
  if (request.method !== "GET") return;
  if (/\/git\/commits\/[0-9a-f]+$/.test(path)) body.verification = verification(state, body.sha);
  if (/\/compare\//.test(path) && Array.isArray(body.commits)) {
    for (const entry of body.commits as { sha?: string; commit?: Record<string, unknown> }[]) {
      if (entry.commit) entry.commit.verification = verification(state, entry.sha);
    }
  }
}
