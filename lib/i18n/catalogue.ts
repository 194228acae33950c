/** A message catalogue: nested namespaces of ICU message strings. */
export type Messages = { [key: string]: string | Messages };

/**
 * Merges the catalogue files of one language. Each feature keeps its strings in its own file
 * (`messages/<locale>/<feature>.json`) under its own top-level namespaces; two files
 * defining the same namespace is a mistake this reports.
 */
export function mergeCatalogues(files: Record<string, Messages>): Messages {
  const merged: Messages = {};
  for (const [file, messages] of Object.entries(files)) {
    for (const [namespace, value] of Object.entries(messages)) {
      if (namespace in merged) throw new Error(`Message namespace "${namespace}" is defined twice (again in ${file}).`);
      merged[namespace] = value;
    }
  }
  return merged;
}

/** Flattens a catalogue into dotted keys, to compare languages. */
export function messageKeys(messages: Messages, prefix = ""): string[] {
  return Object.entries(messages).flatMap(([key, value]) => (typeof value === "string" ? [`${prefix}${key}`] : messageKeys(value, `${prefix}${key}.`)));
}

/** The named top-level namespaces of a catalogue (a name missing from it is left out). */
export function pickNamespaces<T extends Record<string, unknown>>(messages: T, namespaces: readonly string[]): Partial<T> {
  return Object.fromEntries(namespaces.filter((namespace) => namespace in messages).map((namespace) => [namespace, messages[namespace]])) as Partial<T>;
}
