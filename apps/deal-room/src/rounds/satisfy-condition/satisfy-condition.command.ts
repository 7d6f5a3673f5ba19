import { RoundCommandMessage } from '../write-path';
import { SatisfyCondition } from './satisfy-condition.decide';

/** Marks a condition of the close as satisfied. */
export class SatisfyConditionCommand extends RoundCommandMessage<SatisfyCondition['data']> {}
