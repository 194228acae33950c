import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig, parseConfig, type Environment } from "./config";

const folders: string[] = [];
function tempDir(): string {
  const folder = mkdtempSync(path.join(tmpdir(), "sc-config-"));
  folders.push(folder);
  return folder;
}
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function problems(env: Environment): string[] {
  const result = parseConfig(env);
  if (result.ok) throw new Error("expected the configuration to be refused");
  return result.problems;
}

describe("parseConfig", () => {
  it("works with nothing set", () => {
    const result = parseConfig({});
    expect(result).toMatchObject({
      ok: true,
      config: {
        port: 3000,
        host: "0.0.0.0",
        dev: true,
        seedDemo: true,
        trustProxy: false,
        publicUrl: "http://localhost:3000",
        allowedOrigins: ["http://localhost:3000"],
        authSecret: undefined,
      },
    });
    expect(result.ok && result.config.dataDir).toBe(path.resolve("./data"));
    expect(result.ok && result.config.databaseFile).toBe(path.resolve("./data/study-circle.sqlite"));
    expect(result.ok && result.config.mediaDir).toBe(path.resolve("./data/media"));
  });

  it("reads every variable", () => {
    const result = parseConfig({
      NODE_ENV: "production",
      PORT: "8080",
      HOST: "127.0.0.1",
      DATA_DIR: "/srv/circle",
      PUBLIC_URL: "https://circle.example.org/",
      AUTH_SECRET: "x".repeat(32),
      SEED_DEMO: "false",
      TRUST_PROXY: "1",
      LOG_LEVEL: "warn",
      ALLOWED_ORIGINS: "https://a.example, https://b.example:8443/path",
      DATABASE_URL: "postgres://circle:pw@db.internal:5432/study_circle",
      DATABASE_POOL_SIZE: "20",
      REDIS_URL: "redis://cache.internal:6379",
      MEDIA_DIR: "/mnt/shared/media",
    });
    expect(result).toEqual({
      ok: true,
      config: {
        dev: false,
        port: 8080,
        host: "127.0.0.1",
        dataDir: "/srv/circle",
        databaseFile: "/srv/circle/study-circle.sqlite",
        publicUrl: "https://circle.example.org",
        authSecret: "x".repeat(32),
        seedDemo: false,
        trustProxy: true,
        logLevel: "warn",
        allowedOrigins: ["https://circle.example.org", "https://a.example", "https://b.example:8443"],
        databaseUrl: "postgres://circle:pw@db.internal:5432/study_circle",
        databasePoolSize: 20,
        redisUrl: "redis://cache.internal:6379",
        mediaDir: "/mnt/shared/media",
      },
    });
  });

  it("treats an empty variable as unset", () => {
    expect(parseConfig({ PORT: "", SEED_DEMO: "" })).toMatchObject({ ok: true, config: { port: 3000, seedDemo: true } });
  });

  it.each([
    ["SEED_DEMO", "0", false],
    ["SEED_DEMO", "no", false],
    ["SEED_DEMO", "yes", true],
  ])("%s=%s → seed %s", (name, value, expected) => {
    expect(parseConfig({ [name]: value })).toMatchObject({ ok: true, config: { seedDemo: expected } });
  });

  it.each([
    ["a port that is not a number", { PORT: "http" }, /^PORT: use a port number from 1 to 65535$/],
    ["a port out of range", { PORT: "70000" }, /^PORT:/],
    ["a short secret", { AUTH_SECRET: "short" }, /^AUTH_SECRET: AUTH_SECRET must be at least 32 characters/],
    ["an unknown log level", { LOG_LEVEL: "loud" }, /^LOG_LEVEL:/],
    ["a yes/no flag that is neither", { SEED_DEMO: "maybe" }, /^SEED_DEMO: use true or false/],
    ["a public address that is not a web address", { PUBLIC_URL: "circle.example.org" }, /^PUBLIC_URL: "circle.example.org" is not an http\(s\) address/],
    ["a bad allowed origin", { ALLOWED_ORIGINS: "https://ok.example,ftp://files.example" }, /^ALLOWED_ORIGINS.*"ftp:\/\/files.example" is not an http\(s\) address/],
    ["an unknown NODE_ENV", { NODE_ENV: "staging" }, /^NODE_ENV:/],
    ["a database address that is not PostgreSQL", { DATABASE_URL: "mysql://db/x", AUTH_SECRET: "x".repeat(32) }, /^DATABASE_URL: use an address like postgres:\/\//],
    ["a Redis address that is not one", { REDIS_URL: "cache.internal:6379" }, /^REDIS_URL: use an address like redis:\/\//],
    ["a pool size of zero", { DATABASE_POOL_SIZE: "0" }, /^DATABASE_POOL_SIZE:/],
    ["PostgreSQL without an explicit secret", { DATABASE_URL: "postgres://db/x" }, /^AUTH_SECRET: required when DATABASE_URL is set/],
  ])("refuses %s, naming the variable", (_name, env, expected) => {
    expect(problems(env)).toEqual([expect.stringMatching(expected)]);
  });

  it("lists every problem at once", () => {
    expect(problems({ PORT: "0", AUTH_SECRET: "x", LOG_LEVEL: "x" })).toHaveLength(3);
  });
});

describe("loadConfig", () => {
  it("throws a ConfigError whose message lists the problems", () => {
    expect(() => loadConfig({ PORT: "nope", DATA_DIR: tempDir() })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: "nope", DATA_DIR: tempDir() })).toThrow(/Invalid configuration:\n {2}PORT:/);
  });

  it("creates DATA_DIR and keeps one generated secret there, private to the owner", () => {
    const dataDir = path.join(tempDir(), "nested", "data");
    const first = loadConfig({ DATA_DIR: dataDir });
    expect(existsSync(dataDir)).toBe(true);
    expect(first.authSecret.length).toBeGreaterThanOrEqual(32);
    const file = path.join(dataDir, "auth-secret");
    expect(readFileSync(file, "utf8").trim()).toBe(first.authSecret);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(loadConfig({ DATA_DIR: dataDir }).authSecret).toBe(first.authSecret);
  });

  it("prefers AUTH_SECRET and then writes no secret file", () => {
    const dataDir = tempDir();
    expect(loadConfig({ DATA_DIR: dataDir, AUTH_SECRET: "s".repeat(40) }).authSecret).toBe("s".repeat(40));
    expect(existsSync(path.join(dataDir, "auth-secret"))).toBe(false);
  });
});
