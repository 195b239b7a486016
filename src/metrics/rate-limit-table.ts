/**
 * What GitHub last said about each installation's rate limits (`x-ratelimit-remaining`, `-reset`, `-resource`).
 * Every installation has its own budget, so the one to watch is the lowest; a window that has reset since no longer
 * says anything and is forgotten.
 */
export class RateLimitTable {
  private readonly windows = new Map<string, { resource: string; remaining: number; resetsAt: number }>();

  /** `installation`: whose budget (`app` for the app's own requests); `resetsAt`: epoch milliseconds. */
  record(installation: string, resource: string, remaining: number, resetsAt: number): void {
    this.windows.set(`${installation} ${resource}`, { resource, remaining, resetsAt });
  }

  /** The lowest remaining count per resource, over the windows that have not reset by `now` (epoch ms). */
  lowest(now: number): Map<string, number> {
    const lowest = new Map<string, number>();
    for (const [key, window] of this.windows) {
      if (window.resetsAt <= now) {
        this.windows.delete(key);
        continue;
      }
      lowest.set(window.resource, Math.min(window.remaining, lowest.get(window.resource) ?? Infinity));
    }
    return lowest;
  }
}

/** The rate-limit headers of one answer, or `null` when it has none (GraphQL errors, answers from a proxy). */
export function rateLimitOf(headers: Headers): { resource: string; remaining: number; resetsAt: number } | null {
  const remaining = Number(headers.get("x-ratelimit-remaining") ?? NaN);
  const reset = Number(headers.get("x-ratelimit-reset") ?? NaN);
  if (!Number.isSafeInteger(remaining) || remaining < 0 || !Number.isSafeInteger(reset)) return null;
  const resource = headers.get("x-ratelimit-resource") ?? "core";
  // GitHub's resources are a short fixed list; anything else is not GitHub's word and must not become a label.
  return { resource: /^[a-z_]{1,40}$/.test(resource) ? resource : "other", remaining, resetsAt: reset * 1000 };
}
