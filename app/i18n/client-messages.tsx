import { getMessages } from "next-intl/server";
import { pickNamespaces } from "@/lib/i18n/catalogue";
import { MoreMessages } from "./more-messages";

/**
 * Hands the browser the message namespaces that the client components below use, and no more:
 * the server components format their own words, so the rest of the catalogue would only weigh
 * down every page's HTML (most of a session page's, before). The root layout sends what its
 * header needs; each page adds its own (`app/i18n/client-messages.test.ts` checks every list
 * against the `useTranslations` calls of the client components the page loads).
 */
export async function ClientMessages({ namespaces, children }: { namespaces: readonly string[]; children: React.ReactNode }) {
  const messages = await getMessages();
  return <MoreMessages messages={pickNamespaces(messages, namespaces)}>{children}</MoreMessages>;
}

/** A page whose client components get the named message namespaces (see ClientMessages). */
export function withClientMessages<Props extends object>(namespaces: readonly string[], Page: (props: Props) => Promise<React.ReactNode>) {
  return function PageWithMessages(props: Props) {
    return (
      <ClientMessages namespaces={namespaces}>
        <Page {...props} />
      </ClientMessages>
    );
  };
}
