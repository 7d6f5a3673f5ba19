import { createHash } from 'node:crypto';

/** The `prevHash` of a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted and `undefined` members left out, exactly as they vanish on the wire: the
 * same value always encodes to the same text, before it is stored and after it is read back.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** SHA-256 over the event's type, data and metadata (which holds `prevHash` but not `hash`). */
export function eventHash(type: string, data: unknown, metadataWithoutHash: unknown): string {
  return createHash('sha256').update(canonicalJson({ type, data, metadata: metadataWithoutHash })).digest('hex');
}

export interface ChainedEvent {
  readonly revision: bigint;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
}

export interface ChainVerdict {
  readonly valid: boolean;
  readonly events: number;
  /** The last hash that checks out; the chain's head when `valid`. */
  readonly headHash: string;
  readonly firstInvalidRevision?: string;
}

/** Recomputes every link: a changed type, data or metadata, or a removed or reordered event, breaks it. */
export function verifyChain(events: Iterable<ChainedEvent>): ChainVerdict {
  let previous = GENESIS_HASH;
  let count = 0;
  for (const event of events) {
    count += 1;
    const { hash, ...rest } = (event.metadata ?? {}) as { hash?: unknown; prevHash?: unknown };
    const intact = rest.prevHash === previous && typeof hash === 'string' && hash === eventHash(event.type, event.data, rest);
    if (!intact) return { valid: false, events: count, headHash: previous, firstInvalidRevision: String(event.revision) };
    previous = hash;
  }
  return { valid: true, events: count, headHash: previous };
}
