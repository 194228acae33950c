import { sql, type SQL } from "drizzle-orm";
import { runRaw } from "./client";
import { engineName } from "./engine";

/** The text of one top-level field of a JSON column, in the engine's own dialect. */
export function jsonField(column: SQL | SQL.Aliased | object, field: string): SQL<string | null> {
  if (engineName() === "postgres") return sql`(${column} ->> ${sql.raw(`'${field}'`)})`;
  return sql`json_extract(${column}, ${sql.raw(`'$.${field}'`)})`;
}

/** Tables whose integer ids the database numbers itself. */
const numberedTables = ["session_events", "search_entries"] as const;

/**
 * After rows were written with the ids they already had (a restore, a copy), the next number
 * must come after them. SQLite finds it itself; PostgreSQL's identity counters must be moved.
 */
export async function advanceIdentityCounters(): Promise<void> {
  if (engineName() !== "postgres") return;
  for (const table of numberedTables) {
    await runRaw(sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), coalesce((SELECT max(id) FROM ${sql.identifier(table)}), 0) + 1, false)`);
  }
}
