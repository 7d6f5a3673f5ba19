import { errors, JWTVerifyGetKey, jwtVerify, JWTVerifyOptions, SignJWT } from 'jose';
import { ApplicationError } from '../common/application-error';
import { DEFAULT_CLOCK_TOLERANCE_SECONDS, DEFAULT_MAX_AGE_SECONDS, SHARED_SECRET_ALGORITHM } from './auth-config';
import { KeySetUnavailableError } from './remote-key-set';
import { Actor, ROLES, Role } from '../kernel';

const INVESTOR_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const MAX_SUB_LENGTH = 128;
const REALM = 'deal-room';

export interface ActorClaims {
  readonly sub: string;
  readonly role: Role;
  readonly investorId?: string;
}

/** The shared secret, or a function that picks an identity provider's public key by the token's `kid`. */
export type VerificationKey = Uint8Array | JWTVerifyGetKey;

export interface TokenChecks {
  /**
   * The only `alg` values accepted (HS256 when unset). Pinned: the token's own header never chooses how it
   * is checked, so `alg: none` and algorithm-confusion tokens are refused before any signature is looked at.
   */
  readonly algorithms?: readonly string[];
  /** Required `iss` when set. */
  readonly issuer?: string;
  /** Required `aud` when set. */
  readonly audience?: string;
  /** Seconds: the oldest `iat` accepted, and the longest `exp - iat` (DEFAULT_MAX_TOKEN_AGE when unset). */
  readonly maxAge?: number;
  /** Seconds of clock difference forgiven on `exp`, `nbf` and `iat` (DEFAULT_CLOCK_TOLERANCE when unset). */
  readonly clockTolerance?: number;
}

// A day: a token outliving its holder's session by more is a token nobody can take back. Half a minute
// of clock difference between the identity provider and this server.
const DEFAULT_MAX_TOKEN_AGE = DEFAULT_MAX_AGE_SECONDS;
const DEFAULT_CLOCK_TOLERANCE = DEFAULT_CLOCK_TOLERANCE_SECONDS;

/** The time claims of a verified token, in seconds since the epoch; checked again on every use. */
export interface TokenTimes {
  readonly exp: number;
  readonly iat: number;
  readonly nbf?: number;
}

export interface VerifiedToken {
  readonly actor: Actor;
  readonly times: TokenTimes;
}

export interface MintOptions extends Omit<TokenChecks, 'algorithms'> {
  /** A jose time span: '8h', '30 minutes', '-1h' (already expired, for tests). */
  readonly expiresIn?: string;
}

export type ReadClaims = { ok: true; actor: Actor } | { ok: false; problem: string };

/** The actor a token speaks for, or why its claims do not describe one. */
export function readActorClaims(claims: Readonly<Record<string, unknown>>): ReadClaims {
  const { sub, role, investorId } = claims;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > MAX_SUB_LENGTH) {
    return { ok: false, problem: `sub must be a string of 1-${MAX_SUB_LENGTH} characters` };
  }
  const knownRole = ROLES.find((candidate) => candidate === role);
  if (knownRole === undefined) return { ok: false, problem: `role must be one of ${ROLES.join(', ')}` };
  if (knownRole !== 'investor') {
    // An investorId on any other role would be ignored; refusing it catches a token minted by mistake.
    if (investorId !== undefined) return { ok: false, problem: 'investorId is only allowed with the investor role' };
    return { ok: true, actor: { sub, role: knownRole } };
  }
  if (typeof investorId !== 'string' || !INVESTOR_ID.test(investorId)) {
    return {
      ok: false,
      problem: 'the investor role needs an investorId of 1-128 letters, digits, ".", "_", ":" or "-"',
    };
  }
  return { ok: true, actor: { sub, role: knownRole, investorId } };
}

export async function mintToken(
  claims: ActorClaims,
  secret: Uint8Array,
  { expiresIn = '8h', issuer, audience }: MintOptions = {},
): Promise<string> {
  const read = readActorClaims({ ...claims });
  if (!read.ok) throw new Error(`Cannot mint a token: ${read.problem}`);
  const { sub, ...rest } = read.actor;
  const jwt = new SignJWT({ ...rest })
    .setProtectedHeader({ alg: SHARED_SECRET_ALGORITHM, typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn);
  if (issuer !== undefined) jwt.setIssuer(issuer);
  if (audience !== undefined) jwt.setAudience(audience);
  return jwt.sign(secret);
}

/**
 * The actor behind a bearer token. A bad token is an UNAUTHENTICATED ApplicationError (401); a key set that
 * cannot be fetched is IDENTITY_PROVIDER_UNAVAILABLE (503).
 */
export async function verifyAccessToken(token: string, key: VerificationKey, checks: TokenChecks = {}, now = Date.now()): Promise<Actor> {
  return (await verifyToken(token, key, checks, now)).actor;
}

/** verifyAccessToken, also answering the token's time claims (for a cache to check them again later). */
export async function verifyToken(token: string, key: VerificationKey, checks: TokenChecks, now: number): Promise<VerifiedToken> {
  // Base64url has one spelling per value; the decoder also takes '=' padding and stray low bits of the
  // last character, which would make one token into many strings (and many rate-limit budgets).
  const encoding = encodingProblem(token);
  if (encoding !== undefined) throw invalidToken(encoding);
  const algorithms = [...(checks.algorithms ?? [SHARED_SECRET_ALGORITHM])];
  const options: JWTVerifyOptions = {
    algorithms,
    requiredClaims: ['exp', 'iat'],
    issuer: checks.issuer,
    audience: checks.audience,
    clockTolerance: checks.clockTolerance ?? DEFAULT_CLOCK_TOLERANCE,
    currentDate: new Date(now),
  };
  let payload: Record<string, unknown>;
  try {
    // Two calls because jose's overloads take a key or a key-picking function, not a union of the two.
    ({ payload } =
      typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options));
  } catch (error) {
    if (error instanceof KeySetUnavailableError) throw keysUnavailable();
    if (error instanceof errors.JOSEError) throw invalidToken(describeFailure(error, algorithms));
    throw error;
  }
  // jose has checked that exp and iat are numbers, and nbf when present.
  const times: TokenTimes = { exp: payload.exp as number, iat: payload.iat as number, ...(payload.nbf === undefined ? {} : { nbf: payload.nbf as number }) };
  checkTokenTimes(times, checks, now);
  const read = readActorClaims(payload);
  if (!read.ok) throw invalidToken(`The access token does not describe an actor: ${read.problem}`);
  return { actor: read.actor, times };
}

