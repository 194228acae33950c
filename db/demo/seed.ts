import { readFileSync } from "node:fs";
import path from "node:path";
import { finaliseBlocks } from "../../lib/article/draft";
import { importMarkdown } from "../../lib/article/markdown-import";
import { createArticle } from "../articles";
import { addMember, createGroup } from "../groups";
import { scheduleSession } from "../study-sessions";
import { seedDemoBilingual } from "./bilingual";
import { seedDemoPastSession } from "./past-session";
import { countUsers, createUser } from "../users";

/** The demo accounts, printed at start so a newcomer can sign in at once. */
export const demoAccounts = [
  { username: "ana", displayName: "Ana Torres", password: "circle-demo-pass", role: "owner" },
  { username: "ben", displayName: "Ben Okafor", password: "circle-demo-pass", role: "member" },
] as const;

/** Seeds the demo group, its two members, the sample article and a planned session, and a bilingual article with its session — only into an empty database. */
export async function seedDemo(hashPassword: (password: string) => Promise<string>): Promise<boolean> {
  if ((await countUsers()) > 0) return false;
  const [ana, ben] = await Promise.all(
    demoAccounts.map(async (account) => await createUser({ username: account.username, displayName: account.displayName, passwordHash: await hashPassword(account.password) })),
  );
  const group = await createGroup({
    name: "Sunday Readers",
    description: "A study group that reads one article together every Sunday evening.",
    ownerId: ana!.id,
  });
  await addMember(group.id, ben!.id, "member");
  const markdown = readFileSync(path.resolve(process.cwd(), "db/demo/reading-rooms.md"), "utf8");
  const article = await createArticle({
    groupId: group.id,
    title: "The Reading Room Down the Corridor",
    author: "Study Circle",
    sourceName: "Study Circle sample text",
    sourceUrl: "",
    publishedOn: "2026-11-01",
    language: "en",
    blocks: finaliseBlocks(importMarkdown(markdown).blocks),
    createdBy: ana!.id,
  });
  await scheduleSession({ groupId: group.id, articleId: article.id, title: "Reading rooms and us", scheduledAt: nextSundayEvening(new Date()), createdBy: ana!.id });
  await seedDemoPastSession({ groupId: group.id, articleId: article.id, ana: ana!, ben: ben!, hashPassword });
  const sunday = nextSundayEvening(new Date());
  await seedDemoBilingual({ groupId: group.id, ownerId: ana!.id, scheduledAt: new Date(sunday.getTime() + 7 * 24 * 60 * 60 * 1000) });
  return true;
}

function nextSundayEvening(now: Date): Date {
  const date = new Date(now);
  date.setDate(date.getDate() + ((7 - date.getDay()) % 7 || 7));
  date.setHours(19, 0, 0, 0);
  return date;
}
