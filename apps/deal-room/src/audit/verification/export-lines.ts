import { HeadLeaf, InclusionProof } from '../../evidence/merkle';

/** The name of this export format, documented in docs/audit-export-format.md. */
export const EXPORT_FORMAT = 'deal-room.export.v1';

/** An event as exported: what its hash covers (type, data, metadata), where it sits, and what it says. */
export interface ExportedEvent {
  readonly kind: 'event';
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly [field: string]: unknown;
}

/** A signed anchor that holds a head of the exported stream, with the proof that it does. */
export interface ExportedAnchor {
  readonly kind: 'anchor';
  /** The anchor statement, a JWS (typ `deal-room-anchor+jws`) whose payload names the Merkle root. */
  readonly statement: string;
  readonly leaf: HeadLeaf;
  readonly proof: InclusionProof;
}

export type ExportLine = ExportedEvent | ExportedAnchor;

export interface ParsedExport {
  readonly events: ExportedEvent[];
  readonly anchors: ExportedAnchor[];
  /** Lines that are not JSON or not of a known kind, by line number: an export is refused rather than half read. */
  readonly problems: string[];
}

/** Reads a JSON Lines export (the round's, the access log's or the anchors'); every bad line is named. */
export function parseExport(text: string, source: string): ParsedExport {
  const events: ExportedEvent[] = [];
  const anchors: ExportedAnchor[] = [];
  const problems: string[] = [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  else if (lines.length > 0) problems.push(`${source}: the last line does not end in a newline (a cut file?)`);
  lines.forEach((line, index) => {
    const where = `${source} line ${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problems.push(`${where} is not JSON`);
      return;
    }
    const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    if (record.kind === 'event' && typeof record.stream === 'string' && Number.isSafeInteger(record.revision) && typeof record.type === 'string' && 'data' in record) {
      events.push(record as unknown as ExportedEvent);
    } else if (record.kind === 'anchor' && typeof record.statement === 'string' && isLeaf(record.leaf) && isProof(record.proof)) {
      anchors.push(record as unknown as ExportedAnchor);
    } else {
      problems.push(`${where} is neither an event nor an anchor of ${EXPORT_FORMAT}`);
    }
  });
  return { events, anchors, problems };
}

const isLeaf = (value: unknown): value is HeadLeaf => {
  const leaf = value as HeadLeaf | null;
  return typeof leaf === 'object' && leaf !== null && typeof leaf.stream === 'string' && Number.isSafeInteger(leaf.revision) && typeof leaf.hash === 'string';
};

const isProof = (value: unknown): value is InclusionProof => {
  const proof = value as InclusionProof | null;
  return typeof proof === 'object' && proof !== null && Number.isSafeInteger(proof.index) && Number.isSafeInteger(proof.size) && Array.isArray(proof.path) && proof.path.every((p) => typeof p === 'string');
};
