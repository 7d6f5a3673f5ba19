import { RoundCommandMessage } from '../write-path';
import { AcceptSubscription } from './accept-subscription.decide';

/** Countersigns, for the company, an investor's signed subscription. */
export class AcceptSubscriptionCommand extends RoundCommandMessage<AcceptSubscription['data']> {}
