"use client";

import { useTranslations } from "next-intl";
import { useEffect, useId, useMemo, useRef, useState, useTransition } from "react";
import { countWords } from "@/lib/article/blocks";
import type { ArticleDetails, DraftBlock } from "@/lib/article/draft";
import { editableTypes, lookAlikes, mergeBlocks, splitBlock, withText, withType } from "@/lib/article/draft-edits";
import type { ErrorBody } from "@/lib/errors";
import { saveArticleAction } from "../actions";
import { ImportError } from "./import-error";

type Row = { key: number; block: DraftBlock };
type EditableType = (typeof editableTypes)[number];
/** After one block is retyped: the rows that look like it, which may take the same type at once. */
type LookAlikeOffer = { type: EditableType; keys: number[] };

const LANGUAGES = ["en", "es", "ca", "gl", "eu", "pt", "fr", "it", "de"];

let nextKey = 0;
const keyed = (block: DraftBlock): Row => ({ key: nextKey++, block });

type Props = {
  groupId: string;
  /** The article being edited, or null for a new one. */
  articleId: string | null;
  initialDetails: ArticleDetails;
  initialBlocks: DraftBlock[];
  /** The page's locale, to name languages. */
  locale: string;
};

/**
 * The editable preview: the article's details and its blocks, which a person retypes, merges,
 * splits, edits or removes before saving. Every change can be undone; nothing is saved until
 * the save button.
 */
