import { Client } from 'pg';
import { MANUFACTURER } from './writers';

/** What the event store holds for one serial number of this run. */
export interface StoredUnit {
  registrations: number;
  /** ClaimFiled events per claim id. */
  filed: Map<string, number>;
  indexed: Set<string>;
  released: Set<string>;
}

export interface StoredCases {
  units: Map<string, StoredUnit>;
  /** CustomerClaimRecorded events per claim id. */
  recorded: Map<string, number>;
  rmas: StoredRmas;
}

/** The manufacturer's RMA numbers and authorizations, of every run: they share one counter. */
export interface StoredRmas {
  /** RmaNumberReserved events in log order. */
  reserved: Array<{ rmaId: string; rmaNumber: string; year: number; sequence: number }>;
  /** The number of each RmaAuthorized event, per RMA id. */
  authorized: Map<string, string[]>;
  /** RMA ids authorized per serial number of this run (its only line). */
  bySerial: Map<string, Set<string>>;
}

export interface StoredEvent {
  type: string;
  serial: string | null;
  claim_id: string | null;
  rma_id?: string | null;
  rma_number?: string | null;
  year?: number | null;
  sequence?: number | null;
}

/** Reads the event store table directly: the API could hide exactly what this looks for. */
export async function readStoredCases(
  databaseUrl: string,
  serialPrefix: string,
): Promise<StoredCases> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<StoredEvent>(
      `SELECT type, coalesce(data->>'serialNumber', data->'lines'->0->>'serialNumber') AS serial,
              data->>'claimId' AS claim_id, data->>'rmaId' AS rma_id,
              data->>'rmaNumber' AS rma_number, (data->>'year')::int AS year,
              (data->>'sequence')::int AS sequence
         FROM event_store.events
        WHERE type IN ('ProductRegistered', 'ClaimFiled', 'ClaimIndexed', 'ClaimReleased',
                       'CustomerClaimRecorded', 'RmaAuthorized')
           OR (type = 'RmaNumberReserved' AND data->>'manufacturerId' = $1)
        ORDER BY position`,
      [MANUFACTURER],
    );
    return foldStoredEvents(rows, serialPrefix);
  } finally {
    await client.end();
  }
}

export function foldStoredEvents(rows: StoredEvent[], serialPrefix: string): StoredCases {
  const units = new Map<string, StoredUnit>();
  const recorded = new Map<string, number>();
  const rmas: StoredRmas = { reserved: [], authorized: new Map(), bySerial: new Map() };
  const count = (map: Map<string, number>, id: string) => map.set(id, (map.get(id) ?? 0) + 1);
  for (const row of rows) {
    const claimId = row.claim_id ?? '';
    if (row.type === 'CustomerClaimRecorded') {
      count(recorded, claimId);
      continue;
    }
    if (row.type === 'RmaNumberReserved') {
      rmas.reserved.push({
        rmaId: row.rma_id ?? '',
        rmaNumber: row.rma_number ?? '',
        year: row.year ?? 0,
        sequence: row.sequence ?? 0,
      });
      continue;
    }
    if (row.type === 'RmaAuthorized') {
      const rmaId = row.rma_id ?? '';
      const numbers = rmas.authorized.get(rmaId) ?? [];
      rmas.authorized.set(rmaId, numbers);
      numbers.push(row.rma_number ?? '');
      if (row.serial?.startsWith(serialPrefix))
        rmas.bySerial.set(row.serial, (rmas.bySerial.get(row.serial) ?? new Set()).add(rmaId));
      continue;
    }
    if (!row.serial?.startsWith(serialPrefix)) continue;
    let unit = units.get(row.serial);
    if (!unit) {
      unit = { registrations: 0, filed: new Map(), indexed: new Set(), released: new Set() };
      units.set(row.serial, unit);
    }
    if (row.type === 'ProductRegistered') unit.registrations++;
    if (row.type === 'ClaimFiled') count(unit.filed, claimId);
    if (row.type === 'ClaimIndexed') unit.indexed.add(claimId);
    if (row.type === 'ClaimReleased') unit.released.add(claimId);
  }
  return { units, recorded, rmas };
}

/** A case whose streams disagree: filed without index entry or claimant record, or the reverse. */
export function halfWrittenParts(unit: StoredUnit, recorded: Map<string, number>): string[] {
  const parts: string[] = [];
  for (const claimId of unit.filed.keys()) {
    if (!unit.indexed.has(claimId)) parts.push(`claim ${claimId} filed without index entry`);
    if (!recorded.has(claimId)) parts.push(`claim ${claimId} filed without claimant record`);
  }
  for (const claimId of unit.indexed)
    if (!unit.filed.has(claimId) && !unit.released.has(claimId))
      parts.push(`index entry ${claimId} holds the unit for a claim never filed`);
  return parts;
}

/**
 * What is wrong with the manufacturer's numbering: per year the sequences run 1..n, each once;
 * an RMA id holds one number, and its RmaAuthorized carries exactly that number.
 */
export function numberingFaults(rmas: StoredRmas): string[] {
  const faults: string[] = [];
  const byId = new Map<string, string>();
  const byYear = new Map<number, number[]>();
  for (const { rmaId, rmaNumber, year, sequence } of rmas.reserved) {
    const earlier = byId.get(rmaId);
    if (earlier !== undefined)
      faults.push(`RMA ${rmaId} reserved ${earlier} and then ${rmaNumber}`);
    else byId.set(rmaId, rmaNumber);
    const sequences = byYear.get(year) ?? [];
    byYear.set(year, sequences);
    sequences.push(sequence);
  }
  for (const [year, sequences] of byYear) {
    const sorted = sequences.sort((a, b) => a - b);
    sorted.forEach((sequence, i) => {
      if (sequence === sorted[i - 1]) faults.push(`${year} sequence ${sequence} reserved twice`);
    });
    const distinct = new Set(sorted);
    for (let n = 1; n <= sorted[sorted.length - 1]; n++)
      if (!distinct.has(n)) faults.push(`${year} sequence ${n} never reserved (a gap)`);
  }
  for (const [rmaId, numbers] of rmas.authorized) {
    const reserved = byId.get(rmaId);
    for (const number of numbers)
      if (number !== reserved)
        faults.push(`RMA ${rmaId} authorized as ${number}, reserved ${reserved ?? 'nothing'}`);
  }
  return faults;
}

/** Numbers reserved for an RMA that was never authorized. */
export const unusedReservations = (rmas: StoredRmas): string[] =>
  rmas.reserved
    .filter(({ rmaId }) => !rmas.authorized.has(rmaId))
    .map(({ rmaId, rmaNumber }) => `${rmaNumber} reserved for RMA ${rmaId}, never authorized`);
