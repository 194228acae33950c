import pino from "pino";

const levels = ["trace", "debug", "info", "warn", "error", "fatal", "silent"];
const wanted = process.env.LOG_LEVEL ?? "";

/**
 * The process-wide structured logger: one JSON line per event, with a level. An unknown
 * LOG_LEVEL falls back to "info" here, so the configuration check can still report it.
 */
export const log = pino({
  level: levels.includes(wanted) ? wanted : "info",
  base: { app: "study-circle" },
  timestamp: pino.stdTimeFunctions.isoTime,
});
