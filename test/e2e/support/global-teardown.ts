export default async function globalTeardown(): Promise<void> {
  await globalThis.__XFL_E2E_SERVER__?.stop();
  globalThis.__XFL_E2E_SERVER__ = undefined;
}
