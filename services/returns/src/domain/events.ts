// RMA events are published in libs/contracts; the RMA-number counter's events below stay private.
export * from '@warranty/contracts/returns';
