// Receipts for acknowledged writes, and the deployment's public key.
export { RECEIPT_HEADER, ReceiptIssuer } from './receipt-issuer';
export { ReceiptsModule } from './receipts.module';
export type { ReceiptsModuleOptions } from './receipts.module';
