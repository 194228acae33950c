import type { z } from "zod";
import { importFailure } from "@/lib/article/import-failure";
import { AppError } from "@/lib/errors";

/** What a save says when its draft cannot be read, and which of the draft's fields a person typed. */
export type DraftReading = {
  unreadable: string;
  invalid: string;
  /** The typed field a problem at `path` is in, or null where the problem is in the generated blocks. */
  typedField: (path: readonly PropertyKey[]) => string | null;
};

/**
 * Reads the draft an editor sends to be saved (an article or an edition, as JSON). A problem in a
 * field the person typed is a BAD_REQUEST that names the field, so the form can point at it;
 * anything else means the draft itself is broken.
 */
export function readDraft<T extends z.ZodType>(payload: string, schema: T, reading: DraftReading): z.infer<T> {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    throw importFailure("invalidDraft", reading.unreadable);
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue ? reading.typedField(issue.path) : null;
  if (issue && field !== null) throw new AppError("BAD_REQUEST", issue.message, { field });
  throw importFailure("invalidDraft", reading.invalid);
}
