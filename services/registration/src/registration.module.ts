import { Module } from '@nestjs/common';
import { ProductsController } from './api/products.controller';
import { WarrantyPlansController } from './api/warranty-plans.controller';
import { ProductCommands } from './application/product-commands.service';
import { WarrantyPlanCommands } from './application/warranty-plan-commands.service';

/** Product registration (SPEC 2.1): warranty plans and one stream per physical unit. */
@Module({
  controllers: [ProductsController, WarrantyPlansController],
  providers: [ProductCommands, WarrantyPlanCommands],
})
export class RegistrationModule {}
