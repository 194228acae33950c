import { defineConfig } from "drizzle-kit";

/** PostgreSQL, when DATABASE_URL is set; its schema mirrors db/schema/sqlite.ts. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/postgres.ts",
  out: "./db/migrations-pg",
});
