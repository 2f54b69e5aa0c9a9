import type { Duplex } from 'node:stream';
import { ApiProblem, toProblem } from '../errors';

const REFUSALS: Record<string, [number, string, string, string]> = {
  HPE_HEADER_OVERFLOW: [
    431,
    'request-header-too-large',
    'Request header fields too large',
    'The request line and headers together exceed the size limit.',
  ],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [
    413,
    'payload-too-large',
    'Payload too large',
    'The chunk extensions exceed the size limit.',
  ],
  ERR_HTTP_REQUEST_TIMEOUT: [
    408,
    'request-timeout',
    'Request timeout',
    'The request was not received in time.',
  ],
};
const MALFORMED: [number, string, string, string] = [
  400,
  'malformed-request',
  'Bad request',
  'The request is not valid HTTP.',
];

/** Requests Node refuses before any route runs (too long a URL, bad HTTP) still get problem+json. */
export function clientErrorAsProblem(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, code, title, detail] = REFUSALS[error.code ?? ''] ?? MALFORMED;
  const body = JSON.stringify(toProblem(new ApiProblem(status, code, title, detail)));
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
