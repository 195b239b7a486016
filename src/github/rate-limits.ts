/**
 * What to do when GitHub says the installation is over a rate limit (Octokit's throttling plugin asks). Probot's
 * default retries a primary limit twice whatever the wait, which can hold a command for hours (the reset is up to an
 * hour away), and never retries a secondary one. Here: wait as GitHub says when the wait is short, twice at most;
 * otherwise give up at once, so the command ends in its one reply saying when to try again.
 */
export const MAX_RATE_LIMIT_WAIT_S = 60;
const MAX_RETRIES = 2;

interface Throttled {
  readonly method: string;
  readonly url: string;
  readonly request: { readonly retryCount: number };
}

interface Logger {
  warn(message: string): void;
}

/** `fallback`: where to warn when the throttled client has no logger (Probot's clients log as pino JSON). */
export function rateLimitPolicy(fallback: Logger = console) {
  const decide = (kind: string) => (retryAfter: number, options: Throttled, client?: { log?: Logger }): boolean => {
    const retry = retryAfter <= MAX_RATE_LIMIT_WAIT_S && options.request.retryCount < MAX_RETRIES;
    (client?.log ?? fallback).warn(`${kind} rate limit on ${options.method} ${options.url}: ${retry ? `retrying in ${retryAfter} s` : `giving up (GitHub asks to wait ${retryAfter} s)`}`);
    return retry;
  };
  return { onRateLimit: decide("primary"), onSecondaryRateLimit: decide("secondary") };
}
