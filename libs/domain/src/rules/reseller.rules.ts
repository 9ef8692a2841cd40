import { refuse } from '../errors/domain-error';
import type { PlaceOrder } from '../model/commands';
import type { Customer } from '../model/customer';
import type { Partner } from '../model/partner';

/** EU member states plus the EEA (Iceland, Liechtenstein, Norway): R-ORD-3. */
export const EU_EEA_COUNTRIES: readonly string[] = [
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL',
  'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'IS', 'LI', 'NO',
];

export const MAX_ADDITIONAL_RESELLERS = 5;

/** R-ORD-2 */
export function requireAttestation(cmd: PlaceOrder): void {
  if (cmd.attestationAccepted !== true) {
    refuse('ATTESTATION_REQUIRED', 'Accept the attestation: "my organisation acts as an indirect partner when it selects a reseller and as a direct partner when it selects none".');
  }
}

/** R-PT-2: a named reseller exists, is an indirect reseller, and is linked to the ordering provider. */
export function requireReseller(cmd: PlaceOrder, partner: Partner, partners: readonly Partner[]): void {
  if (cmd.resellerId === undefined) return;
  const reseller = partners.find((p) => p.id === cmd.resellerId);
  const why =
    partner.type !== 'indirect-provider' ? 'only an indirect provider names a reseller'
      : !reseller ? 'no such partner'
        : reseller.type !== 'indirect-reseller' ? 'the partner is not an indirect reseller'
          : reseller.providerId !== partner.id ? 'the reseller is not linked to this provider'
            : undefined;
  if (why) refuse('RESELLER_INVALID', `Reseller ${cmd.resellerId} cannot be named: ${why}.`, { resellerId: cmd.resellerId, reason: why });
}

/**
 * R-ORD-3: additional resellers only in EU/EEA countries (the customer's billing country), after a
 * primary reseller, at most five, distinct, each a known partner that signed the MPA.
 */
export function requireAdditionalResellers(cmd: PlaceOrder, customer: Customer, partners: readonly Partner[]): void {
  const ids = cmd.additionalResellerIds ?? [];
  if (ids.length === 0) return;
  const fail = (why: string, extra: Record<string, unknown> = {}): never =>
    refuse('ADDITIONAL_RESELLERS_INVALID', `Additional resellers refused: ${why}.`, { reason: why, ...extra });
  if (!EU_EEA_COUNTRIES.includes(customer.country.toUpperCase())) fail('additional resellers are declared only in EU/EEA countries', { country: customer.country });
  if (cmd.resellerId === undefined) fail('choose the primary reseller first');
  if (ids.length > MAX_ADDITIONAL_RESELLERS) fail(`at most ${MAX_ADDITIONAL_RESELLERS} additional resellers`, { count: ids.length });
  if (new Set(ids).size !== ids.length || ids.includes(cmd.resellerId as string)) fail('each reseller may be named once');
  for (const id of ids) {
    const p = partners.find((x) => x.id === id);
    if (!p) fail(`unknown partner id ${id}`, { partnerId: id });
    else if (!p.mpaSigned) fail(`partner ${id} has not signed the Microsoft Partner Agreement`, { partnerId: id });
  }
}
