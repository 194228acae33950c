"use client";

import "./editions.css";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useEffect, useId, useMemo, useRef, useState, useTransition } from "react";
import { ErrorMessage } from "@/app/_components/error-message";
import type { Block } from "@/lib/article/blocks";
import { alignBlocks } from "@/lib/editions/align";
import { canSplit, mergeWithNext, shiftBlock, splitLink, type Alignment, type AlignmentSide } from "@/lib/editions/alignment";
import { pairWarnings } from "@/lib/editions/pair-checks";
import type { ErrorBody } from "@/lib/errors";
import { saveEditionAction, type EditionPreview } from "./actions";

type Props = {
  groupId: string;
  articleId: string;
  locale: string;
  /** The original's language and latest text, which the edition is aligned with. */
  originalLanguage: string;
  original: Block[];
  initial: EditionPreview;
};

const LANGUAGES = ["en", "es", "ca", "gl", "eu", "pt", "fr", "it", "de"];

/**
 * The edition preview: its details, and the original and the edition side by side, pair by
 * pair, where the facilitator joins, splits and moves paragraphs until every pair translates.
 * Nothing is saved before the save button.
 */
export function EditionEditor({ groupId, articleId, locale, originalLanguage, original, initial }: Props) {
  const t = useTranslations("editionEditor");
  const ids = useId();
  const [language, setLanguage] = useState(initial.language === originalLanguage ? "" : initial.language);
  const [title, setTitle] = useState(initial.title);
  const [sourceUrl, setSourceUrl] = useState(initial.sourceUrl);
  const [alignment, setAlignment] = useState<Alignment>(initial.alignment);
  const [history, setHistory] = useState<Alignment[]>([]);
  const [current, setCurrent] = useState(0);
  const [status, setStatus] = useState("");
  const [error, setError] = useState<ErrorBody | null>(null);
  const [pending, startTransition] = useTransition();
  const list = useRef<HTMLOListElement>(null);
  const moveFocus = useRef(false);

  const originalBlocks = useMemo(() => new Map(original.map((block) => [block.id, block])), [original]);
  const editionBlocks = useMemo(() => new Map(initial.blocks.map((block) => [block.id, block])), [initial.blocks]);
  const warnings = useMemo(() => alignment.map((link) => pairWarnings(link, originalBlocks, editionBlocks)), [alignment, originalBlocks, editionBlocks]);
  const languageName = (code: string) => (code ? (new Intl.DisplayNames([locale], { type: "language" }).of(code) ?? code) : "");
  const languages = initial.language && !LANGUAGES.includes(initial.language) ? [...LANGUAGES, initial.language] : LANGUAGES;

  useEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    list.current?.querySelector<HTMLElement>(`[data-pair="${current}"]`)?.focus();
  }, [current, alignment]);

  const edit = (next: Alignment, message: string, focusAt: number) => {
    if (next === alignment) return;
    setHistory([...history, alignment]);
    setAlignment(next);
    setStatus(message);
    moveFocus.current = true;
    setCurrent(Math.max(0, Math.min(next.length - 1, focusAt)));
  };
  const join = (index: number) => edit(mergeWithNext(alignment, index), t("joined", { number: index + 1 }), index);
  const split = (index: number) => edit(splitLink(alignment, index), t("splitDone", { number: index + 1 }), index);
  const shift = (index: number, side: AlignmentSide, direction: "up" | "down") => {
    const next = shiftBlock(alignment, index, side, direction);
    const moved = (direction === "up" ? alignment[index]?.[side][0] : alignment[index]?.[side].at(-1)) ?? "";
    const landed = Math.max(
      0,
      next.findIndex((link) => link[side].includes(moved)),
    );
    edit(next, t("moved", { number: landed + 1 }), landed);
  };
  const undo = () => {
    const previous = history.at(-1);
    if (!previous) return;
    setHistory(history.slice(0, -1));
    setAlignment(previous);
    setStatus(t("undone"));
  };

  const onKey = (event: React.KeyboardEvent<HTMLOListElement>) => {
    const row = (event.target as HTMLElement).closest<HTMLElement>("[data-pair]");
    if (!row) return;
    const index = Number(row.dataset.pair);
    const key = event.key.toLowerCase();
    let handled = true;
    if ((event.ctrlKey || event.metaKey) && key === "z") undo();
    else if (event.altKey && (event.key === "ArrowUp" || event.key === "ArrowDown")) shift(index, event.shiftKey ? "source" : "target", event.key === "ArrowUp" ? "up" : "down");
    else if (event.target !== row) handled = false;
    else if (event.key === "ArrowUp" || event.key === "ArrowDown" || event.key === "Home" || event.key === "End") {
      const target = event.key === "Home" ? 0 : event.key === "End" ? alignment.length - 1 : index + (event.key === "ArrowUp" ? -1 : 1);
      moveFocus.current = true;
      setCurrent(Math.max(0, Math.min(alignment.length - 1, target)));
    } else if (key === "j") join(index);
    else if (key === "s") split(index);
    else handled = false;
    if (handled) event.preventDefault();
  };

  const save = (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    const payload = JSON.stringify({ language, title, sourceUrl, blocks: initial.blocks, alignment });
    startTransition(async () => {
      try {
        const result = await saveEditionAction(groupId, articleId, payload);
        if (result && !result.ok) setError(result.error);
      } catch {
        setError({ code: "IMPORT_FAILED", message: "requestTooLarge", details: { reason: "requestTooLarge" } });
      }
    });
  };

  const toCheck = warnings.filter((list) => list.length > 0).length;

  return (
    <form className="edition-editor" onSubmit={save} aria-busy={pending}>
      <section className="card" aria-labelledby={`${ids}-details`}>
        <h2 id={`${ids}-details`}>{t("detailsTitle")}</h2>
        <div className="inline-fields">
          <div className="field">
            <label htmlFor={`${ids}-language`}>{t("language")}</label>
            <select id={`${ids}-language`} value={language} onChange={(event) => setLanguage(event.target.value)} required aria-describedby={`${ids}-language-hint`}>
              <option value="">{t("languageChoose")}</option>
              {languages
                .filter((code) => code !== originalLanguage)
                .map((code) => (
                  <option key={code} value={code}>
                    {languageName(code)}
                  </option>
                ))}
            </select>
            {initial.language && initial.language === originalLanguage ? (
              <span className="hint" id={`${ids}-language-hint`}>
                {t("sameLanguage")}
              </span>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor={`${ids}-title`}>{t("title")}</label>
            <input id={`${ids}-title`} value={title} onChange={(event) => setTitle(event.target.value)} required maxLength={300} lang={language || undefined} />
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-sourceUrl`}>{t("sourceUrl")}</label>
          <input id={`${ids}-sourceUrl`} type="url" value={sourceUrl} onChange={(event) => setSourceUrl(event.target.value)} maxLength={2000} placeholder="https://" />
        </div>
      </section>

      <section className="card" aria-labelledby={`${ids}-pairs`}>
        <div className="spread">
          <h2 id={`${ids}-pairs`}>{t("alignmentTitle")}</h2>
          <span className="muted small" data-testid="alignment-summary">
            {t("summary", { pairs: alignment.length, warnings: toCheck })}
          </span>
        </div>
        <p className="muted">{t("alignmentLead")}</p>
        <p className="hint" id={`${ids}-keys`}>
          {t("keys")}
        </p>
        <div className="alignment-toolbar">
          <button type="button" className="button button-secondary button-small" onClick={undo} disabled={history.length === 0}>
            {t("undo")}
          </button>
          <button type="button" className="button button-secondary button-small" onClick={() => edit(alignBlocks(original, initial.blocks), t("realigned"), 0)}>
            {t("realign")}
          </button>
          <p className="alignment-status" role="status" aria-live="polite">
            {status}
          </p>
        </div>
        <div className="alignment-heads" aria-hidden="true">
          <span>{languageName(originalLanguage) || "—"}</span>
          <span>{languageName(language) || "—"}</span>
        </div>
        <ol className="alignment-pairs" ref={list} onKeyDown={onKey} data-testid="alignment">
          {alignment.map((link, index) => {
            const here = index === current;
            const tab = here ? 0 : -1;
            return (
              <li
                key={`${link.source[0] ?? ""}|${link.target[0] ?? ""}`}
                className="alignment-pair"
                data-pair={index}
                data-warning={warnings[index]!.length > 0 || undefined}
                tabIndex={tab}
                aria-label={t("pairLabel", { number: index + 1 })}
                aria-describedby={`${ids}-keys`}
                aria-keyshortcuts="J S Alt+ArrowUp Alt+ArrowDown Alt+Shift+ArrowUp Alt+Shift+ArrowDown"
                onFocus={() => setCurrent(index)}
              >
                <PairSide blocks={link.source.map((id) => originalBlocks.get(id)!)} language={originalLanguage} label={t("noCounterpart")}>
                  <ShiftButtons side="source" index={index} tab={tab} hasBlocks={link.source.length > 0} onShift={shift} sideLabel={t("sideOriginal")} />
                </PairSide>
                <PairSide blocks={link.target.map((id) => editionBlocks.get(id)!)} language={language} label={t("noCounterpart")}>
                  <ShiftButtons side="target" index={index} tab={tab} hasBlocks={link.target.length > 0} onShift={shift} sideLabel={t("sideEdition")} />
                </PairSide>
                <div className="pair-tools">
                  <span className="pair-number">{index + 1}</span>
                  {warnings[index]!.map((warning) => (
                    <span key={warning} className="pair-warning">
                      {t(warning === "numbers" ? "warningNumbers" : "warningHeading")}
                    </span>
                  ))}
                  {canSplit(link) ? (
                    <button type="button" className="button button-secondary button-small" tabIndex={tab} onClick={() => split(index)}>
                      {t("split")}
                    </button>
                  ) : null}
                  {index < alignment.length - 1 ? (
                    <button type="button" className="button button-secondary button-small" tabIndex={tab} onClick={() => join(index)}>
                      {t("join")}
                    </button>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ol>
      </section>

      {error ? <ErrorMessage error={error} /> : null}
      <div className="editor-actions">
        <button type="submit" className="button" disabled={pending || !language}>
          {pending ? t("saving") : t("save")}
        </button>
        <Link href={`/groups/${groupId}/articles/${articleId}`}>{t("cancel")}</Link>
      </div>
    </form>
  );
}

function PairSide({ blocks, language, label, children }: { blocks: Block[]; language: string; label: string; children: React.ReactNode }) {
  return (
    <div className="pair-side" lang={language || undefined}>
      {blocks.length === 0 ? <p className="pair-empty">{label}</p> : null}
      {blocks.map((block) => (
        <p key={block.id} className={`pair-text pair-text-${block.type}`}>
          {block.text}
        </p>
      ))}
      {children}
    </div>
  );
}

function ShiftButtons(props: {
  side: AlignmentSide;
  index: number;
  tab: number;
  hasBlocks: boolean;
  sideLabel: string;
  onShift: (index: number, side: AlignmentSide, direction: "up" | "down") => void;
}) {
  const t = useTranslations("editionEditor");
  if (!props.hasBlocks) return null;
  return (
    <span className="pair-shift">
      <button
        type="button"
        className="icon-button"
        tabIndex={props.tab}
        aria-label={t("moveUp", { side: props.sideLabel })}
        title={t("moveUp", { side: props.sideLabel })}
        onClick={() => props.onShift(props.index, props.side, "up")}
      >
        ↑
      </button>
      <button
        type="button"
        className="icon-button"
        tabIndex={props.tab}
        aria-label={t("moveDown", { side: props.sideLabel })}
        title={t("moveDown", { side: props.sideLabel })}
        onClick={() => props.onShift(props.index, props.side, "down")}
      >
        ↓
      </button>
    </span>
  );
}
