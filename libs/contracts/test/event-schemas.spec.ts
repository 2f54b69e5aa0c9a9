import type { RecordedEvent } from '@warranty/event-store';
import { registrationEvents } from '@warranty/contracts/registration';
import { claimEvents } from '@warranty/contracts/claims';
import { formatRmaNumber, rmaEvents, rmaStream } from '@warranty/contracts/returns';
import {
  type RepairOrderEvent,
  repairEvents,
  repairOrderStatusAfter,
  repairRatesStream,
  repairStream,
} from '@warranty/contracts/repairs';

const recorded = (type: string, data: object, schemaVersion?: number): RecordedEvent => ({
  id: 'e-1',
  type,
  streamId: 'product-acme~SN-1',
  revision: 0,
  position: 1n,
  recordedAt: new Date(),
  data: { ...data },
  metadata: schemaVersion === undefined ? {} : { schemaVersion },
});

describe('published event schemas', () => {
  it('lifts a v1 WarrantyExtended to v2 with no added coverage kinds', () => {
    const v1 = recorded('WarrantyExtended', { newEnd: '2029-01-09' }, 1);
    expect(registrationEvents.upcast(v1)).toMatchObject({
      data: { newEnd: '2029-01-09', coverage: [] },
      metadata: { schemaVersion: 2 },
    });
  });

  it('leaves a current event untouched, and reads a missing version as v1', () => {
    const v2 = recorded('WarrantyExtended', { coverage: ['parts'] }, 2);
    expect(registrationEvents.upcast(v2)).toBe(v2);
    expect(registrationEvents.decode(recorded('WarrantyExtended', {})).data).toEqual({
      coverage: [],
    });
  });

  it('refuses an event newer than the reader', () => {
    expect(() => registrationEvents.upcast(recorded('WarrantyExtended', {}, 3))).toThrow(/newer/);
  });

  it("passes other contexts' events through", () => {
    const filed = recorded('ClaimFiled', { claimId: 'c-1' }, 1);
    expect(registrationEvents.upcast(filed)).toBe(filed);
    expect(claimEvents.owns('ClaimFiled')).toBe(true);
    expect(registrationEvents.owns('ClaimFiled')).toBe(false);
  });

  it('stamps writers with the current version', () => {
    expect(registrationEvents.schemaVersion('WarrantyExtended')).toBe(2);
    expect(registrationEvents.schemaVersion('ProductRegistered')).toBe(2);
  });

  it('reads a v1 ProductRegistered as a sale that replaced no unit', () => {
    const v1 = recorded('ProductRegistered', { productId: 'acme~SN-1' }, 1);
    expect(registrationEvents.decode(v1).data).toEqual({
      productId: 'acme~SN-1',
      replacesProductId: null,
    });
  });

  it('reads a v1 WarrantyPlanDefined as a plan without advance exchange; v2 keeps its flag', () => {
    const v1 = recorded('WarrantyPlanDefined', { code: 'STD-24' }, 1);
    expect(registrationEvents.decode(v1).data).toEqual({ code: 'STD-24', advanceExchange: false });
    const v2 = recorded('WarrantyPlanDefined', { code: 'ADV-24', advanceExchange: true }, 2);
    expect(registrationEvents.decode(v2).data).toMatchObject({ advanceExchange: true });
    expect(registrationEvents.schemaVersion('WarrantyPlanDefined')).toBe(2);
  });
});

describe('returns contract', () => {
  it('names streams and numbers, and owns its event types', () => {
    expect(rmaStream('r-1')).toBe('rma-r-1');
    expect(formatRmaNumber(2026, 123)).toBe('RMA-2026-000123');
    expect(rmaEvents.owns('RmaAuthorized')).toBe(true);
    expect(rmaEvents.owns('ClaimFiled')).toBe(false);
    expect(rmaEvents.decode(recorded('RmaClosed', { rmaId: 'r-1' }, 1)).type).toBe('RmaClosed');
  });
});

describe('repairs contract', () => {
  it('names streams, owns its event types and folds the state', () => {
    expect(repairStream('o-1')).toBe('repair-o-1');
    expect(repairRatesStream('acme', 'fixit-depot')).toBe('repairrates-acme~fixit-depot');
    expect(repairEvents.owns('RepairOrderOpened')).toBe(true);
    expect(repairEvents.owns('RmaAuthorized')).toBe(false);
    const failed = repairEvents.decode<RepairOrderEvent>(
      recorded('QualityCheckFailed', { repairOrderId: 'o-1' }, 1),
    );
    expect(repairOrderStatusAfter('quality_check', failed)).toBe('in_repair');
  });
});
