import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import type { TrustProxy } from './app-config';

// The named ranges, as proxy-addr (Express's, and Fastify's fork of it) defines them.
const NAMED_RANGES: Readonly<Record<string, readonly string[]>> = {
  loopback: ['127.0.0.1/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

const USAGE =
  'TRUST_PROXY must be false, a number of proxy hops (0-99), or a comma-separated list of proxy addresses, ' +
  'CIDRs (with a prefix length) or loopback/linklocal/uniquelocal';

type Family = 4 | 6;
type Range = { readonly family: Family; readonly start: bigint; readonly end: bigint };

const BITS: Record<Family, number> = { 4: 32, 6: 128 };
// IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are judged as the IPv4 address they carry.
const MAPPED: Range = { family: 6, start: 0xffffn << 32n, end: (0xffffn << 32n) | 0xffffffffn };

/**
 * Behind a load balancer every request comes from its address, so the per-IP rate limit would be shared
 * by all clients. Trusting the proxy lets the server take the client's address from X-Forwarded-For. A list
 * that trusts every address, `true` or ranges that add up to a whole address family
 * (`0.0.0.0/1,128.0.0.0/1`), is refused: any client could then choose its own IP.
 */
export function parseTrustProxy(raw: string | undefined, errors: string[]): TrustProxy {
  if (raw === undefined || raw === 'false') return false;
  if (raw === '') return fail(errors, 'TRUST_PROXY is set but empty; unset it to use the default');
  if (raw === 'true') {
    return fail(errors, 'TRUST_PROXY=true would trust every client to name its own address in X-Forwarded-For; list your proxies instead');
  }
  if (/^\d{1,2}$/.test(raw)) return Number(raw);
  const entries = raw.split(',').map((entry) => entry.trim());
  const ranges: Range[] = [];
  for (const entry of entries) {
    const parsed = rangesOf(entry);
    if (typeof parsed === 'string') return fail(errors, `${USAGE}; ${parsed}, in ${JSON.stringify(raw)}`);
    ranges.push(...parsed);
  }
  for (const family of [4, 6] as const) {
    const own = ranges.filter((range) => range.family === family);
    if (coversAll(family === 6 ? [...own, MAPPED] : own, BITS[family])) {
      return fail(
        errors,
        `TRUST_PROXY must not cover every IPv${family} address, yet ${JSON.stringify(raw)} does: any client could then ` +
          'name its own address in X-Forwarded-For and escape the per-IP rate limit; list only your proxies',
      );
    }
  }
  return entries;
}

/** The ranges an entry trusts, as proxy-addr reads it; or why it is refused. */
function rangesOf(entry: string): Range[] | string {
  const named = NAMED_RANGES[entry];
  if (named !== undefined) return named.flatMap((cidr) => rangesOf(cidr) as Range[]);
  const slash = entry.lastIndexOf('/');
  const address = slash === -1 ? entry : entry.slice(0, slash);
  const prefixText = slash === -1 ? undefined : entry.slice(slash + 1);
  if (isIP(address) === 0) return `${JSON.stringify(entry)} is not an IP address`;
  let ip = ipaddr.parse(address);
  // proxy-addr keeps a lone IPv4-mapped address as IPv4.
  if (prefixText === undefined && ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) {
    ip = (ip as ipaddr.IPv6).toIPv4Address();
  }
  const family: Family = ip.kind() === 'ipv4' ? 4 : 6;
  const bits = BITS[family];
  const prefix = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  // proxy-addr refuses a /0 too, but with a stack trace at start-up instead of a message.
  if (!(prefix >= 1 && prefix <= bits)) return `${JSON.stringify(entry)} needs a prefix length from 1 to ${bits}`;
  const range = rangeOf(family, toBigInt(ip.toByteArray()), prefix);
  if (family === 6 && prefix >= 96 && (ip as ipaddr.IPv6).isIPv4MappedAddress()) {
    // A mapped subnet also trusts the IPv4 addresses it maps.
    return [range, rangeOf(4, range.start & 0xffffffffn, prefix - 96)];
  }
  return [range];
}

function rangeOf(family: Family, address: bigint, prefix: number): Range {
  const hostBits = BigInt(BITS[family] - prefix);
  const start = (address >> hostBits) << hostBits;
  return { family, start, end: start + (1n << hostBits) - 1n };
}

function toBigInt(bytes: readonly number[]): bigint {
  return bytes.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
}

/** Whether the ranges together hold every address of a `bits`-bit space. */
function coversAll(ranges: readonly Range[], bits: number): boolean {
  const sorted = [...ranges].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  let next = 0n;
  for (const { start, end } of sorted) {
    if (start > next) return false;
    if (end + 1n > next) next = end + 1n;
  }
  return next >= 1n << BigInt(bits);
}

function fail(errors: string[], message: string): false {
  errors.push(message);
  return false;
}
