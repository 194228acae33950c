import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { canonicalText } from "../../lib/article/blocks";
import { blocksFromMarkdown } from "../../lib/article/markdown-import";
import type { Operation } from "../../lib/protocol";
import { buildTimeline, countAt, stateAfter } from "../../lib/review/replay";

/** One measured figure. */
export type Figure = { name: string; value: number; unit: string; note?: string };

const words =
  "la organización del trabajo asamblea sindicato lectura colectiva fábrica obreros salario jornada huelga biblioteca lector periódico reunión debate acuerdo comité taller " +
  "the union reading room workers wage shift newspaper library meeting debate agreement committee strike minutes chapter question answer passage margin notes pamphlet " +
  "educación cooperativa solidaridad acción política económica histórica razón opinión decisión participación comunicación información formación dirección";
const vocabulary = words.split(" ");

/** A seeded generator, so every run searches the same text. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

function sentence(next: () => number, length: number): string {
  return Array.from({ length }, () => vocabulary[Math.floor(next() * vocabulary.length)]).join(" ");
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/**
 * The review benchmarks: full-text search latency over 100,000 thread messages (in the
 * searcher's groups and others', filtered to theirs), and replaying a 10,000-event session
 * from its event log to the end. Runs on a throwaway database file.
 */
export async function benchReview(options: { messages?: number; events?: number } = {}): Promise<Figure[]> {
  const messageCount = options.messages ?? 100_000;
  const eventCount = options.events ?? 10_000;
  const folder = mkdtempSync(path.join(tmpdir(), "study-circle-bench-review-"));
  process.env.DATABASE_FILE = path.join(folder, "bench.sqlite");
  const { migrateDatabase, closeDatabase } = await import("../../db/client");
  const { createUser } = await import("../../db/users");
  const { addMember, createGroup } = await import("../../db/groups");
  const { createArticle } = await import("../../db/articles");
  const { scheduleSession } = await import("../../db/study-sessions");
  const { insertBenchMessages } = await import("../../db/bench-fixtures");
  const { searchForUser } = await import("../../db/search");
  const { indexPendingSearch } = await import("../../db/search-index");
  const { applyOperation } = await import("../../db/session-operations");
  const { reviewEvents } = await import("../../db/review");
  const figures: Figure[] = [];
  try {
    await migrateDatabase();
    const next = random(42);
    const people: { id: string; displayName: string }[] = [];
    for (let index = 0; index < 20; index++) people.push(await createUser({ username: `reader${index}`, displayName: `Reader ${index}`, passwordHash: "x" }));
    const mine = (await createGroup({ name: "Mine", description: "", ownerId: people[0]!.id })).id;
    const theirs = (await createGroup({ name: "Theirs", description: "", ownerId: people[10]!.id })).id;
    for (const person of people.slice(1, 10)) await addMember(mine, person.id, "member");
    const blocks = blocksFromMarkdown(Array.from({ length: 40 }, () => sentence(next, 60)).join("\n\n"));
    const articleFor = async (groupId: string, owner: string) =>
      (await createArticle({ groupId, title: "Bench", author: "", sourceName: "", sourceUrl: "", publishedOn: "", language: "es", blocks, createdBy: owner })).id;
    const sessionFor = async (groupId: string, owner: string) =>
      (await scheduleSession({ groupId, articleId: await articleFor(groupId, owner), title: "Bench", scheduledAt: new Date(), createdBy: owner })).id;
    const mySession = await sessionFor(mine, people[0]!.id);
    const theirSession = await sessionFor(theirs, people[10]!.id);

    // 100,000 messages: 80% in the searcher's group, 20% in a group they are not in.
    const started = performance.now();
    const batch = 5000;
    for (let offset = 0; offset < messageCount; offset += batch) {
      const rows = Array.from({ length: Math.min(batch, messageCount - offset) }, (_, index) => {
        const n = offset + index;
        const author = people[n % 10]!;
        return { id: `m${n}`, authorId: author.id, authorName: author.displayName, body: sentence(next, 8 + Math.floor(next() * 18)), at: new Date(1_800_000_000_000 + n * 1000) };
      });
      await insertBenchMessages(offset % (batch * 5) === batch * 4 ? theirSession : mySession, rows);
    }
    await indexPendingSearch({ batchSize: batch });
    figures.push({ name: "index 100k messages (insert + search indexer)", value: round((performance.now() - started) / 1000, 1), unit: "s", note: `${messageCount} messages` });

    const queries = ["organizacion", "organización", "sindicato lectura", "asamblea", "huelga comité", "strike minutes", "educacion", "particip", "biblioteca obreros", "zzzz"];
    for (const query of queries) await searchForUser({ userId: people[1]!.id, query });
    const samples: number[] = [];
    for (let round_ = 0; round_ < 20; round_++) {
      for (const query of queries) {
        const t0 = performance.now();
        await searchForUser({ userId: people[1]!.id, query, limit: 20 });
        samples.push(performance.now() - t0);
      }
    }
    figures.push({
      name: "search p50 (first page of 20, members-only filter)",
      value: round(percentile(samples, 50)),
      unit: "ms",
      note: `${samples.length} queries over ${messageCount} messages`,
    });
    figures.push({ name: "search p95", value: round(percentile(samples, 95)), unit: "ms" });
    figures.push({ name: "search max", value: round(Math.max(...samples)), unit: "ms" });

    // A 10,000-event session written through the live write path, then replayed from its log.
    const text = canonicalText(blocks);
    const replaySession = await sessionFor(mine, people[0]!.id);
    const actor = (index: number) => ({ id: people[index % 10]!.id, name: people[index % 10]!.displayName, role: index % 10 === 0 ? ("owner" as const) : ("member" as const) });
    const annotationIds: string[] = [];
    const writeStarted = performance.now();
    const t0 = 1_800_000_000_000;
    for (let index = 0; index < eventCount; index++) {
      const roll = next();
      let operation: Operation;
      if (roll < 0.4 || annotationIds.length === 0) {
        const start = Math.floor(next() * (text.length - 80));
        const exact = text.slice(start, start + 20 + Math.floor(next() * 50));
        const annotationId = `a${index}`;
        annotationIds.push(annotationId);
        operation = {
          type: "annotation.create",
          annotationId,
          kind: "key_point",
          visibility: "shared",
          passage: { start, end: start + exact.length, exact },
          body: sentence(next, 6),
        };
      } else if (roll < 0.75) {
        operation = { type: "reply.create", replyId: `r${index}`, annotationId: annotationIds[Math.floor(next() * annotationIds.length)]!, body: sentence(next, 10) };
      } else {
        operation = { type: "message.create", messageId: `x${index}`, parentId: null, body: sentence(next, 12), quote: null };
      }
      await applyOperation({
        session: { id: replaySession, groupId: mine, status: "live", text },
        actor: actor(index),
        clientOpId: `bench-op-${index}`,
        operation,
        at: new Date(t0 + index * 400),
      });
    }
    figures.push({ name: "write 10k-event session (live write path)", value: round((performance.now() - writeStarted) / 1000, 1), unit: "s" });

    const phases = { load: [] as number[], build: [] as number[], fold: [] as number[], total: [] as number[] };
    let lastState = null as ReturnType<typeof stateAfter> | null;
    for (let run = 0; run < 5; run++) {
      const r0 = performance.now();
      const events = await reviewEvents(replaySession, { id: people[1]!.id, facilitator: false });
      const r1 = performance.now();
      const timeline = buildTimeline(events, { start: t0, end: t0 + eventCount * 400 });
      const r2 = performance.now();
      lastState = stateAfter(timeline, countAt(timeline, timeline.end));
      const r3 = performance.now();
      phases.load.push(r1 - r0);
      phases.build.push(r2 - r1);
      phases.fold.push(r3 - r2);
      phases.total.push(r3 - r0);
    }
    figures.push({
      name: "replay 10k events to the end: total",
      value: round(percentile(phases.total, 50)),
      unit: "ms",
      note: `${lastState?.applied} events applied, median of 5`,
    });
    figures.push({ name: "  of which loading the log (SQLite read, JSON, present, redact)", value: round(percentile(phases.load, 50)), unit: "ms" });
    figures.push({ name: "  of which building the timeline (one fold; checkpoints saved lazily)", value: round(percentile(phases.build, 50)), unit: "ms" });
    figures.push({ name: "  of which the state at the end (a copy of the final fold)", value: round(percentile(phases.fold, 50), 3), unit: "ms" });
    const events = await reviewEvents(replaySession, { id: people[1]!.id, facilitator: false });
    const timeline = buildTimeline(events, { start: t0, end: t0 + eventCount * 400 });
    const seeks: number[] = [];
    for (let index = 0; index < 200; index++) {
      const s0 = performance.now();
      stateAfter(timeline, Math.floor(next() * events.length));
      seeks.push(performance.now() - s0);
    }
    figures.push({
      name: "replay seek (slider move, from nearest checkpoint)",
      value: round(percentile(seeks, 50), 3),
      unit: "ms p50",
      note: `p95 ${round(percentile(seeks, 95), 2)} ms, 200 random seeks`,
    });
  } finally {
    await closeDatabase();
    rmSync(folder, { recursive: true, force: true });
  }
  return figures;
}
