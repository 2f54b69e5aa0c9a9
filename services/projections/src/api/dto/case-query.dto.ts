import { MinPosition } from '@warranty/platform';

export class CaseQueryDto {
  @MinPosition()
  minPosition?: string;
}
