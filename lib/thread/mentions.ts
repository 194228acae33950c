/** The usernames written as @mentions in a message (lower-cased, each once). */
export function mentionedUsernames(body: string): string[] {
  const names = new Set<string>();
  for (const match of body.matchAll(/(?:^|[^\w@.])@([a-zA-Z0-9_.-]{3,32})/g)) names.add(match[1]!.toLowerCase().replace(/[.-]+$/, ""));
  return [...names];
}
