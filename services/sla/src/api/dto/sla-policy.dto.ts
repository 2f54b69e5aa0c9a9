import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMinSize,
  IsDefined,
  IsNumber,
  IsOptional,
  Max,
  Min,
  ValidateBy,
} from 'class-validator';
import {
  SLA_SUBJECT_KINDS,
  SLA_TARGET_UNITS,
  type SlaSubjectKind,
  type SlaTargetUnit,
} from '@warranty/contracts/sla';
import { Omittable, OneOf, Pattern, TenantId } from '@warranty/platform';
import { hasUnsafeText } from '@warranty/platform/validation/unsafe-text';
import { MAX_TARGET_AMOUNT } from '../../domain/sla-policy-rules';
import { NestedArray, NestedObject } from './nested';

export const SLA_NAME = /^[a-z][a-z0-9_]{1,62}$/;
export const CALENDAR_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const EVENT_TYPE = /^[A-Z][A-Za-z0-9]{1,63}$/;
const FIELD = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

const isConditionValue = (value: unknown) =>
  typeof value === 'boolean' ||
  (typeof value === 'number' && Number.isFinite(value)) ||
  (typeof value === 'string' && value.length <= 200 && !hasUnsafeText(value));

export class TriggerConditionDto {
  @Pattern(FIELD, 'field must be a top-level field name of the event data')
  field!: string;

  @ApiProperty({
    oneOf: [{ type: 'string', maxLength: 200 }, { type: 'number' }, { type: 'boolean' }],
  })
  @IsDefined()
  @ValidateBy({
    name: 'isConditionValue',
    validator: {
      validate: isConditionValue,
      defaultMessage: () => 'equals must be a string (up to 200 characters), a number or a boolean',
    },
  })
  equals!: string | number | boolean;
}

export class SlaTriggerDto {
  @Pattern(EVENT_TYPE, 'eventType must be an event type such as ClaimFiled')
  eventType!: string;

  @ApiPropertyOptional({ type: TriggerConditionDto })
  @IsOptional()
  @NestedObject(() => TriggerConditionDto)
  where?: TriggerConditionDto;
}

export class SlaTargetDto {
  @ApiProperty({
    minimum: 0.01,
    maximum: MAX_TARGET_AMOUNT,
    description:
      'Counted from the SLA’s start on the policy’s calendar, it must come due by 2199-12-31',
  })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.01)
  @Max(MAX_TARGET_AMOUNT)
  amount!: number;

  @OneOf(SLA_TARGET_UNITS, 'unit')
  unit!: SlaTargetUnit;
}

export class SlaDefinitionDto {
  @Pattern(SLA_NAME, 'name must be 2-63 lower-case letters, digits or underscores')
  name!: string;

  @OneOf(SLA_SUBJECT_KINDS, 'subject')
  subject!: SlaSubjectKind;

  @NestedArray(() => SlaTriggerDto, 20, 'required')
  @ArrayMinSize(1)
  start!: SlaTriggerDto[];

  @NestedArray(() => SlaTriggerDto, 20, 'required')
  @ArrayMinSize(1)
  stop!: SlaTriggerDto[];

  @NestedArray(() => SlaTriggerDto, 20)
  pause?: SlaTriggerDto[];

  @NestedArray(() => SlaTriggerDto, 20)
  resume?: SlaTriggerDto[];

  @NestedArray(() => SlaTriggerDto, 20)
  cancel?: SlaTriggerDto[];

  @NestedObject(() => SlaTargetDto)
  target!: SlaTargetDto;
}

export class RetailerOverrideDto {
  @TenantId('retailerId')
  retailerId!: string;

  @Pattern(SLA_NAME, 'sla must name an SLA of the policy')
  sla!: string;

  @NestedObject(() => SlaTargetDto)
  target!: SlaTargetDto;
}

export class SlaPolicyDto {
  @ApiPropertyOptional({
    description:
      'Admins only: whose policy to set; omitted, an admin sets the platform defaults. A manufacturer always sets its own.',
  })
  @IsOptional()
  @TenantId('manufacturerId')
  manufacturerId?: string;

  @ApiPropertyOptional({ description: 'A defined business calendar, or `default`' })
  @Omittable()
  @Pattern(CALENDAR_ID, 'calendarId must be 1-63 lower-case letters, digits or dashes')
  calendarId?: string;

  @NestedArray(() => SlaDefinitionDto, 50, 'omittable', {
    minItems: 1,
    description: 'Replaces every SLA of the policy; omitted, the SLAs in force stay',
  })
  @ArrayMinSize(1, {
    message: 'slas must list at least one SLA; a policy without any tracks nothing',
  })
  slas?: SlaDefinitionDto[];

  @NestedArray(() => RetailerOverrideDto, 500, 'omittable', {
    description:
      'Replaces every retailer override of the policy (`[]` removes them all); omitted, the overrides in force stay. The retailer is not checked: this service does not know the tenants.',
  })
  retailerOverrides?: RetailerOverrideDto[];
}
