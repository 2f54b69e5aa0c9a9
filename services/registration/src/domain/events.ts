// The registration context publishes its events in libs/contracts; the domain uses them as written there.
export * from '@warranty/contracts/registration';
