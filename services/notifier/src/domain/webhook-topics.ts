import { CLAIM_CATEGORY, claimEvents } from '@warranty/contracts/claims';
import { PRODUCT_CATEGORY, registrationEvents } from '@warranty/contracts/registration';
import { REPAIR_CATEGORY, repairEvents } from '@warranty/contracts/repairs';
import { RMA_CATEGORY, rmaEvents } from '@warranty/contracts/returns';
import { SETTLEMENT_CATEGORY, settlementEvents } from '@warranty/contracts/settlement';
import { SLA_CATEGORY, slaEvents } from '@warranty/contracts/sla';

/** What a webhook is about: the resource a receiver reads back with its own key. */
export type SubjectKind = 'product' | 'claim' | 'rma' | 'repair' | 'settlement';

export interface WebhookSubject {
  kind: SubjectKind;
  id: string;
  /** The API path that answers with the subject as the receiver's tenant may see it. */
  href: string;
}

const SUBJECT_PATHS: Record<SubjectKind, string> = {
  product: '/v1/products',
  claim: '/v1/claims',
  rma: '/v1/rmas',
  repair: '/v1/repair-orders',
  settlement: '/v1/settlements',
};

/** The case streams a webhook can be about, by category; settings streams (plans, rates, policies) are not. */
const TOPICS: Record<
  string,
  {
    kind?: SubjectKind;
    types: readonly string[];
    subjectId?: (data: Record<string, unknown>) => unknown;
  }
> = {
  [PRODUCT_CATEGORY]: {
    kind: 'product',
    types: registrationEvents.types.filter((type) => type !== 'WarrantyPlanDefined'),
  },
  [CLAIM_CATEGORY]: { kind: 'claim', types: claimEvents.types },
  [RMA_CATEGORY]: { kind: 'rma', types: rmaEvents.types },
  [REPAIR_CATEGORY]: {
    kind: 'repair',
    types: repairEvents.types.filter((type) => type !== 'RepairRatesSet'),
  },
  // A ledger stream holds many settlements: each event is about the one it names.
  [SETTLEMENT_CATEGORY]: {
    kind: 'settlement',
    types: settlementEvents.types,
    subjectId: (data) => data.settlementId,
  },
  // An SLA stream's subject is the claim, RMA or repair order its events name.
  [SLA_CATEGORY]: {
    types: slaEvents.types.filter(
      (type) => type !== 'SlaPolicySet' && type !== 'BusinessCalendarDefined',
    ),
  },
};

/** Every event type a subscription may ask for, in a stable order. */
export const WEBHOOK_EVENT_TYPES: readonly string[] = [
  ...new Set(Object.values(TOPICS).flatMap((topic) => topic.types)),
].sort();

export const WEBHOOK_CATEGORIES = Object.keys(TOPICS);

const SLA_SUBJECT_KINDS: Record<string, SubjectKind> = {
  claim: 'claim',
  rma: 'rma',
  repair: 'repair',
};

/** The subject of a case event, or null for an event no webhook is sent for. */
export function subjectOf(
  category: string,
  streamSubjectId: string,
  type: string,
  data: Record<string, unknown>,
): WebhookSubject | null {
  const topic = TOPICS[category];
  if (!topic?.types.includes(type)) return null;
  let kind = topic.kind;
  let id = streamSubjectId;
  if (topic.subjectId) {
    const named = topic.subjectId(data);
    if (typeof named !== 'string') return null;
    id = named;
  }
  if (!kind) {
    const subject = data.subject as { kind?: unknown; id?: unknown } | undefined;
    kind = SLA_SUBJECT_KINDS[String(subject?.kind)];
    if (!kind || typeof subject?.id !== 'string') return null;
    id = subject.id;
  }
  return { kind, id, href: `${SUBJECT_PATHS[kind]}/${encodeURIComponent(id)}` };
}
