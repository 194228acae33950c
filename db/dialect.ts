import { sql, type SQL } from "drizzle-orm";
import { engineName } from "./engine";

/** The text of one top-level field of a JSON column, in the engine's own dialect. */
export function jsonField(column: SQL | SQL.Aliased | object, field: string): SQL<string | null> {
  if (engineName() === "postgres") return sql`(${column} ->> ${sql.raw(`'${field}'`)})`;
  return sql`json_extract(${column}, ${sql.raw(`'$.${field}'`)})`;
}
