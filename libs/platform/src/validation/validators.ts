import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsOptional,
  IsInt,
  IsObject,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  registerDecorator,
  ValidateIf,
  type ValidationOptions,
} from 'class-validator';
import { EARLIEST_DATE, isIsoDate, LATEST_DATE, SERIAL_NUMBER_INPUT } from '@warranty/coverage';

/** Tenant ids: lower-case letters, digits and dashes, 2 to 63 characters. */
export const TENANT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** The date range lives in @warranty/coverage, beside the calendar rules, so domain code checks it too. */
export { EARLIEST_DATE, LATEST_DATE };

/** A real calendar day written YYYY-MM-DD, between EARLIEST_DATE and LATEST_DATE. */
export function isDateInRange(value: unknown): value is string {
  return isIsoDate(value) && value >= EARLIEST_DATE && value <= LATEST_DATE;
}

const INSTANT =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
const EARLIEST_INSTANT = Date.parse(`${EARLIEST_DATE}T00:00:00Z`);
const END_OF_RANGE = Date.parse(`${LATEST_DATE}T23:59:59.999Z`);

/** An ISO 8601 instant with a time and an offset, on a real day, inside the date range (UTC). */
export function isInstantInRange(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = INSTANT.exec(value);
  if (!match || !isIsoDate(match[1])) return false;
  const time = Date.parse(value);
  return !Number.isNaN(time) && time >= EARLIEST_INSTANT && time <= END_OF_RANGE;
}

/** An `asOf` value as the instant it names: a date alone is the end of that day in UTC. */
export function asOfInstant(value: unknown): string | undefined {
  if (isDateInRange(value)) return `${value}T23:59:59.999Z`;
  return isInstantInRange(value) ? value : undefined;
}

function rule(
  name: string,
  message: string,
  validate: (value: unknown) => boolean,
  options?: ValidationOptions,
): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} ${message}`, ...options },
      validator: { validate },
    });
}

/** A calendar date YYYY-MM-DD between 1900-01-01 and 2199-12-31; validated and documented. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: String, format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    rule(
      'isCalendarDate',
      `must be a date written YYYY-MM-DD between ${EARLIEST_DATE} and ${LATEST_DATE}`,
      isDateInRange,
      options,
    ),
  );
}

/** An ISO 8601 instant with an offset, inside the date range. */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: String, format: 'date-time' }),
    rule(
      'isInstant',
      `must be an ISO 8601 instant such as 2026-06-15T10:00:00Z, between ${EARLIEST_DATE} and ${LATEST_DATE}`,
      isInstantInRange,
      options,
    ),
  );
}

/** `asOf`: an instant, or a date alone meaning the end of that day (UTC); arrives as the instant. */
export function AsOf(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      type: String,
      required: false,
      pattern: '^\\d{4}-\\d{2}-\\d{2}(T.+)?$',
      description: 'ISO 8601 instant, or a date alone meaning the end of that day (UTC)',
    }),
    Transform(({ value }: { value: unknown }) => asOfInstant(value) ?? value),
    rule(
      'isAsOf',
      `must be an ISO 8601 instant or a YYYY-MM-DD date between ${EARLIEST_DATE} and ${LATEST_DATE}`,
      (value) => asOfInstant(value) !== undefined,
    ),
  );
}

/** A string of `min` to `max` characters; validated and documented. */
export function Text(min: number, max: number): PropertyDecorator {
  if (min === 0)
    return applyDecorators(
      ApiProperty({ type: String, minLength: min, maxLength: max }),
      IsString(),
      Length(min, max),
    );
  // A required text of spaces alone says nothing: the same as an empty one.
  return applyDecorators(
    ApiProperty({ type: String, minLength: min, maxLength: max, pattern: '\\S' }),
    IsString(),
    Length(min, max),
    Matches(/\S/, { message: '$property must not be blank' }),
  );
}

/** A string matching `pattern` (whole value); validated and documented with the same pattern. */
export function Pattern(pattern: RegExp, message: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: String, pattern: pattern.source }),
    IsString({ message }),
    Matches(pattern, { message }),
  );
}

/** The ISO 4217 codes in use, as this runtime's ICU knows them. */
export const CURRENCY_CODES: readonly string[] = Intl.supportedValuesOf('currency');

/** An ISO 4217 code in use: three capitals alone would take XYZ. */
export const CurrencyCode = (field: string) =>
  applyDecorators(
    ApiProperty({
      type: String,
      pattern: '^[A-Z]{3}$',
      description: 'ISO 4217 code',
      example: 'EUR',
    }),
    IsIn(CURRENCY_CODES, { message: `${field} must be an ISO 4217 code in use, such as EUR` }),
  );

export const TenantId = (field: string) =>
  Pattern(TENANT_ID_PATTERN, `${field} must be a tenant id (lower-case letters, digits, dashes)`);

/** A serial number as typed: printable ASCII letters, digits, dots, dashes, underscores. */
export const SerialNumber = () =>
  applyDecorators(
    Pattern(
      SERIAL_NUMBER_INPUT,
      'serialNumber must be 1-64 ASCII letters, digits, dots, dashes or underscores',
    ),
    ApiProperty({ description: 'Trimmed and upper-cased (ASCII only) before use' }),
  );

/** A whole number from `min` to `max`; validated and documented as an integer. */
export function Integer(min: number, max: number): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: 'integer', minimum: min, maximum: max }),
    IsInt(),
    Min(min),
    Max(max),
  );
}

/** May be left out, but never sent as null: where omitted means "keep", a null would be stored. */
export const Omittable = () => ValidateIf((_, value: unknown) => value !== undefined);

/** A page size from the query string: 1 to `max`, 50 when omitted. */
export const PageLimit = (max: number) =>
  applyDecorators(
    Integer(1, max),
    Type(() => Number),
    IsOptional(),
    ApiPropertyOptional({ default: 50, maximum: max }),
  );

/** One of `values`; validated and documented as an enum. */
export function OneOf(values: readonly string[], field?: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ enum: values }),
    IsIn(values, field ? { message: `${field} must be one of: ${values.join(', ')}` } : undefined),
  );
}

/** A nested JSON object (never an array, which ValidateNested would otherwise accept). */
export const IsPlainObject = (options?: ValidationOptions) =>
  IsObject({ message: '$property must be a JSON object', ...options });

/** `minPosition`: the decimal position a command returned; parseMinPosition reads it. */
export const MIN_POSITION = /^\d{1,20}$/;

export const MinPosition = () =>
  applyDecorators(
    ApiProperty({
      type: String,
      required: false,
      pattern: MIN_POSITION.source,
      description: 'Wait (up to 2 s) until the read model has caught up to this position',
    }),
    IsOptional(),
    IsString(),
  );

/** An opaque list cursor (base64url), as a previous page's nextCursor gave it. */
export const Cursor = () =>
  applyDecorators(
    ApiProperty({ required: false, description: 'nextCursor of the previous page' }),
    IsOptional(),
    Pattern(/^[A-Za-z0-9_-]{1,1000}$/, 'cursor is not one this list returned'),
  );
