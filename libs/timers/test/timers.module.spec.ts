import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@warranty/event-store';
import { waitUntil } from '@warranty/testing';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import { DurableTimers, TimersModule } from '../src';

/** A service that owns a timer command, wired the way a service module wires it. */
@Module({ imports: [TimersModule.forRoot({ pollIntervalMs: 10 })] })
class ReminderModule implements OnModuleInit {
  constructor(
    private readonly timers: DurableTimers,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  onModuleInit(): void {
    this.timers.on('remind', async ({ streamId, commandId }) => {
      await this.store.append(
        streamId,
        [{ type: 'Reminded', data: {}, metadata: { commandId } }],
        'any',
      );
    });
  }
}

describe('TimersModule', () => {
  let service: ServiceUnderTest;

  beforeAll(async () => {
    service = await startServiceUnderTest(() => [ReminderModule]);
  });
  afterAll(async () => {
    await service?.close();
  });

  it('polls in the background on the platform clock from bootstrap on', async () => {
    const timers = service.app.get(DurableTimers);
    await timers.schedule({
      timerId: 'reminder-1',
      dueAt: service.clock.now(),
      target: { streamId: 'reminder-1', command: { type: 'remind' } },
    });
    await waitUntil(async () => (await timers.status('reminder-1')).status === 'fired');
  });
});
