"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { INBOX_NEWS_EVENT } from "@/lib/inbox/kinds";
import { PROTOCOL_VERSION, SOCKET_PATH } from "@/lib/protocol-constants";

/** A session page has a live socket already; it passes inbox news on as a window event. */
const LIVE_SESSION_PAGE = /^\/groups\/[^/]+\/sessions\/[^/]+(\/prepare)?$/;

/** Beyond this the badge reads "99+". */
const MOST_SHOWN = 99;

/**
 * The top bar's link to the inbox with its unread count, which grows live while the member is
 * online: through the session page's socket there, through a socket of its own (loaded when
 * the browser is idle) everywhere else.
 */
export function InboxLink({ initialUnread }: { initialUnread: number }) {
  const t = useTranslations("inbox");
  const pathname = usePathname();
  const router = useRouter();
  const onSessionPage = LIVE_SESSION_PAGE.test(pathname);
  // News counts on top of the count the server rendered last; a new server count starts it again.
  const [arrived, setArrived] = useState({ base: initialUnread, count: 0 });
  const news = arrived.base === initialUnread ? arrived.count : 0;
  const unread = initialUnread + news;
  // Read by the listener, so that navigating or a new count does not reconnect the socket.
  const current = useRef({ initialUnread, pathname });
  useEffect(() => {
    current.current = { initialUnread, pathname };
  }, [initialUnread, pathname]);

  useEffect(() => {
    const onNews = () => {
      const { initialUnread: base, pathname: here } = current.current;
      setArrived((previous) => ({ base, count: (previous.base === base ? previous.count : 0) + 1 }));
      if (here === "/inbox") router.refresh();
    };
    window.addEventListener(INBOX_NEWS_EVENT, onNews);
    if (onSessionPage) return () => window.removeEventListener(INBOX_NEWS_EVENT, onNews);
    let stopped = false;
    let disconnect = () => {};
    const connect = () => {
      void import("socket.io-client").then(({ io }) => {
        if (stopped) return;
        const socket = io({ path: SOCKET_PATH, withCredentials: true, transports: ["websocket", "polling"], auth: { protocolVersion: PROTOCOL_VERSION } });
        socket.on("inbox:new", onNews);
        // News sent while the connection was down is not resent: the page asks for the count again.
        socket.io.on("reconnect", () => router.refresh());
        disconnect = () => socket.disconnect();
      });
    };
    const idle = window.requestIdleCallback ? window.requestIdleCallback(connect, { timeout: 3000 }) : window.setTimeout(connect, 1000);
    return () => {
      stopped = true;
      if (window.cancelIdleCallback) window.cancelIdleCallback(idle);
      else window.clearTimeout(idle);
      disconnect();
      window.removeEventListener(INBOX_NEWS_EVENT, onNews);
    };
  }, [onSessionPage, router]);

  const label = unread > 0 ? t("navLinkUnread", { count: unread }) : t("navLink");
  return (
    <>
      <Link href="/inbox" prefetch={false} aria-label={label} data-testid="inbox-link">
        <svg className="nav-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
          <path
            d="M3 13.5 5.6 5.2A1.8 1.8 0 0 1 7.3 4h9.4a1.8 1.8 0 0 1 1.7 1.2L21 13.5V18a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            strokeLinejoin="round"
          />
          <path d="M3 13.5h5l1.5 2.5h5l1.5-2.5h5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
        </svg>
        <span className="nav-label" aria-hidden="true">
          {t("navLink")}
        </span>
        {unread > 0 ? (
          <span className="nav-inbox-count" aria-hidden="true" data-testid="inbox-badge">
            {unread > MOST_SHOWN ? `${MOST_SHOWN}+` : unread}
          </span>
        ) : null}
      </Link>
      <span className="visually-hidden" aria-live="polite">
        {news > 0 ? t("liveNews", { count: news }) : ""}
      </span>
    </>
  );
}
