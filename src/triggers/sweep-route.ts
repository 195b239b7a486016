import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

export const SWEEP_PATH = "/switchyard/sweep";

/**
 * `POST /switchyard/sweep` with `Authorization: Bearer <secret>` runs a sweep and answers its result as JSON;
 * a missing or wrong secret gets 401. A Probot `Server` handler: answers `false` for every other path.
 */
export function sweepRoute(secret: string, sweep: () => Promise<unknown>) {
  const expected = digest(secret);
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = (req.url ?? "").split("?")[0];
    if (path !== SWEEP_PATH) return false;
    if (req.method !== "POST") {
      res.writeHead(405, { allow: "POST", "content-type": "application/json" }).end(JSON.stringify({ message: "Use POST" }));
      return true;
    }
    const header = req.headers.authorization ?? "";
    const given = /^bearer /i.test(header) ? header.slice("bearer ".length).trim() : "";
    // Digests have equal lengths, so the comparison takes the same time whatever was sent.
    if (!timingSafeEqual(digest(given), expected)) {
      res.writeHead(401, { "content-type": "application/json", "www-authenticate": "Bearer" }).end(JSON.stringify({ message: "Bad credentials" }));
      return true;
    }
    const result = await sweep();
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result));
    return true;
  };
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}
