import { applyDecorators, type Type as ClassType } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsOptional, ValidateNested } from 'class-validator';
import { IsPlainObject, Omittable } from '@warranty/platform';

/** A required nested object of this class, validated and documented. */
export const NestedObject = (of: () => ClassType) =>
  applyDecorators(
    // Inline, so swagger sees a lazy type (it recognises one by the name `type`).
    ApiProperty({ type: () => of() }),
    IsDefined(),
    IsPlainObject(),
    ValidateNested(),
    Type(of),
  );

/**
 * An array of nested objects, at most `max`, validated and documented. `optional` takes null as
 * omitted; `omittable` refuses null, for a field whose omission means "keep what is in force".
 */
export const NestedArray = (
  of: () => ClassType,
  max: number,
  presence: 'required' | 'optional' | 'omittable' = 'optional',
  docs: { description?: string; minItems?: number } = {},
) =>
  applyDecorators(
    ApiProperty({ type: () => [of()], maxItems: max, required: presence === 'required', ...docs }),
    { required: IsDefined(), optional: IsOptional(), omittable: Omittable() }[presence],
    IsArray(),
    ArrayMaxSize(max),
    IsPlainObject({ each: true }),
    ValidateNested({ each: true }),
    Type(of),
  );
