import { eventHash, GENESIS_HASH } from '../../event-sourcing/hash-chain';
import { HeadLeaf, rootFromProof } from '../../evidence/merkle';
import { openStatement } from '../../evidence/signed-statement';
import { VerifyingKey } from '../../evidence/signing-key';
import { ANCHOR_TYP, AnchorPayload, RECEIPT_TYP, ReceiptPayload } from '../../evidence/statements';
import { ExportedAnchor } from './export-lines';

/** An event with what its hash covers; its other fields are not needed to verify it. */
export interface ChainEvent {
  readonly revision: number;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
}

export interface Evidence {
  readonly anchors: readonly ExportedAnchor[];
  /** Receipts as their holders kept them (JWS compact). */
  readonly receipts: readonly string[];
  /** The deployment's public keys; null when none was given, and signatures then go unchecked. */
  readonly keys: readonly VerifyingKey[] | null;
  /** From the store's stream metadata (`$tb`): events before it were deleted. Unknown offline. */
  readonly truncatedBefore?: number | null;
}

export interface Comparison {
  readonly checked: number;
  readonly matching: number;
  readonly findings: string[];
}

export interface StreamVerdict {
  /** One plain sentence: the verdict for a person. */
  readonly verdict: string;
  /** Everything holds: the chain, the numbering, the seal of a closed round, every anchor and receipt. */
  readonly intact: boolean;
  readonly stream: string;
  /** Every link of the hash chain recomputes. */
  readonly valid: boolean;
  readonly events: number;
  readonly firstRevision: number | null;
  readonly headRevision: number | null;
  /** The last hash that checks out; the chain's head when `valid`. */
  readonly headHash: string;
  readonly firstInvalidRevision?: number;
  /** Revisions missing between the first and the last, each run as from..to. */
  readonly gaps: { readonly from: number; readonly to: number }[];
  /** The stream was deleted and written again: it does not start at revision 0. */
  readonly recreated: boolean;
  /** Records from before the access log was chained (the access log only). */
  readonly unchained: number;
  readonly sealed: { readonly closed: boolean; readonly sealedHeadHash: string | null; readonly matches: boolean };
  /** Each initial or later closing's own seal: the hash of the event before it, as that closing recorded it. */
  readonly closings: readonly InterimSeal[];
  readonly anchors: Comparison & { readonly latest: { readonly anchoredAt: string; readonly revision: number; readonly matches: boolean } | null };
  readonly receipts: Comparison;
  /** Every finding, worst first; the verdict is the first. */
  readonly findings: string[];
}

export interface InterimSeal {
  readonly closingNumber: number | null;
  readonly revision: number;
  readonly sealedHeadHash: string | null;
  readonly matches: boolean;
}

// Wire names are `deal-room.<Event>.v<n>`: any version of the closing event carries the seal.
const ROUND_CLOSED = /^deal-room\.RoundClosed\.v\d+$/;
// So does every initial or later closing, each sealed to the history before it.
const CLOSING_HELD = /^deal-room\.ClosingHeld\.v\d+$/;
// The access log was kept before it was chained; its first records may carry no chain.
const MAY_START_UNCHAINED = new Set(['access-log']);

/**
 * The whole check of one stream's history against what is known of it, with no store: the exported
 * events, and the anchors, receipts and keys given. Generic over event types: only the closing event's
 * seal is read from a particular type.
 */
