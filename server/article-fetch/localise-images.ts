import type { DraftBlock } from "../../lib/article/draft";
import { importLimits } from "../../lib/article/limits";
import { fetchUrl } from "./fetch-url";
import { isGroupMediaSrc, storeImage } from "./media-store";
import type { FetchSettings } from "./settings";

/** What to do with an article's images: keep copies on this server, or leave them out (captions stay). */
export type ImageChoice = "store" | "omit";

/** The blocks with every image either stored locally or removed, and how many of each. */
export type LocalisedImages = { blocks: DraftBlock[]; stored: number; omitted: number };

const TOTAL_BUDGET_MS = 60_000;

/**
 * Makes sure a reader never loads an image from another host: each image is fetched once
 * (or decoded from a data: address), checked to be a raster image and stored for the group,
 * or dropped. Images already stored for this group stay. Captions are separate blocks, so
 * they stay either way.
 */
export async function localiseImages(groupId: string, blocks: DraftBlock[], choice: ImageChoice, settings: FetchSettings): Promise<LocalisedImages> {
  const deadline = Date.now() + TOTAL_BUDGET_MS;
  const result: DraftBlock[] = [];
  let stored = 0;
  let omitted = 0;
  for (const block of blocks) {
    if (block.type !== "image" || !block.image) {
      result.push(block);
      continue;
    }
    const src = block.image.src;
    if (isGroupMediaSrc(groupId, src)) {
      result.push(block);
      continue;
    }
    const local = choice === "store" && stored < importLimits.images && Date.now() < deadline ? await storeOne(groupId, src, settings, deadline) : undefined;
    if (local) {
      result.push({ ...block, image: { src: local, alt: block.image.alt } });
      stored++;
    } else {
      omitted++;
    }
  }
  return { blocks: result, stored, omitted };
}

async function storeOne(groupId: string, src: string, settings: FetchSettings, deadline: number): Promise<string | undefined> {
  try {
    if (src.startsWith("data:")) {
      const match = /^data:image\/[a-z+.-]+;base64,([A-Za-z0-9+/=\s]+)$/i.exec(src);
      if (!match) return undefined;
      const bytes = Buffer.from(match[1]!, "base64");
      return bytes.length <= importLimits.imageBytes ? await storeImage(groupId, bytes) : undefined;
    }
    const image = await fetchUrl(src, {
      timeoutMs: Math.max(500, Math.min(settings.timeoutMs, deadline - Date.now())),
      maxBytes: importLimits.imageBytes,
      maxRedirects: importLimits.redirects,
      allowedNetworks: settings.allowedNetworks,
      accept: "image/avif,image/webp,image/png,image/jpeg,image/gif;q=0.9,*/*;q=0.1",
    });
    return await storeImage(groupId, image.bytes);
  } catch {
    return undefined;
  }
}
