// Signed Merkle anchors of every round's head.
export { AnchorIndex } from './anchor-index';
export type { AnchorClaim } from './anchor-index';
export { ANCHOR_RECORDED, ANCHOR_STREAM, anchorDataOf } from './anchor-record';
export type { AnchorData } from './anchor-record';
export { AnchorService } from './anchor.service';
export type { RecordedAnchor } from './anchor.service';
export { anchorOptionsOf, AnchorsModule } from './anchors.module';
