import { normalizeSerialNumber, productIdFor, productStream } from '../../src/domain/serial-number';

describe('serial numbers', () => {
  it.each([
    [' sn-001 ', 'SN-001'],
    ['ab.c_d-9', 'AB.C_D-9'],
    ['0', '0'],
    ['A'.repeat(64), 'A'.repeat(64)],
  ])('normalizes %j to %j', (raw, normalized) => {
    expect(normalizeSerialNumber(raw)).toBe(normalized);
  });

  it.each(['', '   ', '-SN', '.SN', 'SN 001', 'SN~1', 'SN/1', 'ÄBC', 'A'.repeat(65)])(
    'rejects %j',
    (raw) => {
      expect(normalizeSerialNumber(raw)).toBeNull();
    },
  );

  it('derives the product id and stream', () => {
    expect(productIdFor('acme', 'SN-001')).toBe('acme~SN-001');
    expect(productStream('acme~SN-001')).toBe('product-acme~SN-001');
  });
});

describe('serial numbers fold ASCII case only', () => {
  // Unicode upper-casing would turn each of these into a different, valid ASCII serial.
  it.each(['straße', 'ſn-1', 'ﬀ-1', 'ı-1', 'ǆ-1', 'Ａ1', 'sn-１'])('refuses %j', (raw) => {
    expect(normalizeSerialNumber(raw)).toBeNull();
  });

  it('folds every ASCII letter', () => {
    expect(normalizeSerialNumber('abcdefghijklmnopqrstuvwxyz')).toBe('ABCDEFGHIJKLMNOPQRSTUVWXYZ');
  });
});
