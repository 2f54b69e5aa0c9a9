import { applyDecorators, HttpCode, type Type } from '@nestjs/common';
import {
  ApiExtension,
  ApiExtraModels,
  ApiHeader,
  ApiOperation,
  ApiResponse,
  getSchemaPath,
  type ApiResponseOptions,
} from '@nestjs/swagger';
import { Roles } from '../auth/decorators';
import type { ApiRole } from '../auth/roles';
import { CAUSATION_ID_PATTERN } from '../http/causation-id';
import { ProblemDetailsSchema } from './problem-details.schema';

/** Marks an operation that needs no API key; the document gives it an empty security list. */
export const PUBLIC_OPERATION = 'x-public';

type HeaderObject = { description: string; schema: { type: 'string' } };
const header = (description: string): HeaderObject => ({ description, schema: { type: 'string' } });

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

const PROBLEM_STATUSES = {
  400: 'Malformed input; `errors` names each invalid field',
  401: 'No valid API key',
  403: 'The caller’s role may not use this operation',
  404: 'No such resource, or not one the caller may see',
  409: 'The current state forbids the command (the problem names it), or a concurrent change',
  412: 'If-Match names a revision the resource no longer has',
  413: 'The body exceeds 64 kB',
  415: 'The body is not application/json',
  422: 'The Idempotency-Key was already used with a different request',
  429: 'Request rate limit of the key exceeded; see Retry-After',
  503: 'A backing store is unreachable; retry later',
} as const;
type ProblemStatus = keyof typeof PROBLEM_STATUSES;

function problem(status: ProblemStatus, refusals?: string): ApiResponseOptions {
  return {
    status,
    description: refusals ? `${PROBLEM_STATUSES[status]}. ${refusals}` : PROBLEM_STATUSES[status],
    content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetailsSchema) } } },
    ...(status === 429 ? { headers: { 'Retry-After': header('Seconds to wait') } } : {}),
  };
}

export interface OperationOptions {
  summary: string;
  description?: string;
  /** The success body. */
  type: Type<unknown>;
  /** Only these roles may call it (others get 403); omitted, any authenticated caller. */
  roles?: ApiRole[];
  /** The path names a resource that may be missing or another tenant's. */
  notFound?: boolean;
  /** Needs no API key (pair it with @Public()): no 401, no security requirement. */
  public?: boolean;
  /** The operation's own problem codes, by status, added to that response's description. */
  refusals?: Partial<Record<400 | 409, string>>;
}

export interface CommandOptions extends OperationOptions {
  /** Creates a resource: 201 with Location. Otherwise 200. */
  creates?: boolean;
  /** Starts work that goes on in the background: 202. */
  accepted?: boolean;
  /** Honours If-Match (412 when stale). */
  ifMatch?: boolean;
  /** Writes no event stream, so it answers no ETag, revision or position (default true). */
  receipt?: boolean;
  /** With `receipt: false`: still answers the resource's own revision (a row's) as ETag. */
  etag?: boolean;
  /** Reads a read model first: accepts minPosition and may answer X-Read-Model-Stale. */
  readModel?: boolean;
  /**
   * false: the answer holds a secret and is never kept (`Cache-Control: no-store`), so the same
   * key and body run again; the description says what they answer then.
   */
  replayable?: boolean;
}

const KEY_KEPT =
  'A key is kept 24 hours unless the operator sets otherwise; after that it is free for a new request.';

/** What a repeated Idempotency-Key answers, for an operation whose answer is kept or is not. */
const idempotencyKeyText = (replayable: boolean) =>
  replayable
    ? `Same key and body: the first response again, nothing new written. Same key, another body: 422. ${KEY_KEPT}`
    : `The answer holds a secret and is never kept: the same key and body run again and find what the first request made (see the description), writing nothing new. Same key, another body: 422. ${KEY_KEPT}`;

export interface QueryOptions extends OperationOptions {
  /** Answers from a read model: accepts minPosition and may answer X-Read-Model-Stale. */
  readModel?: boolean;
  /** Sends the stream revision as ETag. */
  etag?: boolean;
  /** A body that is not JSON (e.g. `image/svg+xml`): documented as text of that media type. */
  mediaType?: string;
}

const STALE_HEADERS = {
  'X-Read-Model-Stale': header(
    '`true` when the minPosition wait timed out: the data is older than asked',
  ),
};

