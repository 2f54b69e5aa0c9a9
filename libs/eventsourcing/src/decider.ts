/** A domain event as the decider sees it: a past-tense type and its payload. */
export interface DomainEvent<Type extends string = string, Data extends object = object> {
  type: Type;
  data: Data;
}

/** An aggregate's behaviour as pure functions (no I/O): decide what happened, then fold it. */
export interface Decider<Command, Event extends DomainEvent, State> {
  initialState: State;
  /** Returns the events a command causes, or throws a DomainError when the state forbids it. */
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
}

export function fold<Event extends DomainEvent, State>(
  decider: Pick<Decider<unknown, Event, State>, 'initialState' | 'evolve'>,
  events: Iterable<Event>,
): State {
  let state = decider.initialState;
  for (const event of events) state = decider.evolve(state, event);
  return state;
}
