import { RoundCommandMessage } from '../write-path';
import { SignSubscription } from './sign-subscription.decide';

/** Signs, as the investor, its subscription agreement. */
export class SignSubscriptionCommand extends RoundCommandMessage<SignSubscription['data']> {}
