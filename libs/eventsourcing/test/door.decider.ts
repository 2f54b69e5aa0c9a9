import { type Decider, IllegalStateError } from '../src';

/** A deliberately tiny aggregate for testing the kit itself. */
export type DoorEvent =
  | { type: 'DoorInstalled'; data: { doorId: string } }
  | { type: 'DoorOpened'; data: { by: string } }
  | { type: 'DoorClosed'; data: { by: string } };
export type DoorCommand =
  | { type: 'install'; doorId: string }
  | { type: 'open'; by: string }
  | { type: 'close'; by: string };
export type DoorState = { status: 'none' | 'open' | 'closed'; opened: number };

export const doorDecider: Decider<DoorCommand, DoorEvent, DoorState> = {
  initialState: { status: 'none', opened: 0 },
  decide(command, state) {
    switch (command.type) {
      case 'install':
        if (state.status !== 'none')
          throw new IllegalStateError('Door already installed', state.status);
        return [{ type: 'DoorInstalled', data: { doorId: command.doorId } }];
      case 'open':
        if (state.status !== 'closed')
          throw new IllegalStateError('Door is not closed', state.status);
        return [{ type: 'DoorOpened', data: { by: command.by } }];
      case 'close':
        if (state.status === 'closed') return [];
        if (state.status !== 'open') throw new IllegalStateError('Door is not open', state.status);
        return [{ type: 'DoorClosed', data: { by: command.by } }];
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'DoorInstalled':
        return { ...state, status: 'closed' };
      case 'DoorOpened':
        return { status: 'open', opened: state.opened + 1 };
      case 'DoorClosed':
        return { ...state, status: 'closed' };
    }
  },
};
