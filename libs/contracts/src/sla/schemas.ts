import { eventSchemas } from '@warranty/eventsourcing';
import type { SlaEvent } from './events';

/** Every event type the SLA context publishes, with its version (all at v1). */
export const slaEvents = eventSchemas<SlaEvent>({
  SlaPolicySet: { version: 1 },
  BusinessCalendarDefined: { version: 1 },
  SlaStarted: { version: 1 },
  SlaPaused: { version: 1 },
  SlaResumed: { version: 1 },
  SlaAtRisk: { version: 1 },
  SlaBreached: { version: 1 },
  SlaStopped: { version: 1 },
  SlaReassigned: { version: 1 },
  SlaNotComputable: { version: 1 },
});
