import { describe, expect, it } from "vitest";
import { bylineAuthor, guessLanguage, isLikelyLeftover, looksLikeCaption, looksLikeHeading, parseDateLine } from "./heuristics";

describe("isLikelyLeftover", () => {
  it.each(["Header image", "line decor", "IMG_2041.jpg", "photo-of-the-march (2).webp", "Advertisement", "Publicidad", "Share this article", "* * *", "———", "https://example.org/x", "Compartir", "Toggle caption", "Leer más"])(
    "flags %j",
    (line) => expect(isLikelyLeftover(line)).toBe(true),
  );
  it.each(["How it started", "The Logo Problem", "A meeting is a promise.", "Imagen y poder en la ciudad moderna", "Photo: Protesters outside the town hall."])(
    "keeps %j",
    (line) => expect(isLikelyLeftover(line)).toBe(false),
  );
});

describe("looksLikeCaption", () => {
  it.each(["Photo: Protesters outside the town hall.", "Foto: Ana Gil", "Figure 2: Opening hours by branch", "Workers at the gate. (Photo: J. Smith)", "La plaza, llena. / EFE", "Marchers in Leeds © Jane Doe"])(
    "sees a caption in %j",
    (line) => expect(looksLikeCaption(line)).toBe(true),
  );
  it.each(["The photograph on the wall had faded.", "How it started", "We took a photo together and went home."])("not in %j", (line) => expect(looksLikeCaption(line)).toBe(false));
});

describe("looksLikeHeading", () => {
  it.each([
    ["How it started", "Body."],
    ["¿Qué hacer?", "Body."],
    ["1984 and after", "Body."],
  ])("sees a heading in %j", (line, next) => expect(looksLikeHeading(line, next)).toBe(true));
  it.each([
    ["How it started", undefined],
    ["It ended there.", "Body."],
    ["and then they left", "Body."],
    ["Is this a very long question that goes on well past the length of a heading?", "Body."],
    ["The demands fitted on one page:", "Body."],
  ])("not in %j", (line, next) => expect(looksLikeHeading(line, next)).toBe(false));
});

describe("parseDateLine", () => {
  it.each([
    ["12 March 2024", "2024-03-12"],
    ["March 12, 2024", "2024-03-12"],
    ["Published 3rd Jan 2023", "2023-01-03"],
    ["Tue 5 Nov 2024 10.30 GMT", "2024-11-05"],
    ["7 de octubre de 2025", "2025-10-07"],
    ["Publicado el 1 de mayo de 2020", "2020-05-01"],
    ["2021-02-28", "2021-02-28"],
  ])("%j is %s", (line, date) => expect(parseDateLine(line)).toBe(date));
  it.each(["31 February 2024", "Some day in May", "12 Smarch 2024", "2024"])("%j is no date", (line) => expect(parseDateLine(line)).toBeUndefined());
});

describe("bylineAuthor", () => {
  it.each([
    ["By Marta Ruiz", "Marta Ruiz"],
    ["Por María López de la Fuente", "María López de la Fuente"],
    ["by Jane Doe and John Roe", "Jane Doe and John Roe"],
  ])("%j → %s", (line, author) => expect(bylineAuthor(line)).toBe(author));
  it("ignores sentences that start with by", () => expect(bylineAuthor("By the end of that week, thirty-one had signed.")).toBeUndefined());
});

describe("guessLanguage", () => {
  it("tells English from Spanish and admits doubt", () => {
    expect(guessLanguage("The workers of the library and the readers were there for the evening with their books.")).toBe("en");
    expect(guessLanguage("Las trabajadoras de la biblioteca y los lectores estaban allí por la tarde con sus libros.")).toBe("es");
    expect(guessLanguage("Ok")).toBe("");
  });
});
