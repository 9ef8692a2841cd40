import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { LookupFunction } from 'node:net';
import { Injectable } from '@nestjs/common';
import { hostOf, refusedAddress, refusedUrl } from '@app/platform';

export interface PostResult {
  statusCode: number;
}

/** A delivery refused before any connection (the target's form or resolved address). */
export class TargetRefusedError extends Error {}

/**
 * POSTs one webhook body. Unless private targets are allowed, the host is resolved here, at
 * delivery time, and the connection goes to the address that was checked (no second lookup a DNS
 * change could slip through); redirects are not followed (a 3xx is a failed attempt); the whole
 * exchange must end within `timeoutMs`.
 */
@Injectable()
export class WebhookTransport {
  post(target: string, body: string, headers: Record<string, string>, options: { timeoutMs: number; allowPrivate: boolean }): Promise<PostResult> {
    const url = new URL(target);
    const refused = refusedUrl(url, options.allowPrivate);
    if (refused) return Promise.reject(new TargetRefusedError(`target refused: ${url.protocol}//${url.host} ${refused}`));
    const client = url.protocol === 'https:' ? https : http;
    return new Promise<PostResult>((resolve, reject) => {
      const request = client.request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
        agent: false,
        ...(options.allowPrivate ? {} : { lookup: checkedLookup(hostOf(url)) }),
      });
      const timer = setTimeout(() => request.destroy(new Error(`timed out after ${options.timeoutMs} ms`)), options.timeoutMs);
      request.on('response', (response) => {
        response.resume();
        response.on('end', () => {
          clearTimeout(timer);
          resolve({ statusCode: response.statusCode ?? 0 });
        });
        response.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
      });
      request.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      request.end(body);
    });
  }
}

/** A DNS lookup that fails when any address the host resolves to is not a public unicast one. */
function checkedLookup(host: string): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const bad = addresses.find((a) => refusedAddress(a.address));
      if (bad) return callback(new TargetRefusedError(`target refused: ${host} resolves to ${bad.address}, a ${refusedAddress(bad.address)} address`), '', 0);
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}
