/** A same-site path to return to after signing in; anything else (other hosts, `//evil`) becomes "/". */
export function safeReturnPath(value: string | null | undefined): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  return value;
}
