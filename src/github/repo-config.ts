import type { ConfigReader } from "../config/load-config.js";
import type { GitHub, Repo } from "./octokit.js";

/**
 * `context.config` without a webhook (the sweep, the queue's tick): the same plugin reads `.github/<file>` on the default branch, falling back
 * to the owner's `.github` repository. `null` when no file exists, as `context.config` answers.
 */
export function repoConfigReader(github: GitHub, repo: Repo): ConfigReader {
  return {
    // With these, `loadConfig` fetches and parses the file itself, with its own size and alias limits.
    octokit: github,
    repo: () => repo,
    async config<T>(fileName: string): Promise<T | null> {
      const { config, files } = await github.config.get({ ...repo, path: `.github/${fileName}` });
      return files.some((f) => f.config !== null) ? (config as T) : null;
    },
  };
}
