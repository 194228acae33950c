import type { ReactNode } from "react";
import { Reader, type ReaderArticle } from "@/app/_components/reader/reader";
import { editionChoice, readingEditions } from "@/db/editions";
import type { Block } from "@/lib/article/blocks";
import { editionKey } from "./edition-key";
import type { SessionEditions } from "./edition-reading";

type ReaderSettings = Omit<React.ComponentProps<typeof Reader>, "article" | "blocks">;

/**
 * A session's editions for the room, when its article has any: each edition's text rendered
 * here on the server (with the same heading line as the original), its alignment, and the
 * member's remembered choice. Undefined for an article in one language.
 */
export async function loadSessionEditions(input: {
  groupId: string;
  userId: string;
  article: ReaderArticle & { id: string };
  version: { blocks: Block[] };
  heading: ReactNode;
  reader: ReaderSettings;
}): Promise<SessionEditions | undefined> {
  const editions = await readingEditions(input.article, input.version);
  if (editions.length < 2) return undefined;
  const texts: Record<string, ReactNode> = {};
  const titles: Record<string, string> = {};
  for (const edition of editions) {
    const key = editionKey(edition.id);
    titles[key] = edition.title;
    texts[key] = (
      <>
        {input.heading}
        <Reader
          {...input.reader}
          article={{ ...input.article, title: edition.title, language: edition.language, sourceUrl: edition.sourceUrl || input.article.sourceUrl }}
          blocks={edition.blocks}
        />
      </>
    );
  }
  const choice = await editionChoice(input.userId, input.article.id);
  const known = editions.some((edition) => edition.id === choice.edition);
  return {
    groupId: input.groupId,
    list: editions.map(({ id, language, blocks, alignment }) => ({ id, language, blocks, alignment })),
    texts,
    titles,
    choice: known ? choice : { edition: null, sideBySide: choice.sideBySide },
  };
}
