/**
 * Records the requests a GitHub client sent through the shimmed fetch (see `github-fetch.ts`), so tests and
 * the benchmark can count GitHub requests per operation, and collects every request real GitHub would
 * not accept (`violations`), so a suite can end with `expect(recorder.violations).toEqual([])`.
 */

export interface RecordedRequest {
  readonly method: string;
  /** Path without base URL and query string, each segment URL-decoded: `/repos/acme/widgets/issues/7/labels/agent:ready`. */
  readonly path: string;
  readonly status: number;
  /** For `POST /graphql`: whether the document is a mutation, and its root fields. */
  readonly graphql?: { readonly mutation: boolean; readonly fields: readonly string[] };
  /** The answer came from `faults.inject`, not from the emulator. */
  readonly injected?: boolean;
}

export interface Violation {
  /** `openapi`/`graphql`: GitHub would reject the request. `unsupported`: the harness cannot answer it faithfully. */
  readonly kind: "openapi" | "graphql" | "unsupported";
  readonly request: string;
  readonly problems: readonly string[];
}

/** A position in the recording, from `mark()`. */
export type Mark = number;

export class RequestRecorder {
  readonly requests: RecordedRequest[] = [];

  /** `violations` may be shared between recorders (the app's and the test clients'). */
  constructor(readonly violations: Violation[] = []) {}

  record(request: RecordedRequest): void {
    this.requests.push(request);
  }

  violation(violation: Violation): void {
    this.violations.push(violation);
  }

  mark(): Mark {
    return this.requests.length;
  }

  /** Requests recorded after `mark` (all of them without one). */
  since(mark: Mark = 0): RecordedRequest[] {
    return this.requests.slice(mark);
  }

  count(mark: Mark = 0): number {
    return this.since(mark).length;
  }

  /** Requests that change something on GitHub: not reads, not installation-token minting, not GraphQL queries. */
  writes(mark: Mark = 0): RecordedRequest[] {
    return this.since(mark).filter(isWrite);
  }

  /** One line per request: `POST /repos/acme/widgets/git/refs 201`. */
  summary(mark: Mark = 0): string[] {
    return this.since(mark).map(
      (r) => `${r.method} ${r.path}${r.graphql ? ` ${r.graphql.mutation ? "mutation" : "query"} ${r.graphql.fields.join(",")}` : ""} ${r.status}`,
    );
  }

  clear(): void {
    this.requests.length = 0;
    this.violations.length = 0;
  }
}

export function isWrite(request: RecordedRequest): boolean {
  if (request.method === "GET" || request.method === "HEAD") return false;
  if (request.method === "POST" && /^\/app\/installations\/[^/]+\/access_tokens$/.test(request.path)) return false;
  if (request.path === "/graphql") return request.graphql?.mutation === true;
  return true;
}
