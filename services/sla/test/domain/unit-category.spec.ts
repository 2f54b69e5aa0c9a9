import { categoryOf, productIdsNamedIn } from '../../src/domain/unit-category';

describe('the units an opening event names, for its SLAs’ product category', () => {
  it('reads a repair order’s unit, an exchange’s original unit and an RMA’s registered lines', () => {
    expect(productIdsNamedIn({ productId: 'acme~A' })).toEqual(['acme~A']);
    expect(productIdsNamedIn({ originalProductId: 'acme~B' })).toEqual(['acme~B']);
    expect(
      productIdsNamedIn({
        lines: [{ productId: 'acme~A' }, { productId: null }, { productId: 'acme~A' }],
      }),
    ).toEqual(['acme~A']);
    expect(productIdsNamedIn({ productId: null, lines: 'not a list' })).toEqual([]);
  });

  it('gives one category only when the units agree', () => {
    expect(categoryOf(['dryer', 'dryer'])).toBe('dryer');
    expect(categoryOf(['dryer', 'washing_machine'])).toBeNull();
    expect(categoryOf([])).toBeNull();
  });
});
