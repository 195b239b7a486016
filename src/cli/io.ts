/**
 * What a run of the CLI may touch of its process: the environment, the working directory and the two output
 * streams. Passed in, never read from `process`, so tests can run several agents in one process and the MCP
 * server can keep stdout for the protocol.
 */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** stdout: the result (human text or one JSON object). */
  out(text: string): void;
  /** stderr: progress and the one-line reason of a stop. */
  err(text: string): void;
}

export function processIo(): CliIo {
  return {
    env: process.env,
    cwd: process.cwd(),
    out: (text) => void process.stdout.write(`${text}\n`),
    err: (text) => void process.stderr.write(`${text}\n`),
  };
}
