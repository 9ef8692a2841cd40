import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpClient } from '../../scripts/api-client';
import { freePort, projectRoot } from '../../scripts/local-servers';
import { stopProcess } from '../../scripts/processes';

type Json = Record<string, unknown>;

export interface OperationRef {
  operationId: string;
  method: string;
  path: string;
  pattern: RegExp;
}

export interface Exchange {
  operationId: string | undefined;
  method: string;
  path: string;
  status: number;
  /** What Prism found wrong with the answer (not with the request: the tour sends bad requests on purpose). */
  violations: string[];
}

/**
 * Stoplight Prism in proxy mode in front of the API, validating every answer against the document
 * the API serves (`/docs-json`), made strict: an object may have only the properties it documents.
 * `client()` answers HTTP clients going through it that record every exchange.
 */
export class ContractProxy {
  readonly exchanges: Exchange[] = [];

  private constructor(
    readonly baseUrl: string,
    readonly document: Json,
    readonly operations: OperationRef[],
    private readonly prism: ChildProcess,
  ) {}

  static async start(apiUrl: string, edit: (document: Json) => void = () => undefined): Promise<ContractProxy> {
    const document = (await (await fetch(`${apiUrl}/docs-json`)).json()) as Json;
    strict(document);
    edit(document);
    const file = join(mkdtempSync(join(tmpdir(), 'contract-')), 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    const port = await freePort();
    const prism = spawn(join(projectRoot, 'node_modules', '.bin', 'prism'), ['proxy', file, apiUrl, '--port', String(port), '--errors=false', '--cors=false', '--verboseLevel=error'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const proxy = new ContractProxy(`http://127.0.0.1:${port}`, document, operationsOf(document), prism);
    await proxy.listening();
    return proxy;
  }

  client(token?: string): HttpClient {
    return new RecordingClient(this, this.baseUrl, token);
  }

  record(method: string, path: string, status: number, header: string | null): void {
    const found = this.operations.find((operation) => operation.method === method && operation.pattern.test(path.split('?')[0]));
    const violations = (header ? (JSON.parse(header) as { location: string[]; message: string }[]) : [])
      .filter((violation) => violation.location[0] === 'response')
      .map((violation) => `${violation.location.join('.')}: ${violation.message}`);
    this.exchanges.push({ operationId: found?.operationId, method, path, status, violations });
  }

  /** Every answer whose status, headers or body the document does not describe. */
  undocumented(): string[] {
    return this.exchanges.flatMap((exchange) => exchange.violations.map((violation) => `${exchange.method} ${exchange.path} → ${exchange.status}: ${violation}`));
  }

  /** Operations of the document no exchange answered with a 2xx. */
  untoured(): string[] {
    const toured = new Set(this.exchanges.filter((exchange) => exchange.status < 300).map((exchange) => exchange.operationId));
    return this.operations.map((operation) => operation.operationId).filter((id) => !toured.has(id));
  }

  stop(): Promise<void> {
    return stopProcess(this.prism);
  }

  private async listening(): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (this.prism.exitCode !== null) throw new Error(`prism exited with ${this.prism.exitCode}`);
      try {
        await fetch(`${this.baseUrl}/health/live`);
        return;
      } catch {
        await new Promise((done) => setTimeout(done, 100));
      }
    }
    throw new Error('prism did not listen within 60 s');
  }
}

class RecordingClient extends HttpClient {
  constructor(
    private readonly proxy: ContractProxy,
    baseUrl: string,
    token?: string,
  ) {
    super(baseUrl, token);
  }

  override as(token: string): HttpClient {
    return new RecordingClient(this.proxy, this.proxy.baseUrl, token);
  }

  override async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await super.request(method, path, body, headers);
    this.proxy.record(method.toLowerCase(), path, response.status, response.headers.get('sl-violations'));
    return response;
  }
}

function operationsOf(document: Json): OperationRef[] {
  const paths = document.paths as Record<string, Record<string, { operationId: string }>>;
  return Object.entries(paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({
      operationId: operation.operationId,
      method,
      path,
      pattern: new RegExp(`^${path.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    })),
  );
}

/** An object schema that lists its properties allows no others (unless it says so). */
function strict(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(strict);
  if (!node || typeof node !== 'object') return;
  const schema = node as Json;
  if (schema.properties && schema.additionalProperties === undefined) schema.additionalProperties = false;
  Object.values(schema).forEach(strict);
}
