import { readFileSync } from "node:fs";
import { createPrivateKey } from "node:crypto";
import { StartupError } from "./startup-error.js";

/**
 * The app's private key from `PRIVATE_KEY` (inline) or `PRIVATE_KEY_PATH` (a file; the inline key wins), checked
 * before anything is sent to GitHub.
 *
 * Inline, the PEM may have its newlines written `\n` and be wrapped in quotes: that is how the registration page
 * writes it to `.env`, and `docker run --env-file` passes quotes on. Base64 of the PEM works too.
 */
export function privateKeyFromEnv(env: NodeJS.ProcessEnv): string {
  if (env.PRIVATE_KEY?.trim()) return checkedKey(unwrapInline(env.PRIVATE_KEY), "PRIVATE_KEY");
  const path = env.PRIVATE_KEY_PATH?.trim();
  if (!path) throw new StartupError("PRIVATE_KEY or PRIVATE_KEY_PATH is not set; see .env.example");
  return checkedKey(readKeyFile(path), `the file at PRIVATE_KEY_PATH (${path})`);
}

function unwrapInline(text: string): string {
  let key = text.trim();
  if (/^(["']).*\1$/s.test(key)) key = key.slice(1, -1);
  if (!key.includes("-----BEGIN") && /^[A-Za-z0-9+/=\s]+$/.test(key)) key = Buffer.from(key, "base64").toString("utf8");
  return key.replace(/\\n/g, "\n");
}

function readKeyFile(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      throw new StartupError(`PRIVATE_KEY_PATH is ${path}, and there is no such file (in a container, mount the key file and point PRIVATE_KEY_PATH at it, or pass the key in PRIVATE_KEY)`);
    }
    throw new StartupError(`PRIVATE_KEY_PATH is ${path}, which cannot be read (${code ?? (error as Error).message})`);
  }
}

function checkedKey(pem: string, source: string): string {
  let type: string | undefined;
  try {
    type = createPrivateKey(pem).asymmetricKeyType;
  } catch {
    throw new StartupError(`${source} is not a PEM private key: use the .pem file the app's settings page generates, whole, with newlines written \\n when inline`);
  }
  if (type !== "rsa") throw new StartupError(`${source} is a key of type ${type}; a GitHub App's private key is RSA`);
  return pem;
}
