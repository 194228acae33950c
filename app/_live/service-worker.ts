/// <reference lib="webworker" />
/**
 * The offline service worker (built into public/sw.js by scripts/build-service-worker.ts).
 * It keeps the pages and assets a member has opened, so a study session reloads without a
 * network; the live layer then queues changes until the connection returns. It never caches
 * the socket, the auth routes or anything from another origin.
 */
const worker = globalThis as unknown as ServiceWorkerGlobalScope;

const PAGES = "study-circle-pages-v1";
const ASSETS = "study-circle-assets-v1";

worker.addEventListener("install", () => void worker.skipWaiting());
worker.addEventListener("activate", (event) => event.waitUntil(worker.clients.claim()));

worker.addEventListener("message", (event: ExtendableMessageEvent) => {
  const data = event.data as { type?: string; urls?: string[] } | null;
  if (data?.type === "remember" && Array.isArray(data.urls)) event.waitUntil(remember(data.urls));
  if (data?.type === "forget") event.waitUntil(Promise.all([caches.delete(PAGES), caches.delete(ASSETS)]));
});

worker.addEventListener("fetch", (event: FetchEvent) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== worker.location.origin) return;
  if (url.pathname.startsWith("/socket.io") || url.pathname.startsWith("/api/")) return;
  if (isAsset(url)) {
    event.respondWith(cacheFirst(request));
    return;
  }
  if (request.mode === "navigate") event.respondWith(networkFirst(request));
});

function isAsset(url: URL): boolean {
  return url.pathname.startsWith("/_next/static/") || /\.(?:woff2?|svg|png|ico)$/.test(url.pathname);
}

async function cacheFirst(request: Request): Promise<Response> {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await (await caches.open(ASSETS)).put(request, response.clone());
  return response;
}

async function networkFirst(request: Request): Promise<Response> {
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) await (await caches.open(PAGES)).put(pageKey(request.url), response.clone());
    return response;
  } catch (error) {
    const cached = await caches.match(pageKey(request.url));
    if (cached) return cached;
    throw error;
  }
}

function pageKey(url: string): string {
  const parsed = new URL(url);
  parsed.hash = "";
  return parsed.toString();
}

/**
 * Caches what the page that is open already loaded (it was fetched before this worker took
 * control), and the scripts those scripts load on first use (a panel opened for the first time,
 * the checks a change goes through): the page fetches them only when needed, and offline they
 * must come from here. A script names the chunks it may load as "static/chunks/….js" (or ".css").
 */
async function remember(urls: string[]): Promise<void> {
  const sameOrigin = urls.map((url) => new URL(url, worker.location.origin)).filter((url) => url.origin === worker.location.origin);
  const assets = await caches.open(ASSETS);
  const pages = await caches.open(PAGES);
  const seen = new Set<string>();
  const keep = async (url: URL): Promise<void> => {
    const isPage = !isAsset(url);
    const key = isPage ? pageKey(url.toString()) : url.toString();
    if (seen.has(key)) return;
    seen.add(key);
    const cache = isPage ? pages : assets;
    let response = isPage ? undefined : await cache.match(key);
    if (!response) {
      try {
        const fetched = await fetch(url, { credentials: "same-origin" });
        if (!fetched.ok || fetched.redirected) return;
        await cache.put(key, fetched.clone());
        response = fetched;
      } catch {
        // Offline already: nothing to remember now.
        return;
      }
    }
    if (isPage || !url.pathname.endsWith(".js")) return;
    const named = (await response.text()).match(/static\/chunks\/[\w.-]+\.(?:js|css)/g) ?? [];
    await Promise.all(named.map((chunk) => keep(new URL(`/_next/${chunk}`, worker.location.origin))));
  };
  await Promise.all(sameOrigin.map(keep));
}
