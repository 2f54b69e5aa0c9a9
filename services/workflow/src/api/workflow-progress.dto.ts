import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, Matches } from 'class-validator';
import { Integer, MIN_POSITION } from '@warranty/platform';
import { MAX_PROGRESS_WAIT_MS } from '@warranty/platform/workflow-progress';

export class WorkflowProgressQueryDto {
  @ApiProperty({ pattern: MIN_POSITION.source, description: 'A global position (minPosition)' })
  @Matches(MIN_POSITION, { message: 'after is the decimal position a command returned' })
  after!: string;

  @ApiPropertyOptional({ default: 0, maximum: MAX_PROGRESS_WAIT_MS })
  @IsOptional()
  @Type(() => Number)
  @Integer(0, MAX_PROGRESS_WAIT_MS)
  waitMs?: number;
}

export class WorkflowProgressView {
  @ApiProperty({ description: 'Every event up to `after` handled within the wait' })
  caughtUp!: boolean;

  @ApiProperty({
    nullable: true,
    type: String,
    description: "The last position the workflow's commands wrote for those events, and for theirs",
  })
  frontier!: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'Its checkpoint, when not caught up' })
  reached!: string | null;
}
