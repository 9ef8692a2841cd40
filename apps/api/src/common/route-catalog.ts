import { Injectable } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

export interface RouteContract {
  /** Query parameters the operation takes; any other is refused. */
  queryParameters: ReadonlySet<string>;
  /** Media types of a body; a body of another type is refused (415). */
  bodyTypes: readonly string[];
}

interface PathEntry {
  pattern: RegExp;
  methods: Map<string, RouteContract>;
}

/**
 * What each route takes, read from the OpenAPI document the app serves, so the document is the
 * contract enforced: a query parameter or body type an operation does not declare is refused,
 * and a known path with a method it does not serve is 405. A route with a CSV body declares it
 * with `@ApiConsumes('text/csv', 'application/json')`.
 */
@Injectable()
export class RouteCatalog {
  private readonly byTemplate = new Map<string, PathEntry>();

  load(document: OpenAPIObject): void {
    for (const [template, item] of Object.entries(document.paths)) {
      const methods = new Map<string, RouteContract>();
      for (const method of METHODS) {
        const operation = item[method];
        if (!operation) continue;
        const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])];
        const queryParameters = new Set(parameters.flatMap((p) => ('in' in p && p.in === 'query' ? [p.name] : [])));
        const body = operation.requestBody && 'content' in operation.requestBody ? Object.keys(operation.requestBody.content) : [];
        methods.set(method.toUpperCase(), { queryParameters, bodyTypes: body.length > 0 ? body : ['application/json'] });
      }
      const pattern = new RegExp(`^${template.split(/\{[^}]+\}/).map(escapeRegExp).join('[^/]+')}/?$`);
      this.byTemplate.set(template, { pattern, methods });
    }
  }

  /** The contract of a matched route, by its Express path template (`/v1/customers/:customerId`). */
  contract(method: string, expressPath: string): RouteContract | undefined {
    return this.byTemplate.get(expressPath.replace(/:(\w+)/g, '{$1}'))?.methods.get(method.toUpperCase());
  }

  /** The methods served at a concrete path, empty when no route has that path. */
  methodsAt(path: string): string[] {
    const entry = [...this.byTemplate.values()].find((candidate) => candidate.pattern.test(path));
    return entry ? [...entry.methods.keys()] : [];
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
