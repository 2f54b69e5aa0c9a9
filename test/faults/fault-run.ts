import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from '@warranty/postgres/embedded-server';
import { progress } from '@warranty/testing/bench';
import { WebhookReceiver } from '@warranty/testing';
import { AllInOneProcess, sleep } from './all-in-one-process';
import { Payer, type SettlementCheck } from './settlements';
import { readStoredCases } from './stored-cases';
import { checkRound, httpReadApi, type RoundCheck } from './verify';
import { checkWebhooks, subscribeRetailer, type WebhookCheck } from './webhooks';
import { MANUFACTURER, type Write, type WriteKind, Writers } from './writers';

const ROUNDS = Number(process.env.FAULT_ROUNDS ?? 5);
const WRITERS = Number(process.env.FAULT_WRITERS ?? 8);
/** The kill lands at a random moment this long into each round's load. */
const KILL_AFTER_MS = { min: 1_500, max: 6_000 };
/** Retrying between rounds; a key whose request died stays "in progress" for up to 60 s. */
const DRAIN_MS = 10_000;
const FINAL_DRAIN_MS = 75_000;
/** Past the final drain: a webhook taken just before a kill is sent again once its lease (26 s) ends. */
const WEBHOOK_WAIT_MS = 90_000;
/** The whole run, start to table; past it the run fails rather than hangs. */
const RUN_LIMIT_MS = 300_000;

const repoRoot = resolve(__dirname, '../..');
const runId = Date.now().toString(36);
const dataDir = join(repoRoot, '.data', `faults-${runId}`);
const started = Date.now();
const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;
let lastReport = { line: '', at: 0 };

/** Progress at most once a second, and only when it changed, unless it is a step of its own. */
function report(line: string, step = false): void {
  const now = Date.now();
  if (!step && (line === lastReport.line || now - lastReport.at < 1000)) return;
  lastReport = { line, at: now };
  progress(`[${elapsed()}] ${line}`);
}

async function main(): Promise<number> {
  mkdirSync(dataDir, { recursive: true });
  const system = new AllInOneProcess(repoRoot, dataDir, await freePort(), await freePort());
  const stopEverything = () => system.killEverything();
  process.once('exit', stopEverything);
  for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.once(name, () => {
      stopEverything();
      process.stderr.write(`\n${name}: stopped the all-in-one and its PostgreSQL\n`);
      process.exit(130);
    });
  const limit = setTimeout(() => {
    stopEverything();
    process.stderr.write(`\nfault run exceeded ${RUN_LIMIT_MS / 1000} s; stopped\n`);
    process.exit(2);
  }, RUN_LIMIT_MS);

  report(
    `starting the all-in-one on 127.0.0.1:${system.port} (PostgreSQL on ${system.pgPort})`,
    true,
  );
  await system.start();
  const keys = system.keys();
  const retailer = keys.find((k) => k.tenant === 'acme-retail')?.key;
  const manufacturer = keys.find((k) => k.tenant === MANUFACTURER)?.key;
  if (!retailer || !manufacturer)
    throw new Error(`no acme-retail or ${MANUFACTURER} key in dev-keys.json`);
  const receiver = await new WebhookReceiver().start();
  const subscription = await subscribeRetailer(system.url, retailer, receiver);
  const writers = new Writers(system.url, { retailer, manufacturer }, runId, WRITERS);
  const api = httpReadApi(system.url, retailer);
  const payer = new Payer(system.url, manufacturer, runId);

  const results: Array<RoundCheck & { round: number; killed: string }> = [];
  for (let round = 1; round <= ROUNDS; round++) {
    writers.round = round;
    // Odd rounds kill node alone (PostgreSQL lives on and is reused), even ones PostgreSQL too.
    const withDatabase = round % 2 === 0;
    const killed = withDatabase ? 'node + postgres' : 'node';
    const killAt = KILL_AFTER_MS.min + Math.random() * (KILL_AFTER_MS.max - KILL_AFTER_MS.min);
    let loading = true;
    const load = Promise.all([
      writers.load(() => !loading),
      payer.load(() => !loading, writers.writes),
    ]);
    const roundStart = Date.now();
    const ticker = setInterval(
      () => report(`round ${round}/${ROUNDS}: load, ${writers.writes.length} writes so far`),
      1000,
    );
    await sleep(killAt);
    report(
      `round ${round}/${ROUNDS}: kill -9 (${killed}) after ${Date.now() - roundStart} ms of load`,
      true,
    );
    await system.crash(withDatabase);
    loading = false;
    await load;
    clearInterval(ticker);
    report(`round ${round}/${ROUNDS}: restarting`, true);
    await system.start();
    const final = round === ROUNDS;
    const deadline = Date.now() + (final ? FINAL_DRAIN_MS : DRAIN_MS);
    await Promise.all([
      writers.drain(deadline, () =>
        report(
          `round ${round}/${ROUNDS}: retrying ${writers.pending().length} unacknowledged writes and ${payer.pending()} approvals and payments with their keys`,
        ),
      ),
      payer.drain(deadline, writers.writes),
    ]);
    report(`round ${round}/${ROUNDS}: checking`, true);
    const stored = await readStoredCases(system.databaseUrl, writers.serialPrefix);
    const check = await checkRound(api, stored, writers.writes);
    results.push({ ...check, round, killed });
  }
  report('settlements: checking', true);
  const settlements = await payer.check(system.databaseUrl, 30_000);
  const webhooks = await checkWebhooks(
    system.databaseUrl,
    subscription,
    receiver,
    WEBHOOK_WAIT_MS,
    (missing) => report(`webhooks: waiting for ${missing} not yet received`),
  );
  clearTimeout(limit);
  progress('');
  await system.stop();
  await receiver.close();

  printTable(results);
  console.log(
    `\n${writers.writes.length} writes, ${writers.writes.reduce((n, w) => n + w.attempts, 0)} requests; ${writers.connectionFailures} got no answer (process down), ${writers.busy} a 429 or 409 in progress, ${writers.serverErrors} a 5xx`,
  );
  console.log(`by kind: ${byKind(writers.writes)}`);
  console.log(webhookLine(webhooks));
  console.log(settlementLine(settlements));
  const last = results[results.length - 1];
  const failed =
    results.some(
      (r) =>
        r.lost > 0 || r.duplicated > 0 || r.halfWritten > 0 || r.orphaned > 0 || r.misnumbered > 0,
    ) ||
    webhooks.lost > 0 ||
    webhooks.badSignatures > 0 ||
    settlements.problems.length > 0;
  const problems = [...new Set([...results.flatMap((r) => r.problems), ...settlements.problems])];
  if (problems.length > 0) {
    console.log(`\n${problems.length} problems:`);
    for (const line of problems.slice(0, 40)) console.log(`  ${line}`);
    if (problems.length > 40) console.log(`  ... and ${problems.length - 40} more`);
  }
  if (last.pending > 0)
    console.log(`\n${last.pending} writes never got a final answer within the retry window.`);
  console.log(`\n${failed ? 'FAILED' : 'passed'} in ${elapsed()}`);
  if (failed) console.log(`data and all-in-one log kept in ${dataDir}`);
  else rmSync(dataDir, { recursive: true, force: true });
  return failed ? 1 : 0;
}

