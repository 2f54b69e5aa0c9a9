import type { Actor } from '@warranty/eventsourcing';
import { ApiProblem, maySee } from '@warranty/platform';
import type { RepairOrder, RepairOrderState } from '../domain/repair-order.state';

/**
 * The shared access rule on the order's parties: the manufacturer, the retailer that sold the unit
 * and the one service center the order is assigned to. For anyone else it does not exist.
 */
export const canSeeRepairOrder = (actor: Actor, order: RepairOrderState): order is RepairOrder =>
  order.status !== 'none' &&
  maySee(actor, {
    manufacturerId: order.manufacturerId,
    retailerId: order.retailerId,
    serviceCenterIds: [order.serviceCenterId],
  });

export const repairOrderNotFound = (repairOrderId: string) =>
  new ApiProblem(404, 'repair-order-not-found', 'Not found', `No repair order ${repairOrderId}.`);

export const repairOrderNotYetExisting = (repairOrderId: string, asOf?: Date) =>
  new ApiProblem(
    404,
    'not-yet-existing',
    'Not found',
    `Repair order ${repairOrderId} was not opened yet at ${asOf?.toISOString()}.`,
  );
