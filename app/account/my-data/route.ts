import { exportAccountData } from "@/db/accounts";
import { currentAccount } from "@/server/accounts/current-user";
import { download, fileName } from "@/server/review-exports";

/** The signed-in person's own data as one JSON file: profile, memberships and what they wrote. */
export async function GET(): Promise<Response> {
  const user = await currentAccount();
  if (!user) return Response.json({ error: { code: "UNAUTHENTICATED", message: "Sign in to download your data." } }, { status: 401, headers: { "Cache-Control": "no-store" } });
  const data = await exportAccountData(user.id);
  return download(JSON.stringify(data, null, 2), fileName(`study-circle-${user.username}-${data.exportedAt.slice(0, 10)}`, "json"), "application/json");
}
