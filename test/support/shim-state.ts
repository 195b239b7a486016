/**
 * State the fetch shims (`github-fetch.ts`, `graphql-translator.ts`) keep beside the emulator, shared by
 * every shimmed fetch pointing at the same emulator (the app's replicas and the tests' user clients):
 * who each token belongs to, the reactions emulate does not implement, pull request node ids, and
 * per-key locks for shims that must check-then-write atomically like GitHub does.
 */

export type Identity =
  | { readonly kind: "user"; readonly login: string }
  | { readonly kind: "installation"; readonly installationId: number; readonly appId?: number; readonly appSlug?: string };

export interface Reaction {
  readonly id: number;
  readonly node_id: string;
  readonly user: Record<string, unknown>;
  readonly content: string;
  readonly created_at: string;
}

/** A response read in full, for the shims' own calls to the emulator. */
/** Parsed JSON from GitHub, read field by field by the shims (their tests pin the shapes). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface InternalResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: Json;
}

export interface PullRef {
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
}

export class ShimState {
  private readonly tokens = new Map<string, Identity>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private harnessTokenCursor = 0;
  /** Set once user tokens are registered: other non-JWT tokens then get GitHub's 401 instead of emulate's fallback user. */
  strictTokens = false;
  readonly reactions = new Map<string, Reaction[]>();
  nextReactionId = 1_000_000;
  readonly pullsByNodeId = new Map<string, PullRef>();
  /** `owner/repo` of every repository a request touched: where the GraphQL translator looks for node ids. */
  readonly repositories = new Set<string>();

  /**
   * @param baseUrl the emulator's URL
   * @param harnessTokens tokens the shims use for their own lookups (rotated: emulate limits each token to
   *   5,000 requests an hour, like GitHub); the caller's token is used when there are none.
   */
  constructor(
    readonly baseUrl: string,
    private readonly harnessTokens: readonly string[] = [],
  ) {}

  registerUser(token: string, login: string): void {
    this.tokens.set(token, { kind: "user", login });
    this.strictTokens = true;
  }

  learnInstallationToken(token: string, identity: Identity & { kind: "installation" }): void {
    this.tokens.set(token, identity);
  }

  identityOf(token: string): Identity | undefined {
    return this.tokens.get(token);
  }

  isKnownToken(token: string): boolean {
    return this.tokens.has(token) || this.harnessTokens.includes(token);
  }

  /** Forgets what a reset of the emulator wipes: installation tokens, reactions, node ids. */
  reset(): void {
    for (const [token, identity] of this.tokens) if (identity.kind === "installation") this.tokens.delete(token);
    this.reactions.clear();
    this.pullsByNodeId.clear();
    this.repositories.clear();
  }

  harnessAuthorization(): string | undefined {
    if (this.harnessTokens.length === 0) return undefined;
    const token = this.harnessTokens[this.harnessTokenCursor++ % this.harnessTokens.length]!;
    return `token ${token}`;
  }

  /** A request straight to the emulator: not validated, not recorded, no faults. */
  async internal(method: string, path: string, options: { body?: unknown; authorization?: string } = {}): Promise<InternalResponse> {
    const headers: Record<string, string> = { accept: "application/vnd.github+json" };
    if (options.authorization) headers.authorization = options.authorization;
    if (options.body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  }

  /** Runs `fn` after every earlier call with the same key has finished. */
  async serialize<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.locks.set(key, settled);
    try {
      return await run;
    } finally {
      if (this.locks.get(key) === settled) this.locks.delete(key);
    }
  }
}

const registry = new Map<string, ShimState>();

/** The state of the emulator at `baseUrl`, created on first use. */
export function shimStateFor(baseUrl: string, harnessTokens: readonly string[] = []): ShimState {
  let state = registry.get(baseUrl);
  if (!state) {
    state = new ShimState(baseUrl, harnessTokens);
    registry.set(baseUrl, state);
  }
  return state;
}

export function forgetShimState(baseUrl: string): void {
  registry.delete(baseUrl);
}
