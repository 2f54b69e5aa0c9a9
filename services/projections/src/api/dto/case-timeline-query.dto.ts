import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional } from 'class-validator';
import { Cursor, Integer, MinPosition } from '@warranty/platform';
import { DEFAULT_TIMELINE_PAGE, MAX_TIMELINE_PAGE } from '../../queries/case-timeline.query';

export class CaseTimelineQueryDto {
  @Cursor()
  cursor?: string;

  @ApiPropertyOptional({ default: DEFAULT_TIMELINE_PAGE, maximum: MAX_TIMELINE_PAGE })
  @IsOptional()
  @Type(() => Number)
  @Integer(1, MAX_TIMELINE_PAGE)
  limit?: number;

  @MinPosition()
  minPosition?: string;
}
