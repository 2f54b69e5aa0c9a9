import {
  DEFAULT_POLICY,
  fulfilmentPolicyDecider,
  type FulfilmentPolicySet,
} from '../../src/domain/fulfilment-policy';

const at = '2026-06-15T10:00:00.000Z';
const set = (policy: object, state = DEFAULT_POLICY) =>
  fulfilmentPolicyDecider.decide(
    { type: 'SetFulfilmentPolicy', manufacturerId: 'acme', policy, setBy: 'acme', at },
    state,
  );

describe('the fulfilment policy', () => {
  it('given the defaults, setting the appeal window keeps every other field', () => {
    const [event] = set({ appealWindowDays: 10 });
    expect(event).toEqual<FulfilmentPolicySet>({
      type: 'FulfilmentPolicySet',
      data: {
        manufacturerId: 'acme',
        policy: { ...DEFAULT_POLICY, appealWindowDays: 10 },
        setBy: 'acme',
        at,
      },
    });
  });

  it('given a set policy, new service centers replace the whole routing and the window stays', () => {
    const state = fulfilmentPolicyDecider.evolve(DEFAULT_POLICY, set({ appealWindowDays: 10 })[0]);
    const [event] = set({ serviceCenters: { washer: 'wash-pros' } }, state);
    expect(event.data.policy).toMatchObject({
      appealWindowDays: 10,
      serviceCenters: { washer: 'wash-pros' },
    });
  });
});
