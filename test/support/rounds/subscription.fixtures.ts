// Events of the way from commitment to paid-in capital, for the subscription specs.
import { Actor } from '../../../apps/deal-room/src/kernel';
import { FundsReceived, SubscriptionAccepted, SubscriptionSigned } from '../../../apps/deal-room/src/rounds/domain';
import { amount, dealLead, investorUser, stampOf } from './round.fixtures';

export const subscriptionSigned = (investorId: string, decimal: string, documentReference = `SA-${investorId}`): SubscriptionSigned => ({
  type: 'SubscriptionSigned',
  data: { ...stampOf(investorUser(investorId)), investorId, amount: amount(decimal), documentReference },
});

export const subscriptionAccepted = (investorId: string, decimal: string, actor: Actor = dealLead): SubscriptionAccepted => ({
  type: 'SubscriptionAccepted',
  data: { ...stampOf(actor), investorId, amount: amount(decimal) },
});

export const fundsReceived = (investorId: string, decimal: string, reference: string, valueDate = '2025-03-01'): FundsReceived => ({
  type: 'FundsReceived',
  data: { ...stampOf(), investorId, amount: amount(decimal), valueDate, reference },
});
