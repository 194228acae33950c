"use client";

import { useTranslations } from "next-intl";
import type { ErrorBody } from "@/lib/errors";

/** Shows an error in the reader's language, chosen by its code; falls back to the server's message. */
export function ErrorMessage({ error }: { error: ErrorBody }) {
  const t = useTranslations("errors");
  const formText = useFormProblemText(error);
  const text = formText ?? (t.has(error.code) ? t(error.code, { ...error.details, message: error.message }) : error.message);
  return (
    <p className="alert alert-error" role="alert">
      {text}
    </p>
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
