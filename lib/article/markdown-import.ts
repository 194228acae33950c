import MarkdownIt from "markdown-it";
import type { Token } from "markdown-it";
import { assignBlockIds, type Block, type BlockType, type InlineMark } from "./blocks";

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

type DraftBlock = Omit<Block, "id">;

/** Parses Markdown into normalised article blocks with stable ids. */
export function blocksFromMarkdown(source: string): Block[] {
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
  return assignBlockIds(drafts);
}

function containerType(containers: BlockType[]): BlockType {
  return containers.at(-1) ?? "paragraph";
}

function pushInline(drafts: DraftBlock[], token: Token, type: BlockType, level: number, ordered: boolean): void {
  const children = token.children ?? [];
  const onlyImage = children.filter((child) => child.type !== "softbreak" && !(child.type === "text" && !child.content.trim()));
  if (onlyImage.length === 1 && onlyImage[0]?.type === "image") {
    const image = onlyImage[0];
    const alt = image.children?.map((child) => child.content).join("") ?? "";
    drafts.push({ type: "image", text: "", image: { src: String(image.attrGet("src") ?? ""), alt } });
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

/** Only links a reader can follow safely survive import. */
export function safeHref(href: string | null): string | undefined {
  if (!href) return undefined;
  try {
    const url = new URL(href);
    return ["http:", "https:", "mailto:"].includes(url.protocol) ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

function collapse(content: string): { text: string } {
  return { text: content.replace(/\s+/g, " ").trim() };
}

class InlineBuilder {
  private text = "";
  private readonly marks: InlineMark[] = [];

  get length(): number {
    return this.text.length;
  }

  append(piece: string): void {
    const collapsed = piece.replace(/\s+/g, " ");
    const startsWithSpace = collapsed.startsWith(" ");
    const atWordBoundary = this.text.length === 0 || this.text.endsWith(" ");
    this.text += startsWithSpace && atWordBoundary ? collapsed.slice(1) : collapsed;
  }

  mark(mark: InlineMark): void {
    if (mark.end > mark.start) this.marks.push(mark);
  }

  finish(): { text: string; marks: InlineMark[] } {
    const trimmed = this.text.trimEnd();
    const marks = this.marks
      .map((mark) => ({ ...mark, end: Math.min(mark.end, trimmed.length) }))
      .filter((mark) => mark.end > mark.start);
    return { text: trimmed, marks };
  }
}
