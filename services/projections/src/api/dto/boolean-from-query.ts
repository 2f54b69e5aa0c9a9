import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

/** `true`/`false` in a query string; anything else stays as given and fails IsBoolean. */
const booleanFromQuery = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

/** An optional `true`/`false` query parameter. */
export const OptionalBooleanQuery = (field: string) =>
  applyDecorators(
    IsOptional(),
    Transform(booleanFromQuery),
    IsBoolean({ message: `${field} must be true or false` }),
  );
