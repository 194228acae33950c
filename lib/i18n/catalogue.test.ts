import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { mergeCatalogues, messageKeys, pickNamespaces, type Messages } from "./catalogue";
import { localeFromAcceptLanguage } from "./locales";

function catalogue(locale: string): Messages {
  const folder = path.join(import.meta.dirname, "messages", locale);
  const files = Object.fromEntries(readdirSync(folder).map((name) => [name, JSON.parse(readFileSync(path.join(folder, name), "utf8")) as Messages]));
  return mergeCatalogues(files);
}

function messageAt(messages: Messages, key: string): string {
  return key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], messages) as string;
}

describe("message catalogues", () => {
  it("Spanish has exactly the English keys", () => {
    expect(messageKeys(catalogue("es")).sort()).toEqual(messageKeys(catalogue("en")).sort());
  });

  it.each(["en", "es"])("%s counts things through ICU plurals, never “1 annotations”", (locale) => {
    const messages = catalogue(locale);
    const counted = /\{(?:count|annotations|replies|messages|questions|answers|events|votes|people|words|blocks|members|sessions)\}\s+(\p{L}{3,})/u;
    // Inside a plural's own branches "{count} annotations" is right (some say {count} rather than
    // #, which would make the browser load its number formatting on the page's first render).
    const plurals = /\{\w+, plural,(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}/g;
    const wrong = messageKeys(messages).filter((key) => {
      const match = counted.exec(messageAt(messages, key).replace(plurals, ""));
      return match && !["min", "more", "más"].includes(match[1]!);
    });
    expect(wrong).toEqual([]);
  });

  it.each(["en", "es"])("%s formats counts with the language's digit grouping, never a bare {count}", (locale) => {
    const messages = catalogue(locale);
    const bare = /\{(?:count|shown|uses|maxUses|limit|megabytes|documentMegabytes|seconds|agree|disagree|unsure|min|from|to)\}/;
    // What the live session page shows keeps {count}: formatting a number there would load the
    // browser's number formatting as the page loads or its layer arrives (one task of 115–370 ms
    // on a slow phone). These counts stay below 1,000 in practice, where the text is the same.
    const sessionPage = [
      "annotations.paragraphCount",
      "annotations.replies",
      "annotations.tabAnnotations",
      "annotations.showMore",
      "inbox.navLinkUnread",
      "inbox.liveNews",
      "session.present",
      "session.presentShowAll",
      "thread.reaction.thumbs_up",
      "thread.reaction.heart",
      "thread.reaction.laugh",
      "thread.reaction.thinking",
      "thread.reaction.clap",
      "agenda.agenda",
      "agenda.revealed",
      "agenda.parking",
      "agenda.minutes",
      "prepare.agenda",
      "prepare.minutes",
    ];
    const wrong = messageKeys(messages).filter((key) => !sessionPage.includes(key) && bare.test(messageAt(messages, key)));
    expect(wrong).toEqual([]);
  });

  it("refuses a namespace defined in two files", () => {
    expect(() => mergeCatalogues({ "a.json": { nav: { x: "1" } }, "b.json": { nav: { y: "2" } } })).toThrow(/nav/);
  });

  it("picks the named namespaces whole, and only those", () => {
    const messages = { nav: { x: "1" }, session: { y: "2", z: { w: "3" } }, review: { v: "4" } };
    expect(pickNamespaces(messages, ["session", "nav", "missing"])).toEqual({ session: { y: "2", z: { w: "3" } }, nav: { x: "1" } });
    expect(pickNamespaces(messages, [])).toEqual({});
  });
});

describe("localeFromAcceptLanguage", () => {
  it.each([
    ["es-ES,es;q=0.9,en;q=0.8", "es"],
    ["en-GB,en;q=0.9", "en"],
    ["fr-FR,fr;q=0.9,es;q=0.5", "es"],
    ["de-DE", "en"],
    ["es;q=0, en;q=0.1", "en"],
    ["", "en"],
    [undefined, "en"],
  ])("%s → %s", (header, expected) => {
    expect(localeFromAcceptLanguage(header)).toBe(expected);
  });
});
