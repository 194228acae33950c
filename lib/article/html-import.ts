import { Readability } from "@mozilla/readability";
import { JSDOM } from "jsdom";
import sanitizeHtml from "sanitize-html";
import type { BlockType, InlineMark, PageBreak } from "./blocks";
import type { ArticleDetails, DraftBlock, ImportResult } from "./draft";
import { flagLeftovers, guessLanguage, parseDateLine } from "./heuristics";
import { InlineBuilder } from "./inline-builder";
import { normaliseBreaks } from "./pages";
import { safeHref } from "./safe-href";

const CHROME_NAME =
  /(?:^|[\s_-])(?:ad|ads|adv|advert|advertisement|advertising|sponsor|sponsored|promo|newsletter|share|sharing|social|related|outbrain|taboola|cookie|cookies|paywall|subscribe)(?:$|[\s_-])/i;

/**
 * The sanitiser's rules for imported HTML. They keep the structure a readability library
 * needs to find the article (sections, class names) and nothing that runs or restyles:
 * no scripts, event handlers, `javascript:` URLs, iframes, objects, forms or styles.
 */
export const importSanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: [
    "html",
    "head",
    "title",
    "meta",
    "body",
    "article",
    "section",
    "main",
    "header",
    "footer",
    "nav",
    "aside",
    "div",
    "span",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "q",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "figure",
    "figcaption",
    "picture",
    "img",
    "a",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "code",
    "pre",
    "kbd",
    "samp",
    "br",
    "hr",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "caption",
    "time",
    "sup",
    "sub",
    "small",
    "mark",
    "abbr",
    "cite",
    "address",
  ],
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "iframe", "template", "svg", "math", "object", "embed", "canvas", "video", "audio", "button", "select"],
  allowedAttributes: {
    "*": ["class", "id", "lang", "dir"],
    html: ["lang"],
    meta: ["name", "property", "content", "itemprop"],
    a: ["href", "title", "rel"],
    img: ["src", "alt", "title", "srcset", "data-src", "data-srcset", "width", "height"],
    time: ["datetime"],
  },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["http", "https", "data"] },
  allowedSchemesAppliedToAttributes: ["href", "src", "srcset", "data-src", "data-srcset"],
  allowProtocolRelative: true,
  parseStyleAttributes: false,
  // Small boxes whose class or id says what they are (ads, share buttons, newsletters, related
  // links) go with all their content; the size bound keeps an article wrapper with an unlucky
  // class name from ever being dropped.
  exclusiveFilter: (frame) => CHROME_NAME.test(`${frame.attribs.class ?? ""} ${frame.attribs.id ?? ""}`) && frame.text.trim().length < 600,
};

/** Runs imported HTML through the sanitiser with the import rules. */
export function sanitizeImportedHtml(html: string): string {
  return sanitizeHtml(html, importSanitizeOptions);
}

/** How to read an HTML document. */
export type HtmlImportOptions = {
  /** Where the page came from: links and images resolve against it. */
  baseUrl?: string;
  /**
   * The whole body is the text (a Word file or a book's chapter), so Readability does not look
   * for the article; the first top-level heading is the title. Page markers
   * (`span[data-sc-page]`, made from an EPUB's page breaks) and notes (`[data-sc-note]`) are
   * honoured only then.
   */
  whole?: boolean;
  /** In a whole document, whether its first top-level heading is the title (a Word file) or a heading like the others (a book's chapter). */
  headingIsTitle?: boolean;
  /** The page the text begins on, when it continues a document with pages. */
  startPage?: string;
};

/** The attribute that carries a page marker through the sanitiser, for documents that have pages. */
export const PAGE_MARKER_ATTRIBUTE = "data-sc-page";
/** The attribute that marks a footnote or endnote through the sanitiser. */
export const NOTE_ATTRIBUTE = "data-sc-note";

/**
 * Imports an HTML page: sanitises it, lets Readability find the main text and the page's
 * details (title, author, site, date, language), then walks that text into blocks. Links and
 * images resolve against `baseUrl` when the page came from the web.
 */
