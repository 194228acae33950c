import MarkdownIt from "markdown-it";
import type { Token } from "markdown-it";
import type { Block, BlockType, InlineMark } from "./blocks";
import type { DraftBlock, ImportResult } from "./draft";
import { finaliseBlocks } from "./draft";
import { flagLeftovers, guessLanguage } from "./heuristics";
import { InlineBuilder } from "./inline-builder";
import { safeHref } from "./safe-href";

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

/** Parses Markdown into normalised article blocks with stable ids (no title detection). */
export function blocksFromMarkdown(source: string): Block[] {
  return finaliseBlocks(markdownDrafts(source));
}

/**
 * Imports a Markdown article for the preview: a leading `# Title` becomes the title, an
 * italic line right under an image becomes its caption, likely leftovers are flagged.
 */
export function importMarkdown(source: string): ImportResult {
  const drafts = markdownDrafts(source);
  const first = drafts[0];
  let title: string | undefined;
  if (first?.type === "heading" && first.level === 1) {
    title = first.text;
    drafts.shift();
  }
  const language = guessLanguage(drafts.map((draft) => draft.text).join(" "));
  return { blocks: flagLeftovers(captionsUnderImages(drafts)), details: { ...(title && { title }), ...(language && { language }) } };
}

function markdownDrafts(source: string): DraftBlock[] {
  const tokens = markdown.parse(source.replace(/\r\n?/g, "\n"), {});
  const drafts: DraftBlock[] = [];
  const containers: BlockType[] = [];
  let ordered = false;
  let headingLevel = 0;

  for (const token of tokens) {
    switch (token.type) {
      case "blockquote_open":
        containers.push("quote");
        break;
      case "bullet_list_open":
      case "ordered_list_open":
        ordered = token.type === "ordered_list_open";
        containers.push("list_item");
        break;
      case "blockquote_close":
      case "bullet_list_close":
      case "ordered_list_close":
        containers.pop();
        break;
      case "heading_open":
        headingLevel = Number(token.tag.slice(1));
        break;
      case "heading_close":
        headingLevel = 0;
        break;
      case "fence":
      case "code_block":
        pushDraft(drafts, { type: containerType(containers), ...collapse(token.content) });
        break;
      case "inline":
        pushInline(drafts, token, headingLevel > 0 ? "heading" : containerType(containers), headingLevel, ordered);
        break;
    }
  }
  return drafts;
}

// Markdown has no captions; the common habit is an italic line right under the image.
function captionsUnderImages(drafts: DraftBlock[]): DraftBlock[] {
  return drafts.map((draft, index) => {
    const previous = drafts[index - 1];
    const onlyEm = draft.marks?.length === 1 && draft.marks[0]?.type === "em" && draft.marks[0].start === 0 && draft.marks[0].end === draft.text.length;
    if (previous?.type !== "image" || draft.type !== "paragraph" || !onlyEm) return draft;
    return { type: "caption", text: draft.text };
  });
}

function containerType(containers: BlockType[]): BlockType {
  return containers.at(-1) ?? "paragraph";
}

function pushInline(drafts: DraftBlock[], token: Token, type: BlockType, level: number, ordered: boolean): void {
  const children = token.children ?? [];
  const meaningful = children.filter((child) => child.type !== "softbreak" && !(child.type === "text" && !child.content.trim()));
  if (meaningful.length > 0 && meaningful.every((child) => child.type === "image")) {
    for (const image of meaningful) {
      const alt = image.children?.map((child) => child.content).join("") ?? "";
      drafts.push({ type: "image", text: "", image: { src: String(image.attrGet("src") ?? ""), alt } });
    }
    return;
  }
  const inline = inlineText(children);
  const draft: DraftBlock = { type, ...inline };
  if (type === "heading") draft.level = level;
  if (type === "list_item") draft.ordered = ordered;
  pushDraft(drafts, draft);
}

function pushDraft(drafts: DraftBlock[], draft: DraftBlock): void {
  if (!draft.text) return;
  if (draft.marks && draft.marks.length === 0) delete draft.marks;
  drafts.push(draft);
}

/** Builds a block's text and marks from markdown-it inline tokens, collapsing whitespace. */
function inlineText(children: Token[]): { text: string; marks: InlineMark[] } {
  const builder = new InlineBuilder();
  const open: { type: InlineMark["type"]; start: number; href?: string }[] = [];
  for (const child of children) {
    switch (child.type) {
      case "text":
        builder.append(child.content);
        break;
      case "code_inline": {
        const start = builder.length;
        builder.append(child.content);
        builder.mark({ type: "code", start, end: builder.length });
        break;
      }
      case "softbreak":
      case "hardbreak":
        builder.append(" ");
        break;
      case "strong_open":
      case "em_open":
        open.push({ type: child.type === "strong_open" ? "strong" : "em", start: builder.length });
        break;
      case "link_open":
        open.push({ type: "link", start: builder.length, href: safeHref(String(child.attrGet("href") ?? "")) });
        break;
      case "strong_close":
      case "em_close":
      case "link_close": {
        const mark = open.pop();
        if (!mark || (mark.type === "link" && !mark.href)) break;
        builder.mark({ ...mark, end: builder.length });
        break;
      }
    }
  }
  return builder.finish();
}

function collapse(content: string): { text: string } {
  return { text: content.replace(/\s+/g, " ").trim() };
}
