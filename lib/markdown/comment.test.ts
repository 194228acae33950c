import { describe, expect, it } from "vitest";
import { commentMarkup, renderComment, sanitizeCommentHtml, simpleComment } from "./comment";

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

describe("simpleComment, the renderer skipped for comments without Markdown", () => {
  // What the full path makes of a comment: the renderer, then the sanitiser.
  const full = (source: string) => sanitizeCommentHtml(commentMarkup(source));

  it.each([
    ["a word", "<p>a word</p>"],
    ["", ""],
    [" \n\t\n ", ""],
    ["  leading and trailing \t ", "<p>leading and trailing</p>"],
    ["one\ntwo", "<p>one<br />\ntwo</p>"],
    ["spaces  \n   around a break", "<p>spaces<br />\naround a break</p>"],
    ["a tab\t\nstays before a break", "<p>a tab\t<br />\nstays before a break</p>"],
    ["one\n\n\ntwo", "<p>one</p>\n<p>two</p>"],
    ["one\n \t \ntwo", "<p>one</p>\n<p>two</p>"],
    ['AT&T said "no" & left', '<p>AT&amp;T said "no" &amp; left</p>'],
    ["&amp; stays as typed", "<p>&amp;amp; stays as typed</p>"],
    ["¿Qué tal, señora Muñoz? ¡Bien! Añadí un párrafo…", "<p>¿Qué tal, señora Muñoz? ¡Bien! Añadí un párrafo…</p>"],
    ["👩‍👩‍👧 👍🏽 🇪🇸 ❤️", "<p>👩‍👩‍👧 👍🏽 🇪🇸 ❤️</p>"],
    ["Note: it ends. Really... yes!", "<p>Note: it ends. Really... yes!</p>"],
    ["a well-known and/or – obvious — point, 42% of $3", "<p>a well-known and/or – obvious — point, 42% of $3</p>"],
  ])("renders %j as the full path does", (source, html) => {
    expect(simpleComment(source)).toBe(html);
    expect(full(source)).toBe(html);
  });

  it.each([
    "**bold**",
    "_em_",
    "`code`",
    "[x](https://example.org)",
    "- item",
    "  - item",
    "text\n- item",
    "1. item",
    "text\n2. item",
    "> quote",
    "a <b>tag</b>",
    "see example.org",
    "see www.example.org",
    "10.5 pages",
    "write to a@b.co",
    "at 10:30",
    "https://example.org",
    "//example.org",
    "see //localhost",
    "# heading",
    "a\\b",
    "a\r\nb",
    "a\u00a0b",
    "a\u2028b",
    "a\u0000b",
    "~~struck~~",
    "| table |",
  ])("leaves %j to the full path", (source) => {
    expect(simpleComment(source)).toBeUndefined();
  });

  it("writes out exactly what the full path does, for 40,000 generated comments", () => {
    const plain = [
      ..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
      ...["word", "Reading", "the author", "it's", "señor", "niño", "¿Por qué?", "¡Ojalá!", "café", "über", "naïve", "Ελληνικά", "日本語", "e\u0301"],
      ...["😀", "👍🏽", "👩‍👩‍👧", "🇪🇸", "❤️", "1️⃣", "©"],
      ...[" ", " ", " ", "  ", "   ", "    ", "\t", "\n", "\n", "\n\n", "\n \n", " \n", "  \n", "\n  ", "\t\n", "\n\t", "\n    "],
      ...[".", ".", ",", ";", ":", "?", "!", "'", '"', "&", "%", "$", "€", "/", "-", "–", "—", "…", "’", "“", "”", "«", "»", "¿", "¡", "...", ". ", ": ", "1.", "2. ", "10. "],
    ];
    const markup = [
      ...["*", "**", "_", "`", "[", "]", "(", ")", "<", ">", "> ", "- ", "+ ", "#", "|", "~", "\\", "=", "^", "{", "}", "@", "&amp;", "&quot;", "\r", "\u00a0"],
      ...["example.org", "www.x", "a@b.co", "http://x.org", "mailto:a@b.co", "//x", "a.co", "1.2.3.4", "end.", "e.g.", "10:30", "x.y", "localhost:3000", "//localhost"],
    ];
    const every = [...plain, ...markup];
    let seed = 23;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let simple = 0;
    for (let round = 0; round < 40_000; round++) {
      // Half the comments of plain pieces only (most take the fast path), half with markup pieces among them.
      const pieces = round % 2 === 0 ? plain : every;
      const length = 1 + Math.floor(random() * 24);
      const source = Array.from({ length }, () => pieces[Math.floor(random() * pieces.length)]).join("");
      const html = simpleComment(source);
      if (html === undefined) continue;
      simple++;
      expect(html, JSON.stringify(source)).toBe(full(source));
    }
    expect(simple).toBeGreaterThan(10_000);
  });
});
