import { Module } from '@nestjs/common';
import { AuditController } from './api/audit.controller';
import { AuditLog } from './application/audit-log';

/** Audit (SPEC 2.7): reads the event store through its port only, and never writes. */
@Module({
  controllers: [AuditController],
  providers: [AuditLog],
  exports: [AuditLog],
})
export class AuditModule {}
