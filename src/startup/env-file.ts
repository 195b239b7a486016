/**
 * `.env` in the working directory, as `.env.example` and Probot's registration page leave it. Variables already in
 * the environment win over the file, so `PORT=4000 npm start` and a container's own settings still apply.
 * Answers whether there was a file.
 */
export function loadEnvFile(path = ".env"): boolean {
  try {
    process.loadEnvFile(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}
