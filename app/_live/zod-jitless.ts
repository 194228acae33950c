import { config } from "zod/v4/core";

// Zod compiles fast object parsers with `new Function`, after probing whether the page allows
// it; under our Content-Security-Policy (no 'unsafe-eval') that probe is reported as a violation.
// Jitless skips both the probe and the compiled path. It must run before any schema is built
// (zod probes as a schema is made), so `protocol-checks.ts` imports this module first. The
// server keeps the compiled parsers.
config({ jitless: true });
