/**
 * Fault injection: makes the next matching request(s) fail the way GitHub fails, without reaching the
 * emulator. Used through `createGitHubFetch({ faults })`; the emulated GitHub applies faults to the app's
 * fetch only, so the tests' own clients (`gh.as(login)`) keep seeing the truth.
 */

export type FaultStatus = 500 | 502 | 503 | 403 | 429 | 422;

export interface FaultSpec {
  /**
   * `answer` (default): GitHub answers `status` without doing anything. `lose`: GitHub applies the request, and the
   * answer is lost on the way (the app sees a network error). `hang`: no answer ever comes (until the caller aborts).
   */
  readonly mode?: "answer" | "lose" | "hang";
  /** Any method when omitted. */
  readonly method?: string;
  /** Matched against the request path without query string (URL-decoded): a RegExp, or the exact path. */
  readonly path: RegExp | string;
  /** For GraphQL: a root field the document must hold (a mutation's name); other documents go through. */
  readonly field?: string;
  /** For `answer` faults (and the status recorded for the others). */
  readonly status?: FaultStatus;
  /** How many matching requests fail; 1 when omitted. */
  readonly times?: number;
  /** How many matching requests go through untouched before the fault fires (the k-th occurrence of a step); 0 when omitted. */
  readonly after?: number;
  /**
   * For 403: `true`/`"primary"` answers a primary rate limit (`x-ratelimit-remaining: 0`, `x-ratelimit-reset`),
   * `"secondary"` a secondary rate limit (`retry-after`); omitted, a plain "Resource not accessible" 403.
   */
  readonly rateLimit?: boolean | "primary" | "secondary";
  /** Seconds in `retry-after` / until `x-ratelimit-reset`; 1 when omitted (keeps Octokit's waits short). */
  readonly retryAfter?: number;
  /** For a plain 403 (no rate limit) or a 422: GitHub's message, when it says more than the usual one. */
  readonly message?: string;
}

/**
 * Something a person does on GitHub in the moment before one of the app's requests arrives (a label added between the
 * app's read and its write): `run` is awaited once, then the request goes on.
 */
export interface Intervention {
  readonly method?: string;
  readonly path: RegExp | string;
  /** For GraphQL: a root field the document must hold (a mutation's name). */
  readonly field?: string;
  readonly run: () => Promise<unknown>;
}

interface ActiveFault {
  readonly spec: FaultSpec;
  remaining: number;
  passes: number;
}

const DOCS = "https://docs.github.com/rest";

export class FaultInjector {
  private readonly active: ActiveFault[] = [];
  /** How many requests the faults injected so far have failed (`clear` keeps the count). */
  fired = 0;
  private readonly interventions: Intervention[] = [];

  /** Runs `intervention.run` right before the next matching request of the app reaches the emulator. */
  before(intervention: Intervention): void {
    this.interventions.push(intervention);
  }

  /** The interventions still waiting for their request. */
  waiting(): Intervention[] {
    return [...this.interventions];
  }

  /** Runs (and forgets) the interventions this request triggers. */
  async intervene(method: string, path: string, fields: readonly string[] = []): Promise<void> {
    const due = this.interventions.filter(
      (i) =>
        (i.method === undefined || i.method.toUpperCase() === method.toUpperCase()) &&
        (typeof i.path === "string" ? i.path === path : i.path.test(path)) &&
        (i.field === undefined || fields.includes(i.field)),
    );
    for (const intervention of due) {
      this.interventions.splice(this.interventions.indexOf(intervention), 1);
      await intervention.run();
    }
  }

  inject(spec: FaultSpec): void {
    this.active.push({ spec, remaining: spec.times ?? 1, passes: spec.after ?? 0 });
  }

  clear(): void {
    this.active.length = 0;
    this.interventions.length = 0;
  }

  /** Faults that have not fired as often as asked. */
  pending(): FaultSpec[] {
    return this.active.filter((f) => f.remaining > 0).map((f) => f.spec);
  }

  /** The first matching fault, consuming one use of it; `null` if none. `fields`: a GraphQL document's root fields. */
  match(method: string, path: string, fields: readonly string[] = []): FaultSpec | null {
    const fault = this.active.find(
      (f) =>
        f.remaining > 0 &&
        (f.spec.method === undefined || f.spec.method.toUpperCase() === method.toUpperCase()) &&
        (typeof f.spec.path === "string" ? f.spec.path === path : f.spec.path.test(path)) &&
        (f.spec.field === undefined || fields.includes(f.spec.field)),
    );
    if (!fault) return null;
    if (fault.passes > 0) {
      fault.passes--;
      return null;
    }
    fault.remaining--;
    this.fired++;
    return fault.spec;
  }
}

export function faultResponse(spec: FaultSpec): Response {
  const wait = spec.retryAfter ?? 1;
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8", "x-github-request-id": requestId() };
  let body: { message: string; documentation_url: string };
  switch (spec.status ?? 502) {
    case 500:
      body = { message: "Server Error", documentation_url: DOCS };
      break;
    case 502:
      body = { message: "Bad Gateway", documentation_url: DOCS };
      break;
    case 503:
      body = { message: "Service Unavailable", documentation_url: DOCS };
      break;
    case 422:
      body = { message: spec.message ?? "Validation Failed", documentation_url: DOCS };
      break;
    case 429:
      headers["retry-after"] = String(wait);
      body = secondary();
      break;
    case 403:
      if (spec.rateLimit === true || spec.rateLimit === "primary") {
        Object.assign(headers, {
          "x-ratelimit-limit": "5000",
          "x-ratelimit-remaining": "0",
          "x-ratelimit-used": "5000",
          "x-ratelimit-reset": String(Math.ceil(Date.now() / 1000) + wait),
          "x-ratelimit-resource": "core",
        });
        body = { message: "API rate limit exceeded for installation.", documentation_url: `${DOCS}/using-the-rest-api/rate-limits-for-the-rest-api` };
      } else if (spec.rateLimit === "secondary") {
        headers["retry-after"] = String(wait);
        body = secondary();
      } else {
        body = { message: spec.message ?? "Resource not accessible by integration", documentation_url: DOCS };
      }
      break;
  }
  return new Response(JSON.stringify(body), { status: spec.status ?? 502, headers });
}

function secondary(): { message: string; documentation_url: string } {
  return {
    message:
      "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.",
    documentation_url: `${DOCS}/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits`,
  };
}

function requestId(): string {
  return `EMU:${Math.random().toString(16).slice(2, 10).toUpperCase()}`;
}
