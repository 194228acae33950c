import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import type { EditionSummary } from "@/db/editions";

/** The article page's list of editions in other languages, with the way to add one or fix its alignment for those who may. */
export async function EditionsSection({ base, editions, canEdit }: { base: string; editions: EditionSummary[]; canEdit: boolean }) {
  const [t, format, locale] = await Promise.all([getTranslations("editions"), getFormatter(), getLocale()]);
  const names = new Intl.DisplayNames([locale], { type: "language" });
  return (
    <section className="card reader-versions" aria-labelledby="editions-title" data-testid="editions">
      <h2 id="editions-title">{t("title")}</h2>
      {editions.length === 0 ? <p className="muted">{t("none")}</p> : null}
      <ul className="list">
        {editions.map((edition) => (
          <li key={edition.id} className="spread">
            <div>
              <strong lang={edition.language}>{edition.title}</strong> <span className="badge">{names.of(edition.language) ?? edition.language}</span>
              <div className="muted small">{t("meta", { words: edition.wordCount, date: format.dateTime(edition.updatedAt, { dateStyle: "medium" }) })}</div>
            </div>
            {canEdit ? <Link href={`${base}/editions/${edition.id}`}>{t("fix")}</Link> : null}
          </li>
        ))}
      </ul>
      {canEdit ? (
        <p>
          <Link className="button button-secondary button-small" href={`${base}/editions/new`}>
            {t("add")}
          </Link>
        </p>
      ) : null}
    </section>
  );
}
