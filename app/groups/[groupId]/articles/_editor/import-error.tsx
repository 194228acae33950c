"use client";

import { useTranslations } from "next-intl";
import { ErrorMessage } from "@/app/_components/error-message";
import type { ErrorBody } from "@/lib/errors";

/** Shows why an import or a save failed, with the import's own explanation when there is one. */
export function ImportError({ error }: { error: ErrorBody }) {
  const t = useTranslations("importErrors");
  const reason = error.code === "IMPORT_FAILED" ? String(error.details?.reason ?? "") : "";
  if (!reason || !t.has(reason)) return <ErrorMessage error={error} />;
  return (
    <p className="alert alert-error" role="alert">
      {t(reason, { host: "", seconds: "", status: "", megabytes: "", pages: "", limit: "", ...error.details })}
    </p>
  );
}
