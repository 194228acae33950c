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
  "home", "about", "about us", "contact", "contact us", "search", "log in", "sign in", "donate", "join", "join us", "pin", "facebook",
  "twitter", "x", "whatsapp", "telegram", "linkedin", "instagram", "mastodon", "bluesky", "reddit", "categories", "tags", "topics",
  "archives", "latest news", "latest posts", "recent posts", "most viewed", "most popular", "leave a reply", "leave a comment", "like",
  "publicidad", "anuncio", "patrocinado", "compartir", "compartir en facebook", "compartir en twitter", "cerrar", "ampliar", "leer más",
  "sigue leyendo", "suscríbete", "relacionados", "noticias relacionadas", "imagen", "foto", "fotografía", "vídeo", "ver vídeo", "escuchar",
  "copiar enlace", "comentarios", "volver arriba", "siguiente", "anterior", "lo más leído", "inicio", "portada", "buscar", "menú",
  "contacto", "contáctanos", "iniciar sesión", "entrar", "afíliate", "hazte socia", "hazte socio", "dona", "archivos", "categorías",
  "etiquetas", "temas", "entradas recientes", "últimas noticias", "me gusta", "relacionado", "deja un comentario", "imprimir",
]);

// Lines a page prints around every article: share and download buttons, breadcrumbs, contact
// details, legal small print, comment counters and the links to other posts.
const FURNITURE = [
  /^(?:share|compartir|comparte)\b.{0,40}$/i,
  /^(?:skip|ir|saltar) (?:to|al|a la)\b/i,
  /\bsearch page$|\bbuscar en la página$/i,
  /^(?:you are here|estás en|usted está en)\b|\S\s*[›»>]\s*\S.*\s[›»>]\s/i,
  /©|\ball rights reserved\b|\btodos los derechos reservados\b|\bregistered charity\b|\blicen[cs]ia cc\b|\bcreative commons\b/i,
  /\b(?:privacy|cookies?|cookie settings|terms|accessibility|aviso legal|privacidad|mapa del sitio|site ?map)\s*(?:[|·•]|$)/i,
  /^(?:tel(?:éfono|ephone)?|phone|tfno|móvil|mobile|fax)\b\.?:?\s*\+?[\d\s().-]{7,}$/i,
  /^(?:e-?mail|correo(?: electrónico)?)\s*:?\s*\S+@\S+$|^\S+@\S+\.\w+$/i,
  /\b(?:powered by|funciona con|proudly powered)\b/i,
  /^(?:filed under|tagged|posted in|etiquetas|categorías|archivado en|topics|temas)\s*:/i,
  /^(?:previous|next) (?:post|article|story)\s*:|^(?:entrada|artículo) (?:anterior|siguiente)\s*:/i,
  /^\d+ (?:comments?|replies|comentarios?|respuestas?)$|^(?:comments|comentarios) \(\d+\)$/i,
  /^(?:read|lee|leer|descarga|descargar|download|see|ver)\b[^.!?]{0,60}(?:…|\.\.\.|\(pdf[^)]*\))$/i,
  /^(?:download|descarga|descargar)\b.{0,50}\bpdf\b/i,
  /^(?:sign up|subscribe|suscríbete|apúntate)\b.{0,40}\b(?:newsletter|boletín)$/i,
  /^(?:your email address|tu (?:correo|email)|tu dirección de correo)$/i,
  /^(?:more|más) (?:interviews|stories|articles|news|entrevistas|noticias|artículos)$/i,
  /^(?:support|apoya)\b.{0,50}\b(?:journalism|periodismo)$/i,
  /^reuse this content$/i,
  /^(?:listen to this article|escucha(?:r)? (?:este|la) (?:artículo|noticia))$|^\d{1,3} min(?:utes?|utos?)?(?: read| de lectura)?$|^(?:lectura|reading time)\s*:?\s*\d{1,3} min/i,
];

