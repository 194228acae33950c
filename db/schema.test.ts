import { getTableColumns, getTableName, is, Table } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as postgres from "./schema/postgres";
import * as sqlite from "./schema/sqlite";

/** What query code relies on in a table: its SQL name and, per column, the name, nullability and the type it reads back as. */
function shape(schema: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([, value]) => is(value, Table))
      .map(([key, table]) => [
        key,
        {
          name: getTableName(table as Table),
          columns: Object.fromEntries(
            Object.entries(getTableColumns(table as Table)).map(([column, definition]) => [
              column,
              { name: definition.name, notNull: definition.notNull, dataType: definition.dataType, primary: definition.primary, enumValues: definition.enumValues ?? null },
            ]),
          ),
        },
      ]),
  );
}

describe("the two schemas", () => {
  it("name every table and column alike, with the same nullability and the same JavaScript types", () => {
    expect(shape(postgres)).toEqual(shape(sqlite));
  });
});
