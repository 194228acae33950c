import { roleInGroup } from "@/db/groups";
import { currentUser } from "@/server/accounts/current-user";
import { readStoredImage } from "@/server/article-fetch/media-store";

type Params = { params: Promise<{ groupId: string; file: string }> };

/** Serves an image stored with one of the group's articles, to the group's members only. */
export async function GET(_request: Request, { params }: Params): Promise<Response> {
  const { groupId, file } = await params;
  const user = await currentUser();
  if (!user || !(await roleInGroup(groupId, user.id))) return new Response("Not found", { status: 404 });
  const image = await readStoredImage(groupId, file);
  if (!image) return new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(image.bytes), {
    headers: {
      "content-type": image.mime,
      "content-length": String(image.bytes.length),
      // Named by their content, so they never change; private because the group is.
      "cache-control": "private, max-age=31536000, immutable",
      "content-security-policy": "default-src 'none'; sandbox",
    },
  });
}
