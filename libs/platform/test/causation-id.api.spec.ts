import { Controller, Inject, Module, Param, Post } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { EVENT_STORE, type EventStore } from '@warranty/event-store';
import {
  CLOCK,
  type Clock,
  type CommandContext,
  CommandHandler,
  type Decider,
  ID_GENERATOR,
  type IdGenerator,
} from '@warranty/eventsourcing';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import { CommandCtx, CommandOperation } from '../src';

type NoticePosted = { type: 'NoticePosted'; data: Record<string, never> };
const noticeDecider: Decider<{ type: 'post' }, NoticePosted, number> = {
  initialState: 0,
  decide: () => [{ type: 'NoticePosted', data: {} }],
  evolve: (count) => count + 1,
};

class NoticeReceipt {
  @ApiProperty({ type: 'integer' }) revision!: number;
}

/** A board whose every post writes one event, through the same CommandCtx every service uses. */
@Controller('v1/notices')
class NoticesController {
  private readonly notices: CommandHandler<{ type: 'post' }, NoticePosted, number>;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) clock: Clock,
    @Inject(ID_GENERATOR) ids: IdGenerator,
  ) {
    this.notices = new CommandHandler(store, noticeDecider, clock, ids, { tenants: () => ({}) });
  }

  @Post(':noticeId')
  @CommandOperation({ summary: 'Posts a notice', type: NoticeReceipt })
  async post(@Param('noticeId') noticeId: string, @CommandCtx() context: CommandContext) {
    const { revision } = await this.notices.handle(`notice-${noticeId}`, { type: 'post' }, context);
    return { revision };
  }
}

@Module({ controllers: [NoticesController] })
class NoticesModule {}

describe('X-Causation-Id: what a command follows from, recorded on its events', () => {
  let svc: ServiceUnderTest;
  let key: string;

  beforeAll(async () => {
    svc = await startServiceUnderTest(() => [NoticesModule]);
    key = await svc.keyFor('acme-retail', 'retailer');
  });
  afterAll(() => svc?.close());

  /** Posts a notice with these headers; answers the metadata of the event it wrote. */
  async function postNotice(noticeId: string, headers: Record<string, string>) {
    const request = svc
      .http()
      .post(`/v1/notices/${noticeId}`)
      .set('Authorization', `Bearer ${key}`);
    for (const [name, value] of Object.entries(headers)) request.set(name, value);
    await request.send({}).expect(200);
    const [event] = await svc.app.get<EventStore>(EVENT_STORE).readStream(`notice-${noticeId}`);
    return event.metadata;
  }

  it('records the caller’s causation id next to its correlation id', async () => {
    const causation = 'ClaimApproved:0b6f1c1e-5d0e-4c38-9d4f-7f1f3c1a2b3c';
    expect(
      await postNotice('caused', { 'X-Correlation-Id': 'corr-1', 'X-Causation-Id': causation }),
    ).toMatchObject({ correlationId: 'corr-1', causationId: causation });
  });

  it('without one, records the correlation id as the causation id, as before', async () => {
    expect(await postNotice('uncaused', { 'X-Correlation-Id': 'corr-2' })).toMatchObject({
      correlationId: 'corr-2',
      causationId: 'corr-2',
    });
  });

  it.each([
    ['longer than 100 characters', 'e'.repeat(101)],
    ['with a space', 'event 1'],
    ['outside ASCII', 'événement-1'],
  ])('ignores one %s, as if it were absent, and refuses nothing', async (_, causation) => {
    expect(
      await postNotice(`odd-${causation.length}-${causation.charCodeAt(0)}`, {
        'X-Correlation-Id': 'corr-3',
        'X-Causation-Id': causation,
      }),
    ).toMatchObject({ correlationId: 'corr-3', causationId: 'corr-3' });
  });

  it('documents both headers on every command', async () => {
    const document = (await svc.http().get('/openapi.json').expect(200)).body;
    const headers = document.paths['/v1/notices/{noticeId}'].post.parameters.filter(
      (p: { in: string }) => p.in === 'header',
    );
    expect(headers.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['X-Correlation-Id', 'X-Causation-Id']),
    );
    expect(headers.find((p: { name: string }) => p.name === 'X-Causation-Id').schema).toEqual({
      type: 'string',
      pattern: '^[!-~]{1,100}$',
    });
  });
});
