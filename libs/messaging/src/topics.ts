import { parseStreamName } from '@warranty/eventsourcing';

/** One topic per bounded context; a stream's category decides its context. */
export const CONTEXT_TOPICS = {
  registration: 'warranty.registration.v1',
  claims: 'warranty.claims.v1',
  returns: 'warranty.returns.v1',
  repairs: 'warranty.repairs.v1',
  sla: 'warranty.sla.v1',
  timers: 'warranty.timers.v1',
  workflow: 'warranty.workflow.v1',
  settlement: 'warranty.settlement.v1',
} as const;

const CATEGORY_CONTEXT: Record<string, keyof typeof CONTEXT_TOPICS> = {
  product: 'registration',
  warrantyplan: 'registration',
  claim: 'claims',
  claimindex: 'claims',
  claimant: 'claims',
  claimpolicy: 'claims',
  rma: 'returns',
  rmanumbers: 'returns',
  rmaunit: 'returns',
  returnpolicy: 'returns',
  repair: 'repairs',
  repairrates: 'repairs',
  sla: 'sla',
  slapolicy: 'sla',
  businesscalendar: 'sla',
  timer: 'timers',
  workflow: 'workflow',
  settlement: 'settlement',
};

/**
 * Topic names within a namespace: empty in a deployment, unique per test run so that runs sharing
 * a broker never read each other's events.
 */
export class Topics {
  constructor(readonly namespace = '') {}

  get all(): string[] {
    return Object.values(CONTEXT_TOPICS).map((t) => this.namespace + t);
  }

  /** The topic a stream's events go to; streams of unknown categories are refused loudly, not dropped. */
  forStream(streamId: string): string {
    const context = CATEGORY_CONTEXT[parseStreamName(streamId).category];
    if (!context)
      throw new Error(`No topic for stream ${streamId}: add its category to CATEGORY_CONTEXT`);
    return this.namespace + CONTEXT_TOPICS[context];
  }

  /** The topics that can hold events for stream prefixes such as `product-`; all of them without a filter. */
  forPrefixes(prefixes?: string[]): string[] {
    if (!prefixes?.length) return this.all;
    return [
      ...new Set(
        prefixes.map((prefix) => this.forStream(prefix.endsWith('-') ? `${prefix}x` : prefix)),
      ),
    ];
  }

  deadLetter(topic: string): string {
    return `${topic}.dlq`;
  }

  consumerGroup(name: string): string {
    return this.namespace + name;
  }
}
