/**
 * `.github/switchyard.yml` as the app reads it: the repository's default branch, else the owner's `.github`
 * repository; validated and filled with defaults by the app's own schema (`src/config/`).
 */
import type { Octokit } from "@octokit/rest";
import { parse } from "yaml";
import { parseConfig, type ParsedConfig } from "../../config/parse-config.js";
import type { Repository } from "../git/remote.js";
import { statusOf } from "./http.js";

const PATH = ".github/switchyard.yml";

export async function readConfig(github: Octokit, repo: Repository): Promise<ParsedConfig> {
  const text = (await fileText(github, repo)) ?? (repo.repo === ".github" ? null : await fileText(github, { owner: repo.owner, repo: ".github" }));
  if (text === null) return parseConfig(undefined);
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split("\n", 1)[0] ?? "";
    return { ok: false, problems: [`the file is not valid YAML: ${first}`] };
  }
  return parseConfig(raw);
}

async function fileText(github: Octokit, repo: Repository): Promise<string | null> {
  try {
    const { data } = await github.rest.repos.getContent({ ...repo, path: PATH, mediaType: { format: "raw" } });
    return typeof data === "string" ? data : null;
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}
