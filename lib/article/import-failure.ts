import { AppError } from "../errors";

/** Every reason an import can fail for; the interface has a message for each. */
export const importFailureReasons = [
  "empty",
  "tooLarge",
  "notText",
  "unsupportedFile",
  "noSource",
  "urlInvalid",
  "urlScheme",
  "privateAddress",
  "dnsFailed",
  "timeout",
  "tooManyRedirects",
  "httpStatus",
  "notAPage",
  "connection",
  "invalidDraft",
  "scannedPdf",
  "encrypted",
  "malformed",
  "tooManyPages",
  "tooLargeUnpacked",
  "documentTimeout",
  "documentTooComplex",
] as const;

/** One reason an import failed. */
export type ImportFailureReason = (typeof importFailureReasons)[number];

/** An import failure with its reason in the details, so the interface can explain it in the reader's language. */
export function importFailure(reason: ImportFailureReason, message: string, details: Record<string, string | number> = {}): AppError {
  return new AppError("IMPORT_FAILED", message, { reason, ...details });
}
