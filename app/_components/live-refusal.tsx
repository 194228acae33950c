"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import type { ErrorBody } from "@/lib/errors";
import { ErrorMessage } from "./error-message";

/**
 * Why the live connection stopped, with the way on: a removed member goes back to their
 * groups, a page older (or newer) than the server reloads; anything else is shown as is.
 */
export function LiveRefusal({ error }: { error: ErrorBody }) {
  const t = useTranslations("liveRefusal");
  const tErrors = useTranslations("errors");
  if (error.code !== "REMOVED_FROM_GROUP" && error.code !== "CLIENT_OUTDATED") return <ErrorMessage error={error} />;
  return (
    <div className="alert alert-error" role="alert" data-testid="live-refusal" data-code={error.code}>
      <p>{tErrors(error.code)}</p>
      {error.code === "REMOVED_FROM_GROUP" ? (
        <Link href="/" className="button button-small">
          {t("backToGroups")}
        </Link>
      ) : (
        <button type="button" className="button button-small" onClick={() => window.location.reload()}>
          {t("reload")}
        </button>
      )}
    </div>
  );
}
