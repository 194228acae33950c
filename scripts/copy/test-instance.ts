/**
 * Test fixture (run as its own process, DATABASE_FILE and DATA_DIR set): a SQLite instance
 * holding the demo seed plus a generated group whose session has EVENTS events, written through
 * the live write path (applyOperation), so the event log, current state and search entries are
 * what real use leaves. Prints the group's id.
 */
import { canonicalText } from "../../lib/article/blocks";
import { blocksFromMarkdown } from "../../lib/article/markdown-import";
import type { Operation } from "../../lib/protocol";
import { createArticle, reviseArticle } from "../../db/articles";
import { closeDatabase, migrateDatabase } from "../../db/client";
import { seedDemo } from "../../db/demo/seed";
import { writeFacilitatorNotes } from "../../db/facilitator-notes";
import { addMember, createGroup } from "../../db/groups";
import { createInvite } from "../../db/invites";
import { recordAttendance } from "../../db/review";
import { applyOperation } from "../../db/session-operations";
import { changeSessionStatus, scheduleSession } from "../../db/study-sessions";
import { createUser } from "../../db/users";
import { storeImage } from "../../server/article-fetch/media-store";
import { hashPassword } from "../../server/accounts/password";

const eventCount = Number(process.env.EVENTS ?? 10_000);

const vocabulary = (
  "la organización del trabajo asamblea sindicato lectura colectiva fábrica obreros salario jornada huelga biblioteca lector periódico reunión debate " +
  "the union reading room workers wage shift newspaper library meeting debate agreement committee strike minutes chapter question answer passage " +
  "educación cooperativa solidaridad acción política económica histórica razón opinión decisión participación Zürich naïve café"
).split(" ");

/** Seeded, so every run writes the same text. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

const next = random(7);
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
const sentence = (length: number) => Array.from({ length }, () => pick(vocabulary)).join(" ");

/** A 1×1 PNG, stored as an imported image would be. */
const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

async function generatedGroup(): Promise<string> {
  const people = [];
  for (let index = 0; index < 12; index++) {
    people.push(
      await createUser({
        username: `lector${index}`,
        displayName: index % 3 === 0 ? `Lectora Núñez ${index}` : `Reader ${index}`,
        email: index % 2 === 0 ? `lector${index}@example.org` : null,
        passwordHash: `$argon2id$v=19$m=19456,t=2,p=1$fake${index}$hash`,
        locale: index % 2 === 0 ? "es" : null,
      }),
    );
  }
  const owner = people[0]!;
  const groupId = (await createGroup({ name: "Círculo de lectura", description: "Generated: ten thousand events.", ownerId: owner.id })).id;
  for (const person of people.slice(1)) await addMember(groupId, person.id, person === people[1] ? "facilitator" : "member");
  await createInvite({ groupId, role: "member", expiresAt: new Date(Date.UTC(2031, 0, 1)), maxUses: 5, createdBy: owner.id });
  await storeImage(groupId, png);

  const draft = Array.from({ length: 30 }, (_, index) => (index % 8 === 0 ? `## Capítulo ${index / 8 + 1}` : sentence(50))).join("\n\n");
  const blocks = blocksFromMarkdown(draft);
  const article = await createArticle({
    groupId,
    title: "La organización del trabajo",
    author: "Anónimo",
    sourceName: "",
    sourceUrl: "",
    publishedOn: "1921-05-01",
    language: "es",
    blocks,
    createdBy: owner.id,
  });
  const t0 = Date.UTC(2030, 2, 1, 18, 0, 0);
  const sessionId = (await scheduleSession({ groupId, articleId: article.id, title: "Diez mil eventos", scheduledAt: new Date(t0), createdBy: owner.id })).id;
  // A second version while a session reads the first: search must keep only the newest text.
  const revised = blocksFromMarkdown(`${draft}\n\nUna nota final sobre la huelga de Zürich.`);
  await reviseArticle({
    groupId,
    articleId: article.id,
    details: { title: "La organización del trabajo", author: "Anónimo", sourceName: "", sourceUrl: "", publishedOn: "1921-05-01", language: "es" },
    blocks: revised,
    editedBy: owner.id,
  });

  await changeSessionStatus({ sessionId, to: "live", actorId: owner.id, clientOpId: "gen-start", at: new Date(t0) });
  for (const person of people) await recordAttendance(sessionId, person.id, new Date(t0 + 1000));
  await writeFacilitatorNotes(sessionId, owner.id, "Notas privadas: empezar por el capítulo 2.");
  await writeOperations(sessionId, groupId, canonicalText(blocks), people, t0);
  await changeSessionStatus({ sessionId, to: "ended", actorId: owner.id, clientOpId: "gen-end", at: new Date(t0 + (eventCount + 10) * 400) });
  return groupId;
}

/** eventCount - 2 operations (the status changes make up the rest), a realistic mix of kinds. */
async function writeOperations(sessionId: string, groupId: string, text: string, people: { id: string; displayName: string }[], t0: number): Promise<void> {
  const annotations: string[] = [];
  const messages: string[] = [];
  for (let index = 0; index < eventCount - 2; index++) {
    const who = index % people.length;
    const person = people[who]!;
    const actor = { id: person.id, name: person.displayName, role: who === 0 ? ("owner" as const) : who === 1 ? ("facilitator" as const) : ("member" as const) };
    const operation = operationFor(index, text, annotations, messages);
    const session = { id: sessionId, groupId, status: "live" as const, text };
    await applyOperation({
      session,
      actor: operation.type === "annotation.hide" ? { ...actor, id: people[0]!.id, role: "owner" } : actor,
      clientOpId: `gen-${index}`,
      operation,
      at: new Date(t0 + index * 400),
    });
  }
}

function operationFor(index: number, text: string, annotations: string[], messages: string[]): Operation {
  const roll = next();
  if (roll < 0.35 || annotations.length === 0) {
    const start = Math.floor(next() * (text.length - 80));
    const exact = text.slice(start, start + 20 + Math.floor(next() * 50));
    const annotationId = `a${index}`;
    const visibility = next() < 0.1 ? "private" : "shared";
    if (visibility === "shared") annotations.push(annotationId);
    return {
      type: "annotation.create",
      annotationId,
      kind: pick(["key_point", "question", "example"] as const),
      visibility,
      passage: { start, end: start + exact.length, exact },
      body: sentence(6),
    };
  }
  if (roll < 0.6) return { type: "reply.create", replyId: `r${index}`, annotationId: pick(annotations), body: sentence(10) };
  if (roll < 0.85 || messages.length === 0) {
    messages.push(`m${index}`);
    return { type: "message.create", messageId: `m${index}`, parentId: null, body: sentence(12), quote: null };
  }
  if (roll < 0.92) return { type: "message.react", messageId: pick(messages), reaction: "thumbs_up", on: true };
  if (roll < 0.95) return { type: "annotation.hide", annotationId: pick(annotations), hidden: true };
  return { type: "question.raise", questionId: `q${index}`, text: `¿${sentence(8)}?` };
}

await migrateDatabase();
await seedDemo(hashPassword);
const groupId = await generatedGroup();
await closeDatabase();
process.stdout.write(`${groupId}\n`);
