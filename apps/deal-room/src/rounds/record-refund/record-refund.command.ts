import { RoundCommandMessage } from '../write-path';
import { RecordRefund } from './record-refund.decide';

/** Records, for the company, money paid back to an investor. */
export class RecordRefundCommand extends RoundCommandMessage<RecordRefund['data']> {}
