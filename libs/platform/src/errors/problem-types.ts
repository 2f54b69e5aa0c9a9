/** The problem types the platform itself raises; business rules add their own codes. */
export const PROBLEM_TYPES: Record<string, { status: number; title: string; meaning: string }> = {
  validation: {
    status: 400,
    title: 'Invalid request',
    meaning: 'One or more fields are invalid; `errors` lists each field with its message.',
  },
  'malformed-json': { status: 400, title: 'Malformed JSON', meaning: 'The body is not JSON.' },
  'bad-request': {
    status: 400,
    title: 'Bad request',
    meaning: 'The request is malformed outside its body, e.g. a path parameter.',
  },
  'invalid-if-match': {
    status: 400,
    title: 'Invalid If-Match',
    meaning: 'If-Match takes an ETag from a previous response, such as `"3"`, or `*`.',
  },
  'invalid-min-position': {
    status: 400,
    title: 'Invalid minPosition',
    meaning: 'minPosition is the decimal position a command returned.',
  },
  'invalid-idempotency-key': {
    status: 400,
    title: 'Invalid Idempotency-Key',
    meaning: 'An Idempotency-Key is 1 to 255 visible ASCII characters.',
  },
  unauthenticated: {
    status: 401,
    title: 'Unauthorized',
    meaning: 'Send a valid, unrevoked API key as `Authorization: Bearer wk_<id>_<secret>`.',
  },
  'forbidden-role': {
    status: 403,
    title: 'Forbidden',
    meaning: 'The key’s role may not use this operation; `allowedRoles` lists who may.',
  },
  forbidden: { status: 403, title: 'Forbidden', meaning: 'The caller may not do this.' },
  'not-found': {
    status: 404,
    title: 'Not found',
    meaning: 'No such resource or route, or one that belongs to another tenant.',
  },
  'claim-not-found': {
    status: 404,
    title: 'Not found',
    meaning: 'No such claim, or not one of the caller’s.',
  },
  'tenant-not-found': {
    status: 404,
    title: 'Not found',
    meaning: 'No such tenant: an operator adds it first (POST /v1/admin/tenants).',
  },
  'api-key-not-found': { status: 404, title: 'Not found', meaning: 'No API key with this id.' },
  'webhook-subscription-not-found': {
    status: 404,
    title: 'Not found',
    meaning: 'No such webhook subscription, or not one of the caller’s.',
  },
  'webhook-delivery-not-found': {
    status: 404,
    title: 'Not found',
    meaning: 'No such delivery for this webhook subscription.',
  },
  'settlement-not-found': {
    status: 404,
    title: 'Not found',
    meaning: 'No such settlement, or not one the caller paid or was paid by.',
  },
  'projection-not-found': {
    status: 404,
    title: 'Not found',
    meaning:
      'No projection of this name on this admin path: `GET` the path lists its projections, and each service with read models has its own path.',
  },
  'stream-not-parked': {
    status: 404,
    title: 'Not found',
    meaning: 'The projection has nothing parked for this stream (never, or no longer).',
  },
  'event-not-parked': {
    status: 404,
    title: 'Not found',
    meaning:
      'The workflow has nothing parked for this event (never, or no longer: a redrive went through); `GET /v1/workflow` lists what it has.',
  },
  'no-rebuild': {
    status: 404,
    title: 'Not found',
    meaning: 'This instance has not started a rebuild of the projection since it started.',
  },
  'payables-not-owed': {
    status: 400,
    title: 'Business rule violated',
    meaning:
      'A settlement named payables the manufacturer does not owe that payee (another’s, unknown, or not yet in the read model: pass `minPosition`); `detail` lists them.',
  },
  'amount-too-large': {
    status: 400,
    title: 'Business rule violated',
    meaning:
      'A repair step would make a cost figure too large to be recorded exactly; `errors` names the field that drove it.',
  },
  'payables-already-settled': {
    status: 409,
    title: 'Conflict',
    meaning:
      'A settlement that still stands paid some of these payables already; `settled` lists each `payableId` with the `settlementId` that paid it.',
  },
  'unit-on-open-rma': {
    status: 409,
    title: 'Conflict',
    meaning:
      'A unit of the RMA is already on another RMA that has not ended (closed, expired or cancelled); a unit is refunded or exchanged once. To the manufacturer and to that RMA’s retailer, `rmaId` and `rmaNumber` name it.',
  },
  'unit-already-refunded': {
    status: 409,
    title: 'Conflict',
    meaning:
      'A unit is bought back (refunded or credited) once, and money paid out on it never exceeds its price: another claim on the unit is already approved for a refund or a credit (`otherClaimId`). Nothing was written.',
  },
  'registration-cancelled': {
    status: 409,
    title: 'Conflict',
    meaning:
      'The unit’s registration was cancelled, so the unit takes no further changes, RMAs, refunds or credits. Where the answer names the unit, `reason` says why: returned_for_refund (bought back by a refund or credit, on an RMA or a claim), replaced, registered_in_error. Nothing was written.',
  },
  'replacement-is-returned-unit': {
    status: 400,
    title: 'Business rule violated',
    meaning:
      'An exchange’s replacement serial is a unit the same RMA returns (the line’s own or another line’s); ship another unit.',
  },
  'replacement-registered': {
    status: 409,
    title: 'Conflict',
    meaning:
      'An exchange’s replacement serial is a registered unit, sold to a customer; a replacement is a unit never registered. Nothing of that unit’s sale is told; nothing was written.',
  },
  'replacement-registration-cancelled': {
    status: 409,
    title: 'Conflict',
    meaning:
      'An exchange’s replacement serial was registered before and its registration was cancelled (`reason`: returned_for_refund, replaced, registered_in_error). A unit is registered once, so it cannot be registered again for the line’s customer; ship another unit.',
  },
  'replacement-already-used': {
    status: 409,
    title: 'Conflict',
    meaning:
      'An exchange’s replacement serial already went out for another line of the same RMA; `usedOnLineId` names it.',
  },
  'redrive-failed': {
    status: 409,
    title: 'Conflict',
    meaning:
      'The parked event (a projection’s, or the workflow’s event or command) failed again and stays parked; `parked` carries its new error and attempts. Fix the cause, then redrive again.',
  },
  'redrive-running': {
    status: 409,
    title: 'Conflict',
    meaning:
      'Another redrive of this parked event is under way, here or in another instance; its answer says how it went, and `GET /v1/workflow` shows what is still parked.',
  },
  'rebuild-running': {
    status: 409,
    title: 'Conflict',
    meaning:
      'A rebuild of this projection is already running, here or in another instance; follow its progress instead.',
  },
  'projection-not-rebuildable': {
    status: 409,
    title: 'Conflict',
    meaning:
      'The projection acts outside its own tables (it sends webhooks or appends events), so it is never replayed from position zero; its list entry says `rebuildable: false`.',
  },
  'webhook-subscription-exists': {
    status: 409,
    title: 'Conflict',
    meaning:
      'A subscription was created for this Idempotency-Key already; `subscriptionId` names it. Its secret was shown once: rotate it (POST …/secret-rotation) if it was lost.',
  },
  'secret-already-rotated': {
    status: 409,
    title: 'Conflict',
    meaning:
      'The signing secret was rotated for this Idempotency-Key already; `subscriptionId` names the subscription. The new secret was shown once and is not shown again: rotate with another key if it was lost.',
  },
  'tenant-exists': {
    status: 409,
    title: 'Conflict',
    meaning: 'A tenant with this id exists already; `tenantId` names it.',
  },
  'api-key-already-issued': {
    status: 409,
    title: 'Conflict',
    meaning:
      'A key was issued for this Idempotency-Key already; `keyId` names it. Its secret was shown once and is not shown again: revoke it and issue another if it was lost.',
  },
  'not-yet-existing': {
    status: 404,
    title: 'Not found',
    meaning: 'The resource exists, but not yet at the asOf instant asked for.',
  },
  'illegal-state': {
    status: 409,
    title: 'Conflict',
    meaning: 'The current state forbids the command; `state` names it.',
  },
  'concurrent-modification': {
    status: 409,
    title: 'Conflict',
    meaning: 'Concurrent writers kept changing the resource; retry the request.',
  },
  'idempotency-key-in-progress': {
    status: 409,
    title: 'Request in progress',
    meaning: 'A request with this Idempotency-Key is still running; retry shortly.',
  },
  'stale-revision': {
    status: 412,
    title: 'Precondition failed',
    meaning: 'If-Match names a revision the resource no longer has; `currentRevision` says which.',
  },
  'payload-too-large': {
    status: 413,
    title: 'Payload too large',
    meaning: 'The body exceeds 64 kB.',
  },
  'unsupported-media-type': {
    status: 415,
    title: 'Unsupported media type',
    meaning: 'Send the body as application/json.',
  },
  'idempotency-key-reused': {
    status: 422,
    title: 'Idempotency-Key reused',
    meaning: 'This Idempotency-Key was already used with a different request.',
  },
  'too-many-requests': {
    status: 429,
    title: 'Too many requests',
    meaning: 'The key’s request rate limit is exceeded; wait for Retry-After seconds.',
  },
  internal: {
    status: 500,
    title: 'Internal server error',
    meaning: 'An unexpected error; it has been logged.',
  },
  'dependency-unavailable': {
    status: 503,
    title: 'Service unavailable',
    meaning: 'A backing store is unreachable; retry later.',
  },
};

/** Codes are slugs; anything else is not a problem type of this API. */
export const PROBLEM_CODE_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const problemType = (code: string): string => `/problems/${code}`;
