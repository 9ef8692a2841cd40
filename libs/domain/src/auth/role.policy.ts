import { DomainError } from '../errors/domain-error';

export type Role = 'global-admin' | 'admin-agent' | 'billing-admin' | 'helpdesk-agent' | 'sales-agent' | 'operator';

export const ROLES: readonly Role[] = ['global-admin', 'admin-agent', 'billing-admin', 'helpdesk-agent', 'sales-agent', 'operator'];

export type Operation =
  | 'customers:read' | 'customers:write'
  | 'subscriptions:read' | 'orders:place' | 'subscriptions:update' | 'subscriptions:upgrade'
  | 'subscriptions:suspend' | 'subscriptions:reactivate' | 'subscriptions:cancel'
  | 'scheduled-changes:write' | 'conversions:write' | 'transfers:read' | 'transfers:write' | 'relationships:write' | 'batches:write' | 'batches:read'
  | 'exports:read' | 'charges:read' | 'history:read' | 'commands:read' | 'events:read' | 'offers:read'
  | 'webhooks:manage'
  | 'partners:manage' | 'catalog:manage' | 'clock:manage' | 'queues:read';

const READ_BASICS: Operation[] = ['customers:read', 'subscriptions:read', 'history:read', 'commands:read', 'offers:read', 'events:read'];
const MANAGE: Operation[] = [
  ...READ_BASICS, 'customers:write', 'orders:place', 'subscriptions:update', 'subscriptions:upgrade', 'subscriptions:suspend',
  'subscriptions:reactivate', 'subscriptions:cancel', 'scheduled-changes:write', 'conversions:write', 'transfers:read', 'transfers:write',
  'relationships:write', 'batches:write', 'batches:read', 'exports:read',
];

/**
 * R-ROLE-1 as data: what each role may do; everything not listed is denied (403 FORBIDDEN).
 * global-admin: all partner operations; operator (no partner): the platform.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Operation[]>> = {
  'global-admin': [...MANAGE, 'charges:read', 'webhooks:manage'],
  'admin-agent': [...MANAGE, 'webhooks:manage'],
  'sales-agent': MANAGE,
  'billing-admin': [...READ_BASICS, 'exports:read', 'charges:read', 'subscriptions:suspend', 'subscriptions:reactivate'],
  'helpdesk-agent': READ_BASICS,
  operator: ['partners:manage', 'catalog:manage', 'clock:manage', 'queues:read', 'offers:read'],
};

export function mayPerform(roles: readonly string[], operation: Operation): boolean {
  return roles.some((r) => (ROLE_PERMISSIONS as Record<string, readonly Operation[] | undefined>)[r]?.includes(operation) ?? false);
}

/** R-ROLE-1: undefined when allowed, else the FORBIDDEN refusal. */
export function authorize(roles: readonly string[], operation: Operation): DomainError | undefined {
  return mayPerform(roles, operation)
    ? undefined
    : new DomainError('FORBIDDEN', `Your roles (${roles.join(', ') || 'none'}) do not allow ${operation}.`, { operation, roles: [...roles] });
}
