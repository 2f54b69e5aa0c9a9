// Repair order and repair-rates events are published in libs/contracts.
export * from '@warranty/contracts/repairs';
