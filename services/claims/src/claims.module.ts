import { Module } from '@nestjs/common';
import { ClaimReviewPolicyController } from './api/claim-review-policy.controller';
import { ClaimsController } from './api/claims.controller';
import { ClaimActions } from './application/claim-actions.service';
import { ClaimFiling } from './application/claim-filing.service';
import { ClaimStreams } from './application/claim-streams';
import { UnitBuyBacks } from './application/unit-buy-backs';
import { UnitRegistry } from './application/unit-registry';

/**
 * Warranty claims (SPEC 2.2): filing with coverage and review flags, review, decision, appeal; a
 * unit is refunded or credited on one claim at most.
 */
@Module({
  controllers: [ClaimsController, ClaimReviewPolicyController],
  providers: [ClaimStreams, ClaimFiling, ClaimActions, UnitRegistry, UnitBuyBacks],
})
export class ClaimsModule {}
