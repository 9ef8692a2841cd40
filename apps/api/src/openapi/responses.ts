import { applyDecorators, Type } from '@nestjs/common';
import { ApiAcceptedResponse, ApiExtraModels, ApiHeader, ApiOkResponse, ApiQuery, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { CommandAcceptedView, CommandView } from '../commands/command.view';
import { ErrorBody } from '../common/views';
import { DryRunVerdictView } from '../dry-run/dry-run.view';

const LOCATION = { Location: { description: 'Where the command can be read: `/v1/commands/{commandId}`', schema: { type: 'string' } } };

/** Error answers an operation gives besides the ones every operation documents (see completeDocument). */
export function ApiErrors(...statuses: number[]) {
  return applyDecorators(ApiExtraModels(ErrorBody), ...statuses.map((status) => ApiResponse({ status, description: ERROR_DESCRIPTIONS[status] ?? 'Error', type: ErrorBody })));
}

/**
 * A command endpoint (api.md, "Commands"): 202 with `Location`; 200 with the finished command under
 * `Prefer: wait=N`, or with the verdict under `?dryRun=true`; 409 for a reused Idempotency-Key.
 */
export function ApiCommandResponses(options: { ifMatch?: boolean } = {}) {
  return applyDecorators(
    ApiExtraModels(CommandView, DryRunVerdictView),
    ApiAcceptedResponse({ description: 'Queued', type: CommandAcceptedView, headers: LOCATION }),
    ApiOkResponse({
      description: 'The finished command (`Prefer: wait=N`, with `Location`), or the verdict of `?dryRun=true`',
      schema: { oneOf: [{ $ref: getSchemaPath(CommandView) }, { $ref: getSchemaPath(DryRunVerdictView) }] },
      headers: { ...LOCATION, 'Preference-Applied': { description: '`wait=N` when the answer waited', schema: { type: 'string' } } },
    }),
    ApiErrors(409),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'The same key with the same request returns the same command', schema: { type: 'string', minLength: 1, maxLength: 256 } }),
    ApiHeader({ name: 'Prefer', required: false, description: '`wait=N` (seconds, max 30): answer 200 with the command once it finished', schema: { type: 'string', example: 'wait=10' } }),
    ...(options.ifMatch
      ? [ApiHeader({ name: 'If-Match', required: false, description: 'The ETag of the subscription read (`"<version>"`): the command fails with VERSION_MISMATCH if it moved on (R-CON-1)', schema: { type: 'string', example: '"3"' } })]
      : []),
    ApiQuery({ name: 'dryRun', required: false, type: Boolean, description: 'Answer what the command would do, changing nothing' }),
  );
}

/** A 200 with a body of `type` (a view class, or `[type]` for an array). */
export function ApiOk(type: Type<unknown>, headers?: Record<string, { description: string; schema: { type: 'string' } }>) {
  return ApiOkResponse({ type, ...(headers ? { headers } : {}) });
}

export const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'VALIDATION_FAILED: the request is not valid; one `details` entry per field',
  401: 'UNAUTHENTICATED: no, a bad or an expired token',
  403: 'FORBIDDEN: the caller\'s roles do not allow this (R-ROLE-1)',
  404: 'NOT_FOUND: no such resource for the caller (another partner\'s answers the same)',
  409: 'A conflict: IDEMPOTENCY_KEY_REUSED (the key was used for a different request) or a rule\'s refusal',
  413: 'PAYLOAD_TOO_LARGE: the body is over 1 MiB',
  415: 'UNSUPPORTED_MEDIA_TYPE: the body is not application/json',
  422: 'A rule refused the request (docs/error-codes.md)',
  429: 'RATE_LIMITED: too many requests from this partner; retry after `Retry-After` seconds',
  500: 'INTERNAL_ERROR',
  503: 'SERVICE_UNAVAILABLE: a dependency is down; retry after `Retry-After` seconds',
};
