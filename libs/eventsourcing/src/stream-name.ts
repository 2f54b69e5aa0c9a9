/** Stream names are `{category}-{id}`; the id may itself contain dashes. */
export function streamName(category: string, ...idParts: string[]): string {
  if (!/^[a-z][a-z0-9]*$/.test(category)) throw new Error(`Invalid stream category: ${category}`);
  if (idParts.length === 0 || idParts.some((p) => p.length === 0))
    throw new Error('A stream id needs a non-empty id');
  return `${category}-${idParts.join('-')}`;
}

export function parseStreamName(stream: string): { category: string; id: string } {
  const dash = stream.indexOf('-');
  if (dash <= 0 || dash === stream.length - 1) throw new Error(`Not a category stream: ${stream}`);
  return { category: stream.slice(0, dash), id: stream.slice(dash + 1) };
}

/** The prefix that selects every stream of a category in a feed filter. */
export const categoryPrefix = (category: string): string => `${category}-`;
