import { Module } from '@nestjs/common';
import { ClaimReviewPolicyController } from './api/claim-review-policy.controller';
import { ClaimsController } from './api/claims.controller';
import { ClaimActions } from './application/claim-actions.service';
import { ClaimFiling } from './application/claim-filing.service';
import { ClaimStreams } from './application/claim-streams';
import { UnitRegistry } from './application/unit-registry';

/** Warranty claims (SPEC 2.2): filing with coverage and review flags, review, decision, appeal. */
@Module({
  controllers: [ClaimsController, ClaimReviewPolicyController],
  providers: [ClaimStreams, ClaimFiling, ClaimActions, UnitRegistry],
})
export class ClaimsModule {}
