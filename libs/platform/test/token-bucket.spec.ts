import { takeRequest, type TokenBucket } from '../src/rate-limit/token-bucket';

/** Takes `count` requests at `now`, returning how many were admitted and the bucket after. */
function burst(bucket: TokenBucket | undefined, perMinute: number, now: number, count: number) {
  let admitted = 0;
  let last: ReturnType<typeof takeRequest> | undefined;
  for (let i = 0; i < count; i++) {
    last = takeRequest(bucket, perMinute, now);
    bucket = last.bucket;
    if (last.admitted) admitted++;
  }
  return { admitted, bucket, last };
}

describe('a key’s request rate (token bucket)', () => {
  it('admits a minute’s worth at once from a new key, then refuses', () => {
    const { admitted, last } = burst(undefined, 120, 0, 121);
    expect(admitted).toBe(120);
    expect(last).toMatchObject({ admitted: false, retryAfterSeconds: 1 });
  });

  it('refills at the rate, never above a minute’s worth', () => {
    const empty = burst(undefined, 60, 0, 60).bucket;
    expect(takeRequest(empty, 60, 999).admitted).toBe(false);
    expect(takeRequest(empty, 60, 1000).admitted).toBe(true);
    expect(burst(empty, 60, 10_000, 11).admitted).toBe(10);
    expect(burst(empty, 60, 3_600_000, 61).admitted).toBe(60);
  });

  it('tells a refused key how many whole seconds until its next request', () => {
    const empty = burst(undefined, 6, 0, 6).bucket;
    expect(takeRequest(empty, 6, 0)).toMatchObject({ admitted: false, retryAfterSeconds: 10 });
    expect(takeRequest(empty, 6, 9_500)).toMatchObject({ admitted: false, retryAfterSeconds: 1 });
  });

  it('does not let a refused request use up the allowance', () => {
    const empty = burst(undefined, 60, 0, 60).bucket;
    const refused = burst(empty, 60, 500, 50).bucket;
    expect(takeRequest(refused, 60, 1000).admitted).toBe(true);
  });

  it('takes a clock that steps back as no time passed', () => {
    const empty = burst(undefined, 60, 5000, 60).bucket;
    expect(takeRequest(empty, 60, 0).admitted).toBe(false);
    const stepped = takeRequest(empty, 60, 0).bucket;
    expect(takeRequest(stepped, 60, 5999).admitted).toBe(false);
    expect(takeRequest(stepped, 60, 6000).admitted).toBe(true);
  });
});
