import { Module } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../../database';
import { ApiKeysAdminController, TenantsAdminController } from './access-admin.controller';
import { AccessRecords } from './access-records';

/** `/v1/admin/tenants` and `/v1/admin/api-keys`: one service serves them (registration). */
@Module({
  controllers: [TenantsAdminController, ApiKeysAdminController],
  providers: [
    {
      provide: AccessRecords,
      inject: [PG_POOL],
      useFactory: (pool: Pool) => new AccessRecords(pool),
    },
  ],
})
export class AccessAdminModule {}

export { AccessRecords } from './access-records';
