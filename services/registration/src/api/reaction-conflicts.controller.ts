import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { QueryOperation } from '@warranty/platform';
import { ExchangeReplacementsReactor } from '../reactions/exchange-replacements.reactor';
import { ReactionConflictsView } from './responses/reaction-conflict.response';

/** Operators' view of what registration's reaction to returns and claims could not apply. */
@ApiTags('admin')
@Controller('v1/admin/registration')
export class ReactionConflictsController {
  constructor(private readonly reactor: ExchangeReplacementsReactor) {}

  @Get('reaction-conflicts')
  @QueryOperation({
    summary: 'Exchanges, refunds and credits registration could not apply to a unit, newest first',
    description:
      'An RMA line that went out as an exchange whose replacement was not registered (the serial was taken meanwhile, the original had no coverage left or was replaced already), or a refund or credit (on an RMA line, or a claim paid directly) whose unit was not cancelled. The RMA or claim stands as written: fix the units by hand.',
    type: ReactionConflictsView,
    roles: ['admin'],
  })
  async list() {
    return { conflicts: await this.reactor.book.conflicts() };
  }
}
