import { readFileSync } from "node:fs";
import path from "node:path";
import { createArticle } from "../../db/articles";
import { closeDatabase, migrateDatabase } from "../../db/client";
import { addMember, createGroup } from "../../db/groups";
import { changeSessionStatus, scheduleSession } from "../../db/study-sessions";
import { createUser, type User } from "../../db/users";
import { canonicalText } from "../../lib/article/blocks";
import { blocksFromMarkdown } from "../../lib/article/markdown-import";
import { describeRange, type TextTarget } from "../../lib/anchoring/selectors";
import { hashPassword } from "../../server/accounts/password";
import { sessionCookieFor } from "../../server/accounts/test-cookie";

/** A simulated member: their account and the session cookie their browser would send. */
export type Member = { userId: string; name: string; cookie: string };

/** Everything the benchmark prepared in the database before the server starts. */
export type BenchData = {
  members: Member[];
  /** Sessions (rooms) by scenario; each scenario's members belong to the session's group. */
  rooms: { big: { n50: string; n200: string }; presence: string; joinStorm: string; small: string[]; catchUp: string; memory: string[] };
  /** The group of each session, by session id (pages live under /groups/<group>/sessions/<session>). */
  groupOf: Record<string, string>;
  /** Passages of the article that annotations may cover (they match the canonical text exactly), with their context. */
  passages: TextTarget[];
};

/** Who takes part in which scenario (indexes into `members`), so no member's flood budget is shared between scenarios. */
export const cast = {
  big: { from: 0, count: 200 },
  small: { from: 200, rooms: 50, perRoom: 4 },
  catchUp: { writersFrom: 400, writers: 25, laggard: 425 },
  memoryRooms: 50,
} as const;

const projectRoot = path.resolve(import.meta.dirname, "../..");

/**
 * Creates the accounts, groups, article and live sessions for the benchmark in the database
 * of `DATA_DIR` (a fresh directory), or in PostgreSQL when DATABASE_URL is set (a fresh
 * database), then closes it so the server processes can own it. `memoryRooms: false` leaves
 * out the memory scenario's sessions (the cluster mode has no memory scenario).
 */
export async function prepareBenchData(input: { dataDir: string; authSecret: string; memberCount: number; memoryRooms?: boolean }): Promise<BenchData> {
  process.env.DATA_DIR = input.dataDir;
  delete process.env.DATABASE_FILE;
  await migrateDatabase();

  const markdown = readFileSync(path.join(projectRoot, "db/demo/reading-rooms.md"), "utf8");
  const blocks = blocksFromMarkdown(markdown).filter((block) => block.type !== "heading" || block.level !== 1);
  const passwordHash = await hashPassword("bench-accounts-never-sign-in");
  const userCount = Math.max(input.memberCount, cast.catchUp.laggard + 1);
  const users: User[] = [];
  for (let index = 0; index < userCount; index++) users.push(await createUser({ username: `bench${index}`, displayName: `Bench Member ${index}`, passwordHash }));

  const groupOf: Record<string, string> = {};
  const liveSession = async (memberIndexes: number[], title: string): Promise<string> => {
    const [ownerIndex, ...others] = memberIndexes;
    const owner = users[ownerIndex!]!;
    const group = await createGroup({ name: title, description: "Benchmark group", ownerId: owner.id });
    for (const index of others) await addMember(group.id, users[index]!.id, "member");
    const article = await createArticle({
      groupId: group.id,
      title: "The Reading Room Down the Corridor",
      author: "Study Circle",
      sourceName: "",
      sourceUrl: "",
      publishedOn: "",
      language: "en",
      blocks,
      createdBy: owner.id,
    });
    const session = await scheduleSession({ groupId: group.id, articleId: article.id, title, scheduledAt: new Date(), createdBy: owner.id });
    await changeSessionStatus({ sessionId: session.id, to: "live", actorId: owner.id, clientOpId: `bench-start-${session.id}` });
    groupOf[session.id] = group.id;
    return session.id;
  };
  const range = (from: number, count: number) => Array.from({ length: count }, (_, offset) => from + offset);

  const bigMembers = range(cast.big.from, cast.big.count);
  const inTurn = async <T>(items: T[], make: (item: T) => Promise<string>) => {
    const ids: string[] = [];
    for (const item of items) ids.push(await make(item));
    return ids;
  };
  const rooms: BenchData["rooms"] = {
    big: { n50: await liveSession(bigMembers, "Big room (50)"), n200: await liveSession(bigMembers, "Big room (200)") },
    presence: await liveSession(bigMembers, "Presence room"),
    joinStorm: await liveSession(bigMembers, "Join storm room"),
    small: await inTurn(range(0, cast.small.rooms), (room) => liveSession(range(cast.small.from + room * cast.small.perRoom, cast.small.perRoom), `Small room ${room}`)),
    catchUp: await liveSession([...range(cast.catchUp.writersFrom, cast.catchUp.writers), cast.catchUp.laggard], "Catch-up room"),
    memory: await inTurn(input.memoryRooms === false ? [] : range(0, cast.memoryRooms), (room) =>
      liveSession(
        range(0, input.memberCount).filter((index) => index % cast.memoryRooms === room),
        `Memory room ${room}`,
      ),
    ),
  };
  const members = await Promise.all(
    users.map(async (user) => ({ userId: user.id, name: user.displayName, cookie: await sessionCookieFor(user.id, input.authSecret, user.displayName) })),
  );
  await closeDatabase();
  return { members, rooms, groupOf, passages: passagesOf(canonicalText(blocks)) };
}

/** Sentences of the text, as passages an annotation may cover. */
function passagesOf(text: string): TextTarget[] {
  const passages: TextTarget[] = [];
  for (const match of text.matchAll(/[A-Z][^.!?\n]{15,160}[.!?]/g)) {
    passages.push(describeRange(text, match.index, match.index + match[0].length));
  }
  if (passages.length === 0) throw new Error("the benchmark article has no sentences to annotate");
  return passages;
}
