"use client";

import { useTranslations } from "next-intl";
import type { ErrorBody } from "@/lib/errors";

/** Shows an error in the reader's language, chosen by its code; falls back to the server's message. */
export function ErrorMessage({ error }: { error: ErrorBody }) {
  const t = useTranslations("errors");
  const text = t.has(error.code) ? t(error.code, { ...error.details, message: error.message }) : error.message;
  return (
    <p className="alert alert-error" role="alert">
      {text}
    </p>
  );
}
