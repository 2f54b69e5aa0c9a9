import { eventSchemas } from '@warranty/eventsourcing';
import type { RepairOrderEvent, RepairRatesEvent } from './events';

/** Every event type the repairs context publishes, with its version (all still at v1). */
export const repairEvents = eventSchemas<RepairOrderEvent | RepairRatesEvent>({
  RepairOrderOpened: { version: 1 },
  TechnicianAssigned: { version: 1 },
  DiagnosisRecorded: { version: 1 },
  EstimateApproved: { version: 1 },
  EstimateDeclined: { version: 1 },
  PartsOrdered: { version: 1 },
  PartsReceived: { version: 1 },
  RepairWorkLogged: { version: 1 },
  RepairCompleted: { version: 1 },
  QualityCheckPassed: { version: 1 },
  QualityCheckFailed: { version: 1 },
  UnitShippedBack: { version: 1 },
  RepairOrderClosed: { version: 1 },
  UnrepairableDeclared: { version: 1 },
  RepairOrderReassigned: { version: 1 },
  RepairRatesSet: { version: 1 },
});
