import { RoundCommandMessage } from '../write-path';
import { ConfirmIndication } from './confirm-indication.decide';

/** Confirms, as the investor, the indication the deal team recorded for it. */
export class ConfirmIndicationCommand extends RoundCommandMessage<ConfirmIndication['data']> {}
