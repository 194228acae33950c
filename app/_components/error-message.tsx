"use client";

import { useTranslations } from "next-intl";
import type { ErrorBody } from "@/lib/errors";

/**
 * Shows an error in the reader's language, chosen by its code; falls back to the server's message.
 * A dismiss button, when given, sits inside the box it closes.
 */
export function ErrorMessage({ error, dismiss }: { error: ErrorBody; dismiss?: { label: string; onDismiss: () => void } }) {
  const t = useTranslations("errors");
  const formText = useFormProblemText(error);
  const text = formText ?? (t.has(error.code) ? t(error.code, { ...error.details, message: error.message }) : error.message);
  if (!dismiss) {
    return (
      <p className="alert alert-error" role="alert">
        {text}
      </p>
    );
  }
  return (
    <div className="alert alert-error alert-dismissible" role="alert">
      <p>{text}</p>
      <button type="button" className="link-button small" onClick={dismiss.onDismiss}>
        {dismiss.label}
      </button>
    </div>
  );
}

/** A form problem (BAD_REQUEST with field and reason, see parseForm) in the reader's language, or null. */
function useFormProblemText(error: ErrorBody): string | null {
  const tProblem = useTranslations("formErrors");
  const tField = useTranslations("formFields");
  const { field, reason, limit } = error.details ?? {};
  if (error.code !== "BAD_REQUEST" || typeof field !== "string" || typeof reason !== "string") return null;
  if (!tField.has(field) || !tProblem.has(reason)) return null;
  return tProblem(reason, { field: tField(field), limit: Number(limit ?? 0) });
}
