/** A file's bytes decoded as text, or the reason they are not text. */
export type DecodedText = { ok: true; text: string } | { ok: false; reason: "binary" | "empty" };

// Signatures of common binary formats people rename by mistake: PDF, ZIP (docx, epub, odt),
// PNG, JPEG, GIF, WebP/RIFF, gzip, ELF, Windows executables, OLE (old .doc), MP3, Ogg.
const MAGIC: number[][] = [
  [0x25, 0x50, 0x44, 0x46], [0x50, 0x4b, 0x03, 0x04], [0x89, 0x50, 0x4e, 0x47], [0xff, 0xd8, 0xff], [0x47, 0x49, 0x46, 0x38],
  [0x52, 0x49, 0x46, 0x46], [0x1f, 0x8b], [0x7f, 0x45, 0x4c, 0x46], [0x4d, 0x5a], [0xd0, 0xcf, 0x11, 0xe0], [0x49, 0x44, 0x33], [0x4f, 0x67, 0x67, 0x53],
];

/**
 * Decodes a text file: UTF-8 (with or without BOM), UTF-16 with a BOM, or a declared or
 * Windows-1252 charset for older files. Anything with a binary signature, NUL bytes or many
 * control characters is refused as binary.
 */
export function decodeTextFile(bytes: Uint8Array, declaredCharset?: string): DecodedText {
  if (bytes.length === 0) return { ok: false, reason: "empty" };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return finish(new TextDecoder("utf-16le").decode(bytes));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return finish(new TextDecoder("utf-16be").decode(bytes));
  if (MAGIC.some((magic) => magic.every((byte, index) => bytes[index] === byte))) return { ok: false, reason: "binary" };
  const sample = bytes.subarray(0, 65_536);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return { ok: false, reason: "binary" };
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20) || byte === 0x7f) control++;
  }
  if (control > sample.length * 0.01) return { ok: false, reason: "binary" };
  const charset = declaredCharset?.trim().toLowerCase();
  if (charset && charset !== "utf-8" && charset !== "utf8") {
    try {
      return finish(new TextDecoder(charset).decode(bytes));
    } catch {
      // An unknown label: fall through to UTF-8 and Windows-1252.
    }
  }
  try {
    return finish(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return finish(decodeWindows1252(bytes));
  }
}

// Windows-1252 differs from Latin-1 only in 0x80–0x9F (€, curly quotes, dashes…). Node's
// TextDecoder("windows-1252") decodes as Latin-1, so those bytes are mapped here.
const CP1252_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ";

function decodeWindows1252(bytes: Uint8Array): string {
  let text = "";
  for (let start = 0; start < bytes.length; start += 8192) {
    const chunk = bytes.subarray(start, start + 8192);
    text += String.fromCharCode(...Array.from(chunk, (byte) => (byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH.charCodeAt(byte - 0x80) : byte)));
  }
  return text;
}

function finish(text: string): DecodedText {
  const withoutBom = text.replace(/^\uFEFF/, "");
  return withoutBom.trim() ? { ok: true, text: withoutBom } : { ok: false, reason: "empty" };
}

/** The charset an HTML document declares in a meta tag, if any. */
export function declaredHtmlCharset(head: Uint8Array): string | undefined {
  const ascii = new TextDecoder("latin1").decode(head.subarray(0, 4096));
  return /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(ascii)?.[1];
}
