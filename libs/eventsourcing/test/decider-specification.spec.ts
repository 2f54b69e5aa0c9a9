import { deciderSpecification } from '@warranty/testing';
import { IllegalStateError } from '../src';
import { doorDecider } from './door.decider';

describe('deciderSpecification', () => {
  const spec = deciderSpecification(doorDecider);

  it('passes when the command yields the expected events', () => {
    spec
      .given([{ type: 'DoorInstalled', data: { doorId: 'd1' } }])
      .when({ type: 'open', by: 'ann' })
      .then([{ type: 'DoorOpened', data: { by: 'ann' } }]);
  });

  it('fails when the events differ', () => {
    expect(() =>
      spec
        .given([{ type: 'DoorInstalled', data: { doorId: 'd1' } }])
        .when({ type: 'open', by: 'ann' })
        .then([{ type: 'DoorOpened', data: { by: 'bob' } }]),
    ).toThrow();
  });

  it('checks the error class and its details', () => {
    spec
      .given([])
      .when({ type: 'open', by: 'ann' })
      .thenThrows<IllegalStateError>(IllegalStateError, (e) => expect(e.state).toBe('none'));
    expect(() =>
      spec.given([]).when({ type: 'install', doorId: 'd' }).thenThrows(IllegalStateError),
    ).toThrow();
  });

  it('expresses a command that changes nothing', () => {
    spec
      .given([{ type: 'DoorInstalled', data: { doorId: 'd1' } }])
      .when({ type: 'close', by: 'ann' })
      .thenNothing();
  });
});
