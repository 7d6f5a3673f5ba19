// The signed-in token: kept in this tab's session storage only (gone when the tab closes), never in a
// cookie or local storage. Its claims are read for display and for the expiry timer; the API checks it.

export type Role = 'deal-lead' | 'investor' | 'auditor' | 'admin';

export interface Session {
  readonly token: string;
  readonly sub: string;
  readonly role: Role;
  readonly investorId: string | undefined;
  /** Seconds since the epoch. */
  readonly exp: number;
}

const KEY = 'deal-room.token';
const ROLES: readonly string[] = ['deal-lead', 'investor', 'auditor', 'admin'];

/** The session a pasted token opens, or the reason it cannot be used, in words. */
export function parseToken(raw: string, now = Date.now()): Session | string {
  const token = raw.trim().replace(/^Bearer\s+/i, '');
  const parts = token.split('.');
  if (parts.length !== 3) return 'That is not a bearer token: a JWT has three parts separated by dots.';
  let claims: Record<string, unknown>;
  try {
    const json = atob(parts[1].replace(/-/g, '+').replace(/_/g, '/'));
    claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<string, unknown>;
  } catch {
    return 'That token cannot be read: its claims are not base64url JSON.';
  }
  const { sub, role, investorId, exp } = claims;
  if (typeof sub !== 'string' || sub === '') return 'That token names no one: it has no sub claim.';
  if (typeof role !== 'string' || !ROLES.includes(role)) return `That token has no role the deal room knows (${ROLES.join(', ')}).`;
  if (typeof exp !== 'number') return 'That token never expires, which the deal room refuses: mint one with an exp claim.';
  if (exp * 1000 <= now) return 'That token has expired: mint a new one.';
  if (role === 'investor' && typeof investorId !== 'string') return 'That investor token names no firm: it has no investorId claim.';
  return { token, sub, role: role as Role, investorId: typeof investorId === 'string' ? investorId : undefined, exp };
}

export function loadSession(): Session | undefined {
  const stored = sessionStorage.getItem(KEY);
  if (stored === null) return undefined;
  const session = parseToken(stored);
  if (typeof session === 'string') {
    sessionStorage.removeItem(KEY);
    return undefined;
  }
  return session;
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(KEY, session.token);
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}
