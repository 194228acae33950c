import type { Block } from "../article/blocks";
import { safeHref } from "../article/safe-href";
import { renderComment, sanitizeCommentHtml } from "../markdown/comment";

const MEDIA_FILE = /^[0-9a-f]{64}\.(?:png|jpg|gif|webp|avif)$/;

/**
 * A comment's HTML as this instance would make it: rendered again from its Markdown when the
 * item carries it (so the HTML cannot say something its text does not), else sanitised.
 */
function cleanHtml(item: Record<string, unknown>): string {
  if (typeof item.body === "string") return item.body === "" ? "" : renderComment(item.body);
  return sanitizeCommentHtml(item.bodyHtml as string);
}

/**
 * Every piece of HTML a backup carries, made safe again: wherever an object has `bodyHtml`
 * (comments, replies, messages and answers, in their tables and inside logged events), it is
 * rendered again by the app's own renderer and sanitiser. Returns a cleaned copy.
 */
export function sanitiseRestoredHtml<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => sanitiseRestoredHtml(item)) as T;
  if (value === null || typeof value !== "object" || value instanceof Date) return value;
  const record = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(record)) copy[key] = sanitiseRestoredHtml(item);
  if (typeof record.bodyHtml === "string") copy.bodyHtml = cleanHtml(record);
  return copy as T;
}

/**
 * An article version's blocks from a backup, made safe as an import makes them: links only
 * where `safeHref` allows, and images only from the group's own stored media (anything else
 * would load from another host, or from another group).
 */
export function sanitiseRestoredBlocks(blocks: readonly Block[], groupId: string): Block[] {
  const prefix = `/groups/${groupId}/media/`;
  const result: Block[] = [];
  for (const block of blocks) {
    if (block.type === "image" || block.image) {
      const src = block.image?.src ?? "";
      if (!src.startsWith(prefix) || !MEDIA_FILE.test(src.slice(prefix.length))) continue;
    }
    if (!block.marks) {
      result.push(block);
      continue;
    }
    const marks = block.marks.flatMap((mark) => {
      if (mark.type !== "link") return [mark];
      const href = safeHref(mark.href);
      return href ? [{ ...mark, href }] : [];
    });
    result.push({ ...block, marks });
  }
  return result;
}
