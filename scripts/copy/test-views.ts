/**
 * Test fixture (run as its own process, once on SQLite and once on PostgreSQL): what every
 * account sees — its groups, each group's sessions and archive, each session's live snapshot,
 * review log, minutes and JSON-LD, the group backup, and search results — written as JSON to
 * the file named by the first argument, keyed by page, so two runs can be compared key by key.
 * Everything goes through the app's own query functions, which pick the engine from the env.
 */
import { writeFileSync } from "node:fs";
import { exportGroupBackup } from "../../db/backup";
import { closeDatabase, db } from "../../db/client";
import { listArchive } from "../../db/archive";
import { listGroupsForUser, listMembers } from "../../db/groups";
import { loadSessionRecord, reviewEvents } from "../../db/review";
import { searchForUser } from "../../db/search";
import { indexPendingSearch } from "../../db/search-index";
import { sessionSnapshot } from "../../db/session-operations";
import { listSessions } from "../../db/study-sessions";
import { users } from "../../db/schema";
import { findUserForSignIn } from "../../db/users";
import { minutesMarkdown, type MinutesLabels } from "../../lib/review/minutes";
import { pollsFromEvents } from "../../lib/review/polls";
import { toWebAnnotations } from "../../lib/review/web-annotation";
import { can, type Role } from "../../lib/roles";

const labels: MinutesLabels = {
  title: (session) => `Minutes: ${session}`,
  group: "Group",
  article: "Article",
  editions: "Editions",
  date: "Date",
  duration: (minutes) => `${minutes} min`,
  facilitator: "Facilitator",
  participants: (count) => `Who took part (${count})`,
  nobody: "nobody",
  questions: "Questions",
  questionStatus: { open: "open", answered: "answered", parked: "parked" },
  noAnswers: "No answers.",
  questionsRaised: "Questions raised in the margin",
  polls: "Polls",
  pollTally: (tally) => `${tally.agree} agree, ${tally.disagree} disagree, ${tally.unsure} not sure`,
  keyPassages: "Key passages",
  noPassages: "No passages were annotated.",
  paragraph: (n) => `¶ ${n}`,
  heading: "Heading",
  kinds: { key_point: "Key point", question: "Question", disagree: "Disagree", example: "Example", definition: "Definition" },
  discussion: "Discussion",
  summary: (annotations, replies, messages) => `${annotations} annotations, ${replies} replies, ${messages} messages`,
  exported: "Exported from Study Circle",
};
const utc = (ms: number) => new Date(ms).toISOString();

/** Accented, unaccented, prefix, multi-word, title, private-note and no-hit queries. */
const queries = ["organización", "ORGANIZACION", "educacion", "Zurich", "naive café", "reading room", "huelga sindicato", "particip", "nota privada", "Capítulo", "zzzz"];

const views: Record<string, unknown> = {};
// Search as it stands once the indexer has caught up (a server does so within a second).
await indexPendingSearch();
const accounts = await db().select({ id: users.id, username: users.username }).from(users).orderBy(users.username);
for (const account of accounts) {
  // Signing in reads the password hash: it must have come across unchanged.
  views[`sign-in ${account.username}`] = await findUserForSignIn(account.username);
  const groups = await listGroupsForUser(account.id);
  views[`groups ${account.username}`] = groups;
  for (const group of groups) await groupViews(group.id, account, group.role);
  for (const query of queries) views[`search ${account.username} ${query}`] = await everyHit(account.id, query);
}
await closeDatabase();
writeFileSync(process.argv[2]!, JSON.stringify(views));

async function groupViews(groupId: string, viewer: { id: string; username: string }, role: Role): Promise<void> {
  const prefix = `${viewer.username} ${groupId}`;
  views[`members ${prefix}`] = await listMembers(groupId);
  const sessions = await listSessions(groupId);
  views[`sessions ${prefix}`] = sessions;
  views[`archive ${prefix}`] = await listArchive(groupId, 1);
  for (const session of sessions) {
    views[`snapshot ${prefix} ${session.id}`] = await sessionSnapshot(session.id, { id: viewer.id, role });
    views[`review ${prefix} ${session.id}`] = await reviewEvents(session.id, { id: viewer.id, facilitator: can.runSession(role) });
  }
  // Exports read the same for every member: once per group, by its first member.
  if (views[`backup ${groupId}`]) return;
  const backup = await exportGroupBackup(groupId, new Date(Date.UTC(2030, 0, 1)));
  views[`backup ${groupId}`] = backup;
  for (const session of sessions) {
    const record = await loadSessionRecord(groupId, session.id);
    const polls = pollsFromEvents(await reviewEvents(session.id, { id: "", facilitator: false }));
    views[`minutes ${groupId} ${session.id}`] = minutesMarkdown({ ...record, polls }, labels, utc);
    views[`jsonld ${groupId} ${session.id}`] = JSON.stringify(toWebAnnotations(record, "https://circle.example/", labels.kinds));
  }
}

/** Every hit, page by page (the two engines rank differently, so the test compares them as sets). */
async function everyHit(userId: string, query: string): Promise<unknown[]> {
  const hits: unknown[] = [];
  for (let offset = 0; ; offset += 100) {
    const page = await searchForUser({ userId, query, limit: 100, offset });
    hits.push(...page.hits);
    if (!page.more || offset >= 3000) return hits;
  }
}
