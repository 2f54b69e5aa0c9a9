import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'FieldError' })
export class FieldErrorSchema {
  @ApiProperty({
    description: 'Path of the offending field, e.g. `owner.email` or `evidence[0].uri`',
  })
  field!: string;

  @ApiProperty()
  message!: string;
}

/** RFC 9457 problem details; codes add their own extension members (e.g. `state`, `currentRevision`). */
@ApiSchema({ name: 'ProblemDetails' })
export class ProblemDetailsSchema {
  @ApiProperty({
    description: 'URI reference of the problem type; GET it for a description',
    example: '/problems/validation',
  })
  type!: string;

  @ApiProperty({ example: 'Invalid request' })
  title!: string;

  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, example: 400 })
  status!: number;

  @ApiPropertyOptional()
  detail?: string;

  @ApiPropertyOptional({ description: 'The request path that met the problem' })
  instance?: string;

  @ApiPropertyOptional({ type: [FieldErrorSchema], description: 'One entry per invalid field' })
  errors?: FieldErrorSchema[];
}