export function verifyHistory(stream: string, events: readonly ChainEvent[], evidence: Evidence): StreamVerdict {
  const findings: string[] = [];
  const label = labelOf(stream);

  const chain = checkChain(stream, events);
  if (chain.firstInvalid) findings.push(chain.firstInvalid.finding);

  const firstRevision = events.length > 0 ? events[0].revision : null;
  const headRevision = events.length > 0 ? events[events.length - 1].revision : null;
  const truncated = evidence.truncatedBefore ?? null;
  const recreated = (firstRevision !== null && firstRevision !== 0) || (truncated !== null && truncated > 0);
  if (recreated) {
    const start = firstRevision ?? truncated;
    findings.push(`${label} was deleted and re-created: it starts at revision ${start}, not 0, so what came before is gone.`);
  }
  const gaps = gapsOf(events);
  if (gaps.length > 0) findings.push(`${label} has gaps: revision${gaps.length > 1 || gaps[0].from !== gaps[0].to ? 's' : ''} ${gaps.map(span).join(', ')} ${gaps.length > 1 || gaps[0].from !== gaps[0].to ? 'are' : 'is'} missing.`);

  const byRevision = new Map(events.map((event) => [event.revision, hashOf(event)]));
  const compare = (leaf: { revision: number; hash: string }, source: string): string | null => {
    if (headRevision === null || leaf.revision > headRevision) {
      return `${label} is cut short: ${source} holds revision ${leaf.revision}, but the history ends at ${headRevision === null ? 'nothing' : `revision ${headRevision}`}.`;
    }
    const now = byRevision.get(leaf.revision);
    if (now === undefined) return `${label} lacks revision ${leaf.revision}, which ${source} holds.`;
    if (now !== leaf.hash) return `${label} differs from ${source}: revision ${leaf.revision} had hash ${short(leaf.hash)} then, ${short(now)} now.`;
    return null;
  };

  const anchors = checkAnchors(stream, evidence, compare);
  const revisionOfHash = new Map(events.map((event) => [hashOf(event), event.revision]));
  const receipts = checkReceipts(stream, evidence, compare, (hash) => revisionOfHash.get(hash));
  findings.push(...anchors.findings, ...receipts.findings);

  const sealed = sealOf(events);
  if (sealed.closed && !sealed.matches) findings.push(`${label} is closed, but its seal does not match the history before the closing.`);
  const closings = interimSealsOf(events);
  for (const closing of closings.filter((c) => !c.matches)) {
    const which = closing.closingNumber === null ? 'A closing' : `Closing ${closing.closingNumber}`;
    findings.push(`${label}: ${which} (revision ${closing.revision}) is sealed to ${closing.sealedHeadHash === null ? 'nothing' : short(closing.sealedHeadHash)}, which does not match the history before it.`);
  }
  if (events.length === 0) findings.unshift(`${label} has no events to verify.`);

  const intact = findings.length === 0;
  const verdict = intact ? intactSentence(label, events.length, chain.unchained, sealed.closed, closings.length, anchors, receipts.matching) : findings[0] + (findings.length > 1 ? ` (${findings.length - 1} more finding${findings.length > 2 ? 's' : ''} below.)` : '');
  return {
    verdict,
    intact,
    stream,
    valid: chain.firstInvalid === null && events.length > 0,
    events: events.length,
    firstRevision,
    headRevision,
    headHash: chain.headHash,
    ...(chain.firstInvalid ? { firstInvalidRevision: chain.firstInvalid.revision } : {}),
    gaps,
    recreated,
    unchained: chain.unchained,
    sealed,
    closings,
    anchors,
    receipts,
    findings,
  };
}

function checkChain(stream: string, events: readonly ChainEvent[]) {
  let previous = GENESIS_HASH;
  let unchained = 0;
  let chained = false;
  const label = labelOf(stream);
  for (const event of events) {
    const { hash, ...rest } = asRecord(event.metadata) as { hash?: unknown; prevHash?: unknown };
    if (!chained && MAY_START_UNCHAINED.has(stream) && hash === undefined && rest.prevHash === undefined) {
      unchained += 1;
      continue;
    }
    chained = true;
    if (typeof hash !== 'string' || hash !== eventHash(event.type, event.data, rest)) {
      const finding = `${label} altered at revision ${event.revision}: its content no longer matches its recorded hash.`;
      return { firstInvalid: { revision: event.revision, finding }, headHash: previous, unchained };
    }
    if (rest.prevHash !== previous) {
      const finding = `${label} altered at revision ${event.revision}: it does not chain to the event before it (that one was changed and re-hashed, removed or moved).`;
      return { firstInvalid: { revision: event.revision, finding }, headHash: previous, unchained };
    }
    previous = hash;
  }
  return { firstInvalid: null, headHash: previous, unchained };
}

function gapsOf(events: readonly ChainEvent[]): { from: number; to: number }[] {
  const gaps: { from: number; to: number }[] = [];
  for (let i = 1; i < events.length; i += 1) {
    const expected = events[i - 1].revision + 1;
    if (events[i].revision > expected) gaps.push({ from: expected, to: events[i].revision - 1 });
  }
  return gaps;
}

function checkAnchors(stream: string, evidence: Evidence, compare: (leaf: HeadLeaf, source: string) => string | null): StreamVerdict['anchors'] {
  const findings: string[] = [];
  let checked = 0;
  let matching = 0;
  let latest: StreamVerdict['anchors']['latest'] = null;
  for (const anchor of evidence.anchors) {
    if (anchor.leaf.stream !== stream) continue;
    checked += 1;
    if (evidence.keys === null) {
      findings.push('An anchor was not checked: no public key was given to check its signature with (--key).');
      continue;
    }
    const opened = openStatement<AnchorPayload>(anchor.statement, ANCHOR_TYP, evidence.keys);
    if (!opened.ok) {
      findings.push(`An anchor was refused: it ${opened.reason}.`);
      continue;
    }
    const { root, size, anchoredAt } = opened.payload;
    if (anchor.proof.size !== size || rootFromProof(anchor.leaf, anchor.proof) !== root) {
      findings.push(`The anchor of ${anchoredAt} does not hold this head: its inclusion proof does not lead to its signed root.`);
      continue;
    }
    const mismatch = compare(anchor.leaf, `the anchor of ${anchoredAt}`);
    if (mismatch) findings.push(mismatch);
    else matching += 1;
    if (latest === null || anchoredAt >= latest.anchoredAt) latest = { anchoredAt, revision: anchor.leaf.revision, matches: mismatch === null };
  }
  return { checked, matching, latest, findings };
}

