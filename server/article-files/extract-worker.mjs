// Runs in a worker thread, with its own memory limit and a deadline the parent enforces by
// terminating it: a hostile or broken file can stall or exhaust this thread, never the server's
// event loop. It only takes bytes apart — the PDF's positioned text, a Word file's HTML, an
// EPUB's files — and posts plain data back; what the text means is decided in lib/article/.
// Plain JavaScript, because it is started by path, outside the app's bundler.
import { createRequire } from "node:module";
import path from "node:path";
import { parentPort, workerData } from "node:worker_threads";

const require = createRequire(import.meta.url);

/** @param {{ kind: "pdf" | "docx" | "epub"; bytes: Uint8Array; maxPages: number; maxUnzippedBytes: number; maxEntries: number }} job */
async function run(job) {
  if (job.kind === "pdf") return readPdf(job.bytes, job.maxPages);
  if (job.kind === "docx") return readDocx(job.bytes);
  return readZip(job.bytes, job.maxUnzippedBytes, job.maxEntries);
}

/** A failure the parent turns into an import failure with this reason. */
function refuse(reason, details = {}) {
  return { ok: false, reason, details };
}

async function readPdf(bytes, maxPages) {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const root = path.dirname(require.resolve("pdfjs-dist/package.json"));
  const task = pdfjs.getDocument({
    data: bytes,
    // Everything pdfjs could fetch is local or off: no network, no eval, no fonts loaded into a page.
    cMapUrl: `${path.join(root, "cmaps")}/`,
    cMapPacked: true,
    standardFontDataUrl: `${path.join(root, "standard_fonts")}/`,
    wasmUrl: `${path.join(root, "wasm")}/`,
    useWorkerFetch: false,
    isEvalSupported: false,
    isOffscreenCanvasSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    disableAutoFetch: true,
    disableStream: true,
    stopAtErrors: false,
    enableXfa: false,
    verbosity: 0,
  });
  let document;
  try {
    document = await task.promise;
  } catch (error) {
    const name = /** @type {{ name?: string }} */ (error)?.name;
    if (name === "PasswordException") return refuse("encrypted");
    return refuse("malformed");
  }
  if (document.numPages > maxPages) return refuse("tooManyPages", { pages: document.numPages, limit: maxPages });
  const metadata = await document.getMetadata().catch(() => null);
  const info = /** @type {Record<string, unknown>} */ (metadata?.info ?? {});
  const labels = await document.getPageLabels().catch(() => null);
  const pages = [];
  const fonts = new Map();
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number);
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent({ disableNormalization: false });
    const names = new Set(content.items.map((item) => ("fontName" in item ? item.fontName : "")).filter(Boolean));
    // Font names (and so bold and italic) come with the page's operator list; fonts are shared
    // between pages, so most pages never need one.
    if ([...names].some((name) => !fonts.has(name))) {
      await page.getOperatorList().catch(() => undefined);
      for (const name of names) {
        if (fonts.has(name)) continue;
        const font = page.commonObjs.has(name) ? page.commonObjs.get(name) : null;
        const fontName = String(font?.name ?? content.styles[name]?.fontFamily ?? "");
        fonts.set(name, {
          name: fontName,
          bold: Boolean(font?.bold || font?.black) || /bold|black|heavy|semibold|demi/i.test(fontName),
          italic: Boolean(font?.italic) || /italic|oblique/i.test(fontName),
        });
      }
    }
    const items = [];
    for (const item of content.items) {
      if (!("str" in item) || !item.str) continue;
      const [a, b, c, d, e, f] = pdfjs.Util.transform(viewport.transform, item.transform);
      // Text set at an angle (a stamp in the margin, a rotated table) is not part of the reading text.
      if (Math.abs(b) > 0.01 * Math.abs(a) || Math.abs(c) > 0.01 * Math.abs(d)) continue;
      const size = Math.hypot(c, d);
      const font = fonts.get(item.fontName) ?? { name: "", bold: false, italic: false };
      items.push({ text: item.str, x: e, y: f, width: item.width * (viewport.scale || 1), height: size, fontSize: size, fontName: font.name, bold: font.bold, italic: font.italic });
    }
    pages.push({ number, label: labels?.[number - 1] ?? undefined, width: viewport.width, height: viewport.height, items });
    page.cleanup();
  }
  await document.destroy();
  const text = (value) => (typeof value === "string" ? value : undefined);
  return { ok: true, value: { pages, title: text(info.Title), author: text(info.Author), language: text(info.Language) } };
}

async function readDocx(bytes) {
  const mammoth = require("mammoth");
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes) },
      { styleMap: ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh", "p[style-name='Quote'] => blockquote > p:fresh", "p.Quote => blockquote > p:fresh", "p[style-name='Intense Quote'] => blockquote > p:fresh", "p[style-name='Caption'] => figcaption:fresh"] },
    );
    return { ok: true, value: { html: result.value } };
  } catch {
    return refuse("malformed");
  }
}

async function readZip(bytes, maxUnzippedBytes, maxEntries) {
  const { unzipSync } = await import("fflate");
  let declared = 0;
  let entries = 0;
  let tooLarge = false;
  let files;
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        entries++;
        if (!/\.(?:xml|opf|ncx|xhtml|html|htm|png|jpe?g|gif|webp)$/i.test(file.name) && file.name !== "mimetype") return false;
        declared += file.originalSize;
        if (declared > maxUnzippedBytes || entries > maxEntries) tooLarge = true;
        return !tooLarge;
      },
    });
  } catch {
    return refuse("malformed");
  }
  if (tooLarge) return refuse("tooLargeUnpacked", { megabytes: Math.round(maxUnzippedBytes / (1024 * 1024)) });
  return { ok: true, value: { files } };
}

run(workerData)
  .then((result) => parentPort?.postMessage(result))
  .catch(() => parentPort?.postMessage(refuse("malformed")));
