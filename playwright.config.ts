import { defineConfig, devices } from "@playwright/test";
import { e2eAuthSecret, e2eDataDir as dataDir, e2ePort as port } from "./e2e/settings";

/** End-to-end tests drive Debian's Chromium (Playwright cannot download browsers here) against the production build. */
export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/lib/chromium/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: `rm -rf ${dataDir} && node --import tsx server/index.ts`,
    url: `http://localhost:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
      AUTH_SECRET: e2eAuthSecret,
      // The URL-import tests serve pages from 127.0.0.1; every other private address stays refused.
      ARTICLE_FETCH_ALLOW_NETWORKS: "127.0.0.0/8",
      ARTICLE_FETCH_TIMEOUT_MS: "3000",
    },
  },
});
