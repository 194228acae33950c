import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import format from "icu-minify/format";
import { createTranslator } from "use-intl/core";
import { describe, expect, it } from "vitest";
import { mergeCatalogues, messageKeys, type Messages } from "../lib/i18n/catalogue";
import { loadMessages, precompileMessages, type CompiledMessages } from "./message-catalogues";

const formatters = {
  getDateTimeFormat: (...args: ConstructorParameters<typeof Intl.DateTimeFormat>) => new Intl.DateTimeFormat(...args),
  getNumberFormat: (...args: ConstructorParameters<typeof Intl.NumberFormat>) => new Intl.NumberFormat(...args),
  getPluralRules: (...args: ConstructorParameters<typeof Intl.PluralRules>) => new Intl.PluralRules(...args),
};

function raw(locale: string): Messages {
  const folder = path.join(import.meta.dirname, "../lib/i18n/messages", locale);
  return mergeCatalogues(Object.fromEntries(readdirSync(folder).map((name) => [name, JSON.parse(readFileSync(path.join(folder, name), "utf8")) as Messages])));
}

/** The dotted keys of a compiled catalogue: a compiled message is a string or an array. */
function compiledKeys(messages: CompiledMessages, prefix = ""): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === "string" || Array.isArray(value) ? [`${prefix}${key}`] : compiledKeys(value as CompiledMessages, `${prefix}${key}.`),
  );
}

function at(messages: CompiledMessages, key: string) {
  return key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], messages) as Parameters<typeof format>[0];
}

describe("precompiled message catalogues", () => {
  it.each(["en", "es"] as const)("compiles every %s message, keeping every key", async (locale) => {
    const compiled = await loadMessages(locale);
    expect(compiledKeys(compiled)).toEqual(messageKeys(raw(locale)));
  });

  it.each([
    ["en", "annotations.paragraphCount", { count: 1, paragraph: "4" }],
    ["en", "annotations.paragraphCount", { count: 12, paragraph: "“A long”" }],
    ["es", "annotations.paragraphCount", { count: 2, paragraph: "4" }],
    ["es", "article.readingTime", { minutes: 1 }],
    ["en", "annotations.tabAnnotations", { count: 1000 }],
    ["es", "reader.sizeValue", { percent: 120 }],
  ] as const)("formats %s %s as the ICU formatter does", async (locale, key, values) => {
    const t = createTranslator({ locale, messages: raw(locale) });
    expect(format(at(await loadMessages(locale), key), locale, values, { formatters })).toBe(t(key as never, values as never));
  });

  it.each([
    ["review.viewDiscussion", { count: 12345 }, "Discussion (12,345)", "Discusión (12.345)"],
    ["archive.title", { count: 12345 }, "Archive (12,345)", "Archivo (12.345)"],
    [
      "review.showingUpTo",
      { shown: 12345, count: 23456, time: "1:02:03" },
      "Replaying: 12,345 of 23,456 events, as at 1:02:03.",
      "Repitiendo: 12.345 de 23.456 eventos, tal como estaba en 1:02:03.",
    ],
    [
      "importErrors.tooManyPages",
      { pages: 12345, limit: 1000 },
      "This PDF has 12,345 pages; the limit is 1,000. Upload the chapter you are reading.",
      "Este PDF tiene 12.345 páginas; el límite es 1000. Sube el capítulo que estáis leyendo.",
    ],
  ] as const)("groups the digits of a count in %s as each language does", async (key, values, en, es) => {
    expect(format(at(await loadMessages("en"), key), "en", values, { formatters })).toBe(en);
    expect(format(at(await loadMessages("es"), key), "es", values, { formatters })).toBe(es);
  });

  it.each(["en", "es"] as const)("gives %s as plain objects and arrays, which React passes to the browser", async (locale) => {
    const odd: string[] = [];
    const visit = (value: unknown, at: string) => {
      if (value === null || typeof value !== "object") return;
      if (!Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype) odd.push(at);
      for (const [key, inner] of Object.entries(value)) visit(inner, `${at}.${key}`);
    };
    visit(await loadMessages(locale), locale);
    expect(odd).toEqual([]);
  });

  it("keeps a placeholder the browser fills in itself", () => {
    const compiled = precompileMessages({ reader: { sizeValue: "{percent} %" } });
    expect(format(at(compiled, "reader.sizeValue"), "es", { percent: "{percent}" }, { formatters })).toBe("{percent} %");
  });
});
