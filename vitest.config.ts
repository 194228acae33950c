import path from "node:path";
import { defineConfig } from "vitest/config";

/** Tests that read and write through db/: they run on both engines. */
const databaseTests = ["db/**/*.test.ts", "server/realtime/*.test.ts", "server/join-by-code.test.ts", "server/accounts/sign-in.test.ts", "server/backup-restore.test.ts"];

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    environment: "node",
    env: { LOG_LEVEL: "silent" },
    projects: [
      {
        extends: true,
        test: {
          name: "sqlite",
          include: ["lib/**/*.test.ts", "db/**/*.test.ts", "server/**/*.test.ts", "scripts/**/*.test.ts", "app/**/*.test.{ts,tsx}"],
        },
      },
      {
        extends: true,
        test: {
          name: "postgres",
          include: databaseTests,
          // It starts its own clusters to compare both engines' search on one corpus.
          exclude: ["db/search-sql.test.ts"],
          globalSetup: ["db/testing/postgres-global-setup.ts"],
          setupFiles: ["db/testing/postgres-setup.ts"],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
