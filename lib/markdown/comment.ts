import MarkdownIt from "markdown-it";
import sanitizeHtml from "sanitize-html";
import { textAfter } from "../text/characters";
import { MAX_COMMENT_LENGTH } from "./comment-limits";

const markdown = new MarkdownIt("zero", { html: false, linkify: true, breaks: true }).enable([
  "emphasis",
  "link",
  "linkify",
  "list",
  "blockquote",
  "backticks",
  "newline",
  "paragraph",
  "autolink",
]);

const allowedTags = ["p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code"];
const allowedAttributes = { a: ["href", "target", "rel"] };

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags,
  allowedAttributes,
  allowedSchemes: ["http", "https", "mailto"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { href: attribs.href ?? "", target: "_blank", rel: "noopener noreferrer nofollow ugc" } }),
  },
  exclusiveFilter: (frame) => frame.tag === "a" && !frame.attribs.href,
};

/**
 * Turns a member's short Markdown (bold, italics, links, lists, quotes, code) into safe HTML:
 * one renderer followed by one sanitiser, so no script, handler, style or unsafe URL survives.
 */
export function renderComment(source: string): string {
  const text = withinLimit(source);
  const simple = plainCommentHtml(text);
  if (simple !== undefined) return simple;
  const html = markdown.render(text);
  return onlyBareTags(html) ? asSanitised(html) : sanitizeHtml(html, sanitizeOptions).trim();
}

/** The part of a comment that is rendered: at most the longest comment, never cutting a character in two. */
function withinLimit(source: string): string {
  return textAfter(source, 0, MAX_COMMENT_LENGTH);
}

/**
 * Whether every tag in the renderer's output is an allowed one without attributes. The renderer
 * escapes every `<` of the member's text (it takes no raw HTML), so each `<` left opens a tag,
 * and this checks them all. Such output is safe as it stands: the sanitiser (tens of
 * microseconds per comment, on the path of every live write) would only write it out again,
 * which `asSanitised` does as it would. Links, numbered lists that start elsewhere and anything
 * else with an attribute go through the sanitiser.
 */
function onlyBareTags(html: string): boolean {
  return !anyOtherTag.test(html);
}

/** A `<` that does not open or close one of the allowed tags that take no attributes (derived from the sanitiser's lists, so the two never disagree). */
const anyOtherTag = new RegExp(`<(?!\\/?(?:${allowedTags.filter((tag) => !(tag in allowedAttributes)).join("|")})>)`);

/**
 * A comment without Markdown rendered without the renderer (which costs tens of microseconds
 * on the path of every live write), or undefined when the text may hold anything the renderer
 * reads. Only letters, digits, emoji, spaces, line breaks and punctuation that no enabled
 * rule reads are let through, and none of the things that could still be markup: a line that
 * starts with `-` or a number and a dot (a list), a dot or colon next to another character
 * and `//` (the makings of a link linkify would find). Its output is byte for byte the full path's
 * (a property test compares the two): paragraphs at blank lines, `<br />` at each line break
 * with the spaces around it dropped, `&` escaped.
 */
export function simpleComment(source: string): string | undefined {
  return plainCommentHtml(withinLimit(source));
}

/** `simpleComment` for text already within the length limit (the live path clips a comment once). */
function plainCommentHtml(text: string): string | undefined {
  if (!plainCharacters.test(text) || mayBeMarkup.test(text)) return undefined;
  return paragraphsOf(text)
    .map((lines) => `<p>${lines.replaceAll("&", "&amp;").replace(lineBreak, "<br />\n")}</p>`)
    .join("\n");
}

/** Letters, marks, digits, emoji (with their joiners, selectors, skin tones and flags), spaces, tabs, line breaks and inert punctuation. */
const plainCharacters = /^[\p{L}\p{M}\p{N}\p{Extended_Pictographic}\u{1F3FB}-\u{1F3FF}\u{1F1E6}-\u{1F1FF}\u200D\uFE0F \t\n.,;:?!¿¡'"&%$€£‘’“”«»…–—/-]*$/u;

/** List markers at a line's start; a dot, colon or `//` that linkify could read as part of a link (an address needs `@`, which is not let through at all). */
const mayBeMarkup = /^[ \t]*(?:-|\d+\.)|\.(?![\s.,;:!?"'’”»]|$)|:(?!\s|$)|\/\//mu;

/** A line break inside a paragraph with the spaces that end its line and start the next (what the renderer drops). */
const lineBreak = / *\n[ \t]*/g;

/** The text's paragraphs: runs of lines with something on them, each trimmed of spaces, tabs and line breaks at both ends. */
function paragraphsOf(text: string): string[] {
  const paragraphs: string[] = [];
  let lines: string[] = [];
  for (const line of [...text.split("\n"), ""]) {
    if (/[^ \t]/.test(line)) {
      lines.push(line);
      continue;
    }
    if (lines.length > 0) paragraphs.push(lines.join("\n").replace(/^[ \t\n]+|[ \t\n]+$/g, ""));
    lines = [];
  }
  return paragraphs;
}

/** The renderer's output for a comment, before any cleaning (what the sanitiser is given). */
export function commentMarkup(source: string): string {
  return markdown.render(withinLimit(source));
}

/** Bare-tag HTML as the sanitiser writes it out: void tags closed, quotes in text unescaped. */
function asSanitised(html: string): string {
  return html.replaceAll("<br>", "<br />").replaceAll("&quot;", '"').trim();
}

/** Cleans HTML that claims to be a rendered comment (from a backup, say) with the same sanitiser `renderComment` ends with. */
export function sanitizeCommentHtml(html: string): string {
  return sanitizeHtml(html, sanitizeOptions).trim();
}
