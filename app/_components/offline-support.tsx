"use client";

import { useEffect } from "react";
import { forgetOfflineSessions } from "@/app/_live/offline-store";

/**
 * Registers the offline service worker and hands it the page and assets already loaded, so
 * this page can be reopened without a network.
 */
export function OfflineSupport() {
  useEffect(() => {
    if (!("serviceWorker" in navigator)) return;
    void navigator.serviceWorker.register("/sw.js").then(async () => {
      const ready = await navigator.serviceWorker.ready;
      const loaded = performance.getEntriesByType("resource").map((entry) => entry.name);
      ready.active?.postMessage({ type: "remember", urls: [window.location.href, ...loaded] });
    });
  }, []);
  return null;
}

/** Forgets every cached page and queued change on this device (signing out). */
export async function forgetOfflineData(): Promise<void> {
  const registration = await navigator.serviceWorker?.getRegistration();
  registration?.active?.postMessage({ type: "forget" });
  if ("caches" in window) await Promise.all((await caches.keys()).map((key) => caches.delete(key)));
  await forgetOfflineSessions();
}