// An address: a postcode ("M3 5DW", "28004 Madrid"), or a street with a house number.
const POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b|\b\d{5} \p{Lu}/u;
const STREET = /\b(?:street|st|road|rd|lane|avenue|ave|square|calle|c\/|avenida|avda|plaza|paseo|carrer|unit)\b/i;

function isAddress(line: string): boolean {
  if (!line.includes(",") || /[.!?]$/.test(line)) return false;
  if (POSTCODE.test(line)) return true;
  return line.split(",").some((part) => STREET.test(part) && /\b(?!(?:1[89]|20)\d{2}\b)\d{1,4}\b/.test(part));
}

const COMMENTS_CUE = /^(?:\d+ (?:comments?|comentarios?|respuestas?)|(?:comments|comentarios) \(\d+\)|leave a (?:reply|comment)|deja (?:un comentario|una respuesta)|have your say|view comments|ver comentarios)$/i;

/** Whether a line opens the readers' comments under an article ("5 comments", "Deja una respuesta"). */
export function opensComments(text: string): boolean {
  return COMMENTS_CUE.test(text.trim());
}

/** Whether a line is part of the page around the article (menus, share buttons, contact details, footer), not of the article. */
export function isPageFurniture(text: string): boolean {
  const line = text.trim();
  if (/[.!?]["”»]?$/.test(line) && wordCount(line) > 12) return false;
  if (FURNITURE.some((pattern) => pattern.test(line))) return true;
  if (isAddress(line)) return true;
  // A row of links: "About | Contact | Privacy", "Aviso legal · Privacidad · Cookies".
  const parts = line.split(/\s+[|·•]\s+/);
  return parts.length >= 3 && parts.every((part) => wordCount(part) <= 3);
}

/** Whether a short line is probably debris from the page around the text: an image's name, a share button, an ad label. */
export function isLikelyLeftover(text: string): boolean {
  const line = text.trim();
  if (!line) return true;
  if (SYMBOLS_ONLY.test(line) || IMAGE_FILE.test(line) || URL_ONLY.test(line)) return true;
  const plain = line.toLowerCase().replace(/[\s:.…·|>»›→]+$/u, "").trim();
  if (PAGE_CHROME.has(plain) || isPageFurniture(line) || isAltText(line)) return true;
  if (wordCount(line) > 3 || !DECOR_WORD.test(line) || /[.!?]$/.test(line)) return false;
  // "The Logo Problem" is a heading; "line decor", "Header image" and "hero-banner" are not.
  return /^\p{Ll}/u.test(line) || STRONG_DECOR_WORD.test(line);
}

const ALT_PREFIX = /^(?:photo|image|picture|foto|imagen|img)\s*:\s*/i;

/**
 * Whether a line is an image's alternative text left behind by the copy: a few lowercase words
 * ("books on a table", "carmen olmedo"), or "Imagen: huelga 1976", where a caption would say more.
 */
export function isAltText(text: string): boolean {
  const line = text.trim();
  if (/[.!?,;:]$/.test(line)) return false;
  if (ALT_PREFIX.test(line)) return wordCount(line.replace(ALT_PREFIX, "")) <= 3;
  const words = wordCount(line);
  if (ALT_OPENER.test(line)) return words <= 8;
  return words >= 1 && words <= 4 && /^\p{Ll}/u.test(line) && !/^(?:and|or|but|y|o|pero)\b/.test(line);
}

const ALT_OPENER = /^(?:graphic|chart|map|diagram|photo|image|picture|illustration) (?:of|showing|with)\b|^(?:gráfico|mapa|foto|imagen|ilustración)(?: de| con|$)|^(?:mapa|gráfico) de\b/i;

/**
 * Whether a short line is an image's alternative text because the caption under it repeats it:
 * "Imran Shah" over "Imran Shah, driver"; "Temporeras en el asentamiento" over "Temporeras frente
 * a los barracones del asentamiento, en Moguer."
 */
export function isEchoedByCaption(text: string, next: string | undefined): boolean {
  const line = text.trim();
  if (next === undefined || /[.!?:;,]$/.test(line) || wordCount(line) > 8 || wordCount(next) > 30) return false;
  const words = contentWords(line);
  const following = new Set(contentWords(next));
  const shared = words.filter((word) => following.has(word)).length;
  return shared >= 2 && shared * 5 >= words.length * 3;
}

const FUNCTION_WORDS = new Set(
  "what when where which while they them their there these those this that with from have were been will would could should about after before into over under your our para como pero esta este estos estas cuando donde desde hasta sobre entre porque ellos ellas nuestro nuestra".split(" "),
);

function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/\p{L}{4,}/gu) ?? []).filter((word) => !FUNCTION_WORDS.has(word));
}

