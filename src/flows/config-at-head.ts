import { loadConfig, type ConfigReader, type ConfigResult } from "../config/load-config.js";
import { loadBaseBranch } from "../github/load/load-task.js";
import { forgetRepositoryInfo, repositoryInfo } from "../github/load/repository-info.js";
import type { GitHub, Repo } from "../github/octokit.js";

/**
 * The configuration for work a webhook or a tick starts, keyed like a command's by the default branch's head: that
 * head is asked with its ETag (a 304, not counted, until the branch moves), and the file is read again only when it
 * moved. A burst of webhooks after one change reads the file once, and no flow ever runs on a configuration older
 * than the branch it reads. Without the head (the branch renamed, GitHub failing), the file is read as it is now.
 */
export async function loadConfigAtHead(github: GitHub, repo: Repo, reader: ConfigReader): Promise<ConfigResult> {
  let head: string;
  try {
    head = (await loadBaseBranch(github, repo, (await repositoryInfo(github, repo)).defaultBranch)).sha;
  } catch {
    forgetRepositoryInfo(repo);
    return loadConfig(reader);
  }
  return loadConfig(reader, head);
}
