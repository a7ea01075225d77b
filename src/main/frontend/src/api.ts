// Token handling and JSON requests against the gateway's HTTP API.

const TOKEN_KEY = "ecugw.token";

export function token(): string {
  return localStorage.getItem(TOKEN_KEY) ?? "";
}

export function setToken(value: string): void {
  if (value) {
    localStorage.setItem(TOKEN_KEY, value);
  } else {
    localStorage.removeItem(TOKEN_KEY);
  }
}

export function authHeaders(): Record<string, string> {
  const t = token();
  return t ? { Authorization: `Bearer ${t}` } : {};
}

/** ws://host/path or wss://…, with the token as a query parameter (browsers cannot set headers). */
export function wsUrl(path: string): string {
  const proto = location.protocol === "https:" ? "wss:" : "ws:";
  const t = token();
  return `${proto}//${location.host}${path}${t ? `?token=${encodeURIComponent(t)}` : ""}`;
}

export async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: authHeaders() });
  const body = await res.text();
  if (!res.ok) {
    throw new Error(errorText(res.status, body));
  }
  return JSON.parse(body) as T;
}

export function errorText(status: number, body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: string };
    if (parsed.error) {
      return `${status}: ${parsed.error}`;
    }
  } catch {
    // not JSON: fall through
  }
  return `${status}: ${body.slice(0, 200) || "request failed"}`;
}
