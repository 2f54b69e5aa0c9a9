import { evolveCaseParties } from '@warranty/contracts/parties';

describe('the parties of an SLA stream', () => {
  const opened = {
    manufacturerId: 'acme-appliances',
    retailerId: 'acme-retail',
    serviceCenterId: 'fixit-depot',
  };
  const started = evolveCaseParties(null, 'SlaStarted', { parties: { ...opened, category: null } });

  it('follow SlaReassigned to the new service center, and its later deadlines stay there', () => {
    const moved = evolveCaseParties(started, 'SlaReassigned', {
      parties: { ...opened, serviceCenterId: 'rival-repairs', category: null },
    });
    expect(moved).toEqual({ ...opened, serviceCenterId: 'rival-repairs' });
    expect(
      evolveCaseParties(moved, 'SlaBreached', { parties: { ...opened, category: null } }),
    ).toBe(moved);
  });
});
