import type { DraftBlock } from "./draft";

// Pure rules that guess what a line of copied text is. Each one is deliberately modest: the
// preview shows every guess and a person corrects it, so a flag costs little and a silent
// deletion would cost a lot. Nothing here removes text; it only labels it.

const IMAGE_FILE = /^[\w\-.()%~+ ]{1,120}\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?|heic)(?:\?\S*)?$/i;
const URL_ONLY = /^(?:https?:\/\/|www\.)\S+$/i;
const SYMBOLS_ONLY = /^[^\p{L}\p{N}]+$/u;
const DECOR_WORD = /\b(?:image|img|icon|logo|decor|decoration|decorative|banner|divider|separator|spacer|thumbnail|placeholder|hero|avatar|imagen|icono|logotipo|separador|miniatura)\b/i;
const STRONG_DECOR_WORD = /\b(?:image|img|icon|decor|decoration|decorative|banner|divider|separator|spacer|thumbnail|placeholder|imagen|icono|separador|miniatura)\b/i;
const PAGE_CHROME = new Set([
  "advertisement", "advertising", "ad", "sponsored", "sponsored content", "share", "share this", "share this article", "share on facebook",
  "share on twitter", "tweet", "email", "print", "click to enlarge", "enlarge this image", "enlarge", "expand", "loading", "read more",
  "subscribe", "sign up", "related", "related articles", "related stories", "skip to content", "skip to main content", "menu", "close",
  "toggle caption", "hide caption", "show caption", "image", "photo", "picture", "video", "play video", "watch", "listen", "copy link",
  "comments", "view comments", "back to top", "next", "previous", "continue reading", "most read", "trending",
  "publicidad", "anuncio", "patrocinado", "compartir", "compartir en facebook", "compartir en twitter", "cerrar", "ampliar", "leer más",
  "sigue leyendo", "suscríbete", "relacionados", "noticias relacionadas", "imagen", "foto", "fotografía", "vídeo", "ver vídeo", "escuchar",
  "copiar enlace", "comentarios", "volver arriba", "siguiente", "anterior", "lo más leído",
]);

/** Whether a short line is probably debris from the page around the text: an image's name, a share button, an ad label. */
export function isLikelyLeftover(text: string): boolean {
  const line = text.trim();
  if (!line) return true;
  if (SYMBOLS_ONLY.test(line) || IMAGE_FILE.test(line) || URL_ONLY.test(line)) return true;
  const plain = line.toLowerCase().replace(/[\s:.…·|>»›→]+$/u, "").trim();
  if (PAGE_CHROME.has(plain)) return true;
  if (wordCount(line) > 3 || !DECOR_WORD.test(line) || /[.!?]$/.test(line)) return false;
  // "The Logo Problem" is a heading; "line decor", "Header image" and "hero-banner" are not.
  return /^\p{Ll}/u.test(line) || STRONG_DECOR_WORD.test(line);
}

/** Whether a leftover line stands where an image was, so the text right under it is likely the image's caption. */
export function marksImagePlace(text: string): boolean {
  const line = text.trim();
  return IMAGE_FILE.test(line) || (wordCount(line) <= 3 && /\b(?:image|img|photo|picture|imagen|foto)\b/i.test(line));
}

const CAPTION_PREFIX = /^(?:photo(?:graph)?|picture|image|illustration|figure|fig\.|graphic|chart|map|foto(?:grafía)?|imagen|ilustración|gráfico|mapa|figura)\s*\d*\s*[:.—–|-]\s*\S/i;
const CREDIT =
  /(?:\b(?:photo(?:graph)?|image|picture|foto(?:grafía)?|imagen|credit|crédito)s?\s*(?:by|:|de)\s+\S|©|\((?:photo|foto|image|imagen|picture)[^)]*\)\s*$|\s[/|]\s*(?:getty(?: images)?|reuters|ap(?: photo)?|afp|efe|shutterstock|alamy|wikimedia(?: commons)?|europa press|unsplash|the associated press)\s*\.?$)/i;

/** Whether a line reads like a photo caption or credit: "Photo: …", "(Foto: EFE)", "… / Reuters". */
export function looksLikeCaption(text: string): boolean {
  const line = text.trim();
  if (wordCount(line) > 60) return false;
  return CAPTION_PREFIX.test(line) || CREDIT.test(line);
}

/**
 * Whether a line reads like a heading: short, starting with a capital (or ¿ ¡ or a digit),
 * without the punctuation that ends a sentence, and followed by more text. A question may
 * be a heading if it is very short.
 */
