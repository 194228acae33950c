import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { articleFetchEnvironment } from "./article-fetch/settings";

const booleanFlag = z
  .enum(["0", "1", "true", "false", "yes", "no"])
  .transform((value) => value === "1" || value === "true" || value === "yes");

const environmentSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATA_DIR: z.string().min(1).default("./data"),
  PUBLIC_URL: z.url().optional(),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  SEED_DEMO: booleanFlag.default(true),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  ALLOWED_ORIGINS: z.string().default(""),
  ...articleFetchEnvironment,
});

/** The server's validated configuration, with every default filled in. */
export type ServerConfig = {
  dev: boolean;
  port: number;
  host: string;
  dataDir: string;
  databaseFile: string;
  publicUrl: string;
  authSecret: string;
  seedDemo: boolean;
  logLevel: string;
  allowedOrigins: string[];
};

/** Reads and validates the environment; exits with a readable list of problems when invalid. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    console.error(`Invalid configuration:\n${problems.join("\n")}`);
    process.exit(1);
  }
  const vars = parsed.data;
  const dataDir = path.resolve(vars.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const displayHost = vars.HOST === "0.0.0.0" || vars.HOST === "::" ? "localhost" : vars.HOST;
  const publicUrl = (vars.PUBLIC_URL ?? `http://${displayHost}:${vars.PORT}`).replace(/\/$/, "");
  return {
    dev: vars.NODE_ENV === "development",
    port: vars.PORT,
    host: vars.HOST,
    dataDir,
    databaseFile: path.join(dataDir, "study-circle.sqlite"),
    publicUrl,
    authSecret: vars.AUTH_SECRET ?? persistentSecret(dataDir),
    seedDemo: vars.SEED_DEMO,
    logLevel: vars.LOG_LEVEL,
    allowedOrigins: [new URL(publicUrl).origin, ...splitList(vars.ALLOWED_ORIGINS)],
  };
}

function splitList(value: string): string[] {
  return value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => new URL(item).origin);
}

/** Generated once and kept in DATA_DIR, so sessions survive restarts without any setup. */
function persistentSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(48).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
