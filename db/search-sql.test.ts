import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryWords, toMatchExpression } from "../lib/search/query";
import { deletePendingStatement, pendingBatchQuery, pendingItems, searchIndexStatements, type PendingRow } from "./search-index-sql";
import { postgresSearchQuery, sqliteSearchQuery } from "./search-sql";

// The PostgreSQL search (db/migrations-pg/0001_search.sql, 0003_search_indexer.sql, the search
// indexer's statements and postgresSearchQuery) checked on a throwaway PostgreSQL 15 against the
// SQLite search (db/migrations/0004_search.sql, 0006_search_indexer.sql and sqliteSearchQuery):
// the same corpus goes into both, each write followed by an indexer pass, and both must hold the
// same entries and find the same things. PostgreSQL is required: without it this test fails
// rather than skips.

const POSTGRES_BIN = process.env.POSTGRES_BIN ?? "/usr/lib/postgresql/15/bin";
const RANK_WINDOW = 2000;

let directory: string | undefined;
let started = false;
let postgres: pg.Client | undefined;
let postgresUtf8Locale: pg.Client | undefined;
let sqlite: Database.Database;

const pgDialect = new PgDialect();
const sqliteDialect = new SQLiteSyncDialect();

/** Runs a PostgreSQL tool; as root, as the postgres user (PostgreSQL refuses to run as root). */
function asPostgresUser(tool: string, args: string[]): void {
  const command = path.join(POSTGRES_BIN, tool);
  if (process.getuid?.() === 0) execFileSync("runuser", ["-u", "postgres", "--", command, ...args], { stdio: "pipe" });
  else execFileSync(command, args, { stdio: "pipe" });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** A migrations folder's statements, in journal order, split the way drizzle's migrator splits them. */
function migrationStatements(folder: string, mustInclude: string[]): string[] {
  const journal = JSON.parse(readFileSync(path.join(folder, "meta", "_journal.json"), "utf8")) as { entries: { tag: string }[] };
  const tags = journal.entries.map((entry) => entry.tag);
  for (const tag of mustInclude) expect(tags).toContain(tag);
  return tags.flatMap((tag) => readFileSync(path.join(folder, `${tag}.sql`), "utf8").split("--> statement-breakpoint")).filter((statement) => statement.trim() !== "");
}

async function migratePostgres(client: pg.Client): Promise<void> {
  const statements = migrationStatements(path.join(import.meta.dirname, "migrations-pg"), ["0000_foundation", "0001_search", "0003_search_indexer"]);
  await client.query("BEGIN");
  // Extended protocol, as drizzle's migrator may use: each piece must be exactly one statement.
  for (const text of statements) {
    const config = { text, queryMode: "extended" };
    await client.query(config);
  }
  await client.query("COMMIT");
}

async function connect(socketDirectory: string, port: number, database: string): Promise<pg.Client> {
  const client = new pg.Client({ host: socketDirectory, port, user: "postgres", database });
  await client.connect();
  return client;
}

beforeAll(async () => {
  if (!existsSync(path.join(POSTGRES_BIN, "initdb")) || !existsSync(path.join(POSTGRES_BIN, "pg_ctl"))) {
    throw new Error(`This test needs PostgreSQL 15, not found in ${POSTGRES_BIN}: install it (apt-get install postgresql) or set POSTGRES_BIN.`);
  }
  directory = mkdtempSync(path.join(os.tmpdir(), "sc-search-pg-"));
  if (process.getuid?.() === 0) execFileSync("chown", ["postgres", directory]);
  const data = path.join(directory, "data");
  const port = await freePort();
  // The C locale is the hardest case for text search (its parser and lower() know only ASCII);
  // a second database below uses a UTF-8 locale.
  asPostgresUser("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
  asPostgresUser("pg_ctl", ["-D", data, "-l", path.join(directory, "log"), "-w", "-o", `-p ${port} -k ${directory} -c listen_addresses='' -c fsync=off`, "start"]);
  started = true;
  postgres = await connect(directory, port, "postgres");
  await postgres.query("CREATE DATABASE utf8_locale TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.utf8'");
  postgresUtf8Locale = await connect(directory, port, "utf8_locale");
  await migratePostgres(postgres);
  await migratePostgres(postgresUtf8Locale);

  sqlite = new Database(":memory:");
  sqlite.pragma("foreign_keys = ON");
  for (const statement of migrationStatements(path.join(import.meta.dirname, "migrations"), ["0004_search", "0006_search_indexer"])) sqlite.prepare(statement).run();
}, 60_000);

afterAll(async () => {
  await postgres?.end().catch(() => undefined);
  await postgresUtf8Locale?.end().catch(() => undefined);
  sqlite?.close();
  if (directory && started) asPostgresUser("pg_ctl", ["-D", path.join(directory, "data"), "-m", "immediate", "-w", "stop"]);
  if (directory) rmSync(directory, { recursive: true, force: true });
}, 30_000);

// ---------------------------------------------------------------------------------------------
// Writing the same rows to both engines.

type Row = Record<string, string | number | boolean | Date | object | null>;

/** A value as each engine stores it: SQLite has epoch milliseconds, 0/1 and JSON text. */
function bind(value: Row[string], engine: "sqlite" | "postgres"): unknown {
  if (value instanceof Date) return engine === "sqlite" ? value.getTime() : value;
  if (typeof value === "boolean") return engine === "sqlite" ? (value ? 1 : 0) : value;
  if (value !== null && typeof value === "object") return JSON.stringify(value);
  return value;
}

async function run(build: (engine: "sqlite" | "postgres") => SQL): Promise<void> {
  const lite = sqliteDialect.sqlToQuery(build("sqlite"));
  sqlite.prepare(lite.sql).run(...(lite.params as unknown[]));
  const query = pgDialect.sqlToQuery(build("postgres"));
  await postgres!.query(query.sql, query.params as unknown[]);
  await indexBoth();
}

/** One pass of the search indexer on each engine (db/search-index.ts does the same in a transaction). */
async function indexBoth(client = postgres!): Promise<void> {
  const sqliteQuery = (statement: SQL) => sqliteDialect.sqlToQuery(statement);
  const pending = sqliteQuery(pendingBatchQuery(1000));
  const liteRows = sqlite.prepare(pending.sql).all(...(pending.params as unknown[])) as PendingRow[];
  if (liteRows.length > 0) {
    for (const statement of [...searchIndexStatements("sqlite", pendingItems(liteRows)), deletePendingStatement(liteRows.map((row) => row.id))]) {
      const query = sqliteQuery(statement);
      sqlite.prepare(query.sql).run(...(query.params as unknown[]));
    }
  }
  await indexPostgres(client);
}

async function indexPostgres(client: pg.Client): Promise<void> {
  const pending = pgDialect.sqlToQuery(pendingBatchQuery(1000));
  const rows = (await client.query<PendingRow>(pending.sql, pending.params as unknown[])).rows;
  if (rows.length === 0) return;
  for (const statement of [...searchIndexStatements("postgres", pendingItems(rows)), deletePendingStatement(rows.map((row) => row.id))]) {
    const query = pgDialect.sqlToQuery(statement);
    await client.query(query.sql, query.params as unknown[]);
  }
}

async function insert(table: string, ...rows: Row[]): Promise<void> {
  for (const row of rows) {
    const columns = Object.keys(row);
    await run(
      (engine) =>
        sql`INSERT INTO ${sql.identifier(table)} (${sql.join(
          columns.map((column) => sql.identifier(column)),
          sql`, `,
        )}) VALUES (${sql.join(
          columns.map((column) => sql`${bind(row[column]!, engine)}`),
          sql`, `,
        )})`,
    );
  }
}

async function update(table: string, id: string, changes: Row): Promise<void> {
  await run(
    (engine) =>
      sql`UPDATE ${sql.identifier(table)} SET ${sql.join(
        Object.entries(changes).map(([column, value]) => sql`${sql.identifier(column)} = ${bind(value, engine)}`),
        sql`, `,
      )} WHERE id = ${id}`,
  );
}

async function remove(table: string, id: string): Promise<void> {
  await run(() => sql`DELETE FROM ${sql.identifier(table)} WHERE id = ${id}`);
}

const at = (minute: number) => new Date(Date.UTC(2025, 2, 1, 9, minute, 0, 123));
let seq = 0;
const annotation = (id: string, authorId: string, body: string, extra: Row = {}): Row => ({
  id,
  session_id: "s1",
  author_id: authorId,
  kind: "comment",
  visibility: "shared",
  start_offset: 14,
  end_offset: 36,
  exact: "La ORGANIZACIÓN obrera",
  prefix: "",
  suffix: "",
  body,
  body_html: body,
  before_meeting: false,
  created_at: at(++seq),
  seq,
  ...extra,
});
const reply = (id: string, annotationId: string, authorId: string, body: string, extra: Row = {}): Row => ({
  id,
  annotation_id: annotationId,
  session_id: "s1",
  author_id: authorId,
  body,
  body_html: body,
  created_at: at(++seq),
  seq,
  ...extra,
});
const message = (id: string, authorId: string, body: string, extra: Row = {}): Row => ({
  id,
  session_id: "s1",
  author_id: authorId,
  body,
  body_html: body,
  quote: null,
  mentions: [],
  reactions: {},
  created_at: at(++seq),
  seq,
  ...extra,
});
const question = (id: string, authorId: string, text: string, extra: Row = {}): Row => ({
  id,
  session_id: "s1",
  author_id: authorId,
  text,
  passage: { start: 17, end: 23, exact: "obrera" },
  answer_first: false,
  answers_open: true,
  place: "agenda",
  position: seq,
  revealed_at: at(seq),
  created_at: at(++seq),
  seq,
  ...extra,
});
const answer = (id: string, questionId: string, authorId: string, body: string, extra: Row = {}): Row => ({
  id,
  question_id: questionId,
  session_id: "s1",
  author_id: authorId,
  body,
  body_html: body,
  created_at: at(++seq),
  seq,
  ...extra,
});

// ---------------------------------------------------------------------------------------------
// Reading both engines.

type Entry = Record<string, unknown>;
const entryColumns = sql`source, source_id, group_id, article_id, session_id, author_id, private_to, locator, position, title, body, context`;

async function entries(): Promise<{ sqlite: Entry[]; postgres: Entry[] }> {
  const lite = sqlite.prepare(sqliteDialect.sqlToQuery(sql`SELECT ${entryColumns}, created_at FROM search_entries ORDER BY source, source_id`).sql).all() as Entry[];
  const { rows } = await postgres!.query(
    pgDialect.sqlToQuery(
      sql`SELECT ${entryColumns}, (extract(epoch FROM created_at) * 1000)::double precision AS created_at FROM search_entries ORDER BY source COLLATE "C", source_id COLLATE "C"`,
    ).sql,
  );
  return { sqlite: lite, postgres: rows as Entry[] };
}

/** The entries on PostgreSQL, checked to equal SQLite's, as "source:source_id". */
async function entryKeys(): Promise<string[]> {
  const both = await entries();
  expect(both.postgres).toEqual(both.sqlite);
  return both.postgres.map((entry) => `${entry.source}:${entry.source_id}`);
}

type Search = { userId: string; query: string; groupId?: string; sources?: string[]; rankWindow?: number; limit?: number; offset?: number };

async function searchPostgres(search: Search, client = postgres!): Promise<Entry[]> {
  const query = pgDialect.sqlToQuery(
    postgresSearchQuery({
      userId: search.userId,
      words: queryWords(search.query),
      groupId: search.groupId,
      sources: search.sources ?? [],
      limit: search.limit ?? 50,
      offset: search.offset ?? 0,
      rankWindow: search.rankWindow ?? RANK_WINDOW,
    }),
  );
  return (await client.query(query.sql, query.params as unknown[])).rows as Entry[];
}

function searchSqlite(search: Search): Entry[] {
  const query = sqliteDialect.sqlToQuery(
    sqliteSearchQuery({
      userId: search.userId,
      match: toMatchExpression(search.query)!,
      groupId: search.groupId,
      sources: search.sources ?? [],
      limit: search.limit ?? 50,
      offset: search.offset ?? 0,
      rankWindow: search.rankWindow ?? RANK_WINDOW,
    }),
  );
  return sqlite.prepare(query.sql).all(...(query.params as unknown[])) as Entry[];
}

const key = (row: Entry) => `${row.source}:${row.source_id}`;

/** What PostgreSQL finds, checked to be what SQLite finds: the same hits with identical rows (ranking may order them differently). */
async function found(search: Search): Promise<string[]> {
  const [onPostgres, onSqlite] = [await searchPostgres(search), searchSqlite(search)];
  const byKey = (rows: Entry[]) => Object.fromEntries(rows.map((row) => [key(row), row]));
  expect(byKey(onPostgres), search.query).toEqual(byKey(onSqlite));
  const sqliteRows = byKey(onSqlite);
  for (const row of onPostgres) expect(Object.keys(row)).toEqual(Object.keys(sqliteRows[key(row)]!));
  return onPostgres.map(key);
}

const sorted = (keys: string[]) => [...keys].sort();

// ---------------------------------------------------------------------------------------------

describe("PostgreSQL search (migration 0001_search and postgresSearchQuery)", () => {
  it("indexes only the newest version of an article, and only its text blocks", async () => {
    await insert("users", ...["ana", "ben", "cleo"].map((name) => ({ id: name, username: name, display_name: name.toUpperCase(), password_hash: "x", created_at: at(0) })));
    await insert("groups", { id: "g1", name: "Lectores", created_at: at(0) }, { id: "g2", name: "Vecinos", created_at: at(0) });
    await insert(
      "memberships",
      { group_id: "g1", user_id: "ana", role: "owner", joined_at: at(0) },
      { group_id: "g1", user_id: "ben", role: "member", joined_at: at(0) },
      { group_id: "g2", user_id: "ana", role: "owner", joined_at: at(0) },
      { group_id: "g2", user_id: "cleo", role: "member", joined_at: at(0) },
    );
    await insert(
      "articles",
      { id: "art1", group_id: "g1", title: "La organización del trabajo", created_at: at(1) },
      { id: "art2", group_id: "g2", title: "Planes del barrio", created_at: at(1) },
    );
    await insert("article_versions", {
      id: "v1",
      article_id: "art1",
      version: 1,
      word_count: 3,
      created_at: at(1),
      blocks: [{ id: "b1", type: "paragraph", text: "Texto antiguo sobre sindicatos" }],
    });
    await insert("article_versions", {
      id: "v2",
      article_id: "art1",
      version: 2,
      word_count: 20,
      created_at: at(2),
      blocks: [
        { id: "b1", type: "heading", text: "Capítulo uno" },
        { id: "b2", type: "paragraph", text: "La ORGANIZACIÓN obrera cambió en la fábrica." },
        { id: "b3", type: "image", text: "organización en una foto", src: "/x.png" },
        { id: "b4", type: "paragraph", text: "" },
        { id: "b5", type: "paragraph", text: "The union met on Sunday to read together." },
      ],
    });
    // An older version written after a newer one (an import, say) does not replace it.
    await insert("article_versions", {
      id: "w2",
      article_id: "art2",
      version: 2,
      word_count: 4,
      created_at: at(3),
      blocks: [{ id: "c1", type: "paragraph", text: "Organizaciones vecinales del barrio" }],
    });
    await insert("article_versions", {
      id: "w1",
      article_id: "art2",
      version: 1,
      word_count: 2,
      created_at: at(3),
      blocks: [{ id: "c1", type: "paragraph", text: "Borrador viejo" }],
    });
    await insert(
      "study_sessions",
      { id: "s1", group_id: "g1", article_id: "art1", article_version_id: "v2", title: "Primera", scheduled_at: at(4), status: "live", created_at: at(4) },
      { id: "s2", group_id: "g2", article_id: "art2", article_version_id: "w2", title: "Barrio", scheduled_at: at(4), status: "planned", created_at: at(4) },
    );
    expect(await entryKeys()).toEqual(["article:v2:b1", "article:v2:b2", "article:v2:b5", "article:w2:c1"]);
  });

  it("indexes annotations, replies, messages, questions and answers by the SQLite rules", async () => {
    seq = 10;
    await insert(
      "annotations",
      annotation("an1", "ana", "Comentario sobre la organización"),
      annotation("an2", "ben", "Nota privada: organizacion pendiente", { visibility: "private" }),
      annotation("an3", "ana", "Oculto organización", { hidden_at: at(30) }),
      annotation("an4", "ana", ""), // a bare highlight
      annotation("an5", "ben", "Hilo condenado"),
      annotation("an6", "ana", "Ya borrado", { deleted_at: at(30) }),
    );
    await insert(
      "annotation_replies",
      reply("r1", "an1", "ben", "Estoy de acuerdo"),
      reply("r2", "an2", "ben", "Respuesta privada"),
      reply("r3", "an1", "ana", "Respuesta oculta", { hidden_at: at(30) }),
      reply("r4", "an5", "ana", "Primera del hilo condenado"),
      reply("r5", "an5", "ben", "Segunda del hilo condenado"),
      reply("r6", "an6", "ben", "Respuesta a un borrado"),
    );
    await insert(
      "messages",
      message("m1", "ana", "¿Qué pasó en la fábrica?", { quote: { start: 36, end: 46, exact: "la fábrica" } }),
      message("m2", "ben", "Mensaje sin cita"),
      message("m3", "ben", "Mensaje borrado", { deleted_at: at(30) }),
      message("m4", "cleo", "Reunión de organización vecinal", { session_id: "s2" }),
    );
    await insert(
      "questions",
      question("q1", "ana", "¿Cómo se organizaban?"),
      question("q2", "ben", "Pregunta sin revelar", { revealed_at: null }),
      question("q3", "ben", "Pregunta aparcada", { revealed_at: null, place: "parking", passage: null }),
      question("q4", "ana", "Responde primero", { answer_first: true, answers_open: false }),
      question("q5", "ana", "Pregunta borrada", { deleted_at: at(30) }),
    );
    await insert(
      "answers",
      answer("ans1", "q1", "ben", "Con asambleas"),
      answer("ans2", "q4", "ben", "Respuesta sellada de Ben"),
      answer("ans3", "q4", "ana", "Respuesta sellada de Ana"),
      answer("ans4", "q1", "ana", "Respuesta borrada", { deleted_at: at(30) }),
      answer("ans5", "q2", "ana", "Respuesta a una pregunta sin revelar"),
    );
    expect(await entryKeys()).toEqual([
      "annotation:an1",
      "annotation:an2",
      "annotation:an5",
      "answer:ans1",
      "article:v2:b1",
      "article:v2:b2",
      "article:v2:b5",
      "article:w2:c1",
      "message:m1",
      "message:m2",
      "message:m4",
      "question:q1",
      "question:q3",
      "question:q4",
      "reply:r1",
      "reply:r2",
      "reply:r4",
      "reply:r5",
    ]);
    const { postgres: rows } = await entries();
    const entry = (entryKey: string) => rows.find((row) => `${row.source}:${row.source_id}` === entryKey);
    expect(entry("annotation:an2")).toMatchObject({ private_to: "ben", position: 14, context: "La ORGANIZACIÓN obrera" });
    expect(entry("reply:r2")).toMatchObject({ private_to: "ben", locator: "an2" });
    expect(entry("message:m1")).toMatchObject({ position: 36, context: "la fábrica", private_to: null });
    expect(entry("message:m2")).toMatchObject({ position: null, context: "" });
    expect(entry("answer:ans1")).toMatchObject({ locator: "q1", position: 17, context: "¿Cómo se organizaban?" });
    expect(entry("article:v2:b2")).toMatchObject({ locator: "b2", title: "La organización del trabajo", session_id: null, created_at: at(2).getTime() });
  });

  it("matches regardless of accents and case, with the last word of three letters or more also a prefix", async () => {
    const articleHits = ["article:v2:b1", "article:v2:b2", "article:v2:b5"]; // the title matches too
    for (const query of ["organizacion", "organización", "ORGANIZACIÓN", "Organizacion"]) {
      expect(sorted(await found({ userId: "ben", query })), query).toEqual(sorted([...articleHits, "annotation:an1", "annotation:an2"]));
    }
    expect(sorted(await found({ userId: "ana", query: "organiz" }))).toEqual(sorted([...articleHits, "article:w2:c1", "annotation:an1", "message:m4", "question:q1"]));
    // Only the last word is a prefix, and only from three characters; every word is required.
    expect(await found({ userId: "ana", query: "organiz barrio" })).toEqual([]);
    expect(await found({ userId: "ana", query: "barrio organiz" })).toEqual(["article:w2:c1"]);
    expect(await found({ userId: "ana", query: "fa" })).toEqual([]);
    expect(sorted(await found({ userId: "ana", query: "FÁB" }))).toEqual(["article:v2:b2", "message:m1"]);
    expect(sorted(await found({ userId: "ana", query: "fábrica obrera" }))).toEqual(["article:v2:b2"]);
    // Punctuation and symbols are word breaks and never query syntax.
    expect(sorted(await found({ userId: "ana", query: "¿qué pasó?" }))).toEqual(["message:m1"]);
    expect(await found({ userId: "ana", query: "':* | !(x) & <-> \\" })).toEqual([]);
    expect(await found({ userId: "ana", query: "²" })).toEqual([]);
  });

  it("searches only the groups a person belongs to, and private notes only for their author", async () => {
    // (The last word is a prefix: "organizacion" finds "Organizaciones" too.)
    expect(sorted(await found({ userId: "ana", query: "organizacion" }))).toEqual(
      sorted(["article:v2:b1", "article:v2:b2", "article:v2:b5", "article:w2:c1", "annotation:an1", "message:m4"]),
    );
    expect(sorted(await found({ userId: "cleo", query: "organizacion" }))).toEqual(["article:w2:c1", "message:m4"]);
    expect(sorted(await found({ userId: "ana", query: "organizacion", groupId: "g2" }))).toEqual(["article:w2:c1", "message:m4"]);
    expect(sorted(await found({ userId: "ana", query: "organizacion", sources: ["annotation", "message"] }))).toEqual(["annotation:an1", "message:m4"]);
    expect(await found({ userId: "ana", query: "privada" })).toEqual([]);
    expect(sorted(await found({ userId: "ben", query: "privada" }))).toEqual(["annotation:an2", "reply:r2"]);
    expect(await found({ userId: "cleo", query: "privada" })).toEqual([]);
    expect(await found({ userId: "nobody", query: "organizacion" })).toEqual([]);
  });

  it("ranks among the most recent matches only, best first and newest first on a tie, and pages", async () => {
    // ts_rank is not bm25, but the best and the worst hit agree: a short block under a matching
    // title first, a prefix match in a body last.
    const all = await found({ userId: "ana", query: "organizacion" });
    const onSqlite = searchSqlite({ userId: "ana", query: "organizacion" }).map(key);
    expect([all[0], all.at(-1)]).toEqual(["article:v2:b1", "article:w2:c1"]);
    expect([onSqlite[0], onSqlite.at(-1)]).toEqual(["article:v2:b1", "article:w2:c1"]);
    // The window is the two highest ids: the annotation and the message, written after the article.
    expect(sorted(await found({ userId: "ana", query: "organizacion", rankWindow: 2 }))).toEqual(["annotation:an1", "message:m4"]);
    // Pages (PostgreSQL alone: pages of differently ordered results hold different hits).
    expect((await searchPostgres({ userId: "ana", query: "organizacion", limit: 3 })).map(key)).toEqual(all.slice(0, 3));
    expect((await searchPostgres({ userId: "ana", query: "organizacion", limit: 3, offset: 2 })).map(key)).toEqual(all.slice(2, 5));
    expect(sorted(await found({ userId: "ben", query: "condenado" }))).toEqual(["annotation:an5", "reply:r4", "reply:r5"]);
    expect((await searchPostgres({ userId: "ben", query: "condenado" })).map(key)).toEqual(["annotation:an5", "reply:r5", "reply:r4"]);
    expect(searchSqlite({ userId: "ben", query: "condenado" }).map(key)).toEqual(["annotation:an5", "reply:r5", "reply:r4"]);
  });

  it("keeps entries current as sources change: sealed answers opened, threads deleted, hides and edits", async () => {
    await update("questions", "q4", { answers_open: true });
    await update("questions", "q2", { revealed_at: at(40) });
    await update("annotations", "an5", { deleted_at: at(41) }); // soft delete: the thread's replies go too
    await update("annotations", "an1", { hidden_at: at(42) }); // hidden: its replies stay
    await remove("annotations", "an2"); // hard delete: replies go through the cascade
    await update("annotation_replies", "r1", { body: "Estoy de acuerdo, compañera", edited_at: at(43) });
    await update("messages", "m2", { deleted_at: at(44) });
    await update("messages", "m1", { body: "¿Qué pasó después en la fábrica?" });
    await update("answers", "ans3", { deleted_at: at(45) });
    await remove("questions", "q3");
    expect(await entryKeys()).toEqual([
      "answer:ans1",
      "answer:ans2",
      "answer:ans5",
      "article:v2:b1",
      "article:v2:b2",
      "article:v2:b5",
      "article:w2:c1",
      "message:m1",
      "message:m4",
      "question:q1",
      "question:q2",
      "question:q4",
      "reply:r1",
    ]);
    expect(await found({ userId: "ben", query: "condenado" })).toEqual([]);
    expect(await found({ userId: "ben", query: "sellada" })).toEqual(["answer:ans2"]);
    expect(await found({ userId: "ana", query: "companera" })).toEqual(["reply:r1"]);
    expect(await found({ userId: "ana", query: "despues" })).toEqual(["message:m1"]);
  });

  it("renames an article's entries and replaces them with a newer version's", async () => {
    await update("articles", "art1", { title: "Cuaderno obrero" });
    expect(sorted(await found({ userId: "ben", query: "cuaderno" }))).toEqual(["article:v2:b1", "article:v2:b2", "article:v2:b5"]);
    expect(await found({ userId: "ben", query: "trabajo" })).toEqual([]);
    await insert("article_versions", {
      id: "v3",
      article_id: "art1",
      version: 3,
      word_count: 5,
      created_at: at(50),
      blocks: [{ id: "b9", type: "paragraph", text: "Nueva versión del cuaderno" }],
    });
    expect(await found({ userId: "ben", query: "cuaderno" })).toEqual(["article:v3:b9"]);
    expect((await entryKeys()).filter((entryKey) => entryKey.startsWith("article:"))).toEqual(["article:v3:b9", "article:w2:c1"]);
  });

  it("finds the same in a database with a UTF-8 locale", async () => {
    const client = postgresUtf8Locale!;
    await client.query("INSERT INTO users (id, username, display_name, password_hash, created_at) VALUES ('u', 'u', 'U', 'x', now())");
    await client.query("INSERT INTO groups (id, name, created_at) VALUES ('g', 'G', now())");
    await client.query("INSERT INTO memberships (group_id, user_id, role) VALUES ('g', 'u', 'owner')");
    await client.query("INSERT INTO articles (id, group_id, title) VALUES ('a', 'g', 'ПРИВЕТ l’organisation')");
    await client.query(
      `INSERT INTO article_versions (id, article_id, version, blocks, word_count) VALUES ('v', 'a', 1, '[{"id":"p","type":"paragraph","text":"écrit à foo@bar.com — «\u00a0mot\u00a0»"}]', 5)`,
    );
    await indexPostgres(client);
    for (const query of ["привет", "organisation", "ecrit", "bar", "mot"]) {
      expect((await searchPostgres({ userId: "u", query }, client)).map(key), query).toEqual(["article:v:p"]);
    }
  });
});

describe("PostgreSQL text folding compared with FTS5 unicode61 remove_diacritics 2", () => {
  const ftsTokens = (text: string): string[] => {
    sqlite.exec(
      "CREATE VIRTUAL TABLE IF NOT EXISTS temp.tokens USING fts5(body, tokenize='unicode61 remove_diacritics 2'); CREATE VIRTUAL TABLE IF NOT EXISTS temp.token_vocab USING fts5vocab(temp, tokens, 'row'); DELETE FROM temp.tokens;",
    );
    sqlite.prepare("INSERT INTO temp.tokens(body) VALUES (?)").run(text);
    return (sqlite.prepare("SELECT term FROM temp.token_vocab").all() as { term: string }[]).map((row) => row.term).sort();
  };
  const postgresTokens = async (client: pg.Client, text: string): Promise<string[]> => {
    const { rows } = await client.query<{ lexemes: string[] }>("SELECT tsvector_to_array(to_tsvector('simple', study_circle_search_text($1))) AS lexemes", [text]);
    return rows[0]!.lexemes.sort();
  };

  it("splits and folds text into the same words in both locales", async () => {
    const samples = [
      "l’organisation «\u00a0mot\u00a0» — fin",
      "organización ORGANIZACIÓN organizacio\u0301n Niño",
      "ПРИВЕТ мир İstanbul",
      "foo@bar.com https://example.com/a_b?x=1 3.14 well-known C++ #tag",
      "<b>bold</b> &amp; 1,000 v1.2.3 abc123 123abc O'Brien",
      "東京は晴れ naïve café façade",
    ];
    for (const sample of samples) {
      const expected = ftsTokens(sample);
      expect(await postgresTokens(postgres!, sample), sample).toEqual(expected);
      expect(await postgresTokens(postgresUtf8Locale!, sample), sample).toEqual(expected);
    }
  });

  it("folds more than FTS5 only in these known cases", async () => {
    const known: [string, string[], string[]][] = [
      ["straße", ["straße"], ["strasse"]],
      ["Æsop œuvre", ["æsop", "œuvre"], ["aesop", "oeuvre"]],
      ["Ωμέγα", ["ωμέγα"], ["ωμεγα"]],
      ["x² ½", ["x²", "½"], ["1", "2", "x"]],
    ];
    for (const [sample, fts, postgresWords] of known) {
      expect(ftsTokens(sample), sample).toEqual(fts);
      expect(await postgresTokens(postgres!, sample), sample).toEqual(postgresWords);
    }
  });
});
