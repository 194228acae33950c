import { writeFileSync } from "node:fs";
import { prepareBenchData } from "./bench-data";

/**
 * Prepares the benchmark's data in a process of its own and writes it as JSON to the file
 * named by the first argument. The engine (and with it the drizzle schema) is fixed when
 * db/ is first imported, so a run that prepares data for SQLite and for PostgreSQL does each
 * in its own process: DATABASE_URL set means PostgreSQL. Used by the cluster mode (cluster.ts).
 *
 * Environment: BENCH_DATA_DIR, BENCH_AUTH_SECRET, BENCH_MEMBERS, BENCH_MEMORY_ROOMS ("false" to leave them out).
 */
const output = process.argv[2];
const { BENCH_DATA_DIR: dataDir, BENCH_AUTH_SECRET: authSecret } = process.env;
if (!output || !dataDir || !authSecret) throw new Error("usage: BENCH_DATA_DIR=… BENCH_AUTH_SECRET=… node --import tsx scripts/bench/prepare-data.ts <output.json>");
const data = await prepareBenchData({
  dataDir,
  authSecret,
  memberCount: Number(process.env.BENCH_MEMBERS ?? 0),
  memoryRooms: process.env.BENCH_MEMORY_ROOMS !== "false",
});
writeFileSync(output, JSON.stringify(data));
