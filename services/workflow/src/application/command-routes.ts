import type { RemoteCommand } from '../domain/fulfilment-case';

export interface CommandRequest {
  path: string;
  body: Record<string, unknown>;
}

/** Each command as the owning service's public API takes it (claims, returns, repairs). */
export function requestFor(command: RemoteCommand): CommandRequest {
  switch (command.type) {
    case 'AuthorizeWarrantyReturn':
      return {
        path: '/v1/rmas',
        body: {
          type: 'warranty_return',
          manufacturerId: command.manufacturerId,
          claimId: command.claimId,
          shipTo: command.shipTo,
          shippingLabel: command.shippingLabel,
        },
      };
    case 'AuthorizeAdvanceExchange':
      return {
        path: '/v1/rmas',
        body: {
          type: 'advance_exchange',
          manufacturerId: command.manufacturerId,
          claimId: command.claimId,
          shipTo: command.shipTo,
          shippingLabel: command.shippingLabel,
        },
      };
    case 'StartFulfilment':
      return {
        path: `/v1/claims/${command.claimId}/fulfilment`,
        body: { rmaId: command.rmaId },
      };
    case 'OpenRepairOrder': {
      const { type: _type, ...body } = command;
      return { path: '/v1/repair-orders', body };
    }
    case 'ApplyRepairDisposition':
      return {
        path: `/v1/rmas/${command.rmaId}/disposition`,
        body: { lineId: command.lineId, disposition: 'repair', reference: command.repairOrderId },
      };
    case 'CloseClaim':
      return { path: `/v1/claims/${command.claimId}/closure`, body: {} };
    case 'SwitchLineToExchange':
      return {
        path: `/v1/rmas/${command.rmaId}/exchange-switch`,
        body: {
          lineId: command.lineId,
          reason: command.reason,
          repairOrderId: command.repairOrderId,
        },
      };
    case 'CloseRma':
      return { path: `/v1/rmas/${command.rmaId}/closure`, body: {} };
    case 'ResolveClaim':
      return {
        path: `/v1/claims/${command.claimId}/resolution`,
        body: {
          outcome: command.outcome,
          ...(command.rmaId ? { rmaId: command.rmaId } : {}),
          ...(command.repairOrderId ? { repairOrderId: command.repairOrderId } : {}),
        },
      };
  }
}
