import type { ProbotOctokit } from "probot";

/** The authenticated client Probot gives each event (REST methods under `.rest`, plus `.graphql`). */
export type GitHub = InstanceType<typeof ProbotOctokit>;

export interface Repo {
  readonly owner: string;
  readonly repo: string;
}

/** GitHub's answer status of a failed request, or `undefined` for errors that are not HTTP answers. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

export function messageOf(error: unknown): string {
  const data = (error as { response?: { data?: { message?: unknown } } } | null)?.response?.data;
  if (typeof data?.message === "string") return data.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * GitHub answered a GraphQL request with `errors` (HTTP 200): it was refused, not lost, and `data` holds the answers
 * of the fields that ran.
 */
export function isGraphQLErrors(error: unknown): error is { data?: Record<string, unknown> | null; errors: unknown[] } {
  return typeof error === "object" && error !== null && Array.isArray((error as { errors?: unknown }).errors) && !("status" in error);
}

/** Where a ref (without `refs/`) points now; `null` when it does not exist. */
export async function refAt(github: GitHub, repo: Repo, ref: string): Promise<string | null> {
  try {
    return (await github.rest.git.getRef({ ...repo, ref })).data.object.sha;
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}
