import { createHash } from "node:crypto";

/**
 * An order-independent fingerprint of a table's rows as the app reads them (dates, booleans,
 * parsed JSON): the XOR of each row's SHA-256. The two engines return rows in different orders
 * and jsonb reorders object keys, so rows are written with sorted keys and compared as a set;
 * rows are unique by primary key, so no two cancel out.
 */
export class TableDigest {
  private readonly sum = Buffer.alloc(32);
  rows = 0;

  add(row: Record<string, unknown>): void {
    const hash = createHash("sha256")
      .update(JSON.stringify(canonical(row)))
      .digest();
    for (let index = 0; index < 32; index++) this.sum[index]! ^= hash[index]!;
    this.rows++;
  }

  hex(): string {
    return this.sum.toString("hex");
  }
}

function canonical(value: unknown): unknown {
  if (value instanceof Date) return { $date: value.getTime() };
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, canonical(record[key])]),
  );
}