export function ArticleEditor({ groupId, articleId, initialDetails, initialBlocks, locale }: Props) {
  const t = useTranslations("articleEditor");
  const tErrors = useTranslations("importErrors");
  const [rows, setRows] = useState<Row[]>(() => initialBlocks.map(keyed));
  const [history, setHistory] = useState<Row[][]>([]);
  const [details, setDetails] = useState(initialDetails);
  const [images, setImages] = useState<"store" | "omit">("store");
  const [editing, setEditing] = useState<number | null>(null);
  const [status, setStatus] = useState("");
  const [offer, setOffer] = useState<LookAlikeOffer | null>(null);
  const [error, setError] = useState<ErrorBody | null>(null);
  const [pending, startTransition] = useTransition();
  const undoButton = useRef<HTMLButtonElement>(null);
  const ids = useId();
  const saveLabel = articleId ? t("saveEdit") : t("saveNew");

  const change = (next: Row[], message: string, focusUndo = false) => {
    setHistory((previous) => [...previous.slice(-49), rows]);
    setRows(next);
    setStatus(message);
    setOffer(null);
    if (focusUndo) requestAnimationFrame(() => undoButton.current?.focus());
  };
  const undo = () => {
    const previous = history.at(-1);
    if (!previous) return;
    setHistory(history.slice(0, -1));
    setRows(previous);
    setEditing(null);
    setOffer(null);
    setStatus(t("undone"));
  };

  const flagged = rows.filter((row) => row.block.flag);
  const imageCount = rows.filter((row) => row.block.type === "image").length;
  const words = useMemo(() => countWords(rows.map((row) => ({ id: "", ...row.block }))), [rows]);

  const save = (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    if (!rows.some((row) => row.block.type !== "image" && row.block.text.trim())) {
      setStatus(t("nothingLeft"));
      return;
    }
    const payload = JSON.stringify({ details, blocks: rows.map((row) => row.block), images });
    startTransition(async () => {
      try {
        const result = await saveArticleAction(groupId, articleId, payload);
        if (result && !result.ok) setError(result.error);
      } catch {
        setError({ code: "IMPORT_FAILED", message: tErrors("requestTooLarge"), details: { reason: "requestTooLarge" } });
      }
    });
  };

  const field = (name: keyof ArticleDetails) => ({
    id: `${ids}-${name}`,
    name,
    value: details[name],
    onChange: (event: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setDetails({ ...details, [name]: event.target.value }),
  });
  const languageName = (code: string) => new Intl.DisplayNames([locale], { type: "language" }).of(code) ?? code;
  const languages = details.language && !LANGUAGES.includes(details.language) ? [...LANGUAGES, details.language] : LANGUAGES;

  return (
    <form className="article-editor" onSubmit={save} aria-busy={pending}>
      <section className="card" aria-labelledby={`${ids}-details`}>
        <h2 id={`${ids}-details`}>{t("detailsTitle")}</h2>
        <div className="field">
          <label htmlFor={`${ids}-title`}>{t("title")}</label>
          <input {...field("title")} required maxLength={300} aria-describedby={`${ids}-title-hint`} />
          <span className="hint" id={`${ids}-title-hint`}>
            {t("titleHint")}
          </span>
        </div>
        <div className="inline-fields">
          <div className="field">
            <label htmlFor={`${ids}-author`}>{t("author")}</label>
            <input {...field("author")} maxLength={200} />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-sourceName`}>{t("sourceName")}</label>
            <input {...field("sourceName")} maxLength={200} />
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-sourceUrl`}>{t("sourceUrl")}</label>
          <input {...field("sourceUrl")} type="url" maxLength={2000} placeholder="https://" />
        </div>
        <div className="inline-fields">
          <div className="field">
            <label htmlFor={`${ids}-publishedOn`}>{t("publishedOn")}</label>
            <input {...field("publishedOn")} type="date" />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-language`}>{t("language")}</label>
            <select {...field("language")}>
              <option value="">{t("languageUnknown")}</option>
              {languages.map((code) => (
                <option key={code} value={code}>
                  {languageName(code)}
                </option>
              ))}
            </select>
          </div>
        </div>
      </section>

      <section className="card draft" aria-labelledby={`${ids}-text`}>
        <div className="spread">
          <h2 id={`${ids}-text`}>{t("textTitle")}</h2>
          <span className="muted small" data-testid="draft-summary">
            {t("summary", { blocks: rows.length, words })}
          </span>
        </div>
        <p className="muted">{t("textLead", { save: saveLabel })}</p>
        {flagged.length > 0 ? (
          <div className="alert alert-warn spread">
            <span>{t("flagged", { count: flagged.length })}</span>
            <button
              type="button"
              className="button button-small button-secondary"
              onClick={() =>
                change(
                  rows.filter((row) => !row.block.flag),
                  t("leftoversRemoved", { count: flagged.length }),
                  true,
                )
              }
            >
              {t("removeFlagged", { count: flagged.length })}
            </button>
          </div>
        ) : null}
        <div className="draft-toolbar">
          <button ref={undoButton} type="button" className="button button-small button-secondary" onClick={undo} disabled={history.length === 0}>
            {t("undo")}
          </button>
          <p className="draft-status" role="status" aria-live="polite">
            {status}
          </p>
          {offer ? (
            <button
              type="button"
              className="button button-small"
              data-testid="retype-look-alikes"
              onClick={() => {
                const keys = new Set(offer.keys);
                const next = rows.map((row) => (keys.has(row.key) ? { ...row, block: withType(row.block, offer.type) } : row));
                change(next, t("lookAlikesChanged", { count: keys.size, type: t(`types.${offer.type}`) }), true);
              }}
            >
              {t("retypeLookAlikes", { count: offer.keys.length, type: t(`types.${offer.type}`) })}
            </button>
          ) : null}
        </div>
        <ol className="draft-blocks">
          {rows.map((row, index) => (
            <DraftRow
              key={row.key}
              row={row}
              n={index + 1}
              canMerge={index < rows.length - 1 && row.block.type !== "image" && rows[index + 1]!.block.type !== "image"}
              editing={editing === row.key}
              onEdit={() => setEditing(row.key)}
              onDone={(text) => {
                setEditing(null);
                if (text !== row.block.text) change(replaceAt(rows, index, [{ ...row, block: withText(row.block, text) }]), t("textChanged", { n: index + 1 }));
              }}
              onSplit={(text, offset) => {
                const parts = splitBlock(withText(row.block, text), offset);
                if (!parts) return setStatus(t("cannotSplit"));
                setEditing(null);
                change(replaceAt(rows, index, [{ key: row.key, block: parts[0] }, keyed(parts[1])]), t("splitDone", { n: index + 1 }));
              }}
              onType={(type) => {
                change(replaceAt(rows, index, [{ ...row, block: withType(row.block, type) }]), t("typeChanged", { n: index + 1, type: t(`types.${type}`) }));
                const keys = lookAlikes(
                  rows.map((other) => other.block),
                  index,
                ).map((other) => rows[other]!.key);
                if (keys.length > 0) setOffer({ type, keys });
              }}
              onMerge={() =>
                change(replaceAt(rows, index, [{ ...row, block: mergeBlocks(row.block, rows[index + 1]!.block) }], 2), t("merged", { n: index + 1, next: index + 2 }), true)
              }
              onRemove={() => change(replaceAt(rows, index, []), t("removed", { n: index + 1 }), true)}
            />
          ))}
        </ol>
      </section>

      {imageCount > 0 ? (
        <fieldset className="card field image-choice">
          <legend>{t("imagesLegend", { count: imageCount })}</legend>
          <label className="choice">
            <input type="radio" name="images" value="store" checked={images === "store"} onChange={() => setImages("store")} />
            <span>{t("imagesStore")}</span>
          </label>
          <label className="choice">
            <input type="radio" name="images" value="omit" checked={images === "omit"} onChange={() => setImages("omit")} />
            <span>{t("imagesOmit")}</span>
          </label>
        </fieldset>
      ) : null}

      {error ? <ImportError error={error} /> : null}
      <div className="editor-actions">
        <button type="submit" className="button" disabled={pending}>
          {pending ? t("saving") : saveLabel}
        </button>
      </div>
    </form>
  );
}

function replaceAt(rows: Row[], index: number, replacement: Row[], count = 1): Row[] {
  return [...rows.slice(0, index), ...replacement, ...rows.slice(index + count)];
}

type RowProps = {
  row: Row;
  n: number;
  canMerge: boolean;
  editing: boolean;
  onEdit: () => void;
  onDone: (text: string) => void;
  onSplit: (text: string, offset: number) => void;
  onType: (type: EditableType) => void;
  onMerge: () => void;
  onRemove: () => void;
};

function DraftRow({ row, n, canMerge, editing, onEdit, onDone, onSplit, onType, onMerge, onRemove }: RowProps) {
  const t = useTranslations("articleEditor");
  const { block } = row;
  const textId = `draft-${row.key}-text`;
  const area = useRef<HTMLTextAreaElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(editing);
  // Leaving the text box (Done, Split) puts the keyboard back on this block's Edit button.
  useEffect(() => {
    if (wasEditing.current && !editing) editButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);
  const isImage = block.type === "image";
  const lastPage = block.pageBreaks?.at(-1)?.page;
  const pages = block.page === undefined ? "" : lastPage && lastPage !== block.page ? t("pages", { first: block.page, last: lastPage }) : t("page", { page: block.page });
  return (
    <li className="draft-block" data-type={block.type} data-flagged={block.flag ? "true" : undefined} data-testid="draft-block">
      <div className="draft-block-tools">
        <span className="draft-block-number" aria-hidden="true">
          {n}
        </span>
        {isImage ? (
          <span className="draft-type-label">{t("types.image")}</span>
        ) : (
          <select className="draft-type" aria-label={t("typeOf", { n })} value={block.type} onChange={(event) => onType(event.target.value as EditableType)}>
            {editableTypes.map((type) => (
              <option key={type} value={type}>
                {t(`types.${type}`)}
              </option>
            ))}
          </select>
        )}
        {block.flag ? <span className="badge badge-warn">{t("flag")}</span> : null}
        {pages ? (
          <span className="draft-page" data-testid="draft-page">
            {pages}
          </span>
        ) : null}
        <span className="draft-buttons">
          {!isImage && !editing ? (
            <button ref={editButton} type="button" className="button button-small button-secondary" aria-label={t("editBlock", { n })} onClick={onEdit}>
              {t("edit")}
            </button>
          ) : null}
          {canMerge ? (
            <button type="button" className="button button-small button-secondary" aria-label={t("mergeBlock", { n })} onClick={onMerge}>
              {t("merge")}
            </button>
          ) : null}
          <button type="button" className="button button-small button-danger" aria-label={t("removeBlock", { n })} onClick={onRemove}>
            {t("remove")}
          </button>
        </span>
      </div>
      {isImage ? (
        <p className="draft-image">{imageDescription(block, t)}</p>
      ) : editing ? (
        <div className="draft-editing">
          <label className="visually-hidden" htmlFor={textId}>
            {t("textOf", { n })}
          </label>
          <textarea
            id={textId}
            ref={area}
            defaultValue={block.text}
            rows={Math.min(12, Math.max(3, Math.ceil(block.text.length / 70)))}
            aria-describedby={`${textId}-hint`}
            autoFocus
          />
          <span className="hint" id={`${textId}-hint`}>
            {t("splitHint")}
          </span>
          <span className="draft-buttons">
            <button
              type="button"
              className="button button-small button-secondary"
              aria-label={t("splitBlock", { n })}
              onClick={() => onSplit(area.current?.value ?? block.text, area.current?.selectionStart ?? 0)}
            >
              {t("split")}
            </button>
            <button type="button" className="button button-small" aria-label={t("doneBlock", { n })} onClick={() => onDone(area.current?.value ?? block.text)}>
              {t("done")}
            </button>
          </span>
        </div>
      ) : (
        <p className={`draft-text draft-text-${block.type}`}>{block.text}</p>
      )}
    </li>
  );
}

function imageDescription(block: DraftBlock, t: ReturnType<typeof useTranslations<"articleEditor">>): string {
  const src = block.image?.src ?? "";
  const alt = block.image?.alt || t("imageNoAlt");
  let where: string;
  if (src.startsWith("/groups/")) where = t("imageStored");
  else if (src.startsWith("data:")) where = t("imageData");
  else {
    try {
      where = t("imageFrom", { host: new URL(src).hostname });
    } catch {
      where = t("imageUnreachable");
    }
  }
  return `${t("types.image")}: ${alt} — ${where}`;
}
