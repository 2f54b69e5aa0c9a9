import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@warranty/testing/test-database';
import { type ExplainRow, planNodes } from '@warranty/testing/query-plans';
import { CLAIM_SEARCH_CONDITION, containing } from '../src/queries/claim-search';
import { readModelDataSourceOptions } from '../src/schema';

/** The list's search, alone, with positional parameters: the pattern, then the term. */
const SEARCH = `SELECT c.claim_id FROM claim_status c
  WHERE ${CLAIM_SEARCH_CONDITION.replace(':searchPattern', '$1').replace(':searchTerm', '$2')}
  ORDER BY c.filed_at DESC, c.claim_id DESC LIMIT 51`;

describe('claim search on 20,000 claims', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('claim_search_plan');
    dataSource = await new DataSource(readModelDataSourceOptions(database.url)).initialize();
    await dataSource.query(
      `INSERT INTO claim_status (claim_id, state, retailer_id, manufacturer_id, serial_number,
         model, defect_category, defect_description, customer_email, requested_resolution,
         coverage_covered, coverage_source, filed_at, last_event_at, last_revision, updated_position)
       SELECT 'claim-' || g, 'submitted', 'shop-' || (g % 40), 'maker-' || (g % 7), 'SN-' || g,
              'WM-' || (g % 90), 'door seal', 'Fault ' || md5(g::text),
              substr(md5('mail' || g), 1, 12) || '@example.com', 'repair', true, 'registration',
              now() - make_interval(mins => g), now(), 0, g
         FROM generate_series(1, 20000) AS g`,
    );
    // As autovacuum leaves it: VACUUM also merges the GIN pending list and sets its statistics.
    await dataSource.query(`VACUUM ANALYZE claim_status`);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  const emailOf = async (claimId: string): Promise<string> =>
    (
      (await dataSource.query(`SELECT customer_email FROM claim_status WHERE claim_id = $1`, [
        claimId,
      ])) as Array<{ customer_email: string }>
    )[0].customer_email;

  const plan = async (term: string) => {
    const [row] = (await dataSource.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${SEARCH}`, [
      containing(term),
      term,
    ])) as ExplainRow[];
    return planNodes(row['QUERY PLAN'][0].Plan);
  };

  it('finds a rare fragment through the trigram index, not by reading every claim', async () => {
    const nodes = await plan((await emailOf('claim-1234')).split('@')[0]);
    expect(nodes.filter((node) => node['Relation Name'] === 'claim_status')).not.toContainEqual(
      expect.objectContaining({ 'Node Type': 'Seq Scan' }),
    );
    expect(nodes).toContainEqual(
      expect.objectContaining({
        'Node Type': 'Bitmap Index Scan',
        'Index Name': 'claim_status_search',
      }),
    );
  });

  it('walks the list in its order for a term most claims hold, stopping at a page', async () => {
    const scans = (await plan('fault')).filter((node) => node['Relation Name'] === 'claim_status');
    expect(scans).not.toContainEqual(expect.objectContaining({ 'Node Type': 'Seq Scan' }));
    expect(scans.reduce((read, node) => read + (node['Actual Rows'] ?? 0), 0)).toBeLessThanOrEqual(
      51,
    );
  });

  it('answers what the search matches', async () => {
    const found = (term: string) =>
      dataSource
        .query(SEARCH, [containing(term), term])
        .then((rows: Array<{ claim_id: string }>) => rows.map((row) => row.claim_id));
    expect(await found(await emailOf('claim-1234'))).toEqual(['claim-1234']);
    expect(await found('SN-19999')).toEqual(['claim-19999']);
    expect(await found('no such words')).toEqual([]);
  });
});
