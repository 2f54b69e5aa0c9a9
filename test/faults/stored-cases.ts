import { Client } from 'pg';

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
}

export interface StoredEvent {
  type: string;
  serial: string | null;
  claim_id: string | null;
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
      `SELECT type, data->>'serialNumber' AS serial, data->>'claimId' AS claim_id
         FROM event_store.events
        WHERE type IN ('ProductRegistered', 'ClaimFiled', 'ClaimIndexed', 'ClaimReleased',
                       'CustomerClaimRecorded')`,
    );
    return foldStoredEvents(rows, serialPrefix);
  } finally {
    await client.end();
  }
}

export function foldStoredEvents(rows: StoredEvent[], serialPrefix: string): StoredCases {
  const units = new Map<string, StoredUnit>();
  const recorded = new Map<string, number>();
  const count = (map: Map<string, number>, id: string) => map.set(id, (map.get(id) ?? 0) + 1);
  for (const row of rows) {
    const claimId = row.claim_id ?? '';
    if (row.type === 'CustomerClaimRecorded') {
      count(recorded, claimId);
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
  return { units, recorded };
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
