import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { RecordedEvent } from '@warranty/event-store';
import { createPool } from '@warranty/platform';
import { createTestDatabase, type TestDatabase } from '@warranty/testing';
import { migrate } from '@warranty/postgres';
import {
  CaseChangedError,
  RedriveRunningError,
  WorkflowBook,
  workflowMigrations,
} from '../../src/adapters/workflow-book';
import type { FulfilmentCase } from '../../src/domain/fulfilment-case';

const filed = (claimId: string): FulfilmentCase => ({
  claimId,
  manufacturerId: 'acme-appliances',
  serialNumber: 'BOOK-1',
  productCategory: 'washing_machine',
  planCode: 'STD-24',
  reportedDefect: 'No power',
  resolution: null,
  rmaId: null,
  lineId: null,
  repairOrderId: null,
  outcome: null,
  resolved: false,
});

let position = 100n;
const eventOf = (claimId: string, type: string): RecordedEvent => ({
  id: randomUUID(),
  type,
  streamId: `claim-${claimId}`,
  revision: 0,
  position: (position += 10n),
  recordedAt: new Date(),
  data: { claimId },
  metadata: {},
});

/** The workflow's own tables on a real PostgreSQL: who may write a case, and a redrive's hold. */
describe('the workflow book', () => {
  let database: TestDatabase;
  let pool: Pool;
  let book: WorkflowBook;

  beforeAll(async () => {
    database = await createTestDatabase('wf_book');
    pool = createPool(database.url, 6);
    book = new WorkflowBook(pool, 'workflow-fulfilment', 'postgres');
    await book.prepare();
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  /** A filed claim's case, and an event of it the workflow parked as `reaction`. */
  async function parkedApproval() {
    const claimId = randomUUID();
    const known = filed(claimId);
    await book.handled(eventOf(claimId, 'ClaimFiled'), {
      case: { before: null, after: known },
      parked: [],
    });
    const approval = eventOf(claimId, 'ClaimApproved');
    await book.parkEvent(approval, 'the case store refused the approval', 5);
    return { claimId, known, approval };
  }

  it('writes a case only over the one the run read: of two runs on it, the later changes nothing', async () => {
    const claimId = randomUUID();
    const known = filed(claimId);
    await book.handled(eventOf(claimId, 'ClaimFiled'), {
      case: { before: null, after: known },
      parked: [],
    });
    const winner = eventOf(claimId, 'RmaAuthorized');
    await book.handled(winner, {
      case: { before: known, after: { ...known, rmaId: 'rma-1', lineId: 'line-1' } },
      parked: [],
    });
    await expect(
      book.handled(eventOf(claimId, 'ClaimApproved'), {
        case: { before: known, after: { ...known, resolution: 'repair' } },
        wrote: 999_999n,
        parked: [
          { commandType: 'AuthorizeWarrantyReturn', error: 'x', attempts: 1, caseBefore: known },
        ],
      }),
    ).rejects.toBeInstanceOf(CaseChangedError);

    expect(await book.caseFor({ claimId })).toMatchObject({ rmaId: 'rma-1', resolution: null });
    // Nothing of the losing run: no frontier, no parked command, the checkpoint where the winner left it.
    expect(await book.frontier(10n ** 12n)).toBeUndefined();
    expect(await book.parked()).toEqual([]);
    expect(await book.checkpoint()).toBe(winner.position);
    // A second ClaimFiled run that read no case does not overwrite the first.
    await expect(
      book.handled(eventOf(claimId, 'ClaimFiled'), {
        case: { before: null, after: filed(claimId) },
        parked: [],
      }),
    ).rejects.toBeInstanceOf(CaseChangedError);
  });

  it('lets one redrive at a time hold an event: another is told it runs, and finds nothing once it is done', async () => {
    const { claimId, known, approval } = await parkedApproval();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered: () => void = () => undefined;
    const inside = new Promise<void>((resolve) => (entered = resolve));

    const first = book.withParked(approval.id, async (parked, transaction) => {
      expect(parked).toEqual([
        expect.objectContaining({ eventId: approval.id, eventType: 'ClaimApproved', attempts: 5 }),
      ]);
      entered();
      await held;
      return transaction.record(approval, {
        case: { before: known, after: { ...known, resolution: 'repair' } },
        parked: [],
      });
    });
    await inside;
    await expect(book.withParked(approval.id, async () => 'second')).rejects.toBeInstanceOf(
      RedriveRunningError,
    );
    release();
    expect(await first).toBe(true);

    expect(await book.withParked(approval.id, async () => 'second')).toBeUndefined();
    expect(await book.parked()).toEqual([]);
    expect(await book.caseFor({ claimId })).toMatchObject({ resolution: 'repair' });
  });

  it('a live run that read the case before a redrive recorded it waits for the redrive, then changes nothing', async () => {
    const { claimId, known, approval } = await parkedApproval();
    let live: Promise<void> | undefined;
    await book.withParked(approval.id, async (_parked, transaction) => {
      expect(
        await transaction.record(approval, {
          case: { before: known, after: { ...known, resolution: 'repair' } },
          parked: [],
        }),
      ).toBe(true);
      // The live run read `known` too; its write waits on the redrive's uncommitted one.
      live = book.handled(eventOf(claimId, 'RmaAuthorized'), {
        case: { before: known, after: { ...known, rmaId: 'rma-2', lineId: 'line-1' } },
        parked: [],
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
    });
    await expect(live).rejects.toBeInstanceOf(CaseChangedError);
    expect(await book.caseFor({ claimId })).toMatchObject({ resolution: 'repair', rmaId: null });
  });

  it('a redrive that finds the case changed by the live run records nothing of its run', async () => {
    const { claimId, known, approval } = await parkedApproval();
    const recorded = await book.withParked(approval.id, async (_parked, transaction) => {
      await book.handled(eventOf(claimId, 'RmaAuthorized'), {
        case: { before: known, after: { ...known, rmaId: 'rma-3', lineId: 'line-1' } },
        parked: [],
      });
      return transaction.record(approval, {
        case: { before: known, after: { ...known, resolution: 'repair' } },
        parked: [],
      });
    });
    expect(recorded).toBe(false);
    expect(await book.caseFor({ claimId })).toMatchObject({ rmaId: 'rma-3', resolution: null });
    expect(await book.parked()).toEqual([
      expect.objectContaining({ eventId: approval.id, commandType: 'reaction' }),
    ]);
    await book.withParked(approval.id, (_parked, transaction) =>
      transaction.failedAgain('given up'),
    );
    expect(await book.parked()).toEqual([
      expect.objectContaining({ eventId: approval.id, attempts: 6, error: 'given up' }),
    ]);
  });

  it('lists what was parked before the redrive columns with what is known of it', async () => {
    const older = await createTestDatabase('wf_book_v2');
    const olderPool = createPool(older.url, 2);
    try {
      await migrate(
        olderPool,
        'workflow',
        workflowMigrations.filter((m) => m.version <= 2),
      );
      const [reaction, command] = [randomUUID(), randomUUID()];
      await olderPool.query(
        `INSERT INTO workflow.parked_commands (event_id, command_type, stream_id, position, error)
         VALUES ($1, 'reaction', 'claim-a', 10, 'threw'), ($2, 'CloseRma', 'rma-b', 20, '409 x')`,
        [reaction, command],
      );
      const upgraded = new WorkflowBook(olderPool, 'workflow-fulfilment', 'postgres');
      await upgraded.prepare();
      const [first, second] = await upgraded.parked();
      expect(first).toMatchObject({ eventId: reaction, eventType: null, attempts: 5 });
      expect(second).toMatchObject({ eventId: command, attempts: 1, caseBefore: null });
      expect(first.lastFailedAt).toEqual(first.parkedAt);
    } finally {
      await olderPool.end();
      await older.drop();
    }
  });
});
