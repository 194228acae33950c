import { beforeEach, describe, expect, it } from "vitest";
import { blocksFromMarkdown } from "../lib/article/markdown-import";
import { createArticle, findArticle, findArticleVersion, findArticleVersionByNumber, latestArticleVersion, listArticleVersions, reviseArticle } from "./articles";
import { openFreshTestDatabase } from "./client";
import { createGroup } from "./groups";
import { findSession, scheduleSession } from "./study-sessions";
import { createUser } from "./users";

const details = { title: "On Meetings", author: "A. Writer", sourceName: "", sourceUrl: "", publishedOn: "", language: "en" };
let userId = "";
let groupId = "";
let articleId = "";

beforeEach(async () => {
  await openFreshTestDatabase();
  userId = (await createUser({ username: "ana", displayName: "Ana", passwordHash: "x" })).id;
  groupId = (await createGroup({ name: "G", description: "", ownerId: userId })).id;
  articleId = (await createArticle({ ...details, groupId, blocks: blocksFromMarkdown("First text."), createdBy: userId })).id;
});

const revise = async (markdown: string, title = details.title) =>
  await reviseArticle({ groupId, articleId, details: { ...details, title }, blocks: blocksFromMarkdown(markdown), editedBy: userId });

describe("article versions", () => {
  it("corrects a version no session reads in place", async () => {
    expect(await revise("Corrected text.")).toMatchObject({ version: 1, change: "replaced" });
    expect((await latestArticleVersion(articleId))!.blocks[0]!.text).toBe("Corrected text.");
    expect(await listArticleVersions(articleId)).toHaveLength(1);
  });

  it("never changes text a session reads: the edit becomes a new version, which new sessions take", async () => {
    const old = await scheduleSession({ groupId, articleId, title: "S1", scheduledAt: new Date(), createdBy: userId });
    const outcome = await revise("Second text, longer now.", "On Meetings, revised");
    expect(outcome).toMatchObject({ version: 2, change: "added" });
    expect((await findArticleVersion((await findSession(old.id))!.articleVersionId))!.blocks[0]!.text).toBe("First text.");
    const fresh = await scheduleSession({ groupId, articleId, title: "S2", scheduledAt: new Date(), createdBy: userId });
    expect((await findSession(fresh.id))!.articleVersionId).toBe(outcome.versionId);
    expect((await findArticle(groupId, articleId))!.title).toBe("On Meetings, revised");
    expect((await listArticleVersions(articleId)).map((version) => [version.version, version.sessionCount, version.wordCount, version.createdByName])).toEqual([
      [2, 1, 4, "Ana"],
      [1, 1, 2, "Ana"],
    ]);
    expect((await findArticleVersionByNumber(articleId, 1))!.blocks[0]!.text).toBe("First text.");
  });

  it("adds nothing when the text did not change", async () => {
    await scheduleSession({ groupId, articleId, title: "S1", scheduledAt: new Date(), createdBy: userId });
    expect(await revise("First text.", "New title")).toMatchObject({ version: 1, change: "unchanged" });
    expect((await findArticle(groupId, articleId))!.title).toBe("New title");
  });

  it("refuses an article of another group", async () => {
    const other = (await createGroup({ name: "H", description: "", ownerId: userId })).id;
    await expect(reviseArticle({ groupId: other, articleId, details, blocks: blocksFromMarkdown("x"), editedBy: userId })).rejects.toThrow(/not in this group/);
  });
});
