import { createHash } from 'node:crypto';
import { canonicalJson } from '../event-sourcing/hash-chain';

/** One round's (or the access log's) head, as an anchor records it. */
export interface HeadLeaf {
  readonly stream: string;
  readonly revision: number;
  readonly hash: string;
}

export interface InclusionProof {
  /** The leaf's place among the anchor's leaves (sorted by stream), from 0. */
  readonly index: number;
  readonly size: number;
  /** Sibling hashes (hex), from the leaf up, as RFC 9162 section 2.1.3.1 defines the inclusion path. */
  readonly path: readonly string[];
}

// RFC 9162 (Certificate Transparency 2.0) Merkle tree: 0x00 before a leaf, 0x01 before two children,
// so no leaf can pass for an inner node.
const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();

export const leafHash = (leaf: HeadLeaf): Buffer => sha256(Buffer.from([0]), Buffer.from(canonicalJson({ hash: leaf.hash, revision: leaf.revision, stream: leaf.stream }), 'utf8'));

/** Leaves in one order everyone can reproduce: by stream name, compared as UTF-16 code units like JCS keys. */
export const sortLeaves = (leaves: readonly HeadLeaf[]): HeadLeaf[] => [...leaves].sort((a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0));

export function merkleRoot(leaves: readonly HeadLeaf[]): string {
  return treeHash(leaves.map(leafHash)).toString('hex');
}

function treeHash(hashes: readonly Buffer[]): Buffer {
  if (hashes.length === 0) return sha256();
  if (hashes.length === 1) return hashes[0];
  const k = largestPowerOfTwoBelow(hashes.length);
  return sha256(Buffer.from([1]), treeHash(hashes.slice(0, k)), treeHash(hashes.slice(k)));
}

export function inclusionProof(leaves: readonly HeadLeaf[], index: number): InclusionProof {
  const hashes = leaves.map(leafHash);
  const path: string[] = [];
  const walk = (m: number, slice: readonly Buffer[]): void => {
    if (slice.length <= 1) return;
    const k = largestPowerOfTwoBelow(slice.length);
    if (m < k) {
      walk(m, slice.slice(0, k));
      path.push(treeHash(slice.slice(k)).toString('hex'));
    } else {
      walk(m - k, slice.slice(k));
      path.push(treeHash(slice.slice(0, k)).toString('hex'));
    }
  };
  walk(index, hashes);
  return { index, size: leaves.length, path };
}

/** RFC 9162 section 2.1.3.2: recomputes the root from the leaf and its path. */
export function rootFromProof(leaf: HeadLeaf, proof: InclusionProof): string | null {
  const { index, size, path } = proof;
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) return null;
  let fn = index;
  let sn = size - 1;
  let r = leafHash(leaf);
  for (const sibling of path) {
    if (sn === 0) return null;
    const p = Buffer.from(sibling, 'hex');
    if (fn % 2 === 1 || fn === sn) {
      r = sha256(Buffer.from([1]), p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = sha256(Buffer.from([1]), r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 ? r.toString('hex') : null;
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
