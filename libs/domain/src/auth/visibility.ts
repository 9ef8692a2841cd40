import { DomainError } from '../errors/domain-error';

/** Anything owned by a partner: a subscription (partner of record), a customer (owner + accepted relationships). */
export interface PartnerOwned {
  partnerId: string;
  relationshipPartnerIds?: string[];
}

/** R-ROLE-2: a partner sees only its own customers and subscriptions (and those it has a relationship with). */
export function visibleTo(partnerId: string, resource: PartnerOwned | undefined): boolean {
  if (!resource) return false;
  return resource.partnerId === partnerId || (resource.relationshipPartnerIds ?? []).includes(partnerId);
}

/** R-ROLE-2: another partner's resource answers 404, exactly like a missing one, so existence does not leak. */
export function notFound(kind: string, id: string): DomainError {
  return new DomainError('NOT_FOUND', `No ${kind} ${id} was found.`, { resource: kind, id });
}

export function requireVisible(partnerId: string, resource: PartnerOwned | undefined, kind: string, id: string): DomainError | undefined {
  return visibleTo(partnerId, resource) ? undefined : notFound(kind, id);
}
