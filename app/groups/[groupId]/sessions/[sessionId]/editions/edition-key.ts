/** The key of an edition in a session's maps of editions: its id, or "original" (a plain module: server and client pages both use it). */
export function editionKey(edition: string | null | undefined): string {
  return edition ?? "original";
}
