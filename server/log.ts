import pino from "pino";

/** The process-wide structured logger: one JSON line per event, with a level. */
export const log = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { app: "study-circle" },
  timestamp: pino.stdTimeFunctions.isoTime,
});
