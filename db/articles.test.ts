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

beforeEach(() => {
  openFreshTestDatabase();
  userId = createUser({ username: "ana", displayName: "Ana", passwordHash: "x" }).id;
  groupId = createGroup({ name: "G", description: "", ownerId: userId }).id;
  articleId = createArticle({ ...details, groupId, blocks: blocksFromMarkdown("First text."), createdBy: userId }).id;
});

const revise = (markdown: string, title = details.title) =>
  reviseArticle({ groupId, articleId, details: { ...details, title }, blocks: blocksFromMarkdown(markdown), editedBy: userId });

describe("article versions", () => {
  it("corrects a version no session reads in place", () => {
    expect(revise("Corrected text.")).toMatchObject({ version: 1, change: "replaced" });
    expect(latestArticleVersion(articleId)!.blocks[0]!.text).toBe("Corrected text.");
    expect(listArticleVersions(articleId)).toHaveLength(1);
  });

  it("never changes text a session reads: the edit becomes a new version, which new sessions take", () => {
    const old = scheduleSession({ groupId, articleId, title: "S1", scheduledAt: new Date(), createdBy: userId });
    const outcome = revise("Second text, longer now.", "On Meetings, revised");
    expect(outcome).toMatchObject({ version: 2, change: "added" });
    expect(findArticleVersion(findSession(old.id)!.articleVersionId)!.blocks[0]!.text).toBe("First text.");
    const fresh = scheduleSession({ groupId, articleId, title: "S2", scheduledAt: new Date(), createdBy: userId });
    expect(findSession(fresh.id)!.articleVersionId).toBe(outcome.versionId);
    expect(findArticle(groupId, articleId)!.title).toBe("On Meetings, revised");
    expect(listArticleVersions(articleId).map((version) => [version.version, version.sessionCount, version.wordCount, version.createdByName])).toEqual([
      [2, 1, 4, "Ana"],
      [1, 1, 2, "Ana"],
    ]);
    expect(findArticleVersionByNumber(articleId, 1)!.blocks[0]!.text).toBe("First text.");
  });

  it("adds nothing when the text did not change", () => {
    scheduleSession({ groupId, articleId, title: "S1", scheduledAt: new Date(), createdBy: userId });
    expect(revise("First text.", "New title")).toMatchObject({ version: 1, change: "unchanged" });
    expect(findArticle(groupId, articleId)!.title).toBe("New title");
  });

  it("refuses an article of another group", () => {
    const other = createGroup({ name: "H", description: "", ownerId: userId }).id;
    expect(() => reviseArticle({ groupId: other, articleId, details, blocks: blocksFromMarkdown("x"), editedBy: userId })).toThrow(/not in this group/);
  });
});
