import { ANCHOR_RECORDED, anchorDataOf } from '../../anchors/anchor-record';
import { inclusionProof, openStatement, RECEIPT_TYP, ReceiptPayload, VerifyingKey } from '../../evidence';
import { ExportedAnchor, ExportedEvent, parseExport } from './export-lines';
import { StreamVerdict, verifyHistory } from './verify-history';

export interface ExportFile {
  readonly source: string;
  readonly text: string;
}

export interface ExportsVerdict {
  readonly verdicts: StreamVerdict[];
  /** Streams that well-signed receipts name but no file holds: those receipts proved nothing here. */
  readonly unmatchedReceiptStreams: string[];
  /** Lines that could not be read: the files are then not verified at all. */
  readonly problems: string[];
}

/**
 * Verifies exports as an auditor received them, with no store: every stream found in the files, against
 * the anchors they carry (anchor lines of a round's export, or a whole export of the anchors stream) and
 * the receipts given.
 */
export function verifyExports(files: readonly ExportFile[], receipts: readonly string[], keys: readonly VerifyingKey[] | null): ExportsVerdict {
  const events: ExportedEvent[] = [];
  const anchors: ExportedAnchor[] = [];
  const problems: string[] = [];
  for (const { source, text } of files) {
    const parsed = parseExport(text, source);
    events.push(...parsed.events);
    anchors.push(...parsed.anchors);
    problems.push(...parsed.problems);
  }
  if (problems.length > 0) return { verdicts: [], unmatchedReceiptStreams: [], problems };

  const streams = new Map<string, ExportedEvent[]>();
  for (const event of events) streams.set(event.stream, [...(streams.get(event.stream) ?? []), event]);
  anchors.push(...claimsFromAnchorEvents(events, [...streams.keys()]));
  const verdicts = [...streams].map(([stream, streamEvents]) => verifyHistory(stream, streamEvents, { anchors, receipts, keys }));
  const named = receipts.map((receipt) => (keys === null ? null : openStatement<ReceiptPayload>(receipt, RECEIPT_TYP, keys))).flatMap((opened) => (opened?.ok ? [opened.payload.stream] : []));
  const unmatchedReceiptStreams = [...new Set(named.filter((stream) => !streams.has(stream)))];
  return { verdicts, unmatchedReceiptStreams, problems };
}

/** An export of the anchors stream holds every leaf: the proof for each exported stream is computed here. */
function claimsFromAnchorEvents(events: readonly ExportedEvent[], streams: readonly string[]): ExportedAnchor[] {
  const claims: ExportedAnchor[] = [];
  for (const event of events) {
    if (event.type !== ANCHOR_RECORDED) continue;
    const data = anchorDataOf(event.data);
    if (!data) continue;
    data.leaves.forEach((leaf, index) => {
      if (streams.includes(leaf.stream)) claims.push({ kind: 'anchor', statement: data.statement, leaf, proof: inclusionProof(data.leaves, index) });
    });
  }
  return claims;
}
