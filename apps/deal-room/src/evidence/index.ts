// Signed statements, keys, Merkle trees and chained logs: what receipts, anchors and the access log share.
export { ChainedLog } from './chained-log';
export type { ChainedAppend } from './chained-log';
export { inclusionProof, leafHash, merkleRoot, rootFromProof, sortLeaves } from './merkle';
export type { HeadLeaf, InclusionProof } from './merkle';
export { openStatement, signStatement } from './signed-statement';
export type { OpenedStatement } from './signed-statement';
export { loadOrCreateSigningKey, parseVerifyingKeys, publicJwkOf, readSigningKey, SIGNING_KEY, SIGNING_KEY_FILE, signingKeyOf, verifyingKeyOf } from './signing-key';
export type { PublicJwk, SigningKey, VerifyingKey } from './signing-key';
export { ANCHOR_TYP, RECEIPT_TYP } from './statements';
export { POSITION_TOKEN, PositionTokens } from './position-tokens';
export type { AnchorPayload, ReceiptPayload } from './statements';
