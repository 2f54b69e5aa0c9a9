import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import {
  Cursor,
  IsInstant,
  MinPosition,
  OneOf,
  PageLimit,
  Pattern,
  TenantId,
} from '@warranty/platform';
import {
  KPI_GROUPS,
  type KpiGroup,
  MAX_TIMER_PAGE,
  SLA_STATES,
  type SlaState,
} from '../../queries/sla.queries';
import { SLA_NAME } from './sla-policy.dto';

const FLAGS = ['true', 'false'] as const;
export const SUBJECT_ID = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$/;

export class SlaTimersQueryDto {
  @ApiPropertyOptional({ description: 'A claim, RMA or repair order id' })
  @IsOptional()
  @Pattern(SUBJECT_ID, 'subject must be a claim, RMA or repair order id')
  subject?: string;

  @ApiPropertyOptional({ description: 'An SLA name, e.g. claim_decision' })
  @IsOptional()
  @Pattern(SLA_NAME, 'sla must be an SLA name such as claim_decision')
  sla?: string;

  @ApiPropertyOptional({ enum: SLA_STATES })
  @IsOptional()
  @OneOf(SLA_STATES, 'state')
  state?: SlaState;

  @ApiPropertyOptional({ enum: FLAGS })
  @IsOptional()
  @OneOf(FLAGS, 'atRisk')
  atRisk?: 'true' | 'false';

  @ApiPropertyOptional({ enum: FLAGS })
  @IsOptional()
  @OneOf(FLAGS, 'breached')
  breached?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'A manufacturer, retailer or service center id' })
  @IsOptional()
  @TenantId('party')
  party?: string;

  @ApiPropertyOptional({ description: 'Only timers due before this instant' })
  @IsOptional()
  @IsInstant()
  dueBefore?: string;

  @Cursor()
  cursor?: string;

  @PageLimit(MAX_TIMER_PAGE)
  limit?: number;

  @MinPosition()
  minPosition?: string;
}

export class SlaSubjectQueryDto {
  @MinPosition()
  minPosition?: string;
}

export class SlaKpisQueryDto {
  @ApiPropertyOptional({ enum: KPI_GROUPS, default: 'month' })
  @IsOptional()
  @OneOf(KPI_GROUPS, 'groupBy')
  groupBy?: KpiGroup;

  @ApiPropertyOptional({ description: 'Only this SLA' })
  @IsOptional()
  @Pattern(SLA_NAME, 'sla must be an SLA name such as claim_decision')
  sla?: string;
}

export class SlaChartQueryDto {
  @ApiPropertyOptional({ default: 'claim_decision', description: 'The SLA to draw' })
  @IsOptional()
  @Pattern(SLA_NAME, 'sla must be an SLA name such as claim_decision')
  sla?: string;
}
