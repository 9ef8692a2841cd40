import { DomainError, refuse } from '../errors/domain-error';
import type { Customer } from '../model/customer';
import type { Partner } from '../model/partner';

const hasAcceptedRelationship = (customer: Customer, partnerId: string): boolean =>
  (customer.relationshipPartnerIds ?? []).includes(partnerId);

/** R-TRA-1/3: the target is another partner able to transact, with an accepted relationship to the customer. */
export function requireTransferTarget(source: Partner, targetPartnerId: string, customer: Customer, partners: readonly Partner[]): Partner {
  const target = partners.find((p) => p.id === targetPartnerId);
  const reason = !target ? 'UNKNOWN_TARGET'
    : target.id === source.id ? 'SAME_PARTNER'
      : target.type === 'indirect-reseller' ? 'TARGET_CANNOT_TRANSACT'
        : !hasAcceptedRelationship(customer, target.id) ? 'NO_ACCEPTED_RELATIONSHIP'
          : undefined;
  if (reason) refuse('TRANSFER_NOT_ALLOWED', `The subscriptions cannot be transferred to partner ${targetPartnerId} (${reason}).`, { targetPartnerId, reason });
  return target as Partner;
}

export interface TransferRequest {
  id: string;
  customerId: string;
  sourcePartnerId: string;
  targetPartnerId: string;
  customerEmail: string;
  status: 'pending' | 'completed';
}

/**
 * R-TRA-1: the target partner, with an accepted relationship to the customer, requests a transfer from
 * the customer's current partner, naming the e-mail that receives the notifications. Undefined when valid.
 */
export function checkTransferRequest(target: Partner, customer: Customer, sourcePartnerId: string, customerEmail: string): DomainError | undefined {
  const reason = target.type === 'indirect-reseller' ? 'TARGET_CANNOT_TRANSACT'
    : !hasAcceptedRelationship(customer, target.id) ? 'NO_ACCEPTED_RELATIONSHIP'
      : customer.partnerId !== sourcePartnerId || sourcePartnerId === target.id ? 'WRONG_SOURCE_PARTNER'
        : !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(customerEmail) ? 'CUSTOMER_EMAIL_INVALID'
          : undefined;
  return reason ? new DomainError('TRANSFER_NOT_ALLOWED', `This transfer request cannot be made (${reason}).`, { reason }) : undefined;
}

/** R-TRA-2, R-ROLE-2: a transfer request is seen by its source and target partners only. */
export function transferVisibleTo(partnerId: string, request: Pick<TransferRequest, 'sourcePartnerId' | 'targetPartnerId'>): boolean {
  return request.sourcePartnerId === partnerId || request.targetPartnerId === partnerId;
}

/** R-TRA-2: only the source partner submits, and only a pending request. */
export function checkTransferSubmission(partnerId: string, request: TransferRequest): DomainError | undefined {
  if (!transferVisibleTo(partnerId, request)) return new DomainError('NOT_FOUND', `No transfer ${request.id} was found.`, { resource: 'transfer', id: request.id });
  if (request.sourcePartnerId !== partnerId) return new DomainError('TRANSFER_NOT_ALLOWED', 'Only the source partner submits a transfer.', { reason: 'WRONG_PARTNER' });
  if (request.status !== 'pending') return new DomainError('TRANSFER_NOT_ALLOWED', 'This transfer was already submitted.', { reason: 'NOT_PENDING' });
  return undefined;
}
