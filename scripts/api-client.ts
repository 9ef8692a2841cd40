// A small JSON client of the API and the token it sends, for the tests, the benchmarks and `npm run token`.
import { SignJWT } from 'jose';

export interface TokenClaims {
  partnerId?: string;
  roles: string[];
  sub?: string;
}

/** An HS256 bearer token as api.md describes it. */
export function signToken(secret: string, claims: TokenClaims, expiresIn: string): Promise<string> {
  const { sub, ...rest } = claims;
  return new SignJWT(rest)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub ?? 'local-user')
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

export class HttpClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token?: string,
  ) {}

  as(token: string): HttpClient {
    return new HttpClient(this.baseUrl, token);
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, body: json, text };
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request('GET', path, undefined, headers);
  }

  post(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request('POST', path, body ?? {}, headers);
  }

  put(path: string, body: unknown, headers?: Record<string, string>) {
    return this.request('PUT', path, body, headers);
  }

  patch(path: string, body: unknown, headers?: Record<string, string>) {
    return this.request('PATCH', path, body, headers);
  }

  /** Polls a command until it finishes. */
  async finished(commandId: string, limitMs = 30_000): Promise<any> {
    const deadline = Date.now() + limitMs;
    for (;;) {
      const { body } = await this.get(`/v1/commands/${commandId}`);
      if (body && (body.status === 'succeeded' || body.status === 'failed')) return body;
      if (Date.now() > deadline) throw new Error(`command ${commandId} not finished: ${JSON.stringify(body)}`);
      await new Promise((done) => setTimeout(done, 100));
    }
  }
}
