import { ApiProperty } from '@nestjs/swagger';
import { INSTANT } from '../../openapi/formats';
import { API_ROLES } from '../roles';
import type { ApiKeyRecord, TenantRecord } from './access-records';

export class TenantView {
  @ApiProperty() tenantId!: string;
  @ApiProperty() name!: string;
  @ApiProperty(INSTANT) createdAt!: string;
}

export class TenantPageView {
  @ApiProperty({ type: [TenantView] }) items!: TenantView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class ApiKeyView {
  @ApiProperty({ description: 'The public part of the key: wk_<keyId>_<secret>' }) keyId!: string;
  @ApiProperty() tenantId!: string;
  @ApiProperty({ enum: API_ROLES }) role!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ type: 'integer', nullable: true, description: "null: the deployment's default" })
  requestsPerMinute!: number | null;
  @ApiProperty() revoked!: boolean;
  @ApiProperty(INSTANT) createdAt!: string;
  @ApiProperty({ ...INSTANT, nullable: true }) revokedAt!: string | null;
}

export class IssuedApiKeyView extends ApiKeyView {
  @ApiProperty({ description: 'The whole key, shown this once: only its hash is kept' })
  key!: string;
}

export class ApiKeyPageView {
  @ApiProperty({ type: [ApiKeyView] }) items!: ApiKeyView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export const tenantView = (tenant: TenantRecord): TenantView => ({
  tenantId: tenant.tenantId,
  name: tenant.name,
  createdAt: tenant.createdAt.toISOString(),
});

export const apiKeyView = (key: ApiKeyRecord): ApiKeyView => ({
  keyId: key.keyId,
  tenantId: key.tenantId,
  role: key.role,
  label: key.label,
  requestsPerMinute: key.requestsPerMinute,
  revoked: key.revokedAt !== null,
  createdAt: key.createdAt.toISOString(),
  revokedAt: key.revokedAt?.toISOString() ?? null,
});
