"use client";

import { useTranslations } from "next-intl";
import { useId, useRef, useState, useTransition } from "react";
import { importLimits } from "@/lib/article/limits";
import { acceptedFileTypes, documentFormatFromFileName } from "@/lib/article/source-format";
import type { ErrorBody } from "@/lib/errors";
import { ImportError } from "./import-error";

type Source = "paste" | "file" | "url";

/** What reading a source answers: a preview, or why the source could not be read. */
export type ReadResult<Preview> = { ok: true; preview: Preview } | { ok: false; error: ErrorBody };

/**
 * The first step of an import: where the text comes from (paste, file, web address). `read`
 * sends the choice to the server; `onPreview` receives what it made of it. Saves nothing.
 */
export function ImportSourceForm<Preview>({ read, onPreview }: { read: (form: FormData) => Promise<ReadResult<Preview>>; onPreview: (preview: Preview) => void }) {
  const t = useTranslations("articleImport");
  const [source, setSource] = useState<Source>("paste");
  const [error, setError] = useState<ErrorBody | null>(null);
  const [pending, startTransition] = useTransition();
  const [text, setText] = useState("");
  const [format, setFormat] = useState("auto");
  const [url, setUrl] = useState("");
  const fileInput = useRef<HTMLInputElement>(null);
  const ids = useId();
  const megabytes = importLimits.fileBytes / (1024 * 1024);
  const documentMegabytes = importLimits.documentBytes / (1024 * 1024);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    const form = new FormData();
    form.set("source", source);
    if (source === "paste") {
      form.set("text", text);
      form.set("format", format);
    } else if (source === "file") {
      const file = fileInput.current?.files?.[0];
      if (!file) return setError(failure("noSource"));
      // Refused here so a 50 MB file never travels; the server checks again.
      const isDocument = documentFormatFromFileName(file.name) !== undefined;
      if (file.size > (isDocument ? importLimits.documentBytes : importLimits.fileBytes))
        return setError(failure("tooLarge", { megabytes: isDocument ? documentMegabytes : megabytes }));
      form.set("file", file);
    } else {
      form.set("url", url);
    }
    startTransition(async () => {
      try {
        const result = await read(form);
        if (!result.ok) return setError(result.error);
        onPreview(result.preview);
      } catch {
        setError(failure("requestTooLarge"));
      }
    });
  };

  return (
    <form className="card import-source" onSubmit={submit} aria-busy={pending}>
      <fieldset className="source-choice">
        <legend>{t("sourceLegend")}</legend>
        {(["paste", "file", "url"] as const).map((value) => (
          <label key={value} className="segment">
            <input type="radio" name="source" value={value} checked={source === value} onChange={() => setSource(value)} />
            <span>{t(value === "paste" ? "sourcePaste" : value === "file" ? "sourceFile" : "sourceUrl")}</span>
          </label>
        ))}
      </fieldset>

      {source === "paste" ? (
        <>
          <div className="field">
            <label htmlFor={`${ids}-text`}>{t("text")}</label>
            <textarea id={`${ids}-text`} value={text} onChange={(event) => setText(event.target.value)} rows={16} aria-describedby={`${ids}-text-hint`} />
            <span className="hint" id={`${ids}-text-hint`}>
              {t("textHint")}
            </span>
          </div>
          <div className="field field-narrow">
            <label htmlFor={`${ids}-format`}>{t("format")}</label>
            <select id={`${ids}-format`} value={format} onChange={(event) => setFormat(event.target.value)}>
              <option value="auto">{t("formatAuto")}</option>
              <option value="markdown">{t("formatMarkdown")}</option>
              <option value="plain">{t("formatPlain")}</option>
            </select>
          </div>
        </>
      ) : null}

      {source === "file" ? (
        <div className="field">
          <label htmlFor={`${ids}-file`}>{t("file")}</label>
          <input id={`${ids}-file`} ref={fileInput} type="file" accept={acceptedFileTypes} aria-describedby={`${ids}-file-hint`} onChange={() => setError(null)} />
          <span className="hint" id={`${ids}-file-hint`}>
            {t("fileHint", { megabytes, documentMegabytes, pages: importLimits.pdfPages })}
          </span>
        </div>
      ) : null}

      {source === "url" ? (
        <div className="field">
          <label htmlFor={`${ids}-url`}>{t("url")}</label>
          <input
            id={`${ids}-url`}
            type="url"
            inputMode="url"
            value={url}
            onChange={(event) => setUrl(event.target.value)}
            placeholder="https://"
            aria-describedby={`${ids}-url-hint`}
          />
          <span className="hint" id={`${ids}-url-hint`}>
            {t("urlHint")}
          </span>
        </div>
      ) : null}

      {error ? <ImportError error={error} /> : null}
      <button type="submit" className="button" disabled={pending}>
        {pending ? (source === "file" ? t("reading") : t("previewing")) : t("preview")}
      </button>
    </form>
  );
}

function failure(reason: string, details: Record<string, string | number> = {}): ErrorBody {
  return { code: "IMPORT_FAILED", message: reason, details: { reason, ...details } };
}
