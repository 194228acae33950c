/** The database engines the app runs on: the embedded default, and PostgreSQL when a deployment outgrows one machine. */
export type EngineName = "sqlite" | "postgres";

/** The PostgreSQL address, when one is configured. */
export function postgresUrl(): string | undefined {
  const url = process.env.DATABASE_URL?.trim();
  return url ? url : undefined;
}

/** The engine this process runs on, decided once by DATABASE_URL (set: PostgreSQL; unset: SQLite). */
export function engineName(): EngineName {
  return postgresUrl() ? "postgres" : "sqlite";
}
