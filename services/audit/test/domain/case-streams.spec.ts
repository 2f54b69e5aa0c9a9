import { CaseStreams } from '../../src/domain/case-streams';

describe('the streams of a case', () => {
  it('takes RMAs naming the claim and repair orders naming the claim or one of its RMAs', () => {
    const found = new CaseStreams('c-1');
    for (const event of [
      { streamId: 'rma-r-1', data: { rmaId: 'r-1', claimId: 'c-1' } },
      { streamId: 'rma-r-1', data: { rmaId: 'r-1' } },
      { streamId: 'rma-r-2', data: { rmaId: 'r-2', claimId: 'c-2' } },
      { streamId: 'repair-o-1', data: { claimId: null, rmaId: 'r-1' } },
      { streamId: 'repair-o-2', data: { claimId: 'c-1', rmaId: null } },
      { streamId: 'repair-o-3', data: { claimId: null, rmaId: 'r-2' } },
      { streamId: 'repair-o-4', data: { claimId: 'c-2', rmaId: null } },
    ])
      found.see(event);
    expect(found.streamIds).toEqual(['claim-c-1', 'rma-r-1', 'repair-o-1', 'repair-o-2']);
  });
});
