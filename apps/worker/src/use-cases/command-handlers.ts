import { CommandHandlers } from '@app/command-engine';
import { PlaceOrderUseCase } from './place-order/place-order.usecase';
import { SubmitTransferUseCase } from './submit-transfer/submit-transfer.usecase';
import { SubscriptionCommandUseCase } from './subscription-command/subscription-command.usecase';

/** The use cases the table below is made of (the worker module provides them). */
export const USE_CASES = [PlaceOrderUseCase, SubmitTransferUseCase, SubscriptionCommandUseCase] as const;

/** The use case of every command type: a type left out does not compile. */
export function commandHandlers(order: PlaceOrderUseCase, transfer: SubmitTransferUseCase, subscription: SubscriptionCommandUseCase): CommandHandlers {
  return {
    'place-order': order,
    'submit-transfer': transfer,
    'update-subscription': subscription,
    'suspend-subscription': subscription,
    'reactivate-subscription': subscription,
    'cancel-subscription': subscription,
    'upgrade-subscription': subscription,
    'put-scheduled-change': subscription,
    'delete-scheduled-change': subscription,
    'convert-trial': subscription,
    // Time-driven: the time keeper submits them into the subscription's queue; a renewal's
    // completion is applied outside it (RenewalCompleter), through the same use case.
    'start-renewal': subscription,
    'complete-renewal': subscription,
    'end-trial': subscription,
    'expire-subscription': subscription,
    'charge-cycle': subscription,
  };
}
