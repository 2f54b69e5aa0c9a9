import type { FulfilmentCase } from '../../src/domain/fulfilment-case';
import { type Parked, PARKED_REACTION, redriveStart } from '../../src/domain/parking';

const kept = { claimId: 'c-1', resolution: null } as unknown as FulfilmentCase;
const entry = (commandType: string, caseBefore: FulfilmentCase | null = null): Parked => ({
  eventId: 'e-1',
  eventType: 'ClaimApproved',
  commandType,
  streamId: 'claim-c-1',
  position: 10n,
  attempts: 1,
  error: 'x',
  parkedAt: new Date(0),
  lastFailedAt: new Date(0),
  caseBefore,
});

describe('where a redrive starts', () => {
  it('a parked command: from the case its reaction started from, recording no case', () => {
    expect(redriveStart([entry('AuthorizeWarrantyReturn', kept)])).toEqual({
      kept,
      recordsCase: false,
    });
  });

  it('a parked reaction: from the case as it stands, recording the one it leaves', () => {
    expect(redriveStart([entry(PARKED_REACTION)])).toEqual({ recordsCase: true });
    // The reaction never recorded its case, whatever else of the event was parked.
    expect(redriveStart([entry('CloseRma', kept), entry(PARKED_REACTION)])).toEqual({
      recordsCase: true,
    });
  });

  it('a command parked before the starting case was kept: from the case as it stands', () => {
    expect(redriveStart([entry('CloseRma')])).toEqual({ kept: undefined, recordsCase: false });
  });
});
