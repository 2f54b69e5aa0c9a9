import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { signed } from '../../src/application/webhook-dispatcher';
import { evolveCaseParties as evolveParties } from '@warranty/contracts/parties';
import { endpointUrlProblem } from '../../src/domain/endpoint-url';
import { nextRetryDelayMs, RETRY_DELAYS_MS } from '../../src/domain/retry-schedule';
import { webhookMessage } from '../../src/domain/webhook-message';
import { subjectOf, WEBHOOK_EVENT_TYPES } from '../../src/domain/webhook-topics';

describe('webhook endpoint URLs', () => {
  it.each([
    ['https://hooks.example.com/warranty', null],
    ['https://203.0.113.7:8443/in?x=1', null],
    ['http://hooks.example.com/', 'url must be an https URL'],
    ['ftp://hooks.example.com/', 'url must be an https URL'],
    ['hooks.example.com/in', 'url must be an absolute URL'],
    ['https://user:pw@hooks.example.com/', 'url must not hold a user name or password'],
    ['https://hooks.example.com/#frag', 'url must not have a fragment'],
    ['https://localhost/', 'url must name a public host, not a loopback or private address'],
    ['https://api.localhost/', 'url must name a public host, not a loopback or private address'],
    ['https://127.0.0.1/', 'url must name a public host, not a loopback or private address'],
    ['https://10.1.2.3/', 'url must name a public host, not a loopback or private address'],
    ['https://172.20.0.1/', 'url must name a public host, not a loopback or private address'],
    ['https://192.168.1.1/', 'url must name a public host, not a loopback or private address'],
    [
      'https://169.254.169.254/latest',
      'url must name a public host, not a loopback or private address',
    ],
    ['https://[::1]/', 'url must name a public host, not a loopback or private address'],
    [
      'https://[::ffff:127.0.0.1]/',
      'url must name a public host, not a loopback or private address',
    ],
    ['https://[fd00::1]/', 'url must name a public host, not a loopback or private address'],
    ['https://0.0.0.0/', 'url must name a public host, not a loopback or private address'],
  ])('%s: %s', (url, problem) => {
    expect(endpointUrlProblem(url, false)).toBe(problem);
  });

  it('lets a development deployment use http and local hosts, never credentials', () => {
    expect(endpointUrlProblem('http://127.0.0.1:9999/hook', true)).toBeNull();
    expect(endpointUrlProblem('http://localhost/hook', true)).toBeNull();
    expect(endpointUrlProblem('http://a:b@localhost/hook', true)).toBe(
      'url must not hold a user name or password',
    );
    expect(endpointUrlProblem('file:///etc/passwd', true)).toBe('url must be an https URL');
  });
});

describe('the parties a case event belongs to', () => {
  const opened = {
    manufacturerId: 'acme-appliances',
    retailerId: 'acme-retail',
    serviceCenterId: 'fixit-depot',
  };

  it('come from the opening event and stay through the others', () => {
    const filed = evolveParties(null, 'ClaimFiled', {
      manufacturerId: 'acme-appliances',
      retailerId: 'acme-retail',
    });
    expect(filed).toEqual({
      manufacturerId: 'acme-appliances',
      retailerId: 'acme-retail',
      serviceCenterId: null,
    });
    expect(evolveParties(filed, 'ClaimApproved', { manufacturerId: 'someone-else' })).toBe(filed);
  });

  it('move with a repair order to its new service center', () => {
    const parties = evolveParties(null, 'RepairOrderOpened', opened);
    expect(
      evolveParties(parties, 'RepairOrderReassigned', {
        fromServiceCenterId: 'fixit-depot',
        toServiceCenterId: 'quickfix',
      }),
    ).toEqual({ ...opened, serviceCenterId: 'quickfix' });
  });

  it('are copied on SLA events', () => {
    expect(evolveParties(null, 'SlaBreached', { parties: { ...opened, category: null } })).toEqual(
      opened,
    );
  });

  it('are unknown for an event that names none', () => {
    expect(evolveParties(null, 'ClaimApproved', {})).toBeNull();
  });
});

