import { RoundCommandMessage } from '../write-path';
import { AdmitInvestor } from './admit-investor.decide';

/** Admits an investor to the round, under the tier and ticket limit given. */
export class AdmitInvestorCommand extends RoundCommandMessage<AdmitInvestor['data']> {}
