import { afterAll, inject } from "vitest";
import { closeDatabase } from "../client";

// Set before any test module imports db/: the engine and its tables are chosen on first use.
const urls = inject("postgresUrls");
process.env.DATABASE_URL = urls[Number(process.env.VITEST_POOL_ID ?? 1) % urls.length];

afterAll(() => closeDatabase());