/** Whether a leftover line stands where an image was, so the text right under it is likely the image's caption. */
export function marksImagePlace(text: string): boolean {
  const line = text.trim();
  return IMAGE_FILE.test(line) || isAltText(line) || (wordCount(line) <= 3 && /\b(?:image|img|photo|picture|imagen|foto)\b/i.test(line));
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
  // A heading may be a short quotation: "We see our kids asleep".
  const unquoted = /^["“«].*["”»]$/u.test(line) ? line.slice(1, -1) : line;
  if (/[.,;:!…"”»]$/.test(unquoted)) return false;
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

const BYLINE = /^(?:by|written by|words by|text by|words and photos by|interview by|interviewed by|report by|por|escrito por|texto(?: de)?|entrevista de|autor(?:a)?|author)\s*:?\s+(\p{Lu}[\p{L}.'’-]*(?:\s+(?:and|y|&|de|del|la|van|von|da|\p{Lu}[\p{L}.'’-]*)){0,6})$/iu;

/** The author's name when a line is a byline ("By Jane Doe", "Por María López"), else undefined. */
export function bylineAuthor(text: string): string | undefined {
  // "By Priya Chandra, Labour correspondent": the role after the comma is not the name.
  const match = BYLINE.exec(text.trim().replace(/,\s+[\p{L}\s]{3,40}$/u, ""));
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
const TIME_HEAD = /^\d{1,2}[:.h]\d{2}(?:\s*(?:am|pm|h))?,?\s+/i;
const TIME_TAIL = /[\s,]+(?:[-–]\s+)?(?:at\s+|a las\s+)?\d{1,2}[:.h]\d{2}(?:\s*(?:am|pm|h))?(?:\s*[A-Z]{2,5}|\s*\(?[A-Z]{2,5}\)?)?$/i;

/**
 * Reads a line that is only a date ("12 March 2024", "March 12, 2024", "12 de marzo de 2024",
 * "2024-03-12", optionally after "Published" and before a time) as YYYY-MM-DD, else undefined.
 */
export function parseDateLine(text: string): string | undefined {
  const line = text.trim().replace(DATE_PREFIX, "").replace(TIME_HEAD, "").replace(TIME_TAIL, "").replace(/[.,]$/, "").trim();
  // "Huelva, 2 abril 2024": the place the story was filed from.
  const placed = line.replace(/^\p{Lu}[\p{L} ]{1,30},\s+(?=\d)/u, "");
  return parseBareDate(placed) ?? parseBareDate(placed.replace(WEEKDAY, ""));
}

function parseBareDate(line: string): string | undefined {
  let match = /^(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]+Z?)?$/.exec(line);
  if (match) return isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(line);
  if (match) return isoDate(Number(match[3]), Number(match[2]), Number(match[1])) ?? isoDate(Number(match[3]), Number(match[1]), Number(match[2]));
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

/** Whether a line is a sentence or more of the article's own text: long enough, and ending like a sentence. */
export function looksLikeProse(text: string): boolean {
  const line = text.trim();
  const words = wordCount(line);
  if (words >= 25) return true;
  return words >= 8 && /[.!?…]["”»)]?$/.test(line) && !isPageFurniture(line);
}

const MONTH_NAME = new RegExp(`\\b(?:${Object.keys(MONTHS).filter((name) => name.length > 3).join("|")})\\b`, "i");
const WEEKDAY_NAME = /\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lunes|martes|miércoles|jueves|viernes|sábado|domingo)\b/i;
const PLACEMENT = /\((?:left|right|centre|center|second (?:left|right)|izquierda|derecha|centro)\)|\b(?:from left|left to right|de izquierda a derecha|en primer plano|in the foreground|en el centro|in the centre)\b/i;

/**
 * Whether a line names what a photo shows the way captions do: a date or a year, a position in
 * the picture ("(left)", "en el centro"), or people and a place set off by commas.
 */
export function showsCaptionCues(text: string): boolean {
  const line = text.trim();
  if (PLACEMENT.test(line)) return true;
  const dated = /\b(?:1[89]|20)\d{2}\b/.test(line) || MONTH_NAME.test(line) || WEEKDAY_NAME.test(line);
  const names = (line.slice(1).match(/(?:^|\s)\p{Lu}\p{Ll}+/gu) ?? []).length;
  return (dated && (line.includes(",") || names >= 1)) || (line.includes(",") && names >= 2);
}

const TIME_ONLY = /^\d{1,2}[:.h]\d{2}(?:\s*(?:am|pm|h))?(?:\s*[A-Z]{2,5})?$/i;
const POSTED_DATE_BY = /^(?:posted|published|publicado|publicada)(?:\s+(?:on|el))?\s+(.+?)\s+(?:by|por)\s+(.+)$/i;
const POSTED_BY_DATE = /^(?:posted|published|publicado|publicada)\s+(?:by|por)\s+(.+?)\s+(?:on|el)\s+(.+)$/i;

/** What a byline or date line under a title says ("By Ana Gil | 2 May 2024", "Publicado por X el 4 de marzo de 2024"), else undefined. */
export function readMetaLine(text: string): { author?: string; date?: string } | undefined {
  const line = text.trim();
  const dateThenAuthor = POSTED_DATE_BY.exec(line);
  if (dateThenAuthor && parseDateLine(dateThenAuthor[1]!)) return { date: parseDateLine(dateThenAuthor[1]!), author: dateThenAuthor[2]!.trim() };
  const authorThenDate = POSTED_BY_DATE.exec(line);
  if (authorThenDate && parseDateLine(authorThenDate[2]!)) return { author: authorThenDate[1]!.trim(), date: parseDateLine(authorThenDate[2]!) };
  const parts = line.split(/\s+[·|•—–-]\s+/).filter((part) => !TIME_ONLY.test(part.trim()));
  const found = parts.map((part) => ({ part, author: bylineAuthor(part), date: parseDateLine(part) }));
  if (found.length === 0) return undefined;
  const dates = found.filter((item) => item.date);
  const authors = found.filter((item) => item.author);
  if (dates.length + authors.length === found.length) return { author: authors[0]?.author, date: dates[0]?.date };
  // "Sindicato de Inquilinas · 15 de enero de 2025": a date beside the name of who published it.
  const others = found.filter((item) => !item.date && !item.author);
  if (dates.length === 1 && others.length === 1 && isNameLike(others[0]!.part)) return { author: authors[0]?.author ?? others[0]!.part.trim(), date: dates[0]!.date };
  return undefined;
}

/** Whether a line could be a name standing alone as a byline ("Redacción", "Local Democracy Reporter"). */
export function isNameLike(text: string): boolean {
  const words = wordCount(text);
  return words >= 1 && words <= 6 && /^\p{Lu}/u.test(text.trim()) && !/[.!?:;]$/.test(text.trim());
}
