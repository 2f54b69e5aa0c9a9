/**
 * The fuzz stage inside `npm test`: schemathesis against the whole system, its output kept in a
 * log file under .data/ and shown here only when the stage fails.
 */
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runFuzz, type FuzzResult } from './fuzz-run';

const LOG = join(resolve(__dirname, '../..'), '.data', 'fuzz-last.log');

describe('the HTTP API under schemathesis', () => {
  let result: FuzzResult;
  const lines: string[] = [];

  beforeAll(async () => {
    mkdirSync(join(LOG, '..'), { recursive: true });
    const fd = openSync(LOG, 'w');
    try {
      result = await runFuzz({ log: (line) => lines.push(line), output: fd });
    } finally {
      closeSync(fd);
    }
  }, 15 * 60_000);

  // The requests sent per key, by status, beside jest's summary (schemathesis' own output is in LOG).
  afterAll(() =>
    process.stderr.write(`\n${lines.filter((l) => !l.startsWith('===')).join('\n')}\n`),
  );

  const evidence = () =>
    `${lines.join('\n')}\n--- last lines of ${LOG}:\n${readFileSync(LOG, 'utf8').split('\n').slice(-120).join('\n')}`;

  it.each(['retailer', 'manufacturer'])(
    'with the %s key: requests sent, no 5xx, every response as documented',
    (role) => {
      const run = result.roles.find((r) => r.role === role);
      const verdict = {
        ran: run !== undefined && run.requests > 0,
        serverErrors: run?.serverErrors,
        schemathesisExit: run?.schemathesisExit,
      };
      if (!verdict.ran || verdict.serverErrors !== 0 || verdict.schemathesisExit !== 0) {
        throw new Error(`fuzz with the ${role} key: ${JSON.stringify(verdict)}\n${evidence()}`);
      }
      expect(verdict).toEqual({ ran: true, serverErrors: 0, schemathesisExit: 0 });
    },
  );
});
