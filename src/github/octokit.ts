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
