import { createHash } from 'node:crypto';
import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '@warranty/eventsourcing';
import { ApiProblem } from '../../errors';
import { CommandOperation, QueryOperation } from '../../openapi/operations';
import { ApiKeyAlreadyIssuedError, ApiKeys, UnknownTenantError } from '../api-keys';
import { CurrentActor } from '../decorators';
import {
  AccessPageQueryDto,
  AddTenantDto,
  ApiKeyPageQueryDto,
  IssueApiKeyDto,
  SetRequestRateDto,
} from './access-admin.dto';
import {
  ApiKeyPageView,
  ApiKeyView,
  apiKeyView,
  IssuedApiKeyView,
  TenantPageView,
  TenantView,
  tenantView,
} from './access-admin.views';
import { AccessRecords } from './access-records';

const DEFAULT_PAGE = 50;

const noKey = (keyId: string) =>
  new ApiProblem(404, 'api-key-not-found', 'Not found', `No API key ${keyId}.`);

/** Operators add tenants; the CLI's `keys` commands over HTTP. */
@ApiTags('admin')
@Controller('v1/admin/tenants')
export class TenantsAdminController {
  constructor(private readonly records: AccessRecords) {}

  @Get()
  @QueryOperation({
    summary: 'Tenants by id, a page at a time',
    type: TenantPageView,
    roles: ['admin'],
  })
  async list(@Query() query: AccessPageQueryDto) {
    const page = await this.records.tenants(query.cursor, query.limit ?? DEFAULT_PAGE);
    return { items: page.items.map(tenantView), nextCursor: page.nextCursor };
  }

  @Post()
  @CommandOperation({
    summary:
      'Add a tenant (a retailer, manufacturer, service center or auditor); 409 when the id is taken',
    type: TenantView,
    roles: ['admin'],
    creates: true,
    receipt: false,
  })
  async add(@Body() body: AddTenantDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const added = await this.records.addTenant(body.tenantId, body.name);
    if (!added)
      throw new ApiProblem(
        409,
        'tenant-exists',
        'Conflict',
        `Tenant ${body.tenantId} exists already.`,
        {
          tenantId: body.tenantId,
        },
      );
    void reply.header('Location', `/v1/admin/tenants/${added.tenantId}`);
    return tenantView(added);
  }

  @Get(':tenantId')
  @QueryOperation({ summary: 'One tenant', type: TenantView, roles: ['admin'], notFound: true })
  async one(@Param('tenantId') tenantId: string) {
    const tenant = await this.records.tenant(tenantId);
    if (!tenant)
      throw new ApiProblem(404, 'tenant-not-found', 'Not found', `No tenant ${tenantId}.`);
    return tenantView(tenant);
  }
}

@ApiTags('admin')
@Controller('v1/admin/api-keys')
export class ApiKeysAdminController {
  constructor(
    private readonly keys: ApiKeys,
    private readonly records: AccessRecords,
  ) {}

  @Get()
  @QueryOperation({
    summary: 'API keys (never their secrets) by key id, a page at a time',
    type: ApiKeyPageView,
    roles: ['admin'],
  })
  async list(@Query() query: ApiKeyPageQueryDto) {
    const page = await this.records.keys(query.tenantId, query.cursor, query.limit ?? DEFAULT_PAGE);
    return { items: page.items.map(apiKeyView), nextCursor: page.nextCursor };
  }

  @Post()
  @CommandOperation({
    summary: 'Issue an API key for an existing tenant; the answer holds the key, shown this once',
    description:
      'The answer is sent with `Cache-Control: no-store` and never stored for replay. With an ' +
      'Idempotency-Key, the key id derives from it: a retry with the same key and body after the ' +
      'key was issued answers 409 `api-key-already-issued` with that key id, and issues nothing; ' +
      'the same key with another body is a 422, as on every POST.',
    type: IssuedApiKeyView,
    roles: ['admin'],
    creates: true,
    notFound: true,
    receipt: false,
    replayable: false,
  })
  async issue(
    @Body() body: IssueApiKeyDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    try {
      const issued = await this.keys.create(body.tenantId, body.role, body.label ?? '', {
        createTenant: false,
        requestsPerMinute: body.requestsPerMinute ?? null,
        ...(idempotencyKey === undefined ? {} : { keyId: keyIdFor(actor, idempotencyKey) }),
      });
      const record = await this.records.key(issued.keyId);
      void reply.header('Cache-Control', 'no-store');
      void reply.header('Location', `/v1/admin/api-keys/${issued.keyId}`);
      return { ...apiKeyView(record!), key: issued.key };
    } catch (error) {
      if (error instanceof UnknownTenantError)
        throw new ApiProblem(
          404,
          'tenant-not-found',
          'Not found',
          `No tenant ${body.tenantId}: add it with POST /v1/admin/tenants first.`,
        );
      if (!(error instanceof ApiKeyAlreadyIssuedError)) throw error;
      throw new ApiProblem(
        409,
        'api-key-already-issued',
        'Conflict',
        `Key ${error.keyId} was issued for this Idempotency-Key already; its secret is not shown again.`,
        { keyId: error.keyId },
      );
    }
  }

  @Get(':keyId')
  @QueryOperation({
    summary: 'One API key (never its secret)',
    type: ApiKeyView,
    roles: ['admin'],
    notFound: true,
  })
  async one(@Param('keyId') keyId: string) {
    const key = await this.records.key(keyId);
    if (!key) throw noKey(keyId);
    return apiKeyView(key);
  }

  @Post(':keyId/request-rate')
  @CommandOperation({
    summary:
      "Set a key's own request rate, or null for the default; running services apply it within a second",
    type: ApiKeyView,
    roles: ['admin'],
    notFound: true,
    receipt: false,
  })
  async setRate(@Param('keyId') keyId: string, @Body() body: SetRequestRateDto) {
    const key = await this.records.key(keyId);
    if (!key) throw noKey(keyId);
    if (key.revokedAt !== null)
      throw new ApiProblem(409, 'illegal-state', 'Conflict', `Key ${keyId} is revoked.`, {
        state: 'revoked',
      });
    await this.keys.setRequestRate(keyId, body.requestsPerMinute);
    return apiKeyView((await this.records.key(keyId))!);
  }

  @Post(':keyId/revocation')
  @CommandOperation({
    summary:
      'Revoke a key; every service refuses it within a second. Revoking it again changes nothing',
    type: ApiKeyView,
    roles: ['admin'],
    notFound: true,
    receipt: false,
  })
  async revoke(@Param('keyId') keyId: string) {
    if (!(await this.records.key(keyId))) throw noKey(keyId);
    await this.keys.revoke(keyId);
    return apiKeyView((await this.records.key(keyId))!);
  }
}

/** A key id that one admin tenant's Idempotency-Key always yields, so a retry finds its key. */
function keyIdFor(actor: Actor, idempotencyKey: string): string {
  return createHash('sha256')
    .update(`api-key\n${actor.tenantId}\n${idempotencyKey}`)
    .digest('hex')
    .slice(0, 12);
}
