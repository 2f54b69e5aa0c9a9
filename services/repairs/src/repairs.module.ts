import { Module } from '@nestjs/common';
import { RepairOrdersController } from './api/repair-orders.controller';
import { RepairRatesController } from './api/repair-rates.controller';
import { RepairActions } from './application/repair-actions.service';
import { RepairIntake } from './application/repair-intake.service';
import { RepairRatesBook } from './application/repair-rates-book';
import { RepairStreams } from './application/repair-streams';

/**
 * Repair orders (SPEC 2.4): the service center's work from intake to shipping back, and the
 * manufacturer's repair rates per service center.
 */
@Module({
  controllers: [RepairOrdersController, RepairRatesController],
  providers: [RepairStreams, RepairIntake, RepairActions, RepairRatesBook],
  exports: [RepairActions],
})
export class RepairsModule {}
