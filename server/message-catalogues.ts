import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { mergeCatalogues, type Messages } from "../lib/i18n/catalogue";
import type { Locale } from "../lib/i18n/locales";

const cache = new Map<Locale, Promise<Messages>>();

/** Reads every catalogue file of a language from lib/i18n/messages/<locale>/, merged and cached. */
export function loadMessages(locale: Locale): Promise<Messages> {
  let messages = cache.get(locale);
  if (!messages) {
    messages = readCatalogues(locale);
    cache.set(locale, messages);
  }
  return messages;
}

async function readCatalogues(locale: Locale): Promise<Messages> {
  const folder = path.join(/*turbopackIgnore: true*/ process.cwd(), "lib/i18n/messages", locale);
  const names = (await readdir(folder)).filter((name) => name.endsWith(".json")).sort();
  const files: Record<string, Messages> = {};
  for (const name of names) files[name] = JSON.parse(await readFile(path.join(folder, name), "utf8")) as Messages;
  return mergeCatalogues(files);
}
