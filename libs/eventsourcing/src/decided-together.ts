import type { CommandContext, CommandResult } from './command-handler';
import type { Decider, DomainEvent } from './decider';

/** A command waiting to be decided with others on one stream, and how to answer its caller. */
export interface GroupMember<Command, Event extends DomainEvent, State> {
  command: Command;
  context: CommandContext;
  guard?: (state: State) => void;
  resolve: (result: CommandResult<Event, State>) => void;
  reject: (error: unknown) => void;
}

export interface Outcome<Command, Event extends DomainEvent, State> {
  member: GroupMember<Command, Event, State>;
  /** What it decided; none when it was refused or changed nothing. */
  events: Event[];
  /** The stream's state after its events (and every earlier member's). */
  state: State;
  refusal?: unknown;
}

/** Decides each member in turn on the state the earlier members' events left. Pure. */
export function decideInTurn<Command, Event extends DomainEvent, State>(
  decider: Decider<Command, Event, State>,
  group: Array<GroupMember<Command, Event, State>>,
  initial: State,
): { outcomes: Array<Outcome<Command, Event, State>>; state: State } {
  let state = initial;
  const outcomes = group.map((member): Outcome<Command, Event, State> => {
    try {
      member.guard?.(state);
      const events = decider.decide(member.command, state);
      state = events.reduce(decider.evolve, state);
      return { member, events, state };
    } catch (refusal) {
      return { member, events: [], state, refusal: refusal ?? new Error('refused') };
    }
  });
  return { outcomes, state };
}
