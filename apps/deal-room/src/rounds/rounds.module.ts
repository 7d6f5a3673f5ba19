import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AccessLogModule } from '../access-log';
import { AcceptTermController } from './accept-term/accept-term.controller';
import { AcceptTermHandler } from './accept-term/accept-term.handler';
import { AdmitInvestorController } from './admit-investor/admit-investor.controller';
import { AdmitInvestorHandler } from './admit-investor/admit-investor.handler';
import { CancelRoundController } from './cancel-round/cancel-round.controller';
import { CancelRoundHandler } from './cancel-round/cancel-round.handler';
import { CloseRoundController } from './close-round/close-round.controller';
import { CloseRoundHandler } from './close-round/close-round.handler';
import { ConfirmIndicationController } from './confirm-indication/confirm-indication.controller';
import { ConfirmIndicationHandler } from './confirm-indication/confirm-indication.handler';
import { ReconfirmCommitmentController } from './reconfirm-commitment/reconfirm-commitment.controller';
import { ReconfirmCommitmentHandler } from './reconfirm-commitment/reconfirm-commitment.handler';
import { GetRoundController } from './get-round/get-round.controller';
import { GetSubscriptionsController } from './get-subscriptions/get-subscriptions.controller';
import { RoundQueries } from './get-round/round-queries';
import { MakeCommitmentController } from './make-commitment/make-commitment.controller';
import { MakeCommitmentHandler } from './make-commitment/make-commitment.handler';
import { OpenRoundController } from './open-round/open-round.controller';
import { OpenRoundHandler } from './open-round/open-round.handler';
import { ProposeTermController } from './propose-term/propose-term.controller';
import { ProposeTermHandler } from './propose-term/propose-term.handler';
import { RejectTermController } from './reject-term/reject-term.controller';
import { RejectTermHandler } from './reject-term/reject-term.handler';
import { WithdrawCommitmentController } from './withdraw-commitment/withdraw-commitment.controller';
import { WithdrawCommitmentHandler } from './withdraw-commitment/withdraw-commitment.handler';
import { WithdrawTermController } from './withdraw-term/withdraw-term.controller';
import { WithdrawTermHandler } from './withdraw-term/withdraw-term.handler';
import { SignSubscriptionController } from './sign-subscription/sign-subscription.controller';
import { SignSubscriptionHandler } from './sign-subscription/sign-subscription.handler';
import { AcceptSubscriptionController } from './accept-subscription/accept-subscription.controller';
import { AcceptSubscriptionHandler } from './accept-subscription/accept-subscription.handler';
import { RecordFundingController } from './record-funding/record-funding.controller';
import { RecordFundingHandler } from './record-funding/record-funding.handler';
import { SetDeadlinesController } from './set-deadlines/set-deadlines.controller';
import { SetDeadlinesHandler } from './set-deadlines/set-deadlines.handler';
import { AddConditionController } from './add-condition/add-condition.controller';
import { AddConditionHandler } from './add-condition/add-condition.handler';
import { SatisfyConditionController } from './satisfy-condition/satisfy-condition.controller';
import { SatisfyConditionHandler } from './satisfy-condition/satisfy-condition.handler';
import { HoldClosingController } from './hold-closing/hold-closing.controller';
import { HoldClosingHandler } from './hold-closing/hold-closing.handler';
import { SetCapTableController } from './set-cap-table/set-cap-table.controller';
import { SetCapTableHandler } from './set-cap-table/set-cap-table.handler';
import { GetCapTableController } from './get-cap-table/get-cap-table.controller';
import { GetConditionsController } from './get-conditions/get-conditions.controller';
import { ProposeAllocationController } from './propose-allocation/propose-allocation.controller';
import { ProposeAllocationHandler } from './propose-allocation/propose-allocation.handler';
import { ApproveAllocationController } from './approve-allocation/approve-allocation.controller';
import { ApproveAllocationHandler } from './approve-allocation/approve-allocation.handler';
import { ProtectAllocationController } from './protect-allocation/protect-allocation.controller';
import { ProtectAllocationHandler } from './protect-allocation/protect-allocation.handler';
import { SetAllocationBasisController } from './set-allocation-basis/set-allocation-basis.controller';
import { SetAllocationBasisHandler } from './set-allocation-basis/set-allocation-basis.handler';
import { RecordRefundController } from './record-refund/record-refund.controller';
import { RecordRefundHandler } from './record-refund/record-refund.handler';
import { RoundStates, RoundWritePath } from './write-path';
import { RefusalInterceptor } from './refusals/refusal.interceptor';
import { RefusalLog } from './refusals/refusal-log';
import { RefusalsController } from './refusals/refusals.controller';
import { UnknownRoundRefusalsController } from './refusals/unknown-round-refusals.controller';

// One controller and one handler per use case; they share the write path, and reads have their queries.
const controllers = [
  OpenRoundController,
  AdmitInvestorController,
  ProposeTermController,
  AcceptTermController,
  RejectTermController,
  WithdrawTermController,
  MakeCommitmentController,
  WithdrawCommitmentController,
  ConfirmIndicationController,
  ReconfirmCommitmentController,
  SignSubscriptionController,
  AcceptSubscriptionController,
  RecordFundingController,
  SetDeadlinesController,
  AddConditionController,
  SatisfyConditionController,
  HoldClosingController,
  SetCapTableController,
  ProposeAllocationController,
  ApproveAllocationController,
  ProtectAllocationController,
  SetAllocationBasisController,
  RecordRefundController,
  CloseRoundController,
  CancelRoundController,
  GetRoundController,
  GetSubscriptionsController,
  GetCapTableController,
  GetConditionsController,
  RefusalsController,
  UnknownRoundRefusalsController,
];
const commandHandlers = [
  OpenRoundHandler,
  AdmitInvestorHandler,
  ProposeTermHandler,
  AcceptTermHandler,
  RejectTermHandler,
  WithdrawTermHandler,
  MakeCommitmentHandler,
  WithdrawCommitmentHandler,
  ConfirmIndicationHandler,
  ReconfirmCommitmentHandler,
  SignSubscriptionHandler,
  AcceptSubscriptionHandler,
  RecordFundingHandler,
  SetDeadlinesHandler,
  AddConditionHandler,
  SatisfyConditionHandler,
  HoldClosingHandler,
  SetCapTableHandler,
  ProposeAllocationHandler,
  ApproveAllocationHandler,
  ProtectAllocationHandler,
  SetAllocationBasisHandler,
  RecordRefundHandler,
  CloseRoundHandler,
  CancelRoundHandler,
];
const writePath = [RoundStates, RoundWritePath];
const queries = [RoundQueries];
const refusals = [RefusalLog, RefusalInterceptor];

@Module({
  imports: [CqrsModule, AccessLogModule],
  controllers,
  providers: [...writePath, ...commandHandlers, ...queries, ...refusals],
  // The audit trail answers another company's round as the round itself does.
  exports: [RoundQueries],
})
export class RoundsModule {}
