/**
 * Every request to GitHub gets a deadline. A hung connection would otherwise hold a command (and that repository's
 * merge queue, which runs one evaluation at a time) for as long as the socket stays open. Octokit reports the abort
 * like a 5xx, so its retry plugin tries again, and a command that still cannot get through ends in its one reply.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export function timedFetch(fetchImpl: typeof fetch = globalThis.fetch, timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): typeof fetch {
  return (input, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    return fetchImpl(input, { ...init, signal });
  };
}
