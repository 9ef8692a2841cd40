import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import * as ipaddr from 'ipaddr.js';

/**
 * Why a webhook may not be sent to this address, or undefined when it may: only public unicast
 * addresses are allowed (no loopback, private, link-local, CGNAT, multicast, reserved, unspecified,
 * nor an IPv4-mapped or translated IPv6 form of any address), so a partner cannot make the server
 * call into its own network (server-side request forgery).
 */
export function refusedAddress(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  const range = ipaddr.parse(address).range();
  return range === 'unicast' ? undefined : range;
}

/** Why this URL may not be a webhook target (its form alone), or undefined. */
export function refusedUrl(url: URL, allowPrivate: boolean): string | undefined {
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) return allowPrivate ? 'must be http: or https:' : 'must be https:';
  if (url.username || url.password) return 'must not carry credentials';
  const host = hostOf(url);
  if (!allowPrivate && isIP(host)) {
    const refused = refusedAddress(host);
    if (refused) return `is a ${refused} address`;
  }
  return undefined;
}

/** The host of a URL without IPv6 brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** Why the addresses a host name resolves to now may not be called, or undefined (also when it does not resolve). */
export async function refusedResolution(host: string): Promise<string | undefined> {
  if (isIP(host)) return refusedAddress(host) ? `is a ${refusedAddress(host)} address` : undefined;
  const addresses = await lookup(host, { all: true }).catch(() => []);
  for (const { address } of addresses) {
    const refused = refusedAddress(address);
    if (refused) return `resolves to ${address}, a ${refused} address`;
  }
  return undefined;
}
