import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { HistoryEntryView } from '@warranty/platform';

const HASH = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;

export class AuditEntryView extends HistoryEntryView {
  @ApiProperty({ type: 'string', nullable: true }) role!: string | null;
  @ApiProperty({ ...HASH, nullable: true, description: 'metadata.hash as stored' })
  hash!: string | null;
  @ApiProperty({
    ...HASH,
    nullable: true,
    description: 'The hash this event chains from (the genesis value for revision 0)',
  })
  previousHash!: string | null;
}

export class StreamHistoryView {
  @ApiProperty() streamId!: string;
  @ApiPropertyOptional({ description: 'The instant the history stops at, when asked for' })
  asOf?: string;
  @ApiProperty({ type: [AuditEntryView] }) events!: AuditEntryView[];
  @ApiProperty({ type: 'string', nullable: true, description: 'Pass as cursor for the next page' })
  nextCursor!: string | null;
}

export class StreamVerificationView {
  @ApiProperty() streamId!: string;
  @ApiProperty({ enum: ['intact', 'broken'] }) status!: 'intact' | 'broken';
  @ApiPropertyOptional({ type: 'integer', description: 'intact: how many events were checked' })
  events?: number;
  @ApiPropertyOptional({ ...HASH, description: 'intact: the hash of the last event' })
  headHash?: string;
  @ApiPropertyOptional({ type: 'integer', description: 'broken: the first revision that fails' })
  revision?: number;
  @ApiPropertyOptional({ ...HASH, description: 'broken: the hash the event should carry' })
  expectedHash?: string;
  @ApiPropertyOptional({ ...HASH, nullable: true, description: 'broken: the hash it carries' })
  foundHash?: string | null;
  @ApiPropertyOptional({ description: 'broken: why' }) reason?: string;
}

export class CaseFileLineView {
  @ApiProperty({
    enum: ['manifest', 'event'],
    description:
      'One JSON line. The first is the manifest (caseId, exportedAt, events, streams with counts and head hashes); every other line is one event with its hash and previousHash. Every line carries lineHash, chained from the line before.',
  })
  kind!: 'manifest' | 'event';
}
