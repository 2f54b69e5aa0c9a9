import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsInt,
  Max,
  Min,
  ValidateBy,
} from 'class-validator';
import { IANAZone } from 'luxon';
import { isDateInRange, Pattern } from '@warranty/platform';
import { NestedObject } from './nested';

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

export class WorkingHoursDto {
  @Pattern(HH_MM, 'start must be a local time HH:mm')
  start!: string;

  @Pattern(HH_MM, 'end must be a local time HH:mm')
  end!: string;
}

export class BusinessCalendarDto {
  @ApiProperty({ example: 'Europe/Berlin', description: 'An IANA time zone' })
  @Pattern(/^[A-Za-z0-9_+\-/]{1,64}$/, 'timeZone must be an IANA time zone such as Europe/Berlin')
  @ValidateBy({
    name: 'isIanaZone',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && IANAZone.isValidZone(value),
      defaultMessage: () => 'timeZone must be an IANA time zone such as Europe/Berlin',
    },
  })
  timeZone!: string;

  @ApiProperty({
    type: [Number],
    example: [1, 2, 3, 4, 5],
    description: 'ISO weekdays, 1 = Monday',
  })
  @IsDefined()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  workingDays!: number[];

  @NestedObject(() => WorkingHoursDto)
  workingHours!: WorkingHoursDto;

  @ApiProperty({ type: [String], example: ['2026-12-25'], description: 'Local dates, YYYY-MM-DD' })
  @IsDefined()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: isDateInRange,
        defaultMessage: () => 'holidays must be dates YYYY-MM-DD between 1900-01-01 and 2199-12-31',
      },
    },
    { each: true },
  )
  holidays!: string[];
}