const RECEIPT_HEADERS = {
  ETag: header('The stream revision after the command, for If-Match'),
  'X-Stream-Revision': header('The stream revision after the command'),
  'X-Global-Position': header('Global position of the last event written; pass it as minPosition'),
};

/** Every event a command writes records both, so a case's events can be followed id by id. */
const TRACE_HEADERS = [
  ApiHeader({
    name: 'X-Correlation-Id',
    required: false,
    description:
      'Ties this request to the case it belongs to; recorded as the correlationId of every event it writes and sent back. Absent, a new UUID; longer than 100 characters, cut to 100.',
    schema: { type: 'string' },
  }),
  ApiHeader({
    name: 'X-Causation-Id',
    required: false,
    description:
      'What this request follows from, e.g. the id of the event a workflow reacts to; recorded as the causationId of every event it writes. Absent or not 1 to 100 visible ASCII characters, the correlation id is recorded instead.',
    schema: { type: 'string', pattern: CAUSATION_ID_PATTERN },
  }),
];

function common(options: OperationOptions, problems: ProblemStatus[]) {
  const statuses: ProblemStatus[] = [
    400,
    ...(options.public ? [] : [401 as const]),
    ...problems,
    429,
    503,
  ];
  if (options.roles) statuses.push(403);
  if (options.notFound) statuses.push(404);
  const refusals: Partial<Record<ProblemStatus, string>> = options.refusals ?? {};
  return [
    ApiOperation({
      summary: options.summary,
      description: [
        options.description,
        options.roles ? `Roles: ${options.roles.join(', ')}.` : undefined,
      ]
        .filter(Boolean)
        .join('\n\n'),
    }),
    ApiExtraModels(ProblemDetailsSchema),
    ...[...new Set(statuses)]
      .sort((a, b) => a - b)
      .map((status) => ApiResponse(problem(status, refusals[status]))),
    ...(options.roles ? [Roles(...options.roles)] : []),
    ...(options.public ? [ApiExtension(PUBLIC_OPERATION, true)] : []),
  ];
}

/** A state change: success body and receipt headers, every problem it can answer. */
export function CommandOperation(options: CommandOptions & { method?: 'POST' | 'PUT' }) {
  const post = (options.method ?? 'POST') === 'POST';
  const status = options.creates ? 201 : options.accepted ? 202 : 200;
  const problems: ProblemStatus[] = [409, 413, 415];
  if (options.ifMatch) problems.push(412);
  if (post) problems.push(422);
  return applyDecorators(
    HttpCode(status),
    ...common(options, problems),
    ApiResponse({
      status,
      type: options.type,
      description: options.creates ? 'Created' : options.accepted ? 'Accepted' : 'Done',
      headers: {
        ...(options.receipt === false
          ? options.etag
            ? { ETag: header('The revision after the command, for If-Match') }
            : {}
          : RECEIPT_HEADERS),
        ...(options.creates ? { Location: header('Where the new resource is read') } : {}),
        ...(options.readModel ? STALE_HEADERS : {}),
      },
    }),
    ...TRACE_HEADERS,
    ...(post
      ? [
          ApiHeader({
            name: 'Idempotency-Key',
            required: false,
            description: idempotencyKeyText(options.replayable ?? true),
            schema: { type: 'string', pattern: '^[!-~]{1,255}$' },
          }),
        ]
      : []),
    ...(options.ifMatch
      ? [
          ApiHeader({
            name: 'If-Match',
            required: false,
            description: 'ETag of the resource as last read; 412 when it has changed since',
            schema: { type: 'string', pattern: '^(\\*|(W/)?"[0-9]{1,9}")$' },
          }),
        ]
      : []),
  );
}

/** A read: success body and headers, every problem it can answer. */
export function QueryOperation(options: QueryOptions) {
  return applyDecorators(
    ...common(options, []),
    ApiResponse({
      status: 200,
      ...(options.mediaType
        ? { content: { [options.mediaType]: { schema: { type: 'string' } } } }
        : { type: options.type }),
      description: 'OK',
      headers: {
        ...(options.etag ? { ETag: header('The stream revision, for If-Match') } : {}),
        ...(options.readModel ? STALE_HEADERS : {}),
      },
    }),
  );
}
