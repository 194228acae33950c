import { findArticleVersion } from "../../db/articles";
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
