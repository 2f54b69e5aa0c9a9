import type { ServiceName } from './service-routes';

/** One service's /health/ready answer, or why there was none. */
export interface ServiceReadiness {
  status: 'ok' | 'degraded' | 'error';
  [detail: string]: unknown;
}

export interface CombinedReadiness {
  httpStatus: 200 | 503;
  body: { status: 'ok' | 'degraded' | 'error'; details: Record<string, ServiceReadiness> };
}

export const READINESS_TIMEOUT_MS = 2_000;

/** Asks every service at once: 503 if any cannot serve or does not answer in time, degraded if any is. */
export async function combinedReadiness(
  origins: Record<ServiceName, string>,
  timeoutMs = READINESS_TIMEOUT_MS,
): Promise<CombinedReadiness> {
  const answers = await Promise.all(
    Object.entries(origins).map(
      async ([name, origin]) => [name, await readinessOf(origin, timeoutMs)] as const,
    ),
  );
  const details = Object.fromEntries(answers);
  const statuses = answers.map(([, answer]) => answer.status);
  if (statuses.includes('error')) return { httpStatus: 503, body: { status: 'error', details } };
  const status = statuses.includes('degraded') ? 'degraded' : 'ok';
  return { httpStatus: 200, body: { status, details } };
}

async function readinessOf(origin: string, timeoutMs: number): Promise<ServiceReadiness> {
  try {
    const answer = await fetch(new URL('/health/ready', origin), {
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await answer.json().catch(() => ({}))) as Partial<ServiceReadiness>;
    if (answer.status === 200 && (body.status === 'ok' || body.status === 'degraded')) {
      return { ...body, status: body.status };
    }
    return { ...body, status: 'error', message: `answered ${answer.status}` };
  } catch (error) {
    // Duck-typed: fetch's errors may come from another realm than this module's Error.
    const failure = error as { name?: string; message?: string; cause?: { message?: string } };
    if (failure.name === 'TimeoutError') {
      return { status: 'error', message: `no answer within ${timeoutMs} ms` };
    }
    return {
      status: 'error',
      message: `unreachable: ${failure.cause?.message ?? failure.message ?? String(error)}`,
    };
  }
}
