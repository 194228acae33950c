"use client";

import { NextIntlClientProvider, useLocale, useMessages } from "next-intl";
import { useMemo } from "react";

/** The messages a page adds to the layout's: a nested provider replaces its parent's messages, so they are merged here. */
export function MoreMessages({ messages, children }: { messages: Record<string, unknown>; children: React.ReactNode }) {
  const locale = useLocale();
  const inherited = useMessages();
  const merged = useMemo(() => ({ ...inherited, ...messages }), [inherited, messages]);
  return (
    <NextIntlClientProvider locale={locale} messages={merged}>
      {children}
    </NextIntlClientProvider>
  );
}
