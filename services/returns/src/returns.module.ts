import { Module } from '@nestjs/common';
import { ReturnPoliciesController } from './api/return-policies.controller';
import { RmasController } from './api/rmas.controller';
import { ApprovedClaims } from './application/approved-claims';
import { RmaActions } from './application/rma-actions.service';
import { RmaAuthorization } from './application/rma-authorization.service';
import { RmaStreams } from './application/rma-streams';
import { SoldUnits } from './application/sold-units';

/** Returns and exchanges (SPEC 2.3): RMAs from authorization to closing, with return policies. */
@Module({
  controllers: [RmasController, ReturnPoliciesController],
  providers: [RmaStreams, RmaAuthorization, RmaActions, SoldUnits, ApprovedClaims],
  exports: [RmaActions],
})
export class ReturnsModule {}
