export default async function globalTeardown(): Promise<void> {
  for (const teardown of (globalThis.__TEST_TEARDOWNS__ ?? []).reverse()) await teardown();
}
