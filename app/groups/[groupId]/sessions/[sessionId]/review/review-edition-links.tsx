import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { endonym } from "@/lib/editions/editions";
import { editionKey } from "../editions/edition-key";

type Props = { base: string; editions: { id: string | null; language: string }[]; reading: string | null };

/**
 * Which language the review is read in, for a session that read an article in several: one link
 * per edition, each named in its own language; what was made on another edition shows on the
 * paragraphs aligned with it, tagged with its language.
 */
export async function ReviewEditionLinks({ base, editions, reading }: Props) {
  const t = await getTranslations("sessionEditions");
  return (
    <nav className="edition-switch review-editions" aria-label={t("legend")} data-testid="review-editions">
      <span className="edition-switch-label" aria-hidden="true">
        {t("legend")}
      </span>
      {editions.map((edition) => (
        <Link
          key={editionKey(edition.id)}
          className="edition-choice"
          href={`${base}?edition=${editionKey(edition.id)}`}
          aria-current={edition.id === reading ? "page" : undefined}
          lang={edition.language || undefined}
          hrefLang={edition.language || undefined}
        >
          <span>{endonym(edition.language)}</span>
        </Link>
      ))}
    </nav>
  );
}
