// Every round command's slice of decide behind one switch, for specs that play a round through many
// commands. The app never needs it: each command handler runs its own slice through the write path.
import { AcceptTerm, decideAcceptTerm } from '../../../apps/deal-room/src/rounds/accept-term/accept-term.decide';
import { AdmitInvestor, decideAdmitInvestor } from '../../../apps/deal-room/src/rounds/admit-investor/admit-investor.decide';
import { CancelRound, decideCancelRound } from '../../../apps/deal-room/src/rounds/cancel-round/cancel-round.decide';
import { CloseRound, decideCloseRound } from '../../../apps/deal-room/src/rounds/close-round/close-round.decide';
import { ConfirmIndication, decideConfirmIndication } from '../../../apps/deal-room/src/rounds/confirm-indication/confirm-indication.decide';
import { ReconfirmCommitment, decideReconfirmCommitment } from '../../../apps/deal-room/src/rounds/reconfirm-commitment/reconfirm-commitment.decide';
import { decideMakeCommitment, MakeCommitment } from '../../../apps/deal-room/src/rounds/make-commitment/make-commitment.decide';
import { decideOpenRound, OpenRound } from '../../../apps/deal-room/src/rounds/open-round/open-round.decide';
import { decideProposeTerm, ProposeTerm } from '../../../apps/deal-room/src/rounds/propose-term/propose-term.decide';
import { decideRejectTerm, RejectTerm } from '../../../apps/deal-room/src/rounds/reject-term/reject-term.decide';
import { decideWithdrawCommitment, WithdrawCommitment } from '../../../apps/deal-room/src/rounds/withdraw-commitment/withdraw-commitment.decide';
import { decideWithdrawTerm, WithdrawTerm } from '../../../apps/deal-room/src/rounds/withdraw-term/withdraw-term.decide';
import { SignSubscription, decideSignSubscription } from '../../../apps/deal-room/src/rounds/sign-subscription/sign-subscription.decide';
import { AcceptSubscription, decideAcceptSubscription } from '../../../apps/deal-room/src/rounds/accept-subscription/accept-subscription.decide';
import { RecordFunding, decideRecordFunding } from '../../../apps/deal-room/src/rounds/record-funding/record-funding.decide';
import { SetDeadlines, decideSetDeadlines } from '../../../apps/deal-room/src/rounds/set-deadlines/set-deadlines.decide';
import { AddCondition, decideAddCondition } from '../../../apps/deal-room/src/rounds/add-condition/add-condition.decide';
import { SatisfyCondition, decideSatisfyCondition } from '../../../apps/deal-room/src/rounds/satisfy-condition/satisfy-condition.decide';
import { HoldClosing, decideHoldClosing } from '../../../apps/deal-room/src/rounds/hold-closing/hold-closing.decide';
import { SetCapTable, decideSetCapTable } from '../../../apps/deal-room/src/rounds/set-cap-table/set-cap-table.decide';
import { ProposeAllocation, decideProposeAllocation } from '../../../apps/deal-room/src/rounds/propose-allocation/propose-allocation.decide';
import { ApproveAllocation, decideApproveAllocation } from '../../../apps/deal-room/src/rounds/approve-allocation/approve-allocation.decide';
import { ProtectAllocation, decideProtectAllocation } from '../../../apps/deal-room/src/rounds/protect-allocation/protect-allocation.decide';
import { SetAllocationBasis, decideSetAllocationBasis } from '../../../apps/deal-room/src/rounds/set-allocation-basis/set-allocation-basis.decide';
import { RecordRefund, decideRecordRefund } from '../../../apps/deal-room/src/rounds/record-refund/record-refund.decide';
import { DecisionContext, RoundEvent, RoundState } from '../../../apps/deal-room/src/rounds/domain';

export type { AddCondition, SatisfyCondition, HoldClosing, SetCapTable, ProposeAllocation, ApproveAllocation, ProtectAllocation, SetAllocationBasis, RecordRefund };
export type { SignSubscription, AcceptSubscription, RecordFunding, SetDeadlines };
export type { AcceptTerm, AdmitInvestor, CancelRound, CloseRound, ConfirmIndication, ReconfirmCommitment, DecisionContext, MakeCommitment, OpenRound, ProposeTerm, RejectTerm, WithdrawCommitment, WithdrawTerm };

export type RoundCommand =
  | OpenRound
  | AdmitInvestor
  | ProposeTerm
  | AcceptTerm
  | RejectTerm
  | WithdrawTerm
  | MakeCommitment
  | WithdrawCommitment
  | ConfirmIndication
  | ReconfirmCommitment
  | SignSubscription
  | AcceptSubscription
  | RecordFunding
  | SetDeadlines
  | AddCondition
  | SatisfyCondition
  | HoldClosing
  | SetCapTable
  | ProposeAllocation
  | ApproveAllocation
  | ProtectAllocation
  | SetAllocationBasis
  | RecordRefund
  | CloseRound
  | CancelRound;

export function decide(command: RoundCommand, state: RoundState, context: DecisionContext): RoundEvent[] {
  switch (command.type) {
    case 'OpenRound':
      return decideOpenRound(command, state, context);
    case 'AdmitInvestor':
      return decideAdmitInvestor(command, state, context);
    case 'ProposeTerm':
      return decideProposeTerm(command, state, context);
    case 'AcceptTerm':
      return decideAcceptTerm(command, state, context);
    case 'RejectTerm':
      return decideRejectTerm(command, state, context);
    case 'WithdrawTerm':
      return decideWithdrawTerm(command, state, context);
    case 'MakeCommitment':
      return decideMakeCommitment(command, state, context);
    case 'WithdrawCommitment':
      return decideWithdrawCommitment(command, state, context);
    case 'ConfirmIndication':
      return decideConfirmIndication(command, state, context);
    case 'ReconfirmCommitment':
      return decideReconfirmCommitment(command, state, context);
    case 'SignSubscription':
      return decideSignSubscription(command, state, context);
    case 'AcceptSubscription':
      return decideAcceptSubscription(command, state, context);
    case 'RecordFunding':
      return decideRecordFunding(command, state, context);
    case 'SetDeadlines':
      return decideSetDeadlines(command, state, context);
    case 'AddCondition':
      return decideAddCondition(command, state, context);
    case 'SatisfyCondition':
      return decideSatisfyCondition(command, state, context);
    case 'HoldClosing':
      return decideHoldClosing(command, state, context);
    case 'SetCapTable':
      return decideSetCapTable(command, state, context);
    case 'ProposeAllocation':
      return decideProposeAllocation(command, state, context);
    case 'ApproveAllocation':
      return decideApproveAllocation(command, state, context);
    case 'ProtectAllocation':
      return decideProtectAllocation(command, state, context);
    case 'SetAllocationBasis':
      return decideSetAllocationBasis(command, state, context);
    case 'RecordRefund':
      return decideRecordRefund(command, state, context);
    case 'CloseRound':
      return decideCloseRound(command, state, context);
    case 'CancelRound':
      return decideCancelRound(command, state, context);
    default: {
      const unknown: never = command;
      throw new TypeError(`Unknown command ${(unknown as { type: string }).type}`);
    }
  }
}
