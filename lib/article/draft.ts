import { z } from "zod";
import { assignBlockIds, blockTypes, type Block } from "./blocks";
import { cleanInlineText, INVISIBLE } from "./inline-builder";
import { MAX_PAGE_BREAKS, normaliseBreaks } from "./pages";
import { safeHref } from "./safe-href";

/** Why the importer thinks a block may not belong to the article; the preview asks the user. */
export type BlockFlag = "leftover";

/** A block as an importer proposes it, before ids are given: what the preview edits. */
export type DraftBlock = Omit<Block, "id"> & { flag?: BlockFlag };

/** An article's descriptive details, as detected and then edited by a person. */
export type ArticleDetails = {
  title: string;
  author: string;
  sourceName: string;
  sourceUrl: string;
  publishedOn: string;
  language: string;
};

/** What an import wants the person to know before saving: pages of a PDF that had no text (scanned). */
export type ImportNotices = { pagesWithoutText?: string[] };

/** What every importer returns: proposed blocks and whatever details it could detect. */
export type ImportResult = { blocks: DraftBlock[]; details: Partial<ArticleDetails>; notices?: ImportNotices };

/** The empty set of details, for fields nobody filled in. */
export const noDetails: ArticleDetails = { title: "", author: "", sourceName: "", sourceUrl: "", publishedOn: "", language: "" };

/** Most characters one block may hold; longer text is certainly not a paragraph. */
export const MAX_BLOCK_CHARS = 100_000;

/** Most blocks one article may have. */
export const MAX_BLOCKS = 20_000;

const markSchema = z
  .object({
    type: z.enum(["strong", "em", "code", "link"]),
    start: z.number().int().min(0),
    end: z.number().int().min(0),
    href: z.string().max(2000).optional(),
  })
  .refine((mark) => mark.end > mark.start, "A mark must cover some text.");

const pageLabelSchema = z.string().regex(/^[\p{L}\p{N}][\p{L}\p{N}.-]{0,15}$/u);

/** The shape a draft block must have when a browser sends it back to be saved. */
export const draftBlockSchema = z.object({
  type: z.enum(blockTypes),
  text: z.string().max(MAX_BLOCK_CHARS),
  level: z.number().int().min(1).max(6).optional(),
  ordered: z.boolean().optional(),
  marks: z.array(markSchema).max(2000).optional(),
  image: z.object({ src: z.string().max(8_000_000), alt: z.string().max(2000) }).optional(),
  flag: z.enum(["leftover"]).optional(),
  page: pageLabelSchema.optional(),
  pageBreaks: z
    .array(z.object({ at: z.number().int().min(1).max(MAX_BLOCK_CHARS), page: pageLabelSchema }))
    .max(MAX_PAGE_BREAKS)
    .optional(),
});

/** Details as a browser sends them back: trimmed, bounded, dates as YYYY-MM-DD. */
export const articleDetailsSchema = z.object({
  title: z.string().trim().min(1, "Give the article a title.").max(300),
  author: z.string().trim().max(200),
  sourceName: z.string().trim().max(200),
  sourceUrl: z.union([z.literal(""), z.url({ protocol: /^https?$/, message: "The source must be a web address." }).max(2000)]),
  publishedOn: z.union([z.literal(""), z.iso.date({ message: "The publication date must be a date." })]),
  language: z.union([z.literal(""), z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "The language must be a code such as en or es.")]),
});

/**
 * Turns drafts a person approved into the blocks that are stored: text cleaned once more,
 * marks kept only where they fit and link somewhere safe, empty blocks and flags dropped,
 * stable ids assigned. The result is the article's text; canonicalText() derives from it.
 */
export function finaliseBlocks(drafts: readonly DraftBlock[]): Block[] {
  const clean: Omit<Block, "id">[] = [];
  for (const draft of drafts) {
    if (draft.type === "image") {
      if (draft.image?.src)
        clean.push({
          type: "image",
          text: "",
          image: { src: draft.image.src, alt: cleanInlineText(draft.image.alt).trim() },
          ...(draft.page !== undefined && { page: draft.page }),
        });
      continue;
    }
    const cleaned = cleanInlineText(draft.text);
    const text = cleaned.trim();
    if (!text) continue;
    // Marks count in the draft's text: they still fit only if cleaning changed nothing but the ends.
    const shift = cleaned.length === draft.text.length ? cleaned.length - cleaned.trimStart().length : -1;
    const block: Omit<Block, "id"> = { type: draft.type, text };
    if (draft.type === "heading") block.level = Math.min(Math.max(draft.level ?? 2, 2), 3);
    if (draft.type === "list_item") block.ordered = draft.ordered ?? false;
    const marks = (shift < 0 ? [] : (draft.marks ?? []))
      .map((mark) => ({ ...mark, start: Math.max(0, mark.start - shift), end: Math.min(text.length, mark.end - shift) }))
      .filter((mark) => mark.end > mark.start && (mark.type !== "link" || safeHref(mark.href ?? null)))
      .map((mark) => (mark.type === "link" ? { ...mark, href: safeHref(mark.href ?? null) } : { type: mark.type, start: mark.start, end: mark.end }));
    if (marks.length > 0) block.marks = marks;
    const pages = normaliseBreaks(
      draft.page,
      (draft.pageBreaks ?? []).map((pageBreak) => ({ page: pageBreak.page, at: cleanedOffset(draft.text, pageBreak.at) })),
      text.length,
    );
    Object.assign(block, pages);
    clean.push(block);
  }
  return assignBlockIds(clean);
}

// Where an offset of a draft's text lands once the text is cleaned (invisible characters
// removed, white space folded) and trimmed: the same rules as cleanInlineText, counted.
function cleanedOffset(raw: string, offset: number): number {
  let out = 0;
  let leading = true;
  let inSpace = false;
  for (let index = 0; index < Math.min(offset, raw.length); index++) {
    const char = raw[index]!;
    if (INVISIBLE.test(char)) continue;
    if (/\s/.test(char)) {
      if (!inSpace && !leading) out++;
      inSpace = true;
      continue;
    }
    inSpace = false;
    leading = false;
    out++;
  }
  return out;
}
