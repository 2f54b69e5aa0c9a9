import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { GENESIS_HASH, type JsonObject } from '@warranty/event-store';
import { ChainWalk } from './chain-walk';

export const CASE_FILE_FORMAT = 'warranty-case-file/1';

export interface CaseFileStream {
  streamId: string;
  events: number;
  headHash: string;
}

export interface CaseFileManifest {
  kind: 'manifest';
  format: typeof CASE_FILE_FORMAT;
  caseId: string;
  exportedAt: string;
  events: number;
  streams: CaseFileStream[];
}

export interface CaseFileEvent {
  kind: 'event';
  streamId: string;
  revision: number;
  position: string;
  eventId: string;
  type: string;
  recordedAt: string;
  data: JsonObject;
  metadata: JsonObject;
  hash: string | null;
  previousHash: string;
}

export type CaseFileLine = CaseFileManifest | CaseFileEvent;

export type CaseFileVerdict =
  | { status: 'valid'; caseId: string; events: number; streams: CaseFileStream[] }
  | { status: 'invalid'; line: number; reason: string };

/**
 * Every line carries `lineHash`, chained from the line before, so a changed byte anywhere in a
 * line (also in fields the event chain does not cover, such as the position) names that line.
 */
function lineHash(previous: string, line: object): string {
  const { lineHash: _ignored, ...content } = line as { lineHash?: string };
  return createHash('sha256')
    .update(previous)
    .update(canonicalize(content) ?? '')
    .digest('hex');
}

/** Writes a case file's lines one by one: the manifest first, then the events in global order. */
export class CaseFileWriter {
  private previous = GENESIS_HASH;

  line(content: CaseFileLine): string {
    this.previous = lineHash(this.previous, content);
    return `${JSON.stringify({ ...content, lineHash: this.previous })}\n`;
  }
}

const invalid = (line: number, reason: string): CaseFileVerdict => ({
  status: 'invalid',
  line,
  reason,
});

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks a case file offline: line hashes, every stream's chain, and the manifest's counts and head hashes. */
export function verifyCaseFile(text: string): CaseFileVerdict {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) return invalid(1, 'the file is empty; the first line must be a manifest');
  const walk = new ChainWalk();
  let manifest: CaseFileManifest | undefined;
  let previousLine = GENESIS_HASH;
  let lastPosition = -1n;
  for (const [index, raw] of lines.entries()) {
    const number = index + 1;
    const line = parse(raw);
    if (!isObject(line)) return invalid(number, 'not a JSON object');
    const expectedLine = lineHash(previousLine, line);
    if (line.lineHash !== expectedLine)
      return invalid(
        number,
        `lineHash is ${String(line.lineHash)}, the line hashes to ${expectedLine}`,
      );
    previousLine = expectedLine;
    if (number === 1) {
      if (line.kind !== 'manifest' || line.format !== CASE_FILE_FORMAT)
        return invalid(1, `the first line is not a ${CASE_FILE_FORMAT} manifest`);
      manifest = line as unknown as CaseFileManifest;
      continue;
    }
    if (line.kind !== 'event') return invalid(number, 'not an event line');
    const event = line as unknown as CaseFileEvent;
    if (typeof event.streamId !== 'string' || !isObject(event.metadata) || !isObject(event.data))
      return invalid(number, 'an event line needs streamId, data and metadata');
    let position: bigint;
    try {
      position = BigInt(event.position);
    } catch {
      return invalid(number, `position ${String(event.position)} is not a number`);
    }
    if (position <= lastPosition)
      return invalid(
        number,
        `position ${position} does not follow ${lastPosition} in global order`,
      );
    lastPosition = position;
    if (event.previousHash !== walk.previousHash(event.streamId))
      return invalid(
        number,
        `previousHash of ${event.streamId}@${event.revision} is not the hash of its previous event`,
      );
    const broken = walk.add(event.streamId, event);
    if (broken)
      return invalid(
        number,
        `${broken.streamId}@${broken.revision}: ${broken.reason} (expected ${broken.expectedHash}, found ${broken.foundHash})`,
      );
    if (event.hash !== event.metadata.hash)
      return invalid(number, 'hash differs from metadata.hash');
  }
  return checkManifest(manifest as CaseFileManifest, walk, lines.length - 1);
}

function checkManifest(
  manifest: CaseFileManifest,
  walk: ChainWalk,
  events: number,
): CaseFileVerdict {
  if (manifest.events !== events)
    return invalid(1, `the manifest counts ${manifest.events} events, the file holds ${events}`);
  const listed = new Set<string>();
  for (const stream of manifest.streams ?? []) {
    listed.add(stream.streamId);
    const verdict = walk.verdict(stream.streamId);
    const found = verdict?.status === 'intact' ? verdict.events : 0;
    if (found !== stream.events)
      return invalid(
        1,
        `the manifest counts ${stream.events} events of ${stream.streamId}, the file holds ${found}`,
      );
    const head = verdict?.status === 'intact' ? verdict.headHash : GENESIS_HASH;
    if (head !== stream.headHash)
      return invalid(
        1,
        `the manifest's head hash of ${stream.streamId} is ${stream.headHash}, the events end at ${head}`,
      );
  }
  const extra = walk.verdicts().find((v) => !listed.has(v.streamId));
  if (extra)
    return invalid(
      1,
      `the file holds events of ${extra.streamId}, which the manifest does not list`,
    );
  return {
    status: 'valid',
    caseId: manifest.caseId,
    events,
    streams: manifest.streams,
  };
}
