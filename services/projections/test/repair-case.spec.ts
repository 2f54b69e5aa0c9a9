import { describeRepair, isRepairOverdue, repairOfClaim, RepairQueueRow } from '../src';

/** An order opened at fixit-depot on 2026-06-01; each case overrides what its state has. */
function row(overrides: Partial<RepairQueueRow> = {}): RepairQueueRow {
  return Object.assign(new RepairQueueRow(), {
    repairOrderId: 'ro-1',
    state: 'opened',
    manufacturerId: 'acme',
    retailerId: 'shop-1',
    serviceCenterId: 'fixit-depot',
    claimId: null,
    rmaId: null,
    productId: 'acme~SN-1',
    serialNumber: 'SN-1',
    covered: false,
    reportedDefect: 'No power',
    technicianId: null,
    findings: null,
    faultCode: null,
    qualityCheckFailures: 0,
    flagged: false,
    carrier: null,
    trackingNumber: null,
    outcome: null,
    steps: { opened: '2026-06-01T09:00:00.000Z' },
    openedAt: new Date('2026-06-01T09:00:00.000Z'),
    dueOn: '2026-06-15',
    lastEventAt: new Date('2026-06-01T09:00:00.000Z'),
    lastRevision: 0,
    updatedPosition: 1n,
    ...overrides,
  });
}

describe('the repair in plain words', () => {
  it('hands an estimate the customer pays to the retailer that sold the unit, or the customer', () => {
    const waiting = row({ state: 'awaiting_approval', technicianId: 'tech-7' });
    expect(describeRepair(waiting)).toMatchObject({
      stateInWords: 'Waiting for the estimate to be approved (fixit-depot)',
      heldBy: { party: 'retailer', tenantId: 'shop-1', technicianId: null },
    });
    expect(describeRepair({ ...waiting, retailerId: null } as RepairQueueRow).heldBy).toMatchObject(
      { party: 'customer', tenantId: null },
    );
  });

  it('says when nobody holds it any more, and when it was flagged', () => {
    expect(describeRepair(row({ state: 'closed', outcome: 'returned_unrepaired' }))).toMatchObject({
      stateInWords: 'Repair closed: returned unrepaired',
      heldBy: { party: 'nobody', tenantId: null },
    });
    expect(describeRepair(row({ state: 'unrepairable' })).heldBy.party).toBe('nobody');
    expect(describeRepair(row({ state: 'in_repair', flagged: true })).stateInWords).toBe(
      'Being repaired at fixit-depot (flagged after repeated failed quality checks)',
    );
  });

  it('lists steps reached at one instant in lifecycle order', () => {
    const same = '2026-06-02T09:00:00.000Z';
    const steps = describeRepair(
      row({ steps: { quality_check: same, opened: same, in_repair: same, assigned: same } }),
    ).steps.map((s) => s.state);
    expect(steps).toEqual(['opened', 'assigned', 'in_repair', 'quality_check']);
  });

  it('is overdue only while the unit is in the shop after its due day', () => {
    expect(isRepairOverdue(row({ state: 'in_repair' }), '2026-06-15')).toBe(false);
    expect(isRepairOverdue(row({ state: 'in_repair' }), '2026-06-16')).toBe(true);
    expect(isRepairOverdue(row({ state: 'shipped' }), '2026-06-16')).toBe(false);
    expect(isRepairOverdue(row({ state: 'unrepairable' }), '2026-06-16')).toBe(false);
  });

  it('picks the order the claim names, else the latest opened', () => {
    const older = row({ repairOrderId: 'ro-old', openedAt: new Date('2026-06-01T00:00:00Z') });
    const newer = row({ repairOrderId: 'ro-new', openedAt: new Date('2026-06-03T00:00:00Z') });
    expect(repairOfClaim([older, newer], null)?.repairOrderId).toBe('ro-new');
    expect(repairOfClaim([older, newer], 'ro-old')?.repairOrderId).toBe('ro-old');
    expect(repairOfClaim([], null)).toBeNull();
  });
});