export function importHtml(html: string, options: HtmlImportOptions = {}): ImportResult & { lastPage?: string } {
  const clean = sanitizeHtml(html, options.whole ? wholeDocumentOptions : importSanitizeOptions);
  const dom = new JSDOM(clean, options.baseUrl ? { url: options.baseUrl } : {});
  const document = dom.window.document;
  const fallbackDate = document.querySelector("time[datetime]")?.getAttribute("datetime") ?? "";
  const metaAuthor = document.querySelector('meta[name="author"]')?.getAttribute("content") ?? "";
  const article = options.whole ? null : new Readability(document, { serializer: (node: Node) => node, charThreshold: 200 }).parse();
  const root = (article?.content as Element | null | undefined) ?? document.body;
  const walker = new BlockWalker(options.baseUrl, options.whole ?? false, options.startPage, options.whole === true && options.headingIsTitle !== false);
  if (root) walker.children(root, { type: "paragraph", ordered: false });
  const firstHeading = options.whole ? walker.drafts.find((draft) => draft.type === "heading" && draft.level === 1) : undefined;
  const title = cleanLine(firstHeading?.text ?? article?.title ?? document.title ?? "");
  const blocks = dropRepeatedTitle(walker.drafts, title);
  const details: Partial<ArticleDetails> = {};
  if (title) details.title = title;
  const author = cleanLine(article?.byline || metaAuthor).replace(/^(?:by|por)\s+/i, "");
  if (author && author.length <= 200) details.author = author;
  const siteName = cleanLine(article?.siteName ?? "") || hostName(options.baseUrl);
  if (siteName) details.sourceName = siteName.slice(0, 200);
  if (options.baseUrl) details.sourceUrl = options.baseUrl;
  const published = dateOnly(article?.publishedTime || fallbackDate);
  if (published) details.publishedOn = published;
  const language = (article?.lang || "").toLowerCase().split(/[-_]/)[0] || guessLanguage(blocks.map((block) => block.text).join(" "));
  if (language && /^[a-z]{2,3}$/.test(language)) details.language = language;
  dom.window.close();
  for (const block of blocks) if (block.type === "heading" && block.level === 1) block.level = 2;
  return { blocks: options.whole ? blocks : flagLeftovers(blocks), details, ...(walker.page !== undefined && { lastPage: walker.page }) };
}

// A whole document keeps its page markers and notes; nothing else changes.
const wholeDocumentOptions: sanitizeHtml.IOptions = {
  ...importSanitizeOptions,
  exclusiveFilter: undefined,
  allowedAttributes: {
    ...importSanitizeOptions.allowedAttributes,
    span: [PAGE_MARKER_ATTRIBUTE],
    p: [NOTE_ATTRIBUTE],
    div: [NOTE_ATTRIBUTE],
    aside: [NOTE_ATTRIBUTE],
    li: [NOTE_ATTRIBUTE],
  },
};

type Context = { type: BlockType; ordered: boolean };

const BLOCK_ELEMENTS = new Set([
  "p",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "blockquote",
  "ul",
  "ol",
  "li",
  "dl",
  "dt",
  "dd",
  "figure",
  "figcaption",
  "picture",
  "img",
  "pre",
  "table",
  "div",
  "section",
  "article",
  "main",
  "header",
  "footer",
  "nav",
  "aside",
  "address",
  "hr",
]);

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/** Walks a sanitised DOM into draft blocks. */
class BlockWalker {
  readonly drafts: DraftBlock[] = [];
  private sawTitle = false;

  constructor(
    private readonly baseUrl: string | undefined,
    private readonly whole: boolean,
    /** The page the walk has reached, in a document with pages. */
    public page: string | undefined,
    private readonly headingIsTitle: boolean = false,
  ) {}

  private title(): number {
    this.sawTitle = true;
    return 1;
  }

  private note(element: Element, context: Context): void {
    const before = this.drafts.length;
    this.children(element, { ...context, type: "note" });
    for (const draft of this.drafts.slice(before)) if (draft.type !== "image") draft.type = "note";
  }

  /** Reads a page marker: the page it names begins here. */
  private pageMarker(node: Node): string | undefined {
    if (!this.whole || node.nodeType !== ELEMENT_NODE) return undefined;
    const element = node as Element;
    return element.localName === "span" ? (element.getAttribute(PAGE_MARKER_ATTRIBUTE) ?? undefined) : undefined;
  }

  children(parent: Element, context: Context): void {
    let run: Node[] = [];
    const flush = () => {
      if (run.length > 0) this.inline(run, context.type, context);
      run = [];
    };
    for (const child of Array.from(parent.childNodes)) {
      if (child.nodeType === ELEMENT_NODE && BLOCK_ELEMENTS.has((child as Element).localName)) {
        flush();
        this.block(child as Element, context);
      } else {
        run.push(child);
      }
    }
    flush();
  }

  private block(element: Element, context: Context): void {
    const tag = element.localName;
    if (/^h[1-6]$/.test(tag))
      return this.inline(Array.from(element.childNodes), "heading", context, this.headingIsTitle && tag === "h1" && !this.sawTitle ? this.title() : Number(tag[1]) <= 2 ? 2 : 3);
    if (this.whole && element.hasAttribute(NOTE_ATTRIBUTE)) return this.note(element, context);
    switch (tag) {
      case "blockquote":
        return this.children(element, { ...context, type: "quote" });
      case "ul":
      case "ol":
        return this.children(element, { type: "list_item", ordered: tag === "ol" });
      case "li":
        return this.children(element, { ...context, type: "list_item" });
      case "figcaption":
        return this.inline(Array.from(element.childNodes), "caption", context);
      case "img":
        return this.image(element);
      case "picture":
      case "figure":
        return this.children(element, context);
      case "pre":
        return this.push({ type: context.type, text: (element.textContent ?? "").replace(/\s+/g, " ").trim() });
      case "table":
        return this.table(element, context);
      case "hr":
        return;
      case "p":
      case "dt":
      case "dd":
      case "address":
        if (!element.textContent?.trim()) return element.querySelectorAll("img").forEach((image) => this.image(image));
        return this.inline(Array.from(element.childNodes), context.type, context);
      default:
        return this.children(element, context);
    }
  }