/**
 * Whether a token is usable at `now` (milliseconds), by its time claims alone: not expired, valid already,
 * not issued in the future, no older than the maximum age and not made to live longer than it (so that
 * `exp: 1e300` is refused, not trusted for ever). Run on every use, cached or not.
 */
export function checkTokenTimes({ exp, iat, nbf }: TokenTimes, checks: TokenChecks, now: number): void {
  const seconds = Math.floor(now / 1000);
  const tolerance = checks.clockTolerance ?? DEFAULT_CLOCK_TOLERANCE;
  const maxAge = checks.maxAge ?? DEFAULT_MAX_TOKEN_AGE;
  if (exp <= seconds - tolerance) throw invalidToken('The access token has expired');
  if (nbf !== undefined && nbf > seconds + tolerance) throw invalidToken('The access token is not valid yet');
  if (iat > seconds + tolerance) throw invalidToken('The access token was issued in the future (iat)');
  if (seconds - iat - tolerance > maxAge) {
    throw invalidToken(`The access token is older than the maximum token age of ${maxAge} seconds (iat)`);
  }
  if (!(exp - iat <= maxAge)) {
    throw invalidToken(`The access token lives longer (exp - iat) than the maximum token age of ${maxAge} seconds`);
  }
}

// Padding is refused below, as another spelling, rather than here, as a malformed token.
const BASE64URL = /^[A-Za-z0-9_-]*={0,2}$/;

// jose refuses what is not three parts, in its own words; a JWS's three must each be base64url as RFC 7515
// writes it (no padding, unused bits zero), so that one token has one spelling.
function encodingProblem(token: string): string | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  if (parts.some((part) => !BASE64URL.test(part) || part.replace(/=+$/, '').length % 4 === 1)) return 'The access token is malformed';
  if (parts.some((part) => Buffer.from(part, 'base64url').toString('base64url') !== part)) {
    return 'The access token is not in canonical base64url form (padding or unused bits set)';
  }
  return undefined;
}

export function missingToken(): ApplicationError {
  return new ApplicationError('UNAUTHENTICATED', 401, 'This request needs an Authorization: Bearer <token> header', [], {
    'WWW-Authenticate': `Bearer realm="${REALM}"`,
  });
}

// The identity provider's fault, not the caller's: a 401 would send a client to fetch a new token it has already.
function keysUnavailable(): ApplicationError {
  const detail = "The identity provider's signing keys could not be fetched to check the access token. Retry shortly.";
  return new ApplicationError('IDENTITY_PROVIDER_UNAVAILABLE', 503, detail, [], { 'Retry-After': '5' });
}

function invalidToken(detail: string): ApplicationError {
  // RFC 6750, section 3: the description may not hold '"' or '\'; ours are fixed phrases without them.
  return new ApplicationError('UNAUTHENTICATED', 401, detail, [], {
    'WWW-Authenticate': `Bearer realm="${REALM}", error="invalid_token", error_description="${detail}"`,
  });
}

export const SIGNED_WITH_ANOTHER_SECRET =
  'The access token signature is invalid: was it minted with another secret, from another data directory or AUTH_JWT_SECRET than this server uses?';

// Fixed phrases rather than jose's messages, which are worded for developers and may change.
function describeFailure(error: InstanceType<typeof errors.JOSEError>, algorithms: readonly string[]): string {
  if (error instanceof errors.JWTExpired) return 'The access token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return `The access token lacks the required ${error.claim} claim`;
    if (error.claim === 'nbf') return 'The access token is not valid yet';
    if (error.claim === 'iss') return 'The access token comes from another issuer';
    if (error.claim === 'aud') return 'The access token is meant for another audience';
    return `The access token has an invalid ${error.claim} claim`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return `The access token must be signed with ${algorithms.join(' or ')}`;
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return 'The access token was signed with a key the identity provider does not publish';
  }
  if (error instanceof errors.JWKSMultipleMatchingKeys) {
    return 'The access token does not name (kid) which of several keys signed it';
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    // With a shared secret the usual cause is a token minted with another one: another data directory's
    // jwt-secret file, or another AUTH_JWT_SECRET.
    return algorithms.every((algorithm) => algorithm.startsWith('HS')) ? SIGNED_WITH_ANOTHER_SECRET : 'The access token signature is invalid';
  }
  return 'The access token is malformed';
}
