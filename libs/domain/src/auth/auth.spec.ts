import { principalFromClaims } from './principal';
import { Operation, ROLE_PERMISSIONS, authorize, mayPerform } from './role.policy';
import { notFound, requireVisible, visibleTo } from './visibility';

const NOW = new Date('2026-11-25T10:00:00.000Z');
const secs = NOW.getTime() / 1000;

describe('roles and visibility', () => {
  describe('R-ROLE-1 role table', () => {
    const manage: Operation[] = ['orders:place', 'subscriptions:update', 'subscriptions:upgrade', 'scheduled-changes:write', 'conversions:write',
      'subscriptions:cancel', 'subscriptions:suspend', 'transfers:write', 'batches:write', 'customers:write'];
    it('global-admin may do every partner operation', () => {
      for (const op of [...manage, 'charges:read', 'webhooks:manage', 'exports:read'] as Operation[]) expect(mayPerform(['global-admin'], op)).toBe(true);
    });
    it('admin-agent and sales-agent manage customers, orders and every subscription operation; only admin-agent manages webhooks', () => {
      for (const op of manage) {
        expect(mayPerform(['admin-agent'], op)).toBe(true);
        expect(mayPerform(['sales-agent'], op)).toBe(true);
      }
      expect(mayPerform(['admin-agent'], 'webhooks:manage')).toBe(true);
      expect(mayPerform(['sales-agent'], 'webhooks:manage')).toBe(false);
    });
    it('billing-admin reads customers, subscriptions, exports, charges, history, and may suspend and reactivate only', () => {
      for (const op of ['customers:read', 'subscriptions:read', 'exports:read', 'charges:read', 'history:read', 'subscriptions:suspend', 'subscriptions:reactivate'] as Operation[]) {
        expect(mayPerform(['billing-admin'], op)).toBe(true);
      }
      for (const op of ['orders:place', 'subscriptions:update', 'subscriptions:cancel', 'webhooks:manage'] as Operation[]) expect(mayPerform(['billing-admin'], op)).toBe(false);
    });
    it('helpdesk-agent reads customers, subscriptions, history and commands, nothing else', () => {
      expect(ROLE_PERMISSIONS['helpdesk-agent']).toEqual(expect.arrayContaining(['customers:read', 'subscriptions:read', 'history:read', 'commands:read']));
      for (const op of [...manage, 'charges:read', 'subscriptions:suspend'] as Operation[]) expect(mayPerform(['helpdesk-agent'], op)).toBe(false);
    });
    it('the operator manages partners, catalog and clock, but no partner data; unknown roles are denied', () => {
      expect(mayPerform(['operator'], 'clock:manage')).toBe(true);
      expect(mayPerform(['operator'], 'orders:place')).toBe(false);
      expect(mayPerform(['global-admin'], 'clock:manage')).toBe(false);
      expect(mayPerform(['intruder'], 'customers:read')).toBe(false);
      expect(mayPerform([], 'customers:read')).toBe(false);
    });
    it('a refusal is 403 FORBIDDEN; several roles add up', () => {
      const e = authorize(['helpdesk-agent'], 'orders:place');
      expect(e).toMatchObject({ code: 'FORBIDDEN', httpStatus: 403 });
      expect(authorize([], 'orders:place')?.message).toMatch(/none/);
      expect(authorize(['helpdesk-agent', 'sales-agent'], 'orders:place')).toBeUndefined();
    });
  });

  describe('R-ROLE-1 authentication (UNAUTHENTICATED)', () => {
    it('accepts well-formed claims of a partner user and of the operator', () => {
      expect(principalFromClaims({ sub: 'u1', partnerId: 'p1', roles: ['sales-agent'], exp: secs + 60 }, NOW)).toEqual({ userId: 'u1', partnerId: 'p1', roles: ['sales-agent'] });
      expect(principalFromClaims({ sub: 'op', roles: ['operator'], exp: secs + 60 }, NOW)).toEqual({ userId: 'op', roles: ['operator'] });
      expect(principalFromClaims({ sub: 'u1', partnerId: 'p1', roles: ['sales-agent'], iat: secs - 3600, exp: secs + 23 * 3600 }, NOW)).toMatchObject({ userId: 'u1' });
    });
    it.each([
      ['no token', undefined],
      ['no subject', { partnerId: 'p1', roles: ['sales-agent'], exp: secs + 60 }],
      ['no roles', { sub: 'u', partnerId: 'p1', roles: [], exp: secs + 60 }],
      ['an unknown role', { sub: 'u', partnerId: 'p1', roles: ['root'], exp: secs + 60 }],
      ['expired', { sub: 'u', partnerId: 'p1', roles: ['sales-agent'], exp: secs }],
      ['not yet valid', { sub: 'u', partnerId: 'p1', roles: ['sales-agent'], nbf: secs + 1, exp: secs + 60 }],
      ['no partner', { sub: 'u', roles: ['sales-agent'], exp: secs + 60 }],
      ['an operator with a partner', { sub: 'u', partnerId: 'p1', roles: ['operator'], exp: secs + 60 }],
      // issue 15 (2): an operator with a partner role and no partnerId read every partner's commands.
      ['the operator mixed with a partner role', { sub: 'u', roles: ['operator', 'helpdesk-agent'], exp: secs + 60 }],
      ['the operator mixed with admin-agent', { sub: 'u', roles: ['admin-agent', 'operator'], exp: secs + 60 }],
      // issue 15 (11): no exp, exp years away, or a lifetime from iat beyond the maximum (24 h by default).
      ['no expiry', { sub: 'u', partnerId: 'p1', roles: ['sales-agent'] }],
      ['an expiry years away', { sub: 'u', partnerId: 'p1', roles: ['sales-agent'], exp: secs + 5 * 365 * 86400 }],
      ['a lifetime from iat beyond the maximum', { sub: 'u', partnerId: 'p1', roles: ['sales-agent'], iat: secs - 86400, exp: secs + 60 }],
    ])('refuses %s with 401', (_why, claims) => {
      expect(principalFromClaims(claims, NOW)).toMatchObject({ code: 'UNAUTHENTICATED', httpStatus: 401 });
    });
    it('takes a configured maximum lifetime', () => {
      const claims = { sub: 'u', partnerId: 'p1', roles: ['sales-agent'], exp: secs + 7200 };
      expect(principalFromClaims(claims, NOW, 3600)).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(principalFromClaims(claims, NOW, 3 * 3600)).toMatchObject({ userId: 'u' });
    });
  });

  describe('R-ROLE-2 a partner sees only its own resources; others answer 404', () => {
    it('owner and accepted relationships see the customer; others do not', () => {
      const c = { partnerId: 'p1', relationshipPartnerIds: ['p2'] };
      expect(visibleTo('p1', c)).toBe(true);
      expect(visibleTo('p2', c)).toBe(true);
      expect(visibleTo('p3', c)).toBe(false);
      expect(visibleTo('p1', undefined)).toBe(false);
      expect(visibleTo('p2', { partnerId: 'p1' })).toBe(false);
    });
    it('the refusal is NOT_FOUND, exactly as for a missing resource', () => {
      expect(requireVisible('p3', { partnerId: 'p1' }, 'subscription', 's1')).toEqual(notFound('subscription', 's1'));
      expect(requireVisible('p3', undefined, 'subscription', 's1')?.message).toBe(notFound('subscription', 's1').message);
      expect(notFound('subscription', 's1')).toMatchObject({ code: 'NOT_FOUND', httpStatus: 404 });
      expect(requireVisible('p1', { partnerId: 'p1' }, 'subscription', 's1')).toBeUndefined();
    });
  });
});
