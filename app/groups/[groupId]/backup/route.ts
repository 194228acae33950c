import { exportGroupBackup, referencedMedia } from "@/db/backup";
import { AppError } from "@/lib/errors";
import { withMedia } from "@/lib/review/backup-format";
import { collectMedia } from "@/server/backup-media";
import { sealBackup } from "@/server/backup-seal";
import { download, exportResponse, fileName } from "@/server/review-exports";

type Context = { params: Promise<{ groupId: string }> };

/** The whole group as a backup file, images included (owners only); restore it from the groups page or with `npm run backup:import`. */
export async function GET(_request: Request, { params }: Context): Promise<Response> {
  const { groupId } = await params;
  return exportResponse(groupId, async ({ role }) => {
    if (role !== "owner") throw new AppError("FORBIDDEN", "Only the group's owners can download its backup.");
    const tables = await exportGroupBackup(groupId);
    const backup = sealBackup(withMedia(tables, await collectMedia(groupId, referencedMedia(tables))));
    return download(JSON.stringify(backup), fileName(`${backup.group.name}-backup-${backup.exportedAt.slice(0, 10)}`, "json"), "application/json");
  });
}
