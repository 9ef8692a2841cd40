import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, getSchemaPath, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { OperationObject, PathItemObject, ReferenceObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import { ErrorBody } from '../common/views';
import { ERROR_DESCRIPTIONS } from './responses';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** The OpenAPI document of the API, as `/docs-json` serves it and `npm run openapi` writes it. */
export function createApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Subscription engine')
      .setDescription(
        'New-commerce license subscriptions for cloud-solution partners. Every change is a command: 202 with `Location`, then `GET /v1/commands/{id}` ' +
          '(or `Prefer: wait=N`). Every error is `{ statusCode, code, message, details: [...] }` with a code of docs/error-codes.md.',
      )
      .setVersion('1')
      .setLicense('UNLICENSED', 'https://spdx.org/licenses/')
      .addServer('http://127.0.0.1:3000', 'A local server (`npm start`)')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'HS256 JWT: `sub`, `partnerId`, `roles`' })
      .build(),
    { extraModels: [ErrorBody], operationIdFactory: (controller, method) => `${method}${controller.replace(/Controller$/, '')}` },
  );
  return completeDocument(document);
}

/**
 * `nullable` beside a `$ref` (`allOf: [$ref]`) does not let `null` through in OpenAPI 3.0
 * validators; such a property gets the referenced schema inline, where `nullable` works.
 */
function inlineNullableReferences(document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, SchemaObject>;
  for (const schema of Object.values(schemas)) {
    for (const [name, property] of Object.entries(schema.properties ?? {}) as [string, SchemaObject][]) {
      const ref = property.nullable && property.allOf?.length === 1 ? (property.allOf[0] as ReferenceObject).$ref : undefined;
      if (!ref) continue;
      const { allOf: _, ...rest } = property;
      schema.properties![name] = { ...schemas[ref.split('/').pop() as string], ...rest };
    }
  }
}

/**
 * What every operation answers, added to each one so no route (new ones included) can miss it:
 * `X-Request-Id` on every answer; the error body on 400 (unknown query parameters are refused everywhere), 401/403
 * where a token is needed, 404 where the path names a resource, 413/415 where a body is read,
 * 429 and 503 with `Retry-After`, 500. Operations without a token say so with `security: []`.
 */
export function completeDocument(document: OpenAPIObject): OpenAPIObject {
  inlineNullableReferences(document);
  for (const [path, item] of Object.entries(document.paths) as [string, PathItemObject][]) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) completeOperation(path, operation);
    }
  }
  return document;
}

function completeOperation(path: string, operation: OperationObject): void {
  const needsToken = Boolean(operation.security?.length);
  if (!needsToken) operation.security = [];
  operation.summary ??= sentence(operation.operationId ?? path);
  // 400: every route refuses query parameters it does not declare (RequestContractInterceptor).
  const statuses = new Set<number>([400, 500]);
  if (path.startsWith('/v1/')) [429, 503].forEach((status) => statuses.add(status));
  if (needsToken) [401, 403].forEach((status) => statuses.add(status));
  if (path.includes('{')) statuses.add(404);
  if (operation.requestBody) [413, 415].forEach((status) => statuses.add(status));
  for (const code of Object.keys(operation.responses)) if (Number(code) >= 400) statuses.add(Number(code));

  for (const status of statuses) {
    const given = operation.responses[status] as ResponseObject | undefined;
    operation.responses[status] = {
      description: given?.description && given.description !== 'Error' ? given.description : (ERROR_DESCRIPTIONS[status] ?? 'Error'),
      content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorBody) } } },
      ...(status === 429 || status === 503 ? { headers: { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 1 } } } } : {}),
    };
  }
  for (const response of Object.values(operation.responses) as ResponseObject[]) {
    response.headers = { 'X-Request-Id': { description: 'The request id (the one sent, or a new one), also in the logs', schema: { type: 'string' } }, ...response.headers };
  }
}

/** `placeOrder` → `Place order`, a summary for an operation that names none. */
function sentence(id: string): string {
  const words = id.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
