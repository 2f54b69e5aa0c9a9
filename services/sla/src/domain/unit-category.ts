/**
 * The registered units an opening event names by product id: a repair order's unit, an RMA's
 * lines, an exchange's original unit. A claim carries its unit's category itself.
 */
export function productIdsNamedIn(data: Record<string, unknown>): string[] {
  const lines = Array.isArray(data.lines) ? (data.lines as Array<Record<string, unknown>>) : [];
  const ids = [data.productId, data.originalProductId, ...lines.map((line) => line?.productId)];
  return [...new Set(ids.filter((id): id is string => typeof id === 'string' && id !== ''))];
}

/** One category for the subject: the units' own when they agree, else none (null). */
export function categoryOf(categories: string[]): string | null {
  const distinct = new Set(categories);
  return distinct.size === 1 ? [...distinct][0] : null;
}
