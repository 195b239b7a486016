/** Reading GitHub's failures: the status of a failed request, and one line about it. */
import { oneLine } from "../text.js";

export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

/** `404 Not Found`, `cannot reach http://…: ECONNREFUSED`: a failed request in one line. */
export function describeFailure(error: unknown): string {
  const status = statusOf(error);
  const data = (error as { response?: { data?: { message?: unknown } } } | null)?.response?.data;
  const message = typeof data?.message === "string" ? data.message : error instanceof Error ? error.message : String(error);
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  const detail = status === undefined && typeof cause === "string" ? `${message} (${cause})` : message;
  return oneLine(status === undefined || status === 500 ? detail : `${status} ${detail}`, 200);
}
