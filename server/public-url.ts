/**
 * The address people reach the app at: PUBLIC_URL, which server/index.ts hands to next-auth and
 * to the route modules as NEXTAUTH_URL before any of them loads.
 */
export function publicUrl(): string {
  return process.env.NEXTAUTH_URL ?? "http://localhost:3000";
}

/** An address under the app's public one (keeping a path the app may be served under), e.g. `publicAddress("/inbox")`. */
export function publicAddress(path: string): string {
  return `${publicUrl().replace(/\/$/, "")}${path}`;
}
