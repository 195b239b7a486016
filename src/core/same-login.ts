/** GitHub logins are case-insensitive: `Alice` and `alice` are one account. */
export function sameLogin(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}
