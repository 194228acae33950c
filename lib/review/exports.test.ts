import { describe, expect, it } from "vitest";
import { describeRange } from "../anchoring/selectors";
import { canonicalText } from "../article/blocks";
import { blocksFromMarkdown } from "../article/markdown-import";
import type { AnnotationView, ReplyView } from "../protocol";
import { minutesMarkdown, type MinutesLabels } from "./minutes";
import { inReadingOrder, type SessionRecord } from "./session-record";
import { ANNOTATION_CONTEXT, toWebAnnotations, type WebAnnotation } from "./web-annotation";

const blocks = blocksFromMarkdown("## Origins\n\nThe reading room opened in 1921.\n\nWorkers met there after the *evening* shift.\n\nLa organización creció.");
const text = canonicalText(blocks);

function annotationOn(id: string, exact: string, extra: Partial<AnnotationView> = {}): AnnotationView {
  const start = text.indexOf(exact);
  return {
    id,
    authorId: "u-ana",
    authorName: "Ana Torres",
    kind: "key_point",
    visibility: "shared",
    ...describeRange(text, start, start + exact.length),
    body: "",
    bodyHtml: "",
    createdAt: Date.UTC(2026, 0, 4, 19, 5),
    editedAt: null,
    hidden: false,
    deleted: false,
    beforeMeeting: false,
    seq: 1,
    ...extra,
  };
}

function reply(id: string, annotationId: string, authorName: string, body: string): ReplyView {
  return {
    id,
    annotationId,
    authorId: `u-${authorName}`,
    authorName,
    body,
    bodyHtml: "",
    createdAt: Date.UTC(2026, 0, 4, 19, 10),
    editedAt: null,
    hidden: false,
    deleted: false,
    seq: 2,
  };
}

const record: SessionRecord = {
  group: { id: "g1", name: "Sunday Readers" },
  session: { id: "s1", title: "Reading rooms", status: "ended", scheduledAt: Date.UTC(2026, 0, 4, 19), startedAt: Date.UTC(2026, 0, 4, 19), endedAt: Date.UTC(2026, 0, 4, 20, 15) },
  article: { id: "a1", title: "The Reading Room", author: "Study Circle", sourceName: "", sourceUrl: "https://example.org/reading", language: "en", versionId: "v1", version: 1 },
  blocks,
  editions: [],
  facilitator: { id: "u-ana", name: "Ana Torres" },
  participants: [
    { id: "u-ana", name: "Ana Torres" },
    { id: "u-ben", name: "Ben Okafor" },
  ],
  annotations: [
    annotationOn("a-1", "opened in 1921", { body: "Why **1921**?", kind: "question" }),
    annotationOn("a-2", "after the evening shift", { authorName: "Ben Okafor", authorId: "u-ben", editedAt: Date.UTC(2026, 0, 4, 19, 30) }),
    annotationOn("a-3", "organización", { kind: "definition", body: "Organising, here: the union." }),
  ],
  replies: [reply("r-1", "a-1", "Ben", "After the strike.\nAnd the lockout."), reply("r-2", "a-3", "Ana", "Yes.")],
  questions: [],
  messages: [],
};

const labels: MinutesLabels = {
  title: (session) => `Minutes: ${session}`,
  group: "Group",
  article: "Article",
  editions: "Editions",
  date: "Date",
  duration: (minutes) => `${minutes} min`,
  facilitator: "Facilitator",
  participants: (count) => `Who took part (${count})`,
  nobody: "nobody",
  questions: "Questions",
  questionStatus: { open: "open", answered: "answered", parked: "parked" },
  noAnswers: "No answers.",
  questionsRaised: "Questions raised in the margin",
  polls: "Polls",
  pollTally: ({ agree, disagree, unsure }) => `Agree ${agree}, disagree ${disagree}, unsure ${unsure}`,
  keyPassages: "Key passages",
  noPassages: "No passages were annotated.",
  paragraph: (n) => `¶ ${n}`,
  heading: "Heading",
  kinds: { key_point: "Key point", question: "Question", disagree: "Disagree", example: "Example", definition: "Definition" },
  discussion: "Discussion",
  summary: (annotations, replies) => `${annotations} annotations, ${replies} replies`,
  exported: "Exported from Study Circle",
};

