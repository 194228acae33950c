import { z } from "zod";

// Apart from lib/editions/alignment.ts because the reader's pages import that module: zod must
// reach the browser only through app/_live/protocol-checks.ts (jitless, under the strict CSP).

/** The shape an alignment must have when a browser sends it. */
export const alignmentSchema = z.array(z.strictObject({ source: z.array(z.string().min(1).max(64)).max(50), target: z.array(z.string().min(1).max(64)).max(50) })).max(20_000);
