import { describe, expect, it } from "vitest";
import { fixture } from "./fixtures";
import { importPlainText } from "./plain-text-import";

const shape = (blocks: { type: string; flag?: string }[]) => blocks.map((block) => (block.flag ? `${block.type}!${block.flag}` : block.type));

describe("importPlainText on a messy copy of a web page", () => {
  const result = importPlainText(fixture("messy-web-copy.txt"));

  it("takes the title, byline and date from the top and guesses the language", () => {
    expect(result.details).toEqual({
      title: "The Night Shift at the Library Workers' Union",
      author: "Marta Ruiz",
      publishedOn: "2024-03-12",
      language: "en",
    });
  });

  it("finds headings, paragraphs, lists, quotes and captions, and flags leftovers", () => {
    expect(shape(result.blocks)).toEqual([
      "paragraph!leftover", // Skip to content
      "paragraph!leftover", // Menu
      "paragraph!leftover", // Header image
      "paragraph",
      "paragraph!leftover", // line decor
      "heading",
      "paragraph",
      "paragraph",
      "paragraph!leftover", // IMG_2041.jpg
      "caption",
      "paragraph",
      "paragraph!leftover", // Advertisement
      "heading",
      "paragraph",
      "list_item",
      "list_item",
      "list_item",
      "list_item",
      "quote",
      "paragraph",
      "caption", // Photo: … (Foto: … / EFE)
      "heading",
      "paragraph",
      "quote", // a paragraph that is one quotation
      "quote", // and its attribution
      "paragraph",
      "paragraph!leftover", // Share this article
      "heading",
      "paragraph", // hard-wrapped lines joined
      "heading", // a short question
      "paragraph",
      "paragraph",
      "paragraph!leftover", // Read more
      "paragraph!leftover", // Related articles
    ]);
  });

  it("keeps the words and drops only the markers", () => {
    const texts = result.blocks.map((block) => block.text);
    expect(texts).toContain("keep the reading rooms open until nine on weekdays");
    expect(texts).toContain("IMG_2041.jpg");
    expect(texts).toContain("Members of the staff meet in the reading room after closing time on a Thursday evening.");
    expect(texts.find((text) => text.startsWith("We were not asking"))).toMatch(/^We were not asking for anything new\..* what happens to it\.$/);
    expect(texts).toContain(
      "The branch manager, who was not allowed to join the union, wrote to the council in support of her staff. Her letter was short and it was read aloud at the next meeting of the finance committee, where one councillor asked whether the library had ever been consulted before.",
    );
    expect(result.blocks.filter((block) => block.type === "heading").map((block) => block.text)).toEqual([
      "How it started",
      "What the workers asked for",
      "Three weeks of open doors",
      "A letter from the branch manager",
      "What comes next?",
    ]);
    expect(result.blocks.every((block) => block.level === undefined || block.type === "heading")).toBe(true);
  });

  it("splits two long lines in one group into two paragraphs", () => {
    const index = result.blocks.findIndex((block) => block.text.startsWith("It began with a memo."));
    expect(result.blocks[index + 1]?.text).toMatch(/^Nobody at the central branch/);
  });
});

describe("importPlainText", () => {
  it("reads a Spanish byline and date and guesses Spanish", () => {
    const text = [
      "La huelga de las bibliotecarias",
      "",
      "Por María López · 7 de octubre de 2025",
      "",
      "Las trabajadoras de la biblioteca municipal decidieron que no cerrarían la sala de lectura por la tarde, aunque el ayuntamiento lo ordenara.",
      "",
      "¿Qué pasó después?",
      "",
      "La asamblea se reunió en la cocina del personal y votó por unanimidad seguir abriendo con turnos voluntarios.",
    ].join("\n");
    const result = importPlainText(text);
    expect(result.details).toEqual({ title: "La huelga de las bibliotecarias", author: "María López", publishedOn: "2025-10-07", language: "es" });
    expect(shape(result.blocks)).toEqual(["paragraph", "heading", "paragraph"]);
  });

  it("reads numbered lists and indented quotations", () => {
    const result = importPlainText("Steps\n\n1. Read\n2) Talk\n\n    An indented passage is a quotation\n    in plain text.\n\nThe end of it all is here.");
    expect(result.blocks.map((block) => [block.type, block.text, block.ordered])).toEqual([
      ["list_item", "Read", true],
      ["list_item", "Talk", true],
      ["quote", "An indented passage is a quotation in plain text.", undefined],
      ["paragraph", "The end of it all is here.", undefined],
    ]);
    expect(result.details.title).toBe("Steps");
  });

  it("removes invisible characters and folds spaces", () => {
    const result = importPlainText("First\u00a0line\u200b with  gaps\u0007 here.\r\n\r\nSecond.");
    expect(result.blocks.map((block) => block.text)).toEqual(["First line with gaps here.", "Second."]);
  });

  it("finds nothing in white space", () => {
    expect(importPlainText(" \n\n\t\u200b\n").blocks).toEqual([]);
  });
});

describe("importPlainText on what a copied pamphlet holds", () => {
  const types = (text: string) => importPlainText(text).blocks.map((block) => (block.flag ? `${block.type}!${block.flag}` : block.type));
  const body = "Members met every week in the café by the station, and the list of demands grew longer each time.";

  it("types a photo caption naming people, a place and a date as a caption, not a heading", () => {
    expect(types(`${body}\n\nDenise Walsh speaks at the branch's first open meeting, Salford, 14 February 2023\n\n${body}`)).toEqual(["paragraph", "caption", "paragraph"]);
    expect(types(`${body}\n\nphoto\nOrganiser Priya Nair (left) with new members in Wigan\n\n${body}`)).toEqual(["paragraph", "paragraph!leftover", "caption", "paragraph"]);
  });

  it("keeps a heading with two spaces after its colon, right above its paragraph, a heading", () => {
    expect(types(`${body}\n\nPart two:  Why we organised\n${body}`)).toEqual(["paragraph", "heading", "paragraph"]);
  });

  it("flags contact and footer lines", () => {
    const footer = ["Read our manifesto…", "Tel. 0161 496 0732", "Unit 4, 22 Chapel Street, Salford M3 5DW", "Home · Campaigns · Search page"];
    expect(types([body, "", ...footer].join("\n"))).toEqual(["paragraph", ...footer.map(() => "paragraph!leftover")]);
  });

  it("flags an image's alt text of two lowercase words, and takes the line under it as the caption", () => {
    expect(types(`${body}\n\ntwo carers\nNew members at a training evening\n\n${body}`)).toEqual(["paragraph", "paragraph!leftover", "caption", "paragraph"]);
  });

  it("does not take an interview's questions for headings", () => {
    const interview = ["Entrevista con Carmen Olmedo", "", "¿Cómo empezó?", body, "¿Y después?", body, "¿Qué falta?", body].join("\n");
    expect(types(interview)).toEqual(["paragraph", "paragraph", "paragraph", "paragraph", "paragraph", "paragraph"]);
  });
});
