import { describe, expect, it } from "vitest";
import { commentMarkup, renderComment, sanitizeCommentHtml } from "./comment";

describe("renderComment", () => {
  it("renders the small Markdown set", () => {
    expect(renderComment("**bold** and *italic*")).toBe("<p><strong>bold</strong> and <em>italic</em></p>");
    expect(renderComment("- one\n- two")).toBe("<ul>\n<li>one</li>\n<li>two</li>\n</ul>");
    expect(renderComment("> quoted")).toBe("<blockquote>\n<p>quoted</p>\n</blockquote>");
    expect(renderComment("use `code`")).toBe("<p>use <code>code</code></p>");
  });

  it("opens links safely in a new tab", () => {
    expect(renderComment("[site](https://example.org)")).toBe('<p><a href="https://example.org" target="_blank" rel="noopener noreferrer nofollow ugc">site</a></p>');
    expect(renderComment("see https://example.org/x")).toContain('href="https://example.org/x"');
  });

  it.each([
    "<script>alert(1)</script>hello",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<p style="color:red" onclick="x()">styled</p>',
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
  ])("removes everything dangerous from %s", (source) => {
    const html = renderComment(source);
    const tags = html.match(/<[^>]+>/g) ?? [];
    for (const tag of tags) {
      expect(tag).toMatch(/^<\/?(p|br|strong|em|a|ul|ol|li|blockquote|code)(\s|>|\/)/);
      expect(tag).not.toMatch(/\son\w+=|style=/i);
      if (tag.startsWith("<a ")) expect(tag).toMatch(/href="(https?:|mailto:)/);
    }
  });

  it("shows raw HTML as text rather than markup", () => {
    expect(renderComment("<b>not bold</b>")).toBe("<p>&lt;b&gt;not bold&lt;/b&gt;</p>");
  });

  it("drops headings, images and tables (comments stay small)", () => {
    expect(renderComment("# Big")).not.toContain("<h1");
    expect(renderComment("![alt](https://example.org/a.png)")).not.toContain("<img");
  });
});

describe("renderComment without the sanitiser, for output with bare tags only", () => {
  // The result must be what the sanitiser makes of the renderer's output, for every kind of input.
  const pieces = [
    "word",
    " ",
    "\n",
    "\n\n",
    "**",
    "*",
    "_",
    "`",
    "> ",
    "- ",
    "1. ",
    "3. ",
    '"',
    "'",
    "&",
    "&amp;",
    "&quot;",
    "<",
    ">",
    "<b>",
    "</p>",
    "<br>",
    "[x](https://example.org)",
    "example.org",
    "a@b.co",
    "ñ",
    "😀",
    "\t",
    "    ",
    "\\",
    "#",
    "+ ",
  ];
  const slow = (source: string) => sanitizeCommentHtml(commentMarkup(source));

  it("writes out exactly what the sanitiser would", () => {
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 2000; round++) {
      const source = Array.from({ length: 1 + Math.floor(random() * 14) }, () => pieces[Math.floor(random() * pieces.length)]).join("");
      expect(renderComment(source), JSON.stringify(source)).toBe(slow(source));
    }
  });

  it("renders a common comment (emphasis, quotes, line breaks) as the sanitiser writes it", () => {
    expect(renderComment('He said "no" & left,\nthen **came back**.')).toBe('<p>He said "no" &amp; left,<br />\nthen <strong>came back</strong>.</p>');
  });
});
