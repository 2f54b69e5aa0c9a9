import { IsOptional } from 'class-validator';
import { AsOf, MinPosition } from '@warranty/platform';

export class CaseQueryDto {
  @MinPosition()
  minPosition?: string;

  @IsOptional()
  @AsOf()
  asOf?: string;
}
