const base = "http://study-circle.invalid";

/**
 * A same-site path to return to after signing in; anything else (other hosts, `//evil`,
 * `/\evil`, tabs or newlines that browsers strip) becomes "/". Judged the way a browser
 * resolves it, so no spelling trick leads off the site.
 */
export function safeReturnPath(value: string | null | undefined): string {
  if (!value || !value.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(value)) return "/";
  let resolved: URL;
  try {
    resolved = new URL(value, base);
  } catch {
    return "/";
  }
  if (resolved.origin !== base) return "/";
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}
