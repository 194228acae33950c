/** Someone shown by their initials. */
export type Named = { id: string; name: string };

/** A person's initials from their name: the first letters of its first two words. */
export function initialsOf(name: string): string {
  const words = name.split(/\s+/).filter(Boolean);
  return words.slice(0, 2).map((word) => [...word][0]!.toUpperCase()).join("") || "?";
}

/**
 * Initials that tell people apart within one group: where two share them ("Ana Torres", "Alba
 * Tudela"), each takes the next letter of the last word ("ATo", "ATu"); if even that is shared,
 * a number in the order the people are listed.
 */
export function distinctInitials(people: readonly Named[]): Map<string, string> {
  const result = new Map<string, string>();
  const byInitials = groupBy(people, (person) => initialsOf(person.name));
  for (const [initials, group] of byInitials) {
    if (group.length === 1) {
      result.set(group[0]!.id, initials);
      continue;
    }
    const longer = groupBy(group, (person) => initials + secondLetter(person.name));
    for (const [extended, same] of longer) same.forEach((person, index) => result.set(person.id, same.length === 1 ? extended : `${initials}${index + 1}`));
  }
  return result;
}

function secondLetter(name: string): string {
  const words = name.split(/\s+/).filter(Boolean);
  const last = words.length > 1 ? words[Math.min(1, words.length - 1)]! : words[0] ?? "";
  return [...last][1]?.toLowerCase() ?? "";
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}
