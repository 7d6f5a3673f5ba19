import { RoundCommandMessage } from '../write-path';
import { RecordFunding } from './record-funding.decide';

/** Records, for the company, a payment received against an accepted subscription. */
export class RecordFundingCommand extends RoundCommandMessage<RecordFunding['data']> {}
