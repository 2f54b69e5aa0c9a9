import { CASE_FILE_FORMAT, CaseFileWriter, verifyCaseFile } from '../../src/domain/case-file';
import { chainedStream } from './chain-links';

/** A case file of two interleaved streams, written as the export writes it. */
function caseFile(): string[] {
  const claim = chainedStream(3, (i) => ({ claimId: 'c-1', step: i }));
  const rma = chainedStream(2, (i) => ({ claimId: 'c-1', rmaStep: i }));
  const order = [
    ['claim-c-1', claim[0]],
    ['claim-c-1', claim[1]],
    ['rma-r-1', rma[0]],
    ['claim-c-1', claim[2]],
    ['rma-r-1', rma[1]],
  ] as const;
  const writer = new CaseFileWriter();
  const previous = new Map<string, string>();
  const lines = [
    writer.line({
      kind: 'manifest',
      format: CASE_FILE_FORMAT,
      caseId: 'c-1',
      exportedAt: '2026-06-15T10:00:00.000Z',
      events: 5,
      streams: [
        { streamId: 'claim-c-1', events: 3, headHash: claim[2].metadata.hash },
        { streamId: 'rma-r-1', events: 2, headHash: rma[1].metadata.hash },
      ],
    }),
  ];
  order.forEach(([streamId, event], i) => {
    lines.push(
      writer.line({
        kind: 'event',
        streamId,
        revision: event.revision,
        position: String(10 + i),
        eventId: `e-${i}`,
        type: event.type,
        recordedAt: '2026-06-15T10:00:00.000Z',
        data: event.data,
        metadata: event.metadata,
        hash: event.metadata.hash,
        previousHash: previous.get(streamId) ?? '0'.repeat(64),
      }),
    );
    previous.set(streamId, event.metadata.hash);
  });
  return lines;
}

describe('a case file, verified offline', () => {
  it('is valid as written', () => {
    expect(verifyCaseFile(caseFile().join(''))).toEqual({
      status: 'valid',
      caseId: 'c-1',
      events: 5,
      streams: expect.any(Array),
    });
  });

  it('names the line when any single byte of any line changes', () => {
    const lines = caseFile();
    for (let line = 0; line < lines.length; line++) {
      // Every byte but the newline: each change must name exactly this line.
      for (let at = 0; at < lines[line].length - 1; at += 7) {
        const changed = [...lines];
        const byte = changed[line][at] === 'x' ? 'y' : 'x';
        changed[line] = changed[line].slice(0, at) + byte + changed[line].slice(at + 1);
        expect({ at, verdict: verifyCaseFile(changed.join('')) }).toEqual({
          at,
          verdict: expect.objectContaining({ status: 'invalid', line: line + 1 }),
        });
      }
    }
  });

  it('names the first line when the manifest does not match the events, and a dropped line', () => {
    const lines = caseFile();
    expect(verifyCaseFile(lines.slice(0, 5).join(''))).toMatchObject({
      status: 'invalid',
      line: 1,
      reason: 'the manifest counts 5 events, the file holds 4',
    });
    expect(verifyCaseFile([lines[0], lines[2], ...lines.slice(3)].join(''))).toMatchObject({
      status: 'invalid',
      line: 2,
    });
  });
});