export function looksLikeHeading(text: string, next: string | undefined): boolean {
  const line = text.trim();
  const words = wordCount(line);
  if (words === 0 || words > 12 || line.length > 100 || next === undefined) return false;
  if (/[.,;:!…"”»]$/.test(line)) return false;
  if (/\?$/.test(line) && words > 8) return false;
  if (!/^[\p{Lu}\p{N}¿¡«“"']/u.test(line)) return false;
  return !/^\d{1,3}[.)]\s/.test(line);
}

/** Flags blocks that look like leftovers, so the preview can point at them. */
export function flagLeftovers(blocks: DraftBlock[]): DraftBlock[] {
  return blocks.map((block) => (block.type !== "image" && block.type !== "heading" && isLikelyLeftover(block.text) ? { ...block, flag: "leftover" } : block));
}

/** Counts words as runs of letters or digits. */
export function wordCount(text: string): number {
  return text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}

const BYLINE = /^(?:by|written by|words by|text by|por|escrito por|texto(?: de)?|autor(?:a)?|author)\s*:?\s+(\p{Lu}[\p{L}.'’-]*(?:\s+(?:and|y|&|de|del|la|van|von|da|\p{Lu}[\p{L}.'’-]*)){0,6})$/iu;

/** The author's name when a line is a byline ("By Jane Doe", "Por María López"), else undefined. */
export function bylineAuthor(text: string): string | undefined {
  const match = BYLINE.exec(text.trim());
  return match?.[1]?.trim();
}

const MONTHS: Record<string, number> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6, july: 7, jul: 7,
  august: 8, aug: 8, september: 9, sep: 9, sept: 9, october: 10, oct: 10, november: 11, nov: 11, december: 12, dec: 12,
  enero: 1, ene: 1, febrero: 2, marzo: 3, abril: 4, abr: 4, mayo: 5, junio: 6, julio: 7, agosto: 8, ago: 8,
  septiembre: 9, setiembre: 9, octubre: 10, noviembre: 11, diciembre: 12, dic: 12,
};

const DATE_PREFIX = /^(?:published|updated|posted|first published|publicado|actualizado|fecha)(?:\s+(?:on|el))?\s*:?\s*/i;
const WEEKDAY = /^(?:mon|tue|wed|thu|fri|sat|sun|lun|mar|mié|mie|jue|vie|sáb|sab|dom)[a-zé]*\.?,?\s+/i;
const TIME_TAIL = /[\s,]+(?:at\s+|a las\s+)?\d{1,2}[:.h]\d{2}(?:\s*(?:am|pm|h))?(?:\s*[A-Z]{2,5}|\s*\(?[A-Z]{2,5}\)?)?$/i;

/**
 * Reads a line that is only a date ("12 March 2024", "March 12, 2024", "12 de marzo de 2024",
 * "2024-03-12", optionally after "Published" and before a time) as YYYY-MM-DD, else undefined.
 */
export function parseDateLine(text: string): string | undefined {
  const line = text.trim().replace(DATE_PREFIX, "").replace(TIME_TAIL, "").replace(/[.,]$/, "").trim();
  return parseBareDate(line) ?? parseBareDate(line.replace(WEEKDAY, ""));
}

function parseBareDate(line: string): string | undefined {
  let match = /^(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]+Z?)?$/.exec(line);
  if (match) return isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(\d{1,2})(?:st|nd|rd|th|º)?\s+(?:de\s+)?([\p{L}]+)\.?,?\s+(?:de\s+|del\s+)?(\d{4})$/iu.exec(line);
  if (match) return isoDate(Number(match[3]), MONTHS[match[2]!.toLowerCase()], Number(match[1]));
  match = /^([\p{L}]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/iu.exec(line);
  if (match) return isoDate(Number(match[3]), MONTHS[match[1]!.toLowerCase()], Number(match[2]));
  return undefined;
}

function isoDate(year: number, month: number | undefined, day: number): string | undefined {
  if (!month || year < 1000 || year > 2999 || day < 1 || day > 31) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return undefined;
  return date.toISOString().slice(0, 10);
}

const STOPWORDS: Record<"en" | "es", Set<string>> = {
  en: new Set("the and of to is in that it was for with as are this be on not by they have from which their what were we you he she his her an at or but".split(" ")),
  es: new Set("el la de que y los las del se por un una con para es su al lo como más pero sus le ya o este sí porque esta entre cuando muy sin sobre también me hasta hay donde desde todo nos durante".split(" ")),
};

/** Guesses whether a text is English or Spanish from its commonest words; "" when unsure. */
export function guessLanguage(text: string): "en" | "es" | "" {
  const words = text.slice(0, 50_000).toLowerCase().match(/\p{L}+/gu) ?? [];
  let en = 0;
  let es = 0;
  for (const word of words) {
    if (STOPWORDS.en.has(word)) en++;
    if (STOPWORDS.es.has(word)) es++;
  }
  if (en >= 5 && en > es * 1.5) return "en";
  if (es >= 5 && es > en * 1.5) return "es";
  return "";
}
