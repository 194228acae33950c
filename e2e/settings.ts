/** Where the end-to-end server listens and keeps its data; shared by playwright.config.ts and the tests. */
export const e2ePort = Number(process.env.E2E_PORT ?? 3210);

/** The e2e server's DATA_DIR, wiped at the start of every run. */
export const e2eDataDir = process.env.E2E_DATA_DIR ?? "e2e/.data";

/** The e2e server's auth secret (a test value, never used anywhere else). */
export const e2eAuthSecret = "e2e-secret-that-is-long-enough-for-next-auth-0123456789";
