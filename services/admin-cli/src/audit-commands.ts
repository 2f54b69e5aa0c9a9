import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { loadConfiguration } from '@warranty/config';
import { PostgresEventStore } from '@warranty/event-store';
import { systemClock } from '@warranty/eventsourcing';
import { openLocalDatabase } from '@warranty/postgres/local-database';
import {
  AuditLog,
  VERIFY_ALL_CONNECTIONS,
  type VerifyAllProgress,
} from '../../audit/src/application/audit-log';
import { verifyCaseFile } from '../../audit/src/domain/case-file';
import type { StreamVerdict } from '../../audit/src/domain/chain-walk';

const OPERATOR = { id: 'admin-cli', role: 'admin', tenantId: 'platform' } as const;

/** The audit reads the store directly, read-only: verifying the whole log over HTTP would be slow. */
async function withAudit<T>(work: (audit: AuditLog) => Promise<T>): Promise<T> {
  const { database: settings } = loadConfiguration();
  const database = await openLocalDatabase(settings, (line) => process.stderr.write(`${line}\n`));
  const store = await PostgresEventStore.connect({
    connectionString: database.url,
    poolSize: VERIFY_ALL_CONNECTIONS,
  });
  try {
    return await work(new AuditLog(store, systemClock));
  } finally {
    await store.close();
    await database.release();
  }
}

const describeVerdict = (verdict: StreamVerdict): string =>
  verdict.status === 'intact'
    ? `intact ${verdict.streamId}: ${verdict.events} events, head ${verdict.headHash}`
    : `broken ${verdict.streamId} at revision ${verdict.revision}: ${verdict.reason}; expected ${verdict.expectedHash}, found ${verdict.foundHash}`;

/** Events per second and the time left, from how much of the log's position range is read. */
function progressLine(progress: VerifyAllProgress, startedAt: number): string {
  const seconds = (Date.now() - startedAt) / 1000;
  const rate = progress.events / Math.max(seconds, 0.001);
  const done = Number(progress.done);
  const total = Number(progress.total);
  const left = total > done && done > 0 ? ((total - done) / done) * seconds : 0;
  const percent = total > 0 ? Math.min(100, (done / total) * 100) : 100;
  return `${percent.toFixed(1)}%  ${progress.events} events  ${Math.round(rate)} events/s  ETA ${left.toFixed(0)} s`;
}

export async function verifyAll(audit: AuditLog, report: (line: string) => void) {
  const startedAt = Date.now();
  let lastReport = 0;
  const result = await audit.verifyAll((progress) => {
    if (Date.now() - lastReport < 500) return;
    lastReport = Date.now();
    report(progressLine(progress, startedAt));
  });
  const seconds = (Date.now() - startedAt) / 1000;
  return {
    ...result,
    seconds,
    eventsPerSecond: Math.round(result.events / Math.max(seconds, 0.001)),
  };
}

/** `audit verify` and `audit export`: the hash chains and the case file (SPEC 2.7). */
export function addAuditCommands(program: Command): void {
  const audit = program.command('audit').description('tamper evidence and case files');

  audit
    .command('verify')
    .description('check hash chains: one stream, the whole log, or a case file offline')
    .option('--stream <streamId>', 'one stream')
    .option('--all', 'every stream of the log')
    .option('--file <caseFile>', 'a case file from `audit export`, offline')
    .action(async (options: { stream?: string; all?: boolean; file?: string }) => {
      const chosen = [options.stream, options.all, options.file].filter(Boolean).length;
      if (chosen !== 1) throw new Error('Give exactly one of --stream S, --all or --file F');
      if (options.file) {
        const verdict = verifyCaseFile(readFileSync(options.file, 'utf8'));
        if (verdict.status === 'invalid')
          throw new Error(`invalid ${options.file}: line ${verdict.line}: ${verdict.reason}`);
        process.stdout.write(
          `valid case file of ${verdict.caseId}: ${verdict.events} events in ${verdict.streams.length} streams\n`,
        );
        return;
      }
      if (options.stream) {
        const verdict = await withAudit((a) => a.verify(options.stream as string));
        if (verdict.status === 'broken') throw new Error(describeVerdict(verdict));
        process.stdout.write(`${describeVerdict(verdict)}\n`);
        return;
      }
      const result = await withAudit((a) =>
        verifyAll(a, (line) => process.stderr.write(`${line}\n`)),
      );
      for (const verdict of result.broken) process.stdout.write(`${describeVerdict(verdict)}\n`);
      const summary = `${result.events} events in ${result.streams} streams verified in ${result.seconds.toFixed(1)} s (${result.eventsPerSecond} events/s)`;
      if (result.broken.length > 0)
        throw new Error(`${result.broken.length} broken stream(s); ${summary}`);
      process.stdout.write(`intact: ${summary}\n`);
    });

  audit
    .command('export <claimId>')
    .description('the case file of a claim as JSON lines on stdout (redirect it to a file)')
    .action(async (claimId: string) => {
      await withAudit(async (a) => {
        for await (const line of a.exportCase(claimId, OPERATOR)) process.stdout.write(line);
      });
    });
}
