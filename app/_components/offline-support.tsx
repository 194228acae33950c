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
    const register = () =>
      void navigator.serviceWorker.register("/sw.js").then(async () => {
        const ready = await navigator.serviceWorker.ready;
        const loaded = performance.getEntriesByType("resource").map((entry) => entry.name);
        ready.active?.postMessage({ type: "remember", urls: [window.location.href, ...loaded] });
      });
    // Remembering the page fetches it again: that waits until the page has loaded and is idle,
    // so it never competes with the page's own loading.
    const whenIdle = () => ("requestIdleCallback" in window ? window.requestIdleCallback(register, { timeout: 5000 }) : setTimeout(register, 2000));
    if (document.readyState === "complete") whenIdle();
    else window.addEventListener("load", whenIdle, { once: true });
    return () => window.removeEventListener("load", whenIdle);
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
