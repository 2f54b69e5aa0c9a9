import { applyDecorators, type Type as ClassType } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsOptional, ValidateNested } from 'class-validator';
import { IsPlainObject } from '@warranty/platform';

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

/** An array of nested objects, at most `max`, validated and documented; optional unless `required`. */
export const NestedArray = (of: () => ClassType, max: number, required = false) =>
  applyDecorators(
    ApiProperty({ type: () => [of()], maxItems: max, required }),
    required ? IsDefined() : IsOptional(),
    IsArray(),
    ArrayMaxSize(max),
    IsPlainObject({ each: true }),
    ValidateNested({ each: true }),
    Type(of),
  );
