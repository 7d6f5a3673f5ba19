import { RoundCommandMessage } from '../write-path';
import { AddCondition } from './add-condition.decide';

/** Adds a condition precedent of the close. */
export class AddConditionCommand extends RoundCommandMessage<AddCondition['data']> {}