function webhookLine(check: WebhookCheck): string {
  return `webhooks: ${check.events} registrations and claims since the subscription, ${check.received} received (${check.repeated} more than once), ${check.lost} lost, ${check.badSignatures} badly signed`;
}

function settlementLine(check: SettlementCheck): string {
  return `settlements: ${check.approved} refunds approved, ${check.owed} owed; ${check.acknowledged} payments acknowledged, ${check.found} found, ${check.lost} lost, ${check.duplicated} duplicated, ${check.paidTwice} payables paid twice, ${check.orphaned} orphaned, ${check.pending} pending; ${check.retried} retried`;
}

/** Writes of each kind, and how many of them needed more than one attempt. */
function byKind(writes: Write[]): string {
  const kinds: Array<[WriteKind, string]> = [
    ['product', 'registrations'],
    ['claim', 'claims'],
    ['rma', 'RMA authorizations'],
  ];
  return kinds
    .map(([kind, label]) => {
      const mine = writes.filter((w) => w.kind === kind);
      return `${mine.length} ${label} (${mine.filter((w) => w.attempts > 1).length} retried)`;
    })
    .join(', ');
}

function printTable(results: Array<RoundCheck & { round: number; killed: string }>): void {
  const columns = [
    'round',
    'killed',
    'acknowledged',
    'found',
    'duplicated',
    'lost',
    'pending',
    'refused',
    'orphaned',
    'half-written',
    'misnumbered',
  ];
  const rows = results.map((r) => [
    String(r.round),
    r.killed,
    ...[r.acknowledged, r.found, r.duplicated, r.lost, r.pending, r.refused, r.orphaned].map(
      String,
    ),
    String(r.halfWritten),
    String(r.misnumbered),
  ]);
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i])).join(' | ');
  console.log(line(columns));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const row of rows) console.log(line(row));
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    process.stderr.write(`\n${error instanceof Error ? error.stack : String(error)}\n`);
    process.stderr.write(`data and all-in-one log kept in ${dataDir}\n`);
    process.exit(1);
  });
