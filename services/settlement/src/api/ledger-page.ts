import type { FastifyReply } from 'fastify';
import type { Actor } from '@warranty/eventsourcing';
import { readOptions } from '@warranty/platform';
import type { ProjectionRunner } from '@warranty/read-models';
import { type LedgerScope, scopeLedger } from '../application/ledger-scope';
import type { Page } from '../application/payables-book';
import { SETTLEMENT_PAYABLES } from '../projections/payables.projection';

const DEFAULT_PAGE = 50;

/**
 * A page of the settlement read model as the caller may see it, once it has caught up to the
 * query's minPosition: a filter naming anyone else answers an empty page.
 */
export async function ledgerPage<T>(
  runner: ProjectionRunner,
  actor: Actor,
  query: LedgerScope & { minPosition?: string; limit?: number },
  response: FastifyReply,
  read: (scope: LedgerScope, limit: number) => Promise<Page<T>>,
): Promise<Page<T>> {
  const freshness = readOptions(query.minPosition, response);
  const scope = scopeLedger(actor, query);
  await runner.awaitRead(SETTLEMENT_PAYABLES, freshness);
  if (!scope) return { items: [], nextCursor: null };
  return read(scope, query.limit ?? DEFAULT_PAGE);
}
