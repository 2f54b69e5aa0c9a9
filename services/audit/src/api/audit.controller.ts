import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import type { CommandContext } from '@warranty/eventsourcing';
import {
  type ApiRole,
  asOfDate,
  CommandCtx,
  decodeCursor,
  encodeCursor,
  InputValidationError,
  QueryOperation,
} from '@warranty/platform';
import { AuditLog } from '../application/audit-log';
import { HISTORY_PAGE_DEFAULT, HistoryQueryDto } from './dto/history-query.dto';
import {
  CaseFileLineView,
  StreamHistoryView,
  StreamVerificationView,
} from './responses/audit.response';

const AUDITORS: ApiRole[] = ['auditor', 'admin'];

function revisionAfter(cursor: string): number {
  const key = decodeCursor(cursor);
  if (!/^\d{1,9}$/.test(key))
    throw new InputValidationError([
      { field: 'cursor', message: 'cursor is not one this list returned' },
    ]);
  return Number(key);
}

/** SPEC 2.7: any stream's history and chain verification, and a claim's case file. */
@ApiTags('audit')
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditLog) {}

  @Get('streams/:streamId/verification')
  @QueryOperation({
    summary: 'Check a stream’s hash chain: intact, or the first broken revision',
    type: StreamVerificationView,
    roles: AUDITORS,
    notFound: true,
  })
  verify(@Param('streamId') streamId: string) {
    return this.audit.verify(streamId);
  }

  @Get('streams/:streamId/history')
  @QueryOperation({
    summary: 'Every event of any stream with who, when, why and its chain links; paged',
    description:
      'With asOf (an instant, or a date alone meaning the end of that day in UTC), only the events that had happened by then; 404 not-yet-existing when the stream had none yet.',
    type: StreamHistoryView,
    roles: AUDITORS,
    notFound: true,
  })
  async history(@Param('streamId') streamId: string, @Query() query: HistoryQueryDto) {
    const asOf = asOfDate(query.asOf);
    const page = await this.audit.history(streamId, {
      asOf,
      after: query.cursor === undefined ? undefined : revisionAfter(query.cursor),
      limit: query.limit ?? HISTORY_PAGE_DEFAULT,
    });
    return {
      streamId,
      ...(asOf ? { asOf: asOf.toISOString() } : {}),
      events: page.events,
      nextCursor: page.nextAfter === null ? null : encodeCursor(String(page.nextAfter)),
    };
  }

  /** Under /v1/audit, not /v1/cases: every path prefix has one owner, and /v1/cases is the projections'. */
  @Get('cases/:claimId/export')
  @Header('Content-Type', 'application/x-ndjson; charset=utf-8')
  @ApiProduces('application/x-ndjson')
  @QueryOperation({
    summary: 'The case file: the claim with its RMAs’ and repair orders’ events, as JSON lines',
    description:
      'Served under /v1/audit because /v1/cases belongs to the projections service and every path prefix has one owner. The first line is a manifest; then every event in global order with its hash. `npm run cli -- audit verify --file` checks a file offline. The claim’s retailer and manufacturer may export it too.',
    type: CaseFileLineView,
    roles: [...AUDITORS, 'retailer', 'manufacturer'],
    notFound: true,
  })
  async export(
    @Param('claimId') claimId: string,
    @CommandCtx() context: CommandContext,
    @Res() res: FastifyReply,
  ) {
    const lines = this.audit.exportCase(claimId, context.actor);
    // The first line is awaited before the status goes out, so a missing claim is still a 404.
    const first = await lines.next();
    res.status(200).type('application/x-ndjson; charset=utf-8');
    return res.send(Readable.from(first.done ? lines : prepend(first.value, lines)));
  }
}

async function* prepend(first: string, rest: AsyncIterable<string>): AsyncGenerator<string> {
  yield first;
  yield* rest;
}
