import { ApiProperty } from '@nestjs/swagger';

export class SlaTimerView {
  @ApiProperty({ enum: ['claim', 'rma', 'repair'] }) subjectKind!: string;
  @ApiProperty() subjectId!: string;
  @ApiProperty() sla!: string;
  @ApiProperty({
    enum: ['running', 'paused', 'at_risk', 'breached', 'met', 'cancelled', 'not_computable'],
    description:
      '`not_computable`: the due time would fall after 2199-12-31, the platform’s last date (see `due` for why); the SLA counts no further',
  })
  state!: string;
  @ApiProperty() atRisk!: boolean;
  @ApiProperty() breached!: boolean;
  @ApiProperty() manufacturerId!: string;
  @ApiProperty({ nullable: true, type: String }) retailerId!: string | null;
  @ApiProperty({ nullable: true, type: String }) serviceCenterId!: string | null;
  @ApiProperty({ nullable: true, type: String }) category!: string | null;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) atRiskAt!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'Null when not computable',
  })
  dueAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) stoppedAt!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description:
      'When it breached: its due time then, also if it was stopped later; null if it has not (or on a timer recorded before this was kept)',
  })
  breachedAt!: string | null;
  @ApiProperty({ description: 'The target, in ms of business (or calendar) time' })
  budgetMs!: number;
  @ApiProperty({ description: 'Used when it stopped or paused; see dueAt while running' })
  usedMs!: number;
  @ApiProperty() calendarId!: string;
  @ApiProperty({
    example: 'due in 1 business day, by Tue 17:00 Europe/Berlin',
    description:
      'The time left or overdue; once stopped, the outcome and when (a breach at its due time: `breached at …, stopped at …`); not computable, why',
  })
  due!: string;
}

export class SlaTimerPageView {
  @ApiProperty({ type: [SlaTimerView] }) items!: SlaTimerView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class SlaSubjectView {
  @ApiProperty() subjectId!: string;
  @ApiProperty({ type: [SlaTimerView] }) slas!: SlaTimerView[];
}

export class SlaKpiView {
  @ApiProperty({ nullable: true, type: String, description: 'The group’s key (null: none known)' })
  group!: string | null;
  @ApiProperty() sla!: string;
  @ApiProperty({
    description: 'Timers, cancelled and not computable ones excluded: always open + met + breached',
  })
  count!: number;
  @ApiProperty({
    description: 'Running or paused and not breached yet (states running, paused, at_risk)',
  })
  open!: number;
  @ApiProperty({ description: 'Stopped within the target' })
  met!: number;
  @ApiProperty({ description: 'Past the target, whether stopped since or still running' })
  breached!: number;
  @ApiProperty({
    description: 'Ended without a result (a withdrawn claim, a cancelled RMA); not in count',
  })
  cancelled!: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      'breached / (met + breached), the still-running breaches included; null when both are 0',
  })
  breachRate!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Median time used by stopped timers' })
  p50Ms!: number | null;
  @ApiProperty({ nullable: true, type: Number }) p90Ms!: number | null;
}

export class SlaKpisView {
  @ApiProperty() groupBy!: string;
  @ApiProperty({ type: [SlaKpiView] }) rows!: SlaKpiView[];
}
