import type { Decider, DomainEvent } from '@warranty/eventsourcing';

type ErrorClass = abstract new (...args: never[]) => Error;

/** Given events, when a command, then events or an error: decider specs with no I/O. */
export function deciderSpecification<Command, Event extends DomainEvent, State>(
  decider: Decider<Command, Event, State>,
) {
  return {
    given(events: Event[]) {
      const state = events.reduce(decider.evolve, decider.initialState);
      return {
        when(command: Command) {
          const run = () => decider.decide(command, state);
          return {
            then(expected: Event[]): void {
              expect(run()).toEqual(expected);
            },
            thenNothing(): void {
              expect(run()).toEqual([]);
            },
            thenThrows<E extends Error>(errorClass: ErrorClass, check?: (error: E) => void): void {
              let thrown: unknown;
              try {
                run();
              } catch (error) {
                thrown = error;
              }
              expect(thrown).toBeInstanceOf(errorClass);
              check?.(thrown as E);
            },
          };
        },
      };
    },
  };
}
