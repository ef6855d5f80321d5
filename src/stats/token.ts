/**
 * The publisher's token for /stats and /stats.json: read from the request (a Bearer
 * token, the password of Basic authentication, which lets a browser ask for it, or a
 * `token` query parameter) and compared in constant time, as digests of equal length,
 * so neither the answer's timing nor its length tells how much of a guess was right.
 */

/** The token a request carries, if any. */
export function presentedToken(request: Request): string | undefined {
  const authorization = request.headers.get("authorization") ?? "";
  const [scheme = "", value = ""] = authorization.trim().split(/\s+/, 2);
  if (/^bearer$/i.test(scheme) && value) return value;
  if (/^basic$/i.test(scheme) && value) {
    try {
      const decoded = atob(value);
      // user:password, any user: the password is the token.
      return decoded.slice(decoded.indexOf(":") + 1);
    } catch {
      return undefined;
    }
  }
  return new URL(request.url).searchParams.get("token") ?? undefined;
}

const encoder = new TextEncoder();

async function digest(value: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(value)));
}

/** True when `presented` is `expected`, compared without an early exit. */
export async function tokensMatch(presented: string | undefined, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([digest(presented ?? ""), digest(expected)]);
  let difference = presented === undefined ? 1 : 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}