  private table(table: Element, context: Context): void {
    for (const row of Array.from(table.querySelectorAll("tr"))) {
      const cells = Array.from(row.children)
        .map((cell) => (cell.textContent ?? "").replace(/\s+/g, " ").trim())
        .filter(Boolean);
      if (cells.length > 0) this.push({ type: context.type === "list_item" ? "list_item" : "paragraph", text: cells.join(" · ") });
    }
  }

  private image(element: Element): void {
    const src = element.getAttribute("src") ?? element.getAttribute("data-src") ?? "";
    const resolved = this.resolve(src);
    if (!resolved) return;
    this.drafts.push({ type: "image", text: "", image: { src: resolved, alt: cleanLine(element.getAttribute("alt") ?? "") }, ...(this.page !== undefined && { page: this.page }) });
  }

  private resolve(src: string): string | undefined {
    if (!src || src.length > 8_000_000) return undefined;
    if (src.startsWith("data:")) return /^data:image\/(?:png|jpeg|gif|webp|avif);base64,/i.test(src) ? src : undefined;
    try {
      const url = this.baseUrl ? new URL(src, this.baseUrl) : new URL(src);
      return url.protocol === "http:" || url.protocol === "https:" ? url.toString() : undefined;
    } catch {
      return undefined;
    }
  }

  private inline(nodes: Node[], type: BlockType, context: Context, level?: number): void {
    const builder = new InlineBuilder();
    const startPage = this.page;
    const breaks: PageBreak[] = [];
    let page = startPage;
    for (const node of nodes)
      this.appendInline(builder, node, (label) => {
        if (builder.length === 0) page = label;
        else breaks.push({ at: builder.length, page: label });
      });
    const { text, marks } = builder.finish();
    const draft: DraftBlock = { type, text };
    if (type === "heading") draft.level = level ?? 2;
    if (type === "list_item") draft.ordered = context.ordered;
    if (marks.length > 0) draft.marks = marks;
    Object.assign(draft, normaliseBreaks(page, breaks, text.length));
    this.push(draft);
  }

  private appendInline(builder: InlineBuilder, node: Node, onPage: (label: string) => void): void {
    const marker = this.pageMarker(node);
    if (marker !== undefined) {
      this.page = marker;
      return onPage(marker);
    }
    if (node.nodeType === TEXT_NODE) return builder.append(node.textContent ?? "");
    if (node.nodeType !== ELEMENT_NODE) return;
    const element = node as Element;
    const tag = element.localName;
    if (tag === "br") return builder.append(" ");
    if (tag === "img") return;
    const markType = inlineMarkType(tag);
    const href = tag === "a" ? safeHref(this.resolve(element.getAttribute("href") ?? "") ?? element.getAttribute("href")) : undefined;
    const block = BLOCK_ELEMENTS.has(tag);
    if (block) builder.append(" ");
    const start = builder.length;
    for (const child of Array.from(element.childNodes)) this.appendInline(builder, child, onPage);
    if (block) builder.append(" ");
    if (markType && (markType !== "link" || href)) builder.mark({ type: markType, start, end: builder.length, ...(href && { href }) });
  }

  private push(draft: DraftBlock): void {
    if (!draft.text) return;
    if (draft.page === undefined && this.page !== undefined) draft.page = this.page;
    this.drafts.push(draft);
  }
}

function inlineMarkType(tag: string): InlineMark["type"] | undefined {
  if (tag === "strong" || tag === "b") return "strong";
  if (tag === "em" || tag === "i" || tag === "cite") return "em";
  if (tag === "code" || tag === "kbd" || tag === "samp") return "code";
  if (tag === "a") return "link";
  return undefined;
}

function dropRepeatedTitle(blocks: DraftBlock[], title: string): DraftBlock[] {
  const first = blocks[0];
  if (first?.type === "heading" && title && first.text.toLowerCase() === title.toLowerCase()) return blocks.slice(1);
  return blocks;
}

function cleanLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function hostName(url: string | undefined): string {
  if (!url) return "";
  try {
    return new URL(url).hostname.replace(/^www\./, "");
  } catch {
    return "";
  }
}

function dateOnly(value: string): string | undefined {
  const iso = /^(\d{4}-\d{2}-\d{2})/.exec(value.trim());
  if (iso) return iso[1];
  return parseDateLine(value);
}
