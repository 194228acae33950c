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
  const html = commentMarkup(source);
  return onlyBareTags(html) ? asSanitised(html) : sanitizeHtml(html, sanitizeOptions).trim();
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

/** The renderer's output for a comment, before any cleaning (what the sanitiser is given). */
export function commentMarkup(source: string): string {
  return markdown.render(textAfter(source, 0, MAX_COMMENT_LENGTH));
}

/** Bare-tag HTML as the sanitiser writes it out: void tags closed, quotes in text unescaped. */
function asSanitised(html: string): string {
  return html.replaceAll("<br>", "<br />").replaceAll("&quot;", '"').trim();
}

/** Cleans HTML that claims to be a rendered comment (from a backup, say) with the same sanitiser `renderComment` ends with. */
export function sanitizeCommentHtml(html: string): string {
  return sanitizeHtml(html, sanitizeOptions).trim();
}