const utc = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");

describe("minutesMarkdown", () => {
  const minutesRecord = { ...record, polls: [] };
  const markdown = minutesMarkdown(minutesRecord, labels, utc);

  it("has a header with the group, the article, the date, the facilitator and who took part", () => {
    expect(markdown).toMatch(/^# Minutes: Reading rooms\n/);
    expect(markdown).toContain("- **Article:** [The Reading Room](https://example.org/reading) — Study Circle");
    expect(markdown).toContain("- **Date:** 2026-01-04 19:00 (75 min)");
    expect(markdown).toContain("- **Facilitator:** Ana Torres");
    expect(markdown).toContain("- **Who took part (2):** Ana Torres, Ben Okafor");
  });

  it("lists key passages in reading order with paragraph numbers, quotes, comments and replies", () => {
    const order = ["### ¶ 2 · Key point · Ben Okafor", "### ¶ 3 · Definition · Ana Torres"].map((line) => markdown.indexOf(line));
    expect(order.every((position) => position > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(markdown).toContain("> organización\n\nOrganising, here: the union.\n\n- **Ana:** Yes.");
  });

  it("gathers the questions raised with their answers, and lists each only there", () => {
    expect(markdown).toContain("## Questions raised in the margin\n\n- ¶ 1 · **Ana Torres:** Why **1921**?\n  - **Ben:** After the strike. And the lockout.");
    expect(markdown.split("Why **1921**?")).toHaveLength(2);
    expect(markdown).not.toContain("· Question ·");
  });

  it("gives the polls with their results", () => {
    const polled = minutesMarkdown(
      { ...minutesRecord, polls: [{ id: "p1", passage: { start: 0, end: 7, exact: "Origins" }, tally: { agree: 3, disagree: 1, unsure: 0 } }] },
      labels,
      utc,
    );
    expect(polled).toContain("## Polls\n\n> Origins\n\n- Agree 3, disagree 1, unsure 0\n");
    expect(markdown).not.toContain("## Polls");
  });

  it("writes the prepared questions with their answer threads when the session has them", () => {
    const withQuestions = minutesMarkdown(
      {
        ...minutesRecord,
        questions: [
          {
            id: "q1",
            text: "Who paid for the room?",
            status: "parked",
            authorName: "Ana",
            passage: null,
            answers: [{ id: "x", authorName: "Ben", body: "The union.", createdAt: 0 }],
          },
        ],
      },
      labels,
      utc,
    );
    expect(withQuestions).toContain("## Questions\n\n### 1. Who paid for the room? (parked)\n\n- **Ben:** The union.");
    expect(markdown).not.toContain("## Questions\n");
  });

  it("escapes names so they cannot inject Markdown", () => {
    const tricky = minutesMarkdown({ ...minutesRecord, participants: [{ id: "x", name: "[click](javascript:alert(1))" }] }, labels, utc);
    expect(tricky).toContain("\\[click\\](javascript:alert(1))");
  });
});

const motivations = [
  "assessing",
  "bookmarking",
  "classifying",
  "commenting",
  "describing",
  "editing",
  "highlighting",
  "identifying",
  "linking",
  "moderating",
  "questioning",
  "replying",
  "tagging",
];

/** The requirements of the W3C Web Annotation Data Model that our export must meet. */
function modelProblems(item: WebAnnotation, ids: Set<string>): string[] {
  const problems: string[] = [];
  const isIri = (value: unknown) => typeof value === "string" && /^[a-z][a-z0-9+.-]*:/i.test(value);
  if (!isIri(item.id)) problems.push("id must be an IRI");
  if (item.type !== "Annotation") problems.push("type must be Annotation");
  if (!motivations.includes(item.motivation)) problems.push(`unknown motivation ${item.motivation}`);
  if (Number.isNaN(Date.parse(item.created))) problems.push("created must be a date-time");
  if (!isIri(item.creator.id) || item.creator.type !== "Person") problems.push("creator must be a Person with an IRI");
  for (const body of item.body === undefined ? [] : Array.isArray(item.body) ? item.body : [item.body]) {
    if (body.type !== "TextualBody" || typeof body.value !== "string" || !body.format) problems.push("body must be a TextualBody with a value and a format");
  }
  if (typeof item.target === "string") {
    if (!ids.has(item.target)) problems.push("a reply must target an annotation of the collection");
    if (item.motivation !== "replying") problems.push("an annotation targeting another annotation must be a reply");
  } else {
    if (!isIri(item.target.source)) problems.push("target source must be an IRI");
    const [quote, position] = item.target.selector;
    if (quote.type !== "TextQuoteSelector" || typeof quote.exact !== "string" || !quote.exact) problems.push("needs a TextQuoteSelector with exact");
    if (position.type !== "TextPositionSelector" || !Number.isInteger(position.start) || !Number.isInteger(position.end) || position.start < 0 || position.end < position.start) {
      problems.push("needs a TextPositionSelector with 0 ≤ start ≤ end");
    }
    if (text.slice(position.start, position.end) !== quote.exact) problems.push("the selectors disagree with the text");
    if (!text.slice(0, position.start).endsWith(quote.prefix) || !text.slice(position.end).startsWith(quote.suffix)) problems.push("prefix/suffix disagree with the text");
  }
  return problems;
}

describe("toWebAnnotations", () => {
  const collection = toWebAnnotations(record, "https://circle.example/", labels.kinds);
  const ids = new Set(collection.first.items.map((item) => item.id));

  it("is an AnnotationCollection in the W3C context with one page of every annotation and reply", () => {
    expect(collection["@context"]).toBe(ANNOTATION_CONTEXT);
    expect(collection.type).toBe("AnnotationCollection");
    expect(collection.first.type).toBe("AnnotationPage");
    expect(collection.total).toBe(5);
    expect(collection.first.items).toHaveLength(5);
    expect(ids.size).toBe(5);
  });

  it("meets the model's required fields for every item", () => {
    for (const item of collection.first.items) expect(modelProblems(item, ids), item.id).toEqual([]);
  });

  it("targets the article version with both selectors and links replies to their annotation", () => {
    const question = collection.first.items.find((item) => item.motivation === "questioning")!;
    expect(question.target).toEqual({
      source: "https://circle.example/groups/g1/articles/a1?version=1",
      selector: [
        { type: "TextQuoteSelector", exact: "opened in 1921", prefix: expect.any(String), suffix: expect.any(String) },
        { type: "TextPositionSelector", start: text.indexOf("opened in 1921"), end: text.indexOf("opened in 1921") + 14 },
      ],
    });
    const replies = collection.first.items.filter((item) => item.motivation === "replying");
    expect(replies.map((item) => item.target)).toEqual([question.id, "https://circle.example/groups/g1/sessions/s1/review#annotation-a-3"]);
    expect(collection.first.items.find((item) => item.id.endsWith("a-2"))?.modified).toBe("2026-01-04T19:30:00.000Z");
  });

  it("is caught by the model check when a selector is wrong", () => {
    const broken = structuredClone(collection.first.items[0]!);
    if (typeof broken.target !== "string") broken.target.selector[1].end += 3;
    expect(modelProblems(broken, ids)).toContain("the selectors disagree with the text");
  });
});

describe("a session that read the article in two languages", () => {
  const spanishBlocks = blocksFromMarkdown(
    "## Orígenes\n\nLa sala de lectura abrió en 1921.\n\nLos trabajadores se reunían allí después del turno de tarde. La organización creció.",
  );
  const spanishText = canonicalText(spanishBlocks);
  const [heading, opened, workers, grew] = blocks.map((block) => block.id);
  const [encabezado, abrio, trabajadores] = spanishBlocks.map((block) => block.id);
  const editions = [
    { id: null, language: "en", title: "The Reading Room", blocks, alignment: [] },
    {
      id: "ed-es",
      language: "es",
      title: "La sala de lectura",
      blocks: spanishBlocks,
      alignment: [
        { source: [heading!], target: [encabezado!] },
        { source: [opened!], target: [abrio!] },
        { source: [workers!, grew!], target: [trabajadores!] },
      ],
    },
  ];
  const onSpanish = (id: string, exact: string, extra: Partial<AnnotationView> = {}): AnnotationView => {
    const start = spanishText.indexOf(exact);
    return {
      ...annotationOn(id, "opened in 1921"),
      ...describeRange(spanishText, start, start + exact.length),
      edition: "ed-es",
      authorId: "u-ben",
      authorName: "Ben Okafor",
      ...extra,
    };
  };
  const bilingual: SessionRecord = {
    ...record,
    editions,
    annotations: [...record.annotations, onSpanish("a-es", "turno de tarde", { body: "¿Qué turno?", kind: "question" }), onSpanish("a-es2", "abrió en 1921")],
    replies: [...record.replies, reply("r-es", "a-es", "Ana", "El de las seis.")],
    questions: [
      {
        id: "q1",
        text: "¿Quién pagaba?",
        status: "open",
        authorName: "Ana",
        passage: { start: spanishText.indexOf("La sala"), end: spanishText.indexOf("La sala") + 7, exact: "La sala", edition: "ed-es" },
        answers: [],
      },
    ],
  };
  const markdown = minutesMarkdown({ ...bilingual, polls: [] }, labels, utc);

  it("lists the editions, and tags every item with the language it was made in, numbered by the original's paragraph it is aligned with", () => {
    expect(markdown).toContain("- **Editions:** EN — The Reading Room; ES — La sala de lectura");
    expect(markdown).toContain("### ¶ 1 · Key point · Ben Okafor · ES\n\n> abrió en 1921");
    expect(markdown).toContain("### ¶ 2 · Key point · Ben Okafor · EN\n\n> after the evening shift");
    // Made on the Spanish paragraph that joins the original's second and third: numbered by the first.
    expect(markdown).toContain("- ¶ 2 · ES · **Ben Okafor:** ¿Qué turno?\n  - **Ana:** El de las seis.");
    expect(markdown).toContain("### 1. ¿Quién pagaba? (open)\n\n> **ES** La sala");
  });

  it("says nothing of languages in a session with one", () => {
    expect(minutesMarkdown({ ...record, polls: [] }, labels, utc)).not.toMatch(/ · EN|\*\*EN\*\*|Editions/);
  });

  it("targets an edition's own text in the JSON-LD, with the language of its comment and replies", () => {
    const collection = toWebAnnotations(bilingual, "https://circle.example", labels.kinds);
    const spanish = collection.first.items.find((item) => item.id.endsWith("#annotation-a-es"))!;
    if (typeof spanish.target === "string") throw new Error("an annotation targets a text");
    expect(spanish.target.source).toBe("https://circle.example/groups/g1/articles/a1/editions/ed-es");
    expect(spanishText.slice(spanish.target.selector[1].start, spanish.target.selector[1].end)).toBe("turno de tarde");
    expect(spanish.body).toContainEqual({ type: "TextualBody", value: "¿Qué turno?", format: "text/markdown", purpose: "commenting", language: "es" });
    expect(collection.first.items.find((item) => item.id.endsWith("#reply-r-es"))!.body).toMatchObject({ language: "es" });
    const english = collection.first.items.find((item) => item.id.endsWith("#annotation-a-1"))!;
    expect(typeof english.target !== "string" && english.target.source).toBe("https://circle.example/groups/g1/articles/a1?version=1");
    expect(english.body).toContainEqual(expect.objectContaining({ purpose: "commenting", language: "en" }));
  });
});

describe("inReadingOrder", () => {
  it("orders items of every edition by the original's paragraphs they are aligned with", () => {
    const original = { id: null, language: "en", blocks: blocksFromMarkdown("One.\n\nTwo."), alignment: [] };
    const [one, two] = original.blocks.map((block) => block.id);
    const spanishBlocks = blocksFromMarkdown("Uno.\n\nDos.");
    const spanish = {
      id: "es",
      language: "es",
      blocks: spanishBlocks,
      alignment: [
        { source: [one!], target: [spanishBlocks[0]!.id] },
        { source: [two!], target: [spanishBlocks[1]!.id] },
      ],
    };
    const items = [
      { name: "en-two", start: 5, end: 8 },
      { name: "es-one", start: 0, end: 3, edition: "es" },
      { name: "gone", start: 0, end: 3, edition: "deleted" },
      { name: "en-one", start: 0, end: 3 },
    ];
    expect(inReadingOrder(items, [original, spanish]).map((item) => item.name)).toEqual(["en-one", "es-one", "en-two", "gone"]);
  });
});
