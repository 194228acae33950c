import { z } from "zod";
import { AppError, toErrorBody, type ErrorBody } from "../lib/errors";
import { log } from "./log";

/** What a form's server action answers: done (maybe with a message), or an error with a code. */
export type ActionResult = { ok: true; message?: string; value?: string } | { ok: false; error: ErrorBody } | null;

/** Runs a server action's work, turning expected failures into an ActionResult and logging the rest. */
export async function runAction(work: () => Promise<ActionResult> | ActionResult): Promise<ActionResult> {
  try {
    return await work();
  } catch (error) {
    if (isNextControlFlow(error)) throw error;
    if (!(error instanceof AppError)) log.error({ event: "action.failed", err: error }, "server action failed");
    return { ok: false, error: toErrorBody(error) };
  }
}

/**
 * Validates form fields with a zod schema, throwing a BAD_REQUEST that names the first problem:
 * in English in its message, and as `field`, `reason` and `limit` details that the page turns
 * into the reader's language.
 */
export function parseForm<T extends z.ZodType>(schema: T, formData: FormData): z.infer<T> {
  const parsed = schema.safeParse(Object.fromEntries(formData));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (!issue) throw new AppError("BAD_REQUEST", "Check the form.");
  throw new AppError("BAD_REQUEST", issue.message, { field: String(issue.path[0] ?? ""), ...formProblem(issue) });
}

/** What kind of problem a form field has, independent of language. */
export type FormProblem = { reason: "required" | "tooShort" | "tooLong" | "tooSmall" | "tooBig" | "invalid"; limit?: number };

/** Classifies a zod issue as a FormProblem. */
export function formProblem(issue: z.core.$ZodIssue): FormProblem {
  if (issue.code === "invalid_type") return { reason: "required" };
  if (issue.code === "too_small") {
    const limit = Number(issue.minimum);
    if (issue.origin === "string") return limit <= 1 ? { reason: "required" } : { reason: "tooShort", limit };
    return { reason: "tooSmall", limit };
  }
  if (issue.code === "too_big") {
    const limit = Number(issue.maximum);
    return issue.origin === "string" ? { reason: "tooLong", limit } : { reason: "tooBig", limit };
  }
  return { reason: "invalid" };
}

// redirect() and notFound() work by throwing; they must pass through untouched.
function isNextControlFlow(error: unknown): boolean {
  const digest = (error as { digest?: unknown } | null)?.digest;
  return typeof digest === "string" && (digest.startsWith("NEXT_REDIRECT") || digest.startsWith("NEXT_HTTP_ERROR_FALLBACK") || digest === "NEXT_NOT_FOUND");
}