function checkReceipts(
  stream: string,
  evidence: Evidence,
  compare: (leaf: HeadLeaf, source: string) => string | null,
  revisionOf: (hash: string) => number | undefined,
): Comparison {
  const findings: string[] = [];
  let checked = 0;
  let matching = 0;
  for (const receipt of evidence.receipts) {
    if (evidence.keys === null) {
      checked += 1;
      findings.push('A receipt was not checked: no public key was given to check its signature with (--key).');
      continue;
    }
    const opened = openStatement<ReceiptPayload>(receipt, RECEIPT_TYP, evidence.keys);
    if (!opened.ok) {
      checked += 1;
      findings.push(`A receipt was refused: it ${opened.reason}.`);
      continue;
    }
    const { payload } = opened;
    if (payload.stream !== stream) continue;
    checked += 1;
    const source = `the receipt of ${payload.recordedAt}`;
    // A v2 receipt (an investor's write) names its event by hash alone: the history must hold that hash.
    const revision = payload.v === 2 ? revisionOf(payload.hash) : payload.revision;
    const mismatch =
      revision === undefined
        ? `${labelOf(stream)} holds no event with the hash ${short(payload.hash)} that ${source} names: it was rewritten or cut short.`
        : compare({ stream, revision, hash: payload.hash }, source);
    if (mismatch) findings.push(mismatch);
    else matching += 1;
  }
  return { checked, matching, findings };
}

function sealOf(events: readonly ChainEvent[]): StreamVerdict['sealed'] {
  const index = events.findIndex((event) => ROUND_CLOSED.test(event.type));
  if (index < 0) return { closed: false, sealedHeadHash: null, matches: false };
  const stored = asRecord(events[index].data).sealedHeadHash;
  const sealedHeadHash = typeof stored === 'string' ? stored : null;
  const before = index > 0 ? hashOf(events[index - 1]) : undefined;
  return { closed: true, sealedHeadHash, matches: sealedHeadHash !== null && sealedHeadHash === before };
}

/** Every ClosingHeld event's seal, checked as the close's is: against the hash of the event just before it. */
function interimSealsOf(events: readonly ChainEvent[]): InterimSeal[] {
  return events.flatMap((event, index) => {
    if (!CLOSING_HELD.test(event.type)) return [];
    const data = asRecord(event.data);
    const sealedHeadHash = typeof data.sealedHeadHash === 'string' ? data.sealedHeadHash : null;
    const closingNumber = typeof data.closingNumber === 'number' ? data.closingNumber : null;
    const before = index > 0 ? hashOf(events[index - 1]) : undefined;
    return [{ closingNumber, revision: event.revision, sealedHeadHash, matches: sealedHeadHash !== null && sealedHeadHash === before }];
  });
}

function intactSentence(label: string, count: number, unchained: number, closed: boolean, closings: number, anchors: StreamVerdict['anchors'], receipts: number): string {
  const parts = [`${count} event${count === 1 ? '' : 's'}${unchained > 0 ? ` (the first ${unchained} from before the log was chained)` : ''}`];
  if (closings > 0) parts.push(`sealed at ${closings} interim closing${closings === 1 ? '' : 's'}`);
  if (closed) parts.push('sealed at the close');
  parts.push(anchors.latest ? `matches the anchor of ${anchors.latest.anchoredAt}${anchors.matching > 1 ? ` and ${anchors.matching - 1} earlier` : ''}` : 'not yet anchored');
  if (receipts > 0) parts.push(`matches ${receipts} receipt${receipts === 1 ? '' : 's'}`);
  return `${label} intact: ${parts.join(', ')}.`;
}

export const labelOf = (stream: string): string => (stream.startsWith('round-') ? 'History' : stream === 'access-log' ? 'Access log' : `Stream ${stream}`);
const hashOf = (event: ChainEvent): string | undefined => {
  const hash = asRecord(event.metadata).hash;
  return typeof hash === 'string' ? hash : undefined;
};
const span = ({ from, to }: { from: number; to: number }) => (from === to ? String(from) : `${from}-${to}`);
const short = (hash: string) => `${hash.slice(0, 12)}…`;
const asRecord = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/** The CLI's exit status and the API's `intact`: anything found fails. */
export const verdictPasses = (verdict: StreamVerdict): boolean => verdict.intact;
