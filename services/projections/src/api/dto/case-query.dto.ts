import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

export class CaseQueryDto {
  @ApiPropertyOptional({
    description: 'Wait (up to 2 s) until the read model has caught up to this position',
  })
  @IsOptional()
  @IsString()
  minPosition?: string;
}
