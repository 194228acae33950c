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
