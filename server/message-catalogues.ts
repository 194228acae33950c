import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import compile from "icu-minify/compile";
import { mergeCatalogues, type Messages } from "../lib/i18n/catalogue";
import type { Locale } from "../lib/i18n/locales";

/** A catalogue as the pages format it: every ICU message compiled ahead of time (see `precompileMessages`). */
export type CompiledMessages = { [key: string]: ReturnType<typeof compile> | CompiledMessages };

const cache = new Map<Locale, Promise<CompiledMessages>>();

/** Reads every catalogue file of a language from lib/i18n/messages/<locale>/, merged, compiled and cached. */
export function loadMessages(locale: Locale): Promise<CompiledMessages> {
  let messages = cache.get(locale);
  if (!messages) {
    messages = readCatalogues(locale).then(precompileMessages);
    cache.set(locale, messages);
  }
  return messages;
}

/**
 * Compiles every ICU message of a catalogue once, on the server. next.config.ts turns on
 * next-intl's `precompile`, which formats with a sub-kilobyte runtime instead of the ICU
 * parser and intl-messageformat (about 9 KB gzip on every page); that runtime takes only
 * compiled messages.
 */
export function precompileMessages(messages: Messages): CompiledMessages {
  return Object.fromEntries(Object.entries(messages).map(([key, value]) => [key, typeof value === "string" ? plain(compile(value)) : precompileMessages(value)]));
}

/**
 * The compiler gives a plural's or a select's options as an object without a prototype, which
 * React refuses to pass from the server to the browser: the same data, as plain JSON objects.
 */
function plain<T>(compiled: T): T {
  return JSON.parse(JSON.stringify(compiled)) as T;
}

async function readCatalogues(locale: Locale): Promise<Messages> {
  const folder = path.join(/*turbopackIgnore: true*/ process.cwd(), "lib/i18n/messages", locale);
  const names = (await readdir(folder)).filter((name) => name.endsWith(".json")).sort();
  const files: Record<string, Messages> = {};
  for (const name of names) files[name] = JSON.parse(await readFile(path.join(folder, name), "utf8")) as Messages;
  return mergeCatalogues(files);
}
