"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** How often a waiting guest's page asks again whether they were let in. */
const WAIT_POLL_MS = 3_000;

/** Renders the page again every few seconds, so it opens the session as soon as a facilitator lets the guest in. */
export function WaitingRoom() {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), WAIT_POLL_MS);
    return () => clearInterval(timer);
  }, [router]);
  return (
    <p className="waiting-dots" aria-hidden="true">
      <span />
    </p>
  );
}
