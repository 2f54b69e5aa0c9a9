// NUL, or a UTF-16 surrogate without its partner: PostgreSQL text and jsonb refuse both.
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSAFE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');

export const hasUnsafeText = (text: string): boolean => UNSAFE.test(text);

/** The text with each NUL or unpaired surrogate replaced by U+FFFD. */
export const withoutUnsafeText = (text: string): string => text.replace(UNSAFE_ALL, '\ufffd');
