/** The raster image types the app stores; SVG is left out because it can carry scripts. */
export type StoredImageType = { extension: "png" | "jpg" | "gif" | "webp" | "avif"; mime: string };

/** Recognises an image by its first bytes, never by what a server or file name claims. */
export function sniffImageType(bytes: Uint8Array): StoredImageType | undefined {
  const starts = (...values: number[]) => values.every((value, index) => bytes[index] === value);
  const ascii = (from: number, text: string) => [...text].every((char, index) => bytes[from + index] === char.charCodeAt(0));
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return { extension: "png", mime: "image/png" };
  if (starts(0xff, 0xd8, 0xff)) return { extension: "jpg", mime: "image/jpeg" };
  if (ascii(0, "GIF87a") || ascii(0, "GIF89a")) return { extension: "gif", mime: "image/gif" };
  if (ascii(0, "RIFF") && ascii(8, "WEBP")) return { extension: "webp", mime: "image/webp" };
  if (ascii(4, "ftypavif") || ascii(4, "ftypavis")) return { extension: "avif", mime: "image/avif" };
  return undefined;
}

/** The MIME type for a stored image's file name. */
export function mimeForStoredFile(file: string): string | undefined {
  const extension = file.split(".").pop();
  return { png: "image/png", jpg: "image/jpeg", gif: "image/gif", webp: "image/webp", avif: "image/avif" }[extension ?? ""];
}
