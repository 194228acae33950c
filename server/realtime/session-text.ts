import { findArticleVersion } from "../../db/articles";
import { editionStamp, editionText as readEditionText } from "../../db/editions";
import { canonicalText } from "../../lib/article/blocks";

const texts = new Map<string, string>();
const MAX_CACHED = 64;

/**
 * The canonical text of an article version, which passages are checked against. Versions
 * never change, so this cache is always right and can be rebuilt at any time.
 */
export async function versionText(versionId: string): Promise<string> {
  const cached = texts.get(versionId);
  if (cached !== undefined) return cached;
  const version = await findArticleVersion(versionId);
  const text = version ? canonicalText(version.blocks) : "";
  if (texts.size >= MAX_CACHED) texts.delete(texts.keys().next().value!);
  texts.set(versionId, text);
  return text;
}

const editions = new Map<string, { stamp: number; text: string }>();

/**
 * The canonical text of an article's edition, or undefined when the article has none such.
 * An edition's text can be replaced, so the cache is checked against its stamp each time.
 */
export async function editionText(articleId: string, editionId: string): Promise<string | undefined> {
  const stamp = await editionStamp(articleId, editionId);
  if (stamp === undefined) return undefined;
  const cached = editions.get(editionId);
  if (cached?.stamp === stamp) return cached.text;
  const text = await readEditionText(articleId, editionId);
  if (text === undefined) return undefined;
  if (editions.size >= MAX_CACHED) editions.delete(editions.keys().next().value!);
  editions.set(editionId, { stamp, text });
  return text;
}
