/**
 * How a row of people folds when a room is large: the first `limit` are shown and the rest are
 * counted ("+N", "and N others"). One left over is shown rather than counted, since "+1" would
 * take the place of the face it stands for.
 */
export function foldCrowd<T>(people: readonly T[], limit: number): { shown: readonly T[]; more: number } {
  if (people.length <= limit + 1) return { shown: people, more: 0 };
  return { shown: people.slice(0, limit), more: people.length - limit };
}
