import { Body, Controller, Get, Param, Put, Res } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { businessCalendarStream } from '@warranty/contracts/sla';
import type { CommandContext } from '@warranty/eventsourcing';
import {
  aggregateRead,
  ApiProblem,
  CommandCtx,
  CommandOperation,
  InputValidationError,
  QueryOperation,
  receipt,
} from '@warranty/platform';
import { SlaStreams } from '../application/sla-streams';
import { calendarCapacityProblems } from '../domain/sla-policy-rules';
import { validateBusinessCalendar } from '@warranty/business-time';
import { BusinessCalendarDto, WorkingHoursDto } from './dto/business-calendar.dto';
import { CALENDAR_ID } from './dto/sla-policy.dto';

class BusinessCalendarView {
  @ApiProperty() id!: string;
  @ApiProperty() timeZone!: string;
  @ApiProperty({ type: [Number] }) workingDays!: number[];
  @ApiProperty({ type: WorkingHoursDto }) workingHours!: WorkingHoursDto;
  @ApiProperty({ type: [String] }) holidays!: string[];
}

class BusinessCalendarReadView extends BusinessCalendarView {
  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      'The calendar stream’s revision, also sent as ETag for If-Match; null (and no ETag) for the built-in `default` until it is defined',
  })
  revision!: number | null;
}

class BusinessCalendarReceiptView extends BusinessCalendarView {
  @ApiProperty() revision!: number;
  @ApiProperty({ nullable: true, type: String }) position!: string | null;
}

function calendarId(id: string): string {
  if (!CALENDAR_ID.test(id))
    throw new InputValidationError([
      { field: 'id', message: 'id must be 1-63 lower-case letters, digits or dashes' },
    ]);
  return id;
}

/** Business calendars (time zone, working days and hours, holidays) that SLA policies count on. */
@ApiTags('sla')
@Controller('v1/business-calendars')
export class BusinessCalendarsController {
  constructor(private readonly streams: SlaStreams) {}

  @Get(':id')
  @QueryOperation({
    summary: 'A business calendar; `default` is built in until defined',
    description: 'ETag is the calendar stream’s revision, for If-Match on PUT.',
    type: BusinessCalendarReadView,
    notFound: true,
    etag: true,
  })
  async get(@Param('id') id: string, @Res({ passthrough: true }) res: FastifyReply) {
    const { state, revision } = await this.streams.calendars.load(
      businessCalendarStream(calendarId(id)),
    );
    if (state) return { ...state, ...aggregateRead(res, revision) };
    const builtIn = await this.streams.calendar(id);
    if (!builtIn)
      throw new ApiProblem(404, 'not-found', 'Not found', `No business calendar ${id}.`);
    return { ...builtIn, revision: null };
  }

  @Put(':id')
  @CommandOperation({
    summary: 'Define or change a business calendar',
    description:
      'Operators define calendars; manufacturers pick one by id in their SLA policy. Running SLA timers keep the calendar they started on. ' +
      'A calendar must hold enough working time for the largest target a policy may set (3650 business hours, 3650 business days) to come due, counted from now, by 2199-12-31, the platform’s last date; a sparser one is refused with 400 on `workingHours`, so no policy on it can set a target that never comes due.',
    type: BusinessCalendarReceiptView,
    roles: ['admin'],
    ifMatch: true,
    method: 'PUT',
  })
  async put(
    @Param('id') id: string,
    @Body() body: BusinessCalendarDto,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const calendar = {
      id: calendarId(id),
      timeZone: body.timeZone,
      workingDays: [...body.workingDays].sort(),
      workingHours: { start: body.workingHours.start, end: body.workingHours.end },
      holidays: [...new Set(body.holidays)].sort(),
    };
    const problems = validateBusinessCalendar(calendar);
    if (problems.length > 0)
      throw new InputValidationError(problems.map((message) => ({ field: 'body', message })));
    const tooSparse = calendarCapacityProblems(calendar, new Date(this.streams.now()));
    if (tooSparse.length > 0) throw new InputValidationError(tooSparse);
    const result = await this.streams.calendars.handle(
      businessCalendarStream(calendar.id),
      { type: 'DefineBusinessCalendar', calendar, by: context.actor.id, at: this.streams.now() },
      context,
    );
    return { ...(result.state ?? calendar), ...receipt(res, result) };
  }
}
