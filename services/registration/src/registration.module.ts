import { Module } from '@nestjs/common';
import { AccessAdminModule } from '@warranty/platform';
import { ProductsController } from './api/products.controller';
import { ReactionConflictsController } from './api/reaction-conflicts.controller';
import { WarrantyPlansController } from './api/warranty-plans.controller';
import { BoughtBackClaims } from './application/bought-back-claims';
import { ExchangeReplacements } from './application/exchange-replacements';
import { RefundReturns } from './application/refund-returns';
import { ProductCommands } from './application/product-commands.service';
import { WarrantyPlanCommands } from './application/warranty-plan-commands.service';
import { ExchangeReplacementsReactor } from './reactions/exchange-replacements.reactor';

/**
 * Product registration (SPEC 2.1): warranty plans and one stream per physical unit; an exchange's
 * replacement is registered by a reaction to returns' ExchangeShipped, and a unit bought back ends
 * its registration by a reaction to returns' RefundIssued or CreditIssued or to a claim resolved
 * `refunded` or `credited` without an RMA.
 */
@Module({
  // Operators' tenants and API keys are served here, so one service owns their paths.
  imports: [AccessAdminModule],
  controllers: [ProductsController, WarrantyPlansController, ReactionConflictsController],
  providers: [
    ProductCommands,
    WarrantyPlanCommands,
    ExchangeReplacements,
    RefundReturns,
    BoughtBackClaims,
    ExchangeReplacementsReactor,
  ],
})
export class RegistrationModule {}
