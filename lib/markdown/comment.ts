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

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code"],
  allowedAttributes: { a: ["href", "target", "rel"] },
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
  const html = markdown.render(textAfter(source, 0, MAX_COMMENT_LENGTH));
  return sanitizeHtml(html, sanitizeOptions).trim();
}

/** Cleans HTML that claims to be a rendered comment (from a backup, say) with the same sanitiser `renderComment` ends with. */
export function sanitizeCommentHtml(html: string): string {
  return sanitizeHtml(html, sanitizeOptions).trim();
}
