"use client";

import { useTranslations } from "next-intl";
import { useCallback, useEffect, useState, type ComponentType } from "react";

/**
 * Loads a part of the session page whose script comes on first use (a panel, the selection
 * toolbar, the move form). When the script cannot be fetched — offline, and the service worker
 * never kept it — the part says so in its place instead of the page failing, and appears as
 * soon as its script loads: when the connection is back, or when the member tries again. A
 * part that wraps content (the editions' columns around the text) keeps showing that content.
 */
export function loadOrWait<Props extends object>(load: () => Promise<ComponentType<Props>>): Promise<ComponentType<Props>> {
  return load().catch(() => waitingFor(load));
}

function waitingFor<Props extends object>(load: () => Promise<ComponentType<Props>>): ComponentType<Props> {
  return function WaitingPart(props: Props) {
    const t = useTranslations("session");
    const [Part, setPart] = useState<ComponentType<Props> | null>(null);
    const retry = useCallback(() => {
      load().then(
        (loaded) => setPart(() => loaded),
        () => undefined,
      );
    }, []);
    useEffect(() => {
      window.addEventListener("online", retry);
      return () => window.removeEventListener("online", retry);
    }, [retry]);
    if (Part) return <Part {...props} />;
    return (
      <>
        <p className="part-unavailable small muted" role="status" data-testid="part-unavailable">
          {t("partUnavailable")}{" "}
          <button type="button" className="link-button" onClick={retry}>
            {t("tryAgain")}
          </button>
        </p>
        {(props as { children?: React.ReactNode }).children}
      </>
    );
  };
}
