// The shared write path of the round commands, and the command message every use case sends on the bus.
export { RoundCommandMessage } from './round-command-message';
export { ROUND_STATE_VERSION, roundAnswer, RoundStates, RoundWritePath, termAnswer } from './round-write-path';
export type { RoundOutcome } from './round-write-path';