describe('webhook subjects and messages', () => {
  it('names the resource a receiver reads back', () => {
    expect(subjectOf('claim', 'c-1', 'ClaimApproved', {})).toEqual({
      kind: 'claim',
      id: 'c-1',
      href: '/v1/claims/c-1',
    });
    expect(subjectOf('repair', 'r 1', 'RepairCompleted', {})?.href).toBe('/v1/repair-orders/r%201');
    expect(
      subjectOf('sla', 'rma~x', 'SlaBreached', { subject: { kind: 'rma', id: 'rma-9' } }),
    ).toEqual({ kind: 'rma', id: 'rma-9', href: '/v1/rmas/rma-9' });
    // A ledger stream holds many settlements: the event names its own.
    expect(
      subjectOf('settlement', 'acme~retailer~bright', 'SettlementRecorded', {
        settlementId: 's-1',
      }),
    ).toEqual({ kind: 'settlement', id: 's-1', href: '/v1/settlements/s-1' });
    expect(subjectOf('settlement', 'acme~retailer~bright', 'SettlementReversed', {})).toBeNull();
    // Its payee and manufacturer are its parties, as every case names them.
    expect(
      evolveParties(null, 'SettlementRecorded', {
        manufacturerId: 'acme',
        retailerId: null,
        serviceCenterId: 'fixit-depot',
      }),
    ).toEqual({ manufacturerId: 'acme', retailerId: null, serviceCenterId: 'fixit-depot' });
  });

  it('leaves out settings streams and unknown types', () => {
    expect(subjectOf('warrantyplan', 'x', 'WarrantyPlanDefined', {})).toBeNull();
    expect(subjectOf('product', 'x', 'WarrantyPlanDefined', {})).toBeNull();
    expect(subjectOf('claim', 'x', 'SomethingNew', {})).toBeNull();
    expect(WEBHOOK_EVENT_TYPES).toEqual(expect.arrayContaining(['ClaimFiled', 'SlaBreached']));
    for (const type of ['WarrantyPlanDefined', 'RepairRatesSet', 'SlaPolicySet'])
      expect(WEBHOOK_EVENT_TYPES).not.toContain(type);
  });

  it('is thin: the event, its subject and position, no case data', () => {
    const message = webhookMessage(
      {
        id: 'e-1',
        type: 'ClaimApproved',
        revision: 3,
        position: 12345678901234567n,
        recordedAt: new Date('2026-06-15T10:00:01Z'),
        metadata: { occurredAt: '2026-06-15T10:00:00.000Z', correlationId: 'corr-1' },
      },
      { kind: 'claim', id: 'c-1', href: '/v1/claims/c-1' },
    );
    expect(message).toEqual({
      type: 'ClaimApproved',
      timestamp: '2026-06-15T10:00:00.000Z',
      data: {
        eventId: 'e-1',
        subject: { kind: 'claim', id: 'c-1', href: '/v1/claims/c-1' },
        revision: 3,
        position: '12345678901234567',
        correlationId: 'corr-1',
      },
    });
  });
});

describe('the retry schedule', () => {
  it('waits longer after each failure, then gives up', () => {
    const middle = () => 0.5;
    expect(nextRetryDelayMs(1, RETRY_DELAYS_MS, middle)).toBe(10_000);
    expect(nextRetryDelayMs(2, RETRY_DELAYS_MS, middle)).toBe(60_000);
    expect(nextRetryDelayMs(RETRY_DELAYS_MS.length, RETRY_DELAYS_MS, middle)).toBe(8 * 3_600_000);
    expect(nextRetryDelayMs(RETRY_DELAYS_MS.length + 1, RETRY_DELAYS_MS, middle)).toBeNull();
    const total = RETRY_DELAYS_MS.reduce((sum, delay) => sum + delay, 0);
    expect(total / 3_600_000).toBeGreaterThan(24);
  });

  it('spreads each wait by at most 10%', () => {
    expect(nextRetryDelayMs(1, [1000], () => 0)).toBe(900);
    expect(nextRetryDelayMs(1, [1000], () => 0.999999)).toBe(1100);
  });
});

describe('Standard Webhooks signatures', () => {
  const secret = `whsec_${Buffer.from('a secret of 24 bytes!!!!').toString('base64')}`;
  const previous = `whsec_${Buffer.from('the old secret, 24 bytes').toString('base64')}`;
  const delivery = {
    deliveryId: '5b0f5a3e-1111-5222-8333-444455556666',
    subscriptionId: 's-1',
    url: 'https://hooks.example.com/',
    payload: '{"type":"ClaimFiled"}',
    attempts: 1,
  };
  const at = new Date('2026-06-15T10:00:00Z');

  it('signs id.timestamp.body with HMAC-SHA256 of the decoded secret', () => {
    const headers = signed({ ...delivery, secrets: [secret] }, at);
    const expected = createHmac('sha256', Buffer.from(secret.slice(6), 'base64'))
      .update(`${delivery.deliveryId}.${1781517600}.${delivery.payload}`)
      .digest('base64');
    expect(headers).toEqual({
      'content-type': 'application/json',
      'user-agent': 'warranty-platform-webhooks/1',
      'webhook-id': delivery.deliveryId,
      'webhook-timestamp': '1781517600',
      'webhook-signature': `v1,${expected}`,
    });
  });

  it('carries one signature per live secret, each verifying on its own', () => {
    const headers = signed({ ...delivery, secrets: [secret, previous] });
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    for (const key of [secret, previous])
      expect(new Webhook(key).verify(delivery.payload, headers)).toEqual({ type: 'ClaimFiled' });
    const stranger = `whsec_${Buffer.from('not the secret, 24 bytes').toString('base64')}`;
    expect(() => new Webhook(stranger).verify(delivery.payload, headers)).toThrow();
  });
});
