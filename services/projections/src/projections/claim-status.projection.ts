import { Injectable } from '@nestjs/common';
import type { RecordedEvent } from '@warranty/event-store';
import { categoryPrefix, parseStreamName } from '@warranty/eventsourcing';
import {
  type Delivered,
  EventHandlers,
  type Projection,
  runStatement,
  StreamRows,
} from '@warranty/read-models';
import type { EntityManager } from 'typeorm';
import type { ClaimEvent, ClaimFiled } from '@warranty/contracts/claims';
import { ClaimStatusFold, filedColumns } from './claim-status.fold';

export { DEFECT_DESCRIPTION_LENGTH, shortDescription } from './claim-status.fold';

export const CLAIM_STATUS = 'claim-status';

/** The stream category of claims: `claim-{claimId}`. */
export const CLAIM_CATEGORY = 'claim';

/**
 * claim_status: one row per claim stream. ClaimFiled inserts the row at revision 0 (a redelivery
 * inserts nothing); every later event applies only on top of the revision before it, so a
 * redelivered event changes nothing and a skipped one is a RevisionGapError; types it has no
 * handler for only move the revision.
 */
@Injectable()
export class ClaimStatusProjection implements Projection {
  private readonly rows = new StreamRows('claim_status', 'claim_id');
  // Categories are [a-z][a-z0-9]* (no dash), so `claim-` selects exactly the claim category:
  // `claimindex-...` and any other category that starts with "claim" do not match it.
  private readonly handlers = new EventHandlers<ClaimEvent>([categoryPrefix(CLAIM_CATEGORY)])
    .on('ClaimFiled', (event, manager) => this.filed(event, manager))
    .on('ClaimReviewStarted', (event, manager) =>
      this.rows.update(
        manager,
        event,
        `state = 'under_review', review_started_at = COALESCE(review_started_at, $4),
         info_question = NULL, info_due_by = NULL, last_event_at = $4`,
        [event.data.at],
      ),
    )
    .on('ClaimInfoRequested', (event, manager) =>
      this.rows.update(
        manager,
        event,
        `state = 'info_requested', info_requested_at = $4, info_question = $5,
         info_due_by = $6, last_event_at = $4`,
        [event.data.at, event.data.question, event.data.dueBy],
      ),
    )
    .on('ClaimInfoProvided', (event, manager) =>
      this.rows.update(
        manager,
        event,
        `state = 'under_review', info_provided_at = $4, info_question = NULL,
         info_due_by = NULL, last_event_at = $4`,
        [event.data.at],
      ),
    )
    .on('ClaimApproved', (event, manager) =>
      this.rows.update(
        manager,
        event,
        `state = 'approved', decision = 'approved', decided_at = $4, decided_by = $5,
         approved_resolution = $6, approved_amount = $7, approved_currency = $8,
         goodwill = $9, last_event_at = $4`,
        [
          event.data.at,
          event.data.decidedBy,
          event.data.resolution,
          event.data.approvedAmount?.amount ?? null,
          event.data.approvedAmount?.currency ?? null,
          event.data.goodwill,
        ],
      ),
    )
    .on('ClaimRejected', (event, manager) =>
      this.rows.update(
        manager,
        event,
        `state = 'rejected', decision = 'rejected', decided_at = $4, decided_by = $5,
         rejection_reason = $6, rejection_final = $7, last_event_at = $4`,
        [event.data.at, event.data.decidedBy, event.data.reasonCode, event.data.final],
      ),
    )
    .on('ClaimAppealed', (event, manager) =>
      this.rows.update(
        manager,
        event,
        `state = 'appealed', appeal_used = true, appealed_at = $4, last_event_at = $4`,
        [event.data.at],
      ),
    )
    .on('ClaimWithdrawn', (event, manager) =>
      this.rows.update(
        manager,
        event,
        `state = 'withdrawn', withdrawn_at = $4, info_question = NULL, info_due_by = NULL,
         last_event_at = $4`,
        [event.data.at],
      ),
    )
    .on('ClaimFulfilmentStarted', (event, manager) =>
      this.rows.update(
        manager,
        event,
        `state = 'in_fulfilment', fulfilment_started_at = $4, rma_id = $5, last_event_at = $4`,
        [event.data.at, event.data.rmaId],
      ),
    )
    .on('ClaimResolved', (event, manager) =>
      this.rows.update(
        manager,
        event,
        `state = 'resolved', resolved_at = $4, outcome = $5,
         rma_id = COALESCE($6::text, rma_id),
         repair_order_id = COALESCE($7::text, repair_order_id), last_event_at = $4`,
        [event.data.at, event.data.outcome, event.data.rmaId, event.data.repairOrderId],
      ),
    )
    .on('ClaimClosed', (event, manager) =>
      this.rows.update(manager, event, `state = 'closed', closed_at = $4, last_event_at = $4`, [
        event.data.at,
      ]),
    )
    // A type this projection does not know yet still moves the row's revision, so the next
    // known event is not taken for a gap.
    .onOtherTypes((event, manager) => this.rows.update(manager, event, '', []));
  readonly name = CLAIM_STATUS;
  readonly tables = ['claim_status'];
  readonly writesOnly = true;
  readonly rowFold = new ClaimStatusFold();
  readonly filter = this.handlers.filter;

  async handle(event: RecordedEvent, manager: EntityManager): Promise<void> {
    if (parseStreamName(event.streamId).category !== CLAIM_CATEGORY) return;
    await this.handlers.handle(event, manager);
  }

  private async filed(event: Delivered<ClaimFiled>, manager: EntityManager): Promise<void> {
    const columns = Object.entries(filedColumns(event.data));
    const values = columns.map(([, value]) => value);
    if (event.revision > 0) {
      const assignments = columns.map(([column], i) => `${column} = $${i + 4}`).join(', ');
      return this.rows.update(manager, event, assignments, values);
    }
    await runStatement(
      manager,
      `INSERT INTO claim_status (last_revision, updated_position, claim_id,
         ${columns.map(([column]) => column).join(', ')})
       VALUES ($1, $2, $3, ${columns.map((_, i) => `$${i + 4}`).join(', ')})
       ON CONFLICT (claim_id) DO NOTHING`,
      [event.revision, event.position.toString(), this.rows.keyOf(event), ...values],
    );
  }
}
